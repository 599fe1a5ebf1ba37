//! The embedded teaching PKI (made by `certs/make-certs.sh` with the OpenSSL CLI) and PEM
//! files from users.
//!
//! Every chain is leaf first, then the CA that signed it (RFC 5246 §7.4.2: each certificate
//! certifies the one before it; the root MAY be sent). The server sends the root too so the
//! learner sees a whole chain, and so `unknown-ca` shows the browser an untrusted root.

use std::sync::OnceLock;

use der::pem;
use rsa::PrivateKey as RsaPrivateKey;

#[cfg(feature = "client-auth")]
use super::ClientCertKind;
use super::parsed::Parsed;
use super::{CertKind, keys};

const CA_DER: &[u8] = include_bytes!("certs/ca.der");
const CA_PEM: &str = include_str!("certs/ca.pem");
const UNTRUSTED_CA_DER: &[u8] = include_bytes!("certs/untrusted-ca.der");
const UNTRUSTED_CA_PEM: &str = include_str!("certs/untrusted-ca.pem");
/// One server key for every leaf: the lessons differ in the certificate, not the key.
const SERVER_KEY_DER: &[u8] = include_bytes!("certs/server.key.der");
const SERVER_KEY_PEM: &str = include_str!("certs/server.key.pem");

/// What an endpoint needs to authenticate itself: its chain and the leaf's private key.
#[derive(Clone, Debug)]
pub struct Identity {
    /// DER certificates, leaf first.
    pub chain: Vec<Vec<u8>>,
    /// The private key of the leaf's public key: a server's signs ServerKeyExchange or
    /// CertificateVerify, or decrypts the RSA pre-master secret; a client's signs its
    /// CertificateVerify.
    pub key: RsaPrivateKey,
}

#[cfg(feature = "client-auth")]
/// The client CA: the server's only anchor for client certificates. A separate root from
/// the browser's, as real deployments keep them (a bank's client CA is not a web CA).
const CLIENT_CA_DER: &[u8] = include_bytes!("certs/client-ca.der");
#[cfg(feature = "client-auth")]
const CLIENT_CA_PEM: &str = include_str!("certs/client-ca.pem");
#[cfg(feature = "client-auth")]
/// The student's key, shared by every client certificate kind.
const CLIENT_KEY_DER: &[u8] = include_bytes!("certs/client.key.der");
#[cfg(feature = "client-auth")]
const CLIENT_KEY_PEM: &str = include_str!("certs/client.key.pem");

/// The embedded chain and key for a lesson.
pub fn identity(kind: CertKind) -> Identity {
    let (leaf, _) = leaf(kind);
    let (issuer, _) = issuer(kind);
    Identity {
        chain: vec![leaf.to_vec(), issuer.to_vec()],
        key: server_key(),
    }
}

#[cfg(feature = "client-auth")]
/// The student's embedded chain and key for `kind`, or `None` when the browser has no
/// certificate ([`ClientCertKind::None`]). [`ClientCertKind::BadSignature`] pairs the
/// student's valid chain with another key (the lab's server key): someone who copied the
/// certificate, which is public, but not its private key.
pub fn client_identity(kind: ClientCertKind) -> Option<Identity> {
    let (leaf, _) = client_leaf(kind)?;
    let (issuer, _) = client_issuer(kind);
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    let key = match kind {
        ClientCertKind::BadSignature => server_key(),
        _ => KEY
            .get_or_init(|| {
                keys::pkcs8_private_key(CLIENT_KEY_DER).unwrap_or_else(|e| {
                    panic!("the embedded client key is a PKCS#8 RSA key (tested): {e}")
                })
            })
            .clone(),
    };
    Some(Identity {
        chain: vec![leaf.to_vec(), issuer.to_vec()],
        key,
    })
}

#[cfg(feature = "client-auth")]
/// The server's anchors for client certificates: the client CA alone.
pub fn client_trust_anchors() -> Vec<Vec<u8>> {
    vec![CLIENT_CA_DER.to_vec()]
}

#[cfg(feature = "client-auth")]
/// The client CA as PEM, e.g. for `openssl s_server -CAfile` or `tls-lab serve --client-ca`.
pub fn client_ca_pem() -> &'static str {
    CLIENT_CA_PEM
}

#[cfg(feature = "client-auth")]
/// The student's chain for `kind` as PEM, leaf first, e.g. for `openssl s_client -cert`;
/// `None` for [`ClientCertKind::None`].
pub fn client_chain_pem(kind: ClientCertKind) -> Option<String> {
    let (_, leaf) = client_leaf(kind)?;
    let (_, issuer) = client_issuer(kind);
    Some(format!("{leaf}{issuer}"))
}

#[cfg(feature = "client-auth")]
/// The student's private key as PKCS#8 PEM.
pub fn client_key_pem() -> &'static str {
    CLIENT_KEY_PEM
}

#[cfg(feature = "client-auth")]
fn client_leaf(kind: ClientCertKind) -> Option<(&'static [u8], &'static str)> {
    Some(match kind {
        ClientCertKind::None => return None,
        // Sam's own certificate: what is wrong is the key that signs with it.
        ClientCertKind::Valid | ClientCertKind::BadSignature => (
            include_bytes!("certs/client-valid.der"),
            include_str!("certs/client-valid.pem"),
        ),
        ClientCertKind::Expired => (
            include_bytes!("certs/client-expired.der"),
            include_str!("certs/client-expired.pem"),
        ),
        ClientCertKind::UnknownCa => (
            include_bytes!("certs/client-unknown-ca.der"),
            include_str!("certs/client-unknown-ca.pem"),
        ),
        ClientCertKind::WrongUsage => (
            include_bytes!("certs/client-wrong-usage.der"),
            include_str!("certs/client-wrong-usage.pem"),
        ),
    })
}

#[cfg(feature = "client-auth")]
fn client_issuer(kind: ClientCertKind) -> (&'static [u8], &'static str) {
    match kind {
        ClientCertKind::UnknownCa => (UNTRUSTED_CA_DER, UNTRUSTED_CA_PEM),
        _ => (CLIENT_CA_DER, CLIENT_CA_PEM),
    }
}

/// The embedded server key, parsed once: parsing (with its CRT precomputation) costs more
/// than a clone, and the page simulates again on every choice the student makes.
fn server_key() -> RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| {
        // The key file is generated by make-certs.sh and checked by the `every_kind_loads`
        // test; it is compiled in, so no input can change it.
        // Display, not `expect`'s Debug: Debug-quoting a string pulls Unicode tables into
        // the page.
        keys::pkcs8_private_key(SERVER_KEY_DER)
            .unwrap_or_else(|e| panic!("the embedded server key is a PKCS#8 RSA key (tested): {e}"))
    })
    .clone()
}

/// The attacker's root, "Mallory Root CA" (DER): no browser trusts it, unless made to.
#[cfg(feature = "attack")]
pub fn attacker_ca() -> Vec<u8> {
    include_bytes!("certs/attacker-ca.der").to_vec()
}

/// The attacker's root as PEM, e.g. for `curl --cacert` in front of a proxy.
#[cfg(feature = "attack")]
pub fn attacker_ca_pem() -> &'static str {
    include_str!("certs/attacker-ca.pem")
}

/// The attacker's own identity: a server.test certificate its root issued, and the
/// attacker's key (its own: it never holds the server's).
#[cfg(feature = "attack")]
pub fn attacker_identity() -> Identity {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    let key = KEY.get_or_init(|| {
        keys::pkcs8_private_key(include_bytes!("certs/attacker.key.der")).unwrap_or_else(|e| {
            panic!("the embedded attacker key is a PKCS#8 RSA key (tested): {e}")
        })
    });
    Identity {
        chain: vec![
            include_bytes!("certs/attacker-leaf.der").to_vec(),
            attacker_ca(),
        ],
        key: key.clone(),
    }
}

/// The attacker's chain as PEM, leaf first, and its key as PKCS#8 PEM.
#[cfg(feature = "attack")]
pub fn attacker_pem() -> (String, &'static str) {
    (
        format!(
            "{}{}",
            include_str!("certs/attacker-leaf.pem"),
            attacker_ca_pem()
        ),
        include_str!("certs/attacker.key.pem"),
    )
}

/// The browser's trust store: the teaching CA alone.
pub fn trust_anchors() -> Vec<Vec<u8>> {
    vec![CA_DER.to_vec()]
}

/// The teaching CA as PEM, e.g. for `openssl s_client -CAfile`.
pub fn ca_pem() -> &'static str {
    CA_PEM
}

/// A lesson's chain as PEM, leaf first, e.g. for `openssl s_server -cert_chain`.
pub fn chain_pem(kind: CertKind) -> String {
    let (_, leaf) = leaf(kind);
    let (_, issuer) = issuer(kind);
    format!("{leaf}{issuer}")
}

/// The leaf's private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
pub fn key_pem(_kind: CertKind) -> &'static str {
    SERVER_KEY_PEM
}

/// The leaf's private key as PKCS#8 DER: what the page hands the outsider who steals it.
pub fn key_der() -> &'static [u8] {
    SERVER_KEY_DER
}

/// A PKCS#8 RSA private key in DER, e.g. [`key_der`]'s.
pub fn parse_private_key_der(der: &[u8]) -> Result<RsaPrivateKey, String> {
    keys::pkcs8_private_key(der)
}

/// Every `CERTIFICATE` block in a PEM file, in order, as DER; text around blocks is ignored
/// (OpenSSL's `-text` output puts a dump before each block).
pub fn parse_certs_pem(text: &str) -> Result<Vec<Vec<u8>>, String> {
    let mut certs = Vec::new();
    for (label, der) in pem_blocks(text)? {
        if label != "CERTIFICATE" {
            continue;
        }
        // The check the browser makes first, so a bad file fails here, not mid-handshake.
        Parsed::new(&der).map_err(|e| format!("certificate {}: {e}", certs.len() + 1))?;
        certs.push(der);
    }
    if certs.is_empty() {
        return Err("no -----BEGIN CERTIFICATE----- block found".into());
    }
    Ok(certs)
}

/// The first private key in a PEM file: PKCS#8 (`PRIVATE KEY`) or PKCS#1 (`RSA PRIVATE KEY`).
pub fn parse_private_key_pem(text: &str) -> Result<RsaPrivateKey, String> {
    for (label, der) in pem_blocks(text)? {
        match label.as_str() {
            "PRIVATE KEY" => {
                return keys::pkcs8_private_key(&der)
                    .map_err(|e| format!("not a PKCS#8 RSA private key: {e}"));
            }
            "RSA PRIVATE KEY" => {
                return keys::pkcs1_private_key(&der)
                    .map_err(|e| format!("not a PKCS#1 RSA private key: {e}"));
            }
            "ENCRYPTED PRIVATE KEY" => {
                return Err("the key is encrypted; decrypt it first: \
                            openssl pkey -in key.pem -out plain.pem"
                    .into());
            }
            "EC PRIVATE KEY" => {
                return Err("an EC key: TLS Lab's suites need an RSA key".into());
            }
            _ => {}
        }
    }
    Err("no -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY----- block found".into())
}

fn leaf(kind: CertKind) -> (&'static [u8], &'static str) {
    match kind {
        CertKind::Valid => (
            include_bytes!("certs/leaf-valid.der"),
            include_str!("certs/leaf-valid.pem"),
        ),
        CertKind::Expired => (
            include_bytes!("certs/leaf-expired.der"),
            include_str!("certs/leaf-expired.pem"),
        ),
        CertKind::NotYetValid => (
            include_bytes!("certs/leaf-not-yet-valid.der"),
            include_str!("certs/leaf-not-yet-valid.pem"),
        ),
        CertKind::WrongHost => (
            include_bytes!("certs/leaf-wrong-host.der"),
            include_str!("certs/leaf-wrong-host.pem"),
        ),
        CertKind::CnOnly => (
            include_bytes!("certs/leaf-cn-only.der"),
            include_str!("certs/leaf-cn-only.pem"),
        ),
        CertKind::UnknownCa => (
            include_bytes!("certs/leaf-unknown-ca.der"),
            include_str!("certs/leaf-unknown-ca.pem"),
        ),
        CertKind::BadSignature => (
            include_bytes!("certs/leaf-bad-signature.der"),
            include_str!("certs/leaf-bad-signature.pem"),
        ),
    }
}

fn issuer(kind: CertKind) -> (&'static [u8], &'static str) {
    match kind {
        CertKind::UnknownCa => (UNTRUSTED_CA_DER, UNTRUSTED_CA_PEM),
        _ => (CA_DER, CA_PEM),
    }
}

/// (label, DER) for each `-----BEGIN …-----` block (RFC 7468).
fn pem_blocks(text: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    const BEGIN: &str = "-----BEGIN ";
    const END: &str = "-----END ";
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(BEGIN) {
        let block = &rest[at..];
        let label_end = block[BEGIN.len()..]
            .find("-----")
            .ok_or("a BEGIN line without its closing dashes")?;
        let label = &block[BEGIN.len()..BEGIN.len() + label_end];
        let end_line = format!("{END}{label}-----");
        let end = block
            .find(&end_line)
            .ok_or_else(|| format!("no {end_line} line"))?
            + end_line.len();
        let (decoded_label, der) = pem::decode_vec(&block.as_bytes()[..end])
            .map_err(|e| format!("bad PEM in the {label} block: {e}"))?;
        blocks.push((decoded_label.to_string(), der));
        rest = &block[end..];
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_loads() {
        for kind in CertKind::ALL {
            let id = identity(kind);
            assert_eq!(id.chain.len(), 2);
            for der in &id.chain {
                Parsed::new(der).expect("embedded DER parses");
            }
            assert_eq!(parse_certs_pem(&chain_pem(kind)), Ok(id.chain.clone()));
        }
        assert_eq!(parse_certs_pem(ca_pem()), Ok(trust_anchors()));
    }

    #[cfg(feature = "client-auth")]
    #[test]
    fn every_client_kind_loads() {
        for kind in ClientCertKind::ALL {
            let Some(id) = client_identity(kind) else {
                assert_eq!(kind, ClientCertKind::None);
                continue;
            };
            assert_eq!(
                parse_certs_pem(&client_chain_pem(kind).unwrap()),
                Ok(id.chain)
            );
        }
        assert_eq!(parse_certs_pem(client_ca_pem()), Ok(client_trust_anchors()));
        assert!(parse_private_key_pem(client_key_pem()).is_ok());
    }

    #[test]
    fn pem_errors_are_values() {
        assert!(parse_certs_pem("").is_err());
        assert!(parse_certs_pem("-----BEGIN CERTIFICATE-----\nAAAA").is_err());
        assert!(
            parse_certs_pem("-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----").is_err()
        );
        assert!(parse_private_key_pem("-----BEGIN ").is_err());
        assert!(parse_private_key_pem(ca_pem()).is_err());
    }
}
