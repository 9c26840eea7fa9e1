#!/usr/bin/env bash
# make bench: each part prints its figures as ratios against a baseline measured in the same run,
# or, for playback, both ladders side by side in the same run. BENCH_PARTS picks some of
# "converter engine playback" (default: all three, in that order).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh
echo "== make bench: building (mvn package -DskipTests) =="
mvn_q package -DskipTests
export BENCH_BUILT=1   # the parts use this build instead of making their own
for part in ${BENCH_PARTS:-converter engine playback}; do
  case "$part" in
    converter|engine|playback) echo "== make bench: $part ==" ; "scripts/bench-$part.sh" ;;
    *) echo "error: unknown bench part '$part' (converter, engine, playback)" >&2; exit 2 ;;
  esac
done
