data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # The converter sends jobs to the default queue of its own region and account,
  # with inline settings (no MediaConvert job template or preset resources).
  mediaconvert_arn_prefix = "arn:${local.partition}:mediaconvert:${local.region}:${local.account_id}"
}

# --- The converter Lambda's execution role ---------------------------------

resource "aws_iam_role" "lambda" {
  name        = "${var.name}-converter"
  description = "Execution role of the ${var.name} converter Lambda: logs, CreateJob/ListJobs/Probe, PassRole to MediaConvert, read uploads, write lecture.json."

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "LambdaAssumesRole"
        Effect    = "Allow"
        Principal = { Service = "lambda.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
    ]
  })
}

resource "aws_iam_role_policy" "lambda" {
  name = "converter"
  role = aws_iam_role.lambda.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          # The log group is created by Terraform, so no logs:CreateLogGroup.
          Sid      = "WriteOwnLogs"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = "${var.log_group_arn}:*"
        },
        {
          Sid    = "SubmitMediaConvertJobs"
          Effect = "Allow"
          Action = "mediaconvert:CreateJob"
          Resource = [
            "${local.mediaconvert_arn_prefix}:jobs/*",
            "${local.mediaconvert_arn_prefix}:queues/Default",
          ]
        },
        {
          # Exactly-once across retries: before submitting again the converter looks for a
          # job carrying this upload's token (ListJobs on the Default queue, GetJob).
          Sid    = "FindEarlierJobs"
          Effect = "Allow"
          Action = ["mediaconvert:ListJobs", "mediaconvert:GetJob"]
          Resource = [
            "${local.mediaconvert_arn_prefix}:jobs/*",
            "${local.mediaconvert_arn_prefix}:queues/Default",
          ]
        },
        {
          # The source-aware ladder: Probe reports the input's tracks before the job is
          # built. The Service Authorization Reference lists mediaconvert:Probe with no
          # resource type (docs.aws.amazon.com/service-authorization/latest/reference/
          # list_awselementalmediaconvert.html), so it cannot name an ARN; it reads the
          # input through the caller's URL and has no side effect.
          Sid      = "ProbeUploads"
          Effect   = "Allow"
          Action   = "mediaconvert:Probe"
          Resource = "*"
        },
        {
          # The lecture title comes from the upload's x-amz-meta-title (HeadObject needs
          # s3:GetObject); Probe reads the upload with the caller's rights as well.
          Sid      = "ReadUploads"
          Effect   = "Allow"
          Action   = "s3:GetObject"
          Resource = "${var.input_bucket_arn}/*"
        },
        {
          # The page's manifest next to each asset; nothing else of the output bucket.
          Sid      = "WriteLectureManifest"
          Effect   = "Allow"
          Action   = "s3:PutObject"
          Resource = "${var.output_bucket_arn}/${var.output_key_prefix}*/lecture.json"
        },
        {
          # CreateJob hands the MediaConvert role to the service; this role may hand
          # over that one role, and only to MediaConvert.
          Sid       = "PassMediaConvertRole"
          Effect    = "Allow"
          Action    = "iam:PassRole"
          Resource  = aws_iam_role.mediaconvert.arn
          Condition = { StringEquals = { "iam:PassedToService" = "mediaconvert.amazonaws.com" } }
        },
        {
          # The converter looks for a video's caption files (intro.en.vtt next to
          # intro.mp4) with ListObjectsV2 under "<video>.": the input bucket only, always
          # with a prefix, and no object reads (MediaConvert reads the files itself).
          Sid       = "FindCaptionFiles"
          Effect    = "Allow"
          Action    = "s3:ListBucket"
          Resource  = var.input_bucket_arn
          Condition = { StringLike = { "s3:prefix" = "?*" } }
        },
        {
          # Lambda's on-failure destination is written with the function's own role.
          Sid      = "SendFailedInvocations"
          Effect   = "Allow"
          Action   = "sqs:SendMessage"
          Resource = var.failure_queue_arn
        },
      ],
      var.kms_key_arn == null ? [] : [
        {
          # SSE-KMS buckets: reading the upload (title, Probe) and writing lecture.json
          # go through S3, which asks KMS on the function's behalf.
          Sid       = "UseBucketKeyThroughS3"
          Effect    = "Allow"
          Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
          Resource  = var.kms_key_arn
          Condition = { StringEquals = { "kms:ViaService" = "s3.${local.region}.amazonaws.com" } }
        },
      ],
      var.xray_tracing ? [
        {
          # These two X-Ray actions have no resource-level permissions.
          Sid      = "WriteTraces"
          Effect   = "Allow"
          Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
          Resource = "*"
        },
      ] : [],
    )
  })
}

# --- The role MediaConvert assumes to read uploads and write assets ---------

resource "aws_iam_role" "mediaconvert" {
  name        = "${var.name}-mediaconvert"
  description = "Assumed by MediaConvert for ${var.name} jobs: read the input bucket, write the output bucket's assets."

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "MediaConvertAssumesRole"
        Effect    = "Allow"
        Principal = { Service = "mediaconvert.amazonaws.com" }
        Action    = "sts:AssumeRole"
        # Confused-deputy guard: only jobs in this account can use the role.
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
    ]
  })
}

resource "aws_iam_role_policy" "mediaconvert" {
  name = "media-io"
  role = aws_iam_role.mediaconvert.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "ReadUploads"
          Effect   = "Allow"
          Action   = "s3:GetObject"
          Resource = "${var.input_bucket_arn}/*"
        },
        {
          Sid      = "WriteAssets"
          Effect   = "Allow"
          Action   = "s3:PutObject"
          Resource = "${var.output_bucket_arn}/${var.output_key_prefix}*"
        },
      ],
      var.kms_key_arn == null ? [] : [
        {
          # Decrypt to read SSE-KMS uploads (and to complete multipart writes),
          # GenerateDataKey to write; only when S3 asks on MediaConvert's behalf.
          Sid       = "UseBucketKeyThroughS3"
          Effect    = "Allow"
          Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
          Resource  = var.kms_key_arn
          Condition = { StringEquals = { "kms:ViaService" = "s3.${local.region}.amazonaws.com" } }
        },
      ],
    )
  })
}
