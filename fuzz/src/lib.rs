//! The fuzz harnesses: one function per target, taking the fuzzer's bytes. Each asserts the
//! target's properties beyond "no panic"; libFuzzer (fuzz_targets/) and `cargo test`
//! (tests/replay.rs) call the same functions.

mod endpoints;
mod properties;
pub mod seeds;
mod structured;

pub use endpoints::{client, server};
pub use structured::{client_hello, server_hello};

/// A harness: the fuzzer's bytes in, a panic for a failed property.
pub type Harness = fn(&[u8]);

/// Every target, by name, as `scripts/fuzz.sh` and the replay test know them.
pub const TARGETS: [(&str, Harness); 12] = [
    ("server", server),
    ("client", client),
    ("client_hello", client_hello),
    ("server_hello", server_hello),
    ("messages", messages),
    ("records", records),
    ("x509", x509),
    ("capture", capture),
    ("keylog", keylog),
    ("decrypt", decrypt),
    ("url", url),
    ("lesson", lesson),
];

use engine::capture;
use engine::codec::Reader;
use engine::decrypt::{self, Given, KeyLog, Opener, Recorded, Recording};
use engine::dissect;
use engine::msgs::enums::ContentType;
use engine::msgs::handshake::Handshake;
use engine::msgs::suites::{Aead, SUITES, Suite};
use engine::pki::{self, CertKind, KeyUse};
use engine::transcript::Party;

use properties::assert_fields_cover;

/// The teaching PKI, decoded once per process rather than once per input.
struct Teaching {
    anchors: Vec<Vec<u8>>,
    leaves: Vec<Vec<u8>>,
    /// The server's identity: its chain and, for the decrypter, its private key.
    server: pki::Identity,
}

fn teaching() -> &'static Teaching {
    static TEACHING: std::sync::OnceLock<Teaching> = std::sync::OnceLock::new();
    TEACHING.get_or_init(|| Teaching {
        anchors: pki::trust_anchors(),
        leaves: CertKind::ALL
            .iter()
            .map(|k| pki::identity(*k).chain.remove(0))
            .collect(),
        server: pki::identity(CertKind::Valid),
    })
}

/// The suites a parser may be told it is in: none (before ServerHello), each one spoken.
fn suite_from(selector: u8) -> Option<&'static Suite> {
    match usize::from(selector) % (SUITES.len() + 1) {
        0 => None,
        i => Some(SUITES[i - 1]),
    }
}

/// Handshake message decoding: a message that decodes re-encodes to the same bytes, and its
/// annotated reading's fields cover every byte of each record it could travel in.
pub fn messages(data: &[u8]) {
    let Some((&selector, message)) = data.split_first() else {
        return;
    };
    let suite = suite_from(selector);
    let mut r = Reader::new(message);
    if let Ok(m) = Handshake::read(&mut r, suite)
        && r.remaining() == 0
    {
        assert_eq!(
            m.encode(),
            message,
            "a decoded message re-encodes to its bytes"
        );
    }
    let fields = dissect::plaintext_fields(message, ContentType::Handshake, suite);
    assert_fields_cover(&fields, message.len());
}

/// The record layer: deframing and dissection of any record bytes, and AEAD opening of
/// any fragment (every failure path must be an error, never a panic).
pub fn records(data: &[u8]) {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let suite = suite_from(selector >> 1);
    let fields = dissect::record_fields(bytes, selector & 1 == 1, suite);
    assert_fields_cover(&fields, bytes.len());
    let typ = ContentType::from_wire(selector);
    // Every AEAD the decrypter opens, in both versions' framings (ChaCha20-Poly1305's TLS 1.2
    // records carry no explicit nonce); the endpoints' AES-128-GCM is one of them.
    let (key, iv) = ([0x42; 32], [7; 12]);
    for aead in Aead::ALL {
        let key = &key[..aead.key_len()];
        for opener in [
            Opener::tls12(aead, key, &iv[..aead.tls12_fixed_iv_len()]),
            Opener::tls13(aead, key, &iv),
        ] {
            refuse(opener.expect("valid key and IV lengths").open(typ, bytes));
        }
    }
}

/// A fragment nobody sealed must not open.
fn refuse<T: std::fmt::Debug, E>(opened: Result<T, E>) {
    if let Ok(plaintext) = opened {
        panic!("a fragment nobody sealed opened: {plaintext:?}");
    }
}

/// The DER/X.509 decoder and chain validation: a certificate (its length in the first two
/// bytes), then the rest as its issuer; PEM readers on the same bytes.
pub fn x509(data: &[u8]) {
    let [hi, lo, rest @ ..] = data else {
        return;
    };
    let split = usize::from(u16::from_be_bytes([*hi, *lo])).min(rest.len());
    let (leaf, issuer) = rest.split_at(split);
    let field = pki::dissect_certificate(leaf, 0);
    assert!(field.start == 0 && field.end == leaf.len());
    let _ = pki::leaf_public_key(&[leaf.to_vec()]);
    let anchors = &teaching().anchors;
    for chain in [vec![leaf.to_vec()], vec![leaf.to_vec(), issuer.to_vec()]] {
        for need in [KeyUse::KeyEncipherment, KeyUse::DigitalSignature] {
            let report = pki::validate(&chain, anchors, Some("server.test"), 1_780_272_000, need);
            // Accepting a chain needs the teaching CA's signature, which no fuzzer forges:
            // only the project's own certificates may pass.
            if report.error.is_none() {
                assert!(
                    teaching().leaves.iter().any(|l| l == leaf),
                    "a certificate nobody signed validated"
                );
            }
        }
    }
    let _ = pki::parse_private_key_pem(&String::from_utf8_lossy(data));
    let _ = pki::parse_certs_pem(&String::from_utf8_lossy(data));
}

/// The capture reader: pcap/pcapng, link layers, IP, TCP reassembly, record splitting. Every
/// record it returns lies within its stream's bytes.
pub fn capture(data: &[u8]) {
    if let Ok(c) = capture::read(data) {
        for conn in &c.connections {
            for s in [&conn.client_stream, &conn.server_stream] {
                for r in &s.records {
                    assert!(r.offset + 5 + r.fragment.len() <= s.bytes.len());
                }
            }
        }
    }
}

/// The key log parser.
pub fn keylog(data: &[u8]) {
    let _ = KeyLog::parse(&String::from_utf8_lossy(data));
}

/// The decrypter on any recording (records cut from the fuzzer's bytes, the first byte of
/// each choosing its sender) with the server's key, a key log and a quantum computer's keys;
/// and the recording as a transcript (the recorded page's), with and without the key log:
/// a record for each, and field trees over every byte.
pub fn decrypt(data: &[u8]) {
    let mut records = Vec::new();
    let mut rest = data;
    while let [from, typ, v0, v1, l0, l1, tail @ ..] = rest {
        let len = usize::from(u16::from_be_bytes([*l0, *l1])).min(tail.len());
        records.push(Recorded {
            from: if from & 1 == 0 {
                Party::Client
            } else {
                Party::Server
            },
            content_type: *typ,
            version: u16::from_be_bytes([*v0, *v1]),
            fragment: tail[..len].to_vec(),
            packet: None,
        });
        rest = &tail[len..];
    }
    let recording = Recording { records };
    let key = &teaching().server.key;
    let log = KeyLog::default();
    // The X25519 scalars of one TLS 1.3 run: the fuzzer can find their public keys.
    static QUANTUM: std::sync::OnceLock<decrypt::Quantum> = std::sync::OnceLock::new();
    let quantum = QUANTUM.get_or_init(|| {
        let t = engine::simulate(&engine::Scenario::default());
        decrypt::Quantum::shor(&t, Some(key.clone()))
    });
    for given in [
        Given::ServerKey(key),
        Given::KeyLog(&log),
        Given::Quantum(quantum),
    ] {
        let d = decrypt::decrypt(&recording, given);
        assert_eq!(d.records.len(), recording.records.len());
    }
    for keys in [None, Some(&log)] {
        let t = engine::recorded::transcript(&recording, keys, String::new());
        assert_eq!(t.records.len(), recording.records.len());
        for r in &t.records {
            properties::assert_fields_cover(&r.fields, r.bytes.len());
        }
    }
}

/// The lesson format (a teacher's lesson arrives in a link): any text parses or is refused
/// with its reasons, never a panic; a lesson written back reads back the same; and the same
/// bytes as a `lesson=` value, raw or in base64url, are read or refused.
pub fn lesson(data: &[u8]) {
    use tls_lab_web::lesson::{self, format};
    let text = String::from_utf8_lossy(data);
    match format::parse(&text) {
        Ok(parsed) => {
            let written = format::write(&parsed);
            if written.len() <= format::MAX_BYTES {
                assert_eq!(
                    format::parse(&written).as_ref(),
                    Ok(&parsed),
                    "a lesson round-trips"
                );
            }
        }
        Err(errors) => assert!(!errors.is_empty(), "a refusal gives its reasons"),
    }
    for param in [lesson::base64url(data), text.into_owned()] {
        if let Err(reasons) = tls_lab_web::course::load_lesson(&param) {
            assert!(!reasons.is_empty());
        }
    }
}

/// The page's URL-state parser: any query parses, and what it settles on reads back the same.
pub fn url(data: &[u8]) {
    let query = String::from_utf8_lossy(data);
    let parsed = tls_lab_web::url::parse(&query);
    let again = tls_lab_web::url::parse(&tls_lab_web::url::to_query(&parsed.state));
    assert_eq!(again.state, parsed.state, "the URL state round-trips");
}
