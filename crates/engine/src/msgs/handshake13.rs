//! The TLS 1.3 handshake messages whose grammar is new (RFC 8446 §4): EncryptedExtensions,
//! the TLS 1.3 Certificate and CertificateRequest, CertificateVerify, NewSessionTicket,
//! KeyUpdate, and the synthetic message_hash. Re-exported by [`crate::msgs::handshake`].

use crate::codec::{Reader, Writer, hex_preview};
use crate::error::TlsError;
use crate::msgs::enums::{HandshakeType, KeyUpdateRequest, SignatureScheme, describe_u16};
use crate::msgs::extensions::{self, Extension, ExtensionContext};

type Result<T> = std::result::Result<T, TlsError>;

/// A HelloRetryRequest's name: a ServerHello in form, a message of its own in purpose.
pub const HELLO_RETRY_REQUEST: &str = "HelloRetryRequest";

/// A HelloRetryRequest's `random`: SHA-256("HelloRetryRequest") (RFC 8446 §4.1.3). A
/// ServerHello with this random asks the client for a second ClientHello.
pub const HELLO_RETRY_REQUEST_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// `struct { Extension extensions<0..2^16-1>; } EncryptedExtensions;` (RFC 8446 §4.3.1): the
/// server's answers that need no cleartext, the first message under the handshake keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedExtensions {
    /// `extensions`, in wire order.
    pub extensions: Vec<Extension>,
}

impl EncryptedExtensions {
    /// Writes the body, without the handshake header.
    pub fn encode(&self, w: &mut Writer) {
        extensions::encode_list(&self.extensions, w);
    }

    /// Reads and annotates the body, without the handshake header.
    pub fn read(r: &mut Reader) -> Result<EncryptedExtensions> {
        let extensions = extensions::read_list(r, ExtensionContext::EncryptedExtensions)?;
        Ok(EncryptedExtensions { extensions })
    }
}

/// ```text
/// struct {
///     select (certificate_type) {
///         case RawPublicKey: opaque ASN1_subjectPublicKeyInfo<1..2^24-1>;
///         case X509: opaque cert_data<1..2^24-1>;
///     };
///     Extension extensions<0..2^16-1>;
/// } CertificateEntry;
/// ```
/// This engine reads X.509 entries only (no server_certificate_type negotiation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateEntry {
    /// DER.
    pub cert_data: Vec<u8>,
    /// Per-certificate extensions: an OCSP response (status_request) or SCTs.
    pub extensions: Vec<Extension>,
}

/// ```text
/// struct {
///     opaque certificate_request_context<0..2^8-1>;
///     CertificateEntry certificate_list<0..2^24-1>;
/// } Certificate;
/// ```
/// The TLS 1.3 Certificate (RFC 8446 §4.4.2). The context is empty in the handshake; in a
/// post-handshake client Certificate it echoes the CertificateRequest's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate13 {
    /// `certificate_request_context`: empty, or the CertificateRequest's echoed.
    pub certificate_request_context: Vec<u8>,
    /// The sender's certificate first.
    pub certificate_list: Vec<CertificateEntry>,
}

impl Certificate13 {
    /// A handshake Certificate: empty context, no per-certificate extensions.
    pub fn from_chain(chain: &[Vec<u8>]) -> Certificate13 {
        Certificate13 {
            certificate_request_context: Vec::new(),
            certificate_list: chain
                .iter()
                .map(|der| CertificateEntry {
                    cert_data: der.clone(),
                    extensions: Vec::new(),
                })
                .collect(),
        }
    }

    /// The DER certificates, the sender's first.
    pub fn chain(&self) -> Vec<Vec<u8>> {
        self.certificate_list
            .iter()
            .map(|e| e.cert_data.clone())
            .collect()
    }

    /// Writes the body, without the handshake header.
    pub fn encode(&self, w: &mut Writer) {
        w.prefixed(1, |w| w.bytes(&self.certificate_request_context));
        w.prefixed(3, |w| {
            for e in &self.certificate_list {
                w.prefixed(3, |w| w.bytes(&e.cert_data));
                extensions::encode_list(&e.extensions, w);
            }
        });
    }

    /// Reads and annotates the body, without the handshake header.
    pub fn read(r: &mut Reader) -> Result<Certificate13> {
        let certificate_request_context = r
            .opaque("certificate_request_context", 1, "RFC 8446 §4.4.2")?
            .to_vec();
        r.begin("certificate_list", "RFC 8446 §4.4.2");
        r.limit_prefixed("certificate_list", 3)?;
        let mut certificate_list = Vec::new();
        while r.remaining() > 0 {
            r.begin("CertificateEntry", "RFC 8446 §4.4.2");
            r.begin("cert_data", "");
            let len = r.limit_prefixed("cert_data", 3)?;
            if len == 0 {
                return Err(TlsError::decode(
                    "cert_data<1..2^24-1> must not be empty (RFC 8446 §4.4.2)",
                ));
            }
            let at = r.absolute_position();
            let der = r.take(len)?;
            if r.is_annotating() {
                r.graft(crate::pki::dissect_certificate(der, at));
            }
            r.unlimit()?;
            r.describe(|| format!("{} bytes of DER", der.len()));
            r.end();
            let extensions = extensions::read_list(r, ExtensionContext::Certificate)?;
            r.describe(|| {
                format!(
                    "{} bytes of DER, {} extension(s)",
                    der.len(),
                    extensions.len()
                )
            });
            r.end();
            certificate_list.push(CertificateEntry {
                cert_data: der.to_vec(),
                extensions,
            });
        }
        r.unlimit()?;
        r.describe(|| format!("{} certificate(s)", certificate_list.len()));
        r.end();
        Ok(Certificate13 {
            certificate_request_context,
            certificate_list,
        })
    }
}

/// ```text
/// struct {
///     opaque certificate_request_context<0..2^8-1>;
///     Extension extensions<0..2^16-1>;
/// } CertificateRequest;
/// ```
/// The TLS 1.3 CertificateRequest (RFC 8446 §4.3.2): what the server accepts is said in
/// extensions (signature_algorithms, certificate_authorities, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRequest13 {
    /// `certificate_request_context`: the server's label for this request, echoed in the
    /// client's Certificate; empty in the handshake.
    pub certificate_request_context: Vec<u8>,
    /// `extensions`: what the server accepts; signature_algorithms is mandatory.
    pub extensions: Vec<Extension>,
}

impl CertificateRequest13 {
    /// Writes the body, without the handshake header.
    pub fn encode(&self, w: &mut Writer) {
        w.prefixed(1, |w| w.bytes(&self.certificate_request_context));
        extensions::encode_list(&self.extensions, w);
    }

    /// Reads and annotates the body, without the handshake header.
    pub fn read(r: &mut Reader) -> Result<CertificateRequest13> {
        let certificate_request_context = r
            .opaque("certificate_request_context", 1, "RFC 8446 §4.3.2")?
            .to_vec();
        let extensions = extensions::read_list(r, ExtensionContext::CertificateRequest)?;
        Ok(CertificateRequest13 {
            certificate_request_context,
            extensions,
        })
    }
}

/// ```text
/// struct {
///     SignatureScheme algorithm;
///     opaque signature<0..2^16-1>;
/// } CertificateVerify;
/// ```
/// RFC 8446 §4.4.3. TLS 1.2's CertificateVerify (RFC 5246 §7.4.8, a digitally-signed struct)
/// has the same encoding, so one struct reads both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateVerify {
    /// `algorithm`: the scheme the signature was made with.
    pub algorithm: SignatureScheme,
    /// `signature` over the transcript hash (in TLS 1.3 prefixed by 64 spaces and a context
    /// string, RFC 8446 §4.4.3).
    pub signature: Vec<u8>,
}

impl CertificateVerify {
    /// Writes the body, without the handshake header.
    pub fn encode(&self, w: &mut Writer) {
        w.u16(self.algorithm.to_wire());
        w.prefixed(2, |w| w.bytes(&self.signature));
    }

    /// Reads and annotates the body, without the handshake header.
    pub fn read(r: &mut Reader) -> Result<CertificateVerify> {
        let algorithm = SignatureScheme::from_wire(r.u16("algorithm")?);
        r.describe_last(|| describe_u16(algorithm.to_wire(), algorithm));
        let signature = r.opaque("signature", 2, "RFC 8446 §4.4.3")?.to_vec();
        Ok(CertificateVerify {
            algorithm,
            signature,
        })
    }
}

/// ```text
/// struct {
///     uint32 ticket_lifetime;
///     uint32 ticket_age_add;
///     opaque ticket_nonce<0..255>;
///     opaque ticket<1..2^16-1>;
///     Extension extensions<0..2^16-2>;
/// } NewSessionTicket;
/// ```
/// The TLS 1.3 NewSessionTicket (RFC 8446 §4.6.1), sent after the handshake. (TLS 1.2's,
/// RFC 5077 §3.3, is [`NewSessionTicket12`](crate::msgs::handshake::NewSessionTicket12).)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSessionTicket13 {
    /// Seconds the ticket may be used for (at most 604800, seven days).
    pub ticket_lifetime: u32,
    /// Added to the ticket's age in the client's pre_shared_key, so the age is not seen in
    /// clear.
    pub ticket_age_add: u32,
    /// `ticket_nonce`: makes each ticket's PSK different (RFC 8446 §4.6.1).
    pub ticket_nonce: Vec<u8>,
    /// `ticket`: the label the client sends back as a PSK identity.
    pub ticket: Vec<u8>,
    /// `extensions`; early_data's max_early_data_size is the one defined.
    pub extensions: Vec<Extension>,
}

/// `Extension extensions<0..2^16-2>` in NewSessionTicket: one byte shorter than the usual
/// list's maximum.
const NST_EXTENSIONS_MAX: usize = 0xfffe;

impl NewSessionTicket13 {
    /// Writes the body, without the handshake header.
    pub fn encode(&self, w: &mut Writer) {
        w.bytes(&self.ticket_lifetime.to_be_bytes());
        w.bytes(&self.ticket_age_add.to_be_bytes());
        w.prefixed(1, |w| w.bytes(&self.ticket_nonce));
        w.prefixed(2, |w| w.bytes(&self.ticket));
        extensions::encode_list(&self.extensions, w);
    }

    /// Reads and annotates the body, without the handshake header.
    pub fn read(r: &mut Reader) -> Result<NewSessionTicket13> {
        let ticket_lifetime = read_u32(r, "ticket_lifetime")?;
        r.describe_last(|| format!("{ticket_lifetime} s"));
        let ticket_age_add = read_u32(r, "ticket_age_add")?;
        r.describe_last(|| ticket_age_add.to_string());
        let ticket_nonce = r.opaque("ticket_nonce", 1, "RFC 8446 §4.6.1")?.to_vec();
        let ticket = r.opaque("ticket", 2, "RFC 8446 §4.6.1")?.to_vec();
        if ticket.is_empty() {
            return Err(TlsError::decode("ticket<1..2^16-1> must not be empty"));
        }
        let start = r.position();
        let extensions = extensions::read_list(r, ExtensionContext::NewSessionTicket)?;
        // The list's own 2-byte length prefix is part of what was read.
        if r.position() - start - 2 > NST_EXTENSIONS_MAX {
            return Err(TlsError::decode(
                "NewSessionTicket extensions<0..2^16-2> is 65535 bytes long",
            ));
        }
        Ok(NewSessionTicket13 {
            ticket_lifetime,
            ticket_age_add,
            ticket_nonce,
            ticket,
            extensions,
        })
    }
}

/// `struct { KeyUpdateRequest request_update; } KeyUpdate;` (RFC 8446 §4.6.3): the sender
/// now protects its records with its next traffic secret, and may ask the peer to do the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyUpdate {
    /// `request_update`: whether the peer should update its keys too.
    pub request_update: KeyUpdateRequest,
}

impl KeyUpdate {
    /// Writes the body, without the handshake header.
    pub fn encode(&self, w: &mut Writer) {
        w.u8(self.request_update.to_wire());
    }

    /// Any value other than update_not_requested(0) or update_requested(1) is
    /// illegal_parameter (RFC 8446 §4.6.3).
    pub fn read(r: &mut Reader) -> Result<KeyUpdate> {
        let request_update = KeyUpdateRequest::from_wire(r.u8("request_update")?);
        r.describe_last(|| request_update.to_string());
        if let KeyUpdateRequest::Unknown(v) = request_update {
            return Err(TlsError::illegal(format!(
                "request_update {v} is neither update_not_requested(0) nor update_requested(1)"
            )));
        }
        Ok(KeyUpdate { request_update })
    }
}

/// The synthetic `message_hash` message (RFC 8446 §4.4.1): after a HelloRetryRequest the
/// transcript hash starts over with `Handshake(254)` whose body is Hash(ClientHello1), so the
/// server need not keep the first ClientHello (it can put the hash in the cookie). It is
/// never sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageHash {
    /// Hash(ClientHello1), with the negotiated suite's hash.
    pub hash: Vec<u8>,
}

impl MessageHash {
    /// `hash_len` is the negotiated hash's length; `None` takes the whole body.
    pub fn read(r: &mut Reader, hash_len: Option<usize>) -> Result<MessageHash> {
        let n = r.remaining();
        if hash_len.is_some_and(|want| want != n) || n == 0 {
            return Err(TlsError::decode(format!(
                "message_hash body of {n} bytes is not a hash of the negotiated length"
            )));
        }
        let hash = r.leaf("Hash(ClientHello1)", n)?.to_vec();
        r.describe_last(|| hex_preview(&hash));
        Ok(MessageHash { hash })
    }
}

/// The encoding of `message_hash` (msg_type 254, uint24 length, Hash(ClientHello1)): what the
/// transcript hash restarts with after a HelloRetryRequest (RFC 8446 §4.4.1).
pub fn message_hash(hash_of_client_hello1: &[u8]) -> Vec<u8> {
    let mut w = Writer::new();
    w.u8(HandshakeType::MessageHash.to_wire());
    w.prefixed(3, |w| w.bytes(hash_of_client_hello1));
    w.into_bytes()
}

fn read_u32(r: &mut Reader, name: &str) -> Result<u32> {
    let b = r.leaf(name, 4)?;
    Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}
