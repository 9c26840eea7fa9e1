locals {
  emulated = var.endpoint_url != null
}

provider "aws" {
  region = var.region

  # Against moto: it accepts any credentials (the test sets dummy ones in the
  # environment, never here), has no instance metadata and no real account to look up.
  # Against a real account (endpoint_url = null) all of these are the provider defaults.
  skip_credentials_validation = local.emulated
  skip_metadata_api_check     = local.emulated
  skip_requesting_account_id  = local.emulated
  # moto serves every bucket under one host name; virtual-hosted style would need DNS.
  s3_use_path_style = local.emulated

  # Every service the stack and its data sources call. A null endpoint is unset,
  # i.e. the real regional one.
  endpoints {
    cloudfront  = var.endpoint_url
    cloudwatch  = var.endpoint_url
    eventbridge = var.endpoint_url
    iam         = var.endpoint_url
    kms         = var.endpoint_url
    lambda      = var.endpoint_url
    logs        = var.endpoint_url
    s3          = var.endpoint_url
    sns         = var.endpoint_url
    sqs         = var.endpoint_url
    sts         = var.endpoint_url
  }

  default_tags {
    tags = {
      Project     = var.project
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}
