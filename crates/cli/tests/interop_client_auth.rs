//! Mutual TLS (issue 31) against OpenSSL, on 127.0.0.1, in TLS 1.3 and TLS 1.2:
//! `tls-lab connect --client-cert` against `openssl s_server -Verify 1` (s_server verifies our
//! chain and CertificateVerify and prints Sam Student's subject), refused without a certificate
//! (certificate_required in TLS 1.3, handshake_failure in TLS 1.2); and `serve --client-ca`'s
//! refusals as `openssl s_client` reads them. The exchanges that succeed against serve are
//! `interop_openssl.rs`'s (s_client) and `interop_clients.rs`'s (gnutls-cli, and connect
//! against gnutls-serv).

mod common;

use std::process::Command;
use std::time::Duration;

use common::{Proc, Scratch, listening_port, openssl_s_server, require, tls_lab};
use engine::pki::{self, ClientCertKind};

const STEP: Duration = Duration::from_secs(10);

/// The handshakes, by the flags that pin OpenSSL to them (none: TLS 1.3 with its defaults).
const HANDSHAKES: [(&str, &[&str]); 3] = [
    ("tls13", &[]),
    (
        "ecdhe",
        &[
            "-tls1_2",
            "-cipher",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "-groups",
            "X25519",
        ],
    ),
    ("rsa", &["-tls1_2", "-cipher", "AES128-GCM-SHA256"]),
];

/// `connect --client-cert` against s_server asking for and requiring a certificate from the
/// client CA: s_server verifies the chain (depth 0 is Sam Student) and the signature, and
/// data crosses both ways.
#[test]
fn connect_presents_its_certificate_to_openssl_s_server() {
    for (suite, flags) in HANDSHAKES {
        let dir = Scratch::new(&format!("mtls-connect-{suite}"));
        let (client_ca, chain, key) = dir.client_pki(ClientCertKind::Valid);
        let mut server_flags = vec!["-Verify", "1", "-CAfile", client_ca.to_str().unwrap()];
        server_flags.extend_from_slice(flags);
        let (mut server, port) = openssl_s_server(&dir, &server_flags);
        let ca = dir.path("ca.pem");
        let mut client = Proc::spawn(
            &format!("tls-lab connect --suite {suite} --client-cert"),
            tls_lab()
                .args(["connect", &format!("127.0.0.1:{port}")])
                .args(["--server-name", "server.test", "--suite", suite])
                .arg("--ca")
                .arg(&ca)
                .arg("--client-cert")
                .arg(&chain)
                .arg("--client-key")
                .arg(&key)
                .args(["--send", "hello from tls-lab connect\n"]),
        );
        server.wait_for("hello from tls-lab connect", STEP);
        server.write_stdin("hello from openssl s_server\n");
        client.wait_for("hello from openssl s_server", STEP);
        client.assert_success(STEP);
        server.wait_for("DONE", STEP);
        let (out, err) = (server.stdout(), server.stderr());
        assert!(out.contains("subject=CN = Sam Student"), "{suite}: {out}");
        assert!(err.contains("depth=0 CN = Sam Student"), "{suite}: {err}");
        assert!(err.contains("verify return:1"), "{suite}: {err}");
        let said = client.stderr();
        assert!(
            said.contains("the browser presents CN = Sam Student"),
            "{said}"
        );
    }
}

/// Without a certificate, s_server (which requires one) ends TLS 1.3 with certificate_required
/// (116), as RFC 8446 §4.4.2.4 names it, and TLS 1.2 with handshake_failure (RFC 5246 §7.4.6).
#[test]
fn connect_without_a_certificate_is_refused_by_openssl_s_server() {
    for (suite, flags, alert) in [
        ("tls13", HANDSHAKES[0].1, "certificate_required"),
        ("ecdhe", HANDSHAKES[1].1, "handshake_failure"),
    ] {
        let dir = Scratch::new(&format!("mtls-refused-{suite}"));
        let (client_ca, _, _) = dir.client_pki(ClientCertKind::Valid);
        let mut server_flags = vec!["-Verify", "1", "-CAfile", client_ca.to_str().unwrap()];
        server_flags.extend_from_slice(flags);
        let (mut server, port) = openssl_s_server(&dir, &server_flags);
        let ca = dir.path("ca.pem");
        let mut client = Proc::spawn(
            &format!("tls-lab connect --suite {suite} without a certificate"),
            tls_lab()
                .args(["connect", &format!("127.0.0.1:{port}")])
                .args(["--server-name", "server.test", "--suite", suite])
                .arg("--ca")
                .arg(&ca)
                .args(["--send", "hello\n", "--timeout", "3"]),
        );
        let status = client.wait_exit(STEP);
        assert!(!status.success(), "{suite}: {}", client.report());
        let err = client.stderr();
        assert!(
            err.contains(&format!("the server sent alert {alert} (fatal)")),
            "{suite}: {err}"
        );
        assert!(err.contains("this browser has none"), "{err}");
        let _ = server.wait_exit(STEP);
        assert!(
            server
                .stderr()
                .contains("peer did not return a certificate"),
            "{}",
            server.report()
        );
    }
}

/// `serve --client-ca` for one connection, and s_client with `flags` sending a line; returns
/// both, finished.
fn s_client_to_serve(dir: &Scratch, flags: &[&str]) -> (Proc, Proc) {
    require("openssl", "version");
    let (ca, chain, key) = dir.teaching_pki(engine::pki::CertKind::Valid);
    let client_ca = dir.write("client-ca.pem", pki::client_ca_pem());
    let mut server = Proc::spawn(
        "tls-lab serve --client-ca",
        tls_lab()
            .args(["serve", "127.0.0.1:0", "--once", "--cert"])
            .arg(&chain)
            .arg("--key")
            .arg(&key)
            .arg("--client-ca")
            .arg(&client_ca)
            .args(["--reply", "hello from tls-lab serve\n"]),
    );
    let port = listening_port(&mut server);
    let mut client = Proc::spawn(
        &format!("openssl s_client {}", flags.join(" ")),
        Command::new("openssl")
            .args(["s_client", "-connect", &format!("127.0.0.1:{port}")])
            .args(["-servername", "server.test", "-CAfile"])
            .arg(&ca)
            .args(flags),
    );
    client.write_stdin("hello\n");
    let _ = server.wait_exit(STEP);
    let _ = client.wait_exit(STEP);
    (server, client)
}

/// serve's refusals, as OpenSSL's client reads them: no certificate (TLS 1.3:
/// certificate_required, 116; TLS 1.2: handshake_failure, 40), a certificate from another CA
/// (unknown_ca, 48), an expired one (certificate_expired, 45) and one for servers only
/// (unsupported_certificate, 43).
#[test]
fn serve_refuses_what_openssl_s_client_presents_with_the_rfc_alert() {
    let cases: [(&str, Option<ClientCertKind>, &[&str], &str); 5] = [
        ("none-tls13", None, &[], "tlsv13 alert certificate required"),
        (
            "none-tls12",
            None,
            &["-tls1_2"],
            "sslv3 alert handshake failure",
        ),
        (
            "unknown-ca",
            Some(ClientCertKind::UnknownCa),
            &[],
            "tlsv1 alert unknown ca",
        ),
        (
            "expired",
            Some(ClientCertKind::Expired),
            &["-tls1_2"],
            "sslv3 alert certificate expired",
        ),
        (
            "wrong-usage",
            Some(ClientCertKind::WrongUsage),
            &[],
            "sslv3 alert unsupported certificate",
        ),
    ];
    for (name, kind, flags, openssl_says) in cases {
        let dir = Scratch::new(&format!("mtls-refuse-{name}"));
        let mut all: Vec<String> = flags.iter().map(|f| f.to_string()).collect();
        if let Some(kind) = kind {
            let (_, chain, key) = dir.client_pki(kind);
            all.extend([
                "-cert".into(),
                chain.display().to_string(),
                "-key".into(),
                key.display().to_string(),
            ]);
        }
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let (server, client) = s_client_to_serve(&dir, &all);
        assert!(
            !server.output().status.success(),
            "{name}: {}",
            server.report()
        );
        let said = format!("{}{}", client.stdout(), client.stderr());
        assert!(said.contains(openssl_says), "{name}: {said}");
    }
}
