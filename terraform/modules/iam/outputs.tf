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
