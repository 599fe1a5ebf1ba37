//! The page's state in its URL: `?suite=rsa|ecdhe&seed=N&step=K&ems=0|1&cert=KIND&fault=SPEC&embed=1`.
//!
//! Parsing never fails: each bad value becomes a notice the page shows, and its default is used.

use engine::pki::CertKind;
use engine::scenario::DEFAULT_SEED;
use engine::{Fault, KeyExchange};

/// What the URL can say.
#[derive(Clone, Debug, PartialEq)]
pub struct UrlState {
    pub kx: KeyExchange,
    pub ems: bool,
    pub seed: u64,
    /// 1-based record number the student is looking at; `None`: the first.
    pub step: Option<usize>,
    pub cert: CertKind,
    pub fault: Option<Fault>,
    pub embed: bool,
}

impl Default for UrlState {
    fn default() -> Self {
        UrlState {
            kx: KeyExchange::Rsa,
            ems: true,
            seed: DEFAULT_SEED,
            step: None,
            cert: CertKind::Valid,
            fault: None,
            embed: false,
        }
    }
}

/// The parsed state and a notice for every value that could not be used.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub state: UrlState,
    pub notices: Vec<String>,
}

/// Reads a query string (with or without the leading `?`).
pub fn parse(query: &str) -> Parsed {
    let mut state = UrlState::default();
    let mut notices = Vec::new();
    let query = query.strip_prefix('?').unwrap_or(query);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (key, value) = (decode(key), decode(value));
        let bad = |what: &str| format!("Ignored {key}={}: {what}.", shorten(&value));
        match key.as_str() {
            "suite" => match KeyExchange::parse(&value) {
                Some(kx) => state.kx = kx,
                None => notices.push(bad("use suite=rsa or suite=ecdhe")),
            },
            "ems" => match value.as_str() {
                "1" => state.ems = true,
                "0" => state.ems = false,
                _ => notices.push(bad("use ems=1 or ems=0")),
            },
            "seed" => match value.parse::<u64>() {
                Ok(seed) => state.seed = seed,
                Err(_) => notices.push(bad("the seed is a whole number from 0 to 18446744073709551615")),
            },
            "step" => match value.parse::<usize>() {
                Ok(step) if step >= 1 => state.step = Some(step),
                _ => notices.push(bad("steps are numbered from 1")),
            },
            "cert" => match CertKind::parse(&value) {
                Some(cert) => state.cert = cert,
                None => notices.push(bad(
                    "use cert=valid, expired, not-yet-valid, wrong-host, unknown-ca or bad-signature",
                )),
            },
            "fault" => match Fault::parse(&value) {
                Ok(fault) => state.fault = Some(fault),
                Err(e) => notices.push(format!("Ignored the fault: {}.", shorten(&e.to_string()))),
            },
            "embed" => match value.as_str() {
                "1" => state.embed = true,
                "0" => state.embed = false,
                _ => notices.push(bad("use embed=1")),
            },
            _ => notices.push(format!("Ignored the unknown parameter \"{}\".", shorten(&key))),
        }
    }
    Parsed { state, notices }
}

/// Writes the query string (with the leading `?`) that [`parse`] reads back.
pub fn to_query(s: &UrlState) -> String {
    let mut q = format!(
        "?suite={}&seed={}&ems={}",
        s.kx.as_str(),
        s.seed,
        u8::from(s.ems)
    );
    if let Some(step) = s.step {
        q.push_str(&format!("&step={step}"));
    }
    if s.cert != CertKind::Valid {
        q.push_str(&format!("&cert={}", s.cert.as_str()));
    }
    if let Some(fault) = s.fault {
        // Specs are made of letters, digits and ':', all safe in a query.
        q.push_str(&format!("&fault={fault}"));
    }
    if s.embed {
        q.push_str("&embed=1");
    }
    q
}

/// Percent-decoding (and `+` as space), lossy on invalid UTF-8: the result is only compared
/// and echoed as text, never interpreted as markup.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2]))
            {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Keeps echoed values short, so a hostile URL cannot flood the page.
fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_query_gives_the_default_run() {
        let p = parse("");
        assert_eq!(p.state, UrlState::default());
        assert!(p.notices.is_empty());
    }

    #[test]
    fn round_trip() {
        let s = UrlState {
            kx: KeyExchange::Ecdhe,
            ems: false,
            seed: 42,
            step: Some(7),
            cert: CertKind::WrongHost,
            fault: Some(Fault::Flip {
                record: 3,
                offset: 9,
            }),
            embed: true,
        };
        let p = parse(&to_query(&s));
        assert_eq!(p.state, s);
        assert!(p.notices.is_empty());
    }

    #[test]
    fn garbage_gives_notices_and_defaults() {
        let p = parse(
            "?suite=des&seed=-1&step=0&ems=yes&cert=evil&fault=explode:3&%3Cscript%3E=1&embed=2",
        );
        assert_eq!(p.state, UrlState::default());
        assert_eq!(p.notices.len(), 8, "{:?}", p.notices);
        assert!(p.notices.iter().any(|n| n.contains("<script>")));
    }

    #[test]
    fn hostile_values_are_shortened_and_bad_escapes_survive() {
        let long = "a".repeat(5000);
        let p = parse(&format!("suite={long}&seed=%zz&step=%"));
        assert_eq!(p.notices.len(), 3);
        assert!(p.notices.iter().all(|n| n.len() < 200));
        assert!(p.notices[1].contains("%zz"));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(decode("flip%3A3%3A9"), "flip:3:9");
        assert_eq!(decode("a+b"), "a b");
        assert_eq!(decode("%e2%9c%93"), "✓");
        assert_eq!(decode("%"), "%");
        assert_eq!(decode("%4"), "%4");
        assert_eq!(decode("%é1"), "%é1");
    }
}
