//! The NSS key log format Wireshark reads: `CLIENT_RANDOM <client_random> <master_secret>`,
//! both in hex, one line per TLS 1.2 connection.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::PathBuf;

use engine::crypto::secrets::Secret;

use crate::failure::Failure;

/// One key log line, newline included: the engine's, so `export` and live runs agree.
pub use engine::export::key_log_line as line;

/// Collects a live connection's secrets and appends its line once both are known.
pub struct KeyLog {
    path: PathBuf,
    client_random: Option<Vec<u8>>,
    written: bool,
}

impl KeyLog {
    pub fn new(path: PathBuf) -> KeyLog {
        KeyLog {
            path,
            client_random: None,
            written: false,
        }
    }

    /// Notes a secret the endpoint reported; writes the line at the master secret.
    pub fn secret(&mut self, secret: Secret, value: &[u8]) -> Result<(), Failure> {
        match secret {
            Secret::ClientRandom => self.client_random = Some(value.to_vec()),
            Secret::MasterSecret if !self.written => {
                if let Some(random) = &self.client_random {
                    self.written = true;
                    let entry = line(random, value);
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
                        })?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nss_line() {
        assert_eq!(line(&[0xab; 2], &[0x01, 0x02]), "CLIENT_RANDOM abab 0102\n");
    }
}
