//! Events for an embedding host, shaped as xAPI statements (ADL's verbs) by
//! `static/embed.js`, which posts them to the parent window only when the page is embedded.
//! No request leaves the page: forwarding them to a learning record store is the host's
//! choice (`docs/xapi.md` has a host script that does).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Defined by `static/xapi.js`, which loads before the app.
    #[wasm_bindgen(js_name = tlsLabXapi)]
    fn post(
        verb: &str,
        activity: &str,
        name: &str,
        success: Option<bool>,
        response: Option<String>,
        raw: Option<u32>,
        max: Option<u32>,
    );
}

/// `verb` is one of ADL's: `experienced`, `answered`, `completed`. `activity` is a path below
/// the page (`lesson/classic/step-2`, `practice/record-5`).
pub fn send(verb: &str, activity: &str, name: &str, success: Option<bool>, response: Option<&str>) {
    post(
        verb,
        activity,
        name,
        success,
        response.map(str::to_string),
        None,
        None,
    );
}

/// `completed`, with a score.
pub fn completed(activity: &str, name: &str, raw: u32, max: u32) {
    post(
        "completed",
        activity,
        name,
        None,
        None,
        Some(raw),
        Some(max),
    );
}
