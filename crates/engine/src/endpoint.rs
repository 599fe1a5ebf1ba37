//! The one sans-IO endpoint type: bytes in ([`Endpoint::receive`]), records and events out
//! ([`Endpoint::take_outputs`]). The browser and the server differ only in their state
//! machine ([`Machine`]) and its configuration: [`Client`](crate::client::Client) and
//! [`Server`](crate::server::Server).

use crate::common::{Common, Machine, Negotiated, Output};
use crate::crypto::rng::TlsRng;
use crate::error::TlsError;
use crate::msgs::enums::AlertDescription;

/// One side of a connection: the state machine `M`'s current state, its configuration, and
/// what both sides share ([`Common`]). Performs no I/O: the caller carries the bytes.
#[derive(Clone)]
pub struct Endpoint<M: Machine> {
    cx: Common,
    state: Option<M>,
    config: M::Config,
}

impl<M: Machine> Endpoint<M> {
    /// An endpoint with `config` that draws every random value from `rng`. A client sends
    /// nothing until [`Endpoint::start`].
    pub fn new(config: M::Config, rng: TlsRng) -> Endpoint<M> {
        Endpoint {
            cx: Common::new(M::PARTY, rng),
            state: M::initial(),
            config,
        }
    }

    /// An endpoint already in `state` with `handshake_messages` so far: for known-answer
    /// tests that start from a published transcript.
    pub(crate) fn in_state(
        config: M::Config,
        rng: TlsRng,
        state: M,
        handshake_messages: Vec<u8>,
    ) -> Endpoint<M> {
        let mut e = Endpoint::new(config, rng);
        e.cx.handshake_messages = handshake_messages;
        e.state = Some(state);
        e
    }

    /// Sends the first flight: the client's ClientHello (a server starts by waiting).
    pub fn start(&mut self) {
        if self.state.is_some() || self.cx.closed {
            return;
        }
        match M::start(&mut self.cx, &self.config) {
            Ok(first) => {
                self.cx.state("Start", first.name());
                self.state = Some(first);
            }
            Err(e) => self.cx.fail(e),
        }
    }

    /// Bytes from the peer, in any pieces.
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

    /// Sends close_notify (RFC 5246 §7.2.1, RFC 8446 §6.1).
    pub fn close(&mut self) {
        if !self.cx.closed {
            self.cx.send_alert(AlertDescription::CloseNotify);
        }
    }

    /// Everything observable since the last call, in order: among it, the records to put on
    /// the wire.
    pub fn take_outputs(&mut self) -> Vec<Output> {
        std::mem::take(&mut self.cx.outputs)
    }

    /// Whether the handshake is done and the connection open: application data may flow.
    pub fn is_connected(&self) -> bool {
        !self.cx.closed && self.state.as_ref().is_some_and(M::is_connected)
    }

    /// What the hellos settled, once they have.
    pub fn negotiated(&self) -> Option<Negotiated> {
        self.cx.negotiated
    }

    /// Whether the connection is closed: by an error on either side, or by the peer's
    /// close_notify.
    pub fn is_closed(&self) -> bool {
        self.cx.closed
    }

    /// Every handshake message this endpoint sent and received so far: what an attacker
    /// running it has read of the handshake (feature `attack`).
    #[cfg(feature = "attack")]
    pub fn handshake_messages(&self) -> &[u8] {
        &self.cx.handshake_messages
    }

    /// The state's name: the message the endpoint waits for.
    pub fn state_name(&self) -> &'static str {
        if self.cx.closed {
            return "Closed";
        }
        self.state.as_ref().map_or("Start", M::name)
    }

    /// Runs a step of the state machine that no received message triggers, e.g. the server's
    /// HelloRequest.
    pub(crate) fn act(&mut self, f: impl FnOnce(&mut Common, &M) -> Result<(), TlsError>) {
        let Some(state) = self.state.as_ref() else {
            return;
        };
        if let Err(e) = f(&mut self.cx, state) {
            self.cx.fail(e);
        }
    }
}
