#!/usr/bin/env bash
# Container health probe for the Spring Boot images, without curl or wget in the image:
# an HTTP/1.0 GET over bash's /dev/tcp to the actuator on $SERVER_PORT. Exit 0 only on a 200 answer.
# Usage: healthcheck [path]   (default /actuator/health/readiness)
set -euo pipefail
path="${1:-/actuator/health/readiness}"
port="${SERVER_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${path}" >&3
IFS= read -r -t 5 status_line <&3
[[ "${status_line}" =~ ^HTTP/[0-9.]+\ 200([[:space:]]|$) ]]
