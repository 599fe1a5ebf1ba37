//! What client and server share: the record layer (framing, protection, sequence numbers),
//! handshake-message reassembly, the handshake transcript, and the one output sink through
//! which everything observable leaves an endpoint.

use sha2::{Digest, Sha256};

use crate::codec::Reader;
use crate::crypto::record_protection::{RecordCipher, Sealed};
use crate::crypto::rng::TlsRng;
use crate::crypto::secrets::Secret;
use crate::error::TlsError;
use crate::msgs::alert::Alert;
use crate::msgs::enums::{
    AlertDescription, AlertLevel, ContentType, HandshakeType, ProtocolVersion,
};
use crate::msgs::handshake::{Handshake, MAX_HANDSHAKE_LEN};
use crate::msgs::record::{Deframer, MAX_PLAINTEXT, Record, RecordVersion};
use crate::msgs::suites::{Group, KeyExchange, Suite};
use crate::pki::ChainReport;
use crate::transcript::{Content, Label, Party};

/// One record an endpoint put on the wire, with what it knows about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    /// The record exactly as sent.
    pub bytes: Vec<u8>,
    /// The content type it carries: the real one, under TLS 1.3's outer application_data.
    pub typ: ContentType,
    /// What it carries, e.g. ClientHello or Alert: close_notify.
    pub label: Label,
    /// The content before protection (without TLS 1.3's inner content type).
    pub plaintext: Vec<u8>,
    /// How the record was encrypted and with which key, when it was.
    pub sealed: Option<(Sealed, Secret)>,
}

/// Everything observable an endpoint does, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    /// A record went on the wire.
    Record(Outgoing),
    /// The state machine moved on.
    State {
        /// The state left, by name.
        from: &'static str,
        /// The state entered.
        to: &'static str,
    },
    /// A value of the key schedule came to exist here.
    Secret(Secret, Vec<u8>),
    /// A check the endpoint made, e.g. a Finished's verify_data or a signature.
    Check {
        /// What was checked.
        what: String,
        /// Whether it passed.
        ok: bool,
        /// What was compared, or why it failed.
        detail: String,
    },
    /// The certificate chain the client checked.
    Chain(ChainReport),
    /// A fatal error: the alert that follows as the next record.
    Error(TlsError),
    /// An alert from the peer arrived.
    AlertReceived(Alert),
    /// The handshake is done at this endpoint: application data may flow.
    HandshakeComplete,
    /// Application data from the peer, opened.
    AppData(Vec<u8>),
    /// The browser was handed a session it can resume later (a TLS 1.3 ticket).
    Resumable(crate::session::Session),
    /// The server took 0-RTT data from the client: sent before the handshake completed,
    /// under a key made of the PSK alone, so it may be a replay (RFC 8446 §8). (Only with the
    /// `resumption` feature.)
    #[cfg(feature = "resumption")]
    EarlyData(Vec<u8>),
    /// The connection is closed: nothing more is sent or read.
    Closed,
}

/// A state machine of one endpoint: one state per awaited message.
pub trait Machine: Sized {
    /// What the endpoint is set up with: [`ClientConfig`](crate::client::ClientConfig) or
    /// [`ServerConfig`](crate::server::ServerConfig).
    type Config;
    /// Whose machine it is.
    const PARTY: Party;
    /// The state before anything is sent: the server waits for a ClientHello from the
    /// start; the client has no state until [`Machine::start`] sends one.
    fn initial() -> Option<Self>;
    /// Sends the first flight and returns the state that follows it.
    fn start(cx: &mut Common, config: &Self::Config) -> Result<Self, TlsError>;
    /// Whether the handshake is done and application data may flow.
    fn is_connected(&self) -> bool;
    /// The state's name: the message it waits for.
    fn name(&self) -> &'static str;
    /// The negotiated suite, whose version and key exchange say how some messages parse.
    fn suite(&self) -> Option<&'static Suite>;
    /// Whether this state takes a message of this kind. Asked on the record or handshake
    /// header alone, before the body is parsed: a message of the wrong type for the state is
    /// unexpected_message even when its body would not decode (RFC 5246 §7.2.2).
    fn expects(&self, kind: MessageKind) -> bool;
    /// Consumes the state with one incoming message and returns the next state.
    fn handle(
        self,
        cx: &mut Common,
        config: &Self::Config,
        msg: Incoming,
        raw: &[u8],
    ) -> Result<Self, TlsError>;
}

/// What kind of message a record carries, known from its headers before its body is parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind {
    /// A handshake message of this type, read from its first byte.
    Handshake(HandshakeType),
    /// A ChangeCipherSpec record.
    ChangeCipherSpec,
    /// Application data (in TLS 1.3, the inner content type once the record is opened).
    ApplicationData,
}

impl MessageKind {
    fn describe(self) -> String {
        match self {
            MessageKind::Handshake(t) => t.to_string(),
            MessageKind::ChangeCipherSpec => "ChangeCipherSpec".into(),
            MessageKind::ApplicationData => "application data".into(),
        }
    }
}

/// Warning alerts in a row that end the connection: the fifth, as in OpenSSL
/// (`MAX_WARN_ALERT_COUNT`). One warning is tolerated; an endless stream of them would keep
/// the endpoint busy forever (CVE-2016-8610, "SSL death alert").
pub const MAX_WARNING_ALERTS_IN_A_ROW: usize = 5;

/// What the hellos settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Negotiated {
    /// The cipher suite, and with it the version and the key exchange.
    pub suite: &'static Suite,
    /// TLS 1.2: the extended master secret (RFC 7627) is in use.
    pub ems: bool,
    /// TLS 1.3: the key-exchange group of the key shares.
    pub group: Option<Group>,
    /// The handshake resumed an earlier session (a TLS 1.3 PSK from a ticket): no
    /// certificate, no signature.
    pub resumed: bool,
}

impl Negotiated {
    /// A TLS 1.2 handshake with this key exchange.
    pub fn tls12(kx: KeyExchange, ems: bool) -> Negotiated {
        Negotiated {
            suite: Suite::tls12(kx),
            ems,
            group: None,
            resumed: false,
        }
    }

    /// "TLS 1.2, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, extended master secret" and the like.
    pub fn describe(&self) -> String {
        let extra = match self.group {
            Some(g) => format!("key exchange {}", g.named().as_str()),
            None if self.ems => "extended master secret".into(),
            None => "no extended master secret".into(),
        };
        format!(
            "{}, {}, {extra}{}",
            self.suite.version.as_str(),
            self.suite.suite,
            match (self.resumed, self.suite.is_tls13()) {
                (false, _) => "",
                (true, true) => ", resumed (PSK from a ticket)",
                (true, false) => ", resumed (the session's master secret)",
            }
        )
    }
}

/// What every endpoint has whatever its state: the record layer, handshake reassembly,
/// handshake_messages and the outputs. The states read and write it as they handle a
/// message ([`Machine::handle`]).
#[derive(Clone)]
pub struct Common {
    /// Which side this is.
    pub party: Party,
    /// Where every random value the endpoint uses comes from.
    pub rng: TlsRng,
    deframer: Deframer,
    /// Bytes of handshake records not yet forming a whole message.
    handshake_buf: Vec<u8>,
    read_cipher: Option<RecordCipher>,
    /// The cipher protecting what this side sends, and which key it holds.
    write_cipher: Option<(RecordCipher, Secret)>,
    /// The TLS 1.3 compatibility ChangeCipherSpec has gone out.
    compat_ccs_sent: bool,
    /// handshake_messages: every handshake message so far, as sent (RFC 5246 §7.4.9).
    pub handshake_messages: Vec<u8>,
    /// Everything observable since [`Endpoint::take_outputs`] last took it.
    ///
    /// [`Endpoint::take_outputs`]: crate::endpoint::Endpoint::take_outputs
    pub outputs: Vec<Output>,
    /// The connection is closed: nothing more is sent or read.
    pub closed: bool,
    /// Set once ServerHello is sent (server) or accepted (client).
    pub negotiated: Option<Negotiated>,
    /// This side has sent close_notify (and sends nothing more).
    pub close_notify_sent: bool,
    /// Warning alerts received since the last record of another type.
    warnings_in_a_row: usize,
    /// TLS 1.3 server that did not take the client's 0-RTT data: how many more bytes of
    /// records it cannot open it skips, before the client's handshake records (RFC 8446
    /// §4.2.10). (Set only with the feature `resumption`.)
    pub skip_early_data: usize,
}

/// An incoming message after the record layer.
pub enum Incoming {
    /// A whole handshake message, reassembled from its records and parsed.
    Handshake(Handshake),
    /// ChangeCipherSpec, its one byte checked.
    ChangeCipherSpec,
    /// Application data, opened.
    AppData(Vec<u8>),
}

impl Incoming {
    /// The message's name, for errors: `ClientHello`, `ChangeCipherSpec`, `application data`.
    pub fn describe(&self) -> &'static str {
        match self {
            Incoming::Handshake(h) => h.typ().as_str(),
            Incoming::ChangeCipherSpec => "ChangeCipherSpec",
            Incoming::AppData(_) => "application data",
        }
    }
}

impl Common {
    /// An endpoint's start: no keys, nothing sent or received.
    pub fn new(party: Party, rng: TlsRng) -> Common {
        Common {
            party,
            rng,
            deframer: Deframer::default(),
            handshake_buf: Vec::new(),
            read_cipher: None,
            write_cipher: None,
            compat_ccs_sent: false,
            handshake_messages: Vec::new(),
            outputs: Vec::new(),
            closed: false,
            skip_early_data: 0,
            negotiated: None,
            close_notify_sent: false,
            warnings_in_a_row: 0,
        }
    }

    /// Reports that the state machine moved on.
    pub fn state(&mut self, from: &'static str, to: &'static str) {
        self.outputs.push(Output::State { from, to });
    }

    /// Reports a value of the key schedule as it comes to exist.
    pub fn secret(&mut self, s: Secret, value: &[u8]) {
        self.outputs.push(Output::Secret(s, value.to_vec()));
    }

    /// Reports a check and whether it passed.
    pub fn check(&mut self, what: impl Into<String>, ok: bool, detail: impl Into<String>) {
        self.outputs.push(Output::Check {
            what: what.into(),
            ok,
            detail: detail.into(),
        });
    }

    /// SHA-256 of the handshake messages so far.
    pub fn transcript_hash(&self) -> Vec<u8> {
        Sha256::digest(&self.handshake_messages).to_vec()
    }

    /// Sends a handshake message (and adds it to handshake_messages).
    pub fn send_handshake(&mut self, msg: &Handshake) -> Result<(), TlsError> {
        let bytes = msg.encode();
        self.handshake_messages.extend_from_slice(&bytes);
        // A message longer than a record's limit is fragmented over several records
        // (RFC 5246 §6.2.1); the peer reassembles it.
        let content = match msg {
            Handshake::ServerHello(h) if h.is_hello_retry_request() => Content::HelloRetryRequest,
            _ => Content::Handshake(msg.typ()),
        };
        let pieces = bytes.len().div_ceil(MAX_PLAINTEXT);
        for (i, chunk) in bytes.chunks(MAX_PLAINTEXT).enumerate() {
            let label = Label {
                fragment: (pieces > 1).then_some((i + 1, pieces)),
                ..Label::new(content)
            };
            self.send(ContentType::Handshake, chunk, label)?;
        }
        Ok(())
    }

    /// Sends HelloRequest, which is not part of handshake_messages (RFC 5246 §7.4.1.1).
    pub fn send_hello_request(&mut self) -> Result<(), TlsError> {
        self.send(
            ContentType::Handshake,
            &Handshake::HelloRequest.encode(),
            Label::new(Content::Handshake(HandshakeType::HelloRequest)),
        )
    }

    /// Sends ChangeCipherSpec and switches the write side to the new keys (RFC 5246 §7.1).
    pub fn send_change_cipher_spec(&mut self, cipher: RecordCipher) -> Result<(), TlsError> {
        self.send(
            ContentType::ChangeCipherSpec,
            &[1],
            Label::new(Content::ChangeCipherSpec),
        )?;
        let key = match self.party {
            Party::Client => Secret::ClientWriteKey,
            Party::Server => Secret::ServerWriteKey,
        };
        self.activate_write_cipher(cipher, key);
        Ok(())
    }

    /// Protects every record from now on with `cipher`, which holds `key`.
    pub fn activate_write_cipher(&mut self, cipher: RecordCipher, key: Secret) {
        self.write_cipher = Some((cipher, key));
    }

    /// Sends in the clear again: a TLS 1.3 browser whose 0-RTT data went out under the early
    /// key sends its second ClientHello, after a HelloRetryRequest, unprotected.
    pub fn deactivate_write_cipher(&mut self) {
        self.write_cipher = None;
    }

    /// The middlebox-compatibility ChangeCipherSpec (RFC 8446 App. D.4), sent at most once
    /// and never protected: TLS 1.3 itself has no use for it.
    pub fn send_compat_change_cipher_spec(&mut self) -> Result<(), TlsError> {
        if self.compat_ccs_sent {
            return Ok(());
        }
        self.compat_ccs_sent = true;
        self.send_record(
            ContentType::ChangeCipherSpec,
            &[1],
            Label::new(Content::ChangeCipherSpec),
            false,
        )
    }

    /// Sends application data in records of at most 2^14 bytes (RFC 5246 §6.2.1).
    pub fn send_app_data(&mut self, data: &[u8]) -> Result<(), TlsError> {
        for chunk in data.chunks(MAX_PLAINTEXT) {
            self.send(
                ContentType::ApplicationData,
                chunk,
                Label::new(Content::ApplicationData),
            )?;
        }
        Ok(())
    }

    /// Sends an alert at the level [`Alert::for_description`] gives it. Nothing goes out
    /// after close_notify.
    pub fn send_alert(&mut self, description: AlertDescription) {
        if self.close_notify_sent {
            return;
        }
        self.close_notify_sent = description == AlertDescription::CloseNotify;
        let alert = Alert::for_description(description);
        let label = Label::new(Content::Alert(description));
        // Sending an alert can only fail if sealing fails; then there is nothing more to do.
        let _ = self.send(ContentType::Alert, &alert.encode(), label);
    }

    fn send(&mut self, typ: ContentType, plaintext: &[u8], label: Label) -> Result<(), TlsError> {
        self.send_record(typ, plaintext, label, true)
    }

    /// One record, protected when `protect` and a write cipher is active.
    fn send_record(
        &mut self,
        typ: ContentType,
        plaintext: &[u8],
        label: Label,
        protect: bool,
    ) -> Result<(), TlsError> {
        let cipher = self.write_cipher.as_mut().filter(|_| protect);
        let (outer_type, fragment, sealed) = match cipher {
            Some((c, key)) => {
                let s = c.seal(typ, plaintext)?;
                (s.outer_type, s.fragment.clone(), Some((s, *key)))
            }
            None => (typ, plaintext.to_vec(), None),
        };
        let bytes = Record {
            typ: outer_type,
            // Every record says TLS 1.2, the ClientHello's too (OpenSSL's says TLS 1.0 there,
            // for old servers; both are allowed).
            version: ProtocolVersion::Tls12,
            fragment,
        }
        .encode();
        self.outputs.push(Output::Record(Outgoing {
            bytes,
            typ,
            label,
            plaintext: plaintext.to_vec(),
            sealed,
        }));
        Ok(())
    }

    /// A fatal error: report it, send its alert, close.
    pub fn fail(&mut self, e: TlsError) {
        let d = e.alert;
        self.outputs.push(Output::Error(e));
        self.send_alert(d);
        self.close();
    }

    /// Closes the connection, once, and reports it ([`Output::Closed`]).
    pub fn close(&mut self) {
        if !self.closed {
            self.closed = true;
            self.outputs.push(Output::Closed);
        }
    }

    /// Reads every record from now on with `cipher`. A handshake message must not straddle
    /// the change of keys (RFC 8446 §5.1): bytes of one still waiting are an error.
    pub fn activate_read_cipher(&mut self, cipher: RecordCipher) -> Result<(), TlsError> {
        if !self.handshake_buf.is_empty() {
            return Err(TlsError::unexpected(
                "a handshake message continues across a change of keys",
            ));
        }
        self.read_cipher = Some(cipher);
        Ok(())
    }

    /// Bytes from the peer, in any pieces: each whole message goes through the state
    /// machine; the first error sends its alert and closes.
    pub fn receive<M: Machine>(&mut self, state: &mut Option<M>, config: &M::Config, bytes: &[u8]) {
        if self.closed {
            return;
        }
        self.deframer.push(bytes);
        while !self.closed {
            let result = match self.next_message(state.as_ref()) {
                Ok(Some((msg, raw))) => match state.take() {
                    Some(current) => {
                        let from = current.name();
                        current.handle(self, config, msg, &raw).map(|next| {
                            if next.name() != from {
                                self.state(from, next.name());
                            }
                            *state = Some(next);
                        })
                    }
                    None => Err(TlsError::unexpected("data before the handshake started")),
                },
                Ok(None) => break,
                Err(e) => Err(e),
            };
            if let Err(e) = result {
                self.fail(e);
            }
        }
    }

    /// Whether the hellos have settled the version (ServerHello sent or accepted): from then
    /// on every record must say TLS 1.2.
    /// What a received record's version field may say, by how far the hellos have got.
    fn record_version(&self) -> RecordVersion {
        match self.negotiated {
            None => RecordVersion::AnyTls,
            Some(n) if n.suite.is_tls13() => RecordVersion::Ignored,
            Some(_) => RecordVersion::Tls12,
        }
    }

    /// The next message the state expects from the bytes received so far; `Ok(None)` when
    /// more are needed. Alerts are handled here: close_notify is answered, a fatal alert
    /// closes, a warning is tolerated unless too many come in a row.
    fn next_message<M: Machine>(
        &mut self,
        state: Option<&M>,
    ) -> Result<Option<(Incoming, Vec<u8>)>, TlsError> {
        let suite = state.and_then(M::suite);
        let expect = |kind: MessageKind| match state {
            Some(s) if s.expects(kind) => Ok(()),
            _ => Err(TlsError::unexpected_in(
                kind.describe(),
                state.map_or("Start", M::name),
            )),
        };
        loop {
            if let Some((msg, raw)) = self.take_handshake(&expect, suite)? {
                return Ok(Some((msg, raw)));
            }
            let Some(record) = self.deframer.next_record(self.record_version())? else {
                return Ok(None);
            };
            // Protected TLS 1.3 records carry their real type inside. TLS 1.3 never protects a
            // ChangeCipherSpec: the compatibility one comes in the clear (RFC 8446 §5). Nor
            // can a peer protect an alert before it has the keys: a browser that rejects the
            // server's flight says so in the clear, so a plaintext alert is read until the
            // first protected record arrives (as OpenSSL's ENC_READ_STATE_ALLOW_PLAIN_ALERTS).
            // 0-RTT data the server did not take is skipped: records it cannot open with the
            // handshake key, or application data before it has one (after a retry).
            let skipping = cfg!(feature = "resumption") && self.skip_early_data > 0;
            let skippable = skipping
                && record.typ == ContentType::ApplicationData
                && record.fragment.len() <= self.skip_early_data;
            let (typ, plaintext) = match self.read_cipher.as_mut() {
                Some(c)
                    if c.version() == ProtocolVersion::Tls13
                        && (record.typ == ContentType::ChangeCipherSpec
                            || (record.typ == ContentType::Alert && c.seq() == 0)) =>
                {
                    (record.typ, record.fragment)
                }
                Some(c) if skipping => {
                    let mut trial = c.clone();
                    match trial.open_received(record.typ, record.version, &record.fragment) {
                        Ok(opened) => {
                            *c = trial;
                            self.skip_early_data = 0;
                            opened
                        }
                        Err(_) if skippable => {
                            self.skip_early_data -= record.fragment.len();
                            self.early_data_skipped(record.fragment.len());
                            continue;
                        }
                        Err(e) => return Err(e),
                    }
                }
                Some(c) => c.open_received(record.typ, record.version, &record.fragment)?,
                None if skippable => {
                    self.skip_early_data -= record.fragment.len();
                    self.early_data_skipped(record.fragment.len());
                    continue;
                }
                None => {
                    if record.fragment.len() > MAX_PLAINTEXT {
                        return Err(TlsError::new(
                            AlertDescription::RecordOverflow,
                            "plaintext record longer than 2^14",
                        ));
                    }
                    (record.typ, record.fragment)
                }
            };
            if !self.handshake_buf.is_empty() && typ != ContentType::Handshake {
                return Err(TlsError::unexpected(format!(
                    "{} record in the middle of a fragmented handshake message",
                    typ.as_str()
                )));
            }
            if typ != ContentType::Alert {
                self.warnings_in_a_row = 0;
            }
            match typ {
                ContentType::Handshake => {
                    if plaintext.is_empty() {
                        return Err(TlsError::unexpected("empty handshake record"));
                    }
                    self.handshake_buf.extend_from_slice(&plaintext);
                }
                ContentType::ChangeCipherSpec => {
                    expect(MessageKind::ChangeCipherSpec)?;
                    if plaintext != [1] {
                        let reason = "ChangeCipherSpec must be the single byte 01";
                        // RFC 8446 §5: in TLS 1.3 any other value is unexpected_message.
                        return Err(if self.negotiated.is_some_and(|n| n.suite.is_tls13()) {
                            TlsError::unexpected(reason)
                        } else {
                            TlsError::decode(reason)
                        });
                    }
                    return Ok(Some((Incoming::ChangeCipherSpec, plaintext)));
                }
                ContentType::Alert => {
                    if !self.receive_alert(&plaintext)? {
                        return Ok(None);
                    }
                }
                ContentType::ApplicationData => {
                    expect(MessageKind::ApplicationData)?;
                    return Ok(Some((Incoming::AppData(plaintext.clone()), plaintext)));
                }
                other => {
                    return Err(TlsError::unexpected(format!(
                        "record of unknown content type {other}"
                    )));
                }
            }
        }
    }

    fn early_data_skipped(&mut self, len: usize) {
        self.check(
            "0-RTT data skipped",
            true,
            format!(
                "a {len}-byte record of the client's early data, which this server did not take: \
                 the client sends it again after the handshake"
            ),
        );
    }

    /// Handles an alert record; returns whether the connection goes on.
    fn receive_alert(&mut self, plaintext: &[u8]) -> Result<bool, TlsError> {
        let alert = Alert::read(&mut Reader::new(plaintext))?;
        self.outputs.push(Output::AlertReceived(alert));
        if alert.description == AlertDescription::CloseNotify {
            // RFC 5246 §7.2.1: answer close_notify with close_notify.
            self.send_alert(AlertDescription::CloseNotify);
            self.close();
            return Ok(false);
        }
        // RFC 8446 §6: in TLS 1.3 every alert but the closure alerts is an error, whatever
        // level it claims.
        let tls13 = self.negotiated.is_some_and(|n| n.suite.is_tls13());
        let closure = alert.description == AlertDescription::UserCanceled;
        match alert.level {
            AlertLevel::Fatal => {
                self.close();
                Ok(false)
            }
            AlertLevel::Warning if tls13 && !closure => {
                self.close();
                Ok(false)
            }
            // RFC 5246 §7.2: after a warning the connection may go on; this engine records
            // it and does (user_canceled, for one, is followed by close_notify).
            AlertLevel::Warning => {
                self.warnings_in_a_row += 1;
                if self.warnings_in_a_row >= MAX_WARNING_ALERTS_IN_A_ROW {
                    return Err(TlsError::unexpected(format!(
                        "{} warning alerts in a row: a peer that only sends warnings keeps the \
                         connection busy forever (CVE-2016-8610)",
                        self.warnings_in_a_row
                    )));
                }
                Ok(true)
            }
            AlertLevel::Unknown(level) => Err(TlsError::illegal(format!(
                "alert level {level} is not defined"
            ))),
        }
    }

    /// A whole handshake message from the reassembly buffer, if there is one. Its type is
    /// checked against the state as soon as its first byte is here, and its length against
    /// the cap as soon as its header is: neither waits for the body.
    fn take_handshake(
        &mut self,
        expect: &impl Fn(MessageKind) -> Result<(), TlsError>,
        suite: Option<&Suite>,
    ) -> Result<Option<(Incoming, Vec<u8>)>, TlsError> {
        let Some(&typ) = self.handshake_buf.first() else {
            return Ok(None);
        };
        expect(MessageKind::Handshake(HandshakeType::from_wire(typ)))?;
        if self.handshake_buf.len() < HANDSHAKE_HEADER_LEN {
            return Ok(None);
        }
        let len = usize::from(self.handshake_buf[1]) << 16
            | usize::from(self.handshake_buf[2]) << 8
            | usize::from(self.handshake_buf[3]);
        if len > MAX_HANDSHAKE_LEN {
            return Err(TlsError::decode(format!(
                "handshake message of {len} bytes: longer than the largest ClientHello the \
                 grammar allows ({MAX_HANDSHAKE_LEN} bytes), this engine's limit"
            )));
        }
        if self.handshake_buf.len() < HANDSHAKE_HEADER_LEN + len {
            return Ok(None);
        }
        let raw: Vec<u8> = self
            .handshake_buf
            .drain(..HANDSHAKE_HEADER_LEN + len)
            .collect();
        let mut r = Reader::new(&raw);
        let msg = Handshake::read(&mut r, suite)?;
        r.expect_empty("the handshake message")?;
        Ok(Some((Incoming::Handshake(msg), raw)))
    }
}

/// msg_type and the uint24 length (RFC 5246 §7.4).
const HANDSHAKE_HEADER_LEN: usize = 4;
