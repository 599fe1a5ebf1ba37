//! Mutual TLS on the server's side, the same in TLS 1.2 and 1.3: which CAs it names in its
//! CertificateRequest, how it checks the client's chain (the browser's validator, for a
//! person's certificate) and the client's CertificateVerify.

use rsa::PublicKey as RsaPublicKey;

use crate::common::{Common, Output};
use crate::crypto::key_exchange;
use crate::error::TlsError;
use crate::msgs::enums::{AlertDescription, SignatureScheme};
use crate::msgs::handshake::CertificateVerify;
use crate::pki::{self, KeyUse};

type Result<T> = std::result::Result<T, TlsError>;

/// What the server asks of a client's certificate: it asks for one in every handshake and
/// requires it, as a bank's or a VPN's server does.
#[cfg(feature = "client-auth")]
#[derive(Clone, Debug)]
pub struct ClientAuth {
    /// The roots a client certificate must chain to (DER): the client CA.
    pub anchors: Vec<Vec<u8>>,
    /// The clock the client's certificate is checked at (Unix seconds).
    pub now: u64,
}

/// Without the `client-auth` feature there is no such value, so `ServerConfig::client_auth`
/// is always `None` and the compiler leaves every mutual-TLS path of the server out (the
/// page's first load has no room for them yet).
#[cfg(not(feature = "client-auth"))]
#[derive(Clone, Debug)]
pub enum ClientAuth {}

#[cfg(feature = "client-auth")]
impl ClientAuth {
    /// The lab's server: the embedded client CA, at the lab's clock.
    pub fn teaching(now: u64) -> Option<ClientAuth> {
        Some(ClientAuth {
            anchors: pki::client_trust_anchors(),
            now,
        })
    }

    fn anchors(&self) -> &[Vec<u8>] {
        &self.anchors
    }

    fn now(&self) -> u64 {
        self.now
    }
}

#[cfg(not(feature = "client-auth"))]
impl ClientAuth {
    /// Without the feature the lab's server asks for no client certificate.
    pub fn teaching(_now: u64) -> Option<ClientAuth> {
        None
    }

    fn anchors(&self) -> &[Vec<u8>] {
        match *self {}
    }

    fn now(&self) -> u64 {
        match *self {}
    }
}

impl ClientAuth {
    /// The anchors' subject names (DER): the certificate_authorities a CertificateRequest
    /// lists, so the client can pick a certificate that chains to one (RFC 5246 §7.4.4,
    /// RFC 8446 §4.2.4).
    pub fn authorities(&self) -> Vec<Vec<u8>> {
        self.anchors()
            .iter()
            .filter_map(|a| pki::subject_name(a))
            .collect()
    }
}

/// The schemes this server accepts in the client's CertificateVerify: RSA-PSS, and in
/// TLS 1.2 PKCS #1 v1.5 too (RFC 8446 §4.4.3 forbids it in TLS 1.3).
pub fn schemes(tls13: bool) -> &'static [SignatureScheme] {
    if tls13 {
        &[SignatureScheme::rsa_pss_rsae_sha256]
    } else {
        &[
            SignatureScheme::rsa_pss_rsae_sha256,
            SignatureScheme::rsa_pkcs1_sha256,
        ]
    }
}

/// Checks the client's chain and returns its leaf's public key. An empty chain is refused:
/// TLS 1.3 says so with certificate_required (RFC 8446 §4.4.2.4), TLS 1.2 with
/// handshake_failure (RFC 5246 §7.4.6).
pub fn client_key(
    cx: &mut Common,
    auth: &ClientAuth,
    chain: &[Vec<u8>],
    tls13: bool,
) -> Result<RsaPublicKey> {
    if chain.is_empty() {
        let (alert, rule) = if tls13 {
            (AlertDescription::CertificateRequired, "RFC 8446 §4.4.2.4")
        } else {
            (AlertDescription::HandshakeFailure, "RFC 5246 §7.4.6")
        };
        cx.check(
            crate::client::certificate::CHECK,
            false,
            format!("the client sent an empty Certificate; this server requires one ({rule})"),
        );
        return Err(TlsError::new(
            alert,
            "the client sent no certificate, and this server requires one",
        ));
    }
    let report = pki::validate(chain, auth.anchors(), None, auth.now(), KeyUse::ClientAuth);
    let error = report.error;
    cx.outputs.push(Output::Chain(report));
    if let Some(e) = error {
        return Err(TlsError::new(
            e.alert(),
            format!("client certificate rejected: {}", e.reason()),
        ));
    }
    pki::leaf_public_key(chain).map_err(|e| TlsError::new(e.alert(), e.reason()))
}

/// Verifies the client's CertificateVerify over `signed` (TLS 1.2: every handshake message
/// so far; TLS 1.3: the context string and the transcript hash) with the certificate's key.
/// A bad signature is decrypt_error (RFC 5246 §7.2.2, RFC 8446 §6.2). `_asked` is what the
/// server asked: without `client-auth` there is no such value, and so no call.
pub fn verify(
    cx: &mut Common,
    _asked: &ClientAuth,
    key: &RsaPublicKey,
    tls13: bool,
    m: &CertificateVerify,
    signed: &[u8],
    covers: &str,
) -> Result<()> {
    let (scheme, signature) = (m.algorithm, &m.signature);
    if !schemes(tls13).contains(&scheme) {
        return Err(TlsError::illegal(format!(
            "the client signed with {scheme}, which the CertificateRequest did not offer"
        )));
    }
    let verified = if scheme == SignatureScheme::rsa_pss_rsae_sha256 {
        key_exchange::verify_pss_sha256(key, signed, signature)
    } else {
        key_exchange::verify(key, signed, signature)
    };
    cx.check(
        format!("client CertificateVerify signature ({})", scheme.as_str()),
        verified.is_ok(),
        format!("over {covers}, with the client certificate's public key"),
    );
    verified.map_err(|_| {
        TlsError::new(
            AlertDescription::DecryptError,
            "the client's CertificateVerify does not verify with its certificate's public key: \
             it does not hold the certificate's private key, or the handshake was changed",
        )
    })
}
