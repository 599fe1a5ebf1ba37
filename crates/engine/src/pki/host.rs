//! Host name checks as browsers make them (RFC 9525 §6.3, which obsoletes RFC 6125; RFC 2818
//! §3.1): only subjectAltName DNS names count.

/// Whether the DNS name `pattern` from a certificate matches `host`: ASCII case is ignored,
/// a trailing dot is ignored, and a left-most label of exactly `*` stands for one label
/// (RFC 9525 §6.3), never for a public suffix like `*.com` (CA/B Forum BR §3.2.2.6).
pub fn matches(pattern: &str, host: &str) -> bool {
    let pattern = normalize(pattern);
    let host = normalize(host);
    if host.is_empty() || pattern.is_empty() || host.contains('*') {
        return false;
    }
    match pattern.strip_prefix("*.") {
        Some(suffix) => {
            // The wildcard label is the host's first label; it must not be empty.
            let Some((first, rest)) = host.split_once('.') else {
                return false;
            };
            !first.is_empty() && rest == suffix && suffix.contains('.') && !suffix.contains('*')
        }
        None => !pattern.contains('*') && pattern == host,
    }
}

/// The outcome of matching the leaf against the name the browser asked for, with the
/// values compared. `dns_names` is `None` when the leaf has no subjectAltName at all.
pub fn check(
    dns_names: Option<&[String]>,
    common_name: Option<&str>,
    host: &str,
) -> (bool, String) {
    match dns_names {
        Some(names) => {
            let listed = if names.is_empty() {
                "no DNS names".to_string()
            } else {
                names.join(", ")
            };
            match names.iter().find(|n| matches(n, host)) {
                Some(n) => (
                    true,
                    format!("asked for {host}; subjectAltName DNS:{n} matches"),
                ),
                None => (
                    false,
                    format!(
                        "asked for {host}; subjectAltName lists {listed} (the subject CN is \
                         never matched, RFC 9525 §1.2)"
                    ),
                ),
            }
        }
        // RFC 6125 let a client fall back to the subject's CN without subjectAltName; RFC 9525
        // (§1.2) drops CN-IDs, and Chrome stopped matching them in version 58.
        None => (
            false,
            match common_name {
                Some(cn) => format!(
                    "asked for {host}; the certificate has no subjectAltName, only the subject CN {cn}, \
                     which browsers no longer match (RFC 9525 §1.2; Chrome since version 58)"
                ),
                None => format!("asked for {host}; the certificate names no host at all"),
            },
        ),
    }
}

fn normalize(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_names_ignore_ascii_case_and_a_trailing_dot() {
        assert!(matches("server.test", "server.test"));
        assert!(matches("Server.TEST", "server.test"));
        assert!(matches("server.test", "SERVER.test."));
        assert!(!matches("server.test", "other.test"));
        assert!(!matches("server.test", "www.server.test"));
        assert!(!matches("", ""));
        assert!(!matches("server.test", ""));
    }

    #[test]
    fn wildcard_stands_for_exactly_one_left_most_label() {
        assert!(matches("*.lab.test", "www.lab.test"));
        assert!(matches("*.LAB.test", "Mail.lab.TEST"));
        assert!(!matches("*.lab.test", "lab.test"));
        assert!(!matches("*.lab.test", "a.b.lab.test"));
        assert!(!matches("*.lab.test", ".lab.test"));
        assert!(!matches("*.test", "server.test"));
        assert!(!matches("w*.lab.test", "www.lab.test"));
        assert!(!matches("www.*.test", "www.lab.test"));
        assert!(!matches("*.*.test", "a.b.test"));
        // The host is never a pattern.
        assert!(!matches("www.lab.test", "*.lab.test"));
        assert!(!matches("*.lab.test", "*.lab.test"));
    }

    #[test]
    fn common_name_only_without_subject_alt_name() {
        let san = vec!["other.test".to_string()];
        assert!(!check(Some(&san), Some("server.test"), "server.test").0);
        // Browsers no longer fall back to the CN (RFC 9525 §1.2, Chrome 58).
        assert!(!check(None, Some("server.test"), "server.test").0);
        assert!(!check(None, None, "server.test").0);
        assert!(!check(Some(&[]), Some("server.test"), "server.test").0);
    }
}
