//! The capture reader as a Web Worker: a student's own pcap/pcapng and key log, read where
//! none of it leaves the page. Two messages from the page (`static/capture.js`):
//! - `[file bytes, key log text or null]`: read them; the reply is the connection list's HTML,
//!   or `"!"` and why not, in a line;
//! - a number `i`: connection `i` of the last capture, the reply its report as the
//!   eavesdropper's worker renders one (`[brief, outcome HTML, "N|record HTML", …]`).
//!
//! Trunk builds it from index.html's `data-type="worker"` link; the page starts it the first
//! time a student opens a capture.

#[cfg(target_family = "wasm")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use std::cell::RefCell;

use js_sys::{Array, Uint8Array};
use outsider::capture::{self, Loaded};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    if cfg!(target_family = "wasm") {
        listen();
    } else {
        eprintln!(
            "the capture reader runs in the page as a Web Worker; natively, use `tls-lab decrypt`"
        );
    }
}

/// Answers each message: a capture to read, or which of its connections to show.
fn listen() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let loaded: RefCell<Option<Loaded>> = RefCell::new(None);
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let reply: JsValue = match data.as_f64() {
            Some(i) => match loaded.borrow().as_ref().and_then(|l| l.show(i as usize)) {
                Some(rendered) => rendered
                    .parts()
                    .into_iter()
                    .map(JsValue::from)
                    .collect::<Array>()
                    .into(),
                None => "!There is no such connection in this capture.".into(),
            },
            None => {
                let message = Array::from(&data);
                let file = Uint8Array::new(&message.get(0)).to_vec();
                let keys = message.get(1).as_string();
                let read = capture::load(&file, keys.as_deref());
                let reply = match &read {
                    Ok(l) => l.list(),
                    Err(why) => format!("!{why}"),
                };
                *loaded.borrow_mut() = read.ok();
                reply.into()
            }
        };
        // A failed post means the page is gone: there is nobody left to tell.
        let _ = reply_to.post_message(&reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
}
