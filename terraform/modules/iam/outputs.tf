output "lambda_role_arn" {
  description = "ARN of the converter Lambda's execution role. Known only once its policy is attached, so the function is never created without permissions."
  value       = aws_iam_role.lambda.arn
  depends_on  = [aws_iam_role_policy.lambda]
}

output "lambda_role_name" {
  description = "Name of the converter Lambda's execution role."
  value       = aws_iam_role.lambda.name
}

output "mediaconvert_role_arn" {
  description = "ARN of the role MediaConvert assumes (the converter's MediaConvertRole). Available once its policy is attached."
  value       = aws_iam_role.mediaconvert.arn
  depends_on  = [aws_iam_role_policy.mediaconvert]
}

output "mediaconvert_role_name" {
  description = "Name of the role MediaConvert assumes."
  value       = aws_iam_role.mediaconvert.name
}

output "lambda_role_policy_json" {
  description = "The Lambda role's inline policy document (JSON), for review and tests."
  value       = aws_iam_role_policy.lambda.policy
}

output "mediaconvert_role_policy_json" {
  description = "The MediaConvert role's inline policy document (JSON), for review and tests."
  value       = aws_iam_role_policy.mediaconvert.policy
}
