//! What the outsider reports back: what each record showed on the wire and, with a secret,
//! what the secret opened and how.

use engine::codec::{Reader, Writer};
use engine::transcript::Party;

use crate::wire::{self, Error};

/// The outsider's report on one recording.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// One per recorded record, in wire order.
    pub seen: Vec<Seen>,
    /// What the secret opened, when one was given.
    pub opening: Option<Opening>,
}

/// One record as an observer on the path saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    /// Its sender: the direction the packet went.
    pub from: Party,
    /// The record's bytes on the wire, header included.
    pub length: usize,
    /// The observer's count of flights: a new one each time the direction turns, which is
    /// how a recorder counts round trips.
    pub flight: usize,
    /// Whether the record is encrypted, as the observer can tell.
    pub protected: bool,
    /// What the record shows: its type and the fields sent in the clear, or what the
    /// ciphertext gives away.
    pub facts: Vec<Fact>,
    /// What the secret opened in it, when it did.
    pub opened: Option<String>,
}

/// One thing an observer reads off a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    /// What it is, e.g. `server_name`.
    pub name: String,
    /// What the wire says, e.g. `server.test`.
    pub value: String,
}

/// What a secret opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opening {
    /// Opened, or sealed by design, or the secret did not fit.
    pub verdict: Verdict,
    /// The verdict in a sentence or two.
    pub why: String,
    /// From the secret to the record keys, each value with its formula.
    pub steps: Vec<Step>,
    /// The browser's request, read from the recording.
    pub request: Option<String>,
    /// The server's response, read from the recording.
    pub response: Option<String>,
    /// What else the student should know about this experiment.
    pub notes: Vec<String>,
}

/// How an experiment ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every protected record opened.
    Opened,
    /// The secret cannot open this connection, by design.
    Sealed,
    /// The secret or the recording does not fit.
    Failed,
}

impl Verdict {
    /// `opened`, `sealed` or `failed`: the page's `data-eavesdropper-outcome`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Opened => "opened",
            Verdict::Sealed => "sealed",
            Verdict::Failed => "failed",
        }
    }
}

/// One value on the way from the secret to the record keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The RFC's name for it.
    pub name: String,
    /// How it was computed.
    pub formula: String,
    /// The value.
    pub value: Vec<u8>,
}

impl Report {
    fn encode(&self, w: &mut Writer) {
        wire::put_count(w, self.seen.len());
        for s in &self.seen {
            w.u8(u8::from(s.from == Party::Server));
            w.u24(s.length);
            w.u24(s.flight);
            w.u8(u8::from(s.protected));
            wire::put_count(w, s.facts.len());
            for f in &s.facts {
                wire::put_str(w, &f.name);
                wire::put_str(w, &f.value);
            }
            put_optional(w, s.opened.as_deref());
        }
        let Some(o) = &self.opening else {
            return w.u8(0);
        };
        w.u8(match o.verdict {
            Verdict::Opened => 1,
            Verdict::Sealed => 2,
            Verdict::Failed => 3,
        });
        wire::put_str(w, &o.why);
        wire::put_count(w, o.steps.len());
        for s in &o.steps {
            wire::put_str(w, &s.name);
            wire::put_str(w, &s.formula);
            wire::put_bytes(w, &s.value);
        }
        put_optional(w, o.request.as_deref());
        put_optional(w, o.response.as_deref());
        wire::put_count(w, o.notes.len());
        for n in &o.notes {
            wire::put_str(w, n);
        }
    }

    fn decode(r: &mut Reader) -> Result<Report, Error> {
        let mut seen = Vec::new();
        for _ in 0..wire::count(r)? {
            let from = if wire::u8(r)? == 1 {
                Party::Server
            } else {
                Party::Client
            };
            let length = r.u24("length").map_err(|e| e.reason)?;
            let flight = r.u24("flight").map_err(|e| e.reason)?;
            let protected = wire::u8(r)? == 1;
            let mut facts = Vec::new();
            for _ in 0..wire::count(r)? {
                facts.push(Fact {
                    name: wire::string(r)?,
                    value: wire::string(r)?,
                });
            }
            seen.push(Seen {
                from,
                length,
                flight,
                protected,
                facts,
                opened: optional(r)?,
            });
        }
        let verdict = match wire::u8(r)? {
            0 => {
                return Ok(Report {
                    seen,
                    opening: None,
                });
            }
            1 => Verdict::Opened,
            2 => Verdict::Sealed,
            _ => Verdict::Failed,
        };
        let why = wire::string(r)?;
        let mut steps = Vec::new();
        for _ in 0..wire::count(r)? {
            steps.push(Step {
                name: wire::string(r)?,
                formula: wire::string(r)?,
                value: wire::bytes(r)?,
            });
        }
        let request = optional(r)?;
        let response = optional(r)?;
        let mut notes = Vec::new();
        for _ in 0..wire::count(r)? {
            notes.push(wire::string(r)?);
        }
        Ok(Report {
            seen,
            opening: Some(Opening {
                verdict,
                why,
                steps,
                request,
                response,
                notes,
            }),
        })
    }
}

fn put_optional(w: &mut Writer, s: Option<&str>) {
    w.u8(u8::from(s.is_some()));
    if let Some(s) = s {
        wire::put_str(w, s);
    }
}

fn optional(r: &mut Reader) -> Result<Option<String>, Error> {
    Ok(match wire::u8(r)? {
        0 => None,
        _ => Some(wire::string(r)?),
    })
}

/// The worker's reply: a report, or why its message was not evidence.
pub fn encode_reply(reply: &Result<Report, Error>) -> Vec<u8> {
    let mut w = Writer::new();
    match reply {
        Ok(report) => {
            w.u8(0);
            report.encode(&mut w);
        }
        Err(why) => {
            w.u8(1);
            wire::put_str(&mut w, why);
        }
    }
    w.into_bytes()
}

/// The page's reading of the worker's reply.
pub fn decode_reply(message: &[u8]) -> Result<Report, Error> {
    let mut r = Reader::new(message);
    match wire::u8(&mut r)? {
        0 => {
            let report = Report::decode(&mut r)?;
            wire::end(&r)?;
            Ok(report)
        }
        _ => Err(wire::string(&mut r)?),
    }
}
