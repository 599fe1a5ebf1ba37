//! The handshake messages a recorded connection carried, clear or opened: each one's type and
//! extension types, and whether the engine's own decoder (the one the inspector's field tree
//! is made with) reads it. Messages are reassembled per direction, as they may span records.

use crate::codec::Reader;
use crate::msgs::HELLO_RETRY_REQUEST;
use crate::msgs::enums::{ContentType, ExtensionType, HandshakeType};
use crate::msgs::extensions::Extension;
use crate::msgs::handshake::Handshake;
use crate::msgs::suites::Suite;
use crate::transcript::Party;

use super::hello::take_message;
use super::{Content, Decryption, Recording, side};

/// One handshake message as the recording carried it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The side that sent it.
    pub from: Party,
    /// The record (index into the recording) that brought the message's last byte.
    pub record: usize,
    /// The record that brought its first byte: `record` for a message in one record, else the
    /// first of the sender's handshake records it spans.
    pub first_record: usize,
    /// `msg_type` from the handshake header.
    pub typ: HandshakeType,
    /// HelloRetryRequest: a ServerHello with the special random (RFC 8446 §4.1.3).
    pub hello_retry_request: bool,
    /// The extensions in wire order, for the messages that carry them (hellos,
    /// EncryptedExtensions, TLS 1.3 CertificateRequest, Certificate entries and
    /// NewSessionTicket).
    pub extensions: Vec<ExtensionType>,
    /// Why the engine's decoder refuses the message, if it does.
    pub undecoded: Option<String>,
    /// The whole message: 4-byte header and body.
    pub bytes: Vec<u8>,
}

impl Message {
    /// Its name, as a record's `messages` give it (HelloRetryRequest for such a ServerHello).
    pub fn name(&self) -> &'static str {
        if self.hello_retry_request {
            HELLO_RETRY_REQUEST
        } else {
            self.typ.as_str()
        }
    }
}

/// Every handshake message of `recording` that `d` can read: those in clear records and in
/// opened ones.
pub fn messages(recording: &Recording, d: &Decryption) -> Vec<Message> {
    let suite = d.hello.suite.and_then(Suite::known);
    let mut pending = [Vec::new(), Vec::new()];
    // Per direction: the record the pending message began in.
    let mut began = [0, 0];
    let mut out = Vec::new();
    for (i, (r, content)) in recording.records.iter().zip(&d.records).enumerate() {
        let bytes = match content {
            Content::Clear if r.content_type == ContentType::Handshake.to_wire() => &r.fragment,
            Content::Opened {
                content_type: ContentType::Handshake,
                plaintext,
                ..
            } => plaintext,
            _ => continue,
        };
        let s = side(r.from);
        if pending[s].is_empty() {
            began[s] = i;
        }
        pending[s].extend_from_slice(bytes);
        while let Some(bytes) = take_message(&mut pending[s]) {
            // The negotiated suite says how the version-dependent messages parse; the hellos
            // parse the same under any.
            let decoded = Handshake::read(&mut Reader::new(&bytes), suite);
            let (hello_retry_request, extensions) = match &decoded {
                Ok(m) => extensions_of(m),
                Err(_) => (false, Vec::new()),
            };
            out.push(Message {
                from: r.from,
                record: i,
                first_record: began[s],
                typ: HandshakeType::from_wire(bytes[0]),
                hello_retry_request,
                extensions,
                undecoded: decoded.err().map(|e| e.reason),
                bytes,
            });
            // The next message, if any, begins in this record.
            began[s] = i;
        }
    }
    out
}

/// The extension types of a decoded message, in wire order, and whether a ServerHello is a
/// HelloRetryRequest.
fn extensions_of(m: &Handshake) -> (bool, Vec<ExtensionType>) {
    let lists: Vec<&[Extension]> = match m {
        Handshake::ClientHello(h) => vec![&h.extensions],
        Handshake::ServerHello(h) => return (h.is_hello_retry_request(), types(&h.extensions)),
        Handshake::EncryptedExtensions(e) => vec![&e.extensions],
        Handshake::CertificateRequest13(c) => vec![&c.extensions],
        Handshake::Certificate13(c) => c
            .certificate_list
            .iter()
            .map(|e| e.extensions.as_slice())
            .collect(),
        Handshake::NewSessionTicket13(t) => vec![&t.extensions],
        _ => Vec::new(),
    };
    (false, lists.into_iter().flat_map(types).collect())
}

fn types(list: &[Extension]) -> Vec<ExtensionType> {
    list.iter().map(|e| e.typ).collect()
}
