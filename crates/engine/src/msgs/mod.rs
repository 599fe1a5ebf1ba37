//! TLS messages: wire enums, handshake messages, records and alerts, each with its codec.

pub mod alert;
pub mod enums;
pub mod extensions;
mod extensions13;
pub mod handshake;
mod handshake13;
mod macros;
pub mod record;
pub mod suites;

/// The name a record's `messages` give a HelloRetryRequest (a ServerHello on the wire).
pub use handshake13::HELLO_RETRY_REQUEST;
