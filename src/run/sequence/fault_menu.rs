//! The fault menu of one arrow: what the wire should do to that record. Choosing re-runs the
//! simulation with the fault; the endpoints' real code decides what happens next.

use crate::hooks::{on, on_value, use_app};
use crate::state::{Action, Edit};
use engine::Fault;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The record's number on the wire.
    pub record: usize,
    /// Its length in bytes (offsets and lengths must fall inside it).
    pub len: usize,
    /// Where to show the menu, in pixels from the top of the diagram.
    pub top: i32,
}

#[component]
pub fn FaultMenu(props: &Props) -> Html {
    let app = use_app();
    let menu = use_node_ref();
    crate::hooks::use_reveal(menu.clone(), props.record);
    let record = props.record;
    let last = props.len.saturating_sub(1);
    // Defaults that teach something: a byte of the body, and a cut inside the body.
    let offset = use_state(|| (props.len / 2).min(last));
    let length = use_state(|| props.len / 2);

    let set = |f: Fault| on::<MouseEvent>(&app, Action::Rerun(Edit::Fault(Some(f))));
    let number_input = |handle: UseStateHandle<usize>, max: usize| {
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse::<usize>() {
                handle.set(v.min(max));
            }
        })
    };
    let close = on(&app, Action::ToggleFaultMenu(record));
    let on_key = on_value(&app, move |e: KeyboardEvent| {
        (e.key() == "Escape").then_some(Action::ToggleFaultMenu(record))
    });
    let clear = app.scenario.fault.map(|f| {
        let onclick = on(&app, Action::Rerun(Edit::Fault(None)));
        html! { <button type="button" class="clear" onclick={onclick}>{ format!("Remove fault {f}") }</button> }
    });

    html! {
        <div class="fault-menu" ref={menu} role="group" aria-label={format!("Faults for record {record}")}
             style={format!("top:{}px", props.top)} onkeydown={on_key}>
            <p class="fault-menu-title">{ format!("Break record {record} on the wire") }</p>
            <button type="button" onclick={set(Fault::Drop { record })}>{ "Drop" }</button>
            <div class="fault-row">
                <button type="button" onclick={set(Fault::Flip { record, offset: *offset })}>{ "Flip a byte" }</button>
                <label>{ "at offset " }
                    <input type="number" min="0" max={last.to_string()} value={offset.to_string()}
                           oninput={number_input(offset.clone(), last)} />
                </label>
            </div>
            <button type="button" onclick={set(Fault::Reorder { record })}>{ "Reorder with next" }</button>
            <button type="button" onclick={set(Fault::Replay { record })}>{ "Replay" }</button>
            <div class="fault-row">
                <button type="button" onclick={set(Fault::Truncate { record, length: *length })}>{ "Truncate" }</button>
                <label>{ "to length " }
                    <input type="number" min="0" max={last.to_string()} value={length.to_string()}
                           oninput={number_input(length.clone(), last)} />
                </label>
            </div>
            { clear.unwrap_or_default() }
            <button type="button" class="close" onclick={close}>{ "Close" }</button>
        </div>
    }
}
