//! A panic must never leave a dead page: show what happened in an error panel instead.

/// Replaces the default hook (which only prints to a console nobody reads in a classroom).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        #[cfg(target_arch = "wasm32")]
        show(&message);
        #[cfg(not(target_arch = "wasm32"))]
        eprintln!("{message}");
    }));
}

#[cfg(target_arch = "wasm32")]
fn show(message: &str) {
    web_sys::console::error_1(&format!("TLS Lab panicked: {message}").into());
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    panel.set_class_name("panic-panel");
    let _ = panel.set_attribute("role", "alert");
    // Text only (never HTML): the message may quote user input.
    panel.set_text_content(Some(&format!(
        "TLS Lab hit a bug and stopped: {message}. Reload the page to start again; \
         the URL keeps your place."
    )));
    let _ = body.prepend_with_node_1(&panel);
}
