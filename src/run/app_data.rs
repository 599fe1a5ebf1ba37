//! Application data: the student edits the request; the browser encrypts it with the derived
//! keys and the server decrypts it and answers (a new simulation each time).

use crate::hooks::{on, on_value};
use crate::state::{Action, Edit, State};
use crate::url::MAX_REQUEST;
use engine::msgs::enums::ContentType;
use engine::transcript::{Event, Party};
use yew::prelude::*;

/// A function of the page's state, not a component: each component costs the first load its
/// own code.
pub fn view(app: &UseReducerHandle<State>) -> Html {
    let t = &app.transcript;
    let on_input = on_value(app, |e: InputEvent| {
        let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
        Some(Action::Rerun(Edit::Request(
            area.value().chars().take(MAX_REQUEST).collect(),
        )))
    });
    let first = |from: Party| {
        t.records
            .iter()
            .find(|r| {
                r.from == from && r.protection.is_some() && r.kind == ContentType::ApplicationData
            })
            .map(|r| r.number)
    };
    let goto = |n: usize, text: &str| {
        let onclick = on(app, Action::Goto(n));
        html! { <button type="button" class="link" onclick={onclick}>{ format!("{text} (step {n})") }</button> }
    };
    let received = |party: Party| {
        t.records
            .iter()
            .flat_map(|r| &r.events)
            .find_map(|e| match e {
                Event::AppData { party: p, text } if *p == party => Some(text.clone()),
                _ => None,
            })
    };
    html! {
        <section class="appdata" aria-labelledby="appdata-title">
            <h2 id="appdata-title">{ "Application data" }</h2>
            // A recorded connection's request is what was sent: nothing to edit.
            if !cfg!(feature = "recorded") {
                <label for="request">{ "The browser's request (edit it: the run is simulated again)" }</label>
                <textarea id="request" rows="4" spellcheck="false" value={app.scenario.request.clone()} oninput={on_input} />
                if app.scenario.request.chars().count() >= MAX_REQUEST {
                    <p class="hint" role="status">{ format!("Cut at {MAX_REQUEST} characters, so the record stays readable in the byte view.") }</p>
                }
            }
            <ul class="appdata-steps">
                if let Some(n) = first(Party::Client) { <li>{ goto(n, "See it encrypted by the browser") }</li> }
                if let Some(n) = first(Party::Server) { <li>{ goto(n, "See the server's encrypted answer") }</li> }
            </ul>
            if let Some(text) = received(Party::Server) {
                <p class="label">{ "The server decrypted:" }</p><pre class="decrypted">{ text }</pre>
            }
            if let Some(text) = received(Party::Client) {
                <p class="label">{ "The browser decrypted the answer:" }</p><pre class="decrypted">{ text }</pre>
            }
            if !t.outcome.exchange_complete {
                <p class="hint">{ if t.outcome.handshake_complete {
                    "The handshake completed, but the request or its answer did not get through: see the outcome at the last step."
                } else {
                    "No application data went through in this run: the handshake did not complete."
                } }</p>
            }
        </section>
    }
}
