//! The browser's side: what it offers and trusts, and its states. It sends the ClientHello
//! and reads the ServerHello itself to learn the protocol version, then hands the handshake
//! to that version's states.

pub mod certificate;
mod hello;
mod psk;
#[cfg(feature = "resumption")]
mod resume12;
mod tls12;
mod tls13;

use crate::common::{Common, Incoming, Machine, MessageKind};
use crate::error::TlsError;
use crate::msgs::enums::HandshakeType;
use crate::msgs::handshake::Handshake;
use crate::msgs::suites::{Group, KeyExchange, Suite};
use crate::transcript::Party;

pub use certificate::{ClientIdentity, Trust};
pub use hello::CLIENT_VERSION;
pub(crate) use hello::signature_schemes;

/// The browser's side: a sans-IO endpoint with the browser's states.
pub type Client = crate::endpoint::Endpoint<State>;

/// What the browser offers and trusts.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// The host the browser connects to: sent as server_name and checked against the certificate.
    pub server_name: String,
    /// TLS 1.3, offered first when present.
    pub tls13: Option<Tls13Offer>,
    /// Offered TLS 1.2 suites, most preferred first (none: TLS 1.3 only).
    pub offer: Vec<KeyExchange>,
    /// Offer the extended master secret (RFC 7627).
    pub ems: bool,
    /// What it trusts: root certificates, as a browser does, or a pinned leaf.
    pub trust: Trust,
    /// The clock certificates are checked at (Unix seconds).
    pub now: u64,
    /// The browser's own certificate and key, presented when a server asks for one (mutual
    /// TLS); without one it answers a CertificateRequest with an empty Certificate.
    pub identity: Option<certificate::ClientIdentity>,
    /// A session from an earlier connection to resume (a TLS 1.3 ticket or a TLS 1.2
    /// session), offered when it is for `server_name` and still valid at `now`. (Feature
    /// `resumption`, as the two below.)
    #[cfg(feature = "resumption")]
    pub resume: Option<crate::session::Session>,
    /// A request to send as early as it can: with the ClientHello, as 0-RTT data, when it
    /// resumes a ticket that allows this much (RFC 8446 §2.3); otherwise, or if the server
    /// does not take it, as application data once the handshake is done.
    #[cfg(feature = "resumption")]
    pub early_data: Option<Vec<u8>>,
    /// Ask TLS 1.2 servers for a session ticket (RFC 5077) with an empty session_ticket
    /// extension, as Chrome does. Off in [`ClientConfig::browser`], so that a run that does
    /// not resume sends the same bytes with and without the `resumption` feature; a session
    /// with a ticket is offered whatever this says.
    #[cfg(feature = "resumption")]
    pub ask_for_tickets: bool,
}

impl ClientConfig {
    /// A browser of 2026 connecting to `server_name` and trusting `trust`: TLS 1.3 with the
    /// hybrid group first ([`Tls13Offer::browser`]); for TLS 1.2, ECDHE and then RSA key
    /// transport, as Chrome still lists it although RFC 10015 (2026) says clients MUST NOT
    /// offer it; the extended master secret; the lab's clock ([`DEFAULT_NOW`]). Set-ups that
    /// differ change fields: `ClientConfig { ems: false, ..ClientConfig::browser(..) }`.
    ///
    /// [`DEFAULT_NOW`]: crate::scenario::DEFAULT_NOW
    pub fn browser(server_name: impl Into<String>, trust: Trust) -> ClientConfig {
        ClientConfig {
            server_name: server_name.into(),
            tls13: Some(Tls13Offer::browser()),
            offer: vec![KeyExchange::Ecdhe, KeyExchange::Rsa],
            ems: true,
            trust,
            now: crate::scenario::DEFAULT_NOW,
            identity: None,
            #[cfg(feature = "resumption")]
            resume: None,
            #[cfg(feature = "resumption")]
            early_data: None,
            #[cfg(feature = "resumption")]
            ask_for_tickets: false,
        }
    }
}

impl Client {
    /// A browser that has already sent `client_hello` (the whole handshake message) with one
    /// X25519 key share whose private key is `x25519_private`. RFC 8448 §3 publishes both,
    /// so a known-answer test can run the rest of that handshake against the RFC's bytes.
    pub fn after_client_hello(
        config: ClientConfig,
        rng: crate::crypto::rng::TlsRng,
        client_hello: &[u8],
        x25519_private: [u8; 32],
    ) -> Result<Client, TlsError> {
        let mut r = crate::codec::Reader::new(client_hello);
        let Handshake::ClientHello(m) = Handshake::read(&mut r, None)? else {
            return Err(TlsError::decode("not a ClientHello"));
        };
        let state = hello::ExpectServerHello::sent(&m, x25519_private)?;
        Ok(crate::endpoint::Endpoint::in_state(
            config,
            rng,
            State::ExpectServerHello(state),
            client_hello.to_vec(),
        ))
    }
}

/// Sends the request `config.early_data` holds, once the handshake is done, when it did not
/// go (or was not taken) as 0-RTT data. (Without the `resumption` feature there is no such
/// request.)
#[cfg(feature = "resumption")]
pub(crate) fn send_held_request(cx: &mut Common, config: &ClientConfig) -> Result<(), TlsError> {
    match &config.early_data {
        Some(data) => cx.send_app_data(data),
        None => Ok(()),
    }
}

#[cfg(not(feature = "resumption"))]
pub(crate) fn send_held_request(_: &mut Common, _: &ClientConfig) -> Result<(), TlsError> {
    Ok(())
}

/// What a browser offers for TLS 1.3.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tls13Offer {
    /// supported_groups, most preferred first.
    pub groups: Vec<Group>,
    /// The groups the first ClientHello sends a key share for, the first one leading.
    pub key_shares: Vec<Group>,
}

impl Tls13Offer {
    /// What a 2026 browser offers: the hybrid post-quantum group first, X25519 beside it,
    /// a share of each.
    pub fn browser() -> Tls13Offer {
        Tls13Offer {
            groups: vec![Group::X25519MlKem768, Group::X25519],
            key_shares: vec![Group::X25519MlKem768, Group::X25519],
        }
    }
}

/// The browser's states: waiting for the ServerHello, then those of the version it names.
#[derive(Clone)]
pub enum State {
    /// The ClientHello is sent; waiting for the ServerHello (or a HelloRetryRequest), which
    /// names the version.
    ExpectServerHello(hello::ExpectServerHello),
    /// The server chose TLS 1.2: that version's states after the ServerHello.
    Tls12(tls12::State),
    /// The server chose TLS 1.3: that version's states after the ServerHello.
    Tls13(tls13::State),
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
            State::Tls13(s) => s.is_connected(),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            State::ExpectServerHello(_) => "ExpectServerHello",
            State::Tls12(s) => s.name(),
            State::Tls13(s) => s.name(),
        }
    }

    fn suite(&self) -> Option<&'static Suite> {
        match self {
            State::ExpectServerHello(_) => None,
            State::Tls12(s) => s.suite(),
            State::Tls13(_) => Some(crate::tls13::SUITE),
        }
    }

    fn expects(&self, kind: MessageKind) -> bool {
        use MessageKind::Handshake as Hs;
        match self {
            // HelloRequest may come at any time (RFC 5246 §7.4.1.1); ignored while negotiating.
            // After a HelloRetryRequest, the server's compatibility ChangeCipherSpec may come.
            State::ExpectServerHello(s) => {
                kind == Hs(HandshakeType::ServerHello)
                    || kind == Hs(HandshakeType::HelloRequest)
                    || (s.retried() && kind == MessageKind::ChangeCipherSpec)
            }
            State::Tls12(s) => s.expects(kind),
            State::Tls13(s) => s.expects(kind),
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
            (State::ExpectServerHello(s), Incoming::ChangeCipherSpec) if s.retried() => {
                crate::tls13::compat_change_cipher_spec_dropped(cx);
                Ok(State::ExpectServerHello(s))
            }
            (State::ExpectServerHello(s), Incoming::Handshake(Handshake::ServerHello(m))) => {
                s.handle(cx, config, m, raw)
            }
            (State::Tls12(s), msg) => s.handle(cx, config, msg, raw).map(State::Tls12),
            (State::Tls13(s), msg) => s.handle(cx, config, msg, raw).map(State::Tls13),
            (state, msg) => Err(TlsError::unexpected_in(msg.describe(), state.name())),
        }
    }
}
