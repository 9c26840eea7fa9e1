variable "input_bucket_name" {
  description = "Name of the bucket uploads land in. S3 names are global: the pipeline derives one per account and environment unless a root sets one (the source system's was input-bucket-terraform-lms-hls-streaming)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.input_bucket_name)) && !strcontains(var.input_bucket_name, "..")
    error_message = "input_bucket_name must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit, no \"..\"."
  }
}

variable "output_bucket_name" {
  description = "Name of the bucket MediaConvert writes assets/ to. S3 names are global: the pipeline derives one per account and environment unless a root sets one (the source system's was output-bucket-terraform-lms-hls-streaming)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.output_bucket_name)) && !strcontains(var.output_bucket_name, "..")
    error_message = "output_bucket_name must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit, no \"..\"."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key for default encryption of both buckets. null keeps SSE-S3 (AES256)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:[a-z-]+:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)."
  }
}

variable "cors_allowed_origins" {
  description = "Origins allowed to read the output bucket from a browser (players). \"*\" or scheme://host[:port]. CORS is not access control: the bucket stays private either way."
  type        = list(string)
  default     = ["*"]
  nullable    = false

  validation {
    condition     = length(var.cors_allowed_origins) > 0 && alltrue([for o in var.cors_allowed_origins : o == "*" || can(regex("^https?://[^/*]+$", o))])
    error_message = "cors_allowed_origins must hold at least one entry, each \"*\" or an origin like https://lms.example.com (no path)."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days after which unfinished multipart uploads are removed from both buckets."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1
    error_message = "abort_incomplete_multipart_upload_days must be at least 1."
  }
}

variable "input_expiration_days" {
  description = "Days after which uploaded source videos expire from the input bucket (the assets stay in the output bucket). null keeps them."
  type        = number
  default     = null

  validation {
    condition     = var.input_expiration_days == null || try(var.input_expiration_days >= 1, false)
    error_message = "input_expiration_days must be null or at least 1."
  }
}

variable "input_noncurrent_version_expiration_days" {
  description = "Days after which overwritten or deleted versions of uploads are removed from the (versioned) input bucket."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.input_noncurrent_version_expiration_days >= 1
    error_message = "input_noncurrent_version_expiration_days must be at least 1."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete buckets that still hold objects. For throwaway environments only."
  type        = bool
  default     = false
  nullable    = false
}

variable "cloudfront_distribution_arn" {
  description = "ARN of the CloudFront distribution that serves the output bucket through origin access control; its s3:GetObject is granted by the output bucket's policy for this ARN only. null grants nothing."
  type        = string
  default     = null

  # "::?": CloudFront ARNs have an empty region field; moto 5.2.1 leaves it out.
  validation {
    condition     = var.cloudfront_distribution_arn == null || can(regex("^arn:aws[a-z-]*:cloudfront::?[0-9]{12}:distribution/[A-Z0-9]+$", var.cloudfront_distribution_arn))
    error_message = "cloudfront_distribution_arn must be null or a CloudFront distribution ARN (arn:aws:cloudfront::<account>:distribution/<id>)."
  }
}
