//! TLS Lab web app: renders the engine's transcript of a real TLS 1.2 or 1.3 handshake as a sequence
//! diagram, a field/hex inspector and a key-derivation diagram. Views never call crypto.

// The release build drops Debug formatting (`-Zfmt-debug=none`, scripts/build-page.sh): what
// the page shows must use Display or names, never `{:?}`.
#![cfg_attr(not(test), deny(clippy::use_debug))]

mod app;
/// The attacker on the path: who sent a record (every build), its panel (the attacker build).
pub mod attacker;
pub mod compare;
/// Lessons, practice, the lesson editor and xAPI: the course page's.
#[cfg(feature = "course")]
pub mod course;
/// The lab's stand-ins for them: lesson and practice links go to the course page.
#[cfg(not(feature = "course"))]
#[path = "course/absent.rs"]
pub mod course;
/// The eavesdropper's panel: the lab's.
#[cfg(feature = "eavesdropper")]
pub mod eavesdropper;
/// The course page's stand-in: its place links to the lab.
#[cfg(not(feature = "eavesdropper"))]
#[path = "eavesdropper/absent.rs"]
pub mod eavesdropper;
pub mod glossary;
pub mod handshakes;
pub mod hooks;
pub mod lesson;
pub mod page;
mod perf;
/// The recorded page: a connection of a student's own capture in the lab's views.
#[cfg(feature = "recorded")]
pub mod recorded;
pub mod rfc;
pub mod run;
pub mod share;
mod sim;
pub mod state;
pub mod url;
/// The browser's first and second visits (resumption): the lab's extended build's.
#[cfg(feature = "resumption")]
pub mod visits;

pub use app::App;

/// Mounts [`App`] on the page's body (in the course page, once the lesson a link opens has
/// arrived: `course::mount`). A panic becomes a trap that `index.html` shows as an error panel.
pub fn start() {
    if course::hand_over() {
        return;
    }
    course::mount(|| {
        yew::Renderer::<App>::new().render();
    });
}
