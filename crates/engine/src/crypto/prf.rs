//! The TLS 1.2 PRF and the secrets derived with it (RFC 5246 §5, §6.3, §7.4.9, §8.1;
//! RFC 7627 §4 for the extended master secret).
//!
//! ```text
//! P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) + HMAC_hash(secret, A(2) + seed) + ...
//!   A(0) = seed,  A(i) = HMAC_hash(secret, A(i-1))
//! PRF(secret, label, seed) = P_SHA256(secret, label + seed)
//! ```

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// `PRF(secret, label, seed)` with SHA-256, `len` bytes of output.
pub fn prf(secret: &[u8], label: &[u8], seed: &[u8], len: usize) -> Vec<u8> {
    let mut label_seed = Vec::with_capacity(label.len() + seed.len());
    label_seed.extend_from_slice(label);
    label_seed.extend_from_slice(seed);
    p_sha256(secret, &label_seed, len)
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length, so new_from_slice cannot fail.
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

fn p_sha256(secret: &[u8], seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 32);
    let mut a = hmac(secret, &[seed]);
    while out.len() < len {
        out.extend_from_slice(&hmac(secret, &[&a, seed]));
        a = hmac(secret, &[&a]);
    }
    out.truncate(len);
    out
}

/// `master_secret = PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random)[0..47]`
pub fn master_secret(
    pre_master_secret: &[u8],
    client_random: &[u8],
    server_random: &[u8],
) -> Vec<u8> {
    prf(
        pre_master_secret,
        b"master secret",
        &[client_random, server_random].concat(),
        48,
    )
}

/// `master_secret = PRF(pre_master_secret, "extended master secret", session_hash)[0..47]`
pub fn extended_master_secret(pre_master_secret: &[u8], session_hash: &[u8]) -> Vec<u8> {
    prf(
        pre_master_secret,
        b"extended master secret",
        session_hash,
        48,
    )
}

/// `key_block = PRF(master_secret, "key expansion", server_random + client_random)`
pub fn key_block(
    master_secret: &[u8],
    client_random: &[u8],
    server_random: &[u8],
    len: usize,
) -> Vec<u8> {
    prf(
        master_secret,
        b"key expansion",
        &[server_random, client_random].concat(),
        len,
    )
}

/// `verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]`
pub fn verify_data(master_secret: &[u8], label: &[u8], handshake_hash: &[u8]) -> Vec<u8> {
    prf(master_secret, label, handshake_hash, 12)
}

pub const CLIENT_FINISHED: &[u8] = b"client finished";
pub const SERVER_FINISHED: &[u8] = b"server finished";

/// The key block split for AES-128-GCM (RFC 5246 §6.3, RFC 5288 §3): no MAC keys,
/// 16-byte write keys, 4-byte implicit IVs ("salt").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyBlock {
    pub client_write_key: Vec<u8>,
    pub server_write_key: Vec<u8>,
    pub client_write_iv: Vec<u8>,
    pub server_write_iv: Vec<u8>,
}

pub const KEY_LEN: usize = 16;
pub const IV_LEN: usize = 4;
pub const KEY_BLOCK_LEN: usize = 2 * KEY_LEN + 2 * IV_LEN;

impl KeyBlock {
    pub fn split(block: &[u8]) -> KeyBlock {
        let (ck, rest) = block.split_at(KEY_LEN);
        let (sk, rest) = rest.split_at(KEY_LEN);
        let (civ, rest) = rest.split_at(IV_LEN);
        let siv = &rest[..IV_LEN];
        KeyBlock {
            client_write_key: ck.to_vec(),
            server_write_key: sk.to_vec(),
            client_write_iv: civ.to_vec(),
            server_write_iv: siv.to_vec(),
        }
    }
}
