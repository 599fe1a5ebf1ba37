//! One certificate decoded once for the checks: x509-cert's values plus the exact bytes the
//! issuer signed.

use rsa::PublicKey as RsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use x509_cert::Certificate;
use x509_cert::der::{Decode, Encode};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAltName};
use x509_cert::name::Name;

use super::tlv;
use super::{CertError, CertSummary, oid, text};

pub struct Parsed<'a> {
    pub der: &'a [u8],
    pub cert: Certificate,
    /// tbsCertificate exactly as received: what the signature covers (RFC 5280 §4.1.1.3).
    pub tbs: &'a [u8],
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
        let cert = Certificate::from_der(der).map_err(|e| format!("not X.509 DER: {e}"))?;
        let tbs = tlv::tbs_certificate(der)?;
        let t = cert.tbs_certificate();
        let subject_der = t.subject().to_der().map_err(|e| e.to_string())?;
        let issuer_der = t.issuer().to_der().map_err(|e| e.to_string())?;
        let ext = |e: x509_cert::der::Error| format!("bad extension: {e}");
        let san = t.get_extension::<SubjectAltName>().map_err(ext)?;
        let alt_names: Vec<String> = san
            .as_ref()
            .map(|(_, s)| s.0.iter().map(general_name).collect())
            .unwrap_or_default();
        let dns_names = san.map(|(_, s)| {
            s.0.iter()
                .filter_map(|n| match n {
                    GeneralName::DnsName(d) => Some(d.to_string()),
                    _ => None,
                })
                .collect()
        });
        let validity = t.validity();
        Ok(Parsed {
            der,
            tbs,
            subject: text::name_der(&subject_der),
            issuer: text::name_der(&issuer_der),
            common_name: common_name(&subject_der),
            not_before: validity.not_before.to_unix_duration().as_secs(),
            not_after: validity.not_after.to_unix_duration().as_secs(),
            dns_names,
            alt_names,
            basic_constraints: t
                .get_extension::<BasicConstraints>()
                .map_err(ext)?
                .map(|e| e.1),
            key_usage: t.get_extension::<KeyUsage>().map_err(ext)?.map(|e| e.1),
            ext_key_usage: t
                .get_extension::<ExtendedKeyUsage>()
                .map_err(ext)?
                .map(|(_, e)| e.0.iter().map(|o| o.to_string()).collect()),
            cert,
        })
    }

    pub fn subject_name(&self) -> &Name {
        self.cert.tbs_certificate().subject()
    }

    pub fn issuer_name(&self) -> &Name {
        self.cert.tbs_certificate().issuer()
    }

    /// RFC 5280 §6.1: self-issued when subject and issuer are the same name.
    pub fn is_self_issued(&self) -> bool {
        self.subject_name() == self.issuer_name()
    }

    pub fn is_ca(&self) -> bool {
        self.basic_constraints.as_ref().is_some_and(|b| b.ca)
    }

    pub fn spki_der(&self) -> Vec<u8> {
        self.cert
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .unwrap_or_default()
    }

    /// The subject's RSA key; other key types are beyond the engine's suites.
    pub fn rsa_public_key(&self) -> Result<RsaPublicKey, (CertError, String)> {
        let spki = self.cert.tbs_certificate().subject_public_key_info();
        let alg = spki.algorithm.oid.to_string();
        if alg != oid::RSA_ENCRYPTION {
            return Err((
                CertError::Unsupported,
                format!("the key is {}, not rsaEncryption", oid::describe(&alg)),
            ));
        }
        RsaPublicKey::from_public_key_der(&self.spki_der())
            .map_err(|e| (CertError::Unsupported, format!("unusable RSA key: {e}")))
    }

    /// keyUsage bit names (RFC 5280 §4.2.1.3).
    pub fn key_usage_names(&self) -> Vec<String> {
        let Some(ku) = self.key_usage else {
            return Vec::new();
        };
        [
            (ku.digital_signature(), "digitalSignature"),
            (ku.non_repudiation(), "nonRepudiation"),
            (ku.key_encipherment(), "keyEncipherment"),
            (ku.data_encipherment(), "dataEncipherment"),
            (ku.key_agreement(), "keyAgreement"),
            (ku.key_cert_sign(), "keyCertSign"),
            (ku.crl_sign(), "cRLSign"),
            (ku.encipher_only(), "encipherOnly"),
            (ku.decipher_only(), "decipherOnly"),
        ]
        .into_iter()
        .filter(|(set, _)| *set)
        .map(|(_, name)| name.to_string())
        .collect()
    }

    pub fn summary(&self) -> CertSummary {
        let t = self.cert.tbs_certificate();
        let spki = t.subject_public_key_info();
        let alg = spki.algorithm.oid.to_string();
        let public_key = match spki
            .subject_public_key
            .as_bytes()
            .and_then(text::rsa_public_key)
        {
            Some((bits, e)) if alg == oid::RSA_ENCRYPTION => format!("RSA {bits} bits, e = {e}"),
            _ => oid::describe(&alg),
        };
        let sig = self.cert.signature_algorithm().oid.to_string();
        CertSummary {
            subject: self.subject.clone(),
            issuer: self.issuer.clone(),
            not_before: text::rfc3339(self.not_before),
            not_after: text::rfc3339(self.not_after),
            public_key,
            signature_algorithm: oid::name(&sig).map_or(sig.clone(), str::to_string),
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

/// OpenSSL's notation: `DNS:server.test`, `IP:…`, `email:…`.
fn general_name(n: &GeneralName) -> String {
    match n {
        GeneralName::DnsName(d) => format!("DNS:{d}"),
        GeneralName::Rfc822Name(m) => format!("email:{m}"),
        GeneralName::UniformResourceIdentifier(u) => format!("URI:{u}"),
        GeneralName::IpAddress(ip) => format!("IP:{}", text::ip_address(ip.as_bytes())),
        GeneralName::DirectoryName(_) => "DirName".into(),
        GeneralName::RegisteredId(o) => format!("Registered ID:{o}"),
        GeneralName::OtherName(_) | GeneralName::EdiPartyName(_) => "othername".into(),
    }
}

/// The last commonName in a Name (RFC 6125 §6.4.4: the most specific one).
fn common_name(name_der: &[u8]) -> Option<String> {
    let name = tlv::expect(name_der, 0, name_der.len(), tlv::SEQUENCE).ok()?;
    let mut cn = None;
    for rdn in tlv::children(name_der, &name).flatten() {
        for atv in tlv::children(name_der, &rdn).flatten() {
            let mut parts = tlv::children(name_der, &atv).flatten();
            if let (Some(t), Some(v)) = (parts.next(), parts.next())
                && oid::dotted(t.contents).as_deref() == Some(oid::COMMON_NAME)
            {
                cn = Some(text::string(v.tag, v.contents));
            }
        }
    }
    cn
}
