//! Real clients and servers other than OpenSSL's command line, all with their default
//! settings, on 127.0.0.1: GnuTLS in both directions (`gnutls-serv` in a network namespace
//! of its own, since it cannot be told to listen on 127.0.0.1 only), curl and Python's `ssl`
//! against `serve`, and `serve` taking several connections at once as a browser opens them.

mod common;

use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Proc, Scratch, require, serve, tlslite_peer};
use engine::pki::CertKind;

const STEP: Duration = Duration::from_secs(20);
const REPLY: &str = "hello from tls-lab serve\n";

/// curl with its defaults (TLS 1.3 and 1.2 offered, ALPN h2 and http/1.1) trusting the
/// teaching CA, against serve: a valid HTTP/1.1 response whose body is the reply text.
#[test]
fn curl_gets_an_http_response_from_serve() {
    require("curl", "--version");
    let dir = Scratch::new("curl");
    let ca = dir.path("ca.pem");
    let (mut server, port) = serve(&dir, &["--once", "--reply", REPLY]);
    let mut curl = curl(&ca, port);
    curl.assert_success(STEP);
    let out = curl.stdout();
    assert!(out.starts_with("HTTP/1.1 200 OK\r\n"), "{out}");
    assert!(
        out.contains(&format!("\r\nContent-Length: {}\r\n", REPLY.len())),
        "{out}"
    );
    assert!(out.ends_with(&format!("\r\n\r\n{REPLY}")), "{out}");
    server.assert_success(STEP);
    assert!(
        server.stderr().contains("received an HTTP request"),
        "{}",
        server.stderr()
    );
}

fn curl(ca: &std::path::Path, port: u16) -> Proc {
    Proc::spawn(
        "curl",
        Command::new("curl")
            .args(["--silent", "--show-error", "--include", "--max-time", "15"])
            .arg("--cacert")
            .arg(ca)
            .args([
                "--resolve",
                &format!("server.test:{port}:127.0.0.1"),
                &format!("https://server.test:{port}/"),
            ]),
    )
}

/// serve keeps accepting, each connection in its own thread: while one client holds a
/// connection open and says nothing (as a browser's spare connection does), another is
/// served at once, and a third after it.
#[test]
fn serve_takes_connections_concurrently_until_interrupted() {
    require("curl", "--version");
    let dir = Scratch::new("concurrent");
    let ca = dir.path("ca.pem");
    let (mut server, port) = serve(&dir, &["--timeout", "10"]);
    let idle = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let started = Instant::now();
    for _ in 0..2 {
        let mut c = curl(&ca, port);
        c.assert_success(STEP);
        assert!(c.stdout().ends_with(REPLY), "{}", c.stdout());
    }
    // Served one after another, the curls would have waited for the idle one's 10 s timer.
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "took {:?}\n{}",
        started.elapsed(),
        server.report()
    );
    server.wait_for("#3 closed with close_notify", STEP);
    drop(idle);
    // The idle connection fails on its own; serve still runs.
    server.wait_for(
        "#1 handshake failed: the client closed the connection",
        STEP,
    );
    let err = server.stderr();
    assert!(err.contains("serving until interrupted"), "{err}");
}

/// Python's `ssl` (OpenSSL underneath) completes the exchange and closes TCP without
/// close_notify: a warning, and `--once` exits 0.
#[test]
fn python_ssl_closing_without_close_notify_is_a_warning() {
    let dir = Scratch::new("python-ssl");
    let ca = dir.path("ca.pem");
    let (mut server, port) = serve(&dir, &["--once"]);
    let mut peer = tlslite_peer(&[
        "client",
        "python-ssl",
        &port.to_string(),
        &ca.to_string_lossy(),
    ]);
    peer.assert_success(STEP);
    assert!(peer.stdout().contains("TLSv1.2"), "{}", peer.stdout());
    server.assert_success(STEP);
    assert!(
        server.stderr().contains(
            "warning: peer closed without close_notify: a truncation would look the same"
        ),
        "{}",
        server.stderr()
    );
}

/// gnutls-cli with its defaults (TLS 1.3 offered first, TLS 1.2 chosen) against serve, in
/// both suites' default order: the certificate verifies for server.test and data crosses.
#[test]
fn gnutls_cli_with_its_defaults_to_serve() {
    require("gnutls-cli", "--version");
    let dir = Scratch::new("gnutls-cli");
    let ca = dir.path("ca.pem");
    let (mut server, port) = serve(&dir, &["--once", "--reply", REPLY]);
    let mut client = Proc::spawn(
        "gnutls-cli",
        Command::new("gnutls-cli")
            .arg("--x509cafile")
            .arg(&ca)
            .args(["--sni-hostname", "server.test", "--verify-hostname"])
            .args(["server.test", "-p", &port.to_string(), "127.0.0.1"]),
    );
    client.wait_for("Handshake was completed", STEP);
    client.write_stdin("hello from gnutls-cli\n");
    server.wait_for("hello from gnutls-cli", STEP);
    client.wait_for(REPLY.trim_end(), STEP);
    client.close_stdin();
    client.assert_success(STEP);
    server.assert_success(STEP);
    assert!(client.stdout().contains("TLS1.2"), "{}", client.report());
}

/// Issue 9, defect 4, and interop: connect against gnutls-serv with its defaults (an HTTP
/// server that asks for a client certificate). RFC 5246 §7.4.6: connect answers the
/// CertificateRequest with an empty Certificate. gnutls-serv listens on every address, so it
/// runs in a fresh network namespace that has only loopback, with connect beside it; every
/// process in it runs under `timeout`.
#[test]
fn connect_to_gnutls_serv_with_its_defaults_in_a_loopback_namespace() {
    require("gnutls-serv", "--version");
    require("unshare", "--version");
    let dir = Scratch::new("gnutls-serv");
    let (ca, chain, key) = dir.teaching_pki(CertKind::Valid);
    let log = dir.path("gnutls-serv.log");
    let script = r#"
        ip link set lo up || exit 90
        timeout 20 gnutls-serv --x509certfile "$1" --x509keyfile "$2" -p 4433 >"$3" 2>&1 &
        i=0
        until grep -q "listening on IPv4" "$3"; do
            i=$((i + 1)); [ "$i" -gt 100 ] && { cat "$3"; exit 91; }
            sleep 0.1
        done
        timeout 15 "$5" connect 127.0.0.1:4433 --server-name server.test --ca "$4"
        status=$?
        kill $! 2>/dev/null
        exit $status
    "#;
    let mut run = Proc::spawn(
        "unshare -n (gnutls-serv, tls-lab connect)",
        Command::new("unshare")
            .args(["-n", "sh", "-c", script, "sh"])
            .arg(&chain)
            .arg(&key)
            .arg(&log)
            .arg(&ca)
            .arg(env!("CARGO_BIN_EXE_tls-lab")),
    );
    run.assert_success(Duration::from_secs(40));
    let err = run.stderr();
    assert!(
        err.contains("connected to 127.0.0.1:4433: TLS 1.2"),
        "{err}"
    );
    // gnutls-serv's page describes the session it served us.
    let out = run.stdout();
    assert!(out.contains("Protocol version:</TD><TD>TLS1.2"), "{out}");
}
