#!/bin/sh
# Generates the replica-set keyfile (internal member authentication) once, into the shared volume mounted at
# /keyfile. Nothing secret is committed: the key is random per installation and stays in the volume.
set -eu
KEYFILE=/keyfile/replica-set.key
if [ ! -s "${KEYFILE}" ]; then
  # 756 base64 characters, the length MongoDB's documentation uses (openssl rand -base64 756).
  head -c 567 /dev/urandom | base64 | tr -d '\n' > "${KEYFILE}"
fi
# mongod (uid 999 in the official image) refuses a keyfile readable by others.
chown 999:999 "${KEYFILE}"
chmod 0400 "${KEYFILE}"
