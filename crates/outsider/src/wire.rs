//! The encoding of the messages between the page and the worker, in TLS's own presentation
//! style (RFC 8446 §3) over the engine's codec: numbers big-endian, vectors length-prefixed.

use engine::codec::{Reader, Writer};
use engine::transcript::Field;

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

/// A field tree node and its children, depth first: what the dissector's worker sends back.
pub fn put_field(w: &mut Writer, f: &Field) {
    put_bytes(w, f.name.as_bytes());
    w.u24(f.start);
    w.u24(f.end);
    put_bytes(w, f.value.as_bytes());
    put_bytes(w, f.rfc.as_bytes());
    put_count(w, f.children.len());
    for c in &f.children {
        put_field(w, c);
    }
}

/// A field tree written by [`put_field`], its offsets moved by `base`. Its depth is bounded by
/// the bytes left, as each node takes at least 13.
pub fn field(r: &mut Reader, base: usize) -> Result<Field, Error> {
    let text = |r: &mut Reader| bytes(r).map(|b| String::from_utf8_lossy(&b).into_owned());
    let name = text(r)?;
    let start = base + r.u24("start").map_err(|e| e.reason)?;
    let end = base + r.u24("end").map_err(|e| e.reason)?;
    let value = text(r)?;
    let rfc = text(r)?;
    let n = count(r)?;
    let children = (0..n)
        .map(|_| field(r, base))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Field {
        name,
        start,
        end,
        value,
        rfc,
        children,
    })
}

#[cfg(test)]
mod tests {
    use engine::pki::{self, CertKind};

    use super::*;

    /// What the dissector's worker sends is the tree the page would have made, at its place.
    #[test]
    fn a_certificate_s_tree_crosses_whole() {
        for der in pki::identity(CertKind::Valid).chain {
            let mut w = Writer::new();
            put_field(&mut w, &pki::certificate_tree(&der, 0));
            let bytes = w.into_bytes();
            let read = field(&mut Reader::new(&bytes), 1234).unwrap();
            assert_eq!(read, pki::certificate_tree(&der, 1234));
            assert!(
                read.children.len() >= 3,
                "dissected: {}",
                read.children.len()
            );
            // Cut anywhere, it is refused, never a panic.
            for cut in 0..bytes.len() {
                assert!(field(&mut Reader::new(&bytes[..cut]), 0).is_err());
            }
        }
    }
}
