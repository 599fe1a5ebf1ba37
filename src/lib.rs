//! TLS Lab web app: renders the engine's transcript of a real TLS 1.2 or 1.3 handshake as a sequence
//! diagram, a field/hex inspector and a key-derivation diagram. Views never call crypto.

// The release build drops Debug formatting (`-Zfmt-debug=none`, scripts/build-page.sh): what
// the page shows must use Display or names, never `{:?}`.
#![cfg_attr(not(test), deny(clippy::use_debug))]

mod app;
mod clipboard;
pub mod compare;
pub mod components;
mod export;
pub mod glossary;
pub mod handshakes;
pub mod layout;
pub mod lesson;
mod perf;
pub mod rfc;
pub mod share;
mod sim;
pub mod state;
pub mod url;
#[cfg(feature = "course")]
mod xapi;

pub use app::App;

/// Mounts [`App`] on the page's body. (A panic becomes a trap that `index.html` shows as an
/// error panel.)
pub fn start() {
    #[cfg(not(feature = "course"))]
    if course_link() {
        return;
    }
    yew::Renderer::<App>::new().render();
}

/// A lesson or practice link opened in the lab goes to the course page, which has them.
#[cfg(not(feature = "course"))]
fn course_link() -> bool {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return false;
    };
    let query = location.search().unwrap_or_default();
    let parsed = url::parse(&query).state;
    let course = parsed.lesson.is_some() || parsed.practice;
    course
        && location
            .replace(&format!("{}{query}", lesson::PAGE))
            .is_ok()
}
