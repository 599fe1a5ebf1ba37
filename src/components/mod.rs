//! One component per file; each reads the app state through `use_app` and stays thin —
//! geometry and lookups live in `crate::layout`.

pub mod app_data;
pub mod cert_checks;
pub mod choices;
pub mod controls;
pub mod error_page;
pub mod explanation;
pub mod fault_menu;
pub mod field_tree;
pub mod hex_view;
pub mod inspector;
pub mod keys;
pub mod misconceptions;
pub mod notices;
pub mod sequence;
