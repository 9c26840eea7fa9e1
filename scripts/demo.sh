#!/usr/bin/env bash
# make demo [VIDEO=path.mp4]: one upload through the whole pipeline on this machine, no AWS.
# Builds the Maven reactor, makes a 20 s 1080p sample (FFmpeg testsrc2 + tone) if no video is
# given, then `lms-hls-local convert`: embedded S3 → the converter Lambda's own classes → the
# local MediaConvert API → FFmpeg → outputs in the local output bucket (under .work/local/s3/).
set -euo pipefail
cd "$(dirname "$0")/.."
VIDEO="${1:-}"

. scripts/java-env.sh

echo "==> Building (mvn package -DskipTests)"
mvn_q package -DskipTests
JAR=lambda-java/local/target/local.jar
run() { "$JAVA_HOME/bin/java" -jar "$JAR" "$@"; }

mkdir -p .work
if [ -z "$VIDEO" ]; then
  VIDEO=.work/sample-lecture.mp4
  if [ ! -s "$VIDEO" ]; then
    echo "==> Generating a 20 s 1080p sample: $VIDEO"
    run ffmpeg -hide_banner -v error -y \
      -f lavfi -i testsrc2=size=1920x1080:rate=30:duration=20 \
      -f lavfi -i sine=frequency=440:sample_rate=48000:duration=20 \
      -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 128k -shortest "$VIDEO.tmp.mp4"
    mv "$VIDEO.tmp.mp4" "$VIDEO"
  fi
fi
[ -f "$VIDEO" ] || { echo "error: $VIDEO: no such file" >&2; exit 1; }

echo "==> Converting $VIDEO"
LMS_HLS_LOG_LEVEL="${LMS_HLS_LOG_LEVEL:-WARN}" run convert --data-dir .work/local "$VIDEO"
echo
echo "Play it: open the master playlist above in a player that speaks HLS (ffplay, VLC, Safari), or"
echo "serve the folder: (cd .work/local/s3/output-bucket-terraform-lms-hls-streaming && python3 -m http.server 8000 --bind 127.0.0.1)"
