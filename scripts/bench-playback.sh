#!/usr/bin/env bash
# make bench, playback part: a 3-minute 1080p lecture (testsrc2 + tone, generated with FFmpeg)
# converted by the local pipeline twice, with the job template in job-templates/ ("after") and
# with the ladder kept as a fixture in scripts/bench/hls-abr-before.json ("before"), both served by
# `lms-hls-local serve` on loopback; then headless Chromium plays both under three emulated
# networks (scripts/bench/playback.mjs) and prints the table.
# The conversions are kept in .work/bench/playback-<ladder>/ and made again only when the
# template, the clip or the local runtime's jar changed.
# BENCH_PLAYBACK_SECONDS (90), BENCH_PLAYBACK_RUNS (2), BENCH_PLAYBACK_STAGGER (seconds between
# session starts; default: one session after the other), BENCH_PLAYBACK_NETWORKS (e.g. 400,8000:
# only those) and BENCH_PLAYBACK_LADDERS (e.g. after: only that one) change the run;
# PLAYER_CHROMIUM=/path uses another Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=.work/bench
SECONDS_PLAYED=${BENCH_PLAYBACK_SECONDS:-90}
RUNS=${BENCH_PLAYBACK_RUNS:-2}
CLIP_SECONDS=180
mkdir -p "$WORK"

# ---- tools: Chromium, playwright-core (the player check's pinned version), the pages, the jar --
CHROMIUM_BIN=${PLAYER_CHROMIUM:-/usr/lib/chromium/chromium}
if [ ! -x "$CHROMIUM_BIN" ]; then
  if [ -z "${PLAYER_CHROMIUM:-}" ] && command -v apt-get >/dev/null; then
    echo "==> bench: installing Debian's chromium (apt-get)"
    SUDO=; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    { $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium; } > "$WORK/apt.log" 2>&1 \
      || { cat "$WORK/apt.log" >&2; echo "error: apt-get install chromium failed; set PLAYER_CHROMIUM=/path/to/chromium" >&2; exit 1; }
  fi
  [ -x "$CHROMIUM_BIN" ] || CHROMIUM_BIN=/usr/bin/chromium
  [ -x "$CHROMIUM_BIN" ] || { echo "error: no Chromium; set PLAYER_CHROMIUM=/path/to/chromium" >&2; exit 1; }
fi
NODE_DIR=.work/player/node   # shared with `make player`: same lockfile, installed once
if ! cmp -s scripts/player/package-lock.json "$NODE_DIR/package-lock.json" || [ ! -f "$NODE_DIR/node_modules/playwright-core/index.mjs" ]; then
  echo "==> bench: npm ci playwright-core (scripts/player/package-lock.json)"
  mkdir -p "$NODE_DIR"; rm -rf "$NODE_DIR/node_modules"
  cp scripts/player/package.json scripts/player/package-lock.json "$NODE_DIR/"
  (cd "$NODE_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
fi
scripts/web-build.sh >/dev/null
. scripts/java-env.sh
JAR=lambda-java/local/target/local.jar
if [ -z "${BENCH_BUILT:-}" ] || [ ! -f "$JAR" ]; then mvn_q package -DskipTests; fi
run() { "$JAVA_HOME/bin/java" -jar "$JAR" "$@"; }

# ---- the lecture and its two conversions ----------------------------------------------------
CLIP=$WORK/bench-lecture.mp4   # asset id and name: bench-lecture
if [ ! -s "$CLIP" ]; then
  echo "==> bench: generating $CLIP ($CLIP_SECONDS s, 1920x1080, 30 fps, testsrc2 + 440 Hz tone)"
  run ffmpeg -hide_banner -v error -y \
    -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=$CLIP_SECONDS" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$CLIP_SECONDS" \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 128k -shortest "$CLIP.tmp.mp4"
  mv "$CLIP.tmp.mp4" "$CLIP"
fi
declare -A TEMPLATE=([before]=scripts/bench/hls-abr-before.json [after]=job-templates/hls-abr.json)
# BENCH_PLAYBACK_LADDERS=after (or before): only that ladder, for a quick look at one.
read -r -a LADDERS <<<"${BENCH_PLAYBACK_LADDERS:-before after}"
for l in "${LADDERS[@]}"; do
  [ -n "${TEMPLATE[$l]:-}" ] || { echo "error: BENCH_PLAYBACK_LADDERS: unknown ladder '$l' (before, after)" >&2; exit 2; }
done
for l in "${LADDERS[@]}"; do
  dir=$WORK/playback-$l
  stamp=$(cat "${TEMPLATE[$l]}" "$JAR" "$CLIP" | sha256sum | cut -c1-16)
  if [ "$(cat "$dir/stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "==> bench: converting the lecture with ${TEMPLATE[$l]} ($l)"
    rm -rf "$dir"
    start=$(date +%s)
    LMS_HLS_LOG_LEVEL=WARN run convert --data-dir "$dir" --template "${TEMPLATE[$l]}" "$CLIP" > "$WORK/convert-$l.log" 2>&1 \
      || { cat "$WORK/convert-$l.log" >&2; echo "error: converting with ${TEMPLATE[$l]} failed" >&2; exit 1; }
    echo "    $l: converted in $(( $(date +%s) - start )) s"
    echo "$stamp" > "$dir/stamp"
  fi
done

# ---- the runtimes, Chromium, the sessions --------------------------------------------------
PROFILE=$(mktemp -d "${TMPDIR:-/tmp}/lms-hls-bench-chromium.XXXXXX")
PIDS=()
CHROME_PID=
# shellcheck disable=SC2329 # called by the EXIT trap
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  if [ -n "$CHROME_PID" ] && kill -0 -- "-$CHROME_PID" 2>/dev/null; then
    kill -TERM -- "-$CHROME_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 -- "-$CHROME_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$CHROME_PID" 2>/dev/null || true
  fi
  rm -rf "$PROFILE"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

declare -A LIBRARY
for l in "${LADDERS[@]}"; do
  LMS_HLS_LOG_LEVEL=WARN "$JAVA_HOME/bin/java" -jar "$JAR" serve --data-dir "$WORK/playback-$l" --template "${TEMPLATE[$l]}" --s3-port 0 --mediaconvert-port 0 \
    --web-port 0 > "$WORK/serve-$l.log" 2>&1 &
  PIDS+=($!)
done
for l in "${LADDERS[@]}"; do
  for _ in $(seq 600); do
    LIBRARY[$l]=$(sed -n 's/^Library: *\(http:[^ ]*\).*/\1/p' "$WORK/serve-$l.log" || true)
    [ -n "${LIBRARY[$l]}" ] && break
    sleep 0.1
  done
  [ -n "${LIBRARY[$l]}" ] || { cat "$WORK/serve-$l.log" >&2; echo "error: serve ($l) did not come up within 60 s" >&2; exit 1; }
done

XDG_CONFIG_HOME="$PROFILE/config" XDG_CACHE_HOME="$PROFILE/cache" setsid "$CHROMIUM_BIN" --headless --no-sandbox --disable-gpu \
  --disable-quic --no-first-run --no-default-browser-check --disable-background-networking --disable-component-update \
  --disable-sync --disable-default-apps --disable-extensions --autoplay-policy=no-user-gesture-required --mute-audio \
  --disable-background-timer-throttling --disable-renderer-backgrounding --disable-backgrounding-occluded-windows \
  --remote-debugging-address=127.0.0.1 --remote-debugging-port=0 --user-data-dir="$PROFILE" about:blank > "$WORK/chromium.log" 2>&1 &
CHROME_PID=$!
PORT=
for _ in $(seq 200); do
  if [ -s "$PROFILE/DevToolsActivePort" ]; then PORT=$(head -n1 "$PROFILE/DevToolsActivePort"); break; fi
  sleep 0.1
done
[ -n "$PORT" ] || { cat "$WORK/chromium.log" >&2; echo "error: Chromium did not open its DevTools port" >&2; exit 1; }

ladder_args=()
for l in "${LADDERS[@]}"; do
  base=${LIBRARY[$l]}
  ladder_args+=(--ladder "$l|${base}watch.html?asset=bench-lecture|${base}media/assets/bench-lecture/HLS/bench-lecture.m3u8")
done
mkdir -p "$PROFILE/tmp"
TMPDIR="$PROFILE/tmp" node scripts/bench/playback.mjs --cdp "http://127.0.0.1:$PORT" \
  --playwright "$NODE_DIR/node_modules/playwright-core" --seconds "$SECONDS_PLAYED" --runs "$RUNS" ${BENCH_PLAYBACK_STAGGER:+--stagger "$BENCH_PLAYBACK_STAGGER"} \
  --json "$WORK/playback.json" ${BENCH_PLAYBACK_NETWORKS:+--networks "$BENCH_PLAYBACK_NETWORKS"} "${ladder_args[@]}"
