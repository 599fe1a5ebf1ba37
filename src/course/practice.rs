//! Practice mode ("predict, then see"): before each record is revealed, a question about it.
//! The answer reveals the record, with the verdict and the why; "Show me" reveals it without
//! a score. At the end, the score.

use yew::prelude::*;

use super::Action as Course;
use super::quiz::{self, Asked};
use super::xapi;
use crate::hooks::{on, on_value};
use crate::sim::fresh_seed;
use crate::state::{Action, Answer, Edit, State};

/// What an LMS hears of practice (xAPI). A hook of the page, not a component: each component
/// costs the first load its own code.
#[hook]
pub fn use_practice(app: &UseReducerHandle<State>) {
    let practice = app.practice.clone();
    let (right, answered, shown) = practice.as_ref().map_or((0, 0, 0), |p| p.score());
    let done = practice.as_ref().is_some_and(|p| p.asking().is_none());
    // What an LMS hears at the end: the score, each answer scoring one.
    use_effect_with(done.then_some(app.scenario.seed), move |done| {
        if done.is_some() {
            let max = (answered + shown) as u32;
            xapi::completed("practice", "TLS Lab practice", right as u32, max);
        }
    });
    // Each record revealed is a step experienced.
    let revealed = practice.as_ref().map(|p| p.revealed);
    let name = revealed
        .and_then(|k| app.transcript.records.get(k.wrapping_sub(1)))
        .map(|r| r.title());
    use_effect_with((revealed, app.scenario.seed), move |(revealed, _)| {
        if let (Some(k), Some(name)) = (revealed, name) {
            xapi::send(
                "experienced",
                &format!("practice/record-{k}"),
                &name,
                None,
                None,
            );
        }
    });
}

/// The practice panel, when practising.
pub fn view(app: &UseReducerHandle<State>) -> Html {
    let Some(p) = app.practice.clone() else {
        return html! {};
    };
    let (right, answered, shown) = p.score();
    let record = |k: usize| {
        app.transcript
            .records
            .get(k)
            .map(|r| r.title())
            .unwrap_or_default()
    };
    // The answer just given, shown with the record it revealed.
    let last = p
        .revealed
        .checked_sub(1)
        .and_then(|i| Some((i, p.questions.get(i)?, p.answers.get(i).copied().flatten()?)));
    let answer = |i: usize| {
        let (dispatcher, p) = (app.dispatcher(), p.clone());
        let name = record(p.revealed);
        Callback::from(move |_: MouseEvent| {
            if let Some(q) = p.asking() {
                xapi::send(
                    "answered",
                    &format!("practice/record-{}", q.record),
                    &name,
                    Some(i == q.answer),
                    Some(&q.choices[i]),
                );
            }
            dispatcher.dispatch(Action::Course(Course::PracticeAnswer(Some(i))));
        })
    };
    let again = on_value(app, |_: MouseEvent| {
        fresh_seed().map(|v| Action::Rerun(Edit::Seed(v)))
    });
    html! {
        <section class="panel practice-panel" aria-labelledby="practice-title">
            <h2 id="practice-title">{ "Practice: predict, then see" }</h2>
            <p class="score" aria-live="polite">{ format!("Score: {right} of {answered}") }{ if shown > 0 { format!(" ({shown} shown without an answer)") } else { String::new() } }</p>
            if let Some((i, q, a)) = last {
                <div class="revealed">
                    <p class="kicker">{ format!("Record {}: {}", i + 1, record(i)) }</p>
                    { match a {
                        Answer::Chose(c) => quiz::view(Asked { prompt: &q.prompt, choices: &q.choices, answer: q.answer, tried: &[c], retry: false, why: Some(&q.why) }, |_| Callback::noop()),
                        Answer::Shown => html! { <p>{ &q.why }</p> },
                    } }
                </div>
            }
            if let Some(q) = p.asking() {
                <p class="kicker">{ format!("Before record {}", q.record) }</p>
                { quiz::view(Asked { prompt: &q.prompt, choices: &q.choices, answer: q.answer, tried: &[], retry: false, why: None }, answer) }
                <button type="button" class="show-me" onclick={on(app, Action::Course(Course::PracticeAnswer(None)))}>{ "Show me" }</button>
            } else {
                <p class="summary" role="status"><strong>{ format!("Done: {right} of {answered} right") }</strong>
                    { format!(", {shown} shown without an answer, out of {} records.", answered + shown) }</p>
                <button type="button" onclick={again}>{ "Practise a new run" }</button>
            }
            <button type="button" class="leave" onclick={on(app, Action::Course(Course::Practice(false)))}>{ "Stop practising" }</button>
        </section>
    }
}
