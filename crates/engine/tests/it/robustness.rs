//! No input may panic: arbitrary and mutated bytes into client and server.

use crate::common::XorShift;
use engine::client::{Client, ClientConfig, Tls13Offer, Trust};
use engine::crypto::rng::TlsRng;
use engine::scenario::{Protocol, Scenario};
use engine::server::{Server, ServerConfig};
use engine::{pki, simulate};

/// A browser offering TLS 1.3 and TLS 1.2 (`tls13`), or TLS 1.2 alone.
fn client_offering(tls13: bool) -> Client {
    let mut c = Client::new(
        ClientConfig {
            tls13: tls13.then(Tls13Offer::browser),
            ..ClientConfig::browser("server.test", Trust::Roots(pki::trust_anchors()))
        },
        TlsRng::new(1, 1),
    );
    c.start();
    c
}

fn client() -> Client {
    client_offering(true)
}

/// A server accepting TLS 1.3 and TLS 1.2 (`tls13`), or TLS 1.2 alone.
fn server_accepting(tls13: bool) -> Server {
    let teaching = ServerConfig::teaching(pki::identity(pki::CertKind::Valid));
    Server::new(
        ServerConfig {
            groups13: if tls13 {
                teaching.groups13.clone()
            } else {
                Vec::new()
            },
            ..teaching
        },
        TlsRng::new(1, 2),
    )
}

fn server() -> Server {
    server_accepting(true)
}

#[test]
fn random_bytes_never_panic_either_endpoint() {
    let mut rng = XorShift(0x5eed);
    let mut c = client();
    let mut s = server();
    for case in 0..3000 {
        let len = rng.below(600);
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        // Half the cases start like a real record, to get past the first checks.
        if case % 2 == 0 && bytes.len() >= 5 {
            bytes[0] = 20 + (rng.below(4) as u8);
            bytes[1] = 3;
            bytes[2] = 3;
            let body = (bytes.len() - 5) as u16;
            bytes[3..5].copy_from_slice(&body.to_be_bytes());
            if bytes.len() > 9 && bytes[0] == 22 {
                bytes[5] = rng.below(21) as u8;
                let hl = (bytes.len() - 9) as u32;
                bytes[6..9].copy_from_slice(&hl.to_be_bytes()[1..]);
            }
        }
        if case % 100 == 0 {
            c = client();
            s = server();
        }
        c.receive(&bytes);
        s.receive(&bytes);
        let _ = c.take_outputs();
        let _ = s.take_outputs();
    }
}

#[test]
fn mutated_real_records_never_panic() {
    let mut rng = XorShift(42);
    for &kx in Protocol::ALL {
        let t = simulate(&Scenario {
            protocol: kx,
            ..Scenario::default()
        });
        for rec in &t.records {
            for _ in 0..40 {
                let mut b = rec.bytes.clone();
                let flips = 1 + rng.below(4);
                for _ in 0..flips {
                    let i = rng.below(b.len());
                    b[i] = rng.next() as u8;
                }
                if rng.below(3) == 0 {
                    b.truncate(rng.below(b.len() + 1));
                }
                let mut c = client();
                c.receive(&b);
                let mut s = server();
                s.receive(&b);
                assert!(c.take_outputs().len() < 100 && s.take_outputs().len() < 100);
            }
        }
    }
}

#[test]
fn a_handshake_message_split_over_two_records_is_reassembled() {
    let t = simulate(&Scenario::default());
    let hello = &t.records[0].bytes;
    let body = &hello[5..];
    let (a, b) = body.split_at(body.len() / 3);
    let mut stream = Vec::new();
    for part in [a, b] {
        stream.extend_from_slice(&[22, 3, 3]);
        stream.extend_from_slice(&(part.len() as u16).to_be_bytes());
        stream.extend_from_slice(part);
    }
    let mut s = server();
    s.receive(&stream);
    let records: Vec<_> = s
        .take_outputs()
        .into_iter()
        .filter_map(|o| match o {
            engine::common::Output::Record(r) => Some(r.label.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(records[0], "ServerHello", "{records:?}");
}

#[test]
fn an_interleaved_record_inside_a_fragmented_message_is_unexpected() {
    let t = simulate(&Scenario::default());
    let body = &t.records[0].bytes[5..];
    let mut stream = vec![22, 3, 3, 0, 10];
    stream.extend_from_slice(&body[..10]);
    stream.extend_from_slice(&[20, 3, 3, 0, 1, 1]); // ChangeCipherSpec in the middle
    let mut s = server();
    s.receive(&stream);
    let alert = s.take_outputs().into_iter().find_map(|o| match o {
        engine::common::Output::Error(e) => Some(e.alert),
        _ => None,
    });
    assert_eq!(
        alert,
        Some(engine::msgs::enums::AlertDescription::UnexpectedMessage)
    );
}

#[test]
fn a_client_declines_renegotiation_with_a_warning_and_carries_on() {
    use engine::common::Output;
    fn records(outs: Vec<Output>) -> Vec<Vec<u8>> {
        outs.into_iter()
            .filter_map(|o| match o {
                Output::Record(r) => Some(r.bytes),
                _ => None,
            })
            .collect()
    }
    let (mut c, mut s) = (client_offering(false), server_accepting(false));
    // While negotiating, a HelloRequest is ignored (RFC 5246 §7.4.1.1).
    c.receive(&[22, 3, 3, 0, 4, 0, 0, 0, 0]);
    assert!(!c.is_closed());
    let mut to_server = records(c.take_outputs());
    for _ in 0..3 {
        to_server.drain(..).for_each(|r| s.receive(&r));
        records(s.take_outputs()).iter().for_each(|r| c.receive(r));
        to_server.extend(records(c.take_outputs()));
    }
    assert!(c.is_connected() && s.is_connected());
    assert!(c.negotiated().unwrap().ems && s.negotiated() == c.negotiated());
    s.request_renegotiation().unwrap();
    records(s.take_outputs()).iter().for_each(|r| c.receive(r));
    let outs = c.take_outputs();
    let labels: Vec<String> = outs
        .iter()
        .filter_map(|o| match o {
            Output::Record(r) => Some(r.label.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(labels, ["Alert: no_renegotiation"]);
    assert!(c.is_connected(), "the client carries on");
    c.send_app_data(b"still here").unwrap();
}
