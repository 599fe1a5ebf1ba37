//! TLS Lab's engine: a real TLS 1.2 client and server (sans-IO), the key schedule, and the
//! annotated transcript of a simulated connection between them.
//!
//! Data flows one way: [`Scenario`] → [`simulate`] → [`Transcript`].
#![forbid(unsafe_code)]

pub mod msgs;
pub mod pki;
pub mod scenario;
pub mod transcript;
pub mod wire;

pub use scenario::{KeyExchange, Scenario};
pub use transcript::Transcript;
pub use wire::Fault;
