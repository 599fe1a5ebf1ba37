//! The handshakes a student chooses between, named as a student would say them: the one place
//! the page's choices, headings and share titles take their names from.

use engine::Protocol;
use engine::scenario::{Group, Scenario};

/// One of the page's handshakes: a protocol and, for TLS 1.3, its key-exchange group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handshake {
    pub protocol: Protocol,
    /// TLS 1.3's group (TLS 1.2's ECDHE always uses X25519; the value is then unused).
    pub group: Group,
    /// "TLS 1.2 · RSA key transport".
    pub title: &'static str,
    /// Why it matters, after its suite on the line underneath.
    pub note: &'static str,
}

/// In the order a student meets them: the 2013 handshake first, today's browser last.
pub const ALL: [Handshake; 4] = [
    Handshake {
        protocol: Protocol::Rsa,
        group: Group::X25519MlKem768,
        title: "TLS 1.2 · RSA key transport",
        note: "the classic; deprecated by RFC 10015 (2026)",
    },
    Handshake {
        protocol: Protocol::Ecdhe,
        group: Group::X25519MlKem768,
        title: "TLS 1.2 · ECDHE",
        note: "X25519 key agreement, signed by the server",
    },
    Handshake {
        protocol: Protocol::Tls13,
        group: Group::X25519,
        title: "TLS 1.3 · X25519",
        note: "one round trip; the certificate travels encrypted",
    },
    Handshake {
        protocol: Protocol::Tls13,
        group: Group::X25519MlKem768,
        title: "TLS 1.3 · X25519MLKEM768",
        note: "post-quantum hybrid: what Chrome and Firefox send today",
    },
];

impl Handshake {
    /// The handshake a scenario runs.
    pub fn of(s: &Scenario) -> &'static Handshake {
        Handshake::find(s.protocol, s.group)
    }

    fn find(protocol: Protocol, group: Group) -> &'static Handshake {
        ALL.iter()
            .find(|h| h.protocol == protocol && (protocol != Protocol::Tls13 || h.group == group))
            .unwrap_or(&ALL[0])
    }

    /// The suite (and TLS 1.3 group) on the wire, as the RFCs name them.
    pub fn suite(&self) -> String {
        let suite = self.protocol.suite().suite.as_str();
        match self.protocol {
            Protocol::Tls13 => format!("{suite} · {}", self.group.named().as_str()),
            _ => suite.to_string(),
        }
    }

    /// For radio values and element ids: `rsa`, `ecdhe`, `tls13-x25519`, …
    pub fn id(&self) -> String {
        match self.protocol {
            Protocol::Tls13 => format!("tls13-{}", self.group.as_str()),
            p => p.as_str().to_string(),
        }
    }
}

/// A handshake as run: one of [`ALL`] and, in TLS 1.3, whether the server first asks for
/// another key share (HelloRetryRequest). The side-by-side view's `compare=` names one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub handshake: &'static Handshake,
    pub hrr: bool,
}

impl Choice {
    pub fn new(protocol: Protocol, group: Group, hrr: bool) -> Choice {
        Choice {
            handshake: Handshake::find(protocol, group),
            hrr: hrr && protocol == Protocol::Tls13,
        }
    }

    pub fn of(s: &Scenario) -> Choice {
        Choice::new(s.protocol, s.group, s.hrr)
    }

    /// A [`Handshake::id`] (or `tls13`: TLS 1.3 with the default group), then `-hrr` for a
    /// TLS 1.3 HelloRetryRequest: `rsa`, `tls13-x25519-hrr`.
    pub fn parse(s: &str) -> Option<Choice> {
        let (id, hrr) = s.strip_suffix(HRR).map_or((s, false), |id| (id, true));
        let handshake = match id {
            "tls13" => Handshake::find(Protocol::Tls13, Scenario::default().group),
            id => ALL.iter().find(|h| h.id() == id)?,
        };
        (!hrr || handshake.protocol == Protocol::Tls13).then_some(Choice { handshake, hrr })
    }

    /// What [`Choice::parse`] reads back.
    pub fn id(&self) -> String {
        let id = self.handshake.id();
        if self.hrr { id + HRR } else { id }
    }

    /// The names [`Choice::parse`] takes, for a notice.
    pub fn choices() -> String {
        let names: Vec<String> = ALL.iter().map(Handshake::id).collect();
        format!(
            "{}, or tls13; TLS 1.3 adds {HRR} for a HelloRetryRequest",
            names.join(", ")
        )
    }

    /// "TLS 1.3 · X25519 + HelloRetryRequest".
    pub fn title(&self) -> String {
        let title = self.handshake.title;
        if self.hrr {
            format!("{title} + HelloRetryRequest")
        } else {
            title.to_string()
        }
    }

    /// `first` run as this handshake: the same seed, certificate, request and response,
    /// and no fault (a comparison differs only in the protocol).
    pub fn scenario(&self, first: &Scenario) -> Scenario {
        Scenario {
            protocol: self.handshake.protocol,
            group: self.handshake.group,
            hrr: self.hrr,
            fault: None,
            ..first.clone()
        }
    }
}

const HRR: &str = "-hrr";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_parse_what_they_write() {
        for h in &ALL {
            for hrr in [false, true] {
                let c = Choice::new(h.protocol, h.group, hrr);
                assert_eq!(Choice::parse(&c.id()), Some(c), "{}", c.id());
                assert_eq!(c.hrr, hrr && h.protocol == Protocol::Tls13);
            }
        }
        let tls13 = Choice::parse("tls13").unwrap();
        assert_eq!(tls13.handshake.group, Scenario::default().group);
        assert_eq!(tls13.id(), "tls13-x25519mlkem768");
        for bad in ["rsa-hrr", "tls13-p256", "", "-hrr", "TLS13"] {
            assert_eq!(Choice::parse(bad), None, "{bad}");
        }
        let first = Scenario {
            fault: Some(engine::Fault::Drop { record: 2 }),
            seed: 7,
            ..Scenario::default()
        };
        let second = tls13.scenario(&first);
        assert_eq!((second.seed, second.fault), (7, None));
        assert_eq!(Choice::of(&second), tls13);
    }

    #[test]
    fn every_scenario_names_its_handshake() {
        for h in &ALL {
            let s = Scenario {
                protocol: h.protocol,
                group: h.group,
                ..Scenario::default()
            };
            assert_eq!(Handshake::of(&s), h);
        }
        // TLS 1.2's group is not part of its name.
        let s = Scenario {
            protocol: Protocol::Ecdhe,
            group: Group::X25519,
            ..Scenario::default()
        };
        assert_eq!(Handshake::of(&s).title, "TLS 1.2 · ECDHE");
        assert_eq!(ALL[3].suite(), "TLS_AES_128_GCM_SHA256 · X25519MLKEM768");
    }
}
