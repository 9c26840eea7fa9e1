variable "name" {
  description = "Deployment name (<project>-<environment>); prefixes the origin access control, policies, public key and key group."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{1,40}$", var.name))
    error_message = "name must be 1-40 letters, digits or hyphens (it prefixes CloudFront names limited to 64 characters)."
  }
}

variable "bucket_name" {
  description = "Name of the private output bucket CloudFront reads from (the distribution's only origin)."
  type        = string
}

variable "bucket_regional_domain_name" {
  description = "Regional domain name of the output bucket (<bucket>.s3.<region>.amazonaws.com), the origin's domain."
  type        = string

  validation {
    condition     = can(regex("\\.s3\\.([a-z0-9-]+\\.)?amazonaws\\.com(\\.cn)?$", var.bucket_regional_domain_name))
    error_message = "bucket_regional_domain_name must be an S3 bucket domain such as my-bucket.s3.us-east-1.amazonaws.com."
  }
}

variable "price_class" {
  description = "CloudFront price class: PriceClass_100 (North America, Europe, Israel), PriceClass_200 (adds most of Asia, Middle East, Africa) or PriceClass_All."
  type        = string
  default     = "PriceClass_100"
  nullable    = false

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "cors_allowed_origins" {
  description = "Origins whose players may fetch playlists and segments from a browser (CORS response headers policy), e.g. [\"https://lms.example.com\"]. \"*\" is refused together with signed_access, because signed cookies need credentialed requests."
  type        = list(string)
  default     = ["*"]
  nullable    = false

  validation {
    condition     = length(var.cors_allowed_origins) > 0 && alltrue([for o in var.cors_allowed_origins : o == "*" || can(regex("^https?://[^/*]+$", o))])
    error_message = "cors_allowed_origins must hold at least one entry, each \"*\" or an origin like https://lms.example.com (no path)."
  }

  validation {
    condition     = !(var.signed_access && contains(var.cors_allowed_origins, "*"))
    error_message = "cors_allowed_origins must list the LMS's origins (not \"*\") when signed_access is on: browsers send signed cookies only on credentialed requests, which CORS forbids for \"*\"."
  }
}

variable "playlist_ttl_seconds" {
  description = "How long CloudFront caches playlists (*.m3u8) when the origin sends no Cache-Control: short, so a re-converted asset shows up soon."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.playlist_ttl_seconds >= 0 && var.playlist_ttl_seconds <= 3600 && floor(var.playlist_ttl_seconds) == var.playlist_ttl_seconds
    error_message = "playlist_ttl_seconds must be a whole number from 0 to 3600."
  }
}

variable "domain_name" {
  description = "Optional alias (e.g. media.lms.example.com) served with acm_certificate_arn; null uses the distribution's *.cloudfront.net name. Signed cookies need an alias under the LMS's domain."
  type        = string
  default     = null

  validation {
    condition     = var.domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be null or a lowercase host name such as media.lms.example.com."
  }

  validation {
    condition     = (var.domain_name == null) == (var.acm_certificate_arn == null)
    error_message = "domain_name and acm_certificate_arn go together: set both or neither."
  }

  validation {
    condition     = var.domain_name != null || !var.signed_access || var.signed_access_without_domain
    error_message = "signed_access needs domain_name (with acm_certificate_arn) under the LMS's domain: signed cookies set by the LMS for *.cloudfront.net are refused by browsers, so every lecture would answer 403."
  }
}

variable "acm_certificate_arn" {
  description = "ACM certificate for domain_name; CloudFront only takes certificates from us-east-1. null with domain_name null."
  type        = string
  default     = null

  validation {
    condition     = var.acm_certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/[0-9a-f-]+$", var.acm_certificate_arn))
    error_message = "acm_certificate_arn must be null or an ACM certificate ARN in us-east-1 (arn:aws:acm:us-east-1:<account>:certificate/<id>)."
  }
}

variable "logging_bucket_domain_name" {
  description = "Optional standard logging: domain of the bucket that receives CloudFront access logs (<bucket>.s3.amazonaws.com; the bucket must have ACLs enabled). null turns logging off."
  type        = string
  default     = null

  validation {
    condition     = var.logging_bucket_domain_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\\.s3\\.amazonaws\\.com$", var.logging_bucket_domain_name))
    error_message = "logging_bucket_domain_name must be null or <bucket>.s3.amazonaws.com."
  }
}

variable "logging_prefix" {
  description = "Key prefix of the access logs in logging_bucket_domain_name."
  type        = string
  default     = "cloudfront/"
  nullable    = false

  validation {
    condition     = can(regex("^([A-Za-z0-9!_.*'()-]+/)*$", var.logging_prefix))
    error_message = "logging_prefix must be empty or folder names ending in \"/\", e.g. cloudfront/."
  }
}

variable "signed_access" {
  description = "Serve media only to requests with valid CloudFront signed cookies or signed URLs: adds a public key (signed_access_public_key_pem) and a key group trusted by every media behaviour."
  type        = bool
  default     = false
  nullable    = false
}

variable "signed_access_without_domain" {
  description = "Allow signed_access on the distribution's own *.cloudfront.net name. No LMS can set cookies for that domain (it is on the public suffix list), so browsers would never send them: only for test stacks whose client sets cookies itself (curl, the smoke test)."
  type        = bool
  default     = false
  nullable    = false
}

variable "signed_access_public_key_pem" {
  description = "PEM (-----BEGIN PUBLIC KEY-----) of the RSA 2048 key pair whose private half the LMS backend signs cookies with. Required when signed_access is on."
  type        = string
  default     = null

  validation {
    condition     = var.signed_access_public_key_pem == null || can(regex("^-----BEGIN PUBLIC KEY-----\\r?\\n[A-Za-z0-9+/=\\r\\n]+-----END PUBLIC KEY-----\\s*$", var.signed_access_public_key_pem))
    error_message = "signed_access_public_key_pem must be a PEM public key (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)."
  }

  validation {
    condition     = !var.signed_access || var.signed_access_public_key_pem != null
    error_message = "signed_access needs signed_access_public_key_pem: the public half of the key the LMS backend signs cookies with."
  }
}

variable "use_cloudfront_policies" {
  description = "Attach cache policies (AWS managed ones by ID plus a custom one for playlists) and the CORS response headers policy. false only for emulators without those APIs (moto 5.2.1): behaviours then carry the same TTLs as legacy cache settings and no CORS policy."
  type        = bool
  default     = true
  nullable    = false
}

variable "wait_for_deployment" {
  description = "Wait until the distribution is deployed to every edge location (about 5-15 minutes) before finishing apply."
  type        = bool
  default     = true
  nullable    = false
}

variable "page_files_dir" {
  description = "Folder of the built player page (index.html, watch.html and what they load; web/dist of this repository after `make web`), uploaded to the bucket under page_prefix and served there without signed access. Its config.json is replaced by one pointing at this distribution. null deploys no page."
  type        = string
  default     = null

  validation {
    # fileexists of a path under null would fail before the null test (no short circuit).
    condition     = var.page_files_dir == null || (fileexists("${coalesce(var.page_files_dir, ".")}/index.html") && fileexists("${coalesce(var.page_files_dir, ".")}/watch.html"))
    error_message = "page_files_dir has no index.html and watch.html: build the page first (in this repository: make web, which writes web/dist) or set it to null to deploy without the page."
  }
}

variable "page_prefix" {
  description = "Key prefix (and URL path) of the player page in the bucket, ending in \"/\"; outside assets/, where the media are."
  type        = string
  default     = "player/"
  nullable    = false

  validation {
    condition     = can(regex("^([a-z0-9][a-z0-9_-]*/)+$", var.page_prefix)) && !startswith(var.page_prefix, "assets/")
    error_message = "page_prefix must be lowercase folder names each ending in \"/\" (e.g. player/), and not under assets/."
  }
}

variable "page_cache_seconds" {
  description = "Cache-Control max-age of the page's files (browsers and CloudFront): how long a new deploy of the page may take to show."
  type        = number
  default     = 300
  nullable    = false

  validation {
    condition     = var.page_cache_seconds >= 0 && var.page_cache_seconds <= 86400 && floor(var.page_cache_seconds) == var.page_cache_seconds
    error_message = "page_cache_seconds must be a whole number from 0 to 86400."
  }
}

variable "page_thumbnail_interval_seconds" {
  description = "Seconds between an asset's thumbnails (the job template's frame capture interval), written to the page's config.json: without an API the watch page places the thumbnail strip by it."
  type        = number
  default     = 5
  nullable    = false

  validation {
    condition     = var.page_thumbnail_interval_seconds > 0
    error_message = "page_thumbnail_interval_seconds must be positive."
  }
}

variable "compressed_path_patterns" {
  description = "Path patterns of text files under the media that CloudFront compresses (gzip or Brotli), besides playlists (*.m3u8, always compressed) and the page: WebVTT captions and lecture.json. Media (.ts, .mp4, .aac, .jpg) takes the default behaviour and is never compressed."
  type        = list(string)
  default     = ["*.vtt", "*.json"]
  nullable    = false

  validation {
    condition     = alltrue([for p in var.compressed_path_patterns : can(regex("^\\*\\.[a-z0-9]+$", p)) && !contains(["*.ts", "*.mp4", "*.m4s", "*.aac", "*.jpg", "*.jpeg", "*.png"], p)])
    error_message = "compressed_path_patterns must be *.<ext> patterns of text files, never media (.ts, .mp4, .m4s, .aac, .jpg, .png)."
  }
}

variable "page_content_security_policy" {
  description = "Content-Security-Policy of the player page (its response headers policy); null uses the module's: everything from the page's own origin ('self'), blob: for MediaSource and hls.js's worker, frame-ancestors 'self' and the cors_allowed_origins."
  type        = string
  default     = null
}
