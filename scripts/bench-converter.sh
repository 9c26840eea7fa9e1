#!/usr/bin/env bash
# make bench, converter part: cold start, warm per-event time and jar size (see ConverterBench).
# The cold start is also measured beside the source system's way of doing the same job, Python and
# boto3 (a minimal handler written here at bench time, into .work/bench/: DescribeEndpoints, then
# CreateJob with the template's destinations set), on the same event against the same loopback
# endpoint. Without python3 and boto3 that comparison is left out.
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
# The cold-start JVMs see the deployment package as Lambda does: Lambda extracts the uploaded jar
# into the function's task directory (/var/task) and its runtime loads the classes from there, not
# from the jar. Plus the runtime's event deserializer and the bench mains; the driver itself runs
# on the test classpath.
task=.work/bench/task
rm -rf "$task" && mkdir -p "$task"
jar_path="$(pwd)/$conv/target/converter.jar"
(cd "$task" && jar xf "$jar_path")
serialization=$(tr ':' '\n' < "$cp_file" | grep 'aws-lambda-java-serialization' | head -1)
child_cp="$task:$serialization:$conv/target/test-classes"
python=()
mkdir -p .work/bench
PY_HANDLER=.work/bench/boto3_handler.py
cat > "$PY_HANDLER" <<'PY'
# A minimal S3-event -> MediaConvert CreateJob handler in Python with boto3, as a Lambda on the
# python runtime would run it: the baseline for the converter's cold start (make bench only).
import json
import os
import sys

import boto3


def handler(event, context):
    s3 = event["Records"][0]["s3"]
    bucket, key = s3["bucket"]["name"], s3["object"]["key"]
    name = os.path.splitext(os.path.basename(key))[0]
    asset = os.path.splitext(key)[0]
    with open(os.environ["BENCH_JOB_TEMPLATE"]) as f:
        settings = json.load(f)
    region = os.environ["AWS_REGION"]
    found = boto3.client("mediaconvert", region_name=region).describe_endpoints()
    client = boto3.client("mediaconvert", region_name=region, endpoint_url=found["Endpoints"][0]["Url"])
    settings["Inputs"][0]["FileInput"] = "s3://%s/%s" % (bucket, key)
    out = "s3://%s/assets/%s" % (os.environ["DestinationBucket"], asset)
    for group in settings["OutputGroups"]:
        kind = group["OutputGroupSettings"]["Type"]
        if kind == "HLS_GROUP_SETTINGS":
            group["OutputGroupSettings"]["HlsGroupSettings"]["Destination"] = "%s/HLS/%s" % (out, name)
        elif kind == "FILE_GROUP_SETTINGS":
            folder = "Thumbnails" if group.get("CustomName") == "Thumbnails" else "MP4"
            group["OutputGroupSettings"]["FileGroupSettings"]["Destination"] = "%s/%s/%s" % (out, folder, name)
    job = client.create_job(Role=os.environ["MediaConvertRole"], UserMetadata={"assetID": asset}, Settings=settings)
    return {"statusCode": 200, "jobId": job["Job"]["Id"]}


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        print(json.dumps(handler(json.load(f), None)))
PY
# The interpreter itself, not a version manager's shim script in front of it.
if PY=$(python3 -c 'import boto3, sys; print(sys.executable)' 2>/dev/null); then
  python=("$PY" "$PY_HANDLER" "$(pwd)/job-templates/hls-abr.json")
else
  echo "bench: no python3 with boto3; the cold start is not compared with the Python handler" >&2
fi
# The event as S3 delivers it, moments after the upload: eventTime now (an old one would make the
# converter look for an earlier attempt's job first, which a fresh event never does).
EVENT=.work/bench/put-plain-now.json
sed -E "s/\"eventTime\": *\"[^\"]*\"/\"eventTime\": \"$(date -u +%Y-%m-%dT%H:%M:%S.000Z)\"/" \
  "$conv/src/test/resources/events/put-plain.json" > "$EVENT"
java -cp "$conv/target/test-classes:$conv/target/classes:$(cat "$cp_file")" \
  org.lmshls.converter.bench.ConverterBench \
  "$conv/target/converter.jar" "$child_cp" "$EVENT" "$COLD_RUNS" "$WARM_EVENTS" "${python[@]}"
