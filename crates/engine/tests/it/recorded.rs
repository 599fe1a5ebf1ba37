//! A recorded connection's transcript against the simulated run it was recorded from: read
//! back from the bytes on the wire and the run's key log, every record must come out with the
//! simulation's own labels, field tree and protection (key, sequence number, nonce, additional
//! data, plaintext and its fields), and the key log's values with the endpoints' own.

use engine::decrypt::{KeyLog, Recording};
use engine::export::key_log;
use engine::recorded;
use engine::transcript::{Content, Event, Transcript};
use engine::{Group, Protocol, Scenario, simulate};

fn handshakes() -> Vec<Scenario> {
    let s = |protocol, group, hrr, ems| Scenario {
        protocol,
        group,
        hrr,
        ems,
        seed: 7,
        ..Scenario::default()
    };
    vec![
        s(Protocol::Rsa, Group::X25519, false, false),
        s(Protocol::Rsa, Group::X25519, false, true),
        s(Protocol::Ecdhe, Group::X25519, false, true),
        s(Protocol::Tls13, Group::X25519, false, false),
        s(Protocol::Tls13, Group::X25519MlKem768, false, false),
        s(Protocol::Tls13, Group::X25519MlKem768, true, false),
    ]
}

fn read_back(t: &Transcript, keys: Option<&KeyLog>) -> Transcript {
    recorded::transcript(
        &Recording::of_transcript(t),
        keys,
        "192.0.2.1:50000 → 192.0.2.2:443".into(),
    )
}

#[test]
fn a_simulated_run_read_back_with_its_key_log_is_the_simulated_run() {
    for scenario in handshakes() {
        let t = simulate(&scenario);
        let log = KeyLog::parse(&key_log(&t)).unwrap();
        let r = read_back(&t, Some(&log));
        let name = format!(
            "{} {} hrr={}",
            scenario.protocol.as_str(),
            scenario.group.as_str(),
            scenario.hrr
        );
        assert_eq!(r.records.len(), t.records.len(), "{name}");
        assert_eq!(r.scenario.protocol, t.scenario.protocol, "{name}");
        for (got, want) in r.records.iter().zip(&t.records) {
            let at = format!("{name}, record {}", want.number);
            assert_eq!(got.bytes, want.bytes, "{at}");
            assert_eq!(got.from, want.from, "{at}");
            assert_eq!(got.flight, want.flight, "{at}");
            assert_eq!(got.messages, want.messages, "{at}");
            assert_eq!(
                (got.content_type, got.kind),
                (want.content_type, want.kind),
                "{at}"
            );
            assert_eq!(got.alert, want.alert, "{at}");
            assert_eq!(got.fields, want.fields, "{at}");
            assert_eq!(got.protection, want.protection, "{at}");
            assert!(!got.explanation.is_empty(), "{at}");
        }
        // Every value read back is the endpoints' own, and known from the first record it opens.
        assert!(r.derivations.len() >= 6, "{name}: {}", r.derivations.len());
        for d in &r.derivations {
            assert_eq!(Some(d.value.as_slice()), t.value(d.id), "{name}: {}", d.id);
            let first = d.client_knows_from.unwrap();
            assert!(r.records[first - 1].events.iter().any(|e| matches!(e, Event::Derived { derivation, .. } if r.derivations[*derivation].id == d.id)), "{name}: {}", d.id);
        }
        let data = crate::common::app_data(&r);
        assert!(
            data.first()
                .is_some_and(|d| d.starts_with("GET / HTTP/1.1")),
            "{name}: {data:?}"
        );
        assert!(
            r.outcome.handshake_complete && r.outcome.exchange_complete,
            "{name}"
        );
        let from = r.recorded.as_ref().unwrap();
        assert!(from.opened, "{name}");
        assert!(
            from.decryption.starts_with("The key log opened all"),
            "{name}: {}",
            from.decryption
        );
    }
}

#[test]
fn without_a_key_log_only_what_the_wire_shows() {
    for scenario in handshakes() {
        let t = simulate(&scenario);
        let r = read_back(&t, None);
        let name = scenario.protocol.as_str();
        for (got, want) in r.records.iter().zip(&t.records) {
            assert_eq!(got.bytes, want.bytes, "{name}");
            assert_eq!(got.fields, want.fields, "{name}: the observer's field tree");
            assert!(got.protection.is_none(), "{name}");
            match &want.protection {
                // What was protected shows only as sealed, under its outer type.
                Some(_) => assert_eq!(
                    got.messages[0].content,
                    Content::Sealed(want.content_type),
                    "{name}"
                ),
                None => assert_eq!(got.messages, want.messages, "{name}"),
            }
        }
        // Only the randoms, public in the hellos.
        assert_eq!(r.derivations.len(), 2, "{name}");
        assert!(
            r.derivations.iter().all(|d| d.public_from.is_some()),
            "{name}"
        );
        assert!(!r.recorded.unwrap().opened);
    }
}

#[test]
fn a_key_log_of_another_run_opens_nothing_and_says_why() {
    let t = simulate(&Scenario {
        seed: 1,
        ..Scenario::default()
    });
    let other = simulate(&Scenario {
        seed: 2,
        ..Scenario::default()
    });
    let log = KeyLog::parse(&key_log(&other)).unwrap();
    let r = read_back(&t, Some(&log));
    let from = r.recorded.unwrap();
    assert!(!from.opened);
    assert!(
        from.decryption.contains("the key log has no"),
        "{}",
        from.decryption
    );
    assert!(r.records.iter().all(|r| r.protection.is_none()));
}

/// Recordings changed byte by byte, cut short or with records dropped, read back with their
/// own key log: never a panic, a record for each, field trees over every byte.
#[test]
fn mutated_recordings_never_panic() {
    let mut rng = crate::common::XorShift(30);
    for scenario in handshakes() {
        let t = simulate(&scenario);
        let log = KeyLog::parse(&key_log(&t)).unwrap();
        let clean = Recording::of_transcript(&t);
        for _ in 0..60 {
            let mut recording = clean.clone();
            let i = rng.below(recording.records.len());
            match rng.below(3) {
                0 => {
                    let f = &mut recording.records[i].fragment;
                    if !f.is_empty() {
                        let at = rng.below(f.len());
                        f[at] ^= 1 << rng.below(8);
                    }
                }
                1 => {
                    let f = &mut recording.records[i].fragment;
                    f.truncate(rng.below(f.len() + 1));
                }
                _ => {
                    recording.records.remove(i);
                }
            }
            let r = recorded::transcript(&recording, Some(&log), String::new());
            assert_eq!(r.records.len(), recording.records.len());
            for record in &r.records {
                assert_tiles(&record.fields, record.bytes.len());
                if let Some(p) = &record.protection {
                    assert_tiles(&p.plaintext_fields, p.plaintext.len());
                }
            }
        }
    }
}

/// The top-level fields cover `0..len` in order, each child inside its parent.
fn assert_tiles(fields: &[engine::transcript::Field], len: usize) {
    let mut at = 0;
    for f in fields {
        assert_eq!(f.start, at, "{}", f.name);
        assert!(f.end >= f.start && f.end <= len, "{}", f.name);
        at = f.end;
    }
    assert_eq!(at, len);
}

/// Real stacks coalesce and split: a record carrying two messages gets a label for each, and
/// a message across two records is labelled as its pieces, as Wireshark shows them.
#[test]
fn coalesced_and_split_messages_are_labelled_per_message() {
    use engine::decrypt::Recorded;
    let t = simulate(&Scenario {
        protocol: Protocol::Rsa,
        seed: 7,
        ..Scenario::default()
    });
    let clean = Recording::of_transcript(&t);
    // Records 2, 3 and 4 are ServerHello, Certificate and ServerHelloDone, one each.
    let [hello, certificate, done] = [1, 2, 3].map(|i| clean.records[i].clone());
    let cut = certificate.fragment.len() / 2;
    let mut records = vec![clean.records[0].clone()];
    records.push(Recorded {
        fragment: [hello.fragment, certificate.fragment[..cut].to_vec()].concat(),
        ..hello
    });
    records.push(Recorded {
        fragment: [&certificate.fragment[cut..], &done.fragment[..]].concat(),
        ..certificate
    });
    let r = recorded::transcript(&Recording { records }, None, String::new());
    let titles: Vec<String> = r.records.iter().map(|r| r.title()).collect();
    assert_eq!(
        titles,
        [
            "ClientHello",
            "ServerHello, Certificate (fragment 1 of 2)",
            "Certificate (fragment 2 of 2), ServerHelloDone",
        ]
    );
}
