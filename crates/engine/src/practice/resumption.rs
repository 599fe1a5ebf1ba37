//! Questions a resumed run asks (feature `resumption`, issue 32): what the offered session
//! proves, what the second visit leaves out, which key seals 0-RTT data, and what a replay
//! of the first flight does. Asked only where the run really resumed; the answers come from
//! its transcript and its first visit's.

use super::{Draft, Kind};
use crate::crypto::secrets::Secret;
use crate::msgs::enums::{ContentType, HandshakeType};
use crate::scenario::Protocol;
use crate::transcript::{Content, Label, Party, Transcript, WireRecord};

/// The question for `r` if it is one a resumed run asks about.
pub(super) fn question(t: &Transcript, r: &WireRecord) -> Option<Draft> {
    let first = t.first_visit.as_deref()?;
    // A server that refused the session sent its certificate: a full handshake after all.
    if t.contents()
        .contains(&Content::Handshake(HandshakeType::Certificate))
    {
        return None;
    }
    let tls13 = t.scenario.protocol == Protocol::Tls13;
    if r.number == 1 {
        return Some(if tls13 { binder() } else { master_secret() });
    }
    if r.from == Party::Server && r.carries(HandshakeType::ServerHello) {
        return Some(skipped(t, first, tls13));
    }
    let early = r.protection.as_ref().map(|p| p.key) == Some(Secret::ClientEarlyKey);
    if early && r.kind == ContentType::ApplicationData {
        return Some(early_key());
    }
    if r.carries(HandshakeType::EndOfEarlyData) {
        return t.replay.as_ref().map(replayed);
    }
    None
}

fn binder() -> Draft {
    Draft {
        kind: Kind::Resumption,
        prompt: "The ClientHello offers the first visit's ticket, which anyone on the path can copy. How does the server know this browser holds the session's key?".into(),
        right: "The binder: an HMAC over this ClientHello with a key made from the PSK".into(),
        wrong: vec![
            "The ticket is signed with the server's certificate key".into(),
            "The browser sends a CertificateVerify".into(),
            "The ticket is encrypted to the browser's public key".into(),
        ],
        why: "RFC 8446 §4.2.11.2: the binder is a Finished-style HMAC over the ClientHello up to the binders, keyed from binder_key, which comes from the PSK. A copied ticket without the PSK cannot produce it, and a changed ClientHello breaks it.".into(),
    }
}

fn master_secret() -> Draft {
    Draft {
        kind: Kind::Resumption,
        prompt: "The ClientHello offers the first visit's session. If the server takes it, where do this connection's keys come from?".into(),
        right: "The first visit's master secret, with this connection's two new randoms".into(),
        wrong: vec![
            "A new pre-master secret in a ClientKeyExchange".into(),
            "The session ticket itself: it is the key".into(),
            "The server's private key".into(),
        ],
        why: "RFC 5246 §7.3's abbreviated handshake has no key exchange: the key block is PRF(master_secret, \"key expansion\", server_random + client_random), so the fresh randoms give fresh keys from the old master secret. Whoever learns that master secret reads both visits.".into(),
    }
}

/// What the first visit sent that this one does not.
fn skipped(t: &Transcript, first: &Transcript, tls13: bool) -> Draft {
    let now = t.contents();
    let left_out: Vec<String> = first
        .contents()
        .into_iter()
        .filter(|c| !now.contains(c))
        .map(|c| Label::new(c).to_string())
        .collect();
    let right = left_out.join(", ");
    let wrong = if tls13 {
        [
            "Nothing: the server proves its identity with a certificate every time",
            "Only the Certificate: the server still signs with CertificateVerify",
            "The key shares: the PSK alone makes the keys",
        ]
    } else {
        [
            "Nothing: the server proves its identity with a certificate every time",
            "Only the Certificate: a new key exchange still follows",
            "The Finished messages: the first visit already checked the keys",
        ]
    };
    Draft {
        kind: Kind::Resumption,
        prompt: "The server takes the offered session. Which of the first visit's messages does this handshake leave out?".into(),
        wrong: wrong.into_iter().map(String::from).filter(|w| *w != right).collect(),
        right,
        why: if tls13 {
            "Holding the PSK proves the server issued the ticket, so no certificate or signature is needed (§2.2). With psk_dhe_ke both sides still send key shares: a fresh X25519 secret keeps the new keys forward secret.".into()
        } else {
            "The abbreviated handshake (RFC 5246 §7.3): the server proves itself with its Finished, which needs the old master secret. No certificate, no key exchange: fast, but no new forward secrecy.".into()
        },
    }
}

fn early_key() -> Draft {
    Draft {
        kind: Kind::Resumption,
        prompt: "The request leaves with the ClientHello, before the server has answered. What seals it?".into(),
        right: "client_early_traffic_secret's key, made from the PSK alone".into(),
        wrong: vec![
            "client_handshake_traffic_secret's key".into(),
            "client_application_traffic_secret_0's key".into(),
            "Nothing: it travels in the clear".into(),
        ],
        why: "No key share has been answered yet, so only the PSK can key it (RFC 8446 §7.1): 0-RTT data is not forward secret, and the server cannot tell a first copy from a replayed one.".into(),
    }
}

fn replayed(replay: &crate::transcript::Replay) -> Draft {
    const AGAIN: &str = "The server runs the request a second time";
    const SKIPPED: &str = "Nothing: the ticket was spent, so the early data is skipped";
    let taken = replay.single_use.is_some();
    let (right, wrong) = if taken {
        (AGAIN, SKIPPED)
    } else {
        (SKIPPED, AGAIN)
    };
    let reusing = if replay.reusable.is_some() {
        "A server that lets a ticket be reused delivered it again, as the lab measured"
    } else {
        "A server that lets a ticket be reused would take it again"
    };
    Draft {
        kind: Kind::Resumption,
        prompt: "Someone recorded this first flight and sends it again to the server, in a new connection. What happens?".into(),
        right: right.into(),
        wrong: vec![
            wrong.into(),
            "The record's sequence number gives it away: bad_record_mac".into(),
        ],
        why: format!(
            "{} {reusing}: 0-RTT suits only requests that are safe to repeat.",
            if taken {
                "This server took the replayed early data (RFC 8446 §8)."
            } else {
                "This server's tickets resume once (RFC 8446 §8.1), so the replay found no session."
            }
        ),
    }
}
