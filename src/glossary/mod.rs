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
    /// The id of its definition's element.
    pub id: &'static str,
    pub definition: &'static str,
}

pub const TERMS: [Term; 8] = [
    Term {
        name: "PRF",
        words: &["PRF"],
        id: "g-prf",
        definition: "Pseudorandom function. TLS 1.2's PRF (RFC 5246 §5) stretches a secret, a label and a seed into as many bytes as needed, with HMAC-SHA-256 here: it makes the master secret, the key block and Finished's verify_data.",
    },
    Term {
        name: "HKDF",
        words: &["HKDF"],
        id: "g-hkdf",
        definition: "HMAC-based key derivation (RFC 5869). TLS 1.3 derives every secret with it: HKDF-Extract mixes a new input into the schedule, HKDF-Expand-Label derives a named value from a secret (RFC 8446 §7.1).",
    },
    Term {
        name: "AAD",
        words: &["AAD"],
        id: "g-aad",
        definition: "Additional authenticated data: bytes an AEAD cipher such as AES-GCM does not encrypt but does protect, so that changing them makes the tag check fail. TLS 1.2 puts the sequence number and the record's type, version and length there; TLS 1.3 the 5-byte record header.",
    },
    Term {
        name: "nonce",
        words: &["nonce"],
        id: "g-nonce",
        definition: "A number used once. AES-GCM needs a different nonce for every record sealed under one key: TLS 1.2 sends 8 of its 12 bytes in each record (the explicit nonce); TLS 1.3 computes it as write_iv XOR the record's sequence number and never sends it.",
    },
    Term {
        name: "MAC",
        words: &["MAC"],
        id: "g-mac",
        definition: "Message authentication code: a short value computed from a key and a message. Only a holder of the key can compute it, so a value that does not match means the message changed or the keys differ. Finished's verify_data is one; AES-GCM's tag is another.",
    },
    Term {
        name: "SCSV",
        words: &["SCSV"],
        id: "g-scsv",
        definition: "Signaling cipher suite value: a code in the list of cipher suites that offers no cipher but signals something to the server. TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746) says the client supports secure renegotiation.",
    },
    Term {
        name: "middlebox",
        words: &["middleboxes", "middlebox"],
        id: "g-middlebox",
        definition: "A device on the path, such as a firewall, a proxy or an inspecting router, that looks into traffic. Some failed on handshakes that did not look like TLS 1.2, so TLS 1.3 dresses its handshake as one (RFC 8446 App. D.4).",
    },
    Term {
        name: "legacy_version",
        words: &["legacy_version"],
        id: "g-legacy-version",
        definition: "The version field TLS 1.3 leaves at TLS 1.2 (0x0303), because servers and middleboxes broke on higher values; the versions really offered and chosen are in the supported_versions extension (RFC 8446 §4.1.2).",
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
            assert!(t.definition.ends_with('.'), "{}", t.name);
        }
    }
}
