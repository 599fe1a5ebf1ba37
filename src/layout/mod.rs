//! Pure geometry and lookups for the views: no DOM, no Yew, unit-tested natively.

pub mod fields;
pub mod hex;
pub mod keys;
pub mod sequence;
