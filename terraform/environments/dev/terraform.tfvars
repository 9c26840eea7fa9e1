# dev: a throwaway copy of the stack. Bucket names carry -dev so dev and prod can
# live in one account; S3 names are global, change them if they are taken.
region             = "us-east-1"
environment        = "dev"
input_bucket_name  = "input-bucket-terraform-lms-hls-streaming-dev"
output_bucket_name = "output-bucket-terraform-lms-hls-streaming-dev"
force_destroy      = true

# The LMS's origins: players there may fetch playlists and segments (CloudFront CORS and
# the bucket's own). Replace with your LMS's origin.
cors_allowed_origins  = ["https://lms-dev.example.com"]
input_expiration_days = 30

lambda_memory_size = 512
lambda_timeout     = 30
log_retention_days = 14
tracing_mode       = "PassThrough"

# Delivery and notifications (terraform/modules/delivery, notifications).
price_class         = "PriceClass_100"
signed_access       = false
notification_emails = []
lms_queue           = false
