output "filter_suffixes" {
  description = "Suffixes registered with S3 (each configured suffix in lower and upper case)."
  value       = local.filter_suffixes
}

output "events" {
  description = "S3 event types that invoke the function."
  value       = distinct(flatten(aws_s3_bucket_notification.this.lambda_function[*].events))
}

output "bucket_name" {
  description = "Bucket the notification is configured on."
  value       = aws_s3_bucket_notification.this.bucket
}

output "function_arn" {
  description = "Function every notification rule invokes."
  value       = one(distinct(aws_s3_bucket_notification.this.lambda_function[*].lambda_function_arn))
}

output "permission" {
  description = "The Lambda resource policy entry that lets the bucket invoke the function: function_name and qualifier (the alias), statement_id, principal, source_arn, source_account."
  value = {
    function_name  = aws_lambda_permission.this.function_name
    qualifier      = aws_lambda_permission.this.qualifier
    statement_id   = aws_lambda_permission.this.statement_id
    principal      = aws_lambda_permission.this.principal
    source_arn     = aws_lambda_permission.this.source_arn
    source_account = aws_lambda_permission.this.source_account
  }
}
