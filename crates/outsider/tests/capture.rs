//! A student's own capture (issue 30), as the capture worker reads it: the shipped Chromium
//! sample with and without its key log, a simulated run exported as pcap with its own key log,
//! and the bad inputs the page must answer in a line: not a capture, truncated, no TLS, a key
//! log of another capture, too big, and mutated bytes (never a panic).

use engine::export::pcap::{Host, Side, TcpCapture};
use engine::{Protocol, Scenario, simulate};
use outsider::capture::{Loaded, MAX_BYTES, load};

const SAMPLE: &[u8] = include_bytes!("../../../samples/chromium-tls13.pcapng");
const SAMPLE_KEYS: &str = include_str!("../../../samples/chromium-tls13.keys");

fn read(file: &[u8], keys: Option<&str>) -> Loaded {
    load(file, keys).unwrap_or_else(|why| panic!("{why}"))
}

#[test]
fn the_sample_with_its_key_log_opens_and_without_it_shows_the_wire() {
    let with = read(SAMPLE, Some(SAMPLE_KEYS));
    let list = with.list();
    assert!(list.contains("data-recorded-connection=\"0\""), "{list}");
    assert!(with.notices.is_empty(), "{:?}", with.notices);
    let opened: Vec<usize> = (0..with.connections.len())
        .filter(|&i| with.connections[i].in_key_log)
        .collect();
    assert!(!opened.is_empty(), "the key log is the sample's own");
    for &i in &opened {
        let c = &with.connections[i];
        assert!(c.server_name.is_some(), "Chromium sends server_name");
        let shown = with.show(i).expect("a report");
        assert!(shown.brief.starts_with("opened|"), "{}", shown.brief);
        assert!(shown.opening.contains("GET /"), "the request, read");
        assert!(
            shown.opening.contains("How: "),
            "the steps from the key log"
        );
        assert!(list.contains("TLS 1.3"), "{list}");
    }

    let without = read(SAMPLE, None);
    assert_eq!(without.connections.len(), with.connections.len());
    assert!(without.connections.iter().all(|c| !c.in_key_log));
    let shown = without.show(opened[0]).expect("a report");
    assert!(shown.brief.is_empty(), "no secret, no experiment");
    assert!(!shown.opening.contains("GET /"));
    let wire: String = shown.records.iter().map(|(_, h)| h.as_str()).collect();
    assert!(wire.contains("server_name"), "what the eavesdropper reads");
    assert!(without.show(without.connections.len()).is_none());
}

#[test]
fn a_simulated_run_exported_reads_back_and_its_key_log_opens_it() {
    for protocol in [Protocol::Rsa, Protocol::Ecdhe, Protocol::Tls13] {
        let t = simulate(&Scenario {
            protocol,
            ..Scenario::default()
        });
        let (pcap, _) = engine::export::pcap(&t);
        let keys = engine::export::key_log(&t);
        let loaded = read(&pcap, Some(&keys));
        assert_eq!(loaded.connections.len(), 1, "{protocol:?}");
        let c = &loaded.connections[0];
        assert!(c.in_key_log);
        assert_eq!(c.server_name.as_deref(), Some("server.test"));
        let list = loaded.list();
        let expected = match protocol {
            Protocol::Rsa => ["TLS 1.2", "RSA key transport"],
            Protocol::Ecdhe => ["TLS 1.2", "x25519"],
            Protocol::Tls13 => ["TLS 1.3", "X25519MLKEM768"],
        };
        for e in expected {
            assert!(list.contains(e), "{protocol:?}: {list}");
        }
        assert!(list.contains(&format!("{} records", t.records.len())));
        let shown = loaded.show(0).unwrap();
        assert!(shown.brief.starts_with("opened|"), "{protocol:?}");
        // The sample's key log is another capture's.
        let other = read(&pcap, Some(SAMPLE_KEYS));
        assert!(!other.connections[0].in_key_log);
        assert!(other.notices[0].contains("belongs to another capture"));
        let report = other.show(0).unwrap();
        assert!(report.brief.starts_with("sealed|") || report.brief.starts_with("failed|"));
        assert!(!report.opening.contains("GET /"));
    }
}

#[test]
fn bad_files_are_refused_in_a_line() {
    let refused = |file: &[u8], keys: Option<&str>| load(file, keys).expect_err("refused");
    assert!(refused(b"", None).contains("empty"));
    assert!(refused(b"GET / HTTP/1.1\r\n\r\n", None).contains("not a capture"));
    assert!(refused(&SAMPLE[..SAMPLE.len() / 2], None).contains("truncated"));
    assert!(refused(SAMPLE, Some("hello there")).starts_with("The key log cannot be read"));
    assert!(refused(&vec![0; MAX_BYTES + 1], None).contains("up to 64 MB"));
    // A TCP connection without TLS.
    let host = |ip, port| Host {
        mac: [2, 0, 0, 0, 0, ip],
        ip: [127, 0, 0, ip],
        port,
    };
    let mut c = TcpCapture::new(host(1, 50000), host(2, 80), 1, 1, 1_700_000_000);
    c.open();
    c.send(Side::Client, b"GET / HTTP/1.1\r\nHost: example\r\n\r\n");
    c.send(Side::Server, b"HTTP/1.1 200 OK\r\n\r\n");
    let why = refused(&c.into_bytes(), None);
    assert!(why.starts_with("No TLS in this capture"), "{why}");
    for why in [refused(b"", None), why] {
        assert!(!why.contains('\n'), "one line: {why}");
    }
}

#[test]
fn mutated_captures_never_panic() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut read_ok, mut refused) = (0, 0);
    for _ in 0..300 {
        let mut file = SAMPLE.to_vec();
        for _ in 0..1 + next() % 8 {
            let at = (next() as usize) % file.len();
            file[at] = next() as u8;
        }
        if next() % 4 == 0 {
            file.truncate((next() as usize) % file.len());
        }
        match load(&file, Some(SAMPLE_KEYS)) {
            Ok(l) => {
                read_ok += 1;
                let _ = l.list();
                for i in 0..l.connections.len() {
                    let _ = l.show(i);
                }
            }
            Err(why) => {
                refused += 1;
                assert!(!why.is_empty());
            }
        }
    }
    eprintln!("300 mutated captures: {read_ok} read, {refused} refused, none panicked");
}
