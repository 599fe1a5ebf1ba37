//! The key-derivation diagram: every value either side generates or derives, appearing at the
//! step where it comes to exist and marked with who knows it. Selecting a node shows, right
//! under it, its formula, its inputs (linked to their nodes), its value in hex and a copy
//! button.

pub mod layout;

use engine::codec::hex;
use engine::crypto::secrets::Hkdf;
use engine::transcript::Derivation;
use gloo_events::EventListener;
use yew::prelude::*;

use crate::hooks::{on, use_app};
use crate::state::Action;
use layout::{self as geo, NodeShape};

/// The diagram's width on the page, measured when it first shows and when the window
/// resizes (not on every step: measuring forces a layout). `None` until measured.
#[hook]
fn use_width(section: NodeRef) -> Option<i32> {
    let width = use_state_eq(|| None::<i32>);
    {
        let width = width.clone();
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(el) = section.cast::<web_sys::Element>() {
                    width.set(Some(el.client_width()));
                }
            };
            measure();
            let listener =
                web_sys::window().map(|w| EventListener::new(&w, "resize", move |_| measure()));
            move || drop(listener)
        });
    }
    *width
}

/// Three boxes a row where they fit at their natural size, else two (one column would make
/// a tall thin ladder; on the narrowest phones the drawing then scrolls sideways in its box).
fn layout(shapes: &[NodeShape], width: Option<i32>) -> geo::KeyLayout {
    let three = geo::layout(shapes, 3);
    match width {
        Some(w) if three.width > w => geo::layout(shapes, 2),
        _ => three,
    }
}

/// A name wider than its box (at 13 px, about this many pixels a character) is squeezed
/// into it rather than cut.
const CHAR_PX: i32 = 8;

#[component]
pub fn KeyDiagram() -> Html {
    let app = use_app();
    let section = use_node_ref();
    let popover = use_node_ref();
    crate::hooks::use_reveal(popover.clone(), app.node);
    let width = use_width(section.clone());
    let step = app.step;
    let all = &app.transcript.derivations;
    let tls13 = app.transcript.scenario.protocol.suite().is_tls13();
    let shapes: Vec<NodeShape> = all.iter().map(|d| NodeShape::new(d, tls13)).collect();
    let l = layout(&shapes, width);
    let attacker = crate::attacker::poses_as_server(&app.transcript);
    let known = |d: &Derivation| Knows::at(d, step, attacker);
    let visible: Vec<bool> = all.iter().map(|d| known(d).anyone()).collect();

    let edges = l.edges.iter().filter(|e| visible[e.from] && visible[e.to]).map(|e| {
        let lit = app.node.is_some_and(|n| n == all[e.to].id || n == all[e.from].id);
        html! { <path class={classes!("edge", lit.then_some("lit"))} d={e.d()} marker-end="url(#key-head)" /> }
    });
    let nodes = l.nodes.iter().filter(|b| visible[b.index]).map(|b| {
        let d = &all[b.index];
        let k = known(d);
        let selected = app.node == Some(d.id);
        let fit = l.node_w - 12;
        let long = i32::try_from(d.name.chars().count()).unwrap_or(i32::MAX / CHAR_PX) * CHAR_PX > fit;
        let (select, on_key) = crate::hooks::press(&app, Action::SelectNode(Some(d.id)));
        let step = tls13.then(|| d.id.secret.hkdf()).flatten();
        let stage = step == Some(Hkdf::Extract);
        // Lines inside the box: name, HKDF step (TLS 1.3), who knows it.
        let who_y = b.y + l.node_h - 9;
        html! {
            <>
                <g class={classes!("node", k.class(), selected.then_some("selected"), stage.then_some("stage"))}
                   role="button" tabindex="0" aria-label={d.name.clone()} aria-description={k.spoken()}
                   aria-pressed={selected.to_string()}
                   data-id={d.id.to_string()} onclick={select} onkeydown={on_key}>
                    <rect x={b.x.to_string()} y={b.y.to_string()} width={l.node_w.to_string()}
                          height={l.node_h.to_string()} rx="6" />
                    // A long name is squeezed to fit the box rather than cut: the text inside
                    // the button stays exactly its name (WCAG 2.5.3).
                    <text x={(b.x + l.node_w / 2).to_string()} y={(b.y + 18).to_string()}
                          text-anchor="middle" class="node-name"
                          textLength={long.then(|| fit.to_string())} lengthAdjust={long.then_some("spacingAndGlyphs")}>
                        { d.name.clone() }
                    </text>
                </g>
                if let Some(step) = step {
                    <text x={(b.x + l.node_w / 2).to_string()} y={(b.y + 33).to_string()}
                          text-anchor="middle" class={classes!("node-step", selected.then_some("selected"))} aria-hidden="true">{ caption(step) }</text>
                }
                // Who knows it: outside the button for the same reason; aria-description says it.
                <text x={(b.x + l.node_w / 2).to_string()} y={who_y.to_string()}
                      text-anchor="middle" class={classes!("node-who", selected.then_some("selected"))} aria-hidden="true">{ k.label() }</text>
            </>
        }
    });

    let height = l.height_of(|i| visible[i]);
    // The selected value's details open right under its box (as a percentage of the drawn
    // height, so they stay under it when a phone scales the drawing down).
    let detail = app
        .node
        .as_ref()
        .and_then(|id| all.iter().position(|d| d.id == *id))
        .filter(|&i| visible[i])
        .and_then(|i| Some((i, l.node(i)?)))
        .map(|(i, b)| {
            let d = &all[i];
            let top = (b.y + l.node_h + 6) * 100 / height.max(1);
            html! {
                <div class="key-popover" ref={popover.clone()} style={format!("top:{top}%")}>
                    <NodeDetail index={i} knows={known(d)} />
                </div>
            }
        });

    html! {
        <section class="keys" aria-labelledby="keys-title" ref={section}>
            <h2 id="keys-title">{ "Key derivation" }</h2>
            <p class="hint">{ "Values appear at the step where they come to exist. B: the browser knows it; S: the server knows it; public: anyone on the wire can read it." }
                <span class="phone-only">{ " Swipe the drawing sideways to see all of it." }</span></p>
            // On a phone the drawing keeps its natural size (names 12 px, not 9.5) and its box
            // scrolls sideways (the CSS reads --natural).
            <div class="keys-scroll">
            <div class="keys-wrap" style={format!("max-width:{0}px;--natural:{0}px", l.width)}>
            <svg class="keys-svg" viewBox={format!("0 0 {} {height}", l.width)}
                 role="group" aria-label="Key derivation diagram">
                <defs>
                    <marker id="key-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
                        <path class="head key" d="M0,0 L10,5 L0,10 z" />
                    </marker>
                </defs>
                { for edges }
                { for nodes }
            </svg>
            { detail.clone().unwrap_or_default() }
            </div>
            </div>
            if detail.is_none() { <p class="hint">{ "Select a value to see how it is computed." }</p> }
        </section>
    }
}

/// The HKDF step as RFC 8446 §7.1 writes it, with its label.
fn caption(step: Hkdf) -> String {
    let (function, label) = match step {
        Hkdf::Extract => return "HKDF-Extract".into(),
        Hkdf::DeriveSecret(label) => ("Derive-Secret \"", label),
        Hkdf::ExpandLabel(label) => ("HKDF-Expand-Label \"", label),
    };
    [function, label.as_str(), "\""].concat()
}

/// Who knows a value at a step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Knows {
    pub browser: bool,
    pub server: bool,
    pub public: bool,
    /// The browser's "server" is an attacker on the path, posing as it.
    pub attacker: bool,
}

impl Knows {
    fn at(d: &Derivation, step: usize, attacker: bool) -> Knows {
        let by = |from: Option<usize>| from.is_some_and(|k| k <= step);
        Knows {
            browser: by(d.client_knows_from),
            server: by(d.server_knows_from),
            public: by(d.public_from),
            attacker,
        }
    }

    /// Whether the server side is an attacker (only the attacker build has one).
    fn attacker(self) -> bool {
        cfg!(feature = "attack") && self.attacker
    }

    fn anyone(self) -> bool {
        self.browser || self.server || self.public
    }

    /// The node's CSS class, and the same spelled out for a screen reader.
    fn group(self) -> (&'static str, &'static str) {
        match (self.public, self.browser, self.server) {
            (true, _, _) => ("public", "public: anyone on the wire can read it"),
            (false, true, true) if self.attacker() => {
                ("both", "known to the browser and the attacker")
            }
            (false, true, true) => ("both", "known to the browser and the server"),
            (false, true, false) => ("browser", "known to the browser only"),
            _ if self.attacker() => ("server", "known to the attacker only"),
            _ => ("server", "known to the server only"),
        }
    }

    fn class(self) -> &'static str {
        self.group().0
    }

    fn spoken(self) -> &'static str {
        self.group().1
    }

    fn label(self) -> String {
        let mut who = Vec::new();
        if self.browser {
            who.push("B");
        }
        if self.server {
            who.push(if self.attacker() { "A" } else { "S" });
        }
        if self.public {
            who.push("public");
        }
        who.join(" · ")
    }

    fn sentence(self) -> String {
        let mut who = Vec::new();
        if self.browser {
            who.push("the browser");
        }
        if self.server {
            who.push(if self.attacker() {
                "the attacker"
            } else {
                "the server"
            });
        }
        let secret = if self.public {
            "It is public: anyone watching the wire can read it, or compute it from what they read."
        } else {
            "It is secret: it never crossed the wire in the clear."
        };
        format!("Known to {} at this step. {secret}", who.join(" and "))
    }
}

#[derive(Properties, PartialEq)]
struct DetailProps {
    /// Which of the transcript's derivations (not a copy of it).
    index: usize,
    knows: Knows,
}

#[component]
fn NodeDetail(props: &DetailProps) -> Html {
    let app = use_app();
    let copied = use_state_eq(|| None::<bool>);
    let Some(d) = app.transcript.derivations.get(props.index) else {
        return html! {};
    };
    let hex = hex(&d.value);
    {
        // A new node starts without the previous node's "copied" message.
        let copied = copied.clone();
        use_effect_with(d.id, move |_| copied.set(None));
    }
    let copy = {
        let (copied, hex) = (copied.clone(), hex.clone());
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            let hex = hex.clone();
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(Some(crate::share::clipboard::write(&hex).await));
            });
        })
    };
    let close = on(&app, Action::SelectNode(None));
    let inputs = d.inputs.iter().map(|&secret| {
        let onclick = on(&app, Action::SelectNode(Some(secret.into())));
        html! { <li><button type="button" class="link" onclick={onclick}>{ secret.id() }</button></li> }
    });
    html! {
        <div class="key-detail" aria-live="polite">
            <h3>{ &d.name }</h3>
            <p class="who">{ props.knows.sentence() }</p>
            <p><span class="label">{ "Formula: " }</span><code class="formula">{ &d.formula }</code></p>
            if !d.inputs.is_empty() {
                <div class="inputs"><span class="label">{ "Inputs:" }</span><ul>{ for inputs }</ul></div>
            }
            if !d.rfc.is_empty() { <p class="rfc">{ &d.rfc }</p> }
            <p class="value-row">
                <span class="label">{ format!("Value ({} bytes):", d.value.len()) }</span>
                <code class="hex-value" data-id={d.id.to_string()}>{ hex }</code>
            </p>
            <button type="button" onclick={copy}>{ "Copy hex" }</button>
            <button type="button" class="close" onclick={close}>{ "Close" }</button>
            { match *copied {
                Some(true) => html! { <span class="copied" role="status">{ " Copied." }</span> },
                Some(false) => html! { <span class="copied" role="status">{ " The browser refused the clipboard here: select the hex and copy it by hand." }</span> },
                None => html! {},
            } }
        </div>
    }
}
