#!/usr/bin/env bash
# make smoke-aws: the whole chain on a real AWS account, once, then nothing left behind.
#
# Applies terraform/environments/emulator as a throwaway stack named smoke<5 random
# characters> (local state in .work/smoke/<name>/), uploads a short video and a caption
# file, waits for the job's COMPLETE message on the LMS queue (S3 -> Lambda SnapStart ->
# ListObjectsV2 -> CreateJob with PassRole -> MediaConvert -> EventBridge -> KMS -> SNS ->
# SQS), fetches the master playlist through CloudFront (signed access on: 403 without
# cookies, 200 with cookies issued by lambda-java/signed-access; SMOKE_SIGNED_ACCESS=false:
# 200), and destroys the stack. The cleanup command is printed first and runs on any exit:
# success, failure, Ctrl-C or the overall time limit.
#
# Prerequisites (terraform/test/README.md, "Real-account smoke run"): credentials allowed
# terraform/ci-roles/smoke-aws.policy.json; an account CloudFront accepts distributions
# from (new accounts may first need AWS Support to verify them); terraform, the AWS CLI,
# curl, openssl, python3, a JDK and Maven (make smoke-aws builds the jar and the page);
# ffmpeg, or SMOKE_VIDEO naming a short .mp4.
#
#   SMOKE_REGION             region (default AWS_REGION, AWS_DEFAULT_REGION, us-east-1)
#   SMOKE_NAME               stack name (default smoke<random>); must match smoke*
#   SMOKE_SIGNED_ACCESS      true (default) or false
#   SMOKE_VIDEO              the video to upload (default: 6 s generated with ffmpeg)
#   SMOKE_JOB_TIMEOUT        seconds to wait for COMPLETE (default 1800)
#   SMOKE_TIMEOUT            seconds for the whole run before cleanup is forced (default 5400)
#   SMOKE_ENDPOINT_URL       an emulator instead of AWS (the moto test: terraform/test/smoke_test.go)
#   scripts/smoke-aws.sh destroy <name>   re-run the cleanup of a run that was killed
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

say() { printf '==> smoke-aws: %s\n' "$*"; }
die() {
  printf 'smoke-aws: FAILED: %s\n' "$*" >&2
  exit 1
}

region=${SMOKE_REGION:-${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}}
endpoint=${SMOKE_ENDPOINT_URL:-}
signed=${SMOKE_SIGNED_ACCESS:-true}
job_timeout=${SMOKE_JOB_TIMEOUT:-1800}
overall_timeout=${SMOKE_TIMEOUT:-5400}
export AWS_DEFAULT_REGION=$region TF_IN_AUTOMATION=1 TF_INPUT=0
if [[ -n ${TF_CLI_CONFIG_FILE:-} && ! -e $TF_CLI_CONFIG_FILE ]]; then unset TF_CLI_CONFIG_FILE; fi
if [[ -z ${TF_PLUGIN_DIR+x} && -d /opt/tf-plugins ]]; then TF_PLUGIN_DIR=/opt/tf-plugins; fi

mode=run
if [[ ${1:-} == destroy ]]; then
  mode=destroy
  name=${2:?usage: $0 destroy <name>}
else
  name=${SMOKE_NAME:-smoke$(LC_ALL=C tr -dc 'a-z0-9' </dev/urandom | head -c5 || true)}
fi
[[ $name =~ ^smoke[a-z0-9]{0,5}$ ]] || die "stack name '$name' must be smoke followed by up to 5 lowercase letters or digits (the smoke policy admits smoke*)"

root=$repo/terraform/environments/emulator
work=$repo/.work/smoke/$name
vars=$work/smoke.tfvars
export TF_DATA_DIR=$work/tf-data
aws_args=()
[[ -n $endpoint ]] && aws_args=(--endpoint-url "$endpoint")
awsq() { aws "${aws_args[@]}" "$@"; }
tf() { terraform -chdir="$root" "$@"; }

# What an emulator (moto 5.2.1) cannot do; against one these steps are skipped and listed.
emulator_lacks=(
  "running the converter Lambda (no Docker): nothing starts a job on upload"
  "MediaConvert (no service): no job, no output, no COMPLETE event of its own"
  "EventBridge -> SNS -> SQS delivery (moto does not deliver to SNS targets): the test sends the COMPLETE message itself, built with the deployed input transformer"
  "CloudFront serving: no HTTP fetch of the playlist (the cookies are still issued and checked for shape)"
  "DeleteKeyGroup: the key group is removed from the state before destroy"
  "bucket policies: moto takes the TLS-only Deny (a Deny with a Condition) as matching every request, so the test removes the input bucket's policy before the upload"
)

cleanup_command="scripts/smoke-aws.sh destroy $name"
destroy_stack() {
  [[ -f $vars ]] || {
    say "nothing to destroy for $name ($vars is missing)"
    return 0
  }
  say "destroying $name"
  if [[ -n $endpoint ]]; then
    # moto 5.2.1 has no DeleteKeyGroup; on AWS the destroy deletes it like the rest.
    tf state rm 'module.pipeline.module.delivery.aws_cloudfront_key_group.this[0]' >/dev/null 2>&1 || true
  fi
  local attempt
  for attempt in 1 2 3; do
    if tf destroy -auto-approve -no-color -var-file="$vars" >"$work/destroy.log" 2>&1; then
      say "destroyed: $(tf state list 2>/dev/null | wc -l) resources left in the state"
      return 0
    fi
    say "destroy attempt $attempt failed (tail of $work/destroy.log):"
    tail -5 "$work/destroy.log" >&2
    sleep 20
  done
  echo "smoke-aws: the stack $name is NOT fully destroyed; run: $cleanup_command" >&2
  return 1
}

terraform_init() {
  local args=(-input=false -reconfigure -no-color "-backend-config=path=$work/terraform.tfstate")
  [[ -n ${TF_PLUGIN_DIR:-} ]] && args+=("-plugin-dir=$TF_PLUGIN_DIR")
  tf init "${args[@]}" >"$work/init.log" 2>&1 || {
    cat "$work/init.log" >&2
    die "terraform init"
  }
}

if [[ $mode == destroy ]]; then
  terraform_init
  destroy_stack
  exit
fi

for tool in terraform aws curl openssl python3; do
  command -v "$tool" >/dev/null || die "$tool is not on PATH"
done
jar=${SMOKE_CONVERTER_JAR:-$repo/lambda-java/converter/target/converter.jar}
[[ -f $jar ]] || die "no converter jar at $jar (make smoke-aws builds it; or make build)"
mkdir -p "$work"

say "stack $name in $region${endpoint:+ at $endpoint}; signed access: $signed"
say "cleanup (runs by itself on exit; by hand if this run is killed): $cleanup_command"
say "state and logs: $work"

finished=false
watchdog=
on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  # The watchdog and its sleep (which would keep this script's output open).
  if [[ -n $watchdog ]]; then
    pkill -P "$watchdog" 2>/dev/null || true
    kill "$watchdog" 2>/dev/null || true
  fi
  destroy_stack || rc=1
  if [[ $finished == true && $rc == 0 ]]; then
    say "PASSED; nothing left of $name"
  else
    echo "smoke-aws: FAILED (exit $rc); logs in $work" >&2
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# The overall limit: CloudFront alone may take 15 minutes to deploy and as long to disable
# and delete; a hung step must still end in the cleanup above.
# bash runs its TERM trap only once the foreground command returns, so the running step
# (terraform, aws, curl) is stopped too; terraform saves its state when it gets TERM.
(sleep "$overall_timeout" && echo "smoke-aws: overall time limit of ${overall_timeout}s reached" >&2 &&
  kill -TERM $$ && pkill -TERM -P $$) &
watchdog=$!

# --- keys, variables, apply ---------------------------------------------------------
openssl genrsa -out "$work/private.pem" 2048 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in "$work/private.pem" -out "$work/private-pkcs8.pem"
openssl rsa -in "$work/private.pem" -pubout -out "$work/public.pem" 2>/dev/null
python3 - "$vars" "$name" "$region" "$jar" "$signed" "$work/public.pem" "$endpoint" <<'PY'
import json, sys
path, name, region, jar, signed, pem, endpoint = sys.argv[1:]
values = {"environment": name, "region": region, "converter_jar_path": jar,
          "signed_access": signed == "true", "signed_access_public_key_pem": open(pem).read()}
if endpoint:
    values["endpoint_url"] = endpoint
with open(path, "w") as f:
    for k, v in values.items():
        f.write(f"{k} = {json.dumps(v)}\n")
PY
terraform_init
say "terraform apply (CloudFront: 5-15 minutes on AWS)"
start=$SECONDS
tf apply -auto-approve -no-color -var-file="$vars" >"$work/apply.log" 2>&1 || {
  tail -30 "$work/apply.log" >&2
  die "terraform apply (log: $work/apply.log)"
}
say "applied in $((SECONDS - start))s"
output() { tf output -raw "$1"; }
input_bucket=$(output input_bucket_name)
queue_url=$(output lms_queue_url)
domain=$(output distribution_domain_name)

# --- upload --------------------------------------------------------------------------
video=${SMOKE_VIDEO:-}
if [[ -z $video ]]; then
  command -v ffmpeg >/dev/null || die "no SMOKE_VIDEO and no ffmpeg to make one"
  video=$work/lecture.mp4
  ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=1280x720:rate=25 -f lavfi -i sine=frequency=440 \
    -t 6 -c:v libx264 -pix_fmt yuv420p -c:a aac -shortest "$video"
fi
printf 'WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nSmoke test caption\n' >"$work/lecture.en.vtt"
# The caption first: the video's job then picks it up (a caption after its video starts a
# second job). Asset id smoke/lecture: assets/smoke/lecture/HLS/lecture.m3u8.
asset=smoke/lecture
say "uploading s3://$input_bucket/$asset.en.vtt and $asset.mp4"
awsq s3 cp --only-show-errors "$work/lecture.en.vtt" "s3://$input_bucket/$asset.en.vtt"
awsq s3 cp --only-show-errors "$video" "s3://$input_bucket/$asset.mp4" --metadata title="Smoke test $name"

# --- wait for COMPLETE on the LMS queue ----------------------------------------------
say "waiting up to ${job_timeout}s for the job's message on the LMS queue"
deadline=$((SECONDS + job_timeout))
message=
while ((SECONDS < deadline)); do
  received=$(awsq sqs receive-message --queue-url "$queue_url" --wait-time-seconds 20 \
    --max-number-of-messages 10 --output json) || die "sqs receive-message"
  [[ -z $received ]] && continue
  # One line per message: <status|BAD|OTHER> <receipt handle> <body>.
  verdict=$(python3 -c '
import json, sys
asset = sys.argv[1]
for m in json.loads(sys.stdin.read() or "{}").get("Messages", []):
    try:
        body = json.loads(m["Body"])
    except ValueError:
        print("BAD " + m["ReceiptHandle"])
        continue
    if body.get("assetId") != asset:
        print("OTHER " + m["ReceiptHandle"])
        continue
    print(body.get("status", "?") + " " + m["ReceiptHandle"] + " " + json.dumps(body))
' "$asset" <<<"$received")
  while read -r status handle body; do
    [[ -z ${status:-} ]] && continue
    awsq sqs delete-message --queue-url "$queue_url" --receipt-handle "$handle"
    case $status in
      BAD) die "the LMS queue got a message that is not JSON" ;;
      OTHER) continue ;;
      COMPLETE) message=$body ;;
      ERROR | CANCELED) die "the job ended $status: $body" ;;
    esac
  done <<<"$verdict"
  [[ -n $message ]] && break
done
[[ -n $message ]] || die "no COMPLETE message for $asset within ${job_timeout}s"
playback_url=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["playbackUrl"])' "$message")
say "COMPLETE: $playback_url"
[[ $playback_url == "https://$domain/assets/$asset/HLS/lecture.m3u8" ]] || die "playback URL $playback_url is not on https://$domain/assets/$asset/"

# --- the playlist through CloudFront -------------------------------------------------
fetch() { curl -s -o "$work/master.m3u8" -w '%{http_code}' --retry 3 --retry-delay 5 "$@" "$playback_url"; }
cookies=
if [[ $signed == true ]]; then
  say "issuing signed cookies with lambda-java/signed-access"
  JAVA_HOME=${JAVA_HOME:-$(scripts/find-jdk.sh)}
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
  # signed-access uses the converter module's AssetLayout: build both in one reactor run, so the
  # converter resolves to its classes (the last module, signed-access, writes the classpath file).
  mvn -B -q -ntp -Dstyle.color=never -f "$repo/lambda-java/pom.xml" -pl signed-access -am \
    compile dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=runtime >/dev/null
  cookies=$("$JAVA_HOME/bin/java" -cp "$repo/lambda-java/signed-access/target/classes:$(cat "$work/classpath.txt")" \
    "$repo/scripts/smoke-aws/IssueCookies.java" "$domain" "$(output signed_access_key_pair_id)" "$work/private-pkcs8.pem" "$asset")
  for c in CloudFront-Policy CloudFront-Signature CloudFront-Key-Pair-Id; do
    [[ $cookies == *"$c="* ]] || die "the issued cookies lack $c: $cookies"
  done
fi
if [[ -n $endpoint ]]; then
  say "skipped against an emulator: fetching $playback_url through CloudFront"
else
  if [[ $signed == true ]]; then
    code=$(fetch) || true
    [[ $code == 403 ]] || die "without cookies the playlist answered $code, not 403"
    say "without cookies: 403"
    code=$(fetch -H "Cookie: $cookies") || true
  else
    code=$(fetch) || true
  fi
  [[ $code == 200 ]] || die "the playlist answered $code, not 200"
  head -1 "$work/master.m3u8" | grep -q '^#EXTM3U' || die "the playlist is not HLS: $(head -c 200 "$work/master.m3u8")"
  say "master playlist: 200, $(wc -l <"$work/master.m3u8") lines"
fi
if [[ -n $endpoint ]]; then
  say "not exercised against an emulator (moto 5.2.1 lacks them):"
  printf '      - %s\n' "${emulator_lacks[@]}"
fi
finished=true
