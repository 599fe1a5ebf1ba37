//! Reading and decrypting a 10 MB capture, the size issue 14 budgets for the page (listed in
//! ≤ 1 s, decrypted in ≤ 2 s there): one long TLS 1.3 download, and about 2,700 short
//! connections. Natively, bench profile; prints medians. `cargo bench -p engine --bench capture`.

mod common;

use std::hint::black_box;

use common::median;
use engine::capture;
use engine::crypto::record_protection::RecordCipher;
use engine::crypto::secrets::Secret;
use engine::decrypt::{self, Given, KeyLog, Outcome, Recording};
use engine::export::key_log;
use engine::export::pcap::{Host, Side, TcpCapture};
use engine::msgs::enums::ContentType;
use engine::scenario::{Protocol, Scenario};
use engine::transcript::{Party, Transcript};
use engine::{Group, simulate};

const TEN_MB: usize = 10 * 1024 * 1024;
/// The largest plaintext a record carries (RFC 8446 §5.1).
const RECORD: usize = 16_384;

fn host(ip: u8, port: u16) -> Host {
    Host {
        mac: [2, 0, 0, 0, 0, ip],
        ip: [10, 0, 0, ip],
        port,
    }
}

fn side(p: Party) -> Side {
    match p {
        Party::Client => Side::Client,
        Party::Server => Side::Server,
    }
}

/// The run's records up to (not including) the first closure alert.
fn before_closure(t: &Transcript) -> impl Iterator<Item = &engine::transcript::WireRecord> {
    t.records
        .iter()
        .filter(|r| r.delivered)
        .take_while(|r| r.kind != ContentType::Alert)
}

/// One connection: the run's handshake and exchange, then the server sends full records of
/// application data, sealed with its application key, until the file holds 10 MB.
fn one_download(t: &Transcript) -> Vec<u8> {
    let mut c = TcpCapture::new(host(1, 50_000), host(2, 443), 1, 1, 1_780_000_000);
    c.open();
    let mut sent = 0;
    for r in before_closure(t) {
        c.send(side(r.from), &r.bytes);
        let key = r.protection.as_ref().map(|p| p.key);
        sent += usize::from(r.from == Party::Server && key == Some(Secret::ServerApplicationKey));
    }
    let key = t.value(Secret::ServerApplicationKey).unwrap();
    let iv = t.value(Secret::ServerApplicationIv).unwrap();
    let mut cipher: RecordCipher = RecordCipher::tls13(key, iv).unwrap();
    for _ in 0..sent {
        cipher.seal(ContentType::ApplicationData, b"").unwrap();
    }
    let data = vec![b'x'; RECORD];
    let mut bytes = 0;
    while bytes < TEN_MB {
        let sealed = cipher.seal(ContentType::ApplicationData, &data).unwrap();
        let mut record = vec![23, 3, 3];
        record.extend_from_slice(&(sealed.fragment.len() as u16).to_be_bytes());
        record.extend_from_slice(&sealed.fragment);
        // One full record per segment, well under the writer's snap length.
        c.send(Side::Server, &record);
        bytes += record.len();
    }
    c.close(Side::Client);
    c.into_bytes()
}

/// Short connections, each the whole run, until the file holds 10 MB.
fn many_connections(t: &Transcript) -> (Vec<u8>, usize) {
    let mut file = Vec::new();
    let mut n = 0;
    while file.len() < TEN_MB {
        let mut c = TcpCapture::new(
            host(1, 20_000 + n as u16),
            host(2, 443),
            1,
            1,
            1_780_000_000,
        );
        c.open();
        for r in before_closure(t) {
            c.send(side(r.from), &r.bytes);
        }
        c.close(Side::Client);
        let bytes = c.into_bytes();
        // One pcap header for the whole file: the others' 24 bytes are dropped.
        file.extend_from_slice(if n == 0 { &bytes } else { &bytes[24..] });
        n += 1;
    }
    (file, n)
}

fn main() {
    let t = simulate(&Scenario {
        protocol: Protocol::Tls13,
        group: Group::X25519,
        ..Scenario::default()
    });
    let log = KeyLog::parse(&key_log(&t)).unwrap();
    let (many, n) = many_connections(&t);
    for (name, file) in [
        ("one 10 MB download".to_string(), one_download(&t)),
        (format!("{n} connections"), many),
    ] {
        let c = capture::read(&file).unwrap();
        let recordings: Vec<Recording> =
            c.connections.iter().map(Recording::of_connection).collect();
        for r in &recordings {
            assert_eq!(
                decrypt::decrypt(r, Given::KeyLog(&log)).outcome,
                Outcome::Opened
            );
        }
        let read = median(|| drop(black_box(capture::read(black_box(&file)))), 5);
        let opened = median(
            || {
                for r in &recordings {
                    let d = decrypt::decrypt(r, Given::KeyLog(&log));
                    black_box(decrypt::messages(r, &d));
                }
            },
            5,
        );
        println!(
            "{name}: {:.1} MB, {} connection(s): read and listed {:.0} ms, decrypted {:.0} ms (median of 5)",
            file.len() as f64 / 1e6,
            c.connections.len(),
            read.as_secs_f64() * 1000.0,
            opened.as_secs_f64() * 1000.0
        );
    }
}
