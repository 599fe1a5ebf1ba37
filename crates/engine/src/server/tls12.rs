//! The TLS 1.2 server, one state per awaited message (`server::State` reads the ClientHello
//! and hands it to [`accept`] when TLS 1.2 is the version):
//!
//! ```text
//! ClientHello ─► (ServerHello, Certificate, [ServerKeyExchange], [CertificateRequest],
//!   ServerHelloDone) ─► [ExpectCertificate] ─► ExpectClientKeyExchange
//!   ─► [ExpectCertificateVerify] ─► ExpectChangeCipherSpec ─► ExpectFinished
//!   ─► (ChangeCipherSpec, Finished) ─► Connected
//! ```
//!
//! [...] is mutual TLS (`ServerConfig::client_auth`): the server asks for the client's
//! certificate and checks its signature over the handshake (RFC 5246 §7.4.4, §7.4.6, §7.4.8).

use crate::common::{Common, Incoming, MessageKind, Negotiated, Output};
use crate::crypto::key_exchange::{self, EcdhKeyPair};
use crate::crypto::secrets::Secret;
use crate::error::TlsError;
use crate::msgs::enums::{
    AlertDescription, CipherSuite, Compression, EcPointFormat, ExtensionType, HandshakeType,
    NamedGroup, ProtocolVersion, SignatureScheme,
};
use crate::msgs::extensions::{self, Extension};
use crate::msgs::handshake::{
    Certificate, CertificateRequest, CertificateVerify, ClientHello, ClientKeyExchange, Finished,
    Handshake, ServerHello, ServerKeyExchange,
};
use crate::msgs::suites::{KeyExchange, Suite};
use crate::server::ServerConfig;
use crate::server::client_auth::{self, ClientAuth};
use crate::tls12::key_schedule::{Keys, check_peer_finished, send_change_cipher_spec_and_finished};
use crate::tls13::DOWNGRADE_TLS12;
use crate::transcript::Party;

type Result<T> = std::result::Result<T, TlsError>;

/// The states after the ClientHello (which `server::State` reads to pick the version).
#[derive(Clone)]
pub enum State {
    /// Mutual TLS: the server's flight asked for a certificate, as `ClientAuth` says; waiting
    /// for the client's. (Without the `client-auth` feature no such state exists.)
    ExpectCertificate(ExpectClientKeyExchange, ClientAuth),
    /// The server's flight is sent; waiting for ClientKeyExchange.
    ExpectClientKeyExchange(ExpectClientKeyExchange),
    /// Mutual TLS: waiting for the client's signature over the handshake so far.
    ExpectCertificateVerify(ExpectCertificateVerify),
    /// Waiting for the client's ChangeCipherSpec.
    ExpectChangeCipherSpec(ExpectChangeCipherSpec),
    /// Waiting for the client's Finished.
    ExpectFinished(ExpectFinished),
    /// The handshake is done: application data flows, and a new ClientHello is declined.
    Connected,
}

impl State {
    /// Whether the handshake is done: application data may flow.
    pub fn is_connected(&self) -> bool {
        matches!(self, State::Connected)
    }

    /// The state's name: the message it waits for.
    pub fn name(&self) -> &'static str {
        match self {
            State::ExpectCertificate(..) => "ExpectCertificate",
            State::ExpectClientKeyExchange(_) => "ExpectClientKeyExchange",
            State::ExpectCertificateVerify(_) => "ExpectCertificateVerify",
            State::ExpectChangeCipherSpec(_) => "ExpectChangeCipherSpec",
            State::ExpectFinished(_) => "ExpectFinished",
            State::Connected => "Connected",
        }
    }

    /// The negotiated suite, while a message's parsing depends on it (ClientKeyExchange's on
    /// the key exchange).
    pub fn suite(&self) -> Option<&'static Suite> {
        match self {
            State::ExpectCertificate(s, _) | State::ExpectClientKeyExchange(s) => {
                Some(Suite::tls12(s.hs.kx))
            }
            _ => None,
        }
    }

    /// Whether this state takes a message of `kind`, known from its header alone.
    pub fn expects(&self, kind: MessageKind) -> bool {
        use MessageKind::{ApplicationData, ChangeCipherSpec, Handshake as Hs};
        match self {
            State::ExpectCertificate(..) => kind == Hs(HandshakeType::Certificate),
            State::ExpectClientKeyExchange(_) => kind == Hs(HandshakeType::ClientKeyExchange),
            State::ExpectCertificateVerify(_) => kind == Hs(HandshakeType::CertificateVerify),
            State::ExpectChangeCipherSpec(_) => kind == ChangeCipherSpec,
            State::ExpectFinished(_) => kind == Hs(HandshakeType::Finished),
            // A ClientHello now asks to renegotiate, which is declined (below).
            State::Connected => kind == ApplicationData || kind == Hs(HandshakeType::ClientHello),
        }
    }

    /// Consumes the state with one message (`raw`: its bytes) and returns the next.
    pub fn handle(
        self,
        cx: &mut Common,
        config: &ServerConfig,
        msg: Incoming,
        raw: &[u8],
    ) -> Result<State> {
        match (self, msg) {
            (State::ExpectCertificate(s, auth), Incoming::Handshake(Handshake::Certificate(m))) => {
                cx.handshake_messages.extend_from_slice(raw);
                s.client_certificate(cx, auth, &m.certificate_list)
            }
            (
                State::ExpectClientKeyExchange(s),
                Incoming::Handshake(Handshake::ClientKeyExchange(m)),
            ) => {
                cx.handshake_messages.extend_from_slice(raw);
                s.handle(cx, config, m)
            }
            (
                State::ExpectCertificateVerify(s),
                Incoming::Handshake(Handshake::CertificateVerify(m)),
            ) => {
                s.handle(cx, &m)?;
                cx.handshake_messages.extend_from_slice(raw);
                Ok(State::ExpectChangeCipherSpec(ExpectChangeCipherSpec {
                    keys: s.keys,
                    then: s.then,
                }))
            }
            (State::ExpectChangeCipherSpec(s), Incoming::ChangeCipherSpec) => {
                cx.activate_read_cipher(s.keys.client_cipher()?)?;
                Ok(State::ExpectFinished(ExpectFinished {
                    keys: s.keys,
                    then: s.then,
                }))
            }
            (State::ExpectFinished(s), Incoming::Handshake(Handshake::Finished(m))) => {
                s.handle(cx, config, m, raw)
            }
            (State::Connected, Incoming::AppData(data)) => {
                cx.outputs.push(Output::AppData(data));
                Ok(State::Connected)
            }
            (State::Connected, Incoming::Handshake(Handshake::ClientHello(_))) => {
                // Client-initiated renegotiation: this server does not renegotiate. RFC 5746
                // §4.4 and RFC 5246 §7.2.2 let it decline with a warning no_renegotiation;
                // the connection goes on under the current keys.
                cx.send_alert(AlertDescription::NoRenegotiation);
                cx.check(
                    "renegotiation",
                    false,
                    "the client sent a new ClientHello; declined with a no_renegotiation warning",
                );
                Ok(State::Connected)
            }
            (state, msg) => Err(TlsError::unexpected_in(msg.describe(), state.name())),
        }
    }
}

/// What the hellos settled.
#[derive(Clone)]
struct HandshakeData {
    /// The highest version the ClientHello offered: the RSA pre-master secret starts with it.
    client_version: ProtocolVersion,
    client_random: [u8; 32],
    server_random: [u8; 32],
    kx: KeyExchange,
    /// The extended master secret (RFC 7627) is in use.
    ems: bool,
    /// What follows the client's Finished.
    then: Then,
}

/// What the server does once the client's Finished checks out.
#[cfg(feature = "resumption")]
#[derive(Clone)]
pub enum Then {
    /// A full handshake: keep the session under the ServerHello's session_id, and issue a
    /// ticket (RFC 5077) if asked (`ticket`), then ChangeCipherSpec and Finished.
    Answer {
        /// The ServerHello's session_id.
        session_id: Vec<u8>,
        /// The client sent session_ticket and the ServerHello answered it: a
        /// NewSessionTicket comes before the ChangeCipherSpec.
        ticket: bool,
    },
    /// An abbreviated handshake (RFC 5246 §7.3): the server's Finished went first, nothing
    /// more to send.
    Done,
}

/// Without the `resumption` feature: a full handshake's ChangeCipherSpec and Finished, no
/// session kept.
#[cfg(not(feature = "resumption"))]
#[derive(Clone)]
pub enum Then {
    /// ChangeCipherSpec and Finished.
    Answer,
}

/// The first ClientHello (already added to handshake_messages) of a TLS 1.2 handshake: what
/// to answer is chosen ([`negotiate`]), then the server's flight is sent ([`send_flight`]).
/// A server that also speaks TLS 1.3 (`downgrade`) ends its random with the RFC 8446 §4.1.3
/// sentinel.
pub fn accept(
    cx: &mut Common,
    config: &ServerConfig,
    m: ClientHello,
    downgrade: bool,
) -> Result<State> {
    let choice = negotiate(config, &m)?;
    #[cfg(feature = "resumption")]
    if let Some(session) = super::resume12::find(cx, config, &m)? {
        return super::resume12::abbreviated(cx, config, m, session, choice, downgrade);
    }
    send_flight(cx, config, m, choice, downgrade)
}

/// What the server answers a ClientHello with.
pub struct Choice {
    kx: KeyExchange,
    /// The extended master secret (RFC 7627): offered and agreed to.
    ems: bool,
    /// Secure renegotiation (RFC 5746) is signalled: an empty renegotiation_info is sent.
    pub renegotiation_info: bool,
    /// The client sent ec_point_formats, so ECDHE answers with it (RFC 8422 §5.2).
    pub point_formats: bool,
    /// The answer to ALPN, if the client asked (RFC 7301 §3.1).
    pub alpn: Option<Extension>,
}

/// Checks the ClientHello and chooses the key exchange and extensions, without sending
/// anything: a ClientHello this server cannot answer fails here, before any secret is made.
fn negotiate(config: &ServerConfig, m: &ClientHello) -> Result<Choice> {
    if m.client_version.to_wire() < ProtocolVersion::Tls12.to_wire() {
        return Err(TlsError::new(
            AlertDescription::ProtocolVersion,
            format!(
                "client offers at most {}, this server needs TLS 1.2",
                m.client_version
            ),
        ));
    }
    if !m.compression_methods.contains(&Compression::Null) {
        return Err(TlsError::illegal(
            "the client did not offer the null compression method",
        ));
    }
    let groups = extensions::decode(
        &m.extensions,
        ExtensionType::SupportedGroups,
        extensions::read_groups,
    )?
    .unwrap_or_default();
    let sig_algs = extensions::decode(
        &m.extensions,
        ExtensionType::SignatureAlgorithms,
        extensions::read_signature_algorithms,
    )?
    .unwrap_or_default();
    let point_formats = extensions::decode(
        &m.extensions,
        ExtensionType::EcPointFormats,
        extensions::read_point_formats,
    )?;
    if let Some(e) = extensions::find(&m.extensions, ExtensionType::ServerName)
        && !e.body.is_empty()
    {
        extensions::parse(e, extensions::read_server_name)?;
    }
    // ECDHE needs a shared group and an RSA signature scheme we can make (RFC 8422 §5.1).
    let ecdhe_possible = groups.contains(&NamedGroup::x25519)
        && sig_algs.contains(&SignatureScheme::rsa_pkcs1_sha256)
        && point_formats
            .as_ref()
            .is_none_or(|f| f.contains(&EcPointFormat::Uncompressed));
    let kx = config
        .accept
        .iter()
        .copied()
        .find(|kx| {
            m.cipher_suites.contains(&kx.suite()) && (*kx != KeyExchange::Ecdhe || ecdhe_possible)
        })
        .ok_or_else(|| {
            TlsError::new(
                AlertDescription::HandshakeFailure,
                "no cipher suite in common with the client",
            )
        })?;
    let renegotiation_ok = match extensions::find(&m.extensions, ExtensionType::RenegotiationInfo) {
        Some(e) if e.body != [0] => {
            return Err(TlsError::new(
                AlertDescription::HandshakeFailure,
                "renegotiation_info must be empty in an initial handshake (RFC 5746 §3.6)",
            ));
        }
        Some(_) => true,
        None => m
            .cipher_suites
            .contains(&CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV),
    };
    let ems = config.ems
        && extensions::find(&m.extensions, ExtensionType::ExtendedMasterSecret).is_some();
    Ok(Choice {
        kx,
        ems,
        renegotiation_info: renegotiation_ok,
        point_formats: point_formats.is_some(),
        alpn: config.alpn_answer(m)?,
    })
}

/// Sends ServerHello, Certificate, [ServerKeyExchange], ServerHelloDone for `choice`.
// Without `client-auth` there is no `ClientAuth`, so the compiler finds the mutual-TLS arm
// unreachable, as intended: it leaves it out.
#[cfg_attr(not(feature = "client-auth"), allow(unreachable_code))]
fn send_flight(
    cx: &mut Common,
    config: &ServerConfig,
    m: ClientHello,
    choice: Choice,
    downgrade: bool,
) -> Result<State> {
    let Choice {
        kx,
        ems,
        renegotiation_info,
        point_formats,
        alpn,
    } = choice;

    cx.negotiated = Some(Negotiated::tls12(kx, ems));
    cx.secret(Secret::ClientRandom, &m.random);
    let mut server_random: [u8; 32] = cx.rng.bytes();
    if downgrade {
        server_random[24..].copy_from_slice(&DOWNGRADE_TLS12);
    }
    cx.secret(Secret::ServerRandom, &server_random);
    let session_id: [u8; 32] = cx.rng.bytes();
    let mut ext = Vec::new();
    if renegotiation_info {
        ext.push(Extension::renegotiation_info_initial());
    }
    if ems {
        ext.push(Extension::empty(ExtensionType::ExtendedMasterSecret));
    }
    if kx == KeyExchange::Ecdhe && point_formats {
        ext.push(Extension::ec_point_formats());
    }
    ext.extend(alpn);
    // RFC 5077 §3.2: a client that sends session_ticket gets a ticket after its Finished.
    let ticket = cfg!(feature = "resumption")
        && extensions::find(&m.extensions, ExtensionType::SessionTicket).is_some();
    if ticket {
        ext.push(Extension::empty(ExtensionType::SessionTicket));
    }
    let hello = ServerHello {
        server_version: ProtocolVersion::Tls12,
        random: server_random,
        session_id: session_id.to_vec(),
        cipher_suite: kx.suite(),
        compression_method: Compression::Null,
        extensions_present: true,
        extensions: ext,
    };
    cx.send_handshake(&Handshake::ServerHello(hello))?;
    cx.send_handshake(&Handshake::Certificate(Certificate {
        certificate_list: config.chain.clone(),
    }))?;
    let ecdh = if kx == KeyExchange::Ecdhe {
        let pair = EcdhKeyPair::generate(&mut cx.rng);
        cx.secret(Secret::ServerEcdhPrivate, &pair.private_bytes());
        cx.secret(Secret::ServerEcdhPublic, &pair.public);
        let mut ske = ServerKeyExchange {
            named_curve: NamedGroup::x25519,
            public: pair.public.to_vec(),
            scheme: SignatureScheme::rsa_pkcs1_sha256,
            signature: Vec::new(),
        };
        let signed = [&m.random[..], &server_random[..], &ske.params()].concat();
        ske.signature = key_exchange::sign(&config.key, &signed)?;
        cx.send_handshake(&Handshake::ServerKeyExchange(ske))?;
        Some(pair)
    } else {
        None
    };
    if let Some(auth) = &config.client_auth {
        cx.send_handshake(&Handshake::CertificateRequest(CertificateRequest {
            certificate_types: vec![CertificateRequest::RSA_SIGN],
            supported_signature_algorithms: client_auth::schemes(false).to_vec(),
            certificate_authorities: auth.authorities(),
        }))?;
    }
    cx.send_handshake(&Handshake::ServerHelloDone)?;
    let hs = HandshakeData {
        client_version: m.client_version,
        client_random: m.random,
        server_random,
        kx,
        ems,
        #[cfg(feature = "resumption")]
        then: Then::Answer {
            session_id: session_id.to_vec(),
            ticket,
        },
        #[cfg(not(feature = "resumption"))]
        then: Then::Answer,
    };
    let next = ExpectClientKeyExchange {
        hs,
        ecdh,
        client: None,
    };
    Ok(match &config.client_auth {
        Some(auth) => State::ExpectCertificate(next, auth.clone()),
        None => State::ExpectClientKeyExchange(next),
    })
}

/// The server's flight is sent; waiting for ClientKeyExchange, which gives the pre-master
/// secret: RSA-encrypted, or the client's ECDHE share to agree with (RFC 5246 §7.4.7).
#[derive(Clone)]
pub struct ExpectClientKeyExchange {
    hs: HandshakeData,
    /// ECDHE: the server's key pair, whose public half its ServerKeyExchange sent.
    ecdh: Option<EcdhKeyPair>,
    /// Mutual TLS: what the server asked, and the public key of the client's certificate,
    /// which must sign CertificateVerify.
    client: Option<(ClientAuth, rsa::PublicKey)>,
}

impl ExpectClientKeyExchange {
    /// The client's Certificate: checked against the client CA, or refused when empty.
    fn client_certificate(
        self,
        cx: &mut Common,
        auth: ClientAuth,
        chain: &[Vec<u8>],
    ) -> Result<State> {
        let key = client_auth::client_key(cx, &auth, chain, false)?;
        Ok(State::ExpectClientKeyExchange(ExpectClientKeyExchange {
            client: Some((auth, key)),
            ..self
        }))
    }

    fn handle(self, cx: &mut Common, config: &ServerConfig, m: ClientKeyExchange) -> Result<State> {
        let pms = match (m, self.ecdh) {
            (
                ClientKeyExchange::Rsa {
                    encrypted_pre_master_secret,
                },
                None,
            ) => {
                let (pms, decrypted) = key_exchange::rsa_decrypt(
                    &mut cx.rng,
                    &config.key,
                    &encrypted_pre_master_secret,
                    self.hs.client_version,
                );
                cx.check(
                    "RSA decryption of the pre-master secret",
                    decrypted,
                    if decrypted {
                        "PKCS #1 v1.5 padding and client_version are valid"
                    } else {
                        "decryption failed: a random pre-master secret is used instead, and nothing is said until Finished fails (RFC 5246 §7.4.7.1, against Bleichenbacher's attack)"
                    },
                );
                cx.secret(Secret::PreMasterSecret, &pms);
                pms.to_vec()
            }
            (ClientKeyExchange::Ecdhe { public }, Some(pair)) => {
                cx.secret(Secret::ClientEcdhPublic, &public);
                let z = pair.agree(&public)?;
                cx.secret(Secret::PreMasterSecret, &z);
                z.to_vec()
            }
            _ => {
                return Err(TlsError::unexpected(
                    "ClientKeyExchange does not match the negotiated key exchange",
                ));
            }
        };
        let keys = Keys::derive(
            cx,
            &pms,
            &self.hs.client_random,
            &self.hs.server_random,
            self.hs.ems,
        );
        let then = self.hs.then;
        Ok(match self.client {
            Some((auth, client_key)) => State::ExpectCertificateVerify(ExpectCertificateVerify {
                keys,
                auth,
                client_key,
                then,
            }),
            None => State::ExpectChangeCipherSpec(ExpectChangeCipherSpec { keys, then }),
        })
    }
}

/// Mutual TLS: waiting for CertificateVerify, the client's signature over every handshake
/// message before it (RFC 5246 §7.4.8), with its certificate's key.
#[derive(Clone)]
pub struct ExpectCertificateVerify {
    keys: Keys,
    auth: ClientAuth,
    client_key: rsa::PublicKey,
    then: Then,
}

impl ExpectCertificateVerify {
    fn handle(&self, cx: &mut Common, m: &CertificateVerify) -> Result<()> {
        cx.secret(Secret::ClientCertificateVerifyHash, &cx.transcript_hash());
        let signed = cx.handshake_messages.clone();
        client_auth::verify(
            cx,
            &self.auth,
            &self.client_key,
            false,
            m,
            &signed,
            "every handshake message from ClientHello to ClientKeyExchange",
        )
    }
}

/// Waiting for the client's ChangeCipherSpec, after which its records are read under the
/// client's keys.
#[derive(Clone)]
pub struct ExpectChangeCipherSpec {
    /// The keys the client's records and Finished use.
    pub keys: Keys,
    /// What follows the client's Finished.
    pub then: Then,
}

/// Waiting for the client's Finished; holds the keys that check its verify_data (RFC 5246
/// §7.4.9) and protect the server's answer, ChangeCipherSpec and Finished.
#[derive(Clone)]
pub struct ExpectFinished {
    keys: Keys,
    then: Then,
}

impl ExpectFinished {
    /// Verifies the client's Finished; in a full handshake then keeps the session, sends a
    /// ticket if asked, ChangeCipherSpec and its own Finished.
    fn handle(
        self,
        cx: &mut Common,
        config: &ServerConfig,
        m: Finished,
        raw: &[u8],
    ) -> Result<State> {
        check_peer_finished(cx, &self.keys, "client", &m.verify_data, raw)?;
        match self.then {
            #[cfg(feature = "resumption")]
            Then::Done => {
                cx.outputs.push(Output::HandshakeComplete);
                return Ok(State::Connected);
            }
            #[cfg(feature = "resumption")]
            Then::Answer { session_id, ticket } => {
                super::resume12::keep(cx, config, &self.keys, session_id, ticket)?;
            }
            #[cfg(not(feature = "resumption"))]
            Then::Answer => {
                let _ = config;
            }
        }
        send_change_cipher_spec_and_finished(cx, &self.keys, Party::Server)?;
        cx.outputs.push(Output::HandshakeComplete);
        Ok(State::Connected)
    }
}
