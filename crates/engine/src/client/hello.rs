//! The browser's ClientHello, and the ServerHello that says which version the handshake
//! continues in: TLS 1.3 (supported_versions says so), a HelloRetryRequest asking for
//! another key share, or TLS 1.2.

use crate::client::{ClientConfig, Tls13Offer};
use crate::common::Common;
use crate::crypto::hkdf;
use crate::crypto::key_exchange::EcdhKeyPair;
use crate::crypto::secrets::Secret;
use crate::error::TlsError;
use crate::msgs::enums::{
    AlertDescription, CipherSuite, Compression, ExtensionType, NamedGroup, ProtocolVersion,
    SignatureScheme,
};
use crate::msgs::extensions::{self, Extension};
use crate::msgs::handshake::{ClientHello, Handshake, ServerHello, message_hash};
use crate::msgs::suites::{Group, KeyExchange};
use crate::tls13::DOWNGRADE_TLS12;
use crate::tls13::key_share::{ClientShare, ShareNames};

use super::psk::Resuming;
use super::{State, tls12, tls13};

/// The version a TLS 1.2 ClientHello's client_version names (and so an RSA pre-master
/// secret starts with). A TLS 1.3 ClientHello says TLS 1.2 there too and lists the real
/// versions in supported_versions (RFC 8446 §4.1.2).
pub const CLIENT_VERSION: ProtocolVersion = ProtocolVersion::Tls12;

/// The ClientHello is sent; the ServerHello says how to go on.
#[derive(Clone)]
pub struct ExpectServerHello {
    client_random: [u8; 32],
    /// legacy_session_id: 32 random bytes when TLS 1.3 is offered (the middlebox
    /// compatibility mode of RFC 8446 App. D.4), else empty.
    session_id: Vec<u8>,
    /// The private parts of the key shares sent.
    shares: Vec<ClientShare>,
    /// A HelloRetryRequest came already; a second one is an error (RFC 8446 §4.1.4).
    retried: bool,
    /// The extensions the ClientHello carried, which the server may answer.
    offered: Vec<ExtensionType>,
    /// The ticket offered in pre_shared_key, if any, with the early stage made of its PSK.
    psk: Option<Resuming>,
    /// 0-RTT data went out after the first ClientHello; the server has yet to say its fate.
    early_data_sent: bool,
}

impl ExpectServerHello {
    /// The state after a ClientHello sent elsewhere (`m`) whose one key share is X25519 with
    /// `x25519_private`: a known-answer test starts here from a published ClientHello.
    pub fn sent(m: &ClientHello, x25519_private: [u8; 32]) -> Result<Self, TlsError> {
        let pair = EcdhKeyPair::from_private(x25519_private);
        let shared = extensions::find(&m.extensions, ExtensionType::KeyShare)
            .map(|e| extensions::key_share_client(&e.body))
            .transpose()?
            .unwrap_or_default();
        if !shared
            .iter()
            .any(|k| k.group == NamedGroup::x25519 && k.key_exchange == pair.public)
        {
            return Err(TlsError::illegal(
                "the ClientHello has no X25519 key share for this private key",
            ));
        }
        Ok(ExpectServerHello {
            client_random: m.random,
            session_id: m.session_id.clone(),
            shares: vec![ClientShare::X25519(pair)],
            retried: false,
            offered: m.extensions.iter().map(|e| e.typ).collect(),
            psk: None,
            early_data_sent: false,
        })
    }

    /// A HelloRetryRequest has come and been answered.
    pub fn retried(&self) -> bool {
        self.retried
    }

    /// Sends the ClientHello `config` describes (with TLS 1.3, its key shares and a random
    /// legacy_session_id) and waits for the ServerHello.
    pub fn send_client_hello(cx: &mut Common, config: &ClientConfig) -> Result<Self, TlsError> {
        let client_random: [u8; 32] = cx.rng.bytes();
        cx.secret(Secret::ClientRandom, &client_random);
        let (session_id, shares) = match config.tls13.as_ref() {
            Some(offer) => {
                let session_id = cx.rng.bytes::<32>().to_vec();
                let shares = offer
                    .key_shares
                    .iter()
                    .enumerate()
                    .map(|(i, &g)| {
                        ClientShare::generate(cx, g, (i == 0).then_some(ShareNames::FIRST))
                    })
                    .collect();
                (session_id, shares)
            }
            None => (Vec::new(), Vec::new()),
        };
        // A TLS 1.2 session to resume is named by its session_id, or by its ticket.
        #[cfg(feature = "resumption")]
        let session_id = super::resume12::session_id(cx, config, session_id);
        let psk = Resuming::offer(cx, config)?;
        let early_data = psk.as_ref().and_then(|p| p.early_data(config));
        let mut hello = client_hello(config, client_random, &session_id, &shares, None);
        if let Some(psk) = &psk {
            psk.bind(cx, &mut hello, config.now, early_data.is_some())?;
        }
        let offered = hello.extensions.iter().map(|e| e.typ).collect();
        cx.send_handshake(&Handshake::ClientHello(hello))?;
        if let (Some(data), Some(psk)) = (early_data, &psk) {
            psk.send_early_data(cx, !session_id.is_empty(), data)?;
        }
        Ok(ExpectServerHello {
            client_random,
            session_id,
            shares,
            retried: false,
            offered,
            early_data_sent: early_data.is_some(),
            psk,
        })
    }

    /// Reads the ServerHello; `raw` is its encoding, added to the transcript here.
    pub fn handle(
        self,
        cx: &mut Common,
        config: &ClientConfig,
        m: ServerHello,
        raw: &[u8],
    ) -> Result<State, TlsError> {
        let selected = extensions::find(&m.extensions, ExtensionType::SupportedVersions)
            .map(|e| extensions::supported_versions_server(&e.body))
            .transpose()?;
        match (config.tls13.as_ref(), selected) {
            (Some(offer), Some(ProtocolVersion::Tls13)) if m.is_hello_retry_request() => {
                self.retry(cx, config, offer, m, raw)
            }
            (Some(_), Some(ProtocolVersion::Tls13)) => {
                cx.handshake_messages.extend_from_slice(raw);
                let offer = tls13::Offer {
                    session_id: &self.session_id,
                    extensions: &self.offered,
                    shares: &self.shares,
                    psk: self.psk.as_ref(),
                    #[cfg(feature = "resumption")]
                    early_data_sent: self.early_data_sent,
                };
                tls13::accept(cx, offer, m).map(State::Tls13)
            }
            (_, Some(v)) => Err(TlsError::illegal(format!(
                "supported_versions selects {v}, which the client did not offer"
            ))),
            (tls13, None) => {
                if tls13.is_some() && m.random[24..] == DOWNGRADE_TLS12 {
                    // RFC 8446 §4.1.3: a TLS 1.3 server was made to speak TLS 1.2 by
                    // someone who removed TLS 1.3 from the ClientHello on the way.
                    return Err(TlsError::illegal(
                        "ServerHello.random ends in DOWNGRD\\x01: a TLS 1.3 server negotiated \
                         TLS 1.2, so the ClientHello offering TLS 1.3 was altered on the way",
                    ));
                }
                if config.offer.is_empty() {
                    return Err(TlsError::new(
                        AlertDescription::ProtocolVersion,
                        format!(
                            "server chose {}, this client speaks only TLS 1.3",
                            m.server_version
                        ),
                    ));
                }
                cx.handshake_messages.extend_from_slice(raw);
                tls12::accept(cx, config, self.client_random, &self.session_id, m).map(State::Tls12)
            }
        }
    }

    /// A HelloRetryRequest (RFC 8446 §4.1.4): the server wants a share for another group.
    /// The transcript starts over from message_hash(ClientHello1) (§4.4.1), and the second
    /// ClientHello repeats the first but for the key share (and any cookie).
    fn retry(
        self,
        cx: &mut Common,
        config: &ClientConfig,
        offer: &Tls13Offer,
        m: ServerHello,
        raw: &[u8],
    ) -> Result<State, TlsError> {
        if self.retried {
            return Err(TlsError::unexpected(
                "a second HelloRetryRequest: the server may ask only once",
            ));
        }
        tls13::check_hello_echo(&self.session_id, &m)?;
        if let Some(e) = m.extensions.iter().find(|e| {
            !matches!(
                e.typ,
                ExtensionType::SupportedVersions | ExtensionType::KeyShare | ExtensionType::Cookie
            )
        }) {
            return Err(TlsError::new(
                AlertDescription::UnsupportedExtension,
                format!("a HelloRetryRequest must not carry {}", e.typ),
            ));
        }
        let cookie = extensions::find(&m.extensions, ExtensionType::Cookie)
            .map(|e| extensions::cookie(&e.body))
            .transpose()?;
        let asked = extensions::find(&m.extensions, ExtensionType::KeyShare)
            .map(|e| extensions::key_share_hrr(&e.body))
            .transpose()?;
        let group = match asked {
            Some(g) => Some(
                Group::from_named(g)
                    .filter(|g| offer.groups.contains(g))
                    .ok_or_else(|| {
                        TlsError::illegal(format!(
                            "the HelloRetryRequest asks for {g}, which the client did not list in supported_groups"
                        ))
                    })?,
            ),
            None => None,
        };
        if let Some(g) = group
            && self.shares.iter().any(|s| s.group() == g)
        {
            return Err(TlsError::illegal(format!(
                "the HelloRetryRequest asks for {}, which the first ClientHello already had a share for",
                g.named()
            )));
        }
        if group.is_none() && cookie.is_none() {
            return Err(TlsError::illegal(
                "a HelloRetryRequest that changes nothing in the ClientHello (no key_share, no cookie)",
            ));
        }
        // Transcript-Hash restarts: message_hash(Hash(ClientHello1)) ‖ HelloRetryRequest.
        let client_hello1 = std::mem::take(&mut cx.handshake_messages);
        cx.handshake_messages = message_hash(&hkdf::hash(&client_hello1));
        cx.handshake_messages.extend_from_slice(raw);
        let shares = match group {
            Some(g) => vec![ClientShare::generate(cx, g, Some(ShareNames::RETRY))],
            None => self.shares,
        };
        cx.check(
            "HelloRetryRequest",
            true,
            match group {
                Some(g) => format!(
                    "the server takes none of the offered key shares and asks for {}: one more round trip",
                    g.named().as_str()
                ),
                None => "the server asks for its cookie back: one more round trip".to_string(),
            },
        );
        // Middlebox compatibility (RFC 8446 App. D.4): a ChangeCipherSpec before the second
        // ClientHello (unless it followed early data already).
        if !self.session_id.is_empty() {
            cx.send_compat_change_cipher_spec()?;
        }
        // No 0-RTT after a retry: the second ClientHello goes in the clear, without
        // early_data, and the early data waits for the handshake's end (RFC 8446 §4.2.10).
        if cfg!(feature = "resumption") && self.early_data_sent {
            cx.deactivate_write_cipher();
        }
        let mut hello = client_hello(
            config,
            self.client_random,
            &self.session_id,
            &shares,
            cookie.as_deref(),
        );
        // The binder now covers message_hash(ClientHello1) and the HelloRetryRequest too.
        if let Some(psk) = &self.psk {
            psk.bind(cx, &mut hello, config.now, false)?;
        }
        let offered = hello.extensions.iter().map(|e| e.typ).collect();
        cx.send_handshake(&Handshake::ClientHello(hello))?;
        Ok(State::ExpectServerHello(ExpectServerHello {
            client_random: self.client_random,
            session_id: self.session_id,
            shares,
            retried: true,
            offered,
            psk: self.psk,
            early_data_sent: self.early_data_sent,
        }))
    }
}

/// The signature_algorithms the ClientHello offers: RSA-PSS with TLS 1.3 (the only RSA
/// signature allowed there, RFC 8446 §4.2.3), RSASSA-PKCS1-v1_5 with TLS 1.2. A TLS 1.2
/// server may sign its ServerKeyExchange with either one offered.
pub fn signature_schemes(config: &ClientConfig) -> Vec<SignatureScheme> {
    let mut schemes = Vec::new();
    if config.tls13.as_ref().is_some() {
        schemes.push(SignatureScheme::rsa_pss_rsae_sha256);
    }
    if !config.offer.is_empty() {
        schemes.push(SignatureScheme::rsa_pkcs1_sha256);
    }
    schemes
}

/// The ClientHello: TLS 1.2's suites and extensions as `config.offer` asks, TLS 1.3's as
/// `config.tls13` does, in one message as browsers send it.
fn client_hello(
    config: &ClientConfig,
    random: [u8; 32],
    session_id: &[u8],
    shares: &[ClientShare],
    cookie: Option<&[u8]>,
) -> ClientHello {
    let tls12 = !config.offer.is_empty();
    let tls13 = config.tls13.as_ref();
    let mut cipher_suites = Vec::new();
    if tls13.is_some() {
        cipher_suites.extend(tls13::offer_suites());
    }
    cipher_suites.extend(config.offer.iter().map(|kx| kx.suite()));
    if tls12 {
        // RFC 5746 §3.4: signal secure renegotiation support; the SCSV is what most browsers send.
        cipher_suites.push(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
    }
    let mut ext = vec![Extension::server_name(&config.server_name)];
    if tls12 && config.ems {
        ext.push(Extension::empty(ExtensionType::ExtendedMasterSecret));
    }
    #[cfg(feature = "resumption")]
    if tls12 {
        ext.extend(super::resume12::session_ticket(config));
    }
    let mut groups: Vec<NamedGroup> = match tls13 {
        Some(offer) => offer.groups.iter().map(|g| g.named()).collect(),
        None => Vec::new(),
    };
    if config.offer.contains(&KeyExchange::Ecdhe) {
        if !groups.contains(&NamedGroup::x25519) {
            groups.push(NamedGroup::x25519);
        }
        ext.push(Extension::supported_groups(&groups));
        ext.push(Extension::ec_point_formats());
    } else if !groups.is_empty() {
        ext.push(Extension::supported_groups(&groups));
    }
    ext.push(Extension::signature_algorithms(&signature_schemes(config)));
    if tls13.is_some() {
        ext.extend(tls13::hello_extensions(tls12, shares));
        if let Some(c) = cookie {
            ext.push(Extension::cookie(c));
        }
    }
    ClientHello {
        client_version: CLIENT_VERSION,
        random,
        session_id: session_id.to_vec(),
        cipher_suites,
        compression_methods: vec![Compression::Null],
        extensions_present: true,
        extensions: ext,
    }
}
