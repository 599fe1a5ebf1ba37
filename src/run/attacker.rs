//! The "Attacker on the path" choice (issue 33): nobody on the path, or an active attacker and
//! what it tries: the lab's attacker build's menu. Elsewhere in the lab a link in the
//! masthead's menu (`page::learn`, through `choices::link`) opens that build.

#[cfg(feature = "attack")]
use engine::attack::Attack;
#[cfg(feature = "attack")]
use yew::prelude::*;

#[cfg(feature = "attack")]
use crate::hooks::on_value;
#[cfg(feature = "attack")]
use crate::state::{Action, Edit, State};

/// This run with `attack` on the path (or none), from its first step, without a fault.
#[cfg(feature = "attack")]
pub fn link(app: &State, attack: Option<Attack>) -> String {
    super::choices::link(app, None, false, attack)
}

/// The attacker build's menu.
#[cfg(feature = "attack")]
pub fn choice(app: &UseReducerHandle<State>) -> Html {
    let current = app.scenario.attack;
    let onchange = on_value(app, |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        Some(Action::Rerun(Edit::Attack(Attack::parse(&select.value()))))
    });
    let option = |a: Option<Attack>| {
        html! {
            <option value={a.map_or("", Attack::as_str)} selected={a == current}>{ crate::attacker::label(a) }</option>
        }
    };
    html! {
        <fieldset>
            <legend>{ "Attacker on the path" }</legend>
            <label for="attack" class="visually-hidden">{ "What an active attacker between the browser and the server does" }</label>
            <select id="attack" onchange={onchange}>
                { option(None) }
                { for Attack::ALL.into_iter().map(|a| option(Some(a))) }
            </select>
        </fieldset>
    }
}
