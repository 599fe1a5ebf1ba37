//! Mutual TLS between the engine's own endpoints, every handshake × every client certificate
//! kind: the server really asks, the browser really answers, and the server's real checks
//! end each failure with the alert the RFCs name and the browser error Chromium shows. (Other
//! stacks check both sides in the CLI's interop tests; our own client is no witness for our
//! server.)

use engine::crypto::secrets::Secret;
use engine::msgs::enums::HandshakeType;
use engine::pki::ClientCertKind;
use engine::scenario::{Group, Protocol, Scenario};
use engine::simulate;
use engine::transcript::{Content, Party, Transcript};

/// Each handshake, TLS 1.3 with both groups.
fn handshakes() -> [(Protocol, Group); 4] {
    [
        (Protocol::Rsa, Group::X25519MlKem768),
        (Protocol::Ecdhe, Group::X25519MlKem768),
        (Protocol::Tls13, Group::X25519),
        (Protocol::Tls13, Group::X25519MlKem768),
    ]
}

fn run(protocol: Protocol, group: Group, kind: ClientCertKind) -> Transcript {
    simulate(&Scenario {
        protocol,
        group,
        client_cert: Some(kind),
        ..Scenario::default()
    })
}

/// The records `from` sent carrying a handshake message of `typ`.
fn sent(t: &Transcript, from: Party, typ: HandshakeType) -> Vec<&engine::transcript::WireRecord> {
    t.records
        .iter()
        .filter(|r| {
            r.from == from
                && r.messages
                    .iter()
                    .any(|l| l.content == Content::Handshake(typ))
        })
        .collect()
}

/// The student's name, as its certificate's subject encodes it.
const NAME: &[u8] = b"Sam Student";

#[test]
fn a_valid_client_certificate_completes_every_handshake() {
    for (protocol, group) in handshakes() {
        let t = run(protocol, group, ClientCertKind::Valid);
        let what = format!("{protocol:?} {group:?}");
        assert!(t.outcome.exchange_complete, "{what}: {}", t.outcome.summary);
        assert_eq!(t.outcome.alert, None, "{what}");
        assert_eq!(
            sent(&t, Party::Server, HandshakeType::CertificateRequest).len(),
            1
        );
        assert_eq!(sent(&t, Party::Client, HandshakeType::Certificate).len(), 1);
        assert_eq!(
            sent(&t, Party::Client, HandshakeType::CertificateVerify).len(),
            1
        );
        let checks = t
            .client_chain
            .as_ref()
            .expect("the server checked the chain");
        assert_eq!(checks.error, None, "{what}");
        assert!(checks.certificates[0].subject.contains("Sam Student"));
        // No host name is checked on a person's certificate; clientAuth is.
        assert!(
            !checks
                .checks
                .iter()
                .any(|c| c.what.contains("names the host"))
        );
        assert!(checks.checks.iter().any(|c| c.ok
            && c.what.contains("client authentication")
            && c.detail.contains("clientAuth")));
        // The privacy lesson: TLS 1.2 sends the browser's certificate in the clear, TLS 1.3
        // encrypts it.
        let certificate = sent(&t, Party::Client, HandshakeType::Certificate)[0];
        let in_clear = certificate.bytes.windows(NAME.len()).any(|w| w == NAME);
        assert_eq!(in_clear, protocol != Protocol::Tls13, "{what}");
        assert_eq!(
            certificate.protection.is_some(),
            protocol == Protocol::Tls13
        );
        // What the browser signs: both sides hold the same hash; in TLS 1.2 anyone on the
        // path can compute it (and with EMS it is session_hash), in TLS 1.3 nobody else can.
        let id = |s: Secret| t.derivations.iter().find(|d| d.id == s.into());
        let signed = id(Secret::ClientCertificateVerifyHash).expect("the signed hash");
        assert_eq!(signed.value.len(), 32);
        assert!(signed.client_knows_from.is_some() && signed.server_knows_from.is_some());
        assert_eq!(
            signed.public_from.is_some(),
            protocol != Protocol::Tls13,
            "{what}"
        );
        if protocol != Protocol::Tls13 {
            assert_eq!(
                Some(&signed.value),
                id(Secret::SessionHash).map(|d| &d.value),
                "{what}"
            );
        }
        // The server's checks are its own, apart from the browser's.
        assert_eq!(t.chain.as_ref().and_then(|c| c.error), None);
        assert!(t.records.iter().flat_map(|r| &r.events).any(|e| matches!(
            e,
            engine::transcript::Event::Check { party: Party::Server, what, ok: true, .. }
                if what.starts_with("client CertificateVerify signature")
        )));
    }
}

#[test]
fn each_bad_client_certificate_ends_with_the_rfc_alert() {
    for (protocol, group) in handshakes() {
        let tls13 = protocol == Protocol::Tls13;
        let cases = [
            (
                ClientCertKind::None,
                if tls13 {
                    "certificate_required"
                } else {
                    "handshake_failure"
                },
                if tls13 {
                    "ERR_BAD_SSL_CLIENT_AUTH_CERT"
                } else {
                    "ERR_SSL_PROTOCOL_ERROR"
                },
            ),
            (
                ClientCertKind::UnknownCa,
                "unknown_ca",
                "ERR_BAD_SSL_CLIENT_AUTH_CERT",
            ),
            (
                ClientCertKind::Expired,
                "certificate_expired",
                "ERR_BAD_SSL_CLIENT_AUTH_CERT",
            ),
            (
                ClientCertKind::WrongUsage,
                "unsupported_certificate",
                "ERR_BAD_SSL_CLIENT_AUTH_CERT",
            ),
            (
                ClientCertKind::BadSignature,
                "decrypt_error",
                "ERR_SSL_DECRYPT_ERROR_ALERT",
            ),
        ];
        for (kind, alert, code) in cases {
            let t = run(protocol, group, kind);
            let what = format!("{protocol:?} {group:?} {kind:?}");
            let (party, got) = t.outcome.alert.as_ref().expect(&what);
            assert_eq!((*party, got.name()), (Party::Server, alert), "{what}");
            assert_eq!(
                t.outcome.browser_error.as_ref().map(|e| e.code.as_str()),
                Some(code),
                "{what}"
            );
            assert!(!t.outcome.exchange_complete, "{what}");
            // The browser sent what it had: an empty Certificate and no signature for none.
            let signed = sent(&t, Party::Client, HandshakeType::CertificateVerify).len();
            let expect_signature = matches!(kind, ClientCertKind::BadSignature);
            if kind == ClientCertKind::None {
                assert_eq!(signed, 0, "{what}");
                assert_eq!(t.client_chain, None, "{what}");
            } else if expect_signature {
                assert_eq!(signed, 1, "{what}");
                assert_eq!(t.client_chain.as_ref().and_then(|c| c.error), None);
            } else {
                let checks = t.client_chain.as_ref().expect(&what);
                assert!(checks.error.is_some(), "{what}");
            }
        }
    }
}

/// Without `client_cert` the server asks for nothing and the transcript has no server checks.
#[test]
fn no_client_certificate_unless_asked() {
    for (protocol, group) in handshakes() {
        let t = simulate(&Scenario {
            protocol,
            group,
            ..Scenario::default()
        });
        assert!(sent(&t, Party::Server, HandshakeType::CertificateRequest).is_empty());
        assert_eq!(t.client_chain, None);
        let json = serde_json::to_value(&t).unwrap();
        assert!(json.get("client_chain").is_none());
    }
}

/// The hybrid group after a HelloRetryRequest, with a client certificate: both features in
/// one transcript.
#[test]
fn mutual_tls_after_a_hello_retry_request() {
    let t = simulate(&Scenario {
        protocol: Protocol::Tls13,
        hrr: true,
        client_cert: Some(ClientCertKind::Valid),
        ..Scenario::default()
    });
    assert!(t.outcome.exchange_complete, "{}", t.outcome.summary);
}

/// The wire changes the browser's Certificate or CertificateVerify: every 4th byte flipped is
/// caught (a run never ends as if nothing happened), and in TLS 1.2, where both travel in the
/// clear, a flip inside the signature is the server's decrypt_error: the CertificateVerify
/// does not verify, proven on the wire rather than with a wrong key.
#[test]
fn tampering_with_the_browsers_certificate_messages_is_caught() {
    for protocol in [Protocol::Rsa, Protocol::Ecdhe, Protocol::Tls13] {
        let scenario = Scenario {
            protocol,
            group: Group::X25519,
            client_cert: Some(ClientCertKind::Valid),
            ..Scenario::default()
        };
        let clean = simulate(&scenario);
        assert!(clean.outcome.exchange_complete);
        for typ in [HandshakeType::Certificate, HandshakeType::CertificateVerify] {
            let rec = sent(&clean, Party::Client, typ)[0];
            for offset in (0..rec.bytes.len()).step_by(4) {
                let fault = engine::Fault::Flip {
                    record: rec.number,
                    offset,
                };
                let t = simulate(&Scenario {
                    fault: Some(fault),
                    ..scenario.clone()
                });
                let what = format!("{protocol:?} {typ:?} {fault}");
                assert!(
                    t.outcome.alert.is_some() || t.outcome.stalled,
                    "{what}: {}",
                    t.outcome.summary
                );
                let signature_starts = rec.bytes.len() - 256;
                if protocol != Protocol::Tls13
                    && typ == HandshakeType::CertificateVerify
                    && offset >= signature_starts
                {
                    let (party, alert) = t.outcome.alert.as_ref().expect(&what);
                    assert_eq!(
                        (*party, alert.name()),
                        (Party::Server, "decrypt_error"),
                        "{what}"
                    );
                }
            }
        }
    }
}
