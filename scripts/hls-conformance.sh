#!/usr/bin/env bash
# make hls-conformance (part of make test): the HLS rules of issue 17 over the local engine's REAL
# output for several generated sources, read back with the Python `m3u8` package (an independent
# parser, pinned, installed into .work/), and the same rules against job-templates/hls-abr.json for
# the AWS path. Sources: 720p25 with quiet audio, 1080p29.97 with loud audio, 2.39:1 without audio,
# 176x144, and a 2-hour low-motion "slides" clip at 320x180 and 2.997 fps (playlist length and drift;
# converted with the template's lowest rung only, to stay quick). lambda-java/local/README.md
# lists the rules and which path meets each.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/java-env.sh
JAR=lambda-java/local/target/local.jar
if [ ! -f "$JAR" ]; then
  mvn_q package -DskipTests
fi
run() { "$JAVA_HOME/bin/java" -jar "$JAR" "$@"; }

M3U8_VERSION=6.0.0
PYLIB=.work/pylib/m3u8-$M3U8_VERSION
if [ ! -f "$PYLIB/m3u8/__init__.py" ]; then
  echo "hls-conformance: installing m3u8==$M3U8_VERSION into $PYLIB"
  python3 -m pip install --quiet --disable-pip-version-check --target "$PYLIB" "m3u8==$M3U8_VERSION"
fi
export PYTHONPATH="$PYLIB"

# The bundled FFmpeg (extracted by the first run), unless one is on PATH.
run ffprobe -hide_banner -version >/dev/null
if command -v ffprobe >/dev/null && command -v ffmpeg >/dev/null; then
  FFPROBE=$(command -v ffprobe) FFMPEG=$(command -v ffmpeg)
else
  dirs=("${XDG_CACHE_HOME:-$HOME/.cache}"/lms-hls/ffmpeg-*gpl*/)
  dir=${dirs[0]}
  FFPROBE=${dir}ffprobe FFMPEG=${dir}ffmpeg
  export LD_LIBRARY_PATH="$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
export FFPROBE FFMPEG

WORK=.work/hls-conformance
SRC=$WORK/sources
mkdir -p "$SRC"
gen() { # name, then ffmpeg input/encode arguments
  local out="$SRC/$1.mp4"
  shift
  if [ ! -s "$out" ]; then
    "$FFMPEG" -hide_banner -v error -y "$@" -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$out.tmp.mp4"
    mv "$out.tmp.mp4" "$out"
  fi
}
gen talk-720p25 -f lavfi -i testsrc2=size=1280x720:rate=25:duration=10 \
  -f lavfi -i "anoisesrc=color=pink:amplitude=0.03:sample_rate=48000:duration=10" -c:a aac -b:a 128k -shortest
gen screen-1080p2997 -f lavfi -i testsrc2=size=1920x1080:rate=30000/1001:duration=8 \
  -f lavfi -i "sine=frequency=1000:sample_rate=48000:duration=8,volume=-3dB" -c:a aac -b:a 128k -shortest
gen scope-239-silent -f lavfi -i testsrc2=size=1280x536:rate=24:duration=8 -an
gen tiny-176x144 -f lavfi -i testsrc2=size=176x144:rate=30000/1001:duration=6 \
  -f lavfi -i "sine=frequency=300:sample_rate=44100:duration=6" -c:a aac -b:a 64k -shortest
gen slides-2h -f lavfi -i testsrc=size=320x180:rate=3000/1001:duration=7200 -g 300 -an

python3 scripts/hls-conformance/slides_template.py job-templates/hls-abr.json "$WORK/slides-template.json"

rm -rf "$WORK/data" "$WORK/data-slides"
start=$SECONDS
LMS_HLS_LOG_LEVEL=WARN run convert --data-dir "$WORK/data" \
  "$SRC/talk-720p25.mp4" "$SRC/screen-1080p2997.mp4" "$SRC/scope-239-silent.mp4" "$SRC/tiny-176x144.mp4" >"$WORK/convert.log"
LMS_HLS_LOG_LEVEL=WARN run convert --data-dir "$WORK/data-slides" --template "$WORK/slides-template.json" \
  "$SRC/slides-2h.mp4" >"$WORK/convert-slides.log"
echo "hls-conformance: converted 5 sources in $((SECONDS - start)) s"

MODEL=$(python3 -c 'import botocore,os;print(os.path.join(os.path.dirname(botocore.__file__),"data/mediaconvert/2017-08-29/service-2.json.gz"))')
failed=0
assets=.work/hls-conformance/data/s3/output-bucket-terraform-lms-hls-streaming/assets
for name in talk-720p25 screen-1080p2997 scope-239-silent tiny-176x144; do
  python3 scripts/hls-conformance/check.py output "$assets/$name/HLS" "$SRC/$name.mp4" job-templates/hls-abr.json \
    || failed=$((failed + $?))
done
python3 scripts/hls-conformance/check.py output \
  ".work/hls-conformance/data-slides/s3/output-bucket-terraform-lms-hls-streaming/assets/slides-2h/HLS" \
  "$SRC/slides-2h.mp4" "$WORK/slides-template.json" --slides || failed=$((failed + $?))
python3 scripts/hls-conformance/check.py template job-templates/hls-abr.json "$MODEL" || failed=$((failed + $?))
if [ "$failed" -ne 0 ]; then
  echo "hls-conformance: $failed rule(s) failed" >&2
  exit 1
fi
echo "hls-conformance: every rule met"
