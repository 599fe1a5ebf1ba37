//! The browser's two visits (`resume=1`, issue 32) without Yew: the first visit (a full
//! handshake that leaves a session) against the second (the run shown, which resumes it),
//! what the second leaves out, the values it carries over, and with 0-RTT what a replay of
//! its first flight did. Everything is read from the two transcripts; tested natively.

pub mod view;

use engine::crypto::secrets::Secret;
use engine::msgs::enums::{ContentType, HandshakeType};
use engine::transcript::{Derivation, Label, Party, Transcript, WireRecord};

use crate::compare::{self, Fact};

/// The first visit and the second, as the page compares them.
pub struct Visits<'a> {
    pub first: &'a Transcript,
    pub second: &'a Transcript,
}

/// A value the second visit has from the first, as each side of the page shows it.
#[derive(Debug, PartialEq)]
pub struct Carried<'a> {
    /// As the first visit made it.
    pub before: &'a Derivation,
    /// As the second visit uses it (TLS 1.3: the PSK the ticket stands for; TLS 1.2: the
    /// master secret itself).
    pub after: &'a Derivation,
}

impl Carried<'_> {
    /// The second visit holds the very bytes the first made.
    pub fn same(&self) -> bool {
        self.before.value == self.after.value
    }
}

impl<'a> Visits<'a> {
    /// The two visits of a resumption run, if `second` is one.
    pub fn of(second: &'a Transcript) -> Option<Visits<'a>> {
        Some(Visits {
            first: second.first_visit.as_deref()?,
            second,
        })
    }

    /// Whether the second visit really resumed: its server sent no certificate. (A fault
    /// can make the server refuse the session: then it is a full handshake after all.)
    pub fn resumed(&self) -> bool {
        let sent_certificate = self
            .second
            .records
            .iter()
            .any(|r| r.from == Party::Server && r.carries(HandshakeType::Certificate));
        !sent_certificate && self.second.outcome.handshake_complete
    }

    /// The facts of both: the side-by-side view's rows that a transcript tells (not the
    /// outsider's experiments, which would read the second visit without the first), then
    /// the ones resumption changes.
    pub fn facts(&self) -> Vec<Fact> {
        let runs = [self.first, self.second];
        let mut facts: Vec<Fact> = compare::facts(runs)
            .into_iter()
            .filter(|f| f.experiment.is_none())
            .collect();
        let row = |label: &'static str, read: fn(&Transcript) -> String| Fact {
            label,
            experiment: None,
            cells: runs.map(read),
        };
        facts.extend([
            row("Records on the wire", |t| t.records.len().to_string()),
            row("The server's signature", signature),
            row("A fresh key exchange", key_exchange),
            row("The session", session),
            row("The browser's request", request),
        ]);
        facts
    }

    /// The first visit's messages that the second does not send, in the first's order.
    pub fn left_out(&self) -> Vec<String> {
        let now = self.second.contents();
        self.first
            .contents()
            .into_iter()
            .filter(|c| !now.contains(c))
            .map(|c| Label::new(c).to_string())
            .collect()
    }

    /// The second visit's messages that the first did not send (EndOfEarlyData).
    pub fn added(&self) -> Vec<String> {
        let before = self.first.contents();
        self.second
            .contents()
            .into_iter()
            .filter(|c| !before.contains(c))
            .map(|c| Label::new(c).to_string())
            .collect()
    }

    /// What crosses from the first visit to the second: TLS 1.3's ticket PSK, TLS 1.2's
    /// master secret.
    pub fn carried(&self) -> Option<Carried<'a>> {
        let (before, after) = if self.tls13() {
            (Secret::TicketPsk, Secret::Psk)
        } else {
            (Secret::MasterSecret, Secret::MasterSecret)
        };
        Some(Carried {
            before: derivation(self.first, before)?,
            after: derivation(self.second, after)?,
        })
    }

    /// The second visit's values made from what it carried over, in the order they came to
    /// exist: TLS 1.3's Early Secret, binder and 0-RTT keys.
    pub fn made_from_it(&self) -> Vec<&'a Derivation> {
        const FROM_PSK: [Secret; 6] = [
            Secret::EarlySecret,
            Secret::BinderKey,
            Secret::PskBinder,
            Secret::ClientEarlyTrafficSecret,
            Secret::ClientEarlyKey,
            Secret::ClientEarlyIv,
        ];
        if !self.tls13() {
            return Vec::new();
        }
        FROM_PSK
            .into_iter()
            .filter_map(|s| derivation(self.second, s))
            .collect()
    }

    /// The second visit's 0-RTT records: the browser's application data before the
    /// server's first answer.
    pub fn early_records(&self) -> Vec<&'a WireRecord> {
        self.second
            .records
            .iter()
            .take_while(|r| r.from == Party::Client)
            .filter(|r| early(r))
            .collect()
    }

    fn tls13(&self) -> bool {
        self.second.scenario.protocol == engine::Protocol::Tls13
    }
}

fn derivation(t: &Transcript, s: Secret) -> Option<&Derivation> {
    t.derivations
        .iter()
        .find(|d| d.id == s.into() && d.id.copy_at.is_none())
}

/// Sealed with the 0-RTT key.
fn early(r: &WireRecord) -> bool {
    r.kind == ContentType::ApplicationData
        && r.protection.as_ref().map(|p| p.key) == Some(Secret::ClientEarlyKey)
}

/// The first record from `from` that carries `what`.
fn find(t: &Transcript, from: Party, what: HandshakeType) -> Option<&WireRecord> {
    t.records.iter().find(|r| r.from == from && r.carries(what))
}

fn signature(t: &Transcript) -> String {
    let signed = [
        HandshakeType::CertificateVerify,
        HandshakeType::ServerKeyExchange,
    ];
    signed
        .into_iter()
        .find_map(|m| {
            find(t, Party::Server, m).map(|r| format!("{} (record {})", m.as_str(), r.number))
        })
        .unwrap_or_else(|| {
            match find(t, Party::Server, HandshakeType::Certificate) {
                // RSA key transport: the server proves its key by decrypting, not by signing.
                Some(_) => "none: it proves its key by decrypting the pre-master secret",
                None => "none: only the server that made the session knows its secret",
            }
            .into()
        })
}

fn key_exchange(t: &Transcript) -> String {
    let tls13 = t.scenario.protocol == engine::Protocol::Tls13;
    if tls13 {
        return format!(
            "{} shares (forward secret)",
            t.scenario.group.named().as_str()
        );
    }
    match find(t, Party::Client, HandshakeType::ClientKeyExchange) {
        Some(r) if t.scenario.protocol == engine::Protocol::Rsa => {
            format!("RSA key transport (record {})", r.number)
        }
        Some(r) => format!("ECDHE, X25519 (record {})", r.number),
        None => "none: the first visit's master secret again".into(),
    }
}

fn session(t: &Transcript) -> String {
    if let Some(first) = t.first_visit.as_deref() {
        let offered = if t.scenario.protocol == engine::Protocol::Tls13 {
            "the ticket, in pre_shared_key"
        } else if find(first, Party::Server, HandshakeType::NewSessionTicket).is_some() {
            "the session ticket, in session_ticket (RFC 5077)"
        } else {
            "the session ID"
        };
        return format!("offered in the ClientHello (record 1): {offered}");
    }
    match find(t, Party::Server, HandshakeType::NewSessionTicket) {
        Some(r) => format!("left for later: NewSessionTicket (record {})", r.number),
        None => "left for later: the ServerHello's session ID".into(),
    }
}

fn request(t: &Transcript) -> String {
    let sent = t
        .records
        .iter()
        .find(|r| r.from == Party::Client && r.kind == ContentType::ApplicationData);
    match sent {
        Some(r) if early(r) => format!("with the ClientHello, as 0-RTT data (record {})", r.number),
        Some(r) => format!(
            "after the handshake, round trip {} (record {})",
            r.round_trip(),
            r.number
        ),
        None => "never sent".into(),
    }
}

#[cfg(test)]
mod tests {
    use engine::scenario::{Protocol, Scenario};

    use super::*;

    fn second(protocol: Protocol, early_data: bool) -> Transcript {
        engine::simulate(&Scenario {
            protocol,
            resume: true,
            early_data,
            ..Scenario::default()
        })
    }

    fn cells<'a>(facts: &'a [Fact], label: &str) -> &'a [String; 2] {
        &facts
            .iter()
            .find(|f| f.label.starts_with(label))
            .unwrap()
            .cells
    }

    #[test]
    fn tls13_leaves_out_the_certificate_and_carries_the_psk() {
        let t = second(Protocol::Tls13, false);
        let v = Visits::of(&t).unwrap();
        assert!(v.resumed());
        assert_eq!(v.left_out(), ["Certificate", "CertificateVerify"]);
        let carried = v.carried().unwrap();
        assert!(carried.same(), "the PSK is the ticket's");
        let made: Vec<&str> = v.made_from_it().iter().map(|d| d.name.as_str()).collect();
        assert!(made.contains(&"binder_key"), "{made:?}");
        let facts = v.facts();
        assert_eq!(cells(&facts, "Round trips").as_slice(), ["1", "1"]);
        let sig = cells(&facts, "The server's signature");
        assert!(sig[0].starts_with("CertificateVerify"), "{sig:?}");
        assert!(sig[1].starts_with("none"), "{sig:?}");
        let bytes = cells(&facts, "Bytes");
        let n = |s: &str| s.split(' ').next().unwrap().parse::<usize>().unwrap();
        // The certificate chain and the signature stay home (the hybrid's shares do not).
        assert!(n(&bytes[0]) > n(&bytes[1]) + 1000, "{bytes:?}");
        assert!(cells(&facts, "The session")[0].contains("NewSessionTicket"));
        assert!(facts.iter().all(|f| f.experiment.is_none()));
        assert!(v.early_records().is_empty());
    }

    #[test]
    fn zero_rtt_sends_the_request_in_round_trip_zero() {
        let t = second(Protocol::Tls13, true);
        let v = Visits::of(&t).unwrap();
        assert_eq!(v.added(), ["EndOfEarlyData"]);
        let facts = v.facts();
        assert_eq!(cells(&facts, "Round trips").as_slice(), ["1", "0"]);
        assert!(cells(&facts, "The browser's request")[1].contains("0-RTT data (record 3)"));
        assert_eq!(v.early_records().len(), 1);
        let made: Vec<&str> = v.made_from_it().iter().map(|d| d.name.as_str()).collect();
        assert!(made.contains(&"client_early_traffic_secret"), "{made:?}");
    }

    #[test]
    fn tls12_reuses_the_master_secret_without_a_key_exchange() {
        for protocol in [Protocol::Rsa, Protocol::Ecdhe] {
            let t = second(protocol, false);
            let v = Visits::of(&t).unwrap();
            assert!(v.resumed());
            let left = v.left_out();
            assert!(left.contains(&"Certificate".to_string()), "{left:?}");
            assert!(left.contains(&"ClientKeyExchange".to_string()), "{left:?}");
            assert!(v.carried().unwrap().same());
            assert!(v.made_from_it().is_empty());
            let facts = v.facts();
            assert!(cells(&facts, "A fresh key exchange")[1].starts_with("none"));
            // The abbreviated handshake: the server finishes first, one round trip sooner.
            assert_eq!(cells(&facts, "Round trips").as_slice(), ["2", "1"]);
        }
    }

    #[test]
    fn a_first_visit_is_no_pair() {
        assert!(Visits::of(&engine::simulate(&Scenario::default())).is_none());
    }
}
