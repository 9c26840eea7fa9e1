variable "project" {
  description = "Project name; with environment it forms the deployment name <project>-<environment> used for functions, roles and the Application variable."
  type        = string
  default     = "lms-hls-streaming"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,29}$", var.project))
    error_message = "project must be 2-30 characters: lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name, e.g. dev or prod."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "environment must be 2-10 lowercase letters or digits, starting with a letter (e.g. dev, prod)."
  }
}

variable "input_bucket_name" {
  description = "Name of the input bucket; null uses the storage module's default (input-bucket-terraform-lms-hls-streaming)."
  type        = string
  default     = null
}

variable "output_bucket_name" {
  description = "Name of the output bucket; null uses the storage module's default (output-bucket-terraform-lms-hls-streaming)."
  type        = string
  default     = null
}

variable "force_destroy" {
  description = "Let terraform destroy delete buckets that still hold objects. For throwaway environments only."
  type        = bool
  default     = false
  nullable    = false
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for both buckets; null keeps SSE-S3."
  type        = string
  default     = null
}

variable "cors_allowed_origins" {
  description = "Origins whose players may read the output bucket from a browser."
  type        = list(string)
  default     = ["*"]
  nullable    = false
}

variable "input_expiration_days" {
  description = "Days after which uploaded source videos expire from the input bucket; null keeps them."
  type        = number
  default     = null
}

variable "converter_jar_path" {
  description = "Path to the shaded converter jar (the roots pass lambda-java/converter/target/converter.jar). Its hash decides when the code is redeployed."
  type        = string
  nullable    = false
}

variable "video_suffixes" {
  description = "Video file suffixes that trigger the converter, e.g. [\".mp4\"]: the roots read them from job-templates/video-suffixes.json, the list the converter's jar carries too."
  type        = list(string)
  nullable    = false
}

variable "caption_suffixes" {
  description = "Caption file suffixes that also trigger the converter (a caption uploaded after its video starts a new job with it), e.g. [\".srt\", \".vtt\"]: the roots read them from job-templates/hls-captions.json, the fragment the converter's jar carries."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "default_caption_language" {
  description = "BCP 47 language tag of a caption file uploaded without one (intro.vtt), e.g. \"en\"."
  type        = string
  default     = "en"
  nullable    = false
}

variable "lambda_memory_size" {
  description = "Memory of the converter Lambda in MB."
  type        = number
  default     = 512
  nullable    = false
}

variable "lambda_timeout" {
  description = "Timeout of the converter Lambda in seconds."
  type        = number
  default     = 30
  nullable    = false
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the converter's logs."
  type        = number
  default     = 30
  nullable    = false
}

variable "tracing_mode" {
  description = "X-Ray tracing mode of the converter Lambda: PassThrough or Active (Active also grants the X-Ray write actions)."
  type        = string
  default     = "PassThrough"
  nullable    = false
}

variable "converter_snap_start" {
  description = "SnapStart for the converter's published versions; false only where it is not offered (an API emulator)."
  type        = bool
  default     = true
  nullable    = false
}
