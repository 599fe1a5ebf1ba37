//! `tls-lab connect`: the engine's client against a real TLS 1.2 server.

use std::net::{TcpStream, ToSocketAddrs};
use std::time::Instant;

use engine::client::{self, Client, ClientConfig, Trust};
use engine::pki;

use crate::args::ConnectArgs;
use crate::failure::Failure;
use crate::keylog::KeyLog;
use crate::net::{Limits, NO_CLOSE_NOTIFY, QUIET, Session, Waited};
use crate::session_file;
use crate::text::note;

pub fn run(args: &ConnectArgs) -> Result<(), Failure> {
    let anchors = pki::parse_certs_pem(&super::read_file("--ca", &args.ca)?)
        .map_err(|e| Failure::failed(format!("--ca {}: {e}", args.ca.display())))?;
    let now = super::unix_now()?;
    let identity = match (&args.client_cert, &args.client_key) {
        (Some(cert), Some(key)) => Some(pki::Identity {
            chain: pki::parse_certs_pem(&super::read_file("--client-cert", cert)?)
                .map_err(|e| Failure::failed(format!("--client-cert {}: {e}", cert.display())))?,
            key: pki::parse_private_key_pem(&super::read_file("--client-key", key)?)
                .map_err(|e| Failure::failed(format!("--client-key {}: {e}", key.display())))?,
        }),
        _ => None,
    };
    let resume = match &args.session {
        Some(path) => {
            let resume = session_file::read(path)?;
            let offered = match &resume {
                Some(engine::session::Session::Tls13(t)) => {
                    Some((t.usable(&args.server_name, now), t.received_at, "ticket"))
                }
                Some(engine::session::Session::Tls12(s)) => Some((
                    s.usable(&args.server_name, now),
                    s.received_at,
                    "TLS 1.2 session",
                )),
                None => None,
            };
            if let Some((usable, received_at, what)) = offered {
                note(&if usable {
                    format!(
                        "offering the {what} from {} ({} s old) to resume",
                        path.display(),
                        now.saturating_sub(received_at)
                    )
                } else {
                    format!(
                        "not offering the {what} from {}: it is for another server or too old",
                        path.display()
                    )
                });
            }
            resume
        }
        None => None,
    };
    let stream = dial(&args.peer.addr, args.peer.timeout)?;
    let client = Client::new(
        ClientConfig {
            tls13: args.peer.tls13_offer(),
            offer: args.peer.suites(),
            ems: args.peer.ems,
            now,
            identity,
            resume,
            early_data: args.early_data.clone().map(String::into_bytes),
            // Kept across runs, a TLS 1.2 ticket is worth asking for.
            ask_for_tickets: args.session.is_some(),
            ..ClientConfig::browser(args.server_name.clone(), Trust::Roots(anchors))
        },
        super::entropy()?,
    );
    let keylog = args.peer.keylog.clone().map(KeyLog::new);
    let mut s = Session::new(client, stream, "the server", keylog);
    let started = Instant::now();
    s.endpoint.start();
    s.handshake(Limits {
        idle: args.peer.timeout,
        handshake: args.peer.deadline,
    })?;
    let took = started.elapsed();
    let cert = match s.chain.as_ref().and_then(|c| c.certificates.first()) {
        Some(leaf) => format!(
            "certificate {} (issued by {}) valid for {}",
            leaf.subject, leaf.issuer, args.server_name
        ),
        None => format!("certificate valid for {}", args.server_name),
    };
    note(&format!(
        "connected to {}: {}; {cert}; handshake took {:.1} ms",
        args.peer.addr,
        s.describe(),
        took.as_secs_f64() * 1e3
    ));

    // With --early-data the request went with the ClientHello (or, refused, after the
    // handshake, sent by the engine itself).
    if args.early_data.is_none() {
        let send = args.send();
        s.send(send.as_bytes())?;
        note(&format!("sent {} bytes of application data", send.len()));
    }
    let deadline = Instant::now() + args.peer.timeout;
    let answered = |s: &Session<client::State>| !s.received.is_empty() || s.close_notify_received;
    match s.wait(deadline, None, answered)? {
        Waited::Done => {}
        Waited::Eof => {
            return Err(Failure::failed(
                "the server closed the connection without an answer or close_notify",
            ));
        }
        Waited::TimedOut | Waited::Quiet => {
            s.close()?;
            return Err(Failure::failed(format!(
                "the server sent no answer within {} s",
                args.peer.timeout.as_secs_f64()
            )));
        }
    }
    // More of the answer may follow: read until close_notify, or a quiet second.
    let ending = s.wait(deadline.max(Instant::now() + QUIET), Some(QUIET), |s| {
        s.close_notify_received
    })?;
    let received = s.received.len();
    let closed_by_server = s.close_notify_received;
    s.close()?;
    match (ending, closed_by_server) {
        (_, true) => note(&format!(
            "received {received} bytes; the server closed with close_notify"
        )),
        // RFC 5246 §7.2.1 asks for close_notify, yet many servers (openssl s_server among them)
        // just close TCP. Like browsers, accept the answer, but say what it means.
        (Waited::Eof, false) => note(&format!("received {received} bytes; {NO_CLOSE_NOTIFY}")),
        _ => note(&format!(
            "received {received} bytes; closed with close_notify"
        )),
    }
    if let (Some(path), Some(session)) = (&args.session, &s.resumable) {
        session_file::write(path, session)?;
        note(&format!(
            "wrote the server's newest ticket to {}",
            path.display()
        ));
    }
    Ok(())
}

/// A TCP connection to HOST:PORT, trying each address it resolves to.
fn dial(addr: &str, timeout: std::time::Duration) -> Result<TcpStream, Failure> {
    let addrs: Vec<_> = addr
        .to_socket_addrs()
        .map_err(|e| Failure::failed(format!("cannot resolve {addr}: {e}")))?
        .collect();
    let mut last = None;
    for a in &addrs {
        match TcpStream::connect_timeout(a, timeout) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = Some(e),
        }
    }
    Err(Failure::failed(match last {
        Some(e) => format!("cannot connect to {addr}: {e}"),
        None => format!("cannot connect to {addr}: it resolves to no address"),
    }))
}
