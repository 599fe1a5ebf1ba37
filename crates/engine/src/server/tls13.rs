//! The TLS 1.3 server (RFC 8446 §2, §4), from the ClientHello that offers TLS 1.3:
//!
//! ```text
//! ClientHello ─► [HelloRetryRequest ─► ExpectSecondClientHello ─►]
//!   (ServerHello, [ChangeCipherSpec], {EncryptedExtensions}, [{CertificateRequest}],
//!    {Certificate}, {CertificateVerify}, {Finished})
//!   ─► [ExpectCertificate ─► ExpectCertificateVerify] ─► [ExpectEarlyData] ─► ExpectFinished
//!   ─► (NewSessionTicket) ─► Connected
//! ```
//!
//! A ClientHello that offers a ticket this server issued resumes with its PSK (`psk.rs`):
//! no CertificateRequest, Certificate or CertificateVerify, and with the ticket's leave,
//! 0-RTT data read under the client's early key until its EndOfEarlyData (RFC 8446 §2.2,
//! §2.3, §4.2.10). Early data it does not take it skips.
//!
//! [...] around CertificateRequest is mutual TLS (`ServerConfig::client_auth`): the client
//! answers with its Certificate and CertificateVerify, encrypted like the rest of its flight
//! (RFC 8446 §4.3.2, §4.4.2, §4.4.3).
//!
//! {…} are encrypted under the server's handshake traffic key. The server picks the first
//! of the client's key shares whose group it accepts; with none, it asks for its most
//! preferred group the client supports (HelloRetryRequest).

use crate::common::{Common, Incoming, MessageKind, Negotiated, Output};
use crate::crypto::hkdf::{self, HashValue};
use crate::crypto::key_exchange;
use crate::crypto::secrets::Secret;
use crate::error::TlsError;
use crate::msgs::enums::{
    AlertDescription, Compression, ExtensionType, HandshakeType, NamedGroup, ProtocolVersion,
    SignatureScheme,
};
use crate::msgs::extensions::{self, Extension};
use crate::msgs::handshake::{
    Certificate13, CertificateRequest13, CertificateVerify, ClientHello, EncryptedExtensions,
    Finished, HELLO_RETRY_REQUEST_RANDOM, Handshake, NewSessionTicket13, ServerHello, message_hash,
};
use crate::msgs::suites::Group;
use crate::server::client_auth::{self, ClientAuth};
use crate::server::{ServerConfig, psk};
#[cfg(feature = "resumption")]
use crate::session::Issued;
use crate::tls13::SUITE;
use crate::tls13::certificate_verify::{self, Signer};
use crate::tls13::key_schedule;
use crate::tls13::key_share::{self, ShareNames};
use crate::tls13::keys::{self, ApplicationKeys, Direction, HandshakeKeys};
use crate::transcript::Party;

type Result<T> = std::result::Result<T, TlsError>;

/// How long the ticket this server issues may be used (RFC 8446 §4.6.1 allows up to 7 days).
const TICKET_LIFETIME_SECONDS: u32 = 7200;

/// The states after the first ClientHello.
#[derive(Clone)]
pub enum State {
    /// A HelloRetryRequest went out; the second ClientHello must bring a share of `group`.
    ExpectSecondClientHello(ExpectSecondClientHello),
    /// Mutual TLS: the server's flight asked for a certificate, as `ClientAuth` says; waiting
    /// for the client's. (Without the `client-auth` feature no such state exists.)
    ExpectCertificate(Box<ExpectFinished>, ClientAuth),
    /// Mutual TLS: waiting for the client's signature over the transcript, with the key of
    /// the certificate it sent.
    ExpectCertificateVerify(Box<ExpectFinished>, ClientAuth, rsa::PublicKey),
    /// 0-RTT taken: the client's early data, under its early key, until its EndOfEarlyData;
    /// with the bytes taken so far.
    ExpectEarlyData(Box<ExpectFinished>, EarlyData),
    /// The server's flight is sent, through its Finished; waiting for the client's Finished.
    ExpectFinished(Box<ExpectFinished>),
    /// The handshake is done: application data and KeyUpdate.
    Connected(Connected),
}

/// A HelloRetryRequest went out (RFC 8446 §4.1.4); waiting for the second ClientHello.
#[derive(Clone)]
pub struct ExpectSecondClientHello {
    /// The group asked for: the second ClientHello's one key share must be of it.
    group: Group,
    /// The first ClientHello, which the second must repeat but for the key share and cookie.
    first: ClientHello,
}

/// The server's flight is sent, through its Finished; waiting for the client's Finished
/// (RFC 8446 §4.4.4). The server already writes under its application key.
#[derive(Clone)]
pub struct ExpectFinished {
    /// The handshake stage: the client's Finished is checked with its finished_key.
    handshake: HandshakeKeys,
    /// The keys both sides switch to once the client's Finished checks out.
    application: ApplicationKeys,
}

/// The 0-RTT data taken so far, and the most the ticket allows.
#[cfg(feature = "resumption")]
#[derive(Clone, Copy)]
pub struct EarlyData {
    received: usize,
    max: u32,
}

/// Without the `resumption` feature no early data is taken.
#[cfg(not(feature = "resumption"))]
#[derive(Clone, Copy)]
pub enum EarlyData {}

#[cfg(feature = "resumption")]
impl EarlyData {
    /// What the ticket `r` resumes allows.
    fn allowed_by(r: &psk::Resumed) -> EarlyData {
        EarlyData {
            received: 0,
            max: r.max_early_data(),
        }
    }

    /// Takes `data`, counted against the ticket's max_early_data_size (RFC 8446 §4.2.10).
    fn take(self, cx: &mut Common, data: Vec<u8>) -> Result<EarlyData> {
        let received = self.received + data.len();
        if received > self.max as usize {
            return Err(TlsError::unexpected(format!(
                "{received} bytes of early data, more than the ticket's max_early_data_size \
                 of {} (RFC 8446 §4.2.10)",
                self.max
            )));
        }
        cx.outputs.push(Output::EarlyData(data));
        Ok(EarlyData { received, ..self })
    }
}

#[cfg(not(feature = "resumption"))]
impl EarlyData {
    fn allowed_by(r: &psk::Resumed) -> EarlyData {
        match *r {}
    }

    fn take(self, _: &mut Common, _: Vec<u8>) -> Result<EarlyData> {
        match self {}
    }
}

/// The traffic secrets in use, for a KeyUpdate.
#[derive(Clone)]
pub struct Connected {
    client: Direction,
    server: Direction,
}

/// Whether a ClientHello offers TLS 1.3 (in supported_versions; RFC 8446 §4.2.1).
pub fn offers_tls13(m: &ClientHello) -> Result<bool> {
    match extensions::find(&m.extensions, ExtensionType::SupportedVersions) {
        Some(e) => {
            Ok(extensions::supported_versions_client(&e.body)?.contains(&ProtocolVersion::Tls13))
        }
        None => Ok(false),
    }
}

/// The first ClientHello (already added to handshake_messages) of a TLS 1.3 handshake.
pub fn accept(cx: &mut Common, config: &ServerConfig, m: ClientHello) -> Result<State> {
    check_client_hello(&m)?;
    let client_groups = extensions::decode(
        &m.extensions,
        ExtensionType::SupportedGroups,
        extensions::read_groups,
    )?
    .ok_or_else(|| {
        TlsError::new(
            AlertDescription::MissingExtension,
            "a TLS 1.3 ClientHello without PSK must carry supported_groups (RFC 8446 §9.2)",
        )
    })?;
    let shares = client_shares(&m)?;
    // The first of the client's shares this server accepts.
    let usable = shares.iter().find_map(|(g, share)| {
        Group::from_named(*g)
            .filter(|g| config.groups13.contains(g))
            .map(|g| (g, share.clone()))
    });
    match usable {
        Some((group, share)) => {
            cx.secret(Secret::ClientRandom, &m.random);
            send_flight(cx, config, &m, group, &share, ShareNames::FIRST)
        }
        None => {
            // This server's most preferred group among those the client supports.
            let group = config
                .groups13
                .iter()
                .copied()
                .find(|g| client_groups.contains(&g.named()))
                .ok_or_else(|| {
                    TlsError::new(
                        AlertDescription::HandshakeFailure,
                        "no key-exchange group in common with the client",
                    )
                })?;
            cx.secret(Secret::ClientRandom, &m.random);
            hello_retry_request(cx, config, m, group)
        }
    }
}

/// What every TLS 1.3 ClientHello must have for this server (RFC 8446 §4.1.2, §9.2).
fn check_client_hello(m: &ClientHello) -> Result<()> {
    if !m.cipher_suites.contains(&SUITE.suite) {
        return Err(TlsError::new(
            AlertDescription::HandshakeFailure,
            format!("the client does not offer {}", SUITE.suite.as_str()),
        ));
    }
    if m.compression_methods != [Compression::Null] {
        return Err(TlsError::illegal(
            "a TLS 1.3 ClientHello must offer exactly the null compression method",
        ));
    }
    let schemes = extensions::decode(
        &m.extensions,
        ExtensionType::SignatureAlgorithms,
        extensions::read_signature_algorithms,
    )?
    .ok_or_else(|| {
        TlsError::new(
            AlertDescription::MissingExtension,
            "a TLS 1.3 ClientHello authenticating with a certificate must carry signature_algorithms",
        )
    })?;
    if !schemes.contains(&SignatureScheme::rsa_pss_rsae_sha256) {
        return Err(TlsError::new(
            AlertDescription::HandshakeFailure,
            "the client does not accept rsa_pss_rsae_sha256, the only signature this server's RSA key makes in TLS 1.3",
        ));
    }
    if let Some(e) = extensions::find(&m.extensions, ExtensionType::ServerName)
        && !e.body.is_empty()
    {
        extensions::parse(e, extensions::read_server_name)?;
    }
    Ok(())
}

/// The client's key shares; a ClientHello without key_share has no key exchange.
fn client_shares(m: &ClientHello) -> Result<Vec<(NamedGroup, Vec<u8>)>> {
    let e = extensions::find(&m.extensions, ExtensionType::KeyShare).ok_or_else(|| {
        TlsError::new(
            AlertDescription::MissingExtension,
            "a TLS 1.3 ClientHello without PSK must carry key_share (RFC 8446 §9.2)",
        )
    })?;
    Ok(extensions::key_share_client(&e.body)?
        .into_iter()
        .map(|k| (k.group, k.key_exchange))
        .collect())
}

/// RFC 8446 §4.1.4: asks for a share of `group`. The transcript restarts from
/// message_hash(ClientHello1) (§4.4.1).
fn hello_retry_request(
    cx: &mut Common,
    config: &ServerConfig,
    first: ClientHello,
    group: Group,
) -> Result<State> {
    let client_hello1 = std::mem::take(&mut cx.handshake_messages);
    cx.handshake_messages = message_hash(&hkdf::hash(&client_hello1));
    let hrr = ServerHello {
        server_version: ProtocolVersion::Tls12,
        random: HELLO_RETRY_REQUEST_RANDOM,
        session_id: first.session_id.clone(),
        cipher_suite: SUITE.suite,
        compression_method: Compression::Null,
        extensions_present: true,
        extensions: vec![
            Extension::key_share_hrr(group.named()),
            Extension::supported_versions_server(ProtocolVersion::Tls13),
        ],
    };
    cx.check(
        "HelloRetryRequest",
        true,
        format!(
            "none of the client's key shares is for a group this server takes; it asks for {}",
            group.named().as_str()
        ),
    );
    cx.send_handshake(&Handshake::ServerHello(hrr))?;
    if !first.session_id.is_empty() {
        cx.send_compat_change_cipher_spec()?;
    }
    // After a retry there is no 0-RTT (RFC 8446 §4.2.10): any early data is skipped.
    #[cfg(feature = "resumption")]
    if extensions::find(&first.extensions, ExtensionType::EarlyData).is_some() {
        cx.skip_early_data = early_data_skip_limit(config);
    }
    #[cfg(not(feature = "resumption"))]
    let _ = config;
    Ok(State::ExpectSecondClientHello(ExpectSecondClientHello {
        group,
        first,
    }))
}

/// The second ClientHello (RFC 8446 §4.1.2): the same as the first but for one key share,
/// of the group asked for.
fn second_client_hello(
    cx: &mut Common,
    config: &ServerConfig,
    retry: ExpectSecondClientHello,
    m: ClientHello,
) -> Result<State> {
    check_client_hello(&m)?;
    if m.random != retry.first.random
        || m.session_id != retry.first.session_id
        || m.cipher_suites != retry.first.cipher_suites
    {
        return Err(TlsError::illegal(
            "the second ClientHello changes more than its key share",
        ));
    }
    let shares = client_shares(&m)?;
    let [(g, share)] = shares.as_slice() else {
        return Err(TlsError::illegal(
            "after a HelloRetryRequest the ClientHello must carry exactly one key share",
        ));
    };
    if *g != retry.group.named() {
        return Err(TlsError::illegal(format!(
            "the second ClientHello's key share is for {g}, not {} as asked",
            retry.group.named()
        )));
    }
    send_flight(cx, config, &m, retry.group, share, ShareNames::RETRY)
}

/// ServerHello, the compatibility ChangeCipherSpec, then encrypted EncryptedExtensions,
/// Certificate, CertificateVerify and Finished. Resuming with a ticket's PSK, the server
/// proves itself with its Finished alone: no Certificate, no CertificateVerify, and no
/// CertificateRequest (RFC 8446 §4.3.2, §4.6.1).
// Without `client-auth` there is no `ClientAuth`, and without `resumption` no `Resumed`, so
// the compiler finds those arms unreachable, as intended: it leaves them out.
#[cfg_attr(
    any(not(feature = "client-auth"), not(feature = "resumption")),
    allow(unreachable_code)
)]
fn send_flight(
    cx: &mut Common,
    config: &ServerConfig,
    m: &ClientHello,
    group: Group,
    client_share: &[u8],
    names: ShareNames,
) -> Result<State> {
    let psk = psk::choose(cx, config, m)?;
    let resumed = psk.is_some();
    let alpn = config.alpn_answer(m)?;
    let retried = names == ShareNames::RETRY;
    // 0-RTT (RFC 8446 §4.2.10): taken only with the first identity of a ticket that allows
    // it, and never after a retry. Its key is made over the ClientHello alone, so now.
    // (Without the `resumption` feature, only the page's own browser talks to this server,
    // and it sends no early data.)
    let early_offered = cfg!(feature = "resumption")
        && extensions::find(&m.extensions, ExtensionType::EarlyData).is_some();
    let early_data = match &psk {
        Some(r) if early_offered && !retried && r.index() == 0 && r.max_early_data() > 0 => {
            Some((r.early_data_keys(cx)?, EarlyData::allowed_by(r)))
        }
        _ => None,
    };
    if early_offered {
        cx.check(
            crate::tls13::EARLY_DATA_CHECK,
            true,
            if early_data.is_some() {
                "the server takes the early data: it reads it now, before the handshake ends, \
                 under a key made of the PSK alone"
            } else {
                "the server does not take the early data (no ticket of its own that allows it, \
                 or a retry): it skips it, and the browser sends it again after the handshake"
            },
        );
    }
    cx.negotiated = Some(Negotiated {
        suite: SUITE,
        ems: false,
        group: Some(group),
        resumed,
    });
    let random: [u8; 32] = cx.rng.bytes();
    cx.secret(Secret::ServerRandom, &random);
    let (share, shared) = key_share::server_agree(cx, group, client_share, names)?;
    let mut extensions = vec![
        Extension::key_share_server(group.named(), &share),
        Extension::supported_versions_server(ProtocolVersion::Tls13),
    ];
    if let Some(r) = &psk {
        extensions.push(Extension::pre_shared_key_server(r.index()));
    }
    let hello = ServerHello {
        server_version: ProtocolVersion::Tls12,
        random,
        session_id: m.session_id.clone(),
        cipher_suite: SUITE.suite,
        compression_method: Compression::Null,
        extensions_present: true,
        extensions,
    };
    cx.send_handshake(&Handshake::ServerHello(hello))?;
    // The handshake keys exist from the ServerHello on (its hash is in them): derived before
    // anything else is sent, so the transcript credits the server with them at that record.
    let handshake = keys::handshake_keys(cx, psk.as_ref().map(psk::Resumed::early), &shared)?;
    cx.activate_write_cipher(handshake.server.cipher()?, handshake.server.key_name);
    match &early_data {
        Some((keys, _)) => cx.activate_read_cipher(keys.cipher()?)?,
        None => {
            cx.activate_read_cipher(handshake.client.cipher()?)?;
            #[cfg(feature = "resumption")]
            if early_offered {
                cx.skip_early_data = early_data_skip_limit(config);
            }
        }
    }
    // Middlebox compatibility (RFC 8446 App. D.4): once, after the first handshake message,
    // never protected.
    if !m.session_id.is_empty() && !retried {
        cx.send_compat_change_cipher_spec()?;
    }

    let mut extensions = match alpn {
        Some(e) => vec![e],
        None => Vec::new(),
    };
    if early_data.is_some() {
        extensions.push(Extension::empty(ExtensionType::EarlyData));
    }
    cx.send_handshake(&Handshake::EncryptedExtensions(EncryptedExtensions {
        extensions,
    }))?;
    let client_auth = config.client_auth.as_ref().filter(|_| !resumed);
    if let Some(auth) = client_auth {
        // The context is empty in the handshake; only a post-handshake request names one.
        let mut extensions = vec![Extension::signature_algorithms(client_auth::schemes(true))];
        let authorities = auth.authorities();
        if !authorities.is_empty() {
            extensions.push(Extension::certificate_authorities(&authorities));
        }
        cx.send_handshake(&Handshake::CertificateRequest13(CertificateRequest13 {
            certificate_request_context: Vec::new(),
            extensions,
        }))?;
    }
    if !resumed {
        cx.send_handshake(&Handshake::Certificate13(Certificate13::from_chain(
            &config.chain,
        )))?;
        let content =
            certificate_verify::signed_content(Signer::Server, &keys::transcript_hash(cx));
        #[cfg(feature = "attack")]
        let relayed = config.relayed_signature.clone();
        #[cfg(not(feature = "attack"))]
        let relayed = None;
        let signature = match relayed {
            Some(signature) => signature,
            None => key_exchange::sign_pss_sha256(&mut cx.rng, &config.key, &content)?,
        };
        cx.send_handshake(&Handshake::CertificateVerify(CertificateVerify {
            algorithm: SignatureScheme::rsa_pss_rsae_sha256,
            signature,
        }))?;
    }
    let finished = handshake.finished(cx, Party::Server)?;
    cx.secret(Secret::ServerVerifyData, &finished.verify_data);
    cx.send_handshake(&Handshake::Finished(Finished {
        verify_data: finished.verify_data.to_vec(),
    }))?;
    let application = handshake.application_keys(cx)?;
    cx.activate_write_cipher(application.server.cipher()?, application.server.key_name);
    let next = Box::new(ExpectFinished {
        handshake,
        application,
    });
    Ok(match (client_auth, early_data) {
        (Some(auth), _) => State::ExpectCertificate(next, auth.clone()),
        (None, Some((_, taken))) => State::ExpectEarlyData(next, taken),
        (None, None) => State::ExpectFinished(next),
    })
}

#[cfg(feature = "resumption")]
/// How much rejected 0-RTT data the server skips (RFC 8446 §4.2.10: up to its configured
/// max_early_data_size; a server without 0-RTT allows one full record), with each record's
/// protection overhead.
fn early_data_skip_limit(config: &ServerConfig) -> usize {
    const RECORD: usize = 1 << 14;
    const OVERHEAD: usize = 256;
    (config.max_early_data as usize).max(RECORD) + OVERHEAD
}

/// The client's Certificate: it echoes the request's empty context, and its chain is checked
/// against the client CA (an empty one is refused with certificate_required).
fn client_certificate(
    cx: &mut Common,
    auth: &ClientAuth,
    m: &Certificate13,
) -> Result<rsa::PublicKey> {
    if !m.certificate_request_context.is_empty() {
        return Err(TlsError::illegal(
            "the client's certificate_request_context differs from the CertificateRequest's (empty)",
        ));
    }
    client_auth::client_key(cx, auth, &m.chain(), true)
}

/// The client's CertificateVerify (RFC 8446 §4.4.3): its own context string, so a server's
/// signature cannot be passed off as the client's.
fn client_certificate_verify(
    cx: &mut Common,
    auth: &ClientAuth,
    key: &rsa::PublicKey,
    m: &CertificateVerify,
) -> Result<()> {
    let hash = keys::transcript_hash(cx);
    cx.secret(Secret::ClientCertificateVerifyHash, &hash);
    let content = certificate_verify::signed_content(Signer::Client, &hash);
    client_auth::verify(
        cx,
        auth,
        key,
        true,
        m,
        &content,
        "64 spaces ‖ \"TLS 1.3, client CertificateVerify\" ‖ 0 ‖ \
         Transcript-Hash(ClientHello…client Certificate)",
    )
}

impl State {
    /// The state's name: the message it waits for.
    pub fn name(&self) -> &'static str {
        match self {
            State::ExpectSecondClientHello(_) => "ExpectSecondClientHello",
            State::ExpectCertificate(..) => "ExpectCertificate",
            State::ExpectCertificateVerify(..) => "ExpectCertificateVerify",
            State::ExpectEarlyData(..) => "ExpectEarlyData",
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
            // The client's dummy ChangeCipherSpec may come any time before its Finished.
            State::ExpectSecondClientHello(_) => {
                kind == Hs(HandshakeType::ClientHello) || kind == ChangeCipherSpec
            }
            State::ExpectCertificate(..) => {
                kind == Hs(HandshakeType::Certificate) || kind == ChangeCipherSpec
            }
            State::ExpectCertificateVerify(..) => {
                kind == Hs(HandshakeType::CertificateVerify) || kind == ChangeCipherSpec
            }
            State::ExpectEarlyData(..) => {
                kind == ApplicationData
                    || kind == Hs(HandshakeType::EndOfEarlyData)
                    || kind == ChangeCipherSpec
            }
            State::ExpectFinished(_) => {
                kind == Hs(HandshakeType::Finished) || kind == ChangeCipherSpec
            }
            State::Connected(_) => kind == ApplicationData || kind == Hs(HandshakeType::KeyUpdate),
        }
    }

    /// Consumes the state with one message (`raw`: its bytes) and returns the next.
    pub fn handle(
        self,
        cx: &mut Common,
        config: &ServerConfig,
        msg: Incoming,
        raw: &[u8],
    ) -> Result<State> {
        match (self, msg) {
            (s, Incoming::ChangeCipherSpec) if !s.is_connected() => {
                crate::tls13::compat_change_cipher_spec_dropped(cx);
                Ok(s)
            }
            (State::ExpectSecondClientHello(r), Incoming::Handshake(Handshake::ClientHello(m))) => {
                cx.handshake_messages.extend_from_slice(raw);
                second_client_hello(cx, config, r, m)
            }
            (
                State::ExpectCertificate(s, auth),
                Incoming::Handshake(Handshake::Certificate13(m)),
            ) => {
                cx.handshake_messages.extend_from_slice(raw);
                let key = client_certificate(cx, &auth, &m)?;
                Ok(State::ExpectCertificateVerify(s, auth, key))
            }
            (
                State::ExpectCertificateVerify(s, auth, key),
                Incoming::Handshake(Handshake::CertificateVerify(m)),
            ) => {
                client_certificate_verify(cx, &auth, &key, &m)?;
                cx.handshake_messages.extend_from_slice(raw);
                Ok(State::ExpectFinished(s))
            }
            (State::ExpectEarlyData(s, taken), Incoming::AppData(data)) => {
                Ok(State::ExpectEarlyData(s, taken.take(cx, data)?))
            }
            (State::ExpectEarlyData(s, _), Incoming::Handshake(Handshake::EndOfEarlyData)) => {
                // RFC 8446 §4.5: the last message under the early key; the client's next
                // flight comes under its handshake key.
                cx.handshake_messages.extend_from_slice(raw);
                cx.activate_read_cipher(s.handshake.client.cipher()?)?;
                Ok(State::ExpectFinished(s))
            }
            (State::ExpectFinished(s), Incoming::Handshake(Handshake::Finished(m))) => {
                client_finished(cx, config, s, &m, raw)
            }
            (State::Connected(c), Incoming::AppData(data)) => {
                cx.outputs.push(Output::AppData(data));
                Ok(State::Connected(c))
            }
            (State::Connected(c), Incoming::Handshake(Handshake::KeyUpdate(m))) => {
                let (server, client) = keys::key_update(cx, c.server, c.client, m)?;
                Ok(State::Connected(Connected { client, server }))
            }
            (state, msg) => Err(TlsError::unexpected_in(msg.describe(), state.name())),
        }
    }
}

/// Checks the client's Finished, switches to the application keys and issues a ticket.
fn client_finished(
    cx: &mut Common,
    config: &ServerConfig,
    s: Box<ExpectFinished>,
    m: &Finished,
    raw: &[u8],
) -> Result<State> {
    let expected = s.handshake.finished(cx, Party::Client)?;
    let ok = expected.check(&keys::transcript_hash(cx), &m.verify_data, "client");
    cx.check(
        "client Finished verify_data",
        ok.is_ok(),
        "HMAC(client finished_key, Transcript-Hash(ClientHello…server Finished))",
    );
    ok?;
    cx.secret(Secret::ClientVerifyData, &m.verify_data);
    cx.handshake_messages.extend_from_slice(raw);
    let rms = s.application.resumption_master_secret(cx)?;
    let ApplicationKeys { client, server, .. } = s.application;
    cx.activate_read_cipher(client.cipher()?)?;
    cx.outputs.push(Output::HandshakeComplete);
    send_ticket(cx, config, &rms)?;
    Ok(State::Connected(Connected { client, server }))
}

/// A NewSessionTicket (RFC 8446 §4.6.1): 32 random bytes this server keeps, with the PSK
/// they stand for, in its store; a later connection that presents them resumes.
fn send_ticket(
    cx: &mut Common,
    config: &ServerConfig,
    resumption_master_secret: &HashValue,
) -> Result<()> {
    // One ticket per connection, so one nonce is enough to keep PSKs apart.
    let ticket_nonce = vec![0];
    let psk = key_schedule::resumption_psk(resumption_master_secret, &ticket_nonce)?;
    cx.secret(Secret::TicketPsk, &psk);
    let ticket = NewSessionTicket13 {
        ticket_lifetime: TICKET_LIFETIME_SECONDS,
        ticket_age_add: u32::from_be_bytes(cx.rng.bytes()),
        ticket_nonce,
        ticket: cx.rng.bytes::<32>().to_vec(),
        extensions: Vec::new(),
    };
    // Without resumption the ticket stands for nothing the server keeps.
    #[cfg(feature = "resumption")]
    let ticket = {
        config.sessions.keep(
            ticket.ticket.clone(),
            Issued {
                psk,
                issued_at: config.now,
                lifetime: ticket.ticket_lifetime,
                max_early_data: config.max_early_data,
            },
        );
        NewSessionTicket13 {
            extensions: if config.max_early_data > 0 {
                vec![Extension::early_data_nst(config.max_early_data)]
            } else {
                Vec::new()
            },
            ..ticket
        }
    };
    #[cfg(not(feature = "resumption"))]
    let _ = config;
    cx.send_handshake(&Handshake::NewSessionTicket13(ticket))
}
