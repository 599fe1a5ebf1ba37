//! The shipped sample (`samples/`, made by `scripts/make-sample-capture.sh`): a real headless
//! Chromium fetching a page from `tls-lab serve` with `SSLKEYLOGFILE` set. Everything a 2026
//! browser sends must be read: the capture, the decryption with its key log, every handshake
//! message by the engine's decoder, and a field tree over every byte of every record.

use engine::capture;
use engine::codec::Reader;
use engine::decrypt::{self, Content, Given, KeyLog, Outcome, Recording};
use engine::dissect;
use engine::msgs::enums::{ContentType, ExtensionType, HandshakeType, NamedGroup, is_grease};
use engine::msgs::extensions;
use engine::msgs::handshake::Handshake;
use engine::transcript::Field;

const PCAP: &[u8] = include_bytes!("../../../../samples/chromium-tls13.pcapng");
const KEYS: &str = include_str!("../../../../samples/chromium-tls13.keys");

/// Fields lie in order inside `start..end` and the top level covers it all.
fn assert_tiles(fields: &[Field], start: usize, end: usize, top: bool) {
    let mut at = start;
    for f in fields {
        assert!(
            f.start >= at && f.end <= end,
            "{} at {}..{}",
            f.name,
            f.start,
            f.end
        );
        assert!(
            !f.name.contains("undecodable"),
            "{} at {}..{}",
            f.name,
            f.start,
            f.end
        );
        if top {
            assert_eq!(f.start, at, "{}", f.name);
        }
        assert_tiles(&f.children, f.start, f.end, false);
        at = f.end;
    }
    if top {
        assert_eq!(at, end);
    }
}

#[test]
fn chromium_s_connection_is_read_decrypted_and_dissected_whole() {
    let c = capture::read(PCAP).expect("the sample reads");
    let log = KeyLog::parse(KEYS).expect("the key log reads");
    assert!(!c.connections.is_empty());
    for conn in &c.connections {
        assert_eq!(conn.client_stream.gap, None);
        let recording = Recording::of_connection(conn);
        let d = decrypt::decrypt(&recording, Given::KeyLog(&log));
        assert_eq!(d.outcome, Outcome::Opened);
        let suite = d.hello.suite.and_then(engine::msgs::suites::Suite::known);

        let messages = decrypt::messages(&recording, &d);
        for m in &messages {
            assert_eq!(m.undecoded, None, "{}", m.typ);
        }
        let hello = &messages[0];
        assert_eq!(hello.typ, HandshakeType::ClientHello);
        // What a 2026 Chromium sends: GREASE, ECH (GREASE ECH here: no ECH config), ALPS,
        // certificate compression, and the hybrid post-quantum key share first.
        for typ in [
            ExtensionType::EncryptedClientHello,
            ExtensionType::ApplicationSettings,
            ExtensionType::CompressCertificate,
            ExtensionType::Alpn,
            ExtensionType::KeyShare,
        ] {
            assert!(hello.extensions.contains(&typ), "{typ}");
        }
        assert!(hello.extensions.iter().any(|e| is_grease(e.to_wire())));
        let Ok(Handshake::ClientHello(ch)) = Handshake::read(&mut Reader::new(&hello.bytes), None)
        else {
            panic!("the ClientHello decodes");
        };
        let shares = ch
            .extensions
            .iter()
            .find(|e| e.typ == ExtensionType::KeyShare)
            .unwrap();
        let groups: Vec<u16> = extensions::key_share_client(&shares.body)
            .unwrap()
            .iter()
            .map(|e| e.group.to_wire())
            .collect();
        let first_real = groups.into_iter().find(|g| !is_grease(*g));
        assert_eq!(first_real, Some(NamedGroup::X25519MLKEM768.to_wire()));

        // Every record's field tree covers its bytes; opened ones, their plaintext too.
        for (r, content) in recording.records.iter().zip(&d.records) {
            let bytes = r.bytes();
            let encrypted = !matches!(content, Content::Clear);
            assert_tiles(
                &dissect::record_fields(&bytes, encrypted, suite),
                0,
                bytes.len(),
                true,
            );
            if let Content::Opened {
                content_type,
                plaintext,
                ..
            } = content
            {
                let fields = dissect::plaintext_fields(plaintext, *content_type, suite);
                assert_tiles(&fields, 0, plaintext.len(), true);
                if *content_type == ContentType::ApplicationData {
                    assert!(!plaintext.is_empty());
                }
            }
        }
    }
}

#[cfg(feature = "recorded")]
/// Chromium's connection as a recorded transcript: every record labelled, each protected one
/// opened with its nonce and additional data, the request and response as application data,
/// and the key log's traffic secrets with the keys made from them.
#[test]
fn chromium_s_connection_is_a_recorded_transcript() {
    use engine::transcript::Content as Carried;
    let c = capture::read(PCAP).expect("the sample reads");
    let log = KeyLog::parse(KEYS).expect("the key log reads");
    let conn = &c.connections[0];
    let path = format!("{} → {}", conn.client, conn.server);
    let t = engine::recorded::transcript(&Recording::of_connection(conn), Some(&log), path);
    let from = t.recorded.as_ref().unwrap();
    assert!(
        from.opened && from.negotiated.contains("X25519MLKEM768"),
        "{from:?}"
    );
    assert_eq!(t.scenario.protocol, engine::Protocol::Tls13);
    assert!(t.outcome.handshake_complete && t.outcome.exchange_complete);
    for r in &t.records {
        assert!(!r.messages.is_empty(), "record {}", r.number);
        assert!(
            r.messages
                .iter()
                .all(|l| !matches!(l.content, Carried::Sealed(_)))
        );
        assert_tiles(&r.fields, 0, r.bytes.len(), true);
        if let Some(p) = &r.protection {
            assert_eq!(p.nonce.len(), 12);
            assert_eq!(
                p.aad,
                r.bytes[..5],
                "TLS 1.3's additional data is the header"
            );
            assert_tiles(&p.plaintext_fields, 0, p.plaintext.len(), true);
        }
    }
    let finished = t
        .records
        .iter()
        .filter(|r| r.carries(HandshakeType::Finished))
        .count();
    assert_eq!(finished, 2);
    let texts = crate::common::app_data(&t);
    assert!(texts.iter().any(|t| t.starts_with("GET /")), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.starts_with("HTTP/1.1 200")),
        "{texts:?}"
    );
    let names: Vec<&str> = t.derivations.iter().map(|d| d.name.as_str()).collect();
    for name in [
        "client_handshake_traffic_secret",
        "server application write_key",
        "client_application_traffic_secret_0",
    ] {
        assert!(
            names.iter().any(|n| n.contains(name) || *n == name),
            "{name} in {names:?}"
        );
    }
}
