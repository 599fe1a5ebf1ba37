//! The active attacker on the path (issue 33): what the page says of it. Every build asks
//! who sent a record ([`direction`], [`poses_as_server`]: without an attacker, the browser
//! and the server); the rest is the lab's attacker build's (feature `attack`): the panel's
//! facts read from `Transcript::attacker` ([`Facts`]) and the panel itself (`view.rs`).

use engine::transcript::{Transcript, WireRecord};

#[cfg(feature = "attack")]
pub mod view;

#[cfg(feature = "attack")]
use engine::attack::{Attack, Attacker, Connection, Stance};
#[cfg(feature = "attack")]
use engine::transcript::Party;

/// Whether the browser's "server" is the attacker: it terminates the browser's connection.
pub fn poses_as_server(t: &Transcript) -> bool {
    #[cfg(feature = "attack")]
    return t
        .attacker
        .as_ref()
        .is_some_and(|a| a.stance == Stance::Terminates);
    #[cfg(not(feature = "attack"))]
    {
        let _ = t;
        false
    }
}

/// "Browser → Server", or with an attacker "Attacker → Browser" (it terminates the
/// connection) or "Browser → Server, through the attacker" (it relays it).
pub fn direction(t: &Transcript, r: &WireRecord) -> String {
    let server = if poses_as_server(t) {
        "Attacker"
    } else {
        "Server"
    };
    let (from, to) = match r.from {
        engine::transcript::Party::Client => ("Browser", server),
        engine::transcript::Party::Server => (server, "Browser"),
    };
    #[cfg(feature = "attack")]
    if t.attacker
        .as_ref()
        .is_some_and(|a| a.stance == Stance::Relays)
    {
        return format!("{from} → {to}, through the attacker");
    }
    format!("{from} → {to}")
}

/// What the attacker did to record `r` of the browser's connection, for its explanation: it
/// changed it on the way, or (terminating) sent it posing as the server.
#[cfg(feature = "attack")]
pub fn note(t: &Transcript, r: &WireRecord) -> Option<String> {
    let a = t.attacker.as_ref()?;
    if let Some(e) = a.edits.iter().find(|e| e.record == r.number) {
        return Some(format!(
            "The attacker changed this record on its way: it {}.",
            e.change
        ));
    }
    (a.stance == Stance::Terminates && r.from == Party::Server).then(|| {
        format!(
            "Sent by the attacker, posing as {}: its endpoint made this record, and the browser cannot tell until a check fails.",
            t.scenario.server_name
        )
    })
}

/// The attacker build's menu label of an attack, and of no attack.
#[cfg(feature = "attack")]
pub fn label(attack: Option<Attack>) -> &'static str {
    match attack {
        None => "nobody: the browser talks to the server",
        Some(Attack::RelayCert) => "relays the server's certificate, with its own key",
        Some(Attack::OwnCert) => "presents its own certificate (Mallory Root CA)",
        Some(Attack::TrustedCa) => "its own certificate, and the browser trusts Mallory Root CA",
        Some(Attack::Downgrade) => "strips the browser's strongest offer (downgrade)",
    }
}

/// The lesson's line on an attack: what it teaches about authentication.
#[cfg(feature = "attack")]
pub fn teaches(attack: Attack) -> &'static str {
    match attack {
        Attack::RelayCert => {
            "A certificate proves nothing on its own: it is public. The signature over this handshake proves the server holds the certificate's key."
        }
        Attack::OwnCert => {
            "The attacker's own certificate carries a key it holds, but no root in the browser's store issued it."
        }
        Attack::TrustedCa => {
            "Unless the trust store holds the attacker's root: then every check passes and everything is readable."
        }
        Attack::Downgrade => {
            "Nor can it make the two ends settle for less: the server's signature and both Finished messages cover the hellos."
        }
    }
}

/// The panel's facts about the attacker of a run, from its transcript.
#[cfg(feature = "attack")]
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    pub attack: Attack,
    pub stance: Stance,
    /// Who stopped it with which alert, or `None`: it got through.
    pub stopped: Option<(Party, &'static str)>,
    pub verdict: String,
    /// What it read: who wrote it, the record (connection, number) and the text.
    pub read: Vec<(Party, Connection, usize, String)>,
    /// The records it changed and how.
    pub edits: Vec<(usize, String)>,
    /// The secret values it holds of the browser's connection (as its server): each name and
    /// the record of that connection from which it holds it.
    pub browser_side: Vec<(String, Option<usize>)>,
    /// Of its own connection to the server (as its client).
    pub server_side: Vec<(String, Option<usize>)>,
    /// A value outside both key schedules: a relaying attacker's own key.
    pub own: Vec<String>,
}

#[cfg(feature = "attack")]
impl Facts {
    pub fn of(t: &Transcript) -> Option<Facts> {
        let a: &Attacker = t.attacker.as_deref()?;
        let held = |c: Connection| {
            let transcript = match c {
                Connection::Browser => Some(t),
                Connection::Server => a.server_connection.as_deref(),
            };
            a.keys
                .iter()
                .filter(|k| k.connection == c)
                .filter_map(|k| {
                    let d = transcript?.derivations.get(k.derivation?)?;
                    let from = match c {
                        Connection::Browser => d.server_knows_from,
                        Connection::Server => d.client_knows_from,
                    };
                    Some((k.name.clone(), from))
                })
                .collect::<Vec<_>>()
        };
        Some(Facts {
            attack: a.attack,
            stance: a.stance,
            stopped: t
                .outcome
                .alert
                .as_ref()
                .map(|(p, alert)| (*p, alert.description.as_str())),
            verdict: a.verdict.clone(),
            read: a
                .read
                .iter()
                .map(|r| (r.from, r.hop.connection, r.hop.record, r.text.clone()))
                .collect(),
            edits: a
                .edits
                .iter()
                .map(|e| (e.record, e.change.clone()))
                .collect(),
            browser_side: held(Connection::Browser),
            server_side: held(Connection::Server),
            own: a
                .keys
                .iter()
                .filter(|k| k.derivation.is_none())
                .map(|k| k.name.clone())
                .collect(),
        })
    }
}

#[cfg(all(test, feature = "attack"))]
mod tests {
    use super::*;
    use engine::{Protocol, Scenario, simulate};

    fn run(attack: Attack, protocol: Protocol) -> Transcript {
        simulate(&Scenario {
            protocol,
            attack: Some(attack),
            ..Scenario::default()
        })
    }

    #[test]
    fn a_terminating_attacker_holds_both_connections_keys_and_reads_the_exchange() {
        let t = run(Attack::TrustedCa, Protocol::Tls13);
        let f = Facts::of(&t).unwrap();
        assert_eq!(f.stopped, None);
        assert_eq!(f.read.len(), 2);
        assert_eq!(f.read[0].0, Party::Client);
        assert!(f.read[1].3.contains("Hello, student"));
        let names = |side: &[(String, Option<usize>)]| -> Vec<String> {
            side.iter().map(|(n, _)| n.clone()).collect()
        };
        for side in [&f.browser_side, &f.server_side] {
            assert!(
                names(side).contains(&"client_application_traffic_secret_0".to_string()),
                "{side:?}"
            );
            assert!(side.iter().all(|(_, from)| from.is_some()));
        }
        assert!(poses_as_server(&t));
        assert_eq!(direction(&t, &t.records[1]), "Attacker → Browser");
        assert!(
            note(&t, &t.records[1])
                .unwrap()
                .contains("posing as server.test")
        );
        assert_eq!(note(&t, &t.records[0]), None);
    }

    #[test]
    fn a_relaying_attacker_changes_records_and_holds_only_its_own_key() {
        let t = run(Attack::RelayCert, Protocol::Ecdhe);
        let f = Facts::of(&t).unwrap();
        assert_eq!(f.stopped, Some((Party::Client, "decrypt_error")));
        assert!(f.browser_side.is_empty() && f.server_side.is_empty() && f.read.is_empty());
        assert_eq!(f.own.len(), 1);
        assert_eq!(f.edits.len(), 1);
        let edited = &t.records[f.edits[0].0 - 1];
        assert!(
            note(&t, edited)
                .unwrap()
                .starts_with("The attacker changed this record")
        );
        assert!(!poses_as_server(&t));
        assert_eq!(
            direction(&t, &t.records[0]),
            "Browser → Server, through the attacker"
        );
    }

    #[test]
    fn without_an_attacker_nothing_is_said() {
        let t = simulate(&Scenario::default());
        assert_eq!(Facts::of(&t), None);
        assert_eq!(direction(&t, &t.records[0]), "Browser → Server");
        assert_eq!(note(&t, &t.records[1]), None);
    }
}
