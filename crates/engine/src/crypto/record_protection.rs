//! AES-128-GCM record protection for TLS 1.2 (RFC 5246 §6.2.3.3, RFC 5288 §3):
//! ```text
//! struct { opaque salt[4]; opaque nonce_explicit[8]; } GCMNonce;
//! additional_data = seq_num + TLSCompressed.type + TLSCompressed.version + TLSCompressed.length;
//! GenericAEADCipher = nonce_explicit ‖ aead-ciphered content (ciphertext ‖ 16-byte tag)
//! ```
//! Like most implementations, the explicit nonce is the record's sequence number.

use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce, Tag};

use crate::error::TlsError;
use crate::msgs::enums::{AlertDescription, ContentType, ProtocolVersion};
use crate::msgs::record::MAX_PLAINTEXT;

pub const EXPLICIT_NONCE_LEN: usize = 8;
pub const TAG_LEN: usize = 16;

/// Everything about one sealed record, for the transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    pub seq: u64,
    pub nonce: [u8; 12],
    pub aad: [u8; 13],
    /// explicit nonce ‖ ciphertext ‖ tag: the record's fragment.
    pub fragment: Vec<u8>,
}

/// One direction's AES-GCM state: key, salt and sequence number.
pub struct RecordCipher {
    aead: Aes128Gcm,
    salt: [u8; 4],
    seq: u64,
}

impl RecordCipher {
    pub fn new(key: &[u8], salt: &[u8]) -> Result<RecordCipher, TlsError> {
        let aead = Aes128Gcm::new_from_slice(key).map_err(|_| {
            TlsError::new(
                AlertDescription::InternalError,
                "AES-128 key must be 16 bytes",
            )
        })?;
        let salt: [u8; 4] = salt.try_into().map_err(|_| {
            TlsError::new(AlertDescription::InternalError, "GCM salt must be 4 bytes")
        })?;
        Ok(RecordCipher { aead, salt, seq: 0 })
    }

    pub fn seq(&self) -> u64 {
        self.seq
    }

    fn nonce(&self, explicit: &[u8]) -> [u8; 12] {
        let mut n = [0u8; 12];
        n[..4].copy_from_slice(&self.salt);
        n[4..].copy_from_slice(explicit);
        n
    }

    /// Encrypts `plaintext` as the fragment of a record of type `typ`.
    pub fn seal(&mut self, typ: ContentType, plaintext: &[u8]) -> Result<Sealed, TlsError> {
        let seq = self.next_seq()?;
        let explicit = seq.to_be_bytes();
        let nonce = self.nonce(&explicit);
        let aad = aad(seq, typ, plaintext.len());
        let mut body = plaintext.to_vec();
        let tag = self
            .aead
            .encrypt_inout_detached(&Nonce::from(nonce), &aad, body.as_mut_slice().into())
            .map_err(|_| {
                TlsError::new(
                    AlertDescription::InternalError,
                    "AES-GCM refused to encrypt",
                )
            })?;
        let mut fragment = Vec::with_capacity(EXPLICIT_NONCE_LEN + body.len() + TAG_LEN);
        fragment.extend_from_slice(&explicit);
        fragment.extend_from_slice(&body);
        fragment.extend_from_slice(&tag);
        Ok(Sealed {
            seq,
            nonce,
            aad,
            fragment,
        })
    }

    /// Decrypts and authenticates a record's fragment. Any failure is bad_record_mac
    /// (RFC 5246 §7.2.2), whatever its cause, so an attacker learns nothing more.
    pub fn open(&mut self, typ: ContentType, fragment: &[u8]) -> Result<Vec<u8>, TlsError> {
        if fragment.len() < EXPLICIT_NONCE_LEN + TAG_LEN {
            return Err(TlsError::new(
                AlertDescription::BadRecordMac,
                "encrypted record too short for nonce and tag",
            ));
        }
        let (explicit, rest) = fragment.split_at(EXPLICIT_NONCE_LEN);
        let (ct, tag) = rest.split_at(rest.len() - TAG_LEN);
        if ct.len() > MAX_PLAINTEXT + 1024 {
            return Err(TlsError::new(
                AlertDescription::RecordOverflow,
                "decrypted record would exceed 2^14 + 1024 bytes",
            ));
        }
        let seq = self.next_seq()?;
        let nonce = self.nonce(explicit);
        let aad = aad(seq, typ, ct.len());
        let tag = Tag::try_from(tag).map_err(|_| {
            TlsError::new(AlertDescription::BadRecordMac, "GCM tag must be 16 bytes")
        })?;
        let mut body = ct.to_vec();
        self.aead
            .decrypt_inout_detached(&Nonce::from(nonce), &aad, body.as_mut_slice().into(), &tag)
            .map_err(|_| {
                TlsError::new(
                    AlertDescription::BadRecordMac,
                    // The endpoint cannot tell which: a changed, replayed or reordered record, or
                    // a sender whose keys differ from ours (an altered handshake).
                    format!("AES-GCM tag check failed for record seq {seq}: the record was changed, replayed or reordered, or the sender's keys differ from this side's"),
                )
            })?;
        if body.len() > MAX_PLAINTEXT {
            return Err(TlsError::new(
                AlertDescription::RecordOverflow,
                "plaintext exceeds 2^14 bytes",
            ));
        }
        Ok(body)
    }

    fn next_seq(&mut self) -> Result<u64, TlsError> {
        let seq = self.seq;
        // RFC 5246 §6.1: sequence numbers must not wrap; renegotiate or close instead.
        self.seq = seq.checked_add(1).ok_or_else(|| {
            TlsError::new(AlertDescription::InternalError, "sequence number exhausted")
        })?;
        Ok(seq)
    }
}

/// `seq_num ‖ type ‖ version ‖ length` (13 bytes).
pub fn aad(seq: u64, typ: ContentType, len: usize) -> [u8; 13] {
    let mut a = [0u8; 13];
    a[..8].copy_from_slice(&seq.to_be_bytes());
    a[8] = typ.to_wire();
    a[9..11].copy_from_slice(&ProtocolVersion::Tls12.to_wire().to_be_bytes());
    a[11..13].copy_from_slice(&(len as u16).to_be_bytes());
    a
}
