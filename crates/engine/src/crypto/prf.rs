//! The TLS 1.2 PRF and the secrets derived with it (RFC 5246 §5, §6.3, §7.4.9, §8.1;
//! RFC 7627 §4 for the extended master secret).
//!
//! ```text
//! P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) + HMAC_hash(secret, A(2) + seed) + ...
//!   A(0) = seed,  A(i) = HMAC_hash(secret, A(i-1))
//! PRF(secret, label, seed) = P_<hash>(secret, label + seed)   (SHA-256 unless the suite names SHA-384)
//! ```

use hmac::digest::Output;
use hmac::{EagerHash, Hmac, KeyInit, Mac};
use sha2::Sha256;

/// `PRF(secret, label, seed)` with SHA-256, `len` bytes of output: every suite the endpoints
/// speak, and the Finished messages they send.
pub fn prf(secret: &[u8], label: &[u8], seed: &[u8], len: usize) -> Vec<u8> {
    prf_with::<Sha256>(secret, label, seed, len)
}

/// `PRF(secret, label, seed)` over the suite's hash `H`: SHA-256, or SHA-384 for the
/// `_SHA384` suites a recording may carry (RFC 5288 §3, RFC 5289 §3.2). Generic rather than
/// chosen at run time, so the page, which only speaks SHA-256 suites, carries no SHA-384.
pub fn prf_with<H: EagerHash>(secret: &[u8], label: &[u8], seed: &[u8], len: usize) -> Vec<u8> {
    let mut label_seed = Vec::with_capacity(label.len() + seed.len());
    label_seed.extend_from_slice(label);
    label_seed.extend_from_slice(seed);
    p_hash::<H>(secret, &label_seed, len)
}

fn hmac<H: EagerHash>(key: &[u8], parts: &[&[u8]]) -> Output<Hmac<H>> {
    // HMAC accepts keys of any length, so new_from_slice cannot fail.
    let mut mac = Hmac::<H>::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes()
}

fn p_hash<H: EagerHash>(secret: &[u8], seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 64);
    let mut a = hmac::<H>(secret, &[seed]);
    while out.len() < len {
        out.extend_from_slice(&hmac::<H>(secret, &[&a, seed]));
        a = hmac::<H>(secret, &[&a]);
    }
    out.truncate(len);
    out
}

/// `master_secret = PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random)[0..47]`
pub fn master_secret<H: EagerHash>(
    pre_master_secret: &[u8],
    client_random: &[u8],
    server_random: &[u8],
) -> Vec<u8> {
    prf_with::<H>(
        pre_master_secret,
        b"master secret",
        &[client_random, server_random].concat(),
        48,
    )
}

/// `master_secret = PRF(pre_master_secret, "extended master secret", session_hash)[0..47]`
pub fn extended_master_secret<H: EagerHash>(
    pre_master_secret: &[u8],
    session_hash: &[u8],
) -> Vec<u8> {
    prf_with::<H>(
        pre_master_secret,
        b"extended master secret",
        session_hash,
        48,
    )
}

/// `key_block = PRF(master_secret, "key expansion", server_random + client_random)`
pub fn key_block<H: EagerHash>(
    master_secret: &[u8],
    client_random: &[u8],
    server_random: &[u8],
    len: usize,
) -> Vec<u8> {
    prf_with::<H>(
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

/// `finished_label` for the client's Finished (RFC 5246 §7.4.9).
pub const CLIENT_FINISHED: &[u8] = b"client finished";
/// `finished_label` for the server's Finished (RFC 5246 §7.4.9).
pub const SERVER_FINISHED: &[u8] = b"server finished";

/// The key block split for an AEAD suite (RFC 5246 §6.3): no MAC keys, then the write keys
/// and the implicit IVs (AES-GCM's 4-byte "salt", ChaCha20-Poly1305's 12-byte IV).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyBlock {
    /// `client_write_key`: seals what the client sends.
    pub client_write_key: Vec<u8>,
    /// `server_write_key`: seals what the server sends.
    pub server_write_key: Vec<u8>,
    /// `client_write_IV`: the implicit nonce part for the client's records.
    pub client_write_iv: Vec<u8>,
    /// `server_write_IV`: the implicit nonce part for the server's records.
    pub server_write_iv: Vec<u8>,
}

/// AES-128-GCM's lengths, the endpoints' one TLS 1.2 AEAD (RFC 5288 §3).
pub const KEY_LEN: usize = 16;
/// AES-GCM's `*_write_IV`: the 4-byte salt (RFC 5288 §3).
pub const IV_LEN: usize = 4;
/// The key block AES-128-GCM draws from the PRF: two keys, then two IVs.
pub const KEY_BLOCK_LEN: usize = 2 * KEY_LEN + 2 * IV_LEN;

impl KeyBlock {
    /// AES-128-GCM's split.
    pub fn split(block: &[u8]) -> KeyBlock {
        KeyBlock::split_for(block, KEY_LEN, IV_LEN)
    }

    /// The split for keys of `key_len` and implicit IVs of `iv_len` bytes; `block` holds at
    /// least `2 * (key_len + iv_len)` bytes (`key_block` is asked for that many).
    pub fn split_for(block: &[u8], key_len: usize, iv_len: usize) -> KeyBlock {
        let part = |i: usize, len: usize| block.get(i..i + len).unwrap_or_default().to_vec();
        KeyBlock {
            client_write_key: part(0, key_len),
            server_write_key: part(key_len, key_len),
            client_write_iv: part(2 * key_len, iv_len),
            server_write_iv: part(2 * key_len + iv_len, iv_len),
        }
    }
}
