# The same pipeline module dev and prod call; only the values differ. Test stacks are
# torn down by the test, so their buckets may be destroyed with objects in them.
locals {
  repository_root = "${path.module}/../../.."
}

module "pipeline" {
  source = "../../modules/pipeline"

  project            = var.project
  environment        = var.environment
  input_bucket_name  = "input-bucket-terraform-lms-hls-streaming-${var.environment}"
  output_bucket_name = "output-bucket-terraform-lms-hls-streaming-${var.environment}"
  force_destroy      = true
  converter_jar_path = coalesce(var.converter_jar_path, "${local.repository_root}/lambda-java/converter/target/converter.jar")
  video_suffixes     = jsondecode(file("${local.repository_root}/job-templates/video-suffixes.json")).suffixes
  caption_suffixes   = keys(jsondecode(file("${local.repository_root}/job-templates/hls-captions.json")).Formats)
  log_retention_days = 1
  # moto 5.2.1 does not keep a function's SnapStart setting (it reads back None, so every
  # plan would want to add it again); against a real account the test stack has it.
  converter_snap_start = var.endpoint_url == null
}
