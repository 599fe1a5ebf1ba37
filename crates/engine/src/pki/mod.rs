//! Certificates: the embedded teaching PKI, chain validation as a browser does it, and the
//! DER dissection the inspector shows.

mod asn1;
mod dissect;
mod embedded;
mod generate;
mod host;
mod keys;
mod oid;
mod parsed;
mod text;
mod time;

/// The workspace's one RFC 3339 formatter (UTC, `2026-01-01T00:00:00Z`).
pub use time::rfc3339;
mod tlv;
mod validate;

use serde::Serialize;

use crate::msgs::enums::AlertDescription;

pub use dissect::{CERT_TREE, CERTIFICATE, certificate_tree, dissect_certificate, undissected};
pub use embedded::{
    Identity, ca_pem, chain_pem, identity, key_der, key_pem, parse_certs_pem,
    parse_private_key_der, parse_private_key_pem, trust_anchors,
};
#[cfg(feature = "attack")]
pub use embedded::{attacker_ca, attacker_ca_pem, attacker_identity, attacker_pem};
#[cfg(feature = "client-auth")]
pub use embedded::{
    client_ca_pem, client_chain_pem, client_identity, client_key_pem, client_trust_anchors,
};
pub use generate::generate_identity;
pub use host::matches as host_matches;
pub use validate::{KeyUse, leaf_public_key, validate};

/// Which chain the server presents. Every kind is a real chain, signed as it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CertKind {
    /// Teaching CA → `server.test`, valid at the default clock.
    Valid,
    /// The leaf's notAfter lies before the simulated clock.
    Expired,
    /// The leaf's notBefore lies after the simulated clock.
    NotYetValid,
    /// The leaf names another host in subjectAltName.
    WrongHost,
    /// The leaf names the host only in its subject's Common Name, without subjectAltName:
    /// browsers no longer accept that (RFC 9525 §1.2; Chrome since version 58).
    CnOnly,
    /// The chain leads to a CA the browser does not trust.
    UnknownCa,
    /// The leaf's signature does not verify with the CA's key.
    BadSignature,
}

impl CertKind {
    /// Every lesson, in the order the page lists them.
    pub const ALL: [CertKind; 7] = [
        CertKind::Valid,
        CertKind::Expired,
        CertKind::NotYetValid,
        CertKind::WrongHost,
        CertKind::CnOnly,
        CertKind::UnknownCa,
        CertKind::BadSignature,
    ];

    /// The name used in URLs (`cert=`) and CLI flags (`--cert`).
    pub fn as_str(self) -> &'static str {
        match self {
            CertKind::Valid => "valid",
            CertKind::Expired => "expired",
            CertKind::NotYetValid => "not-yet-valid",
            CertKind::WrongHost => "wrong-host",
            CertKind::CnOnly => "cn-only",
            CertKind::UnknownCa => "unknown-ca",
            CertKind::BadSignature => "bad-signature",
        }
    }

    /// The kind named `s` as [`Self::as_str`] spells it.
    pub fn parse(s: &str) -> Option<CertKind> {
        CertKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A certificate's subject Name as DER, as a CertificateRequest lists a CA (RFC 5246 §7.4.4,
/// RFC 8446 §4.2.4); `None` when `der` is not a certificate.
pub fn subject_name(der: &[u8]) -> Option<Vec<u8>> {
    parsed::Parsed::new(der)
        .ok()
        .map(|p| p.subject_name().to_vec())
}

/// A certificate's issuer Name as DER; `None` when `der` is not a certificate.
pub fn issuer_name(der: &[u8]) -> Option<Vec<u8>> {
    parsed::Parsed::new(der)
        .ok()
        .map(|p| p.issuer_name().to_vec())
}

/// A certificate's subject in OpenSSL's one-line form (`CN = Sam Student`); `None` when
/// `der` is not a certificate.
pub fn subject(der: &[u8]) -> Option<String> {
    parsed::Parsed::new(der).ok().map(|p| p.subject)
}

/// Which certificate the browser presents when the server asks for one (mutual TLS). Every
/// kind is a real chain to the client CA ([`client_trust_anchors`]) but where it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ClientCertKind {
    /// The browser has none: it answers with an empty Certificate.
    None,
    /// Client CA → "Sam Student", for clientAuth, valid at the default clock.
    Valid,
    /// Its notAfter lies before the simulated clock.
    Expired,
    /// Issued by a CA the server does not trust for clients.
    UnknownCa,
    /// The student's certificate, but its CertificateVerify is signed with another key, so
    /// it does not verify: a copy of the certificate (which is public) without its key.
    BadSignature,
    /// Its extKeyUsage says serverAuth only: not for client authentication.
    WrongUsage,
}

impl ClientCertKind {
    /// Every kind, in the order the page lists them.
    pub const ALL: [ClientCertKind; 6] = [
        ClientCertKind::Valid,
        ClientCertKind::None,
        ClientCertKind::UnknownCa,
        ClientCertKind::Expired,
        ClientCertKind::BadSignature,
        ClientCertKind::WrongUsage,
    ];

    /// The name used in URLs (`client_cert=`) and CLI flags (`--client-cert`).
    pub fn as_str(self) -> &'static str {
        match self {
            ClientCertKind::None => "none",
            ClientCertKind::Valid => "valid",
            ClientCertKind::Expired => "expired",
            ClientCertKind::UnknownCa => "unknown-ca",
            ClientCertKind::BadSignature => "bad-signature",
            ClientCertKind::WrongUsage => "wrong-usage",
        }
    }

    /// The kind named `s` as [`Self::as_str`] spells it.
    pub fn parse(s: &str) -> Option<ClientCertKind> {
        ClientCertKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The browser's checks on a chain, in the order it made them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    /// One summary per certificate, leaf first.
    pub certificates: Vec<CertSummary>,
    /// Every check made, passed or failed; checking stops at the first failure.
    pub checks: Vec<ChainCheck>,
    /// The first failure, if any.
    pub error: Option<CertError>,
}

/// What a certificate says, decoded for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertSummary {
    /// The subject Name in OpenSSL's one-line form, e.g. `CN = server.test, O = …`.
    pub subject: String,
    /// The issuer Name, in the same form.
    pub issuer: String,
    /// RFC 3339, e.g. `2026-01-01T00:00:00Z`.
    pub not_before: String,
    /// The end of the validity period, in the same form.
    pub not_after: String,
    /// e.g. `RSA 2048 bits, e = 65537`.
    pub public_key: String,
    /// e.g. `sha256WithRSAEncryption`.
    pub signature_algorithm: String,
    /// subjectAltName entries as OpenSSL shows them, e.g. `DNS:server.test`, `IP:127.0.0.1`.
    pub subject_alt_names: Vec<String>,
    /// basicConstraints says `cA` (RFC 5280 §4.2.1.9): it may sign certificates.
    pub is_ca: bool,
    /// The keyUsage bits set, by RFC 5280 §4.2.1.3 name (e.g. `digitalSignature`).
    pub key_usage: Vec<String>,
}

/// One check with the values it compared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChainCheck {
    /// Index into `ChainReport::certificates`, or `None` for a check on the whole chain.
    pub certificate: Option<usize>,
    /// e.g. "signature verified with the issuer's public key".
    pub what: String,
    /// Whether it passed.
    pub ok: bool,
    /// The values compared, e.g. "now 2026-06-01T00:00:00Z; valid 2026-01-01 .. 2027-01-01".
    pub detail: String,
}

/// Why a chain is rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum CertError {
    /// The Certificate message held no certificate.
    NoCertificate,
    /// A certificate is not DER that parses as X.509.
    Malformed,
    /// A certificate's notAfter lies before the browser's clock.
    Expired,
    /// A certificate's notBefore lies after the browser's clock.
    NotYetValid,
    /// No subjectAltName matches the name the browser asked for.
    HostMismatch,
    /// The chain does not end at a trusted root.
    UnknownIssuer,
    /// A signature does not verify with its issuer's key.
    BadSignature,
    /// An issuer is not a CA (basicConstraints), may not sign certificates (keyUsage), or
    /// has more intermediates below it than its pathLenConstraint allows.
    NotCa,
    /// The leaf's key may not be used for this key exchange (keyUsage) or for a TLS server
    /// (extKeyUsage).
    BadUsage,
    /// A key or algorithm the engine does not support.
    Unsupported,
}

impl CertError {
    /// The alert the RFC names for this failure (RFC 5246 §7.2.2, RFC 8446 §6.2); an empty
    /// list is decode_error, as its grammar is violated. OpenSSL and Chrome differ in two and
    /// in all cases ([`Self::openssl_alert`], [`Self::CHROME_ALERT`]).
    pub fn alert(self) -> AlertDescription {
        match self {
            CertError::NoCertificate => AlertDescription::DecodeError,
            // bad_certificate: "corrupt, contained signatures that did not verify correctly".
            CertError::Malformed | CertError::BadSignature | CertError::HostMismatch => {
                AlertDescription::BadCertificate
            }
            // certificate_expired: "has expired or is not currently valid".
            CertError::Expired | CertError::NotYetValid => AlertDescription::CertificateExpired,
            CertError::UnknownIssuer | CertError::NotCa => AlertDescription::UnknownCa,
            CertError::BadUsage | CertError::Unsupported => {
                AlertDescription::UnsupportedCertificate
            }
        }
    }

    /// The alert OpenSSL's client sends instead (its `x509table`, from the X509_V_ERR), where
    /// it differs from the RFC's: shown beside ours, since the difference is a lesson too.
    pub fn openssl_alert(self) -> AlertDescription {
        match self {
            // X509_V_ERR_CERT_NOT_YET_VALID.
            CertError::NotYetValid => AlertDescription::BadCertificate,
            // X509_V_ERR_CERT_SIGNATURE_FAILURE.
            CertError::BadSignature => AlertDescription::DecryptError,
            other => other.alert(),
        }
    }

    /// What Chrome's BoringSSL sends for any verification failure: Chrome verifies the chain
    /// itself and reports only that it failed.
    pub const CHROME_ALERT: AlertDescription = AlertDescription::CertificateUnknown;

    /// The browser's error code, as Chromium maps the verification result.
    pub fn browser_code(self) -> &'static str {
        match self {
            CertError::Expired | CertError::NotYetValid => "NET::ERR_CERT_DATE_INVALID",
            CertError::HostMismatch => "NET::ERR_CERT_COMMON_NAME_INVALID",
            // A signature that does not verify leaves no path to a trusted root.
            CertError::UnknownIssuer | CertError::BadSignature => "NET::ERR_CERT_AUTHORITY_INVALID",
            CertError::Malformed | CertError::NotCa | CertError::BadUsage => {
                "NET::ERR_CERT_INVALID"
            }
            CertError::NoCertificate => "ERR_SSL_PROTOCOL_ERROR",
            CertError::Unsupported => "ERR_SSL_VERSION_OR_CIPHER_MISMATCH",
        }
    }

    /// A short sentence for logs and alerts: what the browser found.
    pub fn reason(self) -> &'static str {
        match self {
            CertError::NoCertificate => "the server sent no certificate",
            CertError::Malformed => "a certificate does not parse",
            CertError::Expired => "the certificate has expired",
            CertError::NotYetValid => "the certificate is not valid yet",
            CertError::HostMismatch => "the certificate is for another host name",
            CertError::UnknownIssuer => "the chain does not lead to a trusted root",
            CertError::BadSignature => "a signature in the chain does not verify",
            CertError::NotCa => "an issuer in the chain is not allowed to act as a CA",
            CertError::BadUsage => "the certificate's key may not be used this way",
            CertError::Unsupported => "the certificate uses a key or algorithm not supported",
        }
    }
}
