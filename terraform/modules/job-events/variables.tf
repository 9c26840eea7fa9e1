variable "name" {
  description = "Deployment name (<project>-<environment>); prefixes the topic, rule, queues, key alias and alarms."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{1,40}$", var.name))
    error_message = "name must be 1-40 letters, digits or hyphens."
  }
}

variable "application" {
  description = "The deployment's Application value: the converter puts it in every job's user metadata (key \"application\") and the rule only passes those jobs."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{1,128}$", var.application))
    error_message = "application must be 1-128 letters, digits or hyphens."
  }
}

variable "playback_domain_name" {
  description = "Host name players use (the CloudFront distribution or its alias); messages carry https://<this>/<masterKey>."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.playback_domain_name))
    error_message = "playback_domain_name must be a lowercase host name such as d111111abcdef8.cloudfront.net."
  }
}

variable "converter_function_name" {
  description = "Name of the converter Lambda function, the dimension of the Errors and Throttles alarms (an alias, if any, is counted under the function too)."
  type        = string
}

variable "failure_queue_name" {
  description = "Name of the queue holding converter invocations that failed after all retries; any visible message raises an alarm."
  type        = string
}

variable "mediaconvert_queues" {
  description = "MediaConvert queues whose JobsErroredCount is watched, by name (Default) or ARN: the alarm uses the ARN, which is what MediaConvert publishes as the metric's Queue dimension (the converter submits to the account's Default queue)."
  type        = list(string)
  default     = ["Default"]
  nullable    = false

  validation {
    condition     = length(var.mediaconvert_queues) > 0 && alltrue([for q in var.mediaconvert_queues : can(regex("^(arn:aws[a-z-]*:mediaconvert:[a-z0-9-]+:[0-9]{12}:queues/)?[A-Za-z0-9_-]{1,128}$", q))])
    error_message = "mediaconvert_queues must list at least one queue, each a name (letters, digits, - and _) or a queue ARN."
  }
}

variable "email_addresses" {
  description = "Addresses subscribed to the topic by email; each must confirm the subscription from the message AWS sends."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for e in var.email_addresses : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "email_addresses must hold email addresses only (name@example.com)."
  }
}

variable "lms_queue" {
  description = "Create an SQS queue subscribed to the topic (raw JSON messages, encrypted, with a dead-letter queue) for the LMS backend to consume."
  type        = bool
  default     = false
  nullable    = false
}

variable "lms_queue_max_receive_count" {
  description = "Receives after which a message the LMS backend could not process moves to the dead-letter queue."
  type        = number
  default     = 5
  nullable    = false

  validation {
    condition     = var.lms_queue_max_receive_count >= 1 && var.lms_queue_max_receive_count <= 1000 && floor(var.lms_queue_max_receive_count) == var.lms_queue_max_receive_count
    error_message = "lms_queue_max_receive_count must be a whole number from 1 to 1000."
  }
}

variable "alarm_period_seconds" {
  description = "Period over which each alarm sums (or takes the maximum of) its metric."
  type        = number
  default     = 300
  nullable    = false

  validation {
    condition     = contains([60, 300, 900, 3600], var.alarm_period_seconds)
    error_message = "alarm_period_seconds must be 60, 300, 900 or 3600."
  }
}

variable "deployer_arn" {
  description = "ARN of the principal that runs Terraform (aws_caller_identity's arn; an assumed-role session ARN is turned into its role's ARN). The key policy names it, so its KMS calls do not depend on IAM tag conditions taking effect. null names nobody."
  type        = string
  default     = null

  validation {
    condition     = var.deployer_arn == null || can(regex("^arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:(root|user/.+|role/.+|assumed-role/.+)$", var.deployer_arn))
    error_message = "deployer_arn must be null or an IAM user, role or STS assumed-role ARN."
  }
}

variable "key_administrator_arns" {
  description = "More principals (IAM role or user ARNs) the KMS key's policy names as administrators, e.g. a CI role with a path."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.key_administrator_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(root|user/.+|role/.+)$", a))])
    error_message = "key_administrator_arns must hold IAM user or role ARNs."
  }
}

variable "kms_deletion_window_days" {
  description = "Days the topic's KMS key waits before deletion after destroy (7 for throwaway stacks: a key costs money until it is deleted)."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.kms_deletion_window_days >= 7 && var.kms_deletion_window_days <= 30 && floor(var.kms_deletion_window_days) == var.kms_deletion_window_days
    error_message = "kms_deletion_window_days must be a whole number from 7 to 30."
  }
}
