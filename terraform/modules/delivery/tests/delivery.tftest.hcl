# Offline: the AWS provider is mocked. IDs and ARNs CloudFront computes are overridden
# with realistic values so the wiring between resources can be asserted.
mock_provider "aws" {}

override_resource {
  target = aws_cloudfront_distribution.this
  values = {
    id          = "E2QWRUHAPOMQZL"
    arn         = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"
    domain_name = "d111111abcdef8.cloudfront.net"
  }
}

override_resource {
  target = aws_cloudfront_origin_access_control.this
  values = { id = "E2OACEXAMPLE01" }
}

override_resource {
  target = aws_cloudfront_cache_policy.playlists
  values = { id = "4f1e2d3c-0000-4000-8000-000000000001" }
}

override_resource {
  target = aws_cloudfront_response_headers_policy.cors
  values = { id = "5a6b7c8d-0000-4000-8000-000000000002" }
}

override_resource {
  target = aws_cloudfront_response_headers_policy.page
  values = { id = "6b7c8d9e-0000-4000-8000-000000000004" }
}

override_resource {
  target = aws_cloudfront_public_key.this
  values = { id = "K2JCJMDEHXQW5F" }
}

override_resource {
  target = aws_cloudfront_key_group.this
  values = { id = "7e8f9a0b-0000-4000-8000-000000000003" }
}

variables {
  name                        = "lms-hls-streaming-test"
  bucket_name                 = "output-bucket-terraform-lms-hls-streaming"
  bucket_regional_domain_name = "output-bucket-terraform-lms-hls-streaming.s3.us-east-1.amazonaws.com"
  cors_allowed_origins        = ["https://lms.example.com"]
}

run "defaults_serve_the_private_bucket_over_https_with_vod_caching" {
  assert {
    condition = (
      one(aws_cloudfront_distribution.this.origin).domain_name == "output-bucket-terraform-lms-hls-streaming.s3.us-east-1.amazonaws.com"
      && one(aws_cloudfront_distribution.this.origin).origin_access_control_id == "E2OACEXAMPLE01"
      && length(one(aws_cloudfront_distribution.this.origin).custom_origin_config) == 0
    )
    error_message = "The only origin must be the output bucket's regional endpoint, signed by the origin access control."
  }

  assert {
    condition = (
      aws_cloudfront_origin_access_control.this.origin_access_control_origin_type == "s3"
      && aws_cloudfront_origin_access_control.this.signing_behavior == "always"
      && aws_cloudfront_origin_access_control.this.signing_protocol == "sigv4"
    )
    error_message = "The origin access control must always sign S3 requests with SigV4."
  }

  assert {
    condition = (
      aws_cloudfront_distribution.this.http_version == "http2and3"
      && aws_cloudfront_distribution.this.price_class == "PriceClass_100"
      && aws_cloudfront_distribution.this.enabled
      && length(aws_cloudfront_distribution.this.aliases) == 0
      && one(aws_cloudfront_distribution.this.viewer_certificate).cloudfront_default_certificate
      && length(aws_cloudfront_distribution.this.logging_config) == 0
    )
    error_message = "Defaults: HTTP/2 and HTTP/3, PriceClass_100, the cloudfront.net certificate, no alias, no logging."
  }

  assert {
    condition = alltrue([for b in concat(aws_cloudfront_distribution.this.default_cache_behavior, aws_cloudfront_distribution.this.ordered_cache_behavior) :
      b.viewer_protocol_policy == "redirect-to-https" && length(b.trusted_key_groups) == 0
      && b.response_headers_policy_id == "5a6b7c8d-0000-4000-8000-000000000002" && b.target_origin_id == "output-bucket"
    ])
    error_message = "Every behaviour must redirect to HTTPS, carry the CORS policy and (without signed_access) trust no key group."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.default_cache_behavior).compress == false
    error_message = "Media (segments .ts, MP4, AAC, JPEG thumbnails: the default behaviour) must never be compressed."
  }

  assert {
    condition = [for b in aws_cloudfront_distribution.this.ordered_cache_behavior : [b.path_pattern, b.compress, b.cache_policy_id]] == [
      ["*.m3u8", true, "4f1e2d3c-0000-4000-8000-000000000001"],
      ["*.vtt", true, "658327ea-f89d-4fab-a63d-7e88639e58f6"],
      ["*.json", true, "658327ea-f89d-4fab-a63d-7e88639e58f6"],
    ]
    error_message = "Playlists, WebVTT captions and lecture.json must be compressed; captions and lecture.json with the managed CachingOptimized policy (gzip and Brotli)."
  }

  assert {
    condition = (one(aws_cloudfront_cache_policy.playlists[0].parameters_in_cache_key_and_forwarded_to_origin).enable_accept_encoding_gzip
    && one(aws_cloudfront_cache_policy.playlists[0].parameters_in_cache_key_and_forwarded_to_origin).enable_accept_encoding_brotli)
    error_message = "The playlist cache policy must accept gzip and Brotli, or CloudFront never compresses playlists (Apple HLS Authoring Specification 10.1)."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.default_cache_behavior).cache_policy_id == "b2884449-e4de-46a7-ac36-70bc7f1ddd6d"
    error_message = "Segments, MP4 and thumbnails (default behaviour) must use the managed CachingOptimizedForUncompressedObjects policy by its published ID."
  }

  assert {
    condition = (
      length(aws_cloudfront_distribution.this.ordered_cache_behavior) == 3
      && aws_cloudfront_distribution.this.ordered_cache_behavior[0].path_pattern == "*.m3u8"
      && aws_cloudfront_distribution.this.ordered_cache_behavior[0].cache_policy_id == "4f1e2d3c-0000-4000-8000-000000000001"
    )
    error_message = "Playlists (*.m3u8) must have their own behaviour with the custom short-TTL cache policy."
  }

  assert {
    condition = (
      aws_cloudfront_cache_policy.playlists[0].min_ttl == 0
      && aws_cloudfront_cache_policy.playlists[0].default_ttl == 60
      && aws_cloudfront_cache_policy.playlists[0].max_ttl == 60
      && one(one(aws_cloudfront_cache_policy.playlists[0].parameters_in_cache_key_and_forwarded_to_origin).query_strings_config).query_string_behavior == "none"
      && one(one(aws_cloudfront_cache_policy.playlists[0].parameters_in_cache_key_and_forwarded_to_origin).cookies_config).cookie_behavior == "none"
    )
    error_message = "The playlist cache policy must cache for 60 s at most and key on the path only."
  }

  assert {
    condition = (
      one(aws_cloudfront_response_headers_policy.cors[0].cors_config).access_control_allow_origins[0].items == toset(["https://lms.example.com"])
      && one(aws_cloudfront_response_headers_policy.cors[0].cors_config).access_control_allow_methods[0].items == toset(["GET", "HEAD", "OPTIONS"])
      && one(aws_cloudfront_response_headers_policy.cors[0].cors_config).access_control_allow_credentials == false
      && one(aws_cloudfront_response_headers_policy.cors[0].cors_config).origin_override
    )
    error_message = "The CORS policy must allow the LMS's origins to GET/HEAD, without credentials when access is not signed."
  }

  assert {
    condition = (
      one(one(aws_cloudfront_response_headers_policy.cors[0].security_headers_config).strict_transport_security).access_control_max_age_sec == 31536000
      && one(one(aws_cloudfront_response_headers_policy.cors[0].security_headers_config).strict_transport_security).include_subdomains
      && length(one(aws_cloudfront_response_headers_policy.cors[0].security_headers_config).content_type_options) == 1
    )
    error_message = "The response headers policy must send HSTS for a year and nosniff."
  }

  assert {
    condition     = length(aws_cloudfront_public_key.this) == 0 && length(aws_cloudfront_key_group.this) == 0 && output.key_group_id == null
    error_message = "Without signed_access there must be no public key and no key group."
  }

  assert {
    condition = (
      output.distribution_arn == "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"
      && output.domain_name == "d111111abcdef8.cloudfront.net"
      && output.playback_url_pattern == "https://d111111abcdef8.cloudfront.net/assets/<assetID>/HLS/<name>.m3u8"
    )
    error_message = "Outputs must name the distribution and the playback URL pattern on its domain."
  }
}

run "signed_access_makes_the_key_group_trusted_by_every_media_behaviour" {
  variables {
    signed_access                = true
    signed_access_without_domain = true
    signed_access_public_key_pem = <<-PEM
      -----BEGIN PUBLIC KEY-----
      MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAyiToqPDOOwIdso5vkmxy
      o/bt5nI5NTlIUWh6MvhMtpEAxfonT/Dc6leDJHNwM6ZypzE7PcMJl1t27G2tsq0U
      vhKu9bK4PeK/lGGQI5UPQhwckYPBfX/xhJWqM46rKujGs/WSioUfieqLNV8MRMPH
      t0ZIwS+wgDNfdszsqxeZMLCqcLR2aFlgxAsNZMNph4QwsZTCEfzgzjjwDf4Iy1gU
      LQ0eqayJ3OqhtyajIFfAOvzi4xxyIlC3yuRL3FFTQuxWky06qCovXvhaIXkesGfm
      ZGvpJGfhzYmJqyZ+4C+WZtQmG3RI1umm6DJBKo/EheUpvARuUXZScjXpUCGZOTeR
      BQIDAQAB
      -----END PUBLIC KEY-----
    PEM
  }

  assert {
    condition     = toset(aws_cloudfront_key_group.this[0].items) == toset(["K2JCJMDEHXQW5F"]) && endswith(aws_cloudfront_public_key.this[0].encoded_key, "-----END PUBLIC KEY-----\n")
    error_message = "The key group must hold the public key made from the PEM (normalised to one final newline)."
  }

  assert {
    condition = alltrue([for b in concat(aws_cloudfront_distribution.this.default_cache_behavior, aws_cloudfront_distribution.this.ordered_cache_behavior) :
      toset(b.trusted_key_groups) == toset(["7e8f9a0b-0000-4000-8000-000000000003"])
    ])
    error_message = "Every media behaviour (segments, playlists, captions, lecture.json) must trust the key group."
  }

  assert {
    condition     = one(aws_cloudfront_response_headers_policy.cors[0].cors_config).access_control_allow_credentials
    error_message = "With signed cookies, CORS must allow credentials."
  }

  assert {
    condition     = output.public_key_id == "K2JCJMDEHXQW5F" && output.key_group_id == "7e8f9a0b-0000-4000-8000-000000000003"
    error_message = "Outputs must give the Key-Pair-Id and the key group."
  }
}

run "alias_certificate_logging_and_price_class_are_configurable" {
  variables {
    domain_name                = "media.lms.example.com"
    acm_certificate_arn        = "arn:aws:acm:us-east-1:123456789012:certificate/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6"
    logging_bucket_domain_name = "lms-logs.s3.amazonaws.com"
    price_class                = "PriceClass_All"
    playlist_ttl_seconds       = 5
  }

  assert {
    condition = (
      aws_cloudfront_distribution.this.aliases == toset(["media.lms.example.com"])
      && one(aws_cloudfront_distribution.this.viewer_certificate).acm_certificate_arn == "arn:aws:acm:us-east-1:123456789012:certificate/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6"
      && one(aws_cloudfront_distribution.this.viewer_certificate).ssl_support_method == "sni-only"
      && one(aws_cloudfront_distribution.this.viewer_certificate).minimum_protocol_version == "TLSv1.2_2021"
      && !one(aws_cloudfront_distribution.this.viewer_certificate).cloudfront_default_certificate
    )
    error_message = "An alias must be served with its ACM certificate, SNI and TLS 1.2 or later."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.logging_config).bucket == "lms-logs.s3.amazonaws.com" && one(aws_cloudfront_distribution.this.logging_config).prefix == "cloudfront/"
    error_message = "Standard logging must go to the given bucket under cloudfront/."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.price_class == "PriceClass_All" && aws_cloudfront_cache_policy.playlists[0].max_ttl == 5
    error_message = "price_class and playlist_ttl_seconds must reach the distribution and the playlist policy."
  }

  assert {
    condition     = output.domain_name == "media.lms.example.com" && output.playback_url_pattern == "https://media.lms.example.com/assets/<assetID>/HLS/<name>.m3u8"
    error_message = "With an alias, players must be pointed at the alias."
  }
}

run "without_cloudfront_policies_behaviours_carry_the_same_ttls" {
  variables {
    use_cloudfront_policies = false
  }

  assert {
    condition     = length(aws_cloudfront_cache_policy.playlists) == 0 && length(aws_cloudfront_response_headers_policy.cors) == 0
    error_message = "use_cloudfront_policies = false must create no cache or response headers policy (moto has neither API)."
  }

  assert {
    condition = (
      one(aws_cloudfront_distribution.this.default_cache_behavior).cache_policy_id == null
      && [one(aws_cloudfront_distribution.this.default_cache_behavior).min_ttl, one(aws_cloudfront_distribution.this.default_cache_behavior).default_ttl, one(aws_cloudfront_distribution.this.default_cache_behavior).max_ttl] == [1, 86400, 31536000]
      && [aws_cloudfront_distribution.this.ordered_cache_behavior[0].min_ttl, aws_cloudfront_distribution.this.ordered_cache_behavior[0].default_ttl, aws_cloudfront_distribution.this.ordered_cache_behavior[0].max_ttl] == [0, 60, 60]
      && length(one(aws_cloudfront_distribution.this.default_cache_behavior).forwarded_values) == 1
    )
    error_message = "Legacy settings must carry the managed policy's TTLs for media and the short TTL for playlists."
  }
}

run "rejects_each_invalid_value" {
  # One plan, several variables each invalid on its own: every variable listed must fail its
  # own validation (terraform test names any that does not: "Missing expected failure").
  # One run instead of one per variable: each run starts the AWS provider.
  command = plan
  variables {
    # an unknown price class
    price_class = "PriceClass_50"
    # an alias without a certificate
    domain_name = "media.lms.example.com"
    # a private key as public key
    signed_access_public_key_pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg==\n-----END PRIVATE KEY-----\n"
    # a cors origin with a path
    cors_allowed_origins = ["https://lms.example.com/courses"]
    # a negative playlist ttl
    playlist_ttl_seconds = -1
    # a logging target that is not a bucket domain
    logging_bucket_domain_name = "lms-logs"
    # a website endpoint as origin
    bucket_regional_domain_name = "lms.example.com"
    # a page folder that was not built
    page_files_dir = "tests/no-such-build"
    # compressing media
    compressed_path_patterns = ["*.vtt", "*.ts"]
  }
  expect_failures = [
    var.price_class,
    var.domain_name,
    var.signed_access_public_key_pem,
    var.cors_allowed_origins,
    var.playlist_ttl_seconds,
    var.logging_bucket_domain_name,
    var.bucket_regional_domain_name,
    var.page_files_dir,
    var.compressed_path_patterns,
  ]
}

run "rejects_a_certificate_outside_us_east_1" {
  command = plan
  variables {
    domain_name         = "media.lms.example.com"
    acm_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6"
  }
  expect_failures = [var.acm_certificate_arn]
}

run "rejects_signed_access_without_a_public_key" {
  command = plan
  variables {
    signed_access                = true
    signed_access_without_domain = true
  }
  expect_failures = [var.signed_access_public_key_pem]
}

run "rejects_signed_access_with_any_origin" {
  command = plan
  variables {
    signed_access                = true
    signed_access_without_domain = true
    signed_access_public_key_pem = <<-PEM
      -----BEGIN PUBLIC KEY-----
      MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAyiToqPDOOwIdso5vkmxy
      o/bt5nI5NTlIUWh6MvhMtpEAxfonT/Dc6leDJHNwM6ZypzE7PcMJl1t27G2tsq0U
      vhKu9bK4PeK/lGGQI5UPQhwckYPBfX/xhJWqM46rKujGs/WSioUfieqLNV8MRMPH
      t0ZIwS+wgDNfdszsqxeZMLCqcLR2aFlgxAsNZMNph4QwsZTCEfzgzjjwDf4Iy1gU
      LQ0eqayJ3OqhtyajIFfAOvzi4xxyIlC3yuRL3FFTQuxWky06qCovXvhaIXkesGfm
      ZGvpJGfhzYmJqyZ+4C+WZtQmG3RI1umm6DJBKo/EheUpvARuUXZScjXpUCGZOTeR
      BQIDAQAB
      -----END PUBLIC KEY-----
    PEM
    cors_allowed_origins         = ["*"]
  }
  expect_failures = [var.cors_allowed_origins]
}

run "the_page_is_uploaded_with_its_content_types_and_served_without_the_key_group" {
  variables {
    page_files_dir               = "tests/page"
    signed_access                = true
    signed_access_without_domain = true
    signed_access_public_key_pem = <<-PEM
      -----BEGIN PUBLIC KEY-----
      MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAyiToqPDOOwIdso5vkmxy
      o/bt5nI5NTlIUWh6MvhMtpEAxfonT/Dc6leDJHNwM6ZypzE7PcMJl1t27G2tsq0U
      vhKu9bK4PeK/lGGQI5UPQhwckYPBfX/xhJWqM46rKujGs/WSioUfieqLNV8MRMPH
      t0ZIwS+wgDNfdszsqxeZMLCqcLR2aFlgxAsNZMNph4QwsZTCEfzgzjjwDf4Iy1gU
      LQ0eqayJ3OqhtyajIFfAOvzi4xxyIlC3yuRL3FFTQuxWky06qCovXvhaIXkesGfm
      ZGvpJGfhzYmJqyZ+4C+WZtQmG3RI1umm6DJBKo/EheUpvARuUXZScjXpUCGZOTeR
      BQIDAQAB
      -----END PUBLIC KEY-----
    PEM
  }

  assert {
    condition = output.page_object_keys == sort([
      "player/404.html", "player/app.css", "player/config.json", "player/hls.js-LICENSE.txt",
      "player/index.html", "player/library.js", "player/watch.html", "player/watch.js",
    ])
    error_message = "Every file of page_files_dir must be uploaded under player/, config.json once."
  }

  assert {
    condition = {
      for k, o in aws_s3_object.page : k => o.content_type
      } == {
      "404.html"           = "text/html; charset=utf-8"
      "index.html"         = "text/html; charset=utf-8"
      "watch.html"         = "text/html; charset=utf-8"
      "library.js"         = "text/javascript; charset=utf-8"
      "watch.js"           = "text/javascript; charset=utf-8"
      "app.css"            = "text/css; charset=utf-8"
      "hls.js-LICENSE.txt" = "text/plain; charset=utf-8"
    }
    error_message = "Each page file must carry the Content-Type of its extension (config.json is written separately)."
  }

  assert {
    condition = (
      aws_s3_object.page["watch.js"].source == "tests/page/watch.js"
      && aws_s3_object.page["watch.js"].source_hash == filemd5("tests/page/watch.js")
      && aws_s3_object.page["watch.js"].bucket == "output-bucket-terraform-lms-hls-streaming"
      && alltrue([for o in aws_s3_object.page : o.cache_control == "public, max-age=300"])
    )
    error_message = "Page objects must come from page_files_dir into the output bucket, re-uploaded when their content changes, with a 300 s Cache-Control."
  }

  assert {
    condition = (
      jsondecode(aws_s3_object.page_config[0].content) == { api = null, media = "../", thumbnailInterval = 5, allowQueryOverrides = false }
      && aws_s3_object.page_config[0].content_type == "application/json"
    )
    error_message = "config.json must be written by Terraform: no API, media one folder up (the distribution's root), the job template's thumbnail interval, and allowQueryOverrides = false so ?media=/?api= cannot point the deployed page elsewhere."
  }

  assert {
    condition = (
      length(aws_cloudfront_distribution.this.ordered_cache_behavior) == 4
      && aws_cloudfront_distribution.this.ordered_cache_behavior[0].path_pattern == "player/*"
      && length(aws_cloudfront_distribution.this.ordered_cache_behavior[0].trusted_key_groups) == 0
      && aws_cloudfront_distribution.this.ordered_cache_behavior[0].compress
      && aws_cloudfront_distribution.this.ordered_cache_behavior[0].cache_policy_id == "658327ea-f89d-4fab-a63d-7e88639e58f6"
      && aws_cloudfront_distribution.this.ordered_cache_behavior[0].response_headers_policy_id == "6b7c8d9e-0000-4000-8000-000000000004"
      && aws_cloudfront_distribution.this.ordered_cache_behavior[0].viewer_protocol_policy == "redirect-to-https"
    )
    error_message = "The page's behaviour must come first, match player/*, trust no key group, compress, use CachingOptimized and the page's headers policy (CSP), HTTPS only."
  }

  assert {
    condition = (
      one(one(aws_cloudfront_response_headers_policy.page[0].security_headers_config).content_security_policy).override
      && output.page_content_security_policy == one(one(aws_cloudfront_response_headers_policy.page[0].security_headers_config).content_security_policy).content_security_policy
      && alltrue([for d in [
        "default-src 'none'", "script-src 'self'", "connect-src 'self'", "media-src 'self' blob:", "worker-src 'self' blob:",
        "img-src 'self' data: blob:", "style-src 'self'", "object-src 'none'", "base-uri 'none'",
        "frame-ancestors 'self' https://lms.example.com",
      ] : contains(split("; ", output.page_content_security_policy), d)])
    )
    error_message = "The page must be served with a Content-Security-Policy that admits its own origin only (plus blob: for MediaSource and hls.js's worker) and lets the LMS frame it."
  }

  assert {
    condition = alltrue([for token in flatten([for d in split("; ", output.page_content_security_policy) : split(" ", d)]) :
    !contains(["'unsafe-inline'", "'unsafe-eval'", "https:", "http:", "data:*"], token) && !strcontains(token, "*")])
    error_message = "No inline scripts, eval, wildcards or any-HTTPS sources: an injected origin must be refused."
  }

  assert {
    condition = (
      aws_cloudfront_distribution.this.ordered_cache_behavior[1].path_pattern == "*.m3u8"
      && toset(aws_cloudfront_distribution.this.ordered_cache_behavior[1].trusted_key_groups) == toset(["7e8f9a0b-0000-4000-8000-000000000003"])
      && toset(one(aws_cloudfront_distribution.this.default_cache_behavior).trusted_key_groups) == toset(["7e8f9a0b-0000-4000-8000-000000000003"])
    )
    error_message = "Playlists and the default (segments, MP4, thumbnails under assets/) must still trust the key group."
  }

  assert {
    condition = (
      output.page_url == "https://d111111abcdef8.cloudfront.net/player/index.html"
      && output.watch_url_pattern == "https://d111111abcdef8.cloudfront.net/player/watch.html?asset=<assetID>"
    )
    error_message = "Outputs must give the page's URL and the watch URL pattern on the distribution's domain."
  }
}

run "without_page_files_dir_there_is_no_page" {
  assert {
    condition = (
      length(aws_s3_object.page) == 0 && length(aws_s3_object.page_config) == 0
      && output.page_url == null && output.watch_url_pattern == null && length(output.page_object_keys) == 0
      && !contains(aws_cloudfront_distribution.this.ordered_cache_behavior[*].path_pattern, "player/*")
    )
    error_message = "page_files_dir = null must upload nothing, add no behaviour and output no URL."
  }
}

run "a_deeper_prefix_finds_the_media_as_many_folders_up" {
  variables {
    page_files_dir                  = "tests/page"
    page_prefix                     = "lms/player/"
    page_cache_seconds              = 60
    page_thumbnail_interval_seconds = 10
    use_cloudfront_policies         = false
  }

  assert {
    condition = (
      jsondecode(aws_s3_object.page_config[0].content) == { api = null, media = "../../", thumbnailInterval = 10, allowQueryOverrides = false }
      && aws_s3_object.page["index.html"].key == "lms/player/index.html"
      && aws_cloudfront_distribution.this.ordered_cache_behavior[0].path_pattern == "lms/player/*"
      && [aws_cloudfront_distribution.this.ordered_cache_behavior[0].min_ttl, aws_cloudfront_distribution.this.ordered_cache_behavior[0].default_ttl, aws_cloudfront_distribution.this.ordered_cache_behavior[0].max_ttl] == [0, 60, 60]
      && output.page_url == "https://d111111abcdef8.cloudfront.net/lms/player/index.html"
    )
    error_message = "With page_prefix lms/player/ the media are two folders up, and the legacy TTLs follow page_cache_seconds."
  }
}

run "rejects_a_page_prefix_under_assets" {
  command = plan
  variables {
    page_files_dir = "tests/page"
    page_prefix    = "assets/player/"
  }
  expect_failures = [var.page_prefix]
}

run "rejects_a_page_file_without_a_known_content_type" {
  command = plan
  variables {
    page_files_dir = "tests/page-with-unknown-type"
  }
  expect_failures = [aws_s3_object.page]
}

run "rejects_signed_access_on_the_cloudfront_net_domain" {
  command = plan
  variables {
    signed_access                = true
    signed_access_public_key_pem = <<-PEM
      -----BEGIN PUBLIC KEY-----
      MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAyiToqPDOOwIdso5vkmxy
      o/bt5nI5NTlIUWh6MvhMtpEAxfonT/Dc6leDJHNwM6ZypzE7PcMJl1t27G2tsq0U
      vhKu9bK4PeK/lGGQI5UPQhwckYPBfX/xhJWqM46rKujGs/WSioUfieqLNV8MRMPH
      t0ZIwS+wgDNfdszsqxeZMLCqcLR2aFlgxAsNZMNph4QwsZTCEfzgzjjwDf4Iy1gU
      LQ0eqayJ3OqhtyajIFfAOvzi4xxyIlC3yuRL3FFTQuxWky06qCovXvhaIXkesGfm
      ZGvpJGfhzYmJqyZ+4C+WZtQmG3RI1umm6DJBKo/EheUpvARuUXZScjXpUCGZOTeR
      BQIDAQAB
      -----END PUBLIC KEY-----
    PEM
  }
  expect_failures = [var.domain_name]
}
