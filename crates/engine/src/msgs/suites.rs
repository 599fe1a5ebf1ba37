//! The cipher suites this engine speaks, each with its facts in one table: which protocol
//! version it belongs to, how it agrees on keys, its hash and its record protection. Every
//! other module asks this table instead of matching suite codes.

use serde::Serialize;

use super::enums::{CipherSuite, NamedGroup, ProtocolVersion};

/// How a TLS 1.2 suite agrees on the pre-master secret (RFC 5246 §7.4.7, RFC 8422 §2). A
/// TLS 1.3 suite names none: there the key_share extension's group decides (RFC 8446 §4.2.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum KeyExchange {
    /// The client encrypts the pre-master secret with the server's RSA public key
    /// (RFC 5246 §7.4.7.1). Not forward secret; deprecated by RFC 10015 (2026).
    Rsa,
    /// Both sides compute the pre-master secret from X25519 shares; the server signs its
    /// share (RFC 8422 §5.4). Forward secret.
    Ecdhe,
}

/// The hash a suite's key schedule and transcript use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum HashAlgorithm {
    Sha256,
}

/// The record protection a suite uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Aead {
    /// AES-128-GCM: 16-byte key, 16-byte tag (RFC 5116 §5.1).
    Aes128Gcm,
}

/// One suite's facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Suite {
    pub suite: CipherSuite,
    pub version: ProtocolVersion,
    /// TLS 1.2 only: the key exchange the suite names.
    pub kx: Option<KeyExchange>,
    pub hash: HashAlgorithm,
    pub aead: Aead,
}

/// `TLS_RSA_WITH_AES_128_GCM_SHA256` (RFC 5288 §3).
pub static TLS12_RSA: Suite = Suite {
    suite: CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
    version: ProtocolVersion::Tls12,
    kx: Some(KeyExchange::Rsa),
    hash: HashAlgorithm::Sha256,
    aead: Aead::Aes128Gcm,
};

/// `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256` (RFC 5289 §3.2).
pub static TLS12_ECDHE_RSA: Suite = Suite {
    suite: CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    version: ProtocolVersion::Tls12,
    kx: Some(KeyExchange::Ecdhe),
    hash: HashAlgorithm::Sha256,
    aead: Aead::Aes128Gcm,
};

/// `TLS_AES_128_GCM_SHA256` (RFC 8446 §B.4), the one suite every TLS 1.3 stack must offer.
pub static TLS13_AES_128_GCM_SHA256: Suite = Suite {
    suite: CipherSuite::TLS_AES_128_GCM_SHA256,
    version: ProtocolVersion::Tls13,
    kx: None,
    hash: HashAlgorithm::Sha256,
    aead: Aead::Aes128Gcm,
};

/// Every suite this engine speaks.
pub static SUITES: [&Suite; 3] = [&TLS12_RSA, &TLS12_ECDHE_RSA, &TLS13_AES_128_GCM_SHA256];

impl Suite {
    /// The facts of a suite this engine speaks.
    pub fn find(suite: CipherSuite) -> Option<&'static Suite> {
        SUITES.iter().copied().find(|s| s.suite == suite)
    }

    /// The TLS 1.2 suite that carries a key exchange.
    pub fn tls12(kx: KeyExchange) -> &'static Suite {
        match kx {
            KeyExchange::Rsa => &TLS12_RSA,
            KeyExchange::Ecdhe => &TLS12_ECDHE_RSA,
        }
    }

    /// Whether recorded traffic stays secret after a later theft of the server's private key:
    /// the key exchange is ephemeral (ECDHE, TLS 1.3's key_share). RSA key transport
    /// encrypts the pre-master secret to the certificate's key (RFC 5246 §7.4.7.1), so that
    /// key opens every recorded session.
    pub fn forward_secret(&self) -> bool {
        self.kx != Some(KeyExchange::Rsa)
    }

    /// A TLS 1.3 suite.
    pub fn is_tls13(&self) -> bool {
        self.version == ProtocolVersion::Tls13
    }
}

/// The key-exchange groups this engine offers and accepts in TLS 1.3's key_share (RFC 8446
/// §4.2.7). TLS 1.2's ECDHE uses X25519 alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Group {
    /// X25519 (RFC 7748): 32-byte shares.
    X25519,
    /// The hybrid post-quantum group browsers offer first since 2024
    /// (draft-ietf-tls-ecdhe-mlkem): ML-KEM-768 and X25519 together; both must break for an
    /// attacker to win.
    X25519MlKem768,
}

impl Group {
    pub const ALL: [Group; 2] = [Group::X25519, Group::X25519MlKem768];

    pub fn named(self) -> NamedGroup {
        match self {
            Group::X25519 => NamedGroup::x25519,
            Group::X25519MlKem768 => NamedGroup::X25519MLKEM768,
        }
    }

    pub fn from_named(g: NamedGroup) -> Option<Group> {
        Group::ALL.into_iter().find(|x| x.named() == g)
    }
}

impl KeyExchange {
    /// The TLS 1.2 suite that carries this key exchange.
    pub fn suite(self) -> CipherSuite {
        Suite::tls12(self).suite
    }
}
