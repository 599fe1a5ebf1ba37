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

pub const HEADER_LEN: usize = 5;
/// TLSPlaintext.length MUST NOT exceed 2^14 (RFC 5246 §6.2.1).
pub const MAX_PLAINTEXT: usize = 1 << 14;
/// TLSCiphertext.length MUST NOT exceed 2^14 + 2048 (RFC 5246 §6.2.3).
pub const MAX_CIPHERTEXT: usize = MAX_PLAINTEXT + 2048;

/// One record as framed on the wire (fragment possibly encrypted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub typ: ContentType,
    pub version: ProtocolVersion,
    pub fragment: Vec<u8>,
}

impl Record {
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
#[derive(Default)]
pub struct Deframer {
    buf: Vec<u8>,
}

impl Deframer {
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Bytes received that do not yet form a whole record.
    pub fn pending(&self) -> usize {
        self.buf.len()
    }

    /// The next whole record, `Ok(None)` if more bytes are needed.
    pub fn next_record(&mut self) -> Result<Option<Record>, TlsError> {
        if self.buf.len() < HEADER_LEN {
            return Ok(None);
        }
        let mut r = Reader::new(&self.buf);
        let (typ, version, length) = read_header(&mut r)?;
        if version.to_wire() >> 8 != 0x03 {
            return Err(TlsError::new(
                AlertDescription::ProtocolVersion,
                format!("record version {version} is not TLS"),
            ));
        }
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
