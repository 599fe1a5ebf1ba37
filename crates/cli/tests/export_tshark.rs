//! `tls-lab export` read back by Wireshark's tshark: the capture is well-formed TCP (checksums,
//! sequence numbers), and the key log, or for RSA key exchange the server's key alone, lets
//! tshark decrypt the application data.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{Proc, Scratch, require, run, text};

const REQUEST: &str = "GET /lesson HTTP/1.1\r\nHost: server.test\r\n\r\n";
const RESPONSE: &str = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello, pcap";

/// Exports one simulated connection; returns (pcap, keylog, server key) paths.
fn export(dir: &Scratch, args: &[&str]) -> (String, String, String) {
    let pcap = dir.path("c.pcap").to_string_lossy().into_owned();
    let keylog = dir.path("keys.log").to_string_lossy().into_owned();
    let key = dir.path("server.key").to_string_lossy().into_owned();
    let mut all = vec![
        "export",
        "--pcap",
        &pcap,
        "--keylog",
        &keylog,
        "--server-key",
        &key,
        "--send",
        REQUEST,
        "--reply",
        RESPONSE,
    ];
    all.extend_from_slice(args);
    let out = run(&all);
    assert!(out.status.success(), "export failed: {}", text(&out.stderr));
    (pcap, keylog, key)
}

/// tshark's output for `pcap` with extra options (its stderr's root warning is dropped).
fn tshark(pcap: &str, options: &[&str]) -> String {
    require("tshark", "--version");
    let mut cmd = Command::new("tshark");
    cmd.args(["-n", "-r", pcap]).args(options);
    let mut p = Proc::spawn("tshark", &mut cmd);
    p.assert_success(Duration::from_secs(60));
    p.stdout()
}

/// The decrypted TLS stream as tshark follows it (both directions, in order).
fn follow(pcap: &str, key_options: &[&str]) -> String {
    let mut options = key_options.to_vec();
    options.extend_from_slice(&["-q", "-z", "follow,tls,ascii,0"]);
    tshark(pcap, &options)
}

fn assert_decrypted(stream: &str, how: &str) {
    assert!(
        stream.contains("GET /lesson HTTP/1.1"),
        "{how}: request not decrypted:\n{stream}"
    );
    assert!(
        stream.contains("hello, pcap"),
        "{how}: response not decrypted:\n{stream}"
    );
}

fn keylog_option(keylog: &str) -> String {
    format!("tls.keylog_file:{keylog}")
}

#[test]
fn rsa_capture_decrypts_with_the_key_log() {
    let dir = Scratch::new("export-rsa-keylog");
    let (pcap, keylog, _) = export(&dir, &["--suite", "rsa"]);
    // Without keys nothing is readable: the decryption below is the key log's doing.
    assert!(!follow(&pcap, &[]).contains("GET /lesson"));
    assert_decrypted(
        &follow(&pcap, &["-o", &keylog_option(&keylog)]),
        "rsa + key log",
    );
}

#[test]
fn ecdhe_capture_decrypts_with_the_key_log() {
    let dir = Scratch::new("export-ecdhe-keylog");
    let (pcap, keylog, _) = export(&dir, &["--suite", "ecdhe", "--seed", "42"]);
    assert!(!follow(&pcap, &[]).contains("GET /lesson"));
    assert_decrypted(
        &follow(&pcap, &["-o", &keylog_option(&keylog)]),
        "ecdhe + key log",
    );
    // On port 443 the decrypted bytes go on to the HTTP dissector.
    let http = tshark(
        &pcap,
        &[
            "-o",
            &keylog_option(&keylog),
            "-Y",
            "http",
            "-T",
            "fields",
            "-e",
            "http.request.uri",
            "-e",
            "http.response.code",
        ],
    );
    assert!(http.contains("/lesson") && http.contains("200"), "{http}");
}

/// RSA key transport: the server's private key alone decrypts the pre-master secret, so
/// tshark derives every key itself, with and without the extended master secret.
#[test]
fn rsa_capture_decrypts_with_the_server_key_alone() {
    for ems in ["1", "0"] {
        let dir = Scratch::new(&format!("export-rsa-key-ems{ems}"));
        let (pcap, _, key) = export(&dir, &["--suite", "rsa", "--ems", ems]);
        assert!(std::fs::read_to_string(&key).is_ok_and(|k| k.contains("BEGIN PRIVATE KEY")));
        let uat = format!("uat:rsa_keys:\"{key}\",\"\"");
        assert_decrypted(
            &follow(&pcap, &["-o", &uat]),
            &format!("rsa + server key, ems {ems}"),
        );
    }
}

/// ECDHE is forward secret: the server's certificate key does not decrypt it.
#[test]
fn ecdhe_capture_does_not_decrypt_with_the_server_key() {
    let dir = Scratch::new("export-ecdhe-key");
    let (pcap, _, key) = export(&dir, &["--suite", "ecdhe"]);
    let uat = format!("uat:rsa_keys:\"{key}\",\"\"");
    assert!(!follow(&pcap, &["-o", &uat]).contains("GET /lesson"));
}

#[test]
fn capture_is_classic_pcap_with_valid_tcp() {
    let dir = Scratch::new("export-tcp");
    let (pcap, _, _) = export(&dir, &["--suite", "ecdhe"]);
    let bytes = std::fs::read(Path::new(&pcap)).expect("read pcap");
    // Classic pcap, little-endian, microseconds; link type 1 (Ethernet).
    assert_eq!(&bytes[..4], &[0xd4, 0xc3, 0xb2, 0xa1]);
    assert_eq!(&bytes[20..24], &[1, 0, 0, 0]);

    let checks = tshark(
        &pcap,
        &[
            "-o",
            "ip.check_checksum:TRUE",
            "-o",
            "tcp.check_checksum:TRUE",
            "-T",
            "fields",
            "-e",
            "ip.checksum.status",
            "-e",
            "tcp.checksum.status",
        ],
    );
    let lines: Vec<&str> = checks.lines().collect();
    assert!(!lines.is_empty());
    // 1 = "Good" (Wireshark's PROTO_CHECKSUM_E_GOOD) for the IPv4 header and the TCP segment.
    assert!(lines.iter().all(|l| *l == "1\t1"), "checksums: {checks}");

    // No retransmission, lost segment, out-of-order or other TCP analysis complaint: the
    // sequence and acknowledgment numbers add up.
    assert_eq!(tshark(&pcap, &["-Y", "tcp.analysis.flags"]).trim(), "");

    let flags = tshark(
        &pcap,
        &[
            "-T",
            "fields",
            "-e",
            "tcp.flags.str",
            "-e",
            "ip.src",
            "-e",
            "tcp.dstport",
        ],
    );
    let flags: Vec<&str> = flags.lines().collect();
    // One segment per record of the simulated run.
    let t = transcript_json(&["--suite", "ecdhe"]);
    let records = t["records"].as_array().map_or(0, |r| r.len());
    assert_eq!(flags.len(), 3 + records + 3, "{flags:?}");
    assert!(
        flags[0].contains("S") && flags[0].ends_with("10.0.0.1\t443"),
        "{}",
        flags[0]
    );
    assert!(
        flags[1].contains("A") && flags[1].contains("S"),
        "{}",
        flags[1]
    );
    assert!(flags[flags.len() - 3].contains("F") && flags[flags.len() - 2].contains("F"));
}

/// The key log holds the same client_random and master_secret the transcript shows, so the
/// page's JSON and Wireshark agree.
#[test]
fn key_log_matches_the_transcript() {
    let dir = Scratch::new("export-keylog-json");
    let (_, keylog, _) = export(&dir, &["--suite", "ecdhe", "--seed", "7"]);
    let line = std::fs::read_to_string(&keylog).expect("read key log");
    let t = transcript_json(&["--suite", "ecdhe", "--seed", "7"]);
    let hex_of = |id: &str| -> String {
        t["derivations"]
            .as_array()
            .and_then(|ds| ds.iter().find(|d| d["id"] == id))
            .and_then(|d| d["value_hex"].as_str())
            .unwrap_or_else(|| panic!("no {id} in the transcript"))
            .to_string()
    };
    assert_eq!(
        line,
        format!(
            "CLIENT_RANDOM {} {}\n",
            hex_of("client_random"),
            hex_of("master_secret")
        )
    );
    assert_eq!(hex_of("master_secret").len(), 96);
}

fn transcript_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["transcript", "--json"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("transcript JSON")
}
