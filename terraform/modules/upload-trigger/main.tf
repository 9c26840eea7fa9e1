data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  bucket_arn = "arn:${data.aws_partition.current.partition}:s3:::${var.bucket_name}"

  # S3 compares suffixes case-sensitively while the converter does not; registering
  # both spellings catches "talk.MP4" too. Mixed case ("talk.Mp4") is not delivered.
  filter_suffixes = distinct(flatten([for s in var.suffixes : [lower(s), upper(s)]]))

  # arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]. The permission takes
  # the function and the qualifier apart: Lambda keeps one resource policy per qualifier,
  # and the provider reads a qualified function_name back unqualified (a perpetual diff).
  arn_parts            = split(":", var.function_arn)
  permission_function  = join(":", slice(local.arn_parts, 0, 7))
  permission_qualifier = length(local.arn_parts) > 7 ? local.arn_parts[7] : null
}

resource "aws_lambda_permission" "this" {
  statement_id  = "AllowInvokeFromInputBucket"
  action        = "lambda:InvokeFunction"
  function_name = local.permission_function
  qualifier     = local.permission_qualifier
  principal     = "s3.amazonaws.com"
  source_arn    = local.bucket_arn
  # Bucket ARNs carry no account: without this, a bucket of the same name in another
  # account (after this one is deleted) could invoke the function.
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_s3_bucket_notification" "this" {
  bucket = var.bucket_name

  dynamic "lambda_function" {
    for_each = local.filter_suffixes

    content {
      id                  = "convert-${trimprefix(lambda_function.value, ".")}"
      lambda_function_arn = var.function_arn
      events              = ["s3:ObjectCreated:*"]
      filter_suffix       = lambda_function.value
    }
  }

  # S3 checks that it may invoke every destination when the configuration is saved
  # and rejects it otherwise ("Unable to validate the following destination
  # configurations"); nothing in the arguments tells Terraform to wait for that grant.
  depends_on = [aws_lambda_permission.this]
}
