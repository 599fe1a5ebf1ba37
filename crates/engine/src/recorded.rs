//! A recorded connection as a transcript: captures are another source of one. The records a
//! capture gives are dissected as the simulation dissects its own and, where a key log opens
//! them, decrypted and annotated the same way, so the page's views show them as they show a
//! simulated run, marked recorded. What only an endpoint knows (its state changes, checks and
//! private values) is not in a recording and is not made up: the derivations are the key
//! log's secrets and what follows from them, events are what the records carry.

use crate::codec::Reader;
use crate::crypto::record_protection::{EXPLICIT_NONCE_LEN, TAG_LEN};
use crate::crypto::secrets::{Context, Secret};
use crate::decrypt::{self, Content as Opened, Decryption, Hello, KeyLog, Recording};
use crate::dissect;
use crate::msgs::alert::Alert;
use crate::msgs::enums::{ContentType, HandshakeType, NamedGroup, ProtocolVersion};
use crate::msgs::suites::{Aead, KeyExchange, Suite};
use crate::scenario::{Group, Protocol, Scenario};
use crate::transcript::{
    AlertInfo, Content, Derivation, Event, Label, Outcome, Party, Protection, RecordedFrom,
    Transcript, WireRecord,
};

/// The transcript of `recording`, a connection between `path`'s two ends, opened with `keys`
/// where they hold its secrets.
pub fn transcript(recording: &Recording, keys: Option<&KeyLog>, path: String) -> Transcript {
    let d = match keys {
        Some(log) => decrypt::decrypt(recording, decrypt::Given::KeyLog(log)),
        None => decrypt::observe(recording),
    };
    let labels = labels(recording, &d);
    // Why a protected record stays sealed, when a key log came and did not open it.
    let why_sealed = match (&d.outcome, keys) {
        (decrypt::Outcome::Sealed(why) | decrypt::Outcome::Failed(why), Some(_)) => {
            Some(why.as_str())
        }
        _ => None,
    };
    // Records are dissected as the simulation dissects its own: under the suite that the
    // server's first record chose, from that record on.
    let mut suite: Option<&Suite> = None;
    let mut records: Vec<WireRecord> = Vec::with_capacity(recording.records.len());
    for (i, ((r, content), messages)) in recording
        .records
        .iter()
        .zip(&d.records)
        .zip(labels)
        .enumerate()
    {
        let outer = ContentType::from_wire(r.content_type);
        let bytes = r.bytes();
        if r.from == Party::Server && suite.is_none() {
            suite = dissect::chosen_suite(&bytes);
        }
        let fields = dissect::record_fields(&bytes, !matches!(content, Opened::Clear), suite);
        let (kind, content_bytes) = match content {
            Opened::Opened {
                content_type,
                plaintext,
                ..
            } => (*content_type, &plaintext[..]),
            _ => (outer, &r.fragment[..]),
        };
        let alert = (kind == ContentType::Alert && !matches!(content, Opened::Sealed))
            .then(|| Alert::read(&mut Reader::new(content_bytes)).ok())
            .flatten()
            .map(|a| AlertInfo {
                level: a.level,
                description: a.description,
            });
        let mut events = Vec::new();
        if let Some(alert) = alert {
            events.push(Event::AlertReceived {
                party: r.from.peer(),
                alert,
            });
        }
        if kind == ContentType::ApplicationData && matches!(content, Opened::Opened { .. }) {
            events.push(Event::AppData {
                party: r.from.peer(),
                text: String::from_utf8_lossy(content_bytes).into_owned(),
            });
        }
        let flight = match records.last() {
            Some(last) if last.from == r.from => last.flight,
            Some(last) => last.flight + 1,
            None => 1,
        };
        let mut record = WireRecord {
            number: i + 1,
            from: r.from,
            flight,
            messages,
            content_type: outer,
            kind,
            alert,
            bytes,
            fields,
            protection: protection(r, content, suite),
            fault: None,
            delivered: true,
            events,
            explanation: String::new(),
        };
        record.explanation = explain(&record, content, why_sealed);
        records.push(record);
    }
    let derivations = derivations(&d, &mut records);
    let hello = &d.hello;
    let from = |p: Party| move |r: &&WireRecord| r.from == p;
    let sent = |p: Party, c: Content| {
        records
            .iter()
            .filter(from(p))
            .any(|r| r.messages.iter().any(|l| l.content == c))
    };
    let finished = Content::Handshake(HandshakeType::Finished);
    let alert = records
        .iter()
        .find_map(|r| r.alert.filter(|a| a.is_fatal()).map(|a| (r.from, a)));
    let opened = d
        .records
        .iter()
        .filter(|c| matches!(c, Opened::Opened { .. }))
        .count();
    let decryption = match (&d.outcome, keys) {
        (_, None) => "No key log: what an eavesdropper sees.".to_string(),
        (decrypt::Outcome::Opened, Some(_)) => {
            format!("The key log opened all {opened} protected records.")
        }
        (decrypt::Outcome::Sealed(why) | decrypt::Outcome::Failed(why), Some(_)) => {
            format!(
                "The key log opened {opened} of {} protected records: {why}.",
                opened
                    + d.records
                        .iter()
                        .filter(|c| matches!(c, Opened::Sealed))
                        .count()
            )
        }
    };
    let opened = opened > 0;
    let negotiated = hello.settled();
    let summary = format!(
        "Recorded: {path}, {negotiated}, {} records. {decryption}",
        records.len()
    );
    Transcript {
        scenario: scenario(hello, hello.suite.and_then(Suite::known)),
        outcome: Outcome {
            handshake_complete: sent(Party::Client, finished) && sent(Party::Server, finished),
            exchange_complete: sent(Party::Client, Content::ApplicationData)
                && sent(Party::Server, Content::ApplicationData),
            alert,
            stalled: false,
            browser_error: None,
            summary,
        },
        records,
        derivations,
        chain: None,
        client_chain: None,
        fault_notice: None,
        #[cfg(feature = "resumption")]
        first_visit: None,
        #[cfg(feature = "resumption")]
        replay: None,
        #[cfg(feature = "attack")]
        attacker: None,
        recorded: Some(RecordedFrom {
            path,
            server_name: hello.server_name(),
            negotiated,
            aead: hello.suite.and_then(Suite::known).map(|s| s.aead),
            opened,
            decryption,
        }),
    }
}

/// The simulated handshake closest to the recorded one: the views ask it which version they
/// show. Its suite may not be the recording's, which [`RecordedFrom::negotiated`] names.
fn scenario(hello: &Hello, suite: Option<&Suite>) -> Scenario {
    let protocol = match (hello.version, suite.and_then(|s| s.kx)) {
        (Some(ProtocolVersion::Tls13), _) => Protocol::Tls13,
        (_, Some(kx)) => Protocol::tls12(kx),
        _ => Protocol::Tls13,
    };
    Scenario {
        protocol,
        group: group(hello),
        hrr: hello.retry_group.is_some(),
        ems: hello.extended_master_secret,
        ..Scenario::default()
    }
}

/// The simulated group closest to the recorded key share's (the views and the secrets'
/// formulas know those two).
fn group(hello: &Hello) -> Group {
    match &hello.server_share {
        Some((NamedGroup::X25519MLKEM768, _)) => Group::X25519MlKem768,
        _ => Group::X25519,
    }
}

/// What each record carries: its handshake messages (reassembled per direction by
/// [`decrypt::messages`]: a message across records is labelled in each with its piece, several
/// in one record each get a label), the content of opened records, and only the outer type of
/// sealed ones.
fn labels(recording: &Recording, d: &Decryption) -> Vec<Vec<Label>> {
    // The record's type as its sender wrote it, unless nothing opened it.
    let typ = |i: usize| match &d.records[i] {
        Opened::Sealed => None,
        Opened::Clear => Some(ContentType::from_wire(recording.records[i].content_type)),
        Opened::Opened { content_type, .. } => Some(*content_type),
    };
    let mut out: Vec<Vec<Label>> = (0..recording.records.len())
        .map(|i| {
            let r = &recording.records[i];
            let content = match (typ(i), &d.records[i]) {
                (None, _) => Some(Content::Sealed(ContentType::from_wire(r.content_type))),
                (Some(ContentType::ChangeCipherSpec), _) => Some(Content::ChangeCipherSpec),
                (Some(ContentType::ApplicationData), _) => Some(Content::ApplicationData),
                (Some(ContentType::Alert), Opened::Opened { plaintext, .. }) => alert(plaintext),
                (Some(ContentType::Alert), _) => alert(&r.fragment),
                _ => None,
            };
            content.map(Label::new).into_iter().collect()
        })
        .collect();
    for m in decrypt::messages(recording, d) {
        let content = if m.hello_retry_request {
            Content::HelloRetryRequest
        } else {
            Content::Handshake(m.typ)
        };
        // The sender's handshake records from the first byte to the last: each holds a piece.
        let pieces: Vec<usize> = (m.first_record..=m.record)
            .filter(|&i| {
                recording.records[i].from == m.from && typ(i) == Some(ContentType::Handshake)
            })
            .collect();
        let n = pieces.len();
        for (k, at) in pieces.into_iter().enumerate() {
            out[at].push(Label {
                content,
                fragment: (n > 1).then_some((k + 1, n)),
                replayed: false,
            });
        }
    }
    out
}

/// An alert's label, if its two bytes read as one.
fn alert(bytes: &[u8]) -> Option<Content> {
    Alert::read(&mut Reader::new(bytes))
        .ok()
        .map(|a| Content::Alert(a.description))
}

/// How an opened record was sealed, as the simulation shows its own.
fn protection(
    r: &decrypt::Recorded,
    content: &Opened,
    suite: Option<&Suite>,
) -> Option<Protection> {
    let Opened::Opened {
        content_type,
        plaintext,
        sealing,
    } = content
    else {
        return None;
    };
    let tls13 = suite.is_some_and(Suite::is_tls13);
    // TLS 1.2's AES-GCM sends its nonce's last 8 bytes before the ciphertext (RFC 5288 §3).
    let explicit = match suite {
        Some(s) if !tls13 && s.aead != Aead::ChaCha20Poly1305 => EXPLICIT_NONCE_LEN,
        _ => 0,
    };
    let tag_at = r.fragment.len().saturating_sub(TAG_LEN);
    let (plaintext, plaintext_fields) = if tls13 {
        let mut inner = plaintext.clone();
        inner.push(content_type.to_wire());
        inner.resize(inner.len() + sealing.padding, 0);
        let fields = dissect::inner_plaintext_fields(&inner, suite);
        (inner, fields)
    } else {
        (
            plaintext.clone(),
            dissect::plaintext_fields(plaintext, *content_type, suite),
        )
    };
    Some(Protection {
        key: sealing.key,
        seq: sealing.seq,
        plaintext,
        plaintext_fields,
        inner_type: tls13.then_some(*content_type),
        nonce: sealing.nonce.clone(),
        aad: sealing.aad.clone(),
        ciphertext: r
            .fragment
            .get(explicit.min(tag_at)..tag_at)
            .unwrap_or_default()
            .to_vec(),
        tag: r.fragment.get(tag_at..).unwrap_or_default().to_vec(),
    })
}

/// The key log's secrets and the keys made from them, each known to both ends from the first
/// record it opens (the recording cannot say when an endpoint computed it), and the randoms,
/// public from their hellos. Each one's arrival is an event of that record.
fn derivations(d: &Decryption, records: &mut [WireRecord]) -> Vec<Derivation> {
    let hello = &d.hello;
    let suite = hello.suite.and_then(Suite::known);
    let cx = Context {
        tls13: suite.is_some_and(Suite::is_tls13),
        ems: hello.extended_master_secret,
        ecdhe: suite.and_then(|s| s.kx) == Some(KeyExchange::Ecdhe),
        group: group(hello),
        hrr: hello.retry_group.is_some(),
        // Only the Early Secret's formula depends on it, and a key log holds no early-stage
        // value.
        resumed: false,
    };
    let carrying = |c: Content| {
        records
            .iter()
            .find(|r| r.messages.iter().any(|l| l.content == c))
            .map(|r| r.number)
    };
    let mut values: Vec<Known> = Vec::new();
    for (secret, random, hello_message) in [
        (
            Secret::ClientRandom,
            hello.client_random,
            HandshakeType::ClientHello,
        ),
        (
            Secret::ServerRandom,
            hello.server_random,
            HandshakeType::ServerHello,
        ),
    ] {
        if let Some(random) = random {
            let at = carrying(Content::Handshake(hello_message));
            values.push(Known {
                secret,
                formula: secret.formula(&cx).to_string(),
                value: random.to_vec(),
                at,
                public: true,
            });
        }
    }
    let present: Vec<Secret> = d
        .steps
        .iter()
        .map(|s| s.secret)
        .chain(values.iter().map(|v| v.secret))
        .collect();
    let inputs = |s: Secret| -> Vec<Secret> {
        s.inputs(&cx)
            .iter()
            .copied()
            .filter(|i| present.contains(i))
            .collect()
    };
    // A value is known from the first record opened with a key it leads to.
    let leads_to = |value: Secret, key: Secret| {
        let mut frontier = vec![key];
        while let Some(k) = frontier.pop() {
            if k == value || inputs(k).contains(&value) {
                return true;
            }
            frontier.extend(inputs(k));
        }
        // An IV is used with the key made from the same input.
        inputs(value).iter().any(|&i| inputs(key).contains(&i))
    };
    for step in &d.steps {
        let at = records
            .iter()
            .find(|r| {
                r.protection
                    .as_ref()
                    .is_some_and(|p| leads_to(step.secret, p.key))
            })
            .map(|r| r.number);
        values.push(Known {
            secret: step.secret,
            formula: step.formula.clone(),
            value: step.value.clone(),
            at,
            public: false,
        });
    }
    let mut out = Vec::with_capacity(values.len());
    for Known {
        secret,
        formula,
        value,
        at,
        public,
    } in values
    {
        if let Some(record) = at.and_then(|n| records.get_mut(n - 1)) {
            for party in [Party::Client, Party::Server] {
                record.events.push(Event::Derived {
                    party,
                    derivation: out.len(),
                });
            }
        }
        out.push(Derivation {
            id: secret.into(),
            name: secret.name().to_string(),
            formula,
            inputs: inputs(secret),
            value,
            rfc: secret.rfc_in(&cx).to_string(),
            client_knows_from: at,
            server_knows_from: at,
            public_from: at.filter(|_| public),
        });
    }
    out
}

/// A value the recording reveals, and the record it is known from.
struct Known {
    secret: Secret,
    formula: String,
    value: Vec<u8>,
    at: Option<usize>,
    public: bool,
}

/// What a record is, in a sentence, from what the recording shows of it.
fn explain(r: &WireRecord, content: &Opened, why_sealed: Option<&str>) -> String {
    let title = r.title();
    let sender = r.from.as_str();
    match content {
        Opened::Clear => format!(
            "{sender}: {title}, in the clear. Anyone on the path reads it field by field, as the inspector shows."
        ),
        Opened::Opened { sealing, .. } => format!(
            "{sender}: {title}, protected with {} (record {} under that key). The key log's secrets open it: the inspector shows the nonce, the additional data and the plaintext.",
            sealing.key.name(),
            sealing.seq
        ),
        Opened::Sealed => {
            let why = why_sealed
                .map(|why| format!(" ({why})"))
                .unwrap_or_default();
            format!(
                "{sender}: a protected record of {} bytes. Without its keys{why}, an eavesdropper sees only the header, the ciphertext and the tag.",
                r.bytes.len().saturating_sub(5)
            )
        }
    }
}
