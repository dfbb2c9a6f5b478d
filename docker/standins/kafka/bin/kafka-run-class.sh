#!/usr/bin/env bash
# TEST STAND-IN (see ../../README.md): runs a Kafka class on the image's jars, with the heap and options the
# official scripts read (KAFKA_HEAP_OPTS, KAFKA_OPTS).
set -euo pipefail
exec java ${KAFKA_HEAP_OPTS:--Xmx256M} ${KAFKA_OPTS:-} -cp '/opt/kafka/libs/*' "$@"
