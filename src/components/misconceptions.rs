//! Corrections of the classic mistakes in popular write-ups of the SSL handshake. Each one
//! belongs to the record that shows the truth: the explanation of that step carries it, and
//! the full list (outside an embed) links to those steps.

use engine::transcript::{Party, Transcript};
use yew::prelude::*;

use crate::app::use_app;
use crate::state::Action;

/// One classic mistake, the truth, and the record that shows it.
pub struct Misconception {
    pub myth: &'static str,
    pub truth: &'static str,
    /// The record that shows the truth: the first one `from` sends whose messages include
    /// one starting with `message`.
    from: Party,
    message: &'static str,
}

pub const ALL: [Misconception; 4] = [
    Misconception {
        myth: "“The client sends ChangeCipherSpec and Finished, then the key exchange.”",
        truth: "ClientKeyExchange comes first. The browser chose the pre-master secret itself, but without this message the server cannot get it, so there would be no shared keys to change to.",
        from: Party::Client,
        message: "ClientKeyExchange",
    },
    Misconception {
        myth: "“The browser checks the certificate in a CertificateVerify message.”",
        truth: "The browser checks the server's chain inside itself, when the Certificate message arrives; no message is sent for it. CertificateVerify is a different thing: a client proving it owns a client certificate.",
        from: Party::Server,
        message: "Certificate",
    },
    Misconception {
        myth: "“Compression is SHA-1, ciphers are zip/gzip.”",
        truth: "Compression and encryption are different jobs: ciphers (AES-GCM here) hide the bytes. The ClientHello offers compression_methods with only null, because compressing before encrypting leaks secrets (the CRIME attack).",
        from: Party::Client,
        message: "ClientHello",
    },
    Misconception {
        myth: "“Finished carries the server's public key.”",
        truth: "Finished carries verify_data: the PRF of the master secret over a hash of every handshake message so far. A change to any of those messages makes it fail.",
        from: Party::Client,
        message: "Finished",
    },
];

impl Misconception {
    /// The step that shows the truth in this run.
    pub fn step(&self, t: &Transcript) -> Option<usize> {
        t.records
            .iter()
            .find(|r| r.from == self.from && r.messages.iter().any(|m| m.starts_with(self.message)))
            .map(|r| r.number)
    }
}

/// The corrections that belong to record `number`, beside its explanation.
#[derive(Properties, PartialEq)]
pub struct AtProps {
    pub number: usize,
}

#[component]
pub fn MisconceptionsAt(props: &AtProps) -> Html {
    let app = use_app();
    let here = ALL
        .iter()
        .filter(|m| m.step(&app.transcript) == Some(props.number));
    html! {
        { for here.map(|m| html! {
            <aside class="myth-note" aria-label="A common misconception">
                <p class="myth-title">{ "A common misconception" }</p>
                <p class="myth">{ m.myth }</p>
                <p class="truth">{ m.truth }</p>
            </aside>
        }) }
    }
}

/// All corrections, each linking to its step.
#[component]
pub fn Misconceptions() -> Html {
    let app = use_app();
    html! {
        <aside class="misconceptions" aria-labelledby="misc-title">
            <h2 id="misc-title">{ "Common misconceptions" }</h2>
            <ul>
                { for ALL.iter().map(|m| {
                    let go = m.step(&app.transcript).map(|n| {
                        let app = app.clone();
                        let onclick = Callback::from(move |_: MouseEvent| app.dispatch(Action::Goto(n)));
                        html! { <button type="button" class="link" onclick={onclick}>{ format!("Show step {n}") }</button> }
                    });
                    html! {
                        <li>
                            <p class="myth">{ m.myth }</p>
                            <p class="truth">{ m.truth }{ " " }{ go.unwrap_or_default() }</p>
                        </li>
                    }
                }) }
            </ul>
        </aside>
    }
}
