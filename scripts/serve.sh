#!/usr/bin/env bash
# Installs what is missing, builds the page (release, offline) and serves it on 127.0.0.1.
#   scripts/serve.sh [PORT]      (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-page.sh
exec node tests/e2e/serve-dist.mjs "${1:-8080}" dist
