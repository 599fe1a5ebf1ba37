//! The handshake messages a recorded connection carried, clear or opened: each one's type and
//! extension types, and whether the engine's own decoder (the one the inspector's field tree
//! is made with) reads it. Messages are reassembled per direction, as they may span records.

use crate::codec::Reader;
use crate::msgs::enums::{ContentType, ExtensionType, HandshakeType, ProtocolVersion};
use crate::msgs::handshake::{HELLO_RETRY_REQUEST_RANDOM, Handshake};
use crate::msgs::suites::Suite;
use crate::transcript::Party;

use super::hello::take_message;
use super::{Content, Decryption, Recording, side};

/// One handshake message as the recording carried it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub from: Party,
    /// The record (index into the recording) that brought the message's last byte.
    pub record: usize,
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

/// Every handshake message of `recording` that `d` can read: those in clear records and in
/// opened ones.
pub fn messages(recording: &Recording, d: &Decryption) -> Vec<Message> {
    let suite = d.hello.suite.and_then(Suite::known);
    let tls13 = d.hello.version == Some(ProtocolVersion::Tls13);
    let mut pending = [Vec::new(), Vec::new()];
    let mut out = Vec::new();
    for (i, (r, content)) in recording.records.iter().zip(&d.records).enumerate() {
        let bytes = match content {
            Content::Clear if r.content_type == ContentType::Handshake.to_wire() => &r.fragment,
            Content::Opened {
                content_type: ContentType::Handshake,
                plaintext,
            } => plaintext,
            _ => continue,
        };
        let s = side(r.from);
        pending[s].extend_from_slice(bytes);
        while let Some(bytes) = take_message(&mut pending[s]) {
            // Before ServerHello the suite is unknown; the hellos parse without it.
            let undecoded = Handshake::read(&mut Reader::new(&bytes), suite)
                .err()
                .map(|e| e.reason);
            let typ = HandshakeType::from_wire(bytes[0]);
            let (hello_retry_request, extensions) = extensions_of(typ, &bytes[4..], tls13);
            out.push(Message {
                from: r.from,
                record: i,
                typ,
                hello_retry_request,
                extensions,
                undecoded,
                bytes,
            });
        }
    }
    out
}

/// The extension types in a message's body, read leniently (a field cut short ends the
/// list), and whether a ServerHello is a HelloRetryRequest.
fn extensions_of(typ: HandshakeType, body: &[u8], tls13: bool) -> (bool, Vec<ExtensionType>) {
    let mut r = Reader::new(body);
    let mut hrr = false;
    let lists: Vec<&[u8]> = match typ {
        // legacy_version, random, legacy_session_id<0..32>, cipher_suites<2..>,
        // legacy_compression_methods<1..>, extensions<8..>
        HandshakeType::ClientHello => {
            let _ = (r.take(2), r.take(32), r.opaque("", 1, ""));
            let _ = (r.opaque("", 2, ""), r.opaque("", 1, ""));
            r.opaque("", 2, "").into_iter().collect()
        }
        // legacy_version, random, legacy_session_id_echo, cipher_suite, compression, extensions
        HandshakeType::ServerHello => {
            let _ = r.take(2);
            hrr = r
                .take(32)
                .is_ok_and(|random| random == HELLO_RETRY_REQUEST_RANDOM);
            let _ = (r.opaque("", 1, ""), r.take(3));
            r.opaque("", 2, "").into_iter().collect()
        }
        HandshakeType::EncryptedExtensions => r.opaque("", 2, "").into_iter().collect(),
        // certificate_request_context<0..255>, extensions<2..>
        HandshakeType::CertificateRequest if tls13 => {
            let _ = r.opaque("", 1, "");
            r.opaque("", 2, "").into_iter().collect()
        }
        // certificate_request_context, CertificateEntry certificate_list<0..2^24-1>, each
        // cert_data<1..2^24-1> and extensions<0..2^16-1>
        HandshakeType::Certificate if tls13 => {
            let _ = r.opaque("", 1, "");
            let mut entries = Reader::new(r.opaque("", 3, "").unwrap_or_default());
            let mut lists = Vec::new();
            while let (Ok(_), Ok(list)) = (entries.opaque("", 3, ""), entries.opaque("", 2, "")) {
                lists.push(list);
            }
            lists
        }
        // ticket_lifetime, ticket_age_add, ticket_nonce<0..255>, ticket<1..2^16-1>, extensions
        HandshakeType::NewSessionTicket if tls13 => {
            let _ = (r.take(8), r.opaque("", 1, ""), r.opaque("", 2, ""));
            r.opaque("", 2, "").into_iter().collect()
        }
        _ => Vec::new(),
    };
    let mut types = Vec::new();
    for list in lists {
        let mut l = Reader::new(list);
        while let (Ok(typ), Ok(_)) = (l.u16("type"), l.opaque("data", 2, "")) {
            types.push(ExtensionType::from_wire(typ));
        }
    }
    (hrr, types)
}
