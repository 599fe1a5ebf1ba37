//! The "Client certificate" choice (mutual TLS): whether the server asks for the browser's
//! certificate, and which one the browser presents. The lab's; the course page does not
//! offer it.

use engine::pki::ClientCertKind;
use yew::prelude::*;

use crate::hooks::on_value;
use crate::state::{Action, Edit, State};
use crate::url::{self, UrlState};

/// Mutual TLS: whether the server asks for the browser's certificate, and which one the
/// browser presents.
pub fn choice(app: &UseReducerHandle<State>) -> Html {
    let current = app.scenario.client_cert;
    let handle = app.clone();
    let onchange = on_value(app, move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let kind = ClientCertKind::parse(&select.value());
        if cfg!(feature = "client-auth") {
            return Some(Action::Rerun(Edit::ClientCert(kind)));
        }
        // The lab's first build has no mutual-TLS code: the page reloads with the choice in
        // its link, and its loader starts the extended build.
        let _ = web_sys::window()?
            .location()
            .assign(&url::to_query(&UrlState {
                client_cert: kind,
                fault: None,
                // Mutual TLS's build has no second visit (the lab's builds take one or the
                // other: scripts/extended-build.mjs).
                resume: false,
                early_data: false,
                attack: None,
                ..handle.to_url()
            }));
        None
    });
    html! {
        <fieldset>
            <legend>{ "Client certificate" }</legend>
            <label for="client-cert" class="visually-hidden">{ "Mutual TLS: the browser's certificate" }</label>
            <select id="client-cert" onchange={onchange}>
                <option value="" selected={current.is_none()}>{ "not asked for (usual on the web)" }</option>
                { for ClientCertKind::ALL.iter().map(|k| html! {
                    <option value={k.as_str()} selected={Some(*k) == current}>{ client_cert_label(*k) }</option>
                }) }
            </select>
        </fieldset>
    }
}

fn client_cert_label(k: ClientCertKind) -> &'static str {
    match k {
        ClientCertKind::Valid => "asked for: valid (client CA → Sam Student)",
        ClientCertKind::None => "asked for: the browser has none",
        ClientCertKind::UnknownCa => "asked for: from a CA the server does not trust",
        ClientCertKind::Expired => "asked for: expired",
        ClientCertKind::BadSignature => "asked for: Sam's certificate, signed with another key",
        ClientCertKind::WrongUsage => "asked for: one for servers only (wrong key usage)",
    }
}
