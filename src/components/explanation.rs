//! What the current record is, why it is sent, and what each side did about it — all
//! generated from the transcript (the engine writes the explanation from the same data).

use engine::transcript::{Event, Transcript};
use yew::prelude::*;

use crate::components::misconceptions;
use crate::state::use_app;

#[component]
pub fn Explanation() -> Html {
    let app = use_app();
    let Some(r) = app.current() else {
        let text = if app.practice.is_some() {
            "Nothing is revealed yet: answer the question to see the first record."
        } else {
            "Nothing was sent."
        };
        return html! { <section class="explanation"><p>{ text }</p></section> };
    };
    let t = &app.transcript;
    let last = app.step == app.records();
    html! {
        <section class="explanation" aria-labelledby="explanation-title">
            <h2 id="explanation-title">
                { format!("Step {} of {}: {}", app.step, app.records(), r.messages.join(", ")) }
            </h2>
            <p class="direction">
                { format!("{} → {}, flight {}, {}", r.from.as_str(), r.from.peer().as_str(), r.flight,
                    if r.protection.is_some() { "encrypted" } else { "plaintext" }) }
                if !r.delivered { <strong class="bad">{ " — never delivered" }</strong> }
            </p>
            if let Some(f) = &r.fault {
                <p class="fault-detail"><strong>{ format!("Fault {}: ", f.fault) }</strong>{ &f.detail }</p>
            }
            <p class="explanation-text">{ &r.explanation }</p>
            if !r.events.is_empty() {
                <ul class="events" aria-label="What happened">
                    { for r.events.iter().map(|e| event(t, e)) }
                </ul>
            }
            if app.view.panels.misconceptions { { misconceptions::at(t, r.number) } }
            if last {
                <p class="summary"><strong>{ "Outcome: " }</strong>{ &t.outcome.summary }</p>
            }
        </section>
    }
}

fn event(t: &Transcript, e: &Event) -> Html {
    match e {
        Event::State { party, from, to } => html! {
            <li class="event state">{ format!("{}: {from} → {to}", party.as_str()) }</li>
        },
        Event::Derived { party, derivation } => {
            let name = t
                .derivations
                .get(*derivation)
                .map_or("a value", |d| d.name.as_str());
            html! { <li class="event derived">{ format!("{} now knows {name}", party.as_str()) }</li> }
        }
        Event::Check {
            party,
            what,
            ok,
            detail,
        } => html! {
            <li class={classes!("event", "check", if *ok { "ok" } else { "bad" })}>
                <span class="badge">{ if *ok { "pass" } else { "FAIL" } }</span>
                { format!(" {}: {what}", party.as_str()) }
                if !detail.is_empty() { <span class="detail">{ format!(" — {detail}") }</span> }
            </li>
        },
        Event::Alert {
            party,
            alert,
            reason,
        } => html! {
            <li class="event alert">
                <span class="badge">{ "alert" }</span>
                { format!(" {} sends {} ({}, {}): {reason}", party.as_str(), alert.name(),
                    alert.level.as_str(), alert.description.to_wire()) }
            </li>
        },
        Event::HandshakeComplete { party } => html! {
            <li class="event check ok">
                <span class="badge">{ "pass" }</span>
                { format!(" {}: handshake complete", party.as_str()) }
            </li>
        },
        Event::AppData { party, text } => html! {
            <li class="event appdata">{ format!("{} received application data:", party.as_str()) }<pre>{ text }</pre></li>
        },
        Event::Closed { party } => html! {
            <li class="event closed">{ format!("{} closed the connection", party.as_str()) }</li>
        },
    }
}
