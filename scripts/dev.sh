#!/usr/bin/env bash
# Trunk's development server, for working on the page: a debug build with stable (all features:
# the lab with lessons and practice compiled in, so lesson links stay on this page), rebuilt and
# reloaded in the browser on every saved change. Its output goes to target/dev-dist, so the
# release build in dist/ stays as it was.
#   scripts/dev.sh [PORT]     (default 8081)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
exec trunk serve --skip-version-check --address 127.0.0.1 --port "${1:-8081}" \
  --dist target/dev-dist \
  --watch src --watch crates/engine/src --watch index.html --watch static --watch lessons
