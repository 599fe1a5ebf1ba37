//! Certificates: the embedded teaching PKI, chain validation as a browser does it, and the
//! DER dissection the inspector shows.

use serde::Serialize;

use crate::msgs::enums::AlertDescription;

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
    /// The chain leads to a CA the browser does not trust.
    UnknownCa,
    /// The leaf's signature does not verify with the CA's key.
    BadSignature,
}

impl CertKind {
    pub const ALL: [CertKind; 6] = [
        CertKind::Valid,
        CertKind::Expired,
        CertKind::NotYetValid,
        CertKind::WrongHost,
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
            CertKind::UnknownCa => "unknown-ca",
            CertKind::BadSignature => "bad-signature",
        }
    }

    pub fn parse(s: &str) -> Option<CertKind> {
        CertKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The browser's checks on a chain, in the order it made them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    /// One summary per certificate, leaf first.
    pub certificates: Vec<CertSummary>,
    pub checks: Vec<ChainCheck>,
    /// The first failure, if any.
    pub error: Option<CertError>,
}

/// What a certificate says, decoded for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertSummary {
    pub subject: String,
    pub issuer: String,
    /// RFC 3339, e.g. `2026-01-01T00:00:00Z`.
    pub not_before: String,
    pub not_after: String,
    /// e.g. `RSA 2048 bits, e = 65537`.
    pub public_key: String,
    /// e.g. `sha256WithRSAEncryption`.
    pub signature_algorithm: String,
    pub subject_alt_names: Vec<String>,
    pub is_ca: bool,
    pub key_usage: Vec<String>,
}

/// One check with the values it compared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChainCheck {
    /// Index into `ChainReport::certificates`, or `None` for a check on the whole chain.
    pub certificate: Option<usize>,
    /// e.g. "signature verified with the issuer's public key".
    pub what: String,
    pub ok: bool,
    /// The values compared, e.g. "now 2026-06-01T00:00:00Z; valid 2026-01-01 .. 2027-01-01".
    pub detail: String,
}

/// Why a chain is rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum CertError {
    /// The certificate message held no certificate, or DER that does not parse.
    Malformed,
    Expired,
    NotYetValid,
    /// No subjectAltName matches the name the browser asked for.
    HostMismatch,
    /// The chain does not end at a trusted root.
    UnknownIssuer,
    /// A signature does not verify with its issuer's key.
    BadSignature,
    /// An issuer is not a CA (basicConstraints) or may not sign certificates (keyUsage),
    /// or the leaf's key may not be used for this key exchange.
    BadUsage,
    /// A key or algorithm the engine does not support.
    Unsupported,
}

impl CertError {
    /// The alert a real client sends for this failure (RFC 5246 §7.2.2, as OpenSSL maps it).
    pub fn alert(self) -> AlertDescription {
        match self {
            CertError::Malformed => AlertDescription::DecodeError,
            CertError::Expired | CertError::NotYetValid => AlertDescription::CertificateExpired,
            CertError::HostMismatch => AlertDescription::BadCertificate,
            CertError::UnknownIssuer => AlertDescription::UnknownCa,
            CertError::BadSignature => AlertDescription::DecryptError,
            CertError::BadUsage => AlertDescription::UnsupportedCertificate,
            CertError::Unsupported => AlertDescription::UnsupportedCertificate,
        }
    }

    /// The error code a browser shows for this failure.
    pub fn browser_code(self) -> &'static str {
        match self {
            CertError::Expired | CertError::NotYetValid => "NET::ERR_CERT_DATE_INVALID",
            CertError::HostMismatch => "NET::ERR_CERT_COMMON_NAME_INVALID",
            CertError::UnknownIssuer => "NET::ERR_CERT_AUTHORITY_INVALID",
            CertError::BadSignature | CertError::Malformed | CertError::BadUsage => {
                "NET::ERR_CERT_INVALID"
            }
            CertError::Unsupported => "ERR_SSL_VERSION_OR_CIPHER_MISMATCH",
        }
    }
}
