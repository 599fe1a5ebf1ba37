//! The lab's stand-ins for the course page's module (built when the `course` feature is off):
//! the same names as `course/mod.rs`, doing what the lab does instead. Lessons and practice
//! open in the course page, so no lesson or practice ever reaches the lab's `State`, and the
//! course's actions cannot be made (`Action` has no value).

use std::rc::Rc;

use engine::Transcript;
use yew::prelude::*;

use crate::lesson::{self, Loaded};
use crate::state::{Practice, State};

/// No course action exists in the lab.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {}

/// Unreachable: there is no course action to reduce.
pub fn reduce(_: &State, action: Action) -> State {
    match action {}
}

/// Lessons open in the course page.
pub fn load_lesson(_: &str) -> Result<Loaded, Vec<String>> {
    Err(vec![format!(
        "Lessons open in the course page: {}.",
        lesson::PAGE
    )])
}

/// Practice opens in the course page.
pub fn practice_of(_: &Transcript) -> Option<Rc<Practice>> {
    None
}

/// A lesson or practice link opened in the lab goes to the course page, which has them: true
/// when the page is on its way there.
pub fn hand_over() -> bool {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return false;
    };
    let query = location.search().unwrap_or_default();
    let parsed = crate::url::parse(&query).state;
    (parsed.lesson.is_some() || parsed.practice)
        && location.replace(&lesson::course_url(&query)).is_ok()
}

/// The lab opens no lesson: it renders at once.
pub fn mount(render: impl FnOnce()) {
    render();
}

/// Nothing beside the diagram in the lab.
pub fn guide(_: &UseReducerHandle<State>) -> Html {
    Html::default()
}

/// Nothing to tell an LMS.
#[hook]
pub fn use_course(app: &UseReducerHandle<State>) {
    let _ = app;
}

/// Share & export's way to write a lesson: this step, in the course page.
pub fn write_lesson(app: &UseReducerHandle<State>) -> Html {
    let here = crate::url::to_query(&app.to_url());
    html! {
        <p><a href={lesson::course_url(&here)}>{ "Write a lesson: open this step in the course page" }</a></p>
    }
}
