//! TLS 1.2 (RFC 5246), for both roles: the key schedule the browser and the server both run.
//! Their state machines live with their role, in `client/tls12.rs` and `server/tls12.rs`.

pub mod key_schedule;
