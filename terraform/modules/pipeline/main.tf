# The whole stack in one place, so every root (dev, prod, an emulator) differs only
# in the values it passes, its backend and its provider settings.

# It reads nothing outside its folder: the jar and the suffix list come in as inputs, so
# the module works from any root (or a registry) and the roots own the repository layout.

locals {
  name = "${var.project}-${var.environment}"
}

module "storage" {
  source = "../storage"

  input_bucket_name     = var.input_bucket_name
  output_bucket_name    = var.output_bucket_name
  force_destroy         = var.force_destroy
  kms_key_arn           = var.kms_key_arn
  cors_allowed_origins  = var.cors_allowed_origins
  input_expiration_days = var.input_expiration_days
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

module "notification" {
  source = "../notification"

  bucket_name = module.storage.input_bucket_name
  # The alias, not the function: only published versions run from the SnapStart snapshot.
  function_arn = module.converter.alias_arn
  suffixes     = concat(var.video_suffixes, var.caption_suffixes)
}
