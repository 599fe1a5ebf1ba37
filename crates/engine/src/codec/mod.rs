//! Byte codecs. The [`Reader`] records a named span for every field it decodes, so each
//! message decoded for the inspector yields its annotated field tree as a by-product.
//!
//! The hex encoders here are the workspace's only ones (the CLI, the certificate text and
//! the page use them).

mod reader;
mod writer;

pub use reader::Reader;
pub use writer::Writer;

use std::fmt::Write as _;

/// Lowercase hex, bytes separated by spaces: `16 03 03`.
pub fn hex_spaced(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Lowercase hex without separators: `160303`.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Hex (either case, no separators) back to bytes; `None` for anything else.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A short preview for long values: the first 16 bytes in hex and the total length.
pub fn hex_preview(bytes: &[u8]) -> String {
    hex_head(bytes, 16)
}

/// The first `shown` bytes in spaced hex, and the total length if there are more:
/// `b3 b9 ab b1 … (256 bytes)`.
pub fn hex_head(bytes: &[u8], shown: usize) -> String {
    if bytes.len() <= shown {
        hex_spaced(bytes)
    } else {
        format!("{} … ({} bytes)", hex_spaced(&bytes[..shown]), bytes.len())
    }
}
