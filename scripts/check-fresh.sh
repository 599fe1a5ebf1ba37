#!/usr/bin/env bash
# Proves the README's first command works on a fresh machine, without needing one: clones HEAD
# into a temporary folder and runs scripts/serve.sh there with an empty cargo cache (a new
# CARGO_HOME whose bin/ links to the installed tools, nothing else from the old cache), then
# waits until the page and its wasm are served. Exits 0 only then. It downloads every crate
# again (and node_modules), so scripts/test.sh does not run it; contributors run it before
# they change how the page is set up or built.
#   scripts/check-fresh.sh [PORT]     (default 8099)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
port=${1:-8099}
limit=${CHECK_FRESH_TIMEOUT:-3600}
log() { printf '\033[1m[check-fresh]\033[0m %s\n' "$*" >&2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tls-lab-fresh.XXXXXX")
pid=
cleanup() {
  [ -n "$pid" ] && kill -- "-$pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

started=$(date +%s)
git clone -q "$repo" "$tmp/tls-lab"
mkdir "$tmp/cargo-home"
ln -s "${CARGO_HOME:-$HOME/.cargo}/bin" "$tmp/cargo-home/bin"
log "clone of $(git -C "$repo" rev-parse --short HEAD) in $tmp/tls-lab, CARGO_HOME=$tmp/cargo-home (empty but for bin/)"

# serve.sh in a session of its own, so that it and everything it started stop together.
(cd "$tmp/tls-lab" && CARGO_HOME="$tmp/cargo-home" exec setsid scripts/serve.sh "$port") \
  >"$tmp/serve.log" 2>&1 &
pid=$!

# Served means: the page answers, and so do the four wasm its index.html names (the lab's and
# its extended builds'), the workers' (the
# eavesdropper's, the capture reader's and the certificate dissector's, fetched on first use,
# so index.html does not name them; the course page's dissector too) and the recorded page's.
served() {
  node -e '
    const base = process.argv[1];
    (async () => {
      const page = await fetch(base);
      if (!page.ok) process.exit(1);
      // The lab names four: its first load'"'"'s and its extended builds'"'"' (mutual TLS,
      // resumption, the attacker).
      const wasm = (await page.text()).match(/[\w.-]+_bg\.wasm/g);
      if (!wasm || new Set(wasm).size !== 4) process.exit(1);
      // The recorded page (a capture'"'"'s connection in the views) is a page of its own.
      const recorded = await fetch(base + "recorded/");
      const recordedWasm = recorded.ok && (await recorded.text()).match(/[\w.-]+_bg\.wasm/);
      if (!recordedWasm) process.exit(1);
      for (const file of [...wasm, "outsider_bg.wasm", "capture_bg.wasm", "dissector_bg.wasm", "course/dissector_bg.wasm", "recorded/" + recordedWasm[0]]) {
        const bin = await fetch(base + file);
        const bytes = new Uint8Array(await bin.arrayBuffer());
        if (!bin.ok || bytes[0] !== 0 || bytes[1] !== 0x61) process.exit(1);
      }
      process.exit(0);
    })().catch(() => process.exit(1));
  ' "http://127.0.0.1:$port/" 2>/dev/null
}
until served; do
  if ! kill -0 "$pid" 2>/dev/null; then
    log "FAILED: scripts/serve.sh stopped before the page was served; its last lines:"
    tail -n 20 "$tmp/serve.log" >&2
    exit 1
  fi
  if [ $(($(date +%s) - started)) -gt "$limit" ]; then
    log "FAILED: the page was not served within $limit s; serve.sh's last lines:"
    tail -n 20 "$tmp/serve.log" >&2
    exit 1
  fi
  sleep 5
done
log "passed: a fresh clone with an empty cargo cache served the page, its wasm and both workers' wasm after $(($(date +%s) - started)) s"
