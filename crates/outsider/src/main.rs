//! The outsider as a Web Worker: each message from the page is an encoded `Evidence`; each
//! reply is the report rendered (`outsider::handle`) as an array of strings: the outcome in a
//! line (`verdict|text`, empty without a secret), the outcome's HTML, then `N|HTML` for each
//! record in packet N; or a string saying why there is none. Trunk
//! builds it from index.html's `data-type="worker"` link; the page starts it the first time a
//! student asks for it.

#[cfg(target_family = "wasm")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    if cfg!(target_family = "wasm") {
        listen();
    } else {
        eprintln!("the outsider runs in the page as a Web Worker; natively, use `tls-lab decrypt`");
    }
}

/// Answers every message with `outsider::handle`'s reply, as bytes.
fn listen() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let message = Uint8Array::new(&event.data()).to_vec();
        let reply: JsValue = match outsider::handle(&message) {
            Ok(rendered) => rendered
                .parts()
                .into_iter()
                .map(JsValue::from)
                .collect::<Array>()
                .into(),
            Err(why) => why.into(),
        };
        // A failed post means the page is gone: there is nobody left to tell.
        let _ = reply_to.post_message(&reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
}
