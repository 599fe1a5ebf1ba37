//! Visible notices for URL values or choices the page could not use.

use yew::prelude::*;

use crate::app::use_app;
use crate::state::Action;

#[component]
pub fn Notices() -> Html {
    let app = use_app();
    if app.notices.is_empty() {
        return html! {};
    }
    let dismiss = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::DismissNotices))
    };
    html! {
        <div class="notices" role="status">
            <p class="notice-title">{ "Some settings could not be used; the defaults are shown instead:" }</p>
            <ul>
                { for app.notices.iter().map(|n| html! { <li class="notice">{ n }</li> }) }
            </ul>
            <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
        </div>
    }
}
