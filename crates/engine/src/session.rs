//! What outlives a connection so that a later one can resume it (RFC 8446 §2.2, §4.6.1): the
//! browser's ticket, and the server's record of what the tickets it issued stand for. Both
//! roles use it; neither knows the other's states.
//!
//! Without the `resumption` feature no [`Session`] exists and the [`SessionStore`] keeps
//! nothing, so no handshake resumes and the compiler leaves those paths out.

#[cfg(feature = "resumption")]
use std::collections::HashMap;
#[cfg(feature = "resumption")]
use std::sync::{Arc, Mutex, PoisonError};

use crate::crypto::hkdf::HashValue;

/// Whether something made at `since` (Unix seconds) with a `lifetime` in seconds is still
/// valid at `now`; a clock that went back is not a negative age.
pub fn within(since: u64, lifetime: u32, now: u64) -> bool {
    now.checked_sub(since)
        .is_some_and(|age| age < u64::from(lifetime))
}

/// A session the browser can resume, as the server handed it over.
#[cfg(feature = "resumption")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Session {
    /// A TLS 1.3 NewSessionTicket and the PSK it stands for.
    Tls13(Ticket),
    /// A TLS 1.2 session: its ID, perhaps a ticket (RFC 5077), and its master secret.
    Tls12(Session12),
}

/// Without the `resumption` feature there is no session to resume.
#[cfg(not(feature = "resumption"))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Session {}

impl Session {
    /// The TLS 1.3 ticket, if this is one.
    pub fn tls13(&self) -> Option<&Ticket> {
        match *self {
            #[cfg(feature = "resumption")]
            Session::Tls13(ref t) => Some(t),
            #[cfg(feature = "resumption")]
            Session::Tls12(_) => None,
        }
    }

    /// The TLS 1.2 session, if this is one.
    pub fn tls12(&self) -> Option<&Session12> {
        match *self {
            #[cfg(feature = "resumption")]
            Session::Tls12(ref s) => Some(s),
            #[cfg(feature = "resumption")]
            Session::Tls13(_) => None,
        }
    }
}

/// A TLS 1.2 session as the browser keeps it (RFC 5246 §7.3, RFC 5077).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session12 {
    /// The server it came from.
    pub server_name: String,
    /// The ServerHello's session_id (may be empty when the server gave a ticket instead).
    pub session_id: Vec<u8>,
    /// A session ticket the server sent (RFC 5077 §3.3), offered in session_ticket.
    pub ticket: Option<Vec<u8>>,
    /// The master secret the session carries to the next connection (48 bytes).
    pub master_secret: Vec<u8>,
    /// The key exchange of its suite: a resumption keeps the suite.
    pub kx: crate::msgs::suites::KeyExchange,
    /// Whether it used the extended master secret (RFC 7627 §5.3 ties resumption to it).
    pub ems: bool,
    /// When it was made, on the browser's clock (Unix seconds).
    pub received_at: u64,
    /// How long the browser keeps it, in seconds.
    pub lifetime: u32,
}

impl Session12 {
    /// Whether it may be offered to `server_name` at `now`.
    pub fn usable(&self, server_name: &str, now: u64) -> bool {
        self.server_name == server_name && within(self.received_at, self.lifetime, now)
    }
}

/// What a TLS 1.2 session ID or ticket the server issued stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issued12 {
    /// The master secret.
    pub master_secret: Vec<u8>,
    /// The key exchange of the suite.
    pub kx: crate::msgs::suites::KeyExchange,
    /// Whether the session used the extended master secret.
    pub ems: bool,
    /// When it was issued (Unix seconds).
    pub issued_at: u64,
    /// How long the server keeps it, in seconds.
    pub lifetime: u32,
}

/// A TLS 1.3 ticket as the browser keeps it (RFC 8446 §4.6.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ticket {
    /// The server it came from: offered only to that name again (§4.6.1, §4.2.11).
    pub server_name: String,
    /// The ticket itself, opaque to the browser: the PSK identity it offers.
    pub ticket: Vec<u8>,
    /// `HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, 32)`.
    pub psk: HashValue,
    /// ticket_age_add: hides the ticket's age from an observer (§4.2.11.1).
    pub age_add: u32,
    /// ticket_lifetime, in seconds.
    pub lifetime: u32,
    /// When it arrived, on the browser's clock (Unix seconds).
    pub received_at: u64,
    /// The early data the server would take with it (its early_data extension; 0: none).
    pub max_early_data: u32,
}

impl Ticket {
    /// Whether it may be offered to `server_name` at `now` (Unix seconds): the same name, and
    /// within its lifetime.
    pub fn usable(&self, server_name: &str, now: u64) -> bool {
        self.server_name == server_name && within(self.received_at, self.lifetime, now)
    }

    /// `obfuscated_ticket_age`: the ticket's age in milliseconds plus ticket_age_add, modulo
    /// 2^32 (§4.2.11.1).
    pub fn obfuscated_age(&self, now: u64) -> u32 {
        let age_ms = now.saturating_sub(self.received_at).saturating_mul(1000);
        (age_ms as u32).wrapping_add(self.age_add)
    }
}

/// What a ticket the server issued stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issued {
    /// The PSK, as the browser derives it too.
    pub psk: HashValue,
    /// When it was issued, on the server's clock (Unix seconds).
    pub issued_at: u64,
    /// ticket_lifetime, in seconds.
    pub lifetime: u32,
    /// The 0-RTT data the ticket allows (0: none).
    pub max_early_data: u32,
}

/// The tickets a server issued, by ticket. RFC 8446 §4.6.1 lets a ticket be "a database
/// lookup key or a self-encrypted and self-authenticated value": this server's are lookup
/// keys. Clones share the store: every connection of one server sees it.
#[cfg(feature = "resumption")]
#[derive(Clone, Debug, Default)]
pub struct SessionStore {
    tickets: Arc<Mutex<HashMap<Vec<u8>, Issued>>>,
    /// TLS 1.2: by session ID, and by ticket (RFC 5077), apart.
    sessions12: Arc<Mutex<Sessions12>>,
}

/// TLS 1.2 sessions by how they are named.
#[cfg(feature = "resumption")]
type Sessions12 = HashMap<(Key12, Vec<u8>), Issued12>;

/// How a TLS 1.2 session is looked up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key12 {
    /// By the ServerHello's session_id (RFC 5246 §7.4.1.2).
    SessionId,
    /// By a session ticket (RFC 5077 §3.2).
    Ticket,
}

/// Without the `resumption` feature the store keeps nothing: every ticket is unknown.
#[cfg(not(feature = "resumption"))]
#[derive(Clone, Debug, Default)]
pub struct SessionStore {
    _keeps_nothing: (),
}

#[cfg(not(feature = "resumption"))]
impl SessionStore {
    /// Keeps nothing.
    pub fn keep(&self, _ticket: Vec<u8>, _issued: Issued) {}

    /// Knows nothing.
    pub fn take(&self, _ticket: &[u8]) -> Option<Issued> {
        None
    }

    /// Knows nothing.
    pub fn get(&self, _ticket: &[u8]) -> Option<Issued> {
        None
    }
}

#[cfg(feature = "resumption")]
impl SessionStore {
    /// Remembers what `ticket` stands for.
    pub fn keep(&self, ticket: Vec<u8>, issued: Issued) {
        self.lock().insert(ticket, issued);
    }

    /// What `ticket` stands for, forgetting it: a ticket resumes at most once (§8.1's
    /// single-use tickets, which stop a replayed 0-RTT ClientHello).
    pub fn take(&self, ticket: &[u8]) -> Option<Issued> {
        self.lock().remove(ticket)
    }

    /// What `ticket` stands for, keeping it for another use.
    pub fn get(&self, ticket: &[u8]) -> Option<Issued> {
        self.lock().get(ticket).cloned()
    }

    /// Remembers a TLS 1.2 session under its ID or ticket.
    pub fn keep12(&self, key: Key12, id: Vec<u8>, issued: Issued12) {
        self.sessions12
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert((key, id), issued);
    }

    /// The TLS 1.2 session under `id`; forgotten when `single_use`.
    pub fn find12(&self, key: Key12, id: &[u8], single_use: bool) -> Option<Issued12> {
        let mut map = self
            .sessions12
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let k = (key, id.to_vec());
        if single_use {
            map.remove(&k)
        } else {
            map.get(&k).cloned()
        }
    }

    /// A store of its own with what this one holds now: later uses of either leave the other
    /// as it was (the simulation's replay asks a server as it was before a ticket was used).
    pub fn snapshot(&self) -> SessionStore {
        SessionStore {
            tickets: Arc::new(Mutex::new(self.lock().clone())),
            sessions12: Arc::new(Mutex::new(
                self.sessions12
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone(),
            )),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Vec<u8>, Issued>> {
        // A panic elsewhere cannot leave a half-written entry: insert and remove are whole.
        self.tickets.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(all(test, feature = "resumption"))]
mod tests {
    use super::*;

    fn ticket(received_at: u64) -> Ticket {
        Ticket {
            server_name: "server.test".into(),
            ticket: vec![1; 32],
            psk: [2; 32],
            age_add: 0xffff_fff0,
            lifetime: 7200,
            received_at,
            max_early_data: 0,
        }
    }

    #[test]
    fn a_ticket_is_offered_to_its_server_within_its_lifetime() {
        let t = ticket(1000);
        assert!(t.usable("server.test", 1000));
        assert!(t.usable("server.test", 1000 + 7199));
        assert!(!t.usable("server.test", 1000 + 7200));
        assert!(!t.usable("other.test", 1001));
        // A clock that went back is not a negative age.
        assert!(!t.usable("server.test", 999));
    }

    #[test]
    fn the_obfuscated_age_wraps_modulo_two_to_the_32() {
        let t = ticket(1000);
        assert_eq!(t.obfuscated_age(1000), 0xffff_fff0);
        assert_eq!(t.obfuscated_age(1002), 2000 - 16);
    }

    #[test]
    fn a_ticket_resumes_once_across_clones_of_the_store() {
        let store = SessionStore::default();
        let other = store.clone();
        let issued = Issued {
            psk: [3; 32],
            issued_at: 5,
            lifetime: 10,
            max_early_data: 0,
        };
        store.keep(vec![9], issued.clone());
        assert_eq!(other.get(&[9]), Some(issued.clone()));
        assert_eq!(other.take(&[9]), Some(issued));
        assert_eq!(store.take(&[9]), None);
        assert_eq!(other.get(&[9]), None);
    }
}
