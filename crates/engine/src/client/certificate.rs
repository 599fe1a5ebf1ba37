//! How the browser decides to trust the server's certificate, the same in TLS 1.2 and 1.3.

use rsa::PublicKey as RsaPublicKey;

use crate::client::ClientConfig;
use crate::common::{Common, Output};
use crate::error::TlsError;
use crate::msgs::enums::AlertDescription;
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
            let report = pki::validate(chain, roots, &config.server_name, config.now, need);
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
