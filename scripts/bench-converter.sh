#!/usr/bin/env bash
# make bench, converter part: cold start, warm per-event time and jar size (see ConverterBench).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh
COLD_RUNS=${COLD_RUNS:-7}
WARM_EVENTS=${WARM_EVENTS:-2000}

echo "building the converter jar and test classes..." >&2
mvn_q -pl converter package -DskipTests
mvn_q -pl converter test-compile
cp_file=lambda-java/converter/target/bench.classpath
mvn_q -pl converter dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$(pwd)/$cp_file"
conv=lambda-java/converter
# The cold-start JVMs see the shaded Lambda jar (as on Lambda) plus the runtime's event
# deserializer and the bench mains; the driver itself runs on the test classpath.
serialization=$(tr ':' '\n' < "$cp_file" | grep 'aws-lambda-java-serialization' | head -1)
child_cp="$conv/target/converter.jar:$serialization:$conv/target/test-classes"
java -cp "$conv/target/test-classes:$conv/target/classes:$(cat "$cp_file")" \
  org.lmshls.converter.bench.ConverterBench \
  "$conv/target/converter.jar" "$child_cp" "$conv/src/test/resources/events/put-plain.json" "$COLD_RUNS" "$WARM_EVENTS"
