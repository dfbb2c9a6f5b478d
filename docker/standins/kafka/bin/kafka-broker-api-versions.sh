#!/usr/bin/env bash
# TEST STAND-IN (see ../../README.md): the official script's command, as docker-compose.yaml's healthcheck calls it.
KAFKA_HEAP_OPTS="-Xmx128M" exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
