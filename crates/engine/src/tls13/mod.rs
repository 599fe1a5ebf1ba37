//! TLS 1.3 (RFC 8446), for both roles: the key shares, and the key schedule of §7, where every secret is HKDF-derived from the (EC)DHE
//! shared secret and a hash of the handshake so far, and the content a CertificateVerify
//! signs (§4.4.3). The record protection and the key-exchange primitives live in `crypto/`
//! beside their TLS 1.2 counterparts; the state machines with their role, in `client/tls13.rs`
//! and `server/tls13.rs`.

pub mod certificate_verify;
pub mod key_schedule;
pub mod key_share;
pub mod keys;

use crate::common::Common;
use crate::msgs::suites::{self, Suite};

/// The one suite this engine speaks in TLS 1.3.
pub const SUITE: &Suite = &suites::TLS13_AES_128_GCM_SHA256;

/// The last 8 bytes of ServerHello.random from a TLS 1.3-capable server that negotiates
/// TLS 1.2 (RFC 8446 §4.1.3): "DOWNGRD" and 01.
pub const DOWNGRADE_TLS12: [u8; 8] = [0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01];

/// What both endpoints' checks about 0-RTT data are called: what became of it (RFC 8446
/// §4.2.10).
pub const EARLY_DATA_CHECK: &str = "0-RTT";

/// A peer's middlebox-compatibility ChangeCipherSpec (RFC 8446 §5, App. D.4), already checked
/// to be the single byte 0x01, unprotected, in the window where it may come: dropped, and
/// said so.
pub fn compat_change_cipher_spec_dropped(cx: &mut Common) {
    cx.check(
        "compatibility ChangeCipherSpec",
        true,
        "the byte 0x01, unprotected: dropped (RFC 8446 §5)",
    );
}
