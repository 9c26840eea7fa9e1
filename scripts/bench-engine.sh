#!/usr/bin/env bash
# make bench (engine part): the local engine's one FFmpeg run for the full job template beside the
# naive way (one FFmpeg run per output, same encoder settings), on a generated 30 s 1080p30 clip,
# measured one after the other in the same run. Prints the ratio and the real-time factor, for the
# job template and then for the ladder before issue 17.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/java-env.sh
JAR=lambda-java/local/target/local.jar
if [ -z "${BENCH_BUILT:-}" ] || [ ! -f "$JAR" ]; then
  mvn_q package -DskipTests
fi
run() { "$JAVA_HOME/bin/java" -jar "$JAR" "$@"; }

CLIP=.work/bench-1080p30-30s.mp4
mkdir -p .work
if [ ! -s "$CLIP" ]; then
  echo "bench-engine: generating $CLIP (30 s, 1920x1080, 30 fps, testsrc2 + tone)"
  run ffmpeg -hide_banner -v error -y \
    -f lavfi -i testsrc2=size=1920x1080:rate=30:duration=30 \
    -f lavfi -i sine=frequency=440:sample_rate=48000:duration=30 \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 128k -shortest "$CLIP.tmp.mp4"
  mv "$CLIP.tmp.mp4" "$CLIP"
fi
echo "== local engine vs naive FFmpeg: job-templates/hls-abr.json =="
run bench-engine --work-dir .work/bench-engine "$CLIP"
rm -rf .work/bench-engine
if [ "${BENCH_ENGINE_BEFORE:-1}" = 1 ]; then
  # The ladder before issue 17 (scripts/bench/hls-abr-before.json), in the same run, so the two
  # ratios are comparable on a machine whose speed drifts. BENCH_ENGINE_BEFORE=0 leaves it out.
  echo "== local engine vs naive FFmpeg: scripts/bench/hls-abr-before.json (the ladder before issue 17) =="
  run bench-engine --work-dir .work/bench-engine --template scripts/bench/hls-abr-before.json "$CLIP"
  rm -rf .work/bench-engine
fi
