//! One component per file; each reads the app state through `use_app` and stays thin —
//! geometry and lookups live in `crate::layout`.

pub mod app_data;
pub mod cert_checks;
pub mod choices;
pub mod compare;
pub mod controls;
pub mod error_page;
pub mod explanation;
pub mod fault_menu;
pub mod field_note;
pub mod field_tree;
pub mod glossary;
pub mod handout;
pub mod hex_view;
pub mod inspector;
pub mod keys;
pub mod learn;
pub mod misconceptions;
pub mod notices;
pub mod sequence;
pub mod share;

use crate::state::{Action, State, on, on_value};
use yew::prelude::*;

/// Click, Enter and Space for an SVG element with `role="button"`: a `<g>` is not a
/// `<button>`, so the keys that press a button are wired by hand.
pub fn press(
    app: &UseReducerHandle<State>,
    action: Action,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let click = on(app, action.clone());
    let key = on_value(app, move |e: KeyboardEvent| {
        let press = e.key() == "Enter" || e.key() == " ";
        if press {
            e.prevent_default();
        }
        press.then(|| action.clone())
    });
    (click, key)
}

/// Whenever `shown` changes, brings the element (if it is on the page) into the window's view
/// when its bottom is below the window's: a menu or details opened near the bottom of the
/// screen are shown whole.
#[hook]
pub fn use_reveal<D: PartialEq + 'static>(element: NodeRef, shown: D) {
    use_effect_with(shown, move |_| {
        let Some(el) = element.cast::<web_sys::Element>() else {
            return;
        };
        let height = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(f64::MAX);
        if el.get_bounding_client_rect().bottom() > height {
            el.scroll_into_view_with_bool(false);
        }
    });
}
