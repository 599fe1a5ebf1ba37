//! Reading captures: pcap or pcapng bytes → the TCP connections in them → the TLS records
//! each side sent. Built behind the `capture` feature (the CLI enables it; the page does not
//! yet, see `docs/ARCHITECTURE.md`).
//!
//! The file formats are `pcap-parser`'s, the Ethernet/IP/TCP headers `etherparse`'s (the
//! Linux cooked and loopback headers are a few bytes read here); ours is
//! what no crate does as TLS needs it: per-direction TCP reassembly (out-of-order segments
//! put in order, retransmissions dropped, a missing range marked as a gap, never guessed) and
//! the split into records by their 5-byte header (RFC 5246 §6.2.1).
//!
//! Nothing here panics on input: every problem is a [`CaptureError`] for the file, or a note
//! on the packet or stream it concerns.

mod file;
mod packet;
mod stream;

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;

pub use stream::{Gap, Record, Stream};

/// What a capture file holds, as far as TLS over TCP goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capture {
    /// Which of the two container formats the file is.
    pub format: Format,
    /// Packets in the file (all of them, TCP or not).
    pub packets: usize,
    /// TCP connections in the order their first packet appears.
    pub connections: Vec<Connection>,
    /// Packets that could not be decoded down to TCP, with why (packet numbers from 1, as
    /// Wireshark counts). Non-IP and non-TCP packets are not listed: they are simply not ours.
    pub skipped: Vec<(usize, String)>,
}

/// The capture file format, told apart by the file's magic number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Classic libpcap.
    Pcap,
    /// pcapng.
    PcapNg,
}

/// One TCP connection: who opened it and what each side sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    /// The side that sent the SYN; without a SYN in the capture, the side that sent a
    /// ClientHello, else the first sender.
    pub client: SocketAddr,
    /// The other end of the connection.
    pub server: SocketAddr,
    /// Bytes from client to server.
    pub client_stream: Stream,
    /// Bytes from server to client.
    pub server_stream: Stream,
}

/// Why a file cannot be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CaptureError {
    /// Empty input.
    Empty,
    /// Neither a pcap nor a pcapng header.
    NotACapture,
    /// The file ends inside a header or packet; what was read before is lost with it.
    Truncated {
        /// Packets decoded before the cut.
        packets_read: usize,
    },
    /// A block or header is malformed (e.g. a length larger than the file).
    Malformed {
        /// Packets decoded before the bad block.
        packets_read: usize,
        /// Which block or header is wrong, and how.
        reason: String,
    },
}

impl fmt::Display for CaptureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaptureError::Empty => f.write_str("the file is empty"),
            CaptureError::NotACapture => {
                f.write_str("not a capture: neither a pcap nor a pcapng header")
            }
            CaptureError::Truncated { packets_read } => write!(
                f,
                "the capture is truncated: it ends inside a block after {packets_read} packet(s)"
            ),
            CaptureError::Malformed {
                packets_read,
                reason,
            } => write!(
                f,
                "the capture is malformed after {packets_read} packet(s): {reason}"
            ),
        }
    }
}

impl std::error::Error for CaptureError {}

/// Reads a whole pcap or pcapng file.
pub fn read(bytes: &[u8]) -> Result<Capture, CaptureError> {
    let mut connections: Vec<stream::Tracker> = Vec::new();
    // (lower endpoint, higher endpoint) → index of the connection now open between them.
    let mut open: BTreeMap<(SocketAddr, SocketAddr), usize> = BTreeMap::new();
    let mut skipped = Vec::new();
    let mut packets = 0;
    let format = file::frames(bytes, |frame| {
        packets += 1;
        let number = packets;
        match packet::decode(frame.link_type, frame.data) {
            Ok(Some(segment)) => {
                let key = if segment.source <= segment.destination {
                    (segment.source, segment.destination)
                } else {
                    (segment.destination, segment.source)
                };
                let opens_again = segment.syn
                    && !segment.ack
                    && open.get(&key).is_some_and(|&i| connections[i].has_data());
                let index = match open.get(&key) {
                    Some(&i) if !opens_again => i,
                    _ => {
                        connections.push(stream::Tracker::new(&segment));
                        open.insert(key, connections.len() - 1);
                        connections.len() - 1
                    }
                };
                connections[index].add(&segment, number);
            }
            Ok(None) => {}
            Err(reason) => skipped.push((number, reason)),
        }
    })?;
    Ok(Capture {
        format,
        packets,
        connections: connections
            .into_iter()
            .map(stream::Tracker::finish)
            .collect(),
        skipped,
    })
}
