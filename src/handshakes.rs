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
        ALL.iter()
            .find(|h| {
                h.protocol == s.protocol && (s.protocol != Protocol::Tls13 || h.group == s.group)
            })
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

#[cfg(test)]
mod tests {
    use super::*;

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
