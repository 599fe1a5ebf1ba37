//! One run on the page, panel by panel: the sequence diagram, the inspector and the key
//! diagram (each a folder with its pure layout code beside its view, unit-tested natively),
//! and the smaller panels around them. A view with no state of its own is a function of the
//! state, not a component: each component costs the first load its own code.

pub mod app_data;
pub mod attacker;
pub mod cert_checks;
pub mod choices;
pub mod client_cert;
pub mod controls;
pub mod error_page;
pub mod explanation;
pub mod inspector;
pub mod keys;
pub mod misconceptions;
pub mod sequence;
pub mod visit;
