//! The course page's own (the `course` feature): guided lessons, practice ("predict, then
//! see"), the lesson editor, and the xAPI statements they send an embedding host. The lab
//! builds `absent.rs` in this module's place, with the same names: lesson and practice links
//! hand over to the course page, and the lab's `State` never holds a lesson or practice.
//! So `state.rs` and the views name `crate::course` without a `cfg` of their own.

pub mod editor;
pub mod lesson;
pub mod practice;
pub mod quiz;
pub mod xapi;

use std::rc::Rc;

use engine::Transcript;
use yew::prelude::*;

use base64ct::Encoding;

use crate::hooks::on;
use crate::lesson::{FILES, Loaded, SHIPPED, format};
use crate::state::{self, Answer, LessonRun, Practice, State};
use crate::url::{self, Theme, UrlState};

/// What a student or teacher does in a lesson, in practice or in the editor.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Show the lesson's step (0-based) with its state.
    Go(usize),
    /// The choice made for the current lesson step's question.
    Answer(usize),
    /// Leave the lesson; the run stays.
    Leave,
    /// Practice on or off.
    Practice(bool),
    /// The answer to the practice question (`None`: "show me"), which reveals its record.
    PracticeAnswer(Option<usize>),
    /// Opens the lesson editor with this text, or closes it.
    Edit(Option<String>),
    /// Adds the page's current state to the editor's lesson as a new step.
    AddStep,
}

/// `state` after `action`.
pub fn reduce(state: &State, action: Action) -> State {
    match action {
        Action::Go(at) => match &state.lesson {
            Some(run) if at < run.loaded.lesson.steps.len() => {
                crate::perf::mark("step-start");
                let mut notices = Vec::new();
                let url = state::lesson_state(&run.loaded, at, &state.to_url(), &mut notices);
                State {
                    lesson: Some(Rc::new(LessonRun {
                        at,
                        ..(**run).clone()
                    })),
                    editor: state.editor.clone(),
                    ..State::simulated(url, notices)
                }
            }
            _ => state.clone(),
        },
        Action::Answer(choice) => {
            let mut run = state.lesson.as_deref().cloned();
            if let Some(run) = &mut run {
                let tried = &mut run.answers[run.at];
                if !tried.contains(&choice) {
                    tried.push(choice);
                }
            }
            State {
                lesson: run.map(Rc::new),
                ..state.clone()
            }
        }
        Action::Leave => State {
            lesson: None,
            ..state.clone()
        },
        Action::Practice(on) => State {
            practice: (on && state.compare.is_none())
                .then(|| practice_of(&state.transcript))
                .flatten(),
            step: if on { 0 } else { state.step },
            playing: false,
            ..state.clone()
        },
        Action::Edit(text) => State {
            editor: text.map(Rc::new),
            ..state.clone()
        },
        Action::AddStep => {
            let mut text = state.editor.as_deref().cloned().unwrap_or_default();
            text.push_str(&as_lesson_step(state));
            State {
                editor: Some(Rc::new(text)),
                ..state.clone()
            }
        }
        Action::PracticeAnswer(choice) => match state.practice.as_deref() {
            Some(p) if p.asking().is_some() => {
                crate::perf::mark("step-start");
                let mut p = p.clone();
                p.answers[p.revealed] = Some(choice.map_or(Answer::Shown, Answer::Chose));
                p.revealed += 1;
                State {
                    step: p.revealed,
                    practice: Some(Rc::new(p)),
                    playing: false,
                    ..state.clone()
                }
            }
            _ => state.clone(),
        },
    }
}

/// The lesson a `lesson=` value names, or why there is none (one sentence per problem).
pub fn load_lesson(param: &str) -> Result<Loaded, Vec<String>> {
    let text = match SHIPPED.iter().position(|(id, _)| *id == param) {
        Some(i) => shipped_text(i).ok_or_else(|| {
            vec![format!(
                "The lesson \"{}\" could not be loaded from {}: reload the page to try again.",
                SHIPPED[i].1, FILES[i]
            )]
        })?,
        None => {
            let ids: Vec<&str> = SHIPPED.iter().map(|(id, _)| *id).collect();
            let not_one = || {
                vec![format!(
                    "The lesson in this link could not be read: it is neither a lesson of this page ({}) nor a lesson's text in base64url.",
                    ids.join(", ")
                )]
            };
            // Checked before decoding, so an oversized link costs nothing.
            if param.len() > format::MAX_BYTES.div_ceil(3) * 4 {
                return Err(vec![format!(
                    "The lesson in this link is too long: a lesson holds at most {} bytes.",
                    format::MAX_BYTES
                )]);
            }
            let bytes = base64ct::Base64UrlUnpadded::decode_vec(param).map_err(|_| not_one())?;
            String::from_utf8(bytes).map_err(|_| not_one())?
        }
    };
    format::parse(&text)
        .map(|lesson| Loaded {
            param: param.to_string(),
            lesson,
        })
        .map_err(|errors| errors.iter().map(|e| format!("{e}.")).collect())
}

/// A shipped lesson's text: in the page, fetched by [`prefetch`] before the first render;
/// natively (tests), compiled in.
fn shipped_text(i: usize) -> Option<String> {
    #[cfg(target_family = "wasm")]
    return crate::hooks::cached_text(FILES[i]).map(|t| t.to_string());
    #[cfg(not(target_family = "wasm"))]
    return crate::lesson::TEXTS.get(i).map(|t| t.to_string());
}

/// Renders once the text of the shipped lesson the link opens (if any) has arrived: lessons
/// are files beside the page, so the first load carries only the one it shows.
pub fn mount(render: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async {
        prefetch().await;
        render();
    });
}

async fn prefetch() {
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let wanted = url::parse(&query).state.lesson;
    if let Some(i) = SHIPPED
        .iter()
        .position(|(id, _)| Some(*id) == wanted.as_deref())
    {
        crate::hooks::load_text(FILES[i]).await;
    }
}

/// Practice on `t`: its questions, none answered, no record revealed.
pub fn practice_of(t: &Transcript) -> Option<Rc<Practice>> {
    let questions = engine::practice::questions(t, t.scenario.seed);
    Some(Rc::new(Practice {
        answers: vec![None; questions.len()],
        questions,
        revealed: 0,
    }))
}

/// A lesson or practice link opened here stays here: this is the course page.
pub fn hand_over() -> bool {
    false
}

/// A lesson's narration or practice's next question, beside the diagram, and the editor.
pub fn guide(app: &UseReducerHandle<State>) -> Html {
    html! { <><editor::LessonEditor />{ lesson::view(app) }{ practice::view(app) }</> }
}

/// What the course page does beyond its views: tell an LMS of lessons and practice.
#[hook]
pub fn use_course(app: &UseReducerHandle<State>) {
    lesson::use_lesson(app);
    practice::use_practice(app);
}

/// Share & export's way to write a lesson: the editor, opened on this step.
pub fn write_lesson(app: &UseReducerHandle<State>) -> Html {
    html! {
        <p>
            <button type="button" onclick={on(app, crate::state::Action::Course(Action::Edit(Some(draft(app)))))}>{ "Write a lesson from this step" }</button>
            <span class="hint">{ " Guide students through steps of your choosing, in your words: the lesson travels in its link." }</span>
        </p>
    }
}

/// `state` as a lesson step, to add to the lesson editor's text: how the page is shown
/// (embedded, its colours) is the reader's, so it is left out.
pub fn as_lesson_step(state: &State) -> String {
    let query = url::to_query(&UrlState {
        embed: false,
        theme: Theme::Auto,
        lesson: None,
        lesson_step: None,
        practice: false,
        ..state.to_url()
    });
    format!("\n## {query}\nWhat to notice at this step.\n")
}

/// The editor's first text: a copy of the lesson being followed, or a lesson of one step,
/// this one.
pub fn draft(state: &State) -> String {
    match &state.lesson {
        Some(run) => format::write(&run.loaded.lesson),
        None => format!("# A lesson of my own\n{}", as_lesson_step(state)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::base64url;

    #[test]
    fn unknown_oversized_and_broken_links_say_why() {
        assert!(load_lesson("no-such-lesson").is_err());
        let long = "A".repeat(6000);
        assert!(load_lesson(&long).unwrap_err()[0].contains("too long"));
        let broken = base64url(b"# Title\n\n## ?suite=rsa\n? A question first\n");
        let errors = load_lesson(&broken).unwrap_err();
        assert!(errors.iter().any(|e| e.contains("narration")), "{errors:?}");
        let ok = base64url(b"# Mine\n\n## ?suite=tls13&step=2\nServerHello.\n");
        assert_eq!(load_lesson(&ok).unwrap().lesson.title, "Mine");
    }
}
