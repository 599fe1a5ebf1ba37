//! Share and export, behind one button: the link to this exact state, the iframe snippet
//! for a course page, the diagrams as SVG and PNG, the run's capture and key log (the same
//! bytes `tls-lab export` writes), and printing.

use yew::prelude::*;

use crate::handshakes::Handshake;
use crate::hooks::use_app;
use crate::share;
use crate::share::export;

#[component]
pub fn Share() -> Html {
    let app = use_app();
    let open = use_state_eq(|| false);
    let compact = use_state_eq(|| false);
    let status = use_state_eq(String::new);
    let toggle = {
        let (open, status) = (open.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            status.set(String::new());
            open.set(!*open);
        })
    };
    let on_key = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                open.set(false);
            }
        })
    };
    let toggle_button = html! {
        <button type="button" class="share-toggle" aria-expanded={open.to_string()}
                aria-controls="share-panel" onclick={toggle.clone()}>{ "Share & export" }</button>
    };
    if !*open {
        return toggle_button;
    }

    let state = app.to_url();
    let page = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let handshake = Handshake::of(&app.scenario);
    // Side by side names both runs, and its steps are flights.
    let title = match &app.compare {
        Some(c) => format!(
            "TLS Lab: {} beside {}, flight {}",
            handshake.title, c.choice.handshake.title, app.step
        ),
        None => format!(
            "TLS Lab: {} ({}), step {}",
            handshake.title,
            handshake.suite(),
            app.step
        ),
    };
    let link = share::link(&page, &state);
    let embedded = crate::url::UrlState {
        panels: if *compact {
            crate::url::Panels::COMPACT
        } else {
            state.panels
        },
        ..state.clone()
    };
    let snippet = share::iframe_snippet(&page, &embedded, &title);
    let on_compact = {
        let compact = compact.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            compact.set(input.checked());
        })
    };
    let stem = share::file_stem(&state);

    let copy = |text: String, what| crate::share::clipboard::copy_button(&status, text, what);
    let svg = |selector: &'static str, name: String| {
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let saved = export::picture(selector)
                .is_some_and(|p| export::download_bytes(p.svg.as_bytes(), "image/svg+xml", &name));
            status.set(if saved {
                format!("Saved {name}.")
            } else {
                "This diagram is not on the page.".into()
            });
        })
    };
    let png = |selector: &'static str, name: String| {
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let (status, name) = (status.clone(), name.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let url = match export::picture(selector) {
                    Some(p) => export::png(&p).await,
                    None => None,
                };
                let saved = url.is_some_and(|u| export::download_url(&u, &name));
                status.set(if saved {
                    format!("Saved {name}.")
                } else {
                    "The browser could not draw this diagram.".into()
                });
            });
        })
    };
    let capture = {
        let (status, app, stem) = (status.clone(), app.clone(), stem.clone());
        Callback::from(move |_: MouseEvent| {
            let (pcap, packets) = engine::export::pcap(&app.transcript);
            let keys = engine::export::key_log(&app.transcript);
            let (pcap_name, keys_name) = (format!("{stem}.pcap"), format!("{stem}.keys.log"));
            let saved = export::download_bytes(&pcap, "application/vnd.tcpdump.pcap", &pcap_name)
                && export::download_bytes(keys.as_bytes(), "text/plain", &keys_name);
            status.set(if saved {
                format!("Saved {pcap_name} ({packets} packets) and {keys_name}: open the capture in Wireshark with the key log to see it decrypted.")
            } else {
                "The browser refused the download.".into()
            });
        })
    };
    let print = export::print();
    // The side-by-side view draws neither diagram.
    let panels = app.view.panels;
    let diagrams = app.compare.is_none();

    html! {
        <div class="share" onkeydown={on_key}>
            { toggle_button }
            <section id="share-panel" class="share-panel" aria-labelledby="share-title">
                <h2 id="share-title">{ "Share this step" }</h2>
                <label for="share-link">{ "Link to exactly this run and step" }</label>
                <input id="share-link" type="text" readonly=true value={link.clone()} />
                <button type="button" onclick={copy(link, "link")}>{ "Copy link" }</button>
                <label for="share-embed">{ "Embed it in a course page (the frame takes the height the page reports)" }</label>
                <label class="check"><input id="share-compact" type="checkbox" checked={*compact} onchange={on_compact} />
                    { " Compact: only the diagram and the step's explanation, at a steady height" }</label>
                <textarea id="share-embed" readonly=true rows="5" value={snippet.clone()} />
                <button type="button" onclick={copy(snippet, "embed code")}>{ "Copy embed code" }</button>
                { crate::course::write_lesson(&app) }
                <h3>{ "Download" }</h3>
                if export::sandboxed() {
                    <p class="hint">{ "This frame does not allow downloads: open the link above in a tab of its own to download or print." }</p>
                } else {
                    <div class="downloads">
                        if diagrams && panels.sequence {
                            <button type="button" onclick={svg(".sequence-svg", format!("{stem}-sequence.svg"))}>{ "Sequence diagram (SVG)" }</button>
                            <button type="button" onclick={png(".sequence-svg", format!("{stem}-sequence.png"))}>{ "Sequence diagram (PNG)" }</button>
                        }
                        if diagrams && panels.keys {
                            <button type="button" onclick={svg(".keys-svg", format!("{stem}-keys.svg"))}>{ "Key diagram (SVG)" }</button>
                            <button type="button" onclick={png(".keys-svg", format!("{stem}-keys.png"))}>{ "Key diagram (PNG)" }</button>
                        }
                        <button type="button" onclick={capture}>{ "Capture (pcap) and key log" }</button>
                        <button type="button" onclick={print}>{ "Print the diagram and this step" }</button>
                        if diagrams {
                            <button type="button" onclick={crate::hooks::on(&app, crate::state::Action::Handout(true))}>{ "Handout: every step with its explanation" }</button>
                        }
                    </div>
                }
                <p class="share-status" role="status">{ (*status).clone() }</p>
                <button type="button" class="close" onclick={toggle}>{ "Close" }</button>
            </section>
        </div>
    }
}
