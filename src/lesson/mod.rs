//! Guided lessons (issue 13): a title and a few steps, each a page state with narration and
//! perhaps a question. The shipped ones are `lessons/*.md`, compiled in (and refused by
//! `build.rs` if they do not parse); a teacher's own travels inline in the link, as
//! `lesson=` and the base64url of the same text.

pub mod fill;
pub mod format;

pub use format::{Lesson, Piece, Question, Step};

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
            let bytes = base64url_decode(param).ok_or_else(not_one)?;
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

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding (RFC 4648 §5): safe in a query as it is.
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// The inverse of [`base64url`]; `None` for a character outside the alphabet, padding, or a
/// length no encoding has.
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 2);
    for chunk in s.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let v = ALPHABET.iter().position(|&a| a == c)? as u32;
            n |= v << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_and_refuses_garbage() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let s = base64url(&bytes);
            assert!(!s.contains(['+', '/', '=']));
            assert_eq!(base64url_decode(&s), Some(bytes));
        }
        // RFC 4648 §10's vectors, in the URL alphabet without padding.
        assert_eq!(base64url(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url(b"fooba"), "Zm9vYmE");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        for bad in ["Zm9vY", "Zm9v+", "Zm9v=", "Zm 9"] {
            assert_eq!(base64url_decode(bad), None, "{bad}");
        }
    }

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
