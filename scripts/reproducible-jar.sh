#!/usr/bin/env bash
# Two builds of the converter jar from the same sources must be byte-identical:
# Terraform deploys by filebase64sha256, so a jar that changes with the build time would
# redeploy (and publish a new SnapStart version) on every run.
#
#   scripts/reproducible-jar.sh [OUT_DIR]   (default .work/jars)
#
# The jar already in lambda-java/converter/target (make unit's `mvn verify` built it just
# before, in make test) is the first build when it is newer than every source it is made
# from; then ONE clean rebuild is the second. Without a current jar (a standalone run, or
# sources changed since), two clean builds are made, as before. Either way two
# independent builds, two seconds apart at least, are compared.
#
# Leaves OUT_DIR/first.jar and OUT_DIR/second.jar (make integration deploys the first and
# re-plans with the second) and the second build in lambda-java/converter/target.
# Exits 1 with the entries that differ when the hashes do not match.
#   REPRODUCIBLE_JAR_CLEAN_TWICE=1   ignore the existing jar, build twice from clean
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-.work/jars}
mkdir -p "$out" .work
JAVA_HOME=${JAVA_HOME:-$(scripts/find-jdk.sh)}
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
# JDK 24+ warn about Maven's Guava using sun.misc.Unsafe; the Makefile silences it the same way.
if [[ -z ${MAVEN_OPTS:-} ]] && "$JAVA_HOME/bin/java" --help-extra 2>&1 | grep -q sun-misc-unsafe; then
  export MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow
fi
jar=lambda-java/converter/target/converter.jar

build() {
  # clean: nothing of the previous build (classes, resources, the jar) may carry over.
  # The Maven lock of scripts/java-env.sh, held through the copy: no other build in this tree
  # (make test runs suites side by side) may rebuild the jar in between.
  mkdir -p .work
  # shellcheck disable=SC2016 # $1 and $2 are the inner shell's arguments, not this one's
  flock .work/maven.lock sh -c 'mvn -B -q -ntp -Dstyle.color=never -f lambda-java/pom.xml -pl converter clean package -DskipTests && cp "$1" "$2"' \
    build "$jar" "$out/$1"
}

# Everything the converter jar is made of: its module, the parent POM, the job templates
# it bundles. A file newer than the jar means the jar is not this tree's build.
current_jar() {
  [[ -f $jar && -z ${REPRODUCIBLE_JAR_CLEAN_TWICE:-} ]] || return 1
  local newer
  newer=$(find lambda-java/converter lambda-java/pom.xml job-templates -type f -newer "$jar" \
    -not -path '*/target/*' -print -quit)
  [[ -z $newer ]]
}

if current_jar; then
  echo "reproducible-jar: build 1 is the current jar in $jar (make unit built it)"
  flock .work/maven.lock cp "$jar" "$out/first.jar"
else
  echo "reproducible-jar: clean build 1"
  build first.jar
fi
# Let the clock move past a second boundary, so build times would differ if they leaked.
sleep 2
echo "reproducible-jar: clean build 2"
build second.jar

a=$(sha256sum "$out/first.jar" | cut -d' ' -f1)
b=$(sha256sum "$out/second.jar" | cut -d' ' -f1)
if [[ $a != "$b" ]]; then
  echo "reproducible-jar: FAILED: two builds differ ($a vs $b)" >&2
  if command -v unzip >/dev/null; then
    echo "reproducible-jar: first entries whose mode, size, time or name differ (< first, > second):" >&2
    diff <(unzip -Z -T "$out/first.jar") <(unzip -Z -T "$out/second.jar") | head -20 >&2 || true
  fi
  exit 1
fi
echo "reproducible-jar: OK: two builds give the same jar (sha256 $a, $(stat -c %s "$out/first.jar") bytes)"
