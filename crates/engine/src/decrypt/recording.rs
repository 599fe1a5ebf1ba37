//! What an eavesdropper has: the records each side sent, in the order they crossed the wire.

use crate::codec::Reader;
use crate::msgs::enums::{ContentType, ProtocolVersion};
use crate::msgs::record::{Record, read_header};
use crate::transcript::{Party, Transcript};

/// One record as recorded: its header fields and fragment, nothing else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// The side that sent it.
    pub from: Party,
    /// TLSPlaintext.type / TLSCiphertext.opaque_type as on the wire.
    pub content_type: u8,
    /// `legacy_record_version` (`version` in RFC 5246) as on the wire.
    pub version: u16,
    /// The record's payload: plaintext, or the protected `encrypted_record`.
    pub fragment: Vec<u8>,
    /// In a capture, the packet (from 1) that brought the record's last byte; in a simulated
    /// run, the number of the wire record it came in (each crosses as one packet).
    pub packet: Option<usize>,
}

impl Recorded {
    /// The record as it crossed the wire: header and fragment.
    pub fn bytes(&self) -> Vec<u8> {
        Record {
            typ: ContentType::from_wire(self.content_type),
            version: ProtocolVersion::from_wire(self.version),
            fragment: self.fragment.clone(),
        }
        .encode()
    }
}

/// A connection's records, both directions interleaved in wire order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recording {
    /// The records in wire order.
    pub records: Vec<Recorded>,
}

impl Recording {
    /// The bytes a recorder on the path between the simulated browser and server saw: every
    /// delivered record, cut by its own header (a truncated record ends the sender's stream,
    /// as a reassembler would see it). Only the bytes: none of the transcript's annotations.
    pub fn of_transcript(t: &Transcript) -> Recording {
        let mut records = Vec::new();
        for r in t.records.iter().filter(|r| r.delivered) {
            let mut rest = &r.bytes[..];
            while let Some((record, tail)) = split_record(r.from, rest) {
                records.push(Recorded {
                    packet: Some(r.number),
                    ..record
                });
                rest = tail;
            }
        }
        Recording { records }
    }

    /// A captured TCP connection's records, in the order their last byte was captured.
    #[cfg(feature = "capture")]
    pub fn of_connection(c: &crate::capture::Connection) -> Recording {
        let mut all: Vec<(Party, &crate::capture::Record)> = c
            .client_stream
            .records
            .iter()
            .map(|r| (Party::Client, r))
            .chain(c.server_stream.records.iter().map(|r| (Party::Server, r)))
            .collect();
        all.sort_by_key(|(_, r)| (r.packet, r.offset));
        Recording {
            records: all
                .into_iter()
                .map(|(from, r)| Recorded {
                    from,
                    content_type: r.content_type,
                    version: r.version,
                    fragment: r.fragment.clone(),
                    packet: Some(r.packet),
                })
                .collect(),
        }
    }
}

/// One record from the front of `bytes` (5-byte header, RFC 5246 §6.2.1), if whole.
fn split_record(from: Party, bytes: &[u8]) -> Option<(Recorded, &[u8])> {
    let mut r = Reader::new(bytes);
    let (content_type, version, len) = read_header(&mut r).ok()?;
    let fragment = r.take(len).ok()?;
    Some((
        Recorded {
            from,
            content_type: content_type.to_wire(),
            version: version.to_wire(),
            fragment: fragment.to_vec(),
            packet: None,
        },
        &bytes[r.position()..],
    ))
}
