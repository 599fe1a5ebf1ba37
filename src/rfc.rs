//! RFC references as links: `RFC 8446 §4.1.2` → the RFC Editor's page at that section.

/// The address of a reference such as `RFC 8446 §4.1.2` or `RFC 8446 App. D.4` (the RFC alone
/// without a section it knows); `None` for text that does not start with an RFC number.
pub fn link(reference: &str) -> Option<String> {
    at_start(reference.trim()).map(|(_, address)| address)
}

/// The reference `text` starts with: its length in bytes and its address.
pub fn at_start(text: &str) -> Option<(usize, String)> {
    let rest = text.strip_prefix("RFC ")?;
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (number, rest) = rest.split_at(digits);
    if number.is_empty() {
        return None;
    }
    let (tail, section) = [(" §", "section"), (" App. ", "appendix")]
        .into_iter()
        .find_map(|(mark, kind)| {
            let s = rest.strip_prefix(mark)?;
            // The section: letters, digits and dots, up to the first other character.
            let end = s
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
                .unwrap_or(s.len());
            let section = s[..end].trim_end_matches('.');
            (!section.is_empty()).then_some((mark.len() + section.len(), (kind, section)))
        })
        .map_or((0, None), |(len, s)| (len, Some(s)));
    let anchor = section.map_or(String::new(), |(kind, s)| format!("#{kind}-{s}"));
    Some((
        "RFC ".len() + number.len() + tail,
        format!("https://www.rfc-editor.org/rfc/rfc{number}{anchor}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::{at_start, link};

    #[test]
    fn references_become_section_links() {
        let rfc = |s: &str| link(s).unwrap_or_default();
        assert_eq!(
            rfc("RFC 8446 §4.1.2"),
            "https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2"
        );
        assert_eq!(
            rfc("RFC 5246 §7.4.1.2, and more"),
            "https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.2"
        );
        assert_eq!(
            rfc("RFC 8446 App. D.4"),
            "https://www.rfc-editor.org/rfc/rfc8446#appendix-D.4"
        );
        assert_eq!(rfc("RFC 5280"), "https://www.rfc-editor.org/rfc/rfc5280");
        assert_eq!(link("draft-ietf-tls-ecdhe-mlkem"), None);
        assert_eq!(link("RFC §3"), None);
        // The length covers the reference and no more: not a full stop, not a comma.
        let len = |s: &'static str| at_start(s).map(|(n, _)| &s[..n]);
        assert_eq!(len("RFC 8446 §4.1.2. Then"), Some("RFC 8446 §4.1.2"));
        assert_eq!(len("RFC 8446 App. D.4)"), Some("RFC 8446 App. D.4"));
        assert_eq!(len("RFC 10015 (2026)"), Some("RFC 10015"));
        assert_eq!(len("RFC 5246 §, x"), Some("RFC 5246"));
    }
}
