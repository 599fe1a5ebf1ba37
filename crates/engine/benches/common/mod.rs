//! What the benches share: a median of timed runs.

use std::time::{Duration, Instant};

/// The median time of `runs` calls of `f`, after one call to warm up.
pub fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}
