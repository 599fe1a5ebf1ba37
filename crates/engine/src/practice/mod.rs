//! "Predict, then see" (issue 13): before each record is revealed, a question about it,
//! generated from the transcript. The right answer comes from the data; the wrong choices are
//! plausible ones, including the classic mistake that the browser sends "the session key,
//! encrypted with the public key". The same run and seed always give the same questions in
//! the same order.

use crate::crypto::secrets::Secret;
use crate::export::SplitMix;
use crate::glance::{Glance, later};
use crate::msgs::enums::{AlertDescription, ContentType, HandshakeType};
use crate::scenario::Protocol;
use crate::transcript::{Content, Label, Party, Transcript, WireRecord};
use crate::wire::Fault;

#[cfg(feature = "resumption")]
mod resumption;

/// What a question asks about the record about to be revealed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Which message comes next.
    NextMessage,
    /// Who sends it.
    Sender,
    /// Whether it travels encrypted.
    Encrypted,
    /// What someone recording the wire can read of it.
    Eavesdropper,
    /// What the key exchange message carries.
    KeyExchange,
    /// Who knows a secret once the record has arrived.
    WhoKnows,
    /// Which alert a fault on the wire causes.
    Alert,
    /// What a secret handed over years later opens of a recording of the run.
    Later,
    /// What a resumed run reuses, leaves out or risks (0-RTT's replay).
    Resumption,
}

/// One question, asked before record `record` (1-based) is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// The record it asks about, from 1; the question comes before the record is shown.
    pub record: usize,
    /// What it asks about.
    pub kind: Kind,
    /// The question as shown.
    pub prompt: String,
    /// Two to four choices, in the order shown.
    pub choices: Vec<String>,
    /// Index of the right one in `choices`.
    pub answer: usize,
    /// One line on why, shown after any answer.
    pub why: String,
}

/// A question before its choices are shuffled in.
struct Draft {
    kind: Kind,
    prompt: String,
    right: String,
    wrong: Vec<String>,
    why: String,
}

const BOTH_AND_WIRE: &str = "Browser, server and anyone recording the wire";
const BOTH: &str = "Browser and server only";
const BROWSER: &str = "Only the browser";
const SERVER: &str = "Only the server";

/// One question per record, for `t`; `seed` orders the choices.
pub fn questions(t: &Transcript, seed: u64) -> Vec<Question> {
    let mut rng = SplitMix(seed);
    t.records
        .iter()
        .map(|r| {
            let d = ask(t, r);
            let mut choices = d.wrong;
            choices.truncate(3);
            // The right answer goes in at a seeded place among the wrong ones.
            let at = (rng.next() % (choices.len() as u64 + 1)) as usize;
            choices.insert(at, d.right);
            Question {
                record: r.number,
                kind: d.kind,
                prompt: d.prompt,
                choices,
                answer: at,
                why: d.why,
            }
        })
        .collect()
}

/// The question for one record.
fn ask(t: &Transcript, r: &WireRecord) -> Draft {
    let what = r.title();
    let tls13 = t.scenario.protocol == Protocol::Tls13;
    if let Some(fault) = &r.fault
        && let Some((from, alert)) = &t.outcome.alert
    {
        return Draft {
            kind: Kind::Alert,
            prompt: format!(
                "The wire {} record {}. Which alert ends the connection?",
                fault_verb(fault.fault),
                r.number
            ),
            right: alert.name().to_string(),
            wrong: ALERTS
                .iter()
                .filter(|a| **a != alert.description)
                .map(|a| a.as_str().to_string())
                .collect(),
            why: format!(
                "The {} detects it and sends {} (fatal): {}",
                from.as_str().to_lowercase(),
                alert.name(),
                fault.detail
            ),
        };
    }
    #[cfg(feature = "resumption")]
    if let Some(q) = resumption::question(t, r) {
        return q;
    }
    if r.carries(HandshakeType::ClientKeyExchange) {
        return key_exchange_question(t);
    }
    if let Some(q) = who_knows_question(t, r) {
        return q;
    }
    if let Some(q) = later_question(t, r) {
        return q;
    }
    // Otherwise the kinds take turns along the run.
    match r.number % 4 {
        0 => {
            let sender = r.from.as_str();
            Draft {
                kind: Kind::Sender,
                prompt: "Who sends the next record?".into(),
                right: sender.into(),
                wrong: vec![r.from.peer().as_str().to_string()],
                why: format!("{what} comes from the {}.", sender.to_lowercase()),
            }
        }
        1 => Draft {
            kind: Kind::Encrypted,
            prompt: format!("The next record carries {what}. Does it travel encrypted?"),
            right: yes_no(r.protection.is_some()).into(),
            wrong: vec![yes_no(r.protection.is_none()).into()],
            why: if r.protection.is_some() {
                format!(
                    "It is sealed with {}: {}",
                    r.protection.as_ref().map_or("", |p| p.key.name()),
                    if tls13 {
                        "in TLS 1.3 everything after ServerHello is encrypted."
                    } else {
                        "in TLS 1.2 each side encrypts from its ChangeCipherSpec on."
                    }
                )
            } else if tls13 {
                "Only the hellos (and the compatibility ChangeCipherSpec) travel in the clear in TLS 1.3: no keys exist before them.".into()
            } else {
                "TLS 1.2 encrypts only after each side's ChangeCipherSpec: the whole handshake before it is readable.".into()
            },
        },
        2 => eavesdropper_question(r, tls13),
        _ => Draft {
            kind: Kind::NextMessage,
            prompt: "Which message comes next?".into(),
            right: what.clone(),
            wrong: next_message_distractors(t, r),
            why: format!(
                "The {} sends {what} now{}.",
                r.from.as_str().to_lowercase(),
                if r.flight > 1 {
                    format!(", in flight {}", r.flight)
                } else {
                    String::new()
                }
            ),
        },
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}

fn fault_verb(fault: Fault) -> &'static str {
    match fault {
        Fault::Drop { .. } => "drops",
        Fault::Flip { .. } => "flips a byte of",
        Fault::Reorder { .. } => "delays",
        Fault::Replay { .. } => "replays",
        Fault::Truncate { .. } => "cuts short",
    }
}

/// Alerts a student may guess for a fault; the real one is taken out.
const ALERTS: [AlertDescription; 6] = [
    AlertDescription::BadRecordMac,
    AlertDescription::DecryptError,
    AlertDescription::UnexpectedMessage,
    AlertDescription::DecodeError,
    AlertDescription::HandshakeFailure,
    AlertDescription::RecordOverflow,
];

/// Message names a student may expect at any point.
const MESSAGES_12: [Content; 9] = [
    Content::Handshake(HandshakeType::ClientHello),
    Content::Handshake(HandshakeType::ServerHello),
    Content::Handshake(HandshakeType::Certificate),
    Content::Handshake(HandshakeType::ServerKeyExchange),
    Content::Handshake(HandshakeType::ServerHelloDone),
    Content::Handshake(HandshakeType::ClientKeyExchange),
    Content::ChangeCipherSpec,
    Content::Handshake(HandshakeType::Finished),
    Content::ApplicationData,
];
const MESSAGES_13: [Content; 8] = [
    Content::Handshake(HandshakeType::ServerHello),
    Content::Handshake(HandshakeType::EncryptedExtensions),
    Content::Handshake(HandshakeType::Certificate),
    Content::Handshake(HandshakeType::CertificateVerify),
    Content::Handshake(HandshakeType::Finished),
    Content::ChangeCipherSpec,
    Content::Handshake(HandshakeType::NewSessionTicket),
    Content::ApplicationData,
];

/// Wrong next messages: those of this handshake that are not next, nearest to the real one
/// in the handshake's order first (the likeliest confusions).
fn next_message_distractors(t: &Transcript, r: &WireRecord) -> Vec<String> {
    let pool: &[Content] = if t.scenario.protocol == Protocol::Tls13 {
        &MESSAGES_13
    } else {
        &MESSAGES_12
    };
    let is_next = |m: &Content| r.messages.iter().any(|l| l.content == *m);
    let at = pool.iter().position(is_next).unwrap_or(0);
    let mut wrong: Vec<(usize, Content)> = pool
        .iter()
        .enumerate()
        .filter(|(_, m)| !is_next(m))
        .map(|(i, m)| (i.abs_diff(at), *m))
        .collect();
    wrong.sort_by_key(|(distance, _)| *distance);
    wrong
        .into_iter()
        .map(|(_, m)| Label::new(m).to_string())
        .collect()
}

fn eavesdropper_question(r: &WireRecord, tls13: bool) -> Draft {
    let everything = "All of it: every field, in the clear".to_string();
    let type_and_length = "Its content type and length, nothing of the content".to_string();
    let length_only = "Only its length: even its content type is hidden".to_string();
    let what = r.title();
    let (right, why) = match (&r.protection, tls13) {
        (None, _) => (
            everything.clone(),
            format!("{what} is not encrypted: a recorder reads every field, e.g. in the inspector."),
        ),
        (Some(_), false) => (
            type_and_length.clone(),
            "TLS 1.2's record header (type, version, length) stays in the clear; the content and its tag are sealed.".into(),
        ),
        (Some(_), true) => (
            length_only.clone(),
            "TLS 1.3 says application_data on every protected record and hides the real type inside: only the length shows.".into(),
        ),
    };
    let wrong = [
        everything,
        type_and_length,
        length_only,
        "Nothing at all: the whole record is hidden".into(),
    ]
    .into_iter()
    .filter(|c| *c != right)
    .collect();
    Draft {
        kind: Kind::Eavesdropper,
        prompt: format!(
            "Someone records the wire. What can they read of the next record ({what})?"
        ),
        right,
        wrong,
        why,
    }
}

fn key_exchange_question(t: &Transcript) -> Draft {
    let rsa = t.scenario.protocol == Protocol::Rsa;
    let encrypted_pms = "The pre-master secret, encrypted with the server's public key";
    let share = "The browser's ephemeral public key share (X25519)";
    // The classic mistake: keys are not sent, even encrypted.
    let session_key = "The session key, encrypted with the server's public key";
    let master = "The master secret";
    let (right, why) = if rsa {
        (
            encrypted_pms,
            "RSA key transport: the pre-master secret (2 version bytes, 46 random) is encrypted to the certificate's key, and both sides derive the keys from it. All keying material crosses once, encrypted.",
        )
    } else {
        (
            share,
            "ECDHE: each side sends only a public share; both compute the same pre-master secret from their own private value and the other's share. Nothing secret crosses the wire.",
        )
    };
    let wrong = [encrypted_pms, share, session_key, master]
        .into_iter()
        .filter(|c| *c != right)
        .map(String::from)
        .collect();
    Draft {
        kind: Kind::KeyExchange,
        prompt: "The next record is ClientKeyExchange. What does it carry?".into(),
        right: right.into(),
        wrong,
        why: why.into(),
    }
}

/// At the request, what the server's key stolen years later opens of a recording; at the
/// response, what a quantum computer does. The answers are the side-by-side view's, which the
/// outsider's experiments check.
fn later_question(t: &Transcript, r: &WireRecord) -> Option<Draft> {
    // A resumed run's keys come from the first visit's too: its answers do not fit.
    if t.scenario.resumes() {
        return None;
    }
    let first = t
        .records
        .iter()
        .find(|x| x.from == r.from && x.kind == ContentType::ApplicationData)?;
    if first.number != r.number {
        return None;
    }
    let g = Glance::of(t);
    let (prompt, sealed, [opens, stays, other], [why_opens, why_stays]) = match r.from {
        Party::Client => (
            "Someone records this whole run. Years later, the server's private key is stolen. What becomes of the recording?",
            g.forward_secret == Some(true),
            [later::KEY_OPENS, later::KEY_SEALED, later::SHOR_SEALED],
            [
                "RSA key transport: the browser sent the pre-master secret encrypted to the server's key, so that key opens every recorded session.",
                "The server's key only signed: the keys came from ephemeral shares whose private values never crossed the wire and are gone.",
            ],
        ),
        Party::Server => (
            "Someone records this whole run. Years later, a quantum computer runs Shor's algorithm on the public keys in it. What becomes of the recording?",
            g.post_quantum == Some(true),
            [later::SHOR_OPENS, later::SHOR_SEALED, later::KEY_SEALED],
            [
                "Shor's algorithm computes the private key behind each classical public key on the wire: erasing the ephemeral ones does not help.",
                "The X25519 half falls, but the ML-KEM half of the shared secret cannot be recovered from the recording.",
            ],
        ),
    };
    let (right, wrong, why) = if sealed {
        (stays, opens, why_stays)
    } else {
        (opens, stays, why_opens)
    };
    Some(Draft {
        kind: Kind::Later,
        prompt: prompt.into(),
        right: right.into(),
        wrong: vec![wrong.into(), other.into()],
        why: why.into(),
    })
}

/// The first secret that someone comes to know with this record, if any, asked about.
fn who_knows_question(t: &Transcript, r: &WireRecord) -> Option<Draft> {
    let n = r.number;
    // A secret that comes to exist with this record: someone first knows it now.
    let d = t.derivations.iter().find(|d| {
        d.id.copy_at.is_none()
            && ASKED.contains(&d.id.secret)
            && [d.client_knows_from, d.server_knows_from]
                .into_iter()
                .flatten()
                .min()
                == Some(n)
    })?;
    let knows = |from: Option<usize>| from.is_some_and(|k| k <= n);
    let right = match (
        knows(d.client_knows_from),
        knows(d.server_knows_from),
        knows(d.public_from),
    ) {
        (_, _, true) => BOTH_AND_WIRE,
        (true, true, false) => BOTH,
        (true, false, false) => BROWSER,
        _ => SERVER,
    };
    let wrong = [BOTH_AND_WIRE, BOTH, BROWSER, SERVER]
        .into_iter()
        .filter(|c| *c != right)
        .map(String::from)
        .collect();
    let why = match right {
        BOTH_AND_WIRE => format!("{} travels in the clear.", d.name),
        BOTH => format!(
            "Each side computes {} itself; it never crosses the wire, so a recorder does not have it.",
            d.name
        ),
        _ => format!(
            "Only one side has {} yet: the other computes it when a later message arrives.",
            d.name
        ),
    };
    Some(Draft {
        kind: Kind::WhoKnows,
        prompt: format!(
            "Once record {n} ({}) has arrived, who knows {}?",
            r.title(),
            d.name
        ),
        right: right.into(),
        wrong,
        why,
    })
}

/// The secrets worth a question: the ones students confuse.
const ASKED: [Secret; 5] = [
    Secret::MasterSecret,
    Secret::PreMasterSecret,
    Secret::HandshakeSecret,
    Secret::ClientApplicationTrafficSecret,
    Secret::SharedSecret,
];
