//! Words generated from the transcript's data: each record's explanation, the run's summary
//! and the browser-style error. Names and values are filled in from the bytes, so the prose
//! cannot drift from what is on the wire.

#[cfg(feature = "client-auth")]
mod client_auth;
mod tls13;

use crate::codec::{Reader, hex};
use crate::crypto::secrets::Secret;
use crate::msgs::alert::Alert;
use crate::msgs::enums::{AlertDescription, CipherSuite, ContentType, HandshakeType};
use crate::msgs::handshake::{ClientKeyExchange, Handshake};
use crate::pki::{CertError, ChainReport};
use crate::scenario::Scenario;
use crate::transcript::{
    AlertInfo, BrowserError, Content, Derivation, Event, Party, SecretId, WireRecord,
};
use crate::wire::Fault;

/// The alert an endpoint sends for `d`, at its level.
pub fn alert_info(d: AlertDescription) -> AlertInfo {
    let alert = Alert::for_description(d);
    AlertInfo {
        level: alert.level,
        description: d,
    }
}

/// One or two sentences on what this record carries and what it caused.
pub fn record(
    rec: &WireRecord,
    earlier: &[WireRecord],
    derivations: &[Derivation],
    chain: Option<&ChainReport>,
    client_chain: Option<&ChainReport>,
    scenario: &Scenario,
) -> String {
    let who = rec.from.as_str();
    let tls13 = scenario.protocol.suite().is_tls13();
    let mut parts: Vec<String> = Vec::new();
    // A replayed copy is the attacker's, not its sender's: say so before what it carries.
    if let Some(f) = &rec.fault
        && let Fault::Replay { record } = f.fault
        && record != rec.number
    {
        parts.push(format!(
            "This is not {who} speaking: an attacker on the path sends a copy of record {record} again, byte for byte. \
             What the copy carries:"
        ));
    }
    let plaintext: Option<(u8, &[u8])> = match &rec.protection {
        Some(p) => Some((rec.kind.to_wire(), p.content())),
        None if rec.bytes.len() >= 5 => Some((rec.bytes[0], &rec.bytes[5..])),
        None => None,
    };
    // TLS 1.3's record protection is told in full once, at the run's first protected record.
    let first_protected = !earlier.iter().any(|r| r.protection.is_some());
    let value_of = |id: SecretId| {
        derivations
            .iter()
            .find(|d| d.id == id)
            .map(|d| hex(&d.value))
    };
    match plaintext {
        Some((t, body)) if t == ContentType::Handshake.to_wire() => {
            let suite = Some(scenario.protocol.suite());
            let after_retry = earlier.iter().any(|r| r.messages.iter().any(|m| m.content == Content::HelloRetryRequest));
            let text = Handshake::read(&mut Reader::new(body), suite).ok().map(|m| {
                mutual_tls_text(rec.from, &m, tls13, scenario.ems, client_chain)
                    .or_else(|| tls13.then(|| tls13::handshake_text(who, &m, chain, after_retry)).flatten())
                    .unwrap_or_else(|| {
                        handshake_text(who, &m, chain, rec.protection.is_some(), scenario.resumes(), &value_of)
                    })
            });
            parts.push(text.unwrap_or_else(|| format!("{who} sends {}.", rec.title())));
            if let Some(p) = rec.protection.as_ref().filter(|_| tls13) {
                parts.push(tls13::protection(p, "a handshake message", first_protected));
            }
        }
        Some((t, _)) if t == ContentType::ChangeCipherSpec.to_wire() && tls13 => {
            parts.push(tls13::change_cipher_spec(who))
        }
        Some((t, _)) if t == ContentType::ChangeCipherSpec.to_wire() => parts.push(format!(
            "{who} sends ChangeCipherSpec: every record it sends from now on is encrypted with {} (AES-128-GCM). \
             It is a one-byte message of its own type, not a handshake message, so Finished does not cover it.",
            match rec.from {
                Party::Client => "client_write_key",
                Party::Server => "server_write_key",
            }
        )),
        Some((t, body)) if t == ContentType::Alert.to_wire() && body.len() == 2 => {
            let d = AlertDescription::from_wire(body[1]);
            if d == AlertDescription::CloseNotify {
                parts.push(format!(
                    "{who} sends close_notify: it will send nothing more. Closing with an alert, not just the TCP \
                     connection, tells the peer the data was not cut short by an attacker ({}).",
                    if tls13 { "RFC 8446 §6.1" } else { "RFC 5246 §7.2.1" }
                ));
            } else {
                parts.push(format!(
                    "{who} sends a fatal {} alert{} and closes the connection.",
                    d.as_str(),
                    if rec.protection.is_some() { ", encrypted because its keys are already in use" } else { "" }
                ));
                // Why: the check that raised it, recorded where the sender noticed.
                let why = earlier.iter().rev().flat_map(|r| r.events.iter()).find_map(|e| match e {
                    Event::Alert { party, alert, reason } if *party == rec.from && alert.description == d => {
                        Some(reason.clone())
                    }
                    _ => None,
                });
                if let Some(reason) = why {
                    parts.push(format!("It noticed that {reason}. {}", rationale(d, chain)));
                }
                if d == AlertDescription::BadRecordMac
                    && let Some(cause) =
                        bad_record_mac_cause("The record that failed", false, derivations)
                {
                    parts.push(cause);
                }
            }
        }
        Some((t, body)) if t == ContentType::ApplicationData.to_wire() && tls13 => {
            #[cfg(feature = "resumption")]
            let early = rec
                .protection
                .as_ref()
                .is_some_and(|p| p.key == crate::crypto::secrets::Secret::ClientEarlyKey);
            #[cfg(not(feature = "resumption"))]
            let early = false;
            parts.push(if early {
                format!(
                    "{who} sends {} byte(s) of application data as 0-RTT data, right behind its ClientHello, \
                     before any answer: the request arrives a round trip sooner. Its key, \
                     client_early_traffic_secret, is made of the ticket's PSK alone, so this data has no \
                     forward secrecy, and someone who recorded it could send it to the server again (RFC 8446 \
                     §8); a server that uses each ticket once refuses such a replay.",
                    body.len()
                )
            } else {
                format!("{who} sends {} byte(s) of application data.", body.len())
            });
            if let Some(p) = &rec.protection {
                parts.push(tls13::protection(p, "application data", first_protected));
            }
        }
        Some((t, body)) if t == ContentType::ApplicationData.to_wire() => {
            let p = rec.protection.as_ref();
            parts.push(format!(
                "{who} sends {} byte(s) of application data, encrypted with {} (sequence number {}). The nonce is \
                 the write IV's 4 bytes ‖ the 8-byte explicit nonce sent with the record; the AAD is seq_num ‖ type \
                 ‖ version ‖ the plaintext's length (RFC 5246 §6.2.3.3), so a replayed or reordered record fails \
                 as surely as a changed one; the 16-byte tag lets the receiver detect all three.",
                body.len(),
                p.map_or("?", |p| p.key.id()),
                p.map_or(0, |p| p.seq)
            ));
        }
        _ => parts.push(format!("{who} sends {}.", rec.title())),
    }
    if let Some(f) = &rec.fault {
        parts.push(format!("On the wire: {}.", f.detail));
        let hello = rec.messages.iter().any(|m| {
            m.is(HandshakeType::ClientHello)
                || m.is(HandshakeType::ServerHello)
                || m.content == Content::HelloRetryRequest
        });
        if let Fault::Flip { offset: 1 | 2, .. } = f.fault
            && tls13
            && !hello
        {
            parts.push(
                if rec.protection.is_some() {
                    "That is legacy_record_version: ignored in TLS 1.3 (RFC 8446 §5.1) but part of the \
                     AEAD's additional data (§5.2), so the tag check catches it."
                } else {
                    "That is legacy_record_version, which TLS 1.3 ignores (RFC 8446 §5.1)."
                }
                .into(),
            );
        }
    }
    if !rec.delivered {
        parts.push(format!(
            "{} never receives it and keeps waiting.",
            rec.from.peer().as_str()
        ));
    }
    for e in &rec.events {
        match e {
            Event::Alert {
                party,
                alert,
                reason,
            } => {
                parts.push(format!(
                    "{} detects a problem: {reason}. It answers with {}. {}",
                    party.as_str(),
                    alert.name(),
                    rationale(alert.description, chain)
                ));
                if alert.description == AlertDescription::BadRecordMac
                    && let Some(cause) =
                        bad_record_mac_cause("This record", rec.fault.is_some(), derivations)
                {
                    parts.push(cause);
                }
                if rec.protection.is_some()
                    && *party == rec.from.peer()
                    && state_of(*party, earlier, rec) == Some(EXPECT_CCS)
                {
                    parts.push(format!(
                        "Nobody sent that message: this record was encrypted, but {} had not yet received \
                         ChangeCipherSpec, so it read it as plaintext. The message it names comes from the \
                         8-byte explicit nonce AES-GCM sends in the clear before the ciphertext (RFC 5288 §3).",
                        party.as_str()
                    ));
                }
            }
            Event::Check {
                party,
                what,
                ok: false,
                detail,
            } => parts.push(format!(
                "{} check failed — {what}: {detail}.",
                party.as_str()
            )),
            Event::AppData { party, text } => {
                let first = text.lines().next().unwrap_or("");
                parts.push(format!(
                    "{} decrypts it and reads \"{first}\".",
                    party.as_str()
                ))
            }
            _ => {}
        }
    }
    parts.join(" ")
}

/// What a TLS 1.2 ServerHello's session id is for: in the pages, whose server keeps no
/// session, nothing; with the `resumption` feature, the name of the session kept, or of the
/// one resumed.
fn session_id_note(resumed: bool) -> &'static str {
    match (cfg!(feature = "resumption"), resumed) {
        (false, _) => {
            "a name under which a server that caches sessions could resume this one; this server caches none, \
             so it is never used"
        }
        (true, false) => {
            "the name under which this server keeps the session, so that the browser's next visit can resume \
             it with an abbreviated handshake"
        }
        (true, true) => {
            "the one the browser named, echoed: the session of its first visit resumes with an abbreviated \
             handshake, no certificate and no key exchange, its master secret carried over (RFC 5246 §7.3)"
        }
    }
}

fn handshake_text(
    who: &str,
    m: &Handshake,
    chain: Option<&ChainReport>,
    encrypted: bool,
    resumed: bool,
    value_of: &dyn Fn(SecretId) -> Option<String>,
) -> String {
    match m {
        Handshake::ClientHello(h) => {
            // The renegotiation SCSV rides in the suite list but is a signal, not a suite
            // (RFC 5746 §3.3): it says "I support secure renegotiation".
            let scsv = CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV;
            let suites: Vec<&str> = h
                .cipher_suites
                .iter()
                .filter(|&&c| c != scsv)
                .map(|c| c.as_str())
                .collect();
            let signal = if h.cipher_suites.contains(&scsv) {
                format!(
                    " plus the signalling value {} (not a suite: it says the browser supports secure renegotiation, RFC 5746 §3.3)",
                    scsv.as_str()
                )
            } else {
                String::new()
            };
            let host = h
                .extensions
                .iter()
                .find(|e| e.typ == crate::msgs::enums::ExtensionType::ServerName)
                .and_then(|e| {
                    crate::msgs::extensions::parse(e, crate::msgs::extensions::read_server_name)
                        .ok()
                        .flatten()
                })
                .unwrap_or_default();
            format!(
                "{who} opens the handshake. It offers {} as its highest version, {} cipher suite(s) ({}){signal}, \
                 compression {} only, {} extension(s), and a fresh 32-byte random {}…. server_name tells the \
                 server which site it wants: {host}. Nothing is secret yet; anyone on the path can read this.",
                h.client_version.as_str(),
                suites.len(),
                suites.join(", "),
                h.compression_methods
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                h.extensions.len(),
                &hex(&h.random)[..16],
            )
        }
        Handshake::ServerHello(h) => format!(
            "{who} answers: {} with {}, compression {}, its own random {}… and session id {}… ({}). Extensions \
             it agrees to: {}. {}",
            h.server_version.as_str(),
            h.cipher_suite.as_str(),
            h.compression_method.as_str(),
            &hex(&h.random)[..16],
            &hex(&h.session_id).get(..16).unwrap_or(""),
            session_id_note(resumed),
            if h.extensions.is_empty() {
                "none".to_string()
            } else {
                h.extensions
                    .iter()
                    .map(|e| e.typ.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            if h.random[24..] == crate::tls13::DOWNGRADE_TLS12 {
                "Its random ends in \"DOWNGRD\" 01: a TLS 1.3 server answering in TLS 1.2 (RFC 8446 §4.1.3), \
                 which a browser that offered TLS 1.3 refuses."
            } else {
                "A server that also spoke TLS 1.3 would end its random with \"DOWNGRD\" 01 (RFC 8446 §4.1.3), \
                 so that a browser offering TLS 1.3 could detect a downgrade."
            }
        ),
        Handshake::Certificate(c) => format!(
            "{who} sends its certificate chain: {} certificate(s), leaf first. The leaf carries the server's \
             RSA public key; the CA's signature vouches that it belongs to the named host.{}",
            c.certificate_list.len(),
            chain_checked(chain)
        ),
        Handshake::ServerKeyExchange(k) => format!(
            "{who} sends a fresh {} public key ({}…), signed with its certificate's RSA key (rsa_pkcs1_sha256) over \
             both randoms and the key. The signature proves the key comes from the certificate's owner; because the \
             key is thrown away after this connection, a stolen RSA key later cannot decrypt it (forward secrecy).",
            k.named_curve.as_str(),
            &hex(&k.public)[..16.min(2 * k.public.len())]
        ),
        Handshake::HelloRequest => format!(
            "{who} sends HelloRequest, asking the browser to start a new handshake on this connection."
        ),
        Handshake::ServerHelloDone => format!(
            "{who} says ServerHelloDone: its hello flight is complete and it waits for the browser's key exchange."
        ),
        Handshake::ClientKeyExchange(ClientKeyExchange::Rsa {
            encrypted_pre_master_secret,
        }) => format!(
            "{who} chose the pre_master_secret (03 03 and 46 random bytes) and sends it encrypted with the \
             server's RSA public key ({} bytes). Whoever has the private key, now or later, can decrypt it and \
             so any recording of this connection: no forward secrecy. RFC 10015 (2026) forbids offering RSA key \
             exchange for that, for recurring Bleichenbacher attacks, and for one key both decrypting and \
             signing. {} This comes before ChangeCipherSpec and Finished.",
            encrypted_pre_master_secret.len(),
            both_compute(value_of)
        ),
        Handshake::ClientKeyExchange(ClientKeyExchange::Ecdhe { public }) => format!(
            "{who} sends its own X25519 public key ({}…). Each side combines its own private key with the \
             other's public key; unaltered, both get the same pre_master_secret, which never crosses the wire. {} \
             This comes before ChangeCipherSpec and Finished.",
            &hex(public)[..16.min(2 * public.len())],
            both_compute(value_of)
        ),
        Handshake::Finished(f) => format!(
            "{who} sends Finished{}: verify_data {} = PRF(master_secret, \"{} finished\", SHA-256(every handshake \
             message so far)). It is a MAC over the handshake messages, not a key: if any of them differs between \
             what one side sent and the other received, the peer computes a different value and aborts. It does \
             not cover record headers or ChangeCipherSpec, which is not a handshake message.",
            if encrypted {
                ", the first message under the new keys"
            } else {
                ""
            },
            hex(&f.verify_data),
            if who == Party::Client.as_str() {
                "client"
            } else {
                "server"
            }
        ),
        #[cfg(feature = "resumption")]
        Handshake::NewSessionTicket12(t) => format!(
            "{who} sends NewSessionTicket (RFC 5077): a {}-byte ticket, a name for this session only the server \
             can look up, kept {} s. The browser offers it in session_ticket on its next visit, and the server, \
             finding the session, resumes it. It comes before the server's ChangeCipherSpec, so the Finished \
             messages cover it.",
            t.ticket.len(),
            t.ticket_lifetime_hint
        ),
        // TLS 1.3's messages are explained by `tls13`; one met here came where it has no place.
        other => format!("{who} sends {}.", other.typ().as_str()),
    }
}

/// " The browser checks it: 7 of 8 checks pass; failed: …", once the chain was checked.
fn chain_checked(chain: Option<&ChainReport>) -> String {
    checked_by("The browser checks it", chain)
}

/// What mutual TLS's messages say (`client_auth`), with the feature that makes them.
#[cfg(feature = "client-auth")]
use client_auth::text as mutual_tls_text;

/// Without the `client-auth` feature no run has mutual TLS's messages to explain.
#[cfg(not(feature = "client-auth"))]
fn mutual_tls_text(
    _: Party,
    _: &Handshake,
    _: bool,
    _: bool,
    _: Option<&ChainReport>,
) -> Option<String> {
    None
}

/// " {checker}: n of m checks pass; failed: …." for a chain's report, if there is one.
fn checked_by(checker: &str, chain: Option<&ChainReport>) -> String {
    let Some(report) = chain else {
        return String::new();
    };
    let passed = report.checks.iter().filter(|c| c.ok).count();
    format!(
        " {checker}: {passed} of {} checks pass{}.",
        report.checks.len(),
        match report.checks.iter().find(|c| !c.ok) {
            Some(f) => format!("; failed: {} ({})", f.what, f.detail),
            None => String::new(),
        }
    )
}

/// The first key-schedule value on which the two sides disagree (derivations are in the order
/// they were made; the second side's differing value is `NAME@party`).
fn first_disagreement(derivations: &[Derivation]) -> Option<&'static str> {
    derivations
        .iter()
        .find_map(Derivation::disagrees_on)
        .map(Secret::id)
}

/// The state in which an endpoint has not switched its read keys on yet.
const EXPECT_CCS: &str = "ExpectChangeCipherSpec";

/// The state `party` was in when `rec` arrived: its last state change before it.
fn state_of<'a>(party: Party, earlier: &'a [WireRecord], rec: &'a WireRecord) -> Option<&'a str> {
    earlier
        .iter()
        .chain(std::iter::once(rec))
        .rev()
        .flat_map(|r| r.events.iter().rev())
        .find_map(|e| match e {
            Event::State { party: p, to, .. } if *p == party => Some(to.as_str()),
            _ => None,
        })
}

/// Why a record's tag failed, from what the transcript proves: the record itself was changed
/// on the wire, or it arrived intact and the two sides derived different keys.
/// `subject` names the record that failed ("This record", "The record that failed").
fn bad_record_mac_cause(
    subject: &str,
    rec_faulted: bool,
    derivations: &[Derivation],
) -> Option<String> {
    match first_disagreement(derivations) {
        Some(name) if !rec_faulted => Some(format!(
            "{subject} arrived exactly as it was sent: an earlier handshake message was altered, so the two \
             sides derived different keys (they disagree from {name} on), and the tag made with one side's keys \
             cannot verify under the other's."
        )),
        _ => None,
    }
}

/// What the check behind an alert protects: for a rejected certificate, what that
/// certificate check is for; otherwise what the alert's checks are for.
fn rationale(alert: AlertDescription, chain: Option<&ChainReport>) -> &'static str {
    match chain.and_then(|c| c.error) {
        Some(e) if e.alert() == alert => certificate_rationale(e),
        _ => why_it_matters(alert),
    }
}

/// What each certificate check protects.
fn certificate_rationale(e: CertError) -> &'static str {
    match e {
        CertError::BadSignature => {
            "The CA's signature is what vouches that this public key belongs to this name; a \
             certificate whose signature does not verify may have been forged or altered."
        }
        CertError::HostMismatch => {
            "A valid certificate for another name proves nothing about this one: anyone can get \
             a certificate for a name they control."
        }
        CertError::NotYetValid => {
            "A certificate is vouched for only within its validity period. This one is already \
             signed, but the period the CA vouches for has not begun."
        }
        CertError::UnknownIssuer | CertError::NotCa => why_it_matters(AlertDescription::UnknownCa),
        CertError::Expired => why_it_matters(AlertDescription::CertificateExpired),
        CertError::BadUsage | CertError::Unsupported => {
            "A key certified for other uses must not be used for this one: the CA vouched for the \
             key only as its extensions say."
        }
        CertError::NoCertificate | CertError::Malformed => {
            "Without a certificate that parses, the browser has nothing that ties the server's \
             key to its name."
        }
    }
}

/// What would go wrong if the check behind this alert did not exist.
fn why_it_matters(alert: AlertDescription) -> &'static str {
    match alert {
        AlertDescription::BadRecordMac => {
            "Without the authentication tag, a changed, replayed or reordered record would reach the \
             application as if its sender had written it."
        }
        AlertDescription::DecryptError => {
            "A signature or Finished that does not verify means the bytes were not made by who claims \
             them: Finished is the one check over every handshake message (a changed suite list fails \
             there); a ServerKeyExchange signature covers only the two randoms and the key parameters, \
             and a CA's signature vouches for a certificate's name and key."
        }
        AlertDescription::UnexpectedMessage => {
            "Without a strict order of messages, an attacker could skip a step, such as the server's key \
             exchange (SKIP-TLS, one of the 2015 state-machine attacks), or slip in one the client should \
             refuse (FREAK: an export-grade key the client then used)."
        }
        AlertDescription::DecodeError | AlertDescription::RecordOverflow => {
            "A parser that guessed at malformed bytes could be led to read an attacker's data as \
             something else; the record is rejected instead."
        }
        AlertDescription::ProtocolVersion => {
            "Once the hellos have agreed on TLS 1.2, every record header must say so; a record that says \
             otherwise is not part of this connection (versions are negotiated in the hellos, not here)."
        }
        AlertDescription::CertificateExpired => {
            "An expired certificate's key may have been exposed long ago, and revocation lists stop \
             carrying a certificate once it expires (RFC 5280 §3.3, §4.1.2.5): an old key would be \
             trusted with nobody able to withdraw it."
        }
        AlertDescription::UnknownCa => {
            "Anyone can make a certificate for any name; only a CA the browser trusts vouching for it \
             makes it mean something. Without this check, anyone on the path could present their own."
        }
        AlertDescription::BadCertificate | AlertDescription::UnsupportedCertificate => {
            "A certificate the browser cannot verify, or one issued for something else, ties \
             nothing to this server."
        }
        AlertDescription::HandshakeFailure
        | AlertDescription::IllegalParameter
        | AlertDescription::UnsupportedExtension => {
            "An endpoint that went on with parameters it never offered could be talked into weaker \
             security than it asked for."
        }
        _ => "",
    }
}

/// How a run ended: what the error page and the summary are written from.
pub struct Ending<'a> {
    /// The first fatal alert either side sent, and who sent it.
    pub first_alert: &'a Option<(Party, AlertInfo)>,
    /// Why the first alert was raised, in its sender's words.
    pub reason: Option<&'a str>,
    /// Every value derived: where the two sides' values first differ says why a run failed.
    pub derivations: &'a [Derivation],
    /// The browser's certificate checks, if it got that far.
    pub chain: Option<&'a ChainReport>,
    /// Mutual TLS: the server's CertificateRequest went on the wire, so a later
    /// handshake_failure is about the browser's certificate, not the hello.
    pub client_certificate_asked: bool,
    /// Both sides were left waiting for a record that never came.
    pub stalled: bool,
    /// Both Finished messages verified.
    pub handshake_complete: bool,
    /// The request reached the server and the response the browser.
    pub exchange_complete: bool,
    /// The states the browser and the server wait in.
    pub waiting: (&'a str, &'a str),
    /// The run is TLS 1.3 (its alerts are RFC 8446 §6's).
    pub tls13: bool,
    /// The browser offered TLS 1.3, so it checks ServerHello.random for the downgrade
    /// sentinel (which only an attacker makes it meet: feature `attack`).
    #[cfg(feature = "attack")]
    pub offered_tls13: bool,
}

/// Whether the ServerHello's random ends with TLS 1.3's downgrade sentinel for TLS 1.2.
#[cfg(feature = "attack")]
fn downgrade_marked(derivations: &[Derivation]) -> bool {
    derivations.iter().any(|d| {
        d.id.secret == Secret::ServerRandom
            && d.value.get(24..) == Some(&crate::tls13::DOWNGRADE_TLS12[..])
    })
}

/// What a browser would show, if anything went wrong.
pub fn browser_error(e: &Ending) -> Option<BrowserError> {
    if let Some(err) = e.chain.and_then(|c| c.error) {
        let failed = e
            .chain
            .and_then(|c| c.checks.iter().find(|k| !k.ok))
            .map(|k| format!("{}: {}", k.what, k.detail))
            .unwrap_or_default();
        return Some(BrowserError {
            code: err.browser_code().to_string(),
            title: "Your connection is not private".into(),
            detail: format!(
                "The browser refused the certificate ({failed}). It sends {} as {} names it; \
                 OpenSSL's client would send {}, and Chrome sends {} for every verification failure.",
                err.alert().as_str(),
                if e.tls13 {
                    "RFC 8446 §6.2"
                } else {
                    "RFC 5246 §7.2.2"
                },
                err.openssl_alert().as_str(),
                CertError::CHROME_ALERT.as_str()
            ),
        });
    }
    // The page already arrived: a browser shows it, and a later alert only ends the connection.
    if e.exchange_complete {
        return None;
    }
    if let Some((party, alert)) = e.first_alert {
        let (code, who) = match (party, alert.description) {
            (Party::Server, AlertDescription::BadRecordMac) => {
                ("ERR_SSL_BAD_RECORD_MAC_ALERT", "the server")
            }
            (Party::Server, AlertDescription::DecryptError) => {
                ("ERR_SSL_DECRYPT_ERROR_ALERT", "the server")
            }
            // Chromium's mapping of the server's alerts about the client's certificate
            // (net/ssl/openssl_ssl_util.cc): "the server did not accept your certificate".
            (
                Party::Server,
                AlertDescription::BadCertificate
                | AlertDescription::UnsupportedCertificate
                | AlertDescription::CertificateRevoked
                | AlertDescription::CertificateExpired
                | AlertDescription::CertificateUnknown
                | AlertDescription::AccessDenied
                | AlertDescription::UnknownCa
                | AlertDescription::CertificateRequired,
            ) => ("ERR_BAD_SSL_CLIENT_AUTH_CERT", "the server"),
            // Only a handshake_failure answering the ClientHello means no common cipher; the
            // one a TLS 1.2 server sends for a missing client certificate comes later.
            (Party::Server, AlertDescription::HandshakeFailure) if e.client_certificate_asked => {
                ("ERR_SSL_PROTOCOL_ERROR", "the server")
            }
            (
                Party::Server,
                AlertDescription::HandshakeFailure | AlertDescription::ProtocolVersion,
            ) => ("ERR_SSL_VERSION_OR_CIPHER_MISMATCH", "the server"),
            (Party::Server, _) => ("ERR_SSL_PROTOCOL_ERROR", "the server"),
            // Chromium's own code for RFC 8446 §4.1.3's sentinel (seen through
            // `tls-lab intercept`: crates/cli/tests/interop_attack.rs). Only an attacker on
            // the path makes a TLS 1.3 browser meet it.
            #[cfg(feature = "attack")]
            (Party::Client, AlertDescription::IllegalParameter)
                if e.offered_tls13 && downgrade_marked(e.derivations) =>
            {
                ("ERR_TLS13_DOWNGRADE_DETECTED", "the browser")
            }
            (Party::Client, _) => ("ERR_SSL_PROTOCOL_ERROR", "the browser"),
        };
        return Some(BrowserError {
            code: code.into(),
            title: "This site can't provide a secure connection".into(),
            detail: format!(
                "{} sent a fatal {} alert and closed the connection: {}. {}TLS does not go on with a \
                 connection it cannot verify.",
                capitalise(who),
                alert.name(),
                e.reason.unwrap_or("no reason was given"),
                // One fault per run: when the two sides' keys differ, a handshake message was
                // altered and the record whose tag failed arrived intact.
                match first_disagreement(e.derivations) {
                    Some(name) if alert.description == AlertDescription::BadRecordMac => format!(
                        "Here that record arrived intact: an altered handshake message made the two \
                         sides derive different keys (from {name} on). "
                    ),
                    _ => String::new(),
                }
            ),
        });
    }
    if e.stalled {
        return Some(BrowserError {
            code: "ERR_TIMED_OUT".into(),
            title: "This site can't be reached".into(),
            detail: if e.handshake_complete {
                "The handshake completed, but the request or its answer never arrived: both sides wait for a \
                 record that will not come. After a while the browser gives up."
                    .into()
            } else {
                format!(
                    "The handshake stopped: the browser waits in {} and the server in {}, each for a record \
                     that never arrives. After a while the browser gives up.",
                    e.waiting.0, e.waiting.1
                )
            },
        });
    }
    if !e.exchange_complete {
        return Some(BrowserError {
            code: "ERR_CONNECTION_CLOSED".into(),
            title: "This site can't be reached".into(),
            detail: "The connection closed before the page arrived.".into(),
        });
    }
    None
}

/// One sentence summing up the run.
pub fn summary(e: &Ending) -> String {
    let (stalled, waiting) = (e.stalled, e.waiting);
    match (e.handshake_complete, e.exchange_complete, e.first_alert) {
        (_, true, Some((p, a))) => format!(
            "The request and response crossed encrypted; then {} sent a fatal {} alert and the connection \
             closed. A browser keeps showing the page it already received.",
            p.as_str(),
            a.name()
        ),
        (_, _, Some((p, a))) => format!(
            "{} sent a fatal {} alert; the connection failed.",
            p.as_str(),
            a.name()
        ),
        (true, true, None) => {
            "Handshake complete; the request and response crossed encrypted.".into()
        }
        (true, false, None) if stalled => {
            "The handshake completed, but the request or its answer never arrived: the connection stalled."
                .into()
        }
        _ if stalled => format!(
            "The connection stalled: the browser waits in {}, the server in {}.",
            waiting.0, waiting.1
        ),
        _ => "The connection ended before the exchange completed.".into(),
    }
}

/// ASCII only, like every text it is given: full Unicode case mapping would add its 25 KB
/// tables to the page.
fn capitalise(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// "Both sides now compute master_secret (…)", or, when an altered handshake made them
/// disagree, what each computed.
fn both_compute(value_of: &dyn Fn(SecretId) -> Option<String>) -> String {
    let short = |v: String| v.get(..16).unwrap_or("").to_string();
    let ms = Secret::MasterSecret;
    match (
        value_of(ms.into()),
        value_of(SecretId::copy(ms, Party::Server)),
    ) {
        (Some(b), Some(s)) => format!(
            "The browser computes master_secret ({}…) and the key block; the server, working from different \
             handshake bytes, computes another master_secret ({}…), so their keys will not match.",
            short(b),
            short(s)
        ),
        (Some(b), None) => format!(
            "Both sides now compute master_secret ({}…) and the key block.",
            short(b)
        ),
        _ => "Both sides now compute master_secret and the key block.".into(),
    }
}
