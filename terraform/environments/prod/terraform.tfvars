# prod: the names the project documents (no suffix). S3 names are global; change
# them here if they are taken.
region             = "us-east-1"
environment        = "prod"
input_bucket_name  = "input-bucket-terraform-lms-hls-streaming"
output_bucket_name = "output-bucket-terraform-lms-hls-streaming"
force_destroy      = false

# Narrow to the LMS's origins (e.g. ["https://lms.example.com"]) once they are known.
cors_allowed_origins = ["*"]
# Source videos are kept: the assets can be rebuilt from them with a new template.
input_expiration_days = null

lambda_memory_size = 1024
lambda_timeout     = 30
log_retention_days = 90
tracing_mode       = "Active"
