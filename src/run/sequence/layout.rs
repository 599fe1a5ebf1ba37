//! Geometry of the sequence diagram: two lifelines (three with an attacker on the path), one
//! arrow per record, grouped by flight.
//!
//! Horizontal positions are percentages of the SVG's width (so the diagram reflows from 360 px
//! to 1920 px without scaling its text); vertical positions are CSS pixels. All are whole
//! numbers: integers print without the float formatter (~10 KB of WebAssembly).

/// Lifeline of the Browser, in percent of the width.
pub const BROWSER_X: i32 = 14;
/// Lifeline of the Server, in percent of the width.
pub const SERVER_X: i32 = 86;
/// Lifeline of an attacker on the path, between them.
pub const ATTACKER_X: i32 = 50;
/// Room for the two party names above the first arrow.
pub const HEADER: i32 = 44;
/// Vertical distance between two arrows of one flight.
pub const ROW: i32 = 46;
/// Extra space between flights, so each flight reads as one group.
pub const FLIGHT_GAP: i32 = 16;
/// Space below the last arrow.
pub const FOOTER: i32 = 20;
/// One line of small print under an arrow (its content types, a mark, its fault).
pub const NOTE: i32 = 13;
/// Room for the rule drawn where the handshake completes.
pub const RULE: i32 = 22;

/// What the layout needs to know about one record.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RecordShape {
    pub flight: usize,
    /// The connection it is on: 0, or 1 for the attacker's own to the server (whose flights
    /// are boxed apart from the browser's).
    pub connection: usize,
    /// Where its arrow starts and ends, in percent: the sender's and the receiver's lifelines.
    pub from_x: i32,
    pub to_x: i32,
    /// Lines of small print under the arrow.
    pub notes: i32,
    /// Whether the handshake is complete once this record is in: a rule follows it.
    pub rule_after: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    /// Index into the records given to [`layout`].
    pub index: usize,
    /// Where the arrow's line sits.
    pub y: i32,
    /// Start and end of the line, in percent.
    pub x1: i32,
    pub x2: i32,
    /// Midpoint, in percent: where a dropped record's line stops.
    pub mid: i32,
    /// Baseline of each note line under the arrow.
    pub notes: Vec<i32>,
}

/// A bracket around the arrows of one flight.
#[derive(Clone, Debug, PartialEq)]
pub struct FlightBox {
    pub flight: usize,
    pub connection: usize,
    pub top: i32,
    pub bottom: i32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SequenceLayout {
    pub arrows: Vec<Arrow>,
    pub flights: Vec<FlightBox>,
    /// Where the handshake-complete rule runs, if it is drawn.
    pub rule: Option<i32>,
    /// Total height in CSS pixels.
    pub height: i32,
}

/// Places one arrow per record, top to bottom, with a gap whenever the flight changes, room
/// for each arrow's notes, and the rule after the record that completes the handshake.
pub fn layout(records: &[RecordShape]) -> SequenceLayout {
    let mut arrows = Vec::with_capacity(records.len());
    let mut flights: Vec<FlightBox> = Vec::new();
    let mut rule = None;
    let mut y = HEADER;
    for (index, r) in records.iter().enumerate() {
        let new_flight = flights
            .last()
            .is_none_or(|f| (f.flight, f.connection) != (r.flight, r.connection));
        if new_flight && index > 0 {
            y += FLIGHT_GAP;
        }
        y += ROW / 2;
        arrows.push(Arrow {
            index,
            y,
            x1: r.from_x,
            x2: r.to_x,
            mid: (r.from_x + r.to_x) / 2,
            notes: (1..=r.notes).map(|k| y + 4 + k * NOTE).collect(),
        });
        let extra = r.notes * NOTE;
        let (top, bottom) = (y - ROW / 2 + 2, y + ROW / 2 - 2 + extra);
        match flights.last_mut() {
            Some(f) if !new_flight => f.bottom = bottom,
            _ => flights.push(FlightBox {
                flight: r.flight,
                connection: r.connection,
                top,
                bottom,
            }),
        }
        y += ROW / 2 + extra;
        if r.rule_after {
            y += RULE;
            rule = Some(y - RULE / 2);
        }
    }
    SequenceLayout {
        arrows,
        flights,
        rule,
        height: y + FOOTER,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(flight: usize, from_browser: bool) -> RecordShape {
        let (from_x, to_x) = if from_browser {
            (BROWSER_X, SERVER_X)
        } else {
            (SERVER_X, BROWSER_X)
        };
        RecordShape {
            flight,
            connection: 0,
            from_x,
            to_x,
            notes: 0,
            rule_after: false,
        }
    }

    #[test]
    fn empty_transcript_has_only_the_header() {
        let l = layout(&[]);
        assert!(l.arrows.is_empty());
        assert_eq!(l.height, HEADER + FOOTER);
    }

    #[test]
    fn arrows_point_from_sender_to_receiver() {
        let l = layout(&[shape(1, true), shape(2, false)]);
        assert_eq!((l.arrows[0].x1, l.arrows[0].x2), (BROWSER_X, SERVER_X));
        assert_eq!((l.arrows[1].x1, l.arrows[1].x2), (SERVER_X, BROWSER_X));
    }

    #[test]
    fn flights_group_arrows_and_are_separated_by_a_gap() {
        let l = layout(&[
            shape(1, true),
            shape(2, false),
            shape(2, false),
            shape(3, true),
        ]);
        assert_eq!(l.flights.len(), 3);
        assert_eq!(l.arrows[2].y - l.arrows[1].y, ROW);
        assert_eq!(l.arrows[1].y - l.arrows[0].y, ROW + FLIGHT_GAP);
        let f2 = &l.flights[1];
        assert!(f2.top < l.arrows[1].y && l.arrows[2].y < f2.bottom);
        assert!(l.flights[0].bottom < f2.top);
    }

    #[test]
    fn an_attackers_connection_has_flights_of_its_own() {
        let up = |flight, from_x, to_x| RecordShape {
            connection: 1,
            from_x,
            to_x,
            ..shape(flight, true)
        };
        let l = layout(&[
            RecordShape {
                to_x: ATTACKER_X,
                ..shape(1, true)
            },
            up(1, ATTACKER_X, SERVER_X),
            up(2, SERVER_X, ATTACKER_X),
        ]);
        assert_eq!(l.flights.len(), 3);
        assert_eq!((l.flights[1].flight, l.flights[1].connection), (1, 1));
        assert_eq!(l.arrows[0].mid, (BROWSER_X + ATTACKER_X) / 2);
        assert_eq!((l.arrows[2].x1, l.arrows[2].x2), (SERVER_X, ATTACKER_X));
    }

    #[test]
    fn height_covers_the_last_arrow() {
        let l = layout(&[shape(1, true), shape(2, false)]);
        assert!(l.height > l.arrows[1].y + ROW / 2);
    }

    #[test]
    fn notes_make_room_under_their_arrow_inside_its_flight() {
        let noted = RecordShape {
            notes: 2,
            ..shape(2, false)
        };
        let l = layout(&[shape(1, true), noted, shape(2, false)]);
        let a = &l.arrows[1];
        assert_eq!(a.notes.len(), 2);
        assert!(a.y < a.notes[0] && a.notes[0] < a.notes[1]);
        assert!(
            a.notes[1] + 4 < l.arrows[2].y - ROW / 2 + 8,
            "the next label sits below"
        );
        assert_eq!(l.arrows[2].y - a.y, ROW + 2 * NOTE);
        assert!(l.flights[1].bottom > a.notes[1]);
    }

    #[test]
    fn the_handshake_rule_runs_between_its_record_and_the_next() {
        let done = RecordShape {
            rule_after: true,
            ..shape(3, true)
        };
        let l = layout(&[shape(1, true), shape(2, false), done, shape(4, false)]);
        let rule = l.rule.expect("a rule");
        assert!(l.flights[2].bottom < rule && rule < l.flights[3].top);
        assert!(layout(&[shape(1, true)]).rule.is_none());
    }
}
