//! The field tree of one buffer: record header → handshake header → body → each extension,
//! named as the RFC and Wireshark name them, with decoded values.

use std::rc::Rc;

use engine::transcript::Field;
use yew::prelude::*;

use crate::run::inspector::fields::FieldPath;

/// What the tree shows and whom it tells.
pub struct Props {
    /// Shared, not copied: the inspector re-renders on every hover.
    pub fields: Rc<[Field]>,
    /// The field whose bytes are highlighted (hovered or selected).
    pub highlight: Option<FieldPath>,
    /// The field the student clicked.
    pub selected: Option<FieldPath>,
    pub on_hover: Callback<Option<FieldPath>>,
    pub on_select: Callback<FieldPath>,
    /// The box scrolled (the inspector brings it back to the top on the next record).
    pub on_scroll: Callback<Event>,
}

/// A function of its inputs, not a component: each component costs the first load its own
/// code.
pub fn view(props: &Props) -> Html {
    let leave = {
        let on_hover = props.on_hover.clone();
        Callback::from(move |_: MouseEvent| on_hover.emit(None))
    };
    html! {
        <ul class="field-tree" role="tree" aria-label="Fields" onmouseleave={leave}
            onscroll={props.on_scroll.clone()}>
            { for props.fields.iter().enumerate().map(|(i, f)| node(f, vec![i], props)) }
        </ul>
    }
}

fn node(f: &Field, path: FieldPath, props: &Props) -> Html {
    let hl = props.highlight.as_ref() == Some(&path);
    let sel = props.selected.as_ref() == Some(&path);
    let enter = {
        let (on_hover, p) = (props.on_hover.clone(), path.clone());
        Callback::from(move |_: MouseEvent| on_hover.emit(Some(p.clone())))
    };
    let focus = {
        let (on_hover, p) = (props.on_hover.clone(), path.clone());
        Callback::from(move |_: FocusEvent| on_hover.emit(Some(p.clone())))
    };
    let blur = {
        let on_hover = props.on_hover.clone();
        Callback::from(move |_: FocusEvent| on_hover.emit(None))
    };
    let click = {
        let (on_select, p) = (props.on_select.clone(), path.clone());
        Callback::from(move |_: MouseEvent| on_select.emit(p.clone()))
    };
    let len = f.end.saturating_sub(f.start);
    html! {
        <li role="treeitem" aria-selected={sel.to_string()}>
            <button type="button" class={classes!("field", hl.then_some("hl"), sel.then_some("sel"))}
                    data-name={f.name.clone()} data-start={f.start.to_string()} data-end={f.end.to_string()}
                    aria-pressed={sel.to_string()}
                    onmouseenter={enter} onfocus={focus} onblur={blur} onclick={click}>
                <span class="name">{ &f.name }</span>
                if !f.value.is_empty() { <span class="value">{ &f.value }</span> }
                <span class="len">{ format!("{len} B") }</span>
                if !f.rfc.is_empty() { <span class="rfc">{ &f.rfc }</span> }
            </button>
            if !f.children.is_empty() {
                <ul role="group">
                    { for f.children.iter().enumerate().map(|(i, c)| {
                        let mut p = path.clone();
                        p.push(i);
                        node(c, p, props)
                    }) }
                </ul>
            }
        </li>
    }
}
