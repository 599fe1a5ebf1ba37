//! `tls-lab export`: the simulated connection as a pcap and an NSS key log, for Wireshark.

use engine::pki;
use engine::transcript::{Party, Transcript};

use crate::args::ExportArgs;
use crate::failure::Failure;
use crate::keylog;
use crate::pcap::{Host, Side, TcpCapture};
use crate::text::note;

/// The simulated browser and server: documentation-style private addresses, written into the
/// file only (nothing is sent anywhere).
const CLIENT_IP: [u8; 4] = [10, 0, 0, 1];
const SERVER_IP: [u8; 4] = [10, 0, 0, 2];
/// Locally administered MAC addresses.
const CLIENT_MAC: [u8; 6] = [0x02, 0, 0, 0, 0, 0x01];
const SERVER_MAC: [u8; 6] = [0x02, 0, 0, 0, 0, 0x02];
const HTTPS_PORT: u16 = 443;

pub fn run(args: &ExportArgs) -> Result<(), Failure> {
    let mut scenario = super::scenario(&args.sim)?;
    if let Some(send) = &args.send {
        scenario.request = send.clone();
    }
    if let Some(reply) = &args.reply {
        scenario.response = reply.clone();
    }
    let t = engine::simulate(&scenario);

    let (pcap, packets) = capture(&t);
    super::write_file("--pcap", &args.pcap, &pcap)?;
    let lines = match (value(&t, "client_random"), value(&t, "master_secret")) {
        (Some(random), Some(master)) => keylog::line(random, master),
        _ => String::new(),
    };
    super::write_file("--keylog", &args.keylog, lines.as_bytes())?;
    if let Some(path) = &args.server_key {
        super::write_file("--server-key", path, pki::key_pem(scenario.cert).as_bytes())?;
    }

    note(&format!(
        "wrote {} ({packets} packets, {} TLS records, 10.0.0.1 → 10.0.0.2:443, {}) and {} ({})",
        args.pcap.display(),
        t.records.iter().filter(|r| r.delivered).count(),
        scenario.kx.suite(),
        args.keylog.display(),
        if lines.is_empty() {
            "empty: no master secret was derived"
        } else {
            "1 CLIENT_RANDOM line"
        },
    ));
    if let Some(path) = &args.server_key {
        note(&format!(
            "wrote {} (the server's RSA private key, PEM)",
            path.display()
        ));
    }
    if let Some((party, alert)) = &t.outcome.alert {
        note(&format!(
            "the simulated handshake ended with alert {} from the {}: the capture shows it",
            alert.name,
            party.as_str().to_lowercase()
        ));
    }
    Ok(())
}

/// The pcap of the run: TCP open, each delivered record as one segment from its sender,
/// FIN/ACK teardown started by the browser. Returns the file and its number of packets.
fn capture(t: &Transcript) -> (Vec<u8>, usize) {
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

/// The value of a derivation, as both sides agree on it.
fn value<'a>(t: &'a Transcript, id: &str) -> Option<&'a [u8]> {
    t.derivations
        .iter()
        .find(|d| d.id == id)
        .map(|d| d.value.as_slice())
}

/// SplitMix64 (Steele, Lea, Flood 2014): a few well-spread numbers from the seed. Not for
/// secrets; these are TCP bookkeeping values in a file.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}
