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
pub mod field_tree;
pub mod hex_view;
pub mod inspector;
pub mod keys;
pub mod learn;
#[cfg(feature = "course")]
pub mod lesson;
#[cfg(feature = "course")]
pub mod lesson_editor;
pub mod misconceptions;
pub mod notices;
#[cfg(feature = "course")]
pub mod practice;
#[cfg(feature = "course")]
pub mod quiz;
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
