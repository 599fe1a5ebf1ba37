#!/usr/bin/env bash
# Installs what is missing, builds the page (release, offline) and serves it on 127.0.0.1.
#   scripts/serve.sh [PORT]      (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The npm wasm-opt must come first: Debian's is too old for rustc's output.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release --skip-version-check
exec node tests/e2e/serve-dist.mjs "${1:-8080}" dist
