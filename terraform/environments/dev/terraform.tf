terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # bucket, key and region come from <env>.s3.tfbackend (terraform init
  # -backend-config=<env>.s3.tfbackend), so tests can init with -backend=false.
  # use_lockfile locks the state with an S3 object; no DynamoDB table needed.
  backend "s3" {
    use_lockfile = true
  }
}
