#!/usr/bin/env bash
# Two clean builds of the converter jar from the same sources must be byte-identical:
# Terraform deploys by filebase64sha256, so a jar that changes with the build time would
# redeploy (and publish a new SnapStart version) on every run.
#
#   scripts/reproducible-jar.sh [OUT_DIR]   (default .work/jars)
#
# Leaves OUT_DIR/first.jar and OUT_DIR/second.jar (make integration deploys the first and
# re-plans with the second) and the second build in lambda-java/converter/target.
# Exits 1 with the entries that differ when the hashes do not match.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-.work/jars}
mkdir -p "$out"
JAVA_HOME=${JAVA_HOME:-$(scripts/find-jdk.sh)}
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
# JDK 24+ warn about Maven's Guava using sun.misc.Unsafe; the Makefile silences it the same way.
if [[ -z ${MAVEN_OPTS:-} ]] && "$JAVA_HOME/bin/java" --help-extra 2>&1 | grep -q sun-misc-unsafe; then
  export MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow
fi
jar=lambda-java/converter/target/converter.jar

build() {
  # clean: nothing of the previous build (classes, resources, the jar) may carry over.
  mvn -B -q -ntp -Dstyle.color=never -f lambda-java/pom.xml -pl converter clean package -DskipTests
  cp "$jar" "$out/$1"
}

echo "reproducible-jar: clean build 1"
build first.jar
# Let the clock move past a second boundary, so build times would differ if they leaked.
sleep 2
echo "reproducible-jar: clean build 2"
build second.jar

a=$(sha256sum "$out/first.jar" | cut -d' ' -f1)
b=$(sha256sum "$out/second.jar" | cut -d' ' -f1)
if [[ $a != "$b" ]]; then
  echo "reproducible-jar: FAILED: two clean builds differ ($a vs $b)" >&2
  if command -v unzip >/dev/null; then
    echo "reproducible-jar: first entries whose mode, size, time or name differ (< first, > second):" >&2
    diff <(unzip -Z -T "$out/first.jar") <(unzip -Z -T "$out/second.jar") | head -20 >&2 || true
  fi
  exit 1
fi
echo "reproducible-jar: OK: two clean builds give the same jar (sha256 $a, $(stat -c %s "$out/first.jar") bytes)"
