//! What the unprotected start of a handshake tells a recorder: the randoms, the version and
//! suite chosen, whether EMS is on, the public key shares, the certificate (TLS 1.2) and the
//! ClientKeyExchange.
//! Read leniently: a capture of any stack may carry extensions and suites this engine does
//! not speak; only the fields a decrypter needs are decoded.

use crate::codec::Reader;
use crate::msgs::enums::{
    CipherSuite, ContentType, ExtensionType, HandshakeType, NamedGroup, ProtocolVersion,
};
use crate::msgs::handshake::{HELLO_RETRY_REQUEST_RANDOM, Handshake};
use crate::msgs::suites::Suite;
use crate::transcript::Party;

use super::recording::Recording;

/// The handshake as far as it travels in the clear.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hello {
    /// `ClientHello.random`: what a key log's lines are looked up by.
    pub client_random: Option<[u8; 32]>,
    /// `ServerHello.random` (a HelloRetryRequest's fixed value is skipped).
    pub server_random: Option<[u8; 32]>,
    /// The negotiated version: ServerHello's, or its supported_versions (RFC 8446 §4.2.1).
    pub version: Option<ProtocolVersion>,
    /// The cipher suite ServerHello chose.
    pub suite: Option<CipherSuite>,
    /// The server echoed extended_master_secret (RFC 7627 §5.1).
    pub extended_master_secret: bool,
    /// TLS 1.2: the certificate chain, leaf first (in TLS 1.3 it is encrypted).
    pub certificates: Vec<Vec<u8>>,
    /// TLS 1.2: ClientKeyExchange's body (the encrypted pre-master secret, or a public share).
    pub client_key_exchange: Option<Vec<u8>>,
    /// TLS 1.2: ClientHello … ClientKeyExchange, the input of EMS's session_hash.
    pub messages_to_client_key_exchange: Vec<u8>,
    /// TLS 1.2 ECDHE: the server's public point, from ServerKeyExchange (RFC 8422 §5.4).
    pub server_point: Option<Vec<u8>>,
    /// TLS 1.2 ECDHE: the curve ServerKeyExchange names for it.
    pub server_curve: Option<NamedGroup>,
    /// Every ClientHello and ServerHello (a HelloRetryRequest too), whole, in wire order: in
    /// TLS 1.3, the transcript up to ServerHello.
    pub hellos: Vec<Vec<u8>>,
    /// The groups of the first ClientHello's key shares, in its order.
    pub first_share_groups: Vec<NamedGroup>,
    /// The last ClientHello's key shares: `(group, key_exchange)` (RFC 8446 §4.2.8).
    pub client_shares: Vec<(NamedGroup, Vec<u8>)>,
    /// The group a HelloRetryRequest asked for, if one came.
    pub retry_group: Option<NamedGroup>,
    /// ServerHello's key share: `(group, key_exchange)`.
    pub server_share: Option<(NamedGroup, Vec<u8>)>,
}

impl Hello {
    /// The first ClientHello's server_name, as the wire shows it.
    pub fn server_name(&self) -> Option<String> {
        let first = self.hellos.first()?;
        match Handshake::read(&mut Reader::new(first), None).ok()? {
            Handshake::ClientHello(ch) => ch.server_name(),
            _ => None,
        }
    }

    /// What ServerHello settled, as Wireshark names it: "TLS 1.3, X25519MLKEM768,
    /// TLS_AES_128_GCM_SHA256 (0x1301)".
    pub fn settled(&self) -> String {
        let version = self
            .version
            .map_or("no ServerHello".into(), |v| v.to_string());
        let group = match (&self.server_share, self.version) {
            (Some((g, _)), _) => g.to_string(),
            (None, Some(ProtocolVersion::Tls12))
                if self
                    .suite
                    .and_then(Suite::find)
                    .is_some_and(|s| !s.forward_secret()) =>
            {
                "RSA key transport".into()
            }
            (None, _) => self.server_curve.map(|g| g.to_string()).unwrap_or_default(),
        };
        let suite = self.suite.map(|s| s.to_string()).unwrap_or_default();
        [version, group, suite]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Reads the handshake messages of unprotected handshake records: in TLS 1.2 up to each
    /// side's ChangeCipherSpec, in TLS 1.3 the hellos (all else is application_data).
    pub fn read(recording: &Recording) -> Hello {
        let mut hello = Hello::default();
        let mut pending = [Vec::new(), Vec::new()];
        let mut protected = [false, false];
        let mut messages = Vec::new();
        for r in &recording.records {
            let side = usize::from(r.from == Party::Server);
            match ContentType::from_wire(r.content_type) {
                // TLS 1.3 protects by record type (application_data) instead; its
                // ChangeCipherSpec is only for middleboxes (RFC 8446 §D.4).
                ContentType::ChangeCipherSpec if hello.version != Some(ProtocolVersion::Tls13) => {
                    protected[side] = true
                }
                ContentType::Handshake if !protected[side] => {
                    pending[side].extend_from_slice(&r.fragment);
                    while let Some(message) = take_message(&mut pending[side]) {
                        if hello.client_key_exchange.is_none() {
                            messages.extend_from_slice(&message);
                        }
                        if [HandshakeType::ClientHello, HandshakeType::ServerHello]
                            .contains(&HandshakeType::from_wire(message[0]))
                        {
                            hello.hellos.push(message.clone());
                        }
                        hello.note(&message);
                        if message[0] == HandshakeType::ClientKeyExchange.to_wire() {
                            hello.messages_to_client_key_exchange = messages.clone();
                        }
                    }
                }
                _ => {}
            }
        }
        hello
    }

    fn note(&mut self, message: &[u8]) {
        let body = &message[4..];
        match HandshakeType::from_wire(message[0]) {
            HandshakeType::ClientHello => {
                self.client_random = body.get(2..34).and_then(|r| r.try_into().ok());
                self.client_shares = client_shares(body);
                if self.hellos.len() <= 1 {
                    self.first_share_groups = self.client_shares.iter().map(|(g, _)| *g).collect();
                }
            }
            HandshakeType::ServerHello => self.server_hello(body),
            HandshakeType::Certificate if self.version != Some(ProtocolVersion::Tls13) => {
                self.certificates = certificates(body).unwrap_or_default();
            }
            HandshakeType::ClientKeyExchange => self.client_key_exchange = Some(body.to_vec()),
            // `ECCurveType curve_type; NamedCurve namedcurve; opaque point<1..2^8-1>;` then
            // the signature (RFC 8422 §5.4).
            HandshakeType::ServerKeyExchange => {
                let mut r = Reader::new(body);
                if let (Ok(_), Ok(curve), Ok(point)) = (
                    r.u8("curve_type"),
                    r.u16("namedcurve"),
                    r.opaque("point", 1, ""),
                ) {
                    self.server_point = Some(point.to_vec());
                    self.server_curve = Some(NamedGroup::from_wire(curve));
                }
            }
            _ => {}
        }
    }

    /// `ProtocolVersion legacy_version; Random random; opaque session_id<0..32>;
    /// CipherSuite cipher_suite; uint8 compression_method; Extension extensions<0..2^16-1>;`
    fn server_hello(&mut self, body: &[u8]) {
        let mut r = Reader::new(body);
        let (Ok(version), Ok(random), Ok(_session_id), Ok(suite), Ok(_compression)) = (
            r.u16("legacy_version"),
            r.take(32),
            r.opaque("session_id", 1, ""),
            r.u16("cipher_suite"),
            r.u8("compression_method"),
        ) else {
            return;
        };
        // A HelloRetryRequest already says TLS 1.3 (so a ChangeCipherSpec after it is the
        // compatibility one), but the ServerHello after it decides the rest.
        let retry = random == HELLO_RETRY_REQUEST_RANDOM;
        if !retry {
            self.server_random = random.try_into().ok();
            self.suite = Some(CipherSuite::from_wire(suite));
        }
        self.version = Some(ProtocolVersion::from_wire(version));
        let mut extensions = Reader::new(r.opaque("extensions", 2, "").unwrap_or_default());
        while let (Ok(typ), Ok(data)) = (extensions.u16("type"), extensions.opaque("data", 2, "")) {
            match ExtensionType::from_wire(typ) {
                ExtensionType::SupportedVersions if data.len() == 2 => {
                    self.version = Some(ProtocolVersion::from_wire(u16::from_be_bytes([
                        data[0], data[1],
                    ])));
                }
                ExtensionType::ExtendedMasterSecret => self.extended_master_secret = true,
                // HelloRetryRequest: `NamedGroup selected_group`; ServerHello: one
                // KeyShareEntry (RFC 8446 §4.2.8).
                ExtensionType::KeyShare if retry && data.len() == 2 => {
                    self.retry_group = Some(NamedGroup::from_wire(u16::from_be_bytes([
                        data[0], data[1],
                    ])));
                }
                ExtensionType::KeyShare if !retry => {
                    let mut entry = Reader::new(data);
                    if let (Ok(group), Ok(share)) =
                        (entry.u16("group"), entry.opaque("key_exchange", 2, ""))
                    {
                        self.server_share = Some((NamedGroup::from_wire(group), share.to_vec()));
                    }
                }
                _ => {}
            }
        }
    }
}

/// A ClientHello's key shares: its `key_share` extension's `client_shares`, or none.
fn client_shares(body: &[u8]) -> Vec<(NamedGroup, Vec<u8>)> {
    let mut r = Reader::new(body);
    let skipped = (
        r.take(2 + 32),
        r.opaque("session_id", 1, ""),
        r.opaque("cipher_suites", 2, ""),
        r.opaque("compression_methods", 1, ""),
    );
    let (Ok(_), Ok(_), Ok(_), Ok(_)) = skipped else {
        return Vec::new();
    };
    let mut extensions = Reader::new(r.opaque("extensions", 2, "").unwrap_or_default());
    while let (Ok(typ), Ok(data)) = (extensions.u16("type"), extensions.opaque("data", 2, "")) {
        if ExtensionType::from_wire(typ) == ExtensionType::KeyShare {
            let mut list = Reader::new(
                Reader::new(data)
                    .opaque("client_shares", 2, "")
                    .unwrap_or_default(),
            );
            let mut shares = Vec::new();
            while let (Ok(group), Ok(share)) =
                (list.u16("group"), list.opaque("key_exchange", 2, ""))
            {
                shares.push((NamedGroup::from_wire(group), share.to_vec()));
            }
            return shares;
        }
    }
    Vec::new()
}

/// One whole handshake message (4-byte header and body) off the front of `pending`.
pub(super) fn take_message(pending: &mut Vec<u8>) -> Option<Vec<u8>> {
    let header = pending.get(..4)?;
    let len = usize::from(header[1]) << 16 | usize::from(header[2]) << 8 | usize::from(header[3]);
    if pending.len() < 4 + len {
        return None;
    }
    Some(pending.drain(..4 + len).collect())
}

/// `ASN.1Cert certificate_list<0..2^24-1>` (RFC 5246 §7.4.2).
fn certificates(body: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut list = Reader::new(Reader::new(body).opaque("certificate_list", 3, "").ok()?);
    let mut out = Vec::new();
    while let Ok(cert) = list.opaque("ASN.1Cert", 3, "") {
        out.push(cert.to_vec());
    }
    Some(out)
}
