//! The printable handout: every step of the run with its explanation, on paper colours, for a
//! class that prints (Share & export → Handout). The same sentences the page shows, generated
//! from the transcript.

use yew::prelude::*;

use crate::handshakes::Handshake;
use crate::hooks::on;
use crate::run::explanation;
use crate::state::{Action, State};

/// A function of the page's state, not a component: each component costs the first load its
/// own code.
pub fn view(app: &UseReducerHandle<State>) -> Html {
    let t = &app.transcript;
    let h = Handshake::of(&app.scenario);
    html! {
        <section class="handout" aria-labelledby="handout-title">
            <div class="handout-actions">
                <button type="button" onclick={crate::share::export::print()}>{ "Print" }</button>
                <button type="button" onclick={on(app, Action::Handout(false))}>{ "Back to the lab" }</button>
            </div>
            <h2 id="handout-title">{ format!("{} — {}", h.title, h.suite()) }</h2>
            <p class="hint">{ format!("TLS Lab, seed {}: every record of this run, with what it does. {} records.",
                app.scenario.seed, t.records.len()) }</p>
            <ol class="handout-steps">
                { for t.records.iter().map(|r| html! {
                    <li>
                        <h3>{ format!("{}. {}", r.number, r.title()) }</h3>
                        { explanation::record_head(t, r) }
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
