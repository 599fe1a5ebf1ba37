//! The two visits' panel (`resume=1`): their records by round trip, their facts, what the
//! second leaves out and carries over, and with 0-RTT the replay the lab ran. It renders what
//! `crate::visits` reads from the transcripts.

use engine::Fault;
use engine::codec::hex_head;
use engine::transcript::{Derivation, Replay};
use yew::prelude::*;

use super::Visits;
use crate::compare::{self, view as compare_view};
use crate::glossary::view as glossary;
use crate::state::State;
use crate::url::{self, UrlState};

const TITLES: [&str; 2] = ["First visit: full handshake", "Second visit: this run"];

/// The panel, below the run; nothing for a run that is not a second visit.
pub fn view(app: &State) -> Html {
    let Some(v) = Visits::of(&app.transcript) else {
        return Html::default();
    };
    let titles = TITLES.map(String::from);
    let runs = [v.first, v.second];
    let rows = (1..=compare::steps(runs).div_ceil(2)).map(|rt| {
        html! {
            <tr>
                <th scope="row">{ format!("Round trip {rt}") }</th>
                { for (0..2).map(|i| html! {
                    <td data-run={titles[i].clone()}>
                        { for [2 * rt - 1, 2 * rt].map(|k| compare_view::flight(runs[i], k, 0)) }
                    </td>
                }) }
            </tr>
        }
    });
    let tls13 = app.scenario.protocol == engine::Protocol::Tls13;
    html! {
        <section class="panel outsider-panel compare visits-panel" aria-labelledby="visits-title">
            <h2 id="visits-title">{ "The browser's first visit, and this second one" }</h2>
            <p>{ glossary::text(if tls13 {
                "A minute ago the browser made a full handshake with server.test, and the server's NewSessionTicket left it a ticket and the PSK it stands for. This run is the second visit: the ClientHello offers that ticket, with a binder that proves the browser holds the PSK. Both runs are real: the first was simulated too, a minute earlier on the lab's clock."
            } else {
                "A minute ago the browser made a full handshake with server.test and kept the session: its master secret, named by a session ID or a session ticket (RFC 5077). This run is the second visit: the ClientHello offers that session, and the server takes it up in an abbreviated handshake (RFC 5246 §7.3). Both runs are real: the first was simulated too, a minute earlier on the lab's clock."
            }) }</p>
            if !v.resumed() {
                <p class="notice" role="status">{ "The server did not resume the session in this run: it made a full handshake after all, certificate and all." }</p>
            }
            <table class="flights visit-flights">
                <caption>{ "Each visit's records, by round trip" }</caption>
                <thead><tr><td></td>{ for titles.iter().map(|t| html! { <th scope="col">{ t }</th> }) }</tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            { compare_view::facts_table(&v.facts(), &titles, "The two visits at a glance", "visit-facts") }
            { left_out(&v) }
            { carried(&v) }
            if let Some(replay) = &app.transcript.replay {
                { replayed(app, &v, replay) }
            }
        </section>
    }
}

fn left_out(v: &Visits) -> Html {
    let left = v.left_out();
    let added = v.added();
    let tls13 = v.second.scenario.protocol == engine::Protocol::Tls13;
    html! {
        <>
            <h3>{ "What the second visit leaves out" }</h3>
            <p class="visit-left-out">
                if left.is_empty() { { "Nothing: " } } else { <strong>{ left.join(", ") }</strong>{ ". " } }
                { glossary::text(if tls13 {
                    "Only the server that issued the ticket knows its PSK, so the binder and the Finished messages prove who is talking: no certificate, no signature, which was the costliest step of the first visit. The key shares stay: with psk_dhe_ke a fresh X25519 secret joins the PSK, so this visit's traffic keys are forward secret too."
                } else {
                    "The server proves itself by its Finished, which needs the session's master secret; the browser checks it before sending anything. No certificate and no key exchange: the cheapest handshake TLS 1.2 has, and no new forward secrecy: whoever learns that master secret reads both visits."
                }) }
            </p>
            if !added.is_empty() {
                <p>{ format!("New in the second visit: {}. ", added.join(", ")) }{ glossary::text("EndOfEarlyData tells the server that the 0-RTT data is over; it is the last message sealed with the early traffic key.") }</p>
            }
        </>
    }
}

fn carried(v: &Visits) -> Html {
    let Some(c) = v.carried() else {
        return Html::default();
    };
    let made = v.made_from_it();
    html! {
        <>
            <h3>{ "What it carries over" }</h3>
            <dl class="carried">
                { value("First visit", c.before) }
                { value("Second visit", c.after) }
            </dl>
            <p>{ if c.same() {
                "The same bytes: nothing else crosses from one visit to the next."
            } else {
                "The values differ: the second visit did not resume this session."
            } }</p>
            if !made.is_empty() {
                <p>{ glossary::text("Made from it in the second visit, before any other key (the key diagram shows them with the rest):") }</p>
                <dl class="carried">{ for made.iter().map(|d| value("Second visit", d)) }</dl>
            }
        </>
    }
}

/// A value with its formula and its first bytes.
fn value(visit: &str, d: &Derivation) -> Html {
    html! {
        <>
            <dt>{ format!("{visit}: ") }<code>{ &d.name }</code></dt>
            <dd>
                <span class="formula">{ &d.formula }</span>
                <code class="hex-value">{ hex_head(&d.value, 12) }</code>
            </dd>
        </>
    }
}

fn replayed(app: &State, v: &Visits, replay: &Replay) -> Html {
    let records = replay
        .records
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let early = v.early_records();
    let this_server = match &replay.single_use {
        None => "found no session for the ticket, which this visit had spent (single-use tickets, RFC 8446 §8.1). It began a full handshake and skipped the early data: the request did not run again.".to_string(),
        Some(data) => format!("took the early data again: {} bytes.", data.len()),
    };
    let reusing = match &replay.reusable {
        Some(data) => format!(
            "took the early data a second time and handed the application the request again: \"{}\".",
            first_line(data)
        ),
        None => "did not take it either.".into(),
    };
    // The same record replayed inside this connection: the ⚡ replay fault.
    let in_connection = early.first().map(|r| {
        url::to_query(&UrlState {
            fault: Some(Fault::Replay { record: r.number }),
            step: Some(r.number + 1),
            ..app.to_url()
        })
    });
    html! {
        <>
            <h3>{ "The price of 0-RTT: replay" }</h3>
            <p>{ glossary::text("The request left with the ClientHello, sealed with a key made from the PSK alone: no fresh key share stands behind it, so it is not forward secret, and nothing in it tells a first copy from a second. Browsers send only requests that are safe to repeat this way, and a server may answer 425 Too Early (RFC 8470).") }</p>
            <p>{ format!("After this run, the lab sent records {records} again, byte for byte, in a new connection, as someone who recorded them would:") }</p>
            <ul class="replay">
                <li data-server="single-use"><strong>{ "This server " }</strong>{ this_server }</li>
                <li data-server="reusable"><strong>{ "A server that lets a ticket be reused until it expires " }</strong>{ reusing }</li>
            </ul>
            if let Some(href) = in_connection {
                <p>{ "Inside one connection a replay fails: " }<a href={href}>{ "⚡ replay the 0-RTT record in this run" }</a>{ ". Its sequence number has passed, so the record does not open (bad_record_mac). The danger is a new connection, which starts from sequence number 0." }</p>
            }
        </>
    }
}

/// The request's first line, as a student would recognise it.
fn first_line(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    text.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(80)
        .collect()
}
