//! The side-by-side view (`compare=`) without Yew: how two runs line up and what the table of
//! facts says, so both are tested natively.
//!
//! A step is a flight of both runs: the browser speaks first and the two sides take turns, so
//! flight k of one run lines up with flight k of the other, and flights 2r−1 and 2r are round
//! trip r (`WireRecord::round_trip`).

pub mod view;

use engine::glance::{Carried, Glance};
use engine::transcript::{Transcript, WireRecord};
use outsider::LeakKind;

use crate::handshakes::Choice;

/// The second run and the facts of both.
#[derive(Debug)]
pub struct Comparison {
    pub choice: Choice,
    pub transcript: Transcript,
    pub facts: Vec<Fact>,
}

impl Comparison {
    /// `second` is `first`'s scenario run as `choice`.
    pub fn new(choice: Choice, first: &Transcript, second: Transcript) -> Comparison {
        Comparison {
            choice,
            facts: facts([first, &second]),
            transcript: second,
        }
    }
}

/// The table of facts of two runs, row by row.
pub fn facts(runs: [&Transcript; 2]) -> Vec<Fact> {
    let glances = runs.map(Glance::of);
    FACTS
        .iter()
        .map(|&(label, experiment, fact)| Fact {
            label,
            experiment,
            cells: [0, 1].map(|i| fact(runs[i], &glances[i])),
        })
        .collect()
}

/// The number of steps: the longer run's flights.
pub fn steps(runs: [&Transcript; 2]) -> usize {
    runs.iter()
        .filter_map(|t| t.records.last())
        .map(|r| r.flight)
        .max()
        .unwrap_or(0)
}

/// The records of flight `k` (1-based) of a run: none once the run has ended.
pub fn flight(t: &Transcript, k: usize) -> &[WireRecord] {
    let start = t.records.partition_point(|r| r.flight < k);
    let end = t.records.partition_point(|r| r.flight <= k);
    &t.records[start..end]
}

/// One row of the table of facts: its label and what it says of each run.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub label: &'static str,
    /// The experiment that tells this row, where the lab runs it: the eavesdropper's worker
    /// opens each recording with this secret, and its outcome fills the cells. The cells
    /// say what the transcript predicts (the course page, which has no worker, shows them);
    /// the outsider's tests check that prediction and experiment agree.
    pub experiment: Option<LeakKind>,
    pub cells: [String; 2],
}

impl Fact {
    /// Where the two handshakes differ: what the student should notice first.
    pub fn differs(&self) -> bool {
        self.cells[0] != self.cells[1]
    }
}

type Reader = fn(&Transcript, &Glance) -> String;

/// The rows, each read from a run's [`Glance`], and the experiment that tells two of them.
const FACTS: [(&str, Option<LeakKind>, Reader); 9] = [
    (
        "Round trips before the browser's first application data",
        None,
        |_, g| {
            g.round_trips_before_data
                .map_or_else(|| "none: it never sent any".into(), |n| n.to_string())
        },
    ),
    ("Server name (SNI)", None, |_, g| {
        seen(&g.server_name, String::as_str)
    }),
    ("Certificate", None, |_, g| seen(&g.certificate, |_| "")),
    ("Cipher suite the server chose", None, |_, g| {
        seen(&g.cipher_suite, |s| s.as_str())
    }),
    ("Browser first has a traffic key", None, |t, g| {
        moment(t, g.client_keys_from)
    }),
    ("Server first has a traffic key", None, |t, g| {
        moment(t, g.server_keys_from)
    }),
    ("Bytes on the wire", None, |_, g| {
        format!("{} bytes", g.bytes)
    }),
    (
        "Recorded traffic, after a later theft of the server's private key",
        Some(LeakKind::ServerKey),
        |_, g| g.after_key_theft().into(),
    ),
    (
        "Recorded now, decrypted by a quantum computer later",
        Some(LeakKind::Quantum),
        |_, g| g.after_quantum().into(),
    ),
];

/// "server.test, in the clear (record 1)", "encrypted (record 8)".
fn seen<T>(c: &Option<Carried<T>>, value: fn(&T) -> &str) -> String {
    let Some(c) = c else {
        return "not sent".into();
    };
    let value = value(&c.value);
    format!(
        "{value}{}{} (record {})",
        if value.is_empty() { "" } else { ", " },
        if c.in_clear {
            "in the clear"
        } else {
            "encrypted"
        },
        c.record
    )
}

/// "round trip 1 (record 2)".
fn moment(t: &Transcript, record: Option<usize>) -> String {
    match record.and_then(|n| t.records.get(n.wrapping_sub(1))) {
        Some(r) => format!("round trip {} (record {})", r.round_trip(), r.number),
        None => "never".into(),
    }
}

#[cfg(test)]
mod tests {
    use engine::scenario::{Group, Protocol, Scenario};

    use super::*;

    fn run(protocol: Protocol, group: Group, hrr: bool) -> Transcript {
        engine::simulate(&Scenario {
            protocol,
            group,
            hrr,
            ..Scenario::default()
        })
    }

    fn compare(first: &Transcript, protocol: Protocol, group: Group, hrr: bool) -> Comparison {
        let choice = Choice::new(protocol, group, hrr);
        Comparison::new(
            choice,
            first,
            engine::simulate(&choice.scenario(&first.scenario)),
        )
    }

    #[test]
    fn steps_are_flights_of_both_runs() {
        let rsa = run(Protocol::Rsa, Group::X25519, false);
        let tls13 = run(Protocol::Tls13, Group::X25519, false);
        // TLS 1.2: 4 round trips of 2 flights; TLS 1.3: 3.
        assert_eq!(steps([&rsa, &tls13]), 8);
        assert_eq!(steps([&tls13, &tls13]), 6);
        let names = |rs: &[WireRecord]| -> Vec<String> { rs.iter().map(|r| r.title()).collect() };
        assert_eq!(names(flight(&rsa, 1)), ["ClientHello"]);
        assert_eq!(names(flight(&tls13, 1)), ["ClientHello"]);
        assert_eq!(
            names(flight(&rsa, 2)),
            ["ServerHello", "Certificate", "ServerHelloDone"]
        );
        // Step 5: TLS 1.2's request; TLS 1.3 is already closing.
        assert!(
            flight(&rsa, 5)
                .iter()
                .all(|r| r.title() == "Application Data")
        );
        assert!(flight(&tls13, 5)[0].title().contains("close_notify"));
        assert!(flight(&tls13, 7).is_empty());
        // Every record is in exactly one step.
        let all: usize = (1..=8).map(|k| flight(&rsa, k).len()).sum();
        assert_eq!(all, rsa.records.len());
    }

    #[test]
    fn facts_of_tls12_rsa_and_tls13() {
        let rsa = run(Protocol::Rsa, Group::X25519, false);
        let c = compare(&rsa, Protocol::Tls13, Group::X25519MlKem768, false);
        let row = |label: &str| c.facts.iter().find(|f| f.label.starts_with(label)).unwrap();
        assert_eq!(row("Round trips").cells, ["2", "1"]);
        let sni = row("Server name");
        assert!(!sni.differs());
        assert_eq!(sni.cells[0], "server.test, in the clear (record 1)");
        assert_eq!(
            row("Certificate").cells,
            ["in the clear (record 3)", "encrypted (record 5)"]
        );
        assert_eq!(
            row("Cipher suite").cells[1],
            "TLS_AES_128_GCM_SHA256, in the clear (record 2)"
        );
        assert_eq!(
            row("Browser first").cells,
            ["round trip 2 (record 5)", "round trip 1 (record 2)"]
        );
        let theft = row("Recorded traffic");
        assert!(theft.cells[0].starts_with("can be decrypted"));
        assert!(theft.cells[1].starts_with("stays secret"));
        let quantum = row("Recorded now, decrypted by a quantum computer");
        assert!(quantum.cells[0].starts_with("can be decrypted"));
        assert!(quantum.cells[1].starts_with("stays secret"));
        assert!(row("Bytes").differs());
        // X25519 and the hybrid differ in more than bytes.
        let x25519 = run(Protocol::Tls13, Group::X25519, false);
        let c = compare(&x25519, Protocol::Tls13, Group::X25519MlKem768, false);
        let quantum = c
            .facts
            .iter()
            .find(|f| f.label.starts_with("Recorded now"))
            .unwrap();
        assert!(quantum.differs());
    }

    #[test]
    fn a_hello_retry_request_costs_a_round_trip() {
        let tls13 = run(Protocol::Tls13, Group::X25519, false);
        let c = compare(&tls13, Protocol::Tls13, Group::X25519, true);
        assert_eq!(c.facts[0].cells, ["1", "2"]);
        // The same key exchange: forward secret in both.
        assert!(!c.facts.last().unwrap().differs());
        assert_eq!(steps([&tls13, &c.transcript]), 8);
    }
}
