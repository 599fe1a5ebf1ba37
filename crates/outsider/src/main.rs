//! The outsider as a Web Worker: each message from the page is an encoded `Evidence`; each
//! reply is the report rendered (`outsider::handle`) as an array of strings: the outcome in a
//! line (`verdict|text`, empty without a secret), the outcome's HTML, then `N|HTML` for each
//! record in packet N; or a string saying why there is none. Trunk builds it from index.html's
//! `data-type="worker"` link; the page starts it the first time a student asks for it.

#[cfg(target_family = "wasm")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use js_sys::Uint8Array;
use outsider::worker;

fn main() {
    worker::serve("the outsider", |message| {
        match outsider::handle(&Uint8Array::new(&message).to_vec()) {
            Ok(rendered) => worker::report(rendered),
            Err(why) => why.into(),
        }
    });
}
