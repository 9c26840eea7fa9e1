#!/usr/bin/env bash
# make serve [WEB_PORT=8642]: the local runtime kept up (S3, the MediaConvert API, uploads converted)
# with the lecture library on http://127.0.0.1:$WEB_PORT/ until Ctrl-C. Uses the data of `make demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
WEB_PORT="${WEB_PORT:-8642}"
if command -v curl >/dev/null && curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$WEB_PORT/api/lectures" 2>/dev/null; then
  echo "The library is already served on http://127.0.0.1:$WEB_PORT/ (make serve is running); nothing to start."
  exit 0
fi
. scripts/java-env.sh
echo "==> Building (mvn package -DskipTests)"
mvn_q package -DskipTests
scripts/web-build.sh || echo "warning: the library page is not built (see above); the API and media are served anyway" >&2
exec "$JAVA_HOME/bin/java" -jar lambda-java/local/target/local.jar serve --data-dir .work/local --web-port "$WEB_PORT" "$@"
