#!/usr/bin/env bash
# Prints the S3 bucket of the Terraform state for the account of the ambient credentials:
# lms-hls-streaming-tfstate-<account id> (one per account, so forks and other teams never
# collide on a global name), or $TF_STATE_BUCKET when set. The CI roles
# (terraform/ci-roles, generated) name the same bucket with ${aws:PrincipalAccount}.
#
#   scripts/tf-state-bucket.sh            needs the AWS CLI and credentials
#   TF_STATE_BUCKET=my-state scripts/tf-state-bucket.sh
set -euo pipefail

if [[ -n ${TF_STATE_BUCKET:-} ]]; then
  echo "$TF_STATE_BUCKET"
  exit 0
fi
command -v aws >/dev/null || {
  echo "tf-state-bucket: the AWS CLI is needed to find the account id (or set TF_STATE_BUCKET)" >&2
  exit 1
}
account=$(aws sts get-caller-identity --output text --query Account --cli-connect-timeout 10 --cli-read-timeout 20)
[[ $account =~ ^[0-9]{12}$ ]] || {
  echo "tf-state-bucket: no account id from aws sts get-caller-identity (got '$account')" >&2
  exit 1
}
echo "lms-hls-streaming-tfstate-$account"
