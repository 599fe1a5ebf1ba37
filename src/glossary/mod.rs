//! The glossary: the few words the explanations use without explaining them, each defined
//! once, and the text of an explanation with the first mention of each word made a button that
//! opens its definition (the browser's own `popover`: Escape and a click elsewhere close it).
//! Pure text here; `view.rs` draws the definitions.

pub mod view;

/// One term: the words that mention it in a text, its anchor, and what it means.
pub struct Term {
    pub name: &'static str,
    /// Whole words that mention it, longest first (`middleboxes` before `middlebox`).
    pub words: &'static [&'static str],
    /// The id of its definition's element, and its key in `static/glossary.txt`.
    pub id: &'static str,
}

pub const TERMS: [Term; 8] = [
    Term {
        name: "PRF",
        words: &["PRF"],
        id: "g-prf",
    },
    Term {
        name: "HKDF",
        words: &["HKDF"],
        id: "g-hkdf",
    },
    Term {
        name: "AAD",
        words: &["AAD"],
        id: "g-aad",
    },
    Term {
        name: "nonce",
        words: &["nonce"],
        id: "g-nonce",
    },
    Term {
        name: "MAC",
        words: &["MAC"],
        id: "g-mac",
    },
    Term {
        name: "SCSV",
        words: &["SCSV"],
        id: "g-scsv",
    },
    Term {
        name: "middlebox",
        words: &["middleboxes", "middlebox"],
        id: "g-middlebox",
    },
    Term {
        name: "legacy_version",
        words: &["legacy_version"],
        id: "g-legacy-version",
    },
];

/// A piece of a text: plain, or the mention of a term.
pub enum Piece<'a> {
    Text(&'a str),
    Term(&'a str, &'static Term),
    /// An RFC reference and its address (`crate::rfc`).
    Rfc(&'a str, String),
}

/// `text` cut into pieces, the first mention of each term and every RFC reference marked. A mention is a whole word:
/// no letter, digit or `_` next to it (`TLS_EMPTY_RENEGOTIATION_INFO_SCSV` names no term,
/// `HKDF-Expand-Label` mentions HKDF).
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut used = [false; TERMS.len()];
    let mut plain = 0;
    let mut i = 0;
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let starts_word = i == 0 || !word(bytes[i - 1]);
        let found = starts_word
            .then(|| {
                TERMS.iter().enumerate().find_map(|(k, t)| {
                    let w = t.words.iter().find(|w| {
                        text[i..].starts_with(*w)
                            && bytes.get(i + w.len()).is_none_or(|&c| !word(c))
                    })?;
                    (!used[k]).then_some((k, w.len()))
                })
            })
            .flatten();
        if let Some((len, address)) = starts_word
            .then(|| crate::rfc::at_start(&text[i..]))
            .flatten()
        {
            if plain < i {
                out.push(Piece::Text(&text[plain..i]));
            }
            out.push(Piece::Rfc(&text[i..i + len], address));
            i += len;
            plain = i;
            continue;
        }
        match found {
            Some((k, len)) => {
                if plain < i {
                    out.push(Piece::Text(&text[plain..i]));
                }
                out.push(Piece::Term(&text[i..i + len], &TERMS[k]));
                used[k] = true;
                i += len;
                plain = i;
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if plain < text.len() {
        out.push(Piece::Text(&text[plain..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLOSSARY: &str = include_str!("../../static/glossary.txt");

    fn marked(text: &str) -> Vec<String> {
        pieces(text)
            .iter()
            .filter_map(|p| match p {
                Piece::Term(w, t) => Some(format!("{w}={}", t.id)),
                Piece::Rfc(r, address) => Some(format!("{r}={address}")),
                Piece::Text(_) => None,
            })
            .collect()
    }

    #[test]
    fn first_whole_word_mentions_are_marked_and_the_text_is_kept() {
        let text = "The PRF makes it; the PRF again. HKDF-Expand-Label, middleboxes, TLS_EMPTY_RENEGOTIATION_INFO_SCSV, nonces, the nonce é.";
        assert_eq!(
            marked(text),
            [
                "PRF=g-prf",
                "HKDF=g-hkdf",
                "middleboxes=g-middlebox",
                "nonce=g-nonce"
            ]
        );
        let again: String = pieces(text)
            .iter()
            .map(|p| match p {
                Piece::Text(s) | Piece::Term(s, _) | Piece::Rfc(s, _) => *s,
            })
            .collect();
        assert_eq!(again, text);
        assert!(marked("").is_empty());
        assert_eq!(marked("MAC"), ["MAC=g-mac"]);
        // Every RFC reference is a link; "XRFC 1" is not one.
        assert_eq!(
            marked("(RFC 8446 §5.2; RFC 8446 §5.2.) XRFC 1"),
            [
                "RFC 8446 §5.2=https://www.rfc-editor.org/rfc/rfc8446#section-5.2",
                "RFC 8446 §5.2=https://www.rfc-editor.org/rfc/rfc8446#section-5.2"
            ]
        );
    }

    #[test]
    fn every_term_is_named_by_its_words_and_has_a_unique_id() {
        for (i, t) in TERMS.iter().enumerate() {
            assert!(t.words.contains(&t.name), "{}", t.name);
            assert!(TERMS[i + 1..].iter().all(|u| u.id != t.id), "{}", t.id);
            let definition = crate::hooks::line(GLOSSARY, t.id).unwrap_or_default();
            assert!(
                definition.ends_with('.'),
                "{}: defined in glossary.txt",
                t.name
            );
        }
    }
}
