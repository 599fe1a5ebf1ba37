//! What to simulate: plain data that round-trips through the page URL and the CLI flags.

use serde::Serialize;

use crate::msgs::suites::{self, Suite};
pub use crate::msgs::suites::{Group, KeyExchange};
use crate::pki::{CertKind, ClientCertKind};
use crate::wire::Fault;

/// Which handshake runs. Its names are the page URL's `suite=` and the CLI's `--suite`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Protocol {
    /// TLS 1.2 with RSA key transport (`TLS_RSA_WITH_AES_128_GCM_SHA256`): the classic
    /// handshake of 2013's explainers, deprecated by RFC 10015 (2026).
    Rsa,
    /// TLS 1.2 with ECDHE over X25519 (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`).
    Ecdhe,
    /// TLS 1.3 (`TLS_AES_128_GCM_SHA256`), its key exchange by the scenario's [`Group`].
    Tls13,
}

impl Protocol {
    /// Every handshake, in the order a student meets them.
    pub const ALL: &'static [Protocol] = &[Protocol::Rsa, Protocol::Ecdhe, Protocol::Tls13];

    /// The name in URLs and CLI flags.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Rsa => "rsa",
            Protocol::Ecdhe => "ecdhe",
            Protocol::Tls13 => "tls13",
        }
    }

    /// The handshake named `s` as [`Self::as_str`] spells it.
    pub fn parse(s: &str) -> Option<Protocol> {
        Protocol::ALL.iter().copied().find(|p| p.as_str() == s)
    }

    /// The names to choose from, each with its suite, for a message about a name that is
    /// none of them: "rsa (TLS_RSA_…) or ecdhe (TLS_ECDHE_…)".
    pub fn choices() -> String {
        let names: Vec<String> = Protocol::ALL
            .iter()
            .map(|p| format!("{} ({})", p.as_str(), p.suite().suite.as_str()))
            .collect();
        one_of(&names)
    }

    /// The suite this handshake negotiates.
    pub fn suite(self) -> &'static Suite {
        match self {
            Protocol::Rsa => &suites::TLS12_RSA,
            Protocol::Ecdhe => &suites::TLS12_ECDHE_RSA,
            Protocol::Tls13 => &suites::TLS13_AES_128_GCM_SHA256,
        }
    }

    /// The TLS 1.2 key exchange, for the TLS 1.2 handshakes.
    pub fn kx(self) -> Option<KeyExchange> {
        self.suite().kx
    }

    /// The TLS 1.2 handshake with this key exchange.
    pub fn tls12(kx: KeyExchange) -> Protocol {
        match kx {
            KeyExchange::Rsa => Protocol::Rsa,
            KeyExchange::Ecdhe => Protocol::Ecdhe,
        }
    }
}

impl Group {
    /// The name in URLs and CLI flags.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::X25519 => "x25519",
            Group::X25519MlKem768 => "x25519mlkem768",
        }
    }

    /// The group named `s` as [`Self::as_str`] spells it.
    pub fn parse(s: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// The names to choose from, each with its IANA name: "x25519 (x25519) or …".
    pub fn choices() -> String {
        let names: Vec<String> = Group::ALL
            .iter()
            .map(|g| format!("{} ({})", g.as_str(), g.named().as_str()))
            .collect();
        one_of(&names)
    }
}

/// "a, b or c": the allowed names, for messages about a name that is none of them.
pub fn one_of(names: &[String]) -> String {
    listed(names, "or")
}

/// "a, b and c".
pub fn all_of(names: &[String]) -> String {
    listed(names, "and")
}

fn listed(names: &[String], last_word: &str) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} {last_word} {last}", init.join(", ")),
    }
}

/// One simulated connection, start to finish.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    /// Which handshake: TLS 1.2 with RSA or ECDHE key exchange, or TLS 1.3.
    pub protocol: Protocol,
    /// The TLS 1.3 key-exchange group the client offers a share of (TLS 1.2's ECDHE always
    /// uses X25519).
    pub group: Group,
    /// TLS 1.3: the client's first key_share names a group the server does not take, so the
    /// server answers with HelloRetryRequest (RFC 8446 §4.1.4).
    pub hrr: bool,
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
    /// Mutual TLS: the server asks for a client certificate and the browser presents this
    /// kind (`None`: the server does not ask).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_cert: Option<ClientCertKind>,
    /// The browser's second visit: a first connection, run before and not shown, leaves a
    /// session (a TLS 1.3 ticket, a TLS 1.2 session ticket); the connection shown resumes
    /// it a minute later. (Feature `resumption`, as `early_data`.)
    #[cfg(feature = "resumption")]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub resume: bool,
    /// With `resume`: the request goes as 0-RTT data with the ClientHello (TLS 1.3).
    #[cfg(feature = "resumption")]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub early_data: bool,
    /// An active attacker on the path, and what it tries (feature `attack`).
    #[cfg(feature = "attack")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attack: Option<crate::attack::Attack>,
    /// What the wire does to one record, if anything.
    pub fault: Option<Fault>,
    /// The application data the browser sends once the handshake is done.
    pub request: String,
    /// What the server answers.
    pub response: String,
}

/// 2026-06-01T00:00:00Z: inside the validity of the embedded certificates.
pub const DEFAULT_NOW: u64 = 1_780_272_000;
/// The host the browser asks for unless told otherwise: the one the embedded leaves name (but
/// wrong-host's). `.test` is reserved for testing (RFC 6761 §6.2).
pub const DEFAULT_SERVER_NAME: &str = "server.test";
/// The seed of a run that names none.
pub const DEFAULT_SEED: u64 = 1;
/// The browser's default request: a minimal HTTP/1.1 GET.
pub const DEFAULT_REQUEST: &str = "GET / HTTP/1.1\r\nHost: server.test\r\n\r\n";
/// The server's default answer to it.
pub const DEFAULT_RESPONSE: &str =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\nHello, student";

impl Scenario {
    /// Whether the run shows the browser's second visit, resuming the first one's session.
    pub fn resumes(&self) -> bool {
        #[cfg(feature = "resumption")]
        return self.resume;
        #[cfg(not(feature = "resumption"))]
        false
    }

    /// The attacker on the path, if any (feature `attack`).
    pub fn attacked(&self) -> Option<crate::attack::Attack> {
        #[cfg(feature = "attack")]
        return self.attack;
        #[cfg(not(feature = "attack"))]
        None
    }

    /// Whether the second visit sends its request as 0-RTT data.
    pub fn zero_rtt(&self) -> bool {
        #[cfg(feature = "resumption")]
        return self.resume && self.early_data;
        #[cfg(not(feature = "resumption"))]
        false
    }
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            protocol: Protocol::Rsa,
            group: Group::X25519MlKem768,
            hrr: false,
            ems: true,
            seed: DEFAULT_SEED,
            server_name: DEFAULT_SERVER_NAME.to_string(),
            now: DEFAULT_NOW,
            cert: CertKind::Valid,
            client_cert: None,
            #[cfg(feature = "resumption")]
            resume: false,
            #[cfg(feature = "resumption")]
            early_data: false,
            #[cfg(feature = "attack")]
            attack: None,
            fault: None,
            request: DEFAULT_REQUEST.to_string(),
            response: DEFAULT_RESPONSE.to_string(),
        }
    }
}
