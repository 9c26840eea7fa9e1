# The whole stack in one place, so every root (dev, prod, an emulator) differs only
# in the values it passes, its backend and its provider settings.

# It reads nothing outside its folder: the jar and the suffix list come in as inputs, so
# the module works from any root (or a registry) and the roots own the repository layout.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  name = "${var.project}-${var.environment}"
  # S3 names are global: unless a root names them, the buckets carry the account id, so a
  # second team, a fork or a fresh account never meets BucketAlreadyExists. At most
  # 30 + 1 + 10 + 8 + 12 = 61 characters.
  input_bucket_name  = coalesce(var.input_bucket_name, "${local.name}-input-${data.aws_caller_identity.current.account_id}")
  output_bucket_name = coalesce(var.output_bucket_name, "${local.name}-output-${data.aws_caller_identity.current.account_id}")
}

module "storage" {
  source = "../storage"

  input_bucket_name     = local.input_bucket_name
  output_bucket_name    = local.output_bucket_name
  force_destroy         = var.force_destroy
  kms_key_arn           = var.kms_key_arn
  cors_allowed_origins  = var.cors_allowed_origins
  input_expiration_days = var.input_expiration_days
  # The only grant in a bucket policy: this distribution reads the output bucket.
  cloudfront_distribution_arn = module.delivery.distribution_arn
}

module "iam" {
  source = "../iam"

  name              = local.name
  input_bucket_arn  = module.storage.input_bucket_arn
  output_bucket_arn = module.storage.output_bucket_arn
  kms_key_arn       = var.kms_key_arn
  log_group_arn     = module.converter.log_group_arn
  failure_queue_arn = module.converter.failure_queue_arn
  xray_tracing      = var.tracing_mode == "Active"
}

module "converter" {
  source = "../converter"

  function_name           = "${local.name}-converter"
  jar_path                = var.converter_jar_path
  role_arn                = module.iam.lambda_role_arn
  destination_bucket_name = module.storage.output_bucket_name
  mediaconvert_role_arn   = module.iam.mediaconvert_role_arn
  application             = local.name
  memory_size             = var.lambda_memory_size
  timeout                 = var.lambda_timeout
  log_retention_days      = var.log_retention_days
  tracing_mode            = var.tracing_mode
  snap_start              = var.converter_snap_start

  default_caption_language = var.default_caption_language
}

# Renamed from module.notification: what it is, the trigger of the converter on uploads.
moved {
  from = module.notification
  to   = module.upload_trigger
}

module "upload_trigger" {
  source = "../upload-trigger"

  bucket_name = module.storage.input_bucket_name
  # The alias, not the function: only published versions run from the SnapStart snapshot.
  function_arn = module.converter.alias_arn
  suffixes     = concat(var.video_suffixes, var.caption_suffixes)
}

module "delivery" {
  source = "../delivery"

  name                         = local.name
  bucket_name                  = module.storage.output_bucket_name
  bucket_regional_domain_name  = module.storage.output_bucket_regional_domain_name
  price_class                  = var.price_class
  cors_allowed_origins         = var.cors_allowed_origins
  playlist_ttl_seconds         = var.playlist_ttl_seconds
  domain_name                  = var.playback_domain_name
  acm_certificate_arn          = var.acm_certificate_arn
  logging_bucket_domain_name   = var.cloudfront_logging_bucket_domain_name
  signed_access                = var.signed_access
  signed_access_public_key_pem = var.signed_access_public_key_pem
  signed_access_without_domain = var.signed_access_without_domain
  use_cloudfront_policies      = var.use_cloudfront_policies
  page_files_dir               = var.page_files_dir
  page_prefix                  = var.page_prefix
}

# Renamed from module.notifications: job state events, their topic and queue, the alarms.
moved {
  from = module.notifications
  to   = module.job_events
}

module "job_events" {
  source = "../job-events"

  name                    = local.name
  application             = local.name
  playback_domain_name    = module.delivery.domain_name
  converter_function_name = module.converter.function_name
  failure_queue_name      = module.converter.failure_queue_name
  mediaconvert_queues     = var.mediaconvert_queues
  email_addresses         = var.notification_emails
  lms_queue               = var.lms_queue
  # The key policy names whoever applies (the CI apply role), so the first apply does not
  # wait for IAM to see the key's Environment tag.
  deployer_arn             = data.aws_caller_identity.current.arn
  key_administrator_arns   = var.kms_key_administrator_arns
  kms_deletion_window_days = var.kms_deletion_window_days
}

# kms_key_arn names a key this stack does not own, so its key policy cannot be written
# here. These are the statements it needs for the stack to work (output
# kms_key_policy_statements_json; terraform/README.md, "SSE-KMS"): without the first
# every segment answers 403 through CloudFront (OAC signs for the distribution, which
# needs kms:Decrypt in the key policy itself: a service principal has no IAM policy).
locals {
  deployer_role_arn = replace(data.aws_caller_identity.current.arn, "/^arn:([^:]+):sts::([0-9]{12}):assumed-role\\/([^/]+)\\/.+$/", "arn:$1:iam::$2:role/$3")
  via_s3            = { StringEquals = { "kms:ViaService" = "s3.${data.aws_region.current.name}.amazonaws.com" } }
  # Statements of different shapes: each is encoded on its own, then joined into a list.
  kms_key_policy_statements = [for st in concat(
    [
      jsonencode({
        Sid       = "CloudFrontReadsMediaForThisDistribution"
        Effect    = "Allow"
        Principal = { Service = "cloudfront.amazonaws.com" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { StringEquals = { "AWS:SourceArn" = module.delivery.distribution_arn } }
      }),
      # The converter (title, Probe, lecture.json), MediaConvert (media in and out) and
      # the principal that applies (the player page's objects), all through S3.
      jsonencode({
        Sid       = "StackUsesTheKeyThroughS3"
        Effect    = "Allow"
        Principal = { AWS = distinct([module.iam.lambda_role_arn, module.iam.mediaconvert_role_arn, local.deployer_role_arn]) }
        Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
        Condition = local.via_s3
      }),
    ],
    # Uploads: PutObject needs GenerateDataKey, a multipart upload Decrypt as well.
    length(var.kms_key_uploader_arns) == 0 ? [] : [jsonencode({
      Sid       = "UploadersEncryptThroughS3"
      Effect    = "Allow"
      Principal = { AWS = var.kms_key_uploader_arns }
      Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
      Resource  = "*"
      Condition = local.via_s3
    })],
  ) : st]
}
