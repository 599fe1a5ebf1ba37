//! How a protected record's AES-GCM nonce and additional data were put together, part by part,
//! so a view can show each part with its bytes without knowing either version's rules:
//!
//! - TLS 1.2 (RFC 5288 §3, RFC 5246 §6.2.3.3): nonce = `salt ‖ nonce_explicit`;
//!   additional_data = `seq_num ‖ type ‖ version ‖ length`.
//! - TLS 1.3 (RFC 8446 §5.3, §5.2): nonce = `write_iv XOR` the padded sequence number;
//!   additional_data = the record header, `opaque_type ‖ legacy_record_version ‖ length`.

use crate::crypto::record_protection::{NONCE_LEN, SALT_LEN, tls13_nonce};

/// A nonce or additional data as its parts and how they combine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Construction {
    /// How the parts make the whole.
    pub combine: Combine,
    /// The parts, in the order the RFC writes them.
    pub parts: Vec<Part>,
}

/// The operation that joins a construction's parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combine {
    /// The parts one after another (`‖`).
    Concatenate,
    /// The parts, of equal length, XORed together.
    Xor,
}

impl Combine {
    /// The operator between two parts, as the RFCs write it.
    pub fn symbol(self) -> &'static str {
        match self {
            Combine::Concatenate => "‖",
            Combine::Xor => "XOR",
        }
    }
}

/// One part with its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// Which part, by its RFC name.
    pub name: PartName,
    /// Its value in this record.
    pub bytes: Vec<u8>,
}

/// The parts the two versions build nonces and additional data from, named as the RFCs name
/// them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartName {
    /// TLS 1.2: the 4-byte implicit nonce, `client_write_IV`/`server_write_IV`.
    Salt,
    /// TLS 1.2: 8 bytes the sender chooses and sends before the ciphertext (here its sequence
    /// number, as most implementations do).
    NonceExplicit,
    /// TLS 1.2: the sender's 64-bit sequence number.
    SeqNum,
    /// TLS 1.2: `TLSCompressed.type`, the content type.
    Type,
    /// TLS 1.2: `TLSCompressed.version`.
    Version,
    /// TLS 1.2: `TLSCompressed.length`, of the plaintext.
    Length,
    /// TLS 1.3: the traffic key's 12-byte IV.
    WriteIv,
    /// TLS 1.3: the 64-bit sequence number, left-padded with zeros to the IV's length.
    PaddedSequenceNumber,
    /// TLS 1.3: the record header's type, always application_data.
    OpaqueType,
    /// TLS 1.3: the record header's version, always 03 03.
    LegacyRecordVersion,
    /// TLS 1.3: the record header's length, of the ciphertext and its tag.
    CiphertextLength,
}

impl PartName {
    /// The field's name in the RFC.
    pub fn as_str(self) -> &'static str {
        match self {
            PartName::Salt => "salt",
            PartName::NonceExplicit => "nonce_explicit",
            PartName::SeqNum => "seq_num",
            PartName::Type => "TLSCompressed.type",
            PartName::Version => "TLSCompressed.version",
            PartName::Length => "TLSCompressed.length",
            PartName::WriteIv => "write_iv",
            PartName::PaddedSequenceNumber => "sequence number (padded)",
            PartName::OpaqueType => "opaque_type",
            PartName::LegacyRecordVersion => "legacy_record_version",
            PartName::CiphertextLength => "length",
        }
    }

    /// Whether these bytes travel in the record (in its header or before the ciphertext); the
    /// others both sides know without sending them.
    pub fn is_sent(self) -> bool {
        !matches!(
            self,
            PartName::Salt | PartName::SeqNum | PartName::WriteIv | PartName::PaddedSequenceNumber
        )
    }

    fn len(self) -> usize {
        match self {
            PartName::Salt => SALT_LEN,
            PartName::NonceExplicit | PartName::SeqNum => 8,
            PartName::WriteIv | PartName::PaddedSequenceNumber => NONCE_LEN,
            PartName::Type | PartName::OpaqueType => 1,
            PartName::Version | PartName::Length => 2,
            PartName::LegacyRecordVersion | PartName::CiphertextLength => 2,
        }
    }
}

/// The nonce of a record sealed with `nonce` as its `seq`-th record.
pub fn nonce(tls13: bool, nonce: &[u8], seq: u64) -> Construction {
    if !tls13 {
        return split(nonce, &[PartName::Salt, PartName::NonceExplicit]);
    }
    // XOR undoes itself: the nonce XOR the padded sequence number is the write_iv.
    let Ok(nonce) = <[u8; NONCE_LEN]>::try_from(nonce) else {
        return split(nonce, &[PartName::WriteIv]);
    };
    Construction {
        combine: Combine::Xor,
        parts: vec![
            Part {
                name: PartName::WriteIv,
                bytes: tls13_nonce(nonce, seq).to_vec(),
            },
            Part {
                name: PartName::PaddedSequenceNumber,
                bytes: tls13_nonce([0; NONCE_LEN], seq).to_vec(),
            },
        ],
    }
}

/// The additional data `aad` of a record.
pub fn additional_data(tls13: bool, aad: &[u8]) -> Construction {
    use PartName::*;
    if tls13 {
        split(aad, &[OpaqueType, LegacyRecordVersion, CiphertextLength])
    } else {
        split(aad, &[SeqNum, Type, Version, Length])
    }
}

/// `bytes` cut into the named parts in order (a short buffer gives short parts; it never is).
fn split(bytes: &[u8], names: &[PartName]) -> Construction {
    let mut at = 0;
    let parts = names
        .iter()
        .map(|&name| {
            let end = (at + name.len()).min(bytes.len());
            let part = Part {
                name,
                bytes: bytes[at.min(end)..end].to_vec(),
            };
            at = end;
            part
        })
        .collect();
    Construction {
        combine: Combine::Concatenate,
        parts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::record_protection::{aad, tls13_aad};
    use crate::msgs::enums::ContentType;

    #[test]
    fn tls12_parts_concatenate_to_the_nonce_and_aad() {
        let n: Vec<u8> = (0..12).collect();
        let c = nonce(false, &n, 7);
        assert_eq!(c.combine, Combine::Concatenate);
        assert_eq!(c.parts[0].bytes, [0, 1, 2, 3]);
        assert_eq!(joined(&c.parts), n);
        let a = aad(5, ContentType::Handshake, 40);
        let c = additional_data(false, &a);
        let names: Vec<_> = c.parts.iter().map(|p| p.name).collect();
        use PartName::*;
        assert_eq!(names, [SeqNum, Type, Version, Length]);
        assert_eq!(c.parts[0].bytes, 5u64.to_be_bytes());
        assert_eq!(c.parts[1].bytes, [0x16]);
        assert_eq!(joined(&c.parts), a);
    }

    #[test]
    fn tls13_nonce_is_write_iv_xor_padded_sequence_number() {
        let iv = [0xa5; NONCE_LEN];
        let seq = 0x0102;
        let c = nonce(true, &tls13_nonce(iv, seq), seq);
        assert_eq!(c.combine, Combine::Xor);
        assert_eq!(c.parts[0].name, PartName::WriteIv);
        assert_eq!(c.parts[0].bytes, iv);
        assert_eq!(c.parts[1].bytes, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
        let c = additional_data(true, &tls13_aad(300));
        assert_eq!(c.parts[0].bytes, [0x17]);
        assert_eq!(c.parts[1].bytes, [3, 3]);
        assert_eq!(c.parts[2].bytes, 300u16.to_be_bytes());
        assert!(c.parts.iter().all(|p| p.name.is_sent()));
    }

    fn joined(parts: &[Part]) -> Vec<u8> {
        parts.iter().flat_map(|p| p.bytes.clone()).collect()
    }
}
