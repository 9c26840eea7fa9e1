# The dev root as a whole, offline: terraform.tfvars is loaded as in a real plan,
# the AWS provider is mocked, and each mocked ARN is distinct so the assertions can
# tell which module's value reached which resource.
mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
      arn        = "arn:aws:iam::123456789012:user/terraform"
      user_id    = "AIDAEXAMPLEUSERID0001"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition          = "aws"
      dns_suffix         = "amazonaws.com"
      reverse_dns_prefix = "com.amazonaws"
    }
  }

  mock_data "aws_region" {
    defaults = {
      name        = "us-east-1"
      description = "US East (N. Virginia)"
      endpoint    = "ec2.us-east-1.amazonaws.com"
    }
  }
}

override_resource {
  target = module.pipeline.module.storage.aws_s3_bucket.this["input"]
  values = { arn = "arn:aws:s3:::lms-hls-streaming-dev-input-123456789012" }
}

override_resource {
  target = module.pipeline.module.storage.aws_s3_bucket.this["output"]
  values = {
    arn                         = "arn:aws:s3:::lms-hls-streaming-dev-output-123456789012"
    bucket_regional_domain_name = "lms-hls-streaming-dev-output-123456789012.s3.us-east-1.amazonaws.com"
  }
}

override_resource {
  target = module.pipeline.module.iam.aws_iam_role.lambda
  values = { arn = "arn:aws:iam::123456789012:role/lms-hls-streaming-dev-converter" }
}

override_resource {
  target = module.pipeline.module.iam.aws_iam_role.mediaconvert
  values = { arn = "arn:aws:iam::123456789012:role/lms-hls-streaming-dev-mediaconvert" }
}

override_resource {
  target = module.pipeline.module.converter.aws_cloudwatch_log_group.this
  values = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/lms-hls-streaming-dev-converter" }
}

override_resource {
  target = module.pipeline.module.converter.aws_sqs_queue.failures
  values = {
    arn = "arn:aws:sqs:us-east-1:123456789012:lms-hls-streaming-dev-converter-failures"
    url = "https://sqs.us-east-1.amazonaws.com/123456789012/lms-hls-streaming-dev-converter-failures"
  }
}

override_resource {
  target = module.pipeline.module.converter.aws_lambda_function.this
  values = {
    arn     = "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-dev-converter"
    version = "1"
  }
}

override_resource {
  target = module.pipeline.module.converter.aws_lambda_alias.this
  values = { arn = "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-dev-converter:live" }
}


# CloudFront, SNS and EventBridge ARNs feed validated inputs and policies.
override_resource {
  target = module.pipeline.module.delivery.aws_cloudfront_distribution.this
  values = {
    id          = "E2QWRUHAPOMQZL"
    arn         = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"
    domain_name = "d111111abcdef8.cloudfront.net"
  }
}

override_resource {
  target = module.pipeline.module.job_events.aws_sns_topic.alarms
  values = { arn = "arn:aws:sns:us-east-1:123456789012:lms-hls-streaming-dev-alarms" }
}

override_resource {
  target = module.pipeline.module.job_events.aws_sqs_queue.undelivered
  values = { arn = "arn:aws:sqs:us-east-1:123456789012:lms-hls-streaming-dev-job-events-undelivered" }
}

override_resource {
  target = module.pipeline.module.job_events.aws_sns_topic.jobs
  values = { arn = "arn:aws:sns:us-east-1:123456789012:lms-hls-streaming-dev-jobs" }
}

override_resource {
  target = module.pipeline.module.job_events.aws_cloudwatch_event_rule.this
  values = { arn = "arn:aws:events:us-east-1:123456789012:rule/lms-hls-streaming-dev-job-state" }
}

override_resource {
  target = module.pipeline.module.job_events.aws_kms_key.this
  values = { arn = "arn:aws:kms:us-east-1:123456789012:key/0000aaaa-12ab-34cd-56ef-1234567890ab" }
}

variables {
  # The real jar is built by Maven; these tests only need a file to hash.
  converter_jar_path = "../../modules/converter/tests/fixtures/placeholder.jar"
  # Stands in for web/dist (make web).
  web_dist_path = "../../modules/delivery/tests/page"
}

run "dev_values_reach_the_stack" {
  assert {
    condition     = output.input_bucket_name == "lms-hls-streaming-dev-input-123456789012" && output.output_bucket_name == "lms-hls-streaming-dev-output-123456789012"
    error_message = "dev's bucket names are derived from the environment and the account (no fixed global names)."
  }

  assert {
    condition     = output.input_bucket_arn == "arn:aws:s3:::lms-hls-streaming-dev-input-123456789012" && output.output_bucket_arn == "arn:aws:s3:::lms-hls-streaming-dev-output-123456789012"
    error_message = "The root must output both bucket ARNs."
  }

  assert {
    condition     = output.application == "lms-hls-streaming-dev" && output.function_name == "lms-hls-streaming-dev-converter" && output.log_group_name == "/aws/lambda/lms-hls-streaming-dev-converter"
    error_message = "Names are derived from <project>-<environment>."
  }

  assert {
    condition = (
      output.function_arn == "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-dev-converter"
      && output.lambda_role_arn == "arn:aws:iam::123456789012:role/lms-hls-streaming-dev-converter"
      && output.mediaconvert_role_arn == "arn:aws:iam::123456789012:role/lms-hls-streaming-dev-mediaconvert"
      && output.failure_queue_arn == "arn:aws:sqs:us-east-1:123456789012:lms-hls-streaming-dev-converter-failures"
      && output.failure_queue_url == "https://sqs.us-east-1.amazonaws.com/123456789012/lms-hls-streaming-dev-converter-failures"
    )
    error_message = "The root must output the function ARN, both role ARNs and the failure queue."
  }
}

run "lambda_variables_are_wired_from_the_other_modules" {
  assert {
    condition = module.pipeline.converter_environment == tomap({
      DestinationBucket      = output.output_bucket_name
      MediaConvertRole       = output.mediaconvert_role_arn
      Application            = output.application
      DefaultCaptionLanguage = "en"
    })
    error_message = "DestinationBucket must be the output bucket, MediaConvertRole the MediaConvert role, Application the deployment name, DefaultCaptionLanguage the default_caption_language; nothing else."
  }

  assert {
    condition = module.pipeline.converter_environment == tomap({
      DestinationBucket      = "lms-hls-streaming-dev-output-123456789012"
      MediaConvertRole       = "arn:aws:iam::123456789012:role/lms-hls-streaming-dev-mediaconvert"
      Application            = "lms-hls-streaming-dev"
      DefaultCaptionLanguage = "en"
    })
    error_message = "The converter's variables must carry dev's values."
  }

  assert {
    condition     = module.pipeline.converter_execution_role_arn == output.lambda_role_arn
    error_message = "The function must run with the iam module's Lambda role."
  }
}

run "iam_is_scoped_to_this_stack" {
  assert {
    condition = [for s in jsondecode(module.pipeline.lambda_role_policy_json).Statement : [s.Resource, s.Condition] if s.Action == "iam:PassRole"] == [[
      "arn:aws:iam::123456789012:role/lms-hls-streaming-dev-mediaconvert",
      { StringEquals = { "iam:PassedToService" = "mediaconvert.amazonaws.com" } },
    ]]
    error_message = "The Lambda may pass the MediaConvert role only, and only to MediaConvert."
  }

  assert {
    condition = [for s in jsondecode(module.pipeline.lambda_role_policy_json).Statement : s.Resource if contains(["WriteOwnLogs", "SendFailedInvocations"], s.Sid)] == [
      "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/lms-hls-streaming-dev-converter:*",
      "arn:aws:sqs:us-east-1:123456789012:lms-hls-streaming-dev-converter-failures",
    ]
    error_message = "The Lambda writes its own log group and its own failure queue only."
  }

  assert {
    condition = { for s in jsondecode(module.pipeline.mediaconvert_role_policy_json).Statement : s.Action => s.Resource } == {
      "s3:GetObject" = "arn:aws:s3:::lms-hls-streaming-dev-input-123456789012/*"
      "s3:PutObject" = "arn:aws:s3:::lms-hls-streaming-dev-output-123456789012/assets/*"
    }
    error_message = "MediaConvert reads the dev input bucket and writes the dev output bucket's assets/, nothing else."
  }

  assert {
    condition     = length([for s in jsondecode(module.pipeline.lambda_role_policy_json).Statement : s if s.Sid == "WriteTraces"]) == 0
    error_message = "dev runs without active tracing, so no X-Ray grant."
  }
}

run "uploads_in_the_input_bucket_trigger_the_converter" {
  assert {
    condition     = module.pipeline.notification.bucket_name == output.input_bucket_name && module.pipeline.notification.function_arn == output.alias_arn && output.alias_arn == "${output.function_arn}:live"
    error_message = "The notification must be on the input bucket and invoke the converter's alias (its published SnapStart version)."
  }

  assert {
    condition     = module.pipeline.notification.events == tolist(["s3:ObjectCreated:*"])
    error_message = "Every object creation (put, post, copy, multipart) must be delivered."
  }

  assert {
    condition = sort(module.pipeline.notification.filter_suffixes) == sort(distinct(flatten([
      for s in concat(jsondecode(file("../../../job-templates/video-suffixes.json")).suffixes,
      keys(jsondecode(file("../../../job-templates/hls-captions.json")).Formats)) : [lower(s), upper(s)]
    ])))
    error_message = "The suffix filters must be job-templates/video-suffixes.json's and hls-captions.json's suffixes in lower and upper case."
  }

  assert {
    condition     = contains(output.video_suffixes, ".mp4") && contains(output.video_suffixes, ".MP4")
    error_message = "The suffix list must include .mp4 and .MP4."
  }

  assert {
    condition = module.pipeline.notification.permission == {
      function_name  = "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-dev-converter"
      qualifier      = "live"
      statement_id   = "AllowInvokeFromInputBucket"
      principal      = "s3.amazonaws.com"
      source_arn     = "arn:aws:s3:::lms-hls-streaming-dev-input-123456789012"
      source_account = "123456789012"
    }
    error_message = "Only the dev input bucket in this account may invoke the converter's alias."
  }
}

run "dev_outputs_say_where_to_play_and_listen" {
  assert {
    condition = (
      output.distribution_domain_name == "d111111abcdef8.cloudfront.net"
      && output.playback_url_pattern == "https://d111111abcdef8.cloudfront.net/assets/<assetID>/HLS/<name>.m3u8"
      && output.notifications_topic_arn == "arn:aws:sns:us-east-1:123456789012:lms-hls-streaming-dev-jobs"
      && output.lms_queue_url == null
      && output.signed_access_key_pair_id == null
    )
    error_message = "dev must output the distribution domain, the playback URL pattern and the topic; no queue and no signing key by its tfvars."
  }
}

run "rejects_an_environment_other_than_dev_or_prod" {
  command = plan
  variables {
    environment = "staging"
  }
  expect_failures = [var.environment]
}

run "caption_files_from_the_fragment_invoke_the_converter" {
  assert {
    condition     = sort(module.pipeline.caption_suffixes) == sort([".srt", ".SRT", ".vtt", ".VTT"])
    error_message = "The caption suffixes come from job-templates/hls-captions.json (its Formats), in both cases."
  }
}

run "dev_uploads_the_player_page_and_outputs_its_url" {
  assert {
    condition = (
      output.player_url == "https://d111111abcdef8.cloudfront.net/player/index.html"
      && output.watch_url_pattern == "https://d111111abcdef8.cloudfront.net/player/watch.html?asset=<assetID>"
      && contains(module.pipeline.page_object_keys, "player/watch.html")
      && contains(module.pipeline.page_object_keys, "player/config.json")
    )
    error_message = "dev must upload the page to its output bucket under player/ and output the page's URL on the distribution."
  }
}

run "dev_without_the_player_page" {
  variables {
    player_page   = false
    web_dist_path = "does-not-exist"
  }

  assert {
    condition     = output.player_url == null && length(module.pipeline.page_object_keys) == 0
    error_message = "player_page = false must deploy no page (and not look for web/dist)."
  }
}
