//! Structured hellos (`arbitrary`): the fuzzer's bytes choose a ClientHello or ServerHello
//! field by field, and this module encodes it with correct lengths, so every input gets past
//! the framing and length checks that random bytes rarely survive, into the endpoints'
//! negotiation: versions, suites, groups, key shares, signature schemes, extension
//! combinations and duplicates.

use arbitrary::{Arbitrary, Unstructured};
use engine::codec::Writer;
use engine::msgs::enums::{ContentType, ExtensionType, HandshakeType};
use engine::msgs::handshake::HELLO_RETRY_REQUEST_RANDOM;

use crate::endpoints::{Peer, fresh_client, fresh_server, real_key_share};
use crate::properties::assert_one_alert_then_silence;

/// A ClientHello, field by field (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2).
#[derive(Arbitrary, Debug)]
struct ClientHello {
    legacy_version: Version,
    random: [u8; 32],
    session_id: Vec<u8>,
    cipher_suites: Vec<Suite>,
    compression_methods: Vec<u8>,
    /// `None`: no extensions field at all (RFC 5246 allows it).
    extensions: Option<Vec<Extension>>,
    /// How many bytes per record the hello is cut into (0: one record).
    fragment: u8,
}

/// A ServerHello (or HelloRetryRequest), field by field.
#[derive(Arbitrary, Debug)]
struct ServerHello {
    /// Which of the client's real hellos it answers: TLS 1.3, TLS 1.2 ECDHE or RSA.
    variant: u8,
    legacy_version: Version,
    random: Random,
    /// Echo the client's session id (as TLS 1.3 requires) or send these bytes.
    echo_session_id: Option<Vec<u8>>,
    cipher_suite: Suite,
    compression_method: u8,
    extensions: Option<Vec<Extension>>,
}

#[derive(Arbitrary, Debug)]
enum Random {
    Bytes([u8; 32]),
    /// The special value that makes a ServerHello a HelloRetryRequest (RFC 8446 §4.1.3).
    HelloRetryRequest,
    /// TLS 1.3's downgrade sentinels in the last 8 bytes (RFC 8446 §4.1.3).
    Downgrade {
        tls12: bool,
        rest: [u8; 24],
    },
}

/// Mostly the values endpoints know, sometimes any.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Version {
    Tls12,
    Tls13,
    Tls10,
    Any(u16),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Suite {
    Tls13Aes128,
    Tls13Other(bool),
    EcdheRsa,
    Rsa,
    Scsv,
    Any(u16),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Group {
    X25519,
    Hybrid,
    Secp256r1,
    Any(u16),
}

/// The shares a key_share entry may carry: the right length, the real peer's, or any.
#[derive(Arbitrary, Debug)]
enum Share {
    X25519([u8; 32]),
    /// The real peer's share for this group, so the exchange can succeed.
    Real,
    Bytes(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum Extension {
    ServerName(Vec<u8>),
    SupportedVersions(Vec<Version>),
    /// ServerHello's one selected version.
    SelectedVersion(Version),
    SupportedGroups(Vec<Group>),
    KeyShares(Vec<(Group, Share)>),
    /// ServerHello's one share; a HelloRetryRequest's group alone.
    KeyShare(Group, Option<Share>),
    SignatureAlgorithms(Vec<u16>),
    EcPointFormats(Vec<u8>),
    Alpn(Vec<Vec<u8>>),
    ExtendedMasterSecret,
    RenegotiationInfo(Vec<u8>),
    PskKeyExchangeModes(Vec<u8>),
    Cookie(Vec<u8>),
    Empty(u16),
    Raw(u16, Vec<u8>),
}

impl Version {
    fn wire(self) -> u16 {
        match self {
            Version::Tls12 => 0x0303,
            Version::Tls13 => 0x0304,
            Version::Tls10 => 0x0301,
            Version::Any(v) => v,
        }
    }
}

impl Suite {
    fn wire(self) -> u16 {
        match self {
            Suite::Tls13Aes128 => 0x1301,
            Suite::Tls13Other(aes256) => [0x1303, 0x1302][usize::from(aes256)],
            Suite::EcdheRsa => 0xc02f,
            Suite::Rsa => 0x009c,
            Suite::Scsv => 0x00ff,
            Suite::Any(v) => v,
        }
    }
}

impl Group {
    fn wire(self) -> u16 {
        match self {
            Group::X25519 => 0x001d,
            Group::Hybrid => 0x11ec,
            Group::Secp256r1 => 0x0017,
            Group::Any(v) => v,
        }
    }
}

impl Extension {
    fn typ(&self) -> u16 {
        let known = match self {
            Extension::ServerName(_) => ExtensionType::ServerName,
            Extension::SupportedVersions(_) | Extension::SelectedVersion(_) => {
                ExtensionType::SupportedVersions
            }
            Extension::SupportedGroups(_) => ExtensionType::SupportedGroups,
            Extension::KeyShares(_) | Extension::KeyShare(..) => ExtensionType::KeyShare,
            Extension::SignatureAlgorithms(_) => ExtensionType::SignatureAlgorithms,
            Extension::EcPointFormats(_) => ExtensionType::EcPointFormats,
            Extension::Alpn(_) => ExtensionType::Alpn,
            Extension::ExtendedMasterSecret => ExtensionType::ExtendedMasterSecret,
            Extension::RenegotiationInfo(_) => ExtensionType::RenegotiationInfo,
            Extension::PskKeyExchangeModes(_) => ExtensionType::PskKeyExchangeModes,
            Extension::Cookie(_) => ExtensionType::Cookie,
            Extension::Empty(typ) | Extension::Raw(typ, _) => return *typ,
        };
        known.to_wire()
    }

    /// `extension_type ‖ extension_data<0..2^16-1>`, the data as each extension's RFC lays
    /// it out.
    fn encode(&self, w: &mut Writer, peer: Peer) {
        w.u16(self.typ());
        w.prefixed(2, |w| match self {
            Extension::ServerName(name) => w.prefixed(2, |w| {
                w.u8(0);
                w.prefixed(2, |w| w.bytes(name));
            }),
            Extension::SupportedVersions(vs) => {
                w.prefixed(1, |w| vs.iter().for_each(|v| w.u16(v.wire())))
            }
            Extension::SelectedVersion(v) => w.u16(v.wire()),
            Extension::SupportedGroups(gs) => {
                w.prefixed(2, |w| gs.iter().for_each(|g| w.u16(g.wire())))
            }
            Extension::KeyShares(shares) => w.prefixed(2, |w| {
                for (g, share) in shares {
                    w.u16(g.wire());
                    w.prefixed(2, |w| w.bytes(&share_bytes(*g, share, peer)));
                }
            }),
            Extension::KeyShare(g, share) => {
                w.u16(g.wire());
                if let Some(share) = share {
                    w.prefixed(2, |w| w.bytes(&share_bytes(*g, share, peer)));
                }
            }
            Extension::SignatureAlgorithms(schemes) => {
                w.prefixed(2, |w| schemes.iter().for_each(|s| w.u16(*s)))
            }
            Extension::EcPointFormats(formats) => w.prefixed(1, |w| w.bytes(formats)),
            Extension::Alpn(protocols) => w.prefixed(2, |w| {
                protocols.iter().for_each(|p| w.prefixed(1, |w| w.bytes(p)))
            }),
            Extension::RenegotiationInfo(info) => w.prefixed(1, |w| w.bytes(info)),
            Extension::PskKeyExchangeModes(modes) => w.prefixed(1, |w| w.bytes(modes)),
            Extension::Cookie(cookie) => w.prefixed(2, |w| w.bytes(cookie)),
            Extension::Raw(_, body) => w.bytes(body),
            Extension::ExtendedMasterSecret | Extension::Empty(_) => {}
        });
    }
}

fn share_bytes(group: Group, share: &Share, peer: Peer) -> Vec<u8> {
    match share {
        Share::X25519(b) => b.to_vec(),
        Share::Real => real_key_share(peer, group.wire()).unwrap_or_default(),
        Share::Bytes(b) => b.clone(),
    }
}

fn extensions(w: &mut Writer, list: &Option<Vec<Extension>>, peer: Peer) {
    if let Some(list) = list {
        w.prefixed(2, |w| list.iter().for_each(|e| e.encode(w, peer)));
    }
}

/// A handshake message in records of `fragment` bytes (0: one record).
fn records(typ: HandshakeType, body: Vec<u8>, fragment: u8) -> Vec<Vec<u8>> {
    let mut m = Writer::new();
    m.u8(typ.to_wire());
    m.prefixed(3, |w| w.bytes(&body));
    let m = m.into_bytes();
    let size = match fragment {
        0 => m.len(),
        n => usize::from(n),
    };
    m.chunks(size)
        .map(|chunk| {
            let mut r = Writer::new();
            r.u8(ContentType::Handshake.to_wire());
            r.u16(0x0303);
            r.prefixed(2, |w| w.bytes(chunk));
            r.into_bytes()
        })
        .collect()
}

/// The ClientHello's records.
fn client_hello_records(h: &ClientHello) -> Vec<Vec<u8>> {
    let mut body = Writer::new();
    body.u16(h.legacy_version.wire());
    body.bytes(&h.random);
    body.prefixed(1, |w| w.bytes(&h.session_id[..h.session_id.len().min(255)]));
    body.prefixed(2, |w| h.cipher_suites.iter().for_each(|s| w.u16(s.wire())));
    let methods = &h.compression_methods[..h.compression_methods.len().min(255)];
    body.prefixed(1, |w| w.bytes(methods));
    extensions(&mut body, &h.extensions, Peer::Client);
    records(HandshakeType::ClientHello, body.into_bytes(), h.fragment)
}

/// The ServerHello's record, answering a ClientHello that carried `session_id`.
fn server_hello_record(h: &ServerHello, session_id: &[u8]) -> Vec<Vec<u8>> {
    let random: Vec<u8> = match &h.random {
        Random::Bytes(b) => b.to_vec(),
        Random::HelloRetryRequest => HELLO_RETRY_REQUEST_RANDOM.to_vec(),
        Random::Downgrade { tls12, rest } => {
            let sentinel: &[u8; 8] = if *tls12 {
                b"DOWNGRD\x01"
            } else {
                b"DOWNGRD\x00"
            };
            [&rest[..], sentinel].concat()
        }
    };
    let mut body = Writer::new();
    body.u16(h.legacy_version.wire());
    body.bytes(&random);
    let sid = h.echo_session_id.as_deref().unwrap_or(session_id);
    body.prefixed(1, |w| w.bytes(&sid[..sid.len().min(255)]));
    body.u16(h.cipher_suite.wire());
    body.u8(h.compression_method);
    extensions(&mut body, &h.extensions, Peer::Server);
    records(HandshakeType::ServerHello, body.into_bytes(), 0)
}

/// A structured ClientHello to a fresh server (TLS 1.3 with both groups, TLS 1.2 ECDHE and
/// RSA key exchange): one fatal alert and then silence, or a handshake that goes on.
pub fn client_hello(data: &[u8]) {
    let Ok(h) = ClientHello::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let mut s = fresh_server();
    let mut outputs = Vec::new();
    for r in client_hello_records(&h) {
        s.receive(&r);
        outputs.extend(s.take_outputs());
    }
    assert_one_alert_then_silence(&outputs);
}

/// A structured ServerHello to a client that sent its real ClientHello.
pub fn server_hello(data: &[u8]) {
    let Ok(h) = ServerHello::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let (mut c, session_id) = fresh_client(usize::from(h.variant));
    let mut outputs = Vec::new();
    for r in server_hello_record(&h, &session_id) {
        c.receive(&r);
        outputs.extend(c.take_outputs());
    }
    assert_one_alert_then_silence(&outputs);
}

/// Seeds: byte strings of several lengths from a fixed generator; `arbitrary` reads each as
/// some hello.
pub fn seeds() -> Vec<Vec<u8>> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    [16, 64, 200, 600, 1500]
        .iter()
        .flat_map(|&len| std::iter::repeat_n(len, 8))
        .map(|len| {
            (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x as u8
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::common::Output;

    fn handshake_types(outputs: &[Output]) -> Vec<u8> {
        outputs
            .iter()
            .filter_map(|o| match o {
                Output::Record(r) if r.bytes[0] == ContentType::Handshake.to_wire() => {
                    Some(r.bytes[5])
                }
                _ => None,
            })
            .collect()
    }

    /// The encoders make hellos the endpoints accept: the structured targets start from
    /// handshakes that work, not only from ones refused at the first field.
    #[test]
    fn a_browser_like_structured_hello_is_answered() {
        let hello = ClientHello {
            legacy_version: Version::Tls12,
            random: [7; 32],
            session_id: vec![1; 32],
            cipher_suites: vec![Suite::Tls13Aes128, Suite::EcdheRsa],
            compression_methods: vec![0],
            extensions: Some(vec![
                Extension::ServerName(b"server.test".to_vec()),
                Extension::SupportedVersions(vec![Version::Tls13, Version::Tls12]),
                Extension::SupportedGroups(vec![Group::Hybrid, Group::X25519]),
                Extension::KeyShares(vec![(Group::Hybrid, Share::Real)]),
                Extension::SignatureAlgorithms(vec![0x0804, 0x0401]),
                Extension::PskKeyExchangeModes(vec![1]),
            ]),
            fragment: 100,
        };
        let mut s = fresh_server();
        let mut outputs = Vec::new();
        for r in client_hello_records(&hello) {
            s.receive(&r);
            outputs.extend(s.take_outputs());
        }
        // ServerHello first: the server took the hybrid share.
        assert_eq!(handshake_types(&outputs).first(), Some(&2), "{outputs:?}");

        let answer = ServerHello {
            variant: 0,
            legacy_version: Version::Tls12,
            random: Random::Bytes([9; 32]),
            echo_session_id: None,
            cipher_suite: Suite::Tls13Aes128,
            compression_method: 0,
            extensions: Some(vec![
                Extension::SelectedVersion(Version::Tls13),
                Extension::KeyShare(Group::Hybrid, Some(Share::Real)),
            ]),
        };
        let (mut c, session_id) = fresh_client(0);
        for r in server_hello_record(&answer, &session_id) {
            c.receive(&r);
        }
        // The client took it and waits for the encrypted flight: no alert.
        assert!(
            c.take_outputs()
                .iter()
                .all(|o| !matches!(o, Output::Record(_)))
        );
    }
}
