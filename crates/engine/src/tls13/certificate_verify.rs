//! What a TLS 1.3 CertificateVerify signs (RFC 8446 §4.4.3):
//!
//! ```text
//! 64 bytes of 0x20 ‖ context string ‖ 0x00 ‖ Transcript-Hash(Handshake Context, Certificate)
//! ```
//!
//! The 64 spaces defeat a chosen-prefix attack on a TLS 1.2 ServerKeyExchange signature,
//! whose signed content starts with 32 bytes of random; the context string keeps a client's
//! signature from being replayed as a server's.

use crate::crypto::hkdf::{HASH_LEN, HashValue};

/// The signed content's first 64 bytes.
const PADDING: [u8; 64] = [0x20; 64];

/// Which side signs: each has its own context string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signer {
    /// The server, proving it holds its certificate's private key.
    Server,
    /// The client, when the server asked for its certificate (RFC 8446 §4.3.2).
    Client,
}

impl Signer {
    /// `TLS 1.3, server CertificateVerify` or `TLS 1.3, client CertificateVerify`.
    pub fn context_string(self) -> &'static [u8] {
        match self {
            Signer::Server => b"TLS 1.3, server CertificateVerify",
            Signer::Client => b"TLS 1.3, client CertificateVerify",
        }
    }
}

/// The bytes `signer` signs, given Transcript-Hash(ClientHello…Certificate).
pub fn signed_content(signer: Signer, transcript_hash: &HashValue) -> Vec<u8> {
    let context = signer.context_string();
    let mut out = Vec::with_capacity(PADDING.len() + context.len() + 1 + HASH_LEN);
    out.extend_from_slice(&PADDING);
    out.extend_from_slice(context);
    out.push(0x00);
    out.extend_from_slice(transcript_hash);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_spaces_context_zero_hash() {
        let hash = [0xAB; HASH_LEN];
        let c = signed_content(Signer::Server, &hash);
        assert_eq!(c.len(), 64 + 33 + 1 + 32);
        assert!(c[..64].iter().all(|&b| b == 0x20));
        assert_eq!(&c[64..97], b"TLS 1.3, server CertificateVerify");
        assert_eq!(c[97], 0);
        assert_eq!(&c[98..], hash);
        let client = signed_content(Signer::Client, &hash);
        assert_eq!(&client[64..97], b"TLS 1.3, client CertificateVerify");
    }
}
