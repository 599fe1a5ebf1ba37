//! Strict DER for the checks (X.690 §8, §10, §11) on top of the [`tlv`] walker: a cursor over
//! the fields of a SEQUENCE and the universal types X.509 and PKCS #1/#8 use. Where the
//! inspector's walk shows what it can, this refuses anything DER does not allow.
//!
//! Errors name the field in the standard's words and the byte offset in the buffer walked.

use super::tlv::{self, Tlv};
use super::{oid, text};

/// The whole of `buf` as one value with `tag`: nothing may follow it.
pub fn whole<'a>(buf: &'a [u8], tag: u8, what: &str) -> Result<Tlv<'a>, String> {
    let t = tlv::read(buf, 0, buf.len()).map_err(|e| format!("{what}: {e}"))?;
    if t.tag != tag {
        return Err(format!(
            "{what}: expected tag 0x{tag:02x}, found 0x{:02x}",
            t.tag
        ));
    }
    if t.end < buf.len() {
        return Err(format!(
            "{} bytes of trailing data after the {what}",
            buf.len() - t.end
        ));
    }
    Ok(t)
}

/// The fields of one constructed value, read in order.
pub struct Fields<'a> {
    buf: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a> Fields<'a> {
    /// The fields inside `t`, a value read from `buf`.
    pub fn of(buf: &'a [u8], t: &Tlv<'a>) -> Self {
        Fields {
            buf,
            pos: t.body,
            end: t.end,
        }
    }

    /// The next field, which must be there with `tag`.
    pub fn take(&mut self, tag: u8, what: &str) -> Result<Tlv<'a>, String> {
        let t = self.any(what)?;
        if t.tag != tag {
            return Err(format!(
                "{what}: expected tag 0x{tag:02x} at byte {}, found 0x{:02x}",
                t.start, t.tag
            ));
        }
        Ok(t)
    }

    /// The next field whatever its tag (ANY, CHOICE).
    pub fn any(&mut self, what: &str) -> Result<Tlv<'a>, String> {
        if self.pos >= self.end {
            return Err(format!("{what} is missing at byte {}", self.pos));
        }
        let t = tlv::read(self.buf, self.pos, self.end).map_err(|e| format!("{what}: {e}"))?;
        self.pos = t.end;
        universal_form(t.tag).map_err(|e| format!("{what}: {e} at byte {}", t.start))?;
        Ok(t)
    }

    /// The next field if it has `tag`: an OPTIONAL or DEFAULT field, told apart by its tag.
    pub fn optional(&mut self, tag: u8, what: &str) -> Result<Option<Tlv<'a>>, String> {
        if self.peek() == Some(tag) {
            self.take(tag, what).map(Some)
        } else {
            Ok(None)
        }
    }

    pub fn peek(&self) -> Option<u8> {
        self.buf
            .get(self.pos)
            .filter(|_| self.pos < self.end)
            .copied()
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.end
    }

    /// Nothing may follow the last field of `what`.
    pub fn finish(&self, what: &str) -> Result<(), String> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "unexpected data at byte {} after the fields of {what}",
                self.pos
            ))
        }
    }
}

/// A universal tag in the one form DER allows (X.690 §8.1.2.5, §10.2): SEQUENCE, SET and
/// the other structured types constructed, everything else (strings too) primitive. Tag 0 is
/// BER's end-of-contents marker, never a value.
fn universal_form(tag: u8) -> Result<(), String> {
    if tag & 0xc0 != 0 {
        return Ok(()); // application, context-specific, private: the schema decides
    }
    let constructed = tag & 0x20 != 0;
    let ok = match tag & 0x1f {
        0 => false,
        // EXTERNAL, EMBEDDED PDV, SEQUENCE, SET, CHARACTER STRING.
        0x08 | 0x0b | 0x10 | 0x11 | 0x1d => constructed,
        _ => !constructed,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("tag 0x{tag:02x} is not a DER encoding"))
    }
}

/// BOOLEAN (X.690 §11.1: FALSE is 0x00, TRUE is 0xFF, nothing else in DER).
pub fn boolean(t: &Tlv<'_>, what: &str) -> Result<bool, String> {
    match t.contents {
        [0x00] => Ok(false),
        [0xff] => Ok(true),
        other => Err(format!(
            "{what}: BOOLEAN must be one octet 0x00 or 0xFF, found {}",
            text::hex(other)
        )),
    }
}

/// A signed INTEGER's contents, checked to be in the fewest octets (X.690 §8.3.2).
pub fn integer<'a>(t: &Tlv<'a>, what: &str) -> Result<&'a [u8], String> {
    match t.contents {
        [] => Err(format!("{what}: INTEGER without contents")),
        [0x00, next, ..] if next & 0x80 == 0 => Err(format!(
            "{what}: INTEGER with a superfluous leading 0x00 (not DER)"
        )),
        [0xff, next, ..] if next & 0x80 != 0 => Err(format!(
            "{what}: INTEGER with a superfluous leading 0xFF (not DER)"
        )),
        c => Ok(c),
    }
}

/// A non-negative INTEGER's magnitude, big-endian, without the sign octet DER puts before a
/// high bit (zero is `[0]`).
pub fn unsigned<'a>(t: &Tlv<'a>, what: &str) -> Result<&'a [u8], String> {
    let contents = integer(t, what)?;
    if contents.first().is_some_and(|b| b & 0x80 != 0) {
        return Err(format!("{what}: negative INTEGER"));
    }
    Ok(text::unsigned(contents))
}

/// A non-negative INTEGER that fits 64 bits.
pub fn small_unsigned(t: &Tlv<'_>, what: &str) -> Result<u64, String> {
    unsigned(t, what)?;
    text::small_uint(t.contents).ok_or_else(|| format!("{what}: INTEGER too large"))
}

/// OBJECT IDENTIFIER in dotted form.
pub fn object_identifier(t: &Tlv<'_>, what: &str) -> Result<String, String> {
    oid::dotted(t.contents).ok_or_else(|| {
        format!(
            "{what}: malformed OBJECT IDENTIFIER {} (X.690 §8.19)",
            text::hex(t.contents)
        )
    })
}

/// NULL: no contents.
pub fn null(t: &Tlv<'_>, what: &str) -> Result<(), String> {
    if t.contents.is_empty() {
        Ok(())
    } else {
        Err(format!("{what}: NULL with contents"))
    }
}

/// A BIT STRING's contents: the unused-bits count of its final octet, then its octets
/// (X.690 §8.6.2). The unused bits themselves are ignored, as OpenSSL ignores them.
#[derive(Clone, Copy, Debug)]
pub struct BitString<'a> {
    pub unused_bits: u8,
    pub octets: &'a [u8],
}

impl<'a> BitString<'a> {
    pub fn decode(t: &Tlv<'a>, what: &str) -> Result<Self, String> {
        match t.contents {
            [unused, octets @ ..] if *unused < 8 && (*unused == 0 || !octets.is_empty()) => {
                Ok(BitString {
                    unused_bits: *unused,
                    octets,
                })
            }
            _ => Err(format!("{what}: BIT STRING with a bad unused-bits octet")),
        }
    }

    /// The octets of a BIT STRING that wraps DER (keys, signatures): whole octets only.
    pub fn whole_octets(self, what: &str) -> Result<&'a [u8], String> {
        if self.unused_bits == 0 {
            Ok(self.octets)
        } else {
            Err(format!("{what} has {} unused bits", self.unused_bits))
        }
    }

    /// Bits 0.. in order (bit 0 is the high bit of the first octet).
    pub fn len(self) -> usize {
        (self.octets.len() * 8).saturating_sub(usize::from(self.unused_bits))
    }

    pub fn bit(self, n: usize) -> bool {
        n < self.len()
            && self
                .octets
                .get(n / 8)
                .is_some_and(|b| b & (0x80 >> (n % 8)) != 0)
    }
}

/// IA5String (X.680 §41: International Alphabet No. 5, 7-bit ASCII).
pub fn ia5_string<'a>(t: &Tlv<'a>, what: &str) -> Result<&'a str, String> {
    match std::str::from_utf8(t.contents) {
        Ok(s) if s.is_ascii() => Ok(s),
        _ => Err(format!("{what}: IA5String with a non-ASCII octet")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(buf: &[u8]) -> Tlv<'_> {
        tlv::read(buf, 0, buf.len()).expect("test TLV")
    }

    #[test]
    fn booleans_are_0x00_or_0xff_only() {
        assert_eq!(boolean(&tlv(&[0x01, 0x01, 0x00]), "b"), Ok(false));
        assert_eq!(boolean(&tlv(&[0x01, 0x01, 0xff]), "b"), Ok(true));
        for bad in [
            &[0x01, 0x01, 0x01][..],
            &[0x01, 0x00],
            &[0x01, 0x02, 0xff, 0xff],
        ] {
            assert!(boolean(&tlv(bad), "b").is_err(), "{bad:02x?}");
        }
    }

    #[test]
    fn integers_are_minimal() {
        assert_eq!(unsigned(&tlv(&[0x02, 0x01, 0x00]), "i"), Ok(&[0u8][..]));
        assert_eq!(
            unsigned(&tlv(&[0x02, 0x02, 0x00, 0x80]), "i"),
            Ok(&[0x80u8][..])
        );
        assert_eq!(
            small_unsigned(&tlv(&[0x02, 0x03, 0x01, 0x00, 0x01]), "e"),
            Ok(65537)
        );
        assert_eq!(integer(&tlv(&[0x02, 0x01, 0xff]), "i"), Ok(&[0xffu8][..]));
        for bad in [
            &[0x02, 0x00][..],
            &[0x02, 0x02, 0x00, 0x7f],
            &[0x02, 0x02, 0xff, 0x80],
        ] {
            assert!(integer(&tlv(bad), "i").is_err(), "{bad:02x?}");
        }
        // Negative where a size or a key component belongs.
        assert!(unsigned(&tlv(&[0x02, 0x01, 0x80]), "i").is_err());
        let nine = [0x02, 0x09, 0x01, 0, 0, 0, 0, 0, 0, 0, 0];
        assert!(small_unsigned(&tlv(&nine), "i").is_err());
    }

    #[test]
    fn bit_strings() {
        // keyUsage digitalSignature + keyEncipherment: 5 unused bits of 0xa0.
        let ku = BitString::decode(&tlv(&[0x03, 0x02, 0x05, 0xa0]), "ku").expect("valid");
        assert_eq!(ku.len(), 3);
        assert!(ku.bit(0) && !ku.bit(1) && ku.bit(2) && !ku.bit(3));
        assert!(ku.whole_octets("ku").is_err());
        assert!(BitString::decode(&tlv(&[0x03, 0x01, 0x00]), "b").is_ok());
        for bad in [
            &[0x03, 0x00][..],
            &[0x03, 0x01, 0x01],
            &[0x03, 0x02, 0x08, 0x00],
        ] {
            assert!(BitString::decode(&tlv(bad), "b").is_err(), "{bad:02x?}");
        }
    }

    #[test]
    fn fields_in_order_and_nothing_after() {
        let buf = [0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, 0x03];
        let seq = whole(&buf, tlv::SEQUENCE, "seq").expect("valid");
        let mut f = Fields::of(&buf, &seq);
        assert!(f.optional(tlv::NULL, "n").expect("peek").is_none());
        assert!(f.optional(tlv::BOOLEAN, "b").expect("present").is_some());
        assert!(f.take(tlv::BOOLEAN, "b").is_err());
        let mut f = Fields::of(&buf, &seq);
        f.take(tlv::BOOLEAN, "b").expect("present");
        assert!(f.finish("seq").is_err());
        f.take(tlv::INTEGER, "i").expect("present");
        assert!(f.finish("seq").is_ok());
        assert!(f.any("more").is_err());

        // A constructed UTF8String and a primitive SEQUENCE are not DER.
        for bad in [&[0x2c, 0x00][..], &[0x10, 0x00], &[0x00, 0x00]] {
            let t = tlv(bad);
            let mut f = Fields {
                buf: bad,
                pos: 0,
                end: t.end,
            };
            assert!(f.any("value").is_err(), "{bad:02x?}");
        }

        let mut trailing = buf.to_vec();
        trailing.push(0);
        assert!(whole(&trailing, tlv::SEQUENCE, "seq").is_err());
        assert!(whole(&buf, tlv::SET, "set").is_err());
    }

    #[test]
    fn ia5_strings_are_ascii() {
        assert_eq!(ia5_string(&tlv(b"\x16\x02ok"), "s"), Ok("ok"));
        assert!(ia5_string(&tlv(b"\x16\x02\xc3\xa9"), "s").is_err());
    }
}
