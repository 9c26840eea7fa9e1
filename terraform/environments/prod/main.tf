# The same file in every environment root: all resources live in the pipeline module.
module "pipeline" {
  source = "../../modules/pipeline"

  project               = var.project
  environment           = var.environment
  input_bucket_name     = var.input_bucket_name
  output_bucket_name    = var.output_bucket_name
  force_destroy         = var.force_destroy
  kms_key_arn           = var.kms_key_arn
  cors_allowed_origins  = var.cors_allowed_origins
  input_expiration_days = var.input_expiration_days
  converter_jar_path    = var.converter_jar_path
  lambda_memory_size    = var.lambda_memory_size
  lambda_timeout        = var.lambda_timeout
  log_retention_days    = var.log_retention_days
  tracing_mode          = var.tracing_mode
}
