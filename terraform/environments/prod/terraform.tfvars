# prod. Bucket names are derived (lms-hls-streaming-prod-input-<account id>, ...-output-...),
# unique per account, so any team or fork can deploy. The source system's names are an
# explicit setting for an account that owns them (scripts/tf-ci-roles.sh regenerates the
# CI role policies after a change here):
#   input_bucket_name  = "input-bucket-terraform-lms-hls-streaming"
#   output_bucket_name = "output-bucket-terraform-lms-hls-streaming"
region        = "us-east-1"
environment   = "prod"
force_destroy = false

# The LMS's origins: players there may fetch playlists and segments (CloudFront CORS and
# the bucket's own). Replace with your LMS's origin.
cors_allowed_origins = ["https://lms.example.com"]
# Source videos are kept: the assets can be rebuilt from them with a new template.
input_expiration_days = null

lambda_memory_size = 1024
lambda_timeout     = 30
log_retention_days = 90
tracing_mode       = "Active"

# Delivery and notifications (terraform/modules/delivery, notifications). Switching on
# signed_access also needs signed_access_public_key_pem (README, "Signed access").
price_class         = "PriceClass_100"
signed_access       = false
notification_emails = []
lms_queue           = true
