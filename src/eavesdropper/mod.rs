//! The page's side of the outsider (the `outsider` crate): the eavesdropper's panel, with the
//! experiments that hand it a secret later (the stolen server key, a future quantum computer).
//! What it reports comes from a Web Worker, which `static/eavesdropper.js` starts the first
//! time a student asks for it: the worker renders its own report (`outsider::Rendered`), so
//! neither the report's views nor the worker's plumbing weigh on the page's first load. The
//! page hands it only `outsider::Evidence`, the recorded bytes and a secret, never the
//! endpoints' state.

use std::rc::Rc;

use outsider::{Evidence, LeakKind};
use wasm_bindgen::prelude::wasm_bindgen;
use yew::prelude::*;

use crate::hooks::{on, on_value};
use crate::state::{Action, State};

#[wasm_bindgen]
extern "C" {
    /// Defined by `static/eavesdropper.js`, which loads before the app.
    #[wasm_bindgen(js_name = tlsLabEavesdrop)]
    fn eavesdrop(report: &web_sys::Element, evidence: &[u8], step: usize);
    /// Runs the experiment of the `i`th `[data-experiment]` cell of `table` (document order)
    /// on `evidence`; the first cell's starts a new set (`static/outsider-bridge.js`).
    #[wasm_bindgen(js_name = tlsLabExperiment)]
    fn experiment(table: &web_sys::Element, i: usize, evidence: &[u8]);
}

/// The element the worker's report goes into.
const REPORT: &str = "outsider-report";

/// Sends each new run, secret or step to the worker while the panel is shown; its report goes
/// into the panel. In the side-by-side view, sends both runs with each secret its experiment
/// rows hand over; the outcomes go into those rows. A hook of the page, not a component:
/// each component costs the first load its own code.
#[hook]
pub fn use_eavesdropper(app: &UseReducerHandle<State>) {
    let t = app.transcript.clone();
    let compared = app.compare.clone();
    let first = t.clone();
    // Both runs by their transcripts' identity.
    let runs = compared
        .as_ref()
        .map(|c| (Rc::as_ptr(&first) as usize, Rc::as_ptr(c) as usize));
    use_effect_with(runs, move |_| {
        let table = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("facts"));
        if let (Some(c), Some(table)) = (compared, table) {
            // The cells' document order: the table's rows, then run by run.
            let leaks = c.facts.iter().filter_map(|f| f.experiment);
            for (i, leak) in leaks.enumerate() {
                for (j, t) in [&*first, &c.transcript].into_iter().enumerate() {
                    experiment(&table, 2 * i + j, &Evidence::handed(t, Some(leak)).encode());
                }
            }
        }
    });
    // The run by its transcript's identity.
    let shown =
        app.eavesdropper
            .then_some((Rc::as_ptr(&app.transcript) as usize, app.leak, app.step));
    use_effect_with(shown, move |shown| {
        let report = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(REPORT));
        if let (Some((_, leak, step)), Some(el)) = (shown, report) {
            eavesdrop(&el, &Evidence::handed(&t, *leak).encode(), *step);
        }
    });
}

/// The choice that shows or hides the panel.
pub fn toggle(app: &UseReducerHandle<State>) -> Html {
    html! {
        <fieldset>
            <legend>{ "Eavesdropper" }</legend>
            <button type="button" id="eavesdropper-toggle" aria-pressed={app.eavesdropper.to_string()} onclick={on(app, Action::Eavesdrop(!app.eavesdropper))}>{ "👁 What someone on the path sees" }</button>
        </fieldset>
    }
}

/// The panel; [`use_eavesdropper`] fills its report.
pub fn view(app: &UseReducerHandle<State>) -> Html {
    // One handler for the experiment buttons: each names its secret.
    let choose = on_value(app, |e: MouseEvent| {
        let button = e
            .target_dyn_into::<web_sys::Element>()?
            .closest("[data-leak]")
            .ok()??;
        Some(Action::Leak(LeakKind::parse(
            &button.get_attribute("data-leak")?,
        )))
    });
    let leak = |kind: Option<LeakKind>, label: &str| {
        html! {
            <button type="button" data-leak={kind.map_or("", LeakKind::as_str)} aria-pressed={(app.leak == kind).to_string()}>{ label }</button>
        }
    };
    html! {
        <section class="panel outsider-panel" aria-labelledby="outsider-title">
            <h2 id="outsider-title">{ "👁 On the path: what an eavesdropper sees" }</h2>
            <div class="leaks" role="group" aria-label="Hand the eavesdropper a secret later" onclick={choose}>
                { leak(None, "Just record") }
                { leak(Some(LeakKind::ServerKey), "Later, steal the server's key") }
                { leak(Some(LeakKind::Quantum), "Later, a quantum computer") }
                <button type="button" class="link" onclick={on(app, Action::Eavesdrop(false))}>{ "Hide" }</button>
            </div>
            <div id={REPORT} role="status" aria-live="polite" />
            // static/outsider-bridge.js fills it the first time it opens.
            <details class="own-capture"><summary>{ "📂 Your own capture: a pcap and its key log" }</summary><div id="capture" /></details>
        </section>
    }
}
