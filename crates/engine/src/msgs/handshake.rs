//! Handshake messages (RFC 5246 §7.4; ECDHE per RFC 8422 §5; TLS 1.3 per RFC 8446 §4), each
//! with its grammar line, its encoding, and a decoder that annotates every field. The TLS 1.3
//! forms live in `handshake13.rs` and are re-exported here.

use crate::codec::{Reader, Writer, hex_preview};
use crate::error::TlsError;
use crate::msgs::enums::{
    CipherSuite, Compression, EcCurveType, HandshakeType, NamedGroup, ProtocolVersion,
    SignatureScheme, describe_u16,
};
use crate::msgs::extensions::{self, Extension, ExtensionContext};
use crate::msgs::suites::{KeyExchange, Suite};

pub use crate::msgs::handshake13::*;

type Result<T> = std::result::Result<T, TlsError>;

/// The longest ClientHello body its grammar allows (RFC 5246 §7.4.1.2): client_version,
/// random, a 32-byte session_id, cipher_suites<2..2^16-2>, compression_methods<1..2^8-1> and
/// extensions<0..2^16-1>, each with its length prefix. 131,396 bytes, OpenSSL's limit for a
/// ClientHello too (`CLIENT_HELLO_MAX_LENGTH`).
pub const CLIENT_HELLO_MAX_LEN: usize =
    2 + 32 + (1 + 32) + (2 + 0xfffe) + (1 + 0xff) + (2 + 0xffff);

/// The longest handshake message body this engine reassembles; a longer one is refused from
/// its header, before any of it is buffered. The largest legal ClientHello must fit; no other
/// message this engine reads comes near it, except a Certificate chain, which OpenSSL caps at
/// 100 KiB by default (`max_cert_list`) and GnuTLS, with every message, at 128 KiB.
pub const MAX_HANDSHAKE_LEN: usize = CLIENT_HELLO_MAX_LEN;

/// ```text
/// struct {
///     HandshakeType msg_type;    /* handshake type */
///     uint24 length;             /* bytes in message */
///     select (HandshakeType) { ... } body;
/// } Handshake;
/// ```
///
/// A message whose body has a different grammar in TLS 1.3 has one variant per form
/// (`Certificate` and `Certificate13`, `CertificateRequest` and `CertificateRequest13`,
/// `NewSessionTicket13`), chosen by the negotiated suite's version when read: each struct then
/// holds exactly what its grammar can encode (a TLS 1.2 Certificate has no
/// certificate_request_context to lose). Where only a length or the field names differ, one
/// struct serves both: `ServerHello` (also the HelloRetryRequest,
/// [`ServerHello::is_hello_retry_request`]), `Finished` (verify_data of 12 bytes or of the
/// hash's length), `CertificateVerify`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handshake {
    /// `struct { } HelloRequest;` — the server asks the client to start over (RFC 5246 §7.4.1.1).
    HelloRequest,
    /// The client's offer (RFC 5246 §7.4.1.2, RFC 8446 §4.1.2).
    ClientHello(ClientHello),
    /// The server's choice, or a HelloRetryRequest (RFC 5246 §7.4.1.3, RFC 8446 §4.1.3).
    ServerHello(ServerHello),
    /// TLS 1.2's certificate chain (RFC 5246 §7.4.2).
    Certificate(Certificate),
    /// TLS 1.2 ECDHE: the server's signed key share (RFC 8422 §5.4).
    ServerKeyExchange(ServerKeyExchange),
    /// TLS 1.2: the server asks for a client certificate (RFC 5246 §7.4.4).
    CertificateRequest(CertificateRequest),
    /// `struct { } ServerHelloDone;`: TLS 1.2's server flight ends (RFC 5246 §7.4.5).
    ServerHelloDone,
    /// TLS 1.2: the client's half of the key exchange (RFC 5246 §7.4.7).
    ClientKeyExchange(ClientKeyExchange),
    /// The MAC over the handshake so far (RFC 5246 §7.4.9, RFC 8446 §4.4.4).
    Finished(Finished),
    /// `struct {} EndOfEarlyData;` (RFC 8446 §4.5).
    EndOfEarlyData,
    /// TLS 1.3: the server's extensions that need no cleartext (RFC 8446 §4.3.1).
    EncryptedExtensions(EncryptedExtensions),
    /// TLS 1.3's certificate chain, with per-certificate extensions (RFC 8446 §4.4.2).
    Certificate13(Certificate13),
    /// TLS 1.3: the server asks for a client certificate (RFC 8446 §4.3.2).
    CertificateRequest13(CertificateRequest13),
    /// A signature over the transcript with the certificate's key (RFC 8446 §4.4.3; TLS 1.2's
    /// client form, RFC 5246 §7.4.8, has the same layout).
    CertificateVerify(CertificateVerify),
    /// TLS 1.3: a resumption ticket (RFC 8446 §4.6.1).
    NewSessionTicket13(NewSessionTicket13),
    /// TLS 1.2's session ticket (RFC 5077 §3.3). This engine's endpoints never ask for one
    /// (no session_ticket extension), so only other stacks' recordings carry it.
    NewSessionTicket12(NewSessionTicket12),
    /// TLS 1.3: the sender switches to its next traffic keys (RFC 8446 §4.6.3).
    KeyUpdate(KeyUpdate),
    /// TLS 1.3: the stand-in for ClientHello1 in the transcript after a HelloRetryRequest
    /// (RFC 8446 §4.4.1); never sent.
    MessageHash(MessageHash),
}

impl Handshake {
    /// `msg_type` for this message.
    pub fn typ(&self) -> HandshakeType {
        match self {
            Handshake::HelloRequest => HandshakeType::HelloRequest,
            Handshake::ClientHello(_) => HandshakeType::ClientHello,
            Handshake::ServerHello(_) => HandshakeType::ServerHello,
            Handshake::Certificate(_) => HandshakeType::Certificate,
            Handshake::ServerKeyExchange(_) => HandshakeType::ServerKeyExchange,
            Handshake::CertificateRequest(_) => HandshakeType::CertificateRequest,
            Handshake::ServerHelloDone => HandshakeType::ServerHelloDone,
            Handshake::ClientKeyExchange(_) => HandshakeType::ClientKeyExchange,
            Handshake::Finished(_) => HandshakeType::Finished,
            Handshake::EndOfEarlyData => HandshakeType::EndOfEarlyData,
            Handshake::EncryptedExtensions(_) => HandshakeType::EncryptedExtensions,
            Handshake::Certificate13(_) => HandshakeType::Certificate,
            Handshake::CertificateRequest13(_) => HandshakeType::CertificateRequest,
            Handshake::CertificateVerify(_) => HandshakeType::CertificateVerify,
            Handshake::NewSessionTicket13(_) | Handshake::NewSessionTicket12(_) => {
                HandshakeType::NewSessionTicket
            }
            Handshake::KeyUpdate(_) => HandshakeType::KeyUpdate,
            Handshake::MessageHash(_) => HandshakeType::MessageHash,
        }
    }

    /// The whole message: header and body.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(self.typ().to_wire());
        w.prefixed(3, |w| match self {
            Handshake::ClientHello(m) => m.encode(w),
            Handshake::ServerHello(m) => m.encode(w),
            Handshake::Certificate(m) => m.encode(w),
            Handshake::ServerKeyExchange(m) => m.encode(w),
            Handshake::CertificateRequest(m) => m.encode(w),
            Handshake::ServerHelloDone | Handshake::HelloRequest | Handshake::EndOfEarlyData => {}
            Handshake::ClientKeyExchange(m) => m.encode(w),
            Handshake::Finished(m) => w.bytes(&m.verify_data),
            Handshake::EncryptedExtensions(m) => m.encode(w),
            Handshake::Certificate13(m) => m.encode(w),
            Handshake::CertificateRequest13(m) => m.encode(w),
            Handshake::CertificateVerify(m) => m.encode(w),
            Handshake::NewSessionTicket13(m) => m.encode(w),
            Handshake::NewSessionTicket12(m) => m.encode(w),
            Handshake::KeyUpdate(m) => m.encode(w),
            Handshake::MessageHash(m) => w.bytes(&m.hash),
        });
        w.into_bytes()
    }

    /// Reads one whole message (header and body). `suite` is the negotiated suite, whose
    /// version and key exchange say how some messages are parsed; `None` before ServerHello,
    /// when only the hellos (and the version-neutral CertificateVerify and 12-byte Finished)
    /// parse. A message that does not exist in the negotiated version is unexpected_message.
    pub fn read(r: &mut Reader, suite: Option<&Suite>) -> Result<Handshake> {
        let kx = suite.and_then(|s| s.kx);
        let tls13 = suite.is_some_and(Suite::is_tls13);
        let typ = HandshakeType::from_wire(r.u8("msg_type")?);
        r.describe_last(|| typ.to_string());
        r.describe(|| typ.as_str().to_string());
        r.limit_prefixed("body", 3)?;
        let msg = match typ {
            HandshakeType::ClientHello => Handshake::ClientHello(ClientHello::read(r)?),
            HandshakeType::ServerHello => Handshake::ServerHello(ServerHello::read(r, suite)?),
            HandshakeType::Certificate if tls13 => {
                Handshake::Certificate13(Certificate13::read(r)?)
            }
            HandshakeType::Certificate => Handshake::Certificate(Certificate::read(r)?),
            HandshakeType::CertificateRequest if tls13 => {
                Handshake::CertificateRequest13(CertificateRequest13::read(r)?)
            }
            HandshakeType::ServerKeyExchange
            | HandshakeType::ServerHelloDone
            | HandshakeType::ClientKeyExchange
            | HandshakeType::HelloRequest
                if tls13 =>
            {
                return Err(TlsError::unexpected(format!(
                    "{typ} does not exist in TLS 1.3 (RFC 8446 §4)"
                )));
            }
            // Recordings of other stacks carry it, and resumption's tickets: the pages, with
            // neither a capture reader nor resumption (and a first-load budget), leave its
            // decoder out.
            #[cfg(any(feature = "capture", feature = "resumption"))]
            HandshakeType::NewSessionTicket if !tls13 => {
                Handshake::NewSessionTicket12(NewSessionTicket12::read(r)?)
            }
            #[cfg(not(any(feature = "capture", feature = "resumption")))]
            HandshakeType::NewSessionTicket if !tls13 => {
                return Err(TlsError::unexpected(
                    "TLS 1.2's NewSessionTicket (RFC 5077 §3.3): this engine's client never asks for one",
                ));
            }
            HandshakeType::EncryptedExtensions
            | HandshakeType::KeyUpdate
            | HandshakeType::EndOfEarlyData
            | HandshakeType::MessageHash
                if !tls13 =>
            {
                return Err(TlsError::unexpected(match suite {
                    Some(s) => format!(
                        "{typ} is a TLS 1.3 message, but {} is a {} suite",
                        s.suite.as_str(),
                        s.version.as_str()
                    ),
                    None => format!("{typ} is a TLS 1.3 message, read before ServerHello"),
                }));
            }
            HandshakeType::EncryptedExtensions => {
                Handshake::EncryptedExtensions(EncryptedExtensions::read(r)?)
            }
            HandshakeType::NewSessionTicket => {
                Handshake::NewSessionTicket13(NewSessionTicket13::read(r)?)
            }
            HandshakeType::KeyUpdate => Handshake::KeyUpdate(KeyUpdate::read(r)?),
            HandshakeType::EndOfEarlyData => {
                r.expect_empty("EndOfEarlyData")?;
                Handshake::EndOfEarlyData
            }
            HandshakeType::MessageHash => {
                Handshake::MessageHash(MessageHash::read(r, hash_len(suite))?)
            }
            HandshakeType::CertificateVerify => {
                Handshake::CertificateVerify(CertificateVerify::read(r)?)
            }
            HandshakeType::ServerKeyExchange => match kx {
                Some(KeyExchange::Ecdhe) => {
                    Handshake::ServerKeyExchange(ServerKeyExchange::read(r)?)
                }
                _ => {
                    return Err(TlsError::unexpected(
                        "ServerKeyExchange is not sent with RSA key exchange",
                    ));
                }
            },
            HandshakeType::CertificateRequest => {
                Handshake::CertificateRequest(CertificateRequest::read(r)?)
            }
            HandshakeType::ServerHelloDone => {
                r.expect_empty("ServerHelloDone")?;
                Handshake::ServerHelloDone
            }
            HandshakeType::ClientKeyExchange => match kx {
                Some(kx) => Handshake::ClientKeyExchange(ClientKeyExchange::read(r, kx)?),
                None => return Err(TlsError::unexpected("ClientKeyExchange before ServerHello")),
            },
            HandshakeType::Finished => {
                Handshake::Finished(Finished::read(r, verify_data_len(suite))?)
            }
            HandshakeType::HelloRequest => {
                r.expect_empty("HelloRequest")?;
                Handshake::HelloRequest
            }
            other => {
                return Err(TlsError::unexpected(format!(
                    "{} is not supported by this engine",
                    other
                )));
            }
        };
        r.unlimit()?;
        Ok(msg)
    }

    /// Reads a message inside an annotated field named "Handshake Protocol", whose value is
    /// the message's name (HelloRetryRequest for a ServerHello that is one).
    pub fn read_annotated(r: &mut Reader, suite: Option<&Suite>) -> Result<Handshake> {
        let tls13 = suite.is_some_and(Suite::is_tls13);
        let level = r.checkpoint();
        r.begin(
            "Handshake Protocol",
            if tls13 {
                "RFC 8446 §4"
            } else {
                "RFC 5246 §7.4"
            },
        );
        let m = Handshake::read(r, suite);
        if let Ok(Handshake::ServerHello(sh)) = &m
            && sh.is_hello_retry_request()
        {
            r.describe(|| "HelloRetryRequest".into());
        }
        // Also closes what a failed decode left open inside the message.
        r.unwind(level);
        m
    }
}

/// Finished.verify_data's length: 12 bytes in TLS 1.2 (RFC 5246 §7.4.9, for every suite this
/// engine speaks), the hash's output length in TLS 1.3 (RFC 8446 §4.4.4). Before a suite is
/// known, 12.
pub fn verify_data_len(suite: Option<&Suite>) -> usize {
    match suite {
        Some(s) if s.is_tls13() => s.hash.output_len(),
        _ => TLS12_VERIFY_DATA_LEN,
    }
}

/// verify_data_length for every TLS 1.2 suite this engine speaks (RFC 5246 §7.4.9).
const TLS12_VERIFY_DATA_LEN: usize = 12;

/// The negotiated hash's output length; `None` before a suite is known (then a message_hash
/// takes the rest of its body).
fn hash_len(suite: Option<&Suite>) -> Option<usize> {
    suite.map(|s| s.hash.output_len())
}

/// ```text
/// struct {
///     ProtocolVersion client_version;
///     Random random;
///     SessionID session_id;
///     CipherSuite cipher_suites<2..2^16-2>;
///     CompressionMethod compression_methods<1..2^8-1>;
///     select (extensions_present) { case true: Extension extensions<0..2^16-1>; };
/// } ClientHello;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientHello {
    /// `client_version`: the highest version offered; TLS 1.3's `legacy_version`, frozen at
    /// 0x0303 (the versions are in supported_versions).
    pub client_version: ProtocolVersion,
    /// `random`: 32 bytes from the client, an input of every key.
    pub random: [u8; 32],
    /// `session_id` (TLS 1.3: `legacy_session_id`, RFC 8446 §4.1.2): 0 to 32 bytes.
    pub session_id: Vec<u8>,
    /// `cipher_suites`, in the client's order of preference.
    pub cipher_suites: Vec<CipherSuite>,
    /// `compression_methods` (TLS 1.3: `legacy_compression_methods`, only `null`).
    pub compression_methods: Vec<Compression>,
    /// False for a hello that ends after its compression field: RFC 5246 §7.4.1.2 allows
    /// it, and it differs on the wire from an empty extensions list.
    pub extensions_present: bool,
    /// `extensions`, in wire order.
    pub extensions: Vec<Extension>,
}

impl ClientHello {
    /// The host named in its server_name extension (RFC 6066 §3), if it names one.
    pub fn server_name(&self) -> Option<String> {
        extensions::find(
            &self.extensions,
            crate::msgs::enums::ExtensionType::ServerName,
        )
        .and_then(|e| extensions::read_server_name(&mut Reader::new(&e.body)).ok())
        .flatten()
    }

    /// Writes the body, without the handshake header.
    pub fn encode(&self, w: &mut Writer) {
        w.u16(self.client_version.to_wire());
        w.bytes(&self.random);
        w.prefixed(1, |w| w.bytes(&self.session_id));
        w.prefixed(2, |w| {
            self.cipher_suites.iter().for_each(|c| w.u16(c.to_wire()))
        });
        w.prefixed(1, |w| {
            self.compression_methods
                .iter()
                .for_each(|c| w.u8(c.to_wire()))
        });
        if self.extensions_present || !self.extensions.is_empty() {
            extensions::encode_list(&self.extensions, w);
        }
    }

    /// Reads and annotates the body, without the handshake header.
    pub fn read(r: &mut Reader) -> Result<ClientHello> {
        let client_version = read_version(r, "client_version")?;
        let random = read_random(r)?;
        let session_id = read_session_id(r, "session_id")?;
        r.begin("cipher_suites", "RFC 5246 §7.4.1.2");
        let n = r.limit_prefixed("cipher_suites", 2)?;
        if n < 2 || n % 2 != 0 {
            return Err(TlsError::decode(
                "cipher_suites must hold a whole, non-zero number of suites",
            ));
        }
        let mut cipher_suites = Vec::new();
        while r.remaining() > 0 {
            let c = CipherSuite::from_wire(r.u16("cipher_suite")?);
            r.describe_last(|| describe_u16(c.to_wire(), c));
            cipher_suites.push(c);
        }
        r.unlimit()?;
        r.describe(|| format!("{} suite(s)", cipher_suites.len()));
        r.end();
        r.begin("compression_methods", "RFC 5246 §7.4.1.2");
        let n = r.limit_prefixed("compression_methods", 1)?;
        if n == 0 {
            return Err(TlsError::decode("compression_methods must not be empty"));
        }
        let mut compression_methods = Vec::new();
        while r.remaining() > 0 {
            let c = Compression::from_wire(r.u8("compression_method")?);
            r.describe_last(|| c.to_string());
            compression_methods.push(c);
        }
        r.unlimit()?;
        r.describe(|| {
            compression_methods
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        });
        r.end();
        let extensions_present = r.remaining() > 0;
        let extensions = if extensions_present {
            extensions::read_list(r, ExtensionContext::ClientHello)?
        } else {
            Vec::new()
        };
        Ok(ClientHello {
            client_version,
            random,
            session_id,
            cipher_suites,
            compression_methods,
            extensions_present,
            extensions,
        })
    }
}

/// ```text
/// struct {
///     ProtocolVersion server_version;
///     Random random;
///     SessionID session_id;
///     CipherSuite cipher_suite;
///     CompressionMethod compression_method;
///     select (extensions_present) { case true: Extension extensions<0..2^16-1>; };
/// } ServerHello;
/// ```
/// TLS 1.3 keeps the layout under other names (RFC 8446 §4.1.3): `legacy_version` (0x0303;
/// the version is in supported_versions), `legacy_session_id_echo`,
/// `legacy_compression_method` (0), and the extensions are no longer optional. A
/// HelloRetryRequest is a ServerHello whose random is [`HELLO_RETRY_REQUEST_RANDOM`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerHello {
    /// `server_version`: the version chosen; TLS 1.3's `legacy_version` (0x0303).
    pub server_version: ProtocolVersion,
    /// `random`: 32 bytes from the server, or [`HELLO_RETRY_REQUEST_RANDOM`].
    pub random: [u8; 32],
    /// `session_id`; TLS 1.3's `legacy_session_id_echo`, the client's own sent back.
    pub session_id: Vec<u8>,
    /// `cipher_suite`: the one chosen from the client's list.
    pub cipher_suite: CipherSuite,
    /// `compression_method` (TLS 1.3: `legacy_compression_method`, always `null`).
    pub compression_method: Compression,
    /// As in [`ClientHello::extensions_present`].
    pub extensions_present: bool,
    /// `extensions`, in wire order.
    pub extensions: Vec<Extension>,
}

impl ServerHello {
    /// Writes the body, without the handshake header.
    pub fn encode(&self, w: &mut Writer) {
        w.u16(self.server_version.to_wire());
        w.bytes(&self.random);
        w.prefixed(1, |w| w.bytes(&self.session_id));
        w.u16(self.cipher_suite.to_wire());
        w.u8(self.compression_method.to_wire());
        if self.extensions_present || !self.extensions.is_empty() {
            extensions::encode_list(&self.extensions, w);
        }
    }

    /// Whether this is a HelloRetryRequest (RFC 8446 §4.1.3).
    pub fn is_hello_retry_request(&self) -> bool {
        self.random == HELLO_RETRY_REQUEST_RANDOM
    }

    /// Reads the body; `suite` is the one already negotiated, if any. The fields get their
    /// TLS 1.3 names when the suite is a TLS 1.3 one (as it is for the dissector, which reads
    /// the suite from this very message) or, from the random on, when this is a
    /// HelloRetryRequest.
    pub fn read(r: &mut Reader, suite: Option<&Suite>) -> Result<ServerHello> {
        let tls13 = suite.is_some_and(Suite::is_tls13);
        let server_version = read_version(
            r,
            if tls13 {
                "legacy_version"
            } else {
                "server_version"
            },
        )?;
        if tls13 {
            r.describe_last(|| {
                format!("{server_version}: frozen; the version is in supported_versions")
            });
        }
        let random = read_random(r)?;
        let hrr = random == HELLO_RETRY_REQUEST_RANDOM;
        if hrr {
            r.describe_last(|| "SHA-256(\"HelloRetryRequest\"): a HelloRetryRequest".into());
        }
        let legacy = tls13 || hrr;
        let session_id = read_session_id(
            r,
            if legacy {
                "legacy_session_id_echo"
            } else {
                "session_id"
            },
        )?;
        let cipher_suite = CipherSuite::from_wire(r.u16("cipher_suite")?);
        r.describe_last(|| describe_u16(cipher_suite.to_wire(), cipher_suite));
        let compression_method = Compression::from_wire(r.u8(if legacy {
            "legacy_compression_method"
        } else {
            "compression_method"
        })?);
        r.describe_last(|| compression_method.to_string());
        let ctx = if hrr {
            ExtensionContext::HelloRetryRequest
        } else {
            ExtensionContext::ServerHello
        };
        let extensions_present = r.remaining() > 0;
        let extensions = if extensions_present {
            extensions::read_list(r, ctx)?
        } else {
            Vec::new()
        };
        Ok(ServerHello {
            server_version,
            random,
            session_id,
            cipher_suite,
            compression_method,
            extensions_present,
            extensions,
        })
    }
}

/// ```text
/// opaque ASN.1Cert<1..2^24-1>;
/// struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    /// DER, the sender's certificate first.
    pub certificate_list: Vec<Vec<u8>>,
}

impl Certificate {
    /// Writes the body, without the handshake header.
    pub fn encode(&self, w: &mut Writer) {
        w.prefixed(3, |w| {
            for c in &self.certificate_list {
                w.prefixed(3, |w| w.bytes(c));
            }
        });
    }

    /// Reads and annotates the body; each certificate's DER is dissected as a field tree.
    pub fn read(r: &mut Reader) -> Result<Certificate> {
        r.begin("certificate_list", "RFC 5246 §7.4.2");
        r.limit_prefixed("certificates", 3)?;
        let mut certificate_list = Vec::new();
        while r.remaining() > 0 {
            r.begin("ASN.1Cert", "RFC 5246 §7.4.2");
            let len = r.limit_prefixed("certificate", 3)?;
            if len == 0 {
                return Err(TlsError::decode("an ASN.1Cert must not be empty"));
            }
            let at = r.absolute_position();
            let der = r.take(len)?;
            if r.is_annotating() {
                r.graft(crate::pki::dissect_certificate(der, at));
            }
            r.unlimit()?;
            r.describe(|| format!("{} bytes of DER", der.len()));
            r.end();
            certificate_list.push(der.to_vec());
        }
        r.unlimit()?;
        r.describe(|| format!("{} certificate(s)", certificate_list.len()));
        r.end();
        Ok(Certificate { certificate_list })
    }
}

/// ```text
/// enum { rsa_sign(1), dss_sign(2), rsa_fixed_dh(3), dss_fixed_dh(4), (255) } ClientCertificateType;
/// opaque DistinguishedName<1..2^16-1>;
/// struct {
///     ClientCertificateType certificate_types<1..2^8-1>;
///     SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>;
///     DistinguishedName certificate_authorities<0..2^16-1>;
/// } CertificateRequest;
/// ```
/// The server asks for the client's certificate (RFC 5246 §7.4.4). The bodies are kept as
/// read: this engine's client always answers with an empty Certificate (§7.4.6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRequest {
    /// `certificate_types`: `ClientCertificateType` values, raw.
    pub certificate_types: Vec<u8>,
    /// `supported_signature_algorithms` the server accepts in CertificateVerify.
    pub supported_signature_algorithms: Vec<SignatureScheme>,
    /// Each DER-encoded DistinguishedName.
    pub certificate_authorities: Vec<Vec<u8>>,
}

impl CertificateRequest {
    /// ClientCertificateType `rsa_sign`: a certificate whose RSA key signs (RFC 5246 §7.4.4).
    pub const RSA_SIGN: u8 = 1;

    /// Writes the body, without the handshake header.
    pub fn encode(&self, w: &mut Writer) {
        w.prefixed(1, |w| w.bytes(&self.certificate_types));
        w.prefixed(2, |w| {
            self.supported_signature_algorithms
                .iter()
                .for_each(|s| w.u16(s.to_wire()))
        });
        w.prefixed(2, |w| {
            for name in &self.certificate_authorities {
                w.prefixed(2, |w| w.bytes(name));
            }
        });
    }

    /// Reads and annotates the body, without the handshake header.
    pub fn read(r: &mut Reader) -> Result<CertificateRequest> {
        let certificate_types = r
            .opaque("certificate_types", 1, "RFC 5246 §7.4.4")?
            .to_vec();
        if certificate_types.is_empty() {
            return Err(TlsError::decode("certificate_types must not be empty"));
        }
        let supported_signature_algorithms = extensions::read_signature_algorithms(r)?;
        r.begin("certificate_authorities", "RFC 5246 §7.4.4");
        r.limit_prefixed("certificate_authorities", 2)?;
        let mut certificate_authorities = Vec::new();
        while r.remaining() > 0 {
            let name = r.opaque("DistinguishedName", 2, "")?;
            if name.is_empty() {
                return Err(TlsError::decode("a DistinguishedName must not be empty"));
            }
            certificate_authorities.push(name.to_vec());
        }
        r.unlimit()?;
        r.describe(|| format!("{} name(s)", certificate_authorities.len()));
        r.end();
        Ok(CertificateRequest {
            certificate_types,
            supported_signature_algorithms,
            certificate_authorities,
        })
    }
}

/// ECDHE_RSA ServerKeyExchange (RFC 8422 §5.4):
/// ```text
/// struct {
///     ECParameters curve_params;   /* curve_type named_curve(3), NamedCurve namedcurve */
///     ECPoint      public;         /* opaque point <1..2^8-1> */
/// } ServerECDHParams;
/// struct {
///     ServerECDHParams params;
///     digitally-signed struct { opaque client_random[32]; opaque server_random[32];
///                               ServerECDHParams params; } signed_params;
/// } ServerKeyExchange;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerKeyExchange {
    /// `namedcurve` of `curve_params` (curve_type is always named_curve).
    pub named_curve: NamedGroup,
    /// `public`: the server's ephemeral ECDH public key (`ECPoint.point`).
    pub public: Vec<u8>,
    /// The `SignatureAndHashAlgorithm` of `signed_params` (RFC 5246 §4.7).
    pub scheme: SignatureScheme,
    /// The signature over client_random ‖ server_random ‖ ServerECDHParams.
    pub signature: Vec<u8>,
}

impl ServerKeyExchange {
    /// The ServerECDHParams bytes, which the signature covers.
    pub fn params(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(EcCurveType::NamedCurve.to_wire());
        w.u16(self.named_curve.to_wire());
        w.prefixed(1, |w| w.bytes(&self.public));
        w.into_bytes()
    }

    /// Writes the body, without the handshake header.
    pub fn encode(&self, w: &mut Writer) {
        w.bytes(&self.params());
        w.u16(self.scheme.to_wire());
        w.prefixed(2, |w| w.bytes(&self.signature));
    }

    /// Reads and annotates the body; a `curve_type` other than named_curve is
    /// illegal_parameter.
    pub fn read(r: &mut Reader) -> Result<ServerKeyExchange> {
        r.begin("params", "RFC 8422 §5.4");
        let curve_type = EcCurveType::from_wire(r.u8("curve_type")?);
        r.describe_last(|| curve_type.to_string());
        if curve_type != EcCurveType::NamedCurve {
            return Err(TlsError::illegal(format!(
                "curve_type {curve_type} is not named_curve"
            )));
        }
        let named_curve = NamedGroup::from_wire(r.u16("namedcurve")?);
        r.describe_last(|| named_curve.to_string());
        let public = r.opaque("public", 1, "RFC 8422 §5.4")?.to_vec();
        if public.is_empty() {
            return Err(TlsError::decode("ECPoint must not be empty"));
        }
        r.describe(|| format!("{} public key", named_curve.as_str()));
        r.end();
        r.begin("signed_params", "RFC 5246 §4.7");
        let scheme = SignatureScheme::from_wire(r.u16("algorithm")?);
        r.describe_last(|| scheme.to_string());
        let signature = r.opaque("signature", 2, "")?.to_vec();
        r.describe(|| format!("{}, {} bytes", scheme.as_str(), signature.len()));
        r.end();
        Ok(ServerKeyExchange {
            named_curve,
            public,
            scheme,
            signature,
        })
    }
}

/// ```text
/// struct {
///     select (KeyExchangeAlgorithm) {
///         case rsa:   EncryptedPreMasterSecret;   /* public-key-encrypted PreMasterSecret */
///         case ec_diffie_hellman: ClientECDiffieHellmanPublic;   /* opaque point <1..2^8-1> */
///     } exchange_keys;
/// } ClientKeyExchange;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientKeyExchange {
    /// `public-key-encrypted PreMasterSecret pre_master_secret;` (opaque<0..2^16-1> in TLS 1.2)
    Rsa {
        /// The pre-master secret, RSA-encrypted to the server's certificate key.
        encrypted_pre_master_secret: Vec<u8>,
    },
    /// `ClientECDiffieHellmanPublic` (RFC 8422 §5.7).
    Ecdhe {
        /// `ecdh_Yc`: the client's ephemeral ECDH public key.
        public: Vec<u8>,
    },
}

impl ClientKeyExchange {
    /// Writes the body, without the handshake header.
    pub fn encode(&self, w: &mut Writer) {
        match self {
            ClientKeyExchange::Rsa {
                encrypted_pre_master_secret,
            } => w.prefixed(2, |w| w.bytes(encrypted_pre_master_secret)),
            ClientKeyExchange::Ecdhe { public } => w.prefixed(1, |w| w.bytes(public)),
        }
    }

    /// Reads and annotates the body, whose form the negotiated key exchange `kx` decides:
    /// nothing on the wire says which it is.
    pub fn read(r: &mut Reader, kx: KeyExchange) -> Result<ClientKeyExchange> {
        Ok(match kx {
            KeyExchange::Rsa => {
                let e = r
                    .opaque("EncryptedPreMasterSecret", 2, "RFC 5246 §7.4.7.1")?
                    .to_vec();
                r.describe_last(|| {
                    format!("{} bytes, RSA-encrypted: {}", e.len(), hex_preview(&e))
                });
                ClientKeyExchange::Rsa {
                    encrypted_pre_master_secret: e,
                }
            }
            KeyExchange::Ecdhe => {
                let p = r
                    .opaque("ClientECDiffieHellmanPublic", 1, "RFC 8422 §5.7")?
                    .to_vec();
                if p.is_empty() {
                    return Err(TlsError::decode("ECPoint must not be empty"));
                }
                ClientKeyExchange::Ecdhe { public: p }
            }
        })
    }
}

/// `struct { opaque verify_data[verify_data_length]; } Finished;` (RFC 5246 §7.4.9: 12 bytes
/// for our TLS 1.2 suites), and in TLS 1.3 `struct { opaque verify_data[Hash.length]; }
/// Finished;` (RFC 8446 §4.4.4: 32 bytes with SHA-256). The length is not on the wire: it is
/// the rest of the body, which must be exactly [`verify_data_len`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    /// `verify_data`: proof the sender saw the same handshake and holds the keys.
    pub verify_data: Vec<u8>,
}

impl Finished {
    /// Reads the body, which must be exactly `verify_data_len` bytes.
    pub fn read(r: &mut Reader, verify_data_len: usize) -> Result<Finished> {
        if r.remaining() != verify_data_len {
            return Err(TlsError::decode(format!(
                "verify_data must be {verify_data_len} bytes, not {}",
                r.remaining()
            )));
        }
        let verify_data = r.leaf("verify_data", verify_data_len)?.to_vec();
        Ok(Finished { verify_data })
    }
}

fn read_version(r: &mut Reader, name: &str) -> Result<ProtocolVersion> {
    let v = ProtocolVersion::from_wire(r.u16(name)?);
    r.describe_last(|| describe_u16(v.to_wire(), v));
    Ok(v)
}

fn read_random(r: &mut Reader) -> Result<[u8; 32]> {
    let b = r.leaf("random", 32)?;
    let mut out = [0u8; 32];
    out.copy_from_slice(b);
    Ok(out)
}

/// `opaque SessionID<0..32>;` (TLS 1.3: `opaque legacy_session_id<0..32>;`)
fn read_session_id(r: &mut Reader, name: &str) -> Result<Vec<u8>> {
    let id = r.opaque(name, 1, "RFC 5246 §7.4.1.2")?;
    if id.len() > 32 {
        return Err(TlsError::decode("session_id is longer than 32 bytes"));
    }
    Ok(id.to_vec())
}

/// ```text
/// struct {
///     uint32 ticket_lifetime_hint;
///     opaque ticket<0..2^16-1>;
/// } NewSessionTicket;
/// ```
/// TLS 1.2's session ticket (RFC 5077 §3.3): the server's encrypted session state, sent
/// just before its ChangeCipherSpec; an empty ticket withdraws the promise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSessionTicket12 {
    /// Seconds the ticket may be kept; 0 means unspecified.
    pub ticket_lifetime_hint: u32,
    /// `ticket`: opaque to the client, the session state only the server can read.
    pub ticket: Vec<u8>,
}

impl NewSessionTicket12 {
    /// Writes the body, without the handshake header.
    pub fn encode(&self, w: &mut Writer) {
        w.bytes(&self.ticket_lifetime_hint.to_be_bytes());
        w.prefixed(2, |w| w.bytes(&self.ticket));
    }

    /// Reads and annotates the body, without the handshake header.
    pub fn read(r: &mut Reader) -> Result<NewSessionTicket12> {
        let hint = r.leaf("ticket_lifetime_hint", 4)?;
        let ticket_lifetime_hint = u32::from_be_bytes([hint[0], hint[1], hint[2], hint[3]]);
        r.describe_last(|| format!("{ticket_lifetime_hint} s"));
        let ticket = r.opaque("ticket", 2, "RFC 5077 §3.3")?.to_vec();
        Ok(NewSessionTicket12 {
            ticket_lifetime_hint,
            ticket,
        })
    }
}
