# Offline: the AWS provider is mocked. Its schema validators still run, so the
# data sources and role ARNs get values of the real shape.
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
  target = aws_iam_role.lambda
  values = {
    arn = "arn:aws:iam::123456789012:role/lms-hls-streaming-test-converter"
  }
}

override_resource {
  target = aws_iam_role.mediaconvert
  values = {
    arn = "arn:aws:iam::123456789012:role/lms-hls-streaming-test-mediaconvert"
  }
}

variables {
  name              = "lms-hls-streaming-test"
  input_bucket_arn  = "arn:aws:s3:::input-bucket-terraform-lms-hls-streaming"
  output_bucket_arn = "arn:aws:s3:::output-bucket-terraform-lms-hls-streaming"
  log_group_arn     = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/lms-hls-streaming-test-converter"
  failure_queue_arn = "arn:aws:sqs:us-east-1:123456789012:lms-hls-streaming-test-converter-failures"
}

run "lambda_role_is_trusted_by_lambda_only" {
  assert {
    condition     = aws_iam_role.lambda.name == "lms-hls-streaming-test-converter"
    error_message = "The Lambda role must be named <name>-converter."
  }

  assert {
    condition = jsondecode(aws_iam_role.lambda.assume_role_policy).Statement == [{
      Sid       = "LambdaAssumesRole"
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
    error_message = "Only lambda.amazonaws.com may assume the Lambda role."
  }
}

run "lambda_policy_is_least_privilege" {
  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.lambda.policy).Statement : s if s.Sid == "WriteOwnLogs"] == [{
      Sid      = "WriteOwnLogs"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/lms-hls-streaming-test-converter:*"
    }]
    error_message = "The Lambda may write log streams of its own log group only."
  }

  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.lambda.policy).Statement : s if s.Sid == "SubmitMediaConvertJobs"] == [{
      Sid    = "SubmitMediaConvertJobs"
      Effect = "Allow"
      Action = "mediaconvert:CreateJob"
      Resource = [
        "arn:aws:mediaconvert:us-east-1:123456789012:jobs/*",
        "arn:aws:mediaconvert:us-east-1:123456789012:queues/Default",
      ]
    }]
    error_message = "The Lambda may create MediaConvert jobs in its own account and region only."
  }

  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.lambda.policy).Statement : s if s.Action == "iam:PassRole"] == [{
      Sid       = "PassMediaConvertRole"
      Effect    = "Allow"
      Action    = "iam:PassRole"
      Resource  = "arn:aws:iam::123456789012:role/lms-hls-streaming-test-mediaconvert"
      Condition = { StringEquals = { "iam:PassedToService" = "mediaconvert.amazonaws.com" } }
    }]
    error_message = "iam:PassRole must be limited to the MediaConvert role, passed to mediaconvert.amazonaws.com only."
  }

  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.lambda.policy).Statement : s if s.Sid == "SendFailedInvocations"] == [{
      Sid      = "SendFailedInvocations"
      Effect   = "Allow"
      Action   = "sqs:SendMessage"
      Resource = "arn:aws:sqs:us-east-1:123456789012:lms-hls-streaming-test-converter-failures"
    }]
    error_message = "The Lambda may send to its failure queue only."
  }

  assert {
    condition     = length(jsondecode(aws_iam_role_policy.lambda.policy).Statement) == 9
    error_message = "Without tracing or KMS the Lambda policy has exactly nine statements (logs, CreateJob, ListJobs/GetJob, Probe, read uploads, write lecture.json, PassRole, ListBucket, SQS)."
  }

  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.lambda.policy).Statement : s if s.Sid == "WriteLectureManifest"] == [{
      Sid      = "WriteLectureManifest"
      Effect   = "Allow"
      Action   = "s3:PutObject"
      Resource = "arn:aws:s3:::output-bucket-terraform-lms-hls-streaming/assets/*/lecture.json"
    }]
    error_message = "The Lambda may write assets/<assetId>/lecture.json in the output bucket and nothing else there."
  }

  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.lambda.policy).Statement : s if s.Sid == "ReadUploads"] == [{
      Sid      = "ReadUploads"
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = "arn:aws:s3:::input-bucket-terraform-lms-hls-streaming/*"
    }]
    error_message = "The Lambda may read (HeadObject) the input bucket's objects for the title and Probe."
  }

  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.lambda.policy).Statement : s if s.Sid == "FindEarlierJobs"] == [{
      Sid      = "FindEarlierJobs"
      Effect   = "Allow"
      Action   = ["mediaconvert:ListJobs", "mediaconvert:GetJob"]
      Resource = ["arn:aws:mediaconvert:us-east-1:123456789012:jobs/*", "arn:aws:mediaconvert:us-east-1:123456789012:queues/Default"]
    }]
    error_message = "ListJobs (queue) and GetJob (job) in this region and account, for the exactly-once check."
  }

  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.lambda.policy).Statement : s if s.Sid == "ProbeUploads"] == [{
      Sid      = "ProbeUploads"
      Effect   = "Allow"
      Action   = "mediaconvert:Probe"
      Resource = "*"
    }]
    error_message = "mediaconvert:Probe has no resource type in IAM, so it is granted on \"*\" alone."
  }

  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.lambda.policy).Statement : s if s.Action == "s3:ListBucket"] == [{
      Sid       = "FindCaptionFiles"
      Effect    = "Allow"
      Action    = "s3:ListBucket"
      Resource  = var.input_bucket_arn
      Condition = { StringLike = { "s3:prefix" = "?*" } }
    }]
    error_message = "The Lambda may list the input bucket only, and only under a prefix (a video's caption files); no other S3 action."
  }

  assert {
    condition = length([for s in jsondecode(aws_iam_role_policy.lambda.policy).Statement : s
    if length([for a in flatten([s.Action]) : a if startswith(a, "s3:")]) > 0]) == 3
    error_message = "The Lambda's only S3 permissions: ListBucket (captions), GetObject on uploads, PutObject on lecture.json."
  }

  assert {
    condition = alltrue(flatten([for s in jsondecode(aws_iam_role_policy.lambda.policy).Statement :
      [for a in flatten([s.Action]) : !strcontains(a, "*")]
    ]))
    error_message = "No wildcard actions."
  }

  assert {
    condition     = aws_iam_role_policy.lambda.role == "lms-hls-streaming-test-converter"
    error_message = "The Lambda policy must be attached to the Lambda role."
  }
}

run "mediaconvert_role_reads_input_and_writes_output_only" {
  assert {
    condition     = aws_iam_role.mediaconvert.name == "lms-hls-streaming-test-mediaconvert"
    error_message = "The MediaConvert role must be named <name>-mediaconvert."
  }

  assert {
    condition = jsondecode(aws_iam_role.mediaconvert.assume_role_policy).Statement == [{
      Sid       = "MediaConvertAssumesRole"
      Effect    = "Allow"
      Principal = { Service = "mediaconvert.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = "123456789012" } }
    }]
    error_message = "Only MediaConvert in this account may assume the MediaConvert role."
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.mediaconvert.policy).Statement == [
      {
        Sid      = "ReadUploads"
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "arn:aws:s3:::input-bucket-terraform-lms-hls-streaming/*"
      },
      {
        Sid      = "WriteAssets"
        Effect   = "Allow"
        Action   = "s3:PutObject"
        Resource = "arn:aws:s3:::output-bucket-terraform-lms-hls-streaming/assets/*"
      },
    ]
    error_message = "The MediaConvert role may only get input objects and put output objects under assets/."
  }

  assert {
    condition     = aws_iam_role_policy.mediaconvert.role == "lms-hls-streaming-test-mediaconvert"
    error_message = "The MediaConvert policy must be attached to the MediaConvert role."
  }

  assert {
    condition     = output.mediaconvert_role_arn == "arn:aws:iam::123456789012:role/lms-hls-streaming-test-mediaconvert" && output.lambda_role_arn == "arn:aws:iam::123456789012:role/lms-hls-streaming-test-converter"
    error_message = "Outputs must expose both role ARNs."
  }
}

run "kms_key_and_tracing_add_only_their_statements" {
  variables {
    kms_key_arn  = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    xray_tracing = true
  }

  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.mediaconvert.policy).Statement : s if s.Sid == "UseBucketKeyThroughS3"] == [{
      Sid       = "UseBucketKeyThroughS3"
      Effect    = "Allow"
      Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource  = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      Condition = { StringEquals = { "kms:ViaService" = "s3.us-east-1.amazonaws.com" } }
    }]
    error_message = "With a KMS key, MediaConvert may use that key through S3 only."
  }

  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.lambda.policy).Statement : s if s.Sid == "UseBucketKeyThroughS3"] == [{
      Sid       = "UseBucketKeyThroughS3"
      Effect    = "Allow"
      Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource  = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      Condition = { StringEquals = { "kms:ViaService" = "s3.us-east-1.amazonaws.com" } }
    }]
    error_message = "With a KMS key, the Lambda may use it through S3 only (HeadObject/Probe of uploads, lecture.json)."
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.lambda.policy).Statement : s.Action if s.Sid == "WriteTraces"] == [["xray:PutTraceSegments", "xray:PutTelemetryRecords"]]
    error_message = "With tracing, the Lambda may write X-Ray segments and telemetry."
  }
}

run "rejects_each_invalid_value" {
  # One plan, several variables each invalid on its own: every variable listed must fail its
  # own validation (terraform test names any that does not: "Missing expected failure").
  # One run instead of one per variable: each run starts the AWS provider.
  command = plan
  variables {
    # a name too long for iam
    name = "a-deployment-name-that-is-far-too-long-for-iam-roles-x"
    # a bucket arn that is not s3
    input_bucket_arn = "input-bucket-terraform-lms-hls-streaming"
    # an output bucket arn with a key
    output_bucket_arn = "arn:aws:s3:::output-bucket-terraform-lms-hls-streaming/assets"
    # a wildcard output prefix
    output_key_prefix = "*"
  }
  expect_failures = [
    var.name,
    var.input_bucket_arn,
    var.output_bucket_arn,
    var.output_key_prefix,
  ]
}
