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

variable "kms_key_uploader_arns" {
  description = "With kms_key_arn: IAM principals that upload to the input bucket (the LMS backend's role); see the kms_key_policy_statements_json output."
  type        = list(string)
  default     = []
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

variable "player_page" {
  description = "Upload the player page (web/dist, built by make web) to the output bucket under player/ and serve it through CloudFront; false deploys the stack without it."
  type        = bool
  default     = true
  nullable    = false
}

variable "web_dist_path" {
  description = "Folder of the built player page; null uses web/dist (make web). Ignored when player_page is false."
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

variable "price_class" {
  description = "CloudFront price class: PriceClass_100, PriceClass_200 or PriceClass_All."
  type        = string
  default     = "PriceClass_100"
}

variable "playlist_ttl_seconds" {
  description = "Seconds CloudFront caches HLS playlists (segments and thumbnails: a day by default, up to a year)."
  type        = number
  default     = 60
}

variable "playback_domain_name" {
  description = "Optional alias of the distribution (e.g. media.lms.example.com), with acm_certificate_arn; null uses <id>.cloudfront.net."
  type        = string
  default     = null
}

variable "acm_certificate_arn" {
  description = "ACM certificate in us-east-1 for playback_domain_name; null without an alias."
  type        = string
  default     = null
}

variable "cloudfront_logging_bucket_domain_name" {
  description = "Optional CloudFront standard logging to <bucket>.s3.amazonaws.com; null turns it off."
  type        = string
  default     = null
}

variable "signed_access" {
  description = "Serve media only with valid CloudFront signed cookies or URLs (needs signed_access_public_key_pem)."
  type        = bool
  default     = false
}

variable "signed_access_public_key_pem" {
  description = "PEM public key whose private half the LMS backend signs cookies with (e.g. TF_VAR_signed_access_public_key_pem=\"$(cat public.pem)\")."
  type        = string
  default     = null
}

variable "notification_emails" {
  description = "Email addresses subscribed to job notifications and alarms (each confirms by email)."
  type        = list(string)
  default     = []
}

variable "lms_queue" {
  description = "Create an SQS queue of job messages (with a dead-letter queue) for the LMS backend."
  type        = bool
  default     = false
}

variable "mediaconvert_queues" {
  description = "MediaConvert queues whose JobsErroredCount raises an alarm."
  type        = list(string)
  default     = ["Default"]
}
