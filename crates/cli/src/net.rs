//! The socket pump shared by `connect` and `serve`: bytes from the TCP stream go into the
//! sans-IO endpoint, the records it produces go back onto the stream, and its events are
//! noted (application data is printed on stdout as it arrives).

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use engine::TlsError;
use engine::common::{Machine, Output};
use engine::endpoint::Endpoint;
use engine::msgs::enums::{AlertDescription, AlertLevel};
use engine::pki::ChainReport;

use crate::failure::Failure;
use crate::keylog::KeyLog;
use crate::text;

/// After the last bytes of an answer, how long to wait for more before calling it complete.
pub const QUIET: Duration = Duration::from_secs(1);

/// What a TCP close without close_notify after the exchange means (RFC 5246 §7.2.1): many
/// clients do it, and it is accepted with this warning, as browsers accept it.
pub const NO_CLOSE_NOTIFY: &str =
    "warning: peer closed without close_notify: a truncation would look the same";

/// The two time limits of a live connection.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The idle timer: the longest silence from the peer while we wait for its next bytes.
    pub idle: Duration,
    /// The overall deadline of the handshake, however the peer trickles its bytes.
    pub handshake: Duration,
}

/// How a wait ended, when it did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waited {
    /// What we waited for happened.
    Done,
    /// The peer closed TCP (without close_notify, unless `Session::close_notify_received`).
    Eof,
    /// The deadline passed.
    TimedOut,
    /// No bytes came for the quiet period after the last ones.
    Quiet,
}

/// One live TLS connection over TCP.
pub struct Session<M: Machine> {
    pub endpoint: Endpoint<M>,
    stream: TcpStream,
    /// "the server" or "the client": the peer, in messages.
    peer: &'static str,
    /// Put before every status line of this connection ("#3 " when serve runs several).
    pub tag: String,
    keylog: Option<KeyLog>,
    pub handshake_complete: bool,
    pub close_notify_received: bool,
    pub eof: bool,
    /// Bytes received from the peer so far, of any kind.
    pub bytes_received: usize,
    /// Application data received so far.
    pub received: Vec<u8>,
    pub chain: Option<ChainReport>,
    /// The newest session the server handed the browser (a TLS 1.3 ticket), to resume later.
    pub resumable: Option<engine::session::Session>,
    last_bytes: Instant,
}

impl<M: Machine> Session<M> {
    pub fn new(
        endpoint: Endpoint<M>,
        stream: TcpStream,
        peer: &'static str,
        keylog: Option<KeyLog>,
    ) -> Self {
        // Nagle would hold back a flight's second record; records are small and few.
        let _ = stream.set_nodelay(true);
        Session {
            endpoint,
            stream,
            peer,
            tag: String::new(),
            keylog,
            handshake_complete: false,
            close_notify_received: false,
            eof: false,
            bytes_received: 0,
            received: Vec::new(),
            chain: None,
            resumable: None,
            last_bytes: Instant::now(),
        }
    }

    /// Takes the endpoint's outputs: writes its records to the socket and notes its events.
    /// An error the endpoint raised (it has sent its alert by then) or an alert the peer sent
    /// becomes the failure; every record is written first, so an alert still reaches the peer.
    pub fn flush(&mut self) -> Result<(), Failure> {
        let mut failure = None;
        let mut write_error = None;
        let tls13 = self
            .endpoint
            .negotiated()
            .is_some_and(|n| n.suite.is_tls13());
        for output in self.endpoint.take_outputs() {
            match output {
                Output::Record(r) => {
                    if write_error.is_none() {
                        write_error = self.stream.write_all(&r.bytes).err();
                    }
                }
                Output::Secret(s, value) => {
                    if let Some(log) = self.keylog.as_mut()
                        && let Err(e) = log.secret(s, &value, tls13)
                    {
                        failure.get_or_insert(e);
                    }
                }
                Output::Chain(report) => self.chain = Some(report),
                Output::Error(e) => {
                    failure.get_or_insert_with(|| self.local_error(&e));
                }
                Output::AlertReceived(a) => {
                    if a.description == AlertDescription::CloseNotify {
                        self.close_notify_received = true;
                    } else if a.level == AlertLevel::Warning {
                        // RFC 5246 §7.2: the engine tolerates a warning (and ends the
                        // connection itself when too many come in a row).
                        self.note(&format!(
                            "{} sent a warning alert {}; carrying on",
                            self.peer,
                            a.description.as_str()
                        ));
                    } else {
                        failure.get_or_insert_with(|| {
                            Failure::failed(format!(
                                "{}: {} sent alert {} ({})",
                                self.stage(),
                                self.peer,
                                a.description.as_str(),
                                a.level.as_str()
                            ))
                        });
                    }
                }
                Output::HandshakeComplete => self.handshake_complete = true,
                Output::Resumable(session) => self.resumable = Some(session),
                Output::EarlyData(data) => {
                    self.note(&format!(
                        "0-RTT: took {} bytes of early data, sent with the ClientHello",
                        data.len()
                    ));
                    self.received.extend_from_slice(&data);
                    if let Err(e) = text::out(&data) {
                        failure.get_or_insert(e);
                    }
                }
                Output::AppData(data) => {
                    self.received.extend_from_slice(&data);
                    if let Err(e) = text::out(&data) {
                        failure.get_or_insert(e);
                    }
                }
                // Mutual TLS: what the browser answered the server's CertificateRequest with;
                // 0-RTT: what became of the early data.
                Output::Check { what, detail, .. }
                    if what == engine::client::certificate::CHECK
                        || what == engine::tls13::EARLY_DATA_CHECK =>
                {
                    self.note(&detail);
                }
                Output::State { .. } | Output::Check { .. } | Output::Closed => {}
            }
        }
        if let Some(f) = failure {
            return Err(f);
        }
        match write_error {
            None => Ok(()),
            Some(e) => {
                if peer_gone(&e) {
                    self.eof = true;
                }
                Err(Failure::failed(format!(
                    "{}: cannot send to {}: {e}",
                    self.stage(),
                    self.peer
                )))
            }
        }
    }

    /// A status line of this connection on stderr.
    pub fn note(&self, line: &str) {
        text::note(&format!("{}{line}", self.tag));
    }

    /// Reads from the peer until `done`, EOF, the deadline, or (with `quiet`) that long without
    /// bytes once some have come.
    pub fn wait(
        &mut self,
        deadline: Instant,
        quiet: Option<Duration>,
        done: impl Fn(&Self) -> bool,
    ) -> Result<Waited, Failure> {
        let mut buf = [0u8; 16 * 1024];
        loop {
            if done(self) {
                return Ok(Waited::Done);
            }
            if self.eof || self.endpoint.is_closed() {
                return Ok(Waited::Eof);
            }
            let now = Instant::now();
            let mut until = deadline;
            if let Some(q) = quiet {
                until = until.min(self.last_bytes + q);
            }
            if now >= until {
                return Ok(if now >= deadline {
                    Waited::TimedOut
                } else {
                    Waited::Quiet
                });
            }
            // set_read_timeout rejects zero; `until > now` here.
            self.stream
                .set_read_timeout(Some(until - now))
                .map_err(|e| Failure::failed(format!("cannot set a read timeout: {e}")))?;
            match self.stream.read(&mut buf) {
                Ok(0) => self.eof = true,
                Ok(n) => {
                    self.last_bytes = Instant::now();
                    self.bytes_received += n;
                    self.endpoint.receive(&buf[..n]);
                    self.flush()?;
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // A peer that closed with data unread by it resets the connection: for us the
                // same as its end of stream.
                Err(e) if peer_gone(&e) => self.eof = true,
                Err(e) => {
                    return Err(Failure::failed(format!(
                        "{}: cannot read from {}: {e}",
                        self.stage(),
                        self.peer
                    )));
                }
            }
        }
    }

    /// Runs the handshake to its end (the client has sent its ClientHello already), within
    /// the idle timer for each wait and the overall deadline.
    pub fn handshake(&mut self, limits: Limits) -> Result<(), Failure> {
        self.flush()?;
        let deadline = Instant::now() + limits.handshake;
        let waited = self.wait(deadline, Some(limits.idle), |s| s.handshake_complete)?;
        let awaited = self.endpoint.state_name().trim_start_matches("Expect");
        match waited {
            Waited::Done => Ok(()),
            Waited::Eof => Err(Failure::failed(format!(
                "handshake failed: {} closed the connection without an alert while we waited for {awaited}",
                self.peer,
            ))),
            Waited::Quiet if self.bytes_received == 0 => Err(Failure::failed(format!(
                "handshake failed: {} sent nothing for {} s while we waited for {awaited}",
                self.peer,
                limits.idle.as_secs_f64(),
            ))),
            Waited::Quiet => Err(Failure::failed(format!(
                "handshake failed: {} stalled after {} bytes: nothing more for {} s while we \
                 waited for {awaited}",
                self.peer,
                self.bytes_received,
                limits.idle.as_secs_f64(),
            ))),
            Waited::TimedOut => Err(Failure::failed(format!(
                "handshake failed: not complete within the {} s deadline ({} sent {} bytes, too \
                 slowly; we waited for {awaited})",
                limits.handshake.as_secs_f64(),
                self.peer,
                self.bytes_received,
            ))),
        }
    }

    /// Sends application data.
    pub fn send(&mut self, data: &[u8]) -> Result<(), Failure> {
        if self.close_notify_received {
            return Err(Failure::failed(format!(
                "{} closed the connection (close_notify) before we could send",
                self.peer
            )));
        }
        self.endpoint
            .send_app_data(data)
            .map_err(|e| Failure::failed(format!("cannot send application data: {e}")))?;
        self.flush()
    }

    /// Sends close_notify (unless the engine already did, answering the peer's) and ends
    /// our direction of the TCP stream.
    pub fn close(&mut self) -> Result<(), Failure> {
        self.endpoint.close();
        let flushed = self.flush();
        // The peer may have gone already; there is nothing left to tell it then.
        let _ = self.stream.shutdown(Shutdown::Write);
        match flushed {
            Err(_) if self.eof => Ok(()),
            other => other,
        }
    }

    /// The suite and extras, for status lines.
    pub fn describe(&self) -> String {
        match self.endpoint.negotiated() {
            Some(n) => n.describe(),
            None => "no suite agreed yet".to_string(),
        }
    }

    fn stage(&self) -> &'static str {
        if self.handshake_complete {
            "connection failed"
        } else {
            "handshake failed"
        }
    }

    fn local_error(&self, e: &TlsError) -> Failure {
        Failure::failed(format!(
            "{}: tls-lab sent alert {} (fatal) to {}: {}",
            self.stage(),
            e.alert.as_str(),
            self.peer,
            e.reason
        ))
    }
}

/// Whether an I/O error means the peer has closed the connection.
fn peer_gone(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
    )
}
