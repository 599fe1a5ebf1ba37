//! A panic must never leave a dead page: show what happened in an error panel instead.

/// Replaces the default hook (which only prints to a console nobody reads in a classroom).
/// Through Yew: its renderer replaces any hook set with `std::panic::set_hook` by its own.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = describe(info);
        #[cfg(target_arch = "wasm32")]
        show(&message);
        #[cfg(not(target_arch = "wasm32"))]
        eprintln!("{message}");
    }));
}

/// `failed to append child (at yew-0.23.0/src/dom_bundle/position.rs:149)`: the message
/// first, for the reader; where it happened, for the bug report.
fn describe(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let what = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic without a message");
    match info.location() {
        Some(at) => format!("{what} (at {}:{})", short_path(at.file()), at.line()),
        None => what.to_string(),
    }
}

/// The last four components of a source path: the crate and file, not the build machine.
fn short_path(file: &str) -> &str {
    file.rmatch_indices('/')
        .nth(3)
        .map_or(file, |(i, _)| &file[i + 1..])
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

#[cfg(test)]
mod tests {
    use super::short_path;

    #[test]
    fn paths_are_cut_to_crate_and_file() {
        assert_eq!(
            short_path("/root/.cargo/registry/src/index/yew-0.23.0/src/dom_bundle/position.rs"),
            "yew-0.23.0/src/dom_bundle/position.rs"
        );
        assert_eq!(short_path("src/state.rs"), "src/state.rs");
    }
}
