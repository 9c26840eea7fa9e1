# Offline: the AWS provider is mocked. Its schema validators still run, so the
# queue ARN the invoke config points at has the real shape.
mock_provider "aws" {
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:us-east-1:123456789012:lms-hls-streaming-test-converter-failures"
      url = "https://sqs.us-east-1.amazonaws.com/123456789012/lms-hls-streaming-test-converter-failures"
    }
  }

  mock_resource "aws_lambda_function" {
    defaults = {
      arn     = "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-test-converter"
      version = "7"
    }
  }

  mock_resource "aws_lambda_alias" {
    defaults = {
      arn = "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-test-converter:live"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/lms-hls-streaming-test-converter"
    }
  }
}

variables {
  function_name           = "lms-hls-streaming-test-converter"
  jar_path                = "tests/fixtures/placeholder.jar"
  role_arn                = "arn:aws:iam::123456789012:role/lms-hls-streaming-test-converter"
  destination_bucket_name = "output-bucket-terraform-lms-hls-streaming"
  mediaconvert_role_arn   = "arn:aws:iam::123456789012:role/lms-hls-streaming-test-mediaconvert"
  application             = "lms-hls-streaming-test"
}

run "function_runs_the_java_handler_from_the_jar" {
  assert {
    condition     = aws_lambda_function.this.runtime == "java21" && aws_lambda_function.this.handler == "org.lmshls.converter.ConverterHandler::handleRequest"
    error_message = "The function must run ConverterHandler::handleRequest on java21."
  }

  assert {
    condition     = aws_lambda_function.this.filename == "tests/fixtures/placeholder.jar" && aws_lambda_function.this.source_code_hash == filebase64sha256("tests/fixtures/placeholder.jar")
    error_message = "The function must deploy the jar and redeploy when its hash changes."
  }

  assert {
    condition     = aws_lambda_function.this.role == "arn:aws:iam::123456789012:role/lms-hls-streaming-test-converter"
    error_message = "The function must run with the given execution role."
  }

  assert {
    condition     = aws_lambda_function.this.memory_size == 512 && aws_lambda_function.this.timeout == 30
    error_message = "Defaults must be 512 MB and 30 s."
  }

  assert {
    condition     = one(aws_lambda_function.this.tracing_config).mode == "PassThrough" && aws_lambda_function.this.architectures == tolist(["arm64"])
    error_message = "Defaults must be PassThrough tracing on arm64."
  }
}

run "function_gets_exactly_the_three_variables" {
  assert {
    condition = one(aws_lambda_function.this.environment).variables == tomap({
      DestinationBucket      = "output-bucket-terraform-lms-hls-streaming"
      MediaConvertRole       = "arn:aws:iam::123456789012:role/lms-hls-streaming-test-mediaconvert"
      Application            = "lms-hls-streaming-test"
      DefaultCaptionLanguage = "en"
    })
    error_message = "The environment must be exactly DestinationBucket, MediaConvertRole, Application and DefaultCaptionLanguage (en unless set)."
  }
}

run "logs_have_retention_and_failures_a_queue" {
  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/lambda/lms-hls-streaming-test-converter" && aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "The log group must be the function's default one, with 30 days retention by default."
  }

  assert {
    condition     = aws_sqs_queue.failures.name == "lms-hls-streaming-test-converter-failures" && aws_sqs_queue.failures.sqs_managed_sse_enabled == true
    error_message = "Failed invocations must go to an encrypted queue named <function>-failures."
  }

  assert {
    condition = (
      aws_lambda_function_event_invoke_config.this.function_name == "lms-hls-streaming-test-converter"
      && aws_lambda_function_event_invoke_config.this.maximum_retry_attempts == 2
      && aws_lambda_function_event_invoke_config.this.maximum_event_age_in_seconds == 3600
      && one(one(aws_lambda_function_event_invoke_config.this.destination_config).on_failure).destination == aws_sqs_queue.failures.arn
    )
    error_message = "Asynchronous invocations must retry at most twice, then go to the failure queue."
  }

  assert {
    condition     = output.failure_queue_url == "https://sqs.us-east-1.amazonaws.com/123456789012/lms-hls-streaming-test-converter-failures" && output.function_arn == "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-test-converter"
    error_message = "Outputs must expose the function ARN and the failure queue URL."
  }
}

run "sizes_tracing_and_retention_are_configurable" {
  variables {
    memory_size            = 1024
    timeout                = 60
    tracing_mode           = "Active"
    architecture           = "x86_64"
    log_retention_days     = 90
    maximum_retry_attempts = 0
  }

  assert {
    condition     = aws_lambda_function.this.memory_size == 1024 && aws_lambda_function.this.timeout == 60 && aws_lambda_function.this.architectures == tolist(["x86_64"])
    error_message = "Memory, timeout and architecture must follow the variables."
  }

  assert {
    condition     = one(aws_lambda_function.this.tracing_config).mode == "Active" && aws_cloudwatch_log_group.this.retention_in_days == 90 && aws_lambda_function_event_invoke_config.this.maximum_retry_attempts == 0
    error_message = "Tracing, retention and retries must follow the variables."
  }
}

run "rejects_each_invalid_value" {
  # One plan, several variables each invalid on its own: every variable listed must fail its
  # own validation (terraform test names any that does not: "Missing expected failure").
  # One run instead of one per variable: each run starts the AWS provider.
  command = plan
  variables {
    # too little memory
    memory_size = 64
    # a timeout beyond fifteen minutes
    timeout = 901
    # a missing jar
    jar_path = "tests/fixtures/no-such.jar"
    # a function name with spaces
    function_name = "lms hls converter"
    # an unknown architecture
    architecture = "arm32"
    # an unknown tracing mode
    tracing_mode = "On"
    # a retention cloudwatch does not offer
    log_retention_days = 10
    # more than two retries
    maximum_retry_attempts = 3
    # an event age below a minute
    maximum_event_age_in_seconds = 30
    # a queue retention beyond fourteen days
    failure_queue_retention_seconds = 1209601
  }
  expect_failures = [
    var.memory_size,
    var.timeout,
    var.jar_path,
    var.function_name,
    var.architecture,
    var.tracing_mode,
    var.log_retention_days,
    var.maximum_retry_attempts,
    var.maximum_event_age_in_seconds,
    var.failure_queue_retention_seconds,
  ]
}

run "rejects_too_much_memory" {
  command = plan
  variables {
    memory_size = 10241
  }
  expect_failures = [var.memory_size]
}

# SnapStart restores only published versions: the function must publish one on every
# change, the alias must follow it, and the async settings must hang on the alias
# (settings on the unqualified function apply to $LATEST only).
run "snapstart_version_behind_an_alias_with_the_failure_destination" {
  assert {
    condition     = aws_lambda_function.this.publish == true && one(aws_lambda_function.this.snap_start).apply_on == "PublishedVersions"
    error_message = "The function must publish versions with SnapStart on (apply_on = PublishedVersions)."
  }

  assert {
    condition     = aws_lambda_alias.this.name == "live" && aws_lambda_alias.this.function_name == "lms-hls-streaming-test-converter" && aws_lambda_alias.this.function_version == "7"
    error_message = "The alias 'live' must point at the version this apply published."
  }

  assert {
    condition     = aws_lambda_function_event_invoke_config.this.qualifier == "live" && output.failure_destination.qualifier == "live"
    error_message = "The on-failure destination and retries must be configured on the alias, not on $LATEST."
  }

  assert {
    condition     = output.alias_arn == "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-test-converter:live" && output.published_version == "7" && output.snap_start_apply_on == "PublishedVersions"
    error_message = "The module must export the alias ARN, the published version and the SnapStart setting."
  }
}

run "alias_name_that_reads_as_a_version_is_rejected" {
  command = plan

  variables {
    alias_name = "12"
  }

  expect_failures = [var.alias_name]
}

run "default_caption_language_is_passed_to_the_function" {
  variables {
    default_caption_language = "pt-BR"
  }

  assert {
    condition     = one(aws_lambda_function.this.environment).variables["DefaultCaptionLanguage"] == "pt-BR"
    error_message = "The default caption language must reach the converter as DefaultCaptionLanguage."
  }
}

run "a_default_caption_language_that_is_not_a_language_tag_is_refused" {
  command = plan

  variables {
    default_caption_language = "English"
  }

  expect_failures = [var.default_caption_language]
}
