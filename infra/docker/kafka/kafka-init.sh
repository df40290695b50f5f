#!/usr/bin/env bash
# The `kafka-init` one-shot of infra/compose.yaml: creates the topics, then the services' SCRAM users and their ACLs.
# Connects as the super user `admin` (SASL/PLAIN, the brokers' BROKER listener), the only principal that may.
set -euo pipefail

: "${ADMIN_PASSWORD:?ADMIN_PASSWORD is required (KAFKA_ADMIN_PASSWORD in infra/.env)}"
here="$(dirname "$0")"

umask 077
export KAFKA_COMMAND_CONFIG="$(mktemp)"
trap 'rm -f "${KAFKA_COMMAND_CONFIG}"' EXIT
cat > "${KAFKA_COMMAND_CONFIG}" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${ADMIN_PASSWORD}";
PROPERTIES

bash "${here}/create-topics.sh"
bash "${here}/create-users-and-acls.sh"
