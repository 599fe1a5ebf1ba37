//! TLS 1.3 (RFC 8446): the browser's and the server's states after the hellos, the key
//! shares, and the key schedule of §7, where every secret is HKDF-derived from the (EC)DHE
//! shared secret and a hash of the handshake so far, and the content a CertificateVerify
//! signs (§4.4.3). The record protection and the key-exchange primitives live in `crypto/`
//! beside their TLS 1.2 counterparts.

pub mod certificate_verify;
pub mod client;
pub mod key_schedule;
pub mod key_share;
pub mod keys;
pub mod server;

use crate::common::Common;
use crate::msgs::suites::{self, Suite};

/// The one suite this engine speaks in TLS 1.3.
pub const SUITE: &Suite = &suites::TLS13_AES_128_GCM_SHA256;

/// A peer's middlebox-compatibility ChangeCipherSpec (RFC 8446 §5, App. D.4): dropped
/// unread, and said so.
pub fn compat_change_cipher_spec_dropped(cx: &mut Common) {
    cx.check(
        "compatibility ChangeCipherSpec",
        true,
        "dropped unread: TLS 1.3 has no ChangeCipherSpec; it is sent so that middleboxes \
         which expect TLS 1.2 let the handshake through (RFC 8446 App. D.4)",
    );
}
