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
pub mod misconceptions;
pub mod notices;
pub mod sequence;
pub mod share;

use yew::prelude::*;

use crate::state::{Action, State};

/// Click, Enter and Space for an SVG element with `role="button"`: a `<g>` is not a
/// `<button>`, so the keys that press a button are wired by hand.
pub fn press(
    app: &UseReducerHandle<State>,
    action: Action,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let click = {
        let (app, action) = (app.clone(), action.clone());
        Callback::from(move |_: MouseEvent| app.dispatch(action.clone()))
    };
    let app = app.clone();
    let key = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            app.dispatch(action.clone());
        }
    });
    (click, key)
}
