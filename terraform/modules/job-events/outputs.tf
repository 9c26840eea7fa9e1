output "topic_arn" {
  description = "ARN of the SNS topic with one JSON message per finished job (and nothing else); subscribe to it (email_addresses, lms_queue, or aws sns subscribe)."
  value       = aws_sns_topic.jobs.arn
}

output "alarms_topic_arn" {
  description = "ARN of the SNS topic the CloudWatch alarms notify (email_addresses are subscribed to it too)."
  value       = aws_sns_topic.alarms.arn
}

output "undelivered_queue_url" {
  description = "URL of the queue holding job state events EventBridge could not deliver to the jobs topic."
  value       = aws_sqs_queue.undelivered.url
}

output "key_administrator_arns" {
  description = "Principals the KMS key's policy names as administrators (the deployer and key_administrator_arns)."
  value       = local.key_administrators
}

output "kms_key_arn" {
  description = "ARN of the KMS key encrypting the topic (publishers and subscribers outside this module need a grant on it)."
  value       = aws_kms_key.this.arn
}

output "rule_name" {
  description = "Name of the EventBridge rule on MediaConvert job state changes."
  value       = aws_cloudwatch_event_rule.this.name
}

output "rule_arn" {
  description = "ARN of the EventBridge rule; the topic policy admits it alone among event rules."
  value       = aws_cloudwatch_event_rule.this.arn
}

output "event_pattern" {
  description = "The rule's event pattern (JSON)."
  value       = aws_cloudwatch_event_rule.this.event_pattern
}

output "input_transformer" {
  description = "The target's input transformer: input_paths (map) and input_template (JSON with <placeholders>)."
  value = {
    input_paths    = local.input_paths
    input_template = local.input_template
  }
}

output "lms_queue_url" {
  description = "URL of the SQS queue the LMS backend reads job messages from; null unless lms_queue."
  value       = one(aws_sqs_queue.lms[*].url)
}

output "lms_queue_arn" {
  description = "ARN of the LMS queue; null unless lms_queue."
  value       = one(aws_sqs_queue.lms[*].arn)
}

output "lms_dead_letter_queue_url" {
  description = "URL of the LMS queue's dead-letter queue; null unless lms_queue."
  value       = one(aws_sqs_queue.lms_dead_letter[*].url)
}

output "alarm_names" {
  description = "Names of the CloudWatch alarms that notify the topic."
  value       = sort([for a in aws_cloudwatch_metric_alarm.this : a.alarm_name])
}
