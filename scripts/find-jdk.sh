#!/usr/bin/env bash
# Prints the home of a JDK 21 or newer, or fails with what to install.
# Order: $JAVA_HOME, the `java` on PATH, then JDKs under /usr/lib/jvm and /opt (newest first).
set -euo pipefail

major_of() {  # java home -> major version, or nothing
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p') || return 0
  echo "${v%%.*}"
}

usable() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local m; m=$(major_of "$1")
  [ -n "$m" ] && [ "$m" -ge 21 ]
}

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
if command -v javac >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
fi
# shellcheck disable=SC2012 # JDK folder names have no spaces; ls -d drops globs that match nothing
for d in $(ls -d /usr/lib/jvm/*/ /opt/*jdk*/ /opt/java/*/ 2>/dev/null | sort -rV); do
  candidates+=("${d%/}")
done

for c in "${candidates[@]}"; do
  if usable "$c"; then echo "$c"; exit 0; fi
done

echo "error: no JDK 21 or newer found (checked JAVA_HOME, javac on PATH, /usr/lib/jvm, /opt)." >&2
echo "       Install one (e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+) or set JAVA_HOME." >&2
exit 1
