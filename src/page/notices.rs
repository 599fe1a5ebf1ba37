//! Visible notices for URL values or choices the page could not use.

use crate::hooks::on;
use crate::state::{Action, State};
use yew::prelude::*;

/// Notices listed before the rest fold away.
const SHOWN: usize = 3;

/// A function of the page's state, not a component: it renders nothing most of the time, and
/// each component costs the first load its own code.
pub fn view(app: &UseReducerHandle<State>) -> Html {
    if app.notices.is_empty() {
        return html! {};
    }
    let dismiss = on(app, Action::DismissNotices);
    let (first, rest) = app.notices.split_at(app.notices.len().min(SHOWN));
    let item = |n: &String| html! { <li class="notice">{ n }</li> };
    html! {
        <div class="notices" role="status">
            <p class="notice-title">{ "Some settings could not be used; the defaults are shown instead:" }</p>
            <ul>{ for first.iter().map(item) }</ul>
            // A URL with hundreds of bad parameters must not push the handshake off the page.
            if !rest.is_empty() {
                <details class="more-notices">
                    <summary>{ format!("{} more", rest.len()) }</summary>
                    <ul>{ for rest.iter().map(item) }</ul>
                </details>
            }
            <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
        </div>
    }
}
