locals {
  # Both fixed by the Java code in lambda-java/converter (see lambda-java/README.md).
  handler = "org.lmshls.converter.ConverterHandler::handleRequest"
  runtime = "java21"
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:No customer managed key: CloudWatch Logs encrypts at rest with its service key; lines hold bucket names, object keys, job ids and error messages, no credentials
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
}

# S3 invokes the function asynchronously; an event that still fails after the
# retries lands here instead of being dropped.
resource "aws_sqs_queue" "failures" {
  name                      = "${var.function_name}-failures"
  message_retention_seconds = var.failure_queue_retention_seconds
  sqs_managed_sse_enabled   = true
}

resource "aws_lambda_function" "this" {
  # Deliberate (list and reasons in terraform/test/README.md, "Security scan"):
  #checkov:skip=CKV_AWS_116:Failed async events go to the SQS on-failure destination (event invoke config); a DLQ would duplicate it
  #checkov:skip=CKV_AWS_117:No VPC: the function only calls the public MediaConvert API and reaches no private resource
  #checkov:skip=CKV_AWS_115:No reserved concurrency: it would carve from the account pool (10 in new accounts); throttled events are retried
  #checkov:skip=CKV_AWS_272:No code signing config: the jar is uploaded directly, not as a Signer-signed S3 object; only the apply role can change the code
  #checkov:skip=CKV_AWS_173:The three variables are names and an ARN, not secrets; Lambda encrypts them at rest with its own key
  function_name    = var.function_name
  description      = "Submits one MediaConvert job per uploaded video (${var.application})."
  role             = var.role_arn
  handler          = local.handler
  runtime          = local.runtime
  architectures    = [var.architecture]
  filename         = var.jar_path
  source_code_hash = filebase64sha256(var.jar_path)
  memory_size      = var.memory_size
  timeout          = var.timeout

  # SnapStart snapshots a published version after its init, so every change of code or
  # configuration publishes a new version; the alias below is what callers invoke.
  publish = true
  dynamic "snap_start" {
    for_each = var.snap_start ? [1] : []
    content {
      apply_on = "PublishedVersions"
    }
  }

  environment {
    variables = {
      DestinationBucket = var.destination_bucket_name
      MediaConvertRole  = var.mediaconvert_role_arn
      Application       = var.application
      # A caption file without a language tag (intro.vtt) is in this language.
      DefaultCaptionLanguage = var.default_caption_language
    }
  }

  tracing_config {
    mode = var.tracing_mode
  }

  # Lambda creates /aws/lambda/<name> itself on the first log line, without
  # retention; once that happened Terraform could no longer create (and own) it.
  depends_on = [aws_cloudwatch_log_group.this]
}

# $LATEST never runs from a snapshot: S3, the invoke permission and the on-failure
# destination all point at this alias, which follows the newest published version.
resource "aws_lambda_alias" "this" {
  name             = var.alias_name
  description      = "Newest published version of the converter (SnapStart snapshots apply to published versions only)."
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}

resource "aws_lambda_function_event_invoke_config" "this" {
  function_name                = aws_lambda_function.this.function_name
  qualifier                    = aws_lambda_alias.this.name
  maximum_retry_attempts       = var.maximum_retry_attempts
  maximum_event_age_in_seconds = var.maximum_event_age_in_seconds

  destination_config {
    on_failure {
      destination = aws_sqs_queue.failures.arn
    }
  }
}
