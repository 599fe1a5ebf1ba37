//! The page: state from the URL, the panels, and the page-wide behaviour (keyboard, play,
//! URL updates, step timing).

use gloo_timers::callback::{Interval, Timeout};
use yew::prelude::*;

use crate::compare::view::CompareView;
use crate::eavesdropper::{self, use_eavesdropper};
use crate::glossary::view as glossary;
use crate::hooks::{use_keyboard, use_theme};
use crate::page::{learn, notices};
use crate::perf;
use crate::run::keys::KeyDiagram;
use crate::run::sequence::{self, SequenceDiagram};
use crate::run::{
    app_data, cert_checks, choices, controls, error_page, explanation, inspector, misconceptions,
};
use crate::share::handout;
use crate::state::{Action, State};
use crate::url;

/// Auto-advance interval of Play.
const PLAY_MS: u32 = 1400;

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let parsed = url::parse(&current_query());
        #[cfg(feature = "recorded")]
        return State::awaiting(parsed.state, parsed.notices);
        #[cfg(not(feature = "recorded"))]
        State::from_url(parsed.state, parsed.notices)
    });

    // Any moment can be shared: the URL follows the student. (Not a recorded connection's:
    // no URL makes it again.)
    let recorded = cfg!(feature = "recorded");
    use_effect_with(state.to_url(), move |u| {
        if !recorded {
            replace_query(&url::to_query(u));
        }
    });
    use_recorded(&state);
    // The `step` budget: from the action to the rendered page.
    use_effect_with(state.step, |_| perf::measure("step", "step-start"));
    use_keyboard(state.dispatcher());
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.playing, move |&playing| {
            let interval =
                playing.then(|| Interval::new(PLAY_MS, move || dispatcher.dispatch(Action::Tick)));
            move || drop(interval)
        });
    }

    // The diagram and controls paint first; the heavier panels follow in the next task, so
    // the page is interactive sooner (the budget is 0.5 s to the first interactive diagram).
    let panels = use_state_eq(|| false);
    {
        let panels = panels.clone();
        use_effect_with((), move |_| {
            let timeout = Timeout::new(0, move || panels.set(true));
            move || drop(timeout)
        });
    }

    use_theme(state.view.theme);
    use_eavesdropper(&state);
    crate::course::use_course(&state);

    // The glossary's definitions load the first time a term is pointed at or focused; the
    // listener goes once they are wanted.
    let glossary_wanted = use_state_eq(|| false);
    let glossary_text = crate::hooks::use_text_file("glossary.txt", *glossary_wanted);
    let near_term = (!*glossary_wanted).then(|| {
        let wanted = glossary_wanted.clone();
        Callback::from(move |e: Event| {
            let term = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|t| t.closest(".term").ok().flatten());
            if term.is_some() {
                wanted.set(true);
            }
        })
    });

    let view = state.view;
    let p = view.panels;
    let side = p.keys || p.checks || p.data;
    html! {
        <ContextProvider<UseReducerHandle<State>> context={state.clone()}>
            <div class={classes!("app", view.embed.then_some("embed"), (!side).then_some("no-side"))}
                onpointerover={near_term.as_ref().map(|c| c.reform(Event::from))}
                onfocusin={near_term.map(|c| c.reform(Event::from))}>
                { skip_link() }
                if recorded {
                    { recorded_head(&state) }
                } else if !view.embed {
                    <header class="masthead">
                        <h1>{ "TLS Lab" }</h1>
                        { learn::view(&state) }
                        <p class="tagline">
                            { "A real TLS handshake between a simulated Browser and Server, one record at a time: TLS 1.3 as your browser makes it today, or TLS 1.2. Every byte below was produced and checked by real TLS code running in this page." }
                        </p>
                    </header>
                }
                { notices::view(&state) }
                if awaits_recording(&state) {
                    // Waiting for the lab's connection: the head says so.
                } else if state.handout {
                    <main>{ handout::view(&state) }</main>
                } else if state.compare.is_some() {
                    // Two runs side by side: the URL chose them, so no choices or faults here.
                    <main class="compare-main">
                        <div class="panel controls-panel">{ controls::view(&state) }</div>
                        { crate::course::guide(&state) }
                        <section class="panel compare-panel" aria-label="Two handshakes side by side"><CompareView /></section>
                    </main>
                } else {
                    // A lesson sets the state itself: its narration comes first, even on a phone.
                    if !view.embed && state.lesson.is_none() && !recorded { { choices::view(&state) } }
                    // Three columns on a wide screen; on a narrow one the columns dissolve
                    // (`display: contents`) and the panels stack so that the step's explanation
                    // sits right under the controls that change it.
                    <main class="panels">
                        <div class="col col-stage">
                            <div class="panel controls-panel">{ controls::view(&state) }</div>
                            if p.sequence {
                                <section class="panel diagram-panel" aria-label="Handshake"><SequenceDiagram /></section>
                            }
                        </div>
                        <div class="col col-detail">
                            // Beside the diagram: a lesson's narration, or the next question.
                            { crate::course::guide(&state) }
                            <section class="panel step-panel" aria-label="Current step">
                                if state.shows_error_page() { { error_page::view(&state) } }
                                { explanation::view(&state) }
                            </section>
                            // Nothing to inspect before practice reveals the first record.
                            if p.inspector && *panels && state.current().is_some() {
                                <section class="panel inspector-panel" aria-label="Record bytes">{ inspector::view(&state) }</section>
                            }
                        </div>
                        if side {
                            <div class="col col-keys">
                                <section class="panel keys-panel" aria-label="Keys and certificates">
                                    if *panels {
                                        if p.keys { <KeyDiagram /> }
                                        if p.checks { { cert_checks::view(&state) } }
                                        if p.data { { app_data::view(&state) } }
                                    }
                                </section>
                            </div>
                        }
                    </main>
                    { below_the_run(&state) }
                    if !view.embed && p.misconceptions { { misconceptions::list(&state) } }
                }
                if !view.embed {
                    <footer class="footer">
                        <p>{ "Keyboard: ← → move one step, Home and End jump, Space plays or pauses, Escape closes a menu. Everything runs in this page; nothing is sent anywhere." }</p>
                    </footer>
                }
                { glossary::definitions(!view.embed, glossary_text.as_deref()) }
            </div>
        </ContextProvider<UseReducerHandle<State>>>
    }
}

/// The panels below the run: the eavesdropper's, if asked for, and a second visit's or the
/// attacker's (the lab's resumption and attacker builds'; not in an embed, which keeps a
/// steady height).
fn below_the_run(state: &UseReducerHandle<State>) -> Html {
    let eavesdropper = if state.eavesdropper {
        eavesdropper::view(state)
    } else {
        Html::default()
    };
    #[cfg(any(feature = "resumption", feature = "attack"))]
    if !state.view.embed {
        #[cfg(feature = "resumption")]
        let visits = crate::visits::view::view(state);
        #[cfg(not(feature = "resumption"))]
        let visits = Html::default();
        #[cfg(feature = "attack")]
        let attacker = crate::attacker::view::view(state);
        #[cfg(not(feature = "attack"))]
        let attacker = Html::default();
        return html! { <>{ visits }{ attacker }{ eavesdropper }</> };
    }
    eavesdropper
}

#[cfg(feature = "recorded")]
use crate::recorded::use_recorded;
/// Only the recorded page listens for a connection.
#[cfg(not(feature = "recorded"))]
#[hook]
fn use_recorded(_app: &UseReducerHandle<State>) {}

/// Whether this is the recorded page, before a connection has come.
fn awaits_recording(state: &State) -> bool {
    #[cfg(feature = "recorded")]
    return state.transcript.recorded.is_none();
    #[cfg(not(feature = "recorded"))]
    {
        let _ = state;
        false
    }
}

/// The recorded page's head: where the connection came from, or that it has not come yet.
fn recorded_head(state: &State) -> Html {
    #[cfg(feature = "recorded")]
    return crate::recorded::header(&state.transcript);
    #[cfg(not(feature = "recorded"))]
    {
        let _ = state;
        Html::default()
    }
}

/// The first tab stop: straight to the record being shown, past the page's choices.
fn skip_link() -> Html {
    let onclick = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        sequence::focus_current_step();
    });
    html! {
        <a class="skip-link" href="#current-step" onclick={onclick}>{ "Skip to the handshake" }</a>
    }
}

fn current_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Updates the address bar without a navigation. Inside a sandboxed iframe (opaque origin)
/// the browser may refuse; the page works the same without it.
fn replace_query(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    let _ = history.replace_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some(&format!("{path}{query}")),
    );
}
