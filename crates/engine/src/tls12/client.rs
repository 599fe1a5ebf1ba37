//! The TLS 1.2 browser (RFC 5246 §7.3), one state per awaited message:
//!
//! ```text
//! ClientHello ─► ExpectServerHello ─► ExpectCertificate ─► [ExpectServerKeyExchange]
//!   ─► ExpectServerHelloDone ─► (ClientKeyExchange, ChangeCipherSpec, Finished)
//!   ─► ExpectChangeCipherSpec ─► ExpectFinished ─► Connected
//! ```
//!
//! Each `handle` consumes its state and moves what the next one needs into it. Each `handle` consumes its state and moves
//! what the next one needs into it.

use rsa::PublicKey as RsaPublicKey;

use crate::client::ClientConfig;
use crate::client::certificate;
use crate::common::{Common, Incoming, MessageKind, Negotiated, Output};
use crate::crypto::key_exchange::{self, EcdhKeyPair};
use crate::crypto::prf;
use crate::crypto::secrets::Secret;
use crate::error::TlsError;
use crate::msgs::enums::{
    AlertDescription, Compression, ExtensionType, HandshakeType, NamedGroup, ProtocolVersion,
    SignatureScheme,
};
use crate::msgs::extensions;
use crate::msgs::handshake::{Certificate, ClientKeyExchange, Finished, Handshake, ServerHello};
use crate::msgs::suites::{KeyExchange, Suite};
use crate::pki::KeyUse;
use crate::tls12::key_schedule::{Keys, check_peer_finished};

type Result<T> = std::result::Result<T, TlsError>;

/// The version this client offers in its ClientHello (and so puts in an RSA pre-master secret).
use crate::client::CLIENT_VERSION;

pub enum State {
    ExpectCertificate(ExpectCertificate),
    ExpectServerKeyExchange(ExpectServerKeyExchange),
    ExpectServerHelloDone(ExpectServerHelloDone),
    ExpectChangeCipherSpec(ExpectChangeCipherSpec),
    ExpectFinished(ExpectFinished),
    Connected(Connected),
}

/// The states after the ServerHello (which `client::State` reads to learn the version).
impl State {
    pub fn is_connected(&self) -> bool {
        matches!(self, State::Connected(_))
    }

    pub fn name(&self) -> &'static str {
        match self {
            State::ExpectCertificate(_) => "ExpectCertificate",
            State::ExpectServerKeyExchange(_) => "ExpectServerKeyExchange",
            State::ExpectServerHelloDone(_) => "ExpectServerHelloDone",
            State::ExpectChangeCipherSpec(_) => "ExpectChangeCipherSpec",
            State::ExpectFinished(_) => "ExpectFinished",
            State::Connected(_) => "Connected",
        }
    }

    /// The negotiated suite.
    pub fn suite(&self) -> Option<&'static Suite> {
        match self {
            State::ExpectCertificate(s) => Some(Suite::tls12(s.hs.kx)),
            State::ExpectServerKeyExchange(s) => Some(Suite::tls12(s.hs.kx)),
            State::ExpectServerHelloDone(s) => Some(Suite::tls12(s.hs.kx)),
            State::ExpectChangeCipherSpec(_) | State::ExpectFinished(_) | State::Connected(_) => {
                None
            }
        }
    }

    pub fn expects(&self, kind: MessageKind) -> bool {
        use MessageKind::{ApplicationData, ChangeCipherSpec, Handshake as Hs};
        // HelloRequest may come at any time (RFC 5246 §7.4.1.1); handled below.
        if kind == Hs(HandshakeType::HelloRequest) {
            return true;
        }
        match self {
            State::ExpectCertificate(_) => kind == Hs(HandshakeType::Certificate),
            State::ExpectServerKeyExchange(_) => kind == Hs(HandshakeType::ServerKeyExchange),
            State::ExpectServerHelloDone(s) => {
                kind == Hs(HandshakeType::ServerHelloDone)
                    || (!s.certificate_requested && kind == Hs(HandshakeType::CertificateRequest))
            }
            State::ExpectChangeCipherSpec(_) => kind == ChangeCipherSpec,
            State::ExpectFinished(_) => kind == Hs(HandshakeType::Finished),
            State::Connected(_) => kind == ApplicationData,
        }
    }

    pub fn handle(
        self,
        cx: &mut Common,
        config: &ClientConfig,
        msg: Incoming,
        raw: &[u8],
    ) -> Result<State> {
        if let Incoming::Handshake(Handshake::HelloRequest) = msg {
            // RFC 5246 §7.4.1.1: ignored while negotiating; once connected, this client
            // declines with a no_renegotiation warning and carries on. Not part of the
            // handshake hash.
            if let State::Connected(_) = self {
                cx.send_alert(AlertDescription::NoRenegotiation);
                cx.check(
                    "renegotiation",
                    false,
                    "the server asked to renegotiate; declined with no_renegotiation",
                );
            }
            return Ok(self);
        }
        match (self, msg) {
            (State::ExpectCertificate(s), Incoming::Handshake(Handshake::Certificate(m))) => {
                cx.handshake_messages.extend_from_slice(raw);
                s.handle(cx, config, m.certificate_list)
            }
            (
                State::ExpectServerKeyExchange(s),
                Incoming::Handshake(Handshake::ServerKeyExchange(m)),
            ) => {
                cx.handshake_messages.extend_from_slice(raw);
                s.handle(cx, m)
            }
            (
                State::ExpectServerHelloDone(s),
                Incoming::Handshake(Handshake::CertificateRequest(_)),
            ) if !s.certificate_requested => {
                cx.handshake_messages.extend_from_slice(raw);
                cx.check(
                    "client certificate",
                    true,
                    "the server asks for one (CertificateRequest); this client has none and \
                     will send an empty Certificate (RFC 5246 §7.4.6)",
                );
                Ok(State::ExpectServerHelloDone(ExpectServerHelloDone {
                    certificate_requested: true,
                    ..s
                }))
            }
            (State::ExpectServerHelloDone(s), Incoming::Handshake(Handshake::ServerHelloDone)) => {
                cx.handshake_messages.extend_from_slice(raw);
                s.handle(cx)
            }
            (State::ExpectChangeCipherSpec(s), Incoming::ChangeCipherSpec) => s.handle(cx),
            (State::ExpectFinished(s), Incoming::Handshake(Handshake::Finished(m))) => {
                s.handle(cx, m, raw)
            }
            (State::Connected(s), Incoming::AppData(data)) => {
                cx.outputs.push(Output::AppData(data));
                Ok(State::Connected(s))
            }
            (state, msg) => Err(TlsError::unexpected(format!(
                "received {} while waiting in {}",
                msg.describe(),
                state.name()
            ))),
        }
    }
}

/// What the handshake has settled so far.
pub struct HandshakeData {
    client_random: [u8; 32],
    server_random: [u8; 32],
    kx: KeyExchange,
    ems: bool,
}

/// Reads a TLS 1.2 ServerHello (already added to handshake_messages) to the ClientHello with
/// `client_random`.
pub fn accept(
    cx: &mut Common,
    config: &ClientConfig,
    client_random: [u8; 32],
    m: ServerHello,
) -> Result<State> {
    if m.server_version != ProtocolVersion::Tls12 {
        return Err(TlsError::new(
            AlertDescription::ProtocolVersion,
            format!(
                "server chose {}, this client speaks only TLS 1.2",
                m.server_version
            ),
        ));
    }
    let kx = config
        .offer
        .iter()
        .copied()
        .find(|kx| kx.suite() == m.cipher_suite)
        .ok_or_else(|| {
            TlsError::illegal(format!(
                "server chose {}, which the client did not offer",
                m.cipher_suite
            ))
        })?;
    if m.compression_method != Compression::Null {
        return Err(TlsError::illegal(format!(
            "server chose compression {}, which the client did not offer",
            m.compression_method
        )));
    }
    let offered = |t: ExtensionType| match t {
        ExtensionType::ServerName | ExtensionType::RenegotiationInfo => true,
        ExtensionType::ExtendedMasterSecret => config.ems,
        ExtensionType::EcPointFormats => config.offer.contains(&KeyExchange::Ecdhe),
        _ => false,
    };
    if let Some(e) = m.extensions.iter().find(|e| !offered(e.typ)) {
        // RFC 5246 §7.4.1.4: a client must abort on an extension it did not ask for.
        return Err(TlsError::new(
            AlertDescription::UnsupportedExtension,
            format!(
                "ServerHello carries {} which the client did not offer",
                e.typ
            ),
        ));
    }
    match extensions::find(&m.extensions, ExtensionType::RenegotiationInfo) {
        Some(e) if e.body != [0] => {
            return Err(TlsError::new(
                AlertDescription::HandshakeFailure,
                "renegotiation_info must be empty in an initial handshake (RFC 5746 §3.4)",
            ));
        }
        Some(_) => cx.check(
            "secure renegotiation (RFC 5746)",
            true,
            "server sent an empty renegotiation_info",
        ),
        None => cx.check(
            "secure renegotiation (RFC 5746)",
            false,
            "server did not send renegotiation_info; continuing, as browsers do",
        ),
    }
    let ems = config.ems
        && extensions::find(&m.extensions, ExtensionType::ExtendedMasterSecret).is_some();
    if config.ems {
        cx.check(
            "extended master secret (RFC 7627)",
            ems,
            if ems {
                "both sides use the session hash"
            } else {
                "server declined: the RFC 5246 derivation is used"
            },
        );
    }
    cx.negotiated = Some(Negotiated::tls12(kx, ems));
    cx.secret(Secret::ServerRandom, &m.random);
    let hs = HandshakeData {
        client_random,
        server_random: m.random,
        kx,
        ems,
    };
    Ok(State::ExpectCertificate(ExpectCertificate { hs }))
}

pub struct ExpectCertificate {
    hs: HandshakeData,
}

impl ExpectCertificate {
    fn handle(self, cx: &mut Common, config: &ClientConfig, chain: Vec<Vec<u8>>) -> Result<State> {
        let need = match self.hs.kx {
            KeyExchange::Rsa => KeyUse::KeyEncipherment,
            KeyExchange::Ecdhe => KeyUse::DigitalSignature,
        };
        let server_key = certificate::server_key(cx, config, &chain, need)?;
        Ok(match self.hs.kx {
            KeyExchange::Rsa => State::ExpectServerHelloDone(ExpectServerHelloDone {
                hs: self.hs,
                server_key,
                server_public: None,
                certificate_requested: false,
            }),
            KeyExchange::Ecdhe => State::ExpectServerKeyExchange(ExpectServerKeyExchange {
                hs: self.hs,
                server_key,
            }),
        })
    }
}

pub struct ExpectServerKeyExchange {
    hs: HandshakeData,
    server_key: RsaPublicKey,
}

impl ExpectServerKeyExchange {
    fn handle(
        self,
        cx: &mut Common,
        m: crate::msgs::handshake::ServerKeyExchange,
    ) -> Result<State> {
        if m.named_curve != NamedGroup::x25519 {
            return Err(TlsError::illegal(format!(
                "server chose curve {}, the client offered only x25519",
                m.named_curve
            )));
        }
        if m.scheme != SignatureScheme::rsa_pkcs1_sha256 {
            return Err(TlsError::illegal(format!(
                "server signed with {}, the client offered only rsa_pkcs1_sha256",
                m.scheme
            )));
        }
        // The signature covers both randoms, so it cannot be replayed into another handshake.
        let signed = [
            &self.hs.client_random[..],
            &self.hs.server_random[..],
            &m.params(),
        ]
        .concat();
        let verified = key_exchange::verify(&self.server_key, &signed, &m.signature);
        cx.check(
            "ServerKeyExchange signature (rsa_pkcs1_sha256)",
            verified.is_ok(),
            "over client_random ‖ server_random ‖ ServerECDHParams, with the certificate's public key",
        );
        verified?;
        cx.secret(Secret::ServerEcdhPublic, &m.public);
        Ok(State::ExpectServerHelloDone(ExpectServerHelloDone {
            hs: self.hs,
            server_key: self.server_key,
            server_public: Some(m.public),
            certificate_requested: false,
        }))
    }
}

pub struct ExpectServerHelloDone {
    hs: HandshakeData,
    server_key: RsaPublicKey,
    server_public: Option<Vec<u8>>,
    /// The server sent CertificateRequest (RFC 5246 §7.4.4).
    certificate_requested: bool,
}

impl ExpectServerHelloDone {
    /// Sends the client's second flight: [Certificate], ClientKeyExchange, ChangeCipherSpec,
    /// Finished.
    fn handle(self, cx: &mut Common) -> Result<State> {
        if self.certificate_requested {
            // RFC 5246 §7.4.6: a client without a suitable certificate sends a Certificate
            // with an empty list (and, having nothing to sign with, no CertificateVerify).
            cx.send_handshake(&Handshake::Certificate(Certificate {
                certificate_list: Vec::new(),
            }))?;
        }
        let (cke, pms) = match self.hs.kx {
            KeyExchange::Rsa => {
                let pms = key_exchange::rsa_pre_master_secret(&mut cx.rng, CLIENT_VERSION);
                cx.secret(Secret::PreMasterSecret, &pms);
                let encrypted = key_exchange::rsa_encrypt(&mut cx.rng, &self.server_key, &pms)?;
                cx.secret(Secret::EncryptedPreMasterSecret, &encrypted);
                (
                    ClientKeyExchange::Rsa {
                        encrypted_pre_master_secret: encrypted,
                    },
                    pms.to_vec(),
                )
            }
            KeyExchange::Ecdhe => {
                let server_public = self.server_public.ok_or_else(|| {
                    TlsError::unexpected("ServerHelloDone before ServerKeyExchange")
                })?;
                let pair = EcdhKeyPair::generate(&mut cx.rng);
                cx.secret(Secret::ClientEcdhPrivate, &pair.private_bytes());
                cx.secret(Secret::ClientEcdhPublic, &pair.public);
                let z = pair.agree(&server_public)?;
                cx.secret(Secret::PreMasterSecret, &z);
                (
                    ClientKeyExchange::Ecdhe {
                        public: pair.public.to_vec(),
                    },
                    z.to_vec(),
                )
            }
        };
        cx.send_handshake(&Handshake::ClientKeyExchange(cke))?;
        let keys = Keys::derive(
            cx,
            &pms,
            &self.hs.client_random,
            &self.hs.server_random,
            self.hs.ems,
        );
        cx.send_change_cipher_spec(keys.client_cipher()?)?;
        let verify_data = keys.verify_data(cx, prf::CLIENT_FINISHED);
        cx.secret(Secret::ClientVerifyData, &verify_data);
        cx.send_handshake(&Handshake::Finished(Finished { verify_data }))?;
        Ok(State::ExpectChangeCipherSpec(ExpectChangeCipherSpec {
            keys,
        }))
    }
}

pub struct ExpectChangeCipherSpec {
    keys: Keys,
}

impl ExpectChangeCipherSpec {
    fn handle(self, cx: &mut Common) -> Result<State> {
        cx.activate_read_cipher(self.keys.server_cipher()?)?;
        Ok(State::ExpectFinished(ExpectFinished { keys: self.keys }))
    }
}

pub struct ExpectFinished {
    keys: Keys,
}

impl ExpectFinished {
    fn handle(self, cx: &mut Common, m: Finished, raw: &[u8]) -> Result<State> {
        check_peer_finished(cx, &self.keys, "server", &m.verify_data, raw)?;
        cx.outputs.push(Output::HandshakeComplete);
        Ok(State::Connected(Connected))
    }
}

pub struct Connected;
