//! The sequence diagram: Browser and Server lifelines, one arrow per record on the wire.
//! Each arrow is a button named after its messages; a small button beside it opens the fault
//! menu for that record. Only the current record's arrow and ⚡ are in the tab order (a
//! roving tab stop): ← → move between records, so the inspector stays a few tabs away.
//!
//! Under an arrow, small print says what the arrow alone cannot: a TLS 1.3 record's outer
//! type beside the content type it hides (RFC 8446 §5.2), that a TLS 1.3 ChangeCipherSpec is
//! only there for middleboxes (Appendix D.4), that a HelloRetryRequest costs a round trip, the
//! wire's fault. A rule marks where both sides
//! have completed the handshake, so what follows it (NewSessionTicket) reads as after it.
//!
//! With an attacker on the path (the lab's attacker build), a third lifeline stands between
//! the two (`attacker.rs`): the records it relays cross it, and when it terminates the
//! browser's connection, that connection ends at it and its own connection to the server
//! runs beside, in the order of the wire.

#[cfg(feature = "attack")]
mod attacker;
pub mod fault_menu;
pub mod layout;

use engine::msgs::enums::ContentType;
use engine::transcript::{Content, Event, Party, Transcript, WireRecord};
use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::hooks::{on, use_app};
use crate::run::sequence::fault_menu::FaultMenu;
use crate::state::Action;
use layout::{self as geo, RecordShape};

#[component]
pub fn SequenceDiagram() -> Html {
    let app = use_app();
    let scroller = use_node_ref();
    use_current_in_view(scroller.clone(), app.step, app.view.embed);
    let records = &app.transcript.records;
    let tls13 = app.transcript.scenario.protocol.suite().is_tls13();
    let done = handshake_completed_at(&app.transcript);
    let path = Path::of(&app.transcript);
    let rows = path.rows(records);
    let notes: Vec<Vec<Note>> = rows
        .iter()
        .map(|row| path.notes(*row, records, tls13))
        .collect();
    let shapes: Vec<RecordShape> = rows
        .iter()
        .zip(&notes)
        .map(|(row, n)| {
            let r = path.record(*row, records);
            let (from_x, to_x) = path.lanes(*row, r.from);
            RecordShape {
                flight: r.flight,
                connection: row.connection(),
                from_x,
                to_x,
                notes: n.len() as i32,
                rule_after: matches!(row, Row::Record(_)) && done == Some(r.number),
            }
        })
        .collect();
    let l = geo::layout(&shapes);
    // The record of a row on the browser's connection (the steps): index into `records`.
    let step_record = |i: usize| match rows[i] {
        Row::Record(k) => Some(&records[k]),
        #[cfg(feature = "attack")]
        Row::Upstream(_) => None,
    };
    let pct = |x: i32| format!("{x}%");

    // In practice, a flight shows once its first record is revealed.
    let limit = app.limit();
    let shown = |flight: usize, connection: usize| {
        connection > 0
            || records
                .iter()
                .any(|r| r.flight == flight && r.number <= limit)
    };
    let flights = l.flights.iter().filter(|f| shown(f.flight, f.connection)).map(|f| {
        html! {
            <g class="flight">
                <rect x="2%" width="96%" y={f.top.to_string()} height={(f.bottom - f.top).to_string()} rx="8" />
                <text x="3%" y={(f.top + 12).to_string()} class="flight-label">{ path.flight_label(f.flight, f.connection) }</text>
            </g>
        }
    });

    // In practice, a record not yet revealed is not drawn: its name would give the answer away.
    let arrows = l.arrows.iter().filter(|a| step_record(a.index).is_none_or(|r| r.number <= limit)).map(|a| {
        let Some(r) = step_record(a.index) else {
            return path.other_arrow(rows[a.index], a, &notes[a.index], app.step);
        };
        let n = r.number;
        let position = match n.cmp(&app.step) {
            std::cmp::Ordering::Less => "past",
            std::cmp::Ordering::Equal => "current",
            std::cmp::Ordering::Greater => "later",
        };
        let kind = kind(r);
        let compat = notes[a.index].contains(&Note::CompatibilityCcs);
        let end = if r.delivered { a.x2 } else { a.mid };
        let (select, on_key) = crate::hooks::press(&app, Action::Goto(n));
        let label = r.title();
        let description = format!(
            "record {n}, {}{}",
            if r.is_protected() { "encrypted" } else { "plaintext" },
            r.fault.as_ref().map(|f| format!(", fault: {}", f.fault)).unwrap_or_default()
        );
        let y = a.y;
        let span = Span::of(a);
        html! {
            <>
                <g class={classes!("arrow", kind, position, (!r.delivered).then_some("dropped"), r.fault.is_some().then_some("faulted"), compat.then_some("compat"))}
                   role="button" tabindex={if position == "current" { "0" } else { "-1" }}
                   aria-label={label.clone()} aria-description={description}
                   aria-current={(position == "current").then_some("step")}
                   data-record={n.to_string()} onclick={select} onkeydown={on_key}>
                    <rect class="hit" x={Coord::clone(&span.hit_x)} width={span.hit_width} y={(y - 24).to_string()} height="40" rx="6" />
                    <line x1={pct(a.x1)} x2={pct(end)} y1={y.to_string()} y2={y.to_string()}
                          marker-end={(r.delivered).then_some(format!("url(#head-{kind})"))} />
                    <text x={Coord::clone(&span.middle)} y={(y - 8).to_string()} text-anchor="middle" class="label">{ label.clone() }</text>
                </g>
                // Outside the button, so the text inside it is exactly its name (WCAG 2.5.3);
                // aria-description tells the same to a screen reader.
                <g class={classes!("arrow-marks", position)} aria-hidden="true">
                    <text x={span.number} y={(y - 8).to_string()} class="num">{ format!("{n}.") }</text>
                    if !r.delivered {
                        <text x={pct(a.mid)} y={(y + 5).to_string()} class="drop-mark" text-anchor="middle">{ "×" }</text>
                    }
                    { for notes[a.index].iter().zip(&a.notes).map(|(note, y)| note.view(Coord::clone(&span.middle), *y)) }
                </g>
            </>
        }
    });

    // Not in practice: a fault would start the run, and its questions, over.
    let faults = app.view.faults && app.practice.is_none();
    let fault_buttons = l.arrows.iter().filter(|_| faults).filter_map(|a| {
        let n = step_record(a.index)?.number;
        let open = app.fault_menu == Some(n);
        let toggle = on(&app, Action::ToggleFaultMenu(n));
        Some(html! {
            <button type="button" class="fault-btn" style={format!("top:{}px", a.y - 13)}
                    aria-label={format!("Faults for record {n}")} aria-expanded={open.to_string()}
                    tabindex={(n != app.step).then_some("-1")}
                    title="Break this record on the wire" onclick={toggle}>
                <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false">
                    <path d="M13 2 4 14h6l-1 8 9-12h-6z" />
                </svg>
            </button>
        })
    });

    let menu = app.fault_menu.filter(|_| app.view.faults).and_then(|n| {
        let a = l
            .arrows
            .iter()
            .find(|a| step_record(a.index).is_some_and(|r| r.number == n))?;
        let len = records.get(n - 1)?.bytes.len();
        Some(html! { <FaultMenu record={n} len={len} top={a.y + 16} /> })
    });

    let rule = l.rule.map(|y| html! {
        <g class="handshake-rule" aria-hidden="true">
            <line x1="2%" x2="98%" y1={y.to_string()} y2={y.to_string()} />
            <text x="50%" y={(y - 3).to_string()} text-anchor="middle">{ "handshake complete" }</text>
        </g>
    });

    let height = l.height.to_string();
    let bottom = (l.height - geo::FOOTER / 2).to_string();
    html! {
        <figure class="sequence">
            <figcaption class="visually-hidden">{ "Sequence diagram: each arrow is one TLS record on the wire." }</figcaption>
            <div class="sequence-scroll" ref={scroller}>
            <div class="sequence-wrap" style={format!("height:{height}px")}>
                <svg class="sequence-svg" width="100%" height={height.clone()} role="group" aria-label="Records on the wire">
                    <defs>
                        { for ["plain", "enc", "alert"].iter().map(|k| html! {
                            <marker id={format!("head-{k}")} viewBox="0 0 10 10" refX="9" refY="5"
                                    markerWidth="11" markerHeight="11" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
                                <path class={classes!("head", *k)} d="M0,0 L10,5 L0,10 z" />
                            </marker>
                        }) }
                    </defs>
                    { for flights }
                    <text x={pct(geo::BROWSER_X)} y="18" text-anchor="middle" class="party">{ "Browser" }</text>
                    <text x={pct(geo::SERVER_X)} y="18" text-anchor="middle" class="party">{ "Server" }</text>
                    <line class="lifeline" x1={pct(geo::BROWSER_X)} x2={pct(geo::BROWSER_X)} y1="26" y2={bottom.clone()} />
                    <line class="lifeline" x1={pct(geo::SERVER_X)} x2={pct(geo::SERVER_X)} y1="26" y2={bottom.clone()} />
                    { path.lifeline(&bottom) }
                    { for arrows }
                    { rule.unwrap_or_default() }
                </svg>
                { for fault_buttons }
                { menu.unwrap_or_default() }
            </div>
            </div>
            <p class="legend">
                <span class="key plain">{ "plaintext" }</span>
                <span class="key enc">{ "encrypted" }</span>
                <span class="key alert">{ "alert" }</span>
            </p>
        </figure>
    }
}

/// After a step change: the keyboard focus follows the step when it was on an arrow (so
/// ← → never leave it on the record the student left), the current arrow scrolls into the
/// diagram's box (a scroll box in the embed and beside the explanation on a wide screen), and,
/// when the student moved (not on the page's first render) outside an embed, the page scrolls
/// so that the controls, the arrow and the explanation are on screen together. All of it runs
/// after the step has painted: measuring forces a layout, which need not delay the step.
#[hook]
fn use_current_in_view(scroller: NodeRef, step: usize, embed: bool) {
    let first = use_mut_ref(|| true);
    use_effect_with(step, move |_| {
        let moved = !std::mem::replace(&mut *first.borrow_mut(), false);
        let follow = Timeout::new(0, move || {
            let Some(scroller) = scroller.cast::<web_sys::HtmlElement>() else {
                return;
            };
            let focused_arrow = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .is_some_and(|el| {
                    el.class_list().contains("arrow") && scroller.contains(Some(&el))
                });
            if focused_arrow {
                focus_current_step();
            }
            keep_current_in_box(&scroller);
            if moved && !embed {
                bring_stage_into_view(&scroller);
            }
        });
        move || drop(follow)
    });
}

/// Scrolls the page (never an embedding host's: not called in an embed) when the current
/// arrow, or on a wide screen the step's explanation, is off screen: a wide screen then shows
/// the panels from their top (the diagram's column is sticky, its box the window's height);
/// a phone shows the lesson's narration or the diagram right under the sticky controls.
fn bring_stage_into_view(scroller: &web_sys::HtmlElement) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let find = |selector: &str| document.query_selector(selector).ok().flatten();
    let (Some(arrow), Some(controls)) = (
        scroller
            .query_selector(".arrow[aria-current=step] .hit")
            .ok()
            .flatten(),
        find(".controls-panel"),
    ) else {
        return;
    };
    let height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    // On a phone the columns dissolve (`display: contents`) and only the controls stick.
    let phone = find(".col-stage")
        .and_then(|c| window.get_computed_style(&c).ok().flatten())
        .and_then(|style| style.get_property_value("display").ok())
        .is_some_and(|d| d == "contents");
    let arrow = arrow.get_bounding_client_rect();
    let covered = if phone {
        controls.get_bounding_client_rect().bottom()
    } else {
        0.0
    };
    let explanation_above =
        !phone && find(".step-panel").is_some_and(|e| e.get_bounding_client_rect().top() < 0.0);
    if arrow.top() >= covered && arrow.bottom() <= height && !explanation_above {
        return;
    }
    let anchor = if phone {
        find(".lesson-panel, .practice-panel").or_else(|| find(".diagram-panel"))
    } else {
        find(".panels")
    };
    if let Some(anchor) = anchor {
        let offset = if phone {
            controls.get_bounding_client_rect().height() + 8.0
        } else {
            8.0
        };
        let y = window.scroll_y().unwrap_or(0.0) + anchor.get_bounding_client_rect().top() - offset;
        window.scroll_to_with_x_and_y(0.0, y.max(0.0));
    }
}

/// Scrolls the box (only the box: `scrollIntoView` would scroll the host page of an iframe
/// too) so the current arrow is inside it, with a little room around it.
fn keep_current_in_box(scroller: &web_sys::HtmlElement) {
    let Ok(Some(current)) = scroller.query_selector(".arrow[aria-current=step] .hit") else {
        return;
    };
    let rect = current.get_bounding_client_rect();
    let view = scroller.get_bounding_client_rect();
    let (top, bottom) = (rect.top() - view.top(), rect.bottom() - view.top());
    let height = f64::from(scroller.client_height());
    let scroll = f64::from(scroller.scroll_top());
    if top < 0.0 {
        scroller.set_scroll_top((scroll + top - 24.0) as i32);
    } else if bottom > height {
        scroller.set_scroll_top((scroll + bottom - height + 24.0) as i32);
    }
}

/// Where an arrow's parts go across the diagram: its click target, its middle (label, notes)
/// and its number. Between the browser and the server, as in every build without an
/// attacker, they are fixed; with one, an arrow may span half the width.
struct Span {
    hit_x: Coord,
    hit_width: Coord,
    middle: Coord,
    number: Coord,
}

/// A position across the diagram, in percent: fixed text without an attacker.
#[cfg(not(feature = "attack"))]
type Coord = &'static str;
#[cfg(feature = "attack")]
type Coord = AttrValue;

impl Span {
    #[cfg(not(feature = "attack"))]
    fn of(_: &geo::Arrow) -> Span {
        Span {
            hit_x: "8%",
            hit_width: "84%",
            middle: "50%",
            number: "16%",
        }
    }

    #[cfg(feature = "attack")]
    fn of(a: &geo::Arrow) -> Span {
        let (left, right) = (a.x1.min(a.x2), a.x1.max(a.x2));
        let pct = |x: i32| AttrValue::from(format!("{x}%"));
        Span {
            hit_x: pct(left - 6),
            hit_width: pct(right - left + 12),
            middle: pct((left + right) / 2),
            // Half the width leaves the label no room beside it: the number goes outside.
            number: pct(if right - left < 50 {
                left - 6
            } else {
                left + 2
            }),
        }
    }
}

/// A row of the diagram: a record of the browser's connection (a step), or, with an attacker
/// that terminates it, a record of the attacker's own connection to the server.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Row {
    Record(usize),
    #[cfg(feature = "attack")]
    Upstream(usize),
}

impl Row {
    fn connection(self) -> usize {
        match self {
            Row::Record(_) => 0,
            #[cfg(feature = "attack")]
            Row::Upstream(_) => 1,
        }
    }
}

/// Who stands on the path between the browser and the server: nobody, or (the attacker build)
/// an attacker (`attacker.rs` has that build's methods).
#[derive(Clone, Copy)]
struct Path<'a> {
    #[cfg(feature = "attack")]
    attacker: Option<&'a engine::attack::Attacker>,
    #[cfg(not(feature = "attack"))]
    run: std::marker::PhantomData<&'a Transcript>,
}

#[cfg(not(feature = "attack"))]
impl<'a> Path<'a> {
    fn of(_: &'a Transcript) -> Path<'a> {
        Path {
            run: std::marker::PhantomData,
        }
    }

    /// One row per record.
    fn rows(self, records: &[WireRecord]) -> Vec<Row> {
        (0..records.len()).map(Row::Record).collect()
    }

    fn record(self, row: Row, records: &'a [WireRecord]) -> &'a WireRecord {
        let Row::Record(i) = row;
        &records[i]
    }

    /// From the sender's lifeline to the receiver's.
    fn lanes(self, _: Row, from: Party) -> (i32, i32) {
        match from {
            Party::Client => (geo::BROWSER_X, geo::SERVER_X),
            Party::Server => (geo::SERVER_X, geo::BROWSER_X),
        }
    }

    fn notes(self, row: Row, records: &[WireRecord], tls13: bool) -> Vec<Note> {
        Note::of(self.record(row, records), tls13)
    }

    fn flight_label(self, flight: usize, _: usize) -> String {
        format!("flight {flight}")
    }

    fn other_arrow(self, _: Row, _: &geo::Arrow, _: &[Note], _: usize) -> Html {
        Html::default()
    }

    fn lifeline(self, _: &str) -> Html {
        Html::default()
    }
}

/// The record in which the second of the two sides completes the handshake (both Finished
/// checked), if both do.
fn handshake_completed_at(t: &Transcript) -> Option<usize> {
    let at = |party: Party| {
        t.records.iter().find_map(|r| {
            r.events
                .iter()
                .any(|e| matches!(e, Event::HandshakeComplete { party: p } if *p == party))
                .then_some(r.number)
        })
    };
    Some(at(Party::Client)?.max(at(Party::Server)?))
}

/// A line of small print under an arrow.
#[derive(Clone, Debug, PartialEq)]
enum Note {
    /// TLS 1.3: the header says `outer`, the decrypted TLSInnerPlaintext says `inner`.
    Types {
        outer: ContentType,
        inner: ContentType,
    },
    /// A HelloRetryRequest: a round trip of its own before any key exists (RFC 8446 §4.1.4).
    Retry,
    /// TLS 1.3's ChangeCipherSpec: sent so middleboxes see a familiar handshake (RFC 8446
    /// App. D.4); neither side's state machine gives it a meaning.
    CompatibilityCcs,
    /// What the wire did to the record.
    Fault(String),
    /// An attacker relaying the record changed it on the way.
    #[cfg(feature = "attack")]
    Edited,
}

impl Note {
    fn of(r: &WireRecord, tls13: bool) -> Vec<Note> {
        let mut notes = Vec::new();
        if let Some(inner) = r.protection.as_ref().and_then(|p| p.inner_type) {
            notes.push(Note::Types {
                outer: r.content_type,
                inner,
            });
        } else if tls13 && r.kind == ContentType::ChangeCipherSpec {
            notes.push(Note::CompatibilityCcs);
        } else if r
            .messages
            .iter()
            .any(|m| m.content == Content::HelloRetryRequest)
        {
            notes.push(Note::Retry);
        }
        if let Some(f) = &r.fault {
            notes.push(Note::Fault(format!("fault: {}", f.fault)));
        }
        notes
    }

    /// One `<text>` whatever the note (each element the page draws costs WebAssembly).
    fn view(&self, x: Coord, y: i32) -> Html {
        let (class, text, types) = match self {
            Note::Types { outer, inner } => (
                "types",
                ["outer: ", outer.as_str(), " · inner: ", inner.as_str()].concat(),
                Some((outer.to_wire().to_string(), inner.to_wire().to_string())),
            ),
            Note::Retry => (
                "retry-mark",
                "another key share, please: one more round trip".to_owned(),
                None,
            ),
            Note::CompatibilityCcs => (
                "compat-mark",
                "compatibility only: not part of TLS 1.3's logic".to_owned(),
                None,
            ),
            Note::Fault(text) => ("fault-tag", text.clone(), None),
            #[cfg(feature = "attack")]
            Note::Edited => (
                "edit-mark",
                "changed by the attacker on the way".to_owned(),
                None,
            ),
        };
        let (outer, inner) = types.unzip();
        html! {
            <text {x} y={y.to_string()} text-anchor="middle" {class} data-outer={outer} data-inner={inner}>{ text }</text>
        }
    }
}

/// How an arrow looks: an alert, an encrypted record, or plaintext.
fn kind(r: &WireRecord) -> &'static str {
    if r.content_type == ContentType::Alert || r.alert.is_some() {
        "alert"
    } else if r.is_protected() {
        "enc"
    } else {
        "plain"
    }
}

/// Moves the keyboard focus to the current record's arrow, or, without the diagram, to the
/// step controls.
pub fn focus_current_step() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let target = document
        .query_selector(".arrow[aria-current=step]")
        .ok()
        .flatten()
        .or_else(|| {
            document
                .query_selector(".controls button:not(:disabled)")
                .ok()
                .flatten()
        });
    // The arrow is an SVG element, not an HTML one: call its `focus` by name.
    if let Some(el) = target
        && let Ok(focus) = js_sys::Reflect::get(&el, &"focus".into())
        && let Ok(focus) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(focus)
    {
        let _ = focus.call0(&el);
    }
}
