variable "bucket_name" {
  description = "Name of the input bucket whose uploads trigger the function. This module owns the bucket's whole notification configuration."
  type        = string
}

variable "function_arn" {
  description = "ARN S3 invokes and the permission is granted on: the converter's alias ARN (function:<name>:<alias>), so events run the published SnapStart version."
  type        = string

  validation {
    condition     = can(regex("^arn:[a-z-]+:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$", var.function_arn))
    error_message = "function_arn must be a Lambda function ARN, optionally with a version or alias (arn:aws:lambda:<region>:<account>:function:<name>[:<alias>])."
  }
}

variable "suffixes" {
  description = "File suffixes that trigger the function: the videos' and the caption files', e.g. [\".mp4\", \".vtt\", \".srt\"] (from job-templates/video-suffixes.json and hls-captions.json). Each is registered in lower and upper case."
  type        = list(string)

  validation {
    condition     = length(var.suffixes) > 0 && alltrue([for s in var.suffixes : can(regex("^\\.[A-Za-z0-9]+$", s))])
    error_message = "suffixes must be a non-empty list of file extensions starting with a dot, e.g. \".mp4\"."
  }
}
