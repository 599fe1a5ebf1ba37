//! Every value the key schedule uses, named as the RFC names it, with its formula and inputs:
//! one table, so the transcript, the key log and the page's diagram all agree.

use serde::Serialize;

/// A value in the TLS 1.2 key schedule (RFC 5246 §8.1, §6.3, §7.4.9; RFC 7627 §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Secret {
    ClientRandom,
    ServerRandom,
    /// RSA key exchange: chosen by the client.
    PreMasterSecret,
    /// RSA key exchange: the pre-master secret encrypted to the server's public key.
    EncryptedPreMasterSecret,
    ClientEcdhPrivate,
    ClientEcdhPublic,
    ServerEcdhPrivate,
    ServerEcdhPublic,
    /// Hash of the handshake messages up to and including ClientKeyExchange (RFC 7627 §3).
    SessionHash,
    MasterSecret,
    KeyBlock,
    ClientWriteKey,
    ServerWriteKey,
    ClientWriteIv,
    ServerWriteIv,
    ClientVerifyData,
    ServerVerifyData,
}

impl Secret {
    /// Stable identifier (used by the views and in JSON).
    pub fn id(self) -> &'static str {
        match self {
            Secret::ClientRandom => "client_random",
            Secret::ServerRandom => "server_random",
            Secret::PreMasterSecret => "pre_master_secret",
            Secret::EncryptedPreMasterSecret => "encrypted_pre_master_secret",
            Secret::ClientEcdhPrivate => "client_ecdh_private",
            Secret::ClientEcdhPublic => "client_ecdh_public",
            Secret::ServerEcdhPrivate => "server_ecdh_private",
            Secret::ServerEcdhPublic => "server_ecdh_public",
            Secret::SessionHash => "session_hash",
            Secret::MasterSecret => "master_secret",
            Secret::KeyBlock => "key_block",
            Secret::ClientWriteKey => "client_write_key",
            Secret::ServerWriteKey => "server_write_key",
            Secret::ClientWriteIv => "client_write_IV",
            Secret::ServerWriteIv => "server_write_IV",
            Secret::ClientVerifyData => "client_verify_data",
            Secret::ServerVerifyData => "server_verify_data",
        }
    }

    /// The name a learner meets in the RFC.
    pub fn name(self) -> &'static str {
        match self {
            Secret::ClientRandom => "ClientHello.random",
            Secret::ServerRandom => "ServerHello.random",
            Secret::PreMasterSecret => "pre_master_secret",
            Secret::EncryptedPreMasterSecret => "EncryptedPreMasterSecret",
            Secret::ClientEcdhPrivate => "client X25519 private key",
            Secret::ClientEcdhPublic => "ClientECDiffieHellmanPublic",
            Secret::ServerEcdhPrivate => "server X25519 private key",
            Secret::ServerEcdhPublic => "ServerECDHParams.public",
            Secret::SessionHash => "session_hash",
            Secret::MasterSecret => "master_secret",
            Secret::KeyBlock => "key_block",
            Secret::ClientWriteKey => "client_write_key",
            Secret::ServerWriteKey => "server_write_key",
            Secret::ClientWriteIv => "client_write_IV",
            Secret::ServerWriteIv => "server_write_IV",
            Secret::ClientVerifyData => "client Finished.verify_data",
            Secret::ServerVerifyData => "server Finished.verify_data",
        }
    }

    /// How it is computed, in the RFC's words. `ems` selects the RFC 7627 master secret;
    /// `ecdhe` the X25519 pre-master secret.
    pub fn formula(self, ems: bool, ecdhe: bool) -> &'static str {
        match self {
            Secret::ClientRandom => "32 random bytes chosen by the client",
            Secret::ServerRandom => "32 random bytes chosen by the server",
            Secret::PreMasterSecret if ecdhe => {
                "X25519(client private key, server public key) = X25519(server private key, client public key): the shared secret Z, which each side computes from its own private key"
            }
            Secret::PreMasterSecret => {
                "client_version (03 03) ‖ 46 random bytes, chosen by the client"
            }
            Secret::EncryptedPreMasterSecret => {
                "RSAES-PKCS1-v1_5-Encrypt(server public key, pre_master_secret)"
            }
            Secret::ClientEcdhPrivate | Secret::ServerEcdhPrivate => {
                "32 random bytes (an X25519 scalar), never sent"
            }
            Secret::ClientEcdhPublic | Secret::ServerEcdhPublic => {
                "X25519(private key, 9): the public share, sent on the wire"
            }
            Secret::SessionHash => {
                "SHA-256(handshake_messages from ClientHello up to and including ClientKeyExchange)"
            }
            Secret::MasterSecret if ems => {
                "PRF(pre_master_secret, \"extended master secret\", session_hash)[0..47]"
            }
            Secret::MasterSecret => {
                "PRF(pre_master_secret, \"master secret\", ClientHello.random + ServerHello.random)[0..47]"
            }
            Secret::KeyBlock => {
                "PRF(master_secret, \"key expansion\", server_random + client_random)[0..39]"
            }
            Secret::ClientWriteKey => "key_block[0..15]",
            Secret::ServerWriteKey => "key_block[16..31]",
            Secret::ClientWriteIv => "key_block[32..35] (the GCM salt)",
            Secret::ServerWriteIv => "key_block[36..39] (the GCM salt)",
            Secret::ClientVerifyData => {
                "PRF(master_secret, \"client finished\", SHA-256(handshake_messages))[0..11]"
            }
            Secret::ServerVerifyData => {
                "PRF(master_secret, \"server finished\", SHA-256(handshake_messages))[0..11]"
            }
        }
    }

    pub fn inputs(self, ems: bool, ecdhe: bool) -> &'static [Secret] {
        match self {
            // Each side's own private key and the peer's public key (RFC 7748 §6.1, RFC 8422
            // §5.10): the public keys alone, which anyone on the path has, are not enough.
            Secret::PreMasterSecret if ecdhe => &[
                Secret::ClientEcdhPrivate,
                Secret::ServerEcdhPublic,
                Secret::ServerEcdhPrivate,
                Secret::ClientEcdhPublic,
            ],
            Secret::EncryptedPreMasterSecret => &[Secret::PreMasterSecret],
            Secret::ClientEcdhPublic => &[Secret::ClientEcdhPrivate],
            Secret::ServerEcdhPublic => &[Secret::ServerEcdhPrivate],
            Secret::MasterSecret if ems => &[Secret::PreMasterSecret, Secret::SessionHash],
            Secret::MasterSecret => &[
                Secret::PreMasterSecret,
                Secret::ClientRandom,
                Secret::ServerRandom,
            ],
            Secret::KeyBlock => &[
                Secret::MasterSecret,
                Secret::ServerRandom,
                Secret::ClientRandom,
            ],
            Secret::ClientWriteKey
            | Secret::ServerWriteKey
            | Secret::ClientWriteIv
            | Secret::ServerWriteIv => &[Secret::KeyBlock],
            Secret::ClientVerifyData | Secret::ServerVerifyData => &[Secret::MasterSecret],
            _ => &[],
        }
    }

    pub fn rfc(self) -> &'static str {
        match self {
            Secret::ClientRandom | Secret::ServerRandom => "RFC 5246 §7.4.1.2",
            Secret::PreMasterSecret | Secret::EncryptedPreMasterSecret => "RFC 5246 §7.4.7.1",
            Secret::ClientEcdhPrivate
            | Secret::ClientEcdhPublic
            | Secret::ServerEcdhPrivate
            | Secret::ServerEcdhPublic => "RFC 8422 §5.10, RFC 7748 §6.1",
            Secret::SessionHash => "RFC 7627 §3",
            Secret::MasterSecret => "RFC 5246 §8.1, RFC 7627 §4",
            Secret::KeyBlock => "RFC 5246 §6.3",
            Secret::ClientWriteKey
            | Secret::ServerWriteKey
            | Secret::ClientWriteIv
            | Secret::ServerWriteIv => "RFC 5246 §6.3, RFC 5288 §3",
            Secret::ClientVerifyData | Secret::ServerVerifyData => "RFC 5246 §7.4.9",
        }
    }

    /// Whether the value itself is a field of a message (it goes with the record carrying it);
    /// the other public values are computed from such fields.
    pub fn is_sent(self) -> bool {
        self.is_public() && self != Secret::SessionHash
    }

    /// Whether an eavesdropper learns the value: it travels in the clear, or is computed from
    /// what does.
    pub fn is_public(self) -> bool {
        matches!(
            self,
            Secret::ClientRandom
                | Secret::ServerRandom
                // A hash of ClientHello…ClientKeyExchange, all sent in the clear: anyone on the
                // path can compute it (RFC 7627 §3).
                | Secret::SessionHash
                | Secret::EncryptedPreMasterSecret
                | Secret::ClientEcdhPublic
                | Secret::ServerEcdhPublic
        )
    }
}
