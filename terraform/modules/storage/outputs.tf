output "input_bucket_name" {
  description = "Name of the input bucket (uploads)."
  value       = aws_s3_bucket.this["input"].bucket
}

output "input_bucket_arn" {
  description = "ARN of the input bucket."
  value       = aws_s3_bucket.this["input"].arn
}

output "output_bucket_name" {
  description = "Name of the output bucket (assets/)."
  value       = aws_s3_bucket.this["output"].bucket
}

output "output_bucket_arn" {
  description = "ARN of the output bucket."
  value       = aws_s3_bucket.this["output"].arn
}

output "kms_key_arn" {
  description = "KMS key used for default encryption of both buckets, or null for SSE-S3."
  value       = var.kms_key_arn
}

output "output_bucket_regional_domain_name" {
  description = "Regional domain name of the output bucket (<bucket>.s3.<region>.amazonaws.com), the CloudFront origin."
  value       = aws_s3_bucket.this["output"].bucket_regional_domain_name
}

output "output_bucket_policy_json" {
  description = "The output bucket's policy as applied (JSON): the TLS-only denies and, with cloudfront_distribution_arn, CloudFront's read."
  value       = aws_s3_bucket_policy.this["output"].policy
}
