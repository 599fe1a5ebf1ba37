//! What to simulate: plain data that round-trips through the page URL and the CLI flags.

use serde::Serialize;

use crate::msgs::enums::CipherSuite;
use crate::pki::CertKind;
use crate::wire::Fault;

/// Which key exchange the client offers and the server picks (TLS 1.2, AES-128-GCM).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum KeyExchange {
    /// `TLS_RSA_WITH_AES_128_GCM_SHA256` (0x009C): the client encrypts the pre-master secret
    /// with the server's RSA public key (RFC 5246 §7.4.7.1).
    Rsa,
    /// `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256` (0xC02F) over X25519: both sides compute the
    /// pre-master secret; the server signs its share (RFC 8422 §5.4). Forward secret.
    Ecdhe,
}

impl KeyExchange {
    /// The short name used in URLs and CLI flags.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyExchange::Rsa => "rsa",
            KeyExchange::Ecdhe => "ecdhe",
        }
    }

    /// The cipher suite that carries this key exchange.
    pub fn suite(self) -> CipherSuite {
        match self {
            KeyExchange::Rsa => CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
            KeyExchange::Ecdhe => CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "rsa" => Some(KeyExchange::Rsa),
            "ecdhe" => Some(KeyExchange::Ecdhe),
            _ => None,
        }
    }
}

/// One simulated connection, start to finish.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    pub kx: KeyExchange,
    /// Offer the extended master secret (RFC 7627). Off teaches the RFC 5246 derivation.
    pub ems: bool,
    /// Seeds every random value of both endpoints: the same seed gives the same bytes.
    /// "Fresh" runs pick a random seed (from the OS) and show it, so they can be replayed too.
    pub seed: u64,
    /// The host name the browser asks for (server_name) and checks the certificate against.
    pub server_name: String,
    /// The simulated clock, in seconds since the Unix epoch; certificates are checked at it.
    pub now: u64,
    /// Which certificate chain the server presents.
    pub cert: CertKind,
    /// What the wire does to one record, if anything.
    pub fault: Option<Fault>,
    /// The application data the browser sends once the handshake is done.
    pub request: String,
    /// What the server answers.
    pub response: String,
}

/// 2026-06-01T00:00:00Z: inside the validity of the embedded certificates.
pub const DEFAULT_NOW: u64 = 1_780_272_000;
pub const DEFAULT_SERVER_NAME: &str = "server.test";
pub const DEFAULT_SEED: u64 = 1;
pub const DEFAULT_REQUEST: &str = "GET / HTTP/1.1\r\nHost: server.test\r\n\r\n";
pub const DEFAULT_RESPONSE: &str =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\nHello, student";

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            kx: KeyExchange::Rsa,
            ems: true,
            seed: DEFAULT_SEED,
            server_name: DEFAULT_SERVER_NAME.to_string(),
            now: DEFAULT_NOW,
            cert: CertKind::Valid,
            fault: None,
            request: DEFAULT_REQUEST.to_string(),
            response: DEFAULT_RESPONSE.to_string(),
        }
    }
}
