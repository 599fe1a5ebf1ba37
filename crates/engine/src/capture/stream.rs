//! One connection's two byte streams: TCP reassembly, then TLS records.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use super::Connection;
use super::packet::Segment;

/// What one side sent, as TLS records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stream {
    /// The bytes in order, up to the first gap (what the records are cut from).
    pub bytes: Vec<u8>,
    /// Whole records, in order.
    pub records: Vec<Record>,
    /// Where the stream has a hole: bytes never captured. Records stop there, because the
    /// next record header cannot be found without guessing.
    pub gap: Option<Gap>,
    /// Bytes after the last whole record (before any gap): a record cut short by the end of
    /// the capture.
    pub partial: usize,
    /// Why the bytes stopped being TLS records, if they did (e.g. plain HTTP).
    pub not_tls: Option<String>,
}

/// A TLS record as it appeared in the stream (RFC 5246 §6.2.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// `ContentType` byte, kept raw: a capture may hold values this engine does not name.
    pub content_type: u8,
    /// `legacy_record_version` (RFC 8446 §5.1; `version` in RFC 5246), raw.
    pub version: u16,
    /// The record's payload, `length` bytes after the 5-byte header.
    pub fragment: Vec<u8>,
    /// Offset of the record header in the stream.
    pub offset: usize,
    /// The packet (from 1) that brought the record's last byte, as Wireshark shows it.
    pub packet: usize,
}

/// A range of stream bytes missing from the capture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gap {
    /// Stream offset where the missing bytes start.
    pub offset: u64,
    /// How many bytes are missing before the next captured ones.
    pub missing: u64,
    /// Captured bytes after the gap, not cut into records.
    pub after: u64,
}

/// The largest record a peer may send: 2^14 bytes of plaintext plus 2048 of expansion
/// (RFC 5246 §6.2.3).
const MAX_RECORD_LEN: usize = 16_384 + 2048;

/// Collects a connection's segments while the file is read.
pub struct Tracker {
    client: SocketAddr,
    server: SocketAddr,
    /// Whether the roles are known from the handshake (a SYN or SYN+ACK was captured).
    opened: bool,
    to_server: Direction,
    to_client: Direction,
}

impl Tracker {
    pub fn new(first: &Segment<'_>) -> Tracker {
        // A SYN+ACK comes from the server; anything else is taken as from the client.
        let (client, server) = if first.syn && first.ack {
            (first.destination, first.source)
        } else {
            (first.source, first.destination)
        };
        Tracker {
            client,
            server,
            opened: first.syn,
            to_server: Direction::default(),
            to_client: Direction::default(),
        }
    }

    pub fn add(&mut self, segment: &Segment<'_>, packet: usize) {
        if segment.source == self.client {
            self.to_server.add(segment, packet);
        } else {
            self.to_client.add(segment, packet);
        }
    }

    pub fn has_data(&self) -> bool {
        self.to_server.next > 0 || self.to_client.next > 0
    }

    pub fn finish(self) -> Connection {
        let (from_client, from_server) = (self.to_server.finish(), self.to_client.finish());
        // A capture that started after the TCP handshake has no SYN to tell the roles: the
        // side that sent a ClientHello is the client.
        if !self.opened
            && starts_with_client_hello(&from_server.bytes)
            && !starts_with_client_hello(&from_client.bytes)
        {
            return Connection {
                client: self.server,
                server: self.client,
                client_stream: from_server,
                server_stream: from_client,
            };
        }
        Connection {
            client: self.client,
            server: self.server,
            client_stream: from_client,
            server_stream: from_server,
        }
    }
}

/// A handshake record (22) whose first message is a ClientHello (1).
fn starts_with_client_hello(bytes: &[u8]) -> bool {
    bytes.first() == Some(&22) && bytes.get(5) == Some(&1)
}

/// One direction's reassembly. Offsets are relative to the first sequence number of data
/// (ISN + 1 after a SYN), so 32-bit wrap-around needs no special case.
#[derive(Default)]
struct Direction {
    /// The sequence number of stream offset 0, once known.
    base: Option<u32>,
    /// The bytes in order from offset 0.
    bytes: Vec<u8>,
    /// `bytes.len()`: the next offset expected.
    next: u64,
    /// Segments that arrived ahead of `next`, by offset.
    ahead: BTreeMap<u64, Vec<u8>>,
    /// (end offset, packet): which packet completed the bytes up to each end.
    arrivals: Vec<(u64, usize)>,
}

impl Direction {
    fn add(&mut self, segment: &Segment<'_>, packet: usize) {
        if segment.syn {
            // The SYN takes one sequence number; data starts after it. A retransmitted SYN
            // says the same.
            if self.next == 0 {
                self.base = Some(segment.sequence_number.wrapping_add(1));
            }
            return;
        }
        if segment.payload.is_empty() {
            return;
        }
        let base = *self.base.get_or_insert(segment.sequence_number);
        // Data before `base` (a segment from before the capture started) wraps to a huge
        // offset; such data lies more than 2 GiB ahead, which no capture we read has.
        let offset = u64::from(segment.sequence_number.wrapping_sub(base));
        if offset > u64::from(u32::MAX / 2) {
            return;
        }
        self.insert(offset, segment.payload, packet);
    }

    fn insert(&mut self, offset: u64, payload: &[u8], packet: usize) {
        if offset > self.next {
            // Out of order: keep the longest segment seen at this offset.
            let keep = self
                .ahead
                .get(&offset)
                .is_none_or(|held| held.len() < payload.len());
            if keep {
                self.ahead.insert(offset, payload.to_vec());
            }
            return;
        }
        self.append(offset, payload);
        // Segments held back may now continue the stream; the bytes they bring count as
        // arriving with this packet, the one that filled the hole (as Wireshark reports it).
        while let Some(entry) = self.ahead.first_entry() {
            if *entry.key() > self.next {
                break;
            }
            let (at, held) = entry.remove_entry();
            self.append(at, &held);
        }
        self.arrivals.push((self.next, packet));
    }

    /// Appends the part of `payload` (at `offset` ≤ `next`) that is new; a retransmission of
    /// bytes we have adds nothing.
    fn append(&mut self, offset: u64, payload: &[u8]) {
        let skip = usize::try_from(self.next - offset).unwrap_or(usize::MAX);
        if let Some(new) = payload.get(skip..) {
            self.bytes.extend_from_slice(new);
            self.next = self.bytes.len() as u64;
        }
    }

    fn finish(self) -> Stream {
        let gap = self.ahead.first_key_value().map(|(&at, _)| {
            let last_end = self
                .ahead
                .iter()
                .map(|(&o, b)| o + b.len() as u64)
                .max()
                .unwrap_or(at);
            Gap {
                offset: self.next,
                missing: at - self.next,
                after: last_end - at,
            }
        });
        let mut stream = Stream {
            gap,
            ..Stream::default()
        };
        let mut at = 0;
        while let Some(header) = self.bytes.get(at..at + 5) {
            let content_type = header[0];
            let version = u16::from_be_bytes([header[1], header[2]]);
            let length = usize::from(u16::from_be_bytes([header[3], header[4]]));
            if !(20..=24).contains(&content_type) || header[1] != 3 {
                stream.not_tls = Some(format!(
                    "byte {at} starts no TLS record (type {content_type}, version {version:#06x})"
                ));
                break;
            }
            if length > MAX_RECORD_LEN {
                stream.not_tls = Some(format!(
                    "the record at byte {at} claims {length} bytes, more than any TLS record \
                     may have ({MAX_RECORD_LEN})"
                ));
                break;
            }
            let Some(fragment) = self.bytes.get(at + 5..at + 5 + length) else {
                break;
            };
            let end = (at + 5 + length) as u64;
            let packet = self
                .arrivals
                .iter()
                .find(|(done, _)| *done >= end)
                .map_or(0, |&(_, p)| p);
            stream.records.push(Record {
                content_type,
                version,
                fragment: fragment.to_vec(),
                offset: at,
                packet,
            });
            at += 5 + length;
        }
        if stream.not_tls.is_none() {
            stream.partial = self.bytes.len() - at;
        }
        stream.bytes = self.bytes;
        stream
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(seq: u32, payload: &[u8]) -> Segment<'_> {
        Segment {
            source: "127.0.0.1:1".parse().unwrap(),
            destination: "127.0.0.1:2".parse().unwrap(),
            sequence_number: seq,
            syn: false,
            ack: true,
            payload,
        }
    }

    fn syn(seq: u32) -> Segment<'static> {
        Segment {
            syn: true,
            ack: false,
            ..segment(seq, &[])
        }
    }

    fn record(content_type: u8, body: &[u8]) -> Vec<u8> {
        let mut r = vec![content_type, 3, 3];
        r.extend_from_slice(&(body.len() as u16).to_be_bytes());
        r.extend_from_slice(body);
        r
    }

    #[test]
    fn out_of_order_retransmitted_and_wrapping_segments_reassemble() {
        let mut bytes = record(22, b"hello");
        bytes.extend(record(23, b"world!"));
        // Sequence numbers wrap in the middle of the data.
        let isn = u32::MAX - 3;
        let mut d = Direction::default();
        d.add(&syn(isn), 1);
        let start = isn.wrapping_add(1);
        d.add(&segment(start.wrapping_add(8), &bytes[8..]), 2);
        d.add(&segment(start.wrapping_add(4), &bytes[4..10]), 3);
        d.add(&segment(start, &bytes[..6]), 4);
        d.add(&segment(start, &bytes[..6]), 5); // retransmission
        let s = d.finish();
        assert_eq!(s.bytes, bytes);
        assert_eq!(s.gap, None);
        assert_eq!(s.partial, 0);
        let types: Vec<u8> = s.records.iter().map(|r| r.content_type).collect();
        assert_eq!(types, [22, 23]);
        assert_eq!(s.records[1].fragment, b"world!");
        // Both records were completed by packet 4, which filled the hole before the segments
        // held back.
        assert_eq!((s.records[0].packet, s.records[1].packet), (4, 4));
    }

    #[test]
    fn a_gap_is_marked_not_filled() {
        let bytes = [record(22, b"abc"), record(22, b"defg")].concat();
        let mut d = Direction::default();
        d.add(&syn(100), 1);
        d.add(&segment(101, &bytes[..8]), 2);
        d.add(&segment(101 + 10, &bytes[10..]), 3);
        let s = d.finish();
        assert_eq!(s.records.len(), 1);
        assert_eq!(
            s.gap,
            Some(Gap {
                offset: 8,
                missing: 2,
                after: bytes.len() as u64 - 10
            })
        );
    }

    #[test]
    fn not_tls_and_oversized_records_stop_the_split() {
        let mut d = Direction::default();
        d.add(&segment(7, b"GET / HTTP/1.1\r\n\r\n"), 1);
        assert!(d.finish().not_tls.unwrap().contains("starts no TLS record"));
        let mut d = Direction::default();
        d.add(&segment(7, &[23, 3, 3, 0xff, 0xff, 0]), 1);
        assert!(d.finish().not_tls.unwrap().contains("claims 65535 bytes"));
        let mut d = Direction::default();
        d.add(&segment(7, &[23, 3, 3, 0, 9, 0]), 1);
        assert_eq!(d.finish().partial, 6);
    }

    #[test]
    fn without_a_syn_the_client_hello_tells_the_roles() {
        let hello = record(22, &[1, 0, 0, 0]);
        let answer = record(22, &[2, 0, 0, 0]);
        // The capture starts with the server's answer; the ClientHello comes from the other side.
        let from_server = segment(500, &answer);
        let from_client = Segment {
            source: from_server.destination,
            destination: from_server.source,
            ..segment(100, &hello)
        };
        let mut t = Tracker::new(&from_server);
        t.add(&from_server, 1);
        t.add(&from_client, 2);
        let c = t.finish();
        assert_eq!(c.client, from_client.source);
        assert_eq!(c.client_stream.bytes, hello);
        assert_eq!(c.server_stream.bytes, answer);
    }
}
