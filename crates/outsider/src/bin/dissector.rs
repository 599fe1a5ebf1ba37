//! The dissector as a Web Worker: a certificate's DER as the field tree the inspector shows
//! (RFC 5280 §4.1, `engine::pki::certificate_tree`). The lab's first load leaves the tree
//! out; its inspector sends each certificate it shows here the first time, as bytes, and gets
//! the tree back encoded (`outsider::wire::put_field`, offsets from the DER's first byte).
//!
//! Trunk builds it from index.html's `data-type="worker"` link; `static/worker.js?dissector`
//! starts it.

#[cfg(target_family = "wasm")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use engine::codec::Writer;
use engine::pki::certificate_tree;
use js_sys::Uint8Array;
use outsider::{wire, worker};

fn main() {
    worker::serve("the certificate dissector", |message| {
        let der = Uint8Array::new(&message).to_vec();
        let mut w = Writer::new();
        wire::put_field(&mut w, &certificate_tree(&der, 0));
        Uint8Array::from(&w.into_bytes()[..]).into()
    });
}
