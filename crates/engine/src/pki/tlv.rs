//! A small DER walker (X.690 §8.1): tag, length and contents, with offsets into the buffer.
//!
//! One walker for what the learner sees and what the browser checks: the inspector's
//! dissection (`dissect/`) and the decoding behind the checks (`asn1.rs`, `parsed/`) both
//! read certificates through it. It keeps the *bytes* (the signed tbsCertificate exactly as
//! received, the byte ranges the inspector shows); it never allocates and never panics on
//! any input.

// Universal tags (X.680 §8.4) and the context tags X.509 uses (RFC 5280 §4.1).
pub const BOOLEAN: u8 = 0x01;
pub const INTEGER: u8 = 0x02;
pub const BIT_STRING: u8 = 0x03;
pub const OCTET_STRING: u8 = 0x04;
pub const NULL: u8 = 0x05;
pub const OID: u8 = 0x06;
pub const UTF8_STRING: u8 = 0x0c;
pub const PRINTABLE_STRING: u8 = 0x13;
pub const TELETEX_STRING: u8 = 0x14;
pub const IA5_STRING: u8 = 0x16;
pub const UTC_TIME: u8 = 0x17;
pub const GENERALIZED_TIME: u8 = 0x18;
pub const UNIVERSAL_STRING: u8 = 0x1c;
pub const BMP_STRING: u8 = 0x1e;
pub const SEQUENCE: u8 = 0x30;
pub const SET: u8 = 0x31;

/// `[n]` with the constructed bit (EXPLICIT tagging, or IMPLICIT over a SEQUENCE).
pub const fn context_constructed(n: u8) -> u8 {
    0xa0 | n
}

/// `[n]` primitive (IMPLICIT over a primitive type).
pub const fn context_primitive(n: u8) -> u8 {
    0x80 | n
}

/// One tag-length-value; all offsets index the buffer given to [`read`].
#[derive(Clone, Copy, Debug)]
pub struct Tlv<'a> {
    pub tag: u8,
    /// Offset of the identifier octet.
    pub start: usize,
    /// Offset of the first contents octet.
    pub body: usize,
    /// One past the last contents octet present (see [`read_lenient`]).
    pub end: usize,
    /// Where the length octets say the value ends; beyond `end` only when truncated.
    pub declared_end: usize,
    pub contents: &'a [u8],
    /// Identifier, length and contents octets.
    pub bytes: &'a [u8],
}

/// Reads the TLV at `pos`, which must end at or before `limit`.
pub fn read(buf: &[u8], pos: usize, limit: usize) -> Result<Tlv<'_>, String> {
    let t = read_lenient(buf, pos, limit)?;
    if t.declared_end > t.end {
        return Err(truncation(&t));
    }
    Ok(t)
}

/// Like [`read`], but a value that runs past `limit` is cut there (`declared_end` says
/// where it should end): the inspector still shows what did arrive.
pub fn read_lenient(buf: &[u8], pos: usize, limit: usize) -> Result<Tlv<'_>, String> {
    let limit = limit.min(buf.len());
    if pos >= limit {
        return Err(format!("expected a DER value at byte {pos}, found the end"));
    }
    let tag = buf[pos];
    // X.690 §8.1.2.4: tag numbers above 30 take more octets; X.509 never uses them.
    if tag & 0x1f == 0x1f {
        return Err(format!(
            "high tag number form at byte {pos} (not used by X.509)"
        ));
    }
    let Some(&first) = buf.get(pos + 1).filter(|_| pos + 1 < limit) else {
        return Err(format!("truncated: no length after the tag at byte {pos}"));
    };
    let (len, len_octets) = if first < 0x80 {
        (usize::from(first), 1)
    } else {
        let n = usize::from(first & 0x7f);
        // X.690 §10.1: DER forbids the indefinite form; four octets cover any certificate.
        if n == 0 {
            return Err(format!("indefinite length at byte {} (not DER)", pos + 1));
        }
        if n > 4 {
            return Err(format!(
                "length of {n} octets at byte {} is too long",
                pos + 1
            ));
        }
        if pos + 2 + n > limit {
            return Err(format!("truncated: length octets at byte {}", pos + 1));
        }
        let octets = &buf[pos + 2..pos + 2 + n];
        let len = octets
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        // X.690 §10.1: the fewest octets; below 128 the short form.
        if octets.first() == Some(&0) || len < 0x80 {
            return Err(format!(
                "length {len} at byte {} is not in its shortest form (not DER)",
                pos + 1
            ));
        }
        (len, 1 + n)
    };
    let body = pos + 1 + len_octets;
    if body > limit {
        return Err(format!("truncated: length octets at byte {}", pos + 1));
    }
    let declared_end = body.saturating_add(len);
    let end = declared_end.min(limit);
    Ok(Tlv {
        tag,
        start: pos,
        body,
        end,
        declared_end,
        contents: &buf[body..end],
        bytes: &buf[pos..end],
    })
}

/// What a cut-off value is missing.
pub fn truncation(t: &Tlv<'_>) -> String {
    format!(
        "truncated: value at byte {} declares {} bytes, {} present",
        t.start,
        t.declared_end - t.body,
        t.end - t.body
    )
}

/// Reads the TLV at `pos` and checks its tag.
pub fn expect(buf: &[u8], pos: usize, limit: usize, tag: u8) -> Result<Tlv<'_>, String> {
    let tlv = read(buf, pos, limit)?;
    if tlv.tag != tag {
        return Err(format!(
            "expected tag 0x{tag:02x} at byte {pos}, found 0x{:02x}",
            tlv.tag
        ));
    }
    Ok(tlv)
}

/// The TLVs inside a constructed value, in order; stops after the first error.
pub fn children<'a>(buf: &'a [u8], parent: &Tlv<'a>) -> Children<'a> {
    Children {
        buf,
        pos: parent.body,
        limit: parent.end,
    }
}

pub struct Children<'a> {
    buf: &'a [u8],
    pos: usize,
    limit: usize,
}

impl<'a> Iterator for Children<'a> {
    type Item = Result<Tlv<'a>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.limit {
            return None;
        }
        match read(self.buf, self.pos, self.limit) {
            Ok(tlv) => {
                self.pos = tlv.end;
                Some(Ok(tlv))
            }
            Err(e) => {
                self.pos = self.limit;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths() {
        let buf = [0x30, 0x03, 0x02, 0x01, 0x05];
        let seq = read(&buf, 0, buf.len()).expect("valid");
        assert_eq!((seq.tag, seq.body, seq.end), (SEQUENCE, 2, 5));
        let kids: Vec<_> = children(&buf, &seq).collect();
        assert_eq!(kids.len(), 1);
        let int = kids[0].as_ref().expect("valid");
        assert_eq!(int.contents, &[5]);

        let mut long = vec![0x04, 0x81, 0x80];
        long.extend([0u8; 0x80]);
        let s = read(&long, 0, long.len()).expect("valid");
        assert_eq!((s.body, s.end), (3, 0x83));
    }

    #[test]
    fn rejects_bad_lengths_without_panicking() {
        for buf in [
            &[][..],
            &[0x30],
            &[0x30, 0x80],
            &[0x30, 0x85, 1, 1, 1, 1, 1],
            &[0x30, 0x82, 0x01],
            &[0x30, 0x05, 0x00],
            &[0x1f, 0x01, 0x00],
            &[0x30, 0x84, 0xff, 0xff, 0xff, 0xff],
        ] {
            assert!(read(buf, 0, buf.len()).is_err(), "{buf:02x?}");
        }
    }

    #[test]
    fn rejects_lengths_not_in_their_shortest_form() {
        let mut long = vec![0x04, 0x82, 0x00, 0x80];
        long.extend([0u8; 0x80]);
        for buf in [&[0x04, 0x81, 0x01, 0x00][..], &long] {
            let e = read(buf, 0, buf.len()).expect_err("non-minimal");
            assert!(e.contains("shortest form"), "{e}");
        }
    }
}
