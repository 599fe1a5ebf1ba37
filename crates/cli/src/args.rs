//! The command line, declared with clap's derive API: each command's flags with their teaching
//! help (`tls-lab CMD --help`), suggestions for mistyped flags, shell completions. Clap's
//! errors are folded into our one-line `Failure` (exit status 2), so scripts see the same
//! shape of error as before.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, CommandFactory, Parser, Subcommand};
use clap_complete::Shell;
use engine::attack::Attack;
use engine::client::Tls13Offer;
use engine::pki::{CertKind, ClientCertKind};
use engine::{Fault, Group, KeyExchange, Protocol};

use crate::failure::Failure;

/// The guide after `tls-lab --help`: what each command does, what each suite and fault means.
pub const GUIDE: &str = "\
COMMANDS
  tls-lab transcript [--suite rsa|ecdhe|tls13] [--group G] [--hrr] [--seed N|fresh]
                     [--json] [--ems 0|1] [--fault SPEC] [--cert KIND] [--client-cert KIND]
                     [--resume [--early-data]] [--attack NAME] [--hex]
      Simulate one connection between the engine's browser and server and print every
      record on the wire, every derived value and the outcome (or all of it as JSON).
      --hex adds each record's bytes (and an encrypted record's plaintext). --resume shows
      the browser's second visit, resuming the session its first one (run, not shown, a
      minute before) left; --early-data sends the request as 0-RTT data with it.
      --attack puts an active attacker with keys of its own on the path (see OPTIONS): the
      browser's connection, the attacker's own to the server when it has one, what it
      changed, held and read, and which check stopped it.

  tls-lab export     [--suite rsa|ecdhe|tls13] [--group G] [--hrr] [--seed N|fresh]
                     [--ems 0|1] [--cert KIND] [--client-cert KIND]
                     [--resume [--early-data]] [--attack NAME] --pcap FILE
                     --keylog FILE [--server-key FILE] [--send TEXT] [--reply TEXT]
                     [--attacker-pcap FILE --attacker-keylog FILE]
      Write the simulated connection as a classic pcap (Ethernet/IPv4/TCP, 10.0.0.1 to
      10.0.0.2:443; addresses only written in the file) and its key log (RFC 9850:
      CLIENT_RANDOM for TLS 1.2, the *_TRAFFIC_SECRET* lines for TLS 1.3), so Wireshark or
      tshark decrypt it. --server-key also writes the server's RSA private
      key (PEM), enough to decrypt an RSA key exchange on its own. With --attack, --pcap
      and --keylog are the browser's connection (to the attacker, when it terminates it);
      --attacker-pcap and --attacker-keylog the attacker's own connection to the server.

  tls-lab connect    HOST:PORT --server-name NAME --ca CA.pem [--suite rsa|ecdhe|tls13]
                     [--group G] [--hrr] [--send TEXT] [--ems 0|1] [--keylog FILE]
                     [--client-cert CERT.pem --client-key KEY.pem]
                     [--session FILE [--early-data TEXT]]
                     [--timeout SECS] [--deadline SECS]
      Run the engine's client against a real TLS 1.3 or 1.2 server (e.g. openssl s_server):
      check its certificate against CA.pem and NAME, send TEXT, print what the server sends
      back until close_notify or a quiet second. A server that asks for a client
      certificate gets CERT.pem, signed for with KEY.pem (mutual TLS), or without them an
      empty Certificate (RFC 8446 §4.4.2, RFC 5246 §7.4.6). Exit 0 only if handshake and
      exchange succeeded.
      --session    resume from the TLS 1.3 ticket in FILE if it exists (no certificate,
                   no signature: RFC 8446 §2.2), and write the newest ticket to FILE
      --early-data send TEXT as 0-RTT data right behind the ClientHello, when the ticket
                   allows it, instead of after the handshake (RFC 8446 §2.3); if the
                   server does not take it, it goes again after the handshake

  tls-lab serve      HOST:PORT --cert CERT.pem --key KEY.pem [--suite rsa|ecdhe|tls13]
                     [--group G] [--reply TEXT] [--ems 0|1] [--keylog FILE]
                     [--client-ca CA.pem] [--max-early-data BYTES]
                     [--timeout SECS] [--deadline SECS] [--once]
      Serve real TLS 1.3 and 1.2 clients (openssl s_client, gnutls-cli, curl, a browser) until
      interrupted (Ctrl-C): each connection runs in its own thread (at most 16 at once) and
      prints its handshake as it happens, its lines tagged #N. Per connection: complete the
      handshake, print what the client sends, answer TEXT, close with close_notify. An
      HTTP/1.1 request is answered with an HTTP response whose body is TEXT (so a browser
      shows it). A client that closes TCP without close_notify after the exchange gets a
      warning, not an error.
      --client-ca  ask every client for a certificate, require one that chains to CA.pem
                   (with extKeyUsage clientAuth, valid now) and a CertificateVerify that
                   verifies, and print its subject (mutual TLS).
      Every TLS 1.3 connection gets a ticket; a client that presents it later resumes
      (once: tickets are single-use). A client that asks with ALPN gets http/1.1.
      --max-early-data  0-RTT data a ticket allows (default 16384; 0: none), printed
                   as it arrives and answered like a request sent after the handshake.
      --once  serve one connection, then exit with its status (0 only if it succeeded).

  tls-lab intercept  HOST:PORT --upstream HOST:PORT --attack NAME [--server-name NAME]
                     [--ca CA.pem] [--keylog FILE] [--timeout SECS] [--deadline SECS]
      The active attacker of --attack, live, for one connection between a real client and
      a real server: own-cert and trusted-ca answer the client with the attacker's own
      certificate for server.test (Mallory Root CA's: give the client that root to trust
      it), relay-cert with the server's certificate and CertificateVerify signature (TLS
      1.3), each after connecting to the server itself; downgrade relays the records,
      stripping TLS 1.3 from the ClientHello. It prints what it reads, or the alert that
      stopped it (exit 1).

  tls-lab capture-info FILE
      List the TLS records in a pcap or pcapng capture, per TCP connection and side (TCP
      put back in order, a missing range reported as such).

  tls-lab decrypt    --pcap FILE (--server-key KEY.pem | --keylog FILE) [--json]
      Decrypt each TLS connection of a pcap or pcapng capture as an eavesdropper holding
      that secret would: every step to the record keys with its formula, each record clear,
      sealed or decrypted. The server's RSA key opens only RSA key exchange (ECDHE and
      TLS 1.3 are forward secret: it says why); a key log (RFC 9850) opens TLS 1.2 and 1.3.

  tls-lab completions bash|zsh|fish
      Print a shell completion script, e.g. `tls-lab completions bash > ~/.local/share/
      bash-completion/completions/tls-lab`.

  tls-lab COMMAND --help   one command's flags.

OPTIONS
  --suite S          rsa:   TLS 1.2, TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c), RSA key
                            transport (deprecated by RFC 10015: offered only when asked)
                     ecdhe: TLS 1.2, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f), X25519
                     tls13: TLS 1.3, TLS_AES_128_GCM_SHA256 (0x1301)
                     transcript and export default to rsa; without it connect offers and
                     serve accepts what a 2026 browser and server do: TLS 1.3 (groups
                     X25519MLKEM768, then X25519), TLS 1.2 ECDHE as the fallback.
  --group G          TLS 1.3's key exchange: x25519mlkem768 (the post-quantum hybrid
                     browsers offer first; default for transcript and export) or x25519.
                     connect leads with it; serve accepts only it.
  --hrr              TLS 1.3: the browser leads with a key share of the other group, so a
                     server that takes only --group answers with HelloRetryRequest
                     (transcript, export, connect).
  --seed N|fresh     seeds all randomness of a simulation (default 1); fresh picks one
                     from the OS and prints it so the run can be repeated.
  --ems 0|1          offer/accept the extended master secret, RFC 7627 (default 1).
  --fault SPEC       what the wire does to record N (numbered as transcript prints them):
                     drop:N  flip:N:OFFSET  reorder:N  replay:N  truncate:N:LENGTH
  --cert KIND        the chain the simulated server presents: valid (default), expired,
                     not-yet-valid, wrong-host, cn-only (host only in the subject CN,
                     which browsers no longer match), unknown-ca, bad-signature
  --client-cert KIND (transcript, export) mutual TLS: the simulated server asks for a client
                     certificate and the browser presents Sam Student's: valid, none (it
                     has none), unknown-ca, expired, bad-signature (its CertificateVerify
                     is signed with another key), wrong-usage (extKeyUsage serverAuth only)
  --attack NAME      (transcript, export) an active attacker on the path, with its own keys
                     and its own root, Mallory Root CA; each for rsa, ecdhe and tls13:
                     relay-cert  the server's real certificate with the attacker's key share
                                 (TLS 1.3) or ServerKeyExchange (ECDHE; RSA: it can only relay)
                     own-cert    a server.test certificate from the attacker's own root
                     trusted-ca  the same, to a browser made to trust that root (a TLS-
                                 inspection proxy, or malware that installed a root)
                     downgrade   strips TLS 1.3 (in TLS 1.2: the ECDHE suites) from the
                                 ClientHello
  --keylog FILE      append the key log Wireshark reads (connect, serve); decrypt reads one.
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
    /// Help or another text clap prints itself (`--help`, `CMD --help`, `--version`).
    Print(String),
    Transcript(TranscriptArgs),
    Export(ExportArgs),
    Connect(ConnectArgs),
    Serve(ServeArgs),
    Intercept(InterceptArgs),
    Completions(Shell),
    CaptureInfo(CaptureInfoArgs),
    Decrypt(DecryptArgs),
}

/// What a simulation needs (transcript and export).
#[derive(Debug, Args)]
pub struct Simulation {
    /// rsa: TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c), RSA key transport; ecdhe:
    /// TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f), X25519
    #[arg(long = "suite", value_name = "rsa|ecdhe|tls13", default_value = "rsa", value_parser = suite)]
    pub protocol: Protocol,
    /// With --suite tls13: the key-exchange group, x25519 or x25519mlkem768 (the hybrid
    /// post-quantum group browsers offer first)
    #[arg(long, value_name = "x25519|x25519mlkem768", default_value = "x25519mlkem768", value_parser = group)]
    pub group: Group,
    /// With --suite tls13: the browser leads with a key share the server refuses, so the
    /// server answers with HelloRetryRequest
    #[arg(long)]
    pub hrr: bool,
    /// Seeds all randomness of the simulation; fresh picks one from the OS and prints it so
    /// the run can be repeated
    #[arg(long, value_name = "N|fresh", default_value = "1", value_parser = seed, allow_hyphen_values = true)]
    pub seed: Seed,
    /// Offer/accept the extended master secret, RFC 7627
    #[arg(long, value_name = "0|1", default_value = "1", value_parser = ems, action = clap::ArgAction::Set)]
    pub ems: bool,
    /// The chain the simulated server presents: valid, expired, not-yet-valid, wrong-host,
    /// cn-only, unknown-ca, bad-signature
    #[arg(long, value_name = "KIND", default_value = "valid", value_parser = cert)]
    pub cert: CertKind,
    /// Mutual TLS: the server asks for a client certificate and the browser presents this
    /// kind of Sam Student's: valid, none, unknown-ca, expired, bad-signature (signed with
    /// another key), wrong-usage (serverAuth only)
    #[arg(long, value_name = "KIND", value_parser = client_cert)]
    pub client_cert: Option<ClientCertKind>,
    /// The browser's second visit: a first connection (not shown) leaves a session, and
    /// the connection shown resumes it (TLS 1.3: a ticket's PSK; TLS 1.2: the abbreviated
    /// handshake)
    #[arg(long)]
    pub resume: bool,
    /// With --resume and --suite tls13: the request goes as 0-RTT data with the ClientHello
    #[arg(long, requires = "resume")]
    pub early_data: bool,
    /// An active attacker on the path: relay-cert (the server's certificate, the attacker's
    /// key), own-cert (its own certificate, from its own root), trusted-ca (the same, to a
    /// browser made to trust that root), downgrade (strips the browser's strongest offer)
    #[arg(long, value_name = "NAME", value_parser = attack, conflicts_with = "resume")]
    pub attack: Option<Attack>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seed {
    Fixed(u64),
    /// Drawn from the OS at run time.
    Fresh,
}

/// Simulate one connection between the engine's browser and server and print every record on
/// the wire, every derived value and the outcome (or all of it as JSON)
#[derive(Debug, Args)]
pub struct TranscriptArgs {
    #[command(flatten)]
    pub sim: Simulation,
    /// What the wire does to record N (numbered as transcript prints them): drop:N
    /// flip:N:OFFSET reorder:N replay:N truncate:N:LENGTH
    #[arg(long, value_name = "SPEC", value_parser = fault)]
    pub fault: Option<Fault>,
    /// The whole transcript as JSON; byte arrays also as *_hex
    #[arg(long)]
    pub json: bool,
    /// Add each record's bytes (and an encrypted record's plaintext)
    #[arg(long)]
    pub hex: bool,
}

/// Write the simulated connection as a classic pcap (Ethernet/IPv4/TCP, 10.0.0.1 to
/// 10.0.0.2:443) and an NSS key log (RFC 9850), so Wireshark or tshark decrypt it
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub sim: Simulation,
    /// Where to write the capture (classic pcap)
    #[arg(long, value_name = "FILE", required = true)]
    pub pcap: PathBuf,
    /// Where to write the NSS key log (CLIENT_RANDOM for TLS 1.2, the traffic secrets for
    /// TLS 1.3)
    #[arg(long, value_name = "FILE", required = true)]
    pub keylog: PathBuf,
    /// Also write the server's RSA private key (PEM), enough to decrypt an RSA key exchange
    /// on its own
    #[arg(long, value_name = "FILE")]
    pub server_key: Option<PathBuf>,
    /// The application data the browser sends after the handshake
    #[arg(long, value_name = "TEXT")]
    pub send: Option<String>,
    /// The application data the server answers with
    #[arg(long, value_name = "TEXT")]
    pub reply: Option<String>,
    /// With --attack: where to write the attacker's own connection to the server (pcap)
    #[arg(long, value_name = "FILE", requires_all = ["attack", "attacker_keylog"])]
    pub attacker_pcap: Option<PathBuf>,
    /// With --attack: that connection's key log
    #[arg(long, value_name = "FILE", requires_all = ["attack", "attacker_pcap"])]
    pub attacker_keylog: Option<PathBuf>,
}

/// An active attacker on the path between a real client and a real server, for one
/// connection: it terminates TLS with its own certificate (own-cert, trusted-ca) or the
/// server's certificate and relayed signature (relay-cert, TLS 1.3), or relays the records
/// and strips TLS 1.3 from the ClientHello (downgrade)
#[derive(Debug, Args)]
pub struct InterceptArgs {
    /// Where to listen for the client, e.g. 127.0.0.1:4434
    #[arg(value_name = "HOST:PORT")]
    pub listen: String,
    /// The real server, e.g. 127.0.0.1:4433
    #[arg(long, value_name = "HOST:PORT")]
    pub upstream: String,
    /// relay-cert, own-cert, trusted-ca or downgrade
    #[arg(long, value_name = "NAME", value_parser = attack)]
    pub attack: Attack,
    /// The name the attacker asks the server for and checks its certificate against
    #[arg(long, value_name = "NAME", default_value = "server.test")]
    pub server_name: String,
    /// The roots the attacker checks the server's certificate against (default: the
    /// teaching CA)
    #[arg(long, value_name = "CA.pem")]
    pub ca: Option<PathBuf>,
    /// Append both connections' secrets to this key log (RFC 9850)
    #[arg(long, value_name = "FILE")]
    pub keylog: Option<PathBuf>,
    /// The idle timer of each handshake, in seconds
    #[arg(long, value_name = "SECS", default_value = "5", value_parser = seconds, allow_hyphen_values = true)]
    pub timeout: Duration,
    /// The longest each handshake, and then the relaying, may take
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = seconds, allow_hyphen_values = true)]
    pub deadline: Duration,
}

/// What a real connection needs (connect and serve).
#[derive(Debug, Args)]
pub struct Peer {
    /// Where the server listens (connect) or where to listen (serve), e.g. 127.0.0.1:4433
    #[arg(value_name = "HOST:PORT")]
    pub addr: String,
    /// The one handshake to offer (connect) or accept (serve); without it, what a 2026
    /// browser or server does: TLS 1.3 first (X25519MLKEM768, then X25519), TLS 1.2 ECDHE as
    /// the fallback, never static RSA
    #[arg(long, value_name = "rsa|ecdhe|tls13", value_parser = suite)]
    suite: Option<Protocol>,
    /// TLS 1.3: the one key-exchange group to lead with (connect) or to accept (serve)
    #[arg(long, value_name = "x25519|x25519mlkem768", value_parser = group)]
    group: Option<Group>,
    /// TLS 1.3, connect: lead with a key share of the other group, so that a server taking
    /// only --group asks for another (HelloRetryRequest)
    #[arg(long)]
    hrr: bool,
    /// Offer/accept the extended master secret, RFC 7627
    #[arg(long, value_name = "0|1", default_value = "1", value_parser = ems, action = clap::ArgAction::Set)]
    pub ems: bool,
    /// Append the key log Wireshark reads (RFC 9850: CLIENT_RANDOM for TLS 1.2, traffic
    /// secrets for TLS 1.3)
    #[arg(long, value_name = "FILE")]
    pub keylog: Option<PathBuf>,
    /// The idle timer: the longest silence from the peer while we wait for its next bytes. A
    /// peer that sent a few bytes and then stops is reported as stalled after that many bytes
    #[arg(long, value_name = "SECS", default_value = "5", value_parser = seconds, allow_hyphen_values = true)]
    pub timeout: Duration,
    /// The overall handshake deadline: the longest a handshake may take in all, however the
    /// peer trickles its bytes
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = seconds, allow_hyphen_values = true)]
    pub deadline: Duration,
}

impl Peer {
    /// TLS 1.2 suites to offer (client) or accept (server), most preferred first.
    pub fn suites(&self) -> Vec<KeyExchange> {
        match self.suite {
            Some(p) => p.kx().into_iter().collect(),
            None => vec![KeyExchange::Ecdhe],
        }
    }

    /// --hrr: the client leads with the other group's share.
    pub fn leads_with_other_share(&self) -> bool {
        self.hrr
    }

    /// Whether TLS 1.3 is offered or accepted.
    fn tls13(&self) -> bool {
        matches!(self.suite, None | Some(Protocol::Tls13))
    }

    /// What the client offers for TLS 1.3: a browser's groups, leading with --group (or,
    /// with --hrr, with the other one).
    pub fn tls13_offer(&self) -> Option<Tls13Offer> {
        if !self.tls13() {
            return None;
        }
        let Some(group) = self.group else {
            return Some(Tls13Offer::browser());
        };
        let other = Group::ALL
            .into_iter()
            .find(|&g| g != group)
            .unwrap_or(group);
        Some(Tls13Offer {
            groups: vec![group, other],
            key_shares: vec![if self.hrr { other } else { group }],
        })
    }

    /// The TLS 1.3 groups the server accepts, most preferred first.
    pub fn groups13(&self) -> Vec<Group> {
        match (self.tls13(), self.group) {
            (false, _) => Vec::new(),
            (true, Some(g)) => vec![g],
            (true, None) => Tls13Offer::browser().groups,
        }
    }
}

/// Run the engine's client against a real TLS 1.3 or 1.2 server (e.g. openssl s_server):
/// check its certificate, send TEXT, print what the server sends back until close_notify or
/// a quiet second. A server that asks for a client certificate gets an empty Certificate
#[derive(Debug, Args)]
pub struct ConnectArgs {
    #[command(flatten)]
    pub peer: Peer,
    /// The name the certificate must carry (sent as SNI)
    #[arg(long, value_name = "NAME", required = true)]
    pub server_name: String,
    /// The CA certificate (PEM) the server's chain must lead to
    #[arg(long, value_name = "CA.pem", required = true)]
    pub ca: PathBuf,
    /// What to send after the handshake (default: an HTTP/1.1 GET for NAME)
    #[arg(long, value_name = "TEXT")]
    send: Option<String>,
    /// Mutual TLS: the browser's certificate chain (PEM, leaf first), sent when the server
    /// asks for one
    #[arg(long, value_name = "CERT.pem", requires = "client_key")]
    pub client_cert: Option<PathBuf>,
    /// The private key of --client-cert (PEM), which signs the CertificateVerify
    #[arg(long, value_name = "KEY.pem", requires = "client_cert")]
    pub client_key: Option<PathBuf>,
    /// Resume from the TLS 1.3 ticket in FILE when it exists, and write the newest ticket
    /// the server sends to it (it holds the PSK: keep it secret)
    #[arg(long, value_name = "FILE")]
    pub session: Option<PathBuf>,
    /// 0-RTT: send TEXT with the ClientHello when the ticket allows it, instead of after the
    /// handshake (sent again after it if the server does not take it)
    #[arg(long, value_name = "TEXT", requires = "session")]
    pub early_data: Option<String>,
}

impl ConnectArgs {
    /// The application data to send.
    pub fn send(&self) -> String {
        self.send
            .clone()
            .unwrap_or_else(|| format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", self.server_name))
    }
}

/// Serve real TLS 1.3 and 1.2 clients (openssl s_client, gnutls-cli, curl, a browser) until
/// interrupted (Ctrl-C), each connection in its own thread (at most 16 at once); an HTTP/1.1
/// request gets an HTTP response whose body is TEXT
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub peer: Peer,
    /// The server's chain (PEM: the leaf, then the CA)
    #[arg(long, value_name = "CERT.pem", required = true)]
    pub cert: PathBuf,
    /// The server's private key (PEM)
    #[arg(long, value_name = "KEY.pem", required = true)]
    pub key: PathBuf,
    /// The answer to each client
    #[arg(long, value_name = "TEXT", default_value = DEFAULT_REPLY, hide_default_value = true)]
    pub reply: String,
    /// Serve one connection, then exit with its status (0 only if it succeeded)
    #[arg(long)]
    pub once: bool,
    /// Mutual TLS: ask every client for a certificate and require one that chains to this
    /// CA (PEM); its subject is printed
    #[arg(long, value_name = "CA.pem")]
    pub client_ca: Option<PathBuf>,
    /// 0-RTT: the early data each TLS 1.3 ticket allows (0: none); tickets are single-use,
    /// so a replayed ClientHello's early data is not taken (RFC 8446 §8.1)
    #[arg(long, value_name = "BYTES", default_value_t = 16384)]
    pub max_early_data: u32,
}

pub const DEFAULT_REPLY: &str = "hello from tls-lab serve\n";

/// List the TLS records in a pcap or pcapng file, per TCP connection and side, as the engine's
/// capture reader finds them (Ethernet, Linux cooked, loopback or raw IP; IPv4 or IPv6)
#[derive(Debug, Args)]
pub struct CaptureInfoArgs {
    /// The capture (pcap or pcapng, as tshark, dumpcap, tcpdump or `tls-lab export` write it)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Decrypt the TLS connections in a pcap or pcapng capture with the server's RSA private key
/// (which opens only RSA key exchange: ECDHE and TLS 1.3 are forward secret, and it says
/// why) or with a key log (RFC 9850: TLS 1.2 CLIENT_RANDOM, TLS 1.3 traffic secrets)
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("secret").required(true).args(["server_key", "keylog"])))]
pub struct DecryptArgs {
    /// The capture (pcap or pcapng, as tshark, dumpcap, tcpdump or `tls-lab export` write it)
    #[arg(long, value_name = "FILE")]
    pub pcap: PathBuf,
    /// The server's private key, PEM (PKCS #8 or PKCS #1)
    #[arg(long, value_name = "KEY.pem")]
    pub server_key: Option<PathBuf>,
    /// A key log file (SSLKEYLOGFILE, RFC 9850)
    #[arg(long, value_name = "FILE")]
    pub keylog: Option<PathBuf>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// tls-lab: TLS Lab's TLS 1.3 and 1.2 engine (a real client and server) from the command line
#[derive(Debug, Parser)]
#[command(
    name = "tls-lab",
    version,
    after_help = GUIDE,
    subcommand_required = true,
    disable_help_subcommand = false
)]
struct Cli {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, Subcommand)]
enum Sub {
    Transcript(TranscriptArgs),
    Export(ExportArgs),
    Connect(ConnectArgs),
    Serve(ServeArgs),
    Intercept(InterceptArgs),
    CaptureInfo(CaptureInfoArgs),
    Decrypt(DecryptArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions {
        #[arg(value_name = "SHELL")]
        shell: Shell,
    },
}

/// Parses the arguments after the program's name.
pub fn parse(args: &[OsString]) -> Result<Command, Failure> {
    let argv = std::iter::once(OsString::from("tls-lab")).chain(args.iter().cloned());
    match Cli::try_parse_from(argv) {
        Ok(cli) => Ok(match cli.command {
            Sub::Transcript(a) => Command::Transcript(a),
            Sub::Export(a) => Command::Export(a),
            Sub::Connect(a) => Command::Connect(a),
            Sub::Serve(a) => Command::Serve(a),
            Sub::Intercept(a) => Command::Intercept(a),
            Sub::Completions { shell } => Command::Completions(shell),
            Sub::CaptureInfo(a) => Command::CaptureInfo(a),
            Sub::Decrypt(a) => Command::Decrypt(a),
        }),
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                Ok(Command::Print(e.render().to_string()))
            }
            _ => Err(Failure::usage(one_line(&e, args))),
        },
    }
}

/// Writes the completion script for `shell` to `out`.
pub fn completions(shell: Shell, out: &mut dyn std::io::Write) {
    clap_complete::generate(shell, &mut Cli::command(), "tls-lab", out);
}

/// A clap error as one line in our words: what was wrong, clap's suggestion if it has one,
/// and where to read more.
fn one_line(e: &clap::Error, args: &[OsString]) -> String {
    let commands = command_names();
    let command = args
        .first()
        .and_then(|a| a.to_str())
        .filter(|a| commands.iter().any(|c| c == a))
        .unwrap_or("tls-lab");
    let strings = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => Vec::new(),
    };
    // `--keylog <FILE>` → `--keylog`, `<HOST:PORT>` → `HOST:PORT`, and a group of which one is
    // required, `<--server-key <KEY.pem>|--keylog <FILE>>` → `either --server-key or --keylog`
    let one = |s: &str| {
        let s = s.split(' ').next().unwrap_or(s);
        s.trim_start_matches('<').trim_end_matches('>').to_string()
    };
    let flag = |s: &str| match s.strip_prefix('<').and_then(|g| g.strip_suffix('>')) {
        Some(group) if group.contains('|') => {
            format!(
                "either {}",
                group.split('|').map(one).collect::<Vec<_>>().join(" or ")
            )
        }
        _ => one(s),
    };
    let tip = match (
        strings(ContextKind::SuggestedArg).first(),
        strings(ContextKind::SuggestedSubcommand).first(),
    ) {
        (Some(a), _) => format!(" (did you mean {}?)", flag(a)),
        (None, Some(c)) => format!(" (did you mean {c}?)"),
        (None, None) => String::new(),
    };
    let invalid = strings(ContextKind::InvalidArg);
    let first = invalid.first().map(|s| flag(s)).unwrap_or_default();
    let help = if command == "tls-lab" {
        "(tls-lab --help)".to_string()
    } else {
        format!("(tls-lab {command} --help)")
    };
    let use_one = match commands.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("use {} or {last}", rest.join(", ")),
        Some((only, _)) => format!("use {only}"),
        None => String::new(),
    };
    match e.kind() {
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            format!("no command given: {use_one} (tls-lab --help)")
        }
        ErrorKind::InvalidSubcommand => format!(
            "unknown command \"{}\"{tip}: {use_one} (tls-lab --help)",
            strings(ContextKind::InvalidSubcommand)
                .first()
                .cloned()
                .unwrap_or_default()
        ),
        ErrorKind::UnknownArgument if first.starts_with('-') => {
            format!("{command} has no option {first}{tip} {help}")
        }
        ErrorKind::UnknownArgument => {
            format!("{command} takes no argument \"{first}\" {help}")
        }
        ErrorKind::MissingRequiredArgument => {
            let all: Vec<String> = invalid.iter().map(|s| flag(s)).collect();
            format!("{command} needs {} {help}", all.join(" and "))
        }
        ErrorKind::ValueValidation => match std::error::Error::source(e) {
            Some(source) if source.to_string().contains(&first) => source.to_string(),
            Some(source) => format!("{first} {source}"),
            None => fallback(e, &help),
        },
        ErrorKind::InvalidValue if !first.is_empty() => {
            let value = strings(ContextKind::InvalidValue).concat();
            let valid = strings(ContextKind::ValidValue).join(", ");
            if value.is_empty() {
                format!("{first} needs a value {help}")
            } else {
                format!("{first} \"{value}\" is not one of: {valid} {help}")
            }
        }
        ErrorKind::ArgumentConflict => match strings(ContextKind::PriorArg).first() {
            Some(prior) if flag(prior) != first => {
                format!("{first} cannot be used with {} {help}", flag(prior))
            }
            _ => format!("{first} is given twice {help}"),
        },
        ErrorKind::TooManyValues if first.starts_with("--") => {
            format!("{first} takes no value {help}")
        }
        _ => fallback(e, &help),
    }
}

/// The commands in the order they are declared, from clap's own declaration (so a new command
/// is named in the messages without anyone remembering to): `help` and hidden ones left out.
fn command_names() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
        .map(|c| c.get_name().to_string())
        .collect()
}

/// Clap's own message, first line, without its `error: ` prefix.
fn fallback(e: &clap::Error, help: &str) -> String {
    let rendered = e.render().to_string();
    let line = rendered.lines().next().unwrap_or("wrong command line");
    format!("{} {help}", line.trim_start_matches("error: "))
}

fn group(s: &str) -> Result<Group, String> {
    Group::parse(s).ok_or_else(|| format!("unknown --group \"{s}\": use {}", Group::choices()))
}

fn suite(s: &str) -> Result<Protocol, String> {
    Protocol::parse(s)
        .ok_or_else(|| format!("unknown --suite \"{s}\": use {}", Protocol::choices()))
}

fn seed(s: &str) -> Result<Seed, String> {
    if s == "fresh" {
        return Ok(Seed::Fresh);
    }
    s.parse().map(Seed::Fixed).map_err(|_| {
        format!("--seed \"{s}\" is not a number from 0 to 18446744073709551615 (or fresh)")
    })
}

fn ems(s: &str) -> Result<bool, String> {
    match s {
        "1" => Ok(true),
        "0" => Ok(false),
        other => Err(format!("--ems \"{other}\": use 0 or 1")),
    }
}

fn cert(s: &str) -> Result<CertKind, String> {
    CertKind::parse(s).ok_or_else(|| {
        let kinds: Vec<&str> = CertKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown --cert \"{s}\": use one of {}", kinds.join(", "))
    })
}

fn attack(s: &str) -> Result<Attack, String> {
    Attack::parse(s).ok_or_else(|| format!("unknown attack '{s}': use {}", Attack::choices()))
}

fn client_cert(s: &str) -> Result<ClientCertKind, String> {
    ClientCertKind::parse(s).ok_or_else(|| {
        let kinds: Vec<&str> = ClientCertKind::ALL.iter().map(|k| k.as_str()).collect();
        format!(
            "unknown --client-cert \"{s}\": use one of {}",
            kinds.join(", ")
        )
    })
}

fn fault(spec: &str) -> Result<Fault, String> {
    Fault::parse(spec).map_err(|e| format!("--fault: {e}"))
}

/// A time limit in seconds, more than 0 and at most an hour.
fn seconds(s: &str) -> Result<Duration, String> {
    match s.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs <= 3600.0 => Ok(Duration::from_secs_f64(secs)),
        _ => Err(format!(
            "\"{s}\" is not a number of seconds between 0 and 3600"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<OsString> {
        s.split_whitespace().map(OsString::from).collect()
    }

    fn usage_error(s: &str) -> String {
        match parse(&args(s)) {
            Err(e) if e.is_usage() => e.to_string(),
            other => panic!("expected a usage error for {s:?}, got {other:?}"),
        }
    }

    #[test]
    fn the_declaration_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn transcript_flags() {
        let Ok(Command::Transcript(t)) = parse(&args(
            "transcript --suite ecdhe --seed=7 --json --ems 0 --fault flip:3:9 --cert expired",
        )) else {
            panic!("transcript did not parse");
        };
        assert_eq!(t.sim.protocol, Protocol::Ecdhe);
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
        assert_eq!(t.sim.client_cert, None);
        for kind in ClientCertKind::ALL {
            let Ok(Command::Transcript(t)) = parse(&args(&format!(
                "transcript --client-cert {}",
                kind.as_str()
            ))) else {
                panic!("--client-cert {} did not parse", kind.as_str());
            };
            assert_eq!(t.sim.client_cert, Some(kind));
        }
    }

    #[test]
    fn defaults() {
        let Ok(Command::Transcript(t)) = parse(&args("transcript")) else {
            panic!("transcript did not parse");
        };
        assert_eq!(t.sim.protocol, Protocol::Rsa);
        assert_eq!(t.sim.seed, Seed::Fixed(engine::scenario::DEFAULT_SEED));
        assert_eq!(t.sim.cert, CertKind::Valid);
        assert!(t.sim.ems && !t.json && t.fault.is_none());
        let Ok(Command::Serve(s)) = parse(&args("serve 127.0.0.1:4433 --cert c --key k")) else {
            panic!("serve did not parse");
        };
        // TLS 1.3 (the hybrid group first), TLS 1.2 ECDHE as the fallback, no static RSA.
        assert_eq!(s.peer.suites(), vec![KeyExchange::Ecdhe]);
        assert_eq!(
            s.peer.groups13(),
            vec![Group::X25519MlKem768, Group::X25519]
        );
        assert_eq!(s.peer.timeout, Duration::from_secs(5));
        assert_eq!(s.peer.deadline, Duration::from_secs(30));
        assert_eq!(s.reply, DEFAULT_REPLY);
        assert!(!s.once);
        let Ok(Command::Serve(s)) = parse(&args(
            "serve 127.0.0.1:0 --cert c --key k --once --timeout 1.5 --deadline 9",
        )) else {
            panic!("serve did not parse");
        };
        assert!(s.once);
        assert_eq!(s.peer.timeout, Duration::from_secs_f64(1.5));
        assert_eq!(s.peer.deadline, Duration::from_secs(9));
        let Ok(Command::Connect(c)) = parse(&args("connect h:1 --ca x --server-name y")) else {
            panic!("connect did not parse");
        };
        assert_eq!(c.send(), "GET / HTTP/1.1\r\nHost: y\r\n\r\n");
    }

    #[test]
    fn mistakes_are_usage_errors() {
        assert!(usage_error("").contains("no command"));
        assert!(usage_error("frobnicate").contains("unknown command"));
        assert!(usage_error("transcrip").contains("(did you mean transcript?)"));
        assert!(usage_error("transcript --suite dhe").contains("unknown --suite \"dhe\""));
        assert!(usage_error("transcript --fault melt:1").contains("unknown fault"));
        assert!(usage_error("transcript --fault drop:0").contains("numbered from 1"));
        assert!(usage_error("transcript --seed -1").contains("--seed"));
        assert!(usage_error("transcript --ems 2").contains("--ems"));
        assert!(usage_error("transcript --cert odd").contains("unknown --cert"));
        assert!(usage_error("transcript --client-cert odd").contains("unknown --client-cert"));
        // A client certificate needs its key, and the key its certificate.
        assert!(
            usage_error("connect h:1 --ca x --server-name y --client-cert c")
                .contains("--client-key")
        );
        assert!(
            usage_error("connect h:1 --ca x --server-name y --client-key k")
                .contains("--client-cert")
        );
        assert!(usage_error("transcript --seed").contains("needs a value"));
        assert!(usage_error("transcript --seed 1 --seed 2").contains("twice"));
        assert!(usage_error("transcript --json=1").contains("no value"));
        assert!(usage_error("transcript extra").contains("takes no argument \"extra\""));
        assert!(usage_error("transcript --sed 3").contains("did you mean --seed?"));
        assert!(usage_error("export --pcap a").contains("needs --keylog"));
        assert!(usage_error("connect --ca x --server-name y").contains("needs HOST:PORT"));
        assert!(usage_error("connect h:1 --ca x").contains("needs --server-name"));
        assert!(usage_error("serve h:1 --cert c --key k --timeout 0").contains("--timeout"));
        assert!(
            usage_error("connect h:1 --ca x --server-name y --deadline x").contains("--deadline")
        );
        assert!(usage_error("connect h:1 --ca x --server-name y --once").contains("no option"));
        assert!(usage_error("serve h:1 --cert c --key k --fault drop:1").contains("no option"));
        assert!(usage_error("completions tcsh").contains("tcsh"));
    }

    #[test]
    fn every_command_is_named_where_commands_are_listed() {
        let names = command_names();
        assert_eq!(
            names,
            [
                "transcript",
                "export",
                "connect",
                "serve",
                "intercept",
                "capture-info",
                "decrypt",
                "completions"
            ]
        );
        let none = usage_error("");
        let unknown = usage_error("frobnicate");
        for name in &names {
            assert!(none.contains(name.as_str()), "{none}");
            assert!(unknown.contains(name.as_str()), "{unknown}");
            assert!(
                GUIDE.contains(&format!("  tls-lab {name} ")),
                "the guide lacks {name}"
            );
        }
        assert!(
            none.contains("decrypt or completions (tls-lab --help)"),
            "{none}"
        );
        assert!(usage_error("decrypt --pcap c --sever-key k").contains("(tls-lab decrypt --help)"));
        assert!(usage_error("decrpyt").contains("(did you mean decrypt?)"));
    }

    #[test]
    fn help_anywhere() {
        assert!(matches!(parse(&args("--help")), Ok(Command::Print(h)) if h.contains("COMMANDS")));
        assert!(
            matches!(parse(&args("connect --help")), Ok(Command::Print(h)) if h.contains("--server-name"))
        );
        assert!(
            matches!(parse(&args("help serve")), Ok(Command::Print(h)) if h.contains("--once"))
        );
    }
}
