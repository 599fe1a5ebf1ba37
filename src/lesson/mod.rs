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

/// The lesson a `lesson=` value names, or why there is none (one sentence per problem).
#[cfg(feature = "course")]
pub fn load(param: &str) -> Result<Loaded, Vec<String>> {
    let text = match SHIPPED.iter().position(|(id, _)| *id == param) {
        Some(i) => TEXTS[i].to_string(),
        None => {
            let ids: Vec<&str> = SHIPPED.iter().map(|(id, _)| *id).collect();
            let not_one = || {
                vec![format!(
                    "The lesson in this link could not be read: it is neither a lesson of this page ({}) nor a lesson's text in base64url.",
                    ids.join(", ")
                )]
            };
            // Checked before decoding, so an oversized link costs nothing.
            if param.len() > format::MAX_BYTES.div_ceil(3) * 4 {
                return Err(vec![format!(
                    "The lesson in this link is too long: a lesson holds at most {} bytes.",
                    format::MAX_BYTES
                )]);
            }
            let bytes = Base64UrlUnpadded::decode_vec(param).map_err(|_| not_one())?;
            String::from_utf8(bytes).map_err(|_| not_one())?
        }
    };
    format::parse(&text)
        .map(|lesson| Loaded {
            param: param.to_string(),
            lesson,
        })
        .map_err(|errors| errors.iter().map(|e| format!("{e}.")).collect())
}

/// base64url without padding (RFC 4648 §5): safe in a query as it is.
pub fn base64url(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_oversized_and_broken_links_say_why() {
        assert!(load("no-such-lesson").is_err());
        let long = "A".repeat(6000);
        assert!(load(&long).unwrap_err()[0].contains("too long"));
        let broken = base64url(b"# Title\n\n## ?suite=rsa\n? A question first\n");
        let errors = load(&broken).unwrap_err();
        assert!(errors.iter().any(|e| e.contains("narration")), "{errors:?}");
        let ok = base64url(b"# Mine\n\n## ?suite=tls13&step=2\nServerHello.\n");
        assert_eq!(load(&ok).unwrap().lesson.title, "Mine");
    }
}
