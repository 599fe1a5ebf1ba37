//! TLS 1.2 (RFC 5246): the browser's and the server's state machines and the key schedule
//! they both run.

pub mod client;
pub mod key_schedule;
pub mod server;
