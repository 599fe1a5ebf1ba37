//! First / Previous / Next / Last, Play/Pause and the "step k of n" slider.

use yew::prelude::*;

use crate::hooks::{on, on_value};
use crate::share::dialog::Share;
use crate::state::{Action, State};

/// A function of the page's state, not a component: each component costs the first load its
/// own code.
pub fn view(app: &UseReducerHandle<State>) -> Html {
    // In practice, the records not yet revealed are out of reach.
    let (step, n, limit) = (app.step, app.steps(), app.limit());
    let act = |a: Action| on::<MouseEvent>(app, a);
    let on_slide = on_value(app, |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.value().parse().ok().map(Action::Goto)
    });
    let play_label = if app.playing { "Pause" } else { "Play" };
    let label = format!("step {step} of {n}");
    // Next and Play carry words, not only look-alike triangles: they are what a first-time
    // student needs, and they must not be confused. A step is a record, or side by side a
    // flight: the tooltips say "step", as the slider does.
    html! {
        <div class="controls" role="group" aria-label="Step controls">
            <div class="buttons">
                <button type="button" onclick={act(Action::First)} disabled={step <= 1} aria-label="First" title="First step (Home)">{ icon("M5 4h2v16H5zM19 4v16L8 12z") }</button>
                <button type="button" onclick={act(Action::Previous)} disabled={step <= 1} aria-label="Previous" title="Previous step (←)">{ icon("M17 4v16L6 12z") }</button>
                <button type="button" class="next" onclick={act(Action::Next)} disabled={step >= limit} title="Next step (→)">
                    // In a lesson, Next is the lesson's: this one moves through the run.
                    { if app.lesson.is_some() { "Next record" } else { "Next" } }{ icon("M8 4l8 8-8 8-1.5-1.5L13 12 6.5 5.5z") }
                </button>
                <button type="button" class="play" onclick={act(Action::TogglePlay)} disabled={limit < 2} title="Step through by itself (Space)">
                    { icon(if app.playing { "M6 4h4v16H6zM14 4h4v16h-4z" } else { "M7 5v14l11-7zM9 8.6v6.8L14.3 12z" }) }{ play_label }
                </button>
                <button type="button" onclick={act(Action::Last)} disabled={step >= limit} aria-label="Last" title="Last step (End)">{ icon("M17 4h2v16h-2zM5 4v16l11-8z") }</button>
            </div>
            <label class="slider">
                <span class="step-label" aria-live="polite">{ label.clone() }</span>
                <input type="range" min="1" max={n.max(1).to_string()} value={step.to_string()}
                    aria-label="Step" aria-valuetext={label} oninput={on_slide} disabled={n < 2} />
            </label>
            // A recorded connection has no link that makes it again.
            if !cfg!(feature = "recorded") { <Share /> }
            if step == 1 && n > 1 {
                <p class="start-hint">{ "Start here: press " }<strong>{ "Next" }</strong>
                    { if app.compare.is_some() { " (or →) to follow both handshakes one flight at a time." } else { " (or →) to follow the handshake one record at a time." } }</p>
            }
        </div>
    }
}

/// A 24×24 glyph drawn in the text colour (no icon font: nothing is fetched).
fn icon(d: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <path d={d} />
        </svg>
    }
}
