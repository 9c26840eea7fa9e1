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
  input_paths = {
    status       = "$.detail.status"
    jobId        = "$.detail.jobId"
    assetID      = "$.detail.userMetadata.assetID"
    masterKey    = "$.detail.userMetadata.masterKey"
    thumbnailKey = "$.detail.userMetadata.thumbnailKey"
    errorCode    = "$.detail.errorCode"
    errorMessage = "$.detail.errorMessage"
    time         = "$.time"
  }

  message = {
    status       = "<status>"
    jobId        = "<jobId>"
    assetID      = "<assetID>"
    playbackUrl  = "https://${var.playback_domain_name}/<masterKey>"
    thumbnailUrl = "https://${var.playback_domain_name}/<thumbnailKey>"
    errorCode    = "<errorCode>"
    errorMessage = "<errorMessage>"
    time         = "<time>"
    consoleUrl   = "https://${local.region}.console.aws.amazon.com/mediaconvert/home?region=${local.region}#/jobs/summary/<jobId>"
  }
  # jsonencode keeps the template valid JSON but escapes < and > for HTML; EventBridge
  # needs the placeholders literally.
  input_template = replace(replace(jsonencode(local.message), "\\u003c", "<"), "\\u003e", ">")

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
    { for q in var.mediaconvert_queues : "mediaconvert-errors-${replace(q, "/^.*\\//", "")}" => {
      description = "MediaConvert jobs ended in ERROR on queue ${q}."
      namespace   = "AWS/MediaConvert"
      metric      = "JobsErroredCount"
      statistic   = "Sum"
      dimensions  = { Queue = q }
    } }
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
    Statement = [
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
    ]
  })
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-notifications"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_sns_topic" "this" {
  name              = "${var.name}-jobs"
  display_name      = "${var.name} jobs"
  kms_master_key_id = aws_kms_key.this.arn
}

# Replaces the default topic policy (which admits every principal of the account):
# only this rule and this module's alarms may publish.
resource "aws_sns_topic_policy" "this" {
  arn = aws_sns_topic.this.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "JobStateRulePublishes"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.this.arn
        Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.this.arn } }
      },
      {
        Sid       = "AlarmsPublish"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.this.arn
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
  arn       = aws_sns_topic.this.arn

  input_transformer {
    input_paths    = local.input_paths
    input_template = local.input_template
  }
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.email_addresses)

  topic_arn = aws_sns_topic.this.arn
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
      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.this.arn } }
    }]
  })
}

resource "aws_sns_topic_subscription" "lms" {
  count = var.lms_queue ? 1 : 0

  topic_arn = aws_sns_topic.this.arn
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
  alarm_actions      = [aws_sns_topic.this.arn]
  ok_actions         = [aws_sns_topic.this.arn]
}
