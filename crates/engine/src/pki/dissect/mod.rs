//! A certificate's DER as the inspector shows it: every field of RFC 5280 §4.1 with its byte
//! range and decoded value, named as RFC 5280 and Wireshark name them.
//!
//! The tree is best effort: a malformed part becomes a node whose value says what is wrong,
//! and the walk stops there. No input panics.

mod extensions;

use super::tlv::{self, Tlv, context_constructed, context_primitive};
use super::{oid, text, time};
use crate::transcript::Field;

/// The name of a certificate's field, whole (RFC 5280 §4.1).
pub const CERTIFICATE: &str = "Certificate";

/// Whether certificates are dissected into their fields here (feature `cert-tree`).
pub const CERT_TREE: bool = cfg!(feature = "cert-tree");

/// Whether `f` is a certificate left whole for want of the tree (see [`CERT_TREE`]).
pub fn undissected(f: &Field) -> bool {
    f.name == CERTIFICATE && f.children.is_empty() && !CERT_TREE
}

/// A certificate as the record dissector shows it: its field tree with `cert-tree`, else one
/// field valued with its subject (the lab's inspector then asks the dissector's worker, which
/// calls [`certificate_tree`]; the eavesdropper's report needs only the subject).
pub fn dissect_certificate(der: &[u8], base: usize) -> Field {
    if CERT_TREE {
        return certificate_tree(der, base);
    }
    let value = super::subject(der)
        .unwrap_or_else(|| format!("X.509 certificate, {} bytes of DER", der.len()));
    whole(der, base, value, Vec::new())
}

/// The field for a whole certificate.
fn whole(der: &[u8], base: usize, value: String, children: Vec<Field>) -> Field {
    Field {
        name: CERTIFICATE.into(),
        start: base,
        end: base.saturating_add(der.len()),
        value,
        rfc: "RFC 5280 §4.1".into(),
        children,
    }
}

/// The field tree of one DER certificate; offsets are `base` + position in `der`, so the
/// caller can place the tree inside a TLS record.
pub fn certificate_tree(der: &[u8], base: usize) -> Field {
    let whole = |value: String, children| whole(der, base, value, children);
    let d = Dissector { der, base };
    let cert = match tlv::read_lenient(der, 0, der.len()) {
        Ok(cert) if cert.tag == tlv::SEQUENCE => cert,
        Ok(other) => {
            let why = format!(
                "malformed: a Certificate is a SEQUENCE (0x30), not 0x{:02x}",
                other.tag
            );
            return whole(why, Vec::new());
        }
        Err(e) => return whole(format!("malformed: {e}"), Vec::new()),
    };
    let mut children = d.walk(&cert, |c, kids| {
        let tbs = c.take(tlv::SEQUENCE)?;
        kids.push(d.tbs_certificate(&tbs));
        let alg = c.take(tlv::SEQUENCE)?;
        kids.push(d.algorithm_identifier("signatureAlgorithm", "RFC 5280 §4.1.1.2", &alg));
        let sig = c.take(tlv::BIT_STRING)?;
        kids.push(d.leaf(
            "signatureValue",
            &sig,
            bit_string_value(sig.contents),
            "RFC 5280 §4.1.1.3",
        ));
        Ok(())
    });
    if cert.end < der.len() {
        children.push(d.error(
            "trailing data",
            cert.end,
            der.len(),
            "bytes after the certificate",
        ));
    }
    let subject = children
        .first()
        .and_then(|tbs| tbs.children.iter().find(|f| f.name == "subject"))
        .map(|s| s.value.clone())
        .unwrap_or_default();
    let value = if cert.declared_end > cert.end {
        format!("malformed: {}", tlv::truncation(&cert))
    } else {
        subject
    };
    whole(value, children)
}

struct Dissector<'a> {
    der: &'a [u8],
    base: usize,
}

/// Reads the fields of one constructed value in order.
struct Cursor<'a> {
    der: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        (self.pos < self.end).then(|| self.der[self.pos])
    }

    /// The next value, which must have `tag`; a value cut short is returned as far as it
    /// goes (its node then says so).
    fn take(&mut self, tag: u8) -> Result<Tlv<'a>, String> {
        let t = tlv::read_lenient(self.der, self.pos, self.end)?;
        if t.tag != tag {
            return Err(format!(
                "expected tag 0x{tag:02x} at byte {}, found 0x{:02x}",
                self.pos, t.tag
            ));
        }
        self.pos = t.end;
        Ok(t)
    }

    fn take_any(&mut self) -> Result<Tlv<'a>, String> {
        let t = tlv::read_lenient(self.der, self.pos, self.end)?;
        self.pos = t.end;
        Ok(t)
    }

    fn more(&self) -> bool {
        self.pos < self.end
    }
}

type Walk<'a, 'c> = &'c mut Cursor<'a>;

impl<'a> Dissector<'a> {
    /// Runs `f` over the contents of `t`; a failure or leftover bytes become an error node.
    fn walk(
        &self,
        t: &Tlv<'a>,
        f: impl FnOnce(Walk<'a, '_>, &mut Vec<Field>) -> Result<(), String>,
    ) -> Vec<Field> {
        let mut c = Cursor {
            der: self.der,
            pos: t.body,
            end: t.end,
        };
        let mut kids = Vec::new();
        match f(&mut c, &mut kids) {
            Err(e) => kids.push(self.error("malformed", c.pos, c.end, &e)),
            Ok(()) if c.more() => {
                kids.push(self.error("unexpected data", c.pos, c.end, "not in the grammar"))
            }
            Ok(()) => {}
        }
        kids
    }

    fn node(&self, name: &str, t: &Tlv, value: String, rfc: &str, children: Vec<Field>) -> Field {
        let value = if t.declared_end > t.end {
            format!("malformed: {}", tlv::truncation(t))
        } else {
            value
        };
        self.span(name, t.start, t.end, value, rfc, children)
    }

    fn leaf(&self, name: &str, t: &Tlv, value: String, rfc: &str) -> Field {
        self.node(name, t, value, rfc, Vec::new())
    }

    fn span(
        &self,
        name: &str,
        start: usize,
        end: usize,
        value: String,
        rfc: &str,
        children: Vec<Field>,
    ) -> Field {
        Field {
            name: name.into(),
            start: self.base.saturating_add(start),
            end: self.base.saturating_add(end),
            value,
            rfc: rfc.into(),
            children,
        }
    }

    fn error(&self, name: &str, start: usize, end: usize, why: &str) -> Field {
        self.span(
            name,
            start,
            end,
            format!("malformed: {why}"),
            "X.690 §8.1",
            Vec::new(),
        )
    }

    /// RFC 5280 §4.1.1.1 / §4.1.2.
    fn tbs_certificate(&self, t: &Tlv<'a>) -> Field {
        let kids = self.walk(t, |c, kids| {
            if c.peek() == Some(context_constructed(0)) {
                let v = c.take(context_constructed(0))?;
                let n = tlv::expect(self.der, v.body, v.end, tlv::INTEGER)?;
                let value = match text::small_uint(n.contents) {
                    Some(n) => format!("v{} ({n})", n + 1),
                    None => text::hex(n.contents),
                };
                kids.push(self.leaf("version", &v, value, "RFC 5280 §4.1.2.1"));
            } else {
                // DEFAULT v1: absent from the encoding.
            }
            let serial = c.take(tlv::INTEGER)?;
            let value = text::integer(serial.contents);
            kids.push(self.leaf("serialNumber", &serial, value, "RFC 5280 §4.1.2.2"));
            let alg = c.take(tlv::SEQUENCE)?;
            kids.push(self.algorithm_identifier("signature", "RFC 5280 §4.1.2.3", &alg));
            let issuer = c.take(tlv::SEQUENCE)?;
            kids.push(self.name("issuer", "RFC 5280 §4.1.2.4", &issuer));
            let validity = c.take(tlv::SEQUENCE)?;
            kids.push(self.validity(&validity));
            let subject = c.take(tlv::SEQUENCE)?;
            kids.push(self.name("subject", "RFC 5280 §4.1.2.6", &subject));
            let spki = c.take(tlv::SEQUENCE)?;
            kids.push(self.subject_public_key_info(&spki));
            for (n, name) in [(1, "issuerUniqueID"), (2, "subjectUniqueID")] {
                if c.peek() == Some(context_primitive(n)) {
                    let id = c.take(context_primitive(n))?;
                    let value = bit_string_value(id.contents);
                    kids.push(self.leaf(name, &id, value, "RFC 5280 §4.1.2.8"));
                }
            }
            if c.peek() == Some(context_constructed(3)) {
                let exts = c.take(context_constructed(3))?;
                kids.push(self.extensions(&exts));
            }
            Ok(())
        });
        let value = format!("{} bytes: what the issuer signed", t.bytes.len());
        self.node("tbsCertificate", t, value, "RFC 5280 §4.1.1.1", kids)
    }

    /// AlgorithmIdentifier (RFC 5280 §4.1.1.2).
    fn algorithm_identifier(&self, name: &str, rfc: &str, t: &Tlv<'a>) -> Field {
        let mut value = String::new();
        let kids = self.walk(t, |c, kids| {
            let alg = c.take(tlv::OID)?;
            value = oid_value(alg.contents);
            kids.push(self.leaf("algorithm", &alg, value.clone(), ""));
            if c.more() {
                let p = c.take_any()?;
                let v = if p.tag == tlv::NULL {
                    "NULL".into()
                } else {
                    text::hex_preview(p.bytes, 16)
                };
                kids.push(self.leaf("parameters", &p, v, ""));
            }
            Ok(())
        });
        self.node(name, t, value, rfc, kids)
    }

    /// Name: a sequence of RelativeDistinguishedName sets (RFC 5280 §4.1.2.4).
    fn name(&self, name: &str, rfc: &str, t: &Tlv<'a>) -> Field {
        let kids = self.walk(t, |c, kids| {
            while c.more() {
                let rdn = c.take(tlv::SET)?;
                let atvs = self.walk(&rdn, |c, atvs| {
                    while c.more() {
                        let atv = c.take(tlv::SEQUENCE)?;
                        let mut inner = self.walk(&atv, |c, parts| {
                            let ty = c.take(tlv::OID)?;
                            parts.push(self.leaf("type", &ty, oid_value(ty.contents), ""));
                            let v = c.take_any()?;
                            let value = if text::is_string(v.tag) {
                                format!(
                                    "{} ({})",
                                    text::string(v.tag, v.contents),
                                    string_type(v.tag)
                                )
                            } else {
                                text::hex_preview(v.bytes, 16)
                            };
                            parts.push(self.leaf("value", &v, value, ""));
                            Ok(())
                        });
                        atvs.append(&mut inner);
                    }
                    Ok(())
                });
                let value = tlv::children(self.der, &rdn)
                    .map(|a| a.map_or_else(|_| "?".into(), |a| text::attribute(self.der, &a)))
                    .collect::<Vec<_>>()
                    .join(" + ");
                kids.push(self.node("RelativeDistinguishedName", &rdn, value, "", atvs));
            }
            Ok(())
        });
        self.node(name, t, text::name(self.der, t), rfc, kids)
    }

    /// Validity (RFC 5280 §4.1.2.5).
    fn validity(&self, t: &Tlv<'a>) -> Field {
        let mut times = Vec::new();
        let kids = self.walk(t, |c, kids| {
            for name in ["notBefore", "notAfter"] {
                let time = c.take_any()?;
                let kind = match time.tag {
                    tlv::UTC_TIME => "UTCTime",
                    tlv::GENERALIZED_TIME => "GeneralizedTime",
                    _ => "not a time",
                };
                let raw = String::from_utf8_lossy(time.contents);
                let value = match time::decode(time.tag, time.contents) {
                    Ok(unix) => {
                        times.push(time::rfc3339(unix));
                        format!("{} ({kind} {raw})", time::rfc3339(unix))
                    }
                    Err(e) => format!("malformed: {e}"),
                };
                kids.push(self.leaf(name, &time, value, ""));
            }
            Ok(())
        });
        self.node("validity", t, times.join(" .. "), "RFC 5280 §4.1.2.5", kids)
    }

    /// SubjectPublicKeyInfo (RFC 5280 §4.1.2.7); an RSA key is opened up to its modulus
    /// and exponent (RFC 8017 §A.1.1, RFC 3279 §2.3.1).
    fn subject_public_key_info(&self, t: &Tlv<'a>) -> Field {
        let mut value = String::new();
        let kids = self.walk(t, |c, kids| {
            let alg = c.take(tlv::SEQUENCE)?;
            let algorithm = self.algorithm_identifier("algorithm", "", &alg);
            let is_rsa = algorithm.value.starts_with("rsaEncryption");
            value = algorithm.value.clone();
            kids.push(algorithm);
            let key = c.take(tlv::BIT_STRING)?;
            let mut key_kids = Vec::new();
            // The BIT STRING holds a DER RSAPublicKey after its unused-bits octet.
            if is_rsa && key.contents.first() == Some(&0) {
                match tlv::read_lenient(self.der, key.body + 1, key.end) {
                    Ok(rsa) if rsa.tag == tlv::SEQUENCE => key_kids = self.rsa_public_key(&rsa),
                    Ok(_) => key_kids.push(self.error(
                        "RSAPublicKey",
                        key.body + 1,
                        key.end,
                        "not a SEQUENCE",
                    )),
                    Err(e) => key_kids.push(self.error("RSAPublicKey", key.body + 1, key.end, &e)),
                }
                if let Some((bits, e)) = key.contents.get(1..).and_then(text::rsa_public_key) {
                    value = format!("RSA {bits} bits, e = {e}");
                }
            }
            let key_value = bit_string_value(key.contents);
            kids.push(self.node("subjectPublicKey", &key, key_value, "", key_kids));
            Ok(())
        });
        self.node("subjectPublicKeyInfo", t, value, "RFC 5280 §4.1.2.7", kids)
    }

    fn rsa_public_key(&self, t: &Tlv<'a>) -> Vec<Field> {
        self.walk(t, |c, kids| {
            let n = c.take(tlv::INTEGER)?;
            let magnitude = text::unsigned(n.contents);
            let value = format!(
                "{} bits: {}",
                text::bit_length(magnitude),
                text::hex_preview(magnitude, 8)
            );
            kids.push(self.leaf("modulus", &n, value, "RFC 8017 §A.1.1"));
            let e = c.take(tlv::INTEGER)?;
            let value = text::integer(e.contents);
            kids.push(self.leaf("publicExponent", &e, value, "RFC 8017 §A.1.1"));
            Ok(())
        })
    }
}

/// `2048 bits: bb be 4a … (256 bytes)`; the first contents octet counts unused bits.
fn bit_string_value(contents: &[u8]) -> String {
    match contents.split_first() {
        Some((&unused, bits)) if unused < 8 => format!(
            "{} bits: {}",
            (bits.len() * 8).saturating_sub(usize::from(unused)),
            text::hex_preview(bits, 8)
        ),
        _ => "malformed: bad unused-bits octet".into(),
    }
}

fn oid_value(contents: &[u8]) -> String {
    match oid::dotted(contents) {
        Some(d) => oid::describe(&d),
        None => format!("malformed OID {}", text::hex(contents)),
    }
}

fn string_type(tag: u8) -> &'static str {
    match tag {
        tlv::UTF8_STRING => "UTF8String",
        tlv::PRINTABLE_STRING => "PrintableString",
        tlv::TELETEX_STRING => "TeletexString",
        tlv::IA5_STRING => "IA5String",
        tlv::UNIVERSAL_STRING => "UniversalString",
        tlv::BMP_STRING => "BMPString",
        _ => "string",
    }
}
