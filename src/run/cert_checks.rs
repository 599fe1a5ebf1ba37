//! Why the browser trusts (or rejects) the server: each certificate of the chain as a browser
//! shows it, and each check the client made with the values it compared.

use engine::msgs::enums::HandshakeType;
use engine::pki::CertSummary;
use engine::transcript::Party;
use yew::prelude::*;

use crate::state::State;

/// A function of the page's state, not a component: before the Certificate it renders
/// nothing, and each component costs the first load its own code.
pub fn view(app: &State) -> Html {
    let t = &app.transcript;
    let Some(chain) = &t.chain else {
        return html! {};
    };
    // The browser checks the chain when the Certificate message arrives.
    let arrives = t
        .records
        .iter()
        .find(|r| r.from == Party::Server && r.carries(HandshakeType::Certificate))
        .map_or(usize::MAX, |r| r.number);
    if app.step < arrives {
        return html! {};
    }
    let verdict = match chain.error {
        None => {
            html! { <p class="verdict ok">{ "Every check passed: the browser trusts this server." }</p> }
        }
        Some(e) => {
            // The alert the browser really sent (the transcript's), not a table's guess.
            let alert = t
                .outcome
                .alert
                .as_ref()
                .filter(|(party, _)| *party == Party::Client)
                .map_or(e.alert().as_str(), |(_, a)| a.name());
            html! {
                <>
                    <p class="verdict bad">{ format!("Rejected: {}. The browser sends the alert {alert} and shows {}.", e.reason(), e.browser_code()) }</p>
                    <p class="hint">{ crate::glossary::view::text(&format!("The alert is the one RFC 5246 §7.2.2 names. Real clients differ: OpenSSL's sends {}, and Chrome sends {} for every verification failure.",
                        e.openssl_alert().as_str(), engine::pki::CertError::CHROME_ALERT.as_str())) }</p>
                </>
            }
        }
    };
    html! {
        <section class="certs" aria-labelledby="certs-title">
            <h2 id="certs-title">{ "Certificate checks" }</h2>
            <ol class="cert-list">
                { for chain.certificates.iter().enumerate().map(|(i, c)| cert(i, c)) }
            </ol>
            <table class="checks">
                <caption class="visually-hidden">{ "The browser's checks, in order" }</caption>
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

fn cert(i: usize, c: &CertSummary) -> Html {
    let row = |k: &str, v: String| html! { <><dt>{ k.to_string() }</dt><dd>{ v }</dd></> };
    html! {
        <li class="cert">
            <h3>{ format!("#{} {}", i + 1, if i == 0 { "server certificate" } else { "issuer" }) }</h3>
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
