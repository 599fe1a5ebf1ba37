//! A question with its answers as buttons, for lessons and practice alike. In practice one
//! press is final: the right answer and the student's are marked, with the one-line why. In a
//! lesson a wrong answer is marked and the others stay open for another try; the right one
//! shows the why.

use yew::prelude::*;

pub struct Asked<'a> {
    pub prompt: &'a str,
    pub choices: &'a [String],
    pub answer: usize,
    /// The student's choices so far, in order (practice: at most one).
    pub tried: &'a [usize],
    /// A wrong answer leaves the others open (lessons), instead of giving the right one.
    pub retry: bool,
    pub why: Option<&'a str>,
}

/// `choose(i)` is the callback of answer `i`.
pub fn view(q: Asked<'_>, choose: impl Fn(usize) -> Callback<MouseEvent>) -> Html {
    let chosen = q.tried.last().copied();
    let right = chosen == Some(q.answer);
    // Over: answered right, or answered at all where there is no second try.
    let over = right || (chosen.is_some() && !q.retry);
    let verdict = chosen.map(|c| match (c == q.answer, q.retry) {
        (true, _) if q.tried.len() > 1 => format!("Right, on try {}.", q.tried.len()),
        (true, _) => "Right.".to_string(),
        (false, true) => "Not quite: try another answer.".to_string(),
        (false, false) => format!("Not quite: {}.", q.choices[q.answer].trim_end_matches('.')),
    });
    html! {
        <div class="quiz" role="group" aria-label={q.prompt.to_string()}>
            <p class="prompt">{ q.prompt }</p>
            <ul class="answers">
                { for q.choices.iter().enumerate().map(|(i, c)| {
                    let tried = q.tried.contains(&i);
                    let mark = if over && i == q.answer { "right" } else if tried { "wrong" } else { "" };
                    html! {
                        <li><button type="button" class={classes!("answer", mark)} disabled={over || tried}
                            aria-pressed={(chosen == Some(i)).then_some("true")} onclick={choose(i)}>{ c }</button></li>
                    }
                }) }
            </ul>
            if let Some(verdict) = verdict {
                <p class="quiz-verdict" role="status"><strong>{ verdict }</strong>
                    if over { { " " }{ q.why.unwrap_or_default() } }</p>
            }
        </div>
    }
}
