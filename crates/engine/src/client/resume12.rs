//! TLS 1.2 resumption on the browser's side (feature `resumption`): the ClientHello names a
//! kept session by its session_id (RFC 5246 §7.4.1.2) or offers its ticket (RFC 5077 §3.4),
//! and asks for tickets; a ServerHello that echoes the session_id resumes it with the
//! abbreviated handshake (§7.3), whose extended master secret must match the session's
//! (RFC 7627 §5.3); every handshake leaves a session to resume.

use crate::client::ClientConfig;
use crate::client::tls12::{ExpectChangeCipherSpec, Session12Made, State};
use crate::common::{Common, Negotiated, Output};
use crate::crypto::secrets::Secret;
use crate::error::TlsError;
use crate::msgs::enums::{AlertDescription, ExtensionType};
use crate::msgs::extensions::Extension;
use crate::msgs::suites::KeyExchange;
use crate::session::{Session, Session12};
use crate::tls12::key_schedule::Keys;

/// How long the browser keeps a session without a ticket (whose lifetime hint says).
const SESSION_LIFETIME_SECONDS: u32 = 7200;

/// The TLS 1.2 session to offer: one for this server, still valid.
fn saved(config: &ClientConfig) -> Option<&Session12> {
    config
        .resume
        .as_ref()
        .and_then(Session::tls12)
        .filter(|s| !config.offer.is_empty() && s.usable(&config.server_name, config.now))
}

/// The ClientHello's session_id: the kept session's, when it is named by ID; with a ticket,
/// 32 fresh bytes the server echoes when it accepts the ticket (RFC 5077 §3.4) — the ones
/// already drawn for TLS 1.3's compatibility mode, if any; otherwise `drawn`.
pub fn session_id(cx: &mut Common, config: &ClientConfig, drawn: Vec<u8>) -> Vec<u8> {
    match saved(config) {
        Some(s) if s.ticket.is_none() => s.session_id.clone(),
        Some(_) if drawn.is_empty() => cx.rng.bytes::<32>().to_vec(),
        _ => drawn,
    }
}

/// session_ticket: the kept session's ticket, or empty, asking for one (RFC 5077 §3.2),
/// if the browser asks for tickets.
pub fn session_ticket(config: &ClientConfig) -> Option<Extension> {
    match saved(config).and_then(|s| s.ticket.clone()) {
        Some(ticket) => Some(Extension {
            typ: ExtensionType::SessionTicket,
            body: ticket,
        }),
        None if config.ask_for_tickets => Some(Extension::empty(ExtensionType::SessionTicket)),
        None => None,
    }
}

/// The ServerHello echoed the offered session's session_id: the abbreviated handshake. The
/// suite and the extended master secret must be the session's (RFC 7627 §5.3); the keys
/// come from its master secret and the new randoms; the server's ChangeCipherSpec and
/// Finished come next.
pub fn abbreviated(
    cx: &mut Common,
    saved: &Session12,
    kx: KeyExchange,
    ems: bool,
    client_random: [u8; 32],
    server_random: [u8; 32],
    session: Session12Made,
) -> Result<State, TlsError> {
    if kx != saved.kx {
        return Err(TlsError::illegal(
            "the ServerHello resumes the session with another cipher suite (RFC 5246 §7.4.1.3)",
        ));
    }
    if ems != saved.ems {
        return Err(TlsError::new(
            AlertDescription::HandshakeFailure,
            if saved.ems {
                "the ServerHello resumes a session made with the extended master secret \
                 without it (RFC 7627 §5.3)"
            } else {
                "the ServerHello resumes a session made without the extended master secret \
                 with it (RFC 7627 §5.3)"
            },
        ));
    }
    cx.negotiated = Some(Negotiated {
        resumed: true,
        ..Negotiated::tls12(kx, ems)
    });
    cx.secret(Secret::ServerRandom, &server_random);
    cx.check(
        "resumption",
        true,
        "the server echoes the session's session_id: an abbreviated handshake, the master \
         secret reused, no certificate and no key exchange",
    );
    let keys = Keys::resume(cx, &saved.master_secret, &client_random, &server_random);
    Ok(State::ExpectChangeCipherSpec(ExpectChangeCipherSpec {
        keys,
        session: Session12Made {
            abbreviated: true,
            // Resumed by ticket without a new one: the old ticket stays good.
            ticket: saved.ticket.clone().map(|t| (t, saved.lifetime)),
            ..session
        },
    }))
}

/// Once connected: the session to resume next time, if the server gave a session_id or a
/// ticket.
pub fn keep(cx: &mut Common, config: &ClientConfig, keys: &Keys, session: Session12Made) {
    let Some(n) = cx.negotiated else {
        return;
    };
    let Some(kx) = n.suite.kx else {
        return;
    };
    if session.session_id.is_empty() && session.ticket.is_none() {
        return;
    }
    let (ticket, lifetime) = match session.ticket {
        Some((t, hint)) if hint > 0 => (Some(t), hint),
        Some((t, _)) => (Some(t), SESSION_LIFETIME_SECONDS),
        None => (None, SESSION_LIFETIME_SECONDS),
    };
    cx.outputs.push(Output::Resumable(Session::Tls12(Session12 {
        server_name: config.server_name.clone(),
        session_id: session.session_id,
        ticket,
        master_secret: keys.master_secret.clone(),
        kx,
        ems: n.ems,
        received_at: config.now,
        lifetime,
    })));
}
