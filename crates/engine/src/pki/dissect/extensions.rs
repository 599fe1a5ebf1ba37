//! The extensions a TLS certificate carries (RFC 5280 §4.2), each opened up to its values.

use super::super::parsed::KeyUsage;
use super::super::tlv::{self, Tlv};
use super::super::{oid, text};
use super::{Dissector, oid_value};
use crate::transcript::Field;

impl<'a> Dissector<'a> {
    /// extensions [3] EXPLICIT SEQUENCE OF Extension (RFC 5280 §4.1.2.9).
    pub(super) fn extensions(&self, t: &Tlv<'a>) -> Field {
        let mut count = 0;
        let kids = self.walk(t, |c, kids| {
            let list = c.take(tlv::SEQUENCE)?;
            let mut inner = self.walk(&list, |c, exts| {
                while c.more() {
                    let ext = c.take(tlv::SEQUENCE)?;
                    exts.push(self.extension(&ext));
                    count += 1;
                }
                Ok(())
            });
            kids.append(&mut inner);
            Ok(())
        });
        let value = format!("{count} extension{}", if count == 1 { "" } else { "s" });
        self.node("extensions", t, value, "RFC 5280 §4.1.2.9", kids)
    }

    /// Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue }.
    fn extension(&self, t: &Tlv<'a>) -> Field {
        let mut dotted = String::new();
        let mut critical = false;
        let mut summary = String::new();
        let kids = self.walk(t, |c, kids| {
            let id = c.take(tlv::OID)?;
            dotted = oid::dotted(id.contents).unwrap_or_default();
            kids.push(self.leaf("extnID", &id, oid_value(id.contents), ""));
            if c.peek() == Some(tlv::BOOLEAN) {
                let b = c.take(tlv::BOOLEAN)?;
                critical = b.contents.first().is_some_and(|&v| v != 0);
                let value = if critical { "TRUE" } else { "FALSE" };
                kids.push(self.leaf("critical", &b, value.into(), ""));
            }
            let value = c.take(tlv::OCTET_STRING)?;
            let (s, inner) = self.extension_value(&dotted, &value);
            summary = s;
            kids.push(self.node("extnValue", &value, summary.clone(), "", inner));
            Ok(())
        });
        let name = oid::name(&dotted).unwrap_or("Extension");
        let value = if critical {
            format!("{summary} (critical)")
        } else {
            summary
        };
        self.node(name, t, value, oid::rfc(&dotted), kids)
    }

    /// The DER inside extnValue, decoded for the extensions a TLS certificate carries.
    fn extension_value(&self, dotted: &str, octets: &Tlv<'a>) -> (String, Vec<Field>) {
        let inner = match tlv::read_lenient(self.der, octets.body, octets.end) {
            Ok(t) => t,
            Err(e) => {
                let err = self.error("malformed", octets.body, octets.end, &e);
                return (err.value.clone(), vec![err]);
            }
        };
        let mut summary = Vec::new();
        let mut kids = match dotted {
            oid::BASIC_CONSTRAINTS => vec![self.basic_constraints(&inner, &mut summary)],
            oid::KEY_USAGE => {
                let value = key_usage_value(&inner);
                summary.push(value.clone());
                vec![self.leaf("KeyUsage", &inner, value, "")]
            }
            oid::EXT_KEY_USAGE => {
                let list = self.list("ExtKeyUsageSyntax", &inner, &mut summary, |t| {
                    let v = oid::dotted(t.contents).unwrap_or_default();
                    let short = oid::name(&v).map_or(v.clone(), str::to_string);
                    ("KeyPurposeId", oid_value(t.contents), short)
                });
                vec![list]
            }
            oid::SUBJECT_ALT_NAME => {
                vec![self.list("GeneralNames", &inner, &mut summary, general_name)]
            }
            oid::SUBJECT_KEY_IDENTIFIER => {
                let value = text::hex(inner.contents);
                summary.push(value.clone());
                vec![self.leaf("KeyIdentifier", &inner, value, "")]
            }
            oid::AUTHORITY_KEY_IDENTIFIER => {
                let list = self.list("AuthorityKeyIdentifier", &inner, &mut summary, |t| {
                    let hex = text::hex(t.contents);
                    match t.tag {
                        0x80 => ("keyIdentifier", hex.clone(), format!("keyid: {hex}")),
                        0xa1 => ("authorityCertIssuer", String::new(), "issuer".into()),
                        0x82 => (
                            "authorityCertSerialNumber",
                            text::integer(t.contents),
                            "serial".into(),
                        ),
                        _ => ("unknown", text::hex_preview(t.bytes, 8), String::new()),
                    }
                });
                vec![list]
            }
            _ => {
                summary.push(text::hex_preview(octets.contents, 16));
                Vec::new()
            }
        };
        if inner.end < octets.end {
            kids.push(self.error("unexpected data", inner.end, octets.end, "after the value"));
        }
        (summary.join(", "), kids)
    }

    /// BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }
    fn basic_constraints(&self, t: &Tlv<'a>, summary: &mut Vec<String>) -> Field {
        if t.tag != tlv::SEQUENCE {
            return self.error("BasicConstraints", t.start, t.end, "not a SEQUENCE");
        }
        let mut ca = false;
        let mut path = None;
        let kids = self.walk(t, |c, kids| {
            if c.peek() == Some(tlv::BOOLEAN) {
                let b = c.take(tlv::BOOLEAN)?;
                ca = b.contents.first().is_some_and(|&v| v != 0);
                let v = if ca { "TRUE" } else { "FALSE" };
                kids.push(self.leaf("cA", &b, v.into(), ""));
            }
            if c.peek() == Some(tlv::INTEGER) {
                let n = c.take(tlv::INTEGER)?;
                path = Some(text::integer(n.contents));
                kids.push(self.leaf("pathLenConstraint", &n, text::integer(n.contents), ""));
            }
            Ok(())
        });
        summary.push(format!("CA:{}", if ca { "TRUE" } else { "FALSE" }));
        if let Some(p) = path {
            summary.push(format!("pathlen:{p}"));
        }
        self.node("BasicConstraints", t, summary.join(", "), "", kids)
    }

    /// A SEQUENCE (OF) simple values named `name`: one leaf per element, `describe` gives
    /// each (field name, value, summary part).
    fn list(
        &self,
        name: &str,
        t: &Tlv<'a>,
        summary: &mut Vec<String>,
        describe: impl Fn(&Tlv<'a>) -> (&'static str, String, String),
    ) -> Field {
        if t.tag != tlv::SEQUENCE {
            return self.error(name, t.start, t.end, "not a SEQUENCE");
        }
        let kids = self.walk(t, |c, kids| {
            while c.more() {
                let item = c.take_any()?;
                let (name, value, short) = describe(&item);
                if !short.is_empty() {
                    summary.push(short);
                }
                kids.push(self.leaf(name, &item, value, ""));
            }
            Ok(())
        });
        self.node(name, t, summary.join(", "), "", kids)
    }
}

/// GeneralName (RFC 5280 §4.2.1.6), IMPLICIT context tags.
fn general_name(t: &Tlv<'_>) -> (&'static str, String, String) {
    let string = || text::string(tlv::IA5_STRING, t.contents);
    match t.tag {
        0x81 => ("rfc822Name", string(), format!("email:{}", string())),
        0x82 => ("dNSName", string(), format!("DNS:{}", string())),
        0x86 => (
            "uniformResourceIdentifier",
            string(),
            format!("URI:{}", string()),
        ),
        0x87 => {
            let ip = text::ip_address(t.contents);
            ("iPAddress", ip.clone(), format!("IP:{ip}"))
        }
        0xa4 => ("directoryName", String::new(), "DirName".into()),
        _ => (
            "GeneralName",
            text::hex_preview(t.bytes, 16),
            "other".into(),
        ),
    }
}

/// KeyUsage ::= BIT STRING, bit 0 first (RFC 5280 §4.2.1.3).
fn key_usage_value(t: &Tlv<'_>) -> String {
    if t.tag != tlv::BIT_STRING || t.contents.is_empty() {
        return "malformed: not a BIT STRING".into();
    }
    let data = &t.contents[1..];
    let set: Vec<&str> = KeyUsage::NAMES
        .iter()
        .enumerate()
        .filter(|(i, _)| data.get(i / 8).is_some_and(|b| b & (0x80 >> (i % 8)) != 0))
        .map(|(_, name)| *name)
        .collect();
    if set.is_empty() {
        "(none)".into()
    } else {
        set.join(", ")
    }
}
