//! Decoding with field spans.
//!
//! Every `begin`/`end` pair and every leaf read becomes a [`Field`] whose byte range is
//! relative to the start of the buffer given to [`Reader::new`] plus `base`. A decode error
//! leaves the fields read so far in place (closed at the point of failure), which is what
//! the inspector shows for a tampered message.

use crate::error::TlsError;
use crate::transcript::Field;

/// A cursor over wire bytes: reading past the buffer or the innermost vector's length is a
/// `decode_error`, never a panic, and when annotating every read becomes a [`Field`] with its
/// byte span.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// Stack of vector ends (`limit`/`unlimit`); reads may not cross the innermost one.
    limits: Vec<usize>,
    /// Offset added to every recorded span.
    base: usize,
    /// Whether to record fields at all (endpoints decode without, the inspector with).
    annotate: bool,
    open: Vec<Field>,
    done: Vec<Field>,
}

type Result<T> = std::result::Result<T, TlsError>;

/// A reader's nesting depth (open fields and vector limits), from [`Reader::checkpoint`].
#[derive(Clone, Copy, Debug)]
pub struct Checkpoint {
    open: usize,
    limits: usize,
}

impl<'a> Reader<'a> {
    /// A reader that does not record fields.
    pub fn new(buf: &'a [u8]) -> Self {
        Reader {
            buf,
            pos: 0,
            limits: Vec::new(),
            base: 0,
            annotate: false,
            open: Vec::new(),
            done: Vec::new(),
        }
    }

    /// A reader that records fields, with spans offset by `base`.
    pub fn annotating(buf: &'a [u8], base: usize) -> Self {
        Reader {
            annotate: true,
            base,
            ..Reader::new(buf)
        }
    }

    /// The recorded field tree; open fields are closed where decoding stopped.
    pub fn into_fields(mut self) -> Vec<Field> {
        while !self.open.is_empty() {
            self.end();
        }
        self.done
    }

    fn limit_end(&self) -> usize {
        self.limits.last().copied().unwrap_or(self.buf.len())
    }

    /// Bytes left before the innermost limit.
    pub fn remaining(&self) -> usize {
        self.limit_end().saturating_sub(self.pos)
    }

    /// Offset of the next byte to read, from the start of the buffer (without `base`).
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The bytes read since position `start`.
    pub fn consumed_since(&self, start: usize) -> &'a [u8] {
        &self.buf[start.min(self.pos)..self.pos]
    }

    /// Whether fields are being recorded (callers skip costly dissection when not).
    pub fn is_annotating(&self) -> bool {
        self.annotate
    }

    /// The absolute offset (as recorded in spans) of the current position.
    pub fn absolute_position(&self) -> usize {
        self.base + self.pos
    }

    /// Adds a field built elsewhere (e.g. a certificate's DER tree) as a child of the
    /// innermost open field.
    pub fn graft(&mut self, field: Field) {
        if self.annotate {
            self.push_done(field);
        }
    }

    /// Takes `n` raw bytes without recording a field.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(TlsError::decode(format!(
                "message ends early: needed {n} more byte(s), {} left",
                self.remaining()
            )));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn uint(&mut self, n: usize) -> Result<u32> {
        Ok(self
            .take(n)?
            .iter()
            .fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
    }

    // ---- fields ----------------------------------------------------------------------

    /// Opens a field that ends at the matching [`Reader::end`].
    pub fn begin(&mut self, name: &str, rfc: &str) {
        if self.annotate {
            self.open.push(Field {
                name: name.to_string(),
                start: self.base + self.pos,
                end: self.base + self.pos,
                value: String::new(),
                rfc: rfc.to_string(),
                children: Vec::new(),
            });
        }
    }

    /// Where the reader's nesting stands, to [`Reader::unwind`] to after a decode that may
    /// fail part-way.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            open: self.open.len(),
            limits: self.limits.len(),
        }
    }

    /// Closes every field opened since `c` at the current position and drops the vector
    /// limits set since then: after a decode error deep inside a message, the next reads (an
    /// "undecodable bytes" field, the next message) start at the level of `c` again, so the
    /// fields still cover every byte.
    pub fn unwind(&mut self, c: Checkpoint) {
        while self.open.len() > c.open {
            self.end();
        }
        self.limits.truncate(c.limits);
    }

    /// Closes the innermost open field at the current position.
    pub fn end(&mut self) {
        if let Some(mut f) = self.open.pop() {
            f.end = self.base + self.pos;
            self.push_done(f);
        }
    }

    fn push_done(&mut self, f: Field) {
        match self.open.last_mut() {
            Some(parent) => parent.children.push(f),
            None => self.done.push(f),
        }
    }

    /// Sets the value of the innermost open field, or else of the last closed one.
    pub fn describe(&mut self, value: impl FnOnce() -> String) {
        if !self.annotate {
            return;
        }
        let target = match self.open.last_mut() {
            Some(f) => Some(f),
            None => self.done.last_mut(),
        };
        if let Some(f) = target {
            f.value = value();
        }
    }

    /// Sets the value of the most recently closed child of the innermost open field.
    pub fn describe_last(&mut self, value: impl FnOnce() -> String) {
        if !self.annotate {
            return;
        }
        let list = match self.open.last_mut() {
            Some(f) => &mut f.children,
            None => &mut self.done,
        };
        if let Some(f) = list.last_mut() {
            f.value = value();
        }
    }

    /// Reads `n` bytes as a leaf field whose value is their hex preview.
    pub fn leaf(&mut self, name: &str, n: usize) -> Result<&'a [u8]> {
        let start = self.pos;
        let bytes = self.take(n)?;
        if self.annotate {
            self.push_done(Field {
                name: name.to_string(),
                start: self.base + start,
                end: self.base + self.pos,
                value: crate::codec::hex_preview(bytes),
                rfc: String::new(),
                children: Vec::new(),
            });
        }
        Ok(bytes)
    }

    /// `uint8`, recorded as field `name`.
    pub fn u8(&mut self, name: &str) -> Result<u8> {
        let v = self.uint_leaf(name, 1)?;
        Ok(v as u8)
    }

    /// `uint16` (big-endian), recorded as field `name`.
    pub fn u16(&mut self, name: &str) -> Result<u16> {
        let v = self.uint_leaf(name, 2)?;
        Ok(v as u16)
    }

    /// `uint24` (big-endian), recorded as field `name`: handshake message and certificate
    /// lengths.
    pub fn u24(&mut self, name: &str) -> Result<usize> {
        let v = self.uint_leaf(name, 3)?;
        Ok(v as usize)
    }

    fn uint_leaf(&mut self, name: &str, n: usize) -> Result<u32> {
        let start = self.pos;
        let v = self.uint(n)?;
        if self.annotate {
            self.push_done(Field {
                name: name.to_string(),
                start: self.base + start,
                end: self.base + self.pos,
                value: v.to_string(),
                rfc: String::new(),
                children: Vec::new(),
            });
        }
        Ok(v)
    }

    // ---- vectors ---------------------------------------------------------------------

    /// Reads a `len_bytes`-byte length (as a leaf named `"{name} length"`) and limits reads
    /// to that many bytes until [`Reader::unlimit`]. Returns the length.
    pub fn limit_prefixed(&mut self, name: &str, len_bytes: usize) -> Result<usize> {
        let start = self.pos;
        let len = self.uint(len_bytes)? as usize;
        if self.annotate {
            self.push_done(Field {
                name: format!("{name} length"),
                start: self.base + start,
                end: self.base + self.pos,
                value: len.to_string(),
                rfc: String::new(),
                children: Vec::new(),
            });
        }
        self.limit(len)?;
        Ok(len)
    }

    /// Limits reads to the next `n` bytes.
    pub fn limit(&mut self, n: usize) -> Result<()> {
        if n > self.remaining() {
            return Err(TlsError::decode(format!(
                "length {n} runs past the end of its enclosing data ({} byte(s) left)",
                self.remaining()
            )));
        }
        self.limits.push(self.pos + n);
        Ok(())
    }

    /// Ends the innermost limit; every byte inside it must have been read.
    pub fn unlimit(&mut self) -> Result<()> {
        let end = self.limit_end();
        if self.pos != end {
            return Err(TlsError::decode(format!(
                "{} unexpected byte(s) at the end of a length-prefixed field",
                end.saturating_sub(self.pos)
            )));
        }
        self.limits.pop();
        Ok(())
    }

    /// Reads a length-prefixed opaque vector as one field (its length as a child).
    pub fn opaque(&mut self, name: &str, len_bytes: usize, rfc: &str) -> Result<&'a [u8]> {
        self.begin(name, rfc);
        let len = self.limit_prefixed(name, len_bytes)?;
        let body = self.leaf("data", len)?;
        self.unlimit()?;
        self.describe(|| crate::codec::hex_preview(body));
        self.end();
        Ok(body)
    }

    /// Fails unless every byte was read.
    pub fn expect_empty(&self, what: &str) -> Result<()> {
        if self.remaining() != 0 {
            return Err(TlsError::decode(format!(
                "{} trailing byte(s) after {what}",
                self.remaining()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_nested_spans() {
        let data = [0x00, 0x03, 0xaa, 0xbb, 0xcc, 0x01];
        let mut r = Reader::annotating(&data, 5);
        r.begin("v", "RFC");
        r.limit_prefixed("v", 2).unwrap();
        r.leaf("x", 3).unwrap();
        r.unlimit().unwrap();
        r.end();
        r.u8("tail").unwrap();
        let f = r.into_fields();
        assert_eq!(f.len(), 2);
        assert_eq!((f[0].start, f[0].end), (5, 10));
        assert_eq!((f[0].children[1].start, f[0].children[1].end), (7, 10));
        assert_eq!(f[1].value, "1");
    }

    #[test]
    fn length_past_end_is_a_decode_error() {
        let data = [0x00, 0x09, 0xaa];
        let mut r = Reader::new(&data);
        assert!(r.limit_prefixed("v", 2).is_err());
    }

    #[test]
    fn unread_bytes_inside_a_vector_are_an_error() {
        let data = [0x02, 0xaa, 0xbb];
        let mut r = Reader::new(&data);
        r.limit_prefixed("v", 1).unwrap();
        r.u8("a").unwrap();
        assert!(r.unlimit().is_err());
    }

    #[test]
    fn failed_decode_keeps_partial_tree() {
        let data = [0x16, 0x03];
        let mut r = Reader::annotating(&data, 0);
        r.begin("record", "");
        r.u8("type").unwrap();
        assert!(r.u16("version").is_err());
        let f = r.into_fields();
        assert_eq!(f[0].children.len(), 1);
        assert_eq!(f[0].end, 1);
    }
}
