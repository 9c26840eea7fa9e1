output "function_name" {
  description = "Name of the converter Lambda function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "Unqualified ARN of the converter Lambda function (invoking it runs $LATEST, without SnapStart)."
  value       = aws_lambda_function.this.arn
}

output "alias_arn" {
  description = "ARN of the alias (function ARN plus :<alias_name>): what the bucket notification and the invoke permission use."
  value       = aws_lambda_alias.this.arn
}

output "alias_name" {
  description = "Name of the alias that callers invoke."
  value       = aws_lambda_alias.this.name
}

output "published_version" {
  description = "The version the alias points at, published from this configuration with SnapStart."
  value       = aws_lambda_alias.this.function_version
}

output "snap_start_apply_on" {
  description = "The function's SnapStart setting as deployed: PublishedVersions, or None when snap_start is false."
  value       = try(one(aws_lambda_function.this.snap_start).apply_on, "None")
}

output "failure_destination" {
  description = "The alias's asynchronous invocation settings: qualifier, on-failure destination ARN and retries."
  value = {
    qualifier              = aws_lambda_function_event_invoke_config.this.qualifier
    on_failure_destination = one(one(aws_lambda_function_event_invoke_config.this.destination_config).on_failure).destination
    maximum_retry_attempts = aws_lambda_function_event_invoke_config.this.maximum_retry_attempts
  }
}

output "log_group_name" {
  description = "Name of the function's CloudWatch log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "log_group_arn" {
  description = "ARN of the function's CloudWatch log group (without the :* suffix)."
  value       = aws_cloudwatch_log_group.this.arn
}

output "failure_queue_arn" {
  description = "ARN of the SQS queue that receives invocations which failed after all retries."
  value       = aws_sqs_queue.failures.arn
}

output "failure_queue_url" {
  description = "URL of the failure queue (for aws sqs receive-message)."
  value       = aws_sqs_queue.failures.url
}

output "environment_variables" {
  description = "The function's environment as deployed: exactly DestinationBucket, MediaConvertRole, Application and DefaultCaptionLanguage."
  value       = one(aws_lambda_function.this.environment).variables
}

output "execution_role_arn" {
  description = "ARN of the role the function runs with, as deployed."
  value       = aws_lambda_function.this.role
}

output "failure_queue_name" {
  description = "Name of the failure queue (the QueueName dimension of its CloudWatch metrics)."
  value       = aws_sqs_queue.failures.name
}
