//! The TLS 1.2 browser (RFC 5246 §7.3), one state per awaited message:
//!
//! ```text
//! ClientHello ─► ExpectServerHello ─► ExpectCertificate ─► [ExpectServerKeyExchange]
//!   ─► ExpectServerHelloDone ─► ([Certificate], ClientKeyExchange, [CertificateVerify],
//!   ChangeCipherSpec, Finished) ─► ExpectChangeCipherSpec ─► ExpectFinished ─► Connected
//! ```
//!
//! A CertificateRequest before ServerHelloDone asks for the browser's certificate: it sends
//! its own, or an empty one, and signs the handshake with its key (RFC 5246 §7.4.6, §7.4.8).
//!
//! Each `handle` consumes its state and moves what the next one needs into it.

use rsa::PublicKey as RsaPublicKey;

use crate::client::ClientConfig;
use crate::client::certificate;
use crate::common::{Common, Incoming, MessageKind, Negotiated, Output};
use crate::crypto::key_exchange::{self, EcdhKeyPair};
use crate::crypto::secrets::Secret;
use crate::error::TlsError;
use crate::msgs::enums::{
    AlertDescription, Compression, ExtensionType, HandshakeType, NamedGroup, ProtocolVersion,
    SignatureScheme,
};
use crate::msgs::extensions;
use crate::msgs::handshake::{
    Certificate, CertificateRequest, CertificateVerify, ClientKeyExchange, Finished, Handshake,
    ServerHello,
};
use crate::msgs::suites::{KeyExchange, Suite};
use crate::pki::KeyUse;
use crate::tls12::key_schedule::{Keys, check_peer_finished, send_change_cipher_spec_and_finished};
use crate::transcript::Party;

type Result<T> = std::result::Result<T, TlsError>;

/// The version this client offers in its ClientHello (and so puts in an RSA pre-master secret).
use crate::client::CLIENT_VERSION;

/// The states after the ServerHello (which `client::State` reads to learn the version).
#[derive(Clone)]
pub enum State {
    /// Waiting for the server's Certificate.
    ExpectCertificate(ExpectCertificate),
    /// ECDHE: waiting for the ServerKeyExchange.
    ExpectServerKeyExchange(ExpectServerKeyExchange),
    /// Waiting for ServerHelloDone, or a CertificateRequest before it.
    ExpectServerHelloDone(ExpectServerHelloDone),
    /// The second flight is sent; waiting for the server's ChangeCipherSpec.
    ExpectChangeCipherSpec(ExpectChangeCipherSpec),
    /// Waiting for the server's Finished.
    ExpectFinished(ExpectFinished),
    /// The handshake is done.
    Connected(Connected),
}

impl State {
    /// Whether the handshake is done: application data may flow.
    pub fn is_connected(&self) -> bool {
        matches!(self, State::Connected(_))
    }

    /// The state's name: the message it waits for.
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

    /// The negotiated suite, while a message's parsing depends on it (ServerKeyExchange's
    /// on the key exchange).
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

    /// Whether this state takes a message of `kind`, known from its header alone.
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
                    || (s.certificate_request.is_none()
                        && kind == Hs(HandshakeType::CertificateRequest))
            }
            State::ExpectChangeCipherSpec(s) => {
                kind == ChangeCipherSpec
                    || (s.session.ticket_expected() && kind == Hs(HandshakeType::NewSessionTicket))
            }
            State::ExpectFinished(_) => kind == Hs(HandshakeType::Finished),
            State::Connected(_) => kind == ApplicationData,
        }
    }

    /// Consumes the state with one message (`raw`: its bytes) and returns the next.
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
                Incoming::Handshake(Handshake::CertificateRequest(m)),
            ) if s.certificate_request.is_none() => {
                cx.handshake_messages.extend_from_slice(raw);
                Ok(State::ExpectServerHelloDone(ExpectServerHelloDone {
                    certificate_request: Some(request(m)),
                    ..s
                }))
            }
            (State::ExpectServerHelloDone(s), Incoming::Handshake(Handshake::ServerHelloDone)) => {
                cx.handshake_messages.extend_from_slice(raw);
                s.handle(cx, config)
            }
            (State::ExpectChangeCipherSpec(s), Incoming::ChangeCipherSpec) => s.handle(cx),
            (
                State::ExpectChangeCipherSpec(mut s),
                Incoming::Handshake(Handshake::NewSessionTicket12(m)),
            ) if s.session.ticket_expected() => {
                // RFC 5077 §3.3: part of the handshake the Finished messages cover; one only.
                cx.handshake_messages.extend_from_slice(raw);
                s.session.ticket_arrived(m);
                Ok(State::ExpectChangeCipherSpec(s))
            }
            (State::ExpectFinished(s), Incoming::Handshake(Handshake::Finished(m))) => {
                s.handle(cx, config, m, raw)
            }
            (State::Connected(s), Incoming::AppData(data)) => {
                cx.outputs.push(Output::AppData(data));
                Ok(State::Connected(s))
            }
            (state, msg) => Err(TlsError::unexpected_in(msg.describe(), state.name())),
        }
    }
}

/// What the handshake has settled so far.
#[derive(Clone)]
pub struct HandshakeData {
    client_random: [u8; 32],
    server_random: [u8; 32],
    /// The key exchange of the suite the server chose.
    kx: KeyExchange,
    /// The extended master secret (RFC 7627) is in use.
    ems: bool,
    /// The signature_algorithms the ClientHello offered (RFC 5246 §7.4.1.4.1).
    schemes: Vec<SignatureScheme>,
    /// The session this handshake makes, for a later one to resume.
    session: Session12Made,
}

/// The session a TLS 1.2 handshake makes or resumes, as far as the messages so far say.
#[cfg(feature = "resumption")]
#[derive(Clone)]
pub struct Session12Made {
    /// The ServerHello's session_id.
    pub session_id: Vec<u8>,
    /// The ticket a NewSessionTicket brought (RFC 5077 §3.3), and its lifetime hint.
    pub ticket: Option<(Vec<u8>, u32)>,
    /// The ServerHello answered session_ticket and no NewSessionTicket came yet: one comes
    /// before the server's ChangeCipherSpec.
    pub ticket_expected: bool,
    /// An abbreviated handshake: the browser's ChangeCipherSpec and Finished answer the
    /// server's.
    pub abbreviated: bool,
}

/// Without the `resumption` feature a handshake keeps no session.
#[cfg(not(feature = "resumption"))]
#[derive(Clone)]
pub struct Session12Made;

#[cfg(feature = "resumption")]
impl Session12Made {
    /// What a full handshake's ServerHello says of the session.
    fn from_server_hello(m: &ServerHello) -> Session12Made {
        Session12Made {
            session_id: m.session_id.clone(),
            ticket: None,
            ticket_expected: extensions::find(&m.extensions, ExtensionType::SessionTicket)
                .is_some(),
            abbreviated: false,
        }
    }

    fn ticket_expected(&self) -> bool {
        self.ticket_expected
    }

    fn abbreviated(&self) -> bool {
        self.abbreviated
    }

    /// The NewSessionTicket came: kept, and no other may come.
    fn ticket_arrived(&mut self, m: crate::msgs::handshake::NewSessionTicket12) {
        self.ticket = Some((m.ticket, m.ticket_lifetime_hint));
        self.ticket_expected = false;
    }
}

#[cfg(not(feature = "resumption"))]
impl Session12Made {
    fn from_server_hello(_: &ServerHello) -> Session12Made {
        Session12Made
    }

    fn ticket_expected(&self) -> bool {
        false
    }

    fn abbreviated(&self) -> bool {
        false
    }

    fn ticket_arrived(&mut self, _: crate::msgs::handshake::NewSessionTicket12) {}
}

/// Reads a TLS 1.2 ServerHello (already added to handshake_messages) to the ClientHello with
/// `client_random`.
pub fn accept(
    cx: &mut Common,
    config: &ClientConfig,
    client_random: [u8; 32],
    sent_session_id: &[u8],
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
        ExtensionType::SessionTicket => cfg!(feature = "resumption"),
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
    let session = Session12Made::from_server_hello(&m);
    // The server echoes the session_id of a session the browser offered: it resumes it.
    #[cfg(feature = "resumption")]
    if let Some(saved) = config
        .resume
        .as_ref()
        .and_then(crate::session::Session::tls12)
        .filter(|_| !sent_session_id.is_empty() && m.session_id == sent_session_id)
    {
        return super::resume12::abbreviated(cx, saved, kx, ems, client_random, m.random, session);
    }
    #[cfg(not(feature = "resumption"))]
    let _ = sent_session_id;
    cx.negotiated = Some(Negotiated::tls12(kx, ems));
    cx.secret(Secret::ServerRandom, &m.random);
    let hs = HandshakeData {
        client_random,
        server_random: m.random,
        kx,
        ems,
        schemes: crate::client::signature_schemes(config),
        session,
    };
    Ok(State::ExpectCertificate(ExpectCertificate { hs }))
}

/// Waiting for the server's Certificate; holds what the hellos settled. The leaf must suit
/// the key exchange: keyEncipherment for RSA, digitalSignature for ECDHE (RFC 5246 §7.4.2).
#[derive(Clone)]
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
                certificate_request: None,
            }),
            KeyExchange::Ecdhe => State::ExpectServerKeyExchange(ExpectServerKeyExchange {
                hs: self.hs,
                server_key,
            }),
        })
    }
}

/// ECDHE: waiting for the ServerKeyExchange, the server's X25519 share signed over both
/// randoms (RFC 8422 §5.4); holds the certificate's public key, which must verify it.
#[derive(Clone)]
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
        // RFC 8446 §4.2.3: rsa_pss_rsae_* also apply to TLS 1.2, and a server (OpenSSL's,
        // for one) signs with it whenever the ClientHello offers it, as ours does alongside
        // TLS 1.3.
        let supported = [
            SignatureScheme::rsa_pkcs1_sha256,
            SignatureScheme::rsa_pss_rsae_sha256,
        ];
        if !supported.contains(&m.scheme) || !self.hs.schemes.contains(&m.scheme) {
            let offered: Vec<&str> = self.hs.schemes.iter().map(|s| s.as_str()).collect();
            return Err(TlsError::illegal(format!(
                "server signed with {}, the client offered only {}",
                m.scheme,
                offered.join(", ")
            )));
        }
        // The signature covers both randoms, so it cannot be replayed into another handshake.
        let signed = [
            &self.hs.client_random[..],
            &self.hs.server_random[..],
            &m.params(),
        ]
        .concat();
        let verified = if m.scheme == SignatureScheme::rsa_pss_rsae_sha256 {
            key_exchange::verify_pss_sha256(&self.server_key, &signed, &m.signature).map_err(|_| {
                TlsError::new(
                    AlertDescription::DecryptError,
                    "the ServerKeyExchange signature (RSA-PSS, SHA-256) does not verify with \
                         the certificate's public key",
                )
            })
        } else {
            key_exchange::verify(&self.server_key, &signed, &m.signature)
        };
        cx.check(
            format!("ServerKeyExchange signature ({})", m.scheme.as_str()),
            verified.is_ok(),
            "over client_random ‖ server_random ‖ ServerECDHParams, with the certificate's public key",
        );
        verified?;
        cx.secret(Secret::ServerEcdhPublic, &m.public);
        Ok(State::ExpectServerHelloDone(ExpectServerHelloDone {
            hs: self.hs,
            server_key: self.server_key,
            server_public: Some(m.public),
            certificate_request: None,
        }))
    }
}

/// Waiting for ServerHelloDone, or a CertificateRequest before it; holds what the second
/// flight needs: the certificate's key, to encrypt an RSA pre-master secret, and the
/// server's ECDHE share.
#[derive(Clone)]
pub struct ExpectServerHelloDone {
    hs: HandshakeData,
    /// The certificate's public key.
    server_key: RsaPublicKey,
    /// ECDHE: the server's share, from its ServerKeyExchange.
    server_public: Option<Vec<u8>>,
    /// What the server's CertificateRequest asked for, if it sent one (RFC 5246 §7.4.4).
    certificate_request: Option<certificate::Request>,
}

/// What a CertificateRequest asks for. Only a certificate whose key signs with RSA
/// (`rsa_sign`) suits this browser's key; a server that takes none of those gets an empty
/// Certificate.
fn request(m: CertificateRequest) -> certificate::Request {
    let rsa_sign = m.certificate_types.contains(&CertificateRequest::RSA_SIGN);
    certificate::Request {
        context: Vec::new(),
        schemes: if rsa_sign {
            m.supported_signature_algorithms
        } else {
            Vec::new()
        },
        authorities: m.certificate_authorities,
    }
}

impl ExpectServerHelloDone {
    /// Sends the client's second flight: [Certificate], ClientKeyExchange,
    /// [CertificateVerify], ChangeCipherSpec, Finished.
    fn handle(self, cx: &mut Common, config: &ClientConfig) -> Result<State> {
        let scheme = self
            .certificate_request
            .as_ref()
            .and_then(|r| certificate::choose(cx, config, r, false));
        if self.certificate_request.is_some() {
            // RFC 5246 §7.4.6: a client without a suitable certificate sends a Certificate
            // with an empty list (and, having nothing to sign with, no CertificateVerify).
            // This one travels in the clear, the browser's name in it for anyone to read.
            let certificate_list = certificate::chain_to_send(config, scheme);
            cx.send_handshake(&Handshake::Certificate(Certificate { certificate_list }))?;
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
        // The keys come from the messages through ClientKeyExchange (the session hash); the
        // CertificateVerify signs the same messages, so it follows them.
        let keys = Keys::derive(
            cx,
            &pms,
            &self.hs.client_random,
            &self.hs.server_random,
            self.hs.ems,
        );
        if let Some(scheme) = scheme {
            cx.secret(Secret::ClientCertificateVerifyHash, &cx.transcript_hash());
            let content = cx.handshake_messages.clone();
            let signature = certificate::sign(cx, config, scheme, &content)?;
            cx.send_handshake(&Handshake::CertificateVerify(CertificateVerify {
                algorithm: scheme,
                signature,
            }))?;
        }
        send_change_cipher_spec_and_finished(cx, &keys, Party::Client)?;
        Ok(State::ExpectChangeCipherSpec(ExpectChangeCipherSpec {
            keys,
            session: self.hs.session,
        }))
    }
}

/// The second flight is sent; waiting for the server's ChangeCipherSpec, after which its
/// records are read under the server's keys.
#[derive(Clone)]
pub struct ExpectChangeCipherSpec {
    /// The connection's keys.
    pub keys: Keys,
    /// The session so far.
    pub session: Session12Made,
}

impl ExpectChangeCipherSpec {
    fn handle(self, cx: &mut Common) -> Result<State> {
        cx.activate_read_cipher(self.keys.server_cipher()?)?;
        Ok(State::ExpectFinished(ExpectFinished {
            keys: self.keys,
            session: self.session,
        }))
    }
}

/// Waiting for the server's Finished; holds the keys its verify_data is checked with
/// (RFC 5246 §7.4.9).
#[derive(Clone)]
pub struct ExpectFinished {
    keys: Keys,
    session: Session12Made,
}

impl ExpectFinished {
    fn handle(
        self,
        cx: &mut Common,
        config: &ClientConfig,
        m: Finished,
        raw: &[u8],
    ) -> Result<State> {
        check_peer_finished(cx, &self.keys, "server", &m.verify_data, raw)?;
        // Abbreviated (RFC 5246 §7.3): the server's Finished came first; the browser answers.
        if self.session.abbreviated() {
            send_change_cipher_spec_and_finished(cx, &self.keys, Party::Client)?;
        }
        cx.outputs.push(Output::HandshakeComplete);
        #[cfg(feature = "resumption")]
        super::resume12::keep(cx, config, &self.keys, self.session);
        // TLS 1.2 has no 0-RTT: a request meant for it goes now.
        super::send_held_request(cx, config)?;
        Ok(State::Connected(Connected))
    }
}

/// The handshake is done: application data flows, and a HelloRequest is declined.
#[derive(Clone)]
pub struct Connected;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::rng::TlsRng;
    use crate::pki;
    use crate::pki::CertKind;

    /// A ServerKeyExchange over X25519 signed with `scheme` by the teaching server key, and
    /// the state that awaits it after a ClientHello that offered `offered`.
    fn signed_by(
        scheme: SignatureScheme,
        offered: &[SignatureScheme],
    ) -> (
        ExpectServerKeyExchange,
        crate::msgs::handshake::ServerKeyExchange,
    ) {
        let identity = pki::identity(CertKind::Valid);
        let server_key = pki::leaf_public_key(&identity.chain).unwrap();
        let hs = HandshakeData {
            client_random: [0x01; 32],
            server_random: [0x02; 32],
            kx: KeyExchange::Ecdhe,
            ems: true,
            schemes: offered.to_vec(),
            session: Session12Made::from_server_hello(&ServerHello {
                server_version: ProtocolVersion::Tls12,
                random: [0x02; 32],
                session_id: Vec::new(),
                cipher_suite: KeyExchange::Ecdhe.suite(),
                compression_method: Compression::Null,
                extensions_present: false,
                extensions: Vec::new(),
            }),
        };
        let mut m = crate::msgs::handshake::ServerKeyExchange {
            named_curve: NamedGroup::x25519,
            public: vec![0x09; 32],
            scheme,
            signature: Vec::new(),
        };
        let signed = [&hs.client_random[..], &hs.server_random[..], &m.params()].concat();
        m.signature = if scheme == SignatureScheme::rsa_pss_rsae_sha256 {
            let mut rng = TlsRng::new(1, 1);
            key_exchange::sign_pss_sha256(&mut rng, &identity.key, &signed).unwrap()
        } else {
            key_exchange::sign(&identity.key, &signed).unwrap()
        };
        (ExpectServerKeyExchange { hs, server_key }, m)
    }

    fn client() -> Common {
        Common::new(Party::Client, TlsRng::new(1, 0))
    }

    /// RFC 8446 §4.2.3: offered beside TLS 1.3, rsa_pss_rsae_sha256 may sign a TLS 1.2
    /// ServerKeyExchange (OpenSSL's s_server does so); the client rejected it before.
    #[test]
    fn accepts_an_rsa_pss_server_key_exchange_it_offered() {
        let offered = [
            SignatureScheme::rsa_pss_rsae_sha256,
            SignatureScheme::rsa_pkcs1_sha256,
        ];
        for scheme in offered {
            let (state, m) = signed_by(scheme, &offered);
            let mut cx = client();
            assert!(
                matches!(
                    state.handle(&mut cx, m),
                    Ok(State::ExpectServerHelloDone(_))
                ),
                "{scheme:?}"
            );
        }
    }

    #[test]
    fn rejects_a_scheme_it_did_not_offer() {
        let (state, m) = signed_by(
            SignatureScheme::rsa_pss_rsae_sha256,
            &[SignatureScheme::rsa_pkcs1_sha256],
        );
        let err = state.handle(&mut client(), m).err().unwrap();
        assert_eq!(err.alert, AlertDescription::IllegalParameter);
    }

    #[test]
    fn rejects_a_bad_rsa_pss_signature() {
        let offered = [SignatureScheme::rsa_pss_rsae_sha256];
        let (state, mut m) = signed_by(SignatureScheme::rsa_pss_rsae_sha256, &offered);
        m.signature[10] ^= 1;
        let err = state.handle(&mut client(), m).err().unwrap();
        assert_eq!(err.alert, AlertDescription::DecryptError);
    }
}
