//! What a future quantum computer would hand a recorder: Shor's algorithm solves the discrete
//! logarithm behind each X25519 public key and factors RSA moduli, so from the public values
//! of a recording it computes the matching private keys. ML-KEM rests on a lattice problem
//! no known quantum algorithm solves, so nothing here stands for its keys.
//!
//! No such computer exists, so the simulation hands the private keys over: [`Quantum::shor`]
//! takes them from a simulated run, and only those an observer's public values determine.

use rsa::PrivateKey as RsaPrivateKey;

use crate::crypto::key_exchange::EcdhKeyPair;
use crate::crypto::secrets::Secret;
use crate::transcript::Transcript;

/// An X25519 private key (a scalar) is 32 bytes.
const X25519_PRIVATE_LEN: usize = 32;

/// The private key of every classical public key a recording carries.
#[derive(Clone)]
pub struct Quantum {
    /// X25519 scalars, each the discrete logarithm of a public share on the wire.
    pub x25519: Vec<[u8; X25519_PRIVATE_LEN]>,
    /// The server's RSA key, from the modulus in its certificate.
    pub server_key: Option<RsaPrivateKey>,
}

impl Quantum {
    /// What Shor's algorithm would compute from `t`'s wire: the X25519 scalar behind every
    /// ephemeral share (the browser's, a retried one, the server's; for the hybrid, only its
    /// X25519 half, the last 32 bytes of the private value) and the server's RSA key.
    pub fn shor(t: &Transcript, server_key: Option<RsaPrivateKey>) -> Quantum {
        let x25519 = [
            Secret::ClientEcdhPrivate,
            Secret::ServerEcdhPrivate,
            Secret::ClientKeySharePrivate,
            Secret::RetryClientKeySharePrivate,
            Secret::ServerKeySharePrivate,
        ]
        .into_iter()
        .filter_map(|s| t.value(s))
        .filter_map(|v| v.get(v.len().checked_sub(X25519_PRIVATE_LEN)?..))
        .filter_map(|v| v.try_into().ok())
        .collect();
        Quantum { x25519, server_key }
    }

    /// The scalar behind `public`, if Shor's algorithm was run on it.
    pub fn x25519_private(&self, public: &[u8]) -> Option<EcdhKeyPair> {
        self.x25519
            .iter()
            .map(|p| EcdhKeyPair::from_private(*p))
            .find(|pair| pair.public[..] == *public)
    }
}
