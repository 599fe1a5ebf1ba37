//! `tls-lab serve`: the engine's server for real TLS 1.2 clients, until interrupted (each
//! connection in its own thread) or, with `--once`, for one connection.

use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use engine::pki;
use engine::server::{self, ClientAuth, Server, ServerConfig};

use crate::args::ServeArgs;
use crate::failure::Failure;
use crate::http::{self, Request};
use crate::keylog::KeyLog;
use crate::net::{Limits, NO_CLOSE_NOTIFY, QUIET, Session, Waited};
use crate::text::note;

/// Connections served at once; the next accept waits until one ends. A browser opens about
/// six per host, so a small class fits; a flood of clients cannot exhaust threads.
const MAX_CONNECTIONS: usize = 16;
/// After a failed accept (e.g. out of file descriptors), pause before the next try.
const ACCEPT_RETRY: Duration = Duration::from_millis(100);

pub fn run(args: &ServeArgs) -> Result<(), Failure> {
    if args.peer.leads_with_other_share() {
        return Err(Failure::usage(
            "--hrr is the browser's (connect): a server that takes only --group G asks any \
             client leading with another share for a retry",
        ));
    }
    let chain = pki::parse_certs_pem(&super::read_file("--cert", &args.cert)?)
        .map_err(|e| Failure::failed(format!("--cert {}: {e}", args.cert.display())))?;
    let key = pki::parse_private_key_pem(&super::read_file("--key", &args.key)?)
        .map_err(|e| Failure::failed(format!("--key {}: {e}", args.key.display())))?;
    let client_auth = match &args.client_ca {
        Some(ca) => Some(ClientAuth {
            anchors: pki::parse_certs_pem(&super::read_file("--client-ca", ca)?)
                .map_err(|e| Failure::failed(format!("--client-ca {}: {e}", ca.display())))?,
            now: super::unix_now()?,
        }),
        None => None,
    };
    let config = ServerConfig {
        groups13: args.peer.groups13(),
        accept: args.peer.suites(),
        ems: args.peer.ems,
        client_auth,
        max_early_data: args.max_early_data,
        ..ServerConfig::teaching(pki::Identity { chain, key })
    };
    let listener = TcpListener::bind(&args.peer.addr)
        .map_err(|e| Failure::failed(format!("cannot listen on {}: {e}", args.peer.addr)))?;
    let local = listener
        .local_addr()
        .map_err(|e| Failure::failed(format!("cannot tell where we listen: {e}")))?;
    note(&format!("listening on {local}"));
    if args.once {
        let (stream, from) = listener
            .accept()
            .map_err(|e| Failure::failed(format!("cannot accept a connection on {local}: {e}")))?;
        note(&format!("connection from {from}"));
        return serve_one(args, config, stream, String::new());
    }
    note(&format!(
        "serving until interrupted (Ctrl-C), each connection in its own thread, at most \
         {MAX_CONNECTIONS} at once"
    ));
    let config = Arc::new(config);
    let active = Arc::new((Mutex::new(0usize), Condvar::new()));
    thread::scope(|scope| {
        for number in 1usize.. {
            wait_for_a_slot(&active);
            let (stream, from) = match listener.accept() {
                Ok(accepted) => accepted,
                Err(e) => {
                    note(&format!("cannot accept a connection on {local}: {e}"));
                    release_slot(&active);
                    thread::sleep(ACCEPT_RETRY);
                    continue;
                }
            };
            let tag = format!("#{number} ");
            note(&format!("{tag}connection from {from}"));
            let config = ServerConfig::clone(&config);
            let active = Arc::clone(&active);
            scope.spawn(move || {
                if let Err(failure) = serve_one(args, config, stream, tag.clone()) {
                    note(&format!("{tag}{failure}"));
                }
                release_slot(&active);
            });
        }
    });
    Ok(())
}

/// Waits until fewer than MAX_CONNECTIONS are served, and takes a slot.
fn wait_for_a_slot(active: &(Mutex<usize>, Condvar)) {
    let (count, freed) = active;
    let mut n = count.lock().unwrap_or_else(PoisonError::into_inner);
    while *n >= MAX_CONNECTIONS {
        n = freed.wait(n).unwrap_or_else(PoisonError::into_inner);
    }
    *n += 1;
}

fn release_slot(active: &(Mutex<usize>, Condvar)) {
    let (count, freed) = active;
    let mut n = count.lock().unwrap_or_else(PoisonError::into_inner);
    *n = n.saturating_sub(1);
    freed.notify_one();
}

/// One connection: handshake, the client's request, our answer, close_notify.
fn serve_one(
    args: &ServeArgs,
    config: ServerConfig,
    stream: TcpStream,
    tag: String,
) -> Result<(), Failure> {
    // Each connection's own clock: when its ticket is issued, whether one presented expired.
    let config = ServerConfig {
        now: super::unix_now()?,
        ..config
    };
    let server = Server::new(config, super::entropy()?);
    let keylog = args.peer.keylog.clone().map(KeyLog::new);
    let mut s = Session::new(server, stream, "the client", keylog);
    s.tag = tag;
    let limits = Limits {
        idle: args.peer.timeout,
        handshake: args.peer.deadline,
    };
    let started = Instant::now();
    s.handshake(limits)?;
    s.note(&format!(
        "handshake complete: {}; {:.1} ms after accept",
        s.describe(),
        started.elapsed().as_secs_f64() * 1e3
    ));
    // Mutual TLS: the chain the server checked is the client's.
    if let Some(leaf) = s.chain.as_ref().and_then(|c| c.certificates.first()) {
        s.note(&format!(
            "client certificate: {} (issued by {}), verified",
            leaf.subject, leaf.issuer
        ));
    }

    // The request: any bytes, or with HTTP a whole request head.
    let deadline = Instant::now() + limits.handshake;
    let asked = |s: &Session<server::State>| {
        s.close_notify_received
            || (!s.received.is_empty() && http::request(&s.received) != Request::Incomplete)
    };
    match s.wait(deadline, Some(limits.idle), asked)? {
        Waited::Done | Waited::Eof if !s.received.is_empty() => {}
        Waited::Done | Waited::Eof => {
            return Err(Failure::failed(
                "the client closed the connection without sending data",
            ));
        }
        Waited::TimedOut | Waited::Quiet => {
            s.close()?;
            return Err(Failure::failed(if s.received.is_empty() {
                format!(
                    "the client sent no data within {} s",
                    limits.idle.as_secs_f64()
                )
            } else {
                format!(
                    "the client's request stalled after {} bytes",
                    s.received.len()
                )
            }));
        }
    }
    if s.close_notify_received {
        return Err(Failure::failed(
            "the client sent its data and closed with close_notify before we could answer",
        ));
    }
    let answer = match http::request(&s.received) {
        Request::Complete { head } => {
            s.note(&format!(
                "received an HTTP request ({} bytes); answering 200 OK with a {}-byte body",
                s.received.len(),
                args.reply.len()
            ));
            http::response(args.reply.as_bytes(), head)
        }
        Request::NotHttp | Request::Incomplete => {
            s.note(&format!(
                "received {} bytes; answering {} bytes",
                s.received.len(),
                args.reply.len()
            ));
            args.reply.as_bytes().to_vec()
        }
    };
    s.send(&answer)?;
    s.close()?;
    // Give the client a moment to answer close_notify; its answer is not required, and a
    // client that just closes TCP (as Python's ssl does) only earns a warning.
    let _ = s.wait(Instant::now() + QUIET, None, |s| s.close_notify_received)?;
    s.note(&format!(
        "closed with close_notify{}",
        if s.close_notify_received {
            "; the client answered with close_notify".to_string()
        } else if s.eof {
            format!("; {NO_CLOSE_NOTIFY}")
        } else {
            String::new()
        }
    ));
    Ok(())
}
