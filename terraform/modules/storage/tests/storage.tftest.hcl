# Offline: the AWS provider is mocked. Its schema validators still run, so mocked
# values have the real shape (S3 bucket ARNs carry no region or account).
mock_provider "aws" {}

override_resource {
  target = aws_s3_bucket.this["input"]
  values = {
    arn = "arn:aws:s3:::input-bucket-terraform-lms-hls-streaming"
  }
}

override_resource {
  target = aws_s3_bucket.this["output"]
  values = {
    arn = "arn:aws:s3:::output-bucket-terraform-lms-hls-streaming"
  }
}

# The source system's names, given explicitly (the module has no default: S3 names are global).
variables {
  input_bucket_name  = "input-bucket-terraform-lms-hls-streaming"
  output_bucket_name = "output-bucket-terraform-lms-hls-streaming"
}

run "defaults_give_the_documented_private_encrypted_buckets" {
  assert {
    condition     = aws_s3_bucket.this["input"].bucket == "input-bucket-terraform-lms-hls-streaming" && aws_s3_bucket.this["output"].bucket == "output-bucket-terraform-lms-hls-streaming"
    error_message = "The bucket names given must be used as they are."
  }

  assert {
    condition     = output.input_bucket_name == "input-bucket-terraform-lms-hls-streaming" && output.output_bucket_arn == "arn:aws:s3:::output-bucket-terraform-lms-hls-streaming"
    error_message = "Outputs must expose the bucket names and ARNs."
  }

  assert {
    condition = alltrue([for b in aws_s3_bucket_public_access_block.this :
      b.block_public_acls && b.block_public_policy && b.ignore_public_acls && b.restrict_public_buckets
    ]) && length(aws_s3_bucket_public_access_block.this) == 2
    error_message = "Both buckets must block every kind of public access."
  }

  assert {
    condition     = alltrue([for o in aws_s3_bucket_ownership_controls.this : one(o.rule).object_ownership == "BucketOwnerEnforced"]) && length(aws_s3_bucket_ownership_controls.this) == 2
    error_message = "Both buckets must disable ACLs (BucketOwnerEnforced)."
  }

  assert {
    condition = alltrue([for e in aws_s3_bucket_server_side_encryption_configuration.this :
      one(one(e.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    ]) && length(aws_s3_bucket_server_side_encryption_configuration.this) == 2
    error_message = "Without a KMS key both buckets must default to SSE-S3 (AES256)."
  }

  assert {
    condition     = one(aws_s3_bucket_versioning.input.versioning_configuration).status == "Enabled" && aws_s3_bucket_versioning.input.bucket == "input-bucket-terraform-lms-hls-streaming"
    error_message = "The input bucket must be versioned."
  }

  assert {
    condition = alltrue([for k, p in aws_s3_bucket_policy.this : anytrue([for s in jsondecode(p.policy).Statement :
      try(s.Effect == "Deny" && s.Principal == "*" && s.Action == "s3:*"
        && s.Condition.Bool["aws:SecureTransport"] == "false"
      && toset(s.Resource) == toset([aws_s3_bucket.this[k].arn, "${aws_s3_bucket.this[k].arn}/*"]), false)
    ])])
    error_message = "Each bucket policy must deny every request without TLS, on the bucket and its objects."
  }

  assert {
    condition = alltrue([for p in aws_s3_bucket_policy.this : anytrue([for s in jsondecode(p.policy).Statement :
      try(s.Effect == "Deny" && s.Condition.NumericLessThan["s3:TlsVersion"] == "1.2", false)
    ])])
    error_message = "Each bucket policy must deny TLS versions below 1.2."
  }

  assert {
    condition     = alltrue([for p in aws_s3_bucket_policy.this : alltrue([for s in jsondecode(p.policy).Statement : s.Effect == "Deny"])])
    error_message = "Without a distribution, bucket policies must not grant anything; access comes from IAM roles."
  }

  assert {
    condition = alltrue([for l in aws_s3_bucket_lifecycle_configuration.this : anytrue([for r in l.rule :
      try(r.status == "Enabled" && one(r.abort_incomplete_multipart_upload).days_after_initiation == 7, false)
    ])])
    error_message = "Both buckets must abort incomplete multipart uploads after 7 days by default."
  }

  assert {
    condition     = [for r in aws_s3_bucket_lifecycle_configuration.this["input"].rule : r.id if length(r.expiration) > 0] == []
    error_message = "Uploads must not expire unless input_expiration_days is set."
  }

  assert {
    condition     = anytrue([for r in aws_s3_bucket_lifecycle_configuration.this["input"].rule : try(r.id == "expire-noncurrent-versions" && one(r.noncurrent_version_expiration).noncurrent_days == 30, false)])
    error_message = "Old versions of uploads must expire after 30 days by default."
  }

  assert {
    condition = (
      aws_s3_bucket_cors_configuration.output.bucket == "output-bucket-terraform-lms-hls-streaming"
      && one(aws_s3_bucket_cors_configuration.output.cors_rule).allowed_origins == toset(["*"])
      && one(aws_s3_bucket_cors_configuration.output.cors_rule).allowed_methods == toset(["GET", "HEAD"])
    )
    error_message = "The output bucket must allow players GET/HEAD from the configured origins."
  }

  assert {
    condition     = aws_s3_bucket.this["input"].force_destroy == false && aws_s3_bucket.this["output"].force_destroy == false
    error_message = "Buckets must not be force-destroyable by default."
  }
}

run "names_kms_key_expiry_and_origins_are_configurable" {
  variables {
    input_bucket_name     = "input-bucket-terraform-lms-hls-streaming-dev"
    output_bucket_name    = "output-bucket-terraform-lms-hls-streaming-dev"
    kms_key_arn           = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    input_expiration_days = 30
    cors_allowed_origins  = ["https://lms.example.com", "http://localhost:8080"]
  }

  assert {
    condition     = aws_s3_bucket.this["input"].bucket == "input-bucket-terraform-lms-hls-streaming-dev" && output.output_bucket_name == "output-bucket-terraform-lms-hls-streaming-dev"
    error_message = "Bucket names must follow the variables."
  }

  assert {
    condition = alltrue([for e in aws_s3_bucket_server_side_encryption_configuration.this :
      one(one(e.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"
      && one(one(e.rule).apply_server_side_encryption_by_default).kms_master_key_id == "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      && one(e.rule).bucket_key_enabled == true
    ])
    error_message = "With a KMS key both buckets must use SSE-KMS with that key and a bucket key."
  }

  assert {
    condition     = anytrue([for r in aws_s3_bucket_lifecycle_configuration.this["input"].rule : try(r.id == "expire-processed-uploads" && one(r.expiration).days == 30, false)])
    error_message = "input_expiration_days must expire uploads."
  }

  assert {
    condition     = [for r in aws_s3_bucket_lifecycle_configuration.this["output"].rule : r.id if length(r.expiration) > 0] == []
    error_message = "Assets in the output bucket must never expire through input_expiration_days."
  }

  assert {
    condition     = one(aws_s3_bucket_cors_configuration.output.cors_rule).allowed_origins == toset(["https://lms.example.com", "http://localhost:8080"])
    error_message = "CORS origins must follow cors_allowed_origins."
  }
}

run "rejects_each_invalid_value" {
  # One plan, several variables each invalid on its own: every variable listed must fail its
  # own validation (terraform test names any that does not: "Missing expected failure").
  # One run instead of one per variable: each run starts the AWS provider.
  command = plan
  variables {
    # an uppercase bucket name
    input_bucket_name = "Input_Bucket"
    # a bucket name with double dots
    output_bucket_name = "output..bucket"
    # a kms value that is not a key arn
    kms_key_arn = "alias/aws/s3"
    # a cors origin with a path
    cors_allowed_origins = ["https://lms.example.com/player"]
    # zero days for multipart cleanup
    abort_incomplete_multipart_upload_days = 0
    # zero days for upload expiry
    input_expiration_days = 0
    # zero days for noncurrent version expiry
    input_noncurrent_version_expiration_days = 0
    # a distribution value that is not a distribution arn
    cloudfront_distribution_arn = "E2QWRUHAPOMQZL"
  }
  expect_failures = [
    var.input_bucket_name,
    var.output_bucket_name,
    var.kms_key_arn,
    var.cors_allowed_origins,
    var.abort_incomplete_multipart_upload_days,
    var.input_expiration_days,
    var.input_noncurrent_version_expiration_days,
    var.cloudfront_distribution_arn,
  ]
}

run "rejects_no_cors_origin" {
  command = plan
  variables {
    cors_allowed_origins = []
  }
  expect_failures = [var.cors_allowed_origins]
}

run "a_distribution_may_read_the_output_bucket_and_nothing_else" {
  variables {
    cloudfront_distribution_arn = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"
  }

  assert {
    condition = [for s in jsondecode(aws_s3_bucket_policy.this["output"].policy).Statement : s if s.Effect == "Allow"] == [{
      Sid       = "AllowCloudFrontRead"
      Effect    = "Allow"
      Principal = { Service = "cloudfront.amazonaws.com" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::output-bucket-terraform-lms-hls-streaming/*"
      Condition = { StringEquals = { "AWS:SourceArn" = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL" } }
    }]
    error_message = "The output bucket policy must grant s3:GetObject on its objects to cloudfront.amazonaws.com for this distribution's ARN only, and nothing else."
  }

  assert {
    condition     = length([for s in jsondecode(aws_s3_bucket_policy.this["output"].policy).Statement : s if s.Effect == "Deny"]) == 2
    error_message = "The CloudFront grant comes next to the TLS-only denies, not instead of them."
  }

  assert {
    condition     = alltrue([for s in jsondecode(aws_s3_bucket_policy.this["input"].policy).Statement : s.Effect == "Deny"])
    error_message = "The input bucket must stay closed to CloudFront."
  }
}
