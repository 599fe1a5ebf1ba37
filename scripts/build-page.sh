#!/usr/bin/env bash
# Builds the page (release, offline) into dist/. Called by serve.sh and test.sh; setup.sh has
# installed the tools.
#
# The page's first load has a budget (300 KB gz) that TLS 1.3 with ML-KEM must fit in, so the
# release build uses the machine's nightly toolchain for two size options stable lacks
# (measured on the TLS 1.3 page, wasm-opt -Oz, gzip -9: 318,153 → 273,275 bytes):
#   - `build-std`: the standard library rebuilt at the page's opt-level "z" (the shipped one
#     is built for speed), and
#   - `panic=immediate-abort`: a panic is compiled to a trap, without its message or the
#     formatting machinery; index.html turns the trap into the page's error panel (−39.6 KB);
#   - `fmt-debug=none`: `{:?}` prints nothing, so Debug impls are left out (−5.2 KB); clippy's
#     `use_debug` lint keeps `{:?}` out of the engine's and the page's code.
# Without a nightly with rust-src (or with TLS_LAB_STABLE=1), it builds with stable: a working
# page, over the budget. A build whose inputs and toolchain match dist/'s stamp is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
log() { printf '\033[1m[build-page]\033[0m %s\n' "$*" >&2; }

# Nightly with rust-src and the wasm target (setup.sh adds them where it can), unless
# TLS_LAB_STABLE=1 asks for the stable build.
toolchain=stable
if [ "${TLS_LAB_STABLE:-0}" != 1 ] &&
  rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src' &&
  rustup target list --toolchain nightly --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  toolchain=nightly
fi

# Nothing to do when dist/ was built from these very inputs with this toolchain: a second
# serve.sh starts at once. The stamp names the toolchain too (test.sh enforces the size
# budget only on the nightly build).
STAMP=dist/.build-stamp
inputs=$( (
  rustc "+$toolchain" --version
  find src crates/engine/src crates/engine/Cargo.toml crates/outsider index.html static lessons samples build.rs \
    Cargo.toml Cargo.lock Trunk.toml package-lock.json scripts/build-page.sh \
    scripts/shorten-wasm-names.mjs scripts/inline-small-files.mjs scripts/extended-build.mjs -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
) | sha256sum | cut -c1-64)
want="inputs $inputs
toolchain $toolchain"
if [ -f dist/index.html ] && [ -f dist/course/index.html ] && [ -f dist/recorded/index.html ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$want" ]; then
  log "dist/ is up to date ($toolchain build)"
  exit 0
fi

# RustCrypto's documented small backends, on both toolchains: SHA-256 with its rounds in a loop
# and AES semi-fixsliced.
COMPACT='--cfg sha2_backend_soft="compact" --cfg aes_compact'
if [ "$toolchain" = nightly ]; then
  export RUSTUP_TOOLCHAIN=nightly
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none $COMPACT"
  # Apart from the stable builds, so neither evicts the other's artifacts.
  export CARGO_TARGET_DIR="$PWD/target/page"
else
  export RUSTUP_TOOLCHAIN=stable
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$COMPACT"
  log "building with stable (no nightly with rust-src, or TLS_LAB_STABLE=1): the page works but its first load is over budget"
fi
# Two pages from one crate: the lab (dist/), whose first load has a budget of 300 KB gz, and
# the course page (dist/course/): the same page with lessons and practice (the `course`
# feature, without the eavesdropper's panel, which links to the lab there), which the lab
# links to. The lab's build cleans dist/, so it goes first.
trunk build --release --skip-version-check --no-default-features --features eavesdropper,extended-choices
# The lab's extended builds: the lab with mutual TLS (`client-auth`), the lab with resumption
# and 0-RTT (`resumption`), which its first load has no room for (nor one build for both:
# 332.5 KB gz measured, over their 325), and the lab with an active attacker on the path
# (`attack`). Their glue and wasm join the lab's files below (scripts/extended-build.mjs).
trunk build --release --skip-version-check --no-default-features --features eavesdropper,client-auth --dist dist/extended
trunk build --release --skip-version-check --no-default-features --features eavesdropper,extended-choices,resumption --dist dist/resumption
trunk build --release --skip-version-check --no-default-features --features eavesdropper,extended-choices,attack --dist dist/attack
trunk build --release --skip-version-check --no-default-features --features course --dist dist/course
# The recorded page (dist/recorded/): the lab's views of one connection of a student's own
# capture, with the decrypter, which the lab's capture part opens in a dialog.
trunk build --release --skip-version-check --no-default-features --features recorded --dist dist/recorded
# What only one of the two pages uses leaves the other: the lab has no lessons, so neither
# their style (static/course.css) nor xAPI statements (static/xapi.js); the course page has no
# eavesdropper (its panel is the lab's), so neither the bridge to the worker
# (static/eavesdropper.js) nor the eavesdropper's and capture reader's workers, nor the
# panel's part for a student's own capture and its sample.
only_in() { # PAGE_DIR OTHER_DIR FILE EXTENSION
  sed -i -E "s#<(script|link)[^>]*/$3-[0-9a-f]*\.$4[^>]*>(</script>)?##" "$2/index.html"
  rm -f "$2/$3"-*."$4"
  if grep -q "$3-" "$2/index.html"; then log "$2/index.html still loads $3"; exit 1; fi
}
only_in dist/course dist xapi js
only_in dist/course dist course css
only_in dist dist/course eavesdropper js
# The recorded page has neither lessons nor an eavesdropper; its own style is its alone.
only_in dist/course dist/recorded xapi js
only_in dist/course dist/recorded course css
only_in dist dist/recorded eavesdropper js
# The recorded page dissects certificates itself (`cert-tree`) and starts no worker.
only_in dist dist/recorded certificates js
only_in dist/recorded dist recorded css
only_in dist/recorded dist/course recorded css
# The course page keeps the certificate dissector's worker (its inspector asks it, as the lab's
# does) and so worker.js.
rm -rf dist/lessons dist/course/outsider* dist/course/capture* dist/course/samples
rm -rf dist/recorded/outsider* dist/recorded/capture* dist/recorded/dissector* dist/recorded/worker.js dist/recorded/samples dist/recorded/lessons
# The small scripts and style sheets go into each page (one response fewer each).
node scripts/inline-small-files.mjs dist
node scripts/inline-small-files.mjs dist/course
node scripts/inline-small-files.mjs dist/recorded
# wasm-bindgen's hashed import names, shortened in the wasm and its glue (−5 KB gz).
node scripts/shorten-wasm-names.mjs dist
node scripts/shorten-wasm-names.mjs dist/course
node scripts/shorten-wasm-names.mjs dist/recorded
node scripts/shorten-wasm-names.mjs dist/extended
node scripts/shorten-wasm-names.mjs dist/resumption
node scripts/shorten-wasm-names.mjs dist/attack
# The shortened names change each page's wasm after Trunk's wasm-opt: the same optimisation
# run again finds a little more (measured on the lab's first load: 0.07 KB gz). The two first
# loads at their budgets' edge (the lab's, the course page's) are first flattened and their
# control flow rebuilt (`--flatten --rereloop`: 0.49 KB gz less for the lab, 45 s each), then
# optimised twice over (-Oz -Oz: 0.42 KB gz less again; a third pass found nothing more).
# The flags are index.html's; the features, those Rust's wasm32 target emits.
opt_params=$(sed -n 's/.*data-bin="tls-lab-web" data-wasm-opt="z" data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)
[ -n "$opt_params" ] || { log "index.html has no wasm-opt parameters for tls-lab-web"; exit 1; }
for dir in dist dist/course dist/recorded dist/extended dist/resumption dist/attack; do
  case "$dir" in dist | dist/course) rebuild=(--flatten --rereloop -Oz) ;; *) rebuild=() ;; esac
  for wasm in "$dir"/tls-lab-web-*_bg.wasm; do
    # shellcheck disable=SC2086 # the parameters are words
    wasm-opt "$wasm" "${rebuild[@]}" -Oz $opt_params --enable-bulk-memory \
      --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
      --enable-reference-types --enable-multivalue -o "$wasm"
  done
done
node scripts/extended-build.mjs dist dist/extended dist/resumption dist/attack
printf '%s\n' "$want" >"$STAMP"
