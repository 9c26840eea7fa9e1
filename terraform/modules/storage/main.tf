# Both buckets get the same baseline (private, owner-enforced, encrypted, TLS only);
# only versioning, input expiry and CORS differ, so one for_each keeps them in step.
locals {
  buckets = {
    input  = var.input_bucket_name
    output = var.output_bucket_name
  }

  sse_algorithm = var.kms_key_arn == null ? "AES256" : "aws:kms"

  # CloudFront (origin access control) may read the output bucket's objects, only on
  # behalf of the one distribution named; nothing else is granted by a bucket policy.
  cloudfront_read = var.cloudfront_distribution_arn == null ? [] : [{
    Sid       = "AllowCloudFrontRead"
    Effect    = "Allow"
    Principal = { Service = "cloudfront.amazonaws.com" }
    Action    = "s3:GetObject"
    Resource  = "${aws_s3_bucket.this["output"].arn}/*"
    Condition = { StringEquals = { "AWS:SourceArn" = var.cloudfront_distribution_arn } }
  }]
}

resource "aws_s3_bucket" "this" {
  for_each = local.buckets

  # Deliberate (list and reasons in terraform/test/README.md, "Security scan"):
  #checkov:skip=CKV_AWS_18:No server access logs: they need a separate log bucket this module does not create; object access is recorded only if the account enables CloudTrail data events
  #checkov:skip=CKV_AWS_144:Cross-region replication is out of scope: inputs are versioned, outputs can be regenerated from them
  #checkov:skip=CKV_AWS_145:SSE-S3 by default; a customer managed KMS key is optional (kms_key_arn)
  #checkov:skip=CKV2_AWS_62:The input bucket notifies the converter (upload-trigger module); the output bucket has no consumer
  #checkov:skip=CKV_AWS_21:Only the input bucket is versioned; outputs are derived and regenerable, versioning segments multiplies storage
  #checkov:skip=CKV2_AWS_6:False positive with for_each: aws_s3_bucket_public_access_block.this covers both buckets
  #checkov:skip=CKV2_AWS_61:False positive with for_each: aws_s3_bucket_lifecycle_configuration.this covers both buckets

  bucket        = each.value
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = aws_s3_bucket.this

  bucket                  = each.value.bucket
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# ACLs are disabled: every object belongs to the bucket owner, including those
# MediaConvert writes, so access is decided by policies alone.
resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.bucket

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.bucket

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = local.sse_algorithm
      kms_master_key_id = var.kms_key_arn
    }
    # An S3 bucket key cuts KMS requests (and cost) for the many small HLS segments.
    bucket_key_enabled = var.kms_key_arn == null ? null : true
  }
}

resource "aws_s3_bucket_policy" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.bucket
  # The deny statements narrow what any grant allows, so "s3:*" there takes nothing
  # away from least privilege and covers actions added to S3 later. The one grant is
  # CloudFront's read of the output bucket (cloudfront_distribution_arn).
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [each.value.arn, "${each.value.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "DenyOutdatedTls"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [each.value.arn, "${each.value.arn}/*"]
        Condition = { NumericLessThan = { "s3:TlsVersion" = "1.2" } }
      },
    ], each.key == "output" ? local.cloudfront_read : [])
  })

  # S3 answers concurrent changes to the same bucket's access settings with
  # OperationAborted (409); apply the policy after the public access block.
  depends_on = [aws_s3_bucket_public_access_block.this]
}

# Uploads are versioned so an accidental overwrite or delete of a source video can be undone.
resource "aws_s3_bucket_versioning" "input" {
  bucket = aws_s3_bucket.this["input"].bucket

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.bucket

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_upload_days
    }
  }

  dynamic "rule" {
    for_each = each.key == "input" ? [var.input_noncurrent_version_expiration_days] : []

    content {
      id     = "expire-noncurrent-versions"
      status = "Enabled"

      filter {}

      noncurrent_version_expiration {
        noncurrent_days = rule.value
      }
    }
  }

  dynamic "rule" {
    for_each = each.key == "input" && var.input_expiration_days != null ? [var.input_expiration_days] : []

    content {
      id     = "expire-processed-uploads"
      status = "Enabled"

      filter {}

      expiration {
        days = rule.value
      }
    }
  }

  # Lifecycle rules on a bucket whose versioning is still being switched on can be
  # evaluated against the old state; AWS asks for versioning first.
  depends_on = [aws_s3_bucket_versioning.input]
}

# Players on another origin (the LMS) fetch playlists and segments with GET/HEAD,
# some with Range requests.
resource "aws_s3_bucket_cors_configuration" "output" {
  bucket = aws_s3_bucket.this["output"].bucket

  cors_rule {
    allowed_methods = ["GET", "HEAD"]
    allowed_origins = var.cors_allowed_origins
    allowed_headers = ["*"]
    expose_headers  = ["Content-Length", "Content-Range", "ETag"]
    max_age_seconds = 3000
  }
}
