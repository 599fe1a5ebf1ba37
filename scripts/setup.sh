#!/usr/bin/env bash
# Installs every tool TLS Lab needs, from the package registries only.
# Idempotent: each step checks first, so a re-run on a ready machine takes well under a second.
#   scripts/setup.sh          tools to build and serve the page
#   scripts/setup.sh --test   also what the tests need (Chromium, tshark, Playwright, and the
#                             interop peers: GnuTLS, curl, tlslite-ng in .venv-test/)
# The versions it installs are scripts/versions.env's (wasm-bindgen's: the root Cargo.toml's).
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1m[setup]\033[0m FAILED: %s\n' "$*" >&2; exit 1; }
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/node_modules/.bin:$PATH"

# The tools' versions: scripts/versions.env, and wasm-bindgen's from the root Cargo.toml. The
# files that repeat one for their own tool must agree, or nothing is installed.
# shellcheck source=versions.env
. scripts/versions.env
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([^"]*\)".*/\1/p' Cargo.toml)
[ -n "$WASM_BINDGEN_VERSION" ] || die 'Cargo.toml has no exact wasm-bindgen pin (wasm-bindgen = "=X.Y.Z")'
# Fails unless FILE pins KEY at FOUND = WANT, the version SOURCE means.
agree() { # FILE KEY FOUND WANT SOURCE
  [ "$3" = "$4" ] || die "$1 pins $2 \"$3\", but $5 means \"$4\": make them agree"
}
toml() { sed -n "s/^$2 = \"\\([^\"]*\\)\".*/\\1/p" "$1"; }
npm_pin() { sed -n "s/^ *\"$1\": \"\\([^\"]*\\)\".*/\\1/p" package.json; }
agree Trunk.toml wasm_bindgen "$(toml Trunk.toml wasm_bindgen)" "$WASM_BINDGEN_VERSION" \
  "Cargo.toml's wasm-bindgen pin"
agree Trunk.toml wasm_opt "$(toml Trunk.toml wasm_opt)" "version_$BINARYEN_VERSION" \
  "scripts/versions.env's BINARYEN_VERSION"
agree package.json binaryen "$(npm_pin binaryen)" "$BINARYEN_VERSION.0.0" \
  "scripts/versions.env's BINARYEN_VERSION"
agree package.json playwright-core "$(npm_pin playwright-core)" "$PLAYWRIGHT_VERSION" \
  "scripts/versions.env's PLAYWRIGHT_VERSION"

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown || die "rustup could not add the wasm32-unknown-unknown target"
fi

# The page's release build (scripts/build-page.sh) rebuilds std for size with a nightly
# toolchain: it needs the standard library's source and the wasm target. Optional: without
# them the page builds with stable (it works, over its size budget), and setup says so.
nightly_ready() {
  rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src' &&
    rustup target list --toolchain nightly --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'
}
if [ "${TLS_LAB_STABLE:-0}" != 1 ] && ! nightly_ready; then
  if rustup toolchain list | grep -q '^nightly'; then
    log "adding rust-src and wasm32-unknown-unknown to the nightly toolchain (for the page's size)"
    rustup component add rust-src --toolchain nightly &&
      rustup target add wasm32-unknown-unknown --toolchain nightly ||
      log "WARNING: could not add rust-src or the wasm target to nightly: the page will build with stable, over its size budget"
  else
    log "no nightly toolchain: the page will build with stable (it works; its first load is over budget)"
  fi
fi

# The page is built offline (Trunk runs cargo with --offline), so every crate must be in the
# cargo cache first: the workspace's, and for the nightly build-std the standard library's own
# dependencies (std's manifest and lock under the toolchain's rust-src), which no build fetches.
# `--offline` first: on a ready machine that is a quick no-op without the network.
if ! cargo fetch --locked --offline >/dev/null 2>&1; then
  log "fetching the workspace's crates"
  cargo fetch --locked || die "cargo fetch failed: the workspace's crates could not be downloaded"
fi
if [ "${TLS_LAB_STABLE:-0}" != 1 ] && nightly_ready; then
  std_manifest="$(rustc +nightly --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
  [ -f "$std_manifest" ] || die "nightly's rust-src has no $std_manifest"
  if ! cargo +nightly fetch --locked --offline --manifest-path "$std_manifest" >/dev/null 2>&1; then
    log "fetching the standard library's dependencies (for nightly's build-std)"
    cargo +nightly fetch --locked --manifest-path "$std_manifest" ||
      die "cargo fetch failed for the standard library's dependencies ($std_manifest)"
  fi
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores, once)"
  # Trunk declares a newer rustc than it needs; it builds and runs on 1.95.
  cargo install --locked trunk --version "$TRUNK_VERSION" --ignore-rust-version ||
    die "cargo install trunk $TRUNK_VERSION failed"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lockfile names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force ||
    die "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION failed"
fi

# Node packages: wasm-opt (binaryen on node; Debian's is too old for rustc 1.95's output)
# and, for tests, playwright-core driving the system Chromium and axe-core auditing the page
# (WCAG AA contrast, names, roles). Versions are pinned in package.json (checked above against
# versions.env); installed again when one in node_modules/ is missing or another version.
node_ready() {
  [ -x node_modules/.bin/wasm-opt ] && node -e '
    for (const [name, version] of Object.entries(require("./package.json").devDependencies))
      if (require(`./node_modules/${name}/package.json`).version !== version) process.exit(1);
  ' 2>/dev/null
}
if ! node_ready; then
  log "installing node packages (binaryen@$BINARYEN_VERSION, playwright-core@$PLAYWRIGHT_VERSION, axe-core)"
  npm install --no-audit --no-fund --loglevel=error || die "npm install failed (package.json's tools)"
fi

apt_missing=()
if [ "$want_test" = 1 ]; then
  command -v chromium >/dev/null || apt_missing+=(chromium chromium-driver)
  command -v tshark >/dev/null || apt_missing+=(tshark)
  command -v openssl >/dev/null || apt_missing+=(openssl)
  # Interop peers (crates/cli/tests): GnuTLS both ways, curl against serve; gnutls-serv runs
  # in a loopback-only network namespace (unshare from util-linux, ip from iproute2).
  command -v gnutls-serv >/dev/null || apt_missing+=(gnutls-bin)
  command -v curl >/dev/null || apt_missing+=(curl)
  command -v ip >/dev/null || apt_missing+=(iproute2)
  command -v python3 >/dev/null || apt_missing+=(python3)
  python3 -c 'import ensurepip' 2>/dev/null || apt_missing+=(python3-venv)
fi
if [ ${#apt_missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${apt_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq "${apt_missing[@]}" >/dev/null || die "apt-get install ${apt_missing[*]} failed"
fi

# tlslite-ng (PyPI), a TLS stack in pure Python: the tests' independent scripted peer. In a
# virtualenv inside the repository (gitignored), so the system Python stays untouched.
if [ "$want_test" = 1 ] &&
  ! .venv-test/bin/python3 -c "import sys, tlslite; sys.exit(tlslite.__version__ != '$TLSLITE_VERSION')" 2>/dev/null; then
  log "installing tlslite-ng $TLSLITE_VERSION into .venv-test/"
  python3 -m venv .venv-test || die "python3 -m venv .venv-test failed"
  .venv-test/bin/pip install --quiet --disable-pip-version-check "tlslite-ng==$TLSLITE_VERSION" ||
    die "pip install tlslite-ng==$TLSLITE_VERSION failed"
fi
log "tools ready"
