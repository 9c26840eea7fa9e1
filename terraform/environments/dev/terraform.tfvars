# dev: a throwaway copy of the stack. Bucket names are derived
# (lms-hls-streaming-dev-input-<account id>, ...-output-...): unique per account, and dev
# and prod fit in one. input_bucket_name/output_bucket_name set them explicitly (then run
# scripts/tf-ci-roles.sh so the CI role policies follow).
region        = "us-east-1"
environment   = "dev"
force_destroy = true

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
