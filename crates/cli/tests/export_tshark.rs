//! `tls-lab export` read back by Wireshark's tshark: the capture is well-formed TCP (checksums,
//! sequence numbers), and the key log, or for RSA key exchange the server's key alone, lets
//! tshark decrypt the application data; for TLS 1.3 the key log's traffic secrets also open
//! the encrypted handshake messages, in an exported run and in a live one captured on lo.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{Proc, Scratch, openssl_s_server, require, run, text, tls_lab};

const REQUEST: &str = "GET /lesson HTTP/1.1\r\nHost: server.test\r\n\r\n";
const RESPONSE: &str = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello, pcap";

/// Exports one simulated connection with the request and reply above.
fn export(dir: &Scratch, args: &[&str]) -> (String, String, String) {
    common::export(
        dir,
        &[&["--send", REQUEST, "--reply", RESPONSE], args].concat(),
    )
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

/// RFC 8446 handshake message types (§4) tshark shows once it decrypts the handshake:
/// EncryptedExtensions, Certificate, CertificateVerify, Finished.
const TLS13_ENCRYPTED_HANDSHAKE: [u32; 4] = [8, 11, 15, 20];

/// Exports a TLS 1.3 run with `args` and checks what tshark sees in it: without keys only
/// the hellos; with the key log (RFC 9850 traffic-secret labels) the encrypted handshake
/// messages and the HTTP request and response. Returns the handshake types tshark decoded.
fn tls13_decrypts_with_the_key_log(name: &str, args: &[&str]) -> Vec<u32> {
    let dir = Scratch::new(name);
    let mut all = vec!["--suite", "tls13"];
    all.extend_from_slice(args);
    let (pcap, keylog, _) = export(&dir, &all);
    let log = std::fs::read_to_string(&keylog).expect("read key log");
    for label in [
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
        "SERVER_TRAFFIC_SECRET_0",
    ] {
        assert!(
            log.contains(&format!("{label} ")),
            "{label} missing:\n{log}"
        );
    }
    assert!(!log.contains("CLIENT_RANDOM"), "{log}");

    let without = tls13_fields(&pcap, &[]);
    assert!(
        TLS13_ENCRYPTED_HANDSHAKE
            .iter()
            .all(|t| !handshake_types(&without).contains(t)),
        "read without keys:\n{without}"
    );
    assert!(!without.contains("/lesson"), "{without}");

    let with = tls13_fields(&pcap, &["-o", &keylog_option(&keylog)]);
    let types = handshake_types(&with);
    for t in TLS13_ENCRYPTED_HANDSHAKE {
        assert!(types.contains(&t), "type {t} not decrypted:\n{with}");
    }
    // The decrypted application data went on to the HTTP dissector (port 443).
    assert!(
        with.contains("GET\t/lesson"),
        "request not decrypted:\n{with}"
    );
    assert!(
        with.contains("200\thello, pcap"),
        "response not decrypted:\n{with}"
    );
    types
}

/// Per packet: the handshake message types, and the HTTP request method and URI, response
/// code and body, tab-separated (one tshark run).
fn tls13_fields(pcap: &str, options: &[&str]) -> String {
    let mut all = options.to_vec();
    all.extend_from_slice(&[
        "-T",
        "fields",
        "-e",
        "tls.handshake.type",
        "-e",
        "http.request.method",
        "-e",
        "http.request.uri",
        "-e",
        "http.response.code",
        "-e",
        "http.file_data",
    ]);
    tshark(pcap, &all)
}

/// Every handshake message type in `tls13_fields` output, in order.
fn handshake_types(fields: &str) -> Vec<u32> {
    fields
        .lines()
        .filter_map(|l| l.split('\t').next())
        .flat_map(|types| types.split(','))
        .filter_map(|t| t.parse().ok())
        .collect()
}

#[test]
fn tls13_x25519_capture_decrypts_with_the_key_log() {
    let types = tls13_decrypts_with_the_key_log("export-tls13-x25519", &["--group", "x25519"]);
    assert_eq!(types.iter().filter(|&&t| t == 1).count(), 1, "{types:?}");
}

#[test]
fn tls13_x25519mlkem768_capture_decrypts_with_the_key_log() {
    let types = tls13_decrypts_with_the_key_log(
        "export-tls13-mlkem",
        &["--group", "x25519mlkem768", "--seed", "42"],
    );
    assert_eq!(types.iter().filter(|&&t| t == 1).count(), 1, "{types:?}");
}

/// RFC 8446 §4.1.4: after a HelloRetryRequest (a ServerHello to tshark) the second
/// ClientHello starts the key exchange; the key log still opens everything.
#[test]
fn tls13_hello_retry_capture_decrypts_with_the_key_log() {
    let types =
        tls13_decrypts_with_the_key_log("export-tls13-hrr", &["--group", "x25519", "--hrr"]);
    assert_eq!(types.iter().filter(|&&t| t == 1).count(), 2, "{types:?}");
    assert_eq!(types.iter().filter(|&&t| t == 2).count(), 2, "{types:?}");
}

/// Mutual TLS (issue 31) in TLS 1.3: with the key log, tshark opens the server's
/// CertificateRequest (13) and the browser's Certificate (11) and CertificateVerify (15),
/// and reads Sam Student's name only then; without it, the name is nowhere in the capture.
#[test]
fn tls13_mutual_tls_capture_decrypts_with_the_key_log() {
    let types = tls13_decrypts_with_the_key_log(
        "export-tls13-mtls",
        &["--group", "x25519", "--client-cert", "valid"],
    );
    assert_eq!(types.iter().filter(|&&t| t == 13).count(), 1, "{types:?}");
    assert_eq!(types.iter().filter(|&&t| t == 11).count(), 2, "{types:?}");
    assert_eq!(types.iter().filter(|&&t| t == 15).count(), 2, "{types:?}");
    let dir = Scratch::new("export-tls13-mtls-name");
    let (pcap, keylog, _) = export(&dir, &["--suite", "tls13", "--client-cert", "valid"]);
    let subjects = |options: &[&str]| {
        let mut all = options.to_vec();
        all.extend_from_slice(&["-T", "fields", "-e", "x509sat.uTF8String"]);
        tshark(&pcap, &all)
    };
    assert!(!subjects(&[]).contains("Sam Student"));
    assert!(subjects(&["-o", &keylog_option(&keylog)]).contains("Sam Student"));
}

/// Mutual TLS in TLS 1.2: tshark reads the browser's certificate, Sam Student's name in it,
/// without any key (the privacy lesson), and decrypts the exchange with the key log.
#[test]
fn tls12_mutual_tls_capture_shows_the_client_certificate_in_the_clear() {
    let dir = Scratch::new("export-tls12-mtls");
    let (pcap, keylog, _) = export(&dir, &["--suite", "ecdhe", "--client-cert", "valid"]);
    let fields = tshark(
        &pcap,
        &[
            "-T",
            "fields",
            "-e",
            "tls.handshake.type",
            "-e",
            "x509sat.uTF8String",
        ],
    );
    let types = handshake_types(&fields);
    // CertificateRequest, the browser's Certificate and its CertificateVerify, all clear.
    for t in [13, 11, 15] {
        assert!(types.contains(&t), "type {t} missing:\n{fields}");
    }
    assert!(fields.contains("Sam Student"), "{fields}");
    assert_decrypted(&follow(&pcap, &["-o", &keylog_option(&keylog)]), "key log");
}

/// A live TLS 1.3 connection, captured on lo by dumpcap: `connect --keylog` against
/// `openssl s_server`, and tshark opens the capture's handshake and data with connect's
/// key log alone.
#[test]
fn live_tls13_capture_decrypts_with_the_key_log_of_connect() {
    require("dumpcap", "--version");
    let dir = Scratch::new("live-tls13");
    let pcap = dir.path("live.pcap");
    let keylog = dir.path("live.keys");
    let (mut server, port) = openssl_s_server(&dir, &["-tls1_3", "-groups", "X25519"]);
    let step = Duration::from_secs(10);
    let mut capture = Proc::spawn(
        "dumpcap -i lo",
        Command::new("dumpcap")
            .args(["-i", "lo", "-P", "-f", &format!("tcp port {port}"), "-w"])
            .arg(&pcap),
    );
    // "File:" comes once dumpcap has its capture file open, after the interface; waiting
    // for "Capturing on" alone once missed the start of the connection.
    capture.wait_for("File: ", step);
    let mut client = Proc::spawn(
        "tls-lab connect --keylog",
        tls_lab()
            .args(["connect", &format!("127.0.0.1:{port}")])
            .args(["--server-name", "server.test", "--ca"])
            .arg(dir.path("ca.pem"))
            .args(["--suite", "tls13", "--group", "x25519", "--keylog"])
            .arg(&keylog)
            .args(["--send", REQUEST]),
    );
    server.wait_for("GET /lesson", step);
    server.write_stdin("hello from openssl s_server\n");
    client.wait_for("hello from openssl s_server", step);
    client.assert_success(step);
    server.wait_for("DONE", step);
    // SIGINT makes dumpcap finish the file and exit 0.
    let stopped = Command::new("kill")
        .args(["-INT", &capture.id().to_string()])
        .status()
        .expect("run kill");
    assert!(stopped.success());
    capture.assert_success(step);

    let pcap = pcap.to_string_lossy().into_owned();
    let keylog = keylog.to_string_lossy().into_owned();
    // s_server's port is not 443: tell tshark the stream is TLS.
    let decode_as = format!("tcp.port=={port},tls");
    let packets = tshark(&pcap, &["-d", &decode_as]);
    let without = follow(&pcap, &["-d", &decode_as]);
    assert!(!without.contains("GET /lesson"), "{without}");
    assert!(
        packets.contains("Client Hello"),
        "{packets}\n{}",
        capture.report()
    );
    let stream = follow(&pcap, &["-d", &decode_as, "-o", &keylog_option(&keylog)]);
    assert!(stream.contains("GET /lesson HTTP/1.1"), "{stream}");
    assert!(stream.contains("hello from openssl s_server"), "{stream}");
    let types = tshark(
        &pcap,
        &[
            "-d",
            &decode_as,
            "-o",
            &keylog_option(&keylog),
            "-T",
            "fields",
            "-e",
            "tls.handshake.type",
        ],
    );
    let types: Vec<u32> = types
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter_map(|t| t.parse().ok())
        .collect();
    for t in TLS13_ENCRYPTED_HANDSHAKE {
        assert!(types.contains(&t), "type {t} not decrypted: {types:?}");
    }
    // Our decrypter opens the same capture of a real server with the same key log.
    let ours = run(&["decrypt", "--pcap", &pcap, "--keylog", &keylog]);
    assert!(ours.status.success(), "{}", text(&ours.stderr));
    let ours = text(&ours.stdout);
    assert!(ours.contains("| GET /lesson HTTP/1.1"), "{ours}");
    assert!(ours.contains("| hello from openssl s_server"), "{ours}");
    assert!(ours.contains("every protected record opened"), "{ours}");
}

/// Issue 32: an export of the browser's second visit, resuming its first one's ticket with
/// the request sent as 0-RTT data, decrypts in tshark with the key log, which now carries
/// CLIENT_EARLY_TRAFFIC_SECRET: tshark reads the request in the early data, the
/// EndOfEarlyData, and the answer; and the handshake carries no certificate.
#[test]
fn a_resumed_tls13_run_with_0rtt_decrypts_with_the_key_log() {
    let dir = Scratch::new("export-0rtt");
    let (pcap, keylog, _) = export(
        &dir,
        &[
            "--suite",
            "tls13",
            "--group",
            "x25519",
            "--resume",
            "--early-data",
        ],
    );
    let keys = std::fs::read_to_string(&keylog).expect("the key log");
    assert!(keys.contains("CLIENT_EARLY_TRAFFIC_SECRET "), "{keys}");
    assert!(!follow(&pcap, &[]).contains("GET /lesson"));
    let with_keys = ["-o", &keylog_option(&keylog)];
    assert_decrypted(&follow(&pcap, &with_keys), "tls13 0-RTT + key log");
    let lines = tshark(&pcap, &[&with_keys[..], &["-Y", "tls"]].concat());
    // The request travels right behind the ClientHello: before the ServerHello.
    let request = lines.find("GET /lesson").expect("the request decrypted");
    let server_hello = lines.find("Server Hello").expect("a ServerHello");
    assert!(request < server_hello, "{lines}");
    assert!(lines.contains("End of Early Data"), "{lines}");
    assert!(!lines.contains("Certificate"), "{lines}");
}

/// The active attacker (issue 33) with a root the browser was made to trust: both of its
/// connections are real TLS. The browser's connection (to the attacker) and the attacker's
/// own to the server each export as a capture and key log that tshark opens, the same
/// request and response in both; the browser's shows the attacker's certificate, the
/// attacker's the server's.
#[test]
fn trusted_ca_attackers_two_connections_decrypt_with_their_key_logs() {
    for suite in ["rsa", "ecdhe", "tls13"] {
        let dir = Scratch::new(&format!("export-attack-{suite}"));
        let [up_pcap, up_keylog] =
            ["up.pcap", "up.log"].map(|f| dir.path(f).to_string_lossy().into_owned());
        let (pcap, keylog, _) = export(
            &dir,
            &[
                "--suite",
                suite,
                "--attack",
                "trusted-ca",
                "--attacker-pcap",
                &up_pcap,
                "--attacker-keylog",
                &up_keylog,
            ],
        );
        for (pcap, keylog, which) in [
            (&pcap, &keylog, "the browser's connection"),
            (
                &up_pcap,
                &up_keylog,
                "the attacker's connection to the server",
            ),
        ] {
            assert!(
                !follow(pcap, &[]).contains("GET /lesson"),
                "{suite}, {which}"
            );
            assert_decrypted(
                &follow(pcap, &["-o", &keylog_option(keylog)]),
                &format!("{suite}, {which}"),
            );
        }
        // Who presented what: the issuer names tshark decodes in each Certificate.
        let issuers = |pcap: &str, keylog: &str| {
            tshark(
                pcap,
                &[
                    "-o",
                    &keylog_option(keylog),
                    "-Y",
                    "tls.handshake.certificate",
                    "-T",
                    "fields",
                    "-e",
                    "x509sat.uTF8String",
                ],
            )
        };
        let browser = issuers(&pcap, &keylog);
        assert!(browser.contains("Mallory Root CA"), "{suite}: {browser}");
        let upstream = issuers(&up_pcap, &up_keylog);
        assert!(
            upstream.contains("TLS Lab Teaching CA") && !upstream.contains("Mallory"),
            "{suite}: {upstream}"
        );
    }
}

/// A relaying attacker has no connection of its own: asking for one is a usage error.
#[test]
fn a_relaying_attacker_has_no_connection_to_export() {
    let dir = Scratch::new("export-attack-relay");
    let [pcap, keylog, up] =
        ["c.pcap", "k.log", "up.pcap"].map(|f| dir.path(f).to_string_lossy().into_owned());
    let out = run(&[
        "export",
        "--attack",
        "downgrade",
        "--suite",
        "tls13",
        "--pcap",
        &pcap,
        "--keylog",
        &keylog,
        "--attacker-pcap",
        &up,
        "--attacker-keylog",
        &up,
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("relays"),
        "{}",
        text(&out.stderr)
    );
}
