#!/usr/bin/env bash
# Makes samples/chromium-tls13.pcapng and samples/chromium-tls13.keys: a real headless
# Chromium, with SSLKEYLOGFILE set as a student would set it, fetching a page from
# `tls-lab serve` on 127.0.0.1 (TLS 1.3 over X25519MLKEM768, which Chromium offers first),
# recorded by dumpcap on the loopback interface. Needs root (dumpcap on lo), chromium,
# dumpcap and openssl: scripts/setup.sh installs them. The files are committed; run this to
# make them again (each run has fresh keys and randoms). With a folder as argument, the two
# files go there instead (the browser tests make a fresh Chromium capture that way); with
# TLS_LAB_CLI set, that binary is used instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[sample]\033[0m %s\n' "$*" >&2; }
for tool in chromium dumpcap openssl; do
  command -v "$tool" >/dev/null || { say "$tool is missing (scripts/setup.sh installs it)"; exit 1; }
done
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
out=${1:-samples}
tls_lab=${TLS_LAB_CLI:-target/debug/tls-lab}
[[ -n ${TLS_LAB_CLI:-} ]] || cargo build -q -p cli --bin tls-lab
pki=crates/engine/src/pki/certs
cat "$pki/leaf-valid.pem" "$pki/ca.pem" >"$work/chain.pem"
cp "$pki/server.key.pem" "$work/key.pem"

# serve picks a free port and says which.
$tls_lab serve 127.0.0.1:0 --cert "$work/chain.pem" --key "$work/key.pem" --suite tls13 \
  --reply "Hello from tls-lab serve: this page came to you over TLS 1.3 with X25519MLKEM768." \
  2>"$work/serve.log" &
for _ in $(seq 50); do grep -q "listening on" "$work/serve.log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve.log" | head -1)
[[ -n $port ]] || { say "serve did not start: $(cat "$work/serve.log")"; exit 1; }

dumpcap -q -i lo -f "tcp port $port" -w "$work/capture.pcapng" 2>"$work/dumpcap.log" &
dumpcap_pid=$!
for _ in $(seq 50); do grep -q "File:" "$work/dumpcap.log" && break; sleep 0.1; done

# Chromium trusts exactly the teaching leaf, by its key's SPKI pin.
pin=$(openssl x509 -in "$work/chain.pem" -pubkey -noout | openssl pkey -pubin -outform der |
  openssl dgst -sha256 -binary | base64)
SSLKEYLOGFILE="$work/keys" timeout 60 chromium --headless --no-sandbox --disable-gpu \
  --disable-quic --no-first-run --disable-background-networking --disable-component-update \
  --disable-sync --disable-dev-shm-usage --user-data-dir="$work/profile" \
  --host-resolver-rules="MAP server.test 127.0.0.1" \
  --ignore-certificate-errors-spki-list="$pin" \
  --dump-dom "https://server.test:$port/" >"$work/dom.html"
sleep 1
kill -INT "$dumpcap_pid"
wait "$dumpcap_pid" || true

mkdir -p "$out"
cp "$work/capture.pcapng" "$out/chromium-tls13.pcapng"
cp "$work/keys" "$out/chromium-tls13.keys"
say "$out/chromium-tls13.pcapng ($(stat -c %s "$out/chromium-tls13.pcapng") bytes) and $out/chromium-tls13.keys"
$tls_lab decrypt --pcap "$out/chromium-tls13.pcapng" --keylog "$out/chromium-tls13.keys" | head -20
