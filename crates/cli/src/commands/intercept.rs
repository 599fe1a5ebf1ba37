//! `tls-lab intercept`: the active attacker (issue 33) live, on the path between a real
//! client (curl, openssl s_client, a browser) and a real server. For one connection it either
//! terminates TLS (the engine's server towards the client, with the attacker's own
//! certificate or, for relay-cert, the server's certificate and relayed signature; the
//! engine's client towards the server) and prints what it reads, or relays the records and
//! strips TLS 1.3 from the ClientHello (downgrade). What stops it is the real client's or
//! server's own checks: the alert they send is reported.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use engine::attack::{self, Attack};
use engine::client::{self, Client, ClientConfig, Trust};
use engine::msgs::enums::{AlertDescription, ContentType};
use engine::msgs::record::{Deframer, Record, RecordVersion};
use engine::pki;
use engine::server::{self, Server, ServerConfig};

use crate::args::InterceptArgs;
use crate::failure::Failure;
use crate::keylog::KeyLog;
use crate::net::{Limits, Session};
use crate::text::note;

/// How long one turn of the relay waits on each side before looking at the other.
const TURN: Duration = Duration::from_millis(50);

pub fn run(args: &InterceptArgs) -> Result<(), Failure> {
    let listener = TcpListener::bind(&args.listen)
        .map_err(|e| Failure::failed(format!("cannot listen on {}: {e}", args.listen)))?;
    let local = listener
        .local_addr()
        .map_err(|e| Failure::failed(format!("cannot read the listening address: {e}")))?;
    note(&format!("listening on {local}"));
    note(&format!(
        "for one connection, towards {}; the attacker {}",
        args.upstream,
        args.attack.does()
    ));
    let (client_stream, from) = listener
        .accept()
        .map_err(|e| Failure::failed(format!("cannot accept a connection on {local}: {e}")))?;
    note(&format!("connection from {from}"));
    let server_stream = TcpStream::connect(&args.upstream).map_err(|e| {
        Failure::failed(format!(
            "cannot connect to the server {}: {e}",
            args.upstream
        ))
    })?;
    match args.attack {
        Attack::Downgrade => relay(args, client_stream, server_stream),
        attack => terminate(args, attack, client_stream, server_stream),
    }
}

/// Both connections of a terminating attacker: the server's first (to learn what to pass
/// on), then the client's, then what each side sends passed to the other until one closes.
fn terminate(
    args: &InterceptArgs,
    attack: Attack,
    client_stream: TcpStream,
    server_stream: TcpStream,
) -> Result<(), Failure> {
    let limits = Limits {
        idle: args.timeout,
        handshake: args.deadline,
    };
    let now = super::unix_now()?;
    let anchors = match &args.ca {
        Some(path) => pki::parse_certs_pem(&super::read_file("--ca", path)?)
            .map_err(|e| Failure::usage(format!("--ca {}: {e}", path.display())))?,
        None => pki::trust_anchors(),
    };
    let towards_server = ClientConfig {
        now,
        ..ClientConfig::browser(args.server_name.clone(), Trust::Roots(anchors))
    };
    let keylog = || args.keylog.clone().map(KeyLog::new);
    let mut up: Session<client::State> = Session::new(
        Client::new(towards_server, super::entropy()?),
        server_stream,
        "the server",
        keylog(),
    );
    up.tag = "[attacker ⇄ server] ".into();
    up.endpoint.start();
    up.handshake(limits)?;
    let leaf = up.chain.as_ref().and_then(|c| c.certificates.first());
    up.note(&format!(
        "handshake complete: {}; the server's certificate: {}",
        up.describe(),
        leaf.map_or("none".into(), |l| format!(
            "{} (issued by {})",
            l.subject, l.issuer
        ))
    ));

    let mut towards_client = ServerConfig {
        now,
        ..ServerConfig::teaching(pki::attacker_identity())
    };
    if attack == Attack::RelayCert {
        let tls13 = up.endpoint.negotiated().is_some_and(|n| n.suite.is_tls13());
        let relayed = attack::server_authentication(up.endpoint.handshake_messages());
        let (Some((chain, signature)), true) = (relayed, tls13) else {
            up.close()?;
            return Err(Failure::usage(
                "--attack relay-cert: the server must speak TLS 1.3, whose CertificateVerify the attacker passes on (in TLS 1.2 it would edit a relayed ServerKeyExchange, which only the simulation does)",
            ));
        };
        up.note("passing on the server's certificate and its CertificateVerify signature");
        towards_client.chain = chain;
        towards_client.relayed_signature = Some(signature);
        // Only TLS 1.3, whose signature it has.
        towards_client.accept = Vec::new();
    }
    let mut down: Session<server::State> = Session::new(
        Server::new(towards_client, super::entropy()?),
        client_stream,
        "the client",
        keylog(),
    );
    down.tag = "[client ⇄ attacker] ".into();
    if let Err(stopped) = down.handshake(limits) {
        let _ = up.close();
        return Err(Failure::failed(format!(
            "the attack was stopped: {stopped}"
        )));
    }
    down.note(&format!("handshake complete: {}", down.describe()));

    // Pass on what each side sends; what the attacker read goes to stdout as it opens it.
    let deadline = Instant::now() + limits.handshake;
    let (mut from_client, mut from_server) = (0, 0);
    loop {
        down.wait(Instant::now() + TURN, None, |s| {
            !s.received.is_empty() || s.close_notify_received || s.eof
        })?;
        if !down.received.is_empty() {
            let data = std::mem::take(&mut down.received);
            from_client += data.len();
            up.send(&data)?;
        }
        up.wait(Instant::now() + TURN, None, |s| {
            !s.received.is_empty() || s.close_notify_received || s.eof
        })?;
        if !up.received.is_empty() {
            let data = std::mem::take(&mut up.received);
            from_server += data.len();
            down.send(&data)?;
        }
        let client_gone = down.close_notify_received || down.eof;
        let server_gone = up.close_notify_received || up.eof;
        if client_gone || server_gone || Instant::now() >= deadline {
            let _ = down.close();
            let _ = up.close();
            break;
        }
    }
    note(&format!(
        "the attack got through: read and passed on {from_client} bytes from the client and {from_server} from the server"
    ));
    Ok(())
}

/// A relaying attacker: the records passed on as they are, but the ClientHello, which loses
/// TLS 1.3; each record noted. Ends when either side closes.
fn relay(
    args: &InterceptArgs,
    client_stream: TcpStream,
    server_stream: TcpStream,
) -> Result<(), Failure> {
    let copy = |s: &TcpStream| {
        s.try_clone()
            .map_err(|e| Failure::failed(format!("cannot share a socket: {e}")))
    };
    let (client_in, server_out) = (copy(&client_stream)?, copy(&server_stream)?);
    let deadline = args.deadline;
    let upward = thread::spawn(move || pass(client_in, server_out, "client → server", deadline));
    let downward = pass(server_stream, client_stream, "server → client", deadline);
    let upward = upward.join().unwrap_or_else(|_| Outcome::default());
    match upward.alert.or(downward.alert) {
        Some(alert) => Err(Failure::failed(format!(
            "the attack was stopped: {} sent alert {}",
            if upward.alert.is_some() {
                "the client"
            } else {
                "the server"
            },
            alert.as_str()
        ))),
        None => {
            note("the records passed both ways and nobody sent an alert");
            Ok(())
        }
    }
}

/// What one direction of a relay saw.
#[derive(Default)]
struct Outcome {
    /// A fatal alert in the clear, the first.
    alert: Option<AlertDescription>,
}

/// Passes records from `from` to `to`, changing a ClientHello; notes each record.
fn pass(mut from: TcpStream, mut to: TcpStream, way: &str, limit: Duration) -> Outcome {
    let _ = from.set_read_timeout(Some(limit));
    let mut deframer = Deframer::default();
    let mut outcome = Outcome::default();
    let mut buf = [0u8; 16 * 1024];
    // After a ChangeCipherSpec (TLS 1.2) this direction's records are encrypted.
    let mut sealed = false;
    'read: loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        deframer.push(&buf[..n]);
        loop {
            let record = match deframer.next_record(RecordVersion::Ignored) {
                Ok(Some(r)) => r,
                Ok(None) => break,
                Err(e) => {
                    note(&format!("{way}: not TLS any more ({e}); stopping"));
                    break 'read;
                }
            };
            let bytes = record.encode();
            let sent = match attack::downgrade_client_hello(&bytes) {
                Some((changed, change)) => {
                    note(&format!(
                        "{way}: ClientHello, changed: the attacker {change}"
                    ));
                    changed
                }
                None => {
                    note(&format!("{way}: {}", describe(&record, sealed)));
                    bytes
                }
            };
            if record.typ == ContentType::Alert
                && !sealed
                && let [2, description] = record.fragment[..]
            {
                outcome
                    .alert
                    .get_or_insert(AlertDescription::from_wire(description));
            }
            sealed |= record.typ == ContentType::ChangeCipherSpec;
            if to.write_all(&sent).is_err() {
                break 'read;
            }
        }
    }
    let _ = to.shutdown(Shutdown::Write);
    outcome
}

/// A record in a line: its type, and for a plaintext handshake record its first message.
fn describe(record: &Record, sealed: bool) -> String {
    match (record.typ, record.fragment.first()) {
        (typ, _) if sealed => format!("{typ}, encrypted, {} bytes", record.fragment.len()),
        (ContentType::Handshake, Some(&t)) => format!(
            "Handshake ({}), {} bytes",
            engine::msgs::enums::HandshakeType::from_wire(t),
            record.fragment.len()
        ),
        (ContentType::Alert, _) if record.fragment.len() == 2 => format!(
            "Alert {} ({})",
            AlertDescription::from_wire(record.fragment[1]),
            if record.fragment[0] == 2 {
                "fatal"
            } else {
                "warning"
            }
        ),
        (typ, _) => format!("{typ}, {} bytes", record.fragment.len()),
    }
}
