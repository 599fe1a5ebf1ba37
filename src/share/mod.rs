//! What the share dialog hands out, as plain text: the link to a state, the iframe snippet
//! that embeds it, and the names of downloaded files. Pure, so it is unit-tested natively.

pub mod clipboard;
pub mod dialog;
pub mod export;
pub mod handout;

use crate::url::{self, UrlState};

/// The link that opens `state` in a page of its own (no `embed`).
pub fn link(page: &str, state: &UrlState) -> String {
    let state = UrlState {
        embed: false,
        ..state.clone()
    };
    format!("{}{}", without_query(page), url::to_query(&state))
}

/// The iframe sandbox of the snippet. `allow-same-origin` keeps the lab's own origin inside
/// the sandbox, so its module script and wasm load from any static host as it comes (without
/// it the origin is opaque and every load needs `Access-Control-Allow-Origin`, which
/// Python's http.server, Apache and nginx do not send). From another site the lab still cannot
/// reach the course page; a copy on the course page's own site could, as any script the
/// teacher hosts there can. Downloads: the export buttons.
pub const SANDBOX: &str = "allow-scripts allow-same-origin allow-downloads";

/// An iframe that embeds `state`, with a title for screen readers, and the few lines that let
/// it take the height the page reports. The script finds its frame by the message's source,
/// not by an id, so any number of snippets work on one page (pasted twice, it only sets the
/// same height twice). Without the script, as when a learning platform's editor strips
/// `<script>`, the frame keeps its 760 px and scrolls inside.
pub fn iframe_snippet(page: &str, state: &UrlState, title: &str) -> String {
    let src = format!(
        "{}{}",
        without_query(page),
        url::to_query(&UrlState {
            embed: true,
            ..state.clone()
        })
    );
    format!(
        "<iframe src=\"{}\" title=\"{}\" sandbox=\"{SANDBOX}\" allow=\"clipboard-write\" \
         width=\"100%\" height=\"760\" style=\"border:0\" loading=\"lazy\"></iframe>\n\
         <script>\n\
         addEventListener(\"message\", (e) => {{\n  \
           if (!e.data || e.data.type !== \"tls-lab:resize\") return;\n  \
           for (const f of document.querySelectorAll(\"iframe\"))\n    \
             if (f.contentWindow === e.source) f.style.height = e.data.height + \"px\";\n\
         }});\n\
         </script>\n",
        attribute(&src),
        attribute(title),
    )
}

/// `tls-lab-rsa-seed1-step7`: the start of every downloaded file's name.
pub fn file_stem(state: &UrlState) -> String {
    let mut stem = format!("tls-lab-{}", state.protocol.as_str());
    if state.protocol == engine::Protocol::Tls13 {
        stem.push_str(&format!("-{}", state.group.as_str()));
        if state.hrr {
            stem.push_str("-hrr");
        }
    }
    stem.push_str(&format!("-seed{}", state.seed));
    if let Some(fault) = state.fault {
        // `flip:7:22` → `flip-7-22`: colons are not allowed in Windows file names.
        stem.push_str(&format!("-{}", fault.to_string().replace(':', "-")));
    }
    if let Some(step) = state.step {
        stem.push_str(&format!("-step{step}"));
    }
    stem
}

/// The page's address up to its query.
/// The link that opens a lesson given inline (`param`: its text in base64url) in this page.
pub fn lesson_link(page: &str, param: &str) -> String {
    format!("{}?lesson={param}", without_query(page))
}

fn without_query(page: &str) -> &str {
    page.split(['?', '#']).next().unwrap_or(page)
}

/// Text safe inside a double-quoted HTML attribute.
fn attribute(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{Fault, Protocol};

    fn state() -> UrlState {
        UrlState {
            protocol: Protocol::Ecdhe,
            seed: 42,
            step: Some(5),
            fault: Some(Fault::Flip {
                record: 7,
                offset: 22,
            }),
            embed: true,
            ..UrlState::default()
        }
    }

    #[test]
    fn the_link_reopens_the_state_outside_a_frame() {
        let l = link("https://host/tls-lab/?suite=rsa#x", &state());
        assert!(l.starts_with("https://host/tls-lab/?suite=ecdhe&seed=42"));
        let parsed = url::parse(&l[l.find('?').unwrap()..]);
        assert!(parsed.notices.is_empty());
        assert_eq!(
            parsed.state,
            UrlState {
                embed: false,
                ..state()
            }
        );
    }

    #[test]
    fn the_snippet_is_sandboxed_titled_and_resizes() {
        let s = iframe_snippet("https://host/tls-lab/", &state(), "TLS Lab: \"ECDHE\" <b>");
        assert!(s.contains("sandbox=\"allow-scripts allow-same-origin allow-downloads\""));
        assert!(
            !s.contains(" id="),
            "no id: two snippets on one page must not collide"
        );
        assert!(s.contains("title=\"TLS Lab: &quot;ECDHE&quot; &lt;b>\""));
        assert!(s.contains("src=\"https://host/tls-lab/?suite=ecdhe&amp;seed=42"));
        assert!(s.contains("&amp;embed=1"));
        assert!(s.contains("tls-lab:resize"));
    }

    #[test]
    fn file_names_say_what_was_run() {
        assert_eq!(file_stem(&state()), "tls-lab-ecdhe-seed42-flip-7-22-step5");
        assert_eq!(
            file_stem(&UrlState::default()),
            format!(
                "tls-lab-tls13-x25519mlkem768-seed{}",
                engine::scenario::DEFAULT_SEED
            )
        );
        let tls13 = UrlState {
            protocol: engine::Protocol::Tls13,
            hrr: true,
            ..state()
        };
        assert_eq!(
            file_stem(&tls13),
            "tls-lab-tls13-x25519mlkem768-hrr-seed42-flip-7-22-step5"
        );
    }
}
