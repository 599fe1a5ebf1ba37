//! The server's side: what it presents and accepts, and its states. It reads the ClientHello
//! itself to pick the protocol version, then hands the handshake to that version's states.

use rsa::PrivateKey as RsaPrivateKey;

use crate::common::{Common, Incoming, Machine, MessageKind};
use crate::error::TlsError;
use crate::msgs::enums::{AlertDescription, HandshakeType};
use crate::msgs::extensions::Extension;
use crate::msgs::handshake::ClientHello;
use crate::msgs::handshake::Handshake;
use crate::msgs::suites::{Group, KeyExchange, Suite};
#[cfg(feature = "alpn")]
use crate::msgs::{enums::ExtensionType, extensions};
use crate::transcript::Party;

pub mod client_auth;
mod psk;
#[cfg(feature = "resumption")]
mod resume12;
mod tls12;
mod tls13;

pub use client_auth::ClientAuth;

/// The server's side: a sans-IO endpoint with the server's states.
pub type Server = crate::endpoint::Endpoint<State>;

/// What the server presents and accepts.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Certificate chain (DER), leaf first.
    pub chain: Vec<Vec<u8>>,
    /// The leaf's private key: it signs ServerKeyExchange and CertificateVerify, and
    /// decrypts the pre-master secret of RSA key transport.
    pub key: RsaPrivateKey,
    /// TLS 1.3 key-exchange groups the server accepts, most preferred first (none: no
    /// TLS 1.3).
    pub groups13: Vec<Group>,
    /// TLS 1.2 key exchanges the server accepts, most preferred first (none: no TLS 1.2).
    pub accept: Vec<KeyExchange>,
    /// Agree to the extended master secret when the client offers it.
    pub ems: bool,
    /// Mutual TLS: ask for, and require, a client certificate (none: do not ask).
    pub client_auth: Option<ClientAuth>,
    /// An attacker passing on another server's certificate: the signature that server made
    /// in CertificateVerify, sent in place of one of this server's own (feature `attack`).
    #[cfg(feature = "attack")]
    pub relayed_signature: Option<Vec<u8>>,
    /// The application protocols it speaks, most preferred first (RFC 7301; none: it does
    /// not answer ALPN), e.g. `b"http/1.1"`. (Feature `alpn`.)
    #[cfg(feature = "alpn")]
    pub alpn: Vec<Vec<u8>>,
    /// The tickets it issued, shared by every connection of this server: a later connection
    /// resumes with one. (Feature `resumption`, as the three below.)
    #[cfg(feature = "resumption")]
    pub sessions: crate::session::SessionStore,
    /// Its clock (Unix seconds): when a ticket is issued, and whether one has expired.
    #[cfg(feature = "resumption")]
    pub now: u64,
    /// 0-RTT: the most early data its tickets allow (0: none; RFC 8446 §4.2.10).
    #[cfg(feature = "resumption")]
    pub max_early_data: u32,
    /// Forget a ticket once presented, so a replayed ClientHello (and its 0-RTT data) finds
    /// nothing to resume (RFC 8446 §8.1); otherwise a ticket resumes until it expires.
    #[cfg(feature = "resumption")]
    pub single_use_tickets: bool,
}

impl ServerConfig {
    /// The lab's server presenting `identity`: TLS 1.3 with both groups, the hybrid one
    /// preferred; TLS 1.2 with ECDHE and RSA key transport, ECDHE preferred; the extended
    /// master secret when the client offers it; no client certificate asked for; HTTP/1.1
    /// for a client that asks with ALPN; a new store of single-use tickets, without 0-RTT;
    /// the lab's clock ([`DEFAULT_NOW`]).
    ///
    /// [`DEFAULT_NOW`]: crate::scenario::DEFAULT_NOW
    pub fn teaching(identity: crate::pki::Identity) -> ServerConfig {
        ServerConfig {
            chain: identity.chain,
            key: identity.key,
            groups13: vec![Group::X25519MlKem768, Group::X25519],
            accept: vec![KeyExchange::Ecdhe, KeyExchange::Rsa],
            ems: true,
            client_auth: None,
            #[cfg(feature = "attack")]
            relayed_signature: None,
            #[cfg(feature = "alpn")]
            alpn: vec![b"http/1.1".to_vec()],
            #[cfg(feature = "resumption")]
            sessions: crate::session::SessionStore::default(),
            #[cfg(feature = "resumption")]
            now: crate::scenario::DEFAULT_NOW,
            #[cfg(feature = "resumption")]
            max_early_data: 0,
            #[cfg(feature = "resumption")]
            single_use_tickets: true,
        }
    }

    /// Without the `alpn` feature the server does not answer ALPN.
    #[cfg(not(feature = "alpn"))]
    pub(crate) fn alpn_answer(&self, _: &ClientHello) -> Result<Option<Extension>, TlsError> {
        Ok(None)
    }

    /// The answer to the ClientHello's ALPN (RFC 7301 §3.2): this server's most preferred
    /// protocol the client offers; nothing when the client does not ask or this server does
    /// not do ALPN; no_application_protocol when the client asks only for protocols it does
    /// not speak.
    #[cfg(feature = "alpn")]
    pub(crate) fn alpn_answer(&self, m: &ClientHello) -> Result<Option<Extension>, TlsError> {
        let Some(offered) = extensions::find(&m.extensions, ExtensionType::Alpn)
            .map(|e| extensions::alpn(&e.body))
            .transpose()?
        else {
            return Ok(None);
        };
        if self.alpn.is_empty() {
            return Ok(None);
        }
        let chosen = self
            .alpn
            .iter()
            .find(|p| offered.contains(p))
            .ok_or_else(|| {
                TlsError::new(
                    AlertDescription::NoApplicationProtocol,
                    "the client asks (ALPN) only for application protocols this server does \
                     not speak (RFC 7301 §3.2)",
                )
            })?;
        Ok(Some(Extension::alpn(&[chosen.as_slice()])))
    }
}

impl Server {
    /// Asks a connected client to renegotiate (HelloRequest). This engine's client declines,
    /// as most clients today do; the server then carries on.
    pub fn request_renegotiation(&mut self) -> Result<(), TlsError> {
        if !self.is_connected() {
            return Err(TlsError::new(
                AlertDescription::InternalError,
                "HelloRequest before the handshake completed",
            ));
        }
        if self.negotiated().is_some_and(|n| n.suite.is_tls13()) {
            return Err(TlsError::new(
                AlertDescription::InternalError,
                "TLS 1.3 has no renegotiation, so no HelloRequest (RFC 8446 §4)",
            ));
        }
        self.act(|cx, _: &State| cx.send_hello_request());
        Ok(())
    }
}

/// The server's states: waiting for the ClientHello, then those of the version it chose.
#[derive(Clone)]
pub enum State {
    /// Waiting for the ClientHello, which decides the version.
    ExpectClientHello,
    /// A TLS 1.2 handshake: that version's states after the ClientHello.
    Tls12(tls12::State),
    /// A TLS 1.3 handshake: that version's states after the first ClientHello.
    Tls13(tls13::State),
}

impl Machine for State {
    type Config = ServerConfig;
    const PARTY: Party = Party::Server;

    fn initial() -> Option<State> {
        Some(State::ExpectClientHello)
    }

    /// A server sends nothing first: it waits for the ClientHello.
    fn start(_: &mut Common, _: &ServerConfig) -> Result<State, TlsError> {
        Ok(State::ExpectClientHello)
    }

    fn is_connected(&self) -> bool {
        match self {
            State::ExpectClientHello => false,
            State::Tls12(s) => s.is_connected(),
            State::Tls13(s) => s.is_connected(),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            State::ExpectClientHello => "ExpectClientHello",
            State::Tls12(s) => s.name(),
            State::Tls13(s) => s.name(),
        }
    }

    fn suite(&self) -> Option<&'static Suite> {
        match self {
            State::ExpectClientHello => None,
            State::Tls12(s) => s.suite(),
            State::Tls13(_) => Some(crate::tls13::SUITE),
        }
    }

    fn expects(&self, kind: MessageKind) -> bool {
        match self {
            State::ExpectClientHello => kind == MessageKind::Handshake(HandshakeType::ClientHello),
            State::Tls12(s) => s.expects(kind),
            State::Tls13(s) => s.expects(kind),
        }
    }

    fn handle(
        self,
        cx: &mut Common,
        config: &ServerConfig,
        msg: Incoming,
        raw: &[u8],
    ) -> Result<State, TlsError> {
        match (self, msg) {
            (State::ExpectClientHello, Incoming::Handshake(Handshake::ClientHello(m))) => {
                cx.handshake_messages.extend_from_slice(raw);
                choose_version(cx, config, m)
            }
            (State::Tls12(s), msg) => s.handle(cx, config, msg, raw).map(State::Tls12),
            (State::Tls13(s), msg) => s.handle(cx, config, msg, raw).map(State::Tls13),
            (state, msg) => Err(TlsError::unexpected_in(msg.describe(), state.name())),
        }
    }
}

/// TLS 1.3 when both sides speak it, else TLS 1.2 (RFC 8446 §4.2.1, App. D.2). A TLS 1.3
/// server that falls back marks its random so a TLS 1.3 client can tell (§4.1.3).
fn choose_version(
    cx: &mut Common,
    config: &ServerConfig,
    m: ClientHello,
) -> Result<State, TlsError> {
    let speaks13 = !config.groups13.is_empty();
    if speaks13 && tls13::offers_tls13(&m)? {
        return tls13::accept(cx, config, m).map(State::Tls13);
    }
    if config.accept.is_empty() {
        return Err(TlsError::new(
            AlertDescription::ProtocolVersion,
            "the client does not offer TLS 1.3, the only version this server speaks",
        ));
    }
    tls12::accept(cx, config, m, speaks13).map(State::Tls12)
}
