#!/usr/bin/env bash
# make player: a person's path through the library and watch pages, in a real browser.
# 1. Debian's Chromium (apt-get, once; PLAYER_CHROMIUM=/path uses another Chromium or Chrome),
#    playwright-core from npm at the version pinned in scripts/player/package-lock.json (npm ci
#    into .work/player/node, once), and the pages (scripts/web-build.sh: web/ → web/dist).
# 2. Four uploads through `local.jar convert --serve` into .work/player/data: a 20 s 1280x720
#    lecture (testsrc2 + tone), one with no audio, a 1 s one, and one that is not a video (its
#    job fails). The same process then serves the library on 127.0.0.1 (port chosen by the OS).
# 3. Headless Chromium with a fresh profile and DevTools on loopback; scripts/player/check.mjs
#    drives it through the pages over CDP and asserts what a person would see and hear.
# Screenshots of both pages go to .work/player/screenshots/.
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
node_ok() { [ -f "$WORK/node/node_modules/playwright-core/index.mjs" ]; }
if ! cmp -s scripts/player/package-lock.json "$WORK/node/package-lock.json" || ! node_ok; then
  echo "==> npm ci: playwright-core (pinned in scripts/player/package-lock.json)"
  rm -rf "$WORK/node/node_modules"
  cp scripts/player/package.json scripts/player/package-lock.json "$WORK/node/"
  (cd "$WORK/node" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error 2>&1 | grep -v 'Unknown user config' || true)
  node_ok || { echo "error: npm ci did not install playwright-core" >&2; exit 1; }
fi
scripts/web-build.sh

# ---- 2. the lectures, converted and served -------------------------------------------------
. scripts/java-env.sh
echo "==> Building (mvn package -DskipTests)"
mvn_q package -DskipTests
run() { "$JAVA_HOME/bin/java" -jar lambda-java/local/target/local.jar "$@"; }

CLIPS=$WORK/clips
LECTURE="Lecture 1 - test pattern.mp4"   # a space and a dash: the title must be the key, not the asset id
SILENT="No audio.mp4"
SILENT_SECONDS=4
SHORT="One second.mp4"
BROKEN="Not a video.mp4"
mkdir -p "$CLIPS"
clip() {  # clip NAME SECONDS AUDIO(yes|no)
  [ -s "$CLIPS/$1" ] && return
  echo "==> Generating $CLIPS/$1 ($2 s, 1280x720, audio: $3)"
  local audio=(-f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$2")
  local acodec=(-c:a aac -b:a 128k -shortest)
  if [ "$3" = no ]; then audio=(); acodec=(-an); fi
  run ffmpeg -hide_banner -v error -y -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=$2" "${audio[@]}" \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p "${acodec[@]}" "$CLIPS/$1.tmp.mp4"
  mv "$CLIPS/$1.tmp.mp4" "$CLIPS/$1"
}
clip "$LECTURE" "$CLIP_SECONDS" yes
clip "$SILENT" "$SILENT_SECONDS" no
clip "$SHORT" 1 yes
head -c 20000 /dev/zero | tr '\0' 'x' > "$CLIPS/$BROKEN"
# The lecture's captions, named after it (the upload convention): English WebVTT, German SRT.
# The check picks English and expects CUE_TEXT on screen from CUE_START to CUE_END s, in the
# second 10 s segment, and nowhere before.
CUE_START=12
CUE_END=14.5
CUE_TEXT="Second segment caption"
CAPTIONS_EN="$CLIPS/${LECTURE%.mp4}.en.vtt"
CAPTIONS_DE="$CLIPS/${LECTURE%.mp4}.de.srt"
printf 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nFirst segment caption\n\n00:00:%02d.000 --> 00:00:14.500\n%s\n' \
  "$CUE_START" "$CUE_TEXT" > "$CAPTIONS_EN"
printf '1\r\n00:00:01,000 --> 00:00:04,000\r\nErster Untertitel\r\n\r\n2\r\n00:00:12,000 --> 00:00:14,500\r\nZweiter Untertitel\r\n' \
  > "$CAPTIONS_DE"

# ---- 3. the runtime serving the pages, and the browser -----------------------------------
PROFILE=$(mktemp -d "${TMPDIR:-/tmp}/lms-hls-chromium.XXXXXX")
CHROME_PID=
CHECK_PID=
SERVE_PID=
# shellcheck disable=SC2329 # called by the EXIT trap below
cleanup() {
  # Only what this script started: the check (if still running), the runtime, Chromium's process group.
  if [ -n "$CHECK_PID" ]; then kill "$CHECK_PID" 2>/dev/null || true; fi
  if [ -n "$SERVE_PID" ]; then kill "$SERVE_PID" 2>/dev/null || true; wait "$SERVE_PID" 2>/dev/null || true; fi
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

echo "==> Converting the four uploads with the local pipeline into $WORK/data, then serving the library"
rm -rf "$WORK/data"
: > "$WORK/serve.log"   # exists before the loop below reads it
LMS_HLS_LOG_LEVEL=WARN "$JAVA_HOME/bin/java" -jar lambda-java/local/target/local.jar convert --data-dir "$WORK/data" --serve --web-port 0 \
  "$CAPTIONS_EN" "$CAPTIONS_DE" "$CLIPS/$LECTURE" "$CLIPS/$SILENT" "$CLIPS/$SHORT" "$CLIPS/$BROKEN" > "$WORK/serve.log" 2>&1 &
SERVE_PID=$!
LIBRARY=
for _ in $(seq 2400); do   # up to 240 s: the conversions come first
  LIBRARY=$(sed -n 's/^Library: \(http:[^ ]*\).*/\1/p' "$WORK/serve.log" || true)
  [ -n "$LIBRARY" ] && break
  kill -0 "$SERVE_PID" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$LIBRARY" ]; then
  cat "$WORK/serve.log" >&2
  echo "error: the local pipeline did not convert the uploads and serve the library within 240 s" >&2
  echo "player: 0 passed, 1 failed"
  exit 1
fi
grep -E '^(\S.*: job |Watch |Library: )' "$WORK/serve.log" | sed 's/^/    /'
grep -q "pages not built" "$WORK/serve.log" && { echo "error: the runtime found no built pages (web/dist)" >&2; echo "player: 0 passed, 1 failed"; exit 1; }

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

echo "==> Going through the library and watch pages in Chromium ($LIBRARY)"
set +e
# TMPDIR: playwright-core's scratch folder goes into the profile too, removed even if interrupted.
mkdir -p "$PROFILE/tmp"
TMPDIR="$PROFILE/tmp" timeout --kill-after=5 240 node scripts/player/check.mjs \
  --cdp "http://127.0.0.1:$PORT" --library "$LIBRARY" --playwright "$WORK/node/node_modules/playwright-core" \
  --lecture "$LECTURE" --duration "$CLIP_SECONDS" --silent "$SILENT" --silent-duration "$SILENT_SECONDS" \
  --short "$SHORT" --broken "$BROKEN" --subtitles "Deutsch,English" --cue "English|$CUE_START|$CUE_END|$CUE_TEXT" \
  --screenshots "$WORK/screenshots" &
CHECK_PID=$!
wait "$CHECK_PID"
STATUS=$?
CHECK_PID=
set -e
if [ "$STATUS" = 124 ] || [ "$STATUS" = 137 ]; then
  echo "error: the browser check did not finish within 240 s" >&2
  echo "player: 0 passed, 1 failed"
fi
exit "$STATUS"
