# The same file in every environment root; values live in terraform.tfvars.

variable "region" {
  description = "AWS region of the whole stack (MediaConvert must be offered there; the converter uses the Lambda's own region)."
  type        = string
}

variable "project" {
  description = "Project name, used in resource names and the Project tag."
  type        = string
  default     = "lms-hls-streaming"
}

variable "environment" {
  description = "Environment this root deploys: dev or prod."
  type        = string

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be dev or prod."
  }
}

variable "input_bucket_name" {
  description = "Name of the input bucket; null uses input-bucket-terraform-lms-hls-streaming. S3 names are global."
  type        = string
  default     = null
}

variable "output_bucket_name" {
  description = "Name of the output bucket; null uses output-bucket-terraform-lms-hls-streaming. S3 names are global."
  type        = string
  default     = null
}

variable "force_destroy" {
  description = "Let terraform destroy delete buckets that still hold objects."
  type        = bool
  default     = false
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
}

variable "input_expiration_days" {
  description = "Days after which uploaded source videos expire from the input bucket; null keeps them."
  type        = number
  default     = null
}

variable "converter_jar_path" {
  description = "Path to the converter jar; null uses lambda-java/converter/target/converter.jar (make build)."
  type        = string
  default     = null
}

variable "lambda_memory_size" {
  description = "Memory of the converter Lambda in MB (128-10240)."
  type        = number
  default     = 512
}

variable "lambda_timeout" {
  description = "Timeout of the converter Lambda in seconds."
  type        = number
  default     = 30
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the converter's logs."
  type        = number
  default     = 30
}

variable "tracing_mode" {
  description = "X-Ray tracing of the converter Lambda: PassThrough or Active."
  type        = string
  default     = "PassThrough"
}

variable "default_caption_language" {
  description = "BCP 47 language tag of a caption file uploaded without one (intro.vtt next to intro.mp4): the platform's default language."
  type        = string
  default     = "en"
}
