//! A student's own capture: a pcap or pcapng file, and perhaps the key log their browser
//! wrote (SSLKEYLOGFILE, RFC 9850). The outsider reads it as it reads a simulated run: the
//! connections in it, what each one shows on the wire, and what the key log opens. The page
//! runs this in a Web Worker of its own (`src/bin/capture.rs`), started the first time a
//! student opens a capture; nothing of the file leaves the page.

use std::fmt::Write as _;
use std::net::SocketAddr;

use engine::capture;
use engine::decrypt::{Hello, KeyLog, Recording};

use crate::Evidence;
use crate::render::{Rendered, esc};
use crate::report::Report;
use crate::{observe, open};

/// The largest capture read: past it the page says so instead of reading (the worker holds
/// the file and its records in memory).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// A capture read, with its key log: its TLS connections, listed.
#[derive(Debug)]
pub struct Loaded {
    /// The TCP connections that carried TLS records, in the capture's order.
    pub connections: Vec<Listed>,
    /// The key log, if one came and it parsed.
    log: Option<KeyLog>,
    /// What the student should know about the files as a whole: a key log that opens none
    /// of the connections, packets that could not be read.
    pub notices: Vec<String>,
}

/// One connection of the list.
#[derive(Debug)]
pub struct Listed {
    /// The side that opened the connection.
    pub client: SocketAddr,
    /// The other side.
    pub server: SocketAddr,
    /// Its records in wire order.
    pub recording: Recording,
    /// What its clear handshake said.
    pub hello: Hello,
    /// ClientHello's server_name, as the wire shows it.
    pub server_name: Option<String>,
    /// Whether the key log has secrets for it (by its ClientHello.random).
    pub in_key_log: bool,
}

/// Reads `file` (pcap or pcapng) and `keys` (a key log's text), or says in a line why not.
pub fn load(file: &[u8], keys: Option<&str>) -> Result<Loaded, String> {
    if file.len() > MAX_BYTES {
        return Err(format!(
            "This capture is {} MB; the page reads captures of up to {} MB. Cut it to the connections you want (Wireshark: File › Export Specified Packets).",
            file.len() >> 20,
            MAX_BYTES >> 20
        ));
    }
    let c = capture::read(file).map_err(|e| format!("This file cannot be read: {e}."))?;
    let log = match keys.map(KeyLog::parse) {
        Some(Ok(log)) => Some(log),
        Some(Err(e)) => return Err(format!("The key log cannot be read: {e}.")),
        None => None,
    };
    let connections: Vec<Listed> = c
        .connections
        .iter()
        .map(|conn| {
            let recording = Recording::of_connection(conn);
            let hello = Hello::read(&recording);
            let server_name = hello.server_name();
            let in_key_log = match (&log, hello.client_random) {
                (Some(log), Some(random)) => log.has(&random),
                _ => false,
            };
            Listed {
                client: conn.client,
                server: conn.server,
                recording,
                hello,
                server_name,
                in_key_log,
            }
        })
        .filter(|l| !l.recording.records.is_empty())
        .collect();
    if connections.is_empty() {
        return Err(format!(
            "No TLS in this capture: {} packet(s), {} TCP connection(s), none carrying TLS records.",
            c.packets,
            c.connections.len()
        ));
    }
    let mut notices = Vec::new();
    if log.is_some() && !connections.iter().any(|l| l.in_key_log) {
        notices.push("The key log has no secrets for any connection here: it belongs to another capture (its lines are looked up by each ClientHello.random).".into());
    }
    if !c.skipped.is_empty() {
        notices.push(format!(
            "{} packet(s) could not be decoded down to TCP and were left out (the first: packet {}, {}).",
            c.skipped.len(),
            c.skipped[0].0,
            c.skipped[0].1
        ));
    }
    Ok(Loaded {
        connections,
        log,
        notices,
    })
}

impl Loaded {
    /// The list the page shows: one `[data-recorded-connection]` button per connection, the
    /// notices above it.
    pub fn list(&self) -> String {
        let mut h = String::new();
        for n in &self.notices {
            let _ = write!(h, "<p class=\"notice\">{}</p>", esc(n));
        }
        let n = self.connections.len();
        let _ = write!(
            h,
            "<style>.connections{{list-style:none;padding:0}}.connections button{{display:block;width:100%;text-align:left;margin:.3em 0}}</style><p>{n} TLS connection{}. Choose one to see it as the eavesdropper does{}.</p><ol class=\"connections\">",
            if n == 1 { "" } else { "s" },
            if self.log.is_some() {
                ", and what the key log opens"
            } else {
                ""
            }
        );
        for (i, l) in self.connections.iter().enumerate() {
            let _ = write!(
                h,
                "<li><button type=\"button\" data-recorded-connection=\"{i}\" data-decrypted=\"{}\"><strong>{}</strong> {} → {}<br>{} · {} records · {}</button></li>",
                l.in_key_log,
                esc(l.server_name.as_deref().unwrap_or("no server_name")),
                l.client,
                l.server,
                esc(&l.hello.settled()),
                l.recording.records.len(),
                if l.in_key_log {
                    "🔓 in the key log"
                } else {
                    "🔒 not in a key log"
                },
            );
        }
        h.push_str("</ol>");
        h
    }

    /// Connection `i` for the recorded page: its two ends ("client → server") and its
    /// records, encoded as [`Evidence`] (without a secret: the page has the key log's text).
    pub fn recording(&self, i: usize) -> Option<(String, Vec<u8>)> {
        let l = self.connections.get(i)?;
        let evidence = Evidence {
            recording: l.recording.clone(),
            leak: None,
        };
        Some((format!("{} → {}", l.client, l.server), evidence.encode()))
    }

    /// Connection `i` as the eavesdropper sees it and, with a key log, what the log opens.
    pub fn show(&self, i: usize) -> Option<Rendered> {
        let l = self.connections.get(i)?;
        let mut seen = observe::seen(&l.recording);
        let opening = self
            .log
            .as_ref()
            .map(|log| open::with_key_log(&l.recording, log, &mut seen));
        Some(Rendered::of_capture(&Report { seen, opening }))
    }
}
