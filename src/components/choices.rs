//! What to simulate: the handshake (TLS 1.2 RSA or ECDHE, TLS 1.3 X25519 or the hybrid), HelloRetryRequest or the
//! extended master secret, the server's certificate, the seed
//! (reproducible) or a fresh one, and the current fault.

use engine::Protocol;
use engine::pki::CertKind;
use yew::prelude::*;

use crate::app::use_app;
use crate::handshakes::{self, Handshake};
use crate::sim::fresh_seed;
use crate::state::Action;

#[component]
pub fn Choices() -> Html {
    let app = use_app();
    let s = &app.scenario;
    let current = Handshake::of(s);
    let handshake = |h: &'static Handshake| {
        let app = app.clone();
        let onchange =
            Callback::from(move |_: Event| app.dispatch(Action::SetHandshake(h.protocol, h.group)));
        html! {
            <label class="handshake">
                <input type="radio" name="handshake" value={h.id()} checked={h == current} onchange={onchange} />
                <span><strong>{ h.title }</strong><small>{ format!("{} — {}", h.suite(), h.note) }</small></span>
            </label>
        }
    };
    let on_hrr = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            app.dispatch(Action::SetHrr(input.checked()));
        })
    };
    let on_ems = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            app.dispatch(Action::SetEms(input.checked()));
        })
    };
    let on_cert = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(k) = CertKind::parse(&select.value()) {
                app.dispatch(Action::SetCert(k));
            }
        })
    };
    let on_seed = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(seed) = input.value().trim().parse::<u64>() {
                app.dispatch(Action::SetSeed(seed));
            }
        })
    };
    let new_run = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(seed) = fresh_seed() {
                app.dispatch(Action::SetSeed(seed));
            }
        })
    };
    let clear_fault = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::SetFault(None)))
    };
    html! {
        <form class="choices" aria-label="What to simulate" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <fieldset class="handshakes">
                <legend>{ "Handshake" }</legend>
                { for handshakes::ALL.iter().map(handshake) }
            </fieldset>
            if s.protocol == Protocol::Tls13 {
                <fieldset>
                    <legend>{ "Key share" }</legend>
                    <label><input type="checkbox" checked={s.hrr} onchange={on_hrr} />{ "HelloRetryRequest (the first share is for a group the server does not take)" }</label>
                </fieldset>
            } else {
                <fieldset>
                    <legend>{ "Master secret" }</legend>
                    <label><input type="checkbox" checked={s.ems} onchange={on_ems} />{ "Extended master secret (RFC 7627)" }</label>
                </fieldset>
            }
            <fieldset>
                <legend>{ "Server certificate" }</legend>
                <label for="cert" class="visually-hidden">{ "Certificate scenario" }</label>
                <select id="cert" onchange={on_cert}>
                    { for CertKind::ALL.iter().map(|k| html! {
                        <option value={k.as_str()} selected={*k == s.cert}>{ cert_label(*k) }</option>
                    }) }
                </select>
            </fieldset>
            <fieldset>
                <legend>{ "Randomness" }</legend>
                <label>{ "Seed " }<input id="seed" type="number" min="0" value={s.seed.to_string()} onchange={on_seed} /></label>
                <button type="button" onclick={new_run} title="A fresh random seed; the URL keeps it, so the run can be replayed">{ "New run" }</button>
            </fieldset>
            if let Some(f) = s.fault {
                <p class="current-fault">
                    { format!("Fault on the wire: {f} ") }
                    <button type="button" onclick={clear_fault}>{ "Remove fault" }</button>
                </p>
            }
        </form>
    }
}

fn cert_label(k: CertKind) -> &'static str {
    match k {
        CertKind::Valid => "valid (teaching CA → server.test)",
        CertKind::Expired => "expired",
        CertKind::NotYetValid => "not yet valid",
        CertKind::WrongHost => "wrong host name",
        CertKind::CnOnly => "name in CN only (no SAN)",
        CertKind::UnknownCa => "unknown CA",
        CertKind::BadSignature => "bad signature",
    }
}
