//! A run at a glance: what the page's side-by-side view compares between two handshakes,
//! read from the transcript alone — how many round trips before the browser's first
//! application data, what an eavesdropper reads in the clear, when each side first has a
//! traffic key, the bytes on the wire, and whether the key exchange is forward secret.

use serde::Serialize;

use crate::codec::Reader;
use crate::msgs::enums::{CipherSuite, ContentType, ExtensionType};
use crate::msgs::extensions;
use crate::msgs::handshake::Handshake;
use crate::msgs::suites::Suite;
use crate::transcript::{Party, Transcript, WireRecord};

/// The facts of one run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Glance {
    /// Round trips on the wire, closure alerts included.
    pub round_trips: usize,
    /// Round trips completed before the browser sends its first application data (`None`: it
    /// never sent any).
    pub round_trips_before_data: Option<usize>,
    /// ClientHello's server_name (RFC 6066 §3).
    pub server_name: Option<Carried<String>>,
    /// The server's Certificate message.
    pub certificate: Option<Carried<()>>,
    /// The cipher suite the server chose, in ServerHello.
    pub cipher_suite: Option<Carried<CipherSuite>>,
    /// The record from which the browser knows a key that protects records.
    pub client_keys_from: Option<usize>,
    /// The record from which the server does.
    pub server_keys_from: Option<usize>,
    /// Every record's bytes, headers included.
    pub bytes: usize,
    /// Whether recorded traffic stays secret after a later theft of the server's private key
    /// (from the chosen suite; `None` before a ServerHello).
    pub forward_secret: Option<bool>,
    /// Whether recorded traffic stays secret from a future quantum computer: the key exchange
    /// ServerHello settled on is X25519MLKEM768 (`None` before a ServerHello).
    pub post_quantum: Option<bool>,
}

/// A value and the record that carried it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Carried<T> {
    /// The record's number on the wire, from 1.
    pub record: usize,
    /// False when the record was encrypted.
    pub in_clear: bool,
    /// What the record carried.
    pub value: T,
}

impl<T> Carried<T> {
    fn by(r: &WireRecord, value: T) -> Carried<T> {
        Carried {
            record: r.number,
            in_clear: r.protection.is_none(),
            value,
        }
    }
}

/// What becomes of a recording when a secret is handed over later: the side-by-side view's
/// experiment rows and the practice questions about them say it in these words.
pub mod later {
    /// RSA key transport, after a theft of the server's key.
    pub const KEY_OPENS: &str =
        "can be decrypted: the stolen key opens the recorded pre-master secret";
    /// Any ephemeral key exchange, after a theft of the server's key.
    pub const KEY_SEALED: &str = "stays secret: the key exchange was ephemeral (forward secrecy)";
    /// RSA and X25519, against a quantum computer.
    pub const SHOR_OPENS: &str = "can be decrypted: Shor's algorithm recovers the private keys";
    /// X25519MLKEM768, against a quantum computer.
    pub const SHOR_SEALED: &str = "stays secret: ML-KEM resists Shor's algorithm";
    /// A run that ended before ServerHello.
    pub const NOTHING: &str = "no key exchange took place";
}

impl Glance {
    /// What a later theft of the server's private key does to the recording.
    pub fn after_key_theft(&self) -> &'static str {
        match self.forward_secret {
            Some(true) => later::KEY_SEALED,
            Some(false) => later::KEY_OPENS,
            None => later::NOTHING,
        }
    }

    /// What a future quantum computer does to the recording.
    pub fn after_quantum(&self) -> &'static str {
        match self.post_quantum {
            Some(true) => later::SHOR_SEALED,
            Some(false) => later::SHOR_OPENS,
            None => later::NOTHING,
        }
    }

    /// Reads the facts of one run from its transcript.
    pub fn of(t: &Transcript) -> Glance {
        let mut g = Glance {
            round_trips: t.records.last().map_or(0, WireRecord::round_trip),
            round_trips_before_data: t
                .records
                .iter()
                .find(|r| r.from == Party::Client && r.kind == ContentType::ApplicationData)
                .map(|r| r.round_trip() - 1),
            server_name: None,
            certificate: None,
            cipher_suite: None,
            client_keys_from: None,
            server_keys_from: None,
            bytes: t.records.iter().map(|r| r.bytes.len()).sum(),
            forward_secret: None,
            post_quantum: None,
        };
        let suite = Some(t.scenario.protocol.suite());
        for r in &t.records {
            let (kind, body) = match &r.protection {
                Some(p) => (r.kind, p.content()),
                None => (r.content_type, r.bytes.get(5..).unwrap_or_default()),
            };
            if kind != ContentType::Handshake {
                continue;
            }
            let mut reader = Reader::new(body);
            while reader.remaining() > 0 {
                let Ok(m) = Handshake::read(&mut reader, suite) else {
                    break;
                };
                match m {
                    Handshake::ClientHello(ch) if g.server_name.is_none() => {
                        g.server_name = ch.server_name().map(|host| Carried::by(r, host));
                    }
                    Handshake::ServerHello(sh) => {
                        g.cipher_suite
                            .get_or_insert_with(|| Carried::by(r, sh.cipher_suite));
                        // The ServerHello after a HelloRetryRequest settles the group.
                        if !sh.is_hello_retry_request() {
                            let group = extensions::find(&sh.extensions, ExtensionType::KeyShare)
                                .and_then(|e| extensions::key_share_server(&e.body).ok())
                                .map(|k| k.group);
                            g.post_quantum =
                                Some(group == Some(crate::msgs::enums::NamedGroup::X25519MLKEM768));
                        }
                    }
                    Handshake::Certificate(_) | Handshake::Certificate13(_)
                        if g.certificate.is_none() && r.from == Party::Server =>
                    {
                        g.certificate = Some(Carried::by(r, ()));
                    }
                    _ => {}
                }
            }
        }
        g.forward_secret = g
            .cipher_suite
            .as_ref()
            .and_then(|c| Suite::find(c.value))
            .map(Suite::forward_secret);
        let traffic_keys = || {
            t.derivations
                .iter()
                .filter(|d| d.id.copy_at.is_none() && d.id.secret.is_traffic_key())
        };
        g.client_keys_from = traffic_keys().filter_map(|d| d.client_knows_from).min();
        g.server_keys_from = traffic_keys().filter_map(|d| d.server_knows_from).min();
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Group, Protocol, Scenario};
    use crate::simulate;

    fn run(protocol: Protocol, group: Group, hrr: bool) -> Transcript {
        simulate(&Scenario {
            protocol,
            group,
            hrr,
            ..Scenario::default()
        })
    }

    /// TLS 1.2 sends application data after two round trips, TLS 1.3 after one, and a
    /// HelloRetryRequest costs TLS 1.3 another.
    #[test]
    fn round_trips_before_application_data() {
        for (protocol, group, hrr, before, total) in [
            (Protocol::Rsa, Group::X25519, false, 2, 4),
            (Protocol::Ecdhe, Group::X25519, false, 2, 4),
            (Protocol::Tls13, Group::X25519, false, 1, 3),
            (Protocol::Tls13, Group::X25519MlKem768, false, 1, 3),
            (Protocol::Tls13, Group::X25519, true, 2, 4),
            (Protocol::Tls13, Group::X25519MlKem768, true, 2, 4),
        ] {
            let t = run(protocol, group, hrr);
            // Round trips are pairs of flights, the browser's first: odd flights are its.
            for r in &t.records {
                assert_eq!(r.from == Party::Client, r.flight % 2 == 1, "{protocol:?}");
            }
            let g = Glance::of(&t);
            assert_eq!(
                (g.round_trips_before_data, g.round_trips),
                (Some(before), total),
                "{protocol:?} {group:?} hrr={hrr}"
            );
        }
    }

    #[test]
    fn what_travels_in_the_clear() {
        let rsa = Glance::of(&run(Protocol::Rsa, Group::X25519, false));
        let tls13 = Glance::of(&run(Protocol::Tls13, Group::X25519, false));
        for g in [&rsa, &tls13] {
            let sni = g.server_name.as_ref().unwrap();
            assert_eq!((sni.record, sni.in_clear), (1, true));
            assert_eq!(sni.value, crate::scenario::DEFAULT_SERVER_NAME);
            let suite = g.cipher_suite.as_ref().unwrap();
            assert_eq!((suite.record, suite.in_clear), (2, true));
        }
        assert_eq!(
            rsa.cipher_suite.unwrap().value,
            CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256
        );
        assert_eq!(
            tls13.cipher_suite.unwrap().value,
            CipherSuite::TLS_AES_128_GCM_SHA256
        );
        // TLS 1.2's Certificate is plaintext; TLS 1.3 encrypts it under the handshake keys.
        let (c12, c13) = (rsa.certificate.unwrap(), tls13.certificate.unwrap());
        assert!(c12.in_clear && !c13.in_clear);
        assert_eq!(c12.record, 3);
    }

    /// RSA key transport: the browser has keys once it has encrypted the pre-master secret
    /// (round trip 2), the server once it has received it. TLS 1.3: the browser from
    /// ServerHello, within the first round trip.
    #[test]
    fn when_each_side_has_keys() {
        let rsa = Glance::of(&run(Protocol::Rsa, Group::X25519, false));
        assert_eq!(
            (rsa.client_keys_from, rsa.server_keys_from),
            (Some(5), Some(5))
        );
        for group in Group::ALL {
            let t = run(Protocol::Tls13, group, false);
            let g = Glance::of(&t);
            let first = |k: Option<usize>| t.records[k.unwrap() - 1].round_trip();
            assert_eq!(g.client_keys_from, Some(2), "{group:?}");
            assert_eq!(
                (first(g.client_keys_from), first(g.server_keys_from)),
                (1, 1)
            );
        }
    }

    #[test]
    fn bytes_and_forward_secrecy() {
        let glances: Vec<Glance> = [
            (Protocol::Rsa, Group::X25519),
            (Protocol::Ecdhe, Group::X25519),
            (Protocol::Tls13, Group::X25519),
            (Protocol::Tls13, Group::X25519MlKem768),
        ]
        .into_iter()
        .map(|(p, g)| Glance::of(&run(p, g, false)))
        .collect();
        let fs: Vec<Option<bool>> = glances.iter().map(|g| g.forward_secret).collect();
        assert_eq!(fs, [Some(false), Some(true), Some(true), Some(true)]);
        let pq: Vec<Option<bool>> = glances.iter().map(|g| g.post_quantum).collect();
        assert_eq!(pq, [Some(false), Some(false), Some(false), Some(true)]);
        // A HelloRetryRequest from the hybrid to X25519 gives the protection up.
        let retried = Glance::of(&run(Protocol::Tls13, Group::X25519, true));
        assert_eq!(retried.post_quantum, Some(false));
        // The hybrid's ML-KEM encapsulation key and ciphertext: 1,184 + 1,088 bytes more.
        assert_eq!(glances[3].bytes - glances[2].bytes, 1184 + 1088);
        let t = run(Protocol::Rsa, Group::X25519, false);
        assert_eq!(
            Glance::of(&t).bytes,
            t.records.iter().map(|r| r.bytes.len()).sum::<usize>()
        );
    }

    /// A failed handshake: no application data, and what was sent is still reported.
    #[test]
    fn a_failed_run() {
        let t = simulate(&Scenario {
            cert: crate::pki::CertKind::Expired,
            ..Scenario::default()
        });
        let g = Glance::of(&t);
        assert_eq!(g.round_trips_before_data, None);
        assert!(g.certificate.unwrap().in_clear);
    }
}
