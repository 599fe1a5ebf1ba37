//! Encoding: big-endian integers and length-prefixed vectors whose length is back-patched.

/// A growing buffer of wire bytes.
#[derive(Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    /// An empty buffer.
    pub fn new() -> Self {
        Writer::default()
    }

    /// The bytes written so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// `uint8`.
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    /// `uint16`, big-endian (network order, RFC 8446 §3.3).
    pub fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    /// `uint24`, big-endian: the low three bytes of `v`.
    pub fn u24(&mut self, v: usize) {
        let b = (v as u32).to_be_bytes();
        self.buf.extend_from_slice(&b[1..]);
    }

    /// Raw bytes, with no length prefix.
    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    /// `opaque x<0..2^8-1>` and friends: writes `body`, then patches its length in front.
    /// `len_bytes` is 1, 2 or 3.
    pub fn prefixed(&mut self, len_bytes: usize, body: impl FnOnce(&mut Writer)) {
        let at = self.buf.len();
        self.buf.extend(std::iter::repeat_n(0, len_bytes));
        body(self);
        let len = self.buf.len() - at - len_bytes;
        let be = (len as u32).to_be_bytes();
        self.buf[at..at + len_bytes].copy_from_slice(&be[4 - len_bytes..]);
    }
}
