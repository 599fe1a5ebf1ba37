//! The report as the page shows it, rendered here, in the worker: the page's first load has a
//! budget (300 KB gz) that the eavesdropper's views would not fit, so its code lives where the
//! outsider's does. The page receives HTML fragments, the experiment's outcome and one per
//! record (shown up to the current step), as JavaScript strings (`src/main.rs`), and puts them
//! in its panel. Every text is escaped.

use std::fmt::Write as _;

use engine::codec::hex_preview;
use engine::transcript::Party;

use crate::report::{Opening, Report, Seen, Verdict};

/// What the worker sends back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The experiment's outcome in a line, as `verdict|text` (`opened|opened: the eavesdropper
    /// read …`), for a table cell; empty without a secret. Plain text: the page sets it as
    /// text, never as markup.
    pub brief: String,
    /// Who the eavesdropper is, the experiment's outcome (with a secret), and the heading of
    /// the records: `static/outsider-bridge.js` puts the records (those seen so far, in a
    /// simulated run) under it, in an `<ol class="seen">`.
    pub opening: String,
    /// Each record's fragment, with the packet it came in (shown from that step on).
    pub records: Vec<(Option<usize>, String)>,
}

impl Rendered {
    /// What `report` on a simulated run shows, up to the page's step.
    pub fn of(report: &Report) -> Rendered {
        Rendered::with(report, RUN, "<h3>Record by record, up to this step</h3>")
    }

    /// What `report` on a captured connection shows: all of it.
    pub fn of_capture(report: &Report) -> Rendered {
        Rendered::with(report, CAPTURE, "<h3>Record by record</h3>")
    }

    fn with(report: &Report, intro: &str, records: &str) -> Rendered {
        Rendered {
            brief: report
                .opening
                .as_ref()
                .map(|o| format!("{}|{}", o.verdict.as_str(), o.brief))
                .unwrap_or_default(),
            opening: [
                STYLE,
                intro,
                &report.opening.as_ref().map(opening).unwrap_or_default(),
                records,
            ]
            .concat(),
            records: report.seen.iter().map(|s| (s.packet, seen(s))).collect(),
        }
    }

    /// As the workers send it: the brief, the outcome's HTML, then `N|HTML` for each record
    /// in packet N.
    pub fn parts(self) -> Vec<String> {
        [self.brief, self.opening]
            .into_iter()
            .chain(
                self.records
                    .into_iter()
                    .map(|(packet, html)| format!("{}|{html}", packet.unwrap_or(0))),
            )
            .collect()
    }
}

/// The report's style (the page's colours).
const STYLE: &str = "<style>.outsider-result{border-left:4px solid var(--muted);padding-left:.6em}.outsider-result.opened{border-color:var(--bad)}.outsider-result.sealed{border-color:var(--ok)}.seen{padding-left:1.2em}.seen dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:0 .8em;margin:0 0 .6em;font-size:.85rem}.seen dt{color:var(--muted)}.seen dd{margin:0}.seen .opened{margin:0 0 .6em;color:var(--bad)}</style>";

/// Who the eavesdropper is, above what it found: of a simulated run,
const RUN: &str = "<p class=\"hint\">Someone between the browser and the server recorded every byte of this run. This code runs apart from the two endpoints, in a worker of its own, and gets only those bytes and, if you chose one, a secret handed over later.</p>";
/// and of a student's capture.
const CAPTURE: &str = "<p class=\"hint\">Anyone who captured these packets on the path sees what follows; with the key log, what it opens. This code runs apart from the page, in a worker of its own, and gets only the files you gave it.</p>";

/// `text` with HTML's special characters escaped.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn opening(o: &Opening) -> String {
    let verdict = o.verdict.as_str();
    let title = match o.verdict {
        Verdict::Opened => "🔓 Opened",
        Verdict::Sealed => "🔒 Sealed",
        Verdict::Failed => "⚠ Could not open",
    };
    let mut h = format!(
        "<div class=\"outsider-result {verdict}\" data-eavesdropper-outcome=\"{verdict}\"><p><strong>{title}</strong> {}</p><ul>",
        esc(&o.why)
    );
    for n in &o.notes {
        let _ = write!(h, "<li>{}</li>", esc(n));
    }
    h.push_str("</ul>");
    for (label, text) in [
        (
            "The recorded request, read by the eavesdropper:",
            &o.request,
        ),
        ("The recorded response:", &o.response),
    ] {
        if let Some(t) = text {
            let _ = write!(
                h,
                "<p class=\"label\">{label}</p><pre class=\"decrypted\">{}</pre>",
                esc(t)
            );
        }
    }
    if !o.steps.is_empty() {
        let _ = write!(
            h,
            "<details><summary>How: {} steps from the secret to the record keys</summary><ol class=\"outsider-steps\">",
            o.steps.len()
        );
        for s in &o.steps {
            let _ = write!(
                h,
                "<li><code>{}</code> = {}<br><span class=\"hex-inline\">{}</span></li>",
                esc(&s.name),
                esc(&s.formula),
                hex_preview(&s.value)
            );
        }
        h.push_str("</ol></details>");
    }
    h.push_str("</div>");
    h
}

fn seen(s: &Seen) -> String {
    let arrow = match s.from {
        Party::Client => "Browser → Server",
        Party::Server => "Server → Browser",
    };
    let number = s.packet.unwrap_or(0);
    let mut h = format!(
        "<li{} data-seen-record=\"{number}\"><p class=\"label\">Record {number}, {arrow}, flight {}, {} bytes</p><dl>",
        if s.protected {
            " class=\"protected\""
        } else {
            ""
        },
        s.flight,
        s.length
    );
    for f in &s.facts {
        let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", esc(&f.name), esc(&f.value));
    }
    h.push_str("</dl>");
    if let Some(o) = &s.opened {
        let _ = write!(h, "<p class=\"opened\">🔓 {}</p>", esc(o));
    }
    h.push_str("</li>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_become_markup() {
        assert_eq!(esc("<b a=\"x\">&'"), "&lt;b a=&quot;x&quot;&gt;&amp;&#39;");
    }
}
