//! Under the inspector's panes: what the field the student points at is for, in one line, and
//! its RFC section as a link. The notes (`static/fields.txt`) are fetched the first time a
//! field is pointed at, so they cost the first load nothing; until then, and for a field with
//! no note, only the name and the RFC link show. Functions, not a component: each component
//! costs the first load its own code.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// The notes file: `NAME<TAB>NOTE` lines, `#` comments; `* length` for every length prefix.
pub type Notes = Rc<str>;

thread_local! {
    /// Loaded once per page: every inspector shares them.
    static LOADED: RefCell<Option<Notes>> = const { RefCell::new(None) };
}

/// The notes, once loaded: the load starts the first time `wanted` (a field is pointed at).
#[hook]
pub fn use_notes(wanted: bool) -> Option<Notes> {
    let notes = use_state(|| LOADED.with(|l| l.borrow().clone()));
    {
        let notes = notes.clone();
        use_effect_with(wanted, move |&wanted| {
            if wanted && notes.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some(loaded) = fetch_notes().await {
                        LOADED.with(|l| *l.borrow_mut() = Some(loaded.clone()));
                        notes.set(Some(loaded));
                    }
                });
            }
        });
    }
    (*notes).clone()
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
    let note = notes.and_then(|text| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('\t'))
    });
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

/// `fields.txt`, beside the page.
async fn fetch_notes() -> Option<Notes> {
    let window = web_sys::window()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str("fields.txt"))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?;
    Some(Rc::from(text.as_string()?))
}
