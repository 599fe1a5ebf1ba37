//! The decrypter against the endpoints' own record protection: given only the recorded
//! bytes and a secret, it must open exactly what was sent, or say why it cannot.

use crate::common::XorShift;
use engine::decrypt::{Content, Given, KeyLog, Outcome, Quantum, Recording, decrypt, messages};
use engine::export::key_log;
use engine::msgs::enums::ContentType;
use engine::pki::{self, CertKind};
use engine::{Group, KeyExchange, Protocol, Scenario, Transcript, simulate};

fn run(protocol: Protocol, group: Group, ems: bool, seed: u64) -> Transcript {
    simulate(&Scenario {
        protocol,
        group,
        ems,
        seed,
        ..Scenario::default()
    })
}

fn server_key() -> rsa::PrivateKey {
    pki::parse_private_key_pem(pki::key_pem(CertKind::Valid)).unwrap()
}

/// Every protected record the decrypter opened holds what its sender sealed, and it opened
/// all of them.
fn assert_opens_all(t: &Transcript, given: Given<'_>) {
    let d = decrypt(&Recording::of_transcript(t), given);
    assert_eq!(d.outcome, Outcome::Opened, "{:?}", d.outcome);
    let sealed: Vec<&engine::transcript::Protection> = t
        .records
        .iter()
        .filter_map(|r| r.protection.as_ref())
        .collect();
    let opened: Vec<(ContentType, &[u8])> = d
        .records
        .iter()
        .filter_map(|c| match c {
            Content::Opened {
                content_type,
                plaintext,
                ..
            } => Some((*content_type, plaintext.as_slice())),
            _ => None,
        })
        .collect();
    assert_eq!(opened.len(), sealed.len());
    for (p, (_, plaintext)) in sealed.iter().zip(&opened) {
        assert_eq!(p.content(), *plaintext);
    }
    let request = Scenario::default().request;
    let response = Scenario::default().response;
    let application: Vec<&[u8]> = opened
        .iter()
        .filter(|(typ, _)| *typ == ContentType::ApplicationData)
        .map(|(_, p)| *p)
        .collect();
    assert_eq!(application, [request.as_bytes(), response.as_bytes()]);
}

#[test]
fn the_server_key_opens_rsa_key_exchange_with_and_without_ems() {
    for ems in [false, true] {
        for seed in 1..4 {
            let t = run(Protocol::tls12(KeyExchange::Rsa), Group::X25519, ems, seed);
            let key = server_key();
            assert_opens_all(&t, Given::ServerKey(&key));
            let d = decrypt(&Recording::of_transcript(&t), Given::ServerKey(&key));
            let names: Vec<&str> = d.steps.iter().map(|s| s.name()).collect();
            assert_eq!(
                names,
                [
                    "pre_master_secret",
                    "master_secret",
                    "key_block",
                    "client_write_key",
                    "server_write_key",
                    "client_write_IV",
                    "server_write_IV"
                ]
            );
            assert_eq!(d.hello.extended_master_secret, ems);
            // The attacker's master secret is the endpoints' own.
            assert_eq!(
                Some(d.steps[1].value.as_slice()),
                t.value(engine::crypto::secrets::Secret::MasterSecret)
            );
        }
    }
}

#[test]
fn the_server_key_opens_nothing_of_forward_secret_handshakes() {
    let key = server_key();
    for (protocol, group, says) in [
        (
            Protocol::tls12(KeyExchange::Ecdhe),
            Group::X25519,
            "only signed its ephemeral share",
        ),
        (
            Protocol::Tls13,
            Group::X25519,
            "only signed the CertificateVerify",
        ),
        (
            Protocol::Tls13,
            Group::X25519MlKem768,
            "only signed the CertificateVerify",
        ),
    ] {
        let t = run(protocol, group, false, 7);
        let d = decrypt(&Recording::of_transcript(&t), Given::ServerKey(&key));
        let Outcome::Sealed(why) = &d.outcome else {
            panic!("{protocol:?}: {:?}", d.outcome)
        };
        assert!(why.contains(says), "{why}");
        assert!(d.steps.is_empty());
        // What was protected on the wire is marked sealed.
        let protected = t.records.iter().filter(|r| r.protection.is_some()).count();
        let sealed = d.records.iter().filter(|c| **c == Content::Sealed).count();
        assert_eq!(sealed, protected, "{protocol:?}");
        assert!(
            !d.records
                .iter()
                .any(|c| matches!(c, Content::Opened { .. }))
        );
    }
}

/// Harvest now, decrypt later: given what Shor's algorithm computes from the recording's
/// public keys, every classical key exchange opens; the hybrid does not, unless a
/// HelloRetryRequest moved the browser off it.
#[test]
fn a_quantum_computer_opens_every_classical_exchange_but_not_the_hybrid() {
    for (protocol, group, hrr, ems) in [
        (
            Protocol::tls12(KeyExchange::Rsa),
            Group::X25519,
            false,
            true,
        ),
        (
            Protocol::tls12(KeyExchange::Rsa),
            Group::X25519,
            false,
            false,
        ),
        (
            Protocol::tls12(KeyExchange::Ecdhe),
            Group::X25519,
            false,
            true,
        ),
        (
            Protocol::tls12(KeyExchange::Ecdhe),
            Group::X25519,
            false,
            false,
        ),
        (Protocol::Tls13, Group::X25519, false, true),
        // The browser led with the hybrid; the server asked for X25519.
        (Protocol::Tls13, Group::X25519, true, true),
    ] {
        for seed in [1, 9] {
            let t = simulate(&Scenario {
                protocol,
                group,
                hrr,
                ems,
                seed,
                ..Scenario::default()
            });
            let q = Quantum::shor(&t, Some(server_key()));
            assert_opens_all(&t, Given::Quantum(&q));
        }
    }
    let t = run(Protocol::Tls13, Group::X25519, false, 3);
    let d = decrypt(
        &Recording::of_transcript(&t),
        Given::Quantum(&Quantum::shor(&t, None)),
    );
    let names: Vec<&str> = d.steps.iter().map(|s| s.name()).collect();
    assert_eq!(
        names[..4],
        [
            "client key share private key",
            "(EC)DHE shared secret",
            "Handshake Secret",
            "client_handshake_traffic_secret"
        ]
    );
    assert!(names.contains(&"master_secret"), "{names:?}");
    // Every value the decrypter reached is one the endpoints derived.
    for step in &d.steps {
        assert!(
            t.derivations.iter().any(|x| x.value == step.value),
            "{}",
            step.name()
        );
    }
    for (group, hrr) in [
        (Group::X25519MlKem768, false),
        (Group::X25519MlKem768, true),
    ] {
        let t = simulate(&Scenario {
            protocol: Protocol::Tls13,
            group,
            hrr,
            ..Scenario::default()
        });
        let q = Quantum::shor(&t, Some(server_key()));
        let d = decrypt(&Recording::of_transcript(&t), Given::Quantum(&q));
        let Outcome::Sealed(why) = &d.outcome else {
            panic!("{group:?} hrr={hrr}: {:?}", d.outcome)
        };
        assert!(why.contains("ML-KEM-768 half cannot be recovered"), "{why}");
        let x25519 = d.steps.iter().find(|s| s.name() == "X25519 shared secret");
        assert_eq!(
            x25519.map(|s| &s.value[..]),
            t.value(engine::crypto::secrets::Secret::X25519SharedSecret)
        );
        assert!(
            !d.records
                .iter()
                .any(|c| matches!(c, Content::Opened { .. }))
        );
    }
    // Keys of another run open nothing.
    let other = run(Protocol::Tls13, Group::X25519, false, 4);
    let d = decrypt(
        &Recording::of_transcript(&t),
        Given::Quantum(&Quantum::shor(&other, None)),
    );
    assert!(matches!(d.outcome, Outcome::Failed(_)), "{:?}", d.outcome);
}

#[test]
fn the_key_log_opens_every_handshake() {
    for (protocol, group, hrr) in [
        (Protocol::tls12(KeyExchange::Rsa), Group::X25519, false),
        (Protocol::tls12(KeyExchange::Ecdhe), Group::X25519, false),
        (Protocol::Tls13, Group::X25519, false),
        (Protocol::Tls13, Group::X25519MlKem768, false),
        (Protocol::Tls13, Group::X25519MlKem768, true),
    ] {
        let t = simulate(&Scenario {
            protocol,
            group,
            hrr,
            ..Scenario::default()
        });
        let log = KeyLog::parse(&key_log(&t)).unwrap();
        assert_opens_all(&t, Given::KeyLog(&log));
        // The handshake messages read from the recording are the ones the endpoints sent, in
        // order, each decoded by the engine's own decoder.
        let recording = Recording::of_transcript(&t);
        let read: Vec<String> = messages(&recording, &decrypt(&recording, Given::KeyLog(&log)))
            .iter()
            .inspect(|m| assert_eq!(m.undecoded, None))
            .map(|m| m.name().to_string())
            .collect();
        let sent: Vec<String> = t
            .records
            .iter()
            .flat_map(|r| r.messages.iter())
            .filter(|m| {
                matches!(
                    m.content,
                    engine::transcript::Content::Handshake(_)
                        | engine::transcript::Content::HelloRetryRequest
                )
            })
            .map(|m| m.to_string())
            .collect();
        assert!(
            sent.len() >= 6 && sent.contains(&"Finished".to_string()),
            "{sent:?}"
        );
        assert_eq!(read, sent, "{protocol:?} {group:?} hrr {hrr}");
    }
}

#[test]
fn a_wrong_key_or_key_log_is_a_clear_failure_not_garbage() {
    let t = run(Protocol::tls12(KeyExchange::Rsa), Group::X25519, true, 3);
    let recording = Recording::of_transcript(&t);
    let other = pki::parse_private_key_pem(include_str!("../../src/pki/certs/ca.key.pem")).unwrap();
    let d = decrypt(&recording, Given::ServerKey(&other));
    let Outcome::Failed(why) = &d.outcome else {
        panic!("{:?}", d.outcome)
    };
    assert!(why.contains("not the server's key"), "{why}");
    assert!(
        !d.records
            .iter()
            .any(|c| matches!(c, Content::Opened { .. }))
    );

    // Another run's key log: same format, wrong connection.
    let other_run = run(Protocol::tls12(KeyExchange::Rsa), Group::X25519, true, 4);
    let log = KeyLog::parse(&key_log(&other_run)).unwrap();
    let d = decrypt(&recording, Given::KeyLog(&log));
    let Outcome::Failed(why) = &d.outcome else {
        panic!("{:?}", d.outcome)
    };
    assert!(why.contains("no CLIENT_RANDOM line"), "{why}");

    // The right client random with a wrong secret: the first protected record fails its tag.
    let forged = key_log(&t).replace(&key_log(&t)[80..82], "00");
    let log = KeyLog::parse(&forged).unwrap();
    let d = decrypt(&recording, Given::KeyLog(&log));
    let Outcome::Failed(why) = &d.outcome else {
        panic!("{:?}", d.outcome)
    };
    assert!(why.contains("does not open"), "{why}");
    assert!(
        !d.records
            .iter()
            .any(|c| matches!(c, Content::Opened { .. }))
    );
}

#[test]
fn key_log_lines_are_checked() {
    let random = "ab".repeat(32);
    let secret = "cd".repeat(48);
    for (text, says) in [
        ("CLIENT_RANDOM abc", "found 2 field(s)"),
        (&*format!("CLIENT_RANDOM {random} zz"), "not hex"),
        (
            &*format!("CLIENT_RANDOM +1{} {secret}", &random[2..]),
            "not hex",
        ),
        (&*format!("CLIENT_RANDOM abab {secret}"), "32 bytes"),
        (&*format!("CLIENT_RANDOM {random} abcd"), "48 bytes"),
        (
            &*format!("SERVER_TRAFFIC_SECRET_0 {random} abcd"),
            "32 or 48",
        ),
        ("-----BEGIN PRIVATE KEY-----", "not a key log"),
    ] {
        let err = KeyLog::parse(&format!("# a comment\n\n{text}\n")).unwrap_err();
        assert_eq!(err.line, 3, "{text}");
        assert!(err.to_string().contains(says), "{text}: {err}");
    }
    // Labels a decrypter has no use for are skipped, as Wireshark does (OpenSSL writes `RSA`
    // lines, keyed by the encrypted pre-master secret's first 8 bytes, next to CLIENT_RANDOM).
    let log = KeyLog::parse(&format!(
        "RSA 0102030405060708 {secret}\nCLIENT_RANDOM {random} {secret}\n"
    ))
    .unwrap();
    assert!(
        log.get(&[0xab; 32], engine::decrypt::Label::ClientRandom)
            .is_some()
    );
    assert!(KeyLog::parse("# nothing yet\n").unwrap().is_empty());
}

#[test]
fn recordings_of_any_bytes_never_panic() {
    let key = server_key();
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for protocol in Protocol::ALL {
        let t = run(*protocol, Group::X25519, true, 1);
        let log = KeyLog::parse(&key_log(&t)).unwrap();
        let quantum = Quantum::shor(&t, Some(server_key()));
        for _ in 0..200 {
            let mut recording = Recording::of_transcript(&t);
            for r in &mut recording.records {
                if !r.fragment.is_empty() && rng.below(3) == 0 {
                    let i = rng.below(r.fragment.len());
                    r.fragment[i] ^= rng.below(255) as u8 + 1;
                }
                if rng.below(11) == 0 {
                    r.fragment.truncate(rng.below(r.fragment.len() + 1));
                }
                if rng.below(17) == 0 {
                    r.content_type = rng.below(256) as u8;
                }
            }
            for given in [
                Given::ServerKey(&key),
                Given::KeyLog(&log),
                Given::Quantum(&quantum),
            ] {
                let d = decrypt(&recording, given);
                assert_eq!(d.records.len(), recording.records.len());
            }
        }
    }
}

/// An independent witness for the quantum decrypter: RFC 8448 §3's own records (made by
/// another implementation) and its X25519 private keys. From either side's key alone, the
/// decrypter must reach the RFC's shared secret, handshake and application traffic secrets,
/// and open the RFC's application data.
#[test]
fn a_quantum_computer_opens_rfc8448_with_the_rfcs_private_keys() {
    use crate::common::{unhex, vector_file};
    use engine::transcript::Party;
    let v = vector_file("rfc8448_simple_1rtt.json");
    let mut records = Vec::new();
    for name in [
        "client_hello",
        "server_hello",
        "server_encrypted_flight",
        "client_finished",
        "server_new_session_ticket",
        "client_application_data",
        "server_application_data",
    ] {
        let r = &v["records"][name];
        let bytes = unhex(r["hex"].as_str().unwrap());
        records.push(engine::decrypt::Recorded {
            from: if r["from"] == "client" {
                Party::Client
            } else {
                Party::Server
            },
            content_type: bytes[0],
            version: u16::from_be_bytes([bytes[1], bytes[2]]),
            fragment: bytes[5..].to_vec(),
            packet: None,
        });
    }
    let recording = Recording { records };
    let hex_of = |key: &str| unhex(v[key].as_str().unwrap());
    for private in ["client_x25519_private", "server_x25519_private"] {
        let quantum = Quantum {
            x25519: vec![hex_of(private).try_into().unwrap()],
            server_key: None,
        };
        let d = decrypt(&recording, Given::Quantum(&quantum));
        assert_eq!(d.outcome, Outcome::Opened, "{private}: {:?}", d.outcome);
        let values: Vec<&[u8]> = d.steps.iter().map(|s| s.value.as_slice()).collect();
        for key in [
            private,
            "shared_secret",
            "handshake_secret",
            "client_handshake_traffic_secret",
            "server_handshake_traffic_secret",
            "master_secret",
            "client_application_traffic_secret_0",
            "server_application_traffic_secret_0",
        ] {
            assert!(values.contains(&hex_of(key).as_slice()), "{private}: {key}");
        }
        let application: Vec<&[u8]> = d
            .records
            .iter()
            .filter_map(|c| match c {
                Content::Opened {
                    content_type: ContentType::ApplicationData,
                    plaintext,
                    ..
                } => Some(plaintext.as_slice()),
                _ => None,
            })
            .collect();
        let plaintext = hex_of("application_data_plaintext");
        assert_eq!(application, [plaintext.as_slice(), plaintext.as_slice()]);
    }
}

/// Each step the decrypter takes from a secret to the record keys computes a value the
/// endpoints derived too, under the same id: two derivations, one from the endpoints' state,
/// one from the recording and the secret alone, agree value for value. (This is what lets a
/// recorded connection's steps stand in the key diagram beside a simulated run's.)
#[test]
fn the_decrypters_steps_are_the_endpoints_derivations() {
    let key = server_key();
    let mut checked = 0;
    for (protocol, group, hrr, ems) in [
        (Protocol::Rsa, Group::X25519, false, true),
        (Protocol::Rsa, Group::X25519, false, false),
        (Protocol::Ecdhe, Group::X25519, false, true),
        (Protocol::Ecdhe, Group::X25519, false, false),
        (Protocol::Tls13, Group::X25519, false, true),
        (Protocol::Tls13, Group::X25519MlKem768, false, true),
        (Protocol::Tls13, Group::X25519, true, true),
    ] {
        let t = simulate(&Scenario {
            protocol,
            group,
            hrr,
            ems,
            ..Scenario::default()
        });
        let log = KeyLog::parse(&key_log(&t)).unwrap();
        let quantum = Quantum::shor(&t, Some(key.clone()));
        let mut secrets = vec![Given::KeyLog(&log), Given::Quantum(&quantum)];
        if protocol == Protocol::Rsa {
            secrets.push(Given::ServerKey(&key));
        }
        for given in secrets {
            let d = decrypt(&Recording::of_transcript(&t), given);
            // A quantum computer gets only the hybrid's X25519 half: those steps still count.
            let sealed = matches!(given, Given::Quantum(_))
                && group == Group::X25519MlKem768
                && protocol == Protocol::Tls13
                && !hrr;
            assert_eq!(
                matches!(d.outcome, Outcome::Sealed(_)),
                sealed,
                "{protocol:?} {group:?} hrr={hrr}: {:?}",
                d.outcome
            );
            assert!(sealed || d.outcome == Outcome::Opened);
            for step in &d.steps {
                let theirs = t
                    .derivations
                    .iter()
                    .find(|x| x.id.secret == step.secret && x.id.copy_at.is_none())
                    .unwrap_or_else(|| {
                        panic!("{protocol:?} hrr={hrr}: no derivation of {}", step.name())
                    });
                // The engine keeps a hybrid key share's private value as ML-KEM's 64-byte seed
                // then X25519's scalar, the order of the share on the wire: a quantum computer
                // recovers the scalar alone.
                let hybrid_half = theirs.value.len() == 96
                    && theirs.value.ends_with(&step.value)
                    && matches!(given, Given::Quantum(_));
                assert!(
                    theirs.value == step.value || hybrid_half,
                    "{protocol:?} {group:?} hrr={hrr} ems={ems}: {}",
                    step.name()
                );
                checked += 1;
            }
        }
    }
    eprintln!("{checked} steps, each equal to the endpoints' derivation");
}
