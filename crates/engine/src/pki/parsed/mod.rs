//! One certificate decoded once for the checks (RFC 5280 §4.1), with the same DER walker the
//! inspector's dissection uses: what the learner sees is what the browser checked. Every
//! part is kept as the exact bytes received, so the signature covers what was sent.

mod extensions;

use rsa::PublicKey as RsaPublicKey;

use super::asn1::{self, BitString, Fields};
use super::tlv::{self, Tlv, context_constructed, context_primitive};
use super::{CertError, CertSummary, keys, oid, text, time};

pub use extensions::{BasicConstraints, KeyUsage};

pub struct Parsed<'a> {
    pub der: &'a [u8],
    /// tbsCertificate exactly as received: what the signature covers (RFC 5280 §4.1.1.3).
    pub tbs: &'a [u8],
    /// tbsCertificate.signature and signatureAlgorithm, each a whole AlgorithmIdentifier;
    /// RFC 5280 §4.1.1.2 requires them to be the same.
    pub tbs_signature_algorithm: &'a [u8],
    pub signature_algorithm: &'a [u8],
    /// signatureAlgorithm's OID, dotted.
    pub signature_oid: String,
    pub signature_value: BitString<'a>,
    /// issuer and subject Names as DER.
    issuer_der: &'a [u8],
    subject_der: &'a [u8],
    /// subjectPublicKeyInfo as DER, its AlgorithmIdentifier, its OID and its key bits.
    spki: &'a [u8],
    spki_algorithm: Tlv<'a>,
    spki_oid: String,
    subject_public_key: BitString<'a>,
    pub subject: String,
    pub issuer: String,
    pub common_name: Option<String>,
    pub not_before: u64,
    pub not_after: u64,
    /// dNSName entries; `None` when there is no subjectAltName extension.
    pub dns_names: Option<Vec<String>>,
    pub alt_names: Vec<String>,
    pub basic_constraints: Option<BasicConstraints>,
    pub key_usage: Option<KeyUsage>,
    /// Dotted OIDs; `None` when there is no extKeyUsage extension.
    pub ext_key_usage: Option<Vec<String>>,
}

impl<'a> Parsed<'a> {
    pub fn new(der: &'a [u8]) -> Result<Self, String> {
        let c = Certificate::decode(der).map_err(|e| format!("not X.509 DER: {e}"))?;
        let ext = extensions::decode(&c.extensions).map_err(|e| format!("bad extension: {e}"))?;
        Ok(Parsed {
            der,
            tbs: c.tbs.bytes,
            tbs_signature_algorithm: c.tbs_signature.bytes,
            signature_algorithm: c.signature_algorithm.bytes,
            signature_oid: c.signature_oid,
            signature_value: c.signature_value,
            issuer_der: c.issuer.bytes,
            subject_der: c.subject.bytes,
            spki: c.spki.bytes,
            spki_algorithm: c.spki_algorithm,
            spki_oid: c.spki_oid,
            subject_public_key: c.subject_public_key,
            subject: text::name(der, &c.subject),
            issuer: text::name(der, &c.issuer),
            common_name: common_name(der, &c.subject),
            not_before: c.not_before,
            not_after: c.not_after,
            dns_names: ext.dns_names,
            alt_names: ext.alt_names,
            basic_constraints: ext.basic_constraints,
            key_usage: ext.key_usage,
            ext_key_usage: ext.ext_key_usage,
        })
    }

    /// The subject Name's DER. Names are compared as bytes: RFC 5280 §7.1 asks for a
    /// comparison after string preparation (case, spaces), which a PKI that encodes each
    /// name one way, like the teaching PKI, never needs.
    pub fn subject_name(&self) -> &'a [u8] {
        self.subject_der
    }

    pub fn issuer_name(&self) -> &'a [u8] {
        self.issuer_der
    }

    /// RFC 5280 §6.1: self-issued when subject and issuer are the same name.
    pub fn is_self_issued(&self) -> bool {
        self.subject_der == self.issuer_der
    }

    pub fn is_ca(&self) -> bool {
        self.basic_constraints.is_some_and(|b| b.ca)
    }

    /// subjectPublicKeyInfo exactly as received.
    pub fn spki_der(&self) -> &'a [u8] {
        self.spki
    }

    /// The subject's RSA key; other key types are beyond the engine's suites.
    pub fn rsa_public_key(&self) -> Result<RsaPublicKey, (CertError, String)> {
        if self.spki_oid != oid::RSA_ENCRYPTION {
            return Err((
                CertError::Unsupported,
                format!(
                    "the key is {}, not rsaEncryption",
                    oid::describe(&self.spki_oid)
                ),
            ));
        }
        keys::check_rsa_encryption(self.der, &self.spki_algorithm)
            .and_then(|()| keys::subject_public_key(self.subject_public_key))
            .map_err(|e| (CertError::Unsupported, format!("unusable RSA key: {e}")))
    }

    /// keyUsage bit names (RFC 5280 §4.2.1.3).
    pub fn key_usage_names(&self) -> Vec<String> {
        self.key_usage.map(KeyUsage::names).unwrap_or_default()
    }

    pub fn summary(&self) -> CertSummary {
        let key_bits = self
            .subject_public_key
            .whole_octets("subjectPublicKey")
            .ok();
        let public_key = match key_bits.and_then(text::rsa_public_key) {
            Some((bits, e)) if self.spki_oid == oid::RSA_ENCRYPTION => {
                format!("RSA {bits} bits, e = {e}")
            }
            _ => oid::describe(&self.spki_oid),
        };
        let sig = &self.signature_oid;
        CertSummary {
            subject: self.subject.clone(),
            issuer: self.issuer.clone(),
            not_before: time::rfc3339(self.not_before),
            not_after: time::rfc3339(self.not_after),
            public_key,
            signature_algorithm: oid::name(sig).map_or(sig.clone(), str::to_string),
            subject_alt_names: self.alt_names.clone(),
            is_ca: self.is_ca(),
            key_usage: self.key_usage_names(),
        }
    }
}

/// What a certificate that does not parse shows in the report.
pub fn unreadable(why: &str) -> CertSummary {
    CertSummary {
        subject: format!("(unreadable: {why})"),
        issuer: String::new(),
        not_before: String::new(),
        not_after: String::new(),
        public_key: String::new(),
        signature_algorithm: String::new(),
        subject_alt_names: Vec::new(),
        is_ca: false,
        key_usage: Vec::new(),
    }
}

/// The fields of RFC 5280 §4.1 as received, structure checked, extension values not yet.
struct Certificate<'a> {
    tbs: Tlv<'a>,
    tbs_signature: Tlv<'a>,
    issuer: Tlv<'a>,
    not_before: u64,
    not_after: u64,
    subject: Tlv<'a>,
    spki: Tlv<'a>,
    spki_algorithm: Tlv<'a>,
    spki_oid: String,
    subject_public_key: BitString<'a>,
    extensions: Vec<extensions::Raw<'a>>,
    signature_algorithm: Tlv<'a>,
    signature_oid: String,
    signature_value: BitString<'a>,
}

impl<'a> Certificate<'a> {
    /// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
    fn decode(der: &'a [u8]) -> Result<Self, String> {
        let cert = asn1::whole(der, tlv::SEQUENCE, "Certificate")?;
        let mut f = Fields::of(der, &cert);
        let tbs = f.take(tlv::SEQUENCE, "tbsCertificate")?;
        let signature_algorithm = f.take(tlv::SEQUENCE, "signatureAlgorithm")?;
        let signature_oid = algorithm_identifier(der, &signature_algorithm, "signatureAlgorithm")?;
        let signature_value = f.take(tlv::BIT_STRING, "signatureValue")?;
        let signature_value = BitString::decode(&signature_value, "signatureValue")?;
        f.finish("Certificate")?;

        let mut f = Fields::of(der, &tbs);
        // version [0] EXPLICIT Version DEFAULT v1 (RFC 5280 §4.1.2.1).
        let version = match f.optional(context_constructed(0), "version")? {
            Some(v) => {
                let mut inner = Fields::of(der, &v);
                let n = asn1::small_unsigned(&inner.take(tlv::INTEGER, "version")?, "version")?;
                inner.finish("version")?;
                n
            }
            None => 0,
        };
        if version > 2 {
            return Err(format!("version {} is not v1, v2 or v3", version + 1));
        }
        let serial = f.take(tlv::INTEGER, "serialNumber")?;
        // RFC 5280 §4.1.2.2: at most 20 octets, one more for a sign octet. Negative serials
        // are accepted: the RFC asks users to handle non-conforming CAs' gracefully.
        if asn1::integer(&serial, "serialNumber")?.len() > 21 {
            return Err("serialNumber longer than 20 octets".into());
        }
        let tbs_signature = f.take(tlv::SEQUENCE, "signature")?;
        algorithm_identifier(der, &tbs_signature, "signature")?;
        let issuer = f.take(tlv::SEQUENCE, "issuer")?;
        name(der, &issuer, "issuer")?;
        let validity = f.take(tlv::SEQUENCE, "validity")?;
        let (not_before, not_after) = self::validity(der, &validity)?;
        let subject = f.take(tlv::SEQUENCE, "subject")?;
        name(der, &subject, "subject")?;
        let spki = f.take(tlv::SEQUENCE, "subjectPublicKeyInfo")?;
        let mut k = Fields::of(der, &spki);
        let spki_algorithm = k.take(tlv::SEQUENCE, "algorithm")?;
        let spki_oid = algorithm_identifier(der, &spki_algorithm, "subjectPublicKeyInfo")?;
        let key = k.take(tlv::BIT_STRING, "subjectPublicKey")?;
        let subject_public_key = BitString::decode(&key, "subjectPublicKey")?;
        k.finish("subjectPublicKeyInfo")?;
        // RFC 5280 §4.1.2.8-9: unique identifiers from v2, extensions from v3 on.
        for (n, what) in [(1, "issuerUniqueID"), (2, "subjectUniqueID")] {
            if let Some(id) = f.optional(context_primitive(n), what)? {
                BitString::decode(&id, what)?;
                if version < 1 {
                    return Err(format!("{what} in a v1 certificate"));
                }
            }
        }
        let extensions = match f.optional(context_constructed(3), "extensions")? {
            Some(_) if version < 2 => return Err("extensions in a pre-v3 certificate".into()),
            Some(e) => extensions::list(der, &e)?,
            None => Vec::new(),
        };
        f.finish("tbsCertificate")?;

        Ok(Certificate {
            tbs,
            tbs_signature,
            issuer,
            not_before,
            not_after,
            subject,
            spki,
            spki_algorithm,
            spki_oid,
            subject_public_key,
            extensions,
            signature_algorithm,
            signature_oid,
            signature_value,
        })
    }
}

/// AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }; the OID.
fn algorithm_identifier(der: &[u8], t: &Tlv<'_>, what: &str) -> Result<String, String> {
    let mut f = Fields::of(der, t);
    let id = f.take(tlv::OID, what)?;
    if !f.is_empty() {
        f.any("parameters")?;
    }
    f.finish(what)?;
    asn1::object_identifier(&id, what)
}

/// Name ::= SEQUENCE OF RelativeDistinguishedName; RelativeDistinguishedName ::= SET SIZE
/// (1..MAX) OF SEQUENCE { type OID, value ANY } (RFC 5280 §4.1.2.4). Values are shown, not
/// interpreted, so any value type is accepted.
fn name(der: &[u8], t: &Tlv<'_>, what: &str) -> Result<(), String> {
    let mut rdns = Fields::of(der, t);
    while !rdns.is_empty() {
        let rdn = rdns.take(tlv::SET, what)?;
        let mut atvs = Fields::of(der, &rdn);
        if atvs.is_empty() {
            return Err(format!("{what}: empty RelativeDistinguishedName"));
        }
        while !atvs.is_empty() {
            let atv = atvs.take(tlv::SEQUENCE, what)?;
            let mut parts = Fields::of(der, &atv);
            asn1::object_identifier(&parts.take(tlv::OID, what)?, what)?;
            parts.any(what)?;
            parts.finish(what)?;
        }
    }
    Ok(())
}

/// Validity ::= SEQUENCE { notBefore Time, notAfter Time } (RFC 5280 §4.1.2.5).
fn validity(der: &[u8], t: &Tlv<'_>) -> Result<(u64, u64), String> {
    let mut f = Fields::of(der, t);
    let mut next = |what: &str| {
        let t = f.any(what)?;
        time::decode(t.tag, t.contents).map_err(|e| format!("{what}: {e}"))
    };
    let times = (next("notBefore")?, next("notAfter")?);
    f.finish("validity")?;
    Ok(times)
}

/// The last commonName in a Name (the most specific one), shown when a certificate has only a CN.
fn common_name(der: &[u8], name: &Tlv<'_>) -> Option<String> {
    let mut cn = None;
    for rdn in tlv::children(der, name).flatten() {
        for atv in tlv::children(der, &rdn).flatten() {
            let mut parts = tlv::children(der, &atv).flatten();
            if let (Some(t), Some(v)) = (parts.next(), parts.next())
                && oid::dotted(t.contents).as_deref() == Some(oid::COMMON_NAME)
            {
                cn = Some(text::string(v.tag, v.contents));
            }
        }
    }
    cn
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::{CertKind, identity};

    fn leaf() -> Vec<u8> {
        identity(CertKind::Valid).chain[0].clone()
    }

    fn ca() -> Vec<u8> {
        identity(CertKind::Valid).chain[1].clone()
    }

    /// `der` with the first occurrence of `from` replaced by `to` (same length).
    fn patched(der: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
        let at = der
            .windows(from.len())
            .position(|w| w == from)
            .expect("pattern present");
        let mut out = der.to_vec();
        out[at..at + to.len()].copy_from_slice(to);
        out
    }

    #[test]
    fn decodes_the_teaching_leaf_and_ca() {
        let der = leaf();
        let p = Parsed::new(&der).expect("valid");
        assert_eq!(p.subject, "CN = server.test");
        assert_eq!(p.issuer, "CN = TLS Lab Teaching CA");
        assert_eq!(p.common_name.as_deref(), Some("server.test"));
        assert_eq!(time::rfc3339(p.not_before), "2026-01-01T00:00:00Z");
        assert_eq!(time::rfc3339(p.not_after), "2027-12-31T00:00:00Z");
        assert_eq!(p.dns_names, Some(vec!["server.test".to_string()]));
        assert_eq!(
            p.basic_constraints,
            Some(BasicConstraints {
                ca: false,
                path_len: None
            })
        );
        assert_eq!(p.key_usage_names(), ["digitalSignature", "keyEncipherment"]);
        assert_eq!(p.ext_key_usage, Some(vec![oid::SERVER_AUTH.to_string()]));
        assert_eq!(p.signature_oid, oid::SHA256_WITH_RSA);
        assert_eq!(p.tbs_signature_algorithm, p.signature_algorithm);
        assert!(!p.is_self_issued());
        assert!(p.rsa_public_key().is_ok());
        // The signed part starts after the outer SEQUENCE's 4-octet header.
        assert_eq!(p.tbs, &der[4..4 + p.tbs.len()]);

        let ca = ca();
        let c = Parsed::new(&ca).expect("valid");
        assert!(c.is_self_issued() && c.is_ca());
        assert_eq!(c.subject_name(), p.issuer_name());
        assert_eq!(c.key_usage_names(), ["keyCertSign", "cRLSign"]);
        assert_eq!(c.dns_names, None);
    }

    #[test]
    fn truncated_or_garbage_certificates_are_errors_not_panics() {
        for der in [leaf(), ca()] {
            for len in 0..der.len() {
                assert!(Parsed::new(&der[..len]).is_err(), "cut to {len}");
            }
            let mut long = der.clone();
            long.push(0);
            let e = Parsed::new(&long).err().expect("trailing data");
            assert!(e.starts_with("not X.509 DER: "), "{e}");
        }
        // A seeded xorshift: the same garbage on every run.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for round in 0..2000 {
            let mut bytes = leaf();
            for _ in 0..(round % 7 + 1) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let at = (state % bytes.len() as u64) as usize;
                bytes[at] = (state >> 32) as u8;
            }
            let _ = Parsed::new(&bytes).map(|p| p.summary());
            let noise: Vec<u8> = (0..(round % 64))
                .map(|i| (state >> (i % 56)) as u8)
                .collect();
            assert!(Parsed::new(&noise).is_err());
        }
    }

    #[test]
    fn booleans_must_be_der() {
        // The leaf's first critical flag (basicConstraints) as 0x01 instead of 0xFF.
        let bad = patched(&leaf(), &[0x01, 0x01, 0xff], &[0x01, 0x01, 0x01]);
        let e = Parsed::new(&bad).err().expect("BOOLEAN 0x01");
        assert!(e.contains("BOOLEAN must be"), "{e}");
        // The CA's cA flag, inside extnValue: 30 03 01 01 ff.
        let bad = patched(
            &ca(),
            &[0x30, 0x03, 0x01, 0x01, 0xff],
            &[0x30, 0x03, 0x01, 0x01, 0x7f],
        );
        let e = Parsed::new(&bad).err().expect("cA 0x7f");
        assert!(e.starts_with("bad extension: basicConstraints"), "{e}");
    }

    #[test]
    fn an_extension_twice_is_rejected() {
        // subjectKeyIdentifier (2.5.29.14) renamed authorityKeyIdentifier (2.5.29.35).
        let bad = patched(
            &leaf(),
            &[0x06, 0x03, 0x55, 0x1d, 0x0e],
            &[0x06, 0x03, 0x55, 0x1d, 0x23],
        );
        let e = Parsed::new(&bad)
            .err()
            .expect("two authorityKeyIdentifiers");
        assert!(e.contains("authorityKeyIdentifier appears twice"), "{e}");
    }

    #[test]
    fn versions_and_their_fields() {
        // [0] { INTEGER 2 } is v3; v1 (0) may not carry extensions; v4 (3) does not exist.
        for (version, why) in [(0x00, "pre-v3"), (0x03, "not v1, v2 or v3")] {
            let bad = patched(
                &leaf(),
                &[0xa0, 0x03, 0x02, 0x01, 0x02],
                &[0xa0, 0x03, 0x02, 0x01, version],
            );
            let e = Parsed::new(&bad).err().expect("bad version");
            assert!(e.contains(why), "{e}");
        }
    }

    #[test]
    fn times_are_strict() {
        // notBefore 260101000000Z with its Z replaced.
        let bad = patched(&leaf(), b"260101000000Z", b"2601010000000");
        let e = Parsed::new(&bad).err().expect("no Z");
        assert!(e.contains("notBefore"), "{e}");
    }
}
