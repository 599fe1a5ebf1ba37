//! TLS 1.3 (RFC 8446): the key schedule of §7, where every secret is HKDF-derived from the
//! (EC)DHE shared secret and a hash of the handshake so far, and the content a
//! CertificateVerify signs (§4.4.3). The record protection and key shares these need live in
//! `crypto/` beside their TLS 1.2 counterparts.

pub mod certificate_verify;
pub mod key_schedule;
