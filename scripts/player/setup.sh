#!/usr/bin/env bash
# make setup: what the browser check (make player) needs besides the build, installed once.
#   - Debian's chromium (apt-get, as root or with sudo -n), unless it is there already or
#     PLAYER_CHROMIUM=/path names another Chromium or Chrome;
#   - playwright-core and axe-core at the versions in scripts/player/package-lock.json (npm ci
#     into .work/player/node, again only when the lockfile changed).
# `make test` runs it first, with a message saying so; `make player` only checks that it was done.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=.work/player
CHROMIUM=/usr/bin/chromium

if [ -n "${PLAYER_CHROMIUM:-}" ]; then
  [ -x "$PLAYER_CHROMIUM" ] || { echo "error: PLAYER_CHROMIUM=$PLAYER_CHROMIUM is not an executable" >&2; exit 1; }
  echo "==> setup: Chromium: $PLAYER_CHROMIUM (PLAYER_CHROMIUM)"
elif [ -x "$CHROMIUM" ]; then
  echo "==> setup: Chromium: $CHROMIUM is installed"
else
  echo "==> setup: installing Debian's chromium with apt-get (once; the browser check needs it)"
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
  echo "==> setup: $("$CHROMIUM" --version 2>/dev/null || echo chromium) installed"
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "error: node and npm are needed (Node 20+)" >&2; exit 1
fi
mkdir -p "$WORK/node"
node_ok() { [ -f "$WORK/node/node_modules/playwright-core/index.mjs" ] && [ -f "$WORK/node/node_modules/axe-core/axe.min.js" ]; }
if ! cmp -s scripts/player/package-lock.json "$WORK/node/package-lock.json" || ! node_ok; then
  echo "==> setup: npm ci: playwright-core, axe-core (pinned in scripts/player/package-lock.json)"
  rm -rf "$WORK/node/node_modules"
  cp scripts/player/package.json scripts/player/package-lock.json "$WORK/node/"
  (cd "$WORK/node" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error 2>&1 | grep -v 'Unknown user config' || true)
  node_ok || { echo "error: npm ci did not install playwright-core and axe-core" >&2; exit 1; }
else
  echo "==> setup: playwright-core and axe-core are installed (.work/player/node)"
fi
