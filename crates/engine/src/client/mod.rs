//! The browser's side: what it offers and trusts, and its states. It sends the ClientHello
//! and reads the ServerHello itself to learn the protocol version, then hands the handshake
//! to that version's states.

mod hello;

use crate::common::{Common, Incoming, Machine, MessageKind};
use crate::error::TlsError;
use crate::msgs::enums::HandshakeType;
use crate::msgs::handshake::Handshake;
use crate::msgs::suites::{KeyExchange, Suite};
use crate::tls12;
use crate::transcript::Party;

pub use crate::endpoint::Client;
pub use hello::CLIENT_VERSION;

/// What the browser offers and trusts.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// The host the browser connects to: sent as server_name and checked against the certificate.
    pub server_name: String,
    /// Offered suites, most preferred first.
    pub offer: Vec<KeyExchange>,
    /// Offer the extended master secret (RFC 7627).
    pub ems: bool,
    /// Trusted root certificates (DER).
    pub anchors: Vec<Vec<u8>>,
    /// The clock certificates are checked at (Unix seconds).
    pub now: u64,
}

/// The browser's states: waiting for the ServerHello, then those of the version it names.
pub enum State {
    ExpectServerHello(hello::ExpectServerHello),
    Tls12(tls12::client::State),
}

impl Machine for State {
    type Config = ClientConfig;
    const PARTY: Party = Party::Client;

    fn initial() -> Option<State> {
        None
    }

    fn start(cx: &mut Common, config: &ClientConfig) -> Result<State, TlsError> {
        hello::ExpectServerHello::send_client_hello(cx, config).map(State::ExpectServerHello)
    }

    fn is_connected(&self) -> bool {
        match self {
            State::ExpectServerHello(_) => false,
            State::Tls12(s) => s.is_connected(),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            State::ExpectServerHello(_) => "ExpectServerHello",
            State::Tls12(s) => s.name(),
        }
    }

    fn suite(&self) -> Option<&'static Suite> {
        match self {
            State::ExpectServerHello(_) => None,
            State::Tls12(s) => s.suite(),
        }
    }

    fn expects(&self, kind: MessageKind) -> bool {
        use MessageKind::Handshake as Hs;
        match self {
            // HelloRequest may come at any time (RFC 5246 §7.4.1.1); ignored while negotiating.
            State::ExpectServerHello(_) => {
                kind == Hs(HandshakeType::ServerHello) || kind == Hs(HandshakeType::HelloRequest)
            }
            State::Tls12(s) => s.expects(kind),
        }
    }

    fn handle(
        self,
        cx: &mut Common,
        config: &ClientConfig,
        msg: Incoming,
        raw: &[u8],
    ) -> Result<State, TlsError> {
        match (self, msg) {
            (s @ State::ExpectServerHello(_), Incoming::Handshake(Handshake::HelloRequest)) => {
                Ok(s)
            }
            (State::ExpectServerHello(s), Incoming::Handshake(Handshake::ServerHello(m))) => {
                cx.handshake_messages.extend_from_slice(raw);
                s.handle(cx, config, m)
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
