//! The capture reader on files we can make without tools: the engine's own pcap export read
//! back record for record, and every kind of broken file (truncated, wrong magic, huge
//! lengths, flipped bytes, random bytes) ending in an error value, never a panic. Captures
//! written by dumpcap on loopback are read in `crates/cli/tests/capture_reader.rs`.

use crate::common::XorShift;
use engine::capture::{self, CaptureError, Format};
use engine::transcript::Party;
use engine::{Protocol, Scenario, simulate};

fn export(kx: Protocol, seed: u64) -> (engine::Transcript, Vec<u8>) {
    let t = simulate(&Scenario {
        protocol: kx,
        seed,
        ..Scenario::default()
    });
    let (pcap, _) = engine::export::pcap(&t);
    (t, pcap)
}

#[test]
fn an_export_reads_back_as_the_transcript_records() {
    for kx in [Protocol::Rsa, Protocol::Ecdhe] {
        let (t, pcap) = export(kx, 5);
        let c = capture::read(&pcap).expect("the export reads");
        assert_eq!(c.format, Format::Pcap);
        assert!(c.skipped.is_empty(), "{:?}", c.skipped);
        assert_eq!(c.connections.len(), 1);
        let conn = &c.connections[0];
        assert_eq!(conn.server.to_string(), "10.0.0.2:443");
        for (party, stream) in [
            (Party::Client, &conn.client_stream),
            (Party::Server, &conn.server_stream),
        ] {
            let sent: Vec<&[u8]> = t
                .records
                .iter()
                .filter(|r| r.from == party && r.delivered)
                .map(|r| r.bytes.as_slice())
                .collect();
            let read: Vec<Vec<u8>> = stream
                .records
                .iter()
                .map(|r| {
                    let mut b = vec![r.content_type];
                    b.extend_from_slice(&r.version.to_be_bytes());
                    b.extend_from_slice(&(r.fragment.len() as u16).to_be_bytes());
                    b.extend_from_slice(&r.fragment);
                    b
                })
                .collect();
            assert_eq!(read, sent, "{kx:?} {party:?}");
            assert_eq!(
                (stream.gap, stream.partial, &stream.not_tls),
                (None, 0, &None)
            );
        }
    }
}

#[test]
fn broken_files_are_error_values() {
    let (_, pcap) = export(Protocol::Rsa, 1);
    assert_eq!(capture::read(&[]), Err(CaptureError::Empty));
    assert_eq!(
        capture::read(b"GET / HTTP/1.1\r\n\r\n"),
        Err(CaptureError::NotACapture)
    );
    let mut wrong_magic = pcap.clone();
    wrong_magic[0] ^= 0xff;
    assert_eq!(capture::read(&wrong_magic), Err(CaptureError::NotACapture));
    // Cut inside the file header, inside a packet header and inside a packet.
    for cut in [10, 24 + 8, pcap.len() - 3] {
        let e = capture::read(&pcap[..cut]).expect_err("truncated");
        assert!(
            matches!(e, CaptureError::Truncated { .. }),
            "cut at {cut}: {e:?}"
        );
        assert!(e.to_string().contains("truncated"), "{e}");
    }
    // A packet record claiming 4 GB.
    let mut huge = pcap.clone();
    huge[24 + 8..24 + 12].copy_from_slice(&u32::MAX.to_le_bytes());
    huge[24 + 12..24 + 16].copy_from_slice(&u32::MAX.to_le_bytes());
    let e = capture::read(&huge).expect_err("huge length");
    assert!(!e.to_string().is_empty());
}

/// Every truncation, and thousands of seeded mutations (flipped bytes, overwritten lengths,
/// random bytes): the reader returns, never panics, and never claims more packets than fit.
#[test]
fn no_mutation_panics() {
    let (_, pcap) = export(Protocol::Ecdhe, 2);
    for cut in 0..pcap.len() {
        let _ = capture::read(&pcap[..cut]);
    }
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for round in 0..3000 {
        let mut bytes = pcap.clone();
        match round % 3 {
            0 => {
                for _ in 0..1 + rng.below(8) {
                    let i = rng.below(bytes.len());
                    bytes[i] ^= 1 << rng.below(8);
                }
            }
            1 => {
                // A length field anywhere set to something large.
                let i = rng.below(bytes.len() - 4);
                let v = [u32::MAX, 0x8000_0000, 0xffff, 65_536, 0][rng.below(5)];
                bytes[i..i + 4].copy_from_slice(&v.to_le_bytes());
            }
            _ => {
                let n = rng.below(bytes.len());
                let start = rng.below(bytes.len() - n);
                for b in &mut bytes[start..start + n] {
                    *b = rng.next() as u8;
                }
            }
        }
        if let Ok(c) = capture::read(&bytes) {
            assert!(c.packets <= bytes.len() / 16, "round {round}");
        }
    }
    for len in [1, 4, 24, 100, 5000] {
        let random: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let _ = capture::read(&random);
    }
}
