//! RFC references as links: `RFC 8446 §4.1.2` → the RFC Editor's page at that section.

/// The address of a reference such as `RFC 8446 §4.1.2` or `RFC 8446 App. D.4` (the RFC alone
/// without a section it knows); `None` for text that does not start with an RFC number.
pub fn link(reference: &str) -> Option<String> {
    let rest = reference.trim().strip_prefix("RFC ")?;
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (number, rest) = rest.split_at(digits);
    if number.is_empty() {
        return None;
    }
    let rest = rest.trim_start();
    let (kind, rest) = if let Some(s) = rest.strip_prefix('§') {
        ("section", s)
    } else if let Some(s) = rest.strip_prefix("App. ") {
        ("appendix", s)
    } else {
        ("", "")
    };
    // The section: letters, digits and dots, up to the first other character.
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .unwrap_or(rest.len());
    let section = rest[..end].trim_end_matches('.');
    let anchor = if kind.is_empty() || section.is_empty() {
        String::new()
    } else {
        format!("#{kind}-{section}")
    };
    Some(format!(
        "https://www.rfc-editor.org/rfc/rfc{number}{anchor}"
    ))
}

#[cfg(test)]
mod tests {
    use super::link;

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
    }
}
