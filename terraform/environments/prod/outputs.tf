# The same file in every environment root.

output "application" {
  description = "Deployment name (<project>-<environment>), the converter's Application variable."
  value       = module.pipeline.application
}

output "input_bucket_name" {
  description = "Upload .mp4 files here."
  value       = module.pipeline.input_bucket_name
}

output "input_bucket_arn" {
  description = "ARN of the input bucket."
  value       = module.pipeline.input_bucket_arn
}

output "output_bucket_name" {
  description = "Assets appear here under assets/<assetID>/."
  value       = module.pipeline.output_bucket_name
}

output "output_bucket_arn" {
  description = "ARN of the output bucket."
  value       = module.pipeline.output_bucket_arn
}

output "function_name" {
  description = "Name of the converter Lambda function."
  value       = module.pipeline.function_name
}

output "function_arn" {
  description = "ARN of the converter Lambda function."
  value       = module.pipeline.function_arn
}

output "alias_arn" {
  description = "ARN of the converter's alias: the published SnapStart version S3 invokes."
  value       = module.pipeline.alias_arn
}

output "published_version" {
  description = "Converter version the alias points at."
  value       = module.pipeline.published_version
}

output "log_group_name" {
  description = "CloudWatch log group of the converter."
  value       = module.pipeline.log_group_name
}

output "lambda_role_arn" {
  description = "ARN of the converter Lambda's execution role."
  value       = module.pipeline.lambda_role_arn
}

output "mediaconvert_role_arn" {
  description = "ARN of the role MediaConvert assumes."
  value       = module.pipeline.mediaconvert_role_arn
}

output "failure_queue_arn" {
  description = "ARN of the queue holding invocations that failed after all retries."
  value       = module.pipeline.failure_queue_arn
}

output "failure_queue_url" {
  description = "URL of the queue holding invocations that failed after all retries."
  value       = module.pipeline.failure_queue_url
}

output "video_suffixes" {
  description = "Suffixes S3 delivers to the converter."
  value       = module.pipeline.video_suffixes
}

output "distribution_domain_name" {
  description = "CloudFront host name of the assets (<id>.cloudfront.net)."
  value       = module.pipeline.distribution_domain_name
}

output "playback_url_pattern" {
  description = "Master playlist URL of an asset: fill in <assetID> and <name>."
  value       = module.pipeline.playback_url_pattern
}

output "player_url" {
  description = "The player page through CloudFront (null when player_page is off); open a lecture with watch_url_pattern."
  value       = module.pipeline.player_url
}

output "watch_url_pattern" {
  description = "Watch page of one lecture: replace <assetID> (assets/<assetID>/ in the output bucket)."
  value       = module.pipeline.watch_url_pattern
}

output "notifications_topic_arn" {
  description = "SNS topic of job notifications, one JSON message per finished job (the LMS queue subscribes here)."
  value       = module.pipeline.notifications_topic_arn
}

output "alarms_topic_arn" {
  description = "SNS topic of the CloudWatch alarms (subscribe operators here; notification_emails are)."
  value       = module.pipeline.alarms_topic_arn
}

output "lms_queue_url" {
  description = "SQS queue of job messages for the LMS backend; null unless lms_queue."
  value       = module.pipeline.lms_queue_url
}

output "signed_access_key_pair_id" {
  description = "CloudFront-Key-Pair-Id for signed cookies; null unless signed_access."
  value       = module.pipeline.signed_access_key_pair_id
}

output "kms_key_policy_statements_json" {
  description = "With kms_key_arn: statements to add to that key's policy (CloudFront OAC, the stack's roles, uploaders); null without it."
  value       = module.pipeline.kms_key_policy_statements_json
}
