//! Resumption against OpenSSL, both ways, on 127.0.0.1 (issue 32): `openssl s_client
//! -sess_out` then `-sess_in` against `tls-lab serve`, and `tls-lab connect --session` twice
//! against `openssl s_server -www`, whose page says whether the session was reused. Also
//! serve's answer to ALPN, which a conformance suite found missing.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{Proc, Scratch, openssl_s_server, require, tls_lab};

const STEP: Duration = Duration::from_secs(10);

/// `tls-lab serve` for many connections, with the teaching chain, `args` and a reply the
/// exchanges below wait for.
fn serve(dir: &Scratch, args: &[&str]) -> (Proc, u16) {
    common::serve(
        dir,
        &[&["--reply", "hello from tls-lab serve\n"], args].concat(),
    )
}

/// One s_client exchange with serve (`flags` added): its line arrives, serve's answer comes
/// back, both close. Returns s_client, finished.
fn s_client(dir: &Scratch, server: &mut Proc, port: u16, flags: &[&str]) -> Proc {
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
            .arg(dir.path("ca.pem"))
            .args(flags),
    );
    client.wait_for("Verify return code: 0 (ok)", STEP);
    client.write_stdin("hello from openssl s_client\n");
    server.wait_for("hello from openssl s_client", STEP);
    client.wait_for("hello from tls-lab serve", STEP);
    client.assert_success(STEP);
    client
}

/// RFC 8446 §2.2 with s_client: the first connection is full and serve sends a ticket; the
/// second offers it with its binder, serve resumes (no certificate), and s_client says
/// "Reused". The ticket is single-use: a third connection with it is a full handshake.
fn s_client_resumes_with_serve(serve_args: &[&str], client_flags: &[&str]) {
    require("openssl", "version");
    let dir = Scratch::new(&format!("resume-s_client-{}", client_flags.join("")));
    let (mut server, port) = serve(&dir, serve_args);
    let sess = dir.path("sess.pem");
    let sess = sess.to_str().expect("a UTF-8 path");
    let mut flags = vec!["-tls1_3", "-sess_out", sess];
    flags.extend_from_slice(client_flags);
    let first = s_client(&dir, &mut server, port, &flags);
    assert!(
        first
            .stdout()
            .contains("New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256"),
        "{}",
        first.stdout()
    );
    assert!(Path::new(sess).exists(), "s_client kept no session");
    let mut flags = vec!["-tls1_3", "-sess_in", sess];
    flags.extend_from_slice(client_flags);
    let second = s_client(&dir, &mut server, port, &flags);
    let out = second.stdout();
    assert!(
        out.contains("Reused, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256"),
        "{out}"
    );
    // No certificate crossed (s_client still shows the one it kept with the session): the
    // server's flight is a fraction of the full one.
    let (full, resumed) = (handshake_read(&first.stdout()), handshake_read(&out));
    assert!(resumed * 3 < full, "resumed {resumed} bytes, full {full}");
    let err = server.stderr();
    assert_eq!(
        err.matches("resumed (PSK from a ticket)").count(),
        1,
        "{err}"
    );
    // The same ticket again: serve forgot it when it was used (RFC 8446 §8.1).
    let third = s_client(&dir, &mut server, port, &flags);
    assert!(
        third.stdout().contains("New, TLSv1.3"),
        "{}",
        third.stdout()
    );
    assert_eq!(
        server
            .stderr()
            .matches("resumed (PSK from a ticket)")
            .count(),
        1,
        "{}",
        server.stderr()
    );
}

/// What s_client says it read during the handshake: "SSL handshake has read N bytes".
fn handshake_read(out: &str) -> usize {
    out.split("SSL handshake has read ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no handshake size in:\n{out}"))
}

#[test]
fn openssl_s_client_resumes_with_the_ticket_serve_issued() {
    s_client_resumes_with_serve(&["--suite", "tls13"], &["-groups", "X25519"]);
}

/// After a HelloRetryRequest the binder covers message_hash(ClientHello1) and the retry too
/// (RFC 8446 §4.2.11.2): s_client sends a P-256 share, serve asks for X25519.
#[test]
fn openssl_s_client_resumes_with_serve_after_a_hello_retry_request() {
    s_client_resumes_with_serve(&["--suite", "tls13"], &["-groups", "P-256:X25519"]);
}

/// connect against a running s_server -www: it sends a GET, and s_server's page says whether
/// the session was new or reused. Returns connect, finished, and the page.
fn connect_to_www(dir: &Scratch, port: u16, session: &Path) -> (Proc, String) {
    let mut client = Proc::spawn(
        "tls-lab connect --session",
        tls_lab()
            .args([
                "connect",
                &format!("127.0.0.1:{port}"),
                "--server-name",
                "server.test",
                "--suite",
                "tls13",
                "--group",
                "x25519",
            ])
            .arg("--ca")
            .arg(dir.path("ca.pem"))
            .arg("--session")
            .arg(session),
    );
    client.assert_success(STEP);
    let page = client.stdout();
    (client, page)
}

/// `connect --session FILE` against `openssl s_server -www`: the first run writes s_server's
/// ticket to FILE, the second offers it and s_server resumes ("Reused" on its page).
#[test]
fn connect_resumes_with_openssl_s_server() {
    let dir = Scratch::new("resume-connect");
    let (mut server, port) = openssl_s_server(
        &dir,
        &["-tls1_3", "-groups", "X25519", "-www", "-naccept", "2"],
    );
    let session = dir.path("session.json");
    let (first, page) = connect_to_www(&dir, port, &session);
    assert!(
        page.contains("New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256"),
        "{page}"
    );
    assert!(
        first.stderr().contains("wrote the server's newest ticket"),
        "{}",
        first.stderr()
    );
    let kept = std::fs::read_to_string(&session).expect("the session file");
    assert!(kept.contains("\"version\": \"TLS 1.3\""), "{kept}");
    let (second, page) = connect_to_www(&dir, port, &session);
    assert!(
        page.contains("Reused, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256"),
        "{page}"
    );
    let err = second.stderr();
    assert!(err.contains("offering the ticket from"), "{err}");
    assert!(err.contains("resumed (PSK from a ticket)"), "{err}");
    server.wait_exit(STEP);
}

/// A session file that is not one is a one-line error, before any connection.
#[test]
fn connect_refuses_a_session_file_it_did_not_write() {
    let dir = Scratch::new("resume-bad-file");
    let bad = dir.write(
        "session.json",
        "{\"version\": \"TLS 1.3\", \"psk\": \"zz\"}",
    );
    let out = tls_lab()
        .args(["connect", "127.0.0.1:9", "--server-name", "server.test"])
        .arg("--ca")
        .arg(dir.write("ca.pem", engine::pki::ca_pem()))
        .arg("--session")
        .arg(&bad)
        .output()
        .expect("tls-lab runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a session tls-lab wrote"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

/// RFC 7301 §3.2: serve answers ALPN with http/1.1, in TLS 1.3 and TLS 1.2; a client that
/// asks only for h2 gets no_application_protocol.
#[test]
fn serve_answers_alpn_with_http_1_1() {
    require("openssl", "version");
    let dir = Scratch::new("alpn");
    let (mut server, port) = serve(&dir, &[]);
    for version in ["-tls1_3", "-tls1_2"] {
        let client = s_client(&dir, &mut server, port, &[version, "-alpn", "h2,http/1.1"]);
        assert!(
            client.stdout().contains("ALPN protocol: http/1.1"),
            "{}",
            client.stdout()
        );
    }
    let mut refused = Proc::spawn(
        "openssl s_client -alpn h2",
        Command::new("openssl")
            .args(["s_client", "-connect", &format!("127.0.0.1:{port}")])
            .args(["-servername", "server.test", "-alpn", "h2"]),
    );
    refused.close_stdin();
    refused.wait_exit(STEP);
    let out = format!("{}{}", refused.stdout(), refused.stderr());
    assert!(out.contains("no application protocol"), "{out}");
    server.wait_for("no_application_protocol", STEP);
}

/// RFC 8446 §2.3 with s_client: resuming with `-early_data FILE`, the request travels with
/// the ClientHello; serve takes it (and says so), answers it, and s_client says "Early data
/// was accepted". The same ticket and early data again are refused: serve forgets a ticket
/// once used (§8.1), and skips the early data it does not take (§4.2.10).
#[test]
fn openssl_s_client_sends_early_data_that_serve_takes() {
    require("openssl", "version");
    let dir = Scratch::new("resume-early-data");
    let (mut server, port) = serve(&dir, &["--suite", "tls13"]);
    let sess = dir.path("sess.pem");
    let sess = sess.to_str().expect("a UTF-8 path");
    s_client(
        &dir,
        &mut server,
        port,
        &["-tls1_3", "-groups", "X25519", "-sess_out", sess],
    );
    let early = dir.write("early.txt", "early hello from openssl s_client\n");
    let mut client = Proc::spawn(
        "openssl s_client -early_data",
        Command::new("openssl")
            .args(["s_client", "-connect", &format!("127.0.0.1:{port}")])
            .args(["-servername", "server.test", "-tls1_3", "-groups", "X25519"])
            .args(["-sess_in", sess, "-early_data"])
            .arg(&early),
    );
    server.wait_for("early hello from openssl s_client", STEP);
    client.wait_for("hello from tls-lab serve", STEP);
    client.close_stdin();
    client.wait_exit(STEP);
    let out = client.stdout();
    assert!(out.contains("Reused, TLSv1.3"), "{out}");
    assert!(out.contains("Early data was accepted"), "{out}");
    let err = server.stderr();
    assert!(err.contains("0-RTT: took 34 bytes of early data"), "{err}");
    // The same ticket and early data again, as a replay would bring them (RFC 8446 §8.1):
    // serve forgot the ticket, so a full handshake with the early data refused and skipped
    // (§4.2.10; a record it failed to skip would end the handshake with bad_record_mac).
    // s_client does not resend refused early data: it sends a line of its own.
    let mut again = Proc::spawn(
        "openssl s_client -early_data, the ticket again",
        Command::new("openssl")
            .args(["s_client", "-connect", &format!("127.0.0.1:{port}")])
            .args(["-servername", "server.test", "-tls1_3", "-groups", "X25519"])
            .arg("-CAfile")
            .arg(dir.path("ca.pem"))
            .args(["-sess_in", sess, "-early_data"])
            .arg(&early),
    );
    again.wait_for("Early data was rejected", STEP);
    again.write_stdin("hello after the refused early data\n");
    server.wait_for("hello after the refused early data", STEP);
    again.wait_for("hello from tls-lab serve", STEP);
    again.close_stdin();
    again.wait_exit(STEP);
    assert!(
        again.stdout().contains("New, TLSv1.3"),
        "{}",
        again.stdout()
    );
    let err = server.stderr();
    assert_eq!(err.matches("0-RTT: took").count(), 1, "{err}");
    assert!(
        err.contains("the server does not take the early data"),
        "{err}"
    );
}

/// `connect --session FILE --early-data TEXT` against `openssl s_server -early_data`: the
/// second run sends TEXT as 0-RTT data, which s_server prints as early data.
#[test]
fn connect_sends_early_data_that_openssl_s_server_takes() {
    let dir = Scratch::new("resume-connect-early");
    let (mut server, port) = openssl_s_server(
        &dir,
        &[
            "-tls1_3",
            "-groups",
            "X25519",
            "-early_data",
            "-naccept",
            "2",
        ],
    );
    let session = dir.path("session.json");
    let session = session.to_str().expect("a UTF-8 path");
    let run = |server: &mut Proc, extra: &[&str], line: &str| {
        let mut client = Proc::spawn(
            "tls-lab connect --session",
            tls_lab()
                .args(["connect", &format!("127.0.0.1:{port}")])
                .args([
                    "--server-name",
                    "server.test",
                    "--suite",
                    "tls13",
                    "--group",
                    "x25519",
                ])
                .arg("--ca")
                .arg(dir.path("ca.pem"))
                .args(["--session", session])
                .args(extra),
        );
        server.wait_for(line, STEP);
        server.write_stdin("hello from openssl s_server\n");
        client.wait_for("hello from openssl s_server", STEP);
        client.assert_success(STEP);
        client
    };
    run(
        &mut server,
        &["--send", "hello from tls-lab connect\n"],
        "hello from tls-lab connect",
    );
    let second = run(
        &mut server,
        &["--early-data", "early hello from tls-lab\n"],
        "early hello from tls-lab",
    );
    let out = server.stdout();
    assert!(out.contains("Early data received:"), "{out}");
    let err = second.stderr();
    assert!(err.contains("resumed (PSK from a ticket)"), "{err}");
    assert!(err.contains("the server took the early data"), "{err}");
}

/// RFC 5246 §7.3 with s_client: `-sess_out` then `-sess_in` against serve, in TLS 1.2 with
/// each key exchange, by ticket (RFC 5077, s_client's default) and by session ID
/// (`-no_ticket`): s_client says "Reused, TLSv1.2" and serve says it resumed.
#[test]
fn openssl_s_client_resumes_tls12_with_serve() {
    require("openssl", "version");
    for (suite, cipher, ticket) in [
        ("ecdhe", "ECDHE-RSA-AES128-GCM-SHA256", true),
        ("rsa", "AES128-GCM-SHA256", true),
        ("ecdhe", "ECDHE-RSA-AES128-GCM-SHA256", false),
    ] {
        let dir = Scratch::new(&format!("resume12-{cipher}-{ticket}"));
        let (mut server, port) = serve(&dir, &["--suite", suite]);
        let sess = dir.path("sess.pem");
        let sess = sess.to_str().expect("a UTF-8 path");
        let mut flags = vec!["-tls1_2", "-cipher", cipher, "-groups", "X25519"];
        if !ticket {
            flags.push("-no_ticket");
        }
        let first = s_client(
            &dir,
            &mut server,
            port,
            &[&flags[..], &["-sess_out", sess]].concat(),
        );
        let out = first.stdout();
        assert!(
            out.contains(&format!("New, TLSv1.2, Cipher is {cipher}")),
            "{out}"
        );
        let second = s_client(
            &dir,
            &mut server,
            port,
            &[&flags[..], &["-sess_in", sess]].concat(),
        );
        let out = second.stdout();
        assert!(
            out.contains(&format!("Reused, TLSv1.2, Cipher is {cipher}")),
            "{cipher} {ticket}: {out}"
        );
        assert!(out.contains("Extended master secret: yes"), "{out}");
        let (full, resumed) = (handshake_read(&first.stdout()), handshake_read(&out));
        assert!(resumed * 3 < full, "resumed {resumed} bytes, full {full}");
        let err = server.stderr();
        assert_eq!(
            err.matches("resumed (the session's master secret)").count(),
            1,
            "{err}"
        );
    }
}

/// `connect --session FILE` in TLS 1.2 against `openssl s_server -www`: by ticket (s_server's
/// default) and by session ID (`-no_ticket`), s_server's page says "Reused".
#[test]
fn connect_resumes_tls12_with_openssl_s_server() {
    for extra in [&[][..], &["-no_ticket"][..]] {
        let dir = Scratch::new(&format!("resume12-connect-{}", extra.len()));
        let mut flags = vec![
            "-tls1_2",
            "-cipher",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "-groups",
            "X25519",
            "-www",
            "-naccept",
            "2",
        ];
        flags.extend_from_slice(extra);
        let (mut server, port) = openssl_s_server(&dir, &flags);
        let session = dir.path("session.json");
        let run = || {
            let mut client = Proc::spawn(
                "tls-lab connect --suite ecdhe --session",
                tls_lab()
                    .args(["connect", &format!("127.0.0.1:{port}")])
                    .args(["--server-name", "server.test", "--suite", "ecdhe"])
                    .arg("--ca")
                    .arg(dir.path("ca.pem"))
                    .arg("--session")
                    .arg(&session),
            );
            client.assert_success(STEP);
            client
        };
        let first = run();
        assert!(
            first.stdout().contains("New, TLSv1.2"),
            "{}",
            first.stdout()
        );
        let kept = std::fs::read_to_string(&session).expect("the session file");
        assert!(kept.contains("\"version\": \"TLS 1.2\""), "{kept}");
        assert_eq!(
            kept.contains("\"ticket\": null"),
            !extra.is_empty(),
            "{kept}"
        );
        let second = run();
        let page = second.stdout();
        assert!(page.contains("Reused, TLSv1.2"), "{extra:?}: {page}");
        assert!(second.stderr().contains("resumed"), "{}", second.stderr());
        server.wait_exit(STEP);
    }
}
