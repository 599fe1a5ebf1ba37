//! The TLS 1.2 key schedule, run identically by both endpoints (RFC 5246 §8.1, §6.3):
//!
//! ```text
//!  pre_master_secret ─┐
//!  client/server random (or session_hash with EMS) ─► PRF ─► master_secret (48 bytes)
//!  master_secret + server_random + client_random ─► PRF ─► key_block
//!  key_block = client_write_key[16] ‖ server_write_key[16] ‖ client_write_IV[4] ‖ server_write_IV[4]
//! ```

use sha2::Sha256;

use crate::codec::hex;
use crate::common::Common;
use crate::crypto::prf::{self, KeyBlock};
use crate::crypto::record_protection::RecordCipher;
use crate::crypto::secrets::Secret;
use crate::error::TlsError;
use crate::msgs::enums::AlertDescription;
use crate::msgs::handshake::{Finished, Handshake};
use crate::transcript::Party;

/// A TLS 1.2 connection's keys: the master secret, which the Finished messages are computed
/// from, and the key block it expands to, which protects the records.
#[derive(Clone)]
pub struct Keys {
    /// master_secret, 48 bytes (RFC 5246 §8.1; RFC 7627 §4 with the extended master secret).
    pub master_secret: Vec<u8>,
    /// The key block split into each side's write key and IV (RFC 5246 §6.3).
    pub block: KeyBlock,
}

impl Keys {
    /// Derives master secret and key block, reporting each value through `cx`. With `ems`,
    /// the session hash is the hash of `cx.handshake_messages`, which must end with
    /// ClientKeyExchange (RFC 7627 §3).
    pub fn derive(
        cx: &mut Common,
        pre_master_secret: &[u8],
        client_random: &[u8],
        server_random: &[u8],
        ems: bool,
    ) -> Keys {
        let master_secret = if ems {
            let session_hash = cx.transcript_hash();
            cx.secret(Secret::SessionHash, &session_hash);
            prf::extended_master_secret::<Sha256>(pre_master_secret, &session_hash)
        } else {
            prf::master_secret::<Sha256>(pre_master_secret, client_random, server_random)
        };
        Keys::from_master_secret(cx, master_secret, client_random, server_random)
    }

    /// The keys of a resumed session (RFC 5246 §7.3's abbreviated handshake): its master
    /// secret, carried over, and a new key block from it and this connection's randoms.
    pub fn resume(
        cx: &mut Common,
        master_secret: &[u8],
        client_random: &[u8],
        server_random: &[u8],
    ) -> Keys {
        Keys::from_master_secret(cx, master_secret.to_vec(), client_random, server_random)
    }

    fn from_master_secret(
        cx: &mut Common,
        master_secret: Vec<u8>,
        client_random: &[u8],
        server_random: &[u8],
    ) -> Keys {
        cx.secret(Secret::MasterSecret, &master_secret);
        let raw = prf::key_block::<Sha256>(
            &master_secret,
            client_random,
            server_random,
            prf::KEY_BLOCK_LEN,
        );
        cx.secret(Secret::KeyBlock, &raw);
        let block = KeyBlock::split(&raw);
        cx.secret(Secret::ClientWriteKey, &block.client_write_key);
        cx.secret(Secret::ServerWriteKey, &block.server_write_key);
        cx.secret(Secret::ClientWriteIv, &block.client_write_iv);
        cx.secret(Secret::ServerWriteIv, &block.server_write_iv);
        Keys {
            master_secret,
            block,
        }
    }

    /// The protection of what the client sends: client_write_key and client_write_IV,
    /// sequence number 0.
    pub fn client_cipher(&self) -> Result<RecordCipher, TlsError> {
        RecordCipher::tls12(&self.block.client_write_key, &self.block.client_write_iv)
    }

    /// The protection of what the server sends: server_write_key and server_write_IV,
    /// sequence number 0.
    pub fn server_cipher(&self) -> Result<RecordCipher, TlsError> {
        RecordCipher::tls12(&self.block.server_write_key, &self.block.server_write_iv)
    }

    /// verify_data over the handshake messages so far (RFC 5246 §7.4.9).
    pub fn verify_data(&self, cx: &Common, label: &[u8]) -> Vec<u8> {
        prf::verify_data(&self.master_secret, label, &cx.transcript_hash())
    }
}

/// Checks the peer's Finished (RFC 5246 §7.4.9) against `handshake_messages` so far, then
/// adds it to them. `peer` is "client" or "server": whose Finished it is.
pub fn check_peer_finished(
    cx: &mut Common,
    keys: &Keys,
    peer: &str,
    received: &[u8],
    raw: &[u8],
) -> Result<(), TlsError> {
    let (label, secret) = match peer {
        "client" => (prf::CLIENT_FINISHED, Secret::ClientVerifyData),
        _ => (prf::SERVER_FINISHED, Secret::ServerVerifyData),
    };
    let expected = keys.verify_data(cx, label);
    let ok = verify_data_matches(&expected, received);
    cx.check(
        format!("{peer} Finished verify_data"),
        ok,
        format!(
            "received {}, computed {} from every handshake message",
            hex(received),
            hex(&expected)
        ),
    );
    if !ok {
        return Err(TlsError::new(
            AlertDescription::DecryptError,
            format!(
                "{peer} Finished does not match: the handshake was tampered with, or the {peer} has other keys"
            ),
        ));
    }
    cx.secret(secret, received);
    cx.handshake_messages.extend_from_slice(raw);
    Ok(())
}

/// The sender's ChangeCipherSpec and Finished (RFC 5246 §7.1, §7.4.9): its records are
/// protected with its write key from here on, and verify_data covers the handshake messages
/// so far.
pub fn send_change_cipher_spec_and_finished(
    cx: &mut Common,
    keys: &Keys,
    sender: Party,
) -> Result<(), TlsError> {
    let (cipher, label, secret) = match sender {
        Party::Client => (
            keys.client_cipher()?,
            prf::CLIENT_FINISHED,
            Secret::ClientVerifyData,
        ),
        Party::Server => (
            keys.server_cipher()?,
            prf::SERVER_FINISHED,
            Secret::ServerVerifyData,
        ),
    };
    cx.send_change_cipher_spec(cipher)?;
    let verify_data = keys.verify_data(cx, label);
    cx.secret(secret, &verify_data);
    cx.send_handshake(&Handshake::Finished(Finished { verify_data }))
}

/// Compares verify_data without an early exit, so timing does not reveal how much matched.
pub fn verify_data_matches(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
