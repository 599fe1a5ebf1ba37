//! `tls-lab connect` against `openssl s_server`, and `openssl s_client` against
//! `tls-lab serve`, on 127.0.0.1, for TLS 1.2 (both key exchanges) and TLS 1.3 (X25519,
//! with and without HelloRetryRequest): the engine's bytes are accepted by a real TLS stack,
//! and application data crosses in both directions. The downgrade sentinel is checked from
//! both sides of a TLS 1.2-only peer.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use common::{Proc, Scratch, listening_port, openssl_s_server, require, tls_lab};
use engine::pki::{self, CertKind};

const STEP: Duration = Duration::from_secs(10);

/// The OpenSSL names and flags of each suite (TLS 1.2 only).
fn openssl_suite(suite: &str) -> (&'static str, Vec<&'static str>) {
    match suite {
        "rsa" => ("AES128-GCM-SHA256", vec!["-cipher", "AES128-GCM-SHA256"]),
        _ => (
            "ECDHE-RSA-AES128-GCM-SHA256",
            vec![
                "-cipher",
                "ECDHE-RSA-AES128-GCM-SHA256",
                "-groups",
                "X25519",
            ],
        ),
    }
}

/// s_server speaking TLS 1.2 only, with one suite's flags.
fn s_server(dir: &Scratch, suite: &str, extra: &[&str]) -> (Proc, u16) {
    let (_, flags) = openssl_suite(suite);
    let mut all = vec!["-tls1_2"];
    all.extend_from_slice(&flags);
    all.extend_from_slice(extra);
    openssl_s_server(dir, &all)
}

fn connect_to_s_server(suite: &str, extra: &[&str], expect_ems: bool) {
    connect_to(suite, &[], extra, expect_ems);
}

/// connect against s_server started with `server_extra`, connect with `extra`.
fn connect_to(suite: &str, server_extra: &[&str], extra: &[&str], expect_ems: bool) -> Proc {
    let dir = Scratch::new(&format!("connect-{suite}-{}", extra.len()));
    let (mut server, port) = s_server(&dir, suite, server_extra);
    let (openssl_name, _) = openssl_suite(suite);
    let mut args = vec!["--suite", suite];
    args.extend_from_slice(extra);
    let client = exchange_with_s_server(&dir, &mut server, port, &args);
    assert!(
        server
            .stdout()
            .contains(&format!("CIPHER is {openssl_name}")),
        "{}",
        server.stdout()
    );
    let err = client.stderr();
    let ems = err.contains("extended master secret") && !err.contains("no extended");
    assert_eq!(ems, expect_ems, "{err}");
    server
}

/// connect (with `args`) against a running s_server: our line reaches s_server decrypted,
/// s_server's line reaches us, and connect closes cleanly. Returns the finished connect.
fn exchange_with_s_server(dir: &Scratch, server: &mut Proc, port: u16, args: &[&str]) -> Proc {
    exchange_with_s_server_after(dir, server, port, args, &[])
}

/// As `exchange_with_s_server`, with s_server given these stdin `commands` once our line
/// arrived and before its answer: (command, what s_server prints once it is done), e.g. "K"
/// (send a KeyUpdate). s_server takes a read that starts with a command letter as a command
/// only, so each is written on its own and awaited.
fn exchange_with_s_server_after(
    dir: &Scratch,
    server: &mut Proc,
    port: u16,
    args: &[&str],
    commands: &[(&str, &str)],
) -> Proc {
    let ca = dir.path("ca.pem");
    let mut client = Proc::spawn(
        &format!("tls-lab connect {}", args.join(" ")),
        tls_lab()
            .args([
                "connect",
                &format!("127.0.0.1:{port}"),
                "--server-name",
                "server.test",
            ])
            .arg("--ca")
            .arg(&ca)
            .args(["--send", "hello from tls-lab connect\n"])
            .args(args),
    );
    // s_server prints what it receives: our request arrived, decrypted.
    server.wait_for("hello from tls-lab connect", STEP);
    for (command, done) in commands {
        server.write_stdin(&format!("{command}\n"));
        server.wait_for(done, STEP);
    }
    // What s_server reads on stdin it sends to the client (a line starting with a command
    // letter such as "r" or "Q" would be taken as a command instead).
    server.write_stdin("hello from openssl s_server\n");
    client.wait_for("hello from openssl s_server", STEP);
    // connect then closes with close_notify after a quiet second; s_server says DONE on it.
    client.assert_success(STEP);
    server.wait_for("DONE", STEP);
    let err = client.stderr();
    assert!(err.contains("connected to 127.0.0.1"), "{err}");
    client
}

/// Issue 9, defect 4. RFC 5246 §7.4.6: a client without a certificate answers a
/// CertificateRequest with an empty Certificate and goes on. `-verify 1` makes s_server ask
/// for one (without requiring it); before the fix connect aborted with unexpected_message.
#[test]
fn connect_answers_certificate_request_of_openssl_s_server_with_an_empty_certificate() {
    for suite in ["rsa", "ecdhe"] {
        let server = connect_to(suite, &["-verify", "1"], &[], true);
        // s_server asked (verify depth 1) and the handshake and exchange completed.
        let out = format!("{}{}", server.stdout(), server.stderr());
        assert!(out.contains("verify depth is 1"), "{out}");
    }
}

fn s_client_to_serve(suite: &str, extra: &[&str], expect_ems: bool) {
    let (openssl_name, flags) = openssl_suite(suite);
    let mut args = vec!["--suite", suite];
    args.extend_from_slice(extra);
    let mut client_flags = vec!["-tls1_2"];
    client_flags.extend_from_slice(&flags);
    let (_, client) = s_client_exchange(&args, &client_flags);
    let out = client.stdout();
    assert!(out.contains(&format!("Cipher is {openssl_name}")), "{out}");
    let ems = if expect_ems {
        "Extended master secret: yes"
    } else {
        "Extended master secret: no"
    };
    assert!(out.contains(ems), "{out}");
}

/// s_client (with `flags`) against `serve --once` (with `args`): the chain verifies for
/// server.test, data crosses both ways, and both close cleanly. Returns (serve, s_client),
/// both finished.
fn s_client_exchange(args: &[&str], flags: &[&str]) -> (Proc, Proc) {
    s_client_exchange_after(args, flags, &[])
}

/// As `s_client_exchange`, with s_client given these stdin `commands` before its line:
/// (command, what s_client prints on it), e.g. "K" (send a KeyUpdate). s_client drops the
/// rest of a read that starts with a command letter, so each is written on its own.
fn s_client_exchange_after(
    args: &[&str],
    flags: &[&str],
    commands: &[(&str, &str)],
) -> (Proc, Proc) {
    require("openssl", "version");
    let dir = Scratch::new(&format!("serve-{}", args.join("")));
    let (ca, chain, key) = dir.teaching_pki(CertKind::Valid);
    let mut server = Proc::spawn(
        &format!("tls-lab serve {}", args.join(" ")),
        tls_lab()
            .args(["serve", "127.0.0.1:0", "--once", "--cert"])
            .arg(&chain)
            .arg("--key")
            .arg(&key)
            .args(["--reply", "hello from tls-lab serve\n"])
            .args(args),
    );
    let port = listening_port(&mut server);
    let mut client = Proc::spawn(
        &format!("openssl s_client {}", flags.join(" ")),
        Command::new("openssl")
            .args(["s_client", "-connect", &format!("127.0.0.1:{port}")])
            .args([
                "-servername",
                "server.test",
                "-verify_return_error",
                "-CAfile",
            ])
            .arg(&ca)
            .args(flags),
    );
    client.wait_for("Verify return code: 0 (ok)", STEP);
    for (command, done) in commands {
        client.write_stdin(&format!("{command}\n"));
        client.wait_for(done, STEP);
    }
    client.write_stdin("hello from openssl s_client\n");
    server.wait_for("hello from openssl s_client", STEP);
    client.wait_for("hello from tls-lab serve", STEP);
    server.assert_success(STEP);
    // s_client reads our close_notify, says "closed" and exits cleanly.
    client.assert_success(STEP);
    assert!(
        server.stderr().contains("closed with close_notify"),
        "{}",
        server.stderr()
    );
    (server, client)
}

#[test]
fn connect_rsa_to_openssl_s_server() {
    connect_to_s_server("rsa", &[], true);
}

/// Without the extended master secret (RFC 5246 §8.1 derivation) from the client's side.
#[test]
fn connect_to_openssl_s_server_without_ems() {
    connect_to_s_server("ecdhe", &["--ems", "0"], false);
}

#[test]
fn connect_ecdhe_to_openssl_s_server() {
    connect_to_s_server("ecdhe", &[], true);
}

#[test]
fn openssl_s_client_rsa_to_serve() {
    s_client_to_serve("rsa", &[], true);
}

/// Mutual TLS: s_client presents Sam Student's certificate (`-cert -key`) to `serve
/// --client-ca`, in TLS 1.3, TLS 1.2 ECDHE and TLS 1.2 RSA; serve verifies OpenSSL's chain and
/// its RSA-PSS CertificateVerify and prints the subject, and the exchange completes as any
/// other (`interop_client_auth.rs` has serve's refusals).
#[test]
fn openssl_s_client_presents_its_certificate_to_serve() {
    let dir = Scratch::new("s-client-mtls");
    let (client_ca, chain, key) = dir.client_pki(pki::ClientCertKind::Valid);
    let path = |p: &std::path::Path| p.to_str().expect("a UTF-8 temporary path").to_string();
    let (client_ca, chain, key) = (path(&client_ca), path(&chain), path(&key));
    for suite in ["tls13", "ecdhe", "rsa"] {
        let mut flags = vec!["-cert", &chain, "-key", &key];
        let (_, tls12) = openssl_suite(suite);
        if suite != "tls13" {
            flags.push("-tls1_2");
            flags.extend_from_slice(&tls12);
        }
        let (server, _) = s_client_exchange(&["--suite", suite, "--client-ca", &client_ca], &flags);
        let err = server.stderr();
        assert!(
            err.contains(
                "client certificate: CN = Sam Student (issued by CN = TLS Lab Client CA), verified"
            ),
            "{suite}: {err}"
        );
    }
}

#[test]
fn openssl_s_client_ecdhe_to_serve() {
    s_client_to_serve("ecdhe", &[], true);
}

/// Without the extended master secret the RFC 5246 derivation must agree with OpenSSL's too.
#[test]
fn openssl_s_client_to_serve_without_ems() {
    s_client_to_serve("rsa", &["--ems", "0"], false);
}

/// The engine's client rejects a certificate for another name, and s_server receives the
/// real alert (bad_certificate, 42).
#[test]
fn connect_rejects_wrong_name_with_alert() {
    let dir = Scratch::new("connect-wrong-name");
    let (mut server, port) = s_server(&dir, "ecdhe", &[]);
    let out = common::run(&[
        "connect",
        &format!("127.0.0.1:{port}"),
        "--server-name",
        "other.test",
        "--ca",
        &dir.path("ca.pem").to_string_lossy(),
    ]);
    let err = common::text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("bad_certificate") && err.contains("another host name"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    server.wait_for("alert bad certificate", STEP);
}

/// s_client refuses an expired certificate with certificate_expired; serve names that alert.
#[test]
fn serve_reports_the_alert_s_client_sends() {
    require("openssl", "version");
    let dir = Scratch::new("serve-expired");
    let (ca, _, key) = dir.teaching_pki(CertKind::Valid);
    let expired: PathBuf = dir.write("expired.pem", &engine::pki::chain_pem(CertKind::Expired));
    let mut server = Proc::spawn(
        "tls-lab serve",
        tls_lab()
            .args(["serve", "127.0.0.1:0", "--once", "--cert"])
            .arg(&expired)
            .arg("--key")
            .arg(&key),
    );
    let port = listening_port(&mut server);
    let mut client = Proc::spawn(
        "openssl s_client",
        Command::new("openssl")
            .args(["s_client", "-connect", &format!("127.0.0.1:{port}")])
            .args([
                "-servername",
                "server.test",
                "-verify_return_error",
                "-tls1_2",
                "-CAfile",
            ])
            .arg(&ca),
    );
    let status = server.wait_exit(STEP);
    assert_eq!(status.code(), Some(1), "{}", server.stderr());
    assert!(
        server
            .stderr()
            .contains("the client sent alert certificate_expired"),
        "{}",
        server.stderr()
    );
    let s = client.wait_exit(STEP);
    assert!(!s.success(), "s_client accepted an expired certificate");
}

/// s_server's TLS 1.3 flags: TLS 1.3 only, key exchange X25519 only (OpenSSL 3.0 knows no
/// ML-KEM). Its cipher suites stay its defaults, so the suite is the one both choose.
const S_SERVER_TLS13: &[&str] = &["-tls1_3", "-groups", "X25519"];

/// RFC 8446 §4.1.3: a HelloRetryRequest is a ServerHello whose random is
/// SHA-256("HelloRetryRequest"); `-trace` prints its first 4 bytes as gmt_unix_time.
const HRR_RANDOM: [&str; 2] = [
    "gmt_unix_time=0xCF21AD74",
    "random_bytes (len=28): E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C",
];

/// RFC 8446 §4.1.3: a TLS 1.3 server that negotiates TLS 1.2 ends ServerHello.random with
/// "DOWNGRD" 01, as `-trace` prints the random's last 8 bytes.
const DOWNGRADE_TLS12_HEX: &str = "444F574E47524401";

/// The `-trace` lines of each ServerHello's random (the 28 bytes after gmt_unix_time).
fn traced_server_randoms(trace: &str) -> Vec<String> {
    let mut randoms = Vec::new();
    let mut in_server_hello = false;
    for line in trace.lines() {
        let line = line.trim();
        if line.starts_with("ServerHello, Length=") {
            in_server_hello = true;
        } else if in_server_hello && let Some(r) = line.strip_prefix("random_bytes (len=28): ") {
            randoms.push(r.to_string());
            in_server_hello = false;
        }
    }
    randoms
}

/// RFC 8446 with s_server: connect offers TLS 1.3 only with an X25519 share, both sides
/// agree on TLS_AES_128_GCM_SHA256 over X25519 without a retry, and data crosses both ways
/// (after s_server's NewSessionTickets).
#[test]
fn connect_tls13_x25519_to_openssl_s_server() {
    let dir = Scratch::new("connect-tls13");
    let mut flags = S_SERVER_TLS13.to_vec();
    flags.push("-trace");
    let (mut server, port) = openssl_s_server(&dir, &flags);
    let client = exchange_with_s_server(
        &dir,
        &mut server,
        port,
        &["--suite", "tls13", "--group", "x25519"],
    );
    let err = client.stderr();
    assert!(
        err.contains("TLS 1.3, TLS_AES_128_GCM_SHA256 (0x1301), key exchange x25519"),
        "{err}"
    );
    let out = server.stdout();
    assert!(out.contains("CIPHER is TLS_AES_128_GCM_SHA256"), "{out}");
    assert_eq!(out.matches("ClientHello, Length=").count(), 1, "{out}");
    assert!(out.contains("NewSessionTicket"), "{out}");
}

/// RFC 8446 §4.1.4 with s_server: connect leads with an X25519MLKEM768 share, which OpenSSL
/// 3.0 does not know, and lists X25519 too; s_server asks for X25519 with a
/// HelloRetryRequest, and connect's second ClientHello completes the handshake.
#[test]
fn connect_tls13_answers_hello_retry_request_of_openssl_s_server() {
    let dir = Scratch::new("connect-tls13-hrr");
    let mut flags = S_SERVER_TLS13.to_vec();
    flags.push("-trace");
    let (mut server, port) = openssl_s_server(&dir, &flags);
    let client = exchange_with_s_server(
        &dir,
        &mut server,
        port,
        &["--suite", "tls13", "--group", "x25519", "--hrr"],
    );
    let err = client.stderr();
    assert!(
        err.contains("TLS 1.3, TLS_AES_128_GCM_SHA256 (0x1301), key exchange x25519"),
        "{err}"
    );
    let out = server.stdout();
    assert_eq!(out.matches("ClientHello, Length=").count(), 2, "{out}");
    for line in HRR_RANDOM {
        assert!(out.contains(line), "no HelloRetryRequest sent:\n{out}");
    }
    // The first ClientHello's only share is the hybrid group (0x11ec = 4588), unknown here.
    let first_hello = &out[..out.find(HRR_RANDOM[0]).unwrap_or(0)];
    assert!(first_hello.contains("(4588)"), "{first_hello}");
}

/// RFC 8446 with s_client: TLS 1.3 only, an X25519 share; serve accepts it at once and both
/// agree on the suite, then data crosses both ways.
#[test]
fn openssl_s_client_tls13_to_serve() {
    let (server, client) = s_client_exchange(
        &["--suite", "tls13"],
        &["-tls1_3", "-groups", "X25519", "-trace"],
    );
    let out = client.stdout();
    assert!(
        out.contains("New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256"),
        "{out}"
    );
    assert!(out.contains("Server Temp Key: X25519"), "{out}");
    assert_eq!(out.matches("ClientHello, Length=").count(), 1, "{out}");
    let err = server.stderr();
    assert!(
        err.contains(
            "handshake complete: TLS 1.3, TLS_AES_128_GCM_SHA256 (0x1301), key exchange x25519"
        ),
        "{err}"
    );
}

/// RFC 8446 §4.1.4 with s_client: it lists P-256 and X25519 but sends a P-256 share only;
/// serve (which takes no P-256) answers with a HelloRetryRequest naming X25519, and the
/// second ClientHello's X25519 share completes the handshake.
#[test]
fn serve_sends_hello_retry_request_to_openssl_s_client() {
    let (server, client) = s_client_exchange(
        &["--suite", "tls13"],
        &["-tls1_3", "-groups", "P-256:X25519", "-trace"],
    );
    let out = client.stdout();
    assert_eq!(out.matches("ClientHello, Length=").count(), 2, "{out}");
    let hrr = out
        .find(HRR_RANDOM[1])
        .unwrap_or_else(|| panic!("no HelloRetryRequest received:\n{out}"));
    assert!(out.contains(HRR_RANDOM[0]), "{out}");
    // The HelloRetryRequest's key_share names the group it wants (RFC 8446 §4.2.8).
    let retry = &out[hrr..];
    let retry = &retry[..retry.find("ClientHello, Length=").unwrap_or(retry.len())];
    assert!(retry.contains("NamedGroup: ecdh_x25519 (29)"), "{retry}");
    assert!(out.contains("Server Temp Key: X25519"), "{out}");
    assert!(
        server
            .stderr()
            .contains("TLS 1.3, TLS_AES_128_GCM_SHA256 (0x1301), key exchange x25519"),
        "{}",
        server.stderr()
    );
}

/// RFC 8446 §4.1.3: connect with its defaults offers TLS 1.3 and 1.2; a server that knows
/// only TLS 1.2 puts no sentinel in its random, so connect must go on in TLS 1.2.
#[test]
fn connect_with_its_defaults_to_a_tls12_only_s_server() {
    let dir = Scratch::new("connect-default-tls12");
    let (mut server, port) = openssl_s_server(&dir, &["-tls1_2", "-trace"]);
    let client = exchange_with_s_server(&dir, &mut server, port, &[]);
    let err = client.stderr();
    assert!(
        err.contains(
            "TLS 1.2, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f), extended master secret"
        ),
        "{err}"
    );
    let out = server.stdout();
    // connect did offer TLS 1.3, and the TLS 1.2 server's random has no sentinel.
    assert!(out.contains("TLS 1.3 (772)"), "{out}");
    // Offered beside TLS 1.3, RSA-PSS is what OpenSSL signs its ServerKeyExchange with
    // (RFC 8446 §4.2.3); connect refused it with illegal_parameter before.
    assert!(
        out.contains("Signature Algorithm: rsa_pss_rsae_sha256 (0x0804)"),
        "{out}"
    );
    let randoms = traced_server_randoms(&out);
    assert_eq!(randoms.len(), 1, "{out}");
    assert!(!randoms[0].ends_with(DOWNGRADE_TLS12_HEX), "{out}");
}

/// RFC 8446 §4.1.3: serve with its defaults accepts TLS 1.3, so when s_client offers TLS
/// 1.2 only, serve's ServerHello.random ends with "DOWNGRD" 01 (which a TLS 1.2 client does
/// not check), and the TLS 1.2 handshake completes.
#[test]
fn serve_with_its_defaults_marks_a_tls12_handshake_with_the_downgrade_sentinel() {
    let (server, client) = s_client_exchange(&[], &["-tls1_2", "-trace"]);
    let out = client.stdout();
    assert!(
        out.contains("New, TLSv1.2, Cipher is ECDHE-RSA-AES128-GCM-SHA256"),
        "{out}"
    );
    let randoms = traced_server_randoms(&out);
    assert_eq!(randoms.len(), 1, "{out}");
    assert!(randoms[0].ends_with(DOWNGRADE_TLS12_HEX), "{out}");
    assert!(
        server.stderr().contains("TLS 1.2, TLS_ECDHE_RSA"),
        "{}",
        server.stderr()
    );
}

/// The TLS 1.3 secrets connect writes to --keylog are those s_server derived (its
/// -keylogfile): every line of ours is one of OpenSSL's, for each traffic secret.
#[test]
fn connect_tls13_key_log_matches_openssl_s_server() {
    let dir = Scratch::new("connect-tls13-keylog");
    let theirs = dir.path("openssl.keys");
    let ours = dir.path("tls-lab.keys");
    let mut flags = S_SERVER_TLS13.to_vec();
    let theirs_arg = theirs.to_string_lossy().into_owned();
    flags.extend_from_slice(&["-keylogfile", &theirs_arg]);
    let (mut server, port) = openssl_s_server(&dir, &flags);
    let ours_arg = ours.to_string_lossy().into_owned();
    exchange_with_s_server(
        &dir,
        &mut server,
        port,
        &[
            "--suite", "tls13", "--group", "x25519", "--keylog", &ours_arg,
        ],
    );
    let ours = std::fs::read_to_string(&ours).expect("read our key log");
    let theirs = std::fs::read_to_string(&theirs).expect("read OpenSSL's key log");
    for label in [
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
        "SERVER_TRAFFIC_SECRET_0",
    ] {
        assert_eq!(
            ours.lines().filter(|l| l.starts_with(label)).count(),
            1,
            "{label}:\n{ours}"
        );
    }
    for line in ours.lines() {
        assert!(
            theirs.lines().any(|l| l == line),
            "not in OpenSSL's key log: {line}\nours:\n{ours}\ntheirs:\n{theirs}"
        );
    }
}

/// RFC 8446 §4.6.3 with s_server: its "K" command sends a KeyUpdate that requests one back;
/// connect switches to the server's next read key, answers with a KeyUpdate of its own, and
/// reads the answer sent under the new key.
#[test]
fn connect_tls13_follows_a_key_update_from_openssl_s_server() {
    let dir = Scratch::new("connect-tls13-keyupdate");
    let mut flags = S_SERVER_TLS13.to_vec();
    flags.push("-trace");
    let (mut server, port) = openssl_s_server(&dir, &flags);
    exchange_with_s_server_after(
        &dir,
        &mut server,
        port,
        &["--suite", "tls13", "--group", "x25519"],
        &[("K", "SSL_do_handshake -> 1")],
    );
    let out = server.stdout();
    // s_server sent update_requested and received connect's update_not_requested.
    assert_key_updates(&out);
}

/// RFC 8446 §4.6.3 with s_client: its "K" command sends a KeyUpdate requesting one back;
/// serve switches its read key, answers with its own KeyUpdate, and its reply (under its
/// new write key) reaches s_client.
#[test]
fn serve_follows_a_key_update_from_openssl_s_client() {
    let (_, client) = s_client_exchange_after(
        &["--suite", "tls13"],
        &["-tls1_3", "-groups", "X25519", "-trace"],
        &[("K", "KEYUPDATE")],
    );
    assert_key_updates(&client.stdout());
}

/// In an OpenSSL peer's `-trace`: it sent a KeyUpdate requesting an update and received one
/// that does not request another (RFC 8446 §4.6.3).
fn assert_key_updates(trace: &str) {
    let sent = trace
        .find("update_requested (1)")
        .unwrap_or_else(|| panic!("no KeyUpdate sent:\n{trace}"));
    assert!(
        trace[sent..].contains("update_not_requested (0)"),
        "no KeyUpdate answered:\n{trace}"
    );
}

/// RFC 8446 §4.1.1: serve taking X25519MLKEM768 only and s_client knowing X25519 only have
/// no group in common, and no HelloRetryRequest can help: serve aborts with
/// handshake_failure, which s_client receives as alert 40.
#[test]
fn serve_refuses_a_client_without_a_common_group_with_handshake_failure() {
    require("openssl", "version");
    let dir = Scratch::new("serve-no-group");
    let (ca, chain, key) = dir.teaching_pki(CertKind::Valid);
    let mut server = Proc::spawn(
        "tls-lab serve --group x25519mlkem768",
        tls_lab()
            .args(["serve", "127.0.0.1:0", "--once", "--cert"])
            .arg(&chain)
            .arg("--key")
            .arg(&key)
            .args(["--suite", "tls13", "--group", "x25519mlkem768"]),
    );
    let port = listening_port(&mut server);
    let mut client = Proc::spawn(
        "openssl s_client -groups X25519",
        Command::new("openssl")
            .args(["s_client", "-connect", &format!("127.0.0.1:{port}")])
            .args(["-servername", "server.test", "-tls1_3", "-groups", "X25519"])
            .arg("-CAfile")
            .arg(&ca),
    );
    let status = server.wait_exit(STEP);
    assert_eq!(status.code(), Some(1), "{}", server.stderr());
    assert!(
        server.stderr().contains(
            "tls-lab sent alert handshake_failure (fatal) to the client: no key-exchange group \
             in common with the client"
        ),
        "{}",
        server.stderr()
    );
    let s = client.wait_exit(STEP);
    assert!(!s.success(), "{}", client.report());
    assert!(
        client.stderr().contains("SSL alert number 40"),
        "{}",
        client.report()
    );
}

/// Both with their defaults: connect sends X25519MLKEM768 and X25519 shares, OpenSSL 3.0
/// (no ML-KEM) takes the X25519 one at once, and they agree on TLS 1.3.
#[test]
fn connect_with_its_defaults_to_openssl_s_server_with_its_defaults() {
    let dir = Scratch::new("connect-defaults");
    let (mut server, port) = openssl_s_server(&dir, &["-trace"]);
    let client = exchange_with_s_server(&dir, &mut server, port, &[]);
    let err = client.stderr();
    assert!(
        err.contains("TLS 1.3, TLS_AES_128_GCM_SHA256 (0x1301), key exchange x25519"),
        "{err}"
    );
    let out = server.stdout();
    assert_eq!(out.matches("ClientHello, Length=").count(), 1, "{out}");
    assert!(out.contains("NamedGroup: UNKNOWN (4588)"), "{out}");
}

/// Both with their defaults: s_client (TLS 1.3 first, an X25519 share) and serve agree on
/// TLS 1.3 over X25519 without a retry.
#[test]
fn openssl_s_client_with_its_defaults_to_serve_with_its_defaults() {
    let (server, client) = s_client_exchange(&[], &["-trace"]);
    let out = client.stdout();
    assert!(
        out.contains("New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256"),
        "{out}"
    );
    assert_eq!(out.matches("ClientHello, Length=").count(), 1, "{out}");
    assert!(
        server
            .stderr()
            .contains("TLS 1.3, TLS_AES_128_GCM_SHA256 (0x1301), key exchange x25519"),
        "{}",
        server.stderr()
    );
}

/// RFC 8446 §4.3.2, §4.4.2: s_server with `-verify 1` sends a TLS 1.3 CertificateRequest;
/// connect answers with an empty Certificate (context and list both empty: 4 bytes) before
/// its Finished, and s_server, which does not require one, goes on.
#[test]
fn connect_tls13_answers_certificate_request_of_openssl_s_server_with_an_empty_certificate() {
    let dir = Scratch::new("connect-tls13-certreq");
    let mut flags = S_SERVER_TLS13.to_vec();
    flags.extend_from_slice(&["-verify", "1", "-trace"]);
    let (mut server, port) = openssl_s_server(&dir, &flags);
    exchange_with_s_server(
        &dir,
        &mut server,
        port,
        &["--suite", "tls13", "--group", "x25519"],
    );
    let out = server.stdout();
    let request = out
        .find("CertificateRequest, Length=")
        .unwrap_or_else(|| panic!("no CertificateRequest sent:\n{out}"));
    assert!(
        out[request..].contains("Certificate, Length=4"),
        "no empty client Certificate:\n{out}"
    );
}
