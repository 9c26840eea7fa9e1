data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
  region    = data.aws_region.current.name

  # Terminal states only: one message per job, whatever its outcome.
  event_pattern = {
    source        = ["aws.mediaconvert"]
    "detail-type" = ["MediaConvert Job State Change"]
    detail = {
      status       = ["COMPLETE", "ERROR", "CANCELED"]
      userMetadata = { application = [var.application] }
    }
  }

  # The converter writes these user metadata keys on every job (lambda-java/converter);
  # an input transformer can only copy values, so the playback URL is the domain
  # (known here) followed by the key the converter computed.
  #
  # EventBridge does not escape what an input path extracts: a string is pasted as it is,
  # inside the template's quotes or with quotes added, so an errorMessage holding ", \ or a
  # newline would make the message invalid JSON (EventBridge User Guide, "Amazon
  # EventBridge input transformation", common issues). A path naming an object is
  # serialised as JSON, escaping and all. So the one field whose text nobody controls,
  # the error, only travels inside <detail> (the whole detail object, unquoted), and the
  # strings pasted between quotes are ones whose alphabet is fixed: the status enum, job
  # ids, the time stamp, and the converter's asset paths (asset ids: A-Z a-z 0-9 - _ . / = @).
  # A missing string value leaves "" (still JSON); $.detail is always there.
  input_paths = {
    status       = "$.detail.status"
    jobId        = "$.detail.jobId"
    assetId      = "$.detail.userMetadata.assetID"
    masterKey    = "$.detail.userMetadata.masterKey"
    thumbnailKey = "$.detail.userMetadata.thumbnailKey"
    time         = "$.time"
    detail       = "$.detail"
  }

  message = {
    status       = "<status>"
    jobId        = "<jobId>"
    assetId      = "<assetId>"
    playbackUrl  = "https://${var.playback_domain_name}/<masterKey>"
    thumbnailUrl = "https://${var.playback_domain_name}/<thumbnailKey>"
    time         = "<time>"
    consoleUrl   = "https://${local.region}.console.aws.amazon.com/mediaconvert/home?region=${local.region}#/jobs/summary/<jobId>"
    # errorCode, errorMessage, outputGroupDetails, userMetadata: as MediaConvert sent them.
    detail = "DETAIL_PLACEHOLDER"
  }
  # jsonencode keeps the template valid JSON but escapes < and > for HTML; EventBridge
  # needs the placeholders literally, and <detail> without quotes (an object).
  input_template = replace(replace(replace(jsonencode(local.message), "\\u003c", "<"), "\\u003e", ">"), "\"DETAIL_PLACEHOLDER\"", "<detail>")

  # The key policy names the principal that runs Terraform (a role, for an assumed-role
  # session: the ARN KMS accepts as a principal), so its calls right after CreateKey
  # (EnableKeyRotation, tagging, the policy) do not wait for IAM to see the key's tags:
  # KMS says tag changes can take up to five minutes to count for authorization. A role
  # with a path needs key_administrator_arns instead (the session ARN does not carry it).
  deployer_arn       = var.deployer_arn == null ? null : replace(coalesce(var.deployer_arn, "-"), "/^arn:([^:]+):sts::([0-9]{12}):assumed-role\\/([^/]+)\\/.+$/", "arn:$1:iam::$2:role/$3")
  key_administrators = distinct(concat(local.deployer_arn == null ? [] : [local.deployer_arn], var.key_administrator_arns))

  # MediaConvert publishes JobsErroredCount with the queue's ARN as the Queue dimension
  # (the queue field of its events is the ARN too); a bare name would name a metric that
  # never gets data, and the alarm would stay OK for ever.
  mediaconvert_queue_arns = { for q in var.mediaconvert_queues : replace(q, "/^.*\\//", "") =>
    startswith(q, "arn:") ? q : "arn:${local.partition}:mediaconvert:${local.region}:${local.account}:queues/${q}"
  }

  alarm_prefix = "${var.name}-"
  # Every alarm of this module, and no other: the key and the topic admit CloudWatch for these.
  alarm_arns = "arn:${local.partition}:cloudwatch:${local.region}:${local.account}:alarm:${local.alarm_prefix}*"
  alarms = merge(
    {
      converter-errors = {
        description = "The converter Lambda raised errors: uploads may not have become jobs (see its log group)."
        namespace   = "AWS/Lambda"
        metric      = "Errors"
        statistic   = "Sum"
        dimensions  = { FunctionName = var.converter_function_name }
      }
      converter-throttles = {
        description = "The converter Lambda was throttled: uploads wait for retries or land in the failure queue."
        namespace   = "AWS/Lambda"
        metric      = "Throttles"
        statistic   = "Sum"
        dimensions  = { FunctionName = var.converter_function_name }
      }
      failure-queue = {
        description = "Uploads whose conversion request failed after all retries wait in the failure queue: inspect and redrive them."
        namespace   = "AWS/SQS"
        metric      = "ApproximateNumberOfMessagesVisible"
        statistic   = "Maximum"
        dimensions  = { QueueName = var.failure_queue_name }
      }
    },
    { for name, arn in local.mediaconvert_queue_arns : "mediaconvert-errors-${name}" => {
      description = "MediaConvert jobs ended in ERROR on queue ${name}."
      namespace   = "AWS/MediaConvert"
      metric      = "JobsErroredCount"
      statistic   = "Sum"
      dimensions  = { Queue = arn }
    } },
    {
      # EventBridge could not deliver a job event to the topic (after its retries): the
      # event waits in the undelivered queue.
      job-events-undelivered = {
        description = "EventBridge failed to deliver job state events to the jobs topic; they wait in the undelivered queue."
        namespace   = "AWS/Events"
        metric      = "FailedInvocations"
        statistic   = "Sum"
        dimensions  = { RuleName = aws_cloudwatch_event_rule.this.name }
      }
      job-events-undelivered-queue = {
        description = "Job state events EventBridge could not deliver wait in the undelivered queue: inspect them and fix the topic."
        namespace   = "AWS/SQS"
        metric      = "ApproximateNumberOfMessagesVisible"
        statistic   = "Maximum"
        dimensions  = { QueueName = aws_sqs_queue.undelivered.name }
      }
    },
    var.lms_queue ? {
      lms-dead-letter = {
        description = "Job messages the LMS backend failed to process repeatedly wait in its dead-letter queue."
        namespace   = "AWS/SQS"
        metric      = "ApproximateNumberOfMessagesVisible"
        statistic   = "Maximum"
        dimensions  = { QueueName = "${var.name}-job-events-dlq" }
      }
    } : {},
  )
}

# EventBridge and CloudWatch publish to an encrypted topic only if the key lets them
# use it; the AWS managed key for SNS cannot be given that grant, so the topic has its own.
resource "aws_kms_key" "this" {
  description             = "Encrypts the ${var.name} job notifications topic"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        # Without it nobody in the account could ever change or delete the key.
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        # EventBridge's KMS requests for an encrypted SNS target carry no aws:SourceArn
        # or aws:SourceAccount, so a condition here would drop every message; the topic
        # policy is what limits EventBridge to this rule.
        Sid       = "JobStateRuleEncrypts"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
      },
      {
        Sid       = "AlarmsEncrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
        Condition = {
          ArnLike      = { "aws:SourceArn" = local.alarm_arns }
          StringEquals = { "aws:SourceAccount" = local.account }
        }
      },
      ], length(local.key_administrators) == 0 ? [] : [{
        # What Terraform calls on the key (create, read, rotate, tag, alias, delete).
        Sid       = "DeployerAdministers"
        Effect    = "Allow"
        Principal = { AWS = local.key_administrators }
        Action = [
          "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags",
          "kms:PutKeyPolicy", "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:UpdateKeyDescription",
          "kms:TagResource", "kms:UntagResource", "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias",
          "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
        ]
        Resource = "*"
    }])
  })
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-notifications"
  target_key_id = aws_kms_key.this.key_id
}

# Two topics: job messages (the LMS queue and people) and alarm state changes (people).
# A queue subscribed to one topic with both would get alarm JSON it cannot parse, among
# them an OK per alarm on every fresh deploy.
resource "aws_sns_topic" "jobs" {
  name              = "${var.name}-jobs"
  display_name      = "${var.name} jobs"
  kms_master_key_id = aws_kms_key.this.arn
}

moved {
  from = aws_sns_topic.this
  to   = aws_sns_topic.jobs
}

resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  display_name      = "${var.name} alarms"
  kms_master_key_id = aws_kms_key.this.arn
}

# Replaces the default topic policy (which admits every principal of the account):
# only this rule may publish job messages.
resource "aws_sns_topic_policy" "jobs" {
  arn = aws_sns_topic.jobs.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "JobStateRulePublishes"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.jobs.arn
        Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.this.arn } }
      },
    ]
  })
}

moved {
  from = aws_sns_topic_policy.this
  to   = aws_sns_topic_policy.jobs
}

# Only this module's alarms may publish alarm state changes.
resource "aws_sns_topic_policy" "alarms" {
  arn = aws_sns_topic.alarms.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AlarmsPublish"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.alarms.arn
        Condition = {
          ArnLike      = { "aws:SourceArn" = local.alarm_arns }
          StringEquals = { "aws:SourceAccount" = local.account }
        }
      },
    ]
  })
}

resource "aws_cloudwatch_event_rule" "this" {
  name          = "${var.name}-job-state"
  description   = "MediaConvert jobs of ${var.application} that completed, failed or were canceled"
  event_pattern = jsonencode(local.event_pattern)
}

resource "aws_cloudwatch_event_target" "this" {
  rule      = aws_cloudwatch_event_rule.this.name
  target_id = "jobs-topic"
  arn       = aws_sns_topic.jobs.arn

  input_transformer {
    input_paths    = local.input_paths
    input_template = local.input_template
  }

  # An event EventBridge cannot deliver (topic gone, key or policy broken) is kept here
  # instead of being dropped after the retries; FailedInvocations raises an alarm.
  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }

  dead_letter_config {
    arn = aws_sqs_queue.undelivered.arn
  }
}

# SSE-SQS: EventBridge can write to it without a key grant.
resource "aws_sqs_queue" "undelivered" {
  name                      = "${var.name}-job-events-undelivered"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue_policy" "undelivered" {
  queue_url = aws_sqs_queue.undelivered.url
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "JobStateRuleDeadLetters"
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.undelivered.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.this.arn } }
    }]
  })
}

# People hear both: finished jobs and alarms (each subscription confirms by mail).
resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.email_addresses)

  topic_arn = aws_sns_topic.jobs.arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_sns_topic_subscription" "alarm_email" {
  for_each = toset(var.email_addresses)

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

# Messages the LMS backend failed to process repeatedly wait here instead of looping.
resource "aws_sqs_queue" "lms_dead_letter" {
  count = var.lms_queue ? 1 : 0

  name                      = "${var.name}-job-events-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "lms" {
  count = var.lms_queue ? 1 : 0

  name = "${var.name}-job-events"
  # SSE-SQS: SNS can deliver to it without a key grant, and messages are encrypted at rest.
  sqs_managed_sse_enabled    = true
  visibility_timeout_seconds = 60
  message_retention_seconds  = 345600

  lifecycle {
    # Owned by aws_sqs_queue_redrive_policy.lms, which needs the dead-letter queue's ARN.
    ignore_changes = [redrive_policy]
  }
}

resource "aws_sqs_queue_redrive_policy" "lms" {
  count = var.lms_queue ? 1 : 0

  queue_url = aws_sqs_queue.lms[0].url
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.lms_dead_letter[0].arn
    maxReceiveCount     = var.lms_queue_max_receive_count
  })
}

resource "aws_sqs_queue_policy" "lms" {
  count = var.lms_queue ? 1 : 0

  queue_url = aws_sqs_queue.lms[0].url
  # Both resources write the queue's attributes. moto 5.2.1 clears Policy whenever
  # SetQueueAttributes omits it, so the policy goes second; on AWS the order is harmless.
  depends_on = [aws_sqs_queue_redrive_policy.lms]

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "JobsTopicDelivers"
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.lms[0].arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.jobs.arn } }
    }]
  })
}

resource "aws_sns_topic_subscription" "lms" {
  count = var.lms_queue ? 1 : 0

  topic_arn = aws_sns_topic.jobs.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.lms[0].arn
  # The queue gets the transformer's JSON as the message body, not an SNS envelope.
  raw_message_delivery = true

  # SNS sends a first message at once; without the queue policy it would be refused.
  depends_on = [aws_sqs_queue_policy.lms]
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${local.alarm_prefix}${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  dimensions          = each.value.dimensions
  period              = var.alarm_period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  # No data means no invocations, no queued failures, no jobs: nothing went wrong.
  treat_missing_data = "notBreaching"
  alarm_actions      = [aws_sns_topic.alarms.arn]
  ok_actions         = [aws_sns_topic.alarms.arn]
}
