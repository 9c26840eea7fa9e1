# The same pipeline module dev and prod call; only the values differ. Test stacks are
# torn down by the test, so their buckets may be destroyed with objects in them.
locals {
  repository_root = "${path.module}/../../.."
}

module "pipeline" {
  source = "../../modules/pipeline"

  project     = var.project
  environment = var.environment
  # Bucket names derived by the pipeline: <project>-<environment>-input/output-<account id>.
  force_destroy      = true
  converter_jar_path = coalesce(var.converter_jar_path, "${local.repository_root}/lambda-java/converter/target/converter.jar")
  # moto 5.2.1 takes the output bucket's TLS-only Deny as matching every request, so no
  # object can be read or deleted there: against moto the page is applied by
  # terraform/test/fixtures/player-page to a bucket without that policy instead.
  page_files_dir     = var.endpoint_url == null ? coalesce(var.web_dist_path, "${local.repository_root}/web/dist") : null
  video_suffixes     = jsondecode(file("${local.repository_root}/job-templates/video-suffixes.json")).suffixes
  caption_suffixes   = keys(jsondecode(file("${local.repository_root}/job-templates/hls-captions.json")).Formats)
  log_retention_days = 1
  # moto 5.2.1 does not keep a function's SnapStart setting (it reads back None, so every
  # plan would want to add it again); against a real account the test stack has it.
  converter_snap_start = var.endpoint_url == null

  # Both optional paths of the delivery and job-events modules are switched on, so
  # the test sees the key group and the LMS queue.
  signed_access                = var.signed_access
  signed_access_public_key_pem = var.signed_access_public_key_pem
  # The test (and the smoke run) send the cookies themselves, so the distribution's own
  # domain will do; a real deployment needs a domain under the LMS's (delivery module).
  signed_access_without_domain = true
  cors_allowed_origins         = ["https://lms.example.com"]
  lms_queue                    = true
  # A throwaway stack's key must not bill for 30 days after destroy.
  kms_deletion_window_days = 7
  # moto 5.2.1 has no CloudFront cache policy or response headers policy API: against it
  # the behaviours carry the same TTLs as legacy settings and there is no CORS policy.
  # Those policies are covered by terraform test (modules/delivery/tests). Against a
  # real account (endpoint_url = null) the stack is the one dev and prod deploy.
  use_cloudfront_policies = var.endpoint_url == null
}
