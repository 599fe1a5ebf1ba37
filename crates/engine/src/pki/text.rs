//! DER values written for people: names as OpenSSL prints them, integers in decimal and
//! hex, long byte strings as a short hex preview. (Times: `time.rs`.)

use super::oid;
use super::tlv::{self, Tlv};

// `58 16 33 91` and `b3 b9 ab b1 30 8d c2 08 … (256 bytes)`: the engine's one hex encoder.
pub use crate::codec::{hex_head as hex_preview, hex_spaced as hex};

/// An INTEGER's contents without the sign octet DER adds before a high bit.
pub fn unsigned(contents: &[u8]) -> &[u8] {
    match contents {
        [0, rest @ ..] if !rest.is_empty() => rest,
        _ => contents,
    }
}

/// The value of a short non-negative INTEGER.
pub fn small_uint(contents: &[u8]) -> Option<u64> {
    let magnitude = unsigned(contents);
    if contents.first().is_none_or(|b| b & 0x80 != 0) || magnitude.len() > 8 {
        return None;
    }
    Some(
        magnitude
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)),
    )
}

/// `4097 (0x1001)`, or a hex preview for a long integer.
pub fn integer(contents: &[u8]) -> String {
    match small_uint(contents) {
        Some(v) => format!("{v} (0x{})", hex(unsigned(contents)).replace(' ', "")),
        None => hex_preview(contents, 20),
    }
}

/// Bits in an unsigned big-endian magnitude (a modulus, a signature).
pub fn bit_length(magnitude: &[u8]) -> usize {
    let magnitude = match magnitude.iter().position(|&b| b != 0) {
        Some(i) => &magnitude[i..],
        None => return 0,
    };
    magnitude.len() * 8 - magnitude[0].leading_zeros() as usize
}

/// (modulus bits, publicExponent) of an RSAPublicKey (RFC 8017 §A.1.1).
pub fn rsa_public_key(der: &[u8]) -> Option<(usize, String)> {
    let key = tlv::expect(der, 0, der.len(), tlv::SEQUENCE).ok()?;
    let mut parts = tlv::children(der, &key);
    let modulus = parts.next()?.ok()?;
    let exponent = parts.next()?.ok()?;
    if modulus.tag != tlv::INTEGER || exponent.tag != tlv::INTEGER {
        return None;
    }
    let e = small_uint(exponent.contents)
        .map_or_else(|| hex_preview(exponent.contents, 8), |v| v.to_string());
    Some((bit_length(unsigned(modulus.contents)), e))
}

/// An iPAddress GeneralName (RFC 5280 §4.2.1.6): 4 or 16 octets, written as OpenSSL writes
/// them (IPv6 as eight uncompressed groups: `2001:DB8:0:0:0:0:0:1`).
pub fn ip_address(octets: &[u8]) -> String {
    match octets.len() {
        4 => format!("{}.{}.{}.{}", octets[0], octets[1], octets[2], octets[3]),
        16 => octets
            .chunks(2)
            .map(|g| format!("{:X}", u16::from(g[0]) << 8 | u16::from(g[1])))
            .collect::<Vec<_>>()
            .join(":"),
        _ => hex(octets),
    }
}

/// A directory string or IA5String for display; control characters are escaped so a
/// hostile certificate cannot rewrite what the learner reads.
pub fn string(tag: u8, contents: &[u8]) -> String {
    let raw = match tag {
        tlv::BMP_STRING => {
            let units: Vec<u16> = contents
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        tlv::UNIVERSAL_STRING => contents
            .chunks(4)
            .map(|c| {
                let mut b = [0u8; 4];
                b[..c.len()].copy_from_slice(c);
                char::from_u32(u32::from_be_bytes(b)).unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect(),
        _ => String::from_utf8_lossy(contents).into_owned(),
    };
    raw.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

/// Whether a tag is one of the string types names and SANs use.
pub fn is_string(tag: u8) -> bool {
    matches!(
        tag,
        tlv::UTF8_STRING
            | tlv::PRINTABLE_STRING
            | tlv::TELETEX_STRING
            | tlv::IA5_STRING
            | tlv::UNIVERSAL_STRING
            | tlv::BMP_STRING
    )
}

/// One AttributeTypeAndValue: `CN = server.test` (RFC 5280 §4.1.2.4).
pub fn attribute(buf: &[u8], atv: &Tlv<'_>) -> String {
    let mut parts = tlv::children(buf, atv);
    let label = match parts.next() {
        Some(Ok(t)) if t.tag == tlv::OID => oid::dotted(t.contents)
            .map(|d| oid::attribute_label(&d))
            .unwrap_or_else(|| "?".into()),
        _ => "?".into(),
    };
    let value = match parts.next() {
        Some(Ok(v)) if is_string(v.tag) => string(v.tag, v.contents),
        Some(Ok(v)) => format!("#{}", hex(v.bytes).replace(' ', "")),
        _ => "?".into(),
    };
    format!("{label} = {value}")
}

/// A Name as OpenSSL's one-line form prints it: `CN = TLS Lab Teaching CA, O = …`.
pub fn name(buf: &[u8], name: &Tlv<'_>) -> String {
    let mut out = Vec::new();
    for rdn in tlv::children(buf, name) {
        let Ok(rdn) = rdn else {
            out.push("(malformed)".to_string());
            break;
        };
        let atvs: Vec<String> = tlv::children(buf, &rdn)
            .map(|atv| atv.map_or_else(|_| "(malformed)".into(), |a| attribute(buf, &a)))
            .collect();
        out.push(atvs.join(" + "));
    }
    if out.is_empty() {
        "(empty name)".into()
    } else {
        out.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(integer(&[0x10, 0x01]), "4097 (0x1001)");
        assert_eq!(integer(&[0x00, 0x80]), "128 (0x80)");
        assert_eq!(bit_length(&[0x00, 0xb3, 0x01]), 16);
        assert_eq!(bit_length(&[0x01]), 1);
        assert_eq!(hex_preview(&[1, 2, 3], 2), "01 02 … (3 bytes)");
        assert_eq!(string(tlv::UTF8_STRING, b"a\nb"), "a\\nb");
        assert_eq!(small_uint(&[0x80]), None);
        assert_eq!(small_uint(&[]), None);
        assert_eq!(ip_address(&[127, 0, 0, 1]), "127.0.0.1");
        let mut v6 = [0u8; 16];
        v6[..4].copy_from_slice(&[0x20, 0x01, 0x0d, 0xb8]);
        v6[15] = 1;
        assert_eq!(ip_address(&v6), "2001:DB8:0:0:0:0:0:1");
    }
}
