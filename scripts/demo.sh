#!/usr/bin/env bash
# make demo [VIDEO=path.mp4]: one upload through the whole pipeline on this machine, no AWS.
# Builds the Maven reactor, makes a 20 s 1080p sample (FFmpeg testsrc2 + tone) if no video is
# given (with a generated English caption file), then `lms-hls-local convert`: embedded S3 → the converter Lambda's own classes → the
# local MediaConvert API → FFmpeg → outputs in the local output bucket (under .work/local/s3/).
# Ends with the lecture's watch URL. From a terminal it then keeps serving the library until
# Ctrl-C; with no terminal (CI, scripts) it ends and says how to bring the library up (make serve).
# Without Node.js/npm the lecture is still converted; only the page is missing, and it says so.
set -euo pipefail
cd "$(dirname "$0")/.."
VIDEO="${1:-}"

. scripts/java-env.sh

echo "==> Building (mvn package -DskipTests)"
mvn_q package -DskipTests
JAR=lambda-java/local/target/local.jar
run() { "$JAVA_HOME/bin/java" -jar "$JAR" "$@"; }

WEB_PORT="${WEB_PORT:-8642}"
PAGE=yes
scripts/web-build.sh || PAGE=

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
if [ "$VIDEO" = .work/sample-lecture.mp4 ] && [ ! -s .work/sample-lecture.en.vtt ]; then
  # One cue per 4 s, so switching the subtitles on shows one at once wherever the video is.
  { printf 'WEBVTT\n'
    for i in 0 1 2 3 4; do
      printf '\n00:00:%02d.000 --> 00:00:%02d.800\nSample lecture, part %d of 5 (%d-%d s)\n' $((i*4)) $((i*4+3)) $((i+1)) $((i*4)) $((i*4+4))
    done; } > .work/sample-lecture.en.vtt
fi
# Caption files next to the video, named after it (intro.en.vtt, intro.de.srt, intro.vtt), go along.
CAPTIONS=()
for f in "${VIDEO%.*}".*.vtt "${VIDEO%.*}".*.srt "${VIDEO%.*}".vtt "${VIDEO%.*}".srt; do
  [ -f "$f" ] && CAPTIONS+=("$f")
done
[ ${#CAPTIONS[@]} -gt 0 ] && echo "==> With captions: ${CAPTIONS[*]}"

export LMS_HLS_LOG_LEVEL="${LMS_HLS_LOG_LEVEL:-WARN}"
no_page() {
  if [ -z "$PAGE" ]; then
    echo "The watch page needs Node.js 20+ with npm (then: make web). Meanwhile play the master playlist above"
    echo "in a player that speaks HLS (ffplay, VLC, Safari)."
  fi
}
# Is the library already up (make serve, or an earlier make demo still serving)? It reads the same
# .work/local data, so it lists this conversion too: convert only, and point at it.
serving() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$WEB_PORT/api/lectures" 2>/dev/null; }
if command -v curl >/dev/null && serving; then
  echo "==> The library is already served on http://127.0.0.1:$WEB_PORT/; converting $VIDEO for it"
  run convert --data-dir .work/local --web-url "http://127.0.0.1:$WEB_PORT/" "${CAPTIONS[@]}" "$VIDEO"
  no_page
  exit 0
fi
if [ -t 0 ] && [ -t 1 ]; then
  # A person at a terminal: convert, then keep the same runtime up with the library (its job list
  # included) until Ctrl-C.
  echo "==> Converting $VIDEO, then serving the library on http://127.0.0.1:$WEB_PORT/ (Ctrl-C stops)"
  no_page
  exec "$JAVA_HOME/bin/java" -jar "$JAR" convert --data-dir .work/local --serve --web-port "$WEB_PORT" "${CAPTIONS[@]}" "$VIDEO"
fi
echo "==> Converting $VIDEO"
run convert --data-dir .work/local --web-url "http://127.0.0.1:$WEB_PORT/" "${CAPTIONS[@]}" "$VIDEO"
echo
no_page
echo "Keep the library up to watch it (the Watch URL above):  make serve"
