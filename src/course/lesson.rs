//! The lesson's narration beside the diagram: the step's text with the run's own values, its
//! question, and Previous / Next through the lesson.

use yew::prelude::*;

use super::Action as Course;
use super::quiz::{self, Asked};
use super::xapi;
use crate::hooks::on;
use crate::lesson::{Piece, fill};
use crate::state::{Action, State};

/// What an LMS hears of a lesson (xAPI). A hook of the page, not a component: each component
/// costs the first load its own code.
#[hook]
pub fn use_lesson(app: &UseReducerHandle<State>) {
    let run = app.lesson.clone();
    // What an LMS hears: each lesson step seen, and the lesson completed at its last step.
    use_effect_with(run.as_ref().map(|r| (r.loaded.param.clone(), r.at)), {
        let run = run.clone();
        move |_| {
            if let Some(r) = run {
                let (title, n) = (&r.loaded.lesson.title, r.loaded.lesson.steps.len());
                xapi::send(
                    "experienced",
                    &r.activity(),
                    &format!("{title}, step {}", r.at + 1),
                    None,
                    None,
                );
                if r.at + 1 == n {
                    xapi::send("completed", &r.activity_root(), title, None, None);
                }
            }
        }
    });
}

/// The lesson's panel, when following a lesson.
pub fn view(app: &UseReducerHandle<State>) -> Html {
    let Some(run) = app.lesson.clone() else {
        return html! {};
    };
    let lesson = &run.loaded.lesson;
    let (at, n) = (run.at, lesson.steps.len());
    let step = &lesson.steps[at];
    let t = &app.transcript;
    let piece = |p: &Piece| match p {
        Piece::Text(text) => html! { text },
        Piece::Value(name) => match fill::value(t, name) {
            Some(v) => html! { <code class="value">{ v }</code> },
            None => html! { <span class="missing">{ fill::missing(name) }</span> },
        },
    };
    let answer = |i: usize| {
        let (dispatcher, run) = (app.dispatcher(), run.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(q) = &run.loaded.lesson.steps[run.at].question {
                xapi::send(
                    "answered",
                    &run.activity(),
                    &q.prompt,
                    Some(i == q.answer),
                    Some(&q.choices[i]),
                );
            }
            dispatcher.dispatch(Action::Course(Course::Answer(i)));
        })
    };
    // Arrow keys and the step controls explore the run; the lesson's own record is one
    // click away (a lesson step without `step=` shows the run's first record).
    let own = crate::url::parse(&step.query)
        .state
        .step
        .unwrap_or(1)
        .min(app.steps());
    let away = app.step != own;
    let last = at + 1 == n;
    // The end: what the student answered, and where to go next.
    let asked: Vec<&Vec<usize>> = lesson
        .steps
        .iter()
        .zip(&run.answers)
        .filter(|(s, _)| s.question.is_some())
        .map(|(_, a)| a)
        .collect();
    let first_try = asked.iter().filter(|a| a.len() == 1).count();
    let answered = asked.iter().filter(|a| !a.is_empty()).count();
    let next_lesson = crate::lesson::SHIPPED
        .iter()
        .position(|(id, _)| *id == run.loaded.param)
        .and_then(|i| crate::lesson::SHIPPED.get(i + 1));
    html! {
        <section class="panel lesson-panel" aria-labelledby="lesson-title">
            <p class="kicker">{ format!("Lesson, step {} of {n}", at + 1) }</p>
            <h2 id="lesson-title">{ &lesson.title }</h2>
            { for step.narration.iter().map(|p| html! { <p>{ for p.iter().map(piece) }</p> }) }
            if let Some(q) = &step.question {
                { quiz::view(Asked { prompt: &q.prompt, choices: &q.choices, answer: q.answer, tried: &run.answers[at], retry: true, why: q.why.as_deref().map(|w| fill::text(t, w)).as_deref() }, answer) }
            }
            if away {
                <p class="lesson-away">{ format!("You are looking at record {} of this run; the lesson's is record {own}. ", app.step) }
                    <button type="button" class="link" onclick={on(app, Action::Goto(own))}>{ format!("Back to record {own}") }</button></p>
            }
            if last {
                <div class="lesson-end" role="status">
                    <p><strong>{ "Lesson complete." }</strong>
                        { if asked.is_empty() { String::new() } else {
                            format!(" You answered {answered} of {} questions, {first_try} right on the first try.", asked.len())
                        } }</p>
                    if let Some((id, title)) = next_lesson {
                        <p>{ "Next: " }<a href={format!("?lesson={id}")}>{ *title }</a></p>
                    }
                </div>
            }
            <div class="lesson-nav">
                <button type="button" onclick={on(app, Action::Course(Course::Go(at.saturating_sub(1))))} disabled={at == 0}>{ "Previous" }</button>
                <button type="button" class="next" onclick={on(app, Action::Course(Course::Go(at + 1)))} disabled={last}>{ "Next" }</button>
                <button type="button" class="leave" onclick={on(app, Action::Course(Course::Leave))}>{ "Leave the lesson" }</button>
                <button type="button" onclick={on(app, Action::Course(Course::Edit(Some(super::draft(app)))))}>{ "Edit a copy" }</button>
            </div>
        </section>
    }
}
