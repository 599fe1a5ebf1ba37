//! Runs the engine's client against the engine's server through an in-memory wire and
//! records everything into a [`Transcript`]. Faults change bytes on the wire only; what the
//! endpoints do about it is their real code's doing.

use std::collections::VecDeque;

use crate::client::{Client, ClientConfig, Tls13Offer, Trust};
use crate::codec::Reader;
use crate::common::{Outgoing, Output};
use crate::crypto::rng::TlsRng;
use crate::crypto::secrets::{Context, Secret};
use crate::dissect;
use crate::explain;
use crate::msgs::alert::Alert;
use crate::msgs::enums::HandshakeType;
use crate::msgs::enums::{ContentType, ProtocolVersion};
use crate::msgs::suites::{Group, KeyExchange, Suite};
use crate::pki::{self, ChainReport};
use crate::scenario::Scenario;
use crate::server::{ClientAuth, Server, ServerConfig};
use crate::transcript::{
    AlertInfo, AppliedFault, Content, Derivation, Event, Outcome, Party, Protection, SecretId,
    Transcript, WireRecord,
};
use crate::wire::Fault;

#[cfg(feature = "attack")]
mod attack;

/// Randomness streams: the client's and the server's are independent.
const CLIENT_STREAM: u64 = 1;
const SERVER_STREAM: u64 = 2;

/// Runs one connection between the engine's client and server, as the scenario says, with
/// the embedded teaching PKI.
pub fn simulate(scenario: &Scenario) -> Transcript {
    simulate_with(scenario, pki::identity(scenario.cert), pki::trust_anchors())
}

/// Runs one connection with a given server identity and trust anchors, e.g. freshly generated
/// keys ([`pki::generate_identity`]); `scenario.cert` is then ignored.
pub fn simulate_with(
    scenario: &Scenario,
    identity: pki::Identity,
    anchors: Vec<Vec<u8>>,
) -> Transcript {
    let (tls13, groups13, offer, accept) = match scenario.protocol.kx() {
        // TLS 1.2: the browser offers both suites, the lesson's choice first; the server
        // takes only that one.
        Some(kx) => {
            let other = match kx {
                KeyExchange::Rsa => KeyExchange::Ecdhe,
                KeyExchange::Ecdhe => KeyExchange::Rsa,
            };
            (None, Vec::new(), vec![kx, other], vec![kx])
        }
        // TLS 1.3, offered as a browser does: both groups, TLS 1.2 ECDHE as a fallback. For
        // a HelloRetryRequest the browser leads with the other group's share and the server
        // takes only the lesson's.
        None => {
            let group = scenario.group;
            let other = match group {
                Group::X25519 => Group::X25519MlKem768,
                Group::X25519MlKem768 => Group::X25519,
            };
            let offer = Tls13Offer {
                groups: vec![group, other],
                key_shares: vec![if scenario.hrr { other } else { group }],
            };
            let accepted = if scenario.hrr {
                vec![group]
            } else {
                vec![group, other]
            };
            let fallback = vec![KeyExchange::Ecdhe];
            (Some(offer), accepted, fallback.clone(), fallback)
        }
    };
    let client_config = ClientConfig {
        tls13,
        offer,
        ems: scenario.ems,
        now: scenario.now,
        identity: scenario
            .client_cert
            .and_then(crate::client::certificate::teaching),
        ..ClientConfig::browser(scenario.server_name.clone(), Trust::Roots(anchors))
    };
    let server_config = ServerConfig {
        groups13,
        accept,
        ems: scenario.ems,
        client_auth: scenario
            .client_cert
            .and_then(|_| ClientAuth::teaching(scenario.now)),
        ..ServerConfig::teaching(identity)
    };
    // An attacker on the path: a run of its own (a resumption run's second visit is not
    // attacked).
    #[cfg(feature = "attack")]
    if let Some(attack) = scenario.attack {
        return attack::run(scenario, attack, client_config, server_config);
    }
    #[cfg(feature = "resumption")]
    let (client_config, server_config, first_visit) =
        second_visit(scenario, client_config, server_config);
    // Before this run uses a ticket: a server that kept it for reuse, for the replay.
    #[cfg(feature = "resumption")]
    let reusing = scenario.zero_rtt().then(|| ServerConfig {
        single_use_tickets: false,
        sessions: server_config.sessions.snapshot(),
        ..server_config.clone()
    });
    #[cfg(feature = "resumption")]
    let replaying = server_config.clone();
    let client = Client::new(client_config, TlsRng::new(scenario.seed, CLIENT_STREAM));
    let server = Server::new(server_config, TlsRng::new(scenario.seed, SERVER_STREAM));
    let mut run = Run::new(scenario.clone(), client, server);
    // 0-RTT: the browser's request goes with the ClientHello (the engine sends it again
    // after the handshake if the server does not take it), not after the handshake.
    run.request_sent = scenario.zero_rtt();
    run.go();
    #[allow(unused_mut)]
    let mut transcript = run.finish();
    #[cfg(feature = "resumption")]
    {
        transcript.replay =
            reusing.map(|reusing| replay(scenario, &transcript, replaying, reusing));
        transcript.first_visit = first_visit.map(Box::new);
    }
    transcript
}

/// The browser's first flight of `shown` sent again, as someone who recorded it would, to
/// `server` (this run's, after the run) and to `reusing` (the same server keeping tickets
/// for reuse): what each delivered as early data.
#[cfg(feature = "resumption")]
fn replay(
    scenario: &Scenario,
    shown: &Transcript,
    server: ServerConfig,
    reusing: ServerConfig,
) -> crate::transcript::Replay {
    const REPLAY_STREAM: u64 = 5;
    let flight: Vec<&WireRecord> = shown
        .records
        .iter()
        .take_while(|r| r.from == Party::Client)
        .collect();
    let early_data = |config: ServerConfig| {
        let mut server = Server::new(config, TlsRng::new(scenario.seed, REPLAY_STREAM));
        for r in &flight {
            server.receive(&r.bytes);
        }
        let data: Vec<u8> = server
            .take_outputs()
            .into_iter()
            .filter_map(|o| match o {
                Output::EarlyData(d) => Some(d),
                _ => None,
            })
            .flatten()
            .collect();
        (!data.is_empty()).then_some(data)
    };
    crate::transcript::Replay {
        records: flight.iter().map(|r| r.number).collect(),
        single_use: early_data(server),
        reusable: early_data(reusing),
    }
}

/// How long after the first visit the second one comes, in seconds.
#[cfg(feature = "resumption")]
pub const SECOND_VISIT_AFTER: u64 = 60;

/// A resumption run (`scenario.resume`): the browser's first visit, SECOND_VISIT_AFTER seconds
/// before the shown connection, run quietly to its end with its own randomness, leaves the
/// session the shown connection resumes and the server's store that knows it. The configs
/// of the shown connection come back: the browser offering that session (and asking for
/// TLS 1.2 tickets), the server sharing the store (and taking 0-RTT data for `early_data`),
/// with the first visit's transcript.
#[cfg(feature = "resumption")]
fn second_visit(
    scenario: &Scenario,
    client: ClientConfig,
    server: ServerConfig,
) -> (ClientConfig, ServerConfig, Option<Transcript>) {
    if !scenario.resume {
        return (client, server, None);
    }
    const FIRST_CLIENT_STREAM: u64 = 3;
    const FIRST_SERVER_STREAM: u64 = 4;
    let before = scenario.now.saturating_sub(SECOND_VISIT_AFTER);
    let client = ClientConfig {
        ask_for_tickets: true,
        ..client
    };
    let server = ServerConfig {
        max_early_data: if scenario.early_data { 16_384 } else { 0 },
        ..server
    };
    let first = Scenario {
        fault: None,
        resume: false,
        early_data: false,
        now: before,
        ..scenario.clone()
    };
    let mut run = Run::new(
        first,
        Client::new(
            ClientConfig {
                now: before,
                ..client.clone()
            },
            TlsRng::new(scenario.seed, FIRST_CLIENT_STREAM),
        ),
        Server::new(
            ServerConfig {
                now: before,
                ..server.clone()
            },
            TlsRng::new(scenario.seed, FIRST_SERVER_STREAM),
        ),
    );
    run.go();
    let early_data = scenario
        .early_data
        .then(|| scenario.request.clone().into_bytes());
    let resume = run.resumable.take();
    (
        ClientConfig {
            resume,
            early_data,
            ..client
        },
        server,
        Some(run.finish()),
    )
}

/// A record waiting on the wire: its index in `records` and the bytes to deliver.
struct InFlight {
    index: usize,
    to: Party,
    bytes: Vec<u8>,
}

struct Run {
    scenario: Scenario,
    client: Client,
    server: Server,
    records: Vec<WireRecord>,
    derivations: Vec<Derivation>,
    chain: Option<ChainReport>,
    /// Mutual TLS: the server's checks of the browser's chain.
    client_chain: Option<ChainReport>,
    queue: VecDeque<InFlight>,
    /// A record held back by a reorder fault, delivered after the next one.
    held: Option<InFlight>,
    /// The suite the ServerHello on the wire chose (how some messages parse).
    suite_on_wire: Option<&'static Suite>,
    request_sent: bool,
    response_sent: bool,
    client_done: bool,
    request_received: bool,
    response_received: bool,
    first_alert: Option<(Party, AlertInfo)>,
    /// Why the first alert was raised: the endpoint's own reason, for the error page.
    first_alert_reason: Option<String>,
    fault_notice: Option<String>,
    /// Outputs that came before any record existed (attached to record 1).
    orphan_events: Vec<Event>,
    /// The newest session the browser was handed, for a later visit.
    #[cfg(feature = "resumption")]
    resumable: Option<crate::session::Session>,
    /// Records delivered so far (a bound against endless exchanges).
    deliveries: usize,
    /// The party that is the attacker: its application relays what it reads rather than
    /// asking or answering. (Feature `attack`, as the three below.)
    #[cfg(feature = "attack")]
    relaying: Option<Party>,
    /// Application data the attacker's endpoint opened, not yet relayed.
    #[cfg(feature = "attack")]
    inbox: Vec<Vec<u8>>,
    /// An attacker relaying this connection's records, changing some.
    #[cfg(feature = "attack")]
    on_path: Option<attack::OnPath>,
    /// The records it changed.
    #[cfg(feature = "attack")]
    edits: Vec<crate::attack::Edit>,
}

impl Run {
    fn new(scenario: Scenario, client: Client, server: Server) -> Run {
        Run {
            scenario,
            client,
            server,
            records: Vec::new(),
            derivations: Vec::new(),
            chain: None,
            client_chain: None,
            queue: VecDeque::new(),
            held: None,
            suite_on_wire: None,
            request_sent: false,
            response_sent: false,
            client_done: false,
            request_received: false,
            response_received: false,
            first_alert: None,
            first_alert_reason: None,
            fault_notice: None,
            orphan_events: Vec::new(),
            #[cfg(feature = "resumption")]
            resumable: None,
            deliveries: 0,
            #[cfg(feature = "attack")]
            relaying: None,
            #[cfg(feature = "attack")]
            inbox: Vec::new(),
            #[cfg(feature = "attack")]
            on_path: None,
            #[cfg(feature = "attack")]
            edits: Vec::new(),
        }
    }

    fn go(&mut self) {
        self.start();
        while self.step() {}
    }

    /// The browser sends its first flight.
    fn start(&mut self) {
        self.client.start();
        self.collect(Party::Client, None);
    }

    /// Delivers the next record on the wire; false when the wire is silent.
    fn step(&mut self) -> bool {
        // Every delivery can only add a bounded number of records; the bound is a safety net.
        if self.deliveries >= 1000 {
            return false;
        }
        let next = match self.queue.pop_front() {
            Some(r) => r,
            None => match self.held.take() {
                Some(r) => {
                    self.reorder_had_no_effect(r.index);
                    r
                }
                None => return false,
            },
        };
        self.deliveries += 1;
        match next.to {
            Party::Client => self.client.receive(&next.bytes),
            Party::Server => self.server.receive(&next.bytes),
        }
        self.collect(next.to, Some(next.index));
        self.drive_applications(Some(next.index));
        true
    }

    /// A held-back record goes out when the wire falls silent: nothing was sent after it, so
    /// it arrives in its place and the reorder changed nothing. Said plainly, not as if it
    /// had acted.
    fn reorder_had_no_effect(&mut self, index: usize) {
        if let Some(f) = self.records[index].fault.as_mut() {
            f.detail = "held back to be delivered after the next record, but no other record was sent \
                        before the peer needed this one: it arrived in its place, so this reorder had no effect"
                .to_string();
        }
    }

    /// What the applications on top of TLS do: the browser sends its request once connected,
    /// the server answers it, and the browser closes once it has the answer.
    fn drive_applications(&mut self, trigger: Option<usize>) {
        if self.client.is_connected() && !self.request_sent {
            self.request_sent = true;
            let _ = self.client.send_app_data(self.scenario.request.as_bytes());
            self.collect(Party::Client, trigger);
        }
        if self.request_received && self.server.is_connected() && !self.response_sent {
            self.response_sent = true;
            let _ = self.server.send_app_data(self.scenario.response.as_bytes());
            self.collect(Party::Server, trigger);
        }
        if self.response_received && !self.client_done {
            self.client_done = true;
            self.client.close();
            self.collect(Party::Client, trigger);
        }
    }

    /// Takes a party's outputs. Its records go on the wire first; then each other output is
    /// attached to a record: a value the party generates and sends, to the record that carries
    /// it; a value it learns, to the record it learned it from (`trigger`); anything else, to
    /// the last record it sent, or the trigger.
    fn collect(&mut self, party: Party, trigger: Option<usize>) {
        let outputs = match party {
            Party::Client => self.client.take_outputs(),
            Party::Server => self.server.take_outputs(),
        };
        let mut rest = Vec::new();
        let mut sent: Vec<usize> = Vec::new();
        for out in outputs {
            match out {
                Output::Record(o) => sent.push(self.put_on_wire(party, o)),
                other => rest.push((sent.len(), other)),
            }
        }
        for (k, out) in rest {
            let last = k.checked_sub(1).map(|i| sent[i]);
            let next = sent.get(k).copied();
            let default = last.or(trigger).or(next);
            let (at, event) = match out {
                Output::Record(_) => continue,
                // Kept for a later visit (a resumption run's first one).
                #[cfg_attr(not(feature = "resumption"), allow(unused_variables))]
                Output::Resumable(session) => {
                    #[cfg(feature = "resumption")]
                    {
                        self.resumable = Some(session);
                    }
                    continue;
                }
                Output::Secret(s, value) => {
                    let learned = trigger.is_some() && self.peer_knows(party, s, &value);
                    // A value the party makes is its own from when it is made; one it sends
                    // is public from the record that carries it.
                    let (at, public_at) = if learned {
                        (trigger, trigger)
                    } else if s.is_sent() {
                        (default, next.or(last).or(trigger))
                    } else {
                        (default, default)
                    };
                    let number = |at: Option<usize>| at.map_or(self.records.len() + 1, |i| i + 1);
                    let (record_no, public_no) = (number(at), number(public_at));
                    (at, self.derived(party, s, value, record_no, public_no))
                }
                // A state change belongs to the record that caused it: the one received, or
                // (with none) the record the party sent as it moved on.
                Output::State { from, to } => (
                    trigger.or(last).or(next),
                    Event::State {
                        party,
                        from: from.into(),
                        to: to.into(),
                    },
                ),
                Output::Check { what, ok, detail } => (
                    default,
                    Event::Check {
                        party,
                        what,
                        ok,
                        detail,
                    },
                ),
                Output::Chain(report) => {
                    match party {
                        Party::Client => self.chain = Some(report),
                        Party::Server => self.client_chain = Some(report),
                    }
                    continue;
                }
                Output::Error(e) => {
                    let alert = explain::alert_info(e.alert);
                    if self.first_alert.is_none() {
                        self.first_alert = Some((party, alert));
                        self.first_alert_reason = Some(e.reason.clone());
                    }
                    (
                        trigger.or(next),
                        Event::Alert {
                            party,
                            alert,
                            reason: e.reason,
                        },
                    )
                }
                Output::AlertReceived(a) => (
                    default,
                    Event::AlertReceived {
                        party,
                        alert: AlertInfo {
                            level: a.level,
                            description: a.description,
                        },
                    },
                ),
                Output::HandshakeComplete => (default, Event::HandshakeComplete { party }),
                Output::AppData(data) => {
                    #[cfg(feature = "attack")]
                    if self.relaying == Some(party) {
                        self.inbox.push(data.clone());
                    }
                    match party {
                        Party::Client => self.response_received = true,
                        Party::Server => self.request_received = true,
                    }
                    (
                        default,
                        Event::AppData {
                            party,
                            text: String::from_utf8_lossy(&data).into_owned(),
                        },
                    )
                }
                Output::Closed => (default, Event::Closed { party }),
                // The request, taken as 0-RTT data before the handshake ended.
                #[cfg(feature = "resumption")]
                Output::EarlyData(data) => {
                    self.request_received = true;
                    (
                        default,
                        Event::AppData {
                            party,
                            text: String::from_utf8_lossy(&data).into_owned(),
                        },
                    )
                }
            };
            match at {
                Some(i) => self.records[i].events.push(event),
                None => self.orphan_events.push(event),
            }
        }
    }

    /// Whether the peer already knows this exact value (so `party` learned it from the wire).
    fn peer_knows(&self, party: Party, s: Secret, value: &[u8]) -> bool {
        self.derivations.iter().any(|d| {
            d.id == s.into()
                && d.value == value
                && match party {
                    Party::Client => d.server_knows_from.is_some(),
                    Party::Server => d.client_knows_from.is_some(),
                }
        })
    }

    fn derived(
        &mut self,
        party: Party,
        s: Secret,
        value: Vec<u8>,
        record_no: usize,
        public_no: usize,
    ) -> Event {
        let cx = self.secret_context();
        let existing = self.derivations.iter().position(|d| d.id == s.into());
        let index = match existing {
            Some(i) if self.derivations[i].value == value => i,
            Some(_) => {
                // The two sides computed different values (a fault changed their inputs):
                // keep both, so the page can show where they diverge.
                let id = SecretId::copy(s, party);
                match self.derivations.iter().position(|d| d.id == id) {
                    Some(i) => i,
                    None => {
                        let mut d = new_derivation(s, value, &cx);
                        d.id = id;
                        d.name = format!("{} (as the {} computed it)", s.name(), party.as_str());
                        self.derivations.push(d);
                        self.derivations.len() - 1
                    }
                }
            }
            None => {
                self.derivations.push(new_derivation(s, value, &cx));
                self.derivations.len() - 1
            }
        };
        let d = &mut self.derivations[index];
        let slot = match party {
            Party::Client => &mut d.client_knows_from,
            Party::Server => &mut d.server_knows_from,
        };
        if slot.is_none() {
            *slot = Some(record_no);
        }
        if s.is_public_in(&cx) && d.public_from.is_none() {
            d.public_from = Some(public_no);
        }
        // A value that is a field of a message is the receiver's too once that record
        // arrives: the server has the browser's EncryptedPreMasterSecret (the ciphertext) as
        // it receives ClientKeyExchange, whether or not it derives anything from it.
        // Not when the wire changed the record's bytes: the receiver then has another value.
        let delivered_intact = !self.edited(public_no)
            && self
                .records
                .get(public_no.wrapping_sub(1))
                .is_some_and(|r| {
                    r.delivered
                        && r.fault.as_ref().is_none_or(|f| {
                            matches!(f.fault, Fault::Reorder { .. } | Fault::Replay { .. })
                        })
                });
        if s.is_sent() && delivered_intact {
            let d = &mut self.derivations[index];
            let peer = match party {
                Party::Client => &mut d.server_knows_from,
                Party::Server => &mut d.client_knows_from,
            };
            if peer.is_none_or(|k| k > public_no) {
                *peer = Some(public_no);
            }
        }
        Event::Derived {
            party,
            derivation: index,
        }
    }

    /// Whether an attacker on the path changed record `number`.
    fn edited(&self, number: usize) -> bool {
        #[cfg(feature = "attack")]
        return self.edits.iter().any(|e| e.record == number);
        #[cfg(not(feature = "attack"))]
        {
            let _ = number;
            false
        }
    }

    /// What the formulas of this run's values depend on: the suite the ServerHello on the wire
    /// chose (else the scenario's) and the scenario's choices.
    fn secret_context(&self) -> Context {
        let suite = self
            .suite_on_wire
            .unwrap_or_else(|| self.scenario.protocol.suite());
        Context {
            tls13: suite.is_tls13(),
            ems: self.scenario.ems,
            ecdhe: suite.kx == Some(KeyExchange::Ecdhe),
            group: self.scenario.group,
            hrr: self.scenario.hrr,
            // The browser offers the session; if a fault makes the server refuse it, the
            // values made before that are still the offered session's.
            resumed: self.scenario.resumes(),
        }
    }

    /// Numbers the record, applies the fault if it is the one, and queues it for the peer.
    fn put_on_wire(&mut self, from: Party, out: Outgoing) -> usize {
        // Numbered as the diagram shows it: position on the wire.
        let number = self.records.len() + 1;
        let fault = self.scenario.fault.filter(|f| f.record() == number);
        let mut bytes = out.bytes.clone();
        // An attacker relaying the records changes what it wants to before the wire does.
        #[cfg(feature = "attack")]
        if let Some((changed, change)) = self
            .on_path
            .as_mut()
            .and_then(|a| a.edit(from, &out.label, &bytes))
        {
            self.edits.push(crate::attack::Edit {
                record: number,
                original: std::mem::replace(&mut bytes, changed),
                change,
            });
        }
        let mut applied = None;
        let mut deliver = true;
        let mut replay = false;
        let mut hold = false;
        if let Some(f) = fault {
            let detail = match f {
                Fault::Drop { .. } => {
                    deliver = false;
                    "the record was dropped: it never reaches the peer".to_string()
                }
                Fault::Flip { offset, .. } => match bytes.get_mut(offset) {
                    Some(b) => {
                        let old = *b;
                        *b ^= 0xff;
                        format!("byte {offset} changed from 0x{old:02x} to 0x{:02x}", *b)
                    }
                    None => {
                        let text = format!(
                            "offset {offset} is past the end of record {number} ({} bytes): nothing changed",
                            bytes.len()
                        );
                        self.fault_notice = Some(text.clone());
                        text
                    }
                },
                Fault::Truncate { length, .. } => {
                    let old = bytes.len();
                    if length >= old {
                        self.fault_notice = Some(format!(
                            "truncating record {number} to {length} bytes changes nothing: it has {old}"
                        ));
                    }
                    bytes.truncate(length);
                    format!(
                        "cut from {old} to {} byte(s); the stream goes on with the next record",
                        bytes.len()
                    )
                }
                Fault::Reorder { .. } => {
                    hold = true;
                    "held back and delivered after the next record".to_string()
                }
                Fault::Replay { .. } => {
                    replay = true;
                    "delivered, then delivered again".to_string()
                }
            };
            applied = Some(AppliedFault { fault: f, detail });
        }
        let index = self.push_record(from, &out, bytes.clone(), applied, deliver);
        let flight = InFlight {
            index,
            to: from.peer(),
            bytes: bytes.clone(),
        };
        if hold {
            self.held = Some(flight);
        } else if deliver {
            self.queue.push_back(flight);
            if let Some(h) = self.held.take() {
                self.queue.push_back(h);
            }
        }
        if replay {
            let copy_index = self.push_record(
                from,
                &out,
                bytes.clone(),
                Some(AppliedFault {
                    fault: fault.unwrap_or(Fault::Replay { record: number }),
                    detail: format!("a copy of record {number}, sent again by an attacker"),
                }),
                true,
            );
            self.records[copy_index].messages = vec![crate::transcript::Label {
                replayed: true,
                ..out.label
            }];
            self.queue.push_back(InFlight {
                index: copy_index,
                to: from.peer(),
                bytes,
            });
        }
        index
    }

    fn push_record(
        &mut self,
        from: Party,
        out: &Outgoing,
        bytes: Vec<u8>,
        fault: Option<AppliedFault>,
        delivered: bool,
    ) -> usize {
        let encrypted = out.sealed.is_some();
        if from == Party::Server && self.suite_on_wire.is_none() {
            self.suite_on_wire = dissect::chosen_suite(&bytes);
        }
        let suite = self.suite_on_wire;
        let fields = dissect::record_fields(&bytes, encrypted, suite);
        let protection = out.sealed.as_ref().map(|(s, key)| {
            let (ciphertext, tag) = (s.ciphertext(), s.tag());
            let tls13 = s.version == ProtocolVersion::Tls13;
            let (plaintext, plaintext_fields) = if tls13 {
                let inner = [&out.plaintext[..], &[s.inner_type.to_wire()]].concat();
                let fields = dissect::inner_plaintext_fields(&inner, suite);
                (inner, fields)
            } else {
                let fields = dissect::plaintext_fields(&out.plaintext, out.typ, suite);
                (out.plaintext.clone(), fields)
            };
            Protection {
                key: *key,
                seq: s.seq,
                plaintext,
                plaintext_fields,
                inner_type: tls13.then_some(s.inner_type),
                nonce: s.nonce.to_vec(),
                aad: s.aad.to_vec(),
                ciphertext: ciphertext.to_vec(),
                tag: tag.to_vec(),
            }
        });
        let flight = match self.records.last() {
            Some(last) if last.from == from => last.flight,
            Some(last) => last.flight + 1,
            None => 1,
        };
        let events = if self.records.is_empty() {
            std::mem::take(&mut self.orphan_events)
        } else {
            Vec::new()
        };
        self.records.push(WireRecord {
            number: self.records.len() + 1,
            from,
            flight,
            messages: vec![out.label],
            content_type: bytes
                .first()
                .map_or(out.typ, |&t| ContentType::from_wire(t)),
            kind: out.typ,
            alert: (out.typ == ContentType::Alert)
                .then(|| Alert::read(&mut Reader::new(&out.plaintext)).ok())
                .flatten()
                .map(|a| AlertInfo {
                    level: a.level,
                    description: a.description,
                }),
            bytes,
            fields,
            protection,
            fault,
            delivered,
            events,
            explanation: String::new(),
        });
        self.records.len() - 1
    }

    fn finish(mut self) -> Transcript {
        let handshake_complete = self
            .records
            .iter()
            .flat_map(|r| &r.events)
            .filter(|e| matches!(e, Event::HandshakeComplete { .. }))
            .count()
            == 2;
        let exchange_complete = self.response_received;
        // Nobody failed and nobody closed, yet the exchange did not finish: both are waiting
        // for bytes that will never come.
        let stalled = !exchange_complete
            && self.first_alert.is_none()
            && !self.client.is_closed()
            && !self.server.is_closed();
        let waiting = (self.client.state_name(), self.server.state_name());
        let ending = explain::Ending {
            first_alert: &self.first_alert,
            reason: self.first_alert_reason.as_deref(),
            derivations: &self.derivations,
            chain: self.chain.as_ref(),
            client_certificate_asked: self.records.iter().any(|r| {
                r.from == Party::Server
                    && r.messages
                        .iter()
                        .any(|l| l.content == Content::Handshake(HandshakeType::CertificateRequest))
            }),
            stalled,
            handshake_complete,
            exchange_complete,
            waiting,
            tls13: self.secret_context().tls13,
            #[cfg(feature = "attack")]
            offered_tls13: self.scenario.protocol == crate::scenario::Protocol::Tls13,
        };
        let browser_error = explain::browser_error(&ending);
        let summary = explain::summary(&ending);
        for i in 0..self.records.len() {
            let text = explain::record(
                &self.records[i],
                &self.records[..i],
                &self.derivations,
                self.chain.as_ref(),
                self.client_chain.as_ref(),
                &self.scenario,
            );
            self.records[i].explanation = text;
        }
        if let Some(f) = self.scenario.fault
            && self.fault_notice.is_none()
            && !self.records.iter().any(|r| r.fault.is_some())
        {
            self.fault_notice = Some(format!(
                "there is no record {} on the wire: this run has {} records",
                f.record(),
                self.records.len()
            ));
        }
        Transcript {
            scenario: self.scenario,
            records: self.records,
            derivations: self.derivations,
            chain: self.chain,
            client_chain: self.client_chain,
            fault_notice: self.fault_notice,
            #[cfg(feature = "recorded")]
            recorded: None,
            #[cfg(feature = "resumption")]
            first_visit: None,
            #[cfg(feature = "resumption")]
            replay: None,
            #[cfg(feature = "attack")]
            attacker: None,
            outcome: Outcome {
                handshake_complete,
                exchange_complete,
                alert: self.first_alert,
                stalled,
                browser_error,
                summary,
            },
        }
    }
}

fn new_derivation(s: Secret, value: Vec<u8>, cx: &Context) -> Derivation {
    Derivation {
        id: s.into(),
        name: s.name().to_string(),
        formula: s.formula(cx).to_string(),
        inputs: s.inputs(cx).to_vec(),
        value,
        rfc: s.rfc_in(cx).to_string(),
        client_knows_from: None,
        server_knows_from: None,
        public_from: None,
    }
}
