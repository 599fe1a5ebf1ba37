//! What the current record is, why it is sent, and what each side did about it — all
//! generated from the transcript (the engine writes the explanation from the same data).

use engine::msgs::enums::AlertDescription;
use engine::transcript::{Event, Party, Transcript, WireRecord};
use yew::prelude::*;

use crate::glossary::view as glossary;
use crate::run::misconceptions;
use crate::state::State;

/// A function of the page's state, not a component: each component costs the first load its
/// own code.
pub fn view(app: &UseReducerHandle<State>) -> Html {
    let Some(r) = app.current() else {
        let text = if app.practice.is_some() {
            "Nothing is revealed yet: answer the question to see the first record."
        } else {
            "Nothing was sent."
        };
        return html! { <section class="explanation"><p>{ text }</p></section> };
    };
    let t = &app.transcript;
    let last = app.step == app.records();
    html! {
        <section class="explanation" aria-labelledby="explanation-title">
            <h2 id="explanation-title">
                { format!("Step {} of {}: {}", app.step, app.records(), r.title()) }
            </h2>
            { record_head(t, r) }
            { attacker_note(t, r) }
            <p class="explanation-text">{ glossary::text(&r.explanation) }</p>
            if !r.events.is_empty() {
                <ul class="events" aria-label="What happened">
                    { for grouped(&r.events).map(|g| match g {
                        Group::One(e) => event(t, e),
                        Group::Knows(party, names) => knows(t, party, &names),
                    }) }
                </ul>
            }
            if app.view.panels.misconceptions { { misconceptions::at(t, r.number) } }
            if last {
                <p class="summary"><strong>{ "Outcome: " }</strong>{ &t.outcome.summary }</p>
            }
        </section>
    }
}

/// Who sent the record to whom, in which flight, whether encrypted or never delivered, and
/// the wire's fault on it: the lines under a step's title, here and in the handout.
pub fn record_head(t: &Transcript, r: &WireRecord) -> Html {
    html! {
        <>
            <p class="direction">
                { format!("{}, flight {}, {}", crate::attacker::direction(t, r), r.flight,
                    if r.is_protected() { "encrypted" } else { "plaintext" }) }
                if !r.delivered { <strong class="bad">{ " — never delivered" }</strong> }
            </p>
            if let Some(f) = &r.fault {
                <p class="fault-detail"><strong>{ format!("Fault {}: ", f.fault) }</strong>{ &f.detail }</p>
            }
        </>
    }
}

/// What the attacker did to the record, when there is one on the path.
fn attacker_note(t: &Transcript, r: &WireRecord) -> Html {
    #[cfg(feature = "attack")]
    if let Some(text) = crate::attacker::note(t, r) {
        return html! { <p class="fault-detail attacker-note"><strong>{ "Attacker: " }</strong>{ text }</p> };
    }
    let _ = (t, r);
    Html::default()
}

/// An event, or a run of "now knows" events of one party told as one line: a TLS 1.3
/// step can make a side learn a dozen values at once.
enum Group<'a> {
    One(&'a Event),
    Knows(Party, Vec<usize>),
}

fn grouped(events: &[Event]) -> impl Iterator<Item = Group<'_>> {
    let mut out: Vec<Group> = Vec::new();
    for e in events {
        match (e, out.last_mut()) {
            (Event::Derived { party, derivation }, Some(Group::Knows(p, list))) if p == party => {
                list.push(*derivation)
            }
            (Event::Derived { party, derivation }, _) => {
                out.push(Group::Knows(*party, vec![*derivation]))
            }
            _ => out.push(Group::One(e)),
        }
    }
    out.into_iter()
}

fn knows(t: &Transcript, party: Party, derivations: &[usize]) -> Html {
    let names: Vec<&str> = derivations
        .iter()
        .map(|&d| t.derivations.get(d).map_or("a value", |d| d.name.as_str()))
        .collect();
    html! { <li class="event derived">{ format!("{} now knows {}", party.as_str(), names.join(", ")) }</li> }
}

fn event(t: &Transcript, e: &Event) -> Html {
    match e {
        Event::State { party, from, to } => html! {
            <li class="event state">{ format!("{}: {from} → {to}", party.as_str()) }</li>
        },
        Event::Derived { party, derivation } => knows(t, *party, &[*derivation]),
        Event::Check {
            party,
            what,
            ok,
            detail,
        } => html! {
            <li class={classes!("event", "check", if *ok { "ok" } else { "bad" })}>
                <span class="badge">{ if *ok { "pass" } else { "FAIL" } }</span>
                { format!(" {}: {what}", party.as_str()) }
                if !detail.is_empty() { <span class="detail">{ format!(" — {detail}") }</span> }
            </li>
        },
        // Shown as a check: passed for close_notify, failed for any other alert.
        Event::AlertReceived { party, alert } => {
            let ok = alert.description == AlertDescription::CloseNotify;
            html! {
                <li class={classes!("event", "check", if ok { "ok" } else { "bad" })}>
                    <span class="badge">{ if ok { "pass" } else { "FAIL" } }</span>
                    { format!(" {}: received alert {}", party.as_str(), alert.name()) }
                    <span class="detail">{ format!(" — {} {}", alert.level.as_str(), alert.name()) }</span>
                </li>
            }
        }
        Event::Alert {
            party,
            alert,
            reason,
        } => html! {
            <li class="event alert">
                <span class="badge">{ "alert" }</span>
                { format!(" {} sends {} ({}, {}): {reason}", party.as_str(), alert.name(),
                    alert.level.as_str(), alert.description.to_wire()) }
            </li>
        },
        Event::HandshakeComplete { party } => html! {
            <li class="event check ok">
                <span class="badge">{ "pass" }</span>
                { format!(" {}: handshake complete", party.as_str()) }
            </li>
        },
        Event::AppData { party, text } => html! {
            <li class="event appdata">{ format!("{} received application data:", party.as_str()) }<pre>{ text }</pre></li>
        },
        Event::Closed { party } => html! {
            <li class="event closed">{ format!("{} closed the connection", party.as_str()) }</li>
        },
    }
}
