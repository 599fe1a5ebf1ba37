//! Key exchange: how the two sides come to share the pre-master secret.
//!
//! - RSA (RFC 5246 §7.4.7.1): the client picks 48 bytes (`client_version ‖ random[46]`) and
//!   encrypts them with the server's public key (PKCS #1 v1.5).
//! - ECDHE over X25519 (RFC 8422, RFC 7748): each side sends a public share; the pre-master
//!   secret is the shared secret. The server signs its share with its RSA key.
//! - TLS 1.3 key shares (RFC 8446 §4.2.8): `x25519` (the same [`EcdhKeyPair`]) and the hybrid
//!   `X25519MLKEM768` (draft-ietf-tls-ecdhe-mlkem), whose secret stays safe while *either*
//!   X25519 or ML-KEM-768 (FIPS 203) stands. ML-KEM comes first in each of its three values:
//!   ```text
//!   client key_share = ML-KEM-768 encapsulation key (1184) ‖ X25519 public key (32)
//!   server key_share = ML-KEM-768 ciphertext (1088)        ‖ X25519 public key (32)
//!   shared secret    = ML-KEM-768 shared secret (32)       ‖ X25519 shared secret (32)
//!   ```
//!
//! Signatures: rsa_pkcs1_sha256 (TLS 1.2's ServerKeyExchange) and rsa_pss_rsae_sha256 (TLS 1.3's
//! CertificateVerify, RFC 8446 §4.2.3).

// The padding schemes directly, not the `signature` traits, and rsa's errors never formatted:
// both would drag every PKCS#1/#8 error message of the rsa crate into the page.
use ml_kem::array::Array;
use ml_kem::ml_kem_768::{DecapsulationKey, EncapsulationKey};
use ml_kem::{Decapsulate, Encapsulate, KeyExport, Seed};
use rsa::pkcs1v15::{Pkcs1v15Encrypt, Pkcs1v15Sign};
use rsa::pss::Pss;
use rsa::{PrivateKey as RsaPrivateKey, PublicKey as RsaPublicKey};
use sha2::{Digest, Sha256};
use x25519_dalek::{PublicKey, StaticSecret, X25519_BASEPOINT_BYTES, x25519};

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

/// The ClientKeyExchange's EncryptedPreMasterSecret: `pms` encrypted to the server
/// certificate's key with RSAES-PKCS1-v1_5 (RFC 5246 §7.4.7.1).
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
#[derive(Clone)]
pub struct EcdhKeyPair {
    secret: StaticSecret,
    /// The public key X25519(private, 9) (RFC 7748 §6.1), as sent in a key share.
    pub public: [u8; 32],
}

impl EcdhKeyPair {
    /// A fresh key pair: 32 bytes from `rng` as the private scalar.
    pub fn generate(rng: &mut TlsRng) -> EcdhKeyPair {
        EcdhKeyPair::from_private(rng.bytes::<32>())
    }

    /// A key pair from a known private scalar (clamped by X25519 itself).
    pub fn from_private(private: [u8; 32]) -> EcdhKeyPair {
        let secret = StaticSecret::from(private);
        // X25519(k, 9), as RFC 7748 §6.1 defines it: the Montgomery ladder. The same bytes as
        // `PublicKey::from`, whose Edwards base multiplication (no precomputed tables, which
        // would weigh on the page) measured 3.4 ms against 0.12 ms in the size-optimised
        // release profile the page ships with (native; 50 µs against 90 µs at opt-level 3).
        let public = x25519(secret.to_bytes(), X25519_BASEPOINT_BYTES);
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

/// RSASSA-PSS with SHA-256, MGF1-SHA256 and a 32-byte salt over `message`
/// (rsa_pss_rsae_sha256, RFC 8446 §4.2.3). The salt comes from `rng`, so a seed reproduces the
/// signature. Unblinded, like [`rsa_decrypt`]: rsa 0.10's arithmetic is constant-time.
pub fn sign_pss_sha256(
    rng: &mut TlsRng,
    key: &RsaPrivateKey,
    message: &[u8],
) -> Result<Vec<u8>, TlsError> {
    let pss = Pss::<Sha256> {
        blinded: false,
        ..Pss::new()
    };
    key.sign_with_rng(rng.inner(), pss, &Sha256::digest(message))
        .map_err(|_| {
            TlsError::new(
                AlertDescription::InternalError,
                "RSA-PSS signing failed: the key is too short for SHA-256 and a 32-byte salt",
            )
        })
}

/// Verifies an rsa_pss_rsae_sha256 signature, requiring the 32-byte salt RFC 8446 §4.2.3
/// asks for; a bad one is decrypt_error (§4.4.3).
pub fn verify_pss_sha256(
    key: &RsaPublicKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), TlsError> {
    key.verify(Pss::<Sha256>::new(), &Sha256::digest(message), signature)
        .map_err(|_| {
            TlsError::new(
                AlertDescription::DecryptError,
                "the CertificateVerify signature (RSA-PSS, SHA-256) does not verify with the certificate's public key",
            )
        })
}
/// An ML-KEM-768 encapsulation key `ek` (FIPS 203 §8: 384·k + 32 with k = 3).
pub const MLKEM768_ENCAPSULATION_KEY_LEN: usize = 1184;
/// An ML-KEM-768 ciphertext `c` (FIPS 203 §8: 32·(du·k + dv)).
pub const MLKEM768_CIPHERTEXT_LEN: usize = 1088;
/// An ML-KEM shared secret `K`, and the seeds d, z and m (FIPS 203 §6).
pub const MLKEM_SECRET_LEN: usize = 32;
/// An X25519 public key or shared secret (RFC 7748 §6.1).
pub const X25519_LEN: usize = 32;
/// The client's X25519MLKEM768 key_share: `ek ‖ X25519 public key`.
pub const HYBRID_CLIENT_SHARE_LEN: usize = MLKEM768_ENCAPSULATION_KEY_LEN + X25519_LEN;
/// The server's X25519MLKEM768 key_share: `ciphertext ‖ X25519 public key`.
pub const HYBRID_SERVER_SHARE_LEN: usize = MLKEM768_CIPHERTEXT_LEN + X25519_LEN;
/// The X25519MLKEM768 shared secret: the IKM of the handshake secret.
pub const HYBRID_SHARED_SECRET_LEN: usize = MLKEM_SECRET_LEN + X25519_LEN;

/// Both halves of an X25519MLKEM768 shared secret, kept apart because the page shows each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HybridSecret {
    /// ML-KEM-768's `K` (FIPS 203 Algorithms 17 and 18).
    pub mlkem: [u8; MLKEM_SECRET_LEN],
    /// X25519(private, peer public).
    pub x25519: [u8; X25519_LEN],
}

impl HybridSecret {
    /// The (EC)DHE input to the handshake secret: ML-KEM's half first.
    pub fn shared_secret(&self) -> [u8; HYBRID_SHARED_SECRET_LEN] {
        let mut out = [0u8; HYBRID_SHARED_SECRET_LEN];
        out[..MLKEM_SECRET_LEN].copy_from_slice(&self.mlkem);
        out[MLKEM_SECRET_LEN..].copy_from_slice(&self.x25519);
        out
    }
}

/// The client's X25519MLKEM768 key: an ML-KEM-768 decapsulation key and an X25519 key pair.
#[derive(Clone)]
pub struct HybridClientKey {
    mlkem: DecapsulationKey,
    /// `d ‖ z`, FIPS 203's 64-byte seed form of the decapsulation key (shown to learners; it
    /// never leaves its owner in a real stack).
    pub mlkem_seed: [u8; 2 * MLKEM_SECRET_LEN],
    /// `ek`, the ML-KEM half of the key share.
    pub mlkem_encapsulation_key: Vec<u8>,
    /// The X25519 half of the key share.
    pub x25519: EcdhKeyPair,
}

impl HybridClientKey {
    /// Draws d, z (ML-KEM.KeyGen_internal, FIPS 203 Algorithm 16) and the X25519 scalar from
    /// `rng`, in that order, so a seed reproduces the key.
    pub fn generate(rng: &mut TlsRng) -> HybridClientKey {
        let mlkem_seed: [u8; 2 * MLKEM_SECRET_LEN] = rng.bytes();
        let mlkem = DecapsulationKey::from_seed(Seed::from(mlkem_seed));
        let mlkem_encapsulation_key = mlkem.encapsulation_key().to_bytes().to_vec();
        HybridClientKey {
            mlkem,
            mlkem_seed,
            mlkem_encapsulation_key,
            x25519: EcdhKeyPair::generate(rng),
        }
    }

    /// The ClientHello's key_share for X25519MLKEM768: `ek ‖ X25519 public key`.
    pub fn key_share(&self) -> Vec<u8> {
        [&self.mlkem_encapsulation_key[..], &self.x25519.public].concat()
    }

    /// Both halves of the secret from the ServerHello's key_share. A wrong length or an
    /// all-zero X25519 result is illegal_parameter. A ciphertext changed on the way is not an
    /// error here: ML-KEM's implicit rejection (FIPS 203 Algorithm 18) yields an unrelated
    /// secret, so the handshake fails at Finished, telling an attacker nothing more.
    pub fn decapsulate(&self, server_share: &[u8]) -> Result<HybridSecret, TlsError> {
        if server_share.len() != HYBRID_SERVER_SHARE_LEN {
            return Err(TlsError::illegal(format!(
                "an X25519MLKEM768 server key share is {HYBRID_SERVER_SHARE_LEN} bytes (ML-KEM-768 ciphertext ‖ X25519 public key), not {}",
                server_share.len()
            )));
        }
        let (ciphertext, x25519_public) = server_share.split_at(MLKEM768_CIPHERTEXT_LEN);
        let ciphertext = Array::try_from(ciphertext)
            .map_err(|_| TlsError::illegal("an ML-KEM-768 ciphertext is 1088 bytes"))?;
        let mlkem = self.mlkem.decapsulate(&ciphertext).into();
        let x25519 = self.x25519.agree(x25519_public)?;
        Ok(HybridSecret { mlkem, x25519 })
    }
}

/// What the server makes from a client's X25519MLKEM768 share.
pub struct HybridServerShare {
    /// The ML-KEM-768 ciphertext `c`, the ML-KEM half of the key share.
    pub mlkem_ciphertext: Vec<u8>,
    /// The server's X25519 key pair, the other half of the key share.
    pub x25519: EcdhKeyPair,
    /// Both halves of the shared secret, as the client will also derive them.
    pub secret: HybridSecret,
}

impl HybridServerShare {
    /// The ServerHello's key_share: `ciphertext ‖ X25519 public key`.
    pub fn key_share(&self) -> Vec<u8> {
        [&self.mlkem_ciphertext[..], &self.x25519.public].concat()
    }
}

/// The server's side of X25519MLKEM768: checks the client's share, encapsulates to its ML-KEM
/// key and agrees on X25519 with a fresh key pair (its scalar drawn from `rng` before ML-KEM's
/// `m`). A wrong length, an encapsulation key failing FIPS 203 §7.2's modulus check (a
/// coefficient not below q), or an all-zero X25519 result is illegal_parameter.
pub fn hybrid_server_encapsulate(
    rng: &mut TlsRng,
    client_share: &[u8],
) -> Result<HybridServerShare, TlsError> {
    if client_share.len() != HYBRID_CLIENT_SHARE_LEN {
        return Err(TlsError::illegal(format!(
            "an X25519MLKEM768 client key share is {HYBRID_CLIENT_SHARE_LEN} bytes (ML-KEM-768 encapsulation key ‖ X25519 public key), not {}",
            client_share.len()
        )));
    }
    let (ek, x25519_public) = client_share.split_at(MLKEM768_ENCAPSULATION_KEY_LEN);
    let ek = Array::try_from(ek)
        .map_err(|_| TlsError::illegal("an ML-KEM-768 encapsulation key is 1184 bytes"))?;
    let ek = EncapsulationKey::new(&ek).map_err(|_| {
        TlsError::illegal(
            "the ML-KEM-768 encapsulation key fails FIPS 203's modulus check: a coefficient is not below q = 3329",
        )
    })?;
    let x25519 = EcdhKeyPair::generate(rng);
    let x25519_secret = x25519.agree(x25519_public)?;
    let (ciphertext, mlkem_secret) = ek.encapsulate_with_rng(rng.inner());
    Ok(HybridServerShare {
        mlkem_ciphertext: ciphertext.to_vec(),
        x25519,
        secret: HybridSecret {
            mlkem: mlkem_secret.into(),
            x25519: x25519_secret,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::{self, CertKind};

    fn handshake(seed: u64) -> (HybridClientKey, HybridServerShare, HybridSecret) {
        let client = HybridClientKey::generate(&mut TlsRng::new(seed, 0));
        let server =
            hybrid_server_encapsulate(&mut TlsRng::new(seed, 1), &client.key_share()).unwrap();
        let client_secret = client.decapsulate(&server.key_share()).unwrap();
        (client, server, client_secret)
    }

    #[test]
    fn hybrid_client_and_server_agree() {
        let (client, server, client_secret) = handshake(1);
        assert_eq!(client_secret, server.secret);
        assert_ne!(client_secret.mlkem, client_secret.x25519);
        assert_eq!(client.key_share().len(), HYBRID_CLIENT_SHARE_LEN);
        assert_eq!(server.key_share().len(), HYBRID_SERVER_SHARE_LEN);
        assert_eq!(server.mlkem_ciphertext.len(), MLKEM768_CIPHERTEXT_LEN);
        assert_eq!(
            client.mlkem_encapsulation_key.len(),
            MLKEM768_ENCAPSULATION_KEY_LEN
        );
        // ML-KEM first in every value.
        assert_eq!(
            &client.key_share()[..MLKEM768_ENCAPSULATION_KEY_LEN],
            &client.mlkem_encapsulation_key[..]
        );
        assert_eq!(
            &client.key_share()[MLKEM768_ENCAPSULATION_KEY_LEN..],
            client.x25519.public
        );
        assert_eq!(
            &server.key_share()[MLKEM768_CIPHERTEXT_LEN..],
            server.x25519.public
        );
        let ss = client_secret.shared_secret();
        assert_eq!(&ss[..MLKEM_SECRET_LEN], client_secret.mlkem);
        assert_eq!(&ss[MLKEM_SECRET_LEN..], client_secret.x25519);
    }

    #[test]
    fn a_seed_reproduces_every_hybrid_value() {
        let (c1, s1, k1) = handshake(7);
        let (c2, s2, k2) = handshake(7);
        assert_eq!(c1.key_share(), c2.key_share());
        assert_eq!(c1.mlkem_seed, c2.mlkem_seed);
        assert_eq!(s1.key_share(), s2.key_share());
        assert_eq!(k1, k2);
        let (c3, s3, k3) = handshake(8);
        assert_ne!(c1.key_share(), c3.key_share());
        assert_ne!(s1.key_share(), s3.key_share());
        assert_ne!(k1, k3);
    }

    #[test]
    fn a_tampered_ciphertext_gives_another_mlkem_secret_not_an_error() {
        let (client, server, _) = handshake(2);
        for at in [0, 500, MLKEM768_CIPHERTEXT_LEN - 1] {
            let mut share = server.key_share();
            share[at] ^= 0x01;
            let got = client.decapsulate(&share).unwrap();
            assert_ne!(got.mlkem, server.secret.mlkem, "byte {at}");
            assert_eq!(got.x25519, server.secret.x25519);
        }
    }

    #[test]
    fn wrong_share_lengths_are_illegal_parameter() {
        let (client, server, _) = handshake(3);
        let mut rng = TlsRng::new(3, 9);
        for len in [
            0,
            32,
            HYBRID_CLIENT_SHARE_LEN - 1,
            HYBRID_CLIENT_SHARE_LEN + 1,
        ] {
            let share = vec![1u8; len];
            let e = hybrid_server_encapsulate(&mut rng, &share).err().unwrap();
            assert_eq!(e.alert, AlertDescription::IllegalParameter, "{len}");
        }
        let good = server.key_share();
        for share in [
            &good[..good.len() - 1],
            &[good.clone(), vec![0]].concat()[..],
            &[],
        ] {
            let e = client.decapsulate(share).unwrap_err();
            assert_eq!(e.alert, AlertDescription::IllegalParameter);
        }
    }

    #[test]
    fn an_encapsulation_key_failing_the_modulus_check_is_illegal_parameter() {
        let client = HybridClientKey::generate(&mut TlsRng::new(4, 0));
        let mut share = client.key_share();
        // The first 12-bit coefficient of t̂ becomes 0xFFF = 4095 ≥ q.
        share[0] = 0xFF;
        share[1] |= 0x0F;
        let e = hybrid_server_encapsulate(&mut TlsRng::new(4, 1), &share)
            .err()
            .unwrap();
        assert_eq!(e.alert, AlertDescription::IllegalParameter);
    }

    #[test]
    fn a_low_order_x25519_half_is_illegal_parameter() {
        let client = HybridClientKey::generate(&mut TlsRng::new(5, 0));
        let mut share = client.key_share();
        share[MLKEM768_ENCAPSULATION_KEY_LEN..].fill(0);
        let e = hybrid_server_encapsulate(&mut TlsRng::new(5, 1), &share)
            .err()
            .unwrap();
        assert_eq!(e.alert, AlertDescription::IllegalParameter);
        let (client, server, _) = handshake(5);
        let mut share = server.key_share();
        share[MLKEM768_CIPHERTEXT_LEN..].fill(0);
        assert_eq!(
            client.decapsulate(&share).unwrap_err().alert,
            AlertDescription::IllegalParameter
        );
    }

    #[test]
    fn pss_sign_then_verify_with_the_embedded_server_key() {
        let id = pki::identity(CertKind::Valid);
        let public = pki::leaf_public_key(&id.chain).unwrap();
        let msg = b"TLS 1.3 signed content";
        let sig = sign_pss_sha256(&mut TlsRng::new(1, 1), &id.key, msg).unwrap();
        assert!(verify_pss_sha256(&public, msg, &sig).is_ok());
        // The salt comes from the seeded stream: same seed, same signature; another, another.
        assert_eq!(
            sign_pss_sha256(&mut TlsRng::new(1, 1), &id.key, msg).unwrap(),
            sig
        );
        let other = sign_pss_sha256(&mut TlsRng::new(2, 1), &id.key, msg).unwrap();
        assert_ne!(other, sig);
        assert!(verify_pss_sha256(&public, msg, &other).is_ok());
        let e = verify_pss_sha256(&public, b"another message", &sig).unwrap_err();
        assert_eq!(e.alert, AlertDescription::DecryptError);
        let mut bad = sig.clone();
        bad[10] ^= 1;
        assert!(verify_pss_sha256(&public, msg, &bad).is_err());
        assert!(verify_pss_sha256(&public, msg, &sig[1..]).is_err());
        assert!(verify_pss_sha256(&public, msg, &[]).is_err());
        // A PKCS #1 v1.5 signature is not a PSS one.
        let v15 = sign(&id.key, msg).unwrap();
        assert!(verify_pss_sha256(&public, msg, &v15).is_err());
        // RFC 8446 §4.2.3: the salt is as long as the digest; a 20-byte one is refused.
        let short_salt = id
            .key
            .sign_with_rng(
                TlsRng::new(3, 1).inner(),
                Pss::<Sha256>::new_with_salt(20),
                &Sha256::digest(msg),
            )
            .unwrap();
        assert!(verify_pss_sha256(&public, msg, &short_salt).is_err());
    }
}
