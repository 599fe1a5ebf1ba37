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
pub mod handshakes;
pub mod layout;
mod perf;
pub mod share;
mod sim;
pub mod state;
pub mod url;

pub use app::App;

/// Mounts [`App`] on the page's body. (A panic becomes a trap that `index.html` shows as an
/// error panel.)
pub fn start() {
    yew::Renderer::<App>::new().render();
}
