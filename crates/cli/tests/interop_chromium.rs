//! A real browser against `tls-lab serve`: headless Chromium, which offers the hybrid
//! post-quantum group X25519MLKEM768 first, fetches a page over TLS 1.3 from 127.0.0.1. It
//! trusts exactly our leaf certificate (by the SHA-256 of its SubjectPublicKeyInfo), not
//! every certificate.

mod common;

use std::time::Duration;

use common::{Proc, Scratch, chromium, leaf_spki_sha256_base64, require, serve};

const REPLY: &str = "hello from tls-lab serve to Chromium";

/// RFC 8446 + draft-ietf-tls-ecdhe-mlkem: Chromium's ClientHello carries X25519MLKEM768 and
/// X25519 shares; serve (taking only TLS 1.3) picks the hybrid, and the page body Chromium
/// renders is serve's HTTP answer.
#[test]
fn chromium_fetches_a_page_over_x25519mlkem768() {
    let (server, dom) = chromium_fetch(&["--suite", "tls13"]);
    let err = server.stderr();
    assert!(
        err.contains("handshake complete: TLS 1.3, TLS_AES_128_GCM_SHA256 (0x1301), key exchange X25519MLKEM768"),
        "{err}"
    );
    assert!(err.contains("received an HTTP request"), "{err}");
    assert!(dom.contains(REPLY), "{dom}");
}

/// serve taking X25519 only: Chromium's X25519 share is used at once, still TLS 1.3.
#[test]
fn chromium_fetches_a_page_over_x25519() {
    let (server, dom) = chromium_fetch(&["--suite", "tls13", "--group", "x25519"]);
    let err = server.stderr();
    assert!(
        err.contains(
            "handshake complete: TLS 1.3, TLS_AES_128_GCM_SHA256 (0x1301), key exchange x25519"
        ),
        "{err}"
    );
    assert!(dom.contains(REPLY), "{dom}");
}

/// The pin is what makes Chromium trust our leaf: with another key's pin it refuses the
/// certificate (certificate_unknown, as BoringSSL names a rejected chain) and shows no page.
#[test]
fn chromium_refuses_the_leaf_without_its_pin() {
    require("chromium", "--version");
    let dir = Scratch::new("chromium-unpinned");
    let (mut server, port) = serve(&dir, &["--suite", "tls13", "--reply", REPLY]);
    let other_key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    let dom = chromium(&dir, port, other_key, None);
    assert!(!dom.contains(REPLY), "{dom}");
    server.wait_for(
        "handshake failed: the client sent alert certificate_unknown (fatal)",
        Duration::from_secs(5),
    );
}

/// Starts serve with `args`, has headless Chromium load its page, and returns serve (once
/// that connection closed) and the DOM Chromium printed.
fn chromium_fetch(args: &[&str]) -> (Proc, String) {
    require("chromium", "--version");
    let dir = Scratch::new("chromium");
    let mut serve_args = vec!["--reply", REPLY];
    serve_args.extend_from_slice(args);
    let (mut server, port) = serve(&dir, &serve_args);
    let pin = leaf_spki_sha256_base64(&dir.path("chain.pem"));
    let dom = chromium(&dir, port, &pin, None);
    // serve runs until interrupted: wait for the connection that answered to close.
    server.wait_for("closed with close_notify", Duration::from_secs(5));
    (server, dom)
}
