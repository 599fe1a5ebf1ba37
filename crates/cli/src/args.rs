//! The command line, parsed by hand: four commands, a few flags each.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use engine::pki::CertKind;
use engine::{Fault, KeyExchange};

use crate::failure::Failure;

pub const USAGE: &str = "\
tls-lab: TLS Lab's TLS 1.2 engine (a real client and server) from the command line

USAGE
  tls-lab transcript [--suite rsa|ecdhe] [--seed N|fresh] [--json] [--ems 0|1]
                     [--fault SPEC] [--cert KIND] [--hex]
      Simulate one connection between the engine's browser and server and print every
      record on the wire, every derived value and the outcome (or all of it as JSON).
      --hex adds each record's bytes (and an encrypted record's plaintext).

  tls-lab export     [--suite rsa|ecdhe] [--seed N|fresh] [--ems 0|1] [--cert KIND]
                     --pcap FILE --keylog FILE [--server-key FILE] [--send TEXT] [--reply TEXT]
      Write the simulated connection as a classic pcap (Ethernet/IPv4/TCP, 10.0.0.1 to
      10.0.0.2:443; addresses only written in the file) and an NSS key log (CLIENT_RANDOM),
      so Wireshark or tshark decrypt it. --server-key also writes the server's RSA private
      key (PEM), enough to decrypt an RSA key exchange on its own.

  tls-lab connect    HOST:PORT --server-name NAME --ca CA.pem [--suite rsa|ecdhe]
                     [--send TEXT] [--ems 0|1] [--keylog FILE] [--timeout SECS]
                     [--deadline SECS]
      Run the engine's client against a real TLS 1.2 server (e.g. openssl s_server): check
      its certificate against CA.pem and NAME, send TEXT, print what the server sends back
      until close_notify or a quiet second. A server that asks for a client certificate
      gets an empty Certificate (RFC 5246 §7.4.6). Exit 0 only if handshake and exchange
      succeeded.

  tls-lab serve      HOST:PORT --cert CERT.pem --key KEY.pem [--suite rsa|ecdhe]
                     [--reply TEXT] [--ems 0|1] [--keylog FILE] [--timeout SECS]
                     [--deadline SECS] [--once]
      Serve real TLS 1.2 clients (openssl s_client, gnutls-cli, curl, a browser) until
      interrupted (Ctrl-C): each connection runs in its own thread (at most 16 at once) and
      prints its handshake as it happens, its lines tagged #N. Per connection: complete the
      handshake, print what the client sends, answer TEXT, close with close_notify. An
      HTTP/1.1 request is answered with an HTTP response whose body is TEXT (so a browser
      shows it). A client that closes TCP without close_notify after the exchange gets a
      warning, not an error.
      --once  serve one connection, then exit with its status (0 only if it succeeded).

  tls-lab --help

OPTIONS
  --suite rsa|ecdhe  rsa:   TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c), RSA key transport
                     ecdhe: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f), X25519
                     transcript and export default to rsa; without it connect offers and
                     serve accepts both, ecdhe first.
  --seed N|fresh     seeds all randomness of a simulation (default 1); fresh picks one
                     from the OS and prints it so the run can be repeated.
  --ems 0|1          offer/accept the extended master secret, RFC 7627 (default 1).
  --fault SPEC       what the wire does to record N (numbered as transcript prints them):
                     drop:N  flip:N:OFFSET  reorder:N  replay:N  truncate:N:LENGTH
  --cert KIND        the chain the simulated server presents: valid (default), expired,
                     not-yet-valid, wrong-host, unknown-ca, bad-signature
  --keylog FILE      append CLIENT_RANDOM lines for Wireshark (connect, serve).
  --timeout SECS     the idle timer (connect, serve): the longest silence from the peer
                     while we wait for its next bytes (default 5). A peer that sent a few
                     bytes and then stops is reported as stalled after that many bytes.
  --deadline SECS    the overall handshake deadline (connect, serve): the longest a handshake
                     may take in all, however the peer trickles its bytes (default 30).

EXIT STATUS
  0 success; 1 the run failed (a file, the network, or a TLS alert, named on stderr);
  2 the command line is wrong. transcript and export exit 0 when a simulated handshake
  fails as asked (--fault, --cert): the failure is the lesson, and its alert is printed.
";

/// A parsed command line.
#[derive(Debug)]
pub enum Command {
    Help,
    Transcript(TranscriptArgs),
    Export(ExportArgs),
    Connect(ConnectArgs),
    Serve(ServeArgs),
}

/// What a simulation needs (transcript and export).
#[derive(Debug)]
pub struct Simulation {
    pub kx: KeyExchange,
    pub seed: Seed,
    pub ems: bool,
    pub cert: CertKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seed {
    Fixed(u64),
    /// Drawn from the OS at run time.
    Fresh,
}

#[derive(Debug)]
pub struct TranscriptArgs {
    pub sim: Simulation,
    pub fault: Option<Fault>,
    pub json: bool,
    /// Print each record's bytes in the readable form.
    pub hex: bool,
}

#[derive(Debug)]
pub struct ExportArgs {
    pub sim: Simulation,
    pub pcap: PathBuf,
    pub keylog: PathBuf,
    pub server_key: Option<PathBuf>,
    pub send: Option<String>,
    pub reply: Option<String>,
}

/// What a real connection needs (connect and serve).
#[derive(Debug)]
pub struct Peer {
    /// HOST:PORT as given.
    pub addr: String,
    /// Suites to offer (client) or accept (server), most preferred first.
    pub suites: Vec<KeyExchange>,
    pub ems: bool,
    pub keylog: Option<PathBuf>,
    /// The idle timer: the longest silence from the peer while we wait for its bytes.
    pub timeout: Duration,
    /// The overall handshake deadline, however the peer trickles its bytes.
    pub deadline: Duration,
}

#[derive(Debug)]
pub struct ConnectArgs {
    pub peer: Peer,
    pub server_name: String,
    pub ca: PathBuf,
    pub send: String,
}

#[derive(Debug)]
pub struct ServeArgs {
    pub peer: Peer,
    pub cert: PathBuf,
    pub key: PathBuf,
    pub reply: String,
    /// Serve one connection, then exit with its status.
    pub once: bool,
}

pub const DEFAULT_TIMEOUT_SECS: u64 = 5;
pub const DEFAULT_DEADLINE_SECS: u64 = 30;
pub const DEFAULT_REPLY: &str = "hello from tls-lab serve\n";

/// Parses the arguments after the program's name.
pub fn parse(args: &[String]) -> Result<Command, Failure> {
    let Some((command, rest)) = args.split_first() else {
        return Err(Failure::usage(
            "no command given: use transcript, export, connect or serve (tls-lab --help)",
        ));
    };
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Command::Help);
    }
    match command.as_str() {
        "--help" | "-h" | "help" => Ok(Command::Help),
        "transcript" => transcript(rest).map(Command::Transcript),
        "export" => export(rest).map(Command::Export),
        "connect" => connect(rest).map(Command::Connect),
        "serve" => serve(rest).map(Command::Serve),
        other => Err(Failure::usage(format!(
            "unknown command \"{other}\": use transcript, export, connect or serve (tls-lab --help)"
        ))),
    }
}

const SIMULATION_FLAGS: [&str; 4] = ["suite", "seed", "ems", "cert"];
const PEER_FLAGS: [&str; 5] = ["suite", "ems", "keylog", "timeout", "deadline"];

fn transcript(args: &[String]) -> Result<TranscriptArgs, Failure> {
    let mut f = Flags::split(
        "transcript",
        args,
        &[&SIMULATION_FLAGS, &["fault"]],
        &["json", "hex"],
    )?;
    f.no_positional()?;
    let fault = f
        .take("fault")
        .map(|spec| Fault::parse(&spec).map_err(|e| Failure::usage(format!("--fault: {e}"))))
        .transpose()?;
    Ok(TranscriptArgs {
        sim: simulation(&mut f)?,
        fault,
        json: f.switch("json"),
        hex: f.switch("hex"),
    })
}

fn export(args: &[String]) -> Result<ExportArgs, Failure> {
    let own = ["pcap", "keylog", "server-key", "send", "reply"];
    let mut f = Flags::split("export", args, &[&SIMULATION_FLAGS, &own], &[])?;
    f.no_positional()?;
    Ok(ExportArgs {
        pcap: f.require("pcap")?.into(),
        keylog: f.require("keylog")?.into(),
        server_key: f.take("server-key").map(PathBuf::from),
        send: f.take("send"),
        reply: f.take("reply"),
        sim: simulation(&mut f)?,
    })
}

fn connect(args: &[String]) -> Result<ConnectArgs, Failure> {
    let own = ["server-name", "ca", "send"];
    let mut f = Flags::split("connect", args, &[&PEER_FLAGS, &own], &[])?;
    let addr = f.one_positional("HOST:PORT")?;
    let server_name = f.require("server-name")?;
    let send = f
        .take("send")
        .unwrap_or_else(|| format!("GET / HTTP/1.1\r\nHost: {server_name}\r\n\r\n"));
    Ok(ConnectArgs {
        ca: f.require("ca")?.into(),
        server_name,
        send,
        peer: peer(&mut f, addr)?,
    })
}

fn serve(args: &[String]) -> Result<ServeArgs, Failure> {
    let own = ["cert", "key", "reply"];
    let mut f = Flags::split("serve", args, &[&PEER_FLAGS, &own], &["once"])?;
    let addr = f.one_positional("HOST:PORT")?;
    Ok(ServeArgs {
        cert: f.require("cert")?.into(),
        key: f.require("key")?.into(),
        reply: f.take("reply").unwrap_or_else(|| DEFAULT_REPLY.to_string()),
        once: f.switch("once"),
        peer: peer(&mut f, addr)?,
    })
}

fn simulation(f: &mut Flags) -> Result<Simulation, Failure> {
    let kx = match f.take("suite") {
        Some(s) => suite(&s)?,
        None => KeyExchange::Rsa,
    };
    let seed = match f.take("seed").as_deref() {
        None => Seed::Fixed(engine::scenario::DEFAULT_SEED),
        Some("fresh") => Seed::Fresh,
        Some(s) => Seed::Fixed(s.parse().map_err(|_| {
            Failure::usage(format!(
                "--seed \"{s}\" is not a number from 0 to 18446744073709551615 (or fresh)"
            ))
        })?),
    };
    let cert = match f.take("cert") {
        Some(s) => CertKind::parse(&s).ok_or_else(|| {
            let kinds: Vec<&str> = CertKind::ALL.iter().map(|k| k.as_str()).collect();
            Failure::usage(format!(
                "unknown --cert \"{s}\": use one of {}",
                kinds.join(", ")
            ))
        })?,
        None => CertKind::Valid,
    };
    Ok(Simulation {
        kx,
        seed,
        ems: ems(f)?,
        cert,
    })
}

fn peer(f: &mut Flags, addr: String) -> Result<Peer, Failure> {
    let suites = match f.take("suite") {
        Some(s) => vec![suite(&s)?],
        None => vec![KeyExchange::Ecdhe, KeyExchange::Rsa],
    };
    let timeout = seconds(f, "timeout", DEFAULT_TIMEOUT_SECS)?;
    let deadline = seconds(f, "deadline", DEFAULT_DEADLINE_SECS)?;
    Ok(Peer {
        addr,
        suites,
        ems: ems(f)?,
        keylog: f.take("keylog").map(PathBuf::from),
        timeout,
        deadline,
    })
}

/// A time limit in seconds, more than 0 and at most an hour.
fn seconds(f: &mut Flags, name: &str, default: u64) -> Result<Duration, Failure> {
    match f.take(name) {
        None => Ok(Duration::from_secs(default)),
        Some(s) => match s.parse::<f64>() {
            Ok(secs) if secs > 0.0 && secs <= 3600.0 => Ok(Duration::from_secs_f64(secs)),
            _ => Err(Failure::usage(format!(
                "--{name} \"{s}\" is not a number of seconds between 0 and 3600"
            ))),
        },
    }
}

fn suite(s: &str) -> Result<KeyExchange, Failure> {
    KeyExchange::parse(s).ok_or_else(|| {
        Failure::usage(format!(
            "unknown --suite \"{s}\": use rsa (TLS_RSA_WITH_AES_128_GCM_SHA256) or ecdhe \
             (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)"
        ))
    })
}

fn ems(f: &mut Flags) -> Result<bool, Failure> {
    match f.take("ems").as_deref() {
        None | Some("1") => Ok(true),
        Some("0") => Ok(false),
        Some(other) => Err(Failure::usage(format!("--ems \"{other}\": use 0 or 1"))),
    }
}

/// A command's arguments split into positionals, `--name value` (or `--name=value`) flags and
/// `--name` switches.
struct Flags {
    command: &'static str,
    positional: Vec<String>,
    values: BTreeMap<String, String>,
    switches: Vec<String>,
}

impl Flags {
    fn split(
        command: &'static str,
        args: &[String],
        with_value: &[&[&str]],
        switches: &[&str],
    ) -> Result<Flags, Failure> {
        let takes_value = |name: &str| with_value.iter().any(|group| group.contains(&name));
        let mut flags = Flags {
            command,
            positional: Vec::new(),
            values: BTreeMap::new(),
            switches: Vec::new(),
        };
        let mut i = 0;
        while i < args.len() {
            let arg = &args[i];
            i += 1;
            let Some(flag) = arg.strip_prefix("--") else {
                flags.positional.push(arg.clone());
                continue;
            };
            let (name, inline) = match flag.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (flag, None),
            };
            if switches.contains(&name) {
                if inline.is_some() {
                    return Err(Failure::usage(format!("--{name} takes no value")));
                }
                flags.switches.push(name.to_string());
                continue;
            }
            if !takes_value(name) {
                return Err(Failure::usage(format!(
                    "{command} has no option --{name} (tls-lab --help)"
                )));
            }
            let value = match inline {
                Some(v) => v,
                None => {
                    let v = args.get(i).ok_or_else(|| {
                        Failure::usage(format!("--{name} needs a value (tls-lab --help)"))
                    })?;
                    i += 1;
                    v.clone()
                }
            };
            if flags.values.insert(name.to_string(), value).is_some() {
                return Err(Failure::usage(format!("--{name} is given twice")));
            }
        }
        Ok(flags)
    }

    fn take(&mut self, name: &str) -> Option<String> {
        self.values.remove(name)
    }

    fn require(&mut self, name: &str) -> Result<String, Failure> {
        self.take(name).ok_or_else(|| {
            Failure::usage(format!("{} needs --{name} (tls-lab --help)", self.command))
        })
    }

    fn switch(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }

    fn no_positional(&self) -> Result<(), Failure> {
        match self.positional.first() {
            None => Ok(()),
            Some(p) => Err(Failure::usage(format!(
                "{} takes no argument \"{p}\" (tls-lab --help)",
                self.command
            ))),
        }
    }

    fn one_positional(&mut self, what: &str) -> Result<String, Failure> {
        match self.positional.len() {
            1 => Ok(self.positional.remove(0)),
            0 => Err(Failure::usage(format!("{} needs {what}", self.command))),
            _ => Err(Failure::usage(format!(
                "{} takes one {what}, got: {}",
                self.command,
                self.positional.join(" ")
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn usage_error(s: &str) -> String {
        match parse(&args(s)) {
            Err(e) if e.is_usage() => e.to_string(),
            other => panic!("expected a usage error for {s:?}, got {other:?}"),
        }
    }

    #[test]
    fn transcript_flags() {
        let Ok(Command::Transcript(t)) = parse(&args(
            "transcript --suite ecdhe --seed=7 --json --ems 0 --fault flip:3:9 --cert expired",
        )) else {
            panic!("transcript did not parse");
        };
        assert_eq!(t.sim.kx, KeyExchange::Ecdhe);
        assert_eq!(t.sim.seed, Seed::Fixed(7));
        assert!(t.json && !t.sim.ems);
        assert_eq!(
            t.fault,
            Some(Fault::Flip {
                record: 3,
                offset: 9
            })
        );
        assert_eq!(t.sim.cert, CertKind::Expired);
    }

    #[test]
    fn defaults() {
        let Ok(Command::Transcript(t)) = parse(&args("transcript")) else {
            panic!("transcript did not parse");
        };
        assert_eq!(t.sim.kx, KeyExchange::Rsa);
        assert!(t.sim.ems && !t.json && t.fault.is_none());
        let Ok(Command::Serve(s)) = parse(&args("serve 127.0.0.1:4433 --cert c --key k")) else {
            panic!("serve did not parse");
        };
        assert_eq!(s.peer.suites, vec![KeyExchange::Ecdhe, KeyExchange::Rsa]);
        assert_eq!(s.peer.timeout, Duration::from_secs(DEFAULT_TIMEOUT_SECS));
        assert_eq!(s.peer.deadline, Duration::from_secs(DEFAULT_DEADLINE_SECS));
        assert!(!s.once);
        let Ok(Command::Serve(s)) = parse(&args(
            "serve 127.0.0.1:0 --cert c --key k --once --timeout 1.5 --deadline 9",
        )) else {
            panic!("serve did not parse");
        };
        assert!(s.once);
        assert_eq!(s.peer.timeout, Duration::from_secs_f64(1.5));
        assert_eq!(s.peer.deadline, Duration::from_secs(9));
    }

    #[test]
    fn mistakes_are_usage_errors() {
        assert!(usage_error("").contains("no command"));
        assert!(usage_error("frobnicate").contains("unknown command"));
        assert!(usage_error("transcript --suite dhe").contains("unknown --suite \"dhe\""));
        assert!(usage_error("transcript --fault melt:1").contains("unknown fault"));
        assert!(usage_error("transcript --fault drop:0").contains("numbered from 1"));
        assert!(usage_error("transcript --seed -1").contains("--seed"));
        assert!(usage_error("transcript --ems 2").contains("--ems"));
        assert!(usage_error("transcript --cert odd").contains("unknown --cert"));
        assert!(usage_error("transcript --seed").contains("needs a value"));
        assert!(usage_error("transcript --seed 1 --seed 2").contains("twice"));
        assert!(usage_error("transcript --json=1").contains("no value"));
        assert!(usage_error("transcript extra").contains("takes no argument"));
        assert!(usage_error("export --pcap a").contains("needs --keylog"));
        assert!(usage_error("connect --ca x --server-name y").contains("needs HOST:PORT"));
        assert!(usage_error("connect h:1 --ca x").contains("needs --server-name"));
        assert!(usage_error("serve h:1 --cert c --key k --timeout 0").contains("--timeout"));
        assert!(
            usage_error("connect h:1 --ca x --server-name y --deadline x").contains("--deadline")
        );
        assert!(usage_error("connect h:1 --ca x --server-name y --once").contains("no option"));
        assert!(usage_error("serve h:1 --cert c --key k --fault drop:1").contains("no option"));
    }

    #[test]
    fn help_anywhere() {
        assert!(matches!(parse(&args("--help")), Ok(Command::Help)));
        assert!(matches!(parse(&args("connect --help")), Ok(Command::Help)));
    }
}
