//! Why the browser trusts (or rejects) the server: each certificate of the chain as a browser
//! shows it, and each check the client made with the values it compared. With mutual TLS,
//! the same for the server's checks of the browser's certificate.

use engine::msgs::enums::HandshakeType;
use engine::pki::{CertError, CertSummary, ChainReport};
use engine::transcript::Party;
use yew::prelude::*;

use crate::state::State;

/// A function of the page's state, not a component: before the Certificate it renders
/// nothing, and each component costs the first load its own code. With mutual TLS, the
/// server's checks of the browser's certificate follow the browser's checks of the server's.
pub fn view(app: &State) -> Html {
    let t = &app.transcript;
    html! {
        <>
            if let Some(chain) = &t.chain { { report(app, chain, Party::Client) } }
            // Only the lab's extended build runs mutual TLS: elsewhere the compiler leaves the
            // server's side of `report` out.
            if let Some(chain) = t.client_chain.as_ref().filter(|_| cfg!(feature = "client-auth")) {
                { report(app, chain, Party::Server) }
            }
        </>
    }
}

/// `checker`'s checks of its peer's chain, once the peer's Certificate has arrived.
fn report(app: &State, chain: &ChainReport, checker: Party) -> Html {
    let t = &app.transcript;
    let by_browser = checker == Party::Client;
    // The checks are made when the Certificate message arrives.
    let arrives = t
        .records
        .iter()
        .find(|r| r.from != checker && r.carries(HandshakeType::Certificate))
        .map_or(usize::MAX, |r| r.number);
    if app.step < arrives {
        return html! {};
    }
    // The alert really sent (the transcript's), not a table's guess.
    let alert = |e: CertError| {
        t.outcome
            .alert
            .as_ref()
            .filter(|(party, _)| *party == checker)
            .map_or(e.alert().as_str(), |(_, a)| a.name())
    };
    let verdict = match chain.error {
        None if by_browser => {
            html! { <p class="verdict ok">{ "Every check passed: the browser trusts this server." }</p> }
        }
        None => {
            html! { <p class="verdict ok">{ "Every check of the chain passed. The browser must still prove it holds this certificate's private key: the server verifies its CertificateVerify next." }</p> }
        }
        Some(e) if by_browser => html! {
            <>
                <p class="verdict bad">{ format!("Rejected: {}. The browser sends the alert {} and shows {}.", e.reason(), alert(e), e.browser_code()) }</p>
                <p class="hint">{ crate::glossary::view::text(&format!("The alert is the one RFC 5246 §7.2.2 names. Real clients differ: OpenSSL's sends {}, and Chrome sends {} for every verification failure.",
                    e.openssl_alert().as_str(), CertError::CHROME_ALERT.as_str())) }</p>
            </>
        },
        Some(e) => html! {
            <p class="verdict bad">{ format!("Rejected: {}. The server sends the alert {} and ends the handshake.", e.reason(), alert(e)) }</p>
        },
    };
    let (id, title, caption) = if by_browser {
        (
            "certs-title",
            "Certificate checks",
            "The browser's checks, in order",
        )
    } else {
        (
            "client-certs-title",
            "The server's checks of the browser's certificate",
            "The server's checks, in order",
        )
    };
    html! {
        <section class="certs" aria-labelledby={id}>
            <h2 id={id}>{ title }</h2>
            <ol class="cert-list">
                { for chain.certificates.iter().enumerate().map(|(i, c)| cert(i, c, by_browser)) }
            </ol>
            <table class="checks">
                <caption class="visually-hidden">{ caption }</caption>
                <thead><tr><th scope="col">{ "Check" }</th><th scope="col">{ "Result" }</th><th scope="col">{ "Values compared" }</th></tr></thead>
                <tbody>
                    { for chain.checks.iter().map(|c| html! {
                        <tr class={if c.ok { "ok" } else { "bad" }}>
                            <td>
                                if let Some(i) = c.certificate { <span class="which">{ format!("#{} ", i + 1) }</span> }
                                { crate::glossary::view::text(&c.what) }
                            </td>
                            <td><span class="badge">{ if c.ok { "pass" } else { "FAIL" } }</span></td>
                            <td class="detail">{ &c.detail }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            { verdict }
        </section>
    }
}

fn cert(i: usize, c: &CertSummary, server: bool) -> Html {
    let row = |k: &str, v: String| html! { <><dt>{ k.to_string() }</dt><dd>{ v }</dd></> };
    html! {
        <li class="cert">
            <h3>{ format!("#{} {}", i + 1, match (i, server) {
                (0, true) => "server certificate",
                (0, false) => "client certificate",
                _ => "issuer",
            }) }</h3>
            <dl>
                { row("Issued to", c.subject.clone()) }
                { row("Issued by", c.issuer.clone()) }
                { row("Valid from", c.not_before.clone()) }
                { row("Valid to", c.not_after.clone()) }
                { row("Public key", c.public_key.clone()) }
                { row("Signature", c.signature_algorithm.clone()) }
                if !c.subject_alt_names.is_empty() { { row("Subject alt names", c.subject_alt_names.join(", ")) } }
                { row("CA", if c.is_ca { "yes".into() } else { "no".into() }) }
                if !c.key_usage.is_empty() { { row("Key usage", c.key_usage.join(", ")) } }
            </dl>
        </li>
    }
}
