locals {
  origin_id = "output-bucket"

  # AWS managed cache policy, by its published ID (CloudFront Developer Guide, "Use
  # managed cache policies"): no query strings, headers or cookies in the cache key,
  # min 1 s, default 1 day, max 1 year; it does not cache compressed variants, which
  # fits media that is never compressed on the way out.
  caching_optimized_for_uncompressed_objects = "b2884449-e4de-46a7-ac36-70bc7f1ddd6d"

  # The TTLs both ways of configuring a behaviour use. Segments, MP4 and thumbnails never
  # change once written, so they keep the managed policy's long TTLs; playlists are the
  # only files a re-conversion rewrites in place.
  media_ttl    = { min = 1, default = 86400, max = 31536000 }
  playlist_ttl = { min = 0, default = var.playlist_ttl_seconds, max = var.playlist_ttl_seconds }

  key_group_ids = var.signed_access ? [aws_cloudfront_key_group.this[0].id] : []

  # AWS managed cache policy CachingOptimized (same guide): it honours the origin's
  # Cache-Control, which the page's objects carry (page_cache_seconds), and caches
  # gzip and Brotli variants of HTML, JS and CSS.
  caching_optimized = "658327ea-f89d-4fab-a63d-7e88639e58f6"

  page      = var.page_files_dir != null
  page_ttl  = { min = 0, default = var.page_cache_seconds, max = var.page_cache_seconds }
  page_path = "${var.page_prefix}*"

  # AWS managed cache policy CachingOptimized (same guide): it honours the origin's
  # Cache-Control, keys on nothing but the path and caches gzip and Brotli variants (it
  # accepts both encodings, so CloudFront can compress).
  text_cache_policy = var.use_cloudfront_policies ? local.caching_optimized : null

  # Ordered behaviours, first match wins; everything else (segments, MP4, AAC, JPEG)
  # takes the default behaviour, which never compresses: media is compressed already and
  # gzip would only cost edge CPU (and break byte ranges). Text is compressed with gzip
  # or Brotli, whichever the viewer accepts (Apple's HLS Authoring Specification 10.1:
  # playlists MUST be gzip-able): playlists, WebVTT captions, lecture.json. The page's
  # behaviour comes first and never trusts the key group: with signed_access the page must
  # load before the LMS's cookies are there to check, and it holds nothing but the
  # player. Media under assets/ keeps the key group.
  ordered_behaviours = concat(
    local.page ? [{
      path_pattern               = local.page_path
      ttl                        = local.page_ttl
      cache_policy_id            = local.text_cache_policy
      trusted_key_groups         = []
      compress                   = true
      response_headers_policy_id = var.use_cloudfront_policies ? aws_cloudfront_response_headers_policy.page[0].id : null
    }] : [],
    [{
      path_pattern               = "*.m3u8"
      ttl                        = local.playlist_ttl
      cache_policy_id            = var.use_cloudfront_policies ? aws_cloudfront_cache_policy.playlists[0].id : null
      trusted_key_groups         = local.key_group_ids
      compress                   = true
      response_headers_policy_id = local.cors_policy_id
    }],
    [for pattern in var.compressed_path_patterns : {
      path_pattern               = pattern
      ttl                        = local.media_ttl
      cache_policy_id            = local.text_cache_policy
      trusted_key_groups         = local.key_group_ids
      compress                   = true
      response_headers_policy_id = local.cors_policy_id
    }],
  )
  cors_policy_id = var.use_cloudfront_policies ? aws_cloudfront_response_headers_policy.cors[0].id : null

  # The page takes every origin from config.json (same origin as the page): scripts,
  # styles, playlists, segments, thumbnails and lecture.json all come from this
  # distribution, hls.js feeds MediaSource from blob: URLs and may run its worker from
  # one. An origin injected into the page (a ?media= from a link) is refused by the
  # browser. frame-ancestors admits the LMS's origins, which may embed the watch page.
  page_frame_ancestors = join(" ", concat(["'self'"], [for o in var.cors_allowed_origins : o if o != "*"]))
  page_content_security_policy = coalesce(var.page_content_security_policy, join("; ", [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "font-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    "frame-ancestors ${local.page_frame_ancestors}",
  ]))

  # The player page (web/dist of this repository): every file but config.json, which is
  # written here so the page finds the media on this distribution.
  page_content_types = {
    html = "text/html; charset=utf-8"
    js   = "text/javascript; charset=utf-8"
    css  = "text/css; charset=utf-8"
    txt  = "text/plain; charset=utf-8"
    json = "application/json"
    svg  = "image/svg+xml"
  }
  page_files = local.page ? {
    for f in fileset(var.page_files_dir, "**") : f => {
      source = "${var.page_files_dir}/${f}"
      ext    = lower(element(split(".", f), length(split(".", f)) - 1))
    } if f != "config.json" && !endswith(f, ".br") && !endswith(f, ".gz") # CloudFront compresses itself
  } : {}
  # Keys under assets/ are appended to "media": from <prefix>watch.html that is one
  # "../" per folder of the prefix, so the media come from the page's own origin and
  # signed cookies travel with every playlist and segment request.
  # allowQueryOverrides = false: on the deployed page ?media= and ?api= are ignored (they
  # are for local development), so a link cannot point the production page elsewhere.
  page_config = jsonencode({
    api                 = null
    media               = join("", [for _ in split("/", trimsuffix(var.page_prefix, "/")) : "../"])
    thumbnailInterval   = var.page_thumbnail_interval_seconds
    allowQueryOverrides = false
  })
}

# SigV4 on every origin request: the bucket policy admits cloudfront.amazonaws.com only
# for this distribution's ARN, so the bucket stays private.
resource "aws_cloudfront_origin_access_control" "this" {
  name                              = "${var.name}-output"
  description                       = "Reads ${var.bucket_name} for ${var.name}"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

# No managed policy has a short TTL without also keying on query strings or disabling
# the cache, so playlists get their own.
resource "aws_cloudfront_cache_policy" "playlists" {
  count = var.use_cloudfront_policies ? 1 : 0

  name        = "${var.name}-hls-playlists"
  comment     = "HLS playlists: short TTL, gzip and Brotli, nothing but the path in the cache key"
  min_ttl     = local.playlist_ttl.min
  default_ttl = local.playlist_ttl.default
  max_ttl     = local.playlist_ttl.max

  parameters_in_cache_key_and_forwarded_to_origin {
    # Accepting both encodings lets CloudFront compress playlists (and keys the cache on
    # the normalised Accept-Encoding, one copy per encoding).
    enable_accept_encoding_brotli = true
    enable_accept_encoding_gzip   = true

    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

# CORS is answered at the edge, the same for cached and uncached responses; S3's own
# CORS rule is overridden so the two cannot disagree.
resource "aws_cloudfront_response_headers_policy" "cors" {
  #checkov:skip=CKV_AWS_259:HSTS is sent (1 year, includeSubDomains) but without preload: preloading commits the whole registrable domain, a decision for the LMS's operator
  count = var.use_cloudfront_policies ? 1 : 0

  name    = "${var.name}-hls-cors"
  comment = "CORS for HLS players on the LMS's origins; HSTS and nosniff"

  cors_config {
    # Signed cookies travel only on credentialed requests (withCredentials), which
    # browsers accept only with an explicit origin and Allow-Credentials.
    access_control_allow_credentials = var.signed_access
    origin_override                  = true
    access_control_max_age_sec       = 3000

    access_control_allow_headers {
      items = ["Range"]
    }
    access_control_allow_methods {
      items = ["GET", "HEAD", "OPTIONS"]
    }
    access_control_allow_origins {
      items = var.cors_allowed_origins
    }
    access_control_expose_headers {
      items = ["Content-Length", "Content-Range", "ETag"]
    }
  }

  # Viewers are redirected to HTTPS anyway; HSTS saves the redirect and its exposure.
  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 31536000
      include_subdomains         = true
      preload                    = false
      override                   = true
    }
    content_type_options {
      override = true
    }
  }
}

# The page's own headers: the Content-Security-Policy above, HSTS, nosniff, no referrer
# beyond the origin. No CORS: the page is fetched by browsers navigating to it.
resource "aws_cloudfront_response_headers_policy" "page" {
  #checkov:skip=CKV_AWS_259:HSTS is sent (1 year, includeSubDomains) but without preload: preloading commits the whole registrable domain, a decision for the LMS's operator
  count = var.use_cloudfront_policies && local.page ? 1 : 0

  name    = "${var.name}-player-page"
  comment = "Player page: Content-Security-Policy (origins from config.json only), HSTS, nosniff"

  security_headers_config {
    content_security_policy {
      content_security_policy = local.page_content_security_policy
      override                = true
    }
    strict_transport_security {
      access_control_max_age_sec = 31536000
      include_subdomains         = true
      preload                    = false
      override                   = true
    }
    content_type_options {
      override = true
    }
    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }
  }
}

# Public keys cannot be changed in place; a new key is created before the old one goes,
# so rotating the PEM never leaves the key group empty.
resource "aws_cloudfront_public_key" "this" {
  count = var.signed_access ? 1 : 0

  name_prefix = "${var.name}-"
  # CloudFront keeps the PEM with its final newline; the same text here means no
  # perpetual diff whether the variable came from a file or from $(cat ...).
  encoded_key = "${trimspace(var.signed_access_public_key_pem)}\n"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudfront_key_group" "this" {
  count = var.signed_access ? 1 : 0

  name  = "${var.name}-learners"
  items = [aws_cloudfront_public_key.this[0].id]
}

resource "aws_cloudfront_distribution" "this" {
  # Deliberate (list and reasons in terraform/test/README.md, "Security scan"):
  #checkov:skip=CKV_AWS_68:WAF is a platform choice with its own cost and rules; media is read-only, private by OAC and optionally signed
  #checkov:skip=CKV2_AWS_47:No WAF (see CKV_AWS_68), so no Log4j rule set to attach; the origin is S3, which runs no Java
  #checkov:skip=CKV_AWS_374:Geo restriction is a licensing choice the platform makes per course, not a default of the stack
  #checkov:skip=CKV_AWS_310:One origin: the output bucket; S3 in one region has no second origin to fail over to
  #checkov:skip=CKV_AWS_305:No default root object: the distribution serves assets/<id>/... and the player page under page_prefix; / stays unserved (403 through OAC)
  enabled         = true
  comment         = "HLS assets of ${var.name} from ${var.bucket_name}"
  http_version    = "http2and3"
  is_ipv6_enabled = true
  price_class     = var.price_class
  aliases         = var.domain_name == null ? [] : [var.domain_name]

  wait_for_deployment = var.wait_for_deployment

  origin {
    origin_id                = local.origin_id
    domain_name              = var.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.this.id
  }

  default_cache_behavior {
    target_origin_id       = local.origin_id
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    # Segments, MP4, AAC and JPEG are compressed already; gzip would only cost edge CPU.
    compress                   = false
    trusted_key_groups         = local.key_group_ids
    cache_policy_id            = var.use_cloudfront_policies ? local.caching_optimized_for_uncompressed_objects : null
    response_headers_policy_id = var.use_cloudfront_policies ? aws_cloudfront_response_headers_policy.cors[0].id : null

    min_ttl     = var.use_cloudfront_policies ? null : local.media_ttl.min
    default_ttl = var.use_cloudfront_policies ? null : local.media_ttl.default
    max_ttl     = var.use_cloudfront_policies ? null : local.media_ttl.max

    dynamic "forwarded_values" {
      for_each = var.use_cloudfront_policies ? [] : [1]
      content {
        query_string = false
        cookies {
          forward = "none"
        }
      }
    }
  }

  dynamic "ordered_cache_behavior" {
    for_each = local.ordered_behaviours
    content {
      path_pattern               = ordered_cache_behavior.value.path_pattern
      target_origin_id           = local.origin_id
      viewer_protocol_policy     = "redirect-to-https"
      allowed_methods            = ["GET", "HEAD", "OPTIONS"]
      cached_methods             = ["GET", "HEAD"]
      compress                   = ordered_cache_behavior.value.compress
      trusted_key_groups         = ordered_cache_behavior.value.trusted_key_groups
      cache_policy_id            = ordered_cache_behavior.value.cache_policy_id
      response_headers_policy_id = ordered_cache_behavior.value.response_headers_policy_id

      min_ttl     = var.use_cloudfront_policies ? null : ordered_cache_behavior.value.ttl.min
      default_ttl = var.use_cloudfront_policies ? null : ordered_cache_behavior.value.ttl.default
      max_ttl     = var.use_cloudfront_policies ? null : ordered_cache_behavior.value.ttl.max

      dynamic "forwarded_values" {
        for_each = var.use_cloudfront_policies ? [] : [1]
        content {
          query_string = false
          cookies {
            forward = "none"
          }
        }
      }
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = var.acm_certificate_arn == null
    acm_certificate_arn            = var.acm_certificate_arn
    ssl_support_method             = var.acm_certificate_arn == null ? null : "sni-only"
    minimum_protocol_version       = var.acm_certificate_arn == null ? "TLSv1" : "TLSv1.2_2021"
  }

  dynamic "logging_config" {
    for_each = var.logging_bucket_domain_name == null ? [] : [var.logging_bucket_domain_name]
    content {
      bucket          = logging_config.value
      prefix          = var.logging_prefix
      include_cookies = false
    }
  }
}

# The player page, public under page_prefix (its behaviour trusts no key group). The
# objects carry their own Cache-Control, which browsers and the managed cache policy
# both honour.
resource "aws_s3_object" "page" {
  for_each = local.page_files

  bucket        = var.bucket_name
  key           = "${var.page_prefix}${each.key}"
  source        = each.value.source
  source_hash   = filemd5(each.value.source)
  content_type  = lookup(local.page_content_types, each.value.ext, null)
  cache_control = "public, max-age=${var.page_cache_seconds}"

  lifecycle {
    precondition {
      condition     = contains(keys(local.page_content_types), each.value.ext)
      error_message = "page_files_dir holds ${each.key}, whose type (.${each.value.ext}) has no Content-Type here; add it to local.page_content_types in the delivery module or leave the file out of the build."
    }
  }
}

resource "aws_s3_object" "page_config" {
  count = local.page ? 1 : 0

  bucket        = var.bucket_name
  key           = "${var.page_prefix}config.json"
  content       = local.page_config
  content_type  = "application/json"
  cache_control = "public, max-age=${var.page_cache_seconds}"
}
