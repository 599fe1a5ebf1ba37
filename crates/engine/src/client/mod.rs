//! The browser's side: a sans-IO TLS 1.2 client. Bytes in ([`Client::receive`]), records and
//! events out ([`Client::take_outputs`]). One state per awaited message (RFC 5246 §7.3):
//!
//! ```text
//! ClientHello ─► ExpectServerHello ─► ExpectCertificate ─► [ExpectServerKeyExchange]
//!   ─► ExpectServerHelloDone ─► (ClientKeyExchange, ChangeCipherSpec, Finished)
//!   ─► ExpectChangeCipherSpec ─► ExpectFinished ─► Connected
//! ```

mod states;

use crate::common::{Common, Machine, Negotiated, Output};
use crate::crypto::rng::TlsRng;
use crate::error::TlsError;
use crate::msgs::enums::AlertDescription;
use crate::scenario::KeyExchange;
use crate::transcript::Party;

use states::{ExpectServerHello, State};

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

pub struct Client {
    cx: Common,
    state: Option<State>,
    config: ClientConfig,
}

impl Client {
    pub fn new(config: ClientConfig, rng: TlsRng) -> Client {
        Client {
            cx: Common::new(Party::Client, rng),
            state: None,
            config,
        }
    }

    /// Sends the ClientHello.
    pub fn start(&mut self) {
        if self.state.is_some() || self.cx.closed {
            return;
        }
        match ExpectServerHello::send_client_hello(&mut self.cx, &self.config) {
            Ok(next) => {
                self.cx.state("Start", next.name());
                self.state = Some(next);
            }
            Err(e) => self.cx.fail(e),
        }
    }

    /// Bytes from the server, in any pieces.
    pub fn receive(&mut self, bytes: &[u8]) {
        self.cx.receive(&mut self.state, &self.config, bytes);
    }

    /// Sends application data; only once connected.
    pub fn send_app_data(&mut self, data: &[u8]) -> Result<(), TlsError> {
        if !self.is_connected() {
            return Err(TlsError::new(
                AlertDescription::InternalError,
                "application data before the handshake completed",
            ));
        }
        self.cx.send_app_data(data)
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
        !self.cx.closed && matches!(self.state, Some(State::Connected(_)))
    }

    /// The key exchange and EMS the hellos settled, once they have.
    pub fn negotiated(&self) -> Option<Negotiated> {
        self.cx.negotiated
    }

    pub fn is_closed(&self) -> bool {
        self.cx.closed
    }

    /// The state's name: the message the client waits for.
    pub fn state_name(&self) -> &'static str {
        if self.cx.closed {
            return "Closed";
        }
        self.state.as_ref().map_or("Start", State::name)
    }
}
