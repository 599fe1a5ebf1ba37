//! `connect --session FILE`: a resumable session kept between runs, as JSON. It holds the
//! PSK, so it is as secret as a key: whoever has it can resume as this client.

use std::path::Path;

use engine::codec::{hex, unhex};
use engine::session::{Session, Ticket};
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
    if v["version"] != "TLS 1.3" {
        return Err(bad("version is not \"TLS 1.3\""));
    }
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
    let psk = bytes("psk")?
        .try_into()
        .map_err(|_| bad("psk is not 32 bytes"))?;
    Ok(Some(Session::Tls13(Ticket {
        server_name: v["server_name"]
            .as_str()
            .ok_or_else(|| bad("server_name is missing"))?
            .to_string(),
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
    let Session::Tls13(t) = session;
    let v = json!({
        "what": "a TLS 1.3 session ticket kept by tls-lab connect; it holds the PSK, so keep it as secret as a key",
        "version": "TLS 1.3",
        "server_name": t.server_name,
        "ticket": hex(&t.ticket),
        "psk": hex(&t.psk),
        "ticket_age_add": t.age_add,
        "ticket_lifetime": t.lifetime,
        "received_at": t.received_at,
        "max_early_data_size": t.max_early_data,
    });
    let text =
        serde_json::to_string_pretty(&v).map_err(|e| Failure::failed(format!("--session: {e}")))?;
    std::fs::write(path, text + "\n").map_err(|e| {
        Failure::failed(format!(
            "--session {}: cannot write it: {e}",
            path.display()
        ))
    })
}
