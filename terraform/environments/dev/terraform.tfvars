# dev: a throwaway copy of the stack. Bucket names carry -dev so dev and prod can
# live in one account; S3 names are global, change them if they are taken.
region             = "us-east-1"
environment        = "dev"
input_bucket_name  = "input-bucket-terraform-lms-hls-streaming-dev"
output_bucket_name = "output-bucket-terraform-lms-hls-streaming-dev"
force_destroy      = true

# Narrow to the LMS's origins (e.g. ["https://lms.example.com"]) once they are known.
cors_allowed_origins  = ["*"]
input_expiration_days = 30

lambda_memory_size = 512
lambda_timeout     = 30
log_retention_days = 14
tracing_mode       = "PassThrough"
