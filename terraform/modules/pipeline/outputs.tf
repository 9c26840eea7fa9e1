output "application" {
  description = "Deployment name <project>-<environment>: the converter's Application variable and the prefix of function and role names."
  value       = local.name
}

output "input_bucket_name" {
  description = "Name of the input bucket (upload .mp4 files here)."
  value       = module.storage.input_bucket_name
}

output "input_bucket_arn" {
  description = "ARN of the input bucket."
  value       = module.storage.input_bucket_arn
}

output "output_bucket_name" {
  description = "Name of the output bucket (assets/<assetID>/HLS, MP4, Thumbnails)."
  value       = module.storage.output_bucket_name
}

output "output_bucket_arn" {
  description = "ARN of the output bucket."
  value       = module.storage.output_bucket_arn
}

output "function_name" {
  description = "Name of the converter Lambda function."
  value       = module.converter.function_name
}

output "function_arn" {
  description = "ARN of the converter Lambda function."
  value       = module.converter.function_arn
}

output "alias_arn" {
  description = "ARN of the converter's alias (the SnapStart version S3 invokes)."
  value       = module.converter.alias_arn
}

output "published_version" {
  description = "Converter version the alias points at."
  value       = module.converter.published_version
}

output "snap_start_apply_on" {
  description = "The converter's SnapStart setting (PublishedVersions)."
  value       = module.converter.snap_start_apply_on
}

output "failure_destination" {
  description = "The converter alias's asynchronous invocation settings: qualifier, on-failure destination, retries."
  value       = module.converter.failure_destination
}

output "log_group_name" {
  description = "CloudWatch log group of the converter."
  value       = module.converter.log_group_name
}

output "lambda_role_arn" {
  description = "ARN of the converter Lambda's execution role."
  value       = module.iam.lambda_role_arn
}

output "mediaconvert_role_arn" {
  description = "ARN of the role MediaConvert assumes for the jobs."
  value       = module.iam.mediaconvert_role_arn
}

output "failure_queue_arn" {
  description = "ARN of the queue holding invocations that failed after all retries."
  value       = module.converter.failure_queue_arn
}

output "failure_queue_url" {
  description = "URL of the queue holding invocations that failed after all retries."
  value       = module.converter.failure_queue_url
}

output "video_suffixes" {
  description = "Video suffixes S3 delivers to the converter (from job-templates/video-suffixes.json, lower and upper case)."
  value       = tolist([for s in module.notification.filter_suffixes : s if contains([for v in var.video_suffixes : lower(v)], lower(s))])
}

output "caption_suffixes" {
  description = "Caption file suffixes S3 delivers to the converter (from job-templates/hls-captions.json, lower and upper case)."
  value       = tolist([for s in module.notification.filter_suffixes : s if contains([for v in var.caption_suffixes : lower(v)], lower(s))])
}

# What the stack wires together, as deployed; the environment roots' tests and the
# terratest suite compare these with the AWS API.

output "converter_environment" {
  description = "The converter's environment variables (DestinationBucket, MediaConvertRole, Application, DefaultCaptionLanguage)."
  value       = module.converter.environment_variables
}

output "converter_execution_role_arn" {
  description = "Role the converter function runs with."
  value       = module.converter.execution_role_arn
}

output "lambda_role_policy_json" {
  description = "Inline policy of the converter's execution role (JSON)."
  value       = module.iam.lambda_role_policy_json
}

output "mediaconvert_role_policy_json" {
  description = "Inline policy of the MediaConvert role (JSON)."
  value       = module.iam.mediaconvert_role_policy_json
}

output "notification" {
  description = "The input bucket's notification: bucket_name, events, filter_suffixes, function_arn and the invoke permission."
  value = {
    bucket_name     = module.notification.bucket_name
    events          = module.notification.events
    filter_suffixes = module.notification.filter_suffixes
    function_arn    = module.notification.function_arn
    permission      = module.notification.permission
  }
}
