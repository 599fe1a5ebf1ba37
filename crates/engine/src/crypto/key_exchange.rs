//! Key exchange: how the two sides come to share the pre-master secret.
//!
//! - RSA (RFC 5246 §7.4.7.1): the client picks 48 bytes (`client_version ‖ random[46]`) and
//!   encrypts them with the server's public key (PKCS #1 v1.5).
//! - ECDHE over X25519 (RFC 8422, RFC 7748): each side sends a public share; the pre-master
//!   secret is the shared secret. The server signs its share with its RSA key.

// The padding schemes directly, not the `signature` traits, and rsa's errors never formatted:
// both would drag every PKCS#1/#8 error message of the rsa crate into the page.
use rsa::pkcs1v15::{Pkcs1v15Encrypt, Pkcs1v15Sign};
use rsa::{PrivateKey as RsaPrivateKey, PublicKey as RsaPublicKey};
use sha2::{Digest, Sha256};
use x25519_dalek::{PublicKey, StaticSecret};

use crate::crypto::rng::TlsRng;
use crate::error::TlsError;
use crate::msgs::enums::{AlertDescription, ProtocolVersion};

/// `struct { ProtocolVersion client_version; opaque random[46]; } PreMasterSecret;`
/// `client_version` is the one the ClientHello offered, not the one negotiated
/// (RFC 5246 §7.4.7.1): a rollback to an older version then changes the secret.
pub fn rsa_pre_master_secret(rng: &mut TlsRng, client_version: ProtocolVersion) -> [u8; 48] {
    let mut pms: [u8; 48] = rng.bytes();
    pms[..2].copy_from_slice(&client_version.to_wire().to_be_bytes());
    pms
}

pub fn rsa_encrypt(rng: &mut TlsRng, key: &RsaPublicKey, pms: &[u8]) -> Result<Vec<u8>, TlsError> {
    key.encrypt(rng.inner(), Pkcs1v15Encrypt, pms).map_err(|_| {
        TlsError::new(
            AlertDescription::InternalError,
            "RSA encryption failed: the key is too short for a 48-byte secret",
        )
    })
}

/// Decrypts an EncryptedPreMasterSecret. Its first two bytes must be the ClientHello's
/// `client_version` (RFC 5246 §7.4.7.1), which may be higher than the TLS 1.2 negotiated.
/// Following the same section, a failure (bad padding, wrong length or version) is *not*
/// reported: a random pre-master secret is used instead, so
/// the handshake fails later at Finished and a Bleichenbacher attacker learns nothing.
/// Returns the secret and whether decryption really succeeded (for the transcript only).
/// The fallback is drawn first, always, so the random stream does not depend on the outcome.
pub fn rsa_decrypt(
    rng: &mut TlsRng,
    key: &RsaPrivateKey,
    encrypted: &[u8],
    client_version: ProtocolVersion,
) -> ([u8; 48], bool) {
    let version = client_version.to_wire().to_be_bytes();
    let fallback: [u8; 48] = rng.bytes();
    // rsa 0.10 computes in constant time (crypto-bigint), so no blinding: blinding's modular
    // inversion would double the cost of the handshake's most expensive step.
    match key.decrypt(Pkcs1v15Encrypt, encrypted) {
        Ok(pms) if pms.len() == 48 && pms[..2] == version => {
            let mut out = [0u8; 48];
            out.copy_from_slice(&pms);
            (out, true)
        }
        _ => {
            let mut out = fallback;
            out[..2].copy_from_slice(&version);
            (out, false)
        }
    }
}

/// An X25519 key pair for one handshake.
pub struct EcdhKeyPair {
    secret: StaticSecret,
    pub public: [u8; 32],
}

impl EcdhKeyPair {
    pub fn generate(rng: &mut TlsRng) -> EcdhKeyPair {
        EcdhKeyPair::from_private(rng.bytes::<32>())
    }

    /// A key pair from a known private scalar (clamped by X25519 itself).
    pub fn from_private(private: [u8; 32]) -> EcdhKeyPair {
        let secret = StaticSecret::from(private);
        let public = PublicKey::from(&secret).to_bytes();
        EcdhKeyPair { secret, public }
    }

    /// The private scalar, shown to learners (it never leaves its owner in a real stack).
    pub fn private_bytes(&self) -> [u8; 32] {
        self.secret.to_bytes()
    }

    /// X25519(private, peer_public). RFC 8422 §5.11 / RFC 7748 §6.1: an all-zero result
    /// (a low-order peer point) must be rejected.
    pub fn agree(&self, peer_public: &[u8]) -> Result<[u8; 32], TlsError> {
        let peer: [u8; 32] = peer_public.try_into().map_err(|_| {
            TlsError::illegal(format!(
                "an X25519 public key is 32 bytes, not {}",
                peer_public.len()
            ))
        })?;
        let shared = self.secret.diffie_hellman(&PublicKey::from(peer));
        if !shared.was_contributory() {
            return Err(TlsError::illegal(
                "X25519 shared secret is all zeros (low-order point)",
            ));
        }
        Ok(shared.to_bytes())
    }
}

/// RSASSA-PKCS1-v1_5 with SHA-256 over `message` (rsa_pkcs1_sha256).
pub fn sign(key: &RsaPrivateKey, message: &[u8]) -> Result<Vec<u8>, TlsError> {
    key.sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(message))
        .map_err(|_| {
            TlsError::new(
                AlertDescription::InternalError,
                "RSA signing failed: the key is too short for a SHA-256 DigestInfo",
            )
        })
}

/// Verifies an rsa_pkcs1_sha256 signature; a bad one is decrypt_error (RFC 5246 §7.2.2).
pub fn verify(key: &RsaPublicKey, message: &[u8], signature: &[u8]) -> Result<(), TlsError> {
    let bad = || {
        TlsError::new(
            AlertDescription::DecryptError,
            "the ServerKeyExchange signature does not verify with the certificate's public key",
        )
    };
    key.verify(
        Pkcs1v15Sign::new::<Sha256>(),
        &Sha256::digest(message),
        signature,
    )
    .map_err(|_| bad())
}
