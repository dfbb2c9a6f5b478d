#!/bin/sh
# The job image's command: submits the counting job to the Spark cluster at SPARK_MASTER in client mode, so the
# driver runs in this container (its checkpoint on this container's volume) and the executors on the workers,
# which fetch the job jar from the driver. docs/engines.md.
set -eu
if [ -z "${SPARK_MASTER:-}" ]; then
  echo "trendstream-spark: SPARK_MASTER is not set: name the Spark master, e.g. spark://spark-master:7077" >&2
  exit 2
fi
# The workers reach the driver by this name or address; in compose, the service's name.
driver_host="${SPARK_DRIVER_HOST:-$(hostname -i | cut -d' ' -f1)}"
# Avro's size limits (jvm.options, shared with `npm run spark`) hold in the driver and in every executor.
avro_limits="$(grep '^-Dorg\.apache\.avro\.' /opt/trendstream/jvm.options | tr '\n' ' ')"
exec /opt/spark/bin/spark-submit \
  --master "$SPARK_MASTER" \
  --deploy-mode client \
  --name trendstream-spark \
  --class dev.trendstream.spark.job.StreamingJob \
  --driver-memory "${SPARK_DRIVER_MEMORY:-1g}" \
  --driver-java-options "$avro_limits" \
  --conf "spark.executor.extraJavaOptions=$avro_limits" \
  --conf "spark.executor.memory=${SPARK_EXECUTOR_MEMORY:-1g}" \
  --conf "spark.driver.host=$driver_host" \
  --conf spark.driver.bindAddress=0.0.0.0 \
  --conf spark.driver.port=7078 \
  --conf spark.blockManager.port=7079 \
  /opt/trendstream/trendstream-spark-job.jar
