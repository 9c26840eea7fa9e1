variable "name" {
  description = "Deployment name the role names start with, e.g. lms-hls-streaming-dev (roles become <name>-converter and <name>-mediaconvert)."
  type        = string

  validation {
    # IAM role names allow 64 characters; the longest suffix added here is "-mediaconvert" (13).
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,51}$", var.name))
    error_message = "name must be 1-51 characters from A-Z a-z 0-9 + = , . @ _ - (IAM role name rules, leaving room for the suffix)."
  }
}

variable "input_bucket_arn" {
  description = "ARN of the input bucket MediaConvert reads source videos from."
  type        = string

  validation {
    condition     = can(regex("^arn:[a-z-]+:s3:::[a-z0-9.-]+$", var.input_bucket_arn))
    error_message = "input_bucket_arn must be an S3 bucket ARN (arn:<partition>:s3:::<bucket>)."
  }
}

variable "output_bucket_arn" {
  description = "ARN of the output bucket MediaConvert writes assets to."
  type        = string

  validation {
    condition     = can(regex("^arn:[a-z-]+:s3:::[a-z0-9.-]+$", var.output_bucket_arn))
    error_message = "output_bucket_arn must be an S3 bucket ARN (arn:<partition>:s3:::<bucket>)."
  }
}

variable "output_key_prefix" {
  description = "Key prefix MediaConvert may write under in the output bucket (the converter writes assets/<assetID>/...)."
  type        = string
  default     = "assets/"
  nullable    = false

  validation {
    condition     = can(regex("^[^*?]+/$", var.output_key_prefix))
    error_message = "output_key_prefix must be a non-empty prefix ending in \"/\" without wildcards."
  }
}

variable "kms_key_arn" {
  description = "KMS key the buckets are encrypted with, or null for SSE-S3. When set, MediaConvert may use it through S3 only."
  type        = string
  default     = null
}

variable "log_group_arn" {
  description = "ARN of the converter Lambda's CloudWatch log group (the function writes only there)."
  type        = string
}

variable "failure_queue_arn" {
  description = "ARN of the SQS queue the Lambda's asynchronous invocations are sent to after the last failed retry."
  type        = string
}

variable "xray_tracing" {
  description = "Whether the Lambda sends X-Ray traces (tracing mode Active); adds the two X-Ray write actions."
  type        = bool
  default     = false
  nullable    = false
}
