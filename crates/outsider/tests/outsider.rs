//! The outsider through its one entry point, as the worker runs it: encoded evidence in, an
//! encoded report out. Each experiment's verdict for each handshake, what the wire shows, and
//! that nothing but evidence gets in.

use engine::practice;
use engine::transcript::Party;
use engine::{Group, Protocol, Scenario, Transcript, simulate};
use outsider::{Evidence, LeakKind, Rendered, Report, Verdict, examine, handle};

fn run(protocol: Protocol, group: Group, hrr: bool, ems: bool) -> Transcript {
    simulate(&Scenario {
        protocol,
        group,
        hrr,
        ems,
        ..Scenario::default()
    })
}

/// The report, from the evidence as the worker decodes it; and what the page receives is its
/// rendering.
fn report(t: &Transcript, leak: Option<LeakKind>) -> Report {
    let message = Evidence::handed(t, leak).encode();
    let report = examine(&Evidence::decode(&message).expect("evidence"));
    assert_eq!(handle(&message), Ok(Rendered::of(&report)));
    report
}

const RSA: Protocol = Protocol::Rsa;
const ECDHE: Protocol = Protocol::Ecdhe;

#[test]
fn each_leak_opens_what_it_should_and_nothing_else() {
    use LeakKind::{Quantum, ServerKey};
    use Verdict::{Opened, Sealed};
    let hybrid = Group::X25519MlKem768;
    let x25519 = Group::X25519;
    for (protocol, group, hrr, ems, leak, verdict) in [
        (RSA, x25519, false, true, ServerKey, Opened),
        (RSA, x25519, false, false, ServerKey, Opened),
        (ECDHE, x25519, false, true, ServerKey, Sealed),
        (Protocol::Tls13, x25519, false, true, ServerKey, Sealed),
        (Protocol::Tls13, hybrid, false, true, ServerKey, Sealed),
        (RSA, x25519, false, true, Quantum, Opened),
        (RSA, x25519, false, false, Quantum, Opened),
        (ECDHE, x25519, false, true, Quantum, Opened),
        (Protocol::Tls13, x25519, false, true, Quantum, Opened),
        (Protocol::Tls13, hybrid, false, true, Quantum, Sealed),
        (Protocol::Tls13, x25519, true, true, Quantum, Opened),
        (Protocol::Tls13, hybrid, true, true, Quantum, Sealed),
    ] {
        let case = format!("{protocol:?} {group:?} hrr={hrr} ems={ems} {leak:?}");
        let t = run(protocol, group, hrr, ems);
        let r = report(&t, Some(leak));
        let o = r.opening.as_ref().expect("an opening");
        assert_eq!(o.verdict, verdict, "{case}: {}", o.why);
        match verdict {
            Opened => {
                assert!(
                    o.request
                        .as_deref()
                        .unwrap_or_default()
                        .starts_with("GET /"),
                    "{case}"
                );
                assert!(
                    o.response
                        .as_deref()
                        .unwrap_or_default()
                        .starts_with("HTTP/1.1 200"),
                    "{case}"
                );
                assert!(
                    r.seen
                        .iter()
                        .filter(|s| s.protected)
                        .all(|s| s.opened.is_some()),
                    "{case}"
                );
                assert!(!o.steps.is_empty(), "{case}");
            }
            _ => {
                assert_eq!(o.request, None, "{case}");
                assert!(r.seen.iter().all(|s| s.opened.is_none()), "{case}");
            }
        }
        // The side-by-side rows (the run's Glance) and the practice question about this secret
        // say what this experiment gives.
        let glance = engine::glance::Glance::of(&t);
        let (row, said, asked_at) = match leak {
            ServerKey => (
                glance.forward_secret,
                glance.after_key_theft(),
                Party::Client,
            ),
            Quantum => (glance.post_quantum, glance.after_quantum(), Party::Server),
        };
        assert_eq!(row, Some(verdict == Sealed), "{case}: the side-by-side row");
        assert_eq!(
            said.starts_with("stays secret"),
            verdict == Sealed,
            "{case}"
        );
        let question = practice::questions(&t, 1)
            .into_iter()
            .find(|q| q.kind == practice::Kind::Later && t.records[q.record - 1].from == asked_at)
            .expect("a practice question about this secret");
        assert_eq!(question.choices[question.answer], said, "{case}: practice");
        // The brief is what the lab's side-by-side row shows, from this experiment.
        assert!(
            o.brief.starts_with(match verdict {
                Opened => "opened: the eavesdropper read “GET /",
                _ => "stayed sealed: ",
            }),
            "{case}: {}",
            o.brief
        );
        assert_eq!(
            o.brief.contains("the retry to x25519"),
            leak == Quantum && hrr && group == x25519,
            "{case}"
        );
        let said = o.notes.join(" ");
        if leak == Quantum {
            assert!(
                said.contains("here the simulation gives them to the attacker"),
                "{case}"
            );
            assert!(said.contains("Authentication stays classical"), "{case}");
            assert_eq!(
                said.contains("the retry cost"),
                hrr && group == x25519,
                "{case}"
            );
        }
    }
}

#[test]
fn the_wire_shows_the_hellos_and_in_tls12_the_certificate() {
    let fact = |r: &Report, name: &str| -> Vec<String> {
        r.seen
            .iter()
            .flat_map(|s| &s.facts)
            .filter(|f| f.name == name)
            .map(|f| f.value.clone())
            .collect()
    };
    for protocol in [RSA, ECDHE, Protocol::Tls13] {
        let t = run(protocol, Group::X25519MlKem768, false, true);
        let r = report(&t, None);
        assert_eq!(r.opening, None);
        assert_eq!(r.seen.len(), t.records.len(), "{protocol:?}");
        assert_eq!(fact(&r, "server_name"), ["server.test"], "{protocol:?}");
        let certificates = fact(&r, "certificate");
        assert_eq!(
            certificates.is_empty(),
            protocol == Protocol::Tls13,
            "{protocol:?}"
        );
        for (s, w) in r.seen.iter().zip(&t.records) {
            assert_eq!(s.length, w.bytes.len());
            assert_eq!(
                s.protected,
                w.protection.is_some(),
                "{protocol:?} record {}",
                w.number
            );
            assert_eq!(s.from, w.from);
            assert_eq!(s.packet, Some(w.number));
            assert_eq!(s.flight, w.flight, "{protocol:?} record {}", w.number);
        }
    }
    let r = report(
        &run(Protocol::Tls13, Group::X25519MlKem768, false, true),
        None,
    );
    let groups = fact(&r, "groups offered");
    assert!(
        groups[0].starts_with("X25519MLKEM768 (0x11ec)"),
        "{groups:?}"
    );
}

#[test]
fn only_evidence_gets_in() {
    let t = run(Protocol::Tls13, Group::X25519, false, true);
    let good = Evidence::handed(&t, Some(LeakKind::Quantum)).encode();
    assert_eq!(
        Evidence::decode(&good),
        Ok(Evidence::handed(&t, Some(LeakKind::Quantum)))
    );
    // Anything else is refused with a reason, never a panic: cut short, extended, or noise.
    for bad in [
        &good[..good.len() - 1],
        &[good.as_slice(), &[0]].concat(),
        &[],
        &[7; 40],
    ] {
        assert!(handle(bad).is_err());
    }
    let mut x = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..2000 {
        let mut message = good.clone();
        for _ in 0..3 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let i = (x as usize) % message.len();
            message[i] ^= (x >> 32) as u8 | 1;
        }
        let _ = handle(&message);
    }
}
