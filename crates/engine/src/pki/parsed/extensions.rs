//! The extensions the checks read (RFC 5280 §4.2): subjectAltName, basicConstraints,
//! keyUsage and extKeyUsage. Others are checked for their Extension structure only (the
//! inspector opens up the rest).

use super::super::asn1::{self, BitString, Fields};
use super::super::tlv::{self, Tlv};
use super::super::{oid, text};

/// One Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
/// with extnValue's contents still undecoded.
pub struct Raw<'a> {
    id: String,
    value: &'a [u8],
}

/// BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER
/// (0..MAX) OPTIONAL } (RFC 5280 §4.2.1.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasicConstraints {
    pub ca: bool,
    pub path_len: Option<u64>,
}

/// KeyUsage ::= BIT STRING (RFC 5280 §4.2.1.3); named bit n is `1 << n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyUsage(u16);

impl KeyUsage {
    pub const DIGITAL_SIGNATURE: usize = 0;
    pub const KEY_ENCIPHERMENT: usize = 2;
    pub const KEY_CERT_SIGN: usize = 5;

    /// The named bits in order, bit 0 first.
    pub const NAMES: [&'static str; 9] = [
        "digitalSignature",
        "nonRepudiation",
        "keyEncipherment",
        "dataEncipherment",
        "keyAgreement",
        "keyCertSign",
        "cRLSign",
        "encipherOnly",
        "decipherOnly",
    ];

    pub fn has(self, bit: usize) -> bool {
        bit < 16 && self.0 & (1 << bit) != 0
    }

    pub fn names(self) -> Vec<String> {
        Self::NAMES
            .iter()
            .enumerate()
            .filter(|&(bit, _)| self.has(bit))
            .map(|(_, name)| name.to_string())
            .collect()
    }
}

/// What the checks use from the extensions.
#[derive(Default)]
pub struct Decoded {
    pub dns_names: Option<Vec<String>>,
    /// Every GeneralName, as OpenSSL prints them.
    pub alt_names: Vec<String>,
    pub basic_constraints: Option<BasicConstraints>,
    pub key_usage: Option<KeyUsage>,
    pub ext_key_usage: Option<Vec<String>>,
}

/// extensions [3] EXPLICIT Extensions; Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension
/// (RFC 5280 §4.1.2.9): the structure only.
pub fn list<'a>(der: &'a [u8], explicit: &Tlv<'a>) -> Result<Vec<Raw<'a>>, String> {
    let mut outer = Fields::of(der, explicit);
    let seq = outer.take(tlv::SEQUENCE, "extensions")?;
    outer.finish("extensions")?;
    let mut f = Fields::of(der, &seq);
    if f.is_empty() {
        return Err("extensions: an empty list (SIZE (1..MAX))".into());
    }
    let mut out = Vec::new();
    while !f.is_empty() {
        let ext = f.take(tlv::SEQUENCE, "Extension")?;
        let mut e = Fields::of(der, &ext);
        let id = asn1::object_identifier(&e.take(tlv::OID, "extnID")?, "extnID")?;
        // An explicit FALSE breaks X.690 §11.5 (no DEFAULT values in DER) but is accepted, as
        // OpenSSL accepts it; anything other than 0x00 or 0xFF is not.
        if let Some(critical) = e.optional(tlv::BOOLEAN, "critical")? {
            asn1::boolean(&critical, "critical")?;
        }
        let value = e.take(tlv::OCTET_STRING, "extnValue")?;
        e.finish("Extension")?;
        out.push(Raw {
            id,
            value: value.contents,
        });
    }
    Ok(out)
}

/// Decodes the values the checks use; any extension twice is an error (RFC 5280 §4.2: "A
/// certificate MUST NOT include more than one instance of a particular extension").
pub fn decode(list: &[Raw<'_>]) -> Result<Decoded, String> {
    let mut d = Decoded::default();
    for (i, ext) in list.iter().enumerate() {
        let name = oid::name(&ext.id).unwrap_or(&ext.id);
        if list.iter().take(i).any(|earlier| earlier.id == ext.id) {
            return Err(format!("{name} appears twice (RFC 5280 §4.2)"));
        }
        let in_context = |e: String| format!("{name}: {e}");
        match ext.id.as_str() {
            oid::SUBJECT_ALT_NAME => {
                let names = subject_alt_name(ext.value).map_err(in_context)?;
                d.dns_names = Some(names.iter().filter_map(|n| n.dns.clone()).collect());
                d.alt_names = names.into_iter().map(|n| n.shown).collect();
            }
            oid::BASIC_CONSTRAINTS => {
                d.basic_constraints = Some(basic_constraints(ext.value).map_err(in_context)?);
            }
            oid::KEY_USAGE => d.key_usage = Some(key_usage(ext.value).map_err(in_context)?),
            oid::EXT_KEY_USAGE => {
                d.ext_key_usage = Some(ext_key_usage(ext.value).map_err(in_context)?);
            }
            _ => {}
        }
    }
    Ok(d)
}

fn basic_constraints(der: &[u8]) -> Result<BasicConstraints, String> {
    let seq = asn1::whole(der, tlv::SEQUENCE, "BasicConstraints")?;
    let mut f = Fields::of(der, &seq);
    let ca = match f.optional(tlv::BOOLEAN, "cA")? {
        Some(b) => asn1::boolean(&b, "cA")?,
        None => false,
    };
    let path_len = match f.optional(tlv::INTEGER, "pathLenConstraint")? {
        Some(n) => Some(asn1::small_unsigned(&n, "pathLenConstraint")?),
        None => None,
    };
    f.finish("BasicConstraints")?;
    Ok(BasicConstraints { ca, path_len })
}

fn key_usage(der: &[u8]) -> Result<KeyUsage, String> {
    let t = asn1::whole(der, tlv::BIT_STRING, "KeyUsage")?;
    let bits = BitString::decode(&t, "KeyUsage")?;
    let mut usage = 0u16;
    for bit in 0..bits.len() {
        if !bits.bit(bit) {
            continue;
        }
        if bit >= KeyUsage::NAMES.len() {
            return Err(format!("bit {bit} is not a named bit"));
        }
        usage |= 1 << bit;
    }
    Ok(KeyUsage(usage))
}

/// ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId (RFC 5280 §4.2.1.12).
fn ext_key_usage(der: &[u8]) -> Result<Vec<String>, String> {
    let seq = asn1::whole(der, tlv::SEQUENCE, "ExtKeyUsageSyntax")?;
    let mut f = Fields::of(der, &seq);
    let mut out = Vec::new();
    while !f.is_empty() {
        let id = f.take(tlv::OID, "KeyPurposeId")?;
        out.push(asn1::object_identifier(&id, "KeyPurposeId")?);
    }
    if out.is_empty() {
        return Err("no KeyPurposeId (SIZE (1..MAX))".into());
    }
    Ok(out)
}

/// One GeneralName: as OpenSSL prints it, and the DNS name if it is one.
struct AltName {
    shown: String,
    dns: Option<String>,
}

/// GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName (RFC 5280 §4.2.1.6).
fn subject_alt_name(der: &[u8]) -> Result<Vec<AltName>, String> {
    let seq = asn1::whole(der, tlv::SEQUENCE, "GeneralNames")?;
    let mut f = Fields::of(der, &seq);
    let mut out = Vec::new();
    while !f.is_empty() {
        let name = f.any("GeneralName")?;
        out.push(general_name(der, &name)?);
    }
    if out.is_empty() {
        return Err("no GeneralName (SIZE (1..MAX))".into());
    }
    Ok(out)
}

/// GeneralName, IMPLICIT context tags except directoryName (a CHOICE, so EXPLICIT).
fn general_name(der: &[u8], t: &Tlv<'_>) -> Result<AltName, String> {
    let shown = |s: String| AltName {
        shown: s,
        dns: None,
    };
    let ia5 =
        |what: &str| asn1::ia5_string(t, what).map(|s| text::string(tlv::IA5_STRING, s.as_bytes()));
    Ok(match t.tag {
        // otherName [0] SEQUENCE { type-id OID, value [0] EXPLICIT ANY }
        0xa0 => {
            let mut f = Fields::of(der, t);
            asn1::object_identifier(&f.take(tlv::OID, "otherName")?, "otherName")?;
            let value = f.take(tlv::context_constructed(0), "otherName value")?;
            f.finish("otherName")?;
            let mut inner = Fields::of(der, &value);
            inner.any("otherName value")?;
            inner.finish("otherName value")?;
            shown("othername".into())
        }
        0x81 => shown(format!("email:{}", ia5("rfc822Name")?)),
        0x82 => AltName {
            shown: format!("DNS:{}", ia5("dNSName")?),
            dns: Some(asn1::ia5_string(t, "dNSName")?.to_string()),
        },
        // x400Address [3] ORAddress, ediPartyName [5]: shown by kind, as OpenSSL does.
        0xa3 => shown("X400Name".into()),
        0xa4 => {
            let mut f = Fields::of(der, t);
            let dn = f.take(tlv::SEQUENCE, "directoryName")?;
            f.finish("directoryName")?;
            super::name(der, &dn, "directoryName")?;
            shown("DirName".into())
        }
        0xa5 => shown("othername".into()),
        0x86 => shown(format!("URI:{}", ia5("uniformResourceIdentifier")?)),
        0x87 => shown(format!("IP:{}", text::ip_address(t.contents))),
        0x88 => shown(format!(
            "Registered ID:{}",
            asn1::object_identifier(t, "registeredID")?
        )),
        other => return Err(format!("0x{other:02x} is not a GeneralName tag")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(id: &str, value: &'static [u8]) -> Raw<'static> {
        Raw {
            id: id.into(),
            value,
        }
    }

    #[test]
    fn decodes_the_extensions_the_checks_use() {
        let list = [
            // cA TRUE, pathLenConstraint 0.
            raw(
                oid::BASIC_CONSTRAINTS,
                &[0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, 0x00],
            ),
            // digitalSignature, keyEncipherment.
            raw(oid::KEY_USAGE, &[0x03, 0x02, 0x05, 0xa0]),
            raw(
                oid::EXT_KEY_USAGE,
                &[
                    0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01,
                ],
            ),
            raw(
                oid::SUBJECT_ALT_NAME,
                b"\x30\x16\x82\x0bserver.test\x87\x04\x7f\x00\x00\x01\x81\x01a",
            ),
        ];
        let d = decode(&list).expect("valid");
        assert_eq!(
            d.basic_constraints,
            Some(BasicConstraints {
                ca: true,
                path_len: Some(0)
            })
        );
        let ku = d.key_usage.expect("keyUsage");
        assert!(ku.has(KeyUsage::DIGITAL_SIGNATURE) && ku.has(KeyUsage::KEY_ENCIPHERMENT));
        assert_eq!(ku.names(), ["digitalSignature", "keyEncipherment"]);
        assert_eq!(d.ext_key_usage, Some(vec![oid::SERVER_AUTH.to_string()]));
        assert_eq!(d.alt_names, ["DNS:server.test", "IP:127.0.0.1", "email:a"]);
        assert_eq!(d.dns_names, Some(vec!["server.test".to_string()]));
        // cA is DEFAULT FALSE; no subjectAltName means no DNS list at all.
        let d = decode(&[raw(oid::BASIC_CONSTRAINTS, &[0x30, 0x00])]).expect("valid");
        assert_eq!(d.basic_constraints.map(|b| b.ca), Some(false));
        assert_eq!(d.dns_names, None);
    }

    #[test]
    fn rejects_what_der_and_rfc_5280_forbid() {
        let bad: [&[Raw<'static>]; 9] = [
            // BOOLEAN 0x01 (X.690 §11.1).
            &[raw(oid::BASIC_CONSTRAINTS, &[0x30, 0x03, 0x01, 0x01, 0x01])],
            // Negative pathLenConstraint.
            &[raw(oid::BASIC_CONSTRAINTS, &[0x30, 0x03, 0x02, 0x01, 0xff])],
            // Trailing data after the value.
            &[raw(oid::BASIC_CONSTRAINTS, &[0x30, 0x00, 0x00])],
            // The same extension twice (RFC 5280 §4.2), even an unknown one.
            &[
                raw(oid::KEY_USAGE, &[0x03, 0x02, 0x07, 0x80]),
                raw(oid::KEY_USAGE, &[0x03, 0x02, 0x07, 0x80]),
            ],
            &[raw("1.2.3", &[]), raw("1.2.3", &[])],
            // keyUsage bit 9 is not defined.
            &[raw(oid::KEY_USAGE, &[0x03, 0x03, 0x06, 0x00, 0x40])],
            // A dNSName with a non-ASCII octet; a constructed dNSName; empty GeneralNames.
            &[raw(oid::SUBJECT_ALT_NAME, b"\x30\x03\x82\x01\xe9")],
            &[raw(oid::SUBJECT_ALT_NAME, b"\x30\x04\xa2\x02\x16\x00")],
            &[raw(oid::SUBJECT_ALT_NAME, b"\x30\x00")],
        ];
        for list in bad {
            assert!(
                decode(list).is_err(),
                "{:?}",
                list.iter().map(|r| r.value).collect::<Vec<_>>()
            );
        }
    }
}
