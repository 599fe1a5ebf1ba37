//! The server's side: what it presents and accepts, and its states. It reads the ClientHello
//! itself to pick the protocol version, then hands the handshake to that version's states.

use rsa::PrivateKey as RsaPrivateKey;

use crate::common::{Common, Incoming, Machine, MessageKind};
use crate::error::TlsError;
use crate::msgs::enums::{AlertDescription, HandshakeType};
use crate::msgs::handshake::Handshake;
use crate::msgs::suites::{KeyExchange, Suite};
use crate::tls12;
use crate::transcript::Party;

pub use crate::endpoint::Server;

#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Certificate chain (DER), leaf first.
    pub chain: Vec<Vec<u8>>,
    pub key: RsaPrivateKey,
    /// TLS 1.2 key exchanges the server accepts, most preferred first.
    pub accept: Vec<KeyExchange>,
    /// Agree to the extended master secret when the client offers it.
    pub ems: bool,
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
        self.act(|cx, _: &State| cx.send_hello_request());
        Ok(())
    }
}

/// The server's states: waiting for the ClientHello, then those of the version it chose.
pub enum State {
    ExpectClientHello,
    Tls12(tls12::server::State),
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
        }
    }

    fn name(&self) -> &'static str {
        match self {
            State::ExpectClientHello => "ExpectClientHello",
            State::Tls12(s) => s.name(),
        }
    }

    fn suite(&self) -> Option<&'static Suite> {
        match self {
            State::ExpectClientHello => None,
            State::Tls12(s) => s.suite(),
        }
    }

    fn expects(&self, kind: MessageKind) -> bool {
        match self {
            State::ExpectClientHello => kind == MessageKind::Handshake(HandshakeType::ClientHello),
            State::Tls12(s) => s.expects(kind),
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
                tls12::server::accept(cx, config, m).map(State::Tls12)
            }
            (State::Tls12(s), msg) => s.handle(cx, config, msg, raw).map(State::Tls12),
            (state, msg) => Err(TlsError::unexpected(format!(
                "received {} while waiting in {}",
                msg.describe(),
                state.name()
            ))),
        }
    }
}
