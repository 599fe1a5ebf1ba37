//! Practice questions (issue 13) for every handshake, certificate and fault over many seeds:
//! one per record, never a panic, the right answer the one the transcript says, the wrong
//! ones distinct from it.

use engine::pki::CertKind;
use engine::practice::{Kind, questions};
use engine::{Fault, Group, Protocol, Scenario, Transcript, simulate};

fn runs() -> Vec<Transcript> {
    let mut out = Vec::new();
    for seed in 1..4 {
        for (protocol, group, hrr) in [
            (Protocol::Rsa, Group::X25519, false),
            (Protocol::Ecdhe, Group::X25519, false),
            (Protocol::Tls13, Group::X25519, false),
            (Protocol::Tls13, Group::X25519MlKem768, false),
            (Protocol::Tls13, Group::X25519MlKem768, true),
        ] {
            let base = Scenario {
                protocol,
                group,
                hrr,
                seed,
                ..Scenario::default()
            };
            out.push(simulate(&base));
            // The second visit, and with 0-RTT (TLS 1.3's), with and without a fault.
            for (early_data, fault) in [
                (false, None),
                (true, None),
                (true, Some(Fault::Replay { record: 3 })),
                (
                    false,
                    Some(Fault::Flip {
                        record: 2,
                        offset: 9,
                    }),
                ),
            ] {
                out.push(simulate(&Scenario {
                    resume: true,
                    early_data,
                    fault,
                    ..base.clone()
                }));
            }
            for cert in CertKind::ALL {
                out.push(simulate(&Scenario {
                    cert,
                    ..base.clone()
                }));
            }
            for record in 1..10 {
                for fault in [
                    Fault::Drop { record },
                    Fault::Flip { record, offset: 9 },
                    Fault::Reorder { record },
                    Fault::Replay { record },
                    Fault::Truncate { record, length: 7 },
                ] {
                    out.push(simulate(&Scenario {
                        fault: Some(fault),
                        ..base.clone()
                    }));
                }
            }
        }
    }
    out
}

#[test]
fn every_run_gets_a_sound_question_per_record() {
    let mut kinds = std::collections::BTreeSet::new();
    let runs = runs();
    for t in &runs {
        let qs = questions(t, t.scenario.seed);
        assert_eq!(qs.len(), t.records.len());
        assert_eq!(
            qs,
            questions(t, t.scenario.seed),
            "the same seed, the same questions"
        );
        for (q, r) in qs.iter().zip(&t.records) {
            assert_eq!(q.record, r.number);
            assert!((2..=4).contains(&q.choices.len()), "{q:?}");
            assert!(q.answer < q.choices.len());
            let mut unique = q.choices.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), q.choices.len(), "{q:?}");
            assert!(!q.prompt.is_empty() && !q.why.is_empty());
            let right = &q.choices[q.answer];
            match q.kind {
                Kind::Sender => assert_eq!(right, r.from.as_str()),
                Kind::Encrypted => {
                    assert_eq!(right, if r.protection.is_some() { "Yes" } else { "No" })
                }
                Kind::NextMessage => assert_eq!(*right, r.title()),
                Kind::Alert => {
                    let (_, alert) = t.outcome.alert.as_ref().unwrap();
                    assert!(r.fault.is_some());
                    assert_eq!(right, alert.name());
                }
                Kind::KeyExchange => {
                    assert!(r.carries(engine::msgs::enums::HandshakeType::ClientKeyExchange));
                    // The classic mistake is always offered, never right.
                    assert!(
                        q.choices
                            .iter()
                            .any(|c| c.contains("session key, encrypted"))
                    );
                    assert!(!right.contains("session key"));
                    let rsa = t.scenario.protocol == Protocol::Rsa;
                    assert_eq!(right.contains("pre-master secret, encrypted"), rsa);
                }
                Kind::Eavesdropper => match (&r.protection, t.scenario.protocol) {
                    (None, _) => assert!(right.starts_with("All of it")),
                    (Some(_), Protocol::Tls13) => assert!(right.starts_with("Only its length")),
                    (Some(_), _) => assert!(right.starts_with("Its content type and length")),
                },
                Kind::Later => {
                    // Asked at each side's first application data: the request (a stolen
                    // server key), the response (a quantum computer).
                    let first = t.records.iter().find(|x| {
                        x.from == r.from
                            && x.kind == engine::msgs::enums::ContentType::ApplicationData
                    });
                    assert_eq!(first.map(|x| x.number), Some(r.number));
                    let (rsa, hybrid) = (
                        t.scenario.protocol == Protocol::Rsa,
                        t.scenario.protocol == Protocol::Tls13
                            && t.scenario.group == Group::X25519MlKem768,
                    );
                    let opens = right.starts_with("can be decrypted");
                    match r.from {
                        engine::transcript::Party::Client => assert_eq!(opens, rsa, "{q:?}"),
                        engine::transcript::Party::Server => assert_eq!(opens, !hybrid, "{q:?}"),
                    }
                }
                Kind::Resumption => {
                    let first = t.first_visit.as_deref().expect("a resumed run");
                    assert!(
                        !t.records
                            .iter()
                            .any(|x| x.carries(engine::msgs::enums::HandshakeType::Certificate)),
                        "asked of a run that did not resume: {q:?}"
                    );
                    assert!(first.outcome.exchange_complete);
                    if q.prompt.contains("leave out") {
                        assert!(right.contains("Certificate"), "{q:?}");
                    }
                    if q.prompt.contains("sends it again") {
                        let replay = t.replay.as_ref().unwrap();
                        assert_eq!(replay.single_use.is_some(), right.contains("second time"));
                    }
                }
                Kind::WhoKnows => {
                    // A secret computed by the endpoints is never the recorder's.
                    assert!(!right.contains("recording"), "{q:?}");
                }
            }
            kinds.insert(format!("{:?}", q.kind));
        }
    }
    assert_eq!(
        kinds.len(),
        9,
        "every kind of question is asked somewhere: {kinds:?}"
    );
    eprintln!("{} runs, every question sound", runs.len());
}

#[test]
fn another_seed_moves_the_right_answers() {
    let t = simulate(&Scenario::default());
    let a: Vec<usize> = questions(&t, 1).iter().map(|q| q.answer).collect();
    let b: Vec<usize> = questions(&t, 2).iter().map(|q| q.answer).collect();
    assert_ne!(a, b);
}

/// Issue 29: with RSA key transport all the keying material crosses the wire once,
/// encrypted; the answer says so (it said "No key is ever sent"), and the pre-master secret is
/// 2 version bytes and 46 random ones, not 48 random bytes.
#[test]
fn the_key_exchange_answer_says_what_crosses_the_wire() {
    let t = simulate(&Scenario::default());
    let q = questions(&t, 1)
        .into_iter()
        .find(|q| q.kind == Kind::KeyExchange)
        .expect("a key exchange question");
    assert!(
        q.why.contains("46 random") && q.why.contains("crosses once"),
        "{}",
        q.why
    );
    assert!(!q.why.contains("No key is ever sent"), "{}", q.why);
}
