//! AEAD record protection, as TLS 1.2 and TLS 1.3 each frame it. One [`RecordCipher`]
//! serves both: it knows its version from how it was made. The endpoints use AES-128-GCM
//! (the default type parameter); the decrypter also opens AES-256-GCM and ChaCha20-Poly1305
//! records, whose TLS 1.2 framing has no explicit nonce (RFC 7905 §2: the nonce is the
//! 12-byte IV XOR the sequence number, as in TLS 1.3).
//!
//! TLS 1.2 (RFC 5246 §6.2.3.3, RFC 5288 §3):
//! ```text
//! struct { opaque salt[4]; opaque nonce_explicit[8]; } GCMNonce;
//! additional_data = seq_num + TLSCompressed.type + TLSCompressed.version + TLSCompressed.length;
//! GenericAEADCipher = nonce_explicit ‖ aead-ciphered content (ciphertext ‖ 16-byte tag)
//! ```
//! Like most implementations, the explicit nonce is the record's sequence number.
//!
//! TLS 1.3 (RFC 8446 §5.2–5.4):
//! ```text
//! struct { opaque content[TLSPlaintext.length]; ContentType type; uint8 zeros[length_of_padding]; } TLSInnerPlaintext;
//! struct { ContentType opaque_type = application_data; ProtocolVersion legacy_record_version = 0x0303;
//!          uint16 length; opaque encrypted_record[TLSCiphertext.length]; } TLSCiphertext;
//! nonce = write_iv XOR (64-bit sequence number, left-padded with zeros to 12 bytes)
//! additional_data = TLSCiphertext.opaque_type || .legacy_record_version || .length
//! ```
//! The real content type travels encrypted; this side sends no padding.

use aes_gcm::aead::array::typenum::{U12, U16};
use aes_gcm::aead::{AeadCore, AeadInOut, KeyInit, Nonce, Tag};
use aes_gcm::{Aes128Gcm, Aes256Gcm};
use chacha20poly1305::ChaCha20Poly1305;

use crate::error::TlsError;
use crate::msgs::enums::{AlertDescription, ContentType, ProtocolVersion};
use crate::msgs::record::MAX_PLAINTEXT;

/// TLS 1.2 AES-GCM's `nonce_explicit`, sent in front of each record's ciphertext (RFC 5288 §3).
pub const EXPLICIT_NONCE_LEN: usize = 8;
/// The authentication tag of every record AEAD here (AES-GCM, ChaCha20-Poly1305).
pub const TAG_LEN: usize = 16;
/// AES-GCM's nonce: TLS 1.2's salt ‖ explicit nonce, TLS 1.3's per-record nonce.
pub const NONCE_LEN: usize = 12;
/// TLS 1.2's implicit part of the nonce (`client_write_IV`/`server_write_IV`).
pub const SALT_LEN: usize = 4;
/// TLS 1.2's additional data: `seq_num ‖ type ‖ version ‖ length`.
pub const TLS12_AAD_LEN: usize = 13;
/// TLS 1.3's additional data: the record header.
pub const TLS13_AAD_LEN: usize = 5;
/// RFC 8446 §5.2: `TLSCiphertext.length` MUST NOT exceed 2^14 + 256.
pub const MAX_TLS13_CIPHERTEXT: usize = MAX_PLAINTEXT + 256;
/// RFC 8446 §5.4: the whole TLSInnerPlaintext (content, type, padding) MUST NOT exceed
/// 2^14 + 1 bytes.
pub const MAX_TLS13_INNER_PLAINTEXT: usize = MAX_PLAINTEXT + 1;

/// An AEAD that protects TLS records: a 12-byte nonce and a 16-byte tag (RFC 5116 §5, RFC
/// 8439 §2.8), with the name its errors give.
pub trait RecordAead:
    AeadInOut + AeadCore<NonceSize = U12, TagSize = U16> + KeyInit + Clone
{
    /// The algorithm's name in error reasons.
    const NAME: &'static str;
}

impl RecordAead for Aes128Gcm {
    const NAME: &'static str = "AES-GCM";
}

impl RecordAead for Aes256Gcm {
    const NAME: &'static str = "AES-GCM";
}

impl RecordAead for ChaCha20Poly1305 {
    const NAME: &'static str = "ChaCha20-Poly1305";
}

/// Everything about one sealed record, for the transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    /// Which framing sealed it: TLS 1.2 or TLS 1.3.
    pub version: ProtocolVersion,
    /// The sequence number it was sealed under (RFC 5246 §6.1, RFC 8446 §5.3); never sent,
    /// it enters the AAD (TLS 1.2) or the nonce.
    pub seq: u64,
    /// The AEAD nonce: salt ‖ explicit nonce for TLS 1.2 AES-GCM, else the write IV XOR the
    /// padded sequence number (RFC 8446 §5.3, RFC 7905 §2).
    pub nonce: [u8; NONCE_LEN],
    /// 13 bytes in TLS 1.2, the 5-byte record header in TLS 1.3.
    pub aad: Vec<u8>,
    /// The record header's type: the content's own in TLS 1.2, always application_data in
    /// TLS 1.3 (§5.2), so an eavesdropper cannot tell handshake from data.
    pub outer_type: ContentType,
    /// What the record carries (TLSInnerPlaintext.type in TLS 1.3).
    pub inner_type: ContentType,
    /// The record's fragment: explicit nonce ‖ ciphertext ‖ tag in TLS 1.2 with AES-GCM,
    /// ciphertext ‖ tag otherwise (`encrypted_record` in TLS 1.3).
    pub fragment: Vec<u8>,
    /// How many of the fragment's first bytes are the explicit nonce: 8 or 0.
    explicit_nonce_len: usize,
}

impl Sealed {
    /// TLS 1.2's explicit nonce as sent; empty in TLS 1.3, whose nonce is never sent.
    pub fn explicit_nonce(&self) -> &[u8] {
        &self.fragment[..self.explicit_nonce_len.min(self.fragment.len())]
    }

    /// The encrypted bytes without nonce and tag.
    pub fn ciphertext(&self) -> &[u8] {
        let end = self.fragment.len().saturating_sub(TAG_LEN);
        &self.fragment[self.explicit_nonce_len.min(end)..end]
    }

    /// The AEAD authentication tag: the fragment's last 16 bytes.
    pub fn tag(&self) -> &[u8] {
        &self.fragment[self.fragment.len().saturating_sub(TAG_LEN)..]
    }
}

/// One direction's AEAD state: key, IV and sequence number.
#[derive(Clone)]
pub struct RecordCipher<A = Aes128Gcm> {
    aead: A,
    iv: WriteIv,
    seq: u64,
}

/// The implicit part of the nonce, which decides the framing.
#[derive(Clone)]
enum WriteIv {
    Tls12(Tls12Nonce),
    /// TLS 1.3: a 12-byte IV, XORed with the sequence number.
    Tls13([u8; NONCE_LEN]),
}

impl<A: RecordAead> RecordCipher<A> {
    /// TLS 1.2 protection from a key-block split: `*_write_key` and `*_write_IV` (the salt).
    pub fn tls12(key: &[u8], salt: &[u8]) -> Result<RecordCipher<A>, TlsError> {
        let salt = salt.try_into().map_err(|_| {
            TlsError::new(AlertDescription::InternalError, "GCM salt must be 4 bytes")
        })?;
        RecordCipher::with_iv(key, WriteIv::Tls12(Tls12Nonce::Salt(salt)))
    }

    /// TLS 1.2 protection whose 12-byte `*_write_IV` is XORed with the sequence number
    /// (ChaCha20-Poly1305, RFC 7905 §2).
    pub fn tls12_xor_iv(key: &[u8], iv: &[u8]) -> Result<RecordCipher<A>, TlsError> {
        let iv = iv.try_into().map_err(|_| {
            TlsError::new(
                AlertDescription::InternalError,
                "a ChaCha20-Poly1305 write IV must be 12 bytes",
            )
        })?;
        RecordCipher::with_iv(key, WriteIv::Tls12(Tls12Nonce::Xor(iv)))
    }

    /// TLS 1.3 protection from a traffic secret's `[sender]_write_key` and `[sender]_write_iv`.
    pub fn tls13(key: &[u8], iv: &[u8]) -> Result<RecordCipher<A>, TlsError> {
        let iv = iv.try_into().map_err(|_| {
            TlsError::new(
                AlertDescription::InternalError,
                "TLS 1.3 write IV must be 12 bytes",
            )
        })?;
        RecordCipher::with_iv(key, WriteIv::Tls13(iv))
    }

    fn with_iv(key: &[u8], iv: WriteIv) -> Result<RecordCipher<A>, TlsError> {
        let aead = A::new_from_slice(key).map_err(|_| {
            TlsError::new(
                AlertDescription::InternalError,
                "the record key's length does not fit its AEAD",
            )
        })?;
        Ok(RecordCipher { aead, iv, seq: 0 })
    }

    /// The framing this cipher uses: `Tls12` or `Tls13`.
    pub fn version(&self) -> ProtocolVersion {
        match self.iv {
            WriteIv::Tls12(_) => ProtocolVersion::Tls12,
            WriteIv::Tls13(_) => ProtocolVersion::Tls13,
        }
    }

    /// The sequence number the next record will be sealed or opened under.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// The nonce and additional data the next record of this direction opens with, given its
    /// header's type and version and its fragment: what the inspector shows of a recorded
    /// record. `None` when the fragment cannot hold a nonce and tag.
    pub fn next_sealing(
        &self,
        outer_type: ContentType,
        version: ProtocolVersion,
        fragment: &[u8],
    ) -> Option<([u8; NONCE_LEN], Vec<u8>)> {
        self.iv.sealing(self.seq, outer_type, version, fragment)
    }

    /// Encrypts `plaintext` of type `typ` as one record's fragment.
    pub fn seal(&mut self, typ: ContentType, plaintext: &[u8]) -> Result<Sealed, TlsError> {
        match self.iv {
            WriteIv::Tls12(iv) => self.seal_tls12(iv, typ, plaintext),
            WriteIv::Tls13(iv) => self.seal_tls13(iv, typ, plaintext),
        }
    }

    /// Decrypts and authenticates a record's fragment; `outer_type` is its header's type.
    /// Returns the type of what it carries (the same in TLS 1.2, the inner one in TLS 1.3)
    /// and the content. A failed tag is bad_record_mac (RFC 5246 §7.2.2, RFC 8446 §5.2),
    /// whatever its cause, so an attacker learns nothing more.
    ///
    /// TLS 1.3 callers drop a peer's unprotected change_cipher_spec before this (RFC 8446
    /// §5): here every other outer type is unexpected_message.
    pub fn open(
        &mut self,
        outer_type: ContentType,
        fragment: &[u8],
    ) -> Result<(ContentType, Vec<u8>), TlsError> {
        self.open_received(outer_type, ProtocolVersion::Tls12, fragment)
    }

    /// [`open`](Self::open) for a record as received: in TLS 1.3 the header's own
    /// `legacy_record_version` goes into the additional data (RFC 8446 §5.2), so a record
    /// whose version was changed on the way fails its tag, although the field is otherwise
    /// ignored (§5.1). (TLS 1.2's record layer has already refused any version but 03 03.)
    pub fn open_received(
        &mut self,
        outer_type: ContentType,
        version: ProtocolVersion,
        fragment: &[u8],
    ) -> Result<(ContentType, Vec<u8>), TlsError> {
        match self.iv {
            WriteIv::Tls12(iv) => self
                .open_tls12(iv, outer_type, fragment)
                .map(|body| (outer_type, body)),
            WriteIv::Tls13(iv) => self.open_tls13(iv, outer_type, version, fragment),
        }
    }

    fn seal_tls12(
        &mut self,
        iv: Tls12Nonce,
        typ: ContentType,
        plaintext: &[u8],
    ) -> Result<Sealed, TlsError> {
        let seq = self.next_seq()?;
        let seq_bytes = seq.to_be_bytes();
        // Like most implementations, AES-GCM's explicit nonce is the sequence number.
        let (nonce, explicit) = match iv {
            Tls12Nonce::Salt(salt) => (tls12_nonce(salt, &seq_bytes), &seq_bytes[..]),
            Tls12Nonce::Xor(iv) => (tls13_nonce(iv, seq), &[][..]),
        };
        let aad = aad(seq, typ, plaintext.len());
        let mut body = plaintext.to_vec();
        let tag = self.encrypt(nonce, &aad, &mut body)?;
        let mut fragment = Vec::with_capacity(explicit.len() + body.len() + TAG_LEN);
        fragment.extend_from_slice(explicit);
        fragment.extend_from_slice(&body);
        fragment.extend_from_slice(&tag);
        Ok(Sealed {
            version: ProtocolVersion::Tls12,
            seq,
            nonce,
            aad: aad.to_vec(),
            outer_type: typ,
            inner_type: typ,
            explicit_nonce_len: explicit.len(),
            fragment,
        })
    }

    fn open_tls12(
        &mut self,
        iv: Tls12Nonce,
        typ: ContentType,
        fragment: &[u8],
    ) -> Result<Vec<u8>, TlsError> {
        let explicit_len = match iv {
            Tls12Nonce::Salt(_) => EXPLICIT_NONCE_LEN,
            Tls12Nonce::Xor(_) => 0,
        };
        if fragment.len() < explicit_len + TAG_LEN {
            return Err(TlsError::new(
                AlertDescription::BadRecordMac,
                "encrypted record too short for nonce and tag",
            ));
        }
        let (explicit, rest) = fragment.split_at(explicit_len);
        let (ct, tag) = rest.split_at(rest.len() - TAG_LEN);
        if ct.len() > MAX_PLAINTEXT + 1024 {
            return Err(TlsError::new(
                AlertDescription::RecordOverflow,
                "decrypted record would exceed 2^14 + 1024 bytes",
            ));
        }
        let seq = self.next_seq()?;
        let nonce = match iv {
            Tls12Nonce::Salt(salt) => tls12_nonce(salt, explicit),
            Tls12Nonce::Xor(iv) => tls13_nonce(iv, seq),
        };
        let aad = aad(seq, typ, ct.len());
        let body = self.decrypt(seq, nonce, &aad, ct, tag)?;
        if body.len() > MAX_PLAINTEXT {
            return Err(TlsError::new(
                AlertDescription::RecordOverflow,
                "plaintext exceeds 2^14 bytes",
            ));
        }
        Ok(body)
    }

    fn seal_tls13(
        &mut self,
        iv: [u8; NONCE_LEN],
        typ: ContentType,
        content: &[u8],
    ) -> Result<Sealed, TlsError> {
        if content.len() > MAX_PLAINTEXT {
            return Err(TlsError::new(
                AlertDescription::InternalError,
                "a record's content may not exceed 2^14 bytes (RFC 8446 §5.1)",
            ));
        }
        let seq = self.next_seq()?;
        let nonce = tls13_nonce(iv, seq);
        // TLSInnerPlaintext = content ‖ type, no padding.
        let mut body = Vec::with_capacity(content.len() + 1 + TAG_LEN);
        body.extend_from_slice(content);
        body.push(typ.to_wire());
        let aad = tls13_aad(body.len() + TAG_LEN);
        let tag = self.encrypt(nonce, &aad, &mut body)?;
        body.extend_from_slice(&tag);
        Ok(Sealed {
            version: ProtocolVersion::Tls13,
            seq,
            nonce,
            aad: aad.to_vec(),
            outer_type: ContentType::ApplicationData,
            inner_type: typ,
            fragment: body,
            explicit_nonce_len: 0,
        })
    }

    fn open_tls13(
        &mut self,
        iv: [u8; NONCE_LEN],
        outer_type: ContentType,
        version: ProtocolVersion,
        fragment: &[u8],
    ) -> Result<(ContentType, Vec<u8>), TlsError> {
        if outer_type != ContentType::ApplicationData {
            return Err(TlsError::unexpected(format!(
                "a protected TLS 1.3 record must say application_data, not {} (RFC 8446 §5.2)",
                outer_type.as_str()
            )));
        }
        if fragment.len() > MAX_TLS13_CIPHERTEXT {
            return Err(TlsError::new(
                AlertDescription::RecordOverflow,
                format!(
                    "protected record of {} bytes exceeds 2^14 + 256 (RFC 8446 §5.2)",
                    fragment.len()
                ),
            ));
        }
        if fragment.len() < TAG_LEN {
            return Err(TlsError::new(
                AlertDescription::BadRecordMac,
                "encrypted record too short for its tag",
            ));
        }
        let (ct, tag) = fragment.split_at(fragment.len() - TAG_LEN);
        let seq = self.next_seq()?;
        let nonce = tls13_nonce(iv, seq);
        let aad = tls13_header(version, fragment.len());
        let mut body = self.decrypt(seq, nonce, &aad, ct, tag)?;
        if body.len() > MAX_TLS13_INNER_PLAINTEXT {
            return Err(TlsError::new(
                AlertDescription::RecordOverflow,
                "TLSInnerPlaintext exceeds 2^14 + 1 bytes (RFC 8446 §5.4)",
            ));
        }
        // The type is the last non-zero byte; the zeros after it are padding (§5.4).
        let Some(type_at) = body.iter().rposition(|&b| b != 0) else {
            return Err(TlsError::unexpected(
                "decrypted record is all zeros: it has no content type (RFC 8446 §5.4)",
            ));
        };
        let inner_type = ContentType::from_wire(body[type_at]);
        body.truncate(type_at);
        Ok((inner_type, body))
    }

    fn encrypt(
        &self,
        nonce: [u8; NONCE_LEN],
        aad: &[u8],
        body: &mut [u8],
    ) -> Result<Tag<A>, TlsError> {
        self.aead
            .encrypt_inout_detached(&Nonce::<A>::from(nonce), aad, body.into())
            .map_err(|_| {
                TlsError::new(
                    AlertDescription::InternalError,
                    "the AEAD refused to encrypt",
                )
            })
    }

    fn decrypt(
        &self,
        seq: u64,
        nonce: [u8; NONCE_LEN],
        aad: &[u8],
        ct: &[u8],
        tag: &[u8],
    ) -> Result<Vec<u8>, TlsError> {
        let tag = Tag::<A>::try_from(tag).map_err(|_| {
            TlsError::new(AlertDescription::BadRecordMac, "the tag must be 16 bytes")
        })?;
        let mut body = ct.to_vec();
        self.aead
            .decrypt_inout_detached(
                &Nonce::<A>::from(nonce),
                aad,
                body.as_mut_slice().into(),
                &tag,
            )
            .map_err(|_| {
                TlsError::new(
                    AlertDescription::BadRecordMac,
                    // The endpoint cannot tell which: a changed, replayed or reordered record, or
                    // a sender whose keys differ from ours (an altered handshake).
                    format!("{} tag check failed for record seq {seq}: the record was changed, replayed or reordered, or the sender's keys differ from this side's", A::NAME),
                )
            })?;
        Ok(body)
    }

    fn next_seq(&mut self) -> Result<u64, TlsError> {
        let seq = self.seq;
        // RFC 5246 §6.1, RFC 8446 §5.3: sequence numbers must not wrap; rekey or close instead.
        self.seq = seq.checked_add(1).ok_or_else(|| {
            TlsError::new(AlertDescription::InternalError, "sequence number exhausted")
        })?;
        Ok(seq)
    }
}

/// TLS 1.2: `seq_num ‖ type ‖ version ‖ length` (13 bytes).
pub fn aad(seq: u64, typ: ContentType, len: usize) -> [u8; TLS12_AAD_LEN] {
    let mut a = [0u8; TLS12_AAD_LEN];
    a[..8].copy_from_slice(&seq.to_be_bytes());
    a[8] = typ.to_wire();
    a[9..11].copy_from_slice(&ProtocolVersion::Tls12.to_wire().to_be_bytes());
    a[11..13].copy_from_slice(&(len as u16).to_be_bytes());
    a
}

/// TLS 1.3: the record header as this engine writes it, `opaque_type ‖ legacy_record_version ‖
/// length`, where length counts the ciphertext and its tag (RFC 8446 §5.2). Callers keep `len`
/// within 2^14 + 256.
pub fn tls13_aad(len: usize) -> [u8; TLS13_AAD_LEN] {
    tls13_header(ProtocolVersion::Tls12, len)
}

/// A TLS 1.3 protected record's header with the `legacy_record_version` it came with: a
/// received record's additional data is its own header (§5.2).
fn tls13_header(version: ProtocolVersion, len: usize) -> [u8; TLS13_AAD_LEN] {
    let mut a = [0u8; TLS13_AAD_LEN];
    a[0] = ContentType::ApplicationData.to_wire();
    a[1..3].copy_from_slice(&version.to_wire().to_be_bytes());
    a[3..5].copy_from_slice(&(len as u16).to_be_bytes());
    a
}

/// TLS 1.3: `write_iv XOR` the sequence number padded on the left to 12 bytes (§5.3).
pub fn tls13_nonce(iv: [u8; NONCE_LEN], seq: u64) -> [u8; NONCE_LEN] {
    let mut nonce = iv;
    for (n, s) in nonce[NONCE_LEN - 8..].iter_mut().zip(seq.to_be_bytes()) {
        *n ^= s;
    }
    nonce
}

impl WriteIv {
    /// [`RecordCipher::next_sealing`], apart from the AEAD (one copy for all three).
    fn sealing(
        &self,
        seq: u64,
        outer_type: ContentType,
        version: ProtocolVersion,
        fragment: &[u8],
    ) -> Option<([u8; NONCE_LEN], Vec<u8>)> {
        match *self {
            WriteIv::Tls12(Tls12Nonce::Salt(salt)) => {
                let len = fragment.len().checked_sub(EXPLICIT_NONCE_LEN + TAG_LEN)?;
                let nonce = tls12_nonce(salt, fragment.get(..EXPLICIT_NONCE_LEN)?);
                Some((nonce, aad(seq, outer_type, len).to_vec()))
            }
            WriteIv::Tls12(Tls12Nonce::Xor(iv)) => {
                let len = fragment.len().checked_sub(TAG_LEN)?;
                Some((tls13_nonce(iv, seq), aad(seq, outer_type, len).to_vec()))
            }
            WriteIv::Tls13(iv) => Some((
                tls13_nonce(iv, seq),
                tls13_header(version, fragment.len()).to_vec(),
            )),
        }
    }
}

/// Where a TLS 1.2 record's nonce comes from.
#[derive(Clone, Copy)]
enum Tls12Nonce {
    /// AES-GCM: a 4-byte salt, followed by the 8-byte explicit nonce sent in each record.
    Salt([u8; SALT_LEN]),
    /// ChaCha20-Poly1305: a 12-byte IV XORed with the sequence number, as in TLS 1.3
    /// (RFC 7905 §2); nothing of the nonce is sent.
    Xor([u8; NONCE_LEN]),
}

fn tls12_nonce(salt: [u8; SALT_LEN], explicit: &[u8]) -> [u8; NONCE_LEN] {
    let mut n = [0u8; NONCE_LEN];
    n[..SALT_LEN].copy_from_slice(&salt);
    n[SALT_LEN..].copy_from_slice(explicit);
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 16] = [0x11; 16];
    const IV: [u8; NONCE_LEN] = [0x22; NONCE_LEN];

    fn pair() -> (RecordCipher, RecordCipher) {
        (
            RecordCipher::tls13(&KEY, &IV).unwrap(),
            RecordCipher::tls13(&KEY, &IV).unwrap(),
        )
    }

    /// Seals `inner` (already TLSInnerPlaintext: content ‖ type ‖ zeros) as the peer would.
    fn seal_raw(seq: u64, inner: &[u8]) -> Vec<u8> {
        let aead = Aes128Gcm::new_from_slice(&KEY).unwrap();
        let mut body = inner.to_vec();
        let tag = aead
            .encrypt_inout_detached(
                &Nonce::<Aes128Gcm>::from(tls13_nonce(IV, seq)),
                &tls13_aad(inner.len() + TAG_LEN),
                body.as_mut_slice().into(),
            )
            .unwrap();
        body.extend_from_slice(&tag);
        body
    }

    #[test]
    fn tls13_round_trip_hides_the_type() {
        let (mut tx, mut rx) = pair();
        for (i, typ) in [ContentType::Handshake, ContentType::ApplicationData]
            .into_iter()
            .enumerate()
        {
            let s = tx.seal(typ, b"hello").unwrap();
            assert_eq!(s.version, ProtocolVersion::Tls13);
            assert_eq!(s.seq, i as u64);
            assert_eq!(s.outer_type, ContentType::ApplicationData);
            assert_eq!(s.inner_type, typ);
            assert_eq!(s.fragment.len(), 5 + 1 + TAG_LEN);
            assert_eq!(s.aad, [23, 3, 3, 0, 22]);
            assert!(s.explicit_nonce().is_empty());
            assert_eq!(s.ciphertext().len(), 6);
            assert_eq!(s.tag().len(), TAG_LEN);
            assert_eq!(
                rx.open(s.outer_type, &s.fragment).unwrap(),
                (typ, b"hello".to_vec())
            );
        }
    }

    #[test]
    fn tls13_nonce_xors_the_sequence_number_on_the_right() {
        let n = tls13_nonce([0; NONCE_LEN], 0x0102);
        assert_eq!(n, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
        assert_eq!(tls13_nonce(IV, 0), IV);
    }

    #[test]
    fn tls13_padding_is_stripped() {
        let (_, mut rx) = pair();
        let fragment = seal_raw(0, b"data\x17\x00\x00\x00");
        assert_eq!(
            rx.open(ContentType::ApplicationData, &fragment).unwrap(),
            (ContentType::ApplicationData, b"data".to_vec())
        );
    }

    #[test]
    fn tls13_all_zero_plaintext_is_unexpected_message() {
        for inner in [&[][..], &[0, 0, 0][..]] {
            let (_, mut rx) = pair();
            let e = rx
                .open(ContentType::ApplicationData, &seal_raw(0, inner))
                .unwrap_err();
            assert_eq!(e.alert, AlertDescription::UnexpectedMessage);
        }
    }

    #[test]
    fn tls13_length_limits() {
        // Ciphertext over 2^14 + 256: record_overflow before any decryption.
        let (_, mut rx) = pair();
        let e = rx
            .open(
                ContentType::ApplicationData,
                &vec![0; MAX_TLS13_CIPHERTEXT + 1],
            )
            .unwrap_err();
        assert_eq!(e.alert, AlertDescription::RecordOverflow);
        // Authentic, but TLSInnerPlaintext over 2^14 + 1 (content plus padding).
        let mut inner = vec![0x41; MAX_PLAINTEXT];
        inner.extend_from_slice(&[23, 0]);
        let (_, mut rx) = pair();
        let e = rx
            .open(ContentType::ApplicationData, &seal_raw(0, &inner))
            .unwrap_err();
        assert_eq!(e.alert, AlertDescription::RecordOverflow);
        // Exactly 2^14 of content is fine, one more byte is not sealed.
        let (mut tx, mut rx) = pair();
        let s = tx
            .seal(ContentType::ApplicationData, &[1; MAX_PLAINTEXT])
            .unwrap();
        assert_eq!(
            rx.open(s.outer_type, &s.fragment).unwrap().1.len(),
            MAX_PLAINTEXT
        );
        assert!(
            tx.seal(ContentType::ApplicationData, &[1; MAX_PLAINTEXT + 1])
                .is_err()
        );
    }

    #[test]
    fn tls13_tampering_is_bad_record_mac() {
        let (mut tx, _) = pair();
        let s = tx.seal(ContentType::Handshake, b"finished").unwrap();
        for i in 0..s.fragment.len() {
            let mut f = s.fragment.clone();
            f[i] ^= 0x80;
            let (_, mut rx) = pair();
            let e = rx.open(ContentType::ApplicationData, &f).unwrap_err();
            assert_eq!(e.alert, AlertDescription::BadRecordMac, "byte {i}");
        }
        for len in 0..TAG_LEN {
            let (_, mut rx) = pair();
            let e = rx
                .open(ContentType::ApplicationData, &s.fragment[..len])
                .unwrap_err();
            assert_eq!(e.alert, AlertDescription::BadRecordMac);
        }
        // The wrong sequence number (a replayed or reordered record) fails too.
        let (_, mut rx) = pair();
        let _ = rx.open(ContentType::ApplicationData, &s.fragment);
        let e = rx
            .open(ContentType::ApplicationData, &s.fragment)
            .unwrap_err();
        assert_eq!(e.alert, AlertDescription::BadRecordMac);
    }

    #[test]
    fn tls13_open_refuses_arbitrary_bytes_without_panicking() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for len in (0..300).chain([MAX_TLS13_CIPHERTEXT, MAX_TLS13_CIPHERTEXT + 1]) {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x as u8
                })
                .collect();
            let (_, mut rx) = pair();
            let e = rx.open(ContentType::ApplicationData, &bytes).unwrap_err();
            let want = if len > MAX_TLS13_CIPHERTEXT {
                AlertDescription::RecordOverflow
            } else {
                AlertDescription::BadRecordMac
            };
            assert_eq!(e.alert, want, "length {len}");
        }
    }

    #[test]
    fn tls13_outer_type_must_be_application_data() {
        let (mut tx, mut rx) = pair();
        let s = tx.seal(ContentType::Handshake, b"x").unwrap();
        let e = rx.open(ContentType::Handshake, &s.fragment).unwrap_err();
        assert_eq!(e.alert, AlertDescription::UnexpectedMessage);
    }

    #[test]
    fn tls12_framing_is_unchanged() {
        let mut tx = RecordCipher::<Aes128Gcm>::tls12(&KEY, &[9; SALT_LEN]).unwrap();
        let mut rx = RecordCipher::<Aes128Gcm>::tls12(&KEY, &[9; SALT_LEN]).unwrap();
        let s = tx.seal(ContentType::Handshake, b"hello").unwrap();
        assert_eq!(s.version, ProtocolVersion::Tls12);
        assert_eq!(s.outer_type, ContentType::Handshake);
        assert_eq!(s.aad, aad(0, ContentType::Handshake, 5));
        assert_eq!(s.explicit_nonce(), 0u64.to_be_bytes());
        assert_eq!(s.ciphertext().len(), 5);
        assert_eq!(&s.nonce[..SALT_LEN], [9; SALT_LEN]);
        assert_eq!(
            rx.open(ContentType::Handshake, &s.fragment).unwrap(),
            (ContentType::Handshake, b"hello".to_vec())
        );
    }

    #[test]
    fn wrong_key_or_iv_lengths_are_errors() {
        type Aes = RecordCipher<Aes128Gcm>;
        assert!(Aes::tls13(&KEY, &[0; 11]).is_err());
        assert!(Aes::tls13(&[0; 15], &IV).is_err());
        assert!(Aes::tls12(&KEY, &[0; 12]).is_err());
        assert!(RecordCipher::<Aes256Gcm>::tls13(&KEY, &IV).is_err());
        assert!(RecordCipher::<ChaCha20Poly1305>::tls12_xor_iv(&[0; 32], &[0; 4]).is_err());
    }

    #[test]
    fn tls12_chacha20_poly1305_sends_no_nonce_and_xors_the_sequence_number() {
        let (key, iv) = ([0x33; 32], [0x44; NONCE_LEN]);
        let mut tx = RecordCipher::<ChaCha20Poly1305>::tls12_xor_iv(&key, &iv).unwrap();
        let mut rx = RecordCipher::<ChaCha20Poly1305>::tls12_xor_iv(&key, &iv).unwrap();
        for seq in 0..2u64 {
            let s = tx.seal(ContentType::ApplicationData, b"hello").unwrap();
            assert!(s.explicit_nonce().is_empty());
            assert_eq!(s.fragment.len(), 5 + TAG_LEN);
            assert_eq!(s.nonce, tls13_nonce(iv, seq));
            // RFC 7905 §2 framing, sealed by the crate directly: the same bytes.
            let mut body = b"hello".to_vec();
            let tag = ChaCha20Poly1305::new_from_slice(&key)
                .unwrap()
                .encrypt_inout_detached(
                    &Nonce::<ChaCha20Poly1305>::from(tls13_nonce(iv, seq)),
                    &aad(seq, ContentType::ApplicationData, 5),
                    body.as_mut_slice().into(),
                )
                .unwrap();
            body.extend_from_slice(&tag);
            assert_eq!(s.fragment, body);
            assert_eq!(
                rx.open(ContentType::ApplicationData, &s.fragment).unwrap(),
                (ContentType::ApplicationData, b"hello".to_vec())
            );
        }
    }

    #[test]
    fn tls13_aes_256_gcm_round_trips() {
        let mut tx = RecordCipher::<Aes256Gcm>::tls13(&[5; 32], &IV).unwrap();
        let mut rx = RecordCipher::<Aes256Gcm>::tls13(&[5; 32], &IV).unwrap();
        let s = tx.seal(ContentType::Handshake, b"hi").unwrap();
        assert_eq!(
            rx.open(s.outer_type, &s.fragment).unwrap(),
            (ContentType::Handshake, b"hi".to_vec())
        );
    }
}
