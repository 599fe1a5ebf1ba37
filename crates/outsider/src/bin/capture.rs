//! The capture reader as a Web Worker: a student's own pcap/pcapng and key log, read where
//! none of it leaves the page. Two messages from the page (`static/outsider-bridge.js`):
//! - `[file bytes, key log text or null]`: read them; the reply is the connection list's HTML,
//!   or `"!"` and why not, in a line;
//! - a number `i`: connection `i` of the last capture, the reply its report as the
//!   eavesdropper's worker renders one (`[brief, outcome HTML, "N|record HTML", …]`);
//! - `["recording", i]`: connection `i` for the recorded page, the reply
//!   `["client → server", its records as outsider::Evidence encodes them]`.
//!
//! Trunk builds it from index.html's `data-type="worker"` link; the page starts it the first
//! time a student opens a capture.

#[cfg(target_family = "wasm")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use std::cell::RefCell;

use js_sys::{Array, Uint8Array};
use outsider::capture::{self, Loaded};
use outsider::worker;
use wasm_bindgen::JsValue;

fn main() {
    let loaded: RefCell<Option<Loaded>> = RefCell::new(None);
    worker::serve("the capture reader", move |message| {
        match message.as_f64() {
            Some(i) => match loaded.borrow().as_ref().and_then(|l| l.show(i as usize)) {
                Some(rendered) => worker::report(rendered),
                None => "!There is no such connection in this capture.".into(),
            },
            None if Array::from(&message).get(0).as_string().as_deref() == Some("recording") => {
                let i = Array::from(&message).get(1).as_f64();
                let loaded = loaded.borrow();
                let recording = match (loaded.as_ref(), i) {
                    (Some(l), Some(i)) if i >= 0.0 => l.recording(i as usize),
                    _ => None,
                };
                match recording {
                    Some((path, bytes)) => {
                        Array::of2(&path.into(), &Uint8Array::from(&bytes[..])).into()
                    }
                    None => "!There is no such connection in this capture.".into(),
                }
            }
            None => {
                let message = Array::from(&message);
                let file = Uint8Array::new(&message.get(0)).to_vec();
                let keys = message.get(1).as_string();
                let read = capture::load(&file, keys.as_deref());
                let reply = match &read {
                    Ok(l) => l.list(),
                    Err(why) => format!("!{why}"),
                };
                *loaded.borrow_mut() = read.ok();
                JsValue::from(reply)
            }
        }
    });
}
