//! The TLS parts of the cryptography, built on RustCrypto primitives: the TLS 1.2 PRF and key
//! schedule, TLS 1.3's HKDF, AES-GCM record protection (both versions), key exchange (with the
//! X25519MLKEM768 hybrid share) and signatures, and the seeded random source.

pub mod hkdf;
pub mod key_exchange;
pub mod prf;
pub mod record_protection;
pub mod rng;
pub mod sealing;
pub mod secrets;
