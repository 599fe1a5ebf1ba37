//! The "Visit" choice (resumption, issue 32): the browser's first visit to server.test (a
//! full handshake), its second (resuming the first one's session), or its second with the
//! request as 0-RTT data (TLS 1.3). The lab's; the course page does not offer it.

#[cfg(feature = "resumption")]
use engine::Protocol;
use yew::prelude::*;

#[cfg(feature = "resumption")]
use crate::hooks::on_value;
use crate::state::State;
#[cfg(feature = "resumption")]
use crate::state::{Action, Edit};
#[cfg(feature = "resumption")]
use crate::url::UrlState;

/// Which visit the run shows.
#[cfg(feature = "resumption")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visit {
    First,
    Resumed,
    ZeroRtt,
}

#[cfg(feature = "resumption")]
impl Visit {
    const ALL: [Visit; 3] = [Visit::First, Visit::Resumed, Visit::ZeroRtt];

    fn of(url: &UrlState) -> Visit {
        match (url.resume, url.early_data) {
            (_, true) => Visit::ZeroRtt,
            (true, false) => Visit::Resumed,
            _ => Visit::First,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Visit::First => "first",
            Visit::Resumed => "resumed",
            Visit::ZeroRtt => "0-rtt",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Visit::First => "first visit: a full handshake",
            Visit::Resumed => "second visit: resumes the first's session",
            Visit::ZeroRtt => "second visit, request sent as 0-RTT data",
        }
    }
}

/// The visit, as a menu; 0-RTT only for TLS 1.3. (The lab's extended builds.)
#[cfg(feature = "resumption")]
pub fn choice(app: &UseReducerHandle<State>) -> Html {
    let url = app.to_url();
    let current = Visit::of(&url);
    let tls13 = url.protocol == Protocol::Tls13;
    let onchange = on_value(app, |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let value = select.value();
        let visit = Visit::ALL.into_iter().find(|v| v.as_str() == value)?;
        Some(Action::Rerun(Edit::Visit(visit)))
    });
    html! {
        <fieldset>
            <legend>{ "Visit" }</legend>
            <label for="visit" class="visually-hidden">{ "Which visit of the browser to server.test" }</label>
            <select id="visit" onchange={onchange}>
                { for Visit::ALL.into_iter().filter(|v| tls13 || *v != Visit::ZeroRtt).map(|v| html! {
                    <option value={v.as_str()} selected={v == current}>{ v.label() }</option>
                }) }
            </select>
        </fieldset>
    }
}

/// The lab's first build has no resumption code: its link to this run's second visit is in the
/// masthead's menu (`page::learn`: no room taken from the handshake on a phone), and the
/// loader opens it in the build that has it (scripts/extended-build.mjs).
#[cfg(not(feature = "resumption"))]
pub fn choice(_: &UseReducerHandle<State>) -> Html {
    Html::default()
}
