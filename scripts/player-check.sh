#!/usr/bin/env bash
# make player: a real browser plays the HLS stream the local pipeline made.
# 1. Debian's Chromium (apt-get, once; PLAYER_CHROMIUM=/path uses another Chromium or Chrome)
#    and, from npm, hls.js + playwright-core at the versions pinned in
#    scripts/player/package-lock.json (npm ci into .work/player/node, once).
# 2. A 20 s 1280x720 clip (testsrc2 + tone) through `local.jar convert` into .work/player/data.
# 3. Headless Chromium with a fresh profile and DevTools on loopback; scripts/player/check.mjs
#    serves the page, hls.js and the outputs on 127.0.0.1 and asserts playback over CDP.
# Ends with `player: N passed, N failed`; exits non-zero unless every check passed.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=.work/player
CLIP_SECONDS=20
CHROMIUM=/usr/bin/chromium                # Debian's package; PLAYER_CHROMIUM=/path uses another
CHROMIUM_BIN=/usr/lib/chromium/chromium   # what the /usr/bin/chromium wrapper execs

# ---- 1. tools ------------------------------------------------------------------------------
if [ -n "${PLAYER_CHROMIUM:-}" ]; then
  [ -x "$PLAYER_CHROMIUM" ] || { echo "error: PLAYER_CHROMIUM=$PLAYER_CHROMIUM is not an executable" >&2; exit 1; }
  CHROMIUM_BIN=$PLAYER_CHROMIUM
else
  if [ ! -x "$CHROMIUM" ]; then
    echo "==> Installing Debian's chromium (apt-get)"
    command -v apt-get >/dev/null || { echo "error: no $CHROMIUM and no apt-get; set PLAYER_CHROMIUM=/path/to/chromium-or-chrome" >&2; exit 1; }
    SUDO=
    if [ "$(id -u)" != 0 ]; then
      command -v sudo >/dev/null || { echo "error: $CHROMIUM is missing; install Debian's chromium package (as root)" >&2; exit 1; }
      SUDO="sudo -n"
    fi
    export DEBIAN_FRONTEND=noninteractive
    mkdir -p "$WORK"
    { $SUDO apt-get update -q && $SUDO apt-get install -y -q chromium; } > "$WORK/apt.log" 2>&1 \
      || { cat "$WORK/apt.log" >&2; echo "error: apt-get install chromium failed; set PLAYER_CHROMIUM=/path/to/chromium-or-chrome" >&2; exit 1; }
  fi
  [ -x "$CHROMIUM_BIN" ] || CHROMIUM_BIN=$CHROMIUM
fi
echo "==> $("$CHROMIUM_BIN" --version 2>/dev/null)"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "error: node and npm are needed (Node 20+)" >&2; exit 1
fi
mkdir -p "$WORK/node"
node_ok() { [ -f "$WORK/node/node_modules/hls.js/dist/hls.min.js" ] && [ -f "$WORK/node/node_modules/playwright-core/index.mjs" ]; }
if ! cmp -s scripts/player/package-lock.json "$WORK/node/package-lock.json" || ! node_ok; then
  echo "==> npm ci: hls.js and playwright-core (pinned in scripts/player/package-lock.json)"
  cp scripts/player/package.json scripts/player/package-lock.json "$WORK/node/"
  (cd "$WORK/node" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error 2>&1 | grep -v 'Unknown user config' || true)
  node_ok || { echo "error: npm ci did not install hls.js and playwright-core" >&2; exit 1; }
fi

# ---- 2. a stream ---------------------------------------------------------------------------
. scripts/java-env.sh
echo "==> Building (mvn package -DskipTests)"
mvn_q package -DskipTests
run() { "$JAVA_HOME/bin/java" -jar lambda-java/local/target/local.jar "$@"; }

CLIP=$WORK/player-clip.mp4
if [ ! -s "$CLIP" ]; then
  echo "==> Generating a ${CLIP_SECONDS} s 1280x720 clip: $CLIP"
  run ffmpeg -hide_banner -v error -y \
    -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=$CLIP_SECONDS" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$CLIP_SECONDS" \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 128k -shortest "$CLIP.tmp.mp4"
  mv "$CLIP.tmp.mp4" "$CLIP"
fi
echo "==> Converting it with the local pipeline into $WORK/data"
rm -rf "$WORK/data"
LMS_HLS_LOG_LEVEL=WARN run convert --data-dir "$WORK/data" "$CLIP" > "$WORK/convert.log" 2>&1 \
  || { cat "$WORK/convert.log" >&2; echo "error: the local pipeline failed" >&2; exit 1; }
BUCKET=$WORK/data/s3/output-bucket-terraform-lms-hls-streaming
MASTER=assets/player-clip/HLS/player-clip.m3u8
[ -f "$BUCKET/$MASTER" ] || { cat "$WORK/convert.log" >&2; echo "error: no master playlist $BUCKET/$MASTER" >&2; exit 1; }
echo "    $(find "$BUCKET/assets/player-clip/HLS" -name '*.ts' | wc -l) segments, master $BUCKET/$MASTER"

# ---- 3. the browser ------------------------------------------------------------------------
PROFILE=$(mktemp -d "${TMPDIR:-/tmp}/lms-hls-chromium.XXXXXX")
CHROME_PID=
CHECK_PID=
# shellcheck disable=SC2329 # called by the EXIT trap below
cleanup() {
  # Only what this script started: the check (if still running) and Chromium's process group.
  if [ -n "$CHECK_PID" ]; then kill "$CHECK_PID" 2>/dev/null || true; fi
  if [ -n "$CHROME_PID" ] && kill -0 -- "-$CHROME_PID" 2>/dev/null; then
    kill -TERM -- "-$CHROME_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 -- "-$CHROME_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$CHROME_PID" 2>/dev/null || true
    for _ in $(seq 20); do kill -0 -- "-$CHROME_PID" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$PROFILE"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "==> Starting headless Chromium (DevTools on 127.0.0.1, profile $PROFILE)"
# setsid: its own process group, so cleanup ends Chromium and its helpers and nothing else.
# XDG_*: its crash-report database and caches go into the throwaway profile, not ~/.config.
XDG_CONFIG_HOME="$PROFILE/config" XDG_CACHE_HOME="$PROFILE/cache" setsid "$CHROMIUM_BIN" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --no-default-browser-check --disable-background-networking --disable-component-update \
  --disable-sync --disable-default-apps --disable-extensions --metrics-recording-only \
  --autoplay-policy=no-user-gesture-required --mute-audio \
  --remote-debugging-address=127.0.0.1 --remote-debugging-port=0 \
  --user-data-dir="$PROFILE" about:blank > "$WORK/chromium.log" 2>&1 &
CHROME_PID=$!
PORT=
for _ in $(seq 200); do   # up to 20 s
  if [ -s "$PROFILE/DevToolsActivePort" ]; then PORT=$(head -n1 "$PROFILE/DevToolsActivePort"); break; fi
  kill -0 "$CHROME_PID" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$PORT" ]; then
  cat "$WORK/chromium.log" >&2
  echo "error: Chromium did not open its DevTools port within 20 s" >&2
  echo "player: 0 passed, 1 failed"
  exit 1
fi

echo "==> Playing the master playlist in Chromium (hls.js $(node -p "require('./$WORK/node/node_modules/hls.js/package.json').version"))"
set +e
# TMPDIR: playwright-core's scratch folder goes into the profile too, removed even if interrupted.
mkdir -p "$PROFILE/tmp"
TMPDIR="$PROFILE/tmp" timeout --kill-after=5 180 node scripts/player/check.mjs \
  --cdp "http://127.0.0.1:$PORT" --root "$BUCKET" --master "$MASTER" \
  --hls "$WORK/node/node_modules/hls.js/dist/hls.min.js" \
  --playwright "$WORK/node/node_modules/playwright-core" \
  --screenshot "$WORK/screenshot.png" --duration "$CLIP_SECONDS" &
CHECK_PID=$!
wait "$CHECK_PID"
STATUS=$?
CHECK_PID=
set -e
if [ "$STATUS" = 124 ] || [ "$STATUS" = 137 ]; then
  echo "error: the browser check did not finish within 180 s" >&2
  echo "player: 0 passed, 1 failed"
fi
exit "$STATUS"
