//! The printable handout: every step of the run with its explanation, on paper colours, for a
//! class that prints (Share & export → Handout). The same sentences the page shows, generated
//! from the transcript.

use yew::prelude::*;

use crate::handshakes::Handshake;
use crate::state::{Action, State, on};

/// A function of the page's state, not a component: each component costs the first load its
/// own code.
pub fn view(app: &UseReducerHandle<State>) -> Html {
    let t = &app.transcript;
    let h = Handshake::of(&app.scenario);
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    html! {
        <section class="handout" aria-labelledby="handout-title">
            <div class="handout-actions">
                <button type="button" onclick={print}>{ "Print" }</button>
                <button type="button" onclick={on(app, Action::Handout(false))}>{ "Back to the lab" }</button>
            </div>
            <h2 id="handout-title">{ format!("{} — {}", h.title, h.suite()) }</h2>
            <p class="hint">{ format!("TLS Lab, seed {}: every record of this run, with what it does. {} records.",
                app.scenario.seed, t.records.len()) }</p>
            <ol class="handout-steps">
                { for t.records.iter().map(|r| html! {
                    <li>
                        <h3>{ format!("{}. {}", r.number, r.messages.join(", ")) }</h3>
                        <p class="direction">{ format!("{} → {}, flight {}, {}{}", r.from.as_str(), r.from.peer().as_str(), r.flight,
                            if r.protection.is_some() { "encrypted" } else { "plaintext" },
                            if r.delivered { "" } else { ", never delivered" }) }</p>
                        if let Some(f) = &r.fault { <p><strong>{ format!("Fault {}: ", f.fault) }</strong>{ &f.detail }</p> }
                        <p>{ &r.explanation }</p>
                    </li>
                }) }
            </ol>
            <p class="summary"><strong>{ "Outcome: " }</strong>{ &t.outcome.summary }</p>
            if let Some(e) = &t.outcome.browser_error {
                <p>{ format!("The browser shows {}: {}", e.code, e.title) }</p>
            }
        </section>
    }
}
