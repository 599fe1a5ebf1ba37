//! A run as files Wireshark opens: a classic pcap of the TCP connection and an NSS key log.
//! The CLI's `export` writes these; the page offers the same bytes as downloads.

pub mod pcap;

use crate::codec::hex;
use crate::crypto::secrets::Secret;
use crate::decrypt::Label;
use crate::transcript::{Party, Transcript};

use pcap::{Host, Side, TcpCapture};

/// The simulated browser and server: private addresses written into the file only (nothing
/// is sent anywhere).
pub const CLIENT_IP: [u8; 4] = [10, 0, 0, 1];
/// The simulated server's address (see [`CLIENT_IP`]).
pub const SERVER_IP: [u8; 4] = [10, 0, 0, 2];
/// Locally administered MAC addresses.
const CLIENT_MAC: [u8; 6] = [0x02, 0, 0, 0, 0, 0x01];
const SERVER_MAC: [u8; 6] = [0x02, 0, 0, 0, 0, 0x02];
/// The server's TCP port: HTTPS's, so Wireshark dissects the segments as TLS unasked.
pub const HTTPS_PORT: u16 = 443;

/// The pcap of the run: TCP open, each delivered record as one segment from its sender,
/// FIN/ACK teardown started by the browser. Returns the file and its number of packets.
pub fn pcap(t: &Transcript) -> (Vec<u8>, usize) {
    let mut numbers = SplitMix(t.scenario.seed);
    // An ephemeral port (RFC 6335 §6: 49152..65535) and initial sequence numbers that
    // depend on the seed, so an export is as reproducible as the transcript.
    let client_port = 49_152 + (numbers.next() % 16_384) as u16;
    // Truncating to 32 bits keeps them uniformly spread.
    let client_isn = numbers.next() as u32;
    let server_isn = numbers.next() as u32;
    let mut c = TcpCapture::new(
        Host {
            mac: CLIENT_MAC,
            ip: CLIENT_IP,
            port: client_port,
        },
        Host {
            mac: SERVER_MAC,
            ip: SERVER_IP,
            port: HTTPS_PORT,
        },
        client_isn,
        server_isn,
        t.scenario.now,
    );
    c.open();
    for r in t.records.iter().filter(|r| r.delivered) {
        let side = match r.from {
            Party::Client => Side::Client,
            Party::Server => Side::Server,
        };
        c.send(side, &r.bytes);
    }
    c.close(Side::Client);
    let packets = c.packets();
    (c.into_bytes(), packets)
}

/// The run's key log (RFC 9850): for TLS 1.2 its `CLIENT_RANDOM` line, for TLS 1.3 a line per
/// traffic secret; nothing before the keys exist.
pub fn key_log(t: &Transcript) -> String {
    let Some(random) = t.value(Secret::ClientRandom) else {
        return String::new();
    };
    // Only a TLS 1.3 run has a handshake secret.
    let tls13 = t.value(Secret::HandshakeSecret).is_some();
    t.derivations
        .iter()
        .filter(|d| d.id.copy_at.is_none())
        .filter_map(|d| {
            key_log_label(d.id.secret, tls13).map(|l| key_log_line(l, random, &d.value))
        })
        .collect()
}

/// The key log label (RFC 9850) of a secret a decrypter needs, in TLS 1.2 or TLS 1.3.
pub fn key_log_label(secret: Secret, tls13: bool) -> Option<&'static str> {
    Label::of(secret, tls13).map(Label::as_str)
}

/// `<label> <client_random> <secret>`, both in hex, newline included.
pub fn key_log_line(label: &str, client_random: &[u8], secret: &[u8]) -> String {
    format!("{label} {} {}\n", hex(client_random), hex(secret))
}

/// SplitMix64 (Steele, Lea, Flood 2014): a few well-spread numbers from the seed. Not for
/// secrets: TCP bookkeeping values in a file, the order of practice answers.
pub(crate) struct SplitMix(pub(crate) u64);

impl SplitMix {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}
