# Offline: the AWS provider is mocked; ARNs feeding policies are overridden with real shapes.
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
      name        = "eu-west-1"
      description = "Europe (Ireland)"
      endpoint    = "ec2.eu-west-1.amazonaws.com"
    }
  }
}

override_resource {
  target = aws_sns_topic.jobs
  values = { arn = "arn:aws:sns:eu-west-1:123456789012:lms-hls-streaming-test-jobs" }
}

override_resource {
  target = aws_sns_topic.alarms
  values = { arn = "arn:aws:sns:eu-west-1:123456789012:lms-hls-streaming-test-alarms" }
}

override_resource {
  target = aws_sqs_queue.undelivered
  values = {
    arn  = "arn:aws:sqs:eu-west-1:123456789012:lms-hls-streaming-test-job-events-undelivered"
    url  = "https://sqs.eu-west-1.amazonaws.com/123456789012/lms-hls-streaming-test-job-events-undelivered"
    name = "lms-hls-streaming-test-job-events-undelivered"
  }
}

override_resource {
  target = aws_cloudwatch_event_rule.this
  values = { arn = "arn:aws:events:eu-west-1:123456789012:rule/lms-hls-streaming-test-job-state" }
}

override_resource {
  target = aws_kms_key.this
  values = {
    arn    = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

override_resource {
  target = aws_sqs_queue.lms
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:lms-hls-streaming-test-job-events"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/lms-hls-streaming-test-job-events"
  }
}

override_resource {
  target = aws_sqs_queue.lms_dead_letter
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:lms-hls-streaming-test-job-events-dlq" }
}

variables {
  name                    = "lms-hls-streaming-test"
  application             = "lms-hls-streaming-test"
  playback_domain_name    = "d111111abcdef8.cloudfront.net"
  converter_function_name = "lms-hls-streaming-test-converter"
  failure_queue_name      = "lms-hls-streaming-test-converter-failures"
  # CI runs Terraform as an assumed role; the key policy must name the role itself.
  deployer_arn = "arn:aws:sts::123456789012:assumed-role/lms-hls-streaming-ci-apply-test/GitHubActions"
}

run "rule_passes_this_deployments_finished_jobs_to_an_encrypted_topic" {
  assert {
    condition = jsondecode(aws_cloudwatch_event_rule.this.event_pattern) == {
      source        = ["aws.mediaconvert"]
      "detail-type" = ["MediaConvert Job State Change"]
      detail = {
        status       = ["COMPLETE", "ERROR", "CANCELED"]
        userMetadata = { application = ["lms-hls-streaming-test"] }
      }
    }
    error_message = "The rule must match MediaConvert job state changes to COMPLETE, ERROR or CANCELED of this Application only."
  }

  assert {
    condition     = aws_cloudwatch_event_target.this.arn == "arn:aws:sns:eu-west-1:123456789012:lms-hls-streaming-test-jobs" && aws_cloudwatch_event_target.this.rule == aws_cloudwatch_event_rule.this.name
    error_message = "The rule's target must be the topic."
  }

  assert {
    condition     = aws_sns_topic.jobs.kms_master_key_id == "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" && aws_kms_key.this.enable_key_rotation
    error_message = "The topic must be encrypted with the module's rotating KMS key."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_kms_key.this.policy).Statement :
      try(s.Principal.Service == "events.amazonaws.com" && contains(s.Action, "kms:GenerateDataKey*") && contains(s.Action, "kms:Decrypt") && !can(s.Condition), false)
    ])
    error_message = "EventBridge must be able to encrypt with the key, unconditioned (its KMS requests carry no source keys), or publishing fails."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_kms_key.this.policy).Statement :
      try(s.Principal.Service == "cloudwatch.amazonaws.com" && contains(s.Action, "kms:GenerateDataKey*") &&
        s.Condition.StringEquals["aws:SourceAccount"] == "123456789012" &&
      s.Condition.ArnLike["aws:SourceArn"] == "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:lms-hls-streaming-test-*", false)
    ])
    error_message = "CloudWatch must be able to encrypt with the key, for this stack's alarms only."
  }

  assert {
    condition     = length(jsondecode(aws_kms_key.this.policy).Statement) == 4
    error_message = "The key policy holds the account's administration, the two publishers and the deployer, nothing else."
  }

  assert {
    condition     = aws_sns_topic.alarms.kms_master_key_id == aws_sns_topic.jobs.kms_master_key_id
    error_message = "The alarms topic must be encrypted with the same key."
  }
}

run "key_policy_names_the_deploying_role_so_tags_need_not_propagate_first" {
  assert {
    condition = anytrue([for s in jsondecode(aws_kms_key.this.policy).Statement :
      try(s.Sid == "DeployerAdministers" && s.Principal.AWS == ["arn:aws:iam::123456789012:role/lms-hls-streaming-ci-apply-test"] &&
        !can(s.Condition) &&
        length(setsubtract(["kms:EnableKeyRotation", "kms:PutKeyPolicy", "kms:TagResource", "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:ScheduleKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias"], s.Action)) == 0,
      false)
    ])
    error_message = "The key policy must name the role behind the deploying session (not the session, which KMS refuses) for every call Terraform makes, with no tag condition."
  }
}

run "key_policy_takes_a_plain_user_and_extra_administrators" {
  variables {
    deployer_arn           = "arn:aws:iam::123456789012:user/terraform"
    key_administrator_arns = ["arn:aws:iam::123456789012:role/ci/apply-test"]
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_kms_key.this.policy).Statement :
      try(s.Sid == "DeployerAdministers" && s.Principal.AWS == ["arn:aws:iam::123456789012:user/terraform", "arn:aws:iam::123456789012:role/ci/apply-test"], false)
    ])
    error_message = "A user ARN stays as it is; key_administrator_arns are added."
  }
}

run "transformer_builds_the_readable_message" {
  assert {
    condition = aws_cloudwatch_event_target.this.input_transformer[0].input_paths == tomap({
      status       = "$.detail.status"
      jobId        = "$.detail.jobId"
      assetId      = "$.detail.userMetadata.assetID"
      masterKey    = "$.detail.userMetadata.masterKey"
      thumbnailKey = "$.detail.userMetadata.thumbnailKey"
      time         = "$.time"
      detail       = "$.detail"
    })
    error_message = "The transformer must read status, job, asset, the converter's masterKey/thumbnailKey, the time and the whole detail (errors travel only there)."
  }

  assert {
    # <detail> stands unquoted (an object); {} in its place makes the rest decodable here.
    condition = jsondecode(replace(aws_cloudwatch_event_target.this.input_transformer[0].input_template, "<detail>", "{}")) == {
      status       = "<status>"
      jobId        = "<jobId>"
      assetId      = "<assetId>"
      playbackUrl  = "https://d111111abcdef8.cloudfront.net/<masterKey>"
      thumbnailUrl = "https://d111111abcdef8.cloudfront.net/<thumbnailKey>"
      time         = "<time>"
      consoleUrl   = "https://eu-west-1.console.aws.amazon.com/mediaconvert/home?region=eu-west-1#/jobs/summary/<jobId>"
      detail       = {}
    }
    error_message = "The message must carry the playback and thumbnail URLs on the distribution's domain, a console link and the detail object."
  }

  assert {
    condition     = !strcontains(aws_cloudwatch_event_target.this.input_transformer[0].input_template, "\\u003c") && strcontains(aws_cloudwatch_event_target.this.input_transformer[0].input_template, ":<detail>,")
    error_message = "Placeholders must reach EventBridge as <name>, not JSON-escaped, and <detail> without quotes."
  }

  assert {
    condition     = !strcontains(aws_cloudwatch_event_target.this.input_transformer[0].input_template, "errorMessage")
    error_message = "errorMessage must not be pasted into a string: EventBridge does not escape it."
  }
}

run "undeliverable_events_wait_in_a_queue_and_raise_an_alarm" {
  assert {
    condition     = aws_cloudwatch_event_target.this.dead_letter_config[0].arn == "arn:aws:sqs:eu-west-1:123456789012:lms-hls-streaming-test-job-events-undelivered" && aws_sqs_queue.undelivered.sqs_managed_sse_enabled
    error_message = "The rule's target must have an encrypted dead-letter queue."
  }

  assert {
    condition = jsondecode(aws_sqs_queue_policy.undelivered.policy).Statement == [{
      Sid       = "JobStateRuleDeadLetters"
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:123456789012:lms-hls-streaming-test-job-events-undelivered"
      Condition = { ArnEquals = { "aws:SourceArn" = "arn:aws:events:eu-west-1:123456789012:rule/lms-hls-streaming-test-job-state" } }
    }]
    error_message = "Only this rule may dead-letter into the queue."
  }

  assert {
    condition = (aws_cloudwatch_metric_alarm.this["job-events-undelivered"].namespace == "AWS/Events" &&
      aws_cloudwatch_metric_alarm.this["job-events-undelivered"].metric_name == "FailedInvocations" &&
      aws_cloudwatch_metric_alarm.this["job-events-undelivered"].dimensions == tomap({ RuleName = aws_cloudwatch_event_rule.this.name }) &&
    aws_cloudwatch_metric_alarm.this["job-events-undelivered-queue"].dimensions == tomap({ QueueName = "lms-hls-streaming-test-job-events-undelivered" }))
    error_message = "FailedInvocations of the rule and the undelivered queue's depth must raise alarms."
  }
}

run "topic_policies_admit_the_rule_to_one_topic_and_the_alarms_to_the_other" {
  assert {
    condition = jsondecode(aws_sns_topic_policy.jobs.policy).Statement == [
      {
        Sid       = "JobStateRulePublishes"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = "arn:aws:sns:eu-west-1:123456789012:lms-hls-streaming-test-jobs"
        Condition = { ArnEquals = { "aws:SourceArn" = "arn:aws:events:eu-west-1:123456789012:rule/lms-hls-streaming-test-job-state" } }
      },
    ]
    error_message = "Only this rule may publish to the jobs topic: no alarm message ever reaches the LMS queue."
  }

  assert {
    condition = jsondecode(aws_sns_topic_policy.alarms.policy).Statement == [
      {
        Sid       = "AlarmsPublish"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = "arn:aws:sns:eu-west-1:123456789012:lms-hls-streaming-test-alarms"
        Condition = {
          ArnLike      = { "aws:SourceArn" = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:lms-hls-streaming-test-*" }
          StringEquals = { "aws:SourceAccount" = "123456789012" }
        }
      },
    ]
    error_message = "Only this stack's alarms may publish to the alarms topic."
  }
}

run "alarms_watch_the_converter_the_failure_queue_and_mediaconvert" {
  assert {
    condition = length(aws_cloudwatch_metric_alarm.this) == 6 && alltrue([for k, want in {
      converter-errors            = ["AWS/Lambda", "Errors", "FunctionName", "lms-hls-streaming-test-converter"]
      converter-throttles         = ["AWS/Lambda", "Throttles", "FunctionName", "lms-hls-streaming-test-converter"]
      failure-queue               = ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "lms-hls-streaming-test-converter-failures"]
      mediaconvert-errors-Default = ["AWS/MediaConvert", "JobsErroredCount", "Queue", "arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default"]
      } : [aws_cloudwatch_metric_alarm.this[k].namespace, aws_cloudwatch_metric_alarm.this[k].metric_name,
      one(keys(aws_cloudwatch_metric_alarm.this[k].dimensions)), one(values(aws_cloudwatch_metric_alarm.this[k].dimensions))
    ] == want])
    error_message = "Alarms: converter Errors and Throttles (by function name), failure queue depth, MediaConvert JobsErroredCount (by the queue ARN MediaConvert publishes)."
  }

  assert {
    condition = alltrue([for a in aws_cloudwatch_metric_alarm.this :
      a.comparison_operator == "GreaterThanThreshold" && a.threshold == 0 && a.alarm_actions == toset(["arn:aws:sns:eu-west-1:123456789012:lms-hls-streaming-test-alarms"]) &&
      a.treat_missing_data == "notBreaching" && startswith(a.alarm_name, "lms-hls-streaming-test-")
    ])
    error_message = "Every alarm must fire above 0, notify the alarms topic (not the jobs topic the LMS reads), and carry the name prefix the topic policy admits."
  }

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 0 && length(aws_sqs_queue.lms) == 0 && output.lms_queue_url == null
    error_message = "No subscriptions and no queue unless asked for."
  }
}

run "email_and_lms_queue_subscriptions" {
  variables {
    email_addresses     = ["ops@example.com", "teacher@example.com"]
    lms_queue           = true
    mediaconvert_queues = ["Default", "arn:aws:mediaconvert:eu-west-1:123456789012:queues/Priority"]
  }

  assert {
    condition = (toset([for s in aws_sns_topic_subscription.email : s.endpoint]) == toset(["ops@example.com", "teacher@example.com"]) &&
      alltrue([for s in aws_sns_topic_subscription.email : s.protocol == "email" && s.topic_arn == "arn:aws:sns:eu-west-1:123456789012:lms-hls-streaming-test-jobs"]) &&
      toset([for s in aws_sns_topic_subscription.alarm_email : s.endpoint]) == toset(["ops@example.com", "teacher@example.com"]) &&
    alltrue([for s in aws_sns_topic_subscription.alarm_email : s.protocol == "email" && s.topic_arn == "arn:aws:sns:eu-west-1:123456789012:lms-hls-streaming-test-alarms"]))
    error_message = "Each address must be subscribed by email to both topics."
  }

  assert {
    condition = (
      aws_sns_topic_subscription.lms[0].protocol == "sqs" &&
      aws_sns_topic_subscription.lms[0].endpoint == "arn:aws:sqs:eu-west-1:123456789012:lms-hls-streaming-test-job-events" &&
      aws_sns_topic_subscription.lms[0].raw_message_delivery
    )
    error_message = "The LMS queue must be subscribed with raw message delivery."
  }

  assert {
    condition = (
      aws_sqs_queue.lms[0].sqs_managed_sse_enabled && aws_sqs_queue.lms_dead_letter[0].sqs_managed_sse_enabled &&
      jsondecode(aws_sqs_queue_redrive_policy.lms[0].redrive_policy) == { deadLetterTargetArn = "arn:aws:sqs:eu-west-1:123456789012:lms-hls-streaming-test-job-events-dlq", maxReceiveCount = 5 }
    )
    error_message = "The LMS queue and its dead-letter queue must be encrypted, with a redrive after 5 receives."
  }

  assert {
    condition = jsondecode(aws_sqs_queue_policy.lms[0].policy).Statement == [{
      Sid       = "JobsTopicDelivers"
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:123456789012:lms-hls-streaming-test-job-events"
      Condition = { ArnEquals = { "aws:SourceArn" = "arn:aws:sns:eu-west-1:123456789012:lms-hls-streaming-test-jobs" } }
    }]
    error_message = "Only the jobs topic may send to the LMS queue."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["lms-dead-letter"].dimensions == tomap({ QueueName = "lms-hls-streaming-test-job-events-dlq" }) && aws_cloudwatch_metric_alarm.this["mediaconvert-errors-Priority"].dimensions["Queue"] == "arn:aws:mediaconvert:eu-west-1:123456789012:queues/Priority" && output.lms_queue_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/lms-hls-streaming-test-job-events"
    error_message = "Each MediaConvert queue gets its own alarm; the queue URL is an output."
  }
}

run "rejects_each_invalid_value" {
  # One plan, several variables each invalid on its own: every variable listed must fail its
  # own validation (terraform test names any that does not: "Missing expected failure").
  # One run instead of one per variable: each run starts the AWS provider.
  command = plan
  variables {
    # an email that is not an address
    email_addresses = ["ops"]
    # an application with spaces
    application = "lms hls"
    # a playback domain with a scheme
    playback_domain_name = "https://d111111abcdef8.cloudfront.net"
    # no mediaconvert queue
    mediaconvert_queues = []
    # an alarm period cloudwatch does not offer
    alarm_period_seconds = 120
    # a short kms deletion window
    kms_deletion_window_days = 3
    # zero receives before dead letter
    lms_queue_max_receive_count = 0
  }
  expect_failures = [
    var.email_addresses,
    var.application,
    var.playback_domain_name,
    var.mediaconvert_queues,
    var.alarm_period_seconds,
    var.kms_deletion_window_days,
    var.lms_queue_max_receive_count,
  ]
}
