//! What the workers (`src/main.rs`, the eavesdropper's; `src/bin/capture.rs`, the capture
//! reader's; `src/bin/dissector.rs`, the certificate dissector's) do the same way: answer each message from the page in order, and send a report
//! as the page's bridge (`static/outsider-bridge.js`) reads it.

use js_sys::Array;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::Rendered;

/// Answers every message the page posts with `answer`'s reply, in order. Natively (where no
/// page can post) it says where it runs instead.
pub fn serve(name: &str, answer: impl Fn(JsValue) -> JsValue + 'static) {
    if !cfg!(target_family = "wasm") {
        eprintln!("{name} runs in the page as a Web Worker; natively, use `tls-lab decrypt`");
        return;
    }
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        // A failed post means the page is gone: there is nobody left to tell.
        let _ = reply_to.post_message(&answer(event.data()));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
}

/// A report as the bridge reads it: an array of strings ([`Rendered::parts`]).
pub fn report(rendered: Rendered) -> JsValue {
    rendered
        .parts()
        .into_iter()
        .map(JsValue::from)
        .collect::<Array>()
        .into()
}
