//! The page's hooks and event helpers, in one place: the app state every view reads
//! ([`use_app`]), callbacks that dispatch actions ([`on`], [`on_value`], [`press`]), and
//! [`use_reveal`], which shows a just-opened menu whole, [`use_text_file`], which loads a text
//! file beside the page on first use, and the page-wide ones: the colour scheme
//! ([`use_theme`]) and the keyboard ([`use_keyboard`]).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::state::{Action, State};
use crate::url::Theme;

/// The app state, which [`crate::App`] provides to every panel. Here rather than in `app.rs`,
/// so the components depend on the state, not on the root that renders them.
#[hook]
pub fn use_app() -> UseReducerHandle<State> {
    // Every component lives under App's ContextProvider; without it there is nothing to render.
    use_context::<UseReducerHandle<State>>().expect("components are rendered inside App")
}

/// A callback that dispatches `action`, whatever the event: one closure type for every
/// button of the page (fewer closures also mean less wasm).
pub fn on<E: 'static>(app: &UseReducerHandle<State>, action: Action) -> Callback<E> {
    let dispatcher = app.dispatcher();
    Callback::from(move |_: E| dispatcher.dispatch(action.clone()))
}

/// A callback that dispatches what `read` makes of the event, if anything (a form field's
/// value that parses).
pub fn on_value<E: 'static>(
    app: &UseReducerHandle<State>,
    read: impl Fn(E) -> Option<Action> + 'static,
) -> Callback<E> {
    let dispatcher = app.dispatcher();
    Callback::from(move |e: E| {
        if let Some(action) = read(e) {
            dispatcher.dispatch(action);
        }
    })
}

/// Click, Enter and Space for an SVG element with `role="button"`: a `<g>` is not a
/// `<button>`, so the keys that press a button are wired by hand.
pub fn press(
    app: &UseReducerHandle<State>,
    action: Action,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let click = on(app, action.clone());
    let key = on_value(app, move |e: KeyboardEvent| {
        let press = e.key() == "Enter" || e.key() == " ";
        if press {
            e.prevent_default();
        }
        press.then(|| action.clone())
    });
    (click, key)
}

/// Whenever `shown` changes, brings the element (if it is on the page) into the window's view
/// when its bottom is below the window's: a menu or details opened near the bottom of the
/// screen are shown whole.
#[hook]
pub fn use_reveal<D: PartialEq + 'static>(element: NodeRef, shown: D) {
    use_effect_with(shown, move |_| {
        let Some(el) = element.cast::<web_sys::Element>() else {
            return;
        };
        let height = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(f64::MAX);
        if el.get_bounding_client_rect().bottom() > height {
            el.scroll_into_view_with_bool(false);
        }
    });
}

/// `theme=light|dark` fixes the colour scheme (the CSS picks colours with `light-dark()`);
/// `auto` follows the reader's system.
#[hook]
pub fn use_theme(theme: Theme) {
    use_effect_with(theme, |theme| {
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element());
        if let Some(root) = root {
            let _ = match theme {
                Theme::Auto => root.remove_attribute("data-theme"),
                fixed => root.set_attribute("data-theme", fixed.as_str()),
            };
        }
    });
}

/// ← → Home End move through the steps, Space plays and pauses, Escape closes the fault menu
/// and the key details, wherever the focus is — except in form fields and on buttons, which
/// keep their own keys (Space).
#[hook]
pub fn use_keyboard(dispatcher: UseReducerDispatcher<State>) {
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|w| {
            // Not passive (gloo's default): the arrow keys and Space must not scroll too.
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&w, "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if let Some(action) = key_action(e) {
                    // Escape keeps its default too: it closes an open glossary popover.
                    if !matches!(action, Action::CloseMenus) {
                        e.prevent_default();
                    }
                    dispatcher.dispatch(action);
                }
            })
        });
        move || drop(listener)
    });
}

/// The action a key press asks for, if any.
fn key_action(e: &KeyboardEvent) -> Option<Action> {
    if e.alt_key() || e.ctrl_key() || e.meta_key() || e.default_prevented() {
        return None;
    }
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let tag = target.as_ref().map(|t| t.tag_name()).unwrap_or_default();
    if matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT") {
        return None;
    }
    let on_button = tag == "BUTTON"
        || target.and_then(|t| t.get_attribute("role")).as_deref() == Some("button");
    Some(match e.key().as_str() {
        "ArrowRight" => Action::Next,
        "ArrowLeft" => Action::Previous,
        "Home" => Action::First,
        "End" => Action::Last,
        " " if !on_button => Action::TogglePlay,
        "Escape" => Action::CloseMenus,
        _ => return None,
    })
}

thread_local! {
    /// The text files loaded so far, once per page: every view shares them.
    static TEXTS: RefCell<Vec<(&'static str, Rc<str>)>> = const { RefCell::new(Vec::new()) };
}

/// A text file beside the page (`fields.txt`, `glossary.txt`), fetched the first time `wanted`
/// is true and kept for the page's life: what only some students read stays out of the first
/// load. `None` until it has arrived (or if it cannot be fetched).
#[hook]
pub fn use_text_file(file: &'static str, wanted: bool) -> Option<Rc<str>> {
    let text = use_state(|| cached_text(file));
    {
        let text = text.clone();
        use_effect_with(wanted, move |&wanted| {
            if wanted && text.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some(fetched) = load_text(file).await {
                        text.set(Some(fetched));
                    }
                });
            }
        });
    }
    (*text).clone()
}

/// The line `KEY<TAB>VALUE` of such a file: its value.
pub fn line<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix('\t'))
}

/// A text file fetched before (by [`use_text_file`] or [`load_text`]).
pub fn cached_text(file: &str) -> Option<Rc<str>> {
    TEXTS.with(|t| {
        t.borrow()
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, t)| t.clone())
    })
}

/// Fetches a text file beside the page into the cache, unless it is there already.
pub async fn load_text(file: &'static str) -> Option<Rc<str>> {
    if let Some(text) = cached_text(file) {
        return Some(text);
    }
    let fetched = fetch_text(file).await?;
    TEXTS.with(|t| t.borrow_mut().push((file, fetched.clone())));
    Some(fetched)
}

async fn fetch_text(file: &str) -> Option<Rc<str>> {
    let window = web_sys::window()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(file))
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
