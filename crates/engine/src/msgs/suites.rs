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
    /// Both sides compute the pre-master secret from ephemeral elliptic-curve shares (X25519
    /// in this engine's endpoints); the server signs its share (RFC 8422 §5.4). Forward
    /// secret.
    Ecdhe,
}

/// The hash a suite's key schedule and transcript use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum HashAlgorithm {
    /// SHA-256 (FIPS 180-4): every suite the endpoints speak.
    Sha256,
    /// Only in suites the decrypter opens (`RECORDED`): the endpoints never pick it.
    Sha384,
}

impl HashAlgorithm {
    /// The output length: a TLS 1.3 secret, Finished or message_hash body.
    pub fn output_len(self) -> usize {
        match self {
            HashAlgorithm::Sha256 => 32,
            HashAlgorithm::Sha384 => 48,
        }
    }

    /// The name as FIPS 180-4 writes it, e.g. `SHA-256`.
    pub fn name(self) -> &'static str {
        match self {
            HashAlgorithm::Sha256 => "SHA-256",
            HashAlgorithm::Sha384 => "SHA-384",
        }
    }
}

/// The record protection a suite uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Aead {
    /// AES-128-GCM: 16-byte key, 16-byte tag (RFC 5116 §5.1).
    Aes128Gcm,
    /// AES-256-GCM: 32-byte key, 16-byte tag (RFC 5116 §5.2). Decrypter only.
    Aes256Gcm,
    /// ChaCha20-Poly1305: 32-byte key, 16-byte tag (RFC 8439). Decrypter only.
    ChaCha20Poly1305,
}

impl Aead {
    /// Every AEAD, in declaration order.
    pub const ALL: [Aead; 3] = [Aead::Aes128Gcm, Aead::Aes256Gcm, Aead::ChaCha20Poly1305];

    /// `enc_key_length` in TLS 1.2's key block, `key_length` in TLS 1.3's.
    pub fn key_len(self) -> usize {
        match self {
            Aead::Aes128Gcm => 16,
            Aead::Aes256Gcm | Aead::ChaCha20Poly1305 => 32,
        }
    }

    /// TLS 1.2's `fixed_iv_length`: AES-GCM's 4-byte salt, completed by an explicit nonce
    /// in each record (RFC 5288 §3); ChaCha20-Poly1305's whole 12-byte IV, XORed with the
    /// sequence number, no explicit nonce (RFC 7905 §2).
    pub fn tls12_fixed_iv_len(self) -> usize {
        match self {
            Aead::Aes128Gcm | Aead::Aes256Gcm => 4,
            Aead::ChaCha20Poly1305 => 12,
        }
    }

    /// TLS 1.2's `record_iv_length`: the explicit nonce each AES-GCM record carries; none
    /// for ChaCha20-Poly1305.
    pub fn tls12_explicit_nonce_len(self) -> usize {
        match self {
            Aead::Aes128Gcm | Aead::Aes256Gcm => 8,
            Aead::ChaCha20Poly1305 => 0,
        }
    }

    /// The algorithm's usual name, e.g. `AES-128-GCM`.
    pub fn name(self) -> &'static str {
        match self {
            Aead::Aes128Gcm => "AES-128-GCM",
            Aead::Aes256Gcm => "AES-256-GCM",
            Aead::ChaCha20Poly1305 => "ChaCha20-Poly1305",
        }
    }
}

/// One suite's facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Suite {
    /// The suite's code point.
    pub suite: CipherSuite,
    /// The protocol version the suite belongs to (TLS 1.3 suites name only AEAD and hash).
    pub version: ProtocolVersion,
    /// TLS 1.2 only: the key exchange the suite names.
    pub kx: Option<KeyExchange>,
    /// The hash of the PRF (TLS 1.2) or HKDF (TLS 1.3) and of the transcript.
    pub hash: HashAlgorithm,
    /// The record protection.
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

/// A TLS 1.2 suite's facts, for the table below.
const fn tls12(suite: CipherSuite, kx: KeyExchange, hash: HashAlgorithm, aead: Aead) -> Suite {
    Suite {
        suite,
        version: ProtocolVersion::Tls12,
        kx: Some(kx),
        hash,
        aead,
    }
}

/// The other AEAD suites a 2026 browser or server negotiates, which a recording may carry:
/// the decrypter opens them (with a key log, or the server's key for RSA key transport);
/// the endpoints never offer or accept them. RFC 8446 §B.4; RFC 5288 and 5289 (GCM);
/// RFC 7905 (ChaCha20-Poly1305).
pub static RECORDED: [&Suite; 8] = [
    &Suite {
        suite: CipherSuite::TLS_AES_256_GCM_SHA384,
        version: ProtocolVersion::Tls13,
        kx: None,
        hash: HashAlgorithm::Sha384,
        aead: Aead::Aes256Gcm,
    },
    &Suite {
        suite: CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
        version: ProtocolVersion::Tls13,
        kx: None,
        hash: HashAlgorithm::Sha256,
        aead: Aead::ChaCha20Poly1305,
    },
    &tls12(
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        KeyExchange::Ecdhe,
        HashAlgorithm::Sha256,
        Aead::Aes128Gcm,
    ),
    &tls12(
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        KeyExchange::Ecdhe,
        HashAlgorithm::Sha384,
        Aead::Aes256Gcm,
    ),
    &tls12(
        CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        KeyExchange::Ecdhe,
        HashAlgorithm::Sha384,
        Aead::Aes256Gcm,
    ),
    &tls12(
        CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        KeyExchange::Ecdhe,
        HashAlgorithm::Sha256,
        Aead::ChaCha20Poly1305,
    ),
    &tls12(
        CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        KeyExchange::Ecdhe,
        HashAlgorithm::Sha256,
        Aead::ChaCha20Poly1305,
    ),
    &tls12(
        CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384,
        KeyExchange::Rsa,
        HashAlgorithm::Sha384,
        Aead::Aes256Gcm,
    ),
];

impl Suite {
    /// The facts of a suite this engine speaks.
    pub fn find(suite: CipherSuite) -> Option<&'static Suite> {
        SUITES.iter().copied().find(|s| s.suite == suite)
    }

    /// The facts of a suite this engine speaks or a recording may carry ([`RECORDED`]).
    pub fn known(suite: CipherSuite) -> Option<&'static Suite> {
        Suite::find(suite).or_else(|| RECORDED.iter().copied().find(|s| s.suite == suite))
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
    /// Every group, in declaration order.
    pub const ALL: [Group; 2] = [Group::X25519, Group::X25519MlKem768];

    /// The group's code point on the wire.
    pub fn named(self) -> NamedGroup {
        match self {
            Group::X25519 => NamedGroup::x25519,
            Group::X25519MlKem768 => NamedGroup::X25519MLKEM768,
        }
    }

    /// The group with code point `g`, if the endpoints speak it.
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
