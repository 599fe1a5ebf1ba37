//! `connect --session FILE`: a resumable session kept between runs, as JSON: a TLS 1.3
//! ticket with its PSK, or a TLS 1.2 session with its master secret. Either is as secret as
//! a key: whoever has it can resume as this client.

use std::path::Path;

use engine::KeyExchange;
use engine::codec::{hex, unhex};
use engine::session::{Session, Session12, Ticket};
use serde_json::{Value, json};

use crate::failure::Failure;

/// The session in FILE, or `None` when FILE does not exist yet.
pub fn read(path: &Path) -> Result<Option<Session>, Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Failure::failed(format!(
                "--session {}: cannot read it: {e}",
                path.display()
            )));
        }
    };
    let bad = |why: &str| {
        Failure::failed(format!(
            "--session {}: not a session tls-lab wrote ({why})",
            path.display()
        ))
    };
    let v: Value = serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
    let bytes = |k: &str| {
        v[k].as_str()
            .and_then(unhex)
            .ok_or_else(|| bad(&format!("{k} is not hex")))
    };
    let number = |k: &str| {
        v[k].as_u64()
            .ok_or_else(|| bad(&format!("{k} is not a number")))
    };
    let small = |k: &str| number(k).and_then(|n| u32::try_from(n).map_err(|_| bad(k)));
    let server_name = v["server_name"]
        .as_str()
        .ok_or_else(|| bad("server_name is missing"))?
        .to_string();
    if v["version"] == "TLS 1.2" {
        let kx = match v["key_exchange"].as_str() {
            Some("rsa") => KeyExchange::Rsa,
            Some("ecdhe") => KeyExchange::Ecdhe,
            _ => return Err(bad("key_exchange is neither rsa nor ecdhe")),
        };
        let ticket = match &v["ticket"] {
            Value::Null => None,
            _ => Some(bytes("ticket")?),
        };
        return Ok(Some(Session::Tls12(Session12 {
            server_name,
            session_id: bytes("session_id")?,
            ticket,
            master_secret: bytes("master_secret")?,
            kx,
            ems: v["extended_master_secret"]
                .as_bool()
                .ok_or_else(|| bad("extended_master_secret is not true or false"))?,
            received_at: number("received_at")?,
            lifetime: small("lifetime")?,
        })));
    }
    if v["version"] != "TLS 1.3" {
        return Err(bad("version is neither \"TLS 1.3\" nor \"TLS 1.2\""));
    }
    let psk = bytes("psk")?
        .try_into()
        .map_err(|_| bad("psk is not 32 bytes"))?;
    Ok(Some(Session::Tls13(Ticket {
        server_name,
        ticket: bytes("ticket")?,
        psk,
        age_add: small("ticket_age_add")?,
        lifetime: small("ticket_lifetime")?,
        received_at: number("received_at")?,
        max_early_data: small("max_early_data_size")?,
    })))
}

/// Writes `session` to FILE, replacing what was there.
pub fn write(path: &Path, session: &Session) -> Result<(), Failure> {
    let v = match session {
        Session::Tls13(t) => tls13(t),
        Session::Tls12(s) => json!({
            "what": "a TLS 1.2 session kept by tls-lab connect; it holds the master secret, so keep it as secret as a key",
            "version": "TLS 1.2",
            "server_name": s.server_name,
            "session_id": hex(&s.session_id),
            "ticket": s.ticket.as_deref().map(hex),
            "master_secret": hex(&s.master_secret),
            "key_exchange": match s.kx {
                KeyExchange::Rsa => "rsa",
                KeyExchange::Ecdhe => "ecdhe",
            },
            "extended_master_secret": s.ems,
            "received_at": s.received_at,
            "lifetime": s.lifetime,
        }),
    };
    let text =
        serde_json::to_string_pretty(&v).map_err(|e| Failure::failed(format!("--session: {e}")))?;
    std::fs::write(path, text + "\n").map_err(|e| {
        Failure::failed(format!(
            "--session {}: cannot write it: {e}",
            path.display()
        ))
    })
}

fn tls13(t: &Ticket) -> Value {
    json!({
        "what": "a TLS 1.3 session ticket kept by tls-lab connect; it holds the PSK, so keep it as secret as a key",
        "version": "TLS 1.3",
        "server_name": t.server_name,
        "ticket": hex(&t.ticket),
        "psk": hex(&t.psk),
        "ticket_age_add": t.age_add,
        "ticket_lifetime": t.lifetime,
        "received_at": t.received_at,
        "max_early_data_size": t.max_early_data,
    })
}
