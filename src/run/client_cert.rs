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
    let onchange = reload_or(app, |value, url| {
        let kind = ClientCertKind::parse(&value);
        let action = cfg!(feature = "client-auth").then_some(Action::Rerun(Edit::ClientCert(kind)));
        Some((
            action,
            UrlState {
                client_cert: kind,
                ..url
            },
        ))
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

/// A menu's change: `choose` reads its value (and the page's link) into the action that
/// reruns the page, or, in a build without the choice's code (`None`), into the link that
/// reloads it: the lab's loader then starts the extended build. Without the fault, which
/// named a record of the old run.
pub fn reload_or(
    app: &UseReducerHandle<State>,
    choose: impl Fn(String, UrlState) -> Option<(Option<Action>, UrlState)> + 'static,
) -> Callback<Event> {
    let handle = app.clone();
    on_value(app, move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let (action, url) = choose(select.value(), handle.to_url())?;
        if action.is_some() {
            return action;
        }
        let _ = web_sys::window()?
            .location()
            .assign(&url::to_query(&UrlState { fault: None, ..url }));
        None
    })
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
