//! TLS 1.3 resumption on the browser's side (RFC 8446 §4.2.11, §4.2.10): the ticket it
//! offers in its ClientHello, the binder that proves it holds the ticket's PSK, and the
//! 0-RTT data it sends behind the ClientHello. Without the `resumption` feature there is no
//! [`Resuming`], so the compiler leaves all of it out.

use crate::client::ClientConfig;
use crate::common::Common;
use crate::error::TlsError;
use crate::msgs::handshake::ClientHello;
use crate::tls13::key_schedule::EarlySecrets;
#[cfg(feature = "resumption")]
use crate::{
    crypto::{
        hkdf::{self, HASH_LEN},
        secrets::Secret,
    },
    msgs::enums::ExtensionType,
    msgs::extensions::{Extension, PskIdentity},
    msgs::handshake::Handshake,
    session::{Session, Ticket},
    tls13::keys,
};

/// A ticket the ClientHello offers, and the early stage its PSK makes.
#[cfg(feature = "resumption")]
#[derive(Clone)]
pub struct Resuming {
    ticket: Ticket,
    early: EarlySecrets,
}

/// Without the `resumption` feature the browser offers no ticket.
#[cfg(not(feature = "resumption"))]
#[derive(Clone)]
pub enum Resuming {}

#[cfg(feature = "resumption")]
impl Resuming {
    /// The ticket to offer: one from this server (TLS 1.3 only), still valid (§4.6.1).
    pub fn offer(cx: &mut Common, config: &ClientConfig) -> Result<Option<Resuming>, TlsError> {
        let ticket = config.resume.as_ref().and_then(Session::tls13);
        Ok(match (&config.tls13, ticket) {
            (Some(_), Some(t)) if t.usable(&config.server_name, config.now) => Some(Resuming {
                early: keys::early_secrets(cx, &t.psk)?,
                ticket: t.clone(),
            }),
            _ => None,
        })
    }

    /// The early stage, made of the ticket's PSK.
    pub fn early(&self) -> &EarlySecrets {
        &self.early
    }

    /// The request to send as 0-RTT data: `config.early_data`, if the ticket allows that
    /// much (§4.2.10).
    pub fn early_data<'c>(&self, config: &'c ClientConfig) -> Option<&'c [u8]> {
        config
            .early_data
            .as_deref()
            .filter(|d| !d.is_empty() && d.len() <= self.ticket.max_early_data as usize)
    }

    /// Adds [early_data and] pre_shared_key, the last extension (§4.2.11), offering the
    /// ticket with its binder: an HMAC over the handshake so far and this ClientHello up to
    /// the binders, so it is computed over the message with a stand-in binder of the same
    /// length, then put in.
    pub fn bind(
        &self,
        cx: &mut Common,
        hello: &mut ClientHello,
        now: u64,
        early_data: bool,
    ) -> Result<(), TlsError> {
        if early_data {
            hello
                .extensions
                .push(Extension::empty(ExtensionType::EarlyData));
        }
        let identity = [PskIdentity {
            identity: self.ticket.ticket.clone(),
            obfuscated_ticket_age: self.ticket.obfuscated_age(now),
        }];
        hello.extensions.push(Extension::pre_shared_key_client(
            &identity,
            &[vec![0; HASH_LEN]],
        ));
        let encoded = Handshake::ClientHello(hello.clone()).encode();
        // binders<33..2^16-1>: its length, then one entry's length and value.
        let binders_len = 2 + 1 + HASH_LEN;
        let mut truncated = cx.handshake_messages.clone();
        truncated.extend_from_slice(&encoded[..encoded.len() - binders_len]);
        let binder = keys::binder(cx, &self.early, &hkdf::hash(&truncated))?
            .finished
            .verify_data;
        cx.secret(Secret::PskBinder, &binder);
        hello.extensions.pop();
        hello.extensions.push(Extension::pre_shared_key_client(
            &identity,
            &[binder.to_vec()],
        ));
        Ok(())
    }

    /// Sends `data` as 0-RTT data right behind the ClientHello, under
    /// client_early_traffic_secret; in compatibility mode the ChangeCipherSpec goes first
    /// (App. D.4).
    pub fn send_early_data(
        &self,
        cx: &mut Common,
        compat: bool,
        data: &[u8],
    ) -> Result<(), TlsError> {
        let keys = keys::early_data_keys(cx, &self.early)?;
        if compat {
            cx.send_compat_change_cipher_spec()?;
        }
        cx.activate_write_cipher(keys.cipher()?, keys.key_name);
        cx.send_app_data(data)?;
        cx.check(
            crate::tls13::EARLY_DATA_CHECK,
            true,
            format!(
                "{} bytes of early data sent right behind the ClientHello, under \
                 client_early_traffic_secret: made of the PSK alone, so without forward \
                 secrecy, and a recording of it could be replayed",
                data.len()
            ),
        );
        Ok(())
    }
}

#[cfg(not(feature = "resumption"))]
impl Resuming {
    /// Without the feature, nothing to offer.
    pub fn offer(_: &mut Common, _: &ClientConfig) -> Result<Option<Resuming>, TlsError> {
        Ok(None)
    }

    /// No value exists.
    pub fn early(&self) -> &EarlySecrets {
        match *self {}
    }

    /// No value exists.
    pub fn early_data<'c>(&self, _: &'c ClientConfig) -> Option<&'c [u8]> {
        match *self {}
    }

    /// No value exists.
    pub fn bind(
        &self,
        _: &mut Common,
        _: &mut ClientHello,
        _: u64,
        _: bool,
    ) -> Result<(), TlsError> {
        match *self {}
    }

    /// No value exists.
    pub fn send_early_data(&self, _: &mut Common, _: bool, _: &[u8]) -> Result<(), TlsError> {
        match *self {}
    }
}
