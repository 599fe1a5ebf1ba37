//! The key log Wireshark reads (RFC 9850): `CLIENT_RANDOM <client_random> <master_secret>`
//! for a TLS 1.2 connection, a `*_TRAFFIC_SECRET*` line per secret for a TLS 1.3 one.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::PathBuf;

use engine::crypto::secrets::Secret;
use engine::export::{key_log_label, key_log_line};

use crate::failure::Failure;

/// Collects a live connection's secrets and appends each line once it can be written.
pub struct KeyLog {
    path: PathBuf,
    client_random: Option<Vec<u8>>,
}

impl KeyLog {
    pub fn new(path: PathBuf) -> KeyLog {
        KeyLog {
            path,
            client_random: None,
        }
    }

    /// Notes a secret the endpoint reported in a connection of that version; writes its
    /// line if a decrypter needs it.
    pub fn secret(&mut self, secret: Secret, value: &[u8], tls13: bool) -> Result<(), Failure> {
        if secret == Secret::ClientRandom {
            self.client_random = Some(value.to_vec());
            return Ok(());
        }
        let (Some(label), Some(random)) = (key_log_label(secret, tls13), &self.client_random)
        else {
            return Ok(());
        };
        let entry = key_log_line(label, random, value);
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .and_then(|mut f| f.write_all(entry.as_bytes()))
            .map_err(|e| {
                Failure::failed(format!(
                    "cannot write --keylog {}: {e}",
                    self.path.display()
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nss_lines() {
        assert_eq!(
            key_log_line("CLIENT_RANDOM", &[0xab; 2], &[0x01, 0x02]),
            "CLIENT_RANDOM abab 0102\n"
        );
        assert_eq!(key_log_label(Secret::MasterSecret, true), None);
        assert_eq!(
            key_log_label(Secret::ServerApplicationTrafficSecret, true),
            Some("SERVER_TRAFFIC_SECRET_0")
        );
    }
}
