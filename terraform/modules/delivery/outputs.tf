output "distribution_id" {
  description = "ID of the CloudFront distribution (for invalidations: aws cloudfront create-invalidation --distribution-id ...)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "ARN of the distribution; the output bucket's policy admits CloudFront for this ARN only."
  value       = aws_cloudfront_distribution.this.arn
}

output "distribution_domain_name" {
  description = "The distribution's own host name (<id>.cloudfront.net)."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "domain_name" {
  description = "Host name players use: the alias when one is set, else the distribution's own."
  value       = coalesce(var.domain_name, aws_cloudfront_distribution.this.domain_name)
}

output "playback_url_pattern" {
  description = "URL of an asset's master playlist; replace <assetID> and <name> (the upload's path and base name)."
  value       = "https://${coalesce(var.domain_name, aws_cloudfront_distribution.this.domain_name)}/assets/<assetID>/HLS/<name>.m3u8"
}

output "origin_access_control_id" {
  description = "ID of the origin access control the bucket origin signs with."
  value       = aws_cloudfront_origin_access_control.this.id
}

output "key_group_id" {
  description = "ID of the key group trusted by the media behaviours (the Key-Pair-Id of signed cookies is the public key's ID); null without signed_access."
  value       = one(aws_cloudfront_key_group.this[*].id)
}

output "public_key_id" {
  description = "ID of the CloudFront public key: the CloudFront-Key-Pair-Id the LMS backend puts in signed cookies; null without signed_access."
  value       = one(aws_cloudfront_public_key.this[*].id)
}

output "cache_policy_ids" {
  description = "Cache policy per behaviour (default, playlists); empty when use_cloudfront_policies is off."
  value = var.use_cloudfront_policies ? {
    default   = local.caching_optimized_for_uncompressed_objects
    playlists = aws_cloudfront_cache_policy.playlists[0].id
  } : {}
}

output "response_headers_policy_id" {
  description = "ID of the CORS response headers policy; null when use_cloudfront_policies is off."
  value       = one(aws_cloudfront_response_headers_policy.cors[*].id)
}

output "page_content_security_policy" {
  description = "The Content-Security-Policy the player page is served with (its response headers policy; none when use_cloudfront_policies is off)."
  value       = local.page ? local.page_content_security_policy : null
}

output "page_config" {
  description = "The config.json written for the deployed page (api, media, thumbnailInterval, allowQueryOverrides = false); null without page_files_dir."
  value       = local.page ? jsondecode(local.page_config) : null
}

output "page_url" {
  description = "The player page's library (index.html) on this distribution; null without page_files_dir. Without an API it lists nothing: open a lecture with watch_url_pattern."
  value       = local.page ? "https://${coalesce(var.domain_name, aws_cloudfront_distribution.this.domain_name)}/${var.page_prefix}index.html" : null
}

output "watch_url_pattern" {
  description = "The watch page for one asset; replace <assetID> (assets/<assetID>/ in the bucket). null without page_files_dir."
  value       = local.page ? "https://${coalesce(var.domain_name, aws_cloudfront_distribution.this.domain_name)}/${var.page_prefix}watch.html?asset=<assetID>" : null
}

output "page_object_keys" {
  description = "Keys of the page's objects in the bucket, config.json included; empty without page_files_dir."
  value       = sort(concat([for o in aws_s3_object.page : o.key], aws_s3_object.page_config[*].key))
}
