//! The sequence diagram with an attacker on the path (the lab's attacker build): a third
//! lifeline between the browser and the server. A relaying attacker's records cross it (a
//! changed one says so under its arrow); a terminating attacker's two connections meet at it:
//! the browser's (the steps, between the browser and the attacker) and its own to the server
//! (drawn beside them in the order of the wire, greyed until the step reaches them).

use engine::attack::{Connection, Stance};
use engine::transcript::{Party, Transcript, WireRecord};
use yew::prelude::*;

use super::layout::{self as geo, Arrow};
use super::{Note, Path, Row, kind};

impl<'a> Path<'a> {
    pub(super) fn of(t: &'a Transcript) -> Path<'a> {
        Path {
            attacker: t.attacker.as_deref(),
        }
    }

    /// The rows in the order of the wire: with a terminating attacker, both connections'.
    pub(super) fn rows(self, records: &[WireRecord]) -> Vec<Row> {
        match self.attacker.filter(|a| a.stance == Stance::Terminates) {
            Some(a) => a
                .order
                .iter()
                .map(|h| match h.connection {
                    Connection::Browser => Row::Record(h.record - 1),
                    Connection::Server => Row::Upstream(h.record - 1),
                })
                .collect(),
            None => (0..records.len()).map(Row::Record).collect(),
        }
    }

    pub(super) fn record(self, row: Row, records: &'a [WireRecord]) -> &'a WireRecord {
        match row {
            Row::Record(i) => &records[i],
            Row::Upstream(i) => self
                .attacker
                .and_then(|a| a.server_connection.as_deref())
                .and_then(|t| t.records.get(i))
                .unwrap_or(&records[0]),
        }
    }

    /// From the sender's lifeline to the receiver's: the browser's connection ends at the
    /// attacker when it terminates it; the attacker's own runs from it to the server.
    pub(super) fn lanes(self, row: Row, from: Party) -> (i32, i32) {
        let terminates = self
            .attacker
            .is_some_and(|a| a.stance == Stance::Terminates);
        let (client, server) = match row {
            Row::Upstream(_) => (geo::ATTACKER_X, geo::SERVER_X),
            Row::Record(_) if terminates => (geo::BROWSER_X, geo::ATTACKER_X),
            Row::Record(_) => (geo::BROWSER_X, geo::SERVER_X),
        };
        match from {
            Party::Client => (client, server),
            Party::Server => (server, client),
        }
    }

    pub(super) fn notes(self, row: Row, records: &[WireRecord], tls13: bool) -> Vec<Note> {
        let r = self.record(row, records);
        let mut notes = Note::of(r, tls13);
        let edited = self
            .attacker
            .is_some_and(|a| a.edits.iter().any(|e| e.record == r.number));
        if matches!(row, Row::Record(_)) && edited {
            notes.push(Note::Edited);
        }
        notes
    }

    pub(super) fn flight_label(self, flight: usize, connection: usize) -> String {
        match connection {
            0 => format!("flight {flight}"),
            _ => format!("attacker ⇄ server, flight {flight}"),
        }
    }

    /// A record of the attacker's own connection: not a step (the steps are the browser's
    /// records), drawn past or later by where it falls on the wire against the current step.
    pub(super) fn other_arrow(self, row: Row, a: &Arrow, notes: &[Note], step: usize) -> Html {
        let (Row::Upstream(i), Some(attacker)) = (row, self.attacker) else {
            return Html::default();
        };
        let Some(r) = attacker
            .server_connection
            .as_deref()
            .and_then(|t| t.records.get(i))
        else {
            return Html::default();
        };
        let at = |connection: Connection, record: usize| {
            attacker
                .order
                .iter()
                .position(|h| h.connection == connection && h.record == record)
        };
        let past = at(Connection::Server, r.number) < at(Connection::Browser, step.max(1));
        let kind = kind(r);
        let pct = |x: i32| format!("{x}%");
        let y = a.y;
        let end = if r.delivered { a.x2 } else { a.mid };
        let from = match r.from {
            Party::Client => "the attacker",
            Party::Server => "the server",
        };
        html! {
            <g class={classes!("arrow", "upstream", kind, if past { "past" } else { "later" })}
               role="img" data-upstream-record={r.number.to_string()}
               aria-label={format!("the attacker's connection to the server, record {}: {}, from {from}", r.number, r.title())}>
                <line x1={pct(a.x1)} x2={pct(end)} y1={y.to_string()} y2={y.to_string()}
                      marker-end={r.delivered.then(|| format!("url(#head-{kind})"))} />
                <text x={pct((a.x1 + a.x2) / 2)} y={(y - 8).to_string()} text-anchor="middle" class="label">{ r.title() }</text>
                <text x={pct(geo::SERVER_X + 2)} y={(y - 8).to_string()} class="num" aria-hidden="true">{ format!("{}.", r.number) }</text>
                { for notes.iter().zip(&a.notes).map(|(note, y)| note.view(AttrValue::from(pct((a.x1 + a.x2) / 2)), *y)) }
            </g>
        }
    }

    /// The attacker's name and lifeline, when there is one.
    pub(super) fn lifeline(self, bottom: &str) -> Html {
        if self.attacker.is_none() {
            return Html::default();
        }
        let x = format!("{}%", geo::ATTACKER_X);
        html! {
            <>
                <text x={x.clone()} y="18" text-anchor="middle" class="party attacker">{ "Attacker" }</text>
                <line class="lifeline attacker" x1={x.clone()} x2={x} y1="26" y2={bottom.to_string()} />
            </>
        }
    }
}
