//! `tls-lab intercept`, the active attacker of issue 33 live on 127.0.0.1, between real
//! stacks it did not write: curl (OpenSSL) as the client, `openssl s_server` as the server.
//! What stops each attack is curl's and OpenSSL's own checks: the alert they send and the
//! error curl prints. With the attacker's root trusted, curl gets the server's page and the
//! attacker reads it. OpenSSL's server sets RFC 8446 §4.1.3's downgrade sentinel, which both
//! curl and the engine's client refuse.

mod common;

use std::time::Duration;

use common::{Proc, Scratch, curl, listening_port, openssl_s_server, require, tls_lab};
use engine::pki::{self, CertKind};

const STEP: Duration = Duration::from_secs(30);

/// The attacker, listening on a port of its own choosing, in front of `upstream`.
fn intercept(attack: &str, upstream: u16) -> (Proc, u16) {
    let mut p = Proc::spawn(
        "tls-lab intercept",
        tls_lab().args([
            "intercept",
            "127.0.0.1:0",
            "--upstream",
            &format!("127.0.0.1:{upstream}"),
            "--attack",
            attack,
        ]),
    );
    let port = listening_port(&mut p);
    (p, port)
}

/// One attack between curl (with `extra` flags, trusting `ca`) and `openssl s_server -www`:
/// curl's exit status and stderr, the attacker's exit status, stdout and stderr.
fn attack(attack: &str, ca_pem: &str, extra: &[&str]) -> (i32, String, i32, String, String) {
    let dir = Scratch::new(&format!("attack-{attack}-{}", extra.join("")));
    let (_server, server_port) = openssl_s_server(&dir, &["-www"]);
    let (mut attacker, port) = intercept(attack, server_port);
    let ca = dir.write("trusted.pem", ca_pem);
    let mut client = curl(&ca, port, extra);
    let curl_status = client.wait_exit(STEP).code().unwrap_or(-1);
    let attacker_status = attacker.wait_exit(STEP).code().unwrap_or(-1);
    (
        curl_status,
        client.stderr(),
        attacker_status,
        attacker.stdout(),
        attacker.stderr(),
    )
}

#[test]
fn trusted_ca_reads_the_page_curl_fetches() {
    for extra in [&[][..], &["--tls-max", "1.2"][..]] {
        let (curl, curl_err, status, read, notes) =
            attack("trusted-ca", pki::attacker_ca_pem(), extra);
        assert_eq!(curl, 0, "{extra:?}: curl failed: {curl_err}\n{notes}");
        assert_eq!(status, 0, "{extra:?}: {notes}");
        // What the attacker read: curl's request and OpenSSL's -www page.
        assert!(read.contains("GET / HTTP/1.1"), "{extra:?}: {read}");
        assert!(read.contains("HTTP/1.0 200 ok"), "{extra:?}: {read}");
        // It checked the real server's certificate on its own connection.
        assert!(
            notes.contains("issued by CN = TLS Lab Teaching CA"),
            "{notes}"
        );
        if extra.is_empty() {
            assert!(notes.contains("TLS 1.3"), "{notes}");
        } else {
            assert!(
                notes.contains("[client ⇄ attacker] handshake complete: TLS 1.2"),
                "{notes}"
            );
        }
    }
}

#[test]
fn own_certificate_is_refused_by_curl_with_unknown_ca() {
    for extra in [&[][..], &["--tls-max", "1.2"][..]] {
        let (curl, curl_err, status, read, notes) = attack("own-cert", pki::ca_pem(), extra);
        // curl: "SSL certificate problem: self-signed certificate in certificate chain".
        assert_eq!(curl, 60, "{extra:?}: {curl_err}");
        assert!(curl_err.contains("certificate"), "{curl_err}");
        assert_eq!(status, 1, "{notes}");
        // OpenSSL sends unknown_ca and closes at once: on a busy machine the attacker may
        // still be writing its flight and meet the closed socket before it reads the alert.
        assert!(
            notes.contains("the client sent alert unknown_ca")
                || notes.contains("cannot send to the client"),
            "{notes}"
        );
        assert!(read.is_empty(), "{read}");
    }
}

#[test]
fn relayed_certificate_fails_curls_signature_check() {
    let (curl, curl_err, status, read, notes) = attack("relay-cert", pki::ca_pem(), &[]);
    // OpenSSL's "rsa routines::bad signature": CertificateVerify does not verify.
    assert_eq!(curl, 35, "{curl_err}");
    assert!(curl_err.contains("bad signature"), "{curl_err}");
    assert_eq!(status, 1, "{notes}");
    assert!(
        notes.contains("passing on the server's certificate")
            && notes.contains("the client sent alert decrypt_error"),
        "{notes}"
    );
    assert!(read.is_empty(), "{read}");
}

#[test]
fn downgrade_meets_openssls_sentinel() {
    let (curl, curl_err, status, _, notes) = attack("downgrade", pki::ca_pem(), &[]);
    // OpenSSL's server answered in TLS 1.2 with DOWNGRD 01; curl's OpenSSL refused it.
    assert_eq!(curl, 35, "{curl_err}");
    assert!(curl_err.contains("inappropriate fallback"), "{curl_err}");
    assert_eq!(status, 1, "{notes}");
    assert!(
        notes.contains("changed: the attacker took TLS 1.3 out"),
        "{notes}"
    );
    assert!(
        notes.contains("client → server: Alert illegal_parameter"),
        "{notes}"
    );
}

/// In TLS 1.2 the downgrade takes curl's ECDHE suites out; OpenSSL's server then chooses
/// among the rest (a finite-field DHE suite here), and the Finished messages catch the edit:
/// with the extended master secret the two ends' keys differ, so OpenSSL cannot open curl's
/// Finished (bad_record_mac), as the engine's server does not (`Attack::expected`).
#[test]
fn tls12_downgrade_is_caught_by_openssls_finished_check() {
    let (curl, curl_err, status, _, notes) =
        attack("downgrade", pki::ca_pem(), &["--tls-max", "1.2"]);
    assert_eq!(curl, 35, "{curl_err}");
    assert!(curl_err.contains("bad record mac"), "{curl_err}");
    assert_eq!(status, 1, "{notes}");
    assert!(notes.contains("took the ECDHE suites out"), "{notes}");
    assert!(
        notes.contains("client → server: handshake (0x16), encrypted"),
        "{notes}"
    );
    assert!(
        notes.contains("the server sent alert bad_record_mac"),
        "{notes}"
    );
}

/// The engine's own client through the same downgrade: it finds OpenSSL's sentinel in the
/// ServerHello and refuses it with illegal_parameter, as curl's OpenSSL did.
#[test]
fn the_engines_client_refuses_openssls_sentinel_too() {
    let dir = Scratch::new("attack-downgrade-engine");
    let (_server, server_port) = openssl_s_server(&dir, &["-www"]);
    let (mut attacker, port) = intercept("downgrade", server_port);
    let (ca, _, _) = dir.teaching_pki(CertKind::Valid);
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
            .arg(&ca),
    );
    let status = client.wait_exit(STEP);
    assert_eq!(status.code(), Some(1), "{}", client.report());
    assert!(
        client.stderr().contains("illegal_parameter") && client.stderr().contains("DOWNGRD"),
        "{}",
        client.stderr()
    );
    attacker.wait_exit(STEP);
}

/// Chromium 156 through the attacker, in front of `tls-lab serve` (TLS 1.3, X25519MLKEM768
/// and X25519, TLS 1.2 ECDHE), trusting the server's leaf by its pin: the downgrade meets
/// the engine server's sentinel and Chromium names it, ERR_TLS13_DOWNGRADE_DETECTED; the
/// relayed certificate fails its CertificateVerify check (decrypt_error).
#[test]
fn chromium_detects_the_downgrade_and_the_relayed_signature() {
    require("chromium", "--version");
    for (name, seen) in [
        ("downgrade", "the client sent alert illegal_parameter"),
        ("relay-cert", "the client sent alert decrypt_error"),
    ] {
        let dir = Scratch::new(&format!("attack-chromium-{name}"));
        let (_server, server_port) = common::serve(&dir, &["--reply", "hello through Mallory"]);
        let pin = common::leaf_spki_sha256_base64(&dir.path("chain.pem"));
        let (mut attacker, port) = intercept(name, server_port);
        let (dom, log) = common::chromium_logged(&dir, port, &pin);
        assert!(!dom.contains("hello through Mallory"), "{name}: {dom}");
        attacker.wait_exit(STEP);
        assert!(
            attacker.stderr().contains(seen),
            "{name}: {}",
            attacker.stderr()
        );
        if name == "downgrade" {
            assert!(log.contains("ERR_TLS13_DOWNGRADE_DETECTED"), "{log}");
        }
    }
}
