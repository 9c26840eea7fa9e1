output "filter_suffixes" {
  description = "Suffixes registered with S3 (each configured suffix in lower and upper case)."
  value       = local.filter_suffixes
}

output "events" {
  description = "S3 event types that invoke the function."
  value       = distinct(flatten(aws_s3_bucket_notification.this.lambda_function[*].events))
}

output "permission_statement_id" {
  description = "Statement id of the Lambda resource policy entry that lets the bucket invoke the function."
  value       = aws_lambda_permission.this.statement_id
}
