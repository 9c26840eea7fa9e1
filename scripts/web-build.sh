#!/usr/bin/env bash
# make web: the library and watch pages, web/src → web/dist (one self-contained folder).
# hls.js and esbuild at the versions in web/package-lock.json (npm ci into web/node_modules,
# again only when the lockfile changed). Exits 3 with a message when Node.js/npm are missing, so
# `make demo` can still convert and say what to install.
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "web: Node.js 20+ with npm is needed to build the library page (e.g. apt-get install nodejs npm); the pipeline works without it" >&2
  exit 3
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "web: Node.js 20+ is needed to build the library page (found $(node --version))" >&2
  exit 3
fi
# One build at a time (make test runs suites side by side, and two of them build the page), and
# none when web/dist was built from exactly these sources: a rebuild empties web/dist first, which
# would pull the page from under a suite that is serving or deploying it.
mkdir -p ../.work
exec 9>../.work/web-build.lock
flock 9
inputs=$(cat build.mjs package.json package-lock.json src/* | sha256sum | cut -d' ' -f1)
if [ -f dist/watch.html ] && [ "$(cat ../.work/web-dist.sha256 2>/dev/null)" = "$inputs" ]; then
  echo "web: web/dist is current (built from these sources)"
  exit 0
fi
rm -f ../.work/web-dist.sha256
# npm ci again only when the lockfile differs from the one the last install used.
if ! cmp -s package-lock.json node_modules/.lms-hls-lock 2>/dev/null || [ ! -d node_modules/hls.js ] || [ ! -d node_modules/esbuild ]; then
  mkdir -p ../.work
  echo "==> web: npm ci (hls.js, esbuild; pinned in web/package-lock.json)"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error > ../.work/web-npm.log 2>&1 \
    || { cat ../.work/web-npm.log >&2; echo "web: npm ci failed" >&2; exit 1; }
  cp package-lock.json node_modules/.lms-hls-lock
fi
node build.mjs
echo "$inputs" > ../.work/web-dist.sha256
