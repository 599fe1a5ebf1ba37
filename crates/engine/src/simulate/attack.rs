//! A run with an active attacker on the path ([`Scenario::attack`]). Where it terminates, two
//! connections run: the browser's, whose server is the attacker's engine server, and the
//! attacker's own engine client's to the real server; the attacker opens what each brings and
//! passes it on. Where it relays, one connection runs and the attacker changes records on
//! the wire ([`OnPath`]). Either way every check is the endpoints' own.

use super::{CLIENT_STREAM, Run, SERVER_STREAM};
use crate::attack::{self, Attack, Attacker, Connection, Held, Hop, Read, Stance};
use crate::client::{Client, ClientConfig, Trust};
use crate::crypto::key_exchange::EcdhKeyPair;
use crate::crypto::rng::TlsRng;
use crate::msgs::enums::HandshakeType;
use crate::pki;
use crate::scenario::Scenario;
use crate::server::{Server, ServerConfig};
use crate::transcript::{Content, Label, Party, Transcript};

/// The attacker's randomness: its server's, its client's and a relaying attacker's own key.
const ATTACKER_SERVER_STREAM: u64 = 6;
const ATTACKER_CLIENT_STREAM: u64 = 7;
const ATTACKER_KEY_STREAM: u64 = 8;

/// Runs `scenario` with `attack` between the browser (`client`) and the server (`server`).
pub(super) fn run(
    scenario: &Scenario,
    attack: Attack,
    client: ClientConfig,
    server: ServerConfig,
) -> Transcript {
    match attack.stance(scenario.protocol) {
        Stance::Relays => relay(scenario, attack, client, server),
        Stance::Terminates => terminate(scenario, attack, client, server),
    }
}

/// An attacker relaying one connection's records, changing what it can.
pub(super) struct OnPath {
    attack: Attack,
    rng: TlsRng,
    /// The key it put in place of the server's, once it has.
    key: Option<EcdhKeyPair>,
}

impl OnPath {
    /// The record `bytes` from `from` as the attacker passes it on, if it changes it, and
    /// what it changed.
    pub(super) fn edit(
        &mut self,
        from: Party,
        label: &Label,
        bytes: &[u8],
    ) -> Option<(Vec<u8>, String)> {
        match (self.attack, from, label.content) {
            (Attack::Downgrade, Party::Client, Content::Handshake(HandshakeType::ClientHello)) => {
                attack::downgrade_client_hello(bytes)
            }
            (
                Attack::RelayCert,
                Party::Server,
                Content::Handshake(HandshakeType::ServerKeyExchange),
            ) => {
                let key = EcdhKeyPair::generate(&mut self.rng);
                let edit = attack::replace_server_key_exchange(bytes, &key.public);
                self.key = Some(key);
                edit
            }
            _ => None,
        }
    }
}

fn relay(
    scenario: &Scenario,
    attack: Attack,
    client: ClientConfig,
    mut server: ServerConfig,
) -> Transcript {
    if attack == Attack::Downgrade {
        // A server that speaks both TLS 1.2 key exchanges, as real ones do, so that taking
        // one out of the hello leaves it the other.
        server.accept = client.offer.clone();
    }
    let mut run = Run::new(
        scenario.clone(),
        Client::new(client, TlsRng::new(scenario.seed, CLIENT_STREAM)),
        Server::new(server, TlsRng::new(scenario.seed, SERVER_STREAM)),
    );
    run.on_path = Some(OnPath {
        attack,
        rng: TlsRng::new(scenario.seed, ATTACKER_KEY_STREAM),
        key: None,
    });
    run.go();
    let edits = std::mem::take(&mut run.edits);
    let keys = run
        .on_path
        .take()
        .and_then(|p| p.key)
        .map(|k| Held {
            connection: Connection::Browser,
            derivation: None,
            name: "the attacker's X25519 private key, whose public key it put in ServerKeyExchange"
                .into(),
            value: k.private_bytes().to_vec(),
        })
        .into_iter()
        .collect();
    let reason = run.first_alert_reason.clone();
    let mut transcript = run.finish();
    let order = transcript
        .records
        .iter()
        .map(|r| Hop {
            connection: Connection::Browser,
            record: r.number,
        })
        .collect();
    let verdict = Attacker::verdict(
        attack,
        scenario.protocol,
        &transcript,
        reason.as_deref(),
        &[],
    );
    transcript.attacker = Some(Box::new(Attacker {
        attack,
        stance: Stance::Relays,
        server_connection: None,
        order,
        edits,
        keys,
        read: Vec::new(),
        verdict,
    }));
    transcript
}

impl Run {
    /// `party` is the attacker: what its application sends is what it relays from its other
    /// connection, so it neither asks, answers nor closes of its own accord.
    fn relayed_by(&mut self, party: Party) {
        self.relaying = Some(party);
        match party {
            Party::Client => (self.request_sent, self.client_done) = (true, true),
            Party::Server => self.response_sent = true,
        }
    }
}

/// The two connections of a terminating attacker, in the order of the wire.
struct Both {
    browser: Run,
    server: Run,
    order: Vec<Hop>,
    read: Vec<Read>,
}

impl Both {
    /// Notes the records put on either wire since the last call.
    fn note(&mut self) {
        for (run, connection) in [
            (&self.browser, Connection::Browser),
            (&self.server, Connection::Server),
        ] {
            let known = self
                .order
                .iter()
                .filter(|h| h.connection == connection)
                .count();
            for record in known + 1..=run.records.len() {
                self.order.push(Hop { connection, record });
            }
        }
    }

    /// Delivers the next record of the browser's connection, then relays what the attacker
    /// opened of it to the server; then the same the other way. False when both wires are
    /// silent.
    fn step(&mut self) -> bool {
        let down = self.browser.step();
        self.note();
        for data in std::mem::take(&mut self.browser.inbox) {
            self.opened(Connection::Browser, Party::Client, &data);
            if self.server.client.send_app_data(&data).is_ok() {
                self.server.collect(Party::Client, None);
                self.note();
            }
        }
        let up = self.server.step();
        self.note();
        for data in std::mem::take(&mut self.server.inbox) {
            self.opened(Connection::Server, Party::Server, &data);
            if self.browser.server.send_app_data(&data).is_ok() {
                self.browser.collect(Party::Server, None);
                self.note();
            }
        }
        // One connection is over: the attacker hangs up on the other too.
        if self.browser.server.is_closed() && !self.server.client.is_closed() {
            self.server.client.close();
            self.server.collect(Party::Client, None);
            self.note();
        }
        if self.server.client.is_closed() && !self.browser.server.is_closed() {
            self.browser.server.close();
            self.browser.collect(Party::Server, None);
            self.note();
        }
        down || up
    }

    /// Application data from `from` that the attacker opened, in the record just delivered.
    fn opened(&mut self, connection: Connection, from: Party, data: &[u8]) {
        let run = match connection {
            Connection::Browser => &self.browser,
            Connection::Server => &self.server,
        };
        let record = run
            .records
            .iter()
            .rev()
            .find(|r| r.from == from && r.delivered)
            .map_or(0, |r| r.number);
        self.read.push(Read {
            hop: Hop { connection, record },
            from,
            text: String::from_utf8_lossy(data).into_owned(),
        });
    }
}

fn terminate(
    scenario: &Scenario,
    attack: Attack,
    mut browser: ClientConfig,
    server: ServerConfig,
) -> Transcript {
    // Towards the server the attacker is a browser like the student's: the same offer, the
    // same trust store (the real server's certificate passes it), no client certificate.
    let attacker_client = ClientConfig {
        identity: None,
        ..browser.clone()
    };
    if attack == Attack::TrustedCa
        && let Trust::Roots(roots) = &mut browser.trust
    {
        roots.push(pki::attacker_ca());
    }
    // Towards the browser it is a server like the real one, with its own certificate and
    // key, asking for no client certificate.
    let identity = pki::attacker_identity();
    let attacker_server = ServerConfig {
        chain: identity.chain,
        key: identity.key,
        client_auth: None,
        ..server.clone()
    };
    let mut browser_run = Run::new(
        scenario.clone(),
        Client::new(browser, TlsRng::new(scenario.seed, CLIENT_STREAM)),
        Server::new(
            attacker_server.clone(),
            TlsRng::new(scenario.seed, ATTACKER_SERVER_STREAM),
        ),
    );
    browser_run.relayed_by(Party::Server);
    let mut server_run = Run::new(
        Scenario {
            fault: None,
            ..scenario.clone()
        },
        Client::new(
            attacker_client,
            TlsRng::new(scenario.seed, ATTACKER_CLIENT_STREAM),
        ),
        Server::new(server, TlsRng::new(scenario.seed, SERVER_STREAM)),
    );
    server_run.relayed_by(Party::Client);
    let mut both = Both {
        browser: browser_run,
        server: server_run,
        order: Vec::new(),
        read: Vec::new(),
    };
    // The browser's ClientHello reaches the attacker, which first connects to the server
    // itself (to learn what to pass on), then answers the browser.
    both.browser.start();
    both.note();
    both.server.start();
    both.note();
    while both.server.step() {
        both.note();
    }
    if attack == Attack::RelayCert
        && let Some((chain, signature)) =
            attack::server_authentication(both.server.client.handshake_messages())
    {
        both.browser.server = Server::new(
            ServerConfig {
                chain,
                relayed_signature: Some(signature),
                ..attacker_server
            },
            TlsRng::new(scenario.seed, ATTACKER_SERVER_STREAM),
        );
    }
    while both.step() {}
    let Both {
        browser,
        server,
        order,
        read,
    } = both;
    let reason = browser.first_alert_reason.clone();
    let upstream_reason = server.first_alert_reason.clone();
    let server_connection = server.finish();
    let mut transcript = browser.finish();
    let held = |t: &Transcript, connection: Connection, party: Party| -> Vec<Held> {
        t.derivations
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                d.public_from.is_none()
                    && match party {
                        Party::Client => d.client_knows_from.is_some(),
                        Party::Server => d.server_knows_from.is_some(),
                    }
            })
            .map(|(i, d)| Held {
                connection,
                derivation: Some(i),
                name: d.name.clone(),
                value: d.value.clone(),
            })
            .collect()
    };
    let mut keys = held(&transcript, Connection::Browser, Party::Server);
    keys.extend(held(&server_connection, Connection::Server, Party::Client));
    let verdict = match (&transcript.outcome.alert, &server_connection.outcome.alert) {
        (None, Some((who, alert))) => {
            Attacker::stopped_upstream(*who, alert.description.as_str(), upstream_reason.as_deref())
        }
        _ => Attacker::verdict(
            attack,
            scenario.protocol,
            &transcript,
            reason.as_deref(),
            &read,
        ),
    };
    transcript.attacker = Some(Box::new(Attacker {
        attack,
        stance: Stance::Terminates,
        server_connection: Some(Box::new(server_connection)),
        order,
        edits: Vec::new(),
        keys,
        read,
        verdict,
    }));
    transcript
}
