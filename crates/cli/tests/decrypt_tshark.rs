//! `tls-lab decrypt` against tshark: both decrypt the same capture with the same secret, and
//! must recover the same application data bytes in each direction and read the same record
//! lengths, handshake types and extension types; where the secret cannot open a connection
//! (the server key for ECDHE or TLS 1.3), neither recovers anything. The captures are the
//! project's exports and real peers recorded on 127.0.0.1 by the tests themselves with
//! dumpcap: `openssl s_client` ↔ `openssl s_server` with each of eleven AEAD suites and with
//! KeyUpdates, curl ↔ s_server, and headless Chromium with `SSLKEYLOGFILE` ↔ `tls-lab serve`
//! and ↔ s_server.

mod common;

use std::process::Command;
use std::time::Duration;

use common::{
    Proc, Scratch, chromium, export, leaf_spki_sha256_base64, openssl_s_server, require, run,
    serve, text,
};
use serde_json::Value;

/// `tls-lab decrypt --json`'s first connection, and its application data per direction
/// (browser, server) in hex.
fn ours(pcap: &str, secret: &[&str]) -> (Value, [String; 2]) {
    let c = ours_all(pcap, secret)
        .into_iter()
        .next()
        .expect("decrypt lists a connection");
    let data = application_data(&c);
    (c, data)
}

/// Every connection `tls-lab decrypt --json` lists.
fn ours_all(pcap: &str, secret: &[&str]) -> Vec<Value> {
    let mut all = vec!["decrypt", "--pcap", pcap, "--json"];
    all.extend_from_slice(secret);
    let out = run(&all);
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    json["connections"].as_array().cloned().unwrap_or_default()
}

/// A decrypted connection's application data per direction (browser, server) in hex.
fn application_data(c: &Value) -> [String; 2] {
    let mut data = [String::new(), String::new()];
    for r in c["records"].as_array().unwrap() {
        if r["inner_type"] == 23 {
            let side = usize::from(r["from"] == "server");
            data[side].push_str(r["plaintext"].as_str().unwrap());
        }
    }
    data
}

/// The exported browser's address (`tls-lab export`).
const CLIENT_IP: &str = "10.0.0.1";

/// tshark's decrypted TLS stream 0 (`follow,tls,raw`): hex per direction (browser, server).
fn theirs(pcap: &str, options: &[&str]) -> [String; 2] {
    theirs_from(pcap, options, CLIENT_IP)
}

/// The same for a capture whose browser is at `client_ip`.
fn theirs_from(pcap: &str, options: &[&str], client_ip: &str) -> [String; 2] {
    follow(pcap, options, client_ip, "0")
}

/// tshark's decrypted TLS stream `stream`: an index or the pair of addresses
/// (`ip:port,ip:port`), as `-z follow` takes it.
fn follow(pcap: &str, options: &[&str], client_ip: &str, stream: &str) -> [String; 2] {
    require("tshark", "--version");
    let mut cmd = Command::new("tshark");
    cmd.args(["-n", "-r", pcap]).args(options).args([
        "-q",
        "-z",
        &format!("follow,tls,raw,{stream}"),
    ]);
    let mut p = Proc::spawn("tshark", &mut cmd);
    p.assert_success(Duration::from_secs(60));
    let out = p.stdout();
    // Node 0 sent the first decrypted bytes: its lines are the unindented ones.
    let client_first = out
        .lines()
        .any(|l| l.starts_with("Node 0: ") && l.contains(&format!("{client_ip}:")));
    let mut data = [String::new(), String::new()];
    for line in out.lines() {
        let side = usize::from(line.starts_with('\t') == client_first);
        let hex = line.trim();
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            data[side].push_str(hex);
        }
    }
    data
}

#[test]
fn the_server_key_opens_rsa_key_exchange_as_tshark_does() {
    for ems in ["0", "1"] {
        let dir = Scratch::new(&format!("decrypt-rsa-ems{ems}"));
        let (pcap, _, key) = export(&dir, &["--suite", "rsa", "--ems", ems, "--seed", "5"]);
        let (c, data) = ours(&pcap, &["--server-key", &key]);
        assert_eq!(c["outcome"], "opened", "{c}");
        assert_eq!(c["extended_master_secret"], ems == "1");
        assert!(c["records"].as_array().unwrap().iter().any(|r| {
            r["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("GET / HTTP/1.1"))
        }));
        let tshark = theirs(&pcap, &["-o", &format!("uat:rsa_keys:\"{key}\",\"\"")]);
        assert!(!tshark[0].is_empty() && !tshark[1].is_empty());
        assert_eq!(data, tshark, "ems {ems}");
    }
}

#[test]
fn the_server_key_opens_nothing_of_ecdhe_or_tls13_and_says_why() {
    for (args, why) in [
        (&["--suite", "ecdhe"][..], "ECDHE"),
        (
            &["--suite", "tls13", "--group", "x25519mlkem768"][..],
            "TLS 1.3",
        ),
    ] {
        let dir = Scratch::new("decrypt-sealed");
        let (pcap, _, key) = export(&dir, args);
        let (c, data) = ours(&pcap, &["--server-key", &key]);
        assert_eq!(c["outcome"], "sealed", "{c}");
        assert!(c["why"].as_str().unwrap().contains(why), "{c}");
        assert_eq!(data, [String::new(), String::new()]);
        let tshark = theirs(&pcap, &["-o", &format!("uat:rsa_keys:\"{key}\",\"\"")]);
        assert_eq!(tshark, [String::new(), String::new()], "{args:?}");
        // The text output says so too, and the run is not an error: sealed is the answer.
        let out = run(&["decrypt", "--pcap", &pcap, "--server-key", &key]);
        assert!(out.status.success());
        assert!(
            text(&out.stdout).contains("sealed: "),
            "{}",
            text(&out.stdout)
        );
    }
}

#[test]
fn the_key_log_opens_every_suite_as_tshark_does() {
    for args in [
        &["--suite", "rsa"][..],
        &["--suite", "ecdhe", "--seed", "9"],
        &["--suite", "tls13", "--group", "x25519"],
        &["--suite", "tls13", "--group", "x25519mlkem768", "--hrr"],
    ] {
        let dir = Scratch::new("decrypt-keylog");
        let (pcap, keylog, _) = export(&dir, args);
        let (c, data) = ours(&pcap, &["--keylog", &keylog]);
        assert_eq!(c["outcome"], "opened", "{args:?}: {c}");
        let tshark = theirs(&pcap, &["-o", &format!("tls.keylog_file:{keylog}")]);
        assert!(!tshark[0].is_empty(), "{args:?}");
        assert_eq!(data, tshark, "{args:?}");
        let name = format!("{args:?}");
        assert_dissected_as_tshark(&c, &pcap, engine::export::HTTPS_PORT, &keylog, &name);
    }
}

#[test]
fn a_wrong_secret_or_a_broken_file_is_one_clear_line() {
    let dir = Scratch::new("decrypt-wrong");
    let (pcap, keylog, key) = export(&dir, &["--suite", "rsa"]);
    let other = dir.path("other.pcap").to_string_lossy().into_owned();
    let other_log = dir.path("other.log").to_string_lossy().into_owned();
    let out = run(&[
        "export", "--suite", "rsa", "--seed", "2", "--pcap", &other, "--keylog", &other_log,
    ]);
    assert!(out.status.success());
    let junk = dir.path("junk.pcap").to_string_lossy().into_owned();
    std::fs::write(&junk, b"\xd4\xc3\xb2\xa1 not much of a capture").unwrap();
    for (args, says) in [
        (
            vec!["--pcap", &pcap, "--keylog", &other_log],
            "no CLIENT_RANDOM line",
        ),
        (vec!["--pcap", &pcap, "--keylog", &key], "not a key log"),
        (
            vec!["--pcap", &pcap, "--server-key", &keylog],
            "--server-key",
        ),
        (vec!["--pcap", &junk, "--server-key", &key], "junk.pcap"),
    ] {
        let mut all = vec!["decrypt"];
        all.extend_from_slice(&args);
        let out = run(&all);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let out = run(&["decrypt", "--pcap", &pcap]);
    assert_eq!(out.status.code(), Some(2));

    // Cut and bit-flipped copies of a good capture: a result or one line, never a panic.
    let good = std::fs::read(&pcap).unwrap();
    let broken = dir.path("broken.pcap").to_string_lossy().into_owned();
    for i in 0..24 {
        let mut bytes = good.clone();
        if i % 2 == 0 {
            bytes.truncate(good.len() * i / 24);
        } else {
            let at = 24 + (i * 7919) % (good.len() - 24);
            bytes[at] ^= 0x5a;
        }
        std::fs::write(&broken, &bytes).unwrap();
        let out = run(&["decrypt", "--pcap", &broken, "--server-key", &key]);
        let err = text(&out.stderr);
        assert!(matches!(out.status.code(), Some(0 | 1)), "copy {i}: {err}");
        assert!(err.lines().count() <= 1, "copy {i}: {err}");
    }
}

/// What one side sent, as a dissector reads it: record lengths, handshake message types and
/// extension types, each in wire order.
#[derive(Debug, Default, PartialEq, Eq)]
struct Dissection {
    record_lengths: Vec<u64>,
    handshake_types: Vec<u64>,
    extension_types: Vec<u64>,
}

/// Ours, from `tls-lab decrypt --json`: [browser, server].
fn our_dissection(c: &Value) -> [Dissection; 2] {
    let mut d: [Dissection; 2] = Default::default();
    for r in c["records"].as_array().unwrap() {
        let side = usize::from(r["from"] == "server");
        d[side].record_lengths.push(r["length"].as_u64().unwrap());
    }
    for m in c["messages"].as_array().unwrap() {
        let side = usize::from(m["from"] == "server");
        d[side].handshake_types.push(m["type"].as_u64().unwrap());
        for e in m["extensions"].as_array().unwrap() {
            d[side].extension_types.push(e.as_u64().unwrap());
        }
    }
    d
}

/// tshark's, decrypting with the key log: [browser, server], told apart by the server's port;
/// of the one TCP connection with the browser's port `client_port`.
fn tshark_dissection(pcap: &str, port: u16, client_port: &str, keylog: &str) -> [Dissection; 2] {
    let out = Command::new("tshark")
        .args(["-n", "-r", pcap, "-d", &format!("tcp.port=={port},tls")])
        .args(["-o", &format!("tls.keylog_file:{keylog}")])
        .args(["-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"])
        .args(["-e", "tcp.srcport", "-e", "tls.record.length"])
        .args([
            "-e",
            "tls.handshake.type",
            "-e",
            "tls.handshake.extension.type",
        ])
        .args(["-Y", &format!("tls && tcp.port == {client_port}")])
        .output()
        .expect("run tshark");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut d: [Dissection; 2] = Default::default();
    for line in text(&out.stdout).lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let side = usize::from(cols[0] == port.to_string());
        let numbers = |i: usize| -> Vec<u64> {
            cols.get(i)
                .into_iter()
                .flat_map(|c| c.split(','))
                .filter(|v| !v.is_empty())
                .map(|v| v.parse().unwrap())
                .collect()
        };
        d[side].record_lengths.extend(numbers(1));
        d[side].handshake_types.extend(numbers(2));
        d[side].extension_types.extend(numbers(3));
    }
    d
}

/// Our record boundaries, handshake types and extension types equal tshark's, and the
/// engine's decoder (the inspector's) reads every message.
fn assert_dissected_as_tshark(c: &Value, pcap: &str, port: u16, keylog: &str, name: &str) {
    let client = c["client"].as_str().unwrap();
    let (_, client_port) = client.rsplit_once(':').unwrap();
    assert_eq!(
        our_dissection(c),
        tshark_dissection(pcap, port, client_port, keylog),
        "{name}: records, handshake and extension types"
    );
    for m in c["messages"].as_array().unwrap() {
        assert!(m["undecoded"].is_null(), "{name}: {m}");
    }
}

const STEP: Duration = Duration::from_secs(10);

/// dumpcap recording one port on the loopback interface into `pcap`.
fn record(pcap: &str, port: u16) -> Proc {
    require("dumpcap", "--version");
    let mut capture = Proc::spawn(
        "dumpcap -i lo",
        Command::new("dumpcap").args(["-i", "lo", "-f", &format!("tcp port {port}"), "-w", pcap]),
    );
    capture.wait_for("File: ", STEP);
    capture
}

/// Stops dumpcap once the last packets are written.
fn stop(capture: Proc) {
    std::thread::sleep(Duration::from_millis(500));
    let stopped = Command::new("kill")
        .args(["-INT", &capture.id().to_string()])
        .status()
        .expect("run kill");
    assert!(stopped.success());
    let mut capture = capture;
    capture.assert_success(STEP);
}

/// A P-256 key and a self-signed certificate for it, for openssl s_server's second
/// certificate (`-dcert`/`-dkey`), which the ECDHE_ECDSA suites need.
fn ecdsa_identity(dir: &Scratch) -> [String; 4] {
    let key = dir.path("ec-key.pem").to_string_lossy().into_owned();
    let cert = dir.path("ec-cert.pem").to_string_lossy().into_owned();
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ])
        .args(["-nodes", "-days", "1", "-subj", "/CN=server.test"])
        .args(["-keyout", &key, "-out", &cert])
        .output()
        .expect("run openssl req");
    assert!(made.status.success(), "{}", text(&made.stderr));
    ["-dcert".into(), cert, "-dkey".into(), key]
}

/// One `openssl s_client` ↔ `openssl s_server` connection on 127.0.0.1 recorded by dumpcap:
/// the client says a line, the server answers one. `flags` go to both, `server_flags` to the
/// server only. Returns the capture, the server's port and the client's key log.
fn openssl_capture(
    dir: &Scratch,
    flags: &[&str],
    server_flags: &[String],
) -> (String, u16, String) {
    let pcap = dir.path("openssl.pcapng").to_string_lossy().into_owned();
    let keylog = dir.path("openssl.keys").to_string_lossy().into_owned();
    let mut both: Vec<&str> = flags.to_vec();
    both.extend(server_flags.iter().map(String::as_str));
    let (mut server, port) = openssl_s_server(dir, &both);
    let capture = record(&pcap, port);
    let mut client = Proc::spawn(
        "openssl s_client",
        Command::new("openssl")
            .args(["s_client", "-connect", &format!("127.0.0.1:{port}")])
            .args(["-servername", "server.test", "-keylogfile", &keylog])
            .args(flags),
    );
    client.wait_for("Verify return code", STEP);
    client.write_stdin("GET /from-openssl HTTP/1.1\n");
    server.wait_for("GET /from-openssl", STEP);
    server.write_stdin("hello from openssl s_server\n");
    client.wait_for("hello from openssl s_server", STEP);
    client.close_stdin();
    let _ = client.wait_exit(STEP);
    let _ = server.wait_exit(STEP);
    stop(capture);
    (pcap, port, keylog)
}

/// Every AEAD suite a 2026 browser or server negotiates, each recorded between OpenSSL's
/// client and server: (OpenSSL's flags, the IANA name). The server's key opens exactly the
/// `TLS_RSA_` ones (RSA key transport).
const OPENSSL_SUITES: [(&[&str], &str); 11] = [
    (
        &["-tls1_2", "-cipher", "AES128-GCM-SHA256"],
        "TLS_RSA_WITH_AES_128_GCM_SHA256",
    ),
    (
        &["-tls1_2", "-cipher", "AES256-GCM-SHA384"],
        "TLS_RSA_WITH_AES_256_GCM_SHA384",
    ),
    (
        &["-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"],
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    ),
    (
        &["-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"],
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    ),
    (
        &["-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305"],
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    ),
    (
        &["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"],
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    ),
    (
        &["-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384"],
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    ),
    (
        &["-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305"],
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    ),
    (
        &["-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256"],
        "TLS_AES_128_GCM_SHA256",
    ),
    (
        &["-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384"],
        "TLS_AES_256_GCM_SHA384",
    ),
    (
        &["-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"],
        "TLS_CHACHA20_POLY1305_SHA256",
    ),
];

#[test]
fn openssl_connections_decrypt_as_tshark_decrypts_them() {
    for (flags, name) in OPENSSL_SUITES {
        let server_key_opens = name.starts_with("TLS_RSA_");
        let dir = Scratch::new(&format!("decrypt-openssl-{name}"));
        let server_flags = if name.contains("ECDSA") {
            ecdsa_identity(&dir).to_vec()
        } else {
            Vec::new()
        };
        let (pcap, port, keylog) = openssl_capture(&dir, flags, &server_flags);
        let key = dir.path("key.pem").to_string_lossy().into_owned();
        let decode_as = format!("tcp.port=={port},tls");
        // The key log opens every one of them, as it opens them for tshark.
        let (c, data) = ours(&pcap, &["--keylog", &keylog]);
        assert_eq!(c["outcome"], "opened", "{name}: {c}");
        assert!(
            c["suite"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{name} (")),
            "{name}: {c}"
        );
        let text_of = |side: &str| -> String {
            let hex = &data[usize::from(side == "server")];
            String::from_utf8_lossy(&engine::codec::unhex(hex).unwrap()).into_owned()
        };
        assert!(text_of("browser").contains("GET /from-openssl"), "{name}");
        assert!(
            text_of("server").contains("hello from openssl s_server"),
            "{name}"
        );
        let tshark = theirs_from(
            &pcap,
            &["-d", &decode_as, "-o", &format!("tls.keylog_file:{keylog}")],
            "127.0.0.1",
        );
        // Both sides are 127.0.0.1: tell the directions apart by what each said.
        let mut tshark_sorted = tshark.clone();
        tshark_sorted.sort();
        let mut ours_sorted = data.clone();
        ours_sorted.sort();
        assert_eq!(ours_sorted, tshark_sorted, "{name}: key log");
        assert_dissected_as_tshark(&c, &pcap, port, &keylog, name);

        // The server's key alone: RSA key exchange opens, the others stay sealed.
        let (c, data) = ours(&pcap, &["--server-key", &key]);
        let uat = format!("uat:rsa_keys:\"{key}\",\"\"");
        let mut tshark = theirs_from(&pcap, &["-d", &decode_as, "-o", &uat], "127.0.0.1");
        tshark.sort();
        let mut data = data.clone();
        data.sort();
        if server_key_opens {
            assert_eq!(c["outcome"], "opened", "{name}: {c}");
            assert_eq!(
                c["extended_master_secret"], true,
                "OpenSSL uses EMS by default"
            );
            assert_eq!(data, tshark, "{name}: server key");
        } else {
            assert_eq!(c["outcome"], "sealed", "{name}: {c}");
            assert_eq!(data, [String::new(), String::new()]);
            assert_eq!(tshark, [String::new(), String::new()], "{name}");
        }
    }
}

/// curl fetching from `openssl s_server -www` on 127.0.0.1 with its key log in
/// `SSLKEYLOGFILE` (RFC 9850), recorded by dumpcap: TLS 1.2 ECDHE with ChaCha20-Poly1305 and
/// with AES-256-GCM, as the issue's fixtures name them. Our decryption of the page curl
/// fetched equals tshark's.
#[test]
fn curl_connections_decrypt_as_tshark_decrypts_them() {
    require("curl", "--version");
    for (cipher, name) in [
        (
            "ECDHE-RSA-CHACHA20-POLY1305",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        ),
        (
            "ECDHE-RSA-AES256-GCM-SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        ),
    ] {
        let dir = Scratch::new(&format!("decrypt-curl-{name}"));
        let pcap = dir.path("curl.pcap").to_string_lossy().into_owned();
        let keylog = dir.path("curl.keys").to_string_lossy().into_owned();
        let (mut server, port) = openssl_s_server(&dir, &["-www", "-tls1_2"]);
        let capture = record(&pcap, port);
        let mut curl = Command::new("curl");
        curl.args([
            "-sS",
            "-k",
            "--tlsv1.2",
            "--tls-max",
            "1.2",
            "--ciphers",
            cipher,
        ])
        .args(["--max-time", "10", "-o", "/dev/null"])
        .arg(format!("https://127.0.0.1:{port}/from-curl"))
        .env("SSLKEYLOGFILE", &keylog);
        let mut curl = Proc::spawn("curl", &mut curl);
        curl.assert_success(STEP);
        let _ = server.wait_exit(STEP);
        stop(capture);

        let (c, data) = ours(&pcap, &["--keylog", &keylog]);
        assert_eq!(c["outcome"], "opened", "{name}: {c}");
        assert!(
            c["suite"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{name} (")),
            "{name}: {c}"
        );
        let request = String::from_utf8(engine::codec::unhex(&data[0]).unwrap()).unwrap();
        assert!(
            request.starts_with("GET /from-curl HTTP/1.1\r\n"),
            "{request}"
        );
        let decode_as = format!("tcp.port=={port},tls");
        let mut tshark = theirs_from(
            &pcap,
            &["-d", &decode_as, "-o", &format!("tls.keylog_file:{keylog}")],
            "127.0.0.1",
        );
        tshark.sort();
        let mut data = data;
        data.sort();
        assert_eq!(data, tshark, "{name}");
        assert!(
            data.iter().all(|d| !d.is_empty()),
            "{name}: both sides spoke"
        );
        assert_dissected_as_tshark(&c, &pcap, port, &keylog, name);
    }
}

/// Headless Chromium with `SSLKEYLOGFILE` set, as the page's how-to tells a student,
/// fetching a page from `tls-lab serve` (TLS 1.3 over X25519MLKEM768, which Chromium offers
/// first) and from `openssl s_server -www` (TLS 1.3 over X25519: OpenSSL 3.0 has no ML-KEM),
/// recorded by dumpcap. Our decryption of the first connection equals tshark's, and it
/// carries the page Chromium was sent.
#[test]
fn chromium_connections_decrypt_as_tshark_decrypts_them() {
    for server in ["tls-lab serve", "openssl s_server"] {
        let dir = Scratch::new("decrypt-chromium");
        let pcap = dir.path("chromium.pcapng").to_string_lossy().into_owned();
        let keylog = dir.path("chromium.keys");
        let (peer, port, group) = if server == "tls-lab serve" {
            let (p, port) = serve(&dir, &["--suite", "tls13", "--reply", "hello Chromium"]);
            (p, port, "X25519MLKEM768")
        } else {
            let (p, port) = openssl_s_server(&dir, &["-www", "-tls1_3"]);
            (p, port, "x25519")
        };
        let capture = record(&pcap, port);
        let pin = leaf_spki_sha256_base64(&dir.path("chain.pem"));
        let dom = chromium(&dir, port, &pin, Some(&keylog));
        drop(peer);
        stop(capture);
        let keylog = keylog.to_string_lossy().into_owned();
        let decode_as = format!("tcp.port=={port},tls");

        // Chromium may open more than one connection (the page, its favicon, a spare one that
        // s_server, serving one at a time, never answers): each must read as tshark reads the
        // same TCP connection, and the page's must open.
        let connections = ours_all(&pcap, &["--keylog", &keylog]);
        let mut page = None;
        for c in &connections {
            let data = application_data(c);
            if c["outcome"] == "opened" {
                assert_eq!(c["version"], "TLS 1.3 (0x0304)", "{server}: {c}");
            }
            let [request, response] = data.clone().map(|hex| {
                String::from_utf8_lossy(&engine::codec::unhex(&hex).unwrap()).into_owned()
            });
            if request.starts_with("GET / HTTP/1.1\r\n") {
                page = Some(response);
            }
            let pair = format!(
                "{},{}",
                c["client"].as_str().unwrap(),
                c["server"].as_str().unwrap()
            );
            let mut tshark = follow(
                &pcap,
                &["-d", &decode_as, "-o", &format!("tls.keylog_file:{keylog}")],
                "127.0.0.1",
                &pair,
            );
            tshark.sort();
            let mut data = data;
            data.sort();
            assert_eq!(data, tshark, "{server}: {pair}");
            assert_dissected_as_tshark(c, &pcap, port, &keylog, server);
        }
        let response = page.unwrap_or_else(|| panic!("{server}: no GET / in {connections:?}"));
        assert!(response.starts_with("HTTP/1."), "{server}: {response}");
        if server == "tls-lab serve" {
            assert!(response.contains("hello Chromium") && dom.contains("hello Chromium"));
        }
        // The group Chromium's key share used, as tshark reads each ServerHello.
        let group_of = Command::new("tshark")
            .args(["-n", "-r", &pcap, "-d", &decode_as])
            .args(["-Y", "tls.handshake.type == 2", "-T", "fields"])
            .args(["-e", "tls.handshake.extensions_key_share_group"])
            .output()
            .expect("run tshark");
        let expected = if group == "x25519" { "29" } else { "4588" };
        let groups: Vec<&str> = std::str::from_utf8(&group_of.stdout)
            .unwrap()
            .lines()
            .map(str::trim)
            .collect();
        assert!(
            !groups.is_empty() && groups.iter().all(|g| *g == expected),
            "{server}: {groups:?}"
        );
    }
}

/// TLS 1.3 KeyUpdate (RFC 8446 §4.6.3): `openssl s_client`'s `K` command sends one asking the
/// server to update too, so both sides move to their next application traffic secret. The
/// key log names only the first ones: the decrypter derives the next ("traffic upd") and
/// opens what follows, as tshark does.
#[test]
fn key_updates_are_followed_as_tshark_follows_them() {
    let dir = Scratch::new("decrypt-key-update");
    let pcap = dir.path("update.pcapng").to_string_lossy().into_owned();
    let keylog = dir.path("update.keys").to_string_lossy().into_owned();
    let (mut server, port) = openssl_s_server(&dir, &["-tls1_3"]);
    let capture = record(&pcap, port);
    let mut client = Proc::spawn(
        "openssl s_client",
        Command::new("openssl")
            .args(["s_client", "-connect", &format!("127.0.0.1:{port}")])
            .args(["-tls1_3", "-keylogfile", &keylog]),
    );
    client.wait_for("Verify return code", STEP);
    client.write_stdin("before the update\n");
    server.wait_for("before the update", STEP);
    client.write_stdin("K\n");
    client.wait_for("KEYUPDATE", STEP);
    client.write_stdin("after the update\n");
    server.wait_for("after the update", STEP);
    server.write_stdin("answer after the update\n");
    client.wait_for("answer after the update", STEP);
    client.close_stdin();
    let _ = client.wait_exit(STEP);
    let _ = server.wait_exit(STEP);
    stop(capture);

    let (c, data) = ours(&pcap, &["--keylog", &keylog]);
    assert_eq!(c["outcome"], "opened", "{c}");
    let names: Vec<&str> = c["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names.iter().filter(|n| **n == "KeyUpdate").count(),
        2,
        "one from each side: {names:?}"
    );
    let text_of =
        |i: usize| String::from_utf8_lossy(&engine::codec::unhex(&data[i]).unwrap()).into_owned();
    assert!(text_of(0).contains("after the update"), "{}", text_of(0));
    assert!(
        text_of(1).contains("answer after the update"),
        "{}",
        text_of(1)
    );
    let decode_as = format!("tcp.port=={port},tls");
    let mut tshark = theirs_from(
        &pcap,
        &["-d", &decode_as, "-o", &format!("tls.keylog_file:{keylog}")],
        "127.0.0.1",
    );
    tshark.sort();
    let mut data = data;
    data.sort();
    assert_eq!(data, tshark);
    assert_dissected_as_tshark(&c, &pcap, port, &keylog, "KeyUpdate");
}
