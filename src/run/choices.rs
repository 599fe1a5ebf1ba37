//! What to simulate: the handshake (TLS 1.2 RSA or ECDHE, TLS 1.3 X25519 or the hybrid), HelloRetryRequest or the
//! extended master secret, the server's certificate, the client certificate (mutual TLS), the
//! seed (reproducible) or a fresh one, and the current fault.

use engine::Protocol;
use engine::pki::CertKind;
use yew::prelude::*;

use crate::handshakes::{self, Choice, Handshake};
use crate::hooks::{on, on_value};
use crate::sim::fresh_seed;
use crate::state::{Action, Edit, State};
use crate::url::{self, UrlState};

/// A function of the page's state, not a component: each component costs the first load its
/// own code.
pub fn view(app: &UseReducerHandle<State>) -> Html {
    let s = &app.scenario;
    let current = Handshake::of(s);
    let handshake = |h: &'static Handshake| {
        let onchange = on::<Event>(app, Action::Rerun(Edit::Handshake(h.protocol, h.group)));
        html! {
            <label class="handshake">
                <input type="radio" name="handshake" value={h.id()} checked={h == current} onchange={onchange} />
                <span><strong>{ h.title }</strong><small class="suite">{ h.suite() }</small><small>{ h.note }</small></span>
            </label>
        }
    };
    let checked = |e: Event| {
        e.target_unchecked_into::<web_sys::HtmlInputElement>()
            .checked()
    };
    let on_hrr = on_value(app, move |e| Some(Action::Rerun(Edit::Hrr(checked(e)))));
    let on_ems = on_value(app, move |e| Some(Action::Rerun(Edit::Ems(checked(e)))));
    let on_cert = on_value(app, |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        CertKind::parse(&select.value()).map(|v| Action::Rerun(Edit::Cert(v)))
    });
    let on_seed = on_value(app, |e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input
            .value()
            .trim()
            .parse()
            .ok()
            .map(|v| Action::Rerun(Edit::Seed(v)))
    });
    let new_run = on_value(app, |_: MouseEvent| {
        fresh_seed().map(|v| Action::Rerun(Edit::Seed(v)))
    });
    let clear_fault = on(app, Action::Rerun(Edit::Fault(None)));
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
            if cfg!(feature = "extended-choices") {
                { super::client_cert::choice(app) }
                { super::visit::choice(app) }
            }
            { attacker_choice(app) }
            <fieldset>
                <legend>{ "Randomness" }</legend>
                <label>{ "Seed " }<input id="seed" type="number" min="0" value={s.seed.to_string()} onchange={on_seed} /></label>
                <button type="button" onclick={new_run} title="A fresh random seed; the URL keeps it, so the run can be replayed">{ "New run" }</button>
            </fieldset>
            { crate::eavesdropper::toggle(app) }
            // The attacker's run is shown on its own.
            if s.attacked().is_none() {
                <p class="compare-links">
                    { "Side by side with: " }
                    { for handshakes::ALL.iter().filter(|h| *h != current).map(|h| html! {
                        <a href={side_by_side(app, h)}>{ h.title }</a>
                    }) }
                </p>
            }
            if let Some(f) = s.fault {
                <p class="current-fault">
                    { format!("Fault on the wire: {f} ") }
                    <button type="button" onclick={clear_fault}>{ "Remove fault" }</button>
                </p>
            }
        </form>
    }
}

/// The link that opens this run beside `other`, aligned by round trip (`compare=`); its first
/// step, without a fault (the side-by-side view compares clean runs).
fn side_by_side(app: &State, other: &'static Handshake) -> String {
    link(
        app,
        Some(Choice::new(other.protocol, other.group, false)),
        false,
        None,
    )
}

/// The link to this run's first step without a fault, beside another (`compare`) or as the
/// browser's second visit (`resume`): one function for both, so the lab's first load carries
/// its code once.
///
/// Or, with `attack`, this run with an attacker on the path: the attacker build shows neither
/// mutual TLS, a second visit, another handshake beside it nor practice, so the link leaves
/// them out (which also keeps the lab's loader from starting another build for it).
pub fn link(
    app: &State,
    compare: Option<Choice>,
    resume: bool,
    attack: Option<engine::attack::Attack>,
) -> String {
    let url = app.to_url();
    let attacked = attack.is_some();
    url::to_query(&UrlState {
        compare,
        resume,
        attack,
        client_cert: url.client_cert.filter(|_| !attacked),
        early_data: url.early_data && !attacked,
        practice: url.practice && !attacked,
        step: None,
        fault: None,
        ..url
    })
}

/// The "Attacker on the path" menu: the attacker build's.
fn attacker_choice(app: &UseReducerHandle<State>) -> Html {
    #[cfg(feature = "attack")]
    return super::attacker::choice(app);
    #[cfg(not(feature = "attack"))]
    {
        let _ = app;
        Html::default()
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
