//! The TLS parts of the cryptography, built on RustCrypto primitives: the TLS 1.2 PRF and key
//! schedule, AES-GCM record protection, key exchange, and the seeded random source.

pub mod key_exchange;
pub mod prf;
pub mod record_protection;
pub mod rng;
pub mod secrets;
