//! Corrections of the classic mistakes in popular write-ups of the SSL handshake, each
//! pointing at the step that shows the truth.

use engine::transcript::Party;
use yew::prelude::*;

use crate::app::use_app;
use crate::state::Action;

#[component]
pub fn Misconceptions() -> Html {
    let app = use_app();
    let t = &app.transcript;
    let step_of = |from: Party, name: &str| {
        t.records
            .iter()
            .find(|r| r.from == from && r.messages.iter().any(|m| m.starts_with(name)))
            .map(|r| r.number)
    };
    let items: [(&str, &str, Option<usize>); 4] = [
        (
            "“The client sends ChangeCipherSpec and Finished, then the key exchange.”",
            "ClientKeyExchange comes first: without it neither side has the pre-master secret, so there would be no keys to change to.",
            step_of(Party::Client, "ClientKeyExchange"),
        ),
        (
            "“The browser checks the certificate in a CertificateVerify message.”",
            "The browser checks the server's chain inside itself, when the Certificate message arrives; no message is sent for it. CertificateVerify is a different thing: a client proving it owns a client certificate.",
            step_of(Party::Server, "Certificate"),
        ),
        (
            "“Compression is SHA-1, ciphers are zip/gzip.”",
            "Compression and encryption are different jobs: ciphers (AES-GCM here) hide the bytes. The ClientHello offers compression_methods with only null, because compressing before encrypting leaks secrets (the CRIME attack).",
            step_of(Party::Client, "ClientHello"),
        ),
        (
            "“Finished carries the server's public key.”",
            "Finished carries verify_data: a MAC (PRF of the master secret) over every handshake message so far. Any change to any earlier byte makes it fail.",
            step_of(Party::Client, "Finished"),
        ),
    ];
    html! {
        <aside class="misconceptions" aria-labelledby="misc-title">
            <h2 id="misc-title">{ "Common misconceptions" }</h2>
            <ul>
                { for items.iter().map(|(myth, truth, step)| {
                    let go = step.map(|n| {
                        let app = app.clone();
                        let onclick = Callback::from(move |_: MouseEvent| app.dispatch(Action::Goto(n)));
                        html! { <button type="button" class="link" onclick={onclick}>{ format!("Show step {n}") }</button> }
                    });
                    html! {
                        <li>
                            <p class="myth">{ *myth }</p>
                            <p class="truth">{ *truth }{ " " }{ go.unwrap_or_default() }</p>
                        </li>
                    }
                }) }
            </ul>
        </aside>
    }
}
