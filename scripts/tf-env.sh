#!/usr/bin/env bash
# terraform plan|apply for one environment root (terraform/environments/<env>),
# with the state backend from <env>.s3.tfbackend. `make plan/apply ENV=...` build the
# converter jar first and then call this.
#
#   scripts/tf-env.sh plan dev      writes the plan to terraform/environments/dev/tfplan
#   scripts/tf-env.sh apply dev     asks for approval; AUTO_APPROVE=1 skips the prompt
#
#   TF_PLUGIN_DIR   provider mirror for `terraform init -plugin-dir`; empty means the
#                   public registry. Unset: /opt/tf-plugins if present.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  echo "usage: $0 plan|apply dev|prod" >&2
  exit 2
}

[[ $# -eq 2 ]] || usage
action=$1
env=$2
case $action in plan | apply) ;; *)
  echo "tf-env: unknown action '$action'" >&2
  usage
  ;;
esac
case $env in dev | prod) ;; *)
  echo "tf-env: unknown environment '$env' (expected dev or prod)" >&2
  usage
  ;;
esac

root=terraform/environments/$env
backend_file=$env.s3.tfbackend
[[ -f $root/$backend_file ]] || {
  echo "tf-env: $root/$backend_file is missing" >&2
  exit 1
}

if [[ -z ${TF_PLUGIN_DIR+set} && -d /opt/tf-plugins ]]; then
  TF_PLUGIN_DIR=/opt/tf-plugins
fi
TF_PLUGIN_DIR=${TF_PLUGIN_DIR:-}
if [[ -n ${TF_CLI_CONFIG_FILE:-} && ! -e $TF_CLI_CONFIG_FILE ]]; then
  unset TF_CLI_CONFIG_FILE
fi

command -v terraform >/dev/null || {
  echo "tf-env: terraform is not on PATH (Terraform >= 1.11 is needed)" >&2
  exit 1
}

no_credentials() {
  cat >&2 <<EOF
tf-env: no usable AWS credentials, so nothing was planned or applied for '$env'.
        $1
        Both the S3 state backend and the AWS provider need credentials. Provide them the
        usual way (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY[/AWS_SESSION_TOKEN],
        'aws sso login', or an instance/OIDC role in CI) and run 'make $action ENV=$env' again.
EOF
  exit 3
}

# Ask STS first: it is the cheapest call that proves the credentials work, and it
# saves a confusing failure halfway through `terraform init` of the S3 backend.
if command -v aws >/dev/null; then
  region=$(sed -nE 's/^[[:space:]]*region[[:space:]]*=[[:space:]]*"([^"]+)".*/\1/p' "$root/$backend_file" | head -1)
  if ! identity=$(AWS_DEFAULT_REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:-$region}} \
    aws sts get-caller-identity --output text --query Arn \
    --cli-connect-timeout 10 --cli-read-timeout 20 2>&1); then
    no_credentials "aws sts get-caller-identity said: $(echo "$identity" | tr -s '\n' ' ')"
  fi
  echo "tf-env: AWS identity $identity"
fi

# Without the AWS CLI the provider's and the backend's own errors are the signal;
# they are recognised and explained instead of left as a stack of diagnostics.
credential_errors='No valid credential sources found|failed to refresh cached credentials|NoCredentialProviders|no EC2 IMDS role found|InvalidClientTokenId|ExpiredToken|UnrecognizedClientException|SignatureDoesNotMatch|security token included in the request is (invalid|expired)'
run_tf() {
  local out rc=0
  out=$(mktemp)
  (cd "$root" && terraform "$@") 2>&1 | tee "$out" || rc=$?
  if ((rc != 0)) && grep -Eq "$credential_errors" "$out"; then
    rm -f "$out"
    no_credentials "terraform $1 failed on credentials (see the error above)."
  fi
  rm -f "$out"
  return "$rc"
}

# The state bucket is per account (lms-hls-streaming-tfstate-<account id>), or TF_STATE_BUCKET.
state_bucket=$(scripts/tf-state-bucket.sh) || no_credentials "could not find the state bucket's account (scripts/tf-state-bucket.sh); set TF_STATE_BUCKET to name it."
echo "tf-env: state bucket $state_bucket"
init_args=(-input=false -reconfigure "-backend-config=$backend_file" "-backend-config=bucket=$state_bucket")
[[ -n $TF_PLUGIN_DIR ]] && init_args+=("-plugin-dir=$TF_PLUGIN_DIR")

echo "tf-env: terraform init ($root, backend $backend_file)"
run_tf init "${init_args[@]}"

case $action in
  plan)
    run_tf plan -input=false -out=tfplan
    echo "tf-env: plan for '$env' written to $root/tfplan"
    ;;
  apply)
    if [[ ${AUTO_APPROVE:-0} == 1 ]]; then
      run_tf apply -input=false -auto-approve
    else
      run_tf apply
    fi
    cat <<EOF
tf-env: '$env' applied. The outputs above include:
          playback_url_pattern      master playlist URL of an asset (CloudFront)
          notifications_topic_arn   SNS topic of finished jobs and alarms (subscribe here)
          lms_queue_url             SQS queue of job messages for the LMS (when lms_queue = true)
        Read them again any time: terraform -chdir=$root output [-raw <name>]
EOF
    ;;
esac
