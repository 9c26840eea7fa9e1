#!/usr/bin/env bash
# make player: a person's path through the library and watch pages, in a real browser.
# 1. Debian's Chromium (PLAYER_CHROMIUM=/path uses another Chromium or Chrome), playwright-core and
#    axe-core pinned in scripts/player/package-lock.json: installed by `make setup`
#    (scripts/player/setup.sh), which `make test` runs first; then the pages
#    (scripts/web-build.sh: web/ → web/dist, with .br/.gz variants).
# 2. Four uploads through `local.jar convert --serve` into .work/player/data: a 20 s 1280x720
#    lecture named with spaces and umlauts (testsrc2 + tone, English WebVTT and German SRT
#    captions), one with no audio, a 1 s one with a .MP4 suffix, and one that is not a video (its
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

# ---- 1. tools (installed by `make setup`, which `make test` runs first) ---------------------
if [ -n "${PLAYER_CHROMIUM:-}" ]; then
  [ -x "$PLAYER_CHROMIUM" ] || { echo "error: PLAYER_CHROMIUM=$PLAYER_CHROMIUM is not an executable" >&2; exit 1; }
  CHROMIUM_BIN=$PLAYER_CHROMIUM
elif [ ! -x "$CHROMIUM" ]; then
  echo "error: no Chromium at $CHROMIUM: run 'make setup' first (it installs Debian's chromium), or set PLAYER_CHROMIUM=/path" >&2
  echo "player: 0 passed, 1 failed"
  exit 1
fi
[ -x "$CHROMIUM_BIN" ] || CHROMIUM_BIN=$CHROMIUM
echo "==> $("$CHROMIUM_BIN" --version 2>/dev/null)"
if [ ! -f "$WORK/node/node_modules/playwright-core/index.mjs" ] || [ ! -f "$WORK/node/node_modules/axe-core/axe.min.js" ] \
   || ! cmp -s scripts/player/package-lock.json "$WORK/node/package-lock.json"; then
  echo "error: playwright-core/axe-core are missing or older than scripts/player/package-lock.json: run 'make setup' first" >&2
  echo "player: 0 passed, 1 failed"
  exit 1
fi
echo "==> node --test web/test (the page's pure parts: URL encoding, titles, tiles, WebVTT)"
mkdir -p "$WORK"
if ! node --test web/test/ > "$WORK/page-tests.log" 2>&1; then
  cat "$WORK/page-tests.log"
  echo "player: 0 passed, 1 failed"
  exit 1
fi
grep -E '^# (pass|fail) ' "$WORK/page-tests.log" | tr '\n' ' ' | sed 's/^/    /; s/ $/\n/'
scripts/web-build.sh

# ---- 2. the lectures, converted and served -------------------------------------------------
. scripts/java-env.sh
echo "==> Building (mvn package -DskipTests)"
mvn_q package -DskipTests
run() { "$JAVA_HOME/bin/java" -jar lambda-java/local/target/local.jar "$@"; }

CLIPS=$WORK/clips
LECTURE="Vorlesung 3 – Über Räder.mp4"   # spaces, an en dash, umlauts: title and download name must read so
SILENT="No audio.mp4"
SILENT_SECONDS=4
SHORT="Übung – 1 s.MP4"                  # .MP4: the hashed asset id (name@hash), = and @ in its URLs
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
# second segment, and nowhere before; the transcript lists every English cue, and a search for
# SEARCH_WORDS finds the cue at SEARCH_AT s (in the second half).
CUE_START=12
CUE_END=14.5
CUE_TEXT="Second segment caption"
SEARCH_WORDS="rolling resistance"
SEARCH_AT=14.5
CAPTIONS_EN="$CLIPS/${LECTURE%.mp4}.en.vtt"
CAPTIONS_DE="$CLIPS/${LECTURE%.mp4}.de.srt"
cat > "$CAPTIONS_EN" <<VTT
WEBVTT

00:00:01.000 --> 00:00:04.000
First segment caption

00:00:04.500 --> 00:00:07.000
Wheels have been around for a long time

00:00:07.000 --> 00:00:10.000
They turn on an axle

00:00:10.000 --> 00:00:$CUE_START.000
Friction matters

00:00:$CUE_START.000 --> 00:00:14.500
$CUE_TEXT

00:00:14.500 --> 00:00:17.000
Rolling resistance is small

00:00:17.000 --> 00:00:19.500
That is why wheels roll far
VTT
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
# Stricter as the other areas land: lecture.json once the converter writes it, trick play once
# the template asks for it. (The local web server's Content-Encoding is always required.)
EXPECT_LECTURE_JSON=0; EXPECT_TRICK_PLAY=0; SOURCE_AWARE=0
grep -rqs '\.probe(' lambda-java/converter/src/main/java && SOURCE_AWARE=1
grep -rqs 'lecture.json' lambda-java/converter/src/main/java && EXPECT_LECTURE_JSON=1
grep -Eqs '"ImageBasedTrickPlay" *: *"(THUMBNAIL|THUMBNAIL_AND_FULLFRAME|ADVANCED)"' job-templates/hls-abr.json && EXPECT_TRICK_PLAY=1
echo "    (lecture.json expected: $EXPECT_LECTURE_JSON, trick play: $EXPECT_TRICK_PLAY, source-aware ladder: $SOURCE_AWARE, CloudFront CSP: read from terraform/modules/delivery/main.tf)"
TMPDIR="$PROFILE/tmp" timeout --kill-after=5 360 node scripts/player/check.mjs \
  --cdp "http://127.0.0.1:$PORT" --library "$LIBRARY" --playwright "$WORK/node/node_modules/playwright-core" \
  --axe "$WORK/node/node_modules/axe-core/axe.min.js" --probe scripts/player/probe.js --dist web/dist --template job-templates/hls-abr.json \
  --lecture "$LECTURE" --duration "$CLIP_SECONDS" --silent "$SILENT" --silent-duration "$SILENT_SECONDS" \
  --short "$SHORT" --broken "$BROKEN" --subtitles "Deutsch,English" --cue "English|$CUE_START|$CUE_END|$CUE_TEXT" \
  --search "$SEARCH_WORDS|$SEARCH_AT" --expect-lecture-json "$EXPECT_LECTURE_JSON" --expect-trick-play "$EXPECT_TRICK_PLAY" \
  --source-aware "$SOURCE_AWARE" --delivery-tf terraform/modules/delivery/main.tf \
  --screenshots "$WORK/screenshots" &
CHECK_PID=$!
wait "$CHECK_PID"
STATUS=$?
CHECK_PID=
set -e
if [ "$STATUS" = 124 ] || [ "$STATUS" = 137 ]; then
  echo "error: the browser check did not finish within 360 s" >&2
  echo "player: 0 passed, 1 failed"
fi

# ---- 4. the same lectures under CloudFront signed cookies (C7) -----------------------------
# The runtime again, as `serve` with a public key and the test-only issuer key: every media
# request then needs cookies that verify (403 otherwise), and GET /_local/signed-cookies issues
# them with lambda-java/signed-access.
if ! run serve --help 2>/dev/null | grep -q -- '--signed-cookies-issuer-key'; then
  echo "skip signed cookies: local.jar serve has no --signed-cookies-* options yet (contract C7)"
  exit "$STATUS"
fi
kill "$SERVE_PID" 2>/dev/null || true
wait "$SERVE_PID" 2>/dev/null || true
SERVE_PID=
KEYS=$WORK/keys
mkdir -p "$KEYS"
[ -s "$KEYS/private.pem" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEYS/private.pem" 2>/dev/null
openssl pkey -in "$KEYS/private.pem" -pubout -out "$KEYS/public.pem" 2>/dev/null
echo "==> Serving the same data with signed-cookie enforcement (key pair K2LOCALTEST)"
: > "$WORK/serve-signed.log"
LMS_HLS_LOG_LEVEL=WARN "$JAVA_HOME/bin/java" -jar lambda-java/local/target/local.jar serve --data-dir "$WORK/data" \
  --web-port 0 --s3-port 0 --mediaconvert-port 0 \
  --signed-cookies-public-key "$KEYS/public.pem" --signed-cookies-key-pair-id K2LOCALTEST \
  --signed-cookies-issuer-key "$KEYS/private.pem" > "$WORK/serve-signed.log" 2>&1 &
SERVE_PID=$!
LIBRARY=
for _ in $(seq 600); do   # up to 60 s
  LIBRARY=$(sed -n 's/^Library: *\(http:[^ ]*\).*/\1/p' "$WORK/serve-signed.log" || true)
  [ -n "$LIBRARY" ] && break
  kill -0 "$SERVE_PID" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$LIBRARY" ]; then
  cat "$WORK/serve-signed.log" >&2
  echo "error: serve with signed cookies did not start within 60 s" >&2
  echo "signed-cookies: 0 passed, 1 failed"
  exit 1
fi
set +e
TMPDIR="$PROFILE/tmp" timeout --kill-after=5 120 node scripts/player/signed-check.mjs \
  --cdp "http://127.0.0.1:$PORT" --library "$LIBRARY" --playwright "$WORK/node/node_modules/playwright-core" \
  --probe scripts/player/probe.js --lecture "$SHORT" --other "$LECTURE" &
CHECK_PID=$!
wait "$CHECK_PID"
SIGNED=$?
CHECK_PID=
set -e
[ "$STATUS" = 0 ] && [ "$SIGNED" = 0 ]
