//! How the browser decides to trust the server's certificate, and how it presents its own
//! when the server asks (mutual TLS), the same in TLS 1.2 and 1.3.

use rsa::PublicKey as RsaPublicKey;

use crate::client::ClientConfig;
use crate::common::{Common, Output};
use crate::crypto::key_exchange;
use crate::error::TlsError;
use crate::msgs::enums::{AlertDescription, SignatureScheme};
use crate::pki::{self, KeyUse};

/// What the browser trusts.
#[derive(Clone, Debug)]
pub enum Trust {
    /// As a browser does: a chain to one of these root certificates (DER), valid at the
    /// configured clock, for the server name.
    Roots(Vec<Vec<u8>>),
    /// Exactly this leaf certificate (DER), whatever its chain, name and dates: a pin, as
    /// Chromium's `--ignore-certificate-errors-spki-list` pins a key. For known-answer tests
    /// whose published certificate no browser would accept (RFC 8448's is self-signed,
    /// named by its CN only, and its validity ended in 2026).
    Pinned(Vec<u8>),
}

/// Checks the server's chain as `config.trust` says and returns the leaf's public key,
/// which must serve `need`.
pub fn server_key(
    cx: &mut Common,
    config: &ClientConfig,
    chain: &[Vec<u8>],
    need: KeyUse,
) -> Result<RsaPublicKey, TlsError> {
    match &config.trust {
        Trust::Roots(roots) => {
            let report = pki::validate(chain, roots, Some(&config.server_name), config.now, need);
            let error = report.error;
            cx.outputs.push(Output::Chain(report));
            if let Some(e) = error {
                return Err(TlsError::new(
                    e.alert(),
                    format!("certificate rejected: {}", e.reason()),
                ));
            }
        }
        Trust::Pinned(leaf) => {
            let ok = chain.first() == Some(leaf);
            cx.check(
                "pinned certificate",
                ok,
                "the leaf is byte for byte the pinned one; chain, name and dates are not checked",
            );
            if !ok {
                return Err(TlsError::new(
                    AlertDescription::BadCertificate,
                    "the server's certificate is not the pinned one",
                ));
            }
        }
    }
    pki::leaf_public_key(chain).map_err(|e| TlsError::new(e.alert(), e.reason()))
}

/// The browser's own certificate and key, for mutual TLS.
#[cfg(feature = "client-auth")]
pub type ClientIdentity = crate::pki::Identity;

/// Without the `client-auth` feature the browser has no certificate of its own: no such value
/// exists, so `ClientConfig::identity` is always `None` and the compiler leaves the signing
/// out (the page's first load has no room for it yet). It still answers a CertificateRequest,
/// with an empty Certificate.
#[cfg(not(feature = "client-auth"))]
#[derive(Clone, Debug)]
pub enum ClientIdentity {}

/// The chain and key of an identity.
#[cfg(feature = "client-auth")]
fn parts(id: &ClientIdentity) -> (&[Vec<u8>], &rsa::PrivateKey) {
    (&id.chain, &id.key)
}

#[cfg(not(feature = "client-auth"))]
fn parts(id: &ClientIdentity) -> (&[Vec<u8>], &rsa::PrivateKey) {
    match *id {}
}

/// The lab's student, presenting Sam Student's certificate of `kind` (`None` without one).
#[cfg(feature = "client-auth")]
pub fn teaching(kind: crate::pki::ClientCertKind) -> Option<ClientIdentity> {
    crate::pki::client_identity(kind)
}

/// Without the `client-auth` feature the lab's student has no certificate.
#[cfg(not(feature = "client-auth"))]
pub fn teaching(_kind: crate::pki::ClientCertKind) -> Option<ClientIdentity> {
    None
}

/// The chain the browser sends when asked: its own if it signs with `scheme`, else empty.
pub fn chain_to_send(config: &ClientConfig, scheme: Option<SignatureScheme>) -> Vec<Vec<u8>> {
    match (scheme, &config.identity) {
        (Some(_), Some(identity)) => parts(identity).0.to_vec(),
        _ => Vec::new(),
    }
}

/// The name of the browser's check that says what it answers a CertificateRequest with.
pub const CHECK: &str = "client certificate";

/// What a server's CertificateRequest asked for: the schemes it accepts in CertificateVerify
/// and the CAs it names (RFC 5246 §7.4.4, RFC 8446 §4.3.2).
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// TLS 1.3: certificate_request_context, echoed in the client's Certificate.
    pub context: Vec<u8>,
    /// The signature schemes the server accepts.
    pub schemes: Vec<SignatureScheme>,
    /// The CAs' subject Names (DER) the server names; empty: any.
    pub authorities: Vec<Vec<u8>>,
}

/// The browser's answer to a CertificateRequest: its chain and the scheme it will sign with,
/// or `None` (an empty Certificate) when it has no certificate or cannot sign with any scheme
/// the server accepts. RSA-PSS first, as BoringSSL prefers it; PKCS #1 v1.5 only in TLS 1.2.
pub fn choose(
    cx: &mut Common,
    config: &ClientConfig,
    request: &Request,
    tls13: bool,
) -> Option<SignatureScheme> {
    let Some(identity) = &config.identity else {
        cx.check(
            CHECK,
            false,
            "the server asks for a certificate; this browser has none and answers with an empty \
             Certificate",
        );
        return None;
    };
    let mut ours = vec![SignatureScheme::rsa_pss_rsae_sha256];
    if !tls13 {
        ours.push(SignatureScheme::rsa_pkcs1_sha256);
    }
    let Some(scheme) = ours.into_iter().find(|s| request.schemes.contains(s)) else {
        cx.check(
            CHECK,
            false,
            "the server accepts no signature scheme this browser's RSA key makes; it answers \
             with an empty Certificate",
        );
        return None;
    };
    let (chain, _) = parts(identity);
    let issuer = chain.first().and_then(|leaf| pki::issuer_name(leaf));
    let named =
        request.authorities.is_empty() || issuer.is_some_and(|i| request.authorities.contains(&i));
    let subject = chain
        .first()
        .and_then(|leaf| pki::subject(leaf))
        .unwrap_or_default();
    cx.check(
        CHECK,
        true,
        format!(
            "the server asks for a certificate; the browser presents {subject} and will sign \
             with {} ({})",
            scheme.as_str(),
            if named {
                "its issuer is among the CAs the server names"
            } else {
                "its issuer is not among the CAs the server names, but it is the only one the \
                 browser has"
            }
        ),
    );
    Some(scheme)
}

/// The browser's CertificateVerify signature over `content` with its certificate's key.
pub fn sign(
    cx: &mut Common,
    config: &ClientConfig,
    scheme: SignatureScheme,
    content: &[u8],
) -> Result<Vec<u8>, TlsError> {
    let identity = config.identity.as_ref().ok_or_else(|| {
        TlsError::new(
            AlertDescription::InternalError,
            "CertificateVerify without a certificate",
        )
    })?;
    let (_, key) = parts(identity);
    if scheme == SignatureScheme::rsa_pss_rsae_sha256 {
        key_exchange::sign_pss_sha256(&mut cx.rng, key, content)
    } else {
        key_exchange::sign(key, content)
    }
}
