# The composition on its own, offline, with the storage defaults: mocked AWS provider,
# each mocked ARN distinct so the assertions can tell the modules' values apart.
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
  target = module.storage.aws_s3_bucket.this["input"]
  values = { arn = "arn:aws:s3:::lms-hls-streaming-test-input-123456789012" }
}

override_resource {
  target = module.storage.aws_s3_bucket.this["output"]
  values = {
    arn                         = "arn:aws:s3:::lms-hls-streaming-test-output-123456789012"
    bucket_regional_domain_name = "lms-hls-streaming-test-output-123456789012.s3.us-east-1.amazonaws.com"
  }
}

override_resource {
  target = module.iam.aws_iam_role.lambda
  values = { arn = "arn:aws:iam::123456789012:role/lms-hls-streaming-test-converter" }
}

override_resource {
  target = module.iam.aws_iam_role.mediaconvert
  values = { arn = "arn:aws:iam::123456789012:role/lms-hls-streaming-test-mediaconvert" }
}

override_resource {
  target = module.converter.aws_cloudwatch_log_group.this
  values = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/lms-hls-streaming-test-converter" }
}

override_resource {
  target = module.converter.aws_sqs_queue.failures
  values = {
    arn = "arn:aws:sqs:us-east-1:123456789012:lms-hls-streaming-test-converter-failures"
    url = "https://sqs.us-east-1.amazonaws.com/123456789012/lms-hls-streaming-test-converter-failures"
  }
}

override_resource {
  target = module.converter.aws_lambda_function.this
  values = {
    arn     = "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-test-converter"
    version = "3"
  }
}

override_resource {
  target = module.converter.aws_lambda_alias.this
  values = { arn = "arn:aws:lambda:us-east-1:123456789012:function:lms-hls-streaming-test-converter:live" }
}


# CloudFront, SNS and EventBridge ARNs feed validated inputs and policies.
override_resource {
  target = module.delivery.aws_cloudfront_distribution.this
  values = {
    id          = "E2QWRUHAPOMQZL"
    arn         = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"
    domain_name = "d111111abcdef8.cloudfront.net"
  }
}

override_resource {
  target = module.job_events.aws_sns_topic.alarms
  values = { arn = "arn:aws:sns:us-east-1:123456789012:lms-hls-streaming-test-alarms" }
}

override_resource {
  target = module.job_events.aws_sqs_queue.undelivered
  values = { arn = "arn:aws:sqs:us-east-1:123456789012:lms-hls-streaming-test-job-events-undelivered" }
}

override_resource {
  target = module.job_events.aws_sns_topic.jobs
  values = { arn = "arn:aws:sns:us-east-1:123456789012:lms-hls-streaming-test-jobs" }
}

override_resource {
  target = module.job_events.aws_cloudwatch_event_rule.this
  values = { arn = "arn:aws:events:us-east-1:123456789012:rule/lms-hls-streaming-test-job-state" }
}

override_resource {
  target = module.job_events.aws_kms_key.this
  values = { arn = "arn:aws:kms:us-east-1:123456789012:key/0000aaaa-12ab-34cd-56ef-1234567890ab" }
}

variables {
  environment        = "test"
  converter_jar_path = "../converter/tests/fixtures/placeholder.jar"
  video_suffixes     = [".mp4"]
}

run "default_bucket_names_and_derived_names" {
  assert {
    condition     = output.input_bucket_name == "lms-hls-streaming-test-input-123456789012" && output.output_bucket_name == "lms-hls-streaming-test-output-123456789012"
    error_message = "Without names the buckets are <project>-<environment>-input/output-<account id>: unique per account, so no other team collides."
  }

  assert {
    condition     = output.application == "lms-hls-streaming-test" && output.function_name == "lms-hls-streaming-test-converter"
    error_message = "The deployment name is <project>-<environment>."
  }

  assert {
    condition = output.converter_environment == tomap({
      DestinationBucket      = "lms-hls-streaming-test-output-123456789012"
      MediaConvertRole       = "arn:aws:iam::123456789012:role/lms-hls-streaming-test-mediaconvert"
      Application            = "lms-hls-streaming-test"
      DefaultCaptionLanguage = "en"
    })
    error_message = "The converter's variables come from storage, iam, the deployment name and the default caption language."
  }

  assert {
    condition     = output.converter_execution_role_arn == output.lambda_role_arn && output.notification.bucket_name == output.input_bucket_name
    error_message = "Function role and notification bucket are wired from the other modules."
  }

  # S3 must invoke the alias (the SnapStart version); $LATEST never restores a snapshot.
  assert {
    condition     = output.notification.function_arn == output.alias_arn && output.notification.function_arn == "${output.function_arn}:live" && output.published_version == "3" && output.snap_start_apply_on == "PublishedVersions"
    error_message = "The bucket notification must invoke the converter's alias, which points at the published version."
  }

  assert {
    condition     = output.notification.permission.function_name == output.function_arn && output.notification.permission.qualifier == "live"
    error_message = "The invoke permission must be granted on the alias the notification invokes."
  }

  assert {
    condition     = output.failure_destination.qualifier == "live" && output.failure_destination.on_failure_destination == output.failure_queue_arn
    error_message = "The on-failure destination must be configured on the alias and point at the failure queue."
  }

  assert {
    condition     = output.video_suffixes == tolist([".mp4", ".MP4"])
    error_message = "The suffixes are the video_suffixes input, in both cases."
  }

  assert {
    condition     = length([for s in jsondecode(output.mediaconvert_role_policy_json).Statement : s if startswith(s.Sid, "UseBucketKey")]) == 0
    error_message = "Without a KMS key MediaConvert gets no KMS permissions."
  }
}

run "kms_key_and_active_tracing_reach_iam" {
  variables {
    kms_key_arn  = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    tracing_mode = "Active"
  }

  assert {
    condition     = [for s in jsondecode(output.mediaconvert_role_policy_json).Statement : s.Resource if s.Sid == "UseBucketKeyThroughS3"] == ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
    error_message = "With a KMS key MediaConvert may use that key."
  }

  assert {
    condition     = length([for s in jsondecode(output.lambda_role_policy_json).Statement : s if s.Sid == "WriteTraces"]) == 1
    error_message = "Active tracing grants the X-Ray write actions."
  }
}

run "cloudfront_and_notifications_are_wired_to_the_stack" {
  assert {
    condition = anytrue([for st in jsondecode(module.storage.output_bucket_policy_json).Statement :
      try(st.Effect == "Allow" && st.Principal.Service == "cloudfront.amazonaws.com" && st.Action == "s3:GetObject"
        && st.Resource == "arn:aws:s3:::lms-hls-streaming-test-output-123456789012/*"
      && st.Condition.StringEquals["AWS:SourceArn"] == "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL", false)
    ])
    error_message = "The output bucket policy must admit CloudFront for the stack's own distribution."
  }

  assert {
    condition     = output.playback_url_pattern == "https://d111111abcdef8.cloudfront.net/assets/<assetID>/HLS/<name>.m3u8" && output.distribution_arn == "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"
    error_message = "The playback URL pattern must be on the distribution's domain."
  }

  assert {
    condition = (
      jsondecode(replace(output.notifications.input_transformer.input_template, "<detail>", "{}")).playbackUrl == "https://d111111abcdef8.cloudfront.net/<masterKey>"
      && jsondecode(output.notifications.event_pattern).detail.userMetadata.application == ["lms-hls-streaming-test"]
    )
    error_message = "Notifications must filter on the converter's Application value and link to the distribution's domain."
  }

  assert {
    condition = (
      tolist(module.job_events.alarm_names) == tolist(["lms-hls-streaming-test-converter-errors", "lms-hls-streaming-test-converter-throttles", "lms-hls-streaming-test-failure-queue", "lms-hls-streaming-test-job-events-undelivered", "lms-hls-streaming-test-job-events-undelivered-queue", "lms-hls-streaming-test-mediaconvert-errors-Default"])
      && output.notifications_topic_arn == "arn:aws:sns:us-east-1:123456789012:lms-hls-streaming-test-jobs"
      && output.lms_queue_url == null && output.signed_access_key_pair_id == null
    )
    error_message = "Alarms, topic and (off by default) queue and key must be wired and exposed."
  }
}

run "rejects_each_invalid_value" {
  # One plan, several variables each invalid on its own: every variable listed must fail its
  # own validation (terraform test names any that does not: "Missing expected failure").
  # One run instead of one per variable: each run starts the AWS provider.
  command = plan
  variables {
    # an uppercase environment
    environment = "Prod"
    # a project name with underscores
    project = "lms_hls"
  }
  expect_failures = [
    var.environment,
    var.project,
  ]
}

run "rejects_an_environment_with_a_hyphen" {
  command = plan
  variables {
    environment = "dev-1"
  }
  expect_failures = [var.environment]
}

run "reads_nothing_outside_its_folder" {
  command = plan

  variables {
    video_suffixes = [".mov"]
  }

  assert {
    condition     = output.video_suffixes == tolist([".mov", ".MOV"])
    error_message = "The suffixes must come from the video_suffixes input, not from a file in the repository."
  }
}

run "caption_uploads_also_invoke_the_converter_which_may_list_the_input_bucket" {
  variables {
    caption_suffixes         = [".srt", ".vtt"]
    default_caption_language = "de"
  }

  assert {
    condition     = sort(module.upload_trigger.filter_suffixes) == sort([".mp4", ".MP4", ".srt", ".SRT", ".vtt", ".VTT"])
    error_message = "A caption file (.vtt/.srt, either case) uploaded after its video must invoke the converter too."
  }

  assert {
    condition     = output.video_suffixes == tolist([".mp4", ".MP4"]) && sort(output.caption_suffixes) == sort([".srt", ".SRT", ".vtt", ".VTT"])
    error_message = "The outputs tell the video suffixes from the caption suffixes."
  }

  assert {
    condition     = output.converter_environment["DefaultCaptionLanguage"] == "de"
    error_message = "The default caption language must reach the converter."
  }

  assert {
    condition = [for s in jsondecode(output.lambda_role_policy_json).Statement : s if s.Sid == "FindCaptionFiles"] == [{
      Sid       = "FindCaptionFiles"
      Effect    = "Allow"
      Action    = "s3:ListBucket"
      Resource  = output.input_bucket_arn
      Condition = { StringLike = { "s3:prefix" = "?*" } }
    }]
    error_message = "The converter may list the input bucket (with a prefix) to find caption files, nothing broader."
  }
}

run "the_notifications_key_names_the_deployer_and_throwaway_stacks_keep_it_a_week" {
  variables {
    kms_deletion_window_days = 7
  }

  assert {
    condition     = output.notifications.key_administrator_arns == tolist([data.aws_caller_identity.current.arn]) && module.job_events.kms_key_arn != null
    error_message = "The pipeline must pass the principal running Terraform to the key policy."
  }

  assert {
    condition     = output.alarms_topic_arn != output.notifications_topic_arn
    error_message = "Alarms must go to their own topic, not the one the LMS queue reads."
  }
}

run "an_sse_kms_key_comes_with_the_key_policy_statements_it_needs" {
  variables {
    kms_key_arn           = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    kms_key_uploader_arns = ["arn:aws:iam::123456789012:role/lms-backend"]
  }

  assert {
    condition = anytrue([for s in jsondecode(output.kms_key_policy_statements_json) :
      try(s.Principal.Service == "cloudfront.amazonaws.com" && s.Action == "kms:Decrypt"
      && s.Condition.StringEquals["AWS:SourceArn"] == "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL", false)
    ])
    error_message = "CloudFront's origin access control must be able to decrypt SSE-KMS media, for this distribution only."
  }

  assert {
    condition = anytrue([for s in jsondecode(output.kms_key_policy_statements_json) :
      try(toset(s.Principal.AWS) == toset([output.lambda_role_arn, output.mediaconvert_role_arn, "arn:aws:iam::123456789012:user/terraform"])
        && toset(s.Action) == toset(["kms:GenerateDataKey", "kms:Decrypt"])
      && s.Condition.StringEquals["kms:ViaService"] == "s3.us-east-1.amazonaws.com", false)
    ])
    error_message = "The converter, MediaConvert and the deploying principal (page upload) must be able to use the key through S3."
  }

  assert {
    condition = anytrue([for s in jsondecode(output.kms_key_policy_statements_json) :
      try(s.Principal.AWS == ["arn:aws:iam::123456789012:role/lms-backend"] && contains(s.Action, "kms:GenerateDataKey"), false)
    ])
    error_message = "Uploaders must be able to encrypt their uploads with the key."
  }

  assert {
    condition     = length([for s in jsondecode(output.lambda_role_policy_json).Statement : s if s.Sid == "UseBucketKeyThroughS3"]) == 1
    error_message = "The converter's own role must be allowed the key through S3 as well (IAM side)."
  }
}

run "without_kms_there_are_no_key_statements" {
  command = plan

  assert {
    condition     = output.kms_key_policy_statements_json == null
    error_message = "SSE-S3 needs no key policy."
  }
}

run "the_source_systems_bucket_names_are_an_explicit_setting" {
  command = plan
  variables {
    input_bucket_name  = "input-bucket-terraform-lms-hls-streaming"
    output_bucket_name = "output-bucket-terraform-lms-hls-streaming"
  }

  assert {
    condition     = module.storage.input_bucket_name == "input-bucket-terraform-lms-hls-streaming" && module.storage.output_bucket_name == "output-bucket-terraform-lms-hls-streaming"
    error_message = "Names given by the root are used as they are."
  }
}
