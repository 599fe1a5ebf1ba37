//! The record layer's framing (RFC 5246 §6.2):
//! ```text
//! struct {
//!     ContentType type;
//!     ProtocolVersion version;
//!     uint16 length;
//!     opaque fragment[TLSPlaintext.length];
//! } TLSPlaintext;
//! ```

use crate::codec::Reader;
use crate::error::TlsError;
use crate::msgs::enums::{AlertDescription, ContentType, ProtocolVersion};

/// What a received record's version field may say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordVersion {
    /// Before the hellos agree on a version: any `{03,XX}` (RFC 5246 Appendix E.1: a
    /// ClientHello's records often say TLS 1.0, and a server may answer an old client's hello
    /// with an alert in an SSL 3.0 record).
    AnyTls,
    /// TLS 1.2 is agreed: exactly 03 03.
    Tls12,
    /// TLS 1.3 is agreed: `legacy_record_version` "MUST be ignored for all purposes"
    /// (RFC 8446 §5.1). A protected record's header is still its AEAD's additional data
    /// (§5.2), so a changed version makes its tag fail: bad_record_mac.
    Ignored,
}

/// The record header: type (1), version (2), length (2).
pub const HEADER_LEN: usize = 5;
/// The header's type and version bytes: enough to tell whether the peer speaks TLS.
const VERSION_END: usize = 3;
/// Every SSL 3.0 and TLS version is `{03,XX}` (RFC 5246 Appendix E).
const TLS_MAJOR: u16 = 0x03;
/// An SSL 2.0 record header starts with this bit set (RFC 5246 Appendix E.2).
const SSL2_HEADER_BIT: u8 = 0x80;
/// TLSPlaintext.length MUST NOT exceed 2^14 (RFC 5246 §6.2.1).
pub const MAX_PLAINTEXT: usize = 1 << 14;
/// TLSCiphertext.length MUST NOT exceed 2^14 + 2048 (RFC 5246 §6.2.3).
pub const MAX_CIPHERTEXT: usize = MAX_PLAINTEXT + 2048;

/// One record as framed on the wire (fragment possibly encrypted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// `type` (TLS 1.3's `opaque_type` when protected: always application_data).
    pub typ: ContentType,
    /// `version` (TLS 1.3: `legacy_record_version`).
    pub version: ProtocolVersion,
    /// `fragment` (TLS 1.3: `encrypted_record` when protected); its length is the header's.
    pub fragment: Vec<u8>,
}

impl Record {
    /// Header and fragment, as sent.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + self.fragment.len());
        out.push(self.typ.to_wire());
        out.extend_from_slice(&self.version.to_wire().to_be_bytes());
        out.extend_from_slice(&(self.fragment.len() as u16).to_be_bytes());
        out.extend_from_slice(&self.fragment);
        out
    }
}

/// Reads the 5-byte header (annotated) and returns (type, version, length).
pub fn read_header(r: &mut Reader) -> Result<(ContentType, ProtocolVersion, usize), TlsError> {
    let typ = ContentType::from_wire(r.u8("content_type")?);
    r.describe_last(|| typ.to_string());
    let version = ProtocolVersion::from_wire(r.u16("version")?);
    r.describe_last(|| version.to_string());
    let length = r.u16("length")? as usize;
    Ok((typ, version, length))
}

/// Cuts a byte stream into records, as TCP delivers it: in any pieces.
#[derive(Clone, Default)]
pub struct Deframer {
    buf: Vec<u8>,
}

impl Deframer {
    /// Appends bytes as they arrived.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Bytes received that do not yet form a whole record.
    pub fn pending(&self) -> usize {
        self.buf.len()
    }

    /// The next whole record, `Ok(None)` if more bytes are needed. Each header byte is checked
    /// as soon as it arrives, so a peer that does not speak TLS is refused at once instead of
    /// being waited on for a length its first bytes only seem to give.
    ///
    /// `expect`: what the version field may say, by how far the hellos have got.
    pub fn next_record(&mut self, expect: RecordVersion) -> Result<Option<Record>, TlsError> {
        if let Some(&first) = self.buf.first()
            && expect == RecordVersion::AnyTls
            && first & SSL2_HEADER_BIT != 0
        {
            // RFC 5246 Appendix E.2: a set high bit starts an SSL 2.0 record (e.g. a
            // version 2 CLIENT-HELLO). SSL 2.0 is prohibited (RFC 6176), and no TLS content
            // type has this bit, so it is an unexpected record type (RFC 5246 §6).
            return Err(TlsError::unexpected(format!(
                "first byte 0x{first:02x} starts an SSL 2.0 record (high bit set), which this \
                 engine refuses (RFC 6176)"
            )));
        }
        if self.buf.len() >= VERSION_END && expect != RecordVersion::Ignored {
            let version =
                ProtocolVersion::from_wire(u16::from_be_bytes([self.buf[1], self.buf[2]]));
            if version.to_wire() >> 8 != TLS_MAJOR {
                return Err(TlsError::new(
                    AlertDescription::ProtocolVersion,
                    format!("record version {version} is not TLS"),
                ));
            }
            if expect == RecordVersion::Tls12 && version != ProtocolVersion::Tls12 {
                return Err(TlsError::new(
                    AlertDescription::ProtocolVersion,
                    format!("record says {version}, the connection speaks TLS 1.2"),
                ));
            }
        }
        if self.buf.len() < HEADER_LEN {
            return Ok(None);
        }
        let mut r = Reader::new(&self.buf);
        let (typ, version, length) = read_header(&mut r)?;
        if length > MAX_CIPHERTEXT {
            return Err(TlsError::new(
                AlertDescription::RecordOverflow,
                format!("record length {length} exceeds 2^14 + 2048"),
            ));
        }
        if self.buf.len() < HEADER_LEN + length {
            return Ok(None);
        }
        let fragment = self.buf[HEADER_LEN..HEADER_LEN + length].to_vec();
        self.buf.drain(..HEADER_LEN + length);
        Ok(Some(Record {
            typ,
            version,
            fragment,
        }))
    }
}
