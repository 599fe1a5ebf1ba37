//! Under the inspector's panes: what the field the student points at is for, in one line, and
//! its RFC section as a link. The notes (`static/fields.txt`) are fetched the first time a
//! field is pointed at, so they cost the first load nothing; until then, and for a field with
//! no note, only the name and the RFC link show. Functions, not a component: each component
//! costs the first load its own code.

use std::rc::Rc;

use yew::prelude::*;

/// The notes file: `NAME<TAB>NOTE` lines, `#` comments; `* length` for every length prefix.
pub type Notes = Rc<str>;

/// The notes, once loaded: the load starts the first time `wanted` (a field is pointed at).
#[hook]
pub fn use_notes(wanted: bool) -> Option<Notes> {
    crate::hooks::use_text_file("fields.txt", wanted)
}

/// The line under a pane for field `name`, with its (or its nearest enclosing field's) RFC
/// section.
pub fn view(notes: Option<&str>, name: &str, rfc: Option<&str>) -> Html {
    // "cipher_suites length" and the like: one note for every length prefix.
    let key = if name.ends_with(" length") {
        "* length"
    } else {
        name
    };
    let note = notes.and_then(|text| crate::hooks::line(text, key));
    let link = rfc.and_then(|r| Some((r, crate::rfc::link(r)?)));
    html! {
        <p class="field-note">
            <strong>{ name.to_string() }</strong>
            if let Some(note) = note { { ": " }{ note.to_string() } }
            if let Some((text, href)) = link {
                { " " }<a href={href} target="_blank" rel="noopener">{ text.to_string() }</a>
            }
        </p>
    }
}
