//! `tls-lab decrypt`: the TLS connections in a capture, each record decrypted as far as the
//! given secret allows (the server's RSA key, or a key log), by the engine's decrypter: the
//! same code the page's attacker runs.

use engine::capture::{self, Connection};
use engine::codec::hex;
use engine::decrypt::{self, Content, Decryption, Given, KeyLog, Message, Outcome, Recording};
use engine::msgs::enums::{ContentType, describe_u16};
use engine::pki;
use serde_json::{Value, json};

use crate::args::DecryptArgs;
use crate::failure::Failure;
use crate::text;

use super::read_file;

pub fn run(args: &DecryptArgs) -> Result<(), Failure> {
    let bytes = std::fs::read(&args.pcap)
        .map_err(|e| Failure::failed(format!("cannot read --pcap {}: {e}", args.pcap.display())))?;
    let c = capture::read(&bytes)
        .map_err(|e| Failure::failed(format!("{}: {e}", args.pcap.display())))?;
    let key;
    let log;
    // clap requires exactly one of the two.
    let given = match (&args.server_key, &args.keylog) {
        (Some(path), _) => {
            key = pki::parse_private_key_pem(&read_file("--server-key", path)?)
                .map_err(|e| Failure::failed(format!("--server-key {}: {e}", path.display())))?;
            Given::ServerKey(&key)
        }
        (None, Some(path)) => {
            log = KeyLog::parse(&read_file("--keylog", path)?)
                .map_err(|e| Failure::failed(format!("--keylog {}: {e}", path.display())))?;
            Given::KeyLog(&log)
        }
        (None, None) => return Err(Failure::failed("give --server-key or --keylog")),
    };
    let connections: Vec<Decrypted> = c
        .connections
        .iter()
        .map(|conn| {
            let recording = Recording::of_connection(conn);
            let d = decrypt::decrypt(&recording, given);
            let messages = decrypt::messages(&recording, &d);
            (conn, recording, d, messages)
        })
        .filter(|(_, r, _, _)| !r.records.is_empty())
        .collect();
    if connections.is_empty() {
        return Err(Failure::failed(format!(
            "{}: no TLS connection in the capture",
            args.pcap.display()
        )));
    }
    let out = if args.json {
        let list: Vec<Value> = connections.iter().map(to_json).collect();
        let mut s = serde_json::to_string_pretty(&json!({ "connections": list }))
            .map_err(|e| Failure::failed(format!("cannot write JSON: {e}")))?;
        s.push('\n');
        s
    } else {
        connections
            .iter()
            .enumerate()
            .map(|(i, c)| describe(i + 1, c))
            .collect()
    };
    text::out(out.as_bytes())?;
    // A connection the secret should have opened and did not is a failure of the run; a
    // sealed one is the answer (forward secrecy), not an error.
    match connections
        .iter()
        .find_map(|(_, _, d, _)| match &d.outcome {
            Outcome::Failed(why) => Some(why),
            _ => None,
        }) {
        Some(why) => Err(Failure::failed(why.clone())),
        None => Ok(()),
    }
}

/// A connection, its records, what the secret opened and the handshake messages read.
type Decrypted<'a> = (&'a Connection, Recording, Decryption, Vec<Message>);

fn describe(number: usize, (conn, recording, d, messages): &Decrypted) -> String {
    let mut out = format!(
        "connection {number}: client {} server {}\n",
        conn.client, conn.server
    );
    let h = &d.hello;
    if let (Some(version), Some(suite)) = (h.version, h.suite) {
        out.push_str(&format!(
            "  {version}, {suite}{}\n",
            if h.extended_master_secret {
                ", extended master secret"
            } else {
                ""
            }
        ));
    }
    for s in &d.steps {
        out.push_str(&format!(
            "  {} = {}\n    {}\n",
            s.name(),
            s.formula,
            hex(&s.value)
        ));
    }
    for (i, (r, content)) in recording.records.iter().zip(&d.records).enumerate() {
        let typ = ContentType::from_wire(r.content_type);
        out.push_str(&format!(
            "  record #{} {} {typ} {} bytes",
            r.packet.unwrap_or(0),
            r.from.as_str().to_lowercase(),
            r.fragment.len()
        ));
        match content {
            Content::Clear => out.push_str(" (clear)\n"),
            Content::Sealed => out.push_str(" (sealed)\n"),
            Content::Opened {
                content_type,
                plaintext,
                ..
            } => {
                out.push_str(&format!(
                    " -> decrypted {content_type}, {} bytes\n",
                    plaintext.len()
                ));
                match as_text(*content_type, plaintext) {
                    Some(t) => {
                        for line in t.lines() {
                            out.push_str(&format!("    | {line}\n"));
                        }
                    }
                    None => out.push_str(&format!("    {}\n", hex(plaintext))),
                }
            }
        }
        for m in messages.iter().filter(|m| m.record == i) {
            out.push_str(&format!("    {}", m.name()));
            if !m.extensions.is_empty() {
                let names: Vec<String> = m
                    .extensions
                    .iter()
                    .map(|e| describe_u16(e.to_wire(), e))
                    .collect();
                out.push_str(&format!(": {}", names.join(", ")));
            }
            if let Some(why) = &m.undecoded {
                out.push_str(&format!(" (not decoded: {why})"));
            }
            out.push('\n');
        }
    }
    out.push_str(&match &d.outcome {
        Outcome::Opened => "  every protected record opened\n".to_string(),
        Outcome::Sealed(why) => format!("  sealed: {why}\n"),
        Outcome::Failed(why) => format!("  not decrypted: {why}\n"),
    });
    out
}

/// Application data that is text (e.g. HTTP/1.1), for a reader; anything else stays hex.
fn as_text(typ: ContentType, plaintext: &[u8]) -> Option<&str> {
    let s = std::str::from_utf8(plaintext).ok()?;
    (typ == ContentType::ApplicationData
        && s.chars()
            .all(|c| !c.is_control() || c == '\r' || c == '\n' || c == '\t'))
    .then_some(s)
}

fn to_json((conn, recording, d, messages): &Decrypted) -> Value {
    let (outcome, why) = match &d.outcome {
        Outcome::Opened => ("opened", None),
        Outcome::Sealed(why) => ("sealed", Some(why)),
        Outcome::Failed(why) => ("failed", Some(why)),
    };
    json!({
        "client": conn.client.to_string(),
        "server": conn.server.to_string(),
        "version": d.hello.version.map(|v| v.to_string()),
        "suite": d.hello.suite.map(|s| s.to_string()),
        "extended_master_secret": d.hello.extended_master_secret,
        "steps": d.steps.iter().map(|s| json!({
            "name": s.name(), "formula": s.formula, "value": hex(&s.value),
        })).collect::<Vec<_>>(),
        "records": recording.records.iter().zip(&d.records).map(|(r, c)| {
            let mut v = json!({
                "packet": r.packet,
                "from": r.from.as_str().to_lowercase(),
                "content_type": r.content_type,
                "length": r.fragment.len(),
            });
            match c {
                Content::Clear => v["content"] = "clear".into(),
                Content::Sealed => v["content"] = "sealed".into(),
                Content::Opened { content_type, plaintext, .. } => {
                    v["content"] = "opened".into();
                    v["inner_type"] = content_type.to_wire().into();
                    v["plaintext"] = hex(plaintext).into();
                    if let Some(t) = as_text(*content_type, plaintext) {
                        v["text"] = t.into();
                    }
                }
            }
            v
        }).collect::<Vec<_>>(),
        "messages": messages.iter().map(|m| json!({
            "record": m.record,
            "from": m.from.as_str().to_lowercase(),
            "type": m.typ.to_wire(),
            "name": m.name(),
            "extensions": m.extensions.iter().map(|e| e.to_wire()).collect::<Vec<_>>(),
            "undecoded": m.undecoded,
        })).collect::<Vec<_>>(),
        "outcome": outcome,
        "why": why,
    })
}
