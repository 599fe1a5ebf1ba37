//! The recorded page (`recorded/`, feature `recorded`): one connection of a student's own
//! capture in the lab's views. The lab's capture part opens this page in a dialog; once the
//! page says it is ready, the lab posts the chosen connection's records (as
//! `outsider::Evidence` encodes them), its two ends and the key log's text, and the engine
//! makes the transcript here (`engine::recorded`): dissected, and opened where the key log
//! has the connection's secrets. The two frames share one origin; nothing else is sent.

use std::rc::Rc;

use engine::decrypt::KeyLog;
use engine::transcript::Transcript;
use gloo_events::EventListener;
use js_sys::{Array, Uint8Array};
use outsider::Evidence;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::perf;
use crate::state::{Action, State};

/// The lab's message: `[RECORDED, "client → server", encoded records, key log text or null]`.
const RECORDED: &str = "tls-lab:recorded";
/// What this page tells the lab once it listens.
const READY: &str = "tls-lab:recorded-ready";

/// Listens for the lab's connection and tells the lab it is ready (again after a reload).
#[hook]
pub fn use_recorded(app: &UseReducerHandle<State>) {
    use_effect_with(Rc::as_ptr(&app.transcript) as usize, |_| {
        perf::measure("recorded", "recorded-start")
    });
    let dispatcher = app.dispatcher();
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|window| {
            let origin = window.location().origin().unwrap_or_default();
            let listener = EventListener::new(&window, "message", {
                let origin = origin.clone();
                move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else {
                        return;
                    };
                    if e.origin() != origin {
                        return;
                    }
                    // The budget: from the lab's message to the connection on screen, and
                    // the engine's part of it.
                    perf::mark("recorded-start");
                    perf::mark("recorded-build-start");
                    if let Some(t) = transcript_of(&e.data()) {
                        perf::measure("recorded-build", "recorded-build-start");
                        dispatcher.dispatch(Action::Recorded(Rc::new(t)));
                    }
                }
            });
            if let Ok(Some(parent)) = window.parent()
                && parent != window
            {
                let _ = parent.post_message(&JsValue::from(READY), &origin);
            }
            listener
        });
        move || drop(listener)
    });
}

/// The transcript of the connection a lab's message carries, if it is one.
fn transcript_of(data: &JsValue) -> Option<Transcript> {
    let message = data.dyn_ref::<Array>()?;
    if message.get(0).as_string().as_deref() != Some(RECORDED) {
        return None;
    }
    let path = message.get(1).as_string()?;
    let bytes = message.get(2).dyn_into::<Uint8Array>().ok()?.to_vec();
    let evidence = Evidence::decode(&bytes).ok()?;
    // The lab has read the key log already: one that does not parse opens nothing.
    let keys = message
        .get(3)
        .as_string()
        .and_then(|text| KeyLog::parse(&text).ok());
    Some(engine::recorded::transcript(
        &evidence.recording,
        keys.as_ref(),
        path,
    ))
}

/// Where the connection came from and what opened it, above the panels.
pub fn header(t: &Transcript) -> Html {
    let Some(from) = &t.recorded else {
        return waiting();
    };
    html! {
        <header class="panel recorded-head">
            <h1><span class="badge" data-recorded="">{ "Recorded" }</span>{ " " }
                { from.server_name.as_deref().unwrap_or("no server_name") }</h1>
            <p>{ format!("{}: {}, {} records.", from.path, from.negotiated, t.records.len()) }</p>
            <p data-opened={from.opened.to_string()}>{ &from.decryption }{ if from.opened {
                " The key diagram shows the key log's secrets and the keys made from them, each from the first record it opens."
            } else {
                " The diagram and inspector show the clear handshake, and the protected records by their outer type and length."
            } }</p>
        </header>
    }
}

/// Before a connection arrives, or when the page is opened on its own.
pub fn waiting() -> Html {
    html! {
        <main class="recorded-waiting">
            <h1>{ "A recorded connection" }</h1>
            <p>{ "This page shows one connection from your own capture in the lab's sequence diagram, inspector and key diagram. Open the capture in the lab (the eavesdropper's panel, “Your own capture”), choose a connection and press “Show it in the diagrams”." }</p>
            <p><a href="../?eavesdropper=1">{ "Open the lab" }</a></p>
        </main>
    }
}
