//! The active attacker on the path (issue 33; a run with one is feature `attack`'s): a third party with keys of
//! its own that sits between the browser and the server and *talks*. Towards the browser it
//! is a TLS server, towards the server a TLS client (the engine's own endpoints, run by
//! `simulate`), or, where it cannot terminate a connection, it relays the records and changes
//! the ones it can. What stops it is the browser's or the server's real checks; this module
//! names the attacks, the edits it makes to relayed records and what it ends up holding.

use serde::Serialize;

use crate::codec::Reader;
use crate::msgs::enums::{AlertDescription, CipherSuite, ContentType, ExtensionType};
use crate::msgs::handshake::Handshake;
use crate::msgs::record::{self, Record};
use crate::msgs::suites::{self, KeyExchange, Suite};
use crate::scenario::{Protocol, all_of, one_of};
use crate::transcript::{Party, Transcript};

/// What the attacker tries. Its names are the page URL's `attack=` and the CLI's `--attack`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Attack {
    /// Passes on the server's real certificate but puts its own key in place of the
    /// server's: its own key share (TLS 1.3, where it must then relay the server's
    /// CertificateVerify) or ServerKeyExchange (ECDHE, keeping the server's signature). With
    /// RSA key transport there is no key to replace: it can only relay.
    RelayCert,
    /// Presents a certificate for the server's name from a root of its own making.
    OwnCert,
    /// The same certificate, to a browser made to trust the attacker's root (a TLS-inspection
    /// proxy, or malware that installed a root).
    TrustedCa,
    /// Strips the browser's strongest offer from the ClientHello: TLS 1.3, or in TLS 1.2 the
    /// forward-secret (ECDHE) suites.
    Downgrade,
}

impl Attack {
    /// Every attack, in the order a lesson meets them.
    pub const ALL: [Attack; 4] = [
        Attack::RelayCert,
        Attack::OwnCert,
        Attack::TrustedCa,
        Attack::Downgrade,
    ];

    /// The name in URLs and CLI flags.
    pub fn as_str(self) -> &'static str {
        match self {
            Attack::RelayCert => "relay-cert",
            Attack::OwnCert => "own-cert",
            Attack::TrustedCa => "trusted-ca",
            Attack::Downgrade => "downgrade",
        }
    }

    /// The attack named `s` as [`Self::as_str`] spells it.
    pub fn parse(s: &str) -> Option<Attack> {
        Attack::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The names to choose from, for a message about a name that is none of them.
    pub fn choices() -> String {
        let names: Vec<String> = Attack::ALL.iter().map(|a| a.as_str().into()).collect();
        one_of(&names)
    }

    /// What the attacker does, in a sentence.
    pub fn does(self) -> &'static str {
        match self {
            Attack::RelayCert => {
                "passes on the server's real certificate but puts its own key in place of the server's"
            }
            Attack::OwnCert => {
                "presents a certificate for server.test issued by a root of its own, Mallory Root CA"
            }
            Attack::TrustedCa => {
                "presents its own certificate for server.test to a browser made to trust its root, Mallory Root CA"
            }
            Attack::Downgrade => "strips the browser's strongest offer from the ClientHello",
        }
    }

    /// How the attacker stands on the path for this handshake: it terminates both
    /// connections where it has a certificate to present, or must make the server's flight
    /// its own (TLS 1.3 encrypts it under the key exchange's keys); otherwise it relays.
    pub fn stance(self, protocol: Protocol) -> Stance {
        match (self, protocol) {
            (Attack::OwnCert | Attack::TrustedCa, _) | (Attack::RelayCert, Protocol::Tls13) => {
                Stance::Terminates
            }
            _ => Stance::Relays,
        }
    }

    /// What the browser's and the server's checks do to this attack, as the RFCs say:
    /// who sends which alert, or that both ends finish. `ems`: TLS 1.2's extended master
    /// secret, which makes a changed hello change the keys themselves.
    pub fn expected(self, protocol: Protocol, ems: bool) -> Expected {
        use AlertDescription as A;
        match (self, protocol) {
            (Attack::RelayCert, Protocol::Rsa) | (Attack::TrustedCa, _) => Expected::Completes,
            (Attack::RelayCert, _) => Expected::Alert(Party::Client, A::DecryptError),
            (Attack::OwnCert, _) => Expected::Alert(Party::Client, A::UnknownCa),
            (Attack::Downgrade, Protocol::Tls13) => {
                Expected::Alert(Party::Client, A::IllegalParameter)
            }
            // The browser's Finished: with EMS its keys differ from the server's, so it does
            // not even open; without, it opens and its verify_data is wrong.
            (Attack::Downgrade, _) if ems => Expected::Alert(Party::Server, A::BadRecordMac),
            (Attack::Downgrade, _) => Expected::Alert(Party::Server, A::DecryptError),
        }
    }

    /// Why the check that stops it can: the lesson of this attack, in a sentence or two.
    pub fn why(self, protocol: Protocol) -> &'static str {
        match (self, protocol) {
            (Attack::RelayCert, Protocol::Rsa) => {
                "With RSA key transport the browser encrypts the pre-master secret to the key in the certificate. The attacker does not have that key, so it cannot read the pre-master secret or make keys of its own: it can only pass the records on, and it reads nothing but ciphertext."
            }
            (Attack::RelayCert, Protocol::Ecdhe) => {
                "A certificate is public: anyone can pass it on. What proves the server is there is its signature over both randoms and its key share (RFC 5246 §7.4.3). The attacker kept the server's signature but changed the key share it covers, and it cannot sign its own without the server's private key."
            }
            (Attack::RelayCert, Protocol::Tls13) => {
                "A certificate is public: anyone can pass it on. What proves the server is there is CertificateVerify, a signature over the whole handshake so far, key shares included (RFC 8446 §4.4.3). The attacker passed on the server's real signature, but the server made it in the attacker's other connection, over other key shares."
            }
            (Attack::OwnCert, _) => {
                "The attacker holds the private key of its certificate, so its signatures verify; but the browser trusts only the roots in its store, and no root there issued this certificate (RFC 5280 §6)."
            }
            (Attack::TrustedCa, _) => {
                "Every check passed: the browser trusts the attacker's root, so the attacker's certificate is as good as the server's. Encryption protected the bytes on each wire; authentication is only as good as the trust store. TLS-inspection proxies work this way, with the owner's consent, and so does malware that installs a root."
            }
            (Attack::Downgrade, Protocol::Tls13) => {
                "A TLS 1.3 server that negotiates TLS 1.2 ends ServerHello.random with DOWNGRD and 01 (RFC 8446 §4.1.3). The attacker cannot take the marker out: the random is covered by the server's signature in ServerKeyExchange, and by the Finished messages."
            }
            (Attack::Downgrade, _) => {
                "The Finished messages are a MAC over every handshake message, the ClientHello included (RFC 5246 §7.4.9), and with the extended master secret the keys themselves are made from their hash (RFC 7627). The server saw another ClientHello than the browser sent, so the browser's Finished does not check out."
            }
        }
    }
}

/// What the checks do to an attack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Expected {
    /// This side sends this fatal alert.
    Alert(Party, AlertDescription),
    /// Both ends finish the handshake and the exchange.
    Completes,
}

/// How the attacker stands on the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    /// Two connections: the browser's, with the attacker as its server, and the attacker's
    /// own to the server.
    Terminates,
    /// One connection between the browser and the server, whose records the attacker passes
    /// on, changing some.
    Relays,
}

/// One of the two connections an attack has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Connection {
    /// The browser's: the transcript's own records.
    Browser,
    /// The attacker's own to the server ([`Attacker::server_connection`]).
    Server,
}

/// A record on one of the connections, in the order of the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// Which connection it went on.
    pub connection: Connection,
    /// Its number on that connection, from 1.
    pub record: usize,
}

/// A record the attacker changed as it relayed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// The record's number on the browser's connection.
    pub record: usize,
    /// The bytes as their sender sent them (the record holds what the peer received).
    pub original: Vec<u8>,
    /// What it changed, in words.
    pub change: String,
}

/// A value the attacker holds that is not public.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Held {
    /// On which connection.
    pub connection: Connection,
    /// The value's index in that connection's derivations; none for a value outside the
    /// key schedule (a relaying attacker's own key).
    pub derivation: Option<usize>,
    /// Its name.
    pub name: String,
    /// The value.
    pub value: Vec<u8>,
}

/// Application data the attacker opened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Read {
    /// The record it came in, on its connection.
    pub hop: Hop,
    /// Who wrote it: the browser (its request) or the server (the response).
    pub from: Party,
    /// The plaintext, as text.
    pub text: String,
}

/// The attacker of a run ([`Transcript::attacker`]): what it did, held and read, and what
/// stopped it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attacker {
    /// The attack.
    pub attack: Attack,
    /// How it stood on the path.
    pub stance: Stance,
    /// When it terminates: its own connection to the server, as a transcript of its own
    /// (the attacker is that transcript's client).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_connection: Option<Box<Transcript>>,
    /// Every record of both connections in the order they went on the wire.
    pub order: Vec<Hop>,
    /// The records it changed as it relayed them.
    pub edits: Vec<Edit>,
    /// The secret values it holds: its endpoints' (the server side of the browser's
    /// connection, the client side of its own), or its own key when it relays.
    pub keys: Vec<Held>,
    /// What it read: the application data its endpoints opened.
    pub read: Vec<Read>,
    /// Which check stopped it, or that none did, in a sentence.
    pub verdict: String,
}

impl Attacker {
    /// The verdict on an attack that the server stopped on the attacker's own connection:
    /// `who` sent `alert` there (mutual TLS: the attacker has no certificate of the browser's).
    #[cfg(feature = "attack")]
    pub(crate) fn stopped_upstream(who: Party, alert: &str, reason: Option<&str>) -> String {
        let who = match who {
            Party::Client => "the attacker's own client",
            Party::Server => "the server",
        };
        let reason = reason.map_or(String::new(), |r| format!(": {r}"));
        format!(
            "Stopped on the attacker's own connection to the server, where {who} sent {alert}{reason}. The server authenticates its clients here (mutual TLS), and the attacker holds no certificate and key of the browser's to present: whatever it read from the browser, it could not pass on."
        )
    }

    /// The verdict on an attack from how the browser's connection ended. `reason`: the first
    /// alert's reason as its sender gave it.
    #[cfg(feature = "attack")]
    pub(crate) fn verdict(
        attack: Attack,
        protocol: Protocol,
        browser: &Transcript,
        reason: Option<&str>,
        read: &[Read],
    ) -> String {
        let why = attack.why(protocol);
        if let Some((party, alert)) = &browser.outcome.alert {
            let who = match party {
                Party::Client => "the browser",
                Party::Server => "the server",
            };
            let reason = reason.map_or(String::new(), |r| format!(": {r}"));
            return format!(
                "Stopped by {who}, which sent {}{reason}. {why}",
                alert.description.as_str()
            );
        }
        if browser.outcome.exchange_complete {
            let what = if read.is_empty() {
                "It read nothing: it never held a key of either connection."
            } else {
                "It read the request and the response, and could have changed them."
            };
            return format!("Nothing stopped it: both ends finished. {what} {why}");
        }
        format!("The attack did not finish. {}", browser.outcome.summary)
    }
}

/// The downgrade: the ClientHello `record` with TLS 1.3 taken out (supported_versions and
/// the extensions only TLS 1.3 reads, and its suites), or, offering TLS 1.2 only, without
/// its forward-secret suites; `None` when there is nothing to strip or it is not a
/// ClientHello. Returns the record and what changed.
pub fn downgrade_client_hello(record: &[u8]) -> Option<(Vec<u8>, String)> {
    let (version, body) = handshake_body(record)?;
    let Handshake::ClientHello(mut hello) = Handshake::read(&mut Reader::new(body), None).ok()?
    else {
        return None;
    };
    const TLS13_ONLY: [ExtensionType; 6] = [
        ExtensionType::SupportedVersions,
        ExtensionType::KeyShare,
        ExtensionType::PskKeyExchangeModes,
        ExtensionType::PreSharedKey,
        ExtensionType::EarlyData,
        ExtensionType::Cookie,
    ];
    let change = if hello
        .extensions
        .iter()
        .any(|e| e.typ == ExtensionType::SupportedVersions)
    {
        let removed: Vec<String> = hello
            .extensions
            .iter()
            .filter(|e| TLS13_ONLY.contains(&e.typ))
            .map(|e| e.typ.as_str().to_string())
            .collect();
        hello.extensions.retain(|e| !TLS13_ONLY.contains(&e.typ));
        hello
            .cipher_suites
            .retain(|s| !Suite::find(*s).is_some_and(Suite::is_tls13));
        format!(
            "took TLS 1.3 out of the ClientHello: its suites and {}; the server sees a browser that speaks TLS 1.2 at most",
            all_of(&removed)
        )
    } else {
        let ecdhe =
            |s: &CipherSuite| Suite::known(*s).is_some_and(|s| s.kx == Some(KeyExchange::Ecdhe));
        let removed: Vec<String> = hello
            .cipher_suites
            .iter()
            .filter(|s| ecdhe(s))
            .map(|s| s.as_str().to_string())
            .collect();
        if removed.is_empty() {
            return None;
        }
        hello.cipher_suites.retain(|s| !ecdhe(s));
        // A real client may offer finite-field DHE too, which this engine does not know:
        // then RSA key transport is not all that is left (OpenSSL's server chose DHE).
        let rsa_only = hello
            .cipher_suites
            .iter()
            // The renegotiation signal (RFC 5746) is not a suite.
            .filter(|s| **s != CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV)
            .all(|s| Suite::known(*s).is_some_and(|s| s.kx == Some(KeyExchange::Rsa)));
        format!(
            "took the ECDHE suites out of the ClientHello ({}): {}",
            all_of(&removed),
            if rsa_only {
                "the server can only choose RSA key transport"
            } else {
                "the server chooses among the suites left"
            }
        )
    };
    Some((
        handshake_record(version, &Handshake::ClientHello(hello)),
        change,
    ))
}

/// The relayed certificate's ECDHE: the ServerKeyExchange `record` with `public` in place of
/// the server's key share, the server's signature kept; `None` if it is not one.
pub fn replace_server_key_exchange(record: &[u8], public: &[u8]) -> Option<(Vec<u8>, String)> {
    let (version, body) = handshake_body(record)?;
    let Handshake::ServerKeyExchange(mut ske) =
        Handshake::read(&mut Reader::new(body), Some(&suites::TLS12_ECDHE_RSA)).ok()?
    else {
        return None;
    };
    ske.public = public.to_vec();
    Some((
        handshake_record(version, &Handshake::ServerKeyExchange(ske)),
        "put the attacker's own X25519 public key in place of the server's, keeping the server's signature".into(),
    ))
}

/// The certificate chain and CertificateVerify signature among a TLS 1.3 client's
/// `handshake_messages`: what the server proved itself with, for an attacker to pass on.
pub fn server_authentication(handshake_messages: &[u8]) -> Option<(Vec<Vec<u8>>, Vec<u8>)> {
    let mut r = Reader::new(handshake_messages);
    let (mut chain, mut signature) = (None, None);
    while r.remaining() > 0 {
        match Handshake::read(&mut r, Some(&suites::TLS13_AES_128_GCM_SHA256)).ok()? {
            Handshake::Certificate13(c) => chain = Some(c.chain()),
            Handshake::CertificateVerify(v) => signature = Some(v.signature),
            _ => {}
        }
    }
    Some((chain?, signature?))
}

/// A plaintext record carrying one whole handshake message: its version and the message.
fn handshake_body(record: &[u8]) -> Option<(crate::msgs::enums::ProtocolVersion, &[u8])> {
    let mut r = Reader::new(record);
    let (typ, version, len) = record::read_header(&mut r).ok()?;
    let body = record.get(record::HEADER_LEN..)?;
    (typ == ContentType::Handshake && body.len() == len).then_some((version, body))
}

fn handshake_record(version: crate::msgs::enums::ProtocolVersion, m: &Handshake) -> Vec<u8> {
    Record {
        typ: ContentType::Handshake,
        version,
        fragment: m.encode(),
    }
    .encode()
}
