//! The encoding of the messages between the page and the worker, in TLS's own presentation
//! style (RFC 8446 §3) over the engine's codec: numbers big-endian, vectors length-prefixed.

use engine::codec::{Reader, Writer};

/// Why a message cannot be decoded.
pub type Error = String;

/// `opaque data<0..2^24-1>`.
pub fn put_bytes(w: &mut Writer, bytes: &[u8]) {
    w.prefixed(3, |w| w.bytes(bytes));
}

/// `opaque data<0..2^24-1>`.
pub fn bytes(r: &mut Reader) -> Result<Vec<u8>, Error> {
    r.opaque("data", 3, "")
        .map(<[u8]>::to_vec)
        .map_err(|e| e.reason)
}

/// A count of what follows, `uint24`.
pub fn put_count(w: &mut Writer, n: usize) {
    w.u24(n);
}

/// A count of what follows, bounded by the bytes left (each item takes at least one).
pub fn count(r: &mut Reader) -> Result<usize, Error> {
    let n = r.u24("count").map_err(|e| e.reason)?;
    if n > r.remaining() {
        return Err(format!("a count of {n} with {} bytes left", r.remaining()));
    }
    Ok(n)
}

/// `uint8`.
pub fn u8(r: &mut Reader) -> Result<u8, Error> {
    r.u8("byte").map_err(|e| e.reason)
}

/// `uint16`.
pub fn u16(r: &mut Reader) -> Result<u16, Error> {
    r.u16("number").map_err(|e| e.reason)
}

/// The message ends here, or it is not one.
pub fn end(r: &Reader) -> Result<(), Error> {
    match r.remaining() {
        0 => Ok(()),
        n => Err(format!("{n} bytes after the end of the message")),
    }
}
