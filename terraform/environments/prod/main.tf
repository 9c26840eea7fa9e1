# The same file in every environment root: all resources live in the pipeline module.

# The roots know the repository's layout; the modules only receive values.
locals {
  repository_root    = "${path.module}/../../.."
  video_suffixes     = jsondecode(file("${local.repository_root}/job-templates/video-suffixes.json")).suffixes
  caption_suffixes   = keys(jsondecode(file("${local.repository_root}/job-templates/hls-captions.json")).Formats)
  converter_jar_path = coalesce(var.converter_jar_path, "${local.repository_root}/lambda-java/converter/target/converter.jar")
  # make plan/apply build it (make web); the delivery module refuses a folder without the pages.
  web_dist_path = var.player_page ? coalesce(var.web_dist_path, "${local.repository_root}/web/dist") : null
}

module "pipeline" {
  source = "../../modules/pipeline"

  project               = var.project
  environment           = var.environment
  input_bucket_name     = var.input_bucket_name
  output_bucket_name    = var.output_bucket_name
  force_destroy         = var.force_destroy
  kms_key_arn           = var.kms_key_arn
  kms_key_uploader_arns = var.kms_key_uploader_arns
  cors_allowed_origins  = var.cors_allowed_origins
  input_expiration_days = var.input_expiration_days
  converter_jar_path    = local.converter_jar_path
  page_files_dir        = local.web_dist_path
  video_suffixes        = local.video_suffixes
  caption_suffixes      = local.caption_suffixes
  # The language of a caption file without a tag (intro.vtt).
  default_caption_language = var.default_caption_language
  lambda_memory_size       = var.lambda_memory_size
  lambda_timeout           = var.lambda_timeout
  log_retention_days       = var.log_retention_days
  tracing_mode             = var.tracing_mode

  price_class                           = var.price_class
  playlist_ttl_seconds                  = var.playlist_ttl_seconds
  playback_domain_name                  = var.playback_domain_name
  acm_certificate_arn                   = var.acm_certificate_arn
  cloudfront_logging_bucket_domain_name = var.cloudfront_logging_bucket_domain_name
  signed_access                         = var.signed_access
  signed_access_public_key_pem          = var.signed_access_public_key_pem
  notification_emails                   = var.notification_emails
  lms_queue                             = var.lms_queue
  mediaconvert_queues                   = var.mediaconvert_queues
}
