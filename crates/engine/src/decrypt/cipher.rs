//! A recorded suite's record protection: the AEAD its table entry names, framed as its
//! protocol version frames it. The endpoints only ever make AES-128-GCM ciphers; this enum
//! is the one place the decrypter chooses among the AEADs at run time.

use aes_gcm::{Aes128Gcm, Aes256Gcm};
use chacha20poly1305::ChaCha20Poly1305;

use crate::crypto::record_protection::NONCE_LEN;
use crate::crypto::record_protection::{RecordAead, RecordCipher};
use crate::error::TlsError;
use crate::msgs::enums::{ContentType, ProtocolVersion};
use crate::msgs::suites::Aead;

/// One direction's record protection, for any AEAD a recorded suite names.
pub enum Opener {
    /// AEAD_AES_128_GCM (RFC 5116 §5.1).
    Aes128Gcm(RecordCipher<Aes128Gcm>),
    /// AEAD_AES_256_GCM (RFC 5116 §5.2).
    Aes256Gcm(RecordCipher<Aes256Gcm>),
    /// AEAD_CHACHA20_POLY1305 (RFC 8439 §2.8).
    ChaCha20Poly1305(RecordCipher<ChaCha20Poly1305>),
}

impl Opener {
    /// TLS 1.2: from the key block's write key and implicit IV (GCM's salt, or ChaCha20's
    /// whole IV).
    pub fn tls12(aead: Aead, key: &[u8], iv: &[u8]) -> Result<Opener, TlsError> {
        fn make<A: RecordAead>(
            aead: Aead,
            key: &[u8],
            iv: &[u8],
        ) -> Result<RecordCipher<A>, TlsError> {
            match aead {
                Aead::ChaCha20Poly1305 => RecordCipher::tls12_xor_iv(key, iv),
                Aead::Aes128Gcm | Aead::Aes256Gcm => RecordCipher::tls12(key, iv),
            }
        }
        Ok(match aead {
            Aead::Aes128Gcm => Opener::Aes128Gcm(make(aead, key, iv)?),
            Aead::Aes256Gcm => Opener::Aes256Gcm(make(aead, key, iv)?),
            Aead::ChaCha20Poly1305 => Opener::ChaCha20Poly1305(make(aead, key, iv)?),
        })
    }

    /// TLS 1.3: from a traffic secret's write key and write IV.
    pub fn tls13(aead: Aead, key: &[u8], iv: &[u8]) -> Result<Opener, TlsError> {
        Ok(match aead {
            Aead::Aes128Gcm => Opener::Aes128Gcm(RecordCipher::tls13(key, iv)?),
            Aead::Aes256Gcm => Opener::Aes256Gcm(RecordCipher::tls13(key, iv)?),
            Aead::ChaCha20Poly1305 => Opener::ChaCha20Poly1305(RecordCipher::tls13(key, iv)?),
        })
    }

    /// Opens the next record of this direction: its content type (the inner one in TLS 1.3)
    /// and plaintext.
    pub fn open(
        &mut self,
        outer_type: ContentType,
        fragment: &[u8],
    ) -> Result<(ContentType, Vec<u8>), TlsError> {
        match self {
            Opener::Aes128Gcm(c) => c.open(outer_type, fragment),
            Opener::Aes256Gcm(c) => c.open(outer_type, fragment),
            Opener::ChaCha20Poly1305(c) => c.open(outer_type, fragment),
        }
    }

    /// The framing: TLS 1.2 or TLS 1.3.
    pub fn version(&self) -> ProtocolVersion {
        match self {
            Opener::Aes128Gcm(c) => c.version(),
            Opener::Aes256Gcm(c) => c.version(),
            Opener::ChaCha20Poly1305(c) => c.version(),
        }
    }

    /// The sequence number, nonce and additional data the next record opens with (see
    /// [`RecordCipher::next_sealing`]).
    pub fn next_sealing(
        &self,
        outer_type: ContentType,
        version: ProtocolVersion,
        fragment: &[u8],
    ) -> Option<(u64, [u8; NONCE_LEN], Vec<u8>)> {
        let (seq, sealing) = match self {
            Opener::Aes128Gcm(c) => (c.seq(), c.next_sealing(outer_type, version, fragment)),
            Opener::Aes256Gcm(c) => (c.seq(), c.next_sealing(outer_type, version, fragment)),
            Opener::ChaCha20Poly1305(c) => (c.seq(), c.next_sealing(outer_type, version, fragment)),
        };
        sealing.map(|(nonce, aad)| (seq, nonce, aad))
    }
}
