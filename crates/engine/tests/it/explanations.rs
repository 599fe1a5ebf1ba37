//! The explanations say what the transcript shows: a fault that changed nothing says so, a
//! replayed copy is the attacker's, a state change sits on the record that caused it, the
//! renegotiation SCSV is not counted as a suite, and the error page names the failed check.

use engine::scenario::{Protocol, Scenario};
use engine::transcript::{Event, Party, Transcript};
use engine::{Fault, simulate};

fn run(kx: Protocol, ems: bool, fault: Option<Fault>) -> Transcript {
    simulate(&Scenario {
        protocol: kx,
        ems,
        fault,
        ..Scenario::default()
    })
}

#[test]
fn a_reorder_with_nothing_after_it_says_it_had_no_effect() {
    for (ems, record) in [(true, 13), (false, 9), (true, 7), (true, 10)] {
        let t = run(Protocol::Rsa, ems, Some(Fault::Reorder { record }));
        let r = &t.records[record - 1];
        let detail = &r.fault.as_ref().expect("the fault is on its record").detail;
        assert!(t.outcome.exchange_complete, "reorder:{record} ems={ems}");
        assert!(
            detail.contains("had no effect"),
            "reorder:{record}: {detail}"
        );
        assert!(r.explanation.contains("had no effect"), "{}", r.explanation);
        assert!(t.fault_notice.is_none(), "the fault stays chosen");
    }
}

#[test]
fn a_reorder_that_acts_still_says_held_back() {
    // Record 2 (ServerHello) held back behind the Certificate: the browser gets them swapped.
    let t = run(Protocol::Rsa, true, Some(Fault::Reorder { record: 2 }));
    let detail = &t.records[1].fault.as_ref().unwrap().detail;
    assert!(!detail.contains("no effect"), "{detail}");
    assert!(t.outcome.alert.is_some());
}

#[test]
fn a_replayed_copy_is_the_attackers() {
    let t = run(Protocol::Rsa, true, Some(Fault::Replay { record: 8 }));
    let original = &t.records[7];
    let copy = &t.records[8];
    assert!(
        original
            .explanation
            .starts_with("Server sends ChangeCipherSpec")
    );
    assert!(
        copy.explanation.starts_with(
            "This is not Server speaking: an attacker on the path sends a copy of record 8"
        ),
        "{}",
        copy.explanation
    );
}

#[test]
fn state_changes_sit_on_the_record_that_caused_them() {
    for kx in [Protocol::Rsa, Protocol::Ecdhe] {
        let t = run(kx, true, None);
        let at = |party: Party, from: &str| {
            t.records
                .iter()
                .find(|r| {
                    r.events.iter().any(|e| {
                        matches!(e, Event::State { party: p, from: f, .. } if *p == party && f == from)
                    })
                })
                .map(|r| r.title())
        };
        assert_eq!(
            at(Party::Server, "ExpectClientHello").as_deref(),
            Some("ClientHello")
        );
        assert_eq!(
            at(Party::Client, "ExpectServerHelloDone").as_deref(),
            Some("ServerHelloDone"),
            "{kx:?}: the browser leaves ExpectServerHelloDone when ServerHelloDone arrives"
        );
    }
}

#[test]
fn the_renegotiation_scsv_is_not_counted_as_a_suite() {
    let t = run(Protocol::Rsa, true, None);
    let text = &t.records[0].explanation;
    assert!(text.contains("2 cipher suite(s)"), "{text}");
    assert!(
        text.contains("signalling value TLS_EMPTY_RENEGOTIATION_INFO_SCSV"),
        "{text}"
    );
}

#[test]
fn the_error_page_names_the_failed_check() {
    let t = run(
        Protocol::Rsa,
        true,
        Some(Fault::Flip {
            record: 7,
            offset: 22,
        }),
    );
    let err = t.outcome.browser_error.as_ref().expect("an error page");
    let reason = t
        .records
        .iter()
        .flat_map(|r| &r.events)
        .find_map(|e| match e {
            Event::Alert { reason, .. } => Some(reason.clone()),
            _ => None,
        })
        .expect("an alert");
    assert!(err.detail.contains(&reason), "{} / {reason}", err.detail);
    assert!(
        !err.detail.contains("a changed, missing or repeated byte"),
        "{}",
        err.detail
    );
}

/// The record whose events hold the first alert, and that alert's name.
fn first_alert(t: &Transcript) -> Option<(&engine::transcript::WireRecord, String)> {
    t.records.iter().find_map(|r| {
        r.events.iter().find_map(|e| match e {
            Event::Alert { alert, .. } => Some((r, alert.name().to_string())),
            _ => None,
        })
    })
}

/// For flips across every record of both suites: when a tag fails on a record that arrived
/// intact, its explanation blames the altered handshake (the two sides' derivations differ),
/// never the record; when the flipped record is the one that fails, it does not.
#[test]
fn bad_record_mac_names_the_cause_the_transcript_proves() {
    let (mut keys_differ, mut record_changed) = (0, 0);
    for kx in [Protocol::Rsa, Protocol::Ecdhe] {
        let clean = run(kx, true, None);
        for r in &clean.records {
            for offset in (5..r.bytes.len()).step_by(11) {
                let t = run(
                    kx,
                    true,
                    Some(Fault::Flip {
                        record: r.number,
                        offset,
                    }),
                );
                let Some((failing, alert)) = first_alert(&t) else {
                    continue;
                };
                if alert != "bad_record_mac" {
                    continue;
                }
                let differ = t.derivations.iter().any(|d| d.disagrees_on().is_some());
                let blames_keys = failing.explanation.contains("derived different keys");
                if failing.number != r.number && differ {
                    keys_differ += 1;
                    assert!(
                        blames_keys,
                        "{kx:?} flip:{}:{offset}: {}",
                        r.number, failing.explanation
                    );
                } else if failing.number == r.number {
                    record_changed += 1;
                    assert!(
                        !blames_keys,
                        "{kx:?} flip:{}:{offset}: {}",
                        r.number, failing.explanation
                    );
                }
            }
        }
    }
    assert!(
        keys_differ > 0 && record_changed > 0,
        "{keys_differ} / {record_changed}"
    );
}

#[test]
fn no_sentence_overclaims_what_signatures_or_finished_cover() {
    for kx in [Protocol::Rsa, Protocol::Ecdhe] {
        for fault in [
            None,
            Some(Fault::Flip {
                record: 1,
                offset: 67,
            }),
            Some(Fault::Flip {
                record: 5,
                offset: 50,
            }),
            Some(Fault::Flip {
                record: 7,
                offset: 22,
            }),
        ] {
            let t = run(kx, true, fault);
            for r in &t.records {
                for claim in [
                    "signatures cover",
                    "any earlier byte",
                    "downgrade the cipher suite",
                    "SMACK and FREAK",
                ] {
                    assert!(
                        !r.explanation.contains(claim),
                        "{kx:?} {fault:?} #{}: {}",
                        r.number,
                        r.explanation
                    );
                }
            }
            if let Some(e) = &t.outcome.browser_error {
                assert!(
                    !e.detail.contains("changed, missing or repeated byte"),
                    "{}",
                    e.detail
                );
            }
        }
    }
}

#[test]
fn the_aad_names_seq_num_and_session_hash_is_public() {
    let t = run(Protocol::Rsa, true, None);
    let app = t
        .records
        .iter()
        .find(|r| r.title() == "Application Data")
        .expect("application data");
    assert!(app.explanation.contains("seq_num"), "{}", app.explanation);
    let cke = t
        .records
        .iter()
        .find(|r| r.title() == "ClientKeyExchange")
        .unwrap();
    let hash = t
        .derivations
        .iter()
        .find(|d| d.id.to_string() == "session_hash")
        .unwrap();
    assert_eq!(
        hash.public_from,
        Some(cke.number),
        "anyone can hash the plaintext hellos"
    );
    assert!(
        cke.explanation.contains("no forward secrecy"),
        "{}",
        cke.explanation
    );
}

#[test]
fn a_completed_handshake_is_not_called_stopped() {
    for (kx, fault) in [
        (Protocol::Rsa, Fault::Drop { record: 10 }),
        (
            Protocol::Ecdhe,
            Fault::Truncate {
                record: 11,
                length: 30,
            },
        ),
    ] {
        let t = run(kx, true, Some(fault));
        assert!(t.outcome.handshake_complete);
        let err = t.outcome.browser_error.as_ref().expect("an error page");
        assert!(
            err.detail.starts_with("The handshake completed"),
            "{fault}: {}",
            err.detail
        );
        assert!(
            !t.outcome.summary.contains("waits in Connected"),
            "{}",
            t.outcome.summary
        );
    }
}

#[test]
fn no_error_page_once_the_page_has_arrived() {
    for fault in [
        Fault::Replay { record: 10 },
        Fault::Flip {
            record: 12,
            offset: 25,
        },
    ] {
        let t = run(Protocol::Rsa, true, Some(fault));
        assert!(t.outcome.exchange_complete, "{fault}");
        assert!(
            t.outcome.alert.is_some(),
            "{fault}: a late alert still ends the connection"
        );
        assert!(
            t.outcome.browser_error.is_none(),
            "{fault}: {:?}",
            t.outcome.browser_error
        );
        assert!(
            t.outcome.summary.contains("keeps showing the page"),
            "{}",
            t.outcome.summary
        );
    }
}

#[test]
fn a_certificate_error_page_names_the_rfc_openssl_and_chrome_alerts() {
    let t = simulate(&Scenario {
        cert: engine::pki::CertKind::BadSignature,
        ..Scenario::default()
    });
    let err = t.outcome.browser_error.as_ref().unwrap();
    assert_eq!(err.code, "NET::ERR_CERT_AUTHORITY_INVALID");
    for alert in ["bad_certificate", "decrypt_error", "certificate_unknown"] {
        assert!(err.detail.contains(alert), "{alert}: {}", err.detail);
    }
}

#[test]
fn the_ecdhe_pre_master_secret_needs_a_private_key() {
    let t = run(Protocol::Ecdhe, true, None);
    let pms = t
        .derivations
        .iter()
        .find(|d| d.id.to_string() == "pre_master_secret")
        .unwrap();
    for private in ["client_ecdh_private", "server_ecdh_private"] {
        assert!(
            pms.inputs.iter().any(|i| i.id() == private),
            "{:?}",
            pms.inputs
        );
        let d = t
            .derivations
            .iter()
            .find(|d| d.id.to_string() == private)
            .unwrap();
        assert_eq!(d.public_from, None, "{private} never crosses the wire");
    }
}

#[test]
fn a_record_read_before_its_keys_is_not_blamed_on_a_sender() {
    // ChangeCipherSpec held back: the server reads the encrypted Finished as plaintext.
    let t = run(Protocol::Rsa, true, Some(Fault::Reorder { record: 6 }));
    let (failing, alert) = first_alert(&t).unwrap();
    assert_eq!(alert, "unexpected_message");
    assert!(
        failing.explanation.contains("Nobody sent that message"),
        "{}",
        failing.explanation
    );
    // A replayed ClientKeyExchange is plaintext: named as what it is, a second one.
    let t = run(Protocol::Rsa, true, Some(Fault::Replay { record: 5 }));
    let (failing, _) = first_alert(&t).unwrap();
    assert!(
        failing.explanation.contains("received ClientKeyExchange"),
        "{}",
        failing.explanation
    );
    assert!(
        !failing.explanation.contains("Nobody sent"),
        "{}",
        failing.explanation
    );
}

/// Every sentence a student reads for a run: each record's explanation, the outcome and the
/// error page.
fn prose(t: &Transcript) -> String {
    let mut s = String::new();
    for r in &t.records {
        s.push_str(&format!(
            "#{} {} {}\n{}\n\n",
            r.number,
            r.from.as_str(),
            r.title(),
            r.explanation
        ));
    }
    s.push_str(&format!("outcome: {}\n", t.outcome.summary));
    if let Some(e) = &t.outcome.browser_error {
        s.push_str(&format!(
            "error page: {} — {} — {}\n",
            e.code, e.title, e.detail
        ));
    }
    s
}

/// The texts of both suites, EMS on and off, every certificate kind and a set of faults are
/// kept as golden files, so a change to the prose is a reviewed change
/// (`UPDATE_GOLDEN=1 cargo test -p engine --test it explanations::` rewrites them).
#[test]
fn golden_explanations() {
    let mut runs: Vec<(String, Scenario)> = Vec::new();
    for kx in [Protocol::Rsa, Protocol::Ecdhe] {
        for ems in [true, false] {
            runs.push((
                format!("{}-ems{}", kx.as_str(), u8::from(ems)),
                Scenario {
                    protocol: kx,
                    ems,
                    ..Scenario::default()
                },
            ));
        }
        for cert in engine::pki::CertKind::ALL {
            if cert != engine::pki::CertKind::Valid {
                runs.push((
                    format!("{}-cert-{}", kx.as_str(), cert.as_str()),
                    Scenario {
                        protocol: kx,
                        cert,
                        ..Scenario::default()
                    },
                ));
            }
        }
    }
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
    for cert in engine::pki::CertKind::ALL {
        if cert != engine::pki::CertKind::Valid {
            runs.push((
                format!("tls13-cert-{}", cert.as_str()),
                Scenario {
                    protocol: Protocol::Tls13,
                    cert,
                    ..Scenario::default()
                },
            ));
        }
    }
    for (kx, spec) in [
        (Protocol::Tls13, "flip:2:60"),
        (Protocol::Tls13, "flip:5:40"),
        (Protocol::Tls13, "flip:6:100"),
        (Protocol::Tls13, "drop:3"),
        (Protocol::Tls13, "replay:9"),
        (Protocol::Rsa, "flip:5:50"),
        (Protocol::Ecdhe, "flip:1:67"),
        (Protocol::Rsa, "flip:7:22"),
        (Protocol::Rsa, "drop:10"),
        (Protocol::Rsa, "reorder:6"),
        (Protocol::Rsa, "reorder:13"),
        (Protocol::Rsa, "replay:5"),
        (Protocol::Rsa, "replay:8"),
        (Protocol::Rsa, "replay:10"),
        (Protocol::Ecdhe, "truncate:11:30"),
    ] {
        runs.push((
            format!("{}-{}", kx.as_str(), spec.replace(':', "-")),
            Scenario {
                protocol: kx,
                fault: Some(Fault::parse(spec).unwrap()),
                ..Scenario::default()
            },
        ));
    }
    let dir = format!("{}/tests/golden/texts", env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    if update {
        std::fs::create_dir_all(&dir).unwrap();
    }
    for (name, scenario) in runs {
        let text = prose(&simulate(&scenario));
        let path = format!("{dir}/{name}.txt");
        if update {
            std::fs::write(&path, &text).unwrap();
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{path} missing: run with UPDATE_GOLDEN=1"));
        assert_eq!(
            text, want,
            "{name}: the texts changed; if intended, run with UPDATE_GOLDEN=1 and review the diff"
        );
    }
}

#[test]
fn each_side_knows_its_key_pair_no_later_than_the_pre_master_secret() {
    let t = run(Protocol::Ecdhe, true, None);
    let from = |id: &str| {
        t.derivations
            .iter()
            .find(|d| d.id.to_string() == id)
            .unwrap()
    };
    let pms = from("pre_master_secret");
    for (own, side) in [
        ("client_ecdh", pms.client_knows_from),
        ("server_ecdh", pms.server_knows_from),
    ] {
        let private = from(&format!("{own}_private"));
        let public = from(&format!("{own}_public"));
        let known = if own == "client_ecdh" {
            private.client_knows_from
        } else {
            private.server_knows_from
        };
        assert!(
            known <= side,
            "{own}: private from {known:?}, pre-master from {side:?}"
        );
        let sent = public.public_from.unwrap();
        let made = if own == "client_ecdh" {
            public.client_knows_from
        } else {
            public.server_knows_from
        };
        assert!(
            made.unwrap() <= sent,
            "{own}: its public key is its own before it is sent"
        );
    }
}

#[test]
fn the_first_disagreement_may_be_the_browsers_copy() {
    // A flipped ServerHello.random: the browser learns another server_random than the server
    // chose, so the two sides part there (`server_random@browser`), before any server copy.
    let t = run(
        Protocol::Rsa,
        true,
        Some(Fault::Flip {
            record: 2,
            offset: 20,
        }),
    );
    let (failing, alert) = first_alert(&t).unwrap();
    assert_eq!(alert, "bad_record_mac");
    assert!(
        failing
            .explanation
            .contains("they disagree from server_random on"),
        "{}",
        failing.explanation
    );
}

/// Issue 29: the compatibility ChangeCipherSpec is checked, then dropped (RFC 8446 §5): it is
/// not "dropped unread". Neither the explanation nor the browser's check says otherwise.
#[test]
fn the_compatibility_change_cipher_spec_is_checked_then_dropped() {
    let t = simulate(&Scenario {
        protocol: Protocol::Tls13,
        ..Scenario::default()
    });
    let text = prose(&t);
    assert!(!text.contains("unread"), "{text}");
    let ccs = t
        .records
        .iter()
        .find(|r| r.title() == "ChangeCipherSpec")
        .expect("a compatibility CCS");
    assert!(
        ccs.explanation.contains("the byte 0x01"),
        "{}",
        ccs.explanation
    );
    let checks: Vec<&str> = t
        .records
        .iter()
        .flat_map(|r| &r.events)
        .filter_map(|e| match e {
            Event::Check { what, detail, .. } if what.contains("ChangeCipherSpec") => {
                Some(detail.as_str())
            }
            _ => None,
        })
        .collect();
    assert!(
        !checks.is_empty()
            && checks
                .iter()
                .all(|d| d.contains("0x01") && !d.contains("unread"))
    );
}

/// Issue 29: a changed record version in a TLS 1.3 run is never "TLS 1.2" nor
/// protocol_version: on a protected record it is part of the AEAD's additional data
/// (bad_record_mac), on the compatibility ChangeCipherSpec it is ignored (RFC 8446 §5.1).
#[test]
fn a_changed_record_version_in_tls13_is_explained_by_rfc_8446() {
    for (record, offset) in [(3, 1), (3, 2), (4, 1), (4, 2), (7, 2)] {
        let t = simulate(&Scenario {
            protocol: Protocol::Tls13,
            fault: Some(Fault::Flip { record, offset }),
            ..Scenario::default()
        });
        let rec = &t.records[record - 1];
        assert!(
            rec.explanation.contains("legacy_record_version"),
            "{}",
            rec.explanation
        );
        let alert = t.outcome.alert.map(|(_, a)| a.name());
        if rec.protection.is_some() {
            assert_eq!(alert, Some("bad_record_mac"), "flip:{record}:{offset}");
        } else {
            assert_eq!(alert, None, "flip:{record}:{offset}: ignored");
        }
        assert!(!prose(&t).contains("speaks TLS 1.2"));
    }
}

/// Issue 29, item 7: TLS 1.3 has no ServerKeyExchange; its certificate key signs the
/// CertificateVerify, and the key-usage check says so. TLS 1.2 ECDHE keeps its reason.
#[test]
fn the_key_usage_check_names_what_the_key_signs() {
    let usage = |protocol| {
        let t = simulate(&Scenario {
            protocol,
            ..Scenario::default()
        });
        let chain = t.chain.expect("the browser checked a chain");
        chain
            .checks
            .into_iter()
            .map(|c| format!("{} {}", c.what, c.detail))
            .find(|c| c.contains("digitalSignature"))
            .expect("a key usage check")
    };
    let tls13 = usage(Protocol::Tls13);
    assert!(
        tls13.contains("CertificateVerify") && !tls13.contains("ServerKeyExchange"),
        "{tls13}"
    );
    assert!(usage(Protocol::Ecdhe).contains("ServerKeyExchange"));
}

/// Issue 29's imprecisions, corrected in the TLS 1.3 texts: CertificateVerify's 0x00 byte,
/// "every handshake message" (not everything) after ServerHello, a HelloRetryRequest that
/// starts nothing over, the last non-zero byte as the inner type, and Finished switching only
/// the browser's own side.
#[test]
fn tls13_texts_say_what_the_rfc_says() {
    let t = simulate(&Scenario {
        protocol: Protocol::Tls13,
        hrr: true,
        ..Scenario::default()
    });
    let text = prose(&t);
    for said in [
        "a 0x00 byte and Transcript-Hash",
        "every handshake message after this one is",
        "Nothing starts over",
        "last non-zero byte",
        "as the server's have since its own Finished",
    ] {
        assert!(text.contains(said), "missing {said:?}");
    }
    for never in [
        "everything after this message is encrypted",
        "starts over with",
        "both sides use the application traffic keys",
    ] {
        assert!(!text.contains(never), "still says {never:?}");
    }
}

/// Issue 29's second round: RFC 10015's three reasons, the pre-master secret's two version
/// bytes, the explicit nonce a record read too early is named from, the downgrade sentinel,
/// what TLS 1.3 leaves visible, the hybrid's post-quantum story and HelloRetryRequest's rules.
#[test]
fn the_second_round_of_corrections_holds() {
    let rsa = run(Protocol::Rsa, true, None);
    let text = |t: &Transcript, title: &str| -> String {
        t.records
            .iter()
            .find(|r| r.title() == title)
            .map(|r| r.explanation.clone())
            .unwrap_or_else(|| panic!("no {title}"))
    };
    let cke = text(&rsa, "ClientKeyExchange");
    assert!(cke.contains("03 03 and 46 random bytes"), "{cke}");
    assert!(
        cke.contains("Bleichenbacher") && cke.contains("both decrypting and signing"),
        "{cke}"
    );
    let sh = text(&rsa, "ServerHello");
    assert!(
        sh.contains("DOWNGRD") && sh.contains("RFC 8446 §4.1.3"),
        "{sh}"
    );
    // A protected Finished read before ChangeCipherSpec: its "message" is the explicit nonce.
    let t = run(Protocol::Rsa, true, Some(Fault::Reorder { record: 6 }));
    let read_early = &t.records[6].explanation;
    assert!(read_early.contains("8-byte explicit nonce"), "{read_early}");
    assert!(
        !read_early.contains("first bytes of the ciphertext"),
        "{read_early}"
    );

    let tls13 = |group, hrr| {
        simulate(&Scenario {
            protocol: Protocol::Tls13,
            group,
            hrr,
            ..Scenario::default()
        })
    };
    use engine::scenario::Group;
    let hybrid = tls13(Group::X25519MlKem768, false);
    let hello = text(&hybrid, "ClientHello");
    for said in [
        "0x11EC",
        "harvest now, decrypt later",
        "Authentication stays classical",
        "Encrypted Client Hello (ECH)",
        "ALPN",
        "lengths and timing",
    ] {
        assert!(hello.contains(said), "{said}: {hello}");
    }
    let x25519 = text(&tls13(Group::X25519, false), "ClientHello");
    assert!(!x25519.contains("0x11EC"), "{x25519}");
    let retried = tls13(Group::X25519, true);
    let hrr = text(&retried, "HelloRetryRequest");
    assert!(
        hrr.contains("At most one") && hrr.contains("cookie"),
        "{hrr}"
    );
    assert!(
        hrr.contains("gives its post-quantum protection up"),
        "{hrr}"
    );
    let gained = text(&tls13(Group::X25519MlKem768, true), "HelloRetryRequest");
    assert!(
        gained.contains("brings the post-quantum protection"),
        "{gained}"
    );
}
