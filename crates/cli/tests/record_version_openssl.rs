//! RFC 8446 §5.1 with an independent peer: OpenSSL's s_client talks TLS 1.3 to `tls-lab
//! serve` through a proxy on 127.0.0.1 that rewrites the `legacy_record_version` of one of the
//! client's records to 03 01. TLS 1.3 ignores that field "for all purposes", so on the
//! unprotected compatibility ChangeCipherSpec nothing changes; on a protected record the
//! header is the AEAD's additional data (§5.2), so the tag check fails: bad_record_mac.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::Command;
use std::thread;
use std::time::Duration;

use common::{Proc, Scratch, listening_port, require, tls_lab};
use engine::pki::CertKind;

const STEP: Duration = Duration::from_secs(10);
const CHANGE_CIPHER_SPEC: u8 = 20;
const APPLICATION_DATA: u8 = 23;

/// A proxy for one connection to `upstream`: the client's first record of type `rewrite`
/// (after its ClientHello) goes on with the version 03 01; every other byte passes as it is.
/// Returns the proxy's port.
fn version_rewriting_proxy(upstream: u16, rewrite: u8) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let port = listener.local_addr().expect("its address").port();
    thread::spawn(move || {
        let Ok((client, _)) = listener.accept() else {
            return;
        };
        let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
            return;
        };
        for s in [&client, &server] {
            let _ = s.set_read_timeout(Some(STEP));
        }
        // Server to client: as it comes.
        let (mut from_server, mut to_client) = (
            server.try_clone().expect("a handle"),
            client.try_clone().expect("a handle"),
        );
        thread::spawn(move || {
            let _ = std::io::copy(&mut from_server, &mut to_client);
            let _ = to_client.shutdown(Shutdown::Write);
        });
        // Client to server: record by record.
        let (mut from_client, mut to_server) = (client, server);
        let mut done = false;
        loop {
            let mut header = [0u8; 5];
            if from_client.read_exact(&mut header).is_err() {
                break;
            }
            let mut body = vec![0u8; usize::from(u16::from_be_bytes([header[3], header[4]]))];
            if from_client.read_exact(&mut body).is_err() {
                break;
            }
            if !done && header[0] == rewrite {
                header[1..3].copy_from_slice(&[3, 1]);
                done = true;
            }
            if to_server.write_all(&header).is_err() || to_server.write_all(&body).is_err() {
                break;
            }
        }
        let _ = to_server.shutdown(Shutdown::Write);
    });
    port
}

/// `serve --once --suite tls13` and `openssl s_client -tls1_3` through the proxy; the line
/// s_client sends once connected. Returns the scratch folder (its files must outlive the
/// processes), serve and s_client, still running.
fn through_proxy(rewrite: u8) -> (Scratch, Proc, Proc) {
    require("openssl", "version");
    let dir = Scratch::new(&format!("record-version-{rewrite}"));
    let (ca, chain, key) = dir.teaching_pki(CertKind::Valid);
    let mut server = Proc::spawn(
        "tls-lab serve --suite tls13",
        tls_lab()
            .args([
                "serve",
                "127.0.0.1:0",
                "--once",
                "--suite",
                "tls13",
                "--cert",
            ])
            .arg(&chain)
            .arg("--key")
            .arg(&key)
            .args(["--reply", "hello from tls-lab serve\n"]),
    );
    let port = version_rewriting_proxy(listening_port(&mut server), rewrite);
    let mut client = Proc::spawn(
        "openssl s_client -tls1_3",
        Command::new("openssl")
            .args(["s_client", "-connect", &format!("127.0.0.1:{port}")])
            .args(["-tls1_3", "-groups", "X25519", "-servername", "server.test"])
            .args(["-verify_return_error", "-CAfile"])
            .arg(&ca),
    );
    client.write_stdin("hello from openssl s_client\n");
    (dir, server, client)
}

/// The compatibility ChangeCipherSpec (RFC 8446 App. D.4), s_client's only record after its
/// ClientHello that is not protected: its changed version is ignored and the exchange
/// completes.
#[test]
fn serve_ignores_the_record_version_of_openssls_compatibility_ccs() {
    let (_dir, mut server, mut client) = through_proxy(CHANGE_CIPHER_SPEC);
    server.wait_for("hello from openssl s_client", STEP);
    client.wait_for("hello from tls-lab serve", STEP);
    server.assert_success(STEP);
    assert!(
        server.stderr().contains("handshake complete: TLS 1.3"),
        "{}",
        server.stderr()
    );
}

/// s_client's first protected record (its Finished): the header is the additional data, so
/// the changed version makes the tag fail and serve answers bad_record_mac.
#[test]
fn serve_answers_a_changed_version_on_a_protected_record_with_bad_record_mac() {
    let (_dir, mut server, _client) = through_proxy(APPLICATION_DATA);
    let status = server.wait_exit(STEP);
    assert_eq!(status.code(), Some(1), "{}", server.stderr());
    assert!(
        server
            .stderr()
            .contains("tls-lab sent alert bad_record_mac (fatal)"),
        "{}",
        server.stderr()
    );
}
