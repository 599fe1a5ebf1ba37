//! TLS messages: wire enums, handshake messages, records and alerts, each with its codec.

pub mod alert;
pub mod enums;
pub mod extensions;
pub mod handshake;
mod macros;
pub mod record;
pub mod suites;
