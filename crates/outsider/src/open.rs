//! An experiment: the recording and a leaked secret through the engine's decrypter, told as
//! the student reads it: the verdict, each step, the recorded request and response, and what
//! the experiment teaches.

use engine::decrypt::{
    self, Content, Decryption, Given, Hello, KeyLog, Outcome, Quantum, Recording,
};
use engine::msgs::enums::{AlertDescription, ContentType, NamedGroup, ProtocolVersion};
use engine::pki;
use engine::transcript::Party;

use crate::evidence::Leak;
use crate::report::{Opening, Seen, Step, Verdict};

/// What `leak` opens of `recording`; each opened record's content is noted in `seen`.
pub fn opening(recording: &Recording, leak: &Leak, seen: &mut [Seen]) -> Opening {
    let d = match leak {
        Leak::ServerKey(der) => match pki::parse_private_key_der(der) {
            Ok(key) => decrypt::decrypt(recording, Given::ServerKey(&key)),
            Err(e) => return failed(format!("the leaked server key cannot be read: {e}")),
        },
        Leak::Quantum { x25519, server_key } => {
            let quantum = Quantum {
                x25519: x25519.clone(),
                server_key: pki::parse_private_key_der(server_key).ok(),
            };
            decrypt::decrypt(recording, Given::Quantum(&quantum))
        }
    };
    told(recording, d, "the leaked secret", seen, |d, request| {
        (notes(leak, d), brief(leak, d, request))
    })
}

/// What a key log (SSLKEYLOGFILE, RFC 9850) opens of a captured connection.
pub fn with_key_log(recording: &Recording, log: &KeyLog, seen: &mut [Seen]) -> Opening {
    let d = decrypt::decrypt(recording, Given::KeyLog(log));
    let listed = d.hello.client_random.is_some_and(|r| log.has(&r));
    told(recording, d, "the key log's secrets", seen, |d, _| {
        match &d.outcome {
        Outcome::Opened => (
            vec!["The key log holds the secrets the browser wrote out (SSLKEYLOGFILE, RFC 9850): whoever has the file reads the connection, which is why a browser writes it only when asked to.".into()],
            "opened with the key log".into(),
        ),
        Outcome::Sealed(why) | Outcome::Failed(why) => (
            vec![if listed {
                "The key log has lines for this connection's ClientHello.random, but they do not open its records.".into()
            } else {
                "The key log has no lines for this connection: its lines are looked up by ClientHello.random.".into()
            }],
            format!("not opened: {why}"),
        ),
    }
    })
}

/// The decryption `d` of `recording` with `secret` told: each opened record's content noted in
/// `seen`, the request and response read, and `say`'s notes and brief.
fn told(
    recording: &Recording,
    d: Decryption,
    secret: &str,
    seen: &mut [Seen],
    say: impl FnOnce(&Decryption, Option<&str>) -> (Vec<String>, String),
) -> Opening {
    let messages = decrypt::messages(recording, &d);
    let mut request = None;
    let mut response = None;
    for (i, (content, r)) in d.records.iter().zip(&recording.records).enumerate() {
        let Content::Opened {
            content_type,
            plaintext,
            ..
        } = content
        else {
            continue;
        };
        let names: Vec<&str> = messages
            .iter()
            .filter(|m| m.record == i)
            .map(|m| m.name())
            .collect();
        if let Some(s) = seen.get_mut(i) {
            s.opened = Some(summary(*content_type, plaintext, &names));
        }
        if *content_type == ContentType::ApplicationData {
            let text = String::from_utf8_lossy(plaintext).into_owned();
            match r.from {
                Party::Client => request.get_or_insert(text),
                Party::Server => response.get_or_insert(text),
            };
        }
    }
    let (notes, brief) = say(&d, request.as_deref());
    let (verdict, why) = match d.outcome {
        Outcome::Opened => (
            Verdict::Opened,
            format!(
                "Every protected record of the recording opens, with keys derived from {secret} alone."
            ),
        ),
        Outcome::Sealed(why) => (Verdict::Sealed, why),
        Outcome::Failed(why) => (Verdict::Failed, why),
    };
    Opening {
        verdict,
        why,
        brief,
        steps: d
            .steps
            .into_iter()
            .map(|s| Step {
                name: s.name().into(),
                formula: s.formula,
                value: s.value,
            })
            .collect(),
        request,
        response,
        notes,
    }
}

fn failed(why: String) -> Opening {
    Opening {
        verdict: Verdict::Failed,
        brief: format!("could not open: {why}"),
        why,
        steps: Vec::new(),
        request: None,
        response: None,
        notes: Vec::new(),
    }
}

/// The verdict in a line: what the eavesdropper read, or what kept it out.
fn brief(leak: &Leak, d: &Decryption, request: Option<&str>) -> String {
    match (&d.outcome, leak) {
        (Outcome::Opened, _) => {
            let line = request.and_then(|r| r.lines().next()).unwrap_or_default();
            let retried = d.hello.retry_group.is_some()
                && matches!(leak, Leak::Quantum { .. })
                && d.hello.first_share_groups.first() == Some(&NamedGroup::X25519MLKEM768);
            format!(
                "opened: the eavesdropper read “{line}”{}",
                if retried {
                    " (the retry to x25519 cost the post-quantum protection)"
                } else {
                    ""
                }
            )
        }
        (Outcome::Sealed(_), Leak::ServerKey(_)) => {
            "stayed sealed: the key only signed, and the key exchange was ephemeral (forward secrecy)".into()
        }
        (Outcome::Sealed(_), Leak::Quantum { .. }) => {
            "stayed sealed: the X25519 half fell, the ML-KEM half resists Shor's algorithm".into()
        }
        (Outcome::Failed(why), _) => format!("could not open: {why}"),
    }
}

/// An opened record's content in a line: its messages, its text's first line, its alert.
fn summary(typ: ContentType, plaintext: &[u8], messages: &[&str]) -> String {
    match typ {
        ContentType::Handshake if messages.is_empty() => {
            format!("part of a handshake message ({} bytes)", plaintext.len())
        }
        ContentType::Handshake => messages.join(", "),
        ContentType::Alert if plaintext.len() == 2 => {
            format!("Alert: {}", AlertDescription::from_wire(plaintext[1]))
        }
        ContentType::ApplicationData => {
            let text = String::from_utf8_lossy(plaintext);
            let line = text.lines().next().unwrap_or_default();
            format!("{line} ({} bytes of application data)", plaintext.len())
        }
        other => format!("{other}, {} bytes", plaintext.len()),
    }
}

/// What the experiment teaches beyond its verdict.
fn notes(leak: &Leak, d: &Decryption) -> Vec<String> {
    let hello: &Hello = &d.hello;
    let opened = d.outcome == Outcome::Opened;
    let tls13 = hello.version == Some(ProtocolVersion::Tls13);
    let mut notes = Vec::new();
    match leak {
        Leak::ServerKey(_) => {
            if opened {
                notes.push("RSA key transport: the browser sent the pre-master secret across the wire, encrypted to the server's key, so that one key opens every session ever recorded with it. No forward secrecy: one of the three reasons RFC 10015 (2026) forbids clients to offer it.".into());
            }
            notes.push("The stolen key still lets the thief impersonate the server in new handshakes, until its certificate expires or is revoked.".into());
        }
        Leak::Quantum { .. } => {
            notes.push("A quantum computer would compute these private keys from the public keys on the wire; here the simulation gives them to the attacker.".into());
            let hybrid_first = hello
                .first_share_groups
                .first()
                .is_some_and(|g| *g == NamedGroup::X25519MLKEM768);
            let ended_x25519 = hello
                .server_share
                .as_ref()
                .is_some_and(|(g, _)| *g == NamedGroup::x25519);
            if hello.retry_group.is_some() && hybrid_first && ended_x25519 {
                notes.push("The browser offered X25519MLKEM768 first, but the server's HelloRetryRequest asked for x25519, and the browser complied: the retry cost the post-quantum protection.".into());
            } else if opened && (tls13 || hello.server_point.is_some()) {
                notes.push("Forward secrecy does not help here: the ephemeral private keys were erased, but their public halves are in the recording, and Shor's algorithm recomputes the private ones.".into());
            }
            notes.push("Authentication stays classical: the certificate and the signatures are RSA, so such a computer could forge them and impersonate a server in a live handshake. What it cannot do is open a recorded X25519MLKEM768 session.".into());
        }
    }
    notes
}
