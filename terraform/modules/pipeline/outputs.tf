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
  value       = tolist([for s in module.upload_trigger.filter_suffixes : s if contains([for v in var.video_suffixes : lower(v)], lower(s))])
}

output "caption_suffixes" {
  description = "Caption file suffixes S3 delivers to the converter (from job-templates/hls-captions.json, lower and upper case)."
  value       = tolist([for s in module.upload_trigger.filter_suffixes : s if contains([for v in var.caption_suffixes : lower(v)], lower(s))])
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
    bucket_name     = module.upload_trigger.bucket_name
    events          = module.upload_trigger.events
    filter_suffixes = module.upload_trigger.filter_suffixes
    function_arn    = module.upload_trigger.function_arn
    permission      = module.upload_trigger.permission
  }
}

# Delivery and notifications: what operators and the LMS need after apply.

output "distribution_id" {
  description = "ID of the CloudFront distribution in front of the output bucket."
  value       = module.delivery.distribution_id
}

output "distribution_arn" {
  description = "ARN of the CloudFront distribution (the output bucket policy's AWS:SourceArn)."
  value       = module.delivery.distribution_arn
}

output "distribution_domain_name" {
  description = "The distribution's own host name (<id>.cloudfront.net)."
  value       = module.delivery.distribution_domain_name
}

output "playback_domain_name" {
  description = "Host name players use: the alias when set, else the distribution's own."
  value       = module.delivery.domain_name
}

output "playback_url_pattern" {
  description = "URL of an asset's master playlist, with <assetID> and <name> to fill in."
  value       = module.delivery.playback_url_pattern
}

output "origin_access_control_id" {
  description = "ID of the origin access control CloudFront signs bucket requests with."
  value       = module.delivery.origin_access_control_id
}

output "signed_access_key_pair_id" {
  description = "CloudFront public key ID to send as CloudFront-Key-Pair-Id in signed cookies; null without signed_access."
  value       = module.delivery.public_key_id
}

output "signed_access_key_group_id" {
  description = "Key group the media behaviours trust; null without signed_access."
  value       = module.delivery.key_group_id
}

output "player_url" {
  description = "The player page on the distribution (its library, index.html); null without page_files_dir."
  value       = module.delivery.page_url
}

output "watch_url_pattern" {
  description = "The watch page for one asset: replace <assetID>; null without page_files_dir."
  value       = module.delivery.watch_url_pattern
}

output "page_object_keys" {
  description = "Keys of the player page's objects in the output bucket."
  value       = module.delivery.page_object_keys
}

output "notifications_topic_arn" {
  description = "SNS topic with one JSON message per finished job (nothing else: alarms go to alarms_topic_arn)."
  value       = module.job_events.topic_arn
}

output "alarms_topic_arn" {
  description = "SNS topic the CloudWatch alarms notify (kept apart from the job messages the LMS reads)."
  value       = module.job_events.alarms_topic_arn
}

output "lms_queue_url" {
  description = "SQS queue of job messages for the LMS backend; null unless lms_queue."
  value       = module.job_events.lms_queue_url
}

output "notifications" {
  description = "The job notification wiring: rule_name, rule_arn, event_pattern, input_transformer, alarm_names, kms_key_arn, lms_dead_letter_queue_url, undelivered_queue_url, alarms_topic_arn, key_administrator_arns."
  value = {
    rule_name                 = module.job_events.rule_name
    rule_arn                  = module.job_events.rule_arn
    event_pattern             = module.job_events.event_pattern
    input_transformer         = module.job_events.input_transformer
    alarm_names               = module.job_events.alarm_names
    kms_key_arn               = module.job_events.kms_key_arn
    lms_dead_letter_queue_url = module.job_events.lms_dead_letter_queue_url
    undelivered_queue_url     = module.job_events.undelivered_queue_url
    alarms_topic_arn          = module.job_events.alarms_topic_arn
    key_administrator_arns    = module.job_events.key_administrator_arns
  }
}

output "kms_key_policy_statements_json" {
  description = "With kms_key_arn: the statements (JSON list) to add to that key's policy: CloudFront (OAC) may decrypt for this distribution only; the converter and MediaConvert roles and the deploying principal, and kms_key_uploader_arns, may use it through S3. null without kms_key_arn."
  value       = var.kms_key_arn == null ? null : "[${join(",", local.kms_key_policy_statements)}]"
}

output "page_content_security_policy" {
  description = "Content-Security-Policy the player page is served with (null without the page)."
  value       = module.delivery.page_content_security_policy
}
