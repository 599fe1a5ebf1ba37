//! `performance.mark` / `performance.measure`, so budgets can be read from the browser
//! (`simulate`, `step`). Natively (unit tests) these do nothing.

/// Sets a mark named `name`.
pub fn mark(name: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(p) = performance() {
        // A failed mark only costs a measurement; never worth an error.
        let _ = p.mark(name);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}

/// Records a measure `name` from the mark `start` to now.
pub fn measure(name: &str, start: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(p) = performance() {
        // Fails when `start` was never marked (e.g. the first render): nothing to measure.
        let _ = p.measure_with_start_mark(name, start);
        p.clear_marks_with_mark_name(start);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (name, start);
}

#[cfg(target_arch = "wasm32")]
fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}
