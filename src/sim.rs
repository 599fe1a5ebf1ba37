//! The one place the page calls the engine, measured as `simulate`.

use engine::{Scenario, Transcript};

pub fn simulate(scenario: &Scenario) -> Transcript {
    crate::perf::mark("simulate-start");
    let transcript = engine::simulate(scenario);
    crate::perf::measure("simulate", "simulate-start");
    transcript
}

/// A seed from the browser's `crypto.getRandomValues` (the OS natively), for a fresh run.
pub fn fresh_seed() -> Option<u64> {
    // Small seeds read better in a URL; 2^53 keeps them exact in any JSON reader too.
    getrandom::u64().ok().map(|s| s % (1 << 53))
}
