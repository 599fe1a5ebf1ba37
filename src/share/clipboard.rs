//! `navigator.clipboard.writeText`, called through `Reflect` because web-sys only exposes the
//! Clipboard API behind an unstable cfg. A refusal (e.g. in a sandboxed iframe) is a value,
//! never an uncaught promise rejection in the console. `copy_button` is the click of every
//! Copy button, with the sentence that says how it went.

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

/// A Copy button's click: `text` to the clipboard, and a sentence for `status` saying whether
/// it got there (the `what` names the text: "link", "embed code").
pub fn copy_button(
    status: &yew::UseStateHandle<String>,
    text: String,
    what: &'static str,
) -> yew::Callback<web_sys::MouseEvent> {
    let status = status.clone();
    yew::Callback::from(move |_| {
        let (status, text) = (status.clone(), text.clone());
        wasm_bindgen_futures::spawn_local(async move {
            status.set(if write(&text).await {
                format!("Copied the {what}.")
            } else {
                format!(
                    "The browser refused the clipboard here: select the {what} and copy it by hand."
                )
            });
        });
    })
}
