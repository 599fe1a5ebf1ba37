//! Chain validation as a browser does it (RFC 5280 §6.1, simplified to a chain the server
//! sends in order), every step recorded with the values it compared.

use rsa::PublicKey as RsaPublicKey;
use rsa::pkcs1v15::Pkcs1v15Sign;
use sha2::{Digest, Sha256};
#[cfg(feature = "sha384-sha512-certs")]
use sha2::{Sha384, Sha512};

use super::parsed::{self, KeyUsage, Parsed};
use super::{CertError, ChainCheck, ChainReport, host, oid, text, time};

/// What the key exchange will do with the leaf's key, so which keyUsage bit it needs
/// (RFC 5280 §4.2.1.3, RFC 5246 §7.4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyUse {
    /// RSA key exchange: the browser encrypts the pre-master secret to this key.
    KeyEncipherment,
    /// ECDHE_RSA: the server signs its ephemeral key with this key.
    DigitalSignature,
    /// TLS 1.3: the server signs the handshake so far with this key, in CertificateVerify.
    SignsCertificateVerify,
    /// Mutual TLS: the client signs the handshake so far with this key, in its
    /// CertificateVerify (RFC 5246 §7.4.8, RFC 8446 §4.4.3).
    ClientAuth,
}

impl KeyUse {
    fn bit(self) -> &'static str {
        match self {
            KeyUse::KeyEncipherment => "keyEncipherment",
            KeyUse::DigitalSignature | KeyUse::SignsCertificateVerify | KeyUse::ClientAuth => {
                "digitalSignature"
            }
        }
    }

    /// Who sent the chain.
    fn peer(self) -> &'static str {
        match self {
            KeyUse::ClientAuth => "client",
            _ => "server",
        }
    }

    /// The extKeyUsage purpose the leaf must allow (RFC 5280 §4.2.1.12), by OID and name.
    fn purpose(self) -> (&'static str, &'static str) {
        match self {
            KeyUse::ClientAuth => (oid::CLIENT_AUTH, "clientAuth"),
            _ => (oid::SERVER_AUTH, "serverAuth"),
        }
    }

    fn why(self) -> &'static str {
        match self {
            KeyUse::KeyEncipherment => "RSA key exchange encrypts the pre-master secret to it",
            KeyUse::DigitalSignature => "ECDHE_RSA signs the ServerKeyExchange with it",
            KeyUse::SignsCertificateVerify => "TLS 1.3 signs the CertificateVerify with it",
            KeyUse::ClientAuth => "the client signs its CertificateVerify with it",
        }
    }
}

/// Checks `chain` (DER, leaf first) for `host` at `now_unix` against `anchors` (DER). A
/// server checking a client's chain names no host: a client certificate names a person.
///
/// Order: parse, signatures, validity, host name, issuers are CAs, leaf key usage, trust
/// anchor. Every check is recorded even after a failure, so the learner sees the whole
/// picture; `error` is the first failure.
pub fn validate(
    chain: &[Vec<u8>],
    anchors: &[Vec<u8>],
    host: Option<&str>,
    now_unix: u64,
    need: KeyUse,
) -> ChainReport {
    let mut r = Recorder::default();
    if chain.is_empty() {
        r.check(
            None,
            &format!("the {} sent a certificate", need.peer()),
            Err((
                CertError::NoCertificate,
                "certificate_list is empty (RFC 5246 §7.4.2)".into(),
            )),
        );
        return r.report(Vec::new());
    }

    let mut certs = Vec::new();
    let mut summaries = Vec::new();
    for (i, der) in chain.iter().enumerate() {
        match Parsed::new(der) {
            Ok(p) => {
                let detail = format!("{} bytes: {}", der.len(), p.subject);
                r.check(Some(i), "certificate parses (RFC 5280 §4.1)", Ok(detail));
                summaries.push(p.summary());
                certs.push(p);
            }
            Err(e) => {
                r.check(
                    Some(i),
                    "certificate parses (RFC 5280 §4.1)",
                    Err((CertError::Malformed, format!("{} bytes: {e}", der.len()))),
                );
                summaries.push(parsed::unreadable(&e));
            }
        }
    }
    if certs.len() != chain.len() {
        return r.report(summaries);
    }
    // A trust store entry that does not parse can never match; it is configuration, not input.
    let anchors: Vec<Parsed> = anchors.iter().filter_map(|a| Parsed::new(a).ok()).collect();

    for i in 0..certs.len() {
        let outcome = signature(&certs, i, &anchors);
        r.check(
            Some(i),
            "signature verifies with the issuer's public key",
            outcome,
        );
    }
    for (i, c) in certs.iter().enumerate() {
        r.check(
            Some(i),
            "valid now (RFC 5280 §4.1.2.5)",
            validity(c, now_unix),
        );
    }
    let leaf = &certs[0];
    if let Some(host) = host {
        let (ok, detail) =
            host::check(leaf.dns_names.as_deref(), leaf.common_name.as_deref(), host);
        let outcome = if ok {
            Ok(detail)
        } else {
            Err((CertError::HostMismatch, detail))
        };
        r.check(Some(0), "names the host (RFC 9525 §6.3)", outcome);
    }
    for (i, c) in certs.iter().enumerate().skip(1) {
        r.check(
            Some(i),
            "issuer is a CA (RFC 5280 §4.2.1.9, §4.2.1.3)",
            issuer_is_ca(c, i - 1),
        );
    }
    r.check(
        Some(0),
        if need == KeyUse::ClientAuth {
            "leaf key may be used for client authentication (RFC 5280 §4.2.1.3, §4.2.1.12)"
        } else {
            "leaf key may be used for this key exchange (RFC 5280 §4.2.1.3, §4.2.1.12)"
        },
        leaf_usage(leaf, need),
    );
    r.check(
        None,
        "chain ends at a trusted root",
        trust(&certs, &anchors),
    );
    r.report(summaries)
}

/// The server's public key from the leaf, for the key exchange.
pub fn leaf_public_key(chain: &[Vec<u8>]) -> Result<RsaPublicKey, CertError> {
    let leaf = chain.first().ok_or(CertError::NoCertificate)?;
    let leaf = Parsed::new(leaf).map_err(|_| CertError::Malformed)?;
    leaf.rsa_public_key().map_err(|(e, _)| e)
}

type Outcome = Result<String, (CertError, String)>;

#[derive(Default)]
struct Recorder {
    checks: Vec<ChainCheck>,
    error: Option<CertError>,
}

impl Recorder {
    fn check(&mut self, certificate: Option<usize>, what: &str, outcome: Outcome) {
        let (ok, detail) = match outcome {
            Ok(detail) => (true, detail),
            Err((e, detail)) => {
                self.error.get_or_insert(e);
                (false, detail)
            }
        };
        self.checks.push(ChainCheck {
            certificate,
            what: what.to_string(),
            ok,
            detail,
        });
    }

    fn report(self, certificates: Vec<super::CertSummary>) -> ChainReport {
        ChainReport {
            certificates,
            checks: self.checks,
            error: self.error,
        }
    }
}

/// Finds the issuer (the next certificate, a trust anchor, or itself when self-issued) and
/// verifies the signature over tbsCertificate exactly as received.
fn signature(certs: &[Parsed], i: usize, anchors: &[Parsed]) -> Outcome {
    let cert = &certs[i];
    if let Some(next) = certs
        .get(i + 1)
        .filter(|n| n.subject_name() == cert.issuer_name())
    {
        return verify(cert, next)
            .map(|alg| format!("{alg} by certificate {} ({})", i + 1, next.subject));
    }
    let mut named = anchors
        .iter()
        .filter(|a| a.subject_name() == cert.issuer_name());
    if let Some(first) = named.next() {
        // Several roots may share a name (a key rollover): any one that verifies will do.
        let first_try = verify(cert, first);
        let verified = first_try
            .clone()
            .ok()
            .or_else(|| named.find_map(|a| verify(cert, a).ok()));
        return match verified {
            Some(alg) => Ok(format!("{alg} by trusted root {}", cert.issuer)),
            None => first_try,
        };
    }
    if cert.is_self_issued() {
        return verify(cert, cert).map(|alg| {
            format!("{alg} by its own key (self-signed: proves only that its maker holds the key)")
        });
    }
    Err((
        CertError::UnknownIssuer,
        format!(
            "issuer {} is neither the next certificate nor a trusted root",
            cert.issuer
        ),
    ))
}

/// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2) over tbsCertificate with `issuer`'s key.
fn verify(cert: &Parsed, issuer: &Parsed) -> Outcome {
    // RFC 5280 §4.1.1.2: the algorithm outside must equal the one inside the signed part.
    if cert.tbs_signature_algorithm != cert.signature_algorithm {
        return Err((
            CertError::BadSignature,
            "signatureAlgorithm differs from tbsCertificate.signature".into(),
        ));
    }
    let key = issuer.rsa_public_key()?;
    let sig = cert
        .signature_value
        .whole_octets("signatureValue")
        .map_err(|e| (CertError::Malformed, e))?;
    let alg = cert.signature_oid.as_str();
    let name = oid::describe(alg);
    let bad = |_| {
        (
            CertError::BadSignature,
            format!(
                "{name} over {} bytes of tbsCertificate does not verify with {}'s key \
                 (signature {})",
                cert.tbs.len(),
                issuer.subject,
                text::hex_preview(sig, 8)
            ),
        )
    };
    // The padding scheme directly, not the `signature` traits: their error boxes rsa's, and
    // that drags every PKCS#1/#8 error message into the page.
    let tbs = cert.tbs;
    let checked = match alg {
        oid::SHA256_WITH_RSA => {
            key.verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(tbs), sig)
        }
        #[cfg(feature = "sha384-sha512-certs")]
        oid::SHA384_WITH_RSA => {
            key.verify(Pkcs1v15Sign::new::<Sha384>(), &Sha384::digest(tbs), sig)
        }
        #[cfg(feature = "sha384-sha512-certs")]
        oid::SHA512_WITH_RSA => {
            key.verify(Pkcs1v15Sign::new::<Sha512>(), &Sha512::digest(tbs), sig)
        }
        #[cfg(not(feature = "sha384-sha512-certs"))]
        oid::SHA384_WITH_RSA | oid::SHA512_WITH_RSA => {
            return Err((
                CertError::Unsupported,
                format!(
                    "signature algorithm {name} is not supported in this build (the page \
                     leaves SHA-384/512 out: its teaching certificates are SHA-256)"
                ),
            ));
        }
        _ => {
            return Err((
                CertError::Unsupported,
                format!("signature algorithm {name} is not supported"),
            ));
        }
    };
    checked.map_err(bad)?;
    Ok(format!("{name} signed"))
}

fn validity(c: &Parsed, now: u64) -> Outcome {
    let detail = format!(
        "now {}; valid {} .. {}",
        time::rfc3339(now),
        time::rfc3339(c.not_before),
        time::rfc3339(c.not_after)
    );
    if now < c.not_before {
        Err((CertError::NotYetValid, detail))
    } else if now > c.not_after {
        Err((CertError::Expired, detail))
    } else {
        Ok(detail)
    }
}

/// RFC 5280 §6.1.4 (k), (l), (n): an issuer must say it is a CA, may sign certificates, and
/// allow the number of intermediates below it.
/// `below`: intermediate certificates between this issuer and the leaf.
fn issuer_is_ca(c: &Parsed, below: usize) -> Outcome {
    let bc = match c.basic_constraints {
        Some(bc) => format!(
            "basicConstraints cA={}{}",
            if bc.ca { "TRUE" } else { "FALSE" },
            bc.path_len
                .map_or(String::new(), |n| format!(", pathLenConstraint={n}"))
        ),
        None => "no basicConstraints".into(),
    };
    let ku = match c.key_usage {
        Some(_) => format!("keyUsage {}", c.key_usage_names().join(", ")),
        None => "no keyUsage".into(),
    };
    let detail = format!("{bc}; {ku}");
    let path_ok = c
        .basic_constraints
        .and_then(|b| b.path_len)
        .is_none_or(|n| u64::try_from(below).is_ok_and(|below| n >= below));
    // keyUsage is optional; when present it must allow keyCertSign.
    let may_sign = c.key_usage.is_none_or(|k| k.has(KeyUsage::KEY_CERT_SIGN));
    if c.is_ca() && may_sign && path_ok {
        Ok(detail)
    } else {
        Err((CertError::NotCa, detail))
    }
}

fn leaf_usage(leaf: &Parsed, need: KeyUse) -> Outcome {
    let ku_ok = leaf.key_usage.is_none_or(|k| match need {
        KeyUse::KeyEncipherment => k.has(KeyUsage::KEY_ENCIPHERMENT),
        KeyUse::DigitalSignature | KeyUse::SignsCertificateVerify | KeyUse::ClientAuth => {
            k.has(KeyUsage::DIGITAL_SIGNATURE)
        }
    });
    let (purpose, purpose_name) = need.purpose();
    let eku_ok = leaf.ext_key_usage.as_ref().is_none_or(|e| {
        e.iter()
            .any(|o| o == purpose || o == oid::ANY_EXTENDED_KEY_USAGE)
    });
    let ku = match leaf.key_usage {
        Some(_) => format!("keyUsage {}", leaf.key_usage_names().join(", ")),
        None => "no keyUsage (any use)".into(),
    };
    let eku = match &leaf.ext_key_usage {
        Some(e) => {
            let names: Vec<String> = e
                .iter()
                .map(|o| oid::name(o).unwrap_or(o).to_string())
                .collect();
            format!("extKeyUsage {}", names.join(", "))
        }
        None => "no extKeyUsage (any purpose)".into(),
    };
    let detail = format!(
        "needs {} ({}) and {purpose_name}; {ku}; {eku}",
        need.bit(),
        need.why()
    );
    if ku_ok && eku_ok {
        Ok(detail)
    } else {
        Err((CertError::BadUsage, detail))
    }
}

/// The last certificate is a trust anchor itself (same subject and key), or a trust anchor
/// named as its issuer holds the key that signed it.
fn trust(certs: &[Parsed], anchors: &[Parsed]) -> Outcome {
    let roots: Vec<&str> = anchors.iter().map(|a| a.subject.as_str()).collect();
    let roots = if roots.is_empty() {
        "the trust store is empty".to_string()
    } else {
        format!("trusted: {}", roots.join("; "))
    };
    let Some(last) = certs.last() else {
        return Err((CertError::NoCertificate, roots));
    };
    let last_key = last.spki_der();
    if let Some(a) = anchors.iter().find(|a| {
        a.der == last.der || (a.subject_name() == last.subject_name() && a.spki_der() == last_key)
    }) {
        return Ok(format!("{} is in the trust store", a.subject));
    }
    if let Some(a) = anchors
        .iter()
        .find(|a| a.subject_name() == last.issuer_name() && verify(last, a).is_ok())
    {
        return Ok(format!(
            "{} was signed by trusted root {}",
            last.subject, a.subject
        ));
    }
    let self_signed = if last.is_self_issued() {
        " (self-signed)"
    } else {
        ""
    };
    Err((
        CertError::UnknownIssuer,
        format!("the chain ends at {}{self_signed}; {roots}", last.subject),
    ))
}

#[cfg(test)]
mod tests {
    use rsa::pkcs1v15::SigningKey;
    use rsa::signature::{SignatureEncoding, Signer};
    use sha2::{Sha384, Sha512};

    use super::*;
    use crate::pki::{CertKind, identity, trust_anchors};
    use crate::scenario::DEFAULT_NOW;

    /// The valid leaf re-signed by the teaching CA with SHA-384 or SHA-512: the two
    /// AlgorithmIdentifiers differ from sha256WithRSAEncryption in the OID's last octet only
    /// (…1.1.11 → …1.1.12 / …1.1.13), so every length stays as it is.
    fn resigned_leaf(last_octet: u8, sign: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
        const SHA256_WITH_RSA: [u8; 11] = [
            0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b,
        ];
        let mut der = identity(CertKind::Valid).chain[0].clone();
        let at: Vec<usize> = (0..der.len() - 11)
            .filter(|&i| der[i..i + 11] == SHA256_WITH_RSA)
            .collect();
        assert_eq!(
            at.len(),
            2,
            "tbsCertificate.signature and signatureAlgorithm"
        );
        for i in at {
            der[i + 10] = last_octet;
        }
        let tbs = Parsed::new(&der).expect("still DER").tbs.to_vec();
        let sig = sign(&tbs);
        let len = der.len();
        der[len - sig.len()..].copy_from_slice(&sig);
        der
    }

    #[test]
    fn sha384_and_sha512_signatures_need_their_feature() {
        let ca_key = super::super::keys::pkcs8_private_key(include_bytes!("certs/ca.key.der"))
            .expect("the teaching CA's key");
        let leaves = [
            (
                "sha384WithRSAEncryption",
                resigned_leaf(0x0c, |tbs| {
                    SigningKey::<Sha384>::new(ca_key.clone()).sign(tbs).to_vec()
                }),
            ),
            (
                "sha512WithRSAEncryption",
                resigned_leaf(0x0d, |tbs| {
                    SigningKey::<Sha512>::new(ca_key.clone()).sign(tbs).to_vec()
                }),
            ),
        ];
        for (name, leaf) in leaves {
            let chain = vec![leaf, identity(CertKind::Valid).chain[1].clone()];
            let r = validate(
                &chain,
                &trust_anchors(),
                Some("server.test"),
                DEFAULT_NOW,
                KeyUse::KeyEncipherment,
            );
            let leaf_signature = &r.checks[2];
            assert_eq!(leaf_signature.certificate, Some(0));
            if cfg!(feature = "sha384-sha512-certs") {
                assert_eq!(r.error, None, "{r:#?}");
                assert!(leaf_signature.detail.starts_with(name), "{r:#?}");
            } else {
                assert_eq!(r.error, Some(CertError::Unsupported), "{r:#?}");
                assert!(
                    leaf_signature.detail.contains(name)
                        && leaf_signature.detail.contains("leaves SHA-384/512 out"),
                    "{r:#?}"
                );
            }
        }
    }
}
