//! Guided lessons (issue 13): a title and a few steps, each a page state with narration and
//! perhaps a question. The shipped ones are `lessons/*.md`, compiled in (and refused by
//! `build.rs` if they do not parse); a teacher's own travels inline in the link, as
//! `lesson=` and the base64url of the same text.

pub mod fill;
pub mod format;

pub use format::{Lesson, Piece, Question, Step};

use base64ct::{Base64UrlUnpadded, Encoding};

/// Where lessons and practice open, relative to this page: the course page is the lab with
/// them (`course` feature), in the lab's `course/` folder.
pub const PAGE: &str = if cfg!(feature = "course") {
    "./"
} else {
    "course/"
};

// `SHIPPED` (ids and titles) and `TEXTS`, from `lessons/` by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// A lesson and what the URL calls it: a shipped lesson's id, or the inline text's base64url.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub param: String,
    pub lesson: Lesson,
}

/// The course page's address for `query` (from `?`, or empty), seen from this page.
pub fn course_url(query: &str) -> String {
    [PAGE, query].concat()
}

/// base64url without padding (RFC 4648 §5): safe in a query as it is.
pub fn base64url(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}
