# shellcheck shell=bash
# Sourced by the scripts that build or run Java: a JDK 21+ on PATH and a quiet Maven.
# Works when called from make (JAVA_HOME already exported) and on its own.
if [ -z "${JAVA_HOME:-}" ]; then JAVA_HOME="$(scripts/find-jdk.sh)"; fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
# Maven's bundled Guava trips JDK 24+'s sun.misc.Unsafe warnings; silence them, nothing else.
if [ -z "${MAVEN_OPTS:-}" ] && "$JAVA_HOME/bin/java" --help-extra 2>&1 | grep -q sun-misc-unsafe; then
  export MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow
fi

# mvn -q for the reactor, without the colour resets Maven prints even in batch mode.
# One Maven at a time in this tree: make test runs suites side by side, and two Maven runs in one
# reactor (a clean build beside a package) would delete each other's target/ folders.
mvn_q() {
  mkdir -p .work
  (set -o pipefail; flock .work/maven.lock mvn -B -ntp -q -Dstyle.color=never -f lambda-java/pom.xml "$@" 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g')
}
