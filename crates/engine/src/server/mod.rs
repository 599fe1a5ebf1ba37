//! The server's side: a sans-IO TLS 1.2 server. One state per awaited message:
//!
//! ```text
//! ExpectClientHello ─► (ServerHello, Certificate, [ServerKeyExchange], ServerHelloDone)
//!   ─► ExpectClientKeyExchange ─► ExpectChangeCipherSpec ─► ExpectFinished
//!   ─► (ChangeCipherSpec, Finished) ─► Connected
//! ```

mod states;

use rsa::PrivateKey as RsaPrivateKey;

use crate::common::{Common, Machine, Negotiated, Output};
use crate::crypto::rng::TlsRng;
use crate::error::TlsError;
use crate::msgs::enums::AlertDescription;
use crate::scenario::KeyExchange;
use crate::transcript::Party;

use states::State;

#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Certificate chain (DER), leaf first.
    pub chain: Vec<Vec<u8>>,
    pub key: RsaPrivateKey,
    /// Key exchanges the server accepts, most preferred first.
    pub accept: Vec<KeyExchange>,
    /// Agree to the extended master secret when the client offers it.
    pub ems: bool,
}

pub struct Server {
    cx: Common,
    state: Option<State>,
    config: ServerConfig,
}

impl Server {
    pub fn new(config: ServerConfig, rng: TlsRng) -> Server {
        Server {
            cx: Common::new(Party::Server, rng),
            state: Some(State::start()),
            config,
        }
    }

    /// Bytes from the client, in any pieces.
    pub fn receive(&mut self, bytes: &[u8]) {
        self.cx.receive(&mut self.state, &self.config, bytes);
    }

    pub fn send_app_data(&mut self, data: &[u8]) -> Result<(), TlsError> {
        if !self.is_connected() {
            return Err(TlsError::new(
                AlertDescription::InternalError,
                "application data before the handshake completed",
            ));
        }
        self.cx.send_app_data(data)
    }

    /// Asks a connected client to renegotiate (HelloRequest). This engine's client declines,
    /// as most clients today do; the server then carries on.
    pub fn request_renegotiation(&mut self) -> Result<(), TlsError> {
        if !self.is_connected() {
            return Err(TlsError::new(
                AlertDescription::InternalError,
                "HelloRequest before the handshake completed",
            ));
        }
        self.cx.send_hello_request()
    }

    /// Sends close_notify (RFC 5246 §7.2.1).
    pub fn close(&mut self) {
        if !self.cx.closed {
            self.cx.send_alert(AlertDescription::CloseNotify);
        }
    }

    pub fn take_outputs(&mut self) -> Vec<Output> {
        std::mem::take(&mut self.cx.outputs)
    }

    pub fn is_connected(&self) -> bool {
        !self.cx.closed && matches!(self.state, Some(State::Connected))
    }

    /// The key exchange and EMS the hellos settled, once they have.
    pub fn negotiated(&self) -> Option<Negotiated> {
        self.cx.negotiated
    }

    pub fn is_closed(&self) -> bool {
        self.cx.closed
    }

    pub fn state_name(&self) -> &'static str {
        if self.cx.closed {
            return "Closed";
        }
        self.state.as_ref().map_or("Closed", State::name)
    }
}
