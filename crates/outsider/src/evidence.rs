//! What the outsider is handed: the bytes an observer recorded and, perhaps, one secret.

use engine::codec::{Reader, Writer};
use engine::decrypt::{Quantum, Recorded, Recording};
use engine::pki;
use engine::transcript::{Party, Transcript};

use crate::wire::{self, Error};

/// An X25519 private key (a scalar).
type Scalar = [u8; 32];

/// Everything the outsider gets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    /// The records both sides sent, in the order they crossed the wire.
    pub recording: Recording,
    /// A secret handed over later, if any.
    pub leak: Option<Leak>,
}

/// A secret that reaches the outsider after the connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Leak {
    /// The server's long-term private key (PKCS#8 DER), stolen.
    ServerKey(Vec<u8>),
    /// What Shor's algorithm on a future quantum computer would compute from the recording's
    /// public keys: the X25519 scalar behind each ephemeral share, and the server's RSA key
    /// (PKCS#8 DER) from its certificate's modulus. No such computer exists, so the simulation
    /// hands them over (`engine::decrypt::Quantum::shor`).
    Quantum {
        /// X25519 scalars.
        x25519: Vec<Scalar>,
        /// The server's RSA private key, PKCS#8 DER.
        server_key: Vec<u8>,
    },
}

/// Which secret reaches the outsider: the page's `leak=` (`server-key`, `quantum`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeakKind {
    /// The server's private key is stolen after the connection.
    ServerKey,
    /// Harvest now, decrypt later: a future quantum computer.
    Quantum,
}

impl LeakKind {
    /// Both kinds.
    pub const ALL: [LeakKind; 2] = [LeakKind::ServerKey, LeakKind::Quantum];

    /// The name in the page's URL.
    pub fn as_str(self) -> &'static str {
        match self {
            LeakKind::ServerKey => "server-key",
            LeakKind::Quantum => "quantum",
        }
    }

    /// The kind a URL names.
    pub fn parse(s: &str) -> Option<LeakKind> {
        LeakKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// `Leak`'s tag on the wire.
const SERVER_KEY: u8 = 1;
const QUANTUM: u8 = 2;

impl Evidence {
    /// What the simulation hands the outsider after run `t`: the bytes a recorder on the path
    /// saw and the secret `leak` stands for (the teaching server's key; for a quantum
    /// computer, also the X25519 scalars Shor's algorithm would compute from the wire).
    pub fn handed(t: &Transcript, leak: Option<LeakKind>) -> Evidence {
        let server_key = pki::key_der().to_vec();
        Evidence {
            recording: Recording::of_transcript(t),
            leak: leak.map(|kind| match kind {
                LeakKind::ServerKey => Leak::ServerKey(server_key),
                LeakKind::Quantum => Leak::Quantum {
                    x25519: Quantum::shor(t, None).x25519,
                    server_key,
                },
            }),
        }
    }

    /// The message the page posts to the worker.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        wire::put_count(&mut w, self.recording.records.len());
        for r in &self.recording.records {
            w.u8(u8::from(r.from == Party::Server));
            w.u8(r.content_type);
            w.u16(r.version);
            w.u24(r.packet.unwrap_or(0));
            wire::put_bytes(&mut w, &r.fragment);
        }
        match &self.leak {
            None => w.u8(0),
            Some(Leak::ServerKey(der)) => {
                w.u8(SERVER_KEY);
                wire::put_bytes(&mut w, der);
            }
            Some(Leak::Quantum { x25519, server_key }) => {
                w.u8(QUANTUM);
                wire::put_bytes(&mut w, &x25519.concat());
                wire::put_bytes(&mut w, server_key);
            }
        }
        w.into_bytes()
    }

    /// The worker's reading of a message: evidence, or why it is not.
    pub fn decode(message: &[u8]) -> Result<Evidence, Error> {
        let mut r = Reader::new(message);
        let n = wire::count(&mut r)?;
        let mut records = Vec::with_capacity(n);
        for _ in 0..n {
            let from = match wire::u8(&mut r)? {
                0 => Party::Client,
                1 => Party::Server,
                other => return Err(format!("a record from side {other}")),
            };
            records.push(Recorded {
                from,
                content_type: wire::u8(&mut r)?,
                version: wire::u16(&mut r)?,
                packet: Some(r.u24("packet").map_err(|e| e.reason)?).filter(|&p| p > 0),
                fragment: wire::bytes(&mut r)?,
            });
        }
        let leak = match wire::u8(&mut r)? {
            0 => None,
            SERVER_KEY => Some(Leak::ServerKey(wire::bytes(&mut r)?)),
            QUANTUM => {
                let scalars = wire::bytes(&mut r)?;
                if scalars.len() % 32 != 0 {
                    return Err("X25519 private keys are 32 bytes each".into());
                }
                Some(Leak::Quantum {
                    x25519: scalars
                        .chunks_exact(32)
                        .filter_map(|c| c.try_into().ok())
                        .collect(),
                    server_key: wire::bytes(&mut r)?,
                })
            }
            other => return Err(format!("an unknown kind of secret ({other})")),
        };
        wire::end(&r)?;
        Ok(Evidence {
            recording: Recording { records },
            leak,
        })
    }
}
