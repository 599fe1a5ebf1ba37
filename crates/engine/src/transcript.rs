//! The complete record of one simulated connection: what the views render and the CLI prints.
//!
//! Everything here is plain data (`Clone + PartialEq + Serialize`). Views read a prefix of it
//! (records up to the current step) and never call crypto themselves.

use std::fmt::Write as _;

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::crypto::sealing::{self, Construction};
use crate::crypto::secrets::Secret;
use crate::msgs::enums::{AlertDescription, AlertLevel, ContentType, HandshakeType};
use crate::msgs::suites::Aead;
use crate::pki::ChainReport;
use crate::scenario::Scenario;
use crate::wire::Fault;

/// One side of the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Party {
    /// The browser.
    Client,
    /// The web server.
    Server,
}

impl Party {
    /// `Browser` or `Server`, as the page and the CLI name them.
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Client => "Browser",
            Party::Server => "Server",
        }
    }

    /// The other side.
    pub fn peer(self) -> Party {
        match self {
            Party::Client => Party::Server,
            Party::Server => Party::Client,
        }
    }
}

/// One simulated connection, complete: what [`simulate`](crate::simulate()) returns.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Transcript {
    /// The scenario that was run.
    pub scenario: Scenario,
    /// Every record that went on the wire, in the order it was sent.
    pub records: Vec<WireRecord>,
    /// Every value either side derived or generated, in the order it came to exist.
    pub derivations: Vec<Derivation>,
    /// The client's certificate checks, once it has received the Certificate message.
    pub chain: Option<ChainReport>,
    /// Mutual TLS: the server's checks of the browser's certificate, once it has received a
    /// non-empty Certificate from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_chain: Option<ChainReport>,
    /// How the connection ended.
    pub outcome: Outcome,
    /// Set when the scenario's fault could not apply as written (no such record, an offset
    /// past the record's end, a truncation that keeps every byte): the run is then clean.
    pub fault_notice: Option<String>,
    #[cfg(feature = "recorded")]
    /// Set when the transcript is a recorded connection's, not a simulation's
    /// ([`crate::recorded`]): the scenario is then only the closest simulated handshake.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded: Option<RecordedFrom>,
    /// A resumption run ([`Scenario::resume`]): the browser's first visit, whose session this
    /// connection resumes.
    #[cfg(feature = "resumption")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_visit: Option<Box<Transcript>>,
    /// A 0-RTT run: its first flight sent again by someone who recorded it.
    #[cfg(feature = "resumption")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replay: Option<Replay>,
    /// An attacker on the path ([`Scenario::attack`]): its connection to the server, what it
    /// held and read, what stopped it. The records are the browser's connection's.
    #[cfg(feature = "attack")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attacker: Option<Box<crate::attack::Attacker>>,
}

/// RFC 8446 §8: 0-RTT data can be replayed. After a 0-RTT run, someone who recorded the
/// browser's first flight (its ClientHello and early data) sends those bytes again, in a new
/// connection to the same server; and again to a server that keeps tickets for reuse. What
/// each server delivered as early data is what its real code did with the bytes.
#[cfg(feature = "resumption")]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Replay {
    /// The records sent again, by number: the browser's first flight.
    pub records: Vec<usize>,
    /// What this run's server, whose tickets resume once (§8.1), delivered of it: no early
    /// data, or the request a second time.
    pub single_use: Option<Vec<u8>>,
    /// What the same server would have delivered had it kept its tickets for reuse until they
    /// expire (tickets as it held them before this run).
    pub reusable: Option<Vec<u8>>,
}

/// Where a recorded transcript comes from: a capture's connection and what opened it.
#[cfg(feature = "recorded")]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordedFrom {
    /// Who talked to whom, as the capture names them, e.g. `192.0.2.1:50000 → 192.0.2.2:443`.
    pub path: String,
    /// The server_name the browser asked for, if it sent one.
    pub server_name: Option<String>,
    /// The version, key exchange and suite, as Wireshark names them.
    pub negotiated: String,
    /// The record protection of the suite it settled on, if a ServerHello came.
    pub aead: Option<Aead>,
    /// Whether a key log opened the protected records.
    pub opened: bool,
    /// What the key log did, in a sentence: opened every record, or why not.
    pub decryption: String,
}

impl Transcript {
    /// The record protection its records are sealed with.
    pub fn aead(&self) -> Aead {
        #[cfg(feature = "recorded")]
        if let Some(aead) = self.recorded.as_ref().and_then(|r| r.aead) {
            return aead;
        }
        self.scenario.protocol.suite().aead
    }

    /// Every message of the run, in order of first appearance, each once (what a second
    /// visit leaves out of the first is the difference of two of these).
    pub fn contents(&self) -> Vec<Content> {
        let mut seen = Vec::new();
        for l in self.records.iter().flat_map(|r| &r.messages) {
            if !seen.contains(&l.content) {
                seen.push(l.content);
            }
        }
        seen
    }

    /// The value of a key-schedule value, as the first side to derive it has it (with
    /// [`SecretId::copy`] for the other side's, when they disagree).
    pub fn value(&self, id: impl Into<SecretId>) -> Option<&[u8]> {
        let id = id.into();
        self.derivations
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.value.as_slice())
    }
}

/// One TLS record on the wire, exactly as sent (after any fault of the wire).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WireRecord {
    /// 1-based position on the wire; fault specs name records by it.
    pub number: usize,
    /// The sender.
    pub from: Party,
    /// Records one party sends before waiting for the peer form a flight (1-based).
    pub flight: usize,
    /// What the record carries, e.g. `["ClientHello"]`, `["Finished"]`, `["Alert: bad_record_mac"]`.
    pub messages: Vec<Label>,
    /// TLSPlaintext.type (RFC 5246 §6.2.1) on the wire: 20, 21, 22 or 23, or whatever a
    /// fault made of it.
    #[serde(serialize_with = "ContentType::serialize_wire")]
    pub content_type: ContentType,
    /// What the sender put in the record: its content type before any fault (for a TLS 1.3
    /// record, the inner type under the outer application_data).
    #[serde(serialize_with = "ContentType::serialize_wire")]
    pub kind: ContentType,
    /// The alert the record carries, if it carries one.
    pub alert: Option<AlertInfo>,
    /// The record's bytes: header and fragment.
    pub bytes: Vec<u8>,
    /// Annotated fields over `bytes`, from the record header down to each extension.
    pub fields: Vec<Field>,
    /// For a record protected with AES-GCM: how it was sealed.
    pub protection: Option<Protection>,
    /// What the wire did to this record, if anything.
    pub fault: Option<AppliedFault>,
    /// False when the wire dropped it.
    pub delivered: bool,
    /// What happened because of this record: at the sender before, at the receiver after.
    pub events: Vec<Event>,
    /// A short explanation generated from the data above.
    pub explanation: String,
}

/// What a record carries, as its sender labelled it: typed, so views and practice match on
/// it, never on its text. Displayed and serialised as the page and the CLI print it:
/// `ClientHello`, `HelloRetryRequest`, `Certificate (fragment 1 of 2)`, `ChangeCipherSpec`,
/// `Alert: bad_record_mac`, `Application Data`, with ` (replayed)` after a replayed copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    /// The message or content.
    pub content: Content,
    /// A handshake message longer than a record: this record's piece and the number of
    /// pieces, from 1 (RFC 5246 §6.2.1).
    pub fragment: Option<(usize, usize)>,
    /// A copy of an earlier record that the wire sent again.
    pub replayed: bool,
}

/// The message or content a record carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Content {
    /// A handshake message of this type.
    Handshake(HandshakeType),
    /// A ServerHello in form, a message of its own in purpose (RFC 8446 §4.1.4).
    HelloRetryRequest,
    /// ChangeCipherSpec (RFC 5246 §7.1), or TLS 1.3's compatibility one (RFC 8446 App. D.4).
    ChangeCipherSpec,
    /// An alert with this description.
    Alert(AlertDescription),
    /// Application data.
    ApplicationData,
    #[cfg(feature = "recorded")]
    /// A protected record of a recording that nothing opened: only its outer type is known
    /// (in TLS 1.3 always application_data, RFC 8446 §5.2). Named as Wireshark names it.
    Sealed(ContentType),
}

impl Label {
    /// A whole message or content in one record, as sent.
    pub fn new(content: Content) -> Label {
        Label {
            content,
            fragment: None,
            replayed: false,
        }
    }

    /// A handshake message of type `typ` (a HelloRetryRequest is [`Content::HelloRetryRequest`]).
    pub fn is(&self, typ: HandshakeType) -> bool {
        self.content == Content::Handshake(typ)
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.content {
            Content::Handshake(t) => f.write_str(t.as_str())?,
            Content::HelloRetryRequest => f.write_str(crate::msgs::HELLO_RETRY_REQUEST)?,
            Content::ChangeCipherSpec => f.write_str("ChangeCipherSpec")?,
            Content::Alert(d) => write!(f, "Alert: {}", d.as_str())?,
            Content::ApplicationData => f.write_str("Application Data")?,
            #[cfg(feature = "recorded")]
            Content::Sealed(ContentType::Handshake) => {
                f.write_str("Encrypted Handshake Message")?
            }
            #[cfg(feature = "recorded")]
            Content::Sealed(ContentType::Alert) => f.write_str("Encrypted Alert")?,
            #[cfg(feature = "recorded")]
            Content::Sealed(_) => f.write_str("Encrypted Application Data")?,
        }
        if let Some((i, n)) = self.fragment {
            write!(f, " (fragment {i} of {n})")?;
        }
        if self.replayed {
            f.write_str(" (replayed)")?;
        }
        Ok(())
    }
}

impl Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl WireRecord {
    /// What the record carries, as one line: its labels joined with ", ".
    pub fn title(&self) -> String {
        let mut title = String::new();
        for (i, label) in self.messages.iter().enumerate() {
            let comma = if i == 0 { "" } else { ", " };
            let _ = write!(title, "{comma}{label}");
        }
        title
    }

    /// Whether the record was sent protected: opened (it has its [`Protection`]) or, in a
    /// recording, still sealed.
    pub fn is_protected(&self) -> bool {
        #[cfg(feature = "recorded")]
        if self
            .messages
            .iter()
            .any(|m| matches!(m.content, Content::Sealed(_)))
        {
            return true;
        }
        self.protection.is_some()
    }

    /// Whether the record carries a handshake message of type `typ` (whole or a piece).
    pub fn carries(&self, typ: HandshakeType) -> bool {
        self.messages.iter().any(|m| m.is(typ))
    }

    /// The round trip the record belongs to (1-based): a browser flight and the server's
    /// answer. The browser speaks first and flights alternate, so flights 1 and 2 are round
    /// trip 1, flights 3 and 4 round trip 2.
    pub fn round_trip(&self) -> usize {
        self.flight.div_ceil(2)
    }
}

/// A named span of bytes with its decoded value: one node of the inspector's field tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    /// Named as the RFC and Wireshark name it (`cipher_suites`, `random`, `server_name`).
    pub name: String,
    /// Byte range within the enclosing buffer (the record, or the decrypted plaintext).
    pub start: usize,
    /// The end of the range, exclusive.
    pub end: usize,
    /// The decoded value, readable (`TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c)`), or empty.
    pub value: String,
    /// Where the field is defined, e.g. `RFC 5246 §7.4.1.2`; empty when the parent says it.
    pub rfc: String,
    /// The fields inside this one: a structure's members, a list's entries.
    pub children: Vec<Field>,
}

/// How an encrypted record was sealed: TLS 1.2 (RFC 5246 §6.2.3.3, RFC 5288 §3) or TLS 1.3
/// (RFC 8446 §5.2, §5.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Protection {
    /// Which key sealed it: `client_write_key` or `server_write_key` in TLS 1.2; a
    /// handshake or application traffic key in TLS 1.3.
    pub key: Secret,
    /// The sender's sequence number for this record.
    pub seq: u64,
    /// What was encrypted: in TLS 1.2 the content (a handshake message, alert or
    /// application data); in TLS 1.3 TLSInnerPlaintext, the content followed by its real
    /// content type (`inner_type`).
    pub plaintext: Vec<u8>,
    /// Annotated fields over `plaintext`.
    pub plaintext_fields: Vec<Field>,
    /// TLS 1.3: the content type hidden inside, under the outer application_data.
    #[serde(serialize_with = "serialize_inner_type")]
    pub inner_type: Option<ContentType>,
    /// TLS 1.2: salt (4 bytes of the write IV) ‖ explicit nonce (8 bytes on the wire).
    /// TLS 1.3: write_iv XOR the sequence number (left-padded to 12 bytes); never sent.
    pub nonce: Vec<u8>,
    /// TLS 1.2: seq_num ‖ type ‖ version ‖ length. TLS 1.3: the record header.
    pub aad: Vec<u8>,
    /// The encrypted `plaintext`, as long as it.
    pub ciphertext: Vec<u8>,
    /// The AEAD's authentication tag (16 bytes), last in the record.
    pub tag: Vec<u8>,
}

impl Protection {
    /// The content alone: without TLS 1.3's trailing content type.
    pub fn content(&self) -> &[u8] {
        match self.inner_type {
            Some(_) => &self.plaintext[..self.plaintext.len().saturating_sub(1)],
            None => &self.plaintext,
        }
    }

    /// How the nonce was built, part by part: TLS 1.2's `salt ‖ nonce_explicit` (AES-GCM) or,
    /// in TLS 1.3 and TLS 1.2's ChaCha20-Poly1305 (RFC 7905 §2), `write_iv XOR` the padded
    /// sequence number. `aead` is the suite's ([`Transcript::aead`]).
    pub fn nonce_construction(&self, aead: Aead) -> Construction {
        let xor = self.inner_type.is_some() || aead == Aead::ChaCha20Poly1305;
        sealing::nonce(xor, &self.nonce, self.seq)
    }

    /// How the additional data was built, part by part: TLS 1.2's
    /// `seq_num ‖ type ‖ version ‖ length` or TLS 1.3's record header.
    pub fn aad_construction(&self) -> Construction {
        sealing::additional_data(self.inner_type.is_some(), &self.aad)
    }
}

fn serialize_inner_type<S: serde::Serializer>(
    t: &Option<ContentType>,
    s: S,
) -> Result<S::Ok, S::Error> {
    t.map(ContentType::to_wire).serialize(s)
}

/// What the wire did to a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppliedFault {
    /// The fault as the scenario names it.
    pub fault: Fault,
    /// A readable sentence, e.g. "byte 9 changed from 0x03 to 0xfc".
    pub detail: String,
}

/// Something an endpoint did or noticed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Event {
    /// The endpoint's state machine moved on (states named after the message it awaits).
    State {
        /// The endpoint.
        party: Party,
        /// The state left, by name.
        from: String,
        /// The state entered.
        to: String,
    },
    /// A value came to exist at `party` (index into `Transcript::derivations`).
    Derived {
        /// The endpoint that now has it.
        party: Party,
        /// Its index in `Transcript::derivations`.
        derivation: usize,
    },
    /// A check passed or failed, e.g. "Finished verify_data matches".
    Check {
        /// The endpoint that checked.
        party: Party,
        /// What was checked.
        what: String,
        /// Whether it passed.
        ok: bool,
        /// What was compared, or why it failed.
        detail: String,
    },
    /// An alert from the peer arrived at `party`: close_notify ends the connection cleanly,
    /// a fatal one with an error.
    AlertReceived {
        /// The receiver.
        party: Party,
        /// The alert as it arrived.
        alert: AlertInfo,
    },
    /// The endpoint decided to send an alert (the alert itself is the next record it sends).
    Alert {
        /// The sender.
        party: Party,
        /// The alert it sends.
        alert: AlertInfo,
        /// Why, in the sender's words: the error it failed with.
        reason: String,
    },
    /// Both Finished messages checked out at this party: the handshake is done.
    HandshakeComplete {
        /// The endpoint.
        party: Party,
    },
    /// Application data delivered to the application.
    AppData {
        /// The receiver.
        party: Party,
        /// The data as text (invalid UTF-8 replaced).
        text: String,
    },
    /// The connection ended cleanly or by error at this party.
    Closed {
        /// The endpoint.
        party: Party,
    },
}

/// An alert as the RFC names it (RFC 5246 §7.2, RFC 8446 §6). Serialised as
/// `{"level": 2, "description": 20, "name": "bad_record_mac"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlertInfo {
    /// Warning or fatal. In TLS 1.3 every alert but the closure ones is fatal whatever its
    /// level says (RFC 8446 §6).
    pub level: AlertLevel,
    /// What went wrong, or close_notify.
    pub description: AlertDescription,
}

impl AlertInfo {
    /// The RFC's name: `bad_record_mac`, `close_notify`, ...
    pub fn name(self) -> &'static str {
        self.description.as_str()
    }

    /// Whether its level is fatal.
    pub fn is_fatal(self) -> bool {
        self.level == AlertLevel::Fatal
    }
}

impl Serialize for AlertInfo {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("AlertInfo", 3)?;
        st.serialize_field("level", &self.level.to_wire())?;
        st.serialize_field("description", &self.description.to_wire())?;
        st.serialize_field("name", self.name())?;
        st.end()
    }
}

/// Which value a derivation is: a value of the key schedule, or one side's own copy of it
/// when the two sides computed it differently. Serialised as `master_secret`, or
/// `master_secret@server` for such a copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SecretId {
    /// The value of the key schedule.
    pub secret: Secret,
    /// The side whose value differs from the first one recorded (a fault changed its inputs).
    pub copy_at: Option<Party>,
}

impl SecretId {
    /// `party`'s own copy of `secret`, differing from the value first recorded.
    pub fn copy(secret: Secret, party: Party) -> SecretId {
        SecretId {
            secret,
            copy_at: Some(party),
        }
    }
}

impl From<Secret> for SecretId {
    fn from(secret: Secret) -> SecretId {
        SecretId {
            secret,
            copy_at: None,
        }
    }
}

impl std::fmt::Display for SecretId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.copy_at {
            None => f.write_str(self.secret.id()),
            Some(p) => write!(
                f,
                "{}@{}",
                self.secret.id(),
                p.as_str().to_ascii_lowercase()
            ),
        }
    }
}

impl Serialize for SecretId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A secret or public value: where it comes from and who knows it when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Derivation {
    /// Identifies it in `inputs` and in the views.
    pub id: SecretId,
    /// The RFC's name for it.
    pub name: String,
    /// How it is computed, in the RFC's words, e.g. `PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random)[0..47]`.
    pub formula: String,
    /// The values it is computed from.
    pub inputs: Vec<Secret>,
    /// The bytes.
    pub value: Vec<u8>,
    /// Where it is defined, e.g. `RFC 5246 §8.1`.
    pub rfc: String,
    /// The record number from which the browser knows it (0: before the first record).
    pub client_knows_from: Option<usize>,
    /// The record number from which the server knows it.
    pub server_knows_from: Option<usize>,
    /// The record number from which anyone watching the wire can read it.
    pub public_from: Option<usize>,
}

impl Derivation {
    /// When the two sides computed different values for one secret (a fault changed their
    /// inputs), the second side's value is recorded as its copy: this is `Some(secret)` for
    /// such a copy.
    pub fn disagrees_on(&self) -> Option<Secret> {
        self.id.copy_at.map(|_| self.id.secret)
    }
}

/// How the connection ended.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// Both Finished messages verified.
    pub handshake_complete: bool,
    /// The request reached the server and the response reached the browser.
    pub exchange_complete: bool,
    /// The first fatal alert either side sent, if any.
    pub alert: Option<(Party, AlertInfo)>,
    /// Both sides were left waiting for a record that never came.
    pub stalled: bool,
    /// What a browser would show, when it shows an error.
    pub browser_error: Option<BrowserError>,
    /// One sentence summing up the run.
    pub summary: String,
}

/// A browser-style error page (a simulation, modelled on what browsers show).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BrowserError {
    /// e.g. `NET::ERR_CERT_DATE_INVALID`, `ERR_SSL_PROTOCOL_ERROR`, `ERR_TIMED_OUT`.
    pub code: String,
    /// The page's heading, e.g. "Your connection is not private".
    pub title: String,
    /// Which check failed and why it protects the user.
    pub detail: String,
}
