//! The values a lesson's narration names, read from the step's own run: the text and the bytes
//! come from one transcript, so they cannot drift apart.

use engine::codec::hex_preview;
use engine::glance::Glance;
use engine::transcript::{Party, Transcript};

use super::Piece;

/// Values by name, beside every key-schedule value's id (`master_secret`, `client_random`,
/// `client_handshake_traffic_secret`, … as the key diagram has them).
pub const NAMED: [(&str, &str); 7] = [
    ("suite", "the cipher suite the server chose"),
    ("alert", "the first fatal alert"),
    ("alert_from", "who sent it: the browser or the server"),
    ("error", "the error a browser shows"),
    ("records", "the number of records"),
    (
        "round_trips",
        "round trips before the browser sends its request",
    ),
    ("bytes", "bytes on the wire"),
];

/// `name`'s value in `t`, or `None` if this run has none (no alert in a clean run, no
/// pre-master secret in TLS 1.3, a name that does not exist).
pub fn value(t: &Transcript, name: &str) -> Option<String> {
    let alert = t.outcome.alert;
    match name {
        "suite" => Glance::of(t)
            .cipher_suite
            .map(|c| c.value.as_str().to_string()),
        "alert" => alert.map(|(_, a)| a.name().to_string()),
        "alert_from" => alert.map(|(from, _)| party(from).to_string()),
        "error" => t.outcome.browser_error.as_ref().map(|e| e.code.clone()),
        "records" => Some(t.records.len().to_string()),
        "round_trips" => Glance::of(t).round_trips_before_data.map(|n| n.to_string()),
        "bytes" => Some(Glance::of(t).bytes.to_string()),
        _ => t
            .derivations
            .iter()
            .find(|d| d.id.copy_at.is_none() && d.id.secret.id() == name)
            .map(|d| hex_preview(&d.value)),
    }
}

/// What is wrong with `{name}` in a narration shown at record `step` of `t`, if anything: a
/// name this run has no value for, or a key-schedule value no one holds until a later record.
pub fn problem(t: &Transcript, step: usize, name: &str) -> Option<String> {
    if value(t, name).is_none() {
        let names: Vec<&str> = NAMED.iter().map(|(n, _)| *n).collect();
        return Some(format!(
            "{{{name}}} has no value in this run (use {}, or a value of the key diagram such as master_secret)",
            names.join(", ")
        ));
    }
    let d = t
        .derivations
        .iter()
        .find(|d| d.id.copy_at.is_none() && d.id.secret.id() == name)?;
    let first = [d.client_knows_from, d.server_knows_from, d.public_from]
        .into_iter()
        .flatten()
        .min()?;
    (first > step).then(|| {
        format!(
            "{{{name}}} does not exist yet at record {step}: it comes to exist at record {first}"
        )
    })
}

/// `text` with each `{name}` replaced by its value in `t` (a why, where values are plain text).
pub fn text(t: &Transcript, text: &str) -> String {
    match super::format::pieces(text) {
        Ok(pieces) => pieces
            .iter()
            .map(|p| match p {
                Piece::Text(s) => s.clone(),
                Piece::Value(name) => value(t, name).unwrap_or_else(|| missing(name)),
            })
            .collect(),
        Err(_) => text.to_string(),
    }
}

/// What a reader sees for a value this run does not have.
pub fn missing(name: &str) -> String {
    format!("({name}: not in this run)")
}

fn party(p: Party) -> &'static str {
    match p {
        Party::Client => "the browser",
        Party::Server => "the server",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_flagged_before_it_exists_and_where_the_run_has_none() {
        let t = engine::simulate(&engine::Scenario::default());
        let ms = problem(&t, 1, "master_secret").expect("not yet at the ClientHello");
        assert!(ms.contains("comes to exist at record"), "{ms}");
        assert_eq!(problem(&t, t.records.len(), "master_secret"), None);
        assert_eq!(problem(&t, 1, "client_random"), None);
        assert!(
            problem(&t, 1, "mastersecret")
                .unwrap()
                .contains("has no value")
        );
        assert!(
            problem(&t, 1, "alert").unwrap().contains("has no value"),
            "a clean run"
        );
    }
}
