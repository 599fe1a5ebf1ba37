//! The engine's integration tests, one module per former `tests/*.rs` file, linked into one
//! test binary (`it`, for integration tests) instead of one per file: the engine and its
//! dependencies are linked once, and the modules' tests share one run's threads. Data stays
//! beside this folder (`tests/golden/`, `tests/vectors/`). Run one module with
//! `cargo test -p engine --test it transcript::`.

#[cfg(feature = "attack")]
mod attack;
mod common;

// The capture reader is the `capture` feature's (on by default; the page builds without it).
#[cfg(feature = "capture")]
mod capture;
mod cert_scenarios;
mod client_auth;
mod decrypt;
mod explanations;
mod known_answers;
mod messages;
mod messages13;
mod pki;
mod practice;
#[cfg(feature = "recorded")]
mod recorded;
mod resumption;
mod rfc8448_client;
mod robustness;
#[cfg(feature = "capture")]
mod sample_capture;
mod tamper_matrix;
mod tls13_key_schedule;
mod transcript;
