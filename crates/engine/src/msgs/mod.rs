//! TLS messages: wire enums, handshake messages, records and alerts, each with its codec.

mod macros;
pub mod enums;
