//! The key log format (RFC 9850, the NSS "SSLKEYLOGFILE"): `<label> <client_random> <secret>`
//! per line, in hex; `#` starts a comment.

use std::collections::BTreeMap;
use std::fmt;

use crate::codec::unhex;
use crate::crypto::secrets::Secret;

/// The secrets a key log gives, by client random.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyLog {
    entries: BTreeMap<(Vec<u8>, Label), Vec<u8>>,
}

/// The labels a decrypter of TLS 1.2 and TLS 1.3 connections uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Label {
    /// TLS 1.2: the master secret.
    ClientRandom,
    /// TLS 1.3: `client_handshake_traffic_secret`.
    ClientHandshakeTrafficSecret,
    /// TLS 1.3: `server_handshake_traffic_secret`.
    ServerHandshakeTrafficSecret,
    /// TLS 1.3: `client_application_traffic_secret_0`.
    ClientTrafficSecret0,
    /// TLS 1.3: `server_application_traffic_secret_0`.
    ServerTrafficSecret0,
    /// TLS 1.3: `exporter_master_secret`.
    ExporterSecret,
    /// TLS 1.3: `client_early_traffic_secret`, which opens 0-RTT data (with the
    /// `resumption` feature, which makes 0-RTT).
    #[cfg(feature = "resumption")]
    ClientEarlyTrafficSecret,
}

impl Label {
    /// Every label, in declaration order.
    pub const ALL: &[Label] = &[
        Label::ClientRandom,
        Label::ClientHandshakeTrafficSecret,
        Label::ServerHandshakeTrafficSecret,
        Label::ClientTrafficSecret0,
        Label::ServerTrafficSecret0,
        Label::ExporterSecret,
        #[cfg(feature = "resumption")]
        Label::ClientEarlyTrafficSecret,
    ];

    /// The label as a key log line spells it, e.g. `CLIENT_RANDOM`.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::ClientRandom => "CLIENT_RANDOM",
            Label::ClientHandshakeTrafficSecret => "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
            Label::ServerHandshakeTrafficSecret => "SERVER_HANDSHAKE_TRAFFIC_SECRET",
            Label::ClientTrafficSecret0 => "CLIENT_TRAFFIC_SECRET_0",
            Label::ServerTrafficSecret0 => "SERVER_TRAFFIC_SECRET_0",
            Label::ExporterSecret => "EXPORTER_SECRET",
            #[cfg(feature = "resumption")]
            Label::ClientEarlyTrafficSecret => "CLIENT_EARLY_TRAFFIC_SECRET",
        }
    }

    /// The label under which a decrypter looks for `secret` in a TLS 1.2 or 1.3 connection.
    pub fn of(secret: Secret, tls13: bool) -> Option<Label> {
        Label::ALL
            .iter()
            .copied()
            .find(|l| l.secret() == secret && (tls13 != (*l == Label::ClientRandom)))
    }

    /// The engine's name for the secret behind the label.
    pub fn secret(self) -> Secret {
        match self {
            Label::ClientRandom => Secret::MasterSecret,
            Label::ClientHandshakeTrafficSecret => Secret::ClientHandshakeTrafficSecret,
            Label::ServerHandshakeTrafficSecret => Secret::ServerHandshakeTrafficSecret,
            Label::ClientTrafficSecret0 => Secret::ClientApplicationTrafficSecret,
            Label::ServerTrafficSecret0 => Secret::ServerApplicationTrafficSecret,
            Label::ExporterSecret => Secret::ExporterMasterSecret,
            #[cfg(feature = "resumption")]
            Label::ClientEarlyTrafficSecret => Secret::ClientEarlyTrafficSecret,
        }
    }
}

/// A line of a key log that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyLogError {
    /// From 1.
    pub line: usize,
    /// What is wrong with the line.
    pub reason: String,
}

impl fmt::Display for KeyLogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "key log line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for KeyLogError {}

impl KeyLog {
    /// Reads a key log. Lines with labels this decrypter has no use for (e.g. `RSA`) are
    /// skipped, as Wireshark skips them; a malformed line
    /// with a known label is an error naming it, and so is a file with no usable line at all
    /// (most likely not a key log).
    pub fn parse(text: &str) -> Result<KeyLog, KeyLogError> {
        let mut log = KeyLog::default();
        let mut first_unknown = None;
        for (i, line) in text.lines().enumerate() {
            let err = |reason: String| KeyLogError {
                line: i + 1,
                reason,
            };
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let parts: Vec<&str> = line.split_ascii_whitespace().collect();
            let Some(label) = Label::ALL
                .iter()
                .copied()
                .find(|l| Some(&l.as_str()) == parts.first())
            else {
                first_unknown.get_or_insert((i + 1, parts[0].to_string()));
                continue;
            };
            let [_, random, secret] = parts[..] else {
                return Err(err(format!(
                    "expected \"{} <client_random> <secret>\", found {} field(s)",
                    label.as_str(),
                    parts.len()
                )));
            };
            let random = unhex(random).ok_or_else(|| err("the client random is not hex".into()))?;
            if random.len() != 32 {
                return Err(err(format!(
                    "a client random is 32 bytes, this one is {}",
                    random.len()
                )));
            }
            let secret = unhex(secret).ok_or_else(|| err("the secret is not hex".into()))?;
            let lengths: &[usize] = match label {
                Label::ClientRandom => &[48],
                // SHA-256 or SHA-384 suites.
                _ => &[32, 48],
            };
            if !lengths.contains(&secret.len()) {
                return Err(err(format!(
                    "{} takes a secret of {} bytes, this one is {}",
                    label.as_str(),
                    if lengths.len() == 1 { "48" } else { "32 or 48" },
                    secret.len()
                )));
            }
            log.entries.insert((random, label), secret);
        }
        match first_unknown {
            Some((line, label)) if log.entries.is_empty() => Err(KeyLogError {
                line,
                reason: format!(
                    "not a key log: \"{label}\" is none of CLIENT_RANDOM and the TLS 1.3 traffic secret labels (RFC 9850)"
                ),
            }),
            _ => Ok(log),
        }
    }

    /// The secret logged under `label` for the connection with `client_random`.
    pub fn get(&self, client_random: &[u8], label: Label) -> Option<&[u8]> {
        self.entries
            .get(&(client_random.to_vec(), label))
            .map(Vec::as_slice)
    }

    /// Whether the log holds any secret for the connection with `client_random`.
    pub fn has(&self, client_random: &[u8]) -> bool {
        self.entries
            .range((client_random.to_vec(), Label::ClientRandom)..)
            .next()
            .is_some_and(|((random, _), _)| random == client_random)
    }

    /// Whether the log holds no secret at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
