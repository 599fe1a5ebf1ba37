//! A question with its answers as buttons, for lessons and practice alike: pressed once,
//! then the right answer and the student's are marked, with the one-line why.

use yew::prelude::*;

pub struct Asked<'a> {
    pub prompt: &'a str,
    pub choices: &'a [String],
    pub answer: usize,
    /// The student's choice, once made.
    pub chosen: Option<usize>,
    pub why: Option<&'a str>,
}

/// `choose(i)` is the callback of answer `i`.
pub fn view(q: Asked<'_>, choose: impl Fn(usize) -> Callback<MouseEvent>) -> Html {
    let verdict = q.chosen.map(|c| {
        if c == q.answer {
            "Right.".to_string()
        } else {
            format!("Not quite: {}.", q.choices[q.answer].trim_end_matches('.'))
        }
    });
    html! {
        <div class="quiz" role="group" aria-label={q.prompt.to_string()}>
            <p class="prompt">{ q.prompt }</p>
            <ul class="answers">
                { for q.choices.iter().enumerate().map(|(i, c)| {
                    let mark = q.chosen.map(|chosen| if i == q.answer { "right" } else if i == chosen { "wrong" } else { "" });
                    html! {
                        <li><button type="button" class={classes!("answer", mark)} disabled={q.chosen.is_some()}
                            aria-pressed={(q.chosen == Some(i)).then_some("true")} onclick={choose(i)}>{ c }</button></li>
                    }
                }) }
            </ul>
            if let Some(verdict) = verdict {
                <p class="quiz-verdict" role="status"><strong>{ verdict }</strong>{ " " }{ q.why.unwrap_or_default() }</p>
            }
        </div>
    }
}
