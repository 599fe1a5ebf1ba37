//! TLS Lab's engine: a real TLS 1.2 and TLS 1.3 client and server (sans-IO), the key
//! schedules, and the annotated transcript of a simulated connection between them.
//!
//! Data flows one way: [`Scenario`] → [`simulate`](simulate()) → [`Transcript`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// The page's build drops Debug formatting (`-Zfmt-debug=none`, scripts/build-page.sh): text a
// student reads must use Display or names, never `{:?}`.
#![cfg_attr(not(test), deny(clippy::use_debug))]

pub mod attack;
#[cfg(feature = "capture")]
pub mod capture;
pub mod client;
pub mod codec;
pub mod common;
pub mod crypto;
pub mod decrypt;
pub mod dissect;
pub mod endpoint;
pub mod error;
mod explain;
pub mod export;
pub mod glance;
pub mod msgs;
pub mod pki;
pub mod practice;
#[cfg(feature = "recorded")]
pub mod recorded;
pub mod scenario;
pub mod server;
pub mod session;
mod simulate;
pub mod tls12;
pub mod tls13;
pub mod transcript;
pub mod wire;

pub use error::TlsError;
pub use scenario::{Group, KeyExchange, Protocol, Scenario};
pub use simulate::{simulate, simulate_with};
pub use transcript::Transcript;
pub use wire::Fault;
