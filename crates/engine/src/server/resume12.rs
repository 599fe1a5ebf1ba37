//! TLS 1.2 resumption on the server's side (feature `resumption`): the session a ClientHello
//! names by session_id (RFC 5246 §7.4.1.2) or by ticket (RFC 5077 §3.2), the abbreviated
//! handshake that resumes it (§7.3), and the session a full handshake leaves. The extended
//! master secret ties a session to how it was made (RFC 7627 §5.3).
//!
//! ```text
//! ClientHello ─► (ServerHello, [NewSessionTicket], ChangeCipherSpec, Finished)
//!   ─► ExpectChangeCipherSpec ─► ExpectFinished ─► Connected
//! ```

use crate::common::{Common, Negotiated};
use crate::crypto::secrets::Secret;
use crate::error::TlsError;
use crate::msgs::enums::{AlertDescription, Compression, ExtensionType, ProtocolVersion};
use crate::msgs::extensions::{self, Extension};
use crate::msgs::handshake::{ClientHello, Handshake, NewSessionTicket12, ServerHello};
use crate::msgs::suites::KeyExchange;
use crate::server::ServerConfig;
use crate::server::tls12::{Choice, ExpectChangeCipherSpec, State, Then};
use crate::session::{Issued12, Key12};
use crate::tls12::key_schedule::{Keys, send_change_cipher_spec_and_finished};
use crate::tls13::DOWNGRADE_TLS12;
use crate::transcript::Party;

type Result<T> = std::result::Result<T, TlsError>;

/// How long a TLS 1.2 session or ticket is honoured, in seconds (RFC 5246 §F.1.4 suggests
/// at most 24 hours).
const SESSION_LIFETIME_SECONDS: u32 = 7200;

/// The session `m` resumes, if it names one this server holds, still valid, whose suite
/// the client offers again; `None`: a full handshake. A session that used the extended
/// master secret, offered without it, ends the handshake (RFC 7627 §5.3).
pub fn find(cx: &mut Common, config: &ServerConfig, m: &ClientHello) -> Result<Option<Issued12>> {
    let ticket = extensions::find(&m.extensions, ExtensionType::SessionTicket)
        .filter(|e| !e.body.is_empty());
    // A ticket is used once when tickets are single-use; a session ID stays valid, as
    // servers keep them.
    let (issued, by) = match ticket {
        Some(e) => (
            config
                .sessions
                .find12(Key12::Ticket, &e.body, config.single_use_tickets),
            "ticket",
        ),
        None if !m.session_id.is_empty() => (
            config
                .sessions
                .find12(Key12::SessionId, &m.session_id, false),
            "session_id",
        ),
        None => return Ok(None),
    };
    let Some(issued) = issued else {
        return Ok(None);
    };
    if !crate::session::within(issued.issued_at, issued.lifetime, config.now) {
        cx.check(
            "resumption",
            true,
            format!("the {by} names a session past its lifetime: a full handshake"),
        );
        return Ok(None);
    }
    if !m.cipher_suites.contains(&issued.kx.suite()) || !config.accept.contains(&issued.kx) {
        cx.check(
            "resumption",
            true,
            format!("the {by} names a session whose suite is not offered again: a full handshake"),
        );
        return Ok(None);
    }
    let offers_ems = extensions::find(&m.extensions, ExtensionType::ExtendedMasterSecret).is_some();
    match (issued.ems, offers_ems && config.ems) {
        (true, false) => Err(TlsError::new(
            AlertDescription::HandshakeFailure,
            "the session used the extended master secret and this ClientHello does not offer \
             it: RFC 7627 §5.3 says to abort rather than resume it",
        )),
        (false, true) => {
            cx.check(
                "resumption",
                true,
                "the session did not use the extended master secret and this ClientHello \
                 offers it: RFC 7627 §5.3 forbids resuming it, so a full handshake",
            );
            Ok(None)
        }
        _ => Ok(Some(issued)),
    }
}

/// The abbreviated handshake (RFC 5246 §7.3): ServerHello echoing the client's session_id,
/// a new ticket if the client takes tickets, then at once ChangeCipherSpec and Finished
/// under keys from the session's master secret and the new randoms. No certificate, no key
/// exchange: the master secret is the earlier connection's.
pub fn abbreviated(
    cx: &mut Common,
    config: &ServerConfig,
    m: ClientHello,
    issued: Issued12,
    choice: Choice,
    downgrade: bool,
) -> Result<State> {
    cx.negotiated = Some(Negotiated {
        resumed: true,
        ..Negotiated::tls12(issued.kx, issued.ems)
    });
    cx.secret(Secret::ClientRandom, &m.random);
    let mut server_random: [u8; 32] = cx.rng.bytes();
    if downgrade {
        server_random[24..].copy_from_slice(&DOWNGRADE_TLS12);
    }
    cx.secret(Secret::ServerRandom, &server_random);
    let ticket = extensions::find(&m.extensions, ExtensionType::SessionTicket).is_some();
    let mut ext = Vec::new();
    if choice.renegotiation_info {
        ext.push(Extension::renegotiation_info_initial());
    }
    if issued.ems {
        ext.push(Extension::empty(ExtensionType::ExtendedMasterSecret));
    }
    if issued.kx == KeyExchange::Ecdhe && choice.point_formats {
        ext.push(Extension::ec_point_formats());
    }
    ext.extend(choice.alpn);
    if ticket {
        ext.push(Extension::empty(ExtensionType::SessionTicket));
    }
    cx.send_handshake(&Handshake::ServerHello(ServerHello {
        server_version: ProtocolVersion::Tls12,
        random: server_random,
        session_id: m.session_id.clone(),
        cipher_suite: issued.kx.suite(),
        compression_method: Compression::Null,
        extensions_present: true,
        extensions: ext,
    }))?;
    if ticket {
        send_ticket(cx, config, &issued)?;
    }
    cx.check(
        "resumption",
        true,
        "the ClientHello names a session this server holds: an abbreviated handshake, its \
         master secret reused, no certificate and no key exchange",
    );
    let keys = Keys::resume(cx, &issued.master_secret, &m.random, &server_random);
    send_change_cipher_spec_and_finished(cx, &keys, Party::Server)?;
    Ok(State::ExpectChangeCipherSpec(ExpectChangeCipherSpec {
        keys,
        then: Then::Done,
    }))
}

/// After a full handshake's client Finished: keeps the session under the ServerHello's
/// session_id and, if the client takes tickets, sends one (RFC 5077 §3.3).
pub fn keep(
    cx: &mut Common,
    config: &ServerConfig,
    keys: &Keys,
    session_id: Vec<u8>,
    ticket: bool,
) -> Result<()> {
    let Some(n) = cx.negotiated else {
        return Ok(());
    };
    let Some(kx) = n.suite.kx else {
        return Ok(());
    };
    let issued = Issued12 {
        master_secret: keys.master_secret.clone(),
        kx,
        ems: n.ems,
        issued_at: config.now,
        lifetime: SESSION_LIFETIME_SECONDS,
    };
    if ticket {
        send_ticket(cx, config, &issued)?;
    }
    config.sessions.keep12(Key12::SessionId, session_id, issued);
    Ok(())
}

/// A NewSessionTicket: 32 random bytes this server keeps, with the session they stand for
/// (RFC 5077 §4 lets the ticket be any value the server can look up).
fn send_ticket(cx: &mut Common, config: &ServerConfig, issued: &Issued12) -> Result<()> {
    let ticket = cx.rng.bytes::<32>().to_vec();
    config.sessions.keep12(
        Key12::Ticket,
        ticket.clone(),
        Issued12 {
            issued_at: config.now,
            ..issued.clone()
        },
    );
    cx.send_handshake(&Handshake::NewSessionTicket12(NewSessionTicket12 {
        ticket_lifetime_hint: SESSION_LIFETIME_SECONDS,
        ticket,
    }))
}
