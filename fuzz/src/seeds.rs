//! Seed inputs for each target, from the project's own runs: every record of every suite,
//! fault and certificate scenario, their handshake messages, certificates, exports and key
//! logs, and page URLs. `examples/seed_corpus.rs` writes them for libFuzzer; the replay test
//! runs them through the harnesses too.

use engine::export::{key_log, pcap};
use engine::msgs::enums::ContentType;
use engine::pki::{self, CertKind};
use engine::transcript::{Party, Transcript};
use engine::{Fault, Group, Protocol, Scenario, simulate};

use crate::{endpoints, structured};

/// Runs covering each protocol and group, HelloRetryRequest, EMS off, each certificate
/// scenario and a fault of each kind.
fn runs() -> Vec<Transcript> {
    let mut scenarios = Vec::new();
    for protocol in Protocol::ALL {
        for group in Group::ALL {
            scenarios.push(Scenario {
                protocol: *protocol,
                group,
                ..Scenario::default()
            });
        }
        scenarios.push(Scenario {
            protocol: *protocol,
            hrr: true,
            ems: false,
            ..Scenario::default()
        });
        for cert in CertKind::ALL {
            scenarios.push(Scenario {
                protocol: *protocol,
                cert,
                ..Scenario::default()
            });
        }
        for fault in [
            "drop:5",
            "flip:6:20",
            "reorder:3",
            "replay:7",
            "truncate:4:9",
        ] {
            let fault = Fault::parse(fault).ok();
            scenarios.push(Scenario {
                protocol: *protocol,
                fault,
                ..Scenario::default()
            });
        }
    }
    scenarios.iter().map(simulate).collect()
}

/// The seeds of target `name`.
pub fn seeds(name: &str) -> Vec<Vec<u8>> {
    match name {
        "server" | "client" => endpoints::seeds(name == "server"),
        "client_hello" | "server_hello" => structured::seeds(),
        "messages" => runs()
            .iter()
            .flat_map(|t| {
                t.records
                    .iter()
                    .filter(|r| r.kind == ContentType::Handshake)
                    .map(|r| {
                        let plaintext =
                            r.protection.as_ref().map_or(&r.bytes[5..], |p| p.content());
                        [&[selector(t)][..], plaintext].concat()
                    })
            })
            .collect(),
        "records" => runs()
            .iter()
            .flat_map(|t| {
                let s = selector(t) << 1;
                t.records
                    .iter()
                    .map(move |r| [&[s | u8::from(r.protection.is_some())][..], &r.bytes].concat())
            })
            .collect(),
        "x509" => {
            let ca = pki::trust_anchors().remove(0);
            CertKind::ALL
                .iter()
                .flat_map(|kind| pki::identity(*kind).chain)
                .map(|leaf| {
                    let len = u16::try_from(leaf.len()).unwrap_or(u16::MAX).to_be_bytes();
                    [&len[..], &leaf, &ca].concat()
                })
                .chain([pki::key_pem(CertKind::Valid).as_bytes().to_vec()])
                .collect()
        }
        "capture" => runs().iter().take(12).map(|t| pcap(t).0).collect(),
        "keylog" => runs()
            .iter()
            .take(12)
            .map(|t| key_log(t).into_bytes())
            .collect(),
        "decrypt" => runs()
            .iter()
            .take(12)
            .map(|t| {
                t.records
                    .iter()
                    .filter(|r| r.delivered)
                    .flat_map(|r| {
                        let from = u8::from(r.from == Party::Server);
                        [&[from][..], &r.bytes].concat()
                    })
                    .collect()
            })
            .collect(),
        "url" => [
            "",
            "?suite=rsa&seed=7&step=4",
            "suite=tls13&group=x25519mlkem768&hrr=1&step=9",
            "suite=ecdhe&ems=0&fault=flip:6:20&cert=expired",
            "suite=rsa&compare=tls13-hrr&embed=1&panels=sequence,keys&theme=dark",
            "step=999&seed=-1&suite=nope&group=x25519",
        ]
        .iter()
        .map(|q| q.as_bytes().to_vec())
        .collect(),
        "lesson" => tls_lab_web::lesson::TEXTS
            .iter()
            .map(|t| t.to_string())
            .chain([
                "# Broken\n\n## ?suite=rsa\n- an answer first\n".into(),
                "# Values\n\n## ?suite=tls13&step=2\n{server_key_share} and {no such\n".into(),
                "no title\n".into(),
            ])
            .map(String::into_bytes)
            .collect(),
        _ => Vec::new(),
    }
}

/// The `suite_from` selector of a run's negotiated suite (0: none).
fn selector(t: &Transcript) -> u8 {
    let suite = t.scenario.protocol.suite();
    engine::msgs::suites::SUITES
        .iter()
        .position(|s| std::ptr::eq(*s, suite))
        .map_or(0, |i| i as u8 + 1)
}
