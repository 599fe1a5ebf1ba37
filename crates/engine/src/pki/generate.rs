//! A fresh teaching PKI: a new CA and a new server key for one run, so no two learners share
//! a private key (the engine's "fresh keys" option).

use std::str::FromStr;
use std::time::Duration;

use der::DateTime;
use der::asn1::{Ia5String, ObjectIdentifier};
use rand_core::CryptoRng;
use rsa::PrivateKey as RsaPrivateKey;
use rsa::pkcs1v15::{Signature, SigningKey};
use sha2::Sha256;

use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{self, Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::der::Encode;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages,
    SubjectAltName, SubjectKeyIdentifier,
};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{SubjectPublicKeyInfoOwned, SubjectPublicKeyInfoRef};
use x509_cert::time::{Time, Validity};

use super::Identity;

/// RFC 5280 §4.2.1.12: id-kp-serverAuth.
const ID_KP_SERVER_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");
const DAY: u64 = 24 * 60 * 60;
const CA_NAME: &str = "CN=TLS Lab Fresh CA";

/// A new RSA-2048 CA and leaf for `host`, valid from a day before `now_unix`; returns the
/// identity (chain leaf first) and the trust anchors that accept it (the new CA).
pub fn generate_identity<R: CryptoRng + ?Sized>(
    rng: &mut R,
    host: &str,
    now_unix: u64,
) -> Result<(Identity, Vec<Vec<u8>>), String> {
    check_host(host)?;
    let ca_key = RsaPrivateKey::new(rng, 2048).map_err(|e| format!("CA key generation: {e}"))?;
    let leaf_key =
        RsaPrivateKey::new(rng, 2048).map_err(|e| format!("server key generation: {e}"))?;
    let ca_name = Name::from_str(CA_NAME).map_err(err)?;
    // check_host allows only letters, digits, '-', '.' and a leading '*': nothing RFC 4514
    // would read as syntax.
    let leaf_name = Name::from_str(&format!("CN={host}")).map_err(err)?;
    let signer = SigningKey::<Sha256>::new(ca_key.clone());
    let start = now_unix.saturating_sub(DAY);

    let ca = CertificateBuilder::new(
        Profile {
            subject: ca_name.clone(),
            issuer: ca_name.clone(),
            host: None,
        },
        SerialNumber::generate(rng),
        validity(start, now_unix.saturating_add(3650 * DAY))?,
        public_key_info(&ca_key)?,
    )
    .map_err(err)?
    .build::<_, Signature>(&signer)
    .map_err(err)?;

    let leaf = CertificateBuilder::new(
        Profile {
            subject: leaf_name,
            issuer: ca_name,
            host: Some(host.to_string()),
        },
        SerialNumber::generate(rng),
        validity(start, now_unix.saturating_add(90 * DAY))?,
        public_key_info(&leaf_key)?,
    )
    .map_err(err)?
    .build::<_, Signature>(&signer)
    .map_err(err)?;

    let ca_der = ca.to_der().map_err(err)?;
    let leaf_der = leaf.to_der().map_err(err)?;
    Ok((
        Identity {
            chain: vec![leaf_der, ca_der.clone()],
            key: leaf_key,
        },
        vec![ca_der],
    ))
}

/// The extensions make-certs.sh gives the embedded PKI, for a CA or a TLS server.
struct Profile {
    subject: Name,
    issuer: Name,
    /// `Some(dNSName)` for a server certificate, `None` for the CA.
    host: Option<String>,
}

impl BuilderProfile for Profile {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        issuer_spk: SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> builder::Result<Vec<Extension>> {
        let mut exts: Vec<Extension> = Vec::new();
        let subject = tbs.subject();
        let ski = SubjectKeyIdentifier::try_from(spk)?;
        match &self.host {
            None => {
                let bc = BasicConstraints {
                    ca: true,
                    path_len_constraint: None,
                };
                exts.push((true, &bc).to_extension(subject, &exts)?);
                let ku = KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign);
                exts.push((true, &ku).to_extension(subject, &exts)?);
                exts.push((false, &ski).to_extension(subject, &exts)?);
            }
            Some(host) => {
                let bc = BasicConstraints {
                    ca: false,
                    path_len_constraint: None,
                };
                exts.push((true, &bc).to_extension(subject, &exts)?);
                let ku = KeyUsage(KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment);
                exts.push((true, &ku).to_extension(subject, &exts)?);
                let eku = ExtendedKeyUsage(vec![ID_KP_SERVER_AUTH]);
                exts.push((false, &eku).to_extension(subject, &exts)?);
                let san = SubjectAltName(vec![GeneralName::DnsName(Ia5String::new(host)?)]);
                exts.push((false, &san).to_extension(subject, &exts)?);
                exts.push((false, &ski).to_extension(subject, &exts)?);
                let aki = AuthorityKeyIdentifier {
                    key_identifier: Some(SubjectKeyIdentifier::try_from(issuer_spk)?.0),
                    ..Default::default()
                };
                exts.push((false, &aki).to_extension(subject, &exts)?);
            }
        }
        Ok(exts)
    }
}

/// A DNS name (RFC 1035 §2.3.1 letters, digits, hyphens), optionally with a `*.` wildcard.
fn check_host(host: &str) -> Result<(), String> {
    let name = host.strip_prefix("*.").unwrap_or(host);
    let ok = !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if ok {
        Ok(())
    } else {
        Err(format!("\"{host}\" is not a DNS host name"))
    }
}

fn validity(not_before: u64, not_after: u64) -> Result<Validity, String> {
    let time = |unix: u64| {
        DateTime::from_unix_duration(Duration::from_secs(unix))
            .map(Time::from)
            .map_err(err)
    };
    Ok(Validity::new(time(not_before)?, time(not_after)?))
}

fn public_key_info(key: &RsaPrivateKey) -> Result<SubjectPublicKeyInfoOwned, String> {
    SubjectPublicKeyInfoOwned::from_key(key.as_public_key()).map_err(err)
}

fn err(e: impl std::fmt::Display) -> String {
    format!("certificate generation: {e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names() {
        assert!(check_host("server.test").is_ok());
        assert!(check_host("*.lab.test").is_ok());
        for bad in ["", "a,b", "CN=x", "a..b", "*", "é.test", "a b"] {
            assert!(check_host(bad).is_err(), "{bad}");
        }
    }
}
