#!/usr/bin/env bash
# make test: every suite. Set-up and the page first; then two lanes side by side, because on a
# 2-core machine no suite keeps both cores busy for long (JUnit runs one test class at a time,
# terratest mostly waits on Terraform's polling, the player check on the browser):
#
#   lane 1: unit, hls-conformance, player   (JUnit builds the local runtime the other two use)
#   lane 2: tf-check, lint, integration     (nothing of lane 1's; lint's Java check and
#                                            integration's jar builds wait for Maven's lock)
#
# One Maven at a time in the tree (.work/maven.lock, scripts/java-env.sh): lint's formatter check
# and integration's two clean jar builds wait until JUnit's build is done.
# Each suite in a lane writes its output to .work/test-logs/<suite>.log, printed whole when the
# suite ends; one line says when each starts and ends. A failed suite stops its lane; the other
# lane finishes, so one run reports every failing lane. The summary at the end says where the
# time went. TEST_JOBS=1 runs everything one after the other, with output as it comes.
set -euo pipefail
cd "$(dirname "$0")/.."

MAKE=${MAKE:-make}
first=(setup web)
lane1=(unit hls-conformance player)
lane2=(tf-check lint integration)
jobs=${TEST_JOBS:-2}
logs=.work/test-logs
rm -rf "$logs"
mkdir -p "$logs"
start_all=$SECONDS

say() { flock "$logs/.print" printf 'make test: %s\n' "$*"; }

# One suite with its output as it comes; records "<status> <seconds>" in $logs/<suite>.status.
run_streaming() {
  local suite=$1 t0=$SECONDS status=passed
  say "== $suite =="
  "$MAKE" --no-print-directory "$suite" || status=FAILED
  echo "$status $((SECONDS - t0))" >"$logs/$suite.status"
  [[ $status == passed ]]
}

# One suite with its output into its log, printed whole when it ends.
run_logged() {
  local suite=$1 t0=$SECONDS status=passed
  say "$suite started (output: $logs/$suite.log)"
  date +%s >"$logs/$suite.running"
  "$MAKE" --no-print-directory "$suite" >"$logs/$suite.log" 2>&1 </dev/null || status=FAILED
  echo "$status $((SECONDS - t0))" >"$logs/$suite.status"
  rm -f "$logs/$suite.running"
  {
    printf 'make test: ==== %s: %s in %d s; its output ====\n' "$suite" "$status" "$((SECONDS - t0))"
    cat "$logs/$suite.log"
    printf 'make test: ==== end of %s ====\n' "$suite"
  } | flock "$logs/.print" cat
  [[ $status == passed ]]
}

# Every TEST_HEARTBEAT seconds (60) while the lanes run: which suites are running, for how long,
# and the last line each has written.
heartbeat() {
  local f suite now
  while sleep "${TEST_HEARTBEAT:-60}"; do
    now=$(date +%s)
    for f in "$logs"/*.running; do
      [[ -e $f ]] || continue
      suite=${f##*/} suite=${suite%.running}
      say "$suite running for $((now - $(<"$f"))) s; last line: $(tail -n 1 "$logs/$suite.log" 2>/dev/null | tr -d '\000-\037\177' | cut -c1-100)"
    done
  done
}

lane() {
  local suite
  for suite in "$@"; do run_logged "$suite" || return 1; done
}

report() {
  local suite status seconds failed=0
  echo
  echo "make test: time per suite"
  for suite in "${first[@]}" "${lane1[@]}" "${lane2[@]}"; do
    if [[ -f $logs/$suite.status ]]; then
      read -r status seconds <"$logs/$suite.status"
    else
      status="not run" seconds=0
    fi
    [[ $status == passed ]] || failed=$((failed + 1))
    printf '  %-16s %4d s  %s\n' "$suite" "$seconds" "$status"
  done
  printf '  %-16s %4d s  (wall clock; the lanes ran %s)\n' total "$((SECONDS - start_all))" \
    "$([[ $jobs -ge 2 ]] && echo "side by side" || echo "one after the other")"
  return "$failed"
}

ok=1
for suite in "${first[@]}"; do
  run_streaming "$suite" || { ok=0; break; }
done
if [[ $ok == 1 ]]; then
  if [[ $jobs -ge 2 ]]; then
    heartbeat &
    beat=$!
    lane "${lane1[@]}" &
    pid1=$!
    lane "${lane2[@]}" &
    pid2=$!
    wait "$pid1" || ok=0
    wait "$pid2" || ok=0
    kill "$beat" 2>/dev/null || true
    wait "$beat" 2>/dev/null || true
  else
    for suite in "${lane1[@]}" "${lane2[@]}"; do
      run_streaming "$suite" || { ok=0; break; }
    done
  fi
fi
if report && [[ $ok == 1 ]]; then
  echo "make test: all suites passed"
else
  echo "make test: FAILED (see the suites above; their logs are in $logs/)" >&2
  exit 1
fi
