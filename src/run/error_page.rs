//! The browser-style error page at the end of a failed run: modelled on what browsers show,
//! and clearly marked as a simulation.

use crate::hooks::on;
use crate::state::{Action, State};
use yew::prelude::*;

/// A function of the page's state, not a component: each component costs the first load its
/// own code.
pub fn view(app: &UseReducerHandle<State>) -> Html {
    let outcome = &app.transcript.outcome;
    let Some(err) = &outcome.browser_error else {
        return html! {};
    };
    let back = on(app, Action::First);
    html! {
        <section class="browser-error" role="alert" aria-labelledby="browser-error-title">
            <p class="sim-banner">{ "Simulation — this is what a browser would show; nothing really failed." }</p>
            <div class="browser-chrome" aria-hidden="true">
                <span class="dot" /><span class="dot" /><span class="dot" />
                <span class="address">{ format!("https://{}/", app.scenario.server_name) }</span>
            </div>
            <div class="error-body">
                <h2 id="browser-error-title">{ &err.title }</h2>
                <p class="error-detail">{ &err.detail }</p>
                if let Some((party, alert)) = &outcome.alert {
                    <p class="error-alert">
                        { format!("TLS alert: {} ({}), sent by the {}.", alert.name(),
                            alert.level.as_str(), party.as_str()) }
                    </p>
                }
                <p class="error-code">{ &err.code }</p>
                <button type="button" onclick={back}>{ "Back to the start of the handshake" }</button>
            </div>
        </section>
    }
}
