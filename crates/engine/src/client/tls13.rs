//! The TLS 1.3 browser after the ServerHello (RFC 8446 §2, §4), one state per awaited
//! message:
//!
//! ```text
//! ServerHello ─► ExpectEncryptedExtensions ─► ExpectCertificate ─► ExpectCertificateVerify
//!   ─► ExpectFinished ─► ([ChangeCipherSpec], [Certificate], Finished) ─► Connected
//! ```
//!
//! Resumed with a ticket's PSK, EncryptedExtensions is followed by the Finished directly; if
//! the server took 0-RTT data, the browser's second flight starts with EndOfEarlyData under
//! its early key (RFC 8446 §2.2, §2.3, §4.5).
//!
//! A CertificateRequest may come before the server's Certificate (mutual TLS): the browser
//! then sends its own Certificate and CertificateVerify before its Finished, encrypted like
//! it, or an empty Certificate when it has none (RFC 8446 §4.3.2, §4.4.2, §4.4.3).
//!
//! Everything after the ServerHello arrives encrypted under the server's handshake traffic
//! key; the browser answers with its Finished under its own, then both switch to the
//! application traffic keys. A ChangeCipherSpec record from the server is the middlebox
//! compatibility dummy (RFC 8446 §5, App. D.4) and is dropped.

use rsa::PublicKey as RsaPublicKey;

use crate::client::ClientConfig;
use crate::client::certificate;
use crate::common::{Common, Incoming, MessageKind, Negotiated, Output};
use crate::crypto::hkdf::HashValue;
use crate::crypto::key_exchange;
use crate::crypto::secrets::Secret;
use crate::error::TlsError;
use crate::msgs::enums::{
    AlertDescription, CipherSuite, Compression, ExtensionType, HandshakeType, ProtocolVersion,
    SignatureScheme,
};
use crate::msgs::extensions::{self, Extension};
use crate::msgs::handshake::{
    Certificate13, CertificateRequest13, CertificateVerify, EncryptedExtensions, Finished,
    Handshake, NewSessionTicket13, ServerHello,
};
use crate::pki::KeyUse;
use crate::tls13::SUITE;
use crate::tls13::certificate_verify::{self, Signer};
use crate::tls13::key_schedule;
use crate::tls13::key_share::ClientShare;
use crate::tls13::keys::{self, ApplicationKeys, Direction, HandshakeKeys};
use crate::transcript::Party;

type Result<T> = std::result::Result<T, TlsError>;

/// The states after the ServerHello, each awaiting a message encrypted under the server's
/// handshake traffic key.
#[derive(Clone)]
pub enum State {
    /// Waiting for EncryptedExtensions.
    ExpectEncryptedExtensions(Handshaking),
    /// Waiting for the server's Certificate, or a CertificateRequest before it.
    ExpectCertificate(Handshaking),
    /// Waiting for CertificateVerify; holds the certificate's public key, which must verify
    /// it.
    ExpectCertificateVerify(Handshaking, RsaPublicKey),
    /// Waiting for the server's Finished, which the browser answers with its own.
    ExpectFinished(Handshaking),
    /// The handshake is done: application data, NewSessionTicket and KeyUpdate.
    Connected(Connected),
}

/// What the handshake states carry: the handshake keys, whether the browser is in middlebox
/// compatibility mode (it sent a legacy_session_id; RFC 8446 App. D.4), and what the server
/// asked of a client certificate, if it did.
#[derive(Clone)]
pub struct Handshaking {
    keys: HandshakeKeys,
    compat: bool,
    /// The extensions the ClientHello sent: the only ones the server may answer.
    offered: Vec<ExtensionType>,
    certificate_request: Option<certificate::Request>,
    /// Resumed with a PSK: no Certificate or CertificateVerify comes (RFC 8446 §2.2).
    #[cfg(feature = "resumption")]
    resumed: bool,
    /// Whether 0-RTT data went out, and then whether EncryptedExtensions said the server
    /// took it: `Some(taken)`.
    #[cfg(feature = "resumption")]
    early_data: Option<bool>,
}

impl Handshaking {
    /// Resumed with a PSK (only with the `resumption` feature).
    fn resumed(&self) -> bool {
        #[cfg(feature = "resumption")]
        return self.resumed;
        #[cfg(not(feature = "resumption"))]
        false
    }

    /// The server took the browser's 0-RTT data (only with the `resumption` feature).
    fn early_data_taken(&self) -> bool {
        #[cfg(feature = "resumption")]
        return self.early_data == Some(true);
        #[cfg(not(feature = "resumption"))]
        false
    }
}

/// What the browser keeps once connected: its traffic secrets, for a KeyUpdate, and the
/// resumption master secret, for the tickets the server sends.
#[derive(Clone)]
pub struct Connected {
    client: Direction,
    server: Direction,
    resumption_master_secret: HashValue,
}

/// What the first flight sent, which the ServerHello must match.
pub struct Offer<'a> {
    /// legacy_session_id, which the ServerHello must echo.
    pub session_id: &'a [u8],
    /// The extensions the ClientHello carried.
    pub extensions: &'a [ExtensionType],
    /// The key shares sent (their private parts).
    pub shares: &'a [ClientShare],
    /// The ticket offered in pre_shared_key, if one was, with its early stage.
    pub psk: Option<&'a super::psk::Resuming>,
    /// 0-RTT data went out behind the ClientHello.
    #[cfg(feature = "resumption")]
    pub early_data_sent: bool,
}

/// Reads a TLS 1.3 ServerHello (already added to handshake_messages): checks it answers
/// what was offered, agrees on the shared secret and switches to the handshake keys.
pub fn accept(cx: &mut Common, offer: Offer, m: ServerHello) -> Result<State> {
    check_hello_echo(offer.session_id, &m)?;
    cx.secret(Secret::ServerRandom, &m.random);
    for e in &m.extensions {
        let answers_offer = match e.typ {
            ExtensionType::SupportedVersions | ExtensionType::KeyShare => true,
            ExtensionType::PreSharedKey if cfg!(feature = "resumption") => offer.psk.is_some(),
            _ => false,
        };
        if !answers_offer {
            // RFC 8446 §4.1.3: ServerHello carries only what the key exchange needs, and
            // only in answer to the ClientHello (§4.2).
            return Err(TlsError::new(
                AlertDescription::UnsupportedExtension,
                format!("a TLS 1.3 ServerHello must not carry {} here", e.typ),
            ));
        }
    }
    let entry = extensions::find(&m.extensions, ExtensionType::KeyShare)
        .ok_or_else(|| {
            TlsError::new(
                AlertDescription::MissingExtension,
                "the ServerHello has no key_share: without PSK there is no key exchange",
            )
        })
        .and_then(|e| extensions::key_share_server(&e.body))?;
    let share = offer
        .shares
        .iter()
        .find(|s| s.group().named() == entry.group)
        .ok_or_else(|| {
            TlsError::illegal(format!(
                "the server's key share is for {}, which the client sent no share for",
                entry.group
            ))
        })?;
    let group = share.group();
    // The ticket offered, if the server took it (its pre_shared_key was checked above to
    // answer an offer).
    let early = match offer.psk.map(super::psk::Resuming::early) {
        Some(early) => match extensions::decode(
            &m.extensions,
            ExtensionType::PreSharedKey,
            extensions::read_pre_shared_key_server,
        )? {
            None => None,
            Some(0) => Some(early.clone()),
            Some(i) => {
                return Err(TlsError::illegal(format!(
                    "the ServerHello selects PSK identity {i}; the client offered one, identity 0"
                )));
            }
        },
        None => None,
    };
    let resumed = early.is_some();
    cx.negotiated = Some(Negotiated {
        suite: SUITE,
        ems: false,
        group: Some(group),
        resumed,
    });
    let shared = share.agree(cx, &entry.key_exchange)?;
    let keys = keys::handshake_keys(cx, early.as_ref(), &shared)?;
    // The browser reads with the server's handshake key from now on; it writes with its own
    // only from its second flight, so an alert before then goes in the clear, as OpenSSL's
    // and rustls's clients send it.
    cx.activate_read_cipher(keys.server.cipher()?)?;
    cx.check(
        "key exchange",
        true,
        format!(
            "TLS 1.3 with {} over {}: everything from here on is encrypted{}",
            SUITE.suite.as_str(),
            group.named().as_str(),
            if cfg!(feature = "resumption") && resumed {
                "; resumed with the ticket's PSK, so the server proves itself with its \
                 Finished, which only a holder of the PSK can compute: no certificate this time"
            } else {
                ""
            }
        ),
    );
    Ok(State::ExpectEncryptedExtensions(Handshaking {
        keys,
        compat: !offer.session_id.is_empty(),
        offered: offer.extensions.to_vec(),
        certificate_request: None,
        #[cfg(feature = "resumption")]
        resumed,
        #[cfg(feature = "resumption")]
        early_data: offer.early_data_sent.then_some(false),
    }))
}

/// What a TLS 1.3 ServerHello (or HelloRetryRequest) must echo of the ClientHello: the
/// legacy session id, a suite that was offered, null compression (RFC 8446 §4.1.3).
pub fn check_hello_echo(session_id: &[u8], m: &ServerHello) -> Result<()> {
    if m.session_id != session_id {
        return Err(TlsError::illegal(
            "legacy_session_id_echo differs from the ClientHello's legacy_session_id",
        ));
    }
    if m.cipher_suite != SUITE.suite {
        return Err(TlsError::illegal(format!(
            "server chose {}, which the client did not offer for TLS 1.3",
            m.cipher_suite
        )));
    }
    if m.compression_method != Compression::Null {
        return Err(TlsError::illegal(
            "legacy_compression_method must be 0 in TLS 1.3",
        ));
    }
    if m.server_version != ProtocolVersion::Tls12 {
        return Err(TlsError::illegal(
            "legacy_version must be 0x0303 in a TLS 1.3 ServerHello",
        ));
    }
    Ok(())
}

impl State {
    /// The state's name: the message it waits for.
    pub fn name(&self) -> &'static str {
        match self {
            State::ExpectEncryptedExtensions(_) => "ExpectEncryptedExtensions",
            State::ExpectCertificate(_) => "ExpectCertificate",
            State::ExpectCertificateVerify(..) => "ExpectCertificateVerify",
            State::ExpectFinished(_) => "ExpectFinished",
            State::Connected(_) => "Connected",
        }
    }

    /// Whether the handshake is done: application data may flow.
    pub fn is_connected(&self) -> bool {
        matches!(self, State::Connected(_))
    }

    /// Whether this state takes a message of `kind`, known from its header alone.
    pub fn expects(&self, kind: MessageKind) -> bool {
        use MessageKind::{ApplicationData, ChangeCipherSpec, Handshake as Hs};
        match self {
            // The dummy ChangeCipherSpec may come any time before the server's Finished.
            State::ExpectEncryptedExtensions(_) => {
                kind == Hs(HandshakeType::EncryptedExtensions) || kind == ChangeCipherSpec
            }
            // RFC 8446 §4.3.2: a CertificateRequest, at most one, follows EncryptedExtensions.
            State::ExpectCertificate(s) => {
                kind == Hs(HandshakeType::Certificate)
                    || kind == ChangeCipherSpec
                    || (kind == Hs(HandshakeType::CertificateRequest)
                        && s.certificate_request.is_none())
            }
            State::ExpectCertificateVerify(..) => {
                kind == Hs(HandshakeType::CertificateVerify) || kind == ChangeCipherSpec
            }
            State::ExpectFinished(_) => {
                kind == Hs(HandshakeType::Finished) || kind == ChangeCipherSpec
            }
            State::Connected(_) => {
                kind == ApplicationData
                    || kind == Hs(HandshakeType::NewSessionTicket)
                    || kind == Hs(HandshakeType::KeyUpdate)
            }
        }
    }

    /// Consumes the state with one message (`raw`: its bytes) and returns the next.
    pub fn handle(
        self,
        cx: &mut Common,
        config: &ClientConfig,
        msg: Incoming,
        raw: &[u8],
    ) -> Result<State> {
        if let Incoming::ChangeCipherSpec = msg {
            crate::tls13::compat_change_cipher_spec_dropped(cx);
            return Ok(self);
        }
        let Incoming::Handshake(h) = msg else {
            return match (self, msg) {
                (State::Connected(c), Incoming::AppData(data)) => {
                    cx.outputs.push(Output::AppData(data));
                    Ok(State::Connected(c))
                }
                (state, msg) => Err(TlsError::unexpected_in(msg.describe(), state.name())),
            };
        };
        match (self, h) {
            (State::ExpectEncryptedExtensions(s), Handshake::EncryptedExtensions(m)) => {
                cx.handshake_messages.extend_from_slice(raw);
                encrypted_extensions(cx, &s.offered, &m)?;
                // Without resumption no early data went out, and an early_data answer is one
                // to an extension not offered, refused above.
                #[cfg(feature = "resumption")]
                let s = early_data_answer(cx, s, &m)?;
                Ok(if s.resumed() {
                    State::ExpectFinished(s)
                } else {
                    State::ExpectCertificate(s)
                })
            }
            (State::ExpectCertificate(s), Handshake::CertificateRequest13(m))
                if s.certificate_request.is_none() =>
            {
                cx.handshake_messages.extend_from_slice(raw);
                Ok(State::ExpectCertificate(Handshaking {
                    certificate_request: Some(certificate_request(m)?),
                    ..s
                }))
            }
            (State::ExpectCertificate(s), Handshake::Certificate13(m)) => {
                cx.handshake_messages.extend_from_slice(raw);
                let key = certificate(cx, config, &m)?;
                Ok(State::ExpectCertificateVerify(s, key))
            }
            (State::ExpectCertificateVerify(s, key), Handshake::CertificateVerify(m)) => {
                certificate_verify(cx, &key, &m)?;
                cx.handshake_messages.extend_from_slice(raw);
                Ok(State::ExpectFinished(s))
            }
            (State::ExpectFinished(s), Handshake::Finished(m)) => finished(cx, config, s, &m, raw),
            (State::Connected(c), Handshake::NewSessionTicket13(m)) => {
                new_session_ticket(cx, config, &c.resumption_master_secret, m)?;
                Ok(State::Connected(c))
            }
            (State::Connected(c), Handshake::KeyUpdate(m)) => {
                let (client, server) = keys::key_update(cx, c.client, c.server, m)?;
                Ok(State::Connected(Connected {
                    client,
                    server,
                    ..c
                }))
            }
            (state, h) => Err(TlsError::unexpected_in(h.typ(), state.name())),
        }
    }
}

/// RFC 8446 §4.2 and §4.3.1: only answers to extensions the ClientHello sent, and only those
/// whose answer belongs here rather than in the ServerHello or a Certificate.
fn encrypted_extensions(
    cx: &mut Common,
    offered: &[ExtensionType],
    m: &EncryptedExtensions,
) -> Result<()> {
    for e in &m.extensions {
        if !offered.contains(&e.typ) {
            return Err(TlsError::new(
                AlertDescription::UnsupportedExtension,
                format!(
                    "EncryptedExtensions answers {}, which the ClientHello did not send",
                    e.typ
                ),
            ));
        }
        let belongs = match e.typ {
            // An empty server_name says the server used the name (RFC 6066 §3).
            ExtensionType::ServerName => e.body.is_empty(),
            // The server's own preference, for next time (RFC 8446 §4.2.7).
            ExtensionType::SupportedGroups
            | ExtensionType::Alpn
            | ExtensionType::RecordSizeLimit
            | ExtensionType::EarlyData => true,
            _ => false,
        };
        if !belongs {
            return Err(TlsError::illegal(format!(
                "{} does not belong in EncryptedExtensions (RFC 8446 §4.2)",
                e.typ
            )));
        }
    }
    cx.check(
        "EncryptedExtensions",
        true,
        format!(
            "{} extension(s), sent encrypted: only the two hellos travel in the clear",
            m.extensions.len()
        ),
    );
    Ok(())
}

/// Whether the server took the 0-RTT data: an early_data extension in EncryptedExtensions
/// (RFC 8446 §4.2.10), which only a resumed handshake may carry.
#[cfg(feature = "resumption")]
fn early_data_answer(
    cx: &mut Common,
    s: Handshaking,
    m: &EncryptedExtensions,
) -> Result<Handshaking> {
    let taken = extensions::find(&m.extensions, ExtensionType::EarlyData).is_some();
    if taken && !s.resumed {
        return Err(TlsError::illegal(
            "EncryptedExtensions takes early data in a handshake that did not resume with the \
             ticket (RFC 8446 §4.2.10)",
        ));
    }
    if s.early_data.is_none() {
        return Ok(s);
    }
    cx.check(
        crate::tls13::EARLY_DATA_CHECK,
        true,
        if taken {
            "the server took the early data: it read the request before the handshake ended"
        } else {
            "the server did not take the early data: the browser sends it again once the \
             handshake is done"
        },
    );
    Ok(Handshaking {
        early_data: Some(taken),
        ..s
    })
}

/// Validates the chain as TLS 1.2 does; the leaf must be able to sign (RFC 8446 §4.4.2.2).
fn certificate(cx: &mut Common, config: &ClientConfig, m: &Certificate13) -> Result<RsaPublicKey> {
    if !m.certificate_request_context.is_empty() {
        return Err(TlsError::illegal(
            "certificate_request_context must be empty in the server's Certificate",
        ));
    }
    certificate::server_key(cx, config, &m.chain(), KeyUse::SignsCertificateVerify)
}

/// RFC 8446 §4.4.3: the signature covers the transcript up to Certificate, so it proves
/// the server holds the certificate's private key in this very handshake.
fn certificate_verify(cx: &mut Common, key: &RsaPublicKey, m: &CertificateVerify) -> Result<()> {
    if m.algorithm != SignatureScheme::rsa_pss_rsae_sha256 {
        return Err(TlsError::illegal(format!(
            "CertificateVerify uses {}, but the client offered only rsa_pss_rsae_sha256 for \
             TLS 1.3 (RSASSA-PKCS1-v1_5 is not allowed there)",
            m.algorithm
        )));
    }
    let content = certificate_verify::signed_content(Signer::Server, &keys::transcript_hash(cx));
    let verified = key_exchange::verify_pss_sha256(key, &content, &m.signature);
    cx.check(
        "CertificateVerify signature (rsa_pss_rsae_sha256)",
        verified.is_ok(),
        "over 64 spaces ‖ \"TLS 1.3, server CertificateVerify\" ‖ 0 ‖ Transcript-Hash(ClientHello…Certificate), with the certificate's public key",
    );
    verified
}

/// What a CertificateRequest asks for: signature_algorithms is mandatory (RFC 8446 §4.3.2),
/// certificate_authorities optional (§4.2.4).
fn certificate_request(m: CertificateRequest13) -> Result<certificate::Request> {
    let schemes = extensions::decode(
        &m.extensions,
        ExtensionType::SignatureAlgorithms,
        extensions::read_signature_algorithms,
    )?
    .ok_or_else(|| {
        TlsError::new(
            AlertDescription::MissingExtension,
            "a CertificateRequest must carry signature_algorithms (RFC 8446 §4.3.2)",
        )
    })?;
    let authorities = extensions::decode(
        &m.extensions,
        ExtensionType::CertificateAuthorities,
        extensions::read_certificate_authorities,
    )?
    .unwrap_or_default();
    Ok(certificate::Request {
        context: m.certificate_request_context,
        schemes,
        authorities,
    })
}

/// The server's Finished, then the browser's own second flight.
fn finished(
    cx: &mut Common,
    config: &ClientConfig,
    s: Handshaking,
    m: &Finished,
    raw: &[u8],
) -> Result<State> {
    let expected = s.keys.finished(cx, Party::Server)?;
    let hash = keys::transcript_hash(cx);
    let ok = expected.check(&hash, &m.verify_data, "server");
    cx.check(
        "server Finished verify_data",
        ok.is_ok(),
        if s.resumed() {
            "HMAC(server finished_key, Transcript-Hash(ClientHello…EncryptedExtensions)): resumed, \
             no Certificate or CertificateVerify in between"
        } else {
            "HMAC(server finished_key, Transcript-Hash(ClientHello…CertificateVerify))"
        },
    );
    ok?;
    cx.secret(Secret::ServerVerifyData, &m.verify_data);
    cx.handshake_messages.extend_from_slice(raw);
    let app = s.keys.application_keys(cx)?;
    cx.activate_read_cipher(app.server.cipher()?)?;
    let early_data_taken = s.early_data_taken();

    // Asked for a certificate, the browser decides what to answer now, on the server's
    // flight, before it sends anything.
    let answer = s
        .certificate_request
        .map(|request| (certificate::choose(cx, config, &request, true), request));
    // 0-RTT taken: EndOfEarlyData, the last message under the early key (RFC 8446 §4.5).
    if early_data_taken {
        cx.send_handshake(&Handshake::EndOfEarlyData)?;
    }
    // The second flight: in compatibility mode a ChangeCipherSpec first (RFC 8446 App. D.4),
    // then [Certificate, [CertificateVerify]] and Finished under the browser's handshake key.
    if s.compat {
        cx.send_compat_change_cipher_spec()?;
    }
    cx.activate_write_cipher(s.keys.client.cipher()?, s.keys.client.key_name);
    if let Some((scheme, request)) = answer {
        // RFC 8446 §4.4.2: the Certificate echoes the request's context. A client without a
        // certificate sends an empty one and no CertificateVerify; its Finished then covers
        // that Certificate.
        let chain = certificate::chain_to_send(config, scheme);
        cx.send_handshake(&Handshake::Certificate13(Certificate13 {
            certificate_request_context: request.context,
            ..Certificate13::from_chain(&chain)
        }))?;
        if let Some(scheme) = scheme {
            // §4.4.3: over the transcript through the browser's own Certificate, with the
            // client's context string.
            let hash = keys::transcript_hash(cx);
            cx.secret(Secret::ClientCertificateVerifyHash, &hash);
            let content = certificate_verify::signed_content(Signer::Client, &hash);
            let signature = certificate::sign(cx, config, scheme, &content)?;
            cx.send_handshake(&Handshake::CertificateVerify(CertificateVerify {
                algorithm: scheme,
                signature,
            }))?;
        }
    }
    let own = s.keys.finished(cx, Party::Client)?;
    cx.secret(Secret::ClientVerifyData, &own.verify_data);
    cx.send_handshake(&Handshake::Finished(Finished {
        verify_data: own.verify_data.to_vec(),
    }))?;
    let resumption_master_secret = app.resumption_master_secret(cx)?;
    let ApplicationKeys { client, server, .. } = app;
    cx.activate_write_cipher(client.cipher()?, client.key_name);
    cx.outputs.push(Output::HandshakeComplete);
    // A request that did not go as 0-RTT data, or was not taken, goes now.
    if !early_data_taken {
        crate::client::send_held_request(cx, config)?;
    }
    Ok(State::Connected(Connected {
        client,
        server,
        resumption_master_secret,
    }))
}

/// Keeps a ticket (RFC 8446 §4.6.1) with the PSK it stands for: a later connection to this
/// server can resume with it.
fn new_session_ticket(
    cx: &mut Common,
    config: &ClientConfig,
    resumption_master_secret: &HashValue,
    m: NewSessionTicket13,
) -> Result<()> {
    let psk = key_schedule::resumption_psk(resumption_master_secret, &m.ticket_nonce)?;
    cx.secret(Secret::TicketPsk, &psk);
    cx.check(
        "NewSessionTicket",
        true,
        if cfg!(feature = "resumption") {
            format!(
                "a {}-byte ticket for {} s: the next connection to {} can resume with its PSK",
                m.ticket.len(),
                m.ticket_lifetime,
                config.server_name
            )
        } else {
            format!(
                "a {}-byte ticket for {} s: a later connection could resume with its PSK \
                 (this browser keeps it but does not resume)",
                m.ticket.len(),
                m.ticket_lifetime
            )
        },
    );
    #[cfg(feature = "resumption")]
    {
        let max_early_data = extensions::decode(
            &m.extensions,
            ExtensionType::EarlyData,
            extensions::read_early_data_nst,
        )?
        .unwrap_or(0);
        cx.outputs
            .push(Output::Resumable(crate::session::Session::Tls13(
                crate::session::Ticket {
                    server_name: config.server_name.clone(),
                    ticket: m.ticket,
                    psk,
                    age_add: m.ticket_age_add,
                    lifetime: m.ticket_lifetime,
                    received_at: config.now,
                    max_early_data,
                },
            )));
    }
    Ok(())
}

/// The suites a TLS 1.3 ClientHello offers, and the extensions only TLS 1.3 needs.
pub fn offer_suites() -> Vec<CipherSuite> {
    vec![SUITE.suite]
}

/// supported_versions, psk_key_exchange_modes and key_share for a ClientHello.
pub fn hello_extensions(also_tls12: bool, shares: &[ClientShare]) -> Vec<Extension> {
    let mut versions = vec![ProtocolVersion::Tls13];
    if also_tls12 {
        versions.push(ProtocolVersion::Tls12);
    }
    let entries: Vec<_> = shares
        .iter()
        .map(|s| (s.group().named(), s.public()))
        .collect();
    vec![
        Extension::supported_versions_client(&versions),
        // Resumption would need psk_dhe_ke; offering it tells the server tickets are welcome.
        Extension::psk_key_exchange_modes(&[crate::msgs::enums::PskKeyExchangeMode::psk_dhe_ke]),
        Extension::key_share_client(&entries),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::rng::TlsRng;

    /// The browser after EncryptedExtensions, with handshake keys from a stand-in transcript.
    fn expecting_certificate(cx: &mut Common) -> State {
        cx.handshake_messages
            .extend_from_slice(b"ClientHello and ServerHello stand-ins");
        let keys = keys::handshake_keys(cx, None, &[0x42; 32]).unwrap();
        State::ExpectCertificate(Handshaking {
            keys,
            compat: true,
            offered: Vec::new(),
            certificate_request: None,
            #[cfg(feature = "resumption")]
            resumed: false,
            #[cfg(feature = "resumption")]
            early_data: None,
        })
    }

    fn config() -> ClientConfig {
        ClientConfig {
            offer: Vec::new(),
            ems: false,
            now: 0,
            ..ClientConfig::browser("server.test", crate::client::Trust::Roots(Vec::new()))
        }
    }

    /// RFC 8446 §4.3.2: a server may ask for a client certificate between EncryptedExtensions
    /// and its Certificate (gnutls-serv does by default); the browser answered it with
    /// unexpected_message before.
    #[test]
    fn takes_one_certificate_request_before_the_certificate() {
        let mut cx = Common::new(Party::Client, TlsRng::new(1, 0));
        let state = expecting_certificate(&mut cx);
        let request = MessageKind::Handshake(HandshakeType::CertificateRequest);
        assert!(state.expects(request));
        let h = Handshake::CertificateRequest13(CertificateRequest13 {
            certificate_request_context: Vec::new(),
            extensions: vec![Extension::signature_algorithms(&[
                SignatureScheme::rsa_pss_rsae_sha256,
            ])],
        });
        let raw = h.encode();
        let next = state
            .handle(&mut cx, &config(), Incoming::Handshake(h), &raw)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            &next,
            State::ExpectCertificate(s) if s.certificate_request.as_ref().is_some_and(|r| r.context.is_empty())
        ));
        // It is part of the transcript the Finished messages cover.
        assert!(cx.handshake_messages.ends_with(&raw));
        // A second one is unexpected.
        assert!(!next.expects(request));
    }
}
