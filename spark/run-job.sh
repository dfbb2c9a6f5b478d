#!/bin/sh
# Runs the Spark engine's streaming job on this machine (local mode unless SPARK_MASTER says otherwise), with the
# JVM options Spark's own launcher passes (jvm.options). `npm run spark` builds it first. docs/engines.md.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f spark/target/classpath.txt ]; then
  echo "The Spark engine is not built: run npm run spark (or npm run build) first." >&2
  exit 1
fi
exec java @spark/jvm.options ${SPARK_JAVA_OPTS:--Xmx2g} -cp "spark/target/classes:$(cat spark/target/classpath.txt)" dev.trendstream.spark.job.StreamingJob
