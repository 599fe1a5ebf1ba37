//! The message inspector: the record's field tree beside its exact bytes. Hovering or
//! selecting a field highlights its bytes; hovering a byte highlights its field. For an
//! encrypted record it also shows how it was sealed and the decrypted plaintext's own fields.

mod certificates;
pub mod field_note;
pub mod field_tree;
pub mod fields;
pub mod hex;
pub mod hex_view;

use std::rc::Rc;

use engine::Transcript;
use engine::codec::hex_spaced;
use engine::crypto::sealing::Construction;
use engine::msgs::suites::Aead;
use engine::transcript::{Field, WireRecord};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::hooks::use_app;
use crate::state::State;
use fields::FieldPath;
use hex_view::HexView;

/// One buffer's fields and bytes, shared: the inspector re-renders on every hover.
type Pane = (Rc<[Field]>, Rc<[u8]>);

/// Which buffer a field lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Buffer {
    /// The record as it went on the wire.
    Wire,
    /// The decrypted plaintext of an encrypted record.
    Plaintext,
}

/// A function of the page's state, not a component: each component costs the first load its
/// own code.
pub fn view(app: &UseReducerHandle<State>) -> Html {
    match app.current() {
        // Not keyed by record: a step reuses the panes' elements (Yew updates their text and
        // attributes) instead of building them anew; the selection is the record's own.
        Some(r) => html! { <RecordInspector number={r.number} /> },
        None => html! {},
    }
}

#[derive(Properties, PartialEq)]
struct RecordProps {
    number: usize,
}

/// A run, compared by identity: a new simulation is a new run even when the record number
/// stays. Holding the `Rc` keeps its address from being reused while it is compared.
#[derive(Clone)]
struct SameRun(Rc<Transcript>);

impl PartialEq for SameRun {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[component]
fn RecordInspector(props: &RecordProps) -> Html {
    let app = use_app();
    // Which record's field is hovered or selected: a new step starts with neither.
    let hover = use_state_eq(|| None::<(usize, Buffer, FieldPath)>);
    let selected = use_state_eq(|| None::<(usize, Buffer, FieldPath)>);
    let number = props.number;
    // What a field is for: loaded the first time one is pointed at.
    let notes = field_note::use_notes(hover.is_some() || selected.is_some());
    // The boxes that scroll start at the top of each record, as new ones would. Only when one
    // was left scrolled: setting a scroll position forces a layout, which a step need not wait
    // for.
    let section = use_node_ref();
    let scrolled = use_mut_ref(|| false);
    let on_scroll = {
        let scrolled = scrolled.clone();
        Callback::from(move |e: Event| {
            let away = e
                .target_dyn_into::<web_sys::Element>()
                .is_some_and(|b| b.scroll_top() > 0);
            *scrolled.borrow_mut() |= away;
        })
    };
    {
        let (section, hover, selected) = (section.clone(), hover.clone(), selected.clone());
        use_effect_with(number, move |_| {
            // Left behind, they would come back with their record (only a change re-renders).
            hover.set(None);
            selected.set(None);
            let boxes = std::mem::take(&mut *scrolled.borrow_mut())
                .then(|| section.cast::<web_sys::Element>())
                .flatten()
                .and_then(|s| s.query_selector_all(".hex, .field-tree").ok());
            let Some(boxes) = boxes else {
                return;
            };
            for i in 0..boxes.length() {
                if let Some(b) = boxes
                    .get(i)
                    .and_then(|b| b.dyn_into::<web_sys::Element>().ok())
                {
                    b.set_scroll_top(0);
                }
            }
        });
    }
    let this_record = move |s: &Option<(usize, Buffer, FieldPath)>| {
        s.clone()
            .filter(|(n, ..)| *n == number)
            .map(|(_, b, p)| (b, p))
    };
    let record = app
        .transcript
        .records
        .iter()
        .find(|r| r.number == props.number);
    // The record's buffers as shared slices, made once per record and run: hovering
    // re-renders on every move, and the views then compare pointers instead of copying and
    // comparing every byte and field.
    let raw = use_memo((props.number, SameRun(app.transcript.clone())), |_| {
        record.map(|r| -> (Pane, Option<Pane>) {
            let wire = (Rc::from(r.fields.as_slice()), Rc::from(r.bytes.as_slice()));
            let plaintext = r.protection.as_ref().map(|p| {
                (
                    Rc::from(p.plaintext_fields.as_slice()),
                    Rc::from(p.plaintext.as_slice()),
                )
            });
            (wire, plaintext)
        })
    });
    // The certificates' trees, where the page leaves them to the dissector's worker.
    let key = (number, Rc::as_ptr(&app.transcript) as usize);
    let shared = certificates::use_panes(key, raw);
    let (Some(r), Some(shared)) = (record, shared.as_ref()) else {
        return html! {};
    };
    let active = this_record(&hover).or_else(|| this_record(&selected));
    let selected_here = this_record(&selected);

    let pane = |buffer: Buffer, title: &str, (fields, bytes): &(Rc<[Field]>, Rc<[u8]>)| {
        let path = active
            .as_ref()
            .filter(|(b, _)| *b == buffer)
            .map(|(_, p)| p.clone());
        let range = path
            .as_ref()
            .and_then(|p| fields::at(fields, p))
            .map(|f| (f.start, f.end));
        let chosen = selected_here
            .as_ref()
            .filter(|(b, _)| *b == buffer)
            .map(|(_, p)| p.clone());
        let reveal = chosen
            .as_ref()
            .and_then(|p| fields::at(fields, p))
            .map(|f| (f.start, f.end));
        let on_hover = {
            let hover = hover.clone();
            Callback::from(move |p: Option<FieldPath>| hover.set(p.map(|p| (number, buffer, p))))
        };
        let on_select = {
            let selected = selected.clone();
            Callback::from(move |p: FieldPath| {
                let again = selected
                    .as_ref()
                    .is_some_and(|(n, b, q)| *n == number && *b == buffer && *q == p);
                selected.set((!again).then_some((number, buffer, p)));
            })
        };
        let on_byte_hover = {
            let (on_hover, fields) = (on_hover.clone(), fields.clone());
            Callback::from(move |i: Option<usize>| {
                on_hover.emit(i.and_then(|i| fields::deepest_at(&fields, i)))
            })
        };
        let on_byte_click = {
            let (on_select, fields) = (on_select.clone(), fields.clone());
            Callback::from(move |i: usize| {
                if let Some(p) = fields::deepest_at(&fields, i) {
                    on_select.emit(p);
                }
            })
        };
        let class = match buffer {
            Buffer::Wire => "pane wire",
            Buffer::Plaintext => "pane plaintext",
        };
        let note = path.as_ref().and_then(|p| {
            let f = fields::at(fields, p)?;
            Some(field_note::view(
                notes.as_deref(),
                &f.name,
                fields::rfc_at(fields, p),
            ))
        });
        html! {
            <div class={class}>
                <h3>{ title }</h3>
                <div class="pane-body">
                    { field_tree::view(&field_tree::Props {
                        fields: fields.clone(),
                        highlight: path,
                        selected: chosen,
                        on_hover,
                        on_select,
                        on_scroll: on_scroll.clone(),
                    }) }
                    <HexView bytes={bytes.clone()} highlight={range} reveal={reveal}
                             on_hover={on_byte_hover} on_click={on_byte_click} on_scroll={on_scroll.clone()} />
                </div>
                { note.unwrap_or_default() }
            </div>
        }
    };

    html! {
        <section class="inspector" aria-labelledby="inspector-title" ref={section}>
            <h2 id="inspector-title">{ format!("Record {}: {} bytes", r.number, r.bytes.len()) }</h2>
            <p class="hint">{ "Hover or select a field to see its bytes; hover a byte to find its field." }</p>
            { pane(Buffer::Wire, "On the wire", &shared.0) }
            { protection(r, app.transcript.aead()) }
            if let (Some(p), Some(plaintext)) = (&r.protection, &shared.1) {
                { pane(Buffer::Plaintext, if p.inner_type.is_some() { "Decrypted TLSInnerPlaintext" } else { "Decrypted plaintext" }, plaintext) }
            }
        </section>
    }
}

/// How an encrypted record was sealed with its suite's AEAD: the nonce and the additional data
/// as the engine reports building them, part by part (TLS 1.2's salt ‖ nonce_explicit and
/// seq_num ‖ type ‖ version ‖ length; TLS 1.3's write_iv XOR sequence number and header).
fn protection(r: &WireRecord, aead: Aead) -> Html {
    let Some(p) = &r.protection else {
        return html! {};
    };
    let mac = if aead == Aead::ChaCha20Poly1305 {
        "Poly1305"
    } else {
        "GCM"
    };
    let row = |part: bool, name: &str, what: &str, bytes: &[u8]| {
        html! {
            <tr class={part.then_some("part")}>
                <th scope="row">{ name }</th>
                <td><code class="hex-inline">{ hex_spaced(bytes) }</code><span class="what">{ what }</span></td>
            </tr>
        }
    };
    // The whole value, "= part op part …", then each part with its bytes.
    let built = |name: &str, what: &str, bytes: &[u8], c: Construction| {
        let mut formula = String::from("=");
        for (i, part) in c.parts.iter().enumerate() {
            if i > 0 {
                formula.push(' ');
                formula.push_str(c.combine.symbol());
            }
            formula.push(' ');
            formula.push_str(part.name.as_str());
        }
        formula.push_str(what);
        let parts = c.parts.iter().map(|part| {
            let sent = if part.name.is_sent() {
                "sent in the record"
            } else {
                "not sent: both sides know it"
            };
            row(true, part.name.as_str(), sent, &part.bytes)
        });
        html! { <>{ row(false, name, &formula, bytes) }{ for parts }</> }
    };
    html! {
        <div class="protection">
            <h3>{ format!("Sealed with {} ({}), sequence number {}", p.key.id(), aead.name(), p.seq) }</h3>
            if let Some(inner) = p.inner_type {
                <p class="inner-type" data-inner={inner.to_wire().to_string()}>
                    { format!("Inner content type: {} ({}). The header says {} ({}): the real type travels encrypted, as the last byte of TLSInnerPlaintext.",
                        inner.as_str(), inner.to_wire(), r.content_type.as_str(), r.content_type.to_wire()) }
                </p>
            }
            <table>
                <tbody>
                    { built("nonce", "", &p.nonce, p.nonce_construction(aead)) }
                    { built("AAD", " — authenticated, not encrypted", &p.aad, p.aad_construction()) }
                    { row(false, "ciphertext", "the plaintext below, encrypted", &p.ciphertext) }
                    { row(false, "tag", &format!("16-byte {mac} authentication tag: any changed bit makes it fail (bad_record_mac)"), &p.tag) }
                </tbody>
            </table>
        </div>
    }
}
