//! `tls-lab connect` against `openssl s_server`, and `openssl s_client` against
//! `tls-lab serve`, on 127.0.0.1, for both suites: the engine's bytes are accepted by a real
//! TLS stack, and application data crosses in both directions.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use common::{Proc, Scratch, free_port, listening_port, require, tls_lab};
use engine::pki::CertKind;

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

/// s_server on a port probed free; another test may grab that port first, so a failed
/// start is retried on a new one.
fn s_server(dir: &Scratch, suite: &str, extra: &[&str]) -> (Proc, u16) {
    require("openssl", "version");
    let (_, chain, key) = dir.teaching_pki(CertKind::Valid);
    let (_, flags) = openssl_suite(suite);
    let mut last = String::new();
    for _ in 0..3 {
        let port = free_port();
        let mut cmd = Command::new("openssl");
        cmd.args([
            "s_server",
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-naccept",
            "1",
            "-tls1_2",
        ])
        .arg("-cert")
        .arg(&chain)
        .arg("-key")
        .arg(&key)
        .args(&flags)
        .args(extra);
        let mut p = Proc::spawn("openssl s_server", &mut cmd);
        if p.try_wait_for("ACCEPT", STEP) {
            return (p, port);
        }
        last = format!("{}{}", p.stdout(), p.stderr());
    }
    panic!("openssl s_server did not start on 3 ports; last output:\n{last}");
}

fn connect_to_s_server(suite: &str, extra: &[&str], expect_ems: bool) {
    connect_to(suite, &[], extra, expect_ems);
}

/// connect against s_server started with `server_extra`, connect with `extra`.
fn connect_to(suite: &str, server_extra: &[&str], extra: &[&str], expect_ems: bool) -> Proc {
    let dir = Scratch::new(&format!("connect-{suite}-{}", extra.len()));
    let (mut server, port) = s_server(&dir, suite, server_extra);
    let (openssl_name, _) = openssl_suite(suite);
    let ca = dir.path("ca.pem");
    let mut client = Proc::spawn(
        "tls-lab connect",
        tls_lab()
            .args([
                "connect",
                &format!("127.0.0.1:{port}"),
                "--server-name",
                "server.test",
            ])
            .arg("--ca")
            .arg(&ca)
            .args(["--suite", suite, "--send", "hello from tls-lab connect\n"])
            .args(extra),
    );
    // s_server prints what it receives: our request arrived, decrypted.
    server.wait_for("hello from tls-lab connect", STEP);
    assert!(
        server
            .stdout()
            .contains(&format!("CIPHER is {openssl_name}")),
        "{}",
        server.stdout()
    );
    // What s_server reads on stdin it sends to the client (a line starting with a command
    // letter such as "r" or "Q" would be taken as a command instead).
    server.write_stdin("hello from openssl s_server\n");
    client.wait_for("hello from openssl s_server", STEP);
    // connect then closes with close_notify after a quiet second; s_server says DONE on it.
    client.assert_success(STEP);
    server.wait_for("DONE", STEP);
    let err = client.stderr();
    assert!(err.contains("connected to 127.0.0.1"), "{err}");
    let ems = err.contains("extended master secret") && !err.contains("no extended");
    assert_eq!(ems, expect_ems, "{err}");
    server
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
    require("openssl", "version");
    let dir = Scratch::new(&format!("serve-{suite}"));
    let (ca, chain, key) = dir.teaching_pki(CertKind::Valid);
    let (openssl_name, flags) = openssl_suite(suite);
    let mut server = Proc::spawn(
        "tls-lab serve",
        tls_lab()
            .args(["serve", "127.0.0.1:0", "--once", "--cert"])
            .arg(&chain)
            .arg("--key")
            .arg(&key)
            .args(["--suite", suite, "--reply", "hello from tls-lab serve\n"])
            .args(extra),
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
            .arg(&ca)
            .args(flags),
    );
    client.wait_for("Verify return code: 0 (ok)", STEP);
    let out = client.stdout();
    assert!(out.contains(&format!("Cipher is {openssl_name}")), "{out}");
    let ems = if expect_ems {
        "Extended master secret: yes"
    } else {
        "Extended master secret: no"
    };
    assert!(out.contains(ems), "{out}");
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
