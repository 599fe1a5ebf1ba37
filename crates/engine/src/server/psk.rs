//! TLS 1.3 resumption on the server's side (RFC 8446 §4.2.9, §4.2.11): which offered ticket
//! it resumes, and the check of that ticket's binder. Any other ClientHello gets a full
//! handshake.

use crate::common::Common;
use crate::error::TlsError;
use crate::msgs::handshake::ClientHello;
use crate::server::ServerConfig;
use crate::tls13::key_schedule::EarlySecrets;
use crate::tls13::keys::Direction;
#[cfg(feature = "resumption")]
use crate::{
    crypto::{hkdf, secrets::Secret},
    msgs::enums::{AlertDescription, ExtensionType, PskKeyExchangeMode},
    msgs::extensions,
    tls13::keys,
};

type Result<T> = std::result::Result<T, TlsError>;

/// The ticket the server resumes with.
#[cfg(feature = "resumption")]
pub struct Resumed {
    /// Its place in the client's list: the ServerHello's selected_identity.
    index: u16,
    /// The early stage, made of its PSK.
    early: EarlySecrets,
    /// The 0-RTT data its ticket allows (0: none).
    max_early_data: u32,
}

/// Without the `resumption` feature no handshake resumes.
#[cfg(not(feature = "resumption"))]
pub enum Resumed {}

#[cfg(feature = "resumption")]
impl Resumed {
    /// Its place in the client's list: the ServerHello's selected_identity.
    pub fn index(&self) -> u16 {
        self.index
    }

    /// The early stage, made of its PSK.
    pub fn early(&self) -> &EarlySecrets {
        &self.early
    }

    /// The 0-RTT data its ticket allows (0: none).
    pub fn max_early_data(&self) -> u32 {
        self.max_early_data
    }

    /// The keys of the client's 0-RTT data, over the ClientHello (the transcript so far).
    pub fn early_data_keys(&self, cx: &mut Common) -> Result<Direction> {
        keys::early_data_keys(cx, &self.early)
    }
}

#[cfg(not(feature = "resumption"))]
impl Resumed {
    /// No value exists.
    pub fn index(&self) -> u16 {
        match *self {}
    }

    /// No value exists.
    pub fn early(&self) -> &EarlySecrets {
        match *self {}
    }

    /// No value exists.
    pub fn max_early_data(&self) -> u32 {
        match *self {}
    }

    /// No value exists.
    pub fn early_data_keys(&self, _: &mut Common) -> Result<Direction> {
        match *self {}
    }
}

/// Resumption is the `resumption` feature's; without it every ClientHello gets a full
/// handshake, its pre_shared_key ignored as a server without PSKs ignores it.
#[cfg(not(feature = "resumption"))]
pub fn choose(_: &mut Common, _: &ServerConfig, _: &ClientHello) -> Result<Option<Resumed>> {
    Ok(None)
}

/// The PSK to resume with, if `m` (the last message of handshake_messages) offers a ticket
/// this server issued and still honours, for `psk_dhe_ke`; `None`: a full handshake. A
/// ticket it holds whose binder does not verify ends the handshake (§4.2.11).
#[cfg(feature = "resumption")]
pub fn choose(cx: &mut Common, config: &ServerConfig, m: &ClientHello) -> Result<Option<Resumed>> {
    let Some(e) = extensions::find(&m.extensions, ExtensionType::PreSharedKey) else {
        return Ok(None);
    };
    let offered = extensions::pre_shared_key_client(&e.body)?;
    let modes = extensions::decode(
        &m.extensions,
        ExtensionType::PskKeyExchangeModes,
        extensions::read_psk_key_exchange_modes,
    )?
    .ok_or_else(|| {
        TlsError::new(
            AlertDescription::MissingExtension,
            "a ClientHello offering pre_shared_key must carry psk_key_exchange_modes (RFC 8446 §4.2.9)",
        )
    })?;
    if offered.identities.len() != offered.binders.len() {
        return Err(TlsError::illegal(format!(
            "pre_shared_key offers {} identities with {} binders: one each (RFC 8446 §4.2.11)",
            offered.identities.len(),
            offered.binders.len()
        )));
    }
    if !modes.contains(&PskKeyExchangeMode::psk_dhe_ke) {
        cx.check(
            "pre_shared_key",
            true,
            "offered for psk_ke only (no key exchange, so no forward secrecy), which this \
             server does not do: a full handshake",
        );
        return Ok(None);
    }
    for (i, (id, received)) in offered.identities.iter().zip(&offered.binders).enumerate() {
        let issued = if config.single_use_tickets {
            config.sessions.take(&id.identity)
        } else {
            config.sessions.get(&id.identity)
        };
        let Some(issued) = issued else {
            continue;
        };
        if !crate::session::within(issued.issued_at, issued.lifetime, config.now) {
            cx.check(
                "pre_shared_key",
                true,
                format!(
                    "ticket {} is past its {} s lifetime: not resumed",
                    i, issued.lifetime
                ),
            );
            continue;
        }
        // The binders are the ClientHello's last bytes: `PskBinderEntry binders<33..2^16-1>`.
        let binders_len = 2 + offered.binders.iter().map(|b| 1 + b.len()).sum::<usize>();
        let truncated_hash = cx
            .handshake_messages
            .len()
            .checked_sub(binders_len)
            .map(|end| hkdf::hash(&cx.handshake_messages[..end]))
            .ok_or_else(|| {
                TlsError::new(
                    AlertDescription::InternalError,
                    "the ClientHello is shorter than its binders",
                )
            })?;
        let early = keys::early_secrets(cx, &issued.psk)?;
        let binder = keys::binder(cx, &early, &truncated_hash)?;
        cx.secret(Secret::PskBinder, received);
        let ok = hkdf::hmac_matches(&binder.finished.finished_key, &truncated_hash, received);
        cx.check(
            "PSK binder",
            ok,
            "HMAC(binder finished_key, Transcript-Hash(ClientHello up to its binders)), with the \
             PSK this server's ticket stands for",
        );
        if !ok {
            return Err(TlsError::new(
                AlertDescription::DecryptError,
                "the PSK binder does not verify: the client does not hold the ticket's PSK, or \
                 the ClientHello changed on the way (RFC 8446 §4.2.11)",
            ));
        }
        let index =
            u16::try_from(i).map_err(|_| TlsError::illegal("more than 65535 PSK identities"))?;
        return Ok(Some(Resumed {
            index,
            early,
            max_early_data: issued.max_early_data,
        }));
    }
    cx.check(
        "pre_shared_key",
        true,
        "no offered ticket is one this server holds (another server's, or already used): a \
         full handshake",
    );
    Ok(None)
}
