//! The key schedule as the endpoints run it: each stage of [`key_schedule`] computed at the
//! moment the handshake reaches its input, over the transcript so far, with every value
//! reported through [`Common`] for the transcript and the key log.

use crate::common::Common;
use crate::crypto::hkdf::{self, HashValue};
use crate::crypto::record_protection::RecordCipher;
use crate::crypto::secrets::Secret;
use crate::error::TlsError;
use crate::msgs::enums::KeyUpdateRequest;
use crate::msgs::handshake::{Handshake, KeyUpdate};
use crate::tls13::key_schedule::{
    self, EarlySecrets, Finished, HandshakeSecrets, MasterSecrets, TrafficKeys,
};
use crate::transcript::Party;

/// Transcript-Hash of the handshake messages so far (RFC 8446 §4.4.1).
pub fn transcript_hash(cx: &Common) -> HashValue {
    hkdf::hash(&cx.handshake_messages)
}

/// One direction's traffic secret with the key and IV made from it.
#[derive(Clone)]
pub struct Direction {
    /// The traffic secret (RFC 8446 §7.1), or a later generation after KeyUpdates (§7.2).
    pub secret: HashValue,
    /// The write key and IV made from it (§7.3).
    pub keys: TrafficKeys,
    /// Which key this is, for the transcript's record protection.
    pub key_name: Secret,
}

impl Direction {
    fn derive(
        cx: &mut Common,
        secret: HashValue,
        names: [Secret; 3],
    ) -> Result<Direction, TlsError> {
        let [secret_name, key_name, iv_name] = names;
        cx.secret(secret_name, &secret);
        let keys = TrafficKeys::derive(&secret)?;
        cx.secret(key_name, &keys.key);
        cx.secret(iv_name, &keys.iv);
        Ok(Direction {
            secret,
            keys,
            key_name,
        })
    }

    /// The record protection these keys drive, sequence number 0.
    pub fn cipher(&self) -> Result<RecordCipher, TlsError> {
        self.keys.cipher()
    }

    /// The next generation after a KeyUpdate (RFC 8446 §7.2):
    /// `HKDF-Expand-Label(application_traffic_secret_N, "traffic upd", "", Hash.length)`.
    /// Not reported: the transcript shows generation 0.
    pub fn next(&self) -> Result<Direction, TlsError> {
        let secret = key_schedule::next_traffic_secret(&self.secret)?;
        Ok(Direction {
            keys: TrafficKeys::derive(&secret)?,
            secret,
            key_name: self.key_name,
        })
    }
}

/// The handshake stage: the keys for EncryptedExtensions through Finished.
#[derive(Clone)]
pub struct HandshakeKeys {
    secrets: HandshakeSecrets,
    /// What the client sends under: client_handshake_traffic_secret.
    pub client: Direction,
    /// What the server sends under: server_handshake_traffic_secret.
    pub server: Direction,
}

/// The early stage of a resumed handshake, from the ticket's `psk` (RFC 8446 §7.1): reported
/// when an endpoint first knows it, the resuming browser at its ClientHello, the server at
/// the ClientHello it resumes.
#[cfg(feature = "resumption")]
pub fn early_secrets(cx: &mut Common, psk: &HashValue) -> Result<EarlySecrets, TlsError> {
    cx.secret(Secret::Psk, psk);
    let early = EarlySecrets::with_psk(psk)?;
    report_early(cx, &early);
    Ok(early)
}

fn report_early(cx: &mut Common, early: &EarlySecrets) {
    cx.secret(Secret::EarlySecret, &early.early_secret);
    cx.secret(Secret::DerivedForHandshake, &early.derived);
}

#[cfg(feature = "resumption")]
/// The PSK binder over `truncated_hash`, Transcript-Hash of the handshake so far up to the
/// ClientHello without its binders (RFC 8446 §4.2.11.2), with its keys reported.
pub fn binder(
    cx: &mut Common,
    early: &EarlySecrets,
    truncated_hash: &HashValue,
) -> Result<key_schedule::Binder, TlsError> {
    let binder = early.binder(truncated_hash)?;
    cx.secret(Secret::BinderKey, &binder.binder_key);
    cx.secret(Secret::BinderFinishedKey, &binder.finished.finished_key);
    Ok(binder)
}

#[cfg(feature = "resumption")]
/// The 0-RTT keys, once the ClientHello is sent or received (the transcript is it):
/// client_early_traffic_secret, its key and IV.
pub fn early_data_keys(cx: &mut Common, early: &EarlySecrets) -> Result<Direction, TlsError> {
    let secret = early.client_early_traffic_secret(&transcript_hash(cx))?;
    Direction::derive(
        cx,
        secret,
        [
            Secret::ClientEarlyTrafficSecret,
            Secret::ClientEarlyKey,
            Secret::ClientEarlyIv,
        ],
    )
}

/// The handshake stage, once ServerHello is sent or received (the transcript ends with it),
/// from the early stage of a resumed handshake, or else (`None`) from one without PSK, made
/// and reported here.
pub fn handshake_keys(
    cx: &mut Common,
    resumed: Option<&EarlySecrets>,
    shared_secret: &[u8],
) -> Result<HandshakeKeys, TlsError> {
    let without_psk;
    let early = match resumed {
        Some(early) => early,
        None => {
            without_psk = EarlySecrets::without_psk()?;
            report_early(cx, &without_psk);
            &without_psk
        }
    };
    let hello_hash = transcript_hash(cx);
    cx.secret(Secret::HelloHash, &hello_hash);
    let secrets = early.handshake(shared_secret, &hello_hash)?;
    cx.secret(Secret::HandshakeSecret, &secrets.handshake_secret);
    let client = Direction::derive(
        cx,
        secrets.client_handshake_traffic_secret,
        [
            Secret::ClientHandshakeTrafficSecret,
            Secret::ClientHandshakeKey,
            Secret::ClientHandshakeIv,
        ],
    )?;
    let server = Direction::derive(
        cx,
        secrets.server_handshake_traffic_secret,
        [
            Secret::ServerHandshakeTrafficSecret,
            Secret::ServerHandshakeKey,
            Secret::ServerHandshakeIv,
        ],
    )?;
    Ok(HandshakeKeys {
        secrets,
        client,
        server,
    })
}

impl HandshakeKeys {
    /// The Finished values of `sender` over the transcript so far (RFC 8446 §4.4.4).
    pub fn finished(&self, cx: &mut Common, sender: Party) -> Result<Finished, TlsError> {
        let (base, key_name) = match sender {
            Party::Client => (&self.client.secret, Secret::ClientFinishedKey),
            Party::Server => (&self.server.secret, Secret::ServerFinishedKey),
        };
        let f = Finished::derive(base, &transcript_hash(cx))?;
        cx.secret(key_name, &f.finished_key);
        Ok(f)
    }

    /// The master stage, once the server's Finished is in the transcript.
    pub fn application_keys(&self, cx: &mut Common) -> Result<ApplicationKeys, TlsError> {
        cx.secret(Secret::DerivedForMaster, &self.secrets.derived);
        let hash = transcript_hash(cx);
        let secrets = self.secrets.master(&hash)?;
        cx.secret(Secret::MasterSecret, &secrets.master_secret);
        cx.secret(Secret::ServerFinishedHash, &hash);
        let client = Direction::derive(
            cx,
            secrets.client_application_traffic_secret_0,
            [
                Secret::ClientApplicationTrafficSecret,
                Secret::ClientApplicationKey,
                Secret::ClientApplicationIv,
            ],
        )?;
        let server = Direction::derive(
            cx,
            secrets.server_application_traffic_secret_0,
            [
                Secret::ServerApplicationTrafficSecret,
                Secret::ServerApplicationKey,
                Secret::ServerApplicationIv,
            ],
        )?;
        cx.secret(
            Secret::ExporterMasterSecret,
            &secrets.exporter_master_secret,
        );
        Ok(ApplicationKeys {
            secrets,
            client,
            server,
        })
    }
}

/// The master stage: the keys for application data.
#[derive(Clone)]
pub struct ApplicationKeys {
    secrets: MasterSecrets,
    /// What the client sends under: client_application_traffic_secret_0.
    pub client: Direction,
    /// What the server sends under: server_application_traffic_secret_0.
    pub server: Direction,
}

impl ApplicationKeys {
    /// resumption_master_secret, once the client's Finished is in the transcript.
    pub fn resumption_master_secret(&self, cx: &mut Common) -> Result<HashValue, TlsError> {
        let hash = transcript_hash(cx);
        cx.secret(Secret::ClientFinishedHash, &hash);
        let rms = self.secrets.resumption_master_secret(&hash)?;
        cx.secret(Secret::ResumptionMasterSecret, &rms);
        Ok(rms)
    }
}

/// A KeyUpdate from the peer (RFC 8446 §4.6.3): its next records use its next traffic
/// secret; if it asks, this side answers with a KeyUpdate under its current key and then
/// moves to its own next one. Returns this side's and the peer's directions.
pub fn key_update(
    cx: &mut Common,
    own: Direction,
    peer: Direction,
    m: KeyUpdate,
) -> Result<(Direction, Direction), TlsError> {
    let peer = peer.next()?;
    cx.activate_read_cipher(peer.cipher()?)?;
    let own = if m.request_update == KeyUpdateRequest::update_requested {
        cx.send_handshake(&Handshake::KeyUpdate(KeyUpdate {
            request_update: KeyUpdateRequest::update_not_requested,
        }))?;
        let next = own.next()?;
        cx.activate_write_cipher(next.cipher()?, next.key_name);
        next
    } else {
        own
    };
    cx.check(
        "KeyUpdate",
        true,
        format!(
            "the {} moved to its next application traffic secret",
            cx.party.peer().as_str().to_ascii_lowercase()
        ),
    );
    Ok((own, peer))
}
