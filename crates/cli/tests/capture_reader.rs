//! The capture reader on real captures: `tls-lab serve --once` ↔ `openssl s_client` on
//! loopback, recorded by dumpcap as pcap and pcapng, on `lo` (Ethernet) and on `any` (Linux
//! cooked v1 and v2), over IPv4 and IPv6. `tls-lab capture-info` must find the records tshark
//! finds, frame for frame; the same files cut short or mutated give a clear error, never a
//! panic. Needs dumpcap (root, or capture rights), tshark and openssl.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{Proc, Scratch, require, run, text, tls_lab};
use engine::capture;
use engine::pki::CertKind;

const STEP: Duration = Duration::from_secs(15);

struct Case {
    name: &'static str,
    interface: &'static str,
    host: &'static str,
    /// dumpcap writes pcapng unless asked for classic pcap (`-P`).
    pcap: bool,
    link_type: Option<&'static str>,
}

const CASES: [Case; 5] = [
    Case {
        name: "ethernet-ipv4.pcapng",
        interface: "lo",
        host: "127.0.0.1",
        pcap: false,
        link_type: None,
    },
    Case {
        name: "ethernet-ipv4.pcap",
        interface: "lo",
        host: "127.0.0.1",
        pcap: true,
        link_type: None,
    },
    Case {
        name: "ethernet-ipv6.pcap",
        interface: "lo",
        host: "::1",
        pcap: true,
        link_type: None,
    },
    Case {
        name: "cooked-ipv4.pcap",
        interface: "any",
        host: "127.0.0.1",
        pcap: true,
        link_type: Some("LINUX_SLL"),
    },
    Case {
        name: "cooked2-ipv6.pcapng",
        interface: "any",
        host: "::1",
        pcap: false,
        link_type: Some("LINUX_SLL2"),
    },
];

#[test]
fn records_match_tshark_on_dumpcap_captures() {
    require("dumpcap", "--version");
    require("tshark", "--version");
    require("openssl", "version");
    let dir = Scratch::new("capture-reader");
    for case in &CASES {
        let (file, port) = capture_handshake(&dir, case);
        let ours = records_by_capture_info(&file);
        let theirs = records_by_tshark(&file, port);
        assert!(
            ours.len() >= 9,
            "{}: a full handshake and exchange has more records than {ours:?}",
            case.name
        );
        assert_eq!(ours, theirs, "{}: capture-info vs tshark", case.name);

        // The same file through the library: one connection, its server the one we started.
        let bytes = std::fs::read(&file).expect("read capture");
        let c = capture::read(&bytes).expect("capture reads");
        assert_eq!(c.connections.len(), 1, "{}", case.name);
        assert_eq!(c.connections[0].server.port(), port, "{}", case.name);
        assert!(c.skipped.is_empty(), "{}: {:?}", case.name, c.skipped);
        broken_copies_are_errors(case.name, &bytes);
    }
}

/// Serves one connection to `openssl s_client` while dumpcap records it; returns the file and
/// the server's port.
fn capture_handshake(dir: &Scratch, case: &Case) -> (PathBuf, u16) {
    let (ca, chain, key) = dir.teaching_pki(CertKind::Valid);
    let listen = if case.host.contains(':') {
        format!("[{}]:0", case.host)
    } else {
        format!("{}:0", case.host)
    };
    let mut server = Proc::spawn(
        "tls-lab serve",
        tls_lab()
            .args(["serve", &listen, "--once", "--cert"])
            .arg(&chain)
            .arg("--key")
            .arg(&key),
    );
    server.wait_for("listening on ", STEP);
    let port = server
        .stderr()
        .lines()
        .find_map(|l| l.split("listening on ").nth(1))
        .and_then(|a| a.trim().rsplit(':').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no port in {}", server.stderr()));

    let file = dir.path(case.name);
    let mut dumpcap = Command::new("dumpcap");
    dumpcap
        .args([
            "-i",
            case.interface,
            "-f",
            &format!("tcp port {port}"),
            "-w",
        ])
        .arg(&file);
    if case.pcap {
        dumpcap.arg("-P");
    }
    if let Some(link) = case.link_type {
        dumpcap.args(["-y", link]);
    }
    let mut dumpcap = Proc::spawn(&format!("dumpcap ({})", case.name), &mut dumpcap);
    dumpcap.wait_for("Capturing on", STEP);
    // "Capturing on" comes before every interface of `any` is armed; on a busy machine the
    // first packets could otherwise be missed.
    std::thread::sleep(Duration::from_millis(1000));

    let connect = if case.host.contains(':') {
        format!("[{}]:{port}", case.host)
    } else {
        format!("{}:{port}", case.host)
    };
    let mut client = Proc::spawn(
        "openssl s_client",
        Command::new("openssl")
            .args([
                "s_client",
                "-connect",
                &connect,
                "-servername",
                "server.test",
            ])
            .args(["-tls1_2", "-verify_return_error", "-CAfile"])
            .arg(&ca),
    );
    client.wait_for("Verify return code: 0 (ok)", STEP);
    client.write_stdin("hello from openssl s_client\n");
    server.wait_for("hello from openssl s_client", STEP);
    client.close_stdin();
    server.assert_success(STEP);
    let _ = client.wait_exit(STEP);

    // Let the last packets reach the file, then stop dumpcap the way Ctrl-C does.
    std::thread::sleep(Duration::from_millis(500));
    let status = Command::new("kill")
        .args(["-INT", &dumpcap.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    let _ = dumpcap.wait_exit(STEP);
    (file, port)
}

/// `(frame, content type)` for every record, in frame order, as capture-info lists them.
fn records_by_capture_info(file: &Path) -> Vec<(usize, u8)> {
    let out = run(&["capture-info", file.to_str().expect("UTF-8 path")]);
    let listing = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    listing
        .lines()
        .filter_map(|l| l.trim().strip_prefix("record #"))
        .map(|l| {
            let mut words = l.split_whitespace();
            let frame = words.next().and_then(|w| w.parse().ok());
            let content_type = words.nth(1).and_then(|w| w.parse().ok());
            (frame.expect("frame"), content_type.expect("content type"))
        })
        .collect()
}

/// The same from tshark, told that the port is TLS.
fn records_by_tshark(file: &Path, port: u16) -> Vec<(usize, u8)> {
    let out = Command::new("tshark")
        .arg("-r")
        .arg(file)
        .args(["-d", &format!("tcp.port=={port},tls"), "-Y", "tls"])
        .args([
            "-T",
            "fields",
            "-e",
            "frame.number",
            "-e",
            "tls.record.content_type",
        ])
        .output()
        .expect("run tshark");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut records = Vec::new();
    for line in text(&out.stdout).lines() {
        let Some((frame, types)) = line.split_once('\t') else {
            continue;
        };
        let frame: usize = frame.parse().expect("frame number");
        for t in types.split(',').filter(|t| !t.is_empty()) {
            records.push((frame, t.parse().expect("content type")));
        }
    }
    records
}

/// Cut short, given a wrong magic, a huge block length, or flipped bytes: the library returns
/// an error value or what it could read, and capture-info exits 1 with one line.
fn broken_copies_are_errors(name: &str, bytes: &[u8]) {
    for cut in [0, 3, 20, bytes.len() / 2, bytes.len() - 1] {
        let _ = capture::read(&bytes[..cut]);
    }
    let mut wrong = bytes.to_vec();
    wrong[..4].copy_from_slice(b"\x00\x01\x02\x03");
    assert_eq!(
        capture::read(&wrong),
        Err(capture::CaptureError::NotACapture),
        "{name}"
    );
    // The first block's length (pcapng) or the first packet's (pcap) set to 2^31.
    let mut huge = bytes.to_vec();
    let at = if name.ends_with(".pcapng") { 4 } else { 24 + 8 };
    huge[at..at + 4].copy_from_slice(&0x8000_0000u32.to_le_bytes());
    assert!(capture::read(&huge).is_err(), "{name}: huge length");
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..500 {
        let mut m = bytes.to_vec();
        for _ in 0..4 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let i = (state % m.len() as u64) as usize;
            m[i] ^= (state >> 32) as u8 | 1;
        }
        let _ = capture::read(&m);
    }

    let dir = Scratch::new("capture-broken");
    let file = dir.path(name);
    std::fs::write(&file, &bytes[..bytes.len() / 2]).expect("write");
    let out = run(&["capture-info", file.to_str().expect("UTF-8 path")]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{name}: {err}");
    assert!(
        err.contains("truncated") || err.contains("malformed"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}
