#!/bin/sh
# Installs axe-core (package-lock.json: exact version, npm registry only) into node_modules with the machine's npm, for
# the browser tests' accessibility checks. Without npm the build goes on and those checks are skipped with a message
# (see README.md).
set -e
if ! command -v npm >/dev/null 2>&1; then
  echo "[axe-core] npm not found: the browser tests' accessibility checks are skipped (see infra/browser-tests/README.md)"
  exit 0
fi
npm ci --prefer-offline --no-audit --no-fund --loglevel=error
