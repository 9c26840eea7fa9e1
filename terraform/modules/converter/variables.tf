variable "function_name" {
  description = "Name of the Lambda function; its log group is /aws/lambda/<function_name> and its failure queue <function_name>-failures."
  type        = string

  validation {
    # Lambda's own limit; the "-failures" queue name then stays within SQS's 80.
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.function_name))
    error_message = "function_name must be 1-64 characters from A-Z a-z 0-9 _ -."
  }
}

variable "jar_path" {
  description = "Path to the shaded converter jar built by Maven (lambda-java/converter/target/converter.jar). Its hash decides when the code is redeployed."
  type        = string

  validation {
    condition     = fileexists(var.jar_path)
    error_message = "jar_path does not point at a file: build the converter first (make build)."
  }
}

variable "role_arn" {
  description = "ARN of the execution role the function runs with (iam module's lambda_role_arn)."
  type        = string
}

variable "destination_bucket_name" {
  description = "Name of the output bucket, passed to the function as DestinationBucket."
  type        = string
}

variable "mediaconvert_role_arn" {
  description = "ARN of the role MediaConvert assumes, passed to the function as MediaConvertRole."
  type        = string
}

variable "application" {
  description = "Name of this deployment, passed to the function as Application (job user metadata, job-state event filter)."
  type        = string
}

variable "memory_size" {
  description = "Memory of the function in MB (CPU scales with it; 512 keeps the Java cold start short)."
  type        = number
  default     = 512
  nullable    = false

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "timeout" {
  description = "Timeout of one invocation in seconds. Submitting a job takes well under a second once warm; the rest is cold-start headroom."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds between 1 and 900."
  }
}

variable "architecture" {
  description = "Instruction set the function runs on. The jar is pure Java, so arm64 (cheaper) and x86_64 both work."
  type        = string
  default     = "arm64"
  nullable    = false

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "tracing_mode" {
  description = "X-Ray tracing mode: PassThrough (trace only when the caller sampled) or Active. Active needs the iam module's xray_tracing."
  type        = string
  default     = "PassThrough"
  nullable    = false

  validation {
    condition     = contains(["PassThrough", "Active"], var.tracing_mode)
    error_message = "tracing_mode must be PassThrough or Active."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the function's logs."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of CloudWatch's values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "maximum_retry_attempts" {
  description = "Retries of a failed asynchronous invocation (S3 events are asynchronous) before it goes to the failure queue."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = contains([0, 1, 2], var.maximum_retry_attempts)
    error_message = "maximum_retry_attempts must be 0, 1 or 2."
  }
}

variable "maximum_event_age_in_seconds" {
  description = "Age after which an event that is still waiting for a retry goes to the failure queue instead."
  type        = number
  default     = 3600
  nullable    = false

  validation {
    condition     = var.maximum_event_age_in_seconds >= 60 && var.maximum_event_age_in_seconds <= 21600
    error_message = "maximum_event_age_in_seconds must be between 60 and 21600."
  }
}

variable "failure_queue_retention_seconds" {
  description = "How long failed invocations are kept in the failure queue for inspection or replay."
  type        = number
  default     = 1209600
  nullable    = false

  validation {
    condition     = var.failure_queue_retention_seconds >= 60 && var.failure_queue_retention_seconds <= 1209600
    error_message = "failure_queue_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "alias_name" {
  description = "Name of the alias that S3 invokes; it always points at the newest published (SnapStart) version."
  type        = string
  default     = "live"
  nullable    = false

  validation {
    # Lambda's alias name rule; a name of digits only would read as a version number.
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.alias_name)) && !can(regex("^[0-9]+$", var.alias_name))
    error_message = "alias_name must be 1-128 characters from A-Z a-z 0-9 _ - and not only digits."
  }
}

variable "snap_start" {
  description = "Restore published versions from a SnapStart snapshot (java21 on arm64 and x86_64 supports it). false only where SnapStart is not offered, e.g. an API emulator that does not keep the setting."
  type        = bool
  default     = true
  nullable    = false
}

variable "default_caption_language" {
  description = "BCP 47 language tag of a caption file uploaded without one (intro.vtt next to intro.mp4), e.g. \"en\" or \"pt-BR\". Tagged files (intro.de.srt) carry their own."
  type        = string
  default     = "en"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", var.default_caption_language))
    error_message = "default_caption_language must be a BCP 47 language tag such as en, de or pt-BR."
  }
}
