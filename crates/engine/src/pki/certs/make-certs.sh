#!/bin/sh
# Regenerates TLS Lab's teaching PKI with the OpenSSL CLI (tested with OpenSSL 3.0).
#
#   sh crates/engine/src/pki/certs/make-certs.sh
#
# Outputs (committed; the engine embeds the .der files with include_bytes!):
#   ca.{der,pem}                 "TLS Lab Teaching CA", the browser's only trust anchor
#   untrusted-ca.{der,pem}       "Untrusted Root CA", a root the browser does not know
#   leaf-<kind>.{der,pem}        one leaf per CertKind (valid, expired, not-yet-valid,
#                                wrong-host, cn-only, unknown-ca, bad-signature)
#   server.key.{der,pem}         PKCS#8, shared by every leaf
#   ca.key.{der,pem}             PKCS#8 (kept so leaves can be re-issued)
#   untrusted-ca.key.{der,pem}   PKCS#8
#
# and the client side (mutual TLS, issue 31):
#   client-ca.{der,pem}          "TLS Lab Client CA", the server's only anchor for clients
#   client-<kind>.{der,pem}      the student's certificate per ClientCertKind (valid, expired,
#                                unknown-ca, wrong-usage; bad-signature is the valid one
#                                signing with another key)
#   client.key.{der,pem}         PKCS#8, the student's key, shared by every client leaf
#   client-ca.key.{der,pem}      PKCS#8
#
#   sh crates/engine/src/pki/certs/make-certs.sh client
#
# remakes the client side only, keeping the server side's files (its untrusted CA signs the
# unknown-ca student certificate).
#
# and the attacker's (the active attacker on the path, issue 33), with keys of its own:
#   attacker-ca.{der,pem}        "Mallory Root CA", a root of the attacker's making
#   attacker-leaf.{der,pem}      a server.test certificate that root issued
#   attacker.key.{der,pem}       PKCS#8, the attacker's key for that leaf
#   attacker-ca.key.{der,pem}    PKCS#8
#
#   sh crates/engine/src/pki/certs/make-certs.sh attacker
#
# remakes the attacker's files only.
#
# `openssl ca` is used rather than `openssl x509 -req` because only it takes exact
# -startdate/-enddate in OpenSSL 3.0, and the lessons need fixed validity periods around the
# simulated clock (2026-06-01T00:00:00Z). Keys are fresh on every run.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# A minimal `openssl ca` set-up: database, serial, and one section per certificate profile.
cat > ca.cnf <<'EOF'
[ ca ]
default_ca = teaching

[ teaching ]
dir              = .
database         = ./index.txt
serial           = ./serial
new_certs_dir    = ./issued
default_md       = sha256
policy           = any_name
unique_subject   = no
copy_extensions  = none
email_in_dn      = no

[ any_name ]
commonName = supplied

[ req ]
distinguished_name = dn
prompt             = no
[ dn ]
CN = unused

# RFC 5280 §4.2.1.9 / §4.2.1.3: a CA may sign certificates and CRLs.
[ root_ca ]
basicConstraints     = critical, CA:TRUE
keyUsage             = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

# A TLS server certificate as browsers expect it (CA/B Forum baseline).
[ server ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:${ENV::LEAF_HOST}
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# A TLS client certificate: a person's name and e-mail address, for signing only
# (CertificateVerify), for client authentication only.
[ client ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = clientAuth
subjectAltName         = email:sam.student@university.test
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# The same certificate made for a server: extKeyUsage serverAuth does not allow client
# authentication (RFC 5280 §4.2.1.12).
[ client_wrong_usage ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = email:sam.student@university.test
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# The same without subjectAltName: the host only in the subject's Common Name, which browsers
# no longer accept (Chrome since 58; RFC 9525 §6.3 drops CN matching).
[ server_cn_only ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
EOF
mkdir issued
: > index.txt
export LEAF_HOST=server.test

key() { # key <name>: RSA-2048, PKCS#8 PEM and DER
    openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key.pem"
    openssl pkcs8 -topk8 -nocrypt -in "$1.key.pem" -outform DER -out "$1.key.der"
}

# issue <out> <serial> <subject CN> <start> <end> <extensions> <CA key> [CA cert]
# Without a CA cert the certificate is self-signed.
issue() {
    out=$1 serial=$2 cn=$3 start=$4 end=$5 ext=$6 cakey=$7 cacert=${8:-}
    echo "$serial" > serial
    openssl req -new -config ca.cnf -key "$subject_key" -subj "/CN=$cn" -out req.pem
    if [ -z "$cacert" ]; then
        openssl ca -batch -config ca.cnf -selfsign -keyfile "$cakey" -in req.pem \
            -startdate "$start" -enddate "$end" -extensions "$ext" -notext -out "$out.pem" \
            2> ca.log || { cat ca.log; exit 1; }
    else
        openssl ca -batch -config ca.cnf -cert "$cacert" -keyfile "$cakey" -in req.pem \
            -startdate "$start" -enddate "$end" -extensions "$ext" -notext -out "$out.pem" \
            2> ca.log || { cat ca.log; exit 1; }
    fi
    openssl x509 -in "$out.pem" -outform DER -out "$out.der"
    openssl x509 -in "$out.der" -inform DER -out "$out.pem" # PEM without the text header
}

# bad_signature <in> <out>: the certificate with the last byte of signatureValue inverted.
# The DER still parses (lengths are untouched); only RSA verification over tbsCertificate
# fails.
bad_signature() {
    size=$(wc -c < "$1.der")
    last=$(tail -c 1 "$1.der" | od -An -tu1 | tr -d ' ')
    head -c $((size - 1)) "$1.der" > "$2.der"
    # shellcheck disable=SC2059 # the format string is the octal escape itself
    printf "\\$(printf '%03o' $((last ^ 255)))" >> "$2.der"
    openssl x509 -in "$2.der" -inform DER -out "$2.pem"
}
at=1780272000

client_side() {
    key client-ca
    key client
    subject_key=client-ca.key.pem
    issue client-ca 3000 "TLS Lab Client CA" 20250101000000Z 20450101000000Z root_ca \
        client-ca.key.pem
    subject_key=client.key.pem
    issue client-valid 3001 "Sam Student" 20260101000000Z 20271231000000Z client \
        client-ca.key.pem client-ca.pem
    issue client-expired 3002 "Sam Student" 20240101000000Z 20250101000000Z client \
        client-ca.key.pem client-ca.pem
    issue client-wrong-usage 3003 "Sam Student" 20260101000000Z 20271231000000Z \
        client_wrong_usage client-ca.key.pem client-ca.pem
    issue client-unknown-ca 2101 "Sam Student" 20260101000000Z 20271231000000Z client \
        untrusted-ca.key.pem untrusted-ca.pem
    openssl verify -attime $at -CAfile client-ca.pem -purpose sslclient client-valid.pem
    ! openssl verify -attime $at -CAfile client-ca.pem -purpose sslclient \
        client-wrong-usage.pem 2> /dev/null
    for f in client-ca client; do
        cp "$f.key.pem" "$f.key.der" "$here/"
    done
    for f in client-ca client-valid client-expired client-wrong-usage client-unknown-ca; do
        cp "$f.pem" "$f.der" "$here/"
    done
    echo "client certificates written to $here"
}

attacker_side() {
    key attacker-ca
    key attacker
    subject_key=attacker-ca.key.pem
    issue attacker-ca 6000 "Mallory Root CA" 20250101000000Z 20450101000000Z root_ca \
        attacker-ca.key.pem
    subject_key=attacker.key.pem
    issue attacker-leaf 6001 server.test 20260101000000Z 20271231000000Z server \
        attacker-ca.key.pem attacker-ca.pem
    openssl verify -attime $at -CAfile attacker-ca.pem -verify_hostname server.test \
        attacker-leaf.pem
    for f in attacker-ca attacker; do
        cp "$f.key.pem" "$f.key.der" "$here/"
    done
    for f in attacker-ca attacker-leaf; do
        cp "$f.pem" "$f.der" "$here/"
    done
    echo "the attacker's certificates written to $here"
}

if [ "${1:-}" = attacker ]; then
    attacker_side
    exit 0
fi

if [ "${1:-}" = client ]; then
    cp "$here/untrusted-ca.key.pem" "$here/untrusted-ca.pem" .
    client_side
    exit 0
fi

key ca
key untrusted-ca
key server

subject_key=ca.key.pem
issue ca 1000 "TLS Lab Teaching CA" 20250101000000Z 20450101000000Z root_ca ca.key.pem
subject_key=untrusted-ca.key.pem
issue untrusted-ca 2000 "Untrusted Root CA" 20250101000000Z 20450101000000Z root_ca \
    untrusted-ca.key.pem

subject_key=server.key.pem
issue leaf-valid 1001 server.test 20260101000000Z 20271231000000Z server ca.key.pem ca.pem
issue leaf-expired 1002 server.test 20240101000000Z 20250101000000Z server ca.key.pem ca.pem
issue leaf-not-yet-valid 1003 server.test 20300101000000Z 20310101000000Z server \
    ca.key.pem ca.pem
LEAF_HOST=other.test issue leaf-wrong-host 1004 other.test 20260101000000Z 20271231000000Z \
    server ca.key.pem ca.pem
issue leaf-cn-only 1005 server.test 20260101000000Z 20271231000000Z server_cn_only \
    ca.key.pem ca.pem
issue leaf-unknown-ca 2001 server.test 20260101000000Z 20271231000000Z server \
    untrusted-ca.key.pem untrusted-ca.pem
bad_signature leaf-valid leaf-bad-signature

# Sanity: the good chains verify at the simulated clock, the broken ones do not.
openssl verify -attime $at -CAfile ca.pem -verify_hostname server.test leaf-valid.pem
! openssl verify -attime $at -CAfile ca.pem leaf-bad-signature.pem 2> /dev/null

for f in ca untrusted-ca server; do
    cp "$f.key.pem" "$f.key.der" "$here/"
done
for f in ca untrusted-ca leaf-valid leaf-expired leaf-not-yet-valid leaf-wrong-host \
    leaf-cn-only leaf-unknown-ca leaf-bad-signature; do
    cp "$f.pem" "$f.der" "$here/"
done
echo "certificates written to $here"
client_side
attacker_side
