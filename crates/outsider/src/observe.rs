//! What an observer on the path reads off each record: its direction, size and flight, and
//! the fields sent in the clear, dissected as Wireshark would (the engine's own dissector).
//! A protected record gives away its length, its outer type and, in TLS 1.2, the explicit
//! nonce in front of the ciphertext.

use engine::codec::hex_head;
use engine::decrypt::{self, Hello, Recording};
use engine::dissect;
use engine::msgs::enums::{ContentType, ProtocolVersion};
use engine::msgs::suites::Suite;
use engine::transcript::Field;

use crate::report::{Fact, Seen};

/// The fields an observer is shown, by the field's parent and name as the dissector names
/// them, with what to call them. A ClientHello offers, a ServerHello chooses.
const SHOWN: [(&str, &str, &str); 14] = [
    ("fragment", MESSAGE, "message"),
    ("server_name_list", "host_name", "server_name"),
    ("versions", "version", "versions offered"),
    ("Extension", "selected_version", "version chosen"),
    ("cipher_suites", "cipher_suite", "cipher suites offered"),
    ("Handshake Protocol", "cipher_suite", "cipher suite chosen"),
    ("named_group_list", "group", "groups offered"),
    ("client_shares", "KeyShareEntry", "key shares"),
    ("Extension", "group", "key share chosen"),
    ("Extension", "selected_group", "group asked for"),
    ("ASN.1Cert", "Certificate", "certificate"),
    (
        "Handshake Protocol",
        "EncryptedPreMasterSecret",
        "encrypted pre-master secret",
    ),
    ("Alert", "description", "alert"),
    (
        "fragment",
        "nonce_explicit",
        "explicit nonce (sent in the clear)",
    ),
];

/// The dissector's name for a handshake message.
const MESSAGE: &str = "Handshake Protocol";

/// How many ciphertext bytes the view shows.
const CIPHERTEXT_SHOWN: usize = 12;

/// Every record of `recording` as the observer saw it.
pub fn seen(recording: &Recording) -> Vec<Seen> {
    let hello = Hello::read(recording);
    let tls13 = hello.version == Some(ProtocolVersion::Tls13);
    let suite = hello.suite.and_then(Suite::known);
    let protected = decrypt::protected(recording, hello.version);
    let mut flight = 0;
    let mut last = None;
    recording
        .records
        .iter()
        .zip(protected)
        .map(|(r, protected)| {
            let typ = ContentType::from_wire(r.content_type);
            if last != Some(r.from) {
                flight += 1;
                last = Some(r.from);
            }
            let bytes = r.bytes();
            let mut facts = vec![Fact {
                name: "record".into(),
                value: typ.to_string(),
            }];
            let fields = dissect::record_fields(&bytes, protected, suite);
            pick(&fields, "", &mut facts);
            if protected {
                facts.push(Fact {
                    name: "ciphertext".into(),
                    value: format!(
                        "{} ({} bytes, authentication tag included)",
                        hex_head(&r.fragment, CIPHERTEXT_SHOWN),
                        r.fragment.len()
                    ),
                });
                if tls13 {
                    facts.push(Fact {
                        name: "hidden".into(),
                        value: "the real content type, inside the encryption".into(),
                    });
                }
            }
            Seen {
                from: r.from,
                packet: r.packet,
                length: bytes.len(),
                flight,
                protected,
                facts: merged(facts),
                opened: None,
            }
        })
        .collect()
}

/// The [`SHOWN`] fields of a tree, depth first.
fn pick(fields: &[Field], parent: &str, out: &mut Vec<Fact>) {
    for f in fields {
        match SHOWN
            .iter()
            .find(|(p, name, _)| *p == parent && *name == f.name)
        {
            Some((_, name, label)) => {
                out.push(Fact {
                    name: (*label).into(),
                    value: f.value.clone(),
                });
                // A message's own fields are shown too.
                if *name == MESSAGE {
                    pick(&f.children, &f.name, out);
                }
            }
            None => pick(&f.children, &f.name, out),
        }
    }
}

/// Facts of one name joined into one, in order of first appearance: a list of offered
/// suites reads as one line.
fn merged(facts: Vec<Fact>) -> Vec<Fact> {
    let mut out: Vec<Fact> = Vec::new();
    for f in facts {
        match out.iter_mut().find(|o| o.name == f.name) {
            Some(o) => {
                o.value.push_str(", ");
                o.value.push_str(&f.value);
            }
            None => out.push(f),
        }
    }
    out
}
