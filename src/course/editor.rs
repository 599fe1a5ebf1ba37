//! A small editor for a teacher's own lesson: its text in the lesson format, the page's
//! current state added as a step with one click, every problem listed as it is typed, and
//! the link that carries the lesson (`lesson=`, base64url), ready to share or embed.

use yew::prelude::*;

use super::Action as Course;
use crate::hooks::{on, on_value, use_app};
use crate::lesson::{self, fill, format};
use crate::share;
use crate::state::Action;
use crate::url;

#[component]
pub fn LessonEditor() -> Html {
    let app = use_app();
    let status = use_state_eq(String::new);
    // Each step's run is simulated to check it: once per text, not per render.
    let problems = use_memo(app.editor.clone(), |draft| {
        draft.as_deref().map(|d| problems(d)).unwrap_or_default()
    });
    let Some(draft) = app.editor.clone() else {
        return html! {};
    };
    let page = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let link = share::lesson_link(&page, &lesson::base64url(draft.as_bytes()));
    let on_input = on_value(&app, |e: InputEvent| {
        let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
        Some(Action::Course(Course::Edit(Some(area.value()))))
    });
    let copy = crate::share::clipboard::copy_button(&status, link.clone(), "lesson link");
    html! {
        <section class="panel editor-panel" aria-labelledby="editor-title">
            <h2 id="editor-title">{ "Write a lesson" }</h2>
            <p class="hint">
                { "A title line (# ), then a step per ## line with the page state it shows; the narration under it; a question if you like: ? the question, - a wrong answer, + the right one, > why. {master_secret}, {alert}, {suite} and the key diagram's other values are filled in from each step's run." }
            </p>
            <label for="lesson-text">{ "Lesson" }</label>
            <textarea id="lesson-text" rows="12" spellcheck="true" value={(*draft).clone()} oninput={on_input} />
            <p class="hint">{ format!("{} of {} bytes", draft.len(), format::MAX_BYTES) }</p>
            <button type="button" onclick={on(&app, Action::Course(Course::AddStep))}>{ "Add this page's state as a step" }</button>
            if problems.is_empty() {
                <label for="lesson-link">{ "Link to this lesson (it holds the whole lesson: no server needed)" }</label>
                <input id="lesson-link" type="text" readonly=true value={link.clone()} />
                <button type="button" onclick={copy}>{ "Copy link" }</button>
                <a href={link}>{ "Open the lesson" }</a>
            } else {
                <ul class="lesson-problems" aria-label="Problems in the lesson">
                    { for problems.iter().map(|p| html! { <li>{ p }</li> }) }
                </ul>
            }
            <p class="share-status" role="status">{ (*status).clone() }</p>
            <button type="button" class="close" onclick={on(&app, Action::Course(Course::Edit(None)))}>{ "Close the editor" }</button>
        </section>
    }
}

/// Every problem of a draft, each a sentence: the format's (with its line), then for each step
/// a state that does not read as written, a record past the run's end, and a `{value}` its run
/// does not have or has only from a later record.
fn problems(draft: &str) -> Vec<String> {
    let lesson = match format::parse(draft) {
        Err(errors) => return errors.iter().map(|e| format!("{e}.")).collect(),
        Ok(l) => l,
    };
    let mut out = Vec::new();
    for (k, s) in lesson.steps.iter().enumerate() {
        let at = |what: String| format!("Step {}: {what}.", k + 1);
        let parsed = url::parse(&s.query);
        out.extend(
            parsed
                .notices
                .into_iter()
                .map(|n| format!("Step {}: {n}", k + 1)),
        );
        let t = crate::sim::simulate(&crate::state::scenario_of(&parsed.state));
        let records = t.records.len();
        let step = parsed.state.step.unwrap_or(1);
        if step > records {
            out.push(at(format!(
                "step={step} does not exist: this run has {records} records"
            )));
        }
        let why = s
            .question
            .as_ref()
            .and_then(|q| q.why.as_deref())
            .unwrap_or_default();
        let why = format::pieces(why).unwrap_or_default();
        let mut seen = Vec::new();
        for piece in s.narration.iter().flatten().chain(&why) {
            if let lesson::Piece::Value(name) = piece
                && !seen.contains(name)
            {
                seen.push(name.clone());
                out.extend(fill::problem(&t, step.min(records), name).map(at));
            }
        }
    }
    out
}
