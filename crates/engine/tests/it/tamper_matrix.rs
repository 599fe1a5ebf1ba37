//! The tamper matrix (issue "Teach what goes wrong"): for every record of a run and every
//! byte offset in it, flip that byte; and drop, reorder and replay every record. Nothing may
//! panic, no tampered run may finish as if nothing happened, and each alert must belong to the
//! family its position implies. Prints the totals.

use std::collections::BTreeMap;

use engine::msgs::enums::HandshakeType;
use engine::scenario::{Protocol, Scenario};
use engine::transcript::{Content, Transcript};
use engine::{Fault, simulate};

/// The matrix's run of `kx`; TLS 1.3 over X25519, whose records are small enough to flip
/// every byte (the hybrid's shares are 1216 and 1120 bytes: `a_changed_hybrid_share_…`
/// samples them).
fn scenario(kx: Protocol) -> Scenario {
    Scenario {
        protocol: kx,
        group: engine::Group::X25519,
        ..Scenario::default()
    }
}

fn run(kx: Protocol, fault: Fault) -> Transcript {
    simulate(&Scenario {
        fault: Some(fault),
        ..scenario(kx)
    })
}

fn alert_name(t: &Transcript) -> String {
    match (&t.outcome.alert, t.outcome.stalled) {
        (Some((_, a)), _) => a.name().to_string(),
        (None, true) => "(stall)".into(),
        (None, false) => "(none)".into(),
    }
}

/// TLS 1.3's middlebox-compatibility ChangeCipherSpec (RFC 8446 App. D.4): the receiver
/// drops it, so losing, repeating or moving it changes nothing, by design.
fn compat_ccs(kx: Protocol, rec: &engine::transcript::WireRecord) -> bool {
    kx == Protocol::Tls13 && rec.kind == engine::msgs::enums::ContentType::ChangeCipherSpec
}

/// Whether the run went exactly like the clean one: every record the same, no alert.
fn untouched(clean: &Transcript, t: &Transcript) -> bool {
    t.outcome.alert.is_none()
        && t.outcome.exchange_complete
        && clean.records.len() == t.records.len()
}

#[test]
fn flipping_any_byte_of_any_record_is_caught() {
    let mut totals: BTreeMap<String, usize> = BTreeMap::new();
    let mut tried = 0;
    let mut explained = 0;
    for &kx in Protocol::ALL {
        let clean = simulate(&scenario(kx));
        assert!(clean.outcome.exchange_complete);
        // The closing alerts come after the page has arrived; flipping them cannot undo that.
        let last_data = clean
            .records
            .iter()
            .rposition(|r| r.messages[0].content == Content::ApplicationData)
            .unwrap();
        for rec in &clean.records[..=last_data] {
            for offset in 0..rec.bytes.len() {
                let t = run(
                    kx,
                    Fault::Flip {
                        record: rec.number,
                        offset,
                    },
                );
                tried += 1;
                let name = alert_name(&t);
                *totals.entry(name.clone()).or_default() += 1;
                // RFC 5246 Appendix E.1: before the hellos agree on the version, a record may
                // say any {03,XX}; the record-layer version is not authenticated either. So
                // the minor version byte of the two hello records (ClientHello, ServerHello)
                // goes through unnoticed; the versions inside the hellos are what counts.
                let before_agreement = rec.carries(HandshakeType::ClientHello)
                    || rec.carries(HandshakeType::ServerHello);
                if before_agreement && offset == 2 {
                    assert!(
                        untouched(&clean, &t),
                        "{kx:?} {} record version should be ignored",
                        rec.messages[0]
                    );
                    continue;
                }
                // Once TLS 1.3 is agreed, legacy_record_version "MUST be ignored for all
                // purposes" (RFC 8446 §5.1): on the one record still sent in the clear, the
                // compatibility ChangeCipherSpec, a changed version changes nothing. (A
                // protected record's header is its AEAD's additional data: bad_record_mac.)
                let tls13_agreed = kx == Protocol::Tls13 && !before_agreement;
                if tls13_agreed && matches!(offset, 1 | 2) && rec.protection.is_none() {
                    assert!(
                        untouched(&clean, &t),
                        "{kx:?} {} record version should be ignored",
                        rec.messages[0]
                    );
                    continue;
                }
                assert!(
                    !untouched(&clean, &t),
                    "{kx:?} record {} offset {offset} went unnoticed",
                    rec.number
                );
                let tls13 = kx == Protocol::Tls13;
                let family_ok = match offset {
                    // A TLS 1.3 protected record must say application_data (RFC 8446 §5.2).
                    0 if tls13 && rec.protection.is_some() => name == "unexpected_message",
                    // In TLS 1.2 the content type is authenticated (it is in the AAD) once
                    // records are encrypted, so there the tag check catches it first.
                    0 if rec.protection.is_some() => name == "bad_record_mac",
                    0 => ["unexpected_message", "decode_error"].contains(&name.as_str()),
                    1 | 2 if tls13_agreed => name == "bad_record_mac",
                    1 | 2 => name == "protocol_version",
                    3 | 4 => true, // a wrong length desynchronises the stream: many outcomes
                    _ if rec.protection.is_some() => name == "bad_record_mac",
                    // TLS 1.3's compatibility ChangeCipherSpec must be the byte 01.
                    _ if compat_ccs(kx, rec) => name == "unexpected_message",
                    _ => name != "(none)",
                };
                assert!(
                    family_ok,
                    "{kx:?} record {} ({}) offset {offset}: {name}",
                    rec.number, rec.messages[0]
                );
                // The explanation of the record whose tag failed names the cause the
                // transcript proves: the keys differ (an altered handshake), or it was changed.
                if name == "bad_record_mac" {
                    let failing = t
                        .records
                        .iter()
                        .find(|r| {
                            r.events
                                .iter()
                                .any(|e| matches!(e, engine::transcript::Event::Alert { .. }))
                        })
                        .expect("the alert is on a record");
                    let keys_differ = t.derivations.iter().any(|d| d.disagrees_on().is_some());
                    let blames_keys = failing.explanation.contains("derived different keys");
                    assert_eq!(
                        blames_keys,
                        keys_differ && failing.number != rec.number,
                        "{kx:?} flip:{}:{offset}: {}",
                        rec.number,
                        failing.explanation
                    );
                    explained += 1;
                }
            }
        }
    }
    println!("tamper matrix: {tried} single-byte flips (records × offsets, every protocol)");
    println!("  bad_record_mac explained by its proven cause: {explained}");
    for (k, v) in &totals {
        println!("  {k:>22}: {v}");
    }
}

#[test]
fn dropping_reordering_or_replaying_any_record_is_caught() {
    let mut totals: BTreeMap<String, usize> = BTreeMap::new();
    let mut tried = 0;
    for &kx in Protocol::ALL {
        let clean = simulate(&scenario(kx));
        let last_data = clean
            .records
            .iter()
            .rposition(|r| r.messages[0].content == Content::ApplicationData)
            .unwrap();
        for rec in &clean.records[..=last_data] {
            for fault in [
                Fault::Drop { record: rec.number },
                Fault::Reorder { record: rec.number },
                Fault::Replay { record: rec.number },
            ] {
                let t = run(kx, fault);
                tried += 1;
                let name = alert_name(&t);
                *totals
                    .entry(format!("{}: {name}", kind(fault)))
                    .or_default() += 1;
                // Reordering the last record of a flight with the peer's next record changes
                // nothing: the peer's next record only comes after it anyway.
                let reorder_noop = matches!(fault, Fault::Reorder { .. })
                    && clean
                        .records
                        .get(rec.number)
                        .is_none_or(|n| n.from != rec.from);
                if reorder_noop || compat_ccs(kx, rec) {
                    continue;
                }
                assert!(!untouched(&clean, &t), "{kx:?} {fault} went unnoticed");
            }
        }
    }
    println!("drop/reorder/replay: {tried} runs");
    for (k, v) in &totals {
        println!("  {k:>34}: {v}");
    }
}

fn kind(f: Fault) -> &'static str {
    match f {
        Fault::Drop { .. } => "drop",
        Fault::Flip { .. } => "flip",
        Fault::Reorder { .. } => "reorder",
        Fault::Replay { .. } => "replay",
        Fault::Truncate { .. } => "truncate",
    }
}

/// X25519MLKEM768: a byte changed in either key share makes the two sides' shared secrets
/// differ (a changed ML-KEM ciphertext decapsulates to an unrelated secret, FIPS 203's
/// implicit rejection), so the first encrypted record fails its tag, and the explanation
/// blames the altered handshake, not the record; or, in the browser's encapsulation key, a
/// coefficient no longer below q fails the server's modulus check (FIPS 203 §7.2):
/// illegal_parameter.
#[test]
fn a_changed_hybrid_share_ends_in_bad_record_mac_blamed_on_the_keys() {
    let clean = simulate(&Scenario {
        protocol: Protocol::Tls13,
        group: engine::Group::X25519MlKem768,
        ..Scenario::default()
    });
    let (mut tried, mut modulus) = (0, 0);
    for (record, len) in [
        (1, clean.records[0].bytes.len()),
        (2, clean.records[1].bytes.len()),
    ] {
        // The key share is the last extension of each hello; sample it from its end.
        for back in (40..1100).step_by(97) {
            let offset = len - back;
            let t = simulate(&Scenario {
                protocol: Protocol::Tls13,
                group: engine::Group::X25519MlKem768,
                fault: Some(Fault::Flip { record, offset }),
                ..Scenario::default()
            });
            tried += 1;
            let (_, alert) = t.outcome.alert.expect("caught");
            if record == 1 && alert.name() == "illegal_parameter" {
                modulus += 1;
                continue;
            }
            assert_eq!(alert.name(), "bad_record_mac", "flip:{record}:{offset}");
            let failing = t
                .records
                .iter()
                .find(|r| {
                    r.events
                        .iter()
                        .any(|e| matches!(e, engine::transcript::Event::Alert { .. }))
                })
                .unwrap();
            assert!(
                failing.explanation.contains("derived different keys"),
                "flip:{record}:{offset}: {}",
                failing.explanation
            );
        }
    }
    assert!(tried >= 20);
    println!("hybrid share flips: {tried}, of which {modulus} failed the modulus check");
}
