//! `tls-lab transcript`: one simulated connection, printed for people or as JSON.

use engine::Protocol;
use engine::Transcript;
use engine::attack::{Attacker, Connection, Stance};
use engine::msgs::enums::AlertDescription;
use engine::pki::{ChainReport, rfc3339};
use engine::transcript::{Derivation, Event, Party, WireRecord};
use serde_json::Value;

use crate::args::TranscriptArgs;
use crate::failure::Failure;
use crate::text::{self, hex, hex_lines};

pub fn run(args: &TranscriptArgs) -> Result<(), Failure> {
    let mut scenario = super::scenario(&args.sim)?;
    scenario.fault = args.fault;
    let transcript = engine::simulate(&scenario);
    // A fault that names no record of this run, or a byte past its end, is a mistake: the
    // run would silently be the unfaulted one.
    if let (Some(fault), Some(notice)) = (args.fault, &transcript.fault_notice) {
        return Err(Failure::usage(format!("--fault {fault}: {notice}")));
    }
    let output = if args.json {
        let mut value = serde_json::to_value(&transcript)
            .map_err(|e| Failure::failed(format!("cannot turn the transcript into JSON: {e}")))?;
        add_hex(&mut value);
        let mut s = serde_json::to_string_pretty(&value)
            .map_err(|e| Failure::failed(format!("cannot write the transcript as JSON: {e}")))?;
        s.push('\n');
        s
    } else {
        render(&transcript, args.hex)
    };
    text::out(output.as_bytes())
}

/// The byte vectors of the transcript, which serde writes as arrays of numbers, also get a
/// `<name>_hex` string beside them (e.g. `derivations[i].value_hex`).
fn add_hex(value: &mut Value) {
    const BYTE_FIELDS: [&str; 7] = [
        "bytes",
        "value",
        "plaintext",
        "nonce",
        "aad",
        "ciphertext",
        "tag",
    ];
    match value {
        Value::Object(map) => {
            let mut extra = Vec::new();
            for (key, v) in map.iter_mut() {
                if BYTE_FIELDS.contains(&key.as_str())
                    && let Some(bytes) = as_bytes(v)
                {
                    extra.push((format!("{key}_hex"), Value::String(hex(&bytes))));
                    continue;
                }
                add_hex(v);
            }
            map.extend(extra);
        }
        Value::Array(items) => items.iter_mut().for_each(add_hex),
        _ => {}
    }
}

fn as_bytes(v: &Value) -> Option<Vec<u8>> {
    v.as_array()?
        .iter()
        .map(|n| n.as_u64().and_then(|n| u8::try_from(n).ok()))
        .collect()
}

/// The transcript for a terminal: scenario, records, derivations, certificate checks, outcome.
fn render(t: &Transcript, with_hex: bool) -> String {
    let mut out = String::new();
    let s = &t.scenario;
    let line = |out: &mut String, l: String| {
        out.push_str(&l);
        out.push('\n');
    };
    line(
        &mut out,
        "TLS Lab transcript (simulated: the engine's browser and server, real bytes)".into(),
    );
    line(
        &mut out,
        format!("  suite        {}", s.protocol.suite().suite),
    );
    if s.protocol == Protocol::Tls13 {
        line(&mut out, format!("  group        {}", s.group.named()));
        if s.hrr {
            line(
                &mut out,
                "  retry        the browser leads with a share the server refuses (HelloRetryRequest)"
                    .into(),
            );
        }
    } else {
        line(
            &mut out,
            format!(
                "  ems          {}",
                if s.ems {
                    "offered (RFC 7627)"
                } else {
                    "off (RFC 5246 master secret)"
                }
            ),
        );
    }
    line(&mut out, format!("  seed         {}", s.seed));
    line(&mut out, format!("  server_name  {}", s.server_name));
    line(&mut out, format!("  certificate  {}", s.cert.as_str()));
    if let Some(kind) = s.client_cert {
        line(
            &mut out,
            format!(
                "  client cert  {} (mutual TLS: the server asks for one)",
                kind.as_str()
            ),
        );
    }
    if s.resume {
        line(
            &mut out,
            format!(
                "  resume       the browser's second visit, resuming its first one's session{}",
                if s.early_data {
                    "; the request goes as 0-RTT data"
                } else {
                    ""
                }
            ),
        );
    }
    if let Some(attack) = s.attack {
        line(
            &mut out,
            format!("  attacker     {}: it {}", attack.as_str(), attack.does()),
        );
    }
    line(
        &mut out,
        format!("  clock        {} (unix {})", rfc3339(s.now), s.now),
    );
    line(
        &mut out,
        format!(
            "  fault        {}",
            s.fault.map_or("none".to_string(), |f| f.to_string())
        ),
    );

    line(&mut out, String::new());
    line(
        &mut out,
        format!("RECORDS ON THE WIRE ({})", t.records.len()),
    );
    for rec in &t.records {
        record(&mut out, ends(t), rec, &t.derivations, with_hex);
    }

    line(&mut out, String::new());
    line(&mut out, format!("DERIVATIONS ({})", t.derivations.len()));
    for d in &t.derivations {
        derivation(&mut out, d);
    }

    if let Some(chain) = &t.chain {
        line(&mut out, String::new());
        certificate_checks(&mut out, "the browser's checks", chain);
    }
    if let Some(chain) = &t.client_chain {
        line(&mut out, String::new());
        certificate_checks(
            &mut out,
            "the server's checks of the browser's certificate",
            chain,
        );
    }

    line(&mut out, String::new());
    line(&mut out, "OUTCOME".into());
    let o = &t.outcome;
    line(
        &mut out,
        format!("  handshake complete  {}", yes_no(o.handshake_complete)),
    );
    line(
        &mut out,
        format!("  exchange complete   {}", yes_no(o.exchange_complete)),
    );
    line(
        &mut out,
        match &o.alert {
            Some((party, a)) => format!(
                "  alert               {} sent {} {} ({})",
                party.as_str(),
                a.level.as_str(),
                a.name(),
                a.description.to_wire()
            ),
            None => "  alert               none".into(),
        },
    );
    if o.stalled {
        line(
            &mut out,
            "  stalled             yes: both sides wait for a record that never comes".into(),
        );
    }
    if let Some(e) = &o.browser_error {
        line(
            &mut out,
            format!("  browser shows       {}: {}", e.code, e.title),
        );
        line(&mut out, wrap(&e.detail, "                      "));
    }
    line(&mut out, wrap(&o.summary, "  "));
    if let Some(a) = &t.attacker {
        attacker(&mut out, a, with_hex);
    }
    out
}

/// The attacker's part: its own connection to the server, what it changed, held and read,
/// and which check stopped it.
fn attacker(out: &mut String, a: &Attacker, with_hex: bool) {
    let line = |out: &mut String, l: String| {
        out.push_str(&l);
        out.push('\n');
    };
    line(out, String::new());
    line(
        out,
        format!(
            "ATTACKER ({}, {})",
            a.attack.as_str(),
            match a.stance {
                Stance::Terminates =>
                    "it terminates the browser's connection and opens its own to the server",
                Stance::Relays => "it relays the records between the browser and the server",
            }
        ),
    );
    for e in &a.edits {
        line(out, format!("  changed record {}: {}", e.record, e.change));
    }
    if a.keys.is_empty() {
        line(out, "  holds        no key of either connection".into());
    } else {
        let names = |c: Connection| -> Vec<&str> {
            a.keys
                .iter()
                .filter(|k| k.connection == c)
                .map(|k| k.name.as_str())
                .collect()
        };
        for (c, whose) in [
            (Connection::Browser, "browser's connection"),
            (
                Connection::Server,
                "attacker's own connection to the server",
            ),
        ] {
            let names = names(c);
            if !names.is_empty() {
                line(
                    out,
                    wrap(
                        &format!("holds, of the {whose}: {}", names.join(", ")),
                        "  ",
                    ),
                );
            }
        }
    }
    if a.read.is_empty() {
        line(
            out,
            "  read         nothing: no application data opened".into(),
        );
    }
    for r in &a.read {
        line(
            out,
            format!(
                "  read         the {} record {}, from the {}: {:?}",
                match r.hop.connection {
                    Connection::Browser => "browser's connection's",
                    Connection::Server => "server connection's",
                },
                r.hop.record,
                r.from.as_str().to_lowercase(),
                r.text
            ),
        );
    }
    line(out, wrap(&a.verdict, "  "));
    let Some(upstream) = &a.server_connection else {
        return;
    };
    out.push_str(&format!(
        "\nTHE ATTACKER'S CONNECTION TO THE SERVER ({} records; the attacker is its client)\n",
        upstream.records.len()
    ));
    for rec in &upstream.records {
        let ends = Ends {
            client: "Attacker",
            server: "Server",
            via: None,
        };
        record(out, ends, rec, &upstream.derivations, with_hex);
    }
    let o = &upstream.outcome;
    out.push_str(&format!(
        "  handshake complete  {}; exchange complete {}\n",
        yes_no(o.handshake_complete),
        yes_no(o.exchange_complete)
    ));
}

/// Who talks on a connection: the browser and the server, or, with an attacker on the path,
/// the attacker at one end (it terminates) or between them (it relays).
#[derive(Clone, Copy)]
struct Ends {
    client: &'static str,
    server: &'static str,
    /// Who relays each record.
    via: Option<&'static str>,
}

/// The ends of the transcript's own connection.
fn ends(t: &Transcript) -> Ends {
    let stance = t.attacker.as_ref().map(|a| a.stance);
    Ends {
        client: "Browser",
        server: match stance {
            Some(Stance::Terminates) => "Attacker",
            _ => "Server",
        },
        via: (stance == Some(Stance::Relays)).then_some("attacker"),
    }
}

fn record(
    out: &mut String,
    ends: Ends,
    rec: &WireRecord,
    derivations: &[Derivation],
    with_hex: bool,
) {
    let (from, to) = match rec.from {
        Party::Client => (ends.client, ends.server),
        Party::Server => (ends.server, ends.client),
    };
    let arrow = match ends.via {
        Some(via) => format!("{from} → ({via}) → {to}"),
        None => format!("{from} → {to}"),
    };
    let typ = rec.content_type.as_str();
    let sealed = match &rec.protection {
        Some(p) => format!(", encrypted with {} (seq {})", p.key.id(), p.seq),
        None => String::new(),
    };
    out.push_str(&format!(
        "\n#{:<2} {arrow}  flight {}  {}\n    {typ} record, {} bytes{sealed}{}\n",
        rec.number,
        rec.flight,
        rec.title(),
        rec.bytes.len(),
        if rec.delivered { "" } else { ", NOT DELIVERED" },
    ));
    if let Some(f) = &rec.fault {
        out.push_str(&format!("    fault: {} — {}\n", f.fault, f.detail));
    }
    if with_hex {
        out.push_str(&hex_lines(
            &rec.bytes,
            32,
            "    bytes      ",
            "               ",
        ));
        out.push('\n');
        if let Some(p) = &rec.protection {
            out.push_str(&hex_lines(
                &p.plaintext,
                32,
                "    plaintext  ",
                "               ",
            ));
            out.push('\n');
        }
    }
    // Consecutive values one party came to know are listed on one line.
    let mut learned: Option<(Party, Vec<String>)> = None;
    for e in &rec.events {
        if let Event::Derived { party, derivation } = e {
            let id = derivations
                .get(*derivation)
                .map_or("?".to_string(), |d| d.id.to_string());
            match learned.as_mut() {
                Some((p, ids)) if p == party => ids.push(id),
                _ => {
                    flush_learned(out, learned.take());
                    learned = Some((*party, vec![id]));
                }
            }
            continue;
        }
        flush_learned(out, learned.take());
        match e {
            Event::Alert {
                party,
                alert,
                reason,
            } => out.push_str(&format!(
                "    alert: {} sends {} {} ({}): {reason}\n",
                party.as_str(),
                alert.level.as_str(),
                alert.name(),
                alert.description.to_wire()
            )),
            Event::Check {
                party,
                what,
                ok,
                detail,
            } => out.push_str(&format!(
                "    {} {}: {what}{}\n",
                if *ok { "✓" } else { "✗" },
                party.as_str(),
                if detail.is_empty() {
                    String::new()
                } else {
                    format!(" — {detail}")
                }
            )),
            Event::AlertReceived { party, alert } => out.push_str(&format!(
                "    {} {}: received alert {} — {} {}\n",
                if alert.description == AlertDescription::CloseNotify {
                    "✓"
                } else {
                    "✗"
                },
                party.as_str(),
                alert.name(),
                alert.level.as_str(),
                alert.name()
            )),
            Event::HandshakeComplete { party } => {
                out.push_str(&format!("    ✓ {}: handshake complete\n", party.as_str()))
            }
            Event::AppData { party, text } => out.push_str(&format!(
                "    {} receives application data: {:?}\n",
                party.as_str(),
                text
            )),
            Event::State { party, from, to } => {
                out.push_str(&format!("    {}: {from} → {to}\n", party.as_str()))
            }
            Event::Closed { party } => {
                out.push_str(&format!("    {}: connection closed\n", party.as_str()))
            }
            Event::Derived { .. } => {}
        }
    }
    flush_learned(out, learned);
    out.push_str(&wrap(&rec.explanation, "    "));
    out.push('\n');
}

fn flush_learned(out: &mut String, learned: Option<(Party, Vec<String>)>) {
    if let Some((party, ids)) = learned {
        out.push_str(&format!(
            "    {} now has {}\n",
            party.as_str(),
            ids.join(", ")
        ));
    }
}

fn derivation(out: &mut String, d: &Derivation) {
    let known = |who: &str, at: Option<usize>| at.map(|n| format!("{who} from #{n}"));
    let knowers: Vec<String> = [
        known("browser", d.client_knows_from),
        known("server", d.server_knows_from),
        known("public", d.public_from),
    ]
    .into_iter()
    .flatten()
    .collect();
    out.push_str(&format!(
        "\n  {}  ({} bytes; {}; {})\n",
        d.id,
        d.value.len(),
        d.rfc,
        if knowers.is_empty() {
            "known to nobody yet".into()
        } else {
            knowers.join(", ")
        }
    ));
    out.push_str(&wrap(&d.formula, "    "));
    out.push('\n');
    out.push_str(&hex_lines(&d.value, 32, "    = ", "      "));
    out.push('\n');
}

fn certificate_checks(out: &mut String, whose: &str, chain: &ChainReport) {
    out.push_str(&format!("CERTIFICATE CHAIN ({whose})\n"));
    for (i, c) in chain.certificates.iter().enumerate() {
        out.push_str(&format!(
            "  [{i}] {}  issued by {}\n      valid {} .. {}; {}; SAN {}\n",
            c.subject,
            c.issuer,
            c.not_before,
            c.not_after,
            c.public_key,
            if c.subject_alt_names.is_empty() {
                "none".into()
            } else {
                c.subject_alt_names.join(", ")
            }
        ));
    }
    for check in &chain.checks {
        let on = check
            .certificate
            .map_or(String::new(), |i| format!("[{i}] "));
        out.push_str(&format!(
            "  {} {on}{}{}\n",
            if check.ok { "✓" } else { "✗" },
            check.what,
            if check.detail.is_empty() {
                String::new()
            } else {
                format!(" — {}", check.detail)
            }
        ));
    }
    if let Some(e) = chain.error {
        out.push_str(&format!(
            "  rejected: {} ({})\n",
            e.reason(),
            e.alert().as_str()
        ));
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// Word-wraps `text` at 96 columns, every line starting with `indent`.
fn wrap(text: &str, indent: &str) -> String {
    const WIDTH: usize = 96;
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::from(indent);
    for word in text.split_whitespace() {
        let fits = current.chars().count() + 1 + word.chars().count() <= WIDTH;
        if current.len() > indent.len() && !fits {
            lines.push(std::mem::replace(&mut current, String::from(indent)));
        }
        if current.len() > indent.len() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if current.len() > indent.len() {
        lines.push(current);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_known_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            rfc3339(engine::scenario::DEFAULT_NOW),
            "2026-06-01T00:00:00Z"
        );
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn wrap_keeps_words_and_indent() {
        let long = "word ".repeat(40);
        for l in wrap(&long, "  ").lines() {
            assert!(l.starts_with("  word") && l.len() <= 96);
        }
    }

    #[test]
    fn hex_is_added_beside_byte_arrays() {
        let mut v = serde_json::json!({"derivations": [{"id": "x", "value": [1, 255]}], "fields": [{"value": "text"}]});
        add_hex(&mut v);
        assert_eq!(v["derivations"][0]["value_hex"], "01ff");
        assert!(v["fields"][0].get("value_hex").is_none());
    }
}
