//! The explanations say what the transcript shows: a fault that changed nothing says so, a
//! replayed copy is the attacker's, a state change sits on the record that caused it, the
//! renegotiation SCSV is not counted as a suite, and the error page names the failed check.

use engine::scenario::{KeyExchange, Scenario};
use engine::transcript::{Event, Party, Transcript};
use engine::{Fault, simulate};

fn run(kx: KeyExchange, ems: bool, fault: Option<Fault>) -> Transcript {
    simulate(&Scenario {
        kx,
        ems,
        fault,
        ..Scenario::default()
    })
}

#[test]
fn a_reorder_with_nothing_after_it_says_it_had_no_effect() {
    for (ems, record) in [(true, 13), (false, 9), (true, 7), (true, 10)] {
        let t = run(KeyExchange::Rsa, ems, Some(Fault::Reorder { record }));
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
    let t = run(KeyExchange::Rsa, true, Some(Fault::Reorder { record: 2 }));
    let detail = &t.records[1].fault.as_ref().unwrap().detail;
    assert!(!detail.contains("no effect"), "{detail}");
    assert!(t.outcome.alert.is_some());
}

#[test]
fn a_replayed_copy_is_the_attackers() {
    let t = run(KeyExchange::Rsa, true, Some(Fault::Replay { record: 8 }));
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
    for kx in [KeyExchange::Rsa, KeyExchange::Ecdhe] {
        let t = run(kx, true, None);
        let at = |party: Party, from: &str| {
            t.records
                .iter()
                .find(|r| {
                    r.events.iter().any(|e| {
                        matches!(e, Event::State { party: p, from: f, .. } if *p == party && f == from)
                    })
                })
                .map(|r| r.messages.join(", "))
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
    let t = run(KeyExchange::Rsa, true, None);
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
        KeyExchange::Rsa,
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
