//! The page's entry point; everything lives in the library so it can be tested.

/// Talc instead of dlmalloc: fewer bytes of wasm for the first load, and faster.
#[cfg(target_family = "wasm")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    tls_lab_web::start();
}
