locals {
  # Both fixed by the Java code in lambda-java/converter (see lambda-java/README.md).
  handler = "org.lmshls.converter.ConverterHandler::handleRequest"
  runtime = "java21"
}

resource "aws_cloudwatch_log_group" "this" {
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

  environment {
    variables = {
      DestinationBucket = var.destination_bucket_name
      MediaConvertRole  = var.mediaconvert_role_arn
      Application       = var.application
    }
  }

  tracing_config {
    mode = var.tracing_mode
  }

  # Lambda creates /aws/lambda/<name> itself on the first log line, without
  # retention; once that happened Terraform could no longer create (and own) it.
  depends_on = [aws_cloudwatch_log_group.this]
}

resource "aws_lambda_function_event_invoke_config" "this" {
  function_name                = aws_lambda_function.this.function_name
  maximum_retry_attempts       = var.maximum_retry_attempts
  maximum_event_age_in_seconds = var.maximum_event_age_in_seconds

  destination_config {
    on_failure {
      destination = aws_sqs_queue.failures.arn
    }
  }
}
