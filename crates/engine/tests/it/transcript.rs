//! The transcript tells the truth: its derivations recompute from its own bytes by the RFC's
//! formulas, its keys open its records, its field trees cover its bytes, and a seed
//! reproduces it byte for byte (golden files).

use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce, Tag};
use engine::Group;
use engine::crypto::prf;
use engine::scenario::{Protocol, Scenario};
use engine::transcript::{Field, Transcript};
use engine::{Fault, simulate};
use sha2::{Digest, Sha256};

fn value(t: &Transcript, id: &str) -> Vec<u8> {
    t.derivations
        .iter()
        .find(|d| d.id.to_string() == id)
        .unwrap_or_else(|| panic!("no {id}"))
        .value
        .clone()
}

/// Every handshake message in wire order, as the sender sent it (plaintext).
fn handshake_messages(t: &Transcript, upto: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for r in &t.records {
        let body = match &r.protection {
            Some(p) => p.content().to_vec(),
            None => r.bytes[5..].to_vec(),
        };
        if r.content_type == engine::msgs::enums::ContentType::Handshake {
            out.extend_from_slice(&body);
            if r.messages[0].to_string() == upto {
                break;
            }
        }
    }
    out
}

#[test]
fn master_secret_and_keys_recompute_from_the_transcript() {
    for kx in [Protocol::Rsa, Protocol::Ecdhe] {
        for ems in [false, true] {
            let t = simulate(&Scenario {
                protocol: kx,
                ems,
                ..Scenario::default()
            });
            assert!(
                t.outcome.exchange_complete,
                "{kx:?} ems={ems}: {}",
                t.outcome.summary
            );
            let (cr, sr, pms) = (
                value(&t, "client_random"),
                value(&t, "server_random"),
                value(&t, "pre_master_secret"),
            );
            let ms = if ems {
                let hash = Sha256::digest(handshake_messages(&t, "ClientKeyExchange")).to_vec();
                assert_eq!(value(&t, "session_hash"), hash);
                prf::prf(&pms, b"extended master secret", &hash, 48)
            } else {
                assert!(
                    t.derivations
                        .iter()
                        .all(|d| d.id.to_string() != "session_hash")
                );
                prf::prf(
                    &pms,
                    b"master secret",
                    &[cr.clone(), sr.clone()].concat(),
                    48,
                )
            };
            assert_eq!(value(&t, "master_secret"), ms, "{kx:?} ems={ems}");
            let block = prf::prf(
                &ms,
                b"key expansion",
                &[sr.clone(), cr.clone()].concat(),
                40,
            );
            assert_eq!(value(&t, "client_write_key"), block[..16].to_vec());
            assert_eq!(value(&t, "server_write_key"), block[16..32].to_vec());
            assert_eq!(value(&t, "client_write_IV"), block[32..36].to_vec());
            assert_eq!(value(&t, "server_write_IV"), block[36..40].to_vec());
            let hash = Sha256::digest(handshake_messages(&t, "ClientKeyExchange")).to_vec();
            assert_eq!(
                value(&t, "client_verify_data"),
                prf::prf(&ms, b"client finished", &hash, 12)
            );
        }
    }
}

#[test]
fn derived_keys_open_every_encrypted_record() {
    for kx in [Protocol::Rsa, Protocol::Ecdhe] {
        let t = simulate(&Scenario {
            protocol: kx,
            ..Scenario::default()
        });
        let mut opened = 0;
        for r in t.records.iter().filter(|r| r.protection.is_some()) {
            let p = r.protection.as_ref().unwrap();
            let (key, iv) = match p.key.id() {
                "client_write_key" => (value(&t, "client_write_key"), value(&t, "client_write_IV")),
                _ => (value(&t, "server_write_key"), value(&t, "server_write_IV")),
            };
            // Independently of the engine: nonce = IV ‖ explicit nonce from the wire bytes.
            let explicit = &r.bytes[5..13];
            let nonce: [u8; 12] = [&iv[..], explicit].concat().try_into().unwrap();
            assert_eq!(p.nonce, nonce.to_vec());
            let body = &r.bytes[13..r.bytes.len() - 16];
            let tag = &r.bytes[r.bytes.len() - 16..];
            let mut aad = p.seq.to_be_bytes().to_vec();
            aad.extend_from_slice(&[r.bytes[0], 3, 3]);
            aad.extend_from_slice(&(body.len() as u16).to_be_bytes());
            assert_eq!(p.aad, aad);
            let mut buf = body.to_vec();
            Aes128Gcm::new_from_slice(&key)
                .unwrap()
                .decrypt_inout_detached(
                    &Nonce::from(nonce),
                    &aad,
                    buf.as_mut_slice().into(),
                    &Tag::try_from(tag).unwrap(),
                )
                .unwrap_or_else(|_| panic!("record {} does not open", r.number));
            assert_eq!(buf, p.plaintext);
            opened += 1;
        }
        assert_eq!(opened, 6, "Finished ×2, request, response, close_notify ×2");
    }
}

/// TLS 1.3 (RFC 8446 §5.2, §5.3), worked out here from the transcript's own keys and bytes:
/// nonce = write_iv XOR the sequence number, AAD = the record header, and the plaintext ends
/// with the real content type.
#[test]
fn derived_tls13_keys_open_every_encrypted_record() {
    for hrr in [false, true] {
        let t = simulate(&Scenario {
            protocol: Protocol::Tls13,
            hrr,
            ..Scenario::default()
        });
        assert!(t.outcome.exchange_complete, "{}", t.outcome.summary);
        let mut opened = 0;
        for r in t.records.iter().filter(|r| r.protection.is_some()) {
            let p = r.protection.as_ref().unwrap();
            let key_id = p.key.id();
            let key = value(&t, key_id);
            let iv = value(&t, &key_id.replace("_key", "_iv"));
            let mut nonce: [u8; 12] = iv.try_into().unwrap();
            for (n, s) in nonce[4..].iter_mut().zip(p.seq.to_be_bytes()) {
                *n ^= s;
            }
            assert_eq!(
                r.bytes[0], 23,
                "record {}: outer type application_data",
                r.number
            );
            let aad = &r.bytes[..5];
            let body = &r.bytes[5..r.bytes.len() - 16];
            let tag = &r.bytes[r.bytes.len() - 16..];
            let mut buf = body.to_vec();
            Aes128Gcm::new_from_slice(&key)
                .unwrap()
                .decrypt_inout_detached(
                    &Nonce::from(nonce),
                    aad,
                    buf.as_mut_slice().into(),
                    &Tag::try_from(tag).unwrap(),
                )
                .unwrap_or_else(|_| panic!("record {} does not open", r.number));
            assert_eq!(buf, p.plaintext, "record {}", r.number);
            let inner_type = buf.pop().unwrap();
            assert_eq!(inner_type, r.kind.to_wire(), "record {}", r.number);
            assert_eq!(buf, p.content(), "record {}", r.number);
            opened += 1;
        }
        // EncryptedExtensions, Certificate, CertificateVerify, Finished ×2, NewSessionTicket,
        // request, response, close_notify ×2.
        assert_eq!(opened, 10, "hrr={hrr}");
    }
}

/// The nonce and AAD parts the inspector shows rebuild the very nonce and AAD that sealed
/// each record: in TLS 1.3 the write_iv part is the traffic key's IV from the key schedule.
#[test]
fn nonce_and_aad_constructions_rebuild_what_sealed_each_record() {
    use engine::crypto::sealing::{Combine, PartName};
    for (protocol, hrr) in [
        (Protocol::Ecdhe, false),
        (Protocol::Tls13, false),
        (Protocol::Tls13, true),
    ] {
        let t = simulate(&Scenario {
            protocol,
            hrr,
            ..Scenario::default()
        });
        for r in &t.records {
            let Some(p) = &r.protection else { continue };
            let n = p.nonce_construction(t.aead());
            let combined = match n.combine {
                Combine::Concatenate => n.parts.iter().flat_map(|x| x.bytes.clone()).collect(),
                Combine::Xor => n.parts.iter().fold(vec![0u8; 12], |acc, x| {
                    acc.iter().zip(&x.bytes).map(|(a, b)| a ^ b).collect()
                }),
            };
            assert_eq!(combined, p.nonce, "record {}", r.number);
            let a = p.aad_construction();
            assert_eq!(a.combine, Combine::Concatenate);
            let aad: Vec<u8> = a.parts.iter().flat_map(|x| x.bytes.clone()).collect();
            assert_eq!(aad, p.aad, "record {}", r.number);
            if protocol == Protocol::Tls13 {
                assert_eq!(n.parts[0].name, PartName::WriteIv);
                let iv = value(&t, &p.key.id().replace("_key", "_iv"));
                assert_eq!(n.parts[0].bytes, iv, "record {}", r.number);
                assert_eq!(aad, r.bytes[..5], "record {}: the header", r.number);
            } else {
                assert_eq!(n.parts[0].name, PartName::Salt);
                assert_eq!(n.parts[1].bytes, r.bytes[5..13], "record {}", r.number);
            }
        }
    }
}

/// The HKDF step the key diagram names beside each TLS 1.3 value is the one its formula
/// states, and every value a formula says HKDF made has one.
#[test]
fn hkdf_steps_agree_with_the_formulas() {
    use engine::crypto::secrets::Hkdf;
    for group in [Group::X25519, Group::X25519MlKem768] {
        let t = simulate(&Scenario {
            protocol: Protocol::Tls13,
            group,
            ..Scenario::default()
        });
        let mut named = 0;
        for d in &t.derivations {
            let f = &d.formula;
            match d.id.secret.hkdf() {
                Some(Hkdf::Extract) => assert!(f.starts_with("HKDF-Extract("), "{}", d.id),
                Some(Hkdf::DeriveSecret(l)) => assert!(
                    f.starts_with("Derive-Secret(") && f.contains(&format!("\"{}\"", l.as_str())),
                    "{}: {f}",
                    d.id
                ),
                Some(Hkdf::ExpandLabel(l)) => assert!(
                    f.starts_with("HKDF-Expand-Label(")
                        && f.contains(&format!("\"{}\"", l.as_str())),
                    "{}: {f}",
                    d.id
                ),
                None => assert!(
                    !["HKDF-", "Derive-Secret("].iter().any(|p| f.starts_with(p)),
                    "{} has no step: {f}",
                    d.id
                ),
            }
            named += usize::from(d.id.secret.hkdf().is_some());
        }
        assert_eq!(named, 22, "{group:?}");
    }
}

fn check_cover(f: &Field, len: usize) {
    assert!(
        f.start <= f.end && f.end <= len,
        "{} {}..{} of {len}",
        f.name,
        f.start,
        f.end
    );
    let mut at = f.start;
    for c in &f.children {
        assert!(
            c.start >= at && c.end <= f.end,
            "{} ({}..{}) inside {} ({}..{})",
            c.name,
            c.start,
            c.end,
            f.name,
            f.start,
            f.end
        );
        at = c.end;
        check_cover(c, len);
    }
}

#[test]
fn field_trees_cover_every_record_byte() {
    for &kx in Protocol::ALL {
        let t = simulate(&Scenario {
            protocol: kx,
            ..Scenario::default()
        });
        for r in &t.records {
            assert_eq!(r.fields.len(), 1, "record {}", r.number);
            assert_eq!(
                (r.fields[0].start, r.fields[0].end),
                (0, r.bytes.len()),
                "record {}",
                r.number
            );
            check_cover(&r.fields[0], r.bytes.len());
            if let Some(p) = &r.protection {
                let covered: usize = p.plaintext_fields.iter().map(|f| f.end - f.start).sum();
                assert_eq!(covered, p.plaintext.len(), "record {} plaintext", r.number);
                for f in &p.plaintext_fields {
                    check_cover(f, p.plaintext.len());
                }
            }
        }
        let ch = &t.records[0].fields[0];
        let names = flatten(ch);
        for want in [
            "content_type",
            "version",
            "random",
            "cipher_suites",
            "compression_methods",
            "extensions",
            "server_name_list",
        ] {
            assert!(
                names.iter().any(|n| n == want),
                "ClientHello lacks {want}: {names:?}"
            );
        }
    }
}

fn flatten(f: &Field) -> Vec<String> {
    let mut v = vec![f.name.clone()];
    for c in &f.children {
        v.extend(flatten(c));
    }
    v
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = simulate(&Scenario::default());
    let b = simulate(&Scenario::default());
    assert_eq!(a, b);
    let c = simulate(&Scenario {
        seed: 2,
        ..Scenario::default()
    });
    assert_ne!(a.records[0].bytes, c.records[0].bytes);
}

/// A compact, stable digest of a run for the golden files: each record's bytes in hex and
/// each derivation's value.
fn golden_text(t: &Transcript) -> String {
    let mut s = String::new();
    for r in &t.records {
        s.push_str(&format!(
            "record {} {:?} {}: {}\n",
            r.number,
            r.from,
            r.title(),
            engine::codec::hex(&r.bytes)
        ));
    }
    for d in &t.derivations {
        s.push_str(&format!("{} = {}\n", d.id, engine::codec::hex(&d.value)));
    }
    s.push_str(&format!("outcome: {}\n", t.outcome.summary));
    s
}

/// The runs kept as golden files: both TLS 1.2 suites, and TLS 1.3 with each group, with
/// and without a HelloRetryRequest.
fn golden_runs() -> Vec<(String, Scenario)> {
    let mut runs: Vec<(String, Scenario)> = [Protocol::Rsa, Protocol::Ecdhe]
        .into_iter()
        .map(|p| {
            (
                p.as_str().to_string(),
                Scenario {
                    protocol: p,
                    ..Scenario::default()
                },
            )
        })
        .collect();
    for group in engine::Group::ALL {
        for hrr in [false, true] {
            runs.push((
                format!("tls13-{}{}", group.as_str(), if hrr { "-hrr" } else { "" }),
                Scenario {
                    protocol: Protocol::Tls13,
                    group,
                    hrr,
                    ..Scenario::default()
                },
            ));
        }
    }
    runs
}

#[test]
fn golden_transcripts_for_seed_1() {
    for (name, scenario) in golden_runs() {
        let kx = &name;
        let t = simulate(&scenario);
        let path = format!(
            "{}/tests/golden/{name}_seed1.txt",
            env!("CARGO_MANIFEST_DIR"),
        );
        let text = golden_text(&t);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(format!("{}/tests/golden", env!("CARGO_MANIFEST_DIR")))
                .unwrap();
            std::fs::write(&path, &text).unwrap();
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{path} missing: run with UPDATE_GOLDEN=1"));
        assert_eq!(
            text, want,
            "{kx:?} transcript changed; if intended, run with UPDATE_GOLDEN=1"
        );
    }
}

#[test]
fn a_dropped_last_record_of_a_flight_stalls_with_a_timeout() {
    // ServerHelloDone is the server's last word before it waits: without it both sides wait.
    let clean = simulate(&Scenario::default());
    let shd = clean
        .records
        .iter()
        .find(|r| r.messages[0].to_string() == "ServerHelloDone")
        .unwrap()
        .number;
    let t = simulate(&Scenario {
        fault: Some(Fault::Drop { record: shd }),
        ..Scenario::default()
    });
    assert!(t.outcome.stalled);
    assert_eq!(t.outcome.browser_error.unwrap().code, "ERR_TIMED_OUT");
    assert!(!t.records[shd - 1].delivered);
}

#[test]
fn a_flipped_finished_ends_in_bad_record_mac_from_the_server() {
    let clean = simulate(&Scenario::default());
    let fin = clean
        .records
        .iter()
        .find(|r| r.messages[0].to_string() == "Finished")
        .unwrap()
        .number;
    let t = simulate(&Scenario {
        fault: Some(Fault::Flip {
            record: fin,
            offset: 20,
        }),
        ..Scenario::default()
    });
    let (party, alert) = t.outcome.alert.unwrap();
    assert_eq!(
        (party, alert.name()),
        (engine::transcript::Party::Server, "bad_record_mac")
    );
    assert_eq!(
        t.records.last().unwrap().messages[0].to_string(),
        "Alert: bad_record_mac"
    );
    assert_eq!(
        t.outcome.browser_error.unwrap().code,
        "ERR_SSL_BAD_RECORD_MAC_ALERT"
    );
}

#[test]
fn fault_specs_parse_and_print_back() {
    for spec in [
        "drop:3",
        "flip:1:9",
        "reorder:2",
        "replay:7",
        "truncate:3:100",
    ] {
        assert_eq!(Fault::parse(spec).unwrap().to_string(), spec);
    }
    for bad in [
        "",
        "drop",
        "drop:0",
        "drop:x",
        "flip:1",
        "melt:2",
        "flip:1:2:3",
        "truncate:-1:2",
        "drop:99999999999999999999999",
    ] {
        assert!(Fault::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn faults_that_cannot_apply_leave_the_run_clean_and_say_so() {
    let past_end = simulate(&Scenario {
        fault: Some(Fault::Drop { record: 99 }),
        ..Scenario::default()
    });
    assert!(past_end.outcome.exchange_complete);
    let notice = |f: Fault| {
        simulate(&Scenario {
            fault: Some(f),
            ..Scenario::default()
        })
        .fault_notice
    };
    assert!(
        notice(Fault::Drop { record: 99 })
            .unwrap()
            .contains("no record 99")
    );
    assert!(
        notice(Fault::Flip {
            record: 2,
            offset: 5000
        })
        .unwrap()
        .contains("past the end")
    );
    assert!(
        notice(Fault::Truncate {
            record: 4,
            length: 9
        })
        .unwrap()
        .contains("changes nothing")
    );
    assert_eq!(
        notice(Fault::Flip {
            record: 2,
            offset: 10
        }),
        None
    );
    assert_eq!(simulate(&Scenario::default()).fault_notice, None);
}

/// Issue 29: a TLS 1.3 server has its handshake keys as it sends ServerHello (they hash it,
/// and it encrypts the very next handshake message), not from the compatibility
/// ChangeCipherSpec after it; the browser has them once that ServerHello arrives. With a
/// HelloRetryRequest, the second ServerHello.
#[test]
fn tls13_handshake_keys_are_known_from_the_server_hello() {
    use engine::crypto::secrets::Secret;
    use engine::msgs::enums::HandshakeType;
    for group in [Group::X25519, Group::X25519MlKem768] {
        for hrr in [false, true] {
            let t = simulate(&Scenario {
                protocol: Protocol::Tls13,
                group,
                hrr,
                ..Scenario::default()
            });
            let hello = t
                .records
                .iter()
                .rfind(|r| r.carries(HandshakeType::ServerHello))
                .expect("a ServerHello")
                .number;
            for secret in [
                Secret::HandshakeSecret,
                Secret::ClientHandshakeTrafficSecret,
                Secret::ServerHandshakeTrafficSecret,
            ] {
                let d = t
                    .derivations
                    .iter()
                    .find(|d| d.id == secret.into())
                    .expect("derived");
                let at = (d.client_knows_from, d.server_knows_from);
                assert_eq!(
                    at,
                    (Some(hello), Some(hello)),
                    "{group:?} hrr {hrr}: {}",
                    d.name
                );
            }
        }
    }
}

/// Issue 29: a value sent in a message is the receiver's too once its record arrives intact
/// (the key diagram marked EncryptedPreMasterSecret as the browser's and public only), and not
/// when the wire changed those bytes.
#[test]
fn a_sent_value_is_known_to_its_receiver_from_its_record() {
    use engine::crypto::secrets::Secret;
    use engine::msgs::enums::HandshakeType;
    let find = |t: &Transcript, s: Secret| {
        t.derivations
            .iter()
            .find(|d| d.id == s.into())
            .map(|d| (d.client_knows_from, d.server_knows_from, d.public_from))
            .expect("derived")
    };
    let clean = simulate(&Scenario::default());
    let cke = clean
        .records
        .iter()
        .find(|r| r.carries(HandshakeType::ClientKeyExchange))
        .expect("a ClientKeyExchange")
        .number;
    let (_, server, public) = find(&clean, Secret::EncryptedPreMasterSecret);
    assert_eq!((server, public), (Some(cke), Some(cke)));
    let flipped = simulate(&Scenario {
        fault: Some(Fault::Flip {
            record: cke,
            offset: 20,
        }),
        ..Scenario::default()
    });
    let (_, server, _) = find(&flipped, Secret::EncryptedPreMasterSecret);
    assert_eq!(server, None, "the server received other bytes");
    // TLS 1.3 after a HelloRetryRequest: the second ClientHello's share reaches the server.
    let retried = simulate(&Scenario {
        protocol: Protocol::Tls13,
        group: Group::X25519,
        hrr: true,
        ..Scenario::default()
    });
    let (_, server, public) = find(&retried, Secret::RetryClientKeyShare);
    assert!(
        server.is_some() && server == public,
        "{server:?} {public:?}"
    );
}
