#!/bin/sh
# Builds the console's notice editor into one static file ($1) with the machine's Node.js and npm, from the npm
# registry only (package-lock.json, exact versions). Without npm the build goes on: the console then keeps its plain
# HTML textarea (the page adds the editor only when this file exists).
set -e
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "[notice editor] npm/node not found: the console keeps the plain textarea (see gateway/README.md)"
  exit 0
fi
npm ci --prefer-offline --no-audit --no-fund --loglevel=error
npm run --silent build -- --outfile="$1"
