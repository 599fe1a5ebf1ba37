//! TLS Lab web app: renders the engine's transcript of a real TLS 1.2 handshake as a sequence
//! diagram, a field/hex inspector and a key-derivation diagram. Views never call crypto.

mod app;
mod clipboard;
pub mod components;
mod export;
pub mod layout;
pub mod panic;
mod perf;
pub mod share;
mod sim;
pub mod state;
pub mod url;

pub use app::App;

/// Installs the panic hook and mounts [`App`] on the page's body.
pub fn start() {
    panic::install();
    yew::Renderer::<App>::new().render();
}
