//! `tls-lab export`: the simulated connection as a pcap and an NSS key log, for Wireshark.
//! The files are made by `engine::export`, the same code behind the page's downloads.

use engine::pki;

use crate::args::ExportArgs;
use crate::failure::Failure;
use crate::text::note;

pub fn run(args: &ExportArgs) -> Result<(), Failure> {
    let mut scenario = super::scenario(&args.sim)?;
    if let Some(send) = &args.send {
        scenario.request = send.clone();
    }
    if let Some(reply) = &args.reply {
        scenario.response = reply.clone();
    }
    let t = engine::simulate(&scenario);

    let (pcap, packets) = engine::export::pcap(&t);
    super::write_file("--pcap", &args.pcap, &pcap)?;
    let lines = engine::export::key_log(&t);
    super::write_file("--keylog", &args.keylog, lines.as_bytes())?;
    if let Some(path) = &args.server_key {
        super::write_file("--server-key", path, pki::key_pem(scenario.cert).as_bytes())?;
    }
    let attacker_connection = t
        .attacker
        .as_ref()
        .and_then(|a| a.server_connection.as_ref());
    if let (Some(pcap_path), Some(keylog_path)) = (&args.attacker_pcap, &args.attacker_keylog) {
        let Some(upstream) = attacker_connection else {
            return Err(Failure::usage(format!(
                "--attacker-pcap: with --attack {} the attacker relays the browser's connection and has none of its own: --pcap holds it all",
                scenario.attack.map_or("", |a| a.as_str())
            )));
        };
        let (pcap, packets) = engine::export::pcap(upstream);
        super::write_file("--attacker-pcap", pcap_path, &pcap)?;
        let lines = engine::export::key_log(upstream);
        super::write_file("--attacker-keylog", keylog_path, lines.as_bytes())?;
        note(&format!(
            "wrote {} ({packets} packets: the attacker's own connection to the server) and {} ({})",
            pcap_path.display(),
            keylog_path.display(),
            key_log_summary(&lines),
        ));
    }

    note(&format!(
        "wrote {} ({packets} packets, {} TLS records, 10.0.0.1 → 10.0.0.2:443, {}) and {} ({})",
        args.pcap.display(),
        t.records.iter().filter(|r| r.delivered).count(),
        scenario.protocol.suite().suite,
        args.keylog.display(),
        key_log_summary(&lines),
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
            alert.name(),
            party.as_str().to_lowercase()
        ));
    }
    Ok(())
}

/// What the key log holds, by label: "1 line: CLIENT_RANDOM" for TLS 1.2, the traffic
/// secrets' labels for TLS 1.3 (RFC 9850).
fn key_log_summary(lines: &str) -> String {
    let labels: Vec<&str> = lines.lines().filter_map(|l| l.split(' ').next()).collect();
    match labels.len() {
        0 => "empty: no secret was derived".to_string(),
        1 => format!("1 line: {}", labels[0]),
        n => format!("{n} lines: {}", labels.join(", ")),
    }
}
