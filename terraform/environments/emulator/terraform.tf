terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # Throwaway stacks for terraform/test: local state. The test points `path` at its own
  # temporary directory (-backend-config=path=...), so runs never share state.
  backend "local" {}
}
