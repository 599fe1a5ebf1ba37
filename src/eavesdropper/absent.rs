//! The course page's stand-ins for the eavesdropper's panel (built when the `eavesdropper`
//! feature is off): the same names as `eavesdropper/mod.rs`. The panel is the lab's.

use yew::prelude::*;

use crate::state::State;

/// Nothing to send anywhere.
#[hook]
pub fn use_eavesdropper(app: &UseReducerHandle<State>) {
    let _ = app;
}

/// No choice to offer.
pub fn toggle(_: &UseReducerHandle<State>) -> Html {
    Html::default()
}

/// No panel.
pub fn view(_: &UseReducerHandle<State>) -> Html {
    Html::default()
}
