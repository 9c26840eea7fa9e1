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
  description = "Name of the input bucket; null derives <project>-<environment>-input-<account id> (unique per account). The source system's name, input-bucket-terraform-lms-hls-streaming, can be given here."
  type        = string
  default     = null
}

variable "output_bucket_name" {
  description = "Name of the output bucket; null derives <project>-<environment>-output-<account id> (unique per account). The source system's name, output-bucket-terraform-lms-hls-streaming, can be given here."
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

variable "page_files_dir" {
  description = "Folder of the built player page (the roots pass web/dist), uploaded to the output bucket under page_prefix and served by the distribution without signed access; null deploys no page."
  type        = string
  default     = null
}

variable "page_prefix" {
  description = "Key prefix and URL path of the player page, outside assets/."
  type        = string
  default     = "player/"
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

variable "price_class" {
  description = "CloudFront price class: PriceClass_100, PriceClass_200 or PriceClass_All."
  type        = string
  default     = "PriceClass_100"
  nullable    = false
}

variable "playlist_ttl_seconds" {
  description = "Seconds CloudFront caches HLS playlists; segments, MP4 and thumbnails are cached for a day by default, up to a year."
  type        = number
  default     = 60
  nullable    = false
}

variable "playback_domain_name" {
  description = "Optional alias of the distribution (e.g. media.lms.example.com), with acm_certificate_arn; null uses <id>.cloudfront.net."
  type        = string
  default     = null
}

variable "acm_certificate_arn" {
  description = "ACM certificate (us-east-1) for playback_domain_name; null without an alias."
  type        = string
  default     = null
}

variable "cloudfront_logging_bucket_domain_name" {
  description = "Optional CloudFront standard logging to <bucket>.s3.amazonaws.com (a bucket with ACLs enabled); null turns it off."
  type        = string
  default     = null
}

variable "signed_access" {
  description = "Serve media only with valid CloudFront signed cookies or URLs (key group from signed_access_public_key_pem)."
  type        = bool
  default     = false
  nullable    = false
}

variable "signed_access_public_key_pem" {
  description = "PEM public key whose private half the LMS backend signs cookies with; required with signed_access."
  type        = string
  default     = null
}

variable "signed_access_without_domain" {
  description = "Allow signed_access without playback_domain_name (the distribution's *.cloudfront.net, where no LMS can set cookies): test stacks only, whose client sends the cookies itself."
  type        = bool
  default     = false
  nullable    = false
}

variable "kms_key_uploader_arns" {
  description = "With kms_key_arn: IAM principals (the LMS backend's role) that upload videos and captions to the input bucket; kms_key_policy_statements_json grants them the key through S3."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "use_cloudfront_policies" {
  description = "Attach CloudFront cache and response headers (CORS) policies. false only for emulators without those APIs."
  type        = bool
  default     = true
  nullable    = false
}

variable "notification_emails" {
  description = "Email addresses subscribed to the job notifications topic (each confirms by email)."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "lms_queue" {
  description = "Create an SQS queue (with a dead-letter queue) subscribed to the job notifications topic, for the LMS backend."
  type        = bool
  default     = false
  nullable    = false
}

variable "mediaconvert_queues" {
  description = "MediaConvert queues whose JobsErroredCount raises an alarm (the metric's Queue dimension)."
  type        = list(string)
  default     = ["Default"]
  nullable    = false
}

variable "kms_key_administrator_arns" {
  description = "IAM role or user ARNs the notifications key's policy names as administrators besides the principal running Terraform (e.g. a CI role with a path, which the session ARN does not show)."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "kms_deletion_window_days" {
  description = "Days the notifications topics' KMS key waits before deletion after destroy (7-30); throwaway stacks use 7."
  type        = number
  default     = 30
  nullable    = false
}
