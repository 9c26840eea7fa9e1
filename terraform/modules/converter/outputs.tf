output "function_name" {
  description = "Name of the converter Lambda function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "ARN of the converter Lambda function (what the bucket notification invokes)."
  value       = aws_lambda_function.this.arn
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
  description = "The function's environment as deployed: exactly DestinationBucket, MediaConvertRole and Application."
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
