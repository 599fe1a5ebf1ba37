//! Issue 9's conformance defects, each reproduced by an independent peer: tlslite-ng (a TLS
//! stack in pure Python) builds the messages and `tests/peers/tls12_peer.py` sends them,
//! fragmented, oversized or malformed as each RFC case needs, to `tls-lab serve` (or answers
//! `tls-lab connect`) on 127.0.0.1. The peer checks tls-lab's answer on the wire (the alert's
//! level and description, or a complete handshake with both Finished verified and data both
//! ways) and exits 0 only if it is the RFC's; tls-lab's own status line is checked here too.
//! Every wait is bounded: the peer's socket timeouts, tls-lab's --timeout, `wait_exit`.

mod common;

use std::process::ExitStatus;
use std::time::Duration;

use common::{Proc, Scratch, serve, tls_lab, tlslite_peer};

/// The longest a scenario may take (the 131,396-byte ClientHello in pure Python is the slowest).
const STEP: Duration = Duration::from_secs(60);

/// The scripted TLS 1.2 clients offer RSA key exchange only, which serve takes only when
/// asked (its default is TLS 1.3 with a TLS 1.2 ECDHE fallback).
const RSA: [&str; 2] = ["--suite", "rsa"];

/// Runs one client scenario against `serve --once --suite rsa` and returns serve's exit
/// status and stderr, after the scripted peer confirmed the RFC's behaviour on the wire.
fn against_serve(scenario: &str, serve_flags: &[&str]) -> (ExitStatus, String) {
    let dir = Scratch::new(scenario);
    let flags = [&["--once"][..], &RSA, serve_flags].concat();
    let (mut server, port) = serve(&dir, &flags);
    let mut peer = tlslite_peer(&["client", scenario, &port.to_string()]);
    expect_peer_ok(&mut peer, &server);
    let status = server.wait_exit(STEP);
    (status, server.stderr())
}

fn expect_peer_ok(peer: &mut Proc, server: &Proc) {
    let status = peer.wait_exit(STEP);
    assert!(
        status.success(),
        "the tlslite-ng peer saw tls-lab deviate from the RFC\n{}\n{}",
        peer.report(),
        server.report()
    );
}

/// The handshake and an exchange completed, and serve exited 0.
fn completed(scenario: &str) -> String {
    let (status, err) = against_serve(scenario, &[]);
    assert!(status.success(), "{scenario}: {err}");
    assert!(err.contains("handshake complete"), "{scenario}: {err}");
    err
}

/// serve refused with this alert and exited 1.
fn refused(scenario: &str, serve_flags: &[&str], alert: &str) -> String {
    let (status, err) = against_serve(scenario, serve_flags);
    assert_eq!(status.code(), Some(1), "{scenario}: {err}");
    assert!(
        err.contains(&format!("tls-lab sent alert {alert} (fatal)")),
        "{scenario}: {err}"
    );
    err
}

/// Defect 1. RFC 5246 §6.2.1: a handshake message may span records; Appendix E.1: before
/// the version is agreed a server accepts any {03,XX} record version (OpenSSL writes 0x0301
/// on ClientHello records). A 20-byte first fragment, and one-byte fragments.
#[test]
fn fragmented_client_hello_in_tls10_records_completes() {
    completed("fragmented-20");
    completed("fragmented-1");
}

/// Defect 2. The largest ClientHello the grammar allows (131,396 bytes: 32,767 suites, 255
/// compression methods, 64 KiB of extensions), over 9 records, completes the handshake.
#[test]
fn largest_legal_client_hello_completes() {
    completed("large-hello");
}

/// Defect 2, the bound: one byte more is refused from the handshake header alone (the peer
/// sends only the first record), so reassembly memory stays bounded.
#[test]
fn client_hello_past_the_cap_is_refused_from_its_header() {
    let err = refused("hello-over-cap", &[], "decode_error");
    assert!(err.contains("131397"), "{err}");
}

/// Defect 3. RFC 5246 §7.4.7.1: the pre-master secret starts with ClientHello.client_version,
/// which may be higher than the TLS 1.2 negotiated (0x0304, 0x0401), with RSA key exchange.
#[test]
fn rsa_pre_master_secret_with_a_higher_client_version_completes() {
    completed("client-version-0304");
    completed("client-version-0401");
}

/// Defect 3, the countermeasure kept: a pre-master secret whose version is not
/// client_version is not reported at ClientKeyExchange; a random one is used and the
/// handshake fails only at Finished (bad_record_mac: the keys differ).
#[test]
fn rsa_pre_master_version_mismatch_still_fails_only_at_finished() {
    refused("pms-version-mismatch", &[], "bad_record_mac");
}

/// Defect 5. RFC 5246 §7.2.2, RFC 5746 §4.4: a ClientHello after the handshake is declined
/// with a warning no_renegotiation, and application data still crosses afterwards.
#[test]
fn renegotiation_is_declined_with_a_warning_and_the_connection_goes_on() {
    let err = completed("renegotiate");
    assert!(err.contains("closed with close_notify"), "{err}");
}

/// Defect 5. The state is checked before the body is parsed: a Finished with a 32-byte body
/// before ChangeCipherSpec, and a 2-byte ChangeCipherSpec instead of ClientKeyExchange, are
/// unexpected_message (not decode_error).
#[test]
fn a_message_of_the_wrong_type_is_unexpected_message_before_its_body_is_parsed() {
    let err = refused("finished-before-ccs", &[], "unexpected_message");
    assert!(err.contains("ExpectChangeCipherSpec"), "{err}");
    let err = refused("ccs-two-bytes", &[], "unexpected_message");
    assert!(err.contains("ExpectClientKeyExchange"), "{err}");
}

/// Defect 5. `supported_signature_algorithms<2..2^16-2>`: an empty list is decode_error.
#[test]
fn empty_signature_algorithms_is_decode_error() {
    refused("empty-signature-algorithms", &[], "decode_error");
}

/// Defect 5. RFC 5246 §7.2: one warning alert during the handshake is recorded and the
/// handshake goes on.
#[test]
fn one_warning_alert_during_the_handshake_is_tolerated() {
    let err = completed("one-warning");
    assert!(
        err.contains("the client sent a warning alert unrecognized_name; carrying on"),
        "{err}"
    );
}

/// Defect 5. CVE-2016-8610: a flood of warning alerts ends in a fatal unexpected_message.
#[test]
fn a_flood_of_warning_alerts_is_fatal() {
    let err = refused("warning-flood", &[], "unexpected_message");
    assert!(err.contains("CVE-2016-8610"), "{err}");
}

/// Defect 5. An SSL 2.0 record (high bit set in the first byte) is refused at once: a full
/// SSLv2 CLIENT-HELLO built by tlslite-ng, and the bare `80 03 01 03 03` that reads as a
/// 771-byte TLS 1.0 record. serve's idle timer is 10 s; the peer requires the alert within 2.
#[test]
fn sslv2_records_are_refused_at_once() {
    for scenario in ["sslv2-hello", "sslv2-version-only"] {
        let err = refused(scenario, &["--timeout", "10"], "unexpected_message");
        assert!(err.contains("SSL 2.0"), "{err}");
    }
}

/// Defect 5. A ClientHello whose msg_type is fuzzed to each other handshake type is
/// unexpected_message. One serve, kept accepting (no --once), takes the ten connections.
#[test]
fn client_hello_fuzzed_to_another_handshake_type_is_unexpected_message() {
    let dir = Scratch::new("type-fuzzed");
    let (mut server, port) = serve(&dir, &RSA);
    let mut peer = tlslite_peer(&["client", "hello-type-fuzzed", &port.to_string()]);
    expect_peer_ok(&mut peer, &server);
    server.wait_for("#10 handshake failed", STEP);
    let err = server.stderr();
    assert_eq!(
        err.matches("tls-lab sent alert unexpected_message (fatal)")
            .count(),
        10,
        "{err}"
    );
}

/// Defect 6. A server that answers the ClientHello with a fatal alert in an SSL 3.0 record
/// (before any version is agreed): connect reports that alert, not a protocol_version of
/// its own.
#[test]
fn connect_reports_the_alert_a_server_sends_in_an_ssl3_record() {
    let err = connect_fails_against("alert-in-ssl3-record");
    assert!(
        err.contains("the server sent alert handshake_failure (fatal)"),
        "{err}"
    );
    assert!(!err.contains("protocol_version"), "{err}");
}

/// `connect`, offering what it offers by default, to a scripted tlslite-ng server: it must
/// exit with 1 and the peer's own checks must pass; returns connect's stderr.
fn connect_fails_against(scenario: &str) -> String {
    let dir = Scratch::new(scenario);
    let (ca, _, _) = dir.teaching_pki(engine::pki::CertKind::Valid);
    let (mut server, port) = tlslite_server(scenario);
    let mut client = Proc::spawn(
        "tls-lab connect",
        tls_lab()
            .args(["connect", &format!("127.0.0.1:{port}"), "--server-name"])
            .args(["server.test", "--timeout", "5", "--ca"])
            .arg(&ca),
    );
    let status = client.wait_exit(STEP);
    let err = client.stderr();
    assert_eq!(status.code(), Some(1), "{err}");
    expect_peer_ok(&mut server, &client);
    err
}

/// A scripted tlslite-ng server and the port it listens on.
fn tlslite_server(scenario: &str) -> (Proc, u16) {
    let mut server = tlslite_peer(&["server", scenario]);
    server.wait_for("listening on ", STEP);
    let out = server.stdout();
    let port = out
        .lines()
        .find_map(|l| l.strip_prefix("listening on "))
        .and_then(|p| p.trim().parse::<u16>().ok())
        .unwrap_or_else(|| panic!("no port in {out:?}"));
    (server, port)
}

/// RFC 8446 §4.1.3, witnessed by tlslite-ng: a TLS 1.2 ServerHello whose random ends in
/// DOWNGRD 01 answers a ClientHello that offered TLS 1.3, so TLS 1.3 was removed on the
/// way: `connect` (offering TLS 1.3 by default) aborts with illegal_parameter.
#[test]
fn connect_refuses_a_server_hello_with_the_downgrade_sentinel() {
    let err = connect_fails_against("downgrade-sentinel");
    assert!(err.contains("DOWNGRD"), "{err}");
}

/// Defect 7. A client that sent 10 bytes and stalls is "stalled after 10 bytes" when the
/// idle timer (--timeout) runs out, not "sent nothing".
#[test]
fn a_stalling_client_is_reported_as_stalled_after_its_bytes() {
    let (status, err) = against_serve("trickle-stall", &["--timeout", "1"]);
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        err.contains("the client stalled after 10 bytes: nothing more for 1 s while we waited for ClientHello"),
        "{err}"
    );
}

/// Defect 7. A client that trickles a byte every 0.25 s never trips the 1 s idle timer; the
/// overall handshake deadline (--deadline 2) ends it.
#[test]
fn a_trickling_client_meets_the_overall_handshake_deadline() {
    let (status, err) = against_serve("trickle-slow", &["--timeout", "1", "--deadline", "2"]);
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        err.contains("handshake failed: not complete within the 2 s deadline"),
        "{err}"
    );
}
