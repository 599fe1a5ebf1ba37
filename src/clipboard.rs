//! `navigator.clipboard.writeText`, called through `Reflect` because web-sys only exposes the
//! Clipboard API behind an unstable cfg. A refusal (e.g. in a sandboxed iframe) is a value,
//! never an uncaught promise rejection in the console.

/// True when the text reached the clipboard.
pub async fn write(text: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        use js_sys::{Function, Promise, Reflect};
        use wasm_bindgen::{JsCast, JsValue};
        let call = || -> Option<Promise> {
            let window = web_sys::window()?;
            // A frame whose permissions policy blocks the clipboard would log a violation
            // for the call: ask the policy first (Chromium's `featurePolicy`).
            let document = window.document()?;
            if let Ok(policy) = Reflect::get(&document, &JsValue::from_str("featurePolicy"))
                && let Ok(allows) = Reflect::get(&policy, &JsValue::from_str("allowsFeature"))
                && let Ok(allows) = allows.dyn_into::<Function>()
                && allows
                    .call1(&policy, &JsValue::from_str("clipboard-write"))
                    .ok()?
                    == JsValue::FALSE
            {
                return None;
            }
            let navigator = window.navigator();
            let clipboard = Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
            let write = Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok()?;
            let write: Function = write.dyn_into().ok()?;
            write
                .call1(&clipboard, &JsValue::from_str(text))
                .ok()?
                .dyn_into()
                .ok()
        };
        match call() {
            Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
            None => false,
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = text;
        false
    }
}
