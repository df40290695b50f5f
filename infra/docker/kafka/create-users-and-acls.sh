#!/usr/bin/env bash
# SCRAM-SHA-512 users and ACLs of the compose Kafka cluster, idempotently: one user per service, allowed exactly what
# its KafkaUser in k8s/base/kafka/users.yaml allows (deployment-checks runs this script against recording stubs of
# kafka-configs.sh and kafka-acls.sh and compares the result with those KafkaUsers and with the event contract).
# Run once by the `kafka-init` one-shot (kafka-init.sh) as the super user `admin`.
#
# The rights follow contracts/src/main/resources/contracts/asyncapi.yaml and the services' @KafkaListeners:
#   sends <user> <topic>...            Write + Describe on each topic the service is the x-writer of;
#   receives <user> <group> <topic>... Read on the consumer group, Read + Describe on each topic, and
#                                      Read + Write + Describe on <topic>.DLT: a consumer writes its own dead letters,
#                                      and its dead-letter tooling reads them (lists them, and replays them in process
#                                      by handing them back to its own listener: never a write to <topic>, which keeps
#                                      its single writer).
# Nothing else: no Create (this one-shot creates the topics), no cluster rights (Write on a topic is enough for an
# idempotent producer since Kafka 2.8), no prefixed or wildcard patterns.
#
# Additive: ACLs a previous version granted stay until removed by hand (infra/README.md, "Kafka security").
set -euo pipefail

BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:?KAFKA_BOOTSTRAP_SERVERS is required}"
# overridable so deployment-checks can run this script against recording stubs
KAFKA_CONFIGS="${KAFKA_CONFIGS:-/opt/kafka/bin/kafka-configs.sh}"
KAFKA_ACLS="${KAFKA_ACLS:-/opt/kafka/bin/kafka-acls.sh}"
ADMIN_CONFIG=()
if [[ -n "${KAFKA_COMMAND_CONFIG:-}" ]]; then
  ADMIN_CONFIG=(--command-config "${KAFKA_COMMAND_CONFIG}")
fi

user() { # user <name>: its SCRAM-SHA-512 credential, password from SCRAM_PASSWORD_<NAME> (upper case, - as _)
  local name="$1"
  local variable="SCRAM_PASSWORD_${name^^}"
  variable="${variable//-/_}"
  local password="${!variable:-}"
  if [[ -z "${password}" ]]; then
    echo "${variable} is required: the password of Kafka user ${name}" >&2
    exit 1
  fi
  "${KAFKA_CONFIGS}" --bootstrap-server "${BOOTSTRAP}" "${ADMIN_CONFIG[@]}" --alter \
    --entity-type users --entity-name "${name}" --add-config "SCRAM-SHA-512=[iterations=8192,password=${password}]"
}

allow() { # allow <user> <topic|group> <name> <operation>...
  local principal="User:$1" type="$2" name="$3"
  shift 3
  local operations=()
  for operation in "$@"; do
    operations+=(--operation "${operation}")
  done
  "${KAFKA_ACLS}" --bootstrap-server "${BOOTSTRAP}" "${ADMIN_CONFIG[@]}" --add \
    --allow-principal "${principal}" --allow-host '*' "${operations[@]}" \
    --resource-pattern-type literal "--${type}" "${name}"
}

sends() { # sends <user> <topic>...
  local name="$1"
  shift
  for topic in "$@"; do
    allow "${name}" topic "${topic}" Write Describe
  done
}

receives() { # receives <user> <group> <topic>...
  local name="$1" group="$2"
  shift 2
  allow "${name}" group "${group}" Read
  for topic in "$@"; do
    allow "${name}" topic "${topic}" Read Describe
    allow "${name}" topic "${topic}.DLT" Read Write Describe
  done
}

user campaign-service
sends campaign-service campaign.events directory.agencies

user notice-publishing-service
sends notice-publishing-service delivery.requests.{portal,facebook,zalo,led,manual,email}
receives notice-publishing-service notice-publishing-service.campaigns campaign.events
receives notice-publishing-service notice-publishing-service.directory directory.agencies
receives notice-publishing-service notice-publishing-service.status delivery.status.{portal,facebook,zalo,led,manual,email}

for channel in portal facebook zalo manual email; do
  user "${channel}-adapter"
  sends "${channel}-adapter" "delivery.status.${channel}"
  receives "${channel}-adapter" "${channel}-adapter" "delivery.requests.${channel}"
done

# Facebook Pages and Zalo OAs belong to agencies by the directory (whose Page or OA each agency's users see)
receives facebook-adapter facebook-adapter.directory directory.agencies
receives zalo-adapter zalo-adapter.directory directory.agencies

user led-adapter
sends led-adapter delivery.status.led
receives led-adapter led-adapter delivery.requests.led
receives led-adapter led-adapter.directory directory.agencies

user reporting-service
receives reporting-service reporting-service.campaigns campaign.events
receives reporting-service reporting-service.agencies directory.agencies
receives reporting-service reporting-service.requests delivery.requests.{portal,facebook,zalo,led,manual,email}
receives reporting-service reporting-service.status delivery.status.{portal,facebook,zalo,led,manual,email}
receives reporting-service reporting-service.notifications notification.events

user notification-service
sends notification-service notification.events
receives notification-service notification-service.campaigns campaign.events
receives notification-service notification-service.agencies directory.agencies
receives notification-service notification-service.status delivery.status.{portal,facebook,zalo,led,manual,email}

"${KAFKA_ACLS}" --bootstrap-server "${BOOTSTRAP}" "${ADMIN_CONFIG[@]}" --list
