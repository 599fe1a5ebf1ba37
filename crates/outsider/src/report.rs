//! What the outsider found: what each record showed on the wire and, with a secret, what the
//! secret opened and how. [`crate::render`] turns it into what the page shows.

use engine::transcript::Party;

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
    /// The packet it came in, when the recording numbers them (a simulated run: the wire
    /// record's number).
    pub packet: Option<usize>,
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
    /// The verdict in a line, for a table cell (the side-by-side view's experiment rows).
    pub brief: String,
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
