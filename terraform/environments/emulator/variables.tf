variable "endpoint_url" {
  description = "One endpoint serving every AWS service used (moto_server, e.g. http://127.0.0.1:5000); null means the real AWS endpoints of the account in the ambient credentials."
  type        = string
  default     = null
}

variable "region" {
  description = "AWS region of the stack."
  type        = string
  default     = "us-east-1"
}

variable "project" {
  description = "Project name, used in resource names and the Project tag."
  type        = string
  default     = "lms-hls-streaming"
}

variable "environment" {
  description = "Name of this throwaway stack, unique per run against a real account: it ends both bucket names and sits in every function and role name."
  type        = string
  default     = "emulator"
}

variable "converter_jar_path" {
  description = "Path to the converter jar; null uses lambda-java/converter/target/converter.jar (make build)."
  type        = string
  default     = null
}

variable "signed_access" {
  description = "Media only with signed cookies (the test's and the smoke run's default); false serves the media openly (scripts/smoke-aws.sh with SMOKE_SIGNED_ACCESS=false)."
  type        = bool
  default     = true
  nullable    = false
}

variable "signed_access_public_key_pem" {
  description = "PEM public key for the distribution's key group (the test generates a key pair per run)."
  type        = string
}

variable "web_dist_path" {
  description = "Folder of the built player page; null uses web/dist (make web, which scripts/integration.sh runs first)."
  type        = string
  default     = null
}
