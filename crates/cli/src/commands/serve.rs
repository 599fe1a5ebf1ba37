//! `tls-lab serve`: the engine's server for one real TLS 1.2 client.

use std::net::TcpListener;
use std::time::Instant;

use engine::pki;
use engine::server::{Server, ServerConfig};

use crate::args::ServeArgs;
use crate::failure::Failure;
use crate::keylog::KeyLog;
use crate::net::{QUIET, Session, Waited};
use crate::text::note;

pub fn run(args: &ServeArgs) -> Result<(), Failure> {
    let chain = pki::parse_certs_pem(&super::read_file("--cert", &args.cert)?)
        .map_err(|e| Failure::failed(format!("--cert {}: {e}", args.cert.display())))?;
    let key = pki::parse_private_key_pem(&super::read_file("--key", &args.key)?)
        .map_err(|e| Failure::failed(format!("--key {}: {e}", args.key.display())))?;
    let listener = TcpListener::bind(&args.peer.addr)
        .map_err(|e| Failure::failed(format!("cannot listen on {}: {e}", args.peer.addr)))?;
    let local = listener
        .local_addr()
        .map_err(|e| Failure::failed(format!("cannot tell where we listen: {e}")))?;
    note(&format!("listening on {local}"));
    let (stream, from) = listener
        .accept()
        .map_err(|e| Failure::failed(format!("cannot accept a connection on {local}: {e}")))?;
    note(&format!("connection from {from}"));

    let server = Server::new(
        ServerConfig {
            chain,
            key,
            accept: args.peer.suites.clone(),
            ems: args.peer.ems,
        },
        super::entropy()?,
    );
    let keylog = args.peer.keylog.clone().map(KeyLog::new);
    let mut s = Session::new(server, stream, "the client", keylog);
    let started = Instant::now();
    s.handshake(args.peer.timeout)?;
    note(&format!(
        "handshake complete: {}; {:.1} ms after accept",
        s.describe(),
        started.elapsed().as_secs_f64() * 1e3
    ));

    let deadline = Instant::now() + args.peer.timeout;
    match s.wait(deadline, None, |s| {
        !s.received.is_empty() || s.close_notify_received
    })? {
        Waited::Done if !s.received.is_empty() => {}
        Waited::Done | Waited::Eof => {
            return Err(Failure::failed(
                "the client closed the connection without sending data",
            ));
        }
        Waited::TimedOut | Waited::Quiet => {
            s.close()?;
            return Err(Failure::failed(format!(
                "the client sent no data within {} s",
                args.peer.timeout.as_secs_f64()
            )));
        }
    }
    if s.close_notify_received {
        return Err(Failure::failed(
            "the client sent its data and closed with close_notify before we could answer",
        ));
    }
    note(&format!(
        "received {} bytes; answering {} bytes",
        s.received.len(),
        args.reply.len()
    ));
    s.send(args.reply.as_bytes())?;
    s.close()?;
    // Give the client a moment to answer close_notify; its answer is not required.
    let _ = s.wait(Instant::now() + QUIET, None, |s| s.close_notify_received)?;
    note(&format!(
        "closed with close_notify{}",
        if s.close_notify_received {
            "; the client answered with close_notify"
        } else {
            ""
        }
    ));
    Ok(())
}
