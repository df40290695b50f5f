#!/usr/bin/env bash
# Creates every platform topic, idempotently (--if-not-exists), against the compose Kafka cluster.
# Run once by the `kafka-init` one-shot in infra/compose.yaml (through kafka-init.sh, which authenticates as the super
# user and then runs create-users-and-acls.sh). On Kubernetes the same topics are the KafkaTopic
# resources in k8s/base/kafka/topics.yaml; deployment-checks keeps the two lists equal.
#
# Sizing: partitions bound consumer parallelism (replicas x listener concurrency). Delivery topics get 12 so the
# channel adapters can scale out; campaign events and notification events 6. A DLT has as many partitions as its source topic because
# Spring Kafka's DeadLetterPublishingRecoverer writes a failed record to the same partition number.
# Every topic: replication factor 3, min.insync.replicas 2 (producers use acks=all: one broker may be down).
set -euo pipefail

BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:?KAFKA_BOOTSTRAP_SERVERS is required}"
KAFKA_TOPICS="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"   # overridable so deployment-checks can run this script against a recording stub
# Client properties of an authenticated admin session (the brokers accept no anonymous client); empty = none.
ADMIN_CONFIG=()
if [[ -n "${KAFKA_COMMAND_CONFIG:-}" ]]; then
  ADMIN_CONFIG=(--command-config "${KAFKA_COMMAND_CONFIG}")
fi
REPLICATION_FACTOR=3
DAY_MS=86400000

create() { # create <topic> <partitions> [--config key=value ...]
  local topic="$1" partitions="$2"
  shift 2
  "${KAFKA_TOPICS}" --bootstrap-server "${BOOTSTRAP}" "${ADMIN_CONFIG[@]}" --create --if-not-exists \
    --topic "${topic}" --partitions "${partitions}" --replication-factor "${REPLICATION_FACTOR}" \
    --config min.insync.replicas=2 "$@"
}

create campaign.events 6 --config retention.ms=$((30 * DAY_MS))
create campaign.events.DLT 6 --config retention.ms=$((30 * DAY_MS))
create directory.agencies 3 --config cleanup.policy=compact --config min.compaction.lag.ms=$((1 * DAY_MS))
create directory.agencies.DLT 3 --config retention.ms=$((30 * DAY_MS))

# Every channel of the contract (contracts: Channels.ALL; asyncapi.yaml's delivery.requests.<channel> topics).
for channel in portal facebook zalo led manual email; do
  create "delivery.requests.${channel}" 12 --config retention.ms=$((7 * DAY_MS))
  create "delivery.requests.${channel}.DLT" 12 --config retention.ms=$((30 * DAY_MS))
  create "delivery.status.${channel}" 12 --config retention.ms=$((7 * DAY_MS))
  create "delivery.status.${channel}.DLT" 12 --config retention.ms=$((30 * DAY_MS))
done

create notification.events 6 --config retention.ms=$((30 * DAY_MS))
create notification.events.DLT 6 --config retention.ms=$((30 * DAY_MS))

"${KAFKA_TOPICS}" --bootstrap-server "${BOOTSTRAP}" "${ADMIN_CONFIG[@]}" --describe --exclude-internal
