//! "Lessons and practice": a menu in the masthead (it takes no room from the handshake on a
//! phone) with the shipped lessons and practice on this run, all in the course page, and in
//! the lab's first build a link to this run's second visit (resumption), and in the lab's
//! builds without the attacker a link to this run with one.

use yew::prelude::*;

use crate::lesson;
use crate::state::State;
use crate::url::{self, UrlState};

/// A function of the page's state, not a component: each component costs the first load its
/// own code.
pub fn view(app: &State) -> Html {
    html! {
        <details class="learn">
            <summary>{ "Lessons and practice" }</summary>
            <ul>
                { for lesson::SHIPPED.iter().map(|(id, title)| html! {
                    <li><a href={lesson::course_url(&format!("?lesson={id}"))}>{ *title }</a></li>
                }) }
                // The course page has no mutual TLS nor resumption (their code is the lab's
                // extended builds').
                if app.practice.is_none() && app.scenario.client_cert.is_none() && !app.scenario.resumes() && app.scenario.attacked().is_none() {
                    <li><a href={practice_link(app)}>{ "Practise on this run: predict each record" }</a></li>
                }
                // The lab's first build: this run's second visit (the resumption build has the
                // "Visit" choice instead).
                if cfg!(all(feature = "extended-choices", not(feature = "resumption"))) {
                    { item("visit", crate::run::choices::link(app, None, true, None), "Resumption: this run's second visit, beside its first") }
                }
                // The lab's builds without the attacker: this run with one.
                if cfg!(all(feature = "extended-choices", not(feature = "attack"))) {
                    { item("attack-link", crate::run::choices::link(app, None, false, Some(engine::attack::Attack::RelayCert)), "An active attacker on the path: what authentication is for") }
                }
            </ul>
        </details>
    }
}

/// A link of the menu to this run in another of the lab's builds.
fn item(id: &'static str, href: String, text: &'static str) -> Html {
    html! { <li><a {id} {href}>{ text }</a></li> }
}

/// This run in practice mode, in the course page, from its first record.
fn practice_link(app: &State) -> String {
    let query = url::to_query(&UrlState {
        practice: true,
        step: None,
        compare: None,
        lesson: None,
        lesson_step: None,
        ..app.to_url()
    });
    lesson::course_url(&query)
}
