//! `tls-lab capture-info`: the TLS records in a pcap or pcapng file, per TCP connection, as
//! the engine's capture reader finds them (the reader `decrypt` and the page will use).

use engine::capture::{self, Connection, Record};

use crate::args::CaptureInfoArgs;
use crate::failure::Failure;
use crate::text;

pub fn run(args: &CaptureInfoArgs) -> Result<(), Failure> {
    let bytes = std::fs::read(&args.file)
        .map_err(|e| Failure::failed(format!("cannot read {}: {e}", args.file.display())))?;
    let c = capture::read(&bytes)
        .map_err(|e| Failure::failed(format!("{}: {e}", args.file.display())))?;
    let mut out = format!(
        "{}: {}, {} packets, {} TCP connection(s)\n",
        args.file.display(),
        match c.format {
            capture::Format::Pcap => "pcap",
            capture::Format::PcapNg => "pcapng",
        },
        c.packets,
        c.connections.len()
    );
    for (number, reason) in &c.skipped {
        out.push_str(&format!("packet #{number} skipped: {reason}\n"));
    }
    for (i, conn) in c.connections.iter().enumerate() {
        out.push_str(&describe(i + 1, conn));
    }
    text::out(out.as_bytes())
}

/// A connection: its endpoints, then every record in the order it was completed, one line
/// each: `record #PACKET client|server TYPE VERSION LENGTH`.
fn describe(number: usize, conn: &Connection) -> String {
    let mut out = format!(
        "connection {number}: client {} server {}\n",
        conn.client, conn.server
    );
    let mut records: Vec<(&str, &Record)> = conn
        .client_stream
        .records
        .iter()
        .map(|r| ("client", r))
        .chain(conn.server_stream.records.iter().map(|r| ("server", r)))
        .collect();
    records.sort_by_key(|(_, r)| (r.packet, r.offset));
    for (side, r) in records {
        out.push_str(&format!(
            "  record #{} {side} {} {} {:#06x} {} bytes\n",
            r.packet,
            r.content_type,
            content_type(r.content_type),
            r.version,
            r.fragment.len()
        ));
    }
    for (side, s) in [
        ("client", &conn.client_stream),
        ("server", &conn.server_stream),
    ] {
        if let Some(gap) = s.gap {
            out.push_str(&format!(
                "  {side}: {} bytes missing from the capture at byte {} ({} bytes after them not read)\n",
                gap.missing, gap.offset, gap.after
            ));
        }
        if s.partial > 0 {
            out.push_str(&format!(
                "  {side}: the capture ends {} bytes into a record\n",
                s.partial
            ));
        }
        if let Some(why) = &s.not_tls {
            out.push_str(&format!("  {side}: not TLS from here: {why}\n"));
        }
    }
    out
}

fn content_type(t: u8) -> &'static str {
    match t {
        20 => "change_cipher_spec",
        21 => "alert",
        22 => "handshake",
        23 => "application_data",
        24 => "heartbeat",
        _ => "unknown",
    }
}
