//! The active attacker on the path (issue 33): each attack against each handshake ends as
//! the RFCs say, by the endpoints' own checks; a terminating attacker's two connections are
//! real (each side of each computes the same secrets, and what it read is what was sent);
//! it never holds a value of an endpoint but through the protocol. tshark is the witness in
//! the CLI's `export_tshark.rs`.

use engine::attack::{Attack, Connection, Expected, Stance};
use engine::msgs::enums::{AlertDescription, HandshakeType};
use engine::transcript::{Content, Party, Transcript};
use engine::{Protocol, Scenario, simulate};

fn attacked(attack: Attack, protocol: Protocol) -> Transcript {
    simulate(&Scenario {
        protocol,
        attack: Some(attack),
        ..Scenario::default()
    })
}

fn alert(t: &Transcript) -> Option<(Party, AlertDescription)> {
    t.outcome.alert.as_ref().map(|(p, a)| (*p, a.description))
}

#[test]
fn every_attack_ends_as_the_rfcs_say() {
    for attack in Attack::ALL {
        for &protocol in Protocol::ALL {
            for ems in [true, false] {
                let t = simulate(&Scenario {
                    protocol,
                    ems,
                    attack: Some(attack),
                    ..Scenario::default()
                });
                let a = t.attacker.as_ref().expect("an attacker");
                let what = format!("{} × {} (ems {ems})", attack.as_str(), protocol.as_str());
                match attack.expected(protocol, ems) {
                    Expected::Alert(party, description) => {
                        assert_eq!(alert(&t), Some((party, description)), "{what}");
                        assert!(!t.outcome.handshake_complete, "{what}");
                        assert!(a.read.is_empty(), "{what}: read {:?}", a.read);
                    }
                    Expected::Completes => {
                        assert_eq!(alert(&t), None, "{what}: {}", a.verdict);
                        assert!(t.outcome.exchange_complete, "{what}");
                    }
                }
                assert!(!a.verdict.is_empty(), "{what}");
                assert_eq!(a.stance, attack.stance(protocol), "{what}");
                assert_eq!(
                    a.server_connection.is_some(),
                    a.stance == Stance::Terminates,
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn with_a_trusted_root_the_attacker_reads_both_ways() {
    for &protocol in Protocol::ALL {
        let t = attacked(Attack::TrustedCa, protocol);
        let a = t.attacker.as_ref().unwrap();
        let scenario = &t.scenario;
        let texts: Vec<(Party, &str)> = a.read.iter().map(|r| (r.from, &r.text[..])).collect();
        assert_eq!(
            texts,
            [
                (Party::Client, &scenario.request[..]),
                (Party::Server, &scenario.response[..])
            ],
            "{}",
            protocol.as_str()
        );
        // The request came in on the browser's connection, the response on the server's.
        assert_eq!(a.read[0].hop.connection, Connection::Browser);
        assert_eq!(a.read[1].hop.connection, Connection::Server);
        // Both connections completed, each with both sides agreeing on every value.
        let upstream = a.server_connection.as_ref().unwrap();
        for (c, which) in [(&t, "browser's"), (&**upstream, "server's")] {
            assert!(c.outcome.exchange_complete, "{which} connection");
            assert!(
                c.derivations.iter().all(|d| d.id.copy_at.is_none()),
                "{which} connection: both sides computed the same values"
            );
        }
        // The browser's connection ends in the attacker's certificate, trusted.
        let chain = t.chain.as_ref().unwrap();
        assert!(chain.error.is_none());
        assert_eq!(chain.certificates[1].subject, "CN = Mallory Root CA");
        // The two connections share no secret: the attacker made each key exchange its own.
        let secrets = |c: &Transcript| -> Vec<Vec<u8>> {
            c.derivations
                .iter()
                .filter(|d| d.public_from.is_none())
                .map(|d| d.value.clone())
                .collect()
        };
        let up = secrets(upstream);
        assert!(secrets(&t).iter().all(|v| !up.contains(v)));
        // Every record of both is in the order, once.
        assert_eq!(a.order.len(), t.records.len() + upstream.records.len());
        // The attacker's keys are its endpoints': the browser connection's server side and
        // its own connection's client side.
        assert!(a.keys.iter().any(|k| k.connection == Connection::Browser));
        assert!(a.keys.iter().any(|k| k.connection == Connection::Server));
    }
}

#[test]
fn own_certificate_is_unknown_ca_with_the_browser_error_page() {
    for &protocol in Protocol::ALL {
        let t = attacked(Attack::OwnCert, protocol);
        let error = t.outcome.browser_error.as_ref().expect("an error page");
        assert!(
            error.code.contains("ERR_CERT_AUTHORITY_INVALID"),
            "{}",
            error.code
        );
    }
}

#[test]
fn relaying_with_rsa_the_attacker_holds_nothing_and_reads_nothing() {
    let t = attacked(Attack::RelayCert, Protocol::Rsa);
    let a = t.attacker.as_ref().unwrap();
    assert!(a.keys.is_empty() && a.read.is_empty() && a.edits.is_empty());
    assert!(t.outcome.exchange_complete);
    assert!(
        a.verdict.contains("nothing but ciphertext"),
        "{}",
        a.verdict
    );
}

#[test]
fn relaying_the_certificate_the_signature_fails() {
    // ECDHE: the attacker's key share in ServerKeyExchange, the server's signature kept.
    let t = attacked(Attack::RelayCert, Protocol::Ecdhe);
    let a = t.attacker.as_ref().unwrap();
    assert_eq!(a.edits.len(), 1);
    let edited = &t.records[a.edits[0].record - 1];
    assert_eq!(
        edited.messages[0].content,
        Content::Handshake(HandshakeType::ServerKeyExchange)
    );
    assert_eq!(edited.bytes.len(), a.edits[0].original.len());
    assert_ne!(edited.bytes, a.edits[0].original);
    // The last 256 bytes are the signature: the attacker kept the server's.
    assert_eq!(
        edited.bytes[edited.bytes.len() - 256..],
        a.edits[0].original[a.edits[0].original.len() - 256..]
    );
    assert_eq!(a.keys.len(), 1);
    // TLS 1.3: the browser received the server's real chain, and a CertificateVerify that is
    // the server's own signature (made in the attacker's connection).
    let t = attacked(Attack::RelayCert, Protocol::Tls13);
    let a = t.attacker.as_ref().unwrap();
    let real = simulate(&Scenario {
        protocol: Protocol::Tls13,
        ..Scenario::default()
    });
    assert_eq!(
        t.chain.as_ref().unwrap().certificates,
        real.chain.as_ref().unwrap().certificates
    );
    let cv = |c: &Transcript| -> Vec<u8> {
        let r = c
            .records
            .iter()
            .find(|r| r.messages[0].content == Content::Handshake(HandshakeType::CertificateVerify))
            .expect("a CertificateVerify");
        r.protection.as_ref().unwrap().plaintext.clone()
    };
    assert_eq!(cv(&t), cv(a.server_connection.as_ref().unwrap()));
}

#[test]
fn the_downgrade_is_caught() {
    // TLS 1.3: the server answers in TLS 1.2 with DOWNGRD 01 at the end of its random.
    let t = attacked(Attack::Downgrade, Protocol::Tls13);
    let a = t.attacker.as_ref().unwrap();
    assert_eq!(a.edits.len(), 1);
    assert!(a.edits[0].change.contains("supported_versions"));
    let hello = t
        .records
        .iter()
        .find(|r| r.messages[0].content == Content::Handshake(HandshakeType::ServerHello))
        .unwrap();
    // record header 5, handshake header 4, version 2, random 32.
    assert_eq!(&hello.bytes[5 + 4 + 2 + 24..5 + 4 + 2 + 32], b"DOWNGRD\x01");
    // Chromium's own error for it (crates/cli/tests/interop_attack.rs saw it).
    assert_eq!(
        t.outcome.browser_error.as_ref().unwrap().code,
        "ERR_TLS13_DOWNGRADE_DETECTED"
    );
    // TLS 1.2: the ECDHE suites stripped, the server chose RSA key transport.
    let t = attacked(Attack::Downgrade, Protocol::Ecdhe);
    let a = t.attacker.as_ref().unwrap();
    assert!(
        a.edits[0]
            .change
            .ends_with("the server can only choose RSA key transport"),
        "{}",
        a.edits[0].change
    );
    assert!(
        t.records
            .iter()
            .any(|r| r.messages[0].content == Content::Handshake(HandshakeType::ClientKeyExchange))
    );
}

#[test]
fn an_attack_is_reproducible_and_serialises() {
    for attack in Attack::ALL {
        let a = attacked(attack, Protocol::Tls13);
        let b = attacked(attack, Protocol::Tls13);
        assert_eq!(a, b);
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["attacker"]["attack"], attack.as_str());
        assert_eq!(json["scenario"]["attack"], attack.as_str());
    }
}

#[test]
fn attacks_with_a_hello_retry_request_and_the_classical_group() {
    for attack in Attack::ALL {
        for (group, hrr) in [
            (engine::Group::X25519, false),
            (engine::Group::X25519MlKem768, true),
        ] {
            let t = simulate(&Scenario {
                protocol: Protocol::Tls13,
                group,
                hrr,
                attack: Some(attack),
                ..Scenario::default()
            });
            let expected = attack.expected(Protocol::Tls13, true);
            match expected {
                Expected::Alert(p, d) => assert_eq!(alert(&t), Some((p, d)), "{}", attack.as_str()),
                Expected::Completes => assert!(t.outcome.exchange_complete),
            }
        }
    }
}

#[test]
fn names_round_trip() {
    for attack in Attack::ALL {
        assert_eq!(Attack::parse(attack.as_str()), Some(attack));
    }
    assert_eq!(Attack::parse("mitm"), None);
    assert!(Attack::choices().contains("relay-cert"));
}

/// A server that asks for a client certificate (mutual TLS) stops even an attacker whose root
/// the browser trusts: the attacker has no certificate of the browser's to present, so its
/// own connection fails, and it hangs up on the browser.
#[test]
fn mutual_tls_stops_a_trusted_attacker_at_the_server() {
    for protocol in Protocol::ALL {
        let t = simulate(&Scenario {
            protocol: *protocol,
            attack: Some(Attack::TrustedCa),
            client_cert: Some(engine::pki::ClientCertKind::Valid),
            ..Scenario::default()
        });
        let a = t.attacker.as_ref().unwrap();
        let upstream = a.server_connection.as_ref().unwrap();
        let (who, alert) = upstream.outcome.alert.as_ref().expect("the server refused");
        assert_eq!(*who, Party::Server, "{}", protocol.as_str());
        assert!(
            matches!(
                alert.description,
                AlertDescription::CertificateRequired | AlertDescription::HandshakeFailure
            ),
            "{}: {}",
            protocol.as_str(),
            alert.description.as_str()
        );
        assert!(
            !t.outcome.exchange_complete && !t.outcome.stalled,
            "{}",
            t.outcome.summary
        );
        assert!(
            a.verdict
                .starts_with("Stopped on the attacker's own connection"),
            "{}",
            a.verdict
        );
    }
}
