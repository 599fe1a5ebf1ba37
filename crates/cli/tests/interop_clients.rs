//! Real clients and servers other than OpenSSL's command line, on 127.0.0.1, with their
//! default settings and limited to TLS 1.3 (or 1.2): GnuTLS in both directions
//! (`gnutls-serv` in a network namespace of its own, since it cannot be told to listen on
//! 127.0.0.1 only), curl and Python's `ssl` against `serve`, and `serve` taking several
//! connections at once as a browser opens them.

mod common;

use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Proc, Scratch, curl, require, serve, tlslite_peer};
use engine::pki::{self, CertKind};

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
    let mut curl = curl(&ca, port, &["--include"]);
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
        let mut c = curl(&ca, port, &["--include"]);
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

/// gnutls-cli with its defaults against serve with its defaults: both prefer TLS 1.3, and
/// GnuTLS (which offers no hybrid group) gets X25519 without a retry; the certificate
/// verifies for server.test and data crosses.
#[test]
fn gnutls_cli_with_its_defaults_to_serve() {
    let (server, client) = gnutls_cli_exchange(&[], &[]);
    let out = client.stdout();
    assert!(
        out.contains("(TLS1.3-X.509)-(ECDHE-X25519)-(RSA-PSS-RSAE-SHA256)-(AES-128-GCM)"),
        "{}",
        client.report()
    );
    let err = server.stderr();
    assert!(
        err.contains(
            "handshake complete: TLS 1.3, TLS_AES_128_GCM_SHA256 (0x1301), key exchange x25519"
        ),
        "{err}"
    );
}

/// gnutls-cli limited to TLS 1.2 against serve with its defaults: serve falls back to TLS
/// 1.2 ECDHE (and marks its random with the downgrade sentinel, which a TLS 1.2 client does
/// not check).
#[test]
fn gnutls_cli_tls12_to_serve_with_its_defaults() {
    let (server, client) =
        gnutls_cli_exchange(&[], &["--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.2"]);
    let out = client.stdout();
    assert!(
        out.contains("(TLS1.2-X.509)-(ECDHE-X25519)-(RSA-SHA256)-(AES-128-GCM)"),
        "{}",
        client.report()
    );
    assert!(
        server
            .stderr()
            .contains("TLS 1.2, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f)"),
        "{}",
        server.stderr()
    );
}

/// gnutls-cli (with `flags`) against `serve --once` (with `args`): the handshake completes,
/// GnuTLS verifies the chain for server.test, and data crosses both ways. Returns (serve,
/// gnutls-cli), both finished.
fn gnutls_cli_exchange(args: &[&str], flags: &[&str]) -> (Proc, Proc) {
    require("gnutls-cli", "--version");
    let dir = Scratch::new("gnutls-cli");
    let ca = dir.path("ca.pem");
    let mut serve_args = vec!["--once", "--reply", REPLY];
    serve_args.extend_from_slice(args);
    let (mut server, port) = serve(&dir, &serve_args);
    let mut client = Proc::spawn(
        &format!("gnutls-cli {}", flags.join(" ")),
        Command::new("gnutls-cli")
            .arg("--x509cafile")
            .arg(&ca)
            .args(flags)
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
    (server, client)
}

/// Issue 9, defect 4, and interop: connect with TLS 1.2 against gnutls-serv with its
/// defaults (an HTTP server that asks for a client certificate). RFC 5246 §7.4.6: connect
/// answers the CertificateRequest with an empty Certificate. gnutls-serv listens on every
/// address, so it runs in a fresh network namespace that has only loopback, with connect
/// beside it; every process in it runs under `timeout`.
#[test]
fn connect_to_gnutls_serv_with_its_defaults_in_a_loopback_namespace() {
    let (out, err) = connect_to_gnutls_serv(&[], &["--suite", "ecdhe"]);
    assert!(
        err.contains("connected to 127.0.0.1:4433: TLS 1.2"),
        "{err}"
    );
    // gnutls-serv's page describes the session it served us.
    assert!(out.contains("Protocol version:</TD><TD>TLS1.2"), "{out}");
}

/// Both with their defaults, connect and gnutls-serv agree on TLS 1.3, and gnutls-serv's
/// CertificateRequest (RFC 8446 §4.3.2) gets an empty client Certificate (§4.4.2) before
/// connect's Finished; connect answered it with unexpected_message before.
#[test]
fn connect_with_its_defaults_answers_the_tls13_certificate_request_of_gnutls_serv() {
    let (out, err) = connect_to_gnutls_serv(&[], &[]);
    assert!(
        err.contains("connected to 127.0.0.1:4433: TLS 1.3, TLS_AES_128_GCM_SHA256 (0x1301)"),
        "{err}"
    );
    assert!(out.contains("Protocol version:</TD><TD>TLS1.3"), "{out}");
}

/// Mutual TLS: gnutls-cli presents Sam Student's certificate (`--x509certfile`) to
/// `serve --client-ca`, in TLS 1.3 and 1.2; serve verifies GnuTLS's chain and CertificateVerify
/// and prints the subject, and data crosses both ways.
#[test]
fn gnutls_cli_presents_its_certificate_to_serve() {
    let dir = Scratch::new("gnutls-cli-mtls");
    let (client_ca, chain, key) = dir.client_pki(pki::ClientCertKind::Valid);
    let path = |p: &std::path::Path| p.to_str().expect("a UTF-8 temporary path").to_string();
    let (client_ca, chain, key) = (path(&client_ca), path(&chain), path(&key));
    for (version, priority) in [
        ("TLS 1.3", "NORMAL:-VERS-ALL:+VERS-TLS1.3"),
        ("TLS 1.2", "NORMAL:-VERS-ALL:+VERS-TLS1.2"),
    ] {
        let (server, _) = gnutls_cli_exchange(
            &["--client-ca", &client_ca],
            &[
                "--x509certfile",
                &chain,
                "--x509keyfile",
                &key,
                "--priority",
                priority,
            ],
        );
        let err = server.stderr();
        assert!(
            err.contains(&format!("handshake complete: {version}")),
            "{err}"
        );
        assert!(
            err.contains(
                "client certificate: CN = Sam Student (issued by CN = TLS Lab Client CA), verified"
            ),
            "{version}: {err}"
        );
    }
}

/// Mutual TLS the other way round: gnutls-serv requires a
/// client certificate and verifies it against the client CA (`--require-client-cert
/// --verify-client-cert`); connect presents Sam Student's, in TLS 1.3 and TLS 1.2, and
/// gnutls-serv's page describes it.
#[test]
fn connect_presents_its_certificate_to_gnutls_serv_which_requires_one() {
    let dir = Scratch::new("gnutls-serv-mtls");
    let (client_ca, chain, key) = dir.client_pki(pki::ClientCertKind::Valid);
    let serv_args = [
        "--require-client-cert",
        "--verify-client-cert",
        "--x509cafile",
        client_ca.to_str().expect("a UTF-8 temporary path"),
    ];
    for (version, suite) in [("TLS 1.3", None), ("TLS 1.2", Some("ecdhe"))] {
        let mut connect_args = vec![
            "--client-cert",
            chain.to_str().expect("a UTF-8 temporary path"),
            "--client-key",
            key.to_str().expect("a UTF-8 temporary path"),
        ];
        if let Some(suite) = suite {
            connect_args.extend(["--suite", suite]);
        }
        let (out, err) = connect_to_gnutls_serv(&serv_args, &connect_args);
        assert!(
            err.contains(&format!("connected to 127.0.0.1:4433: {version}")),
            "{err}"
        );
        assert!(
            err.contains("the browser presents CN = Sam Student"),
            "{err}"
        );
        // The page gnutls-serv serves describes the certificate it verified.
        assert!(out.contains("Subject: CN=Sam Student"), "{version}: {out}");
    }
}

/// gnutls-serv (with `serv_args`) and connect (with `connect_args`) in a fresh network
/// namespace with loopback only; returns what they printed (gnutls-serv's HTML page comes
/// through connect's stdout; connect's status lines are on stderr).
fn connect_to_gnutls_serv(serv_args: &[&str], connect_args: &[&str]) -> (String, String) {
    require("gnutls-serv", "--version");
    require("unshare", "--version");
    let dir = Scratch::new("gnutls-serv");
    let (ca, chain, key) = dir.teaching_pki(CertKind::Valid);
    let log = dir.path("gnutls-serv.log");
    // $1..$5 are files and the binary; $6 holds gnutls-serv's extra arguments, the rest
    // are connect's.
    let script = r#"
        ip link set lo up || exit 90
        timeout 20 gnutls-serv --x509certfile "$1" --x509keyfile "$2" -p 4433 $6 >"$3" 2>&1 &
        i=0
        until grep -q "listening on IPv4" "$3"; do
            i=$((i + 1)); [ "$i" -gt 100 ] && { cat "$3"; exit 91; }
            sleep 0.1
        done
        ca=$4 bin=$5
        shift 6
        timeout 15 "$bin" connect 127.0.0.1:4433 --server-name server.test --ca "$ca" "$@"
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
            .arg(env!("CARGO_BIN_EXE_tls-lab"))
            .arg(serv_args.join(" "))
            .args(connect_args),
    );
    run.assert_success(Duration::from_secs(40));
    (run.stdout(), run.stderr())
}

/// gnutls-cli limited to TLS 1.3 against serve --suite tls13: GnuTLS verifies the chain and
/// the rsa_pss_rsae_sha256 CertificateVerify, and data crosses both ways.
#[test]
fn gnutls_cli_tls13_to_serve() {
    let (server, client) = gnutls_cli_exchange(
        &["--suite", "tls13"],
        &["--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.3"],
    );
    let out = client.stdout();
    assert!(
        out.contains("(TLS1.3-X.509)-(ECDHE-X25519)-(RSA-PSS-RSAE-SHA256)-(AES-128-GCM)"),
        "{}",
        client.report()
    );
    let err = server.stderr();
    assert!(
        err.contains(
            "handshake complete: TLS 1.3, TLS_AES_128_GCM_SHA256 (0x1301), key exchange x25519"
        ),
        "{err}"
    );
}

/// curl (OpenSSL) with --tlsv1.3 --tls-max 1.3: the HTTP answer over TLS 1.3.
#[test]
fn curl_tls13_gets_an_http_response_from_serve() {
    require("curl", "--version");
    let dir = Scratch::new("curl-tls13");
    let ca = dir.path("ca.pem");
    let (mut server, port) = serve(&dir, &["--once", "--suite", "tls13", "--reply", REPLY]);
    let mut curl = Proc::spawn(
        "curl --tlsv1.3 --tls-max 1.3",
        Command::new("curl")
            .args(["--silent", "--show-error", "--include", "--max-time", "15"])
            .args(["--tlsv1.3", "--tls-max", "1.3", "--cacert"])
            .arg(&ca)
            .args([
                "--resolve",
                &format!("server.test:{port}:127.0.0.1"),
                &format!("https://server.test:{port}/"),
            ]),
    );
    curl.assert_success(STEP);
    let out = curl.stdout();
    assert!(out.starts_with("HTTP/1.1 200 OK\r\n"), "{out}");
    assert!(out.ends_with(&format!("\r\n\r\n{REPLY}")), "{out}");
    server.assert_success(STEP);
    let err = server.stderr();
    assert!(
        err.contains(
            "handshake complete: TLS 1.3, TLS_AES_128_GCM_SHA256 (0x1301), key exchange x25519"
        ),
        "{err}"
    );
}

/// Python's `ssl` with minimum_version TLSv1_3 against serve's defaults: TLS 1.3 (the
/// client reads serve's NewSessionTicket before the answer).
#[test]
fn python_ssl_tls13_to_serve() {
    require("python3", "--version");
    let dir = Scratch::new("python-ssl-tls13");
    let ca = dir.path("ca.pem");
    let (mut server, port) = serve(&dir, &["--once", "--reply", REPLY]);
    let script = r#"
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
ctx.minimum_version = ssl.TLSVersion.TLSv1_3
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10) as raw:
    with ctx.wrap_socket(raw, server_hostname="server.test") as tls:
        tls.sendall(b"hello from python ssl\n")
        answer = b""
        while True:
            chunk = tls.recv(65536)
            if not chunk:
                break
            answer += chunk
        print(tls.version(), tls.cipher()[0])
        sys.stdout.write(answer.decode())
"#;
    let mut client = Proc::spawn(
        "python3 ssl TLSv1_3",
        Command::new("python3")
            .args(["-c", script, &port.to_string()])
            .arg(&ca),
    );
    client.assert_success(STEP);
    let out = client.stdout();
    assert_eq!(
        out,
        format!("TLSv1.3 TLS_AES_128_GCM_SHA256\n{REPLY}"),
        "{}",
        client.report()
    );
    server.assert_success(STEP);
    assert!(
        server.stdout().contains("hello from python ssl"),
        "{}",
        server.report()
    );
    let err = server.stderr();
    assert!(err.contains("handshake complete: TLS 1.3"), "{err}");
}

/// connect --suite tls13 against gnutls-serv limited to TLS 1.3 (in its own loopback
/// namespace, as above): GnuTLS's HTTP page describes the TLS 1.3 session it served us.
#[test]
fn connect_tls13_to_gnutls_serv_in_a_loopback_namespace() {
    let (out, err) = connect_to_gnutls_serv(
        &["--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.3"],
        &["--suite", "tls13"],
    );
    assert!(
        err.contains("connected to 127.0.0.1:4433: TLS 1.3, TLS_AES_128_GCM_SHA256"),
        "{err}"
    );
    assert!(out.contains("Protocol version:</TD><TD>TLS1.3"), "{out}");
}
