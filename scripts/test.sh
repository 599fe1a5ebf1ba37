#!/usr/bin/env bash
# Installs what is missing and runs every test: engine, CLI (with OpenSSL/tshark interop),
# the web app's unit tests, the release build, the browser tests and the page budgets.
# Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo test --workspace (engine, CLI interop, web app natively)"
cargo test --workspace

step "release build of the page (trunk, offline)"
trunk build --release --skip-version-check

step "browser tests (Playwright + system Chromium, release build on 127.0.0.1)"
# The master-secret test compares the page with the CLI's output for the same run.
cargo build -q -p cli --bin tls-lab
export TLS_LAB_CLI="$PWD/target/debug/tls-lab"
node --test tests/e2e/

step "page budgets"
node scripts/bench-page.mjs
