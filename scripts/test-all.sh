#!/usr/bin/env bash
# make test: every suite in order, each timed, with a summary of where the time went at the end
# (and on the first failure). Keeps `make test` one command while showing which phase is slow.
set -euo pipefail
cd "$(dirname "$0")/.."

phases=(setup unit hls-conformance tf-check integration lint player)
summary=()
start_all=$SECONDS

report() {
  local status=$1
  echo
  echo "make test: time per phase"
  local line
  for line in "${summary[@]}"; do echo "  $line"; done
  printf '  %-16s %4d s  (%s)\n' total "$((SECONDS - start_all))" "$status"
}

for phase in "${phases[@]}"; do
  echo "make test: == $phase =="
  t0=$SECONDS
  if ! "${MAKE:-make}" --no-print-directory "$phase"; then
    summary+=("$(printf '%-16s %4d s  FAILED' "$phase" "$((SECONDS - t0))")")
    report "failed in $phase"
    exit 1
  fi
  summary+=("$(printf '%-16s %4d s' "$phase" "$((SECONDS - t0))")")
done
report "all suites passed"
echo "make test: all suites passed"
