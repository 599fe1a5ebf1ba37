//! The TLS 1.3 key schedule (RFC 8446 §7.1) step by step as a handshake reaches each input;
//! every intermediate value is a named field, because the page shows each one. A resumed
//! handshake puts the ticket's PSK where a full one puts zeros, and proves it holds it with a
//! binder (§4.2.11.2).
//!
//! ```text
//!              0
//!              |
//!              v
//!  PSK (or 0) -> HKDF-Extract = Early Secret
//!              |
//!              +-----> Derive-Secret(., "res binder", "")
//!              |                = binder_key
//!              +-----> Derive-Secret(., "c e traffic", ClientHello)
//!              |                = client_early_traffic_secret (0-RTT)
//!              v
//!        Derive-Secret(., "derived", "")
//!              |
//!              v
//! (EC)DHE -> HKDF-Extract = Handshake Secret
//!              |
//!              +-----> Derive-Secret(., "c hs traffic", ClientHello...ServerHello)
//!              |                = client_handshake_traffic_secret
//!              +-----> Derive-Secret(., "s hs traffic", ClientHello...ServerHello)
//!              |                = server_handshake_traffic_secret
//!              v
//!        Derive-Secret(., "derived", "")
//!              |
//!              v
//!    0 -> HKDF-Extract = Master Secret
//!              |
//!              +-----> Derive-Secret(., "c ap traffic", ClientHello...server Finished)
//!              |                = client_application_traffic_secret_0
//!              +-----> Derive-Secret(., "s ap traffic", ClientHello...server Finished)
//!              |                = server_application_traffic_secret_0
//!              +-----> Derive-Secret(., "exp master", ClientHello...server Finished)
//!              |                = exporter_master_secret
//!              +-----> Derive-Secret(., "res master", ClientHello...client Finished)
//!                               = resumption_master_secret
//! ```
//!
//! Each stage is made only from the one before it ([`EarlySecrets`] → [`HandshakeSecrets`] →
//! [`MasterSecrets`]), so no secret can be derived out of order. Traffic keys (§7.3), Finished
//! (§4.4.4) and the resumption PSK (§4.6.1) are derived from a stage's secrets.

use crate::crypto::hkdf::{self, HASH_LEN, HashValue};
use crate::crypto::record_protection::RecordCipher;
use crate::error::TlsError;
use crate::msgs::enums::AlertDescription;

/// TLS_AES_128_GCM_SHA256's key length (RFC 8446 §7.3, `key_length`).
pub const KEY_LEN: usize = 16;

/// The AEADs' nonce length (AES-GCM, ChaCha20-Poly1305), which TLS 1.3 uses as `iv_length`
/// (RFC 8446 §5.3).
pub const IV_LEN: usize = 12;

/// The HKDF labels of RFC 8446 §7.1, §7.3, §4.4.4 and §4.6.1, in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    /// `derived`: the salt for the next stage's HKDF-Extract (§7.1).
    Derived,
    /// `c hs traffic`: client_handshake_traffic_secret (§7.1).
    ClientHandshakeTraffic,
    /// `s hs traffic`: server_handshake_traffic_secret (§7.1).
    ServerHandshakeTraffic,
    /// `c ap traffic`: client_application_traffic_secret_0 (§7.1).
    ClientApplicationTraffic,
    /// `s ap traffic`: server_application_traffic_secret_0 (§7.1).
    ServerApplicationTraffic,
    /// `exp master`: exporter_master_secret (§7.1).
    ExporterMaster,
    /// `res master`: resumption_master_secret (§7.1).
    ResumptionMaster,
    /// `key`: a traffic secret's write key (§7.3).
    Key,
    /// `iv`: a traffic secret's write IV (§7.3).
    Iv,
    /// `finished`: a traffic secret's finished_key (§4.4.4).
    Finished,
    /// `resumption`: a ticket's PSK, from resumption_master_secret and the ticket's nonce
    /// (§4.6.1).
    Resumption,
    /// `traffic upd`: the next application traffic secret, after a KeyUpdate (§7.2).
    TrafficUpdate,
    /// `res binder`: binder_key, for a PSK from a ticket (§7.1, §4.2.11.2).
    #[cfg(feature = "resumption")]
    ResumptionBinder,
    /// `c e traffic`: client_early_traffic_secret, for 0-RTT data (§7.1).
    #[cfg(feature = "resumption")]
    ClientEarlyTraffic,
}

impl Label {
    /// Every label, in declaration order.
    pub const ALL: &[Label] = &[
        Label::Derived,
        Label::ClientHandshakeTraffic,
        Label::ServerHandshakeTraffic,
        Label::ClientApplicationTraffic,
        Label::ServerApplicationTraffic,
        Label::ExporterMaster,
        Label::ResumptionMaster,
        Label::Key,
        Label::Iv,
        Label::Finished,
        Label::Resumption,
        Label::TrafficUpdate,
        #[cfg(feature = "resumption")]
        Label::ResumptionBinder,
        #[cfg(feature = "resumption")]
        Label::ClientEarlyTraffic,
    ];

    /// The label as HkdfLabel carries it, after `"tls13 "`.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Derived => "derived",
            Label::ClientHandshakeTraffic => "c hs traffic",
            Label::ServerHandshakeTraffic => "s hs traffic",
            Label::ClientApplicationTraffic => "c ap traffic",
            Label::ServerApplicationTraffic => "s ap traffic",
            Label::ExporterMaster => "exp master",
            Label::ResumptionMaster => "res master",
            Label::Key => "key",
            Label::Iv => "iv",
            Label::Finished => "finished",
            Label::Resumption => "resumption",
            Label::TrafficUpdate => "traffic upd",
            #[cfg(feature = "resumption")]
            Label::ResumptionBinder => "res binder",
            #[cfg(feature = "resumption")]
            Label::ClientEarlyTraffic => "c e traffic",
        }
    }
}

/// The first stage. Without a PSK its input is `Hash.length` zeros (RFC 8446 §7.1), so its
/// values are the same in every handshake of a suite; resuming, it is the ticket's PSK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EarlySecrets {
    /// `HKDF-Extract(salt: 0, IKM: PSK or 0)`.
    pub early_secret: HashValue,
    /// `Derive-Secret(early_secret, "derived", "")`: the salt for the handshake secret.
    pub derived: HashValue,
}

impl EarlySecrets {
    /// The first stage of a handshake without PSK.
    pub fn without_psk() -> Result<EarlySecrets, TlsError> {
        let early_secret = hkdf::extract(&[0; HASH_LEN], &[0; HASH_LEN]);
        let derived = derived(&early_secret)?;
        Ok(EarlySecrets {
            early_secret,
            derived,
        })
    }

    /// The first stage of a handshake resuming with `psk` (RFC 8446 §7.1).
    #[cfg(feature = "resumption")]
    pub fn with_psk(psk: &HashValue) -> Result<EarlySecrets, TlsError> {
        let early_secret = hkdf::extract(&[0; HASH_LEN], psk);
        let derived = derived(&early_secret)?;
        Ok(EarlySecrets {
            early_secret,
            derived,
        })
    }

    #[cfg(feature = "resumption")]
    /// `binder_key = Derive-Secret(early_secret, "res binder", "")`, and the binder it keys
    /// over `truncated_hash`, Transcript-Hash of the handshake up to the ClientHello without
    /// its binders (RFC 8446 §4.2.11.2): computed as a Finished is, with binder_key as its
    /// base key.
    pub fn binder(&self, truncated_hash: &HashValue) -> Result<Binder, TlsError> {
        let binder_key = derive(
            &self.early_secret,
            Label::ResumptionBinder,
            &hkdf::hash(&[]),
        )?;
        Ok(Binder {
            finished: Finished::derive(&binder_key, truncated_hash)?,
            binder_key,
        })
    }

    #[cfg(feature = "resumption")]
    /// `client_early_traffic_secret = Derive-Secret(early_secret, "c e traffic", ClientHello)`:
    /// the key of 0-RTT data, made before any answer from the server (RFC 8446 §7.1).
    pub fn client_early_traffic_secret(
        &self,
        client_hello_hash: &HashValue,
    ) -> Result<HashValue, TlsError> {
        derive(
            &self.early_secret,
            Label::ClientEarlyTraffic,
            client_hello_hash,
        )
    }

    /// The handshake stage, once ServerHello is sent or received: `shared_secret` is the
    /// (EC)DHE output, of any length (32 bytes for X25519, 64 for X25519MLKEM768), and
    /// `hello_hash` is Transcript-Hash(ClientHello…ServerHello).
    pub fn handshake(
        &self,
        shared_secret: &[u8],
        hello_hash: &HashValue,
    ) -> Result<HandshakeSecrets, TlsError> {
        let handshake_secret = hkdf::extract(&self.derived, shared_secret);
        Ok(HandshakeSecrets {
            client_handshake_traffic_secret: derive(
                &handshake_secret,
                Label::ClientHandshakeTraffic,
                hello_hash,
            )?,
            server_handshake_traffic_secret: derive(
                &handshake_secret,
                Label::ServerHandshakeTraffic,
                hello_hash,
            )?,
            derived: derived(&handshake_secret)?,
            handshake_secret,
        })
    }
}

/// The handshake stage: the secrets protecting EncryptedExtensions through Finished.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandshakeSecrets {
    /// `HKDF-Extract(salt: derived, IKM: (EC)DHE shared secret)`.
    pub handshake_secret: HashValue,
    /// `Derive-Secret(handshake_secret, "c hs traffic", ClientHello…ServerHello)`.
    pub client_handshake_traffic_secret: HashValue,
    /// `Derive-Secret(handshake_secret, "s hs traffic", ClientHello…ServerHello)`.
    pub server_handshake_traffic_secret: HashValue,
    /// `Derive-Secret(handshake_secret, "derived", "")`: the salt for the master secret.
    pub derived: HashValue,
}

impl HandshakeSecrets {
    /// The master stage, once the server's Finished is sent or received:
    /// `handshake_hash` is Transcript-Hash(ClientHello…server Finished).
    pub fn master(&self, handshake_hash: &HashValue) -> Result<MasterSecrets, TlsError> {
        let master_secret = hkdf::extract(&self.derived, &[0; HASH_LEN]);
        Ok(MasterSecrets {
            client_application_traffic_secret_0: derive(
                &master_secret,
                Label::ClientApplicationTraffic,
                handshake_hash,
            )?,
            server_application_traffic_secret_0: derive(
                &master_secret,
                Label::ServerApplicationTraffic,
                handshake_hash,
            )?,
            exporter_master_secret: derive(&master_secret, Label::ExporterMaster, handshake_hash)?,
            master_secret,
        })
    }
}

/// The master stage: the secrets protecting application data, and what outlives the
/// connection (exporter, resumption).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MasterSecrets {
    /// `HKDF-Extract(salt: derived, IKM: 0)`.
    pub master_secret: HashValue,
    /// `Derive-Secret(master_secret, "c ap traffic", ClientHello…server Finished)`.
    pub client_application_traffic_secret_0: HashValue,
    /// `Derive-Secret(master_secret, "s ap traffic", ClientHello…server Finished)`.
    pub server_application_traffic_secret_0: HashValue,
    /// `Derive-Secret(master_secret, "exp master", ClientHello…server Finished)`.
    pub exporter_master_secret: HashValue,
}

impl MasterSecrets {
    /// `Derive-Secret(master_secret, "res master", ClientHello…client Finished)`: it waits
    /// for the client's Finished, so `full_hash` covers that message too.
    pub fn resumption_master_secret(&self, full_hash: &HashValue) -> Result<HashValue, TlsError> {
        derive(&self.master_secret, Label::ResumptionMaster, full_hash)
    }
}

/// A PSK binder (RFC 8446 §4.2.11.2): the proof, inside the ClientHello, that the client
/// holds the PSK the ticket stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binder {
    /// `Derive-Secret(early_secret, "res binder", "")`.
    pub binder_key: HashValue,
    /// Its finished_key and the binder itself (`verify_data`):
    /// `HMAC(HKDF-Expand-Label(binder_key, "finished", "", 32), Transcript-Hash(truncated ClientHello))`.
    pub finished: Finished,
}

/// One direction's record keys from its traffic secret (RFC 8446 §7.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrafficKeys {
    /// `[sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length)`.
    pub key: [u8; KEY_LEN],
    /// `[sender]_write_iv = HKDF-Expand-Label(Secret, "iv", "", iv_length)`.
    pub iv: [u8; IV_LEN],
}

impl TrafficKeys {
    /// The write key and IV of the sender whose traffic secret this is.
    pub fn derive(traffic_secret: &HashValue) -> Result<TrafficKeys, TlsError> {
        Ok(TrafficKeys {
            key: hkdf::expand_label(traffic_secret, Label::Key.as_str(), &[])?,
            iv: hkdf::expand_label(traffic_secret, Label::Iv.as_str(), &[])?,
        })
    }

    /// The record protection these keys drive, sequence number 0.
    pub fn cipher(&self) -> Result<RecordCipher, TlsError> {
        RecordCipher::tls13(&self.key, &self.iv)
    }
}

/// A Finished message's values (RFC 8446 §4.4.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    /// `HKDF-Expand-Label(BaseKey, "finished", "", Hash.length)`, where BaseKey is the
    /// sender's handshake traffic secret.
    pub finished_key: HashValue,
    /// `HMAC(finished_key, Transcript-Hash(Handshake Context, Certificate*, CertificateVerify*))`.
    pub verify_data: HashValue,
}

impl Finished {
    /// `transcript_hash` covers every handshake message before this Finished.
    pub fn derive(base_key: &HashValue, transcript_hash: &HashValue) -> Result<Finished, TlsError> {
        let finished_key = hkdf::expand_label(base_key, Label::Finished.as_str(), &[])?;
        Ok(Finished {
            verify_data: hkdf::hmac(&finished_key, transcript_hash),
            finished_key,
        })
    }

    /// Checks a received `verify_data` in constant time; a mismatch is decrypt_error
    /// (RFC 8446 §4.4.4). `sender` ("client" or "server") names whose Finished it is.
    pub fn check(
        &self,
        transcript_hash: &HashValue,
        received: &[u8],
        sender: &str,
    ) -> Result<(), TlsError> {
        if hkdf::hmac_matches(&self.finished_key, transcript_hash, received) {
            Ok(())
        } else {
            Err(TlsError::new(
                AlertDescription::DecryptError,
                format!(
                    "the {sender} Finished.verify_data is not HMAC(finished_key, transcript hash): the two sides' handshake transcripts or secrets differ"
                ),
            ))
        }
    }
}

/// The PSK a NewSessionTicket stands for (RFC 8446 §4.6.1):
/// `HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length)`.
/// `ticket_nonce` is `opaque ticket_nonce<0..255>`; a longer one is refused, not truncated.
pub fn resumption_psk(
    resumption_master_secret: &HashValue,
    ticket_nonce: &[u8],
) -> Result<HashValue, TlsError> {
    hkdf::expand_label(
        resumption_master_secret,
        Label::Resumption.as_str(),
        ticket_nonce,
    )
}

/// The next generation of an application traffic secret, after a KeyUpdate (RFC 8446 §7.2):
/// `HKDF-Expand-Label(application_traffic_secret_N, "traffic upd", "", Hash.length)`.
pub fn next_traffic_secret(secret: &HashValue) -> Result<HashValue, TlsError> {
    hkdf::expand_label(secret, Label::TrafficUpdate.as_str(), &[])
}

fn derive(secret: &HashValue, label: Label, hash: &HashValue) -> Result<HashValue, TlsError> {
    hkdf::derive_secret(secret, label.as_str(), hash)
}

/// `Derive-Secret(secret, "derived", "")`: the empty transcript's hash as context.
fn derived(secret: &HashValue) -> Result<HashValue, TlsError> {
    derive(secret, Label::Derived, &hkdf::hash(&[]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finished_check_accepts_only_its_own_verify_data() {
        let f = Finished::derive(&[3; HASH_LEN], &[4; HASH_LEN]).unwrap();
        assert!(f.check(&[4; HASH_LEN], &f.verify_data, "server").is_ok());
        let e = f
            .check(&[5; HASH_LEN], &f.verify_data, "server")
            .unwrap_err();
        assert_eq!(e.alert, AlertDescription::DecryptError);
        let e = f
            .check(&[4; HASH_LEN], &f.verify_data[..12], "client")
            .unwrap_err();
        assert_eq!(e.alert, AlertDescription::DecryptError);
    }

    #[test]
    fn a_ticket_nonce_longer_than_its_grammar_allows_is_an_error() {
        assert!(resumption_psk(&[1; HASH_LEN], &[0; 255]).is_ok());
        assert!(resumption_psk(&[1; HASH_LEN], &[0; 256]).is_err());
    }

    #[test]
    fn every_label_fits_hkdf_label() {
        for &l in Label::ALL {
            // `opaque label<7..255>` including "tls13 ".
            assert!((1..=249).contains(&l.as_str().len()), "{l:?}");
        }
    }
}
