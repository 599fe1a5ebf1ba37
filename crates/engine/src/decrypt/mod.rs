//! Decrypting a recorded connection with what an outsider may hold: the server's long-term
//! RSA key (stolen, say) or a key log (RFC 9850). Its inputs are only the recorded records
//! and that secret, never an endpoint's state: the page's attacker and `tls-lab decrypt` use
//! it, so what it opens is what anyone with the same recording and secret could open.

mod cipher;
mod hello;
mod keylog;
mod messages;
mod open;
mod quantum;
mod recording;

use rsa::PrivateKey as RsaPrivateKey;

use crate::crypto::secrets::Secret;
use crate::msgs::enums::{ContentType, ProtocolVersion};
use crate::msgs::suites::Suite;
use crate::transcript::Party;

pub use cipher::Opener;
pub use hello::Hello;
pub use keylog::{KeyLog, KeyLogError, Label};
pub use messages::{Message, messages};
pub use quantum::Quantum;
pub use recording::{Recorded, Recording};

/// The secret the decrypter is given.
#[derive(Clone, Copy)]
pub enum Given<'a> {
    /// The server's long-term private key, as in its PEM file.
    ServerKey(&'a RsaPrivateKey),
    /// A key log: the secrets an endpoint wrote out, by client random.
    KeyLog(&'a KeyLog),
    /// What a future quantum computer would compute from the recording's public keys.
    Quantum(&'a Quantum),
}

/// What the decrypter made of a recording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decryption {
    /// What the clear start of the handshake gave away.
    pub hello: Hello,
    /// How the record keys were reached, in order, each with its formula and value.
    pub steps: Vec<Step>,
    /// One per recorded record, in the recording's order.
    pub records: Vec<Content>,
    /// How far the decrypter got, and why not further.
    pub outcome: Outcome,
}

/// One value on the way from the given secret to the record keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The value, as the endpoints' transcripts name it (the same id as their derivation).
    pub secret: Secret,
    /// How the decrypter got it: the computation, or the key log line it was read from.
    pub formula: String,
    /// The value itself.
    pub value: Vec<u8>,
}

impl Step {
    /// The RFC's name for the value, e.g. `pre_master_secret`.
    pub fn name(&self) -> &'static str {
        self.secret.name()
    }
}

/// What became of one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    /// Sent unprotected: readable by anyone on the path.
    Clear,
    /// Protected, and opened: its content type (the inner one in TLS 1.3) and plaintext.
    Opened {
        /// The content's type: the record's own in TLS 1.2, TLSInnerPlaintext.type in TLS 1.3.
        content_type: ContentType,
        /// The content, without TLS 1.3's type byte and padding.
        plaintext: Vec<u8>,
        /// How it was sealed (for the recorded transcript).
        #[cfg(feature = "recorded")]
        sealing: Sealing,
    },
    /// Protected, and not opened.
    Sealed,
}

/// How a protected record was sealed, as the decrypter opened it: what the inspector shows of
/// a recorded record (RFC 5246 §6.2.3.3, RFC 8446 §5.2, §5.3).
#[cfg(feature = "recorded")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealing {
    /// The write key that opened it, by the endpoints' name for it.
    pub key: Secret,
    /// The sender's sequence number for the record; never sent.
    pub seq: u64,
    /// The AEAD nonce.
    pub nonce: Vec<u8>,
    /// The additional data: TLS 1.2's `seq_num ‖ type ‖ version ‖ length`, TLS 1.3's header.
    pub aad: Vec<u8>,
    /// TLS 1.3: the zero bytes after the content type (RFC 8446 §5.4).
    pub padding: usize,
}

/// How a decryption ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every protected record was opened.
    Opened,
    /// The secret cannot open this connection, by design: why, in a sentence or two.
    Sealed(String),
    /// The secret or the recording does not fit (a wrong key, a record that fails its
    /// tag, a suite this decrypter does not know): what went wrong.
    Failed(String),
}

/// Decrypts what `given` allows of `recording`.
pub fn decrypt(recording: &Recording, given: Given<'_>) -> Decryption {
    let mut d = Decryption {
        outcome: Outcome::Opened,
        ..observe(recording)
    };
    if let Err(outcome) = open::run(recording, given, &mut d) {
        d.outcome = outcome;
    }
    d
}

/// What `recording` shows to someone with no secret: which records are in the clear.
pub fn observe(recording: &Recording) -> Decryption {
    let hello = Hello::read(recording);
    Decryption {
        records: protected(recording, hello.version)
            .into_iter()
            .map(|p| if p { Content::Sealed } else { Content::Clear })
            .collect(),
        hello,
        steps: Vec::new(),
        outcome: Outcome::Sealed("no secret was given".into()),
    }
}

/// The suite's facts, or why this decrypter cannot go further.
fn suite_of(hello: &Hello) -> Result<(&'static Suite, ProtocolVersion), Outcome> {
    let (Some(suite), Some(version)) = (hello.suite, hello.version) else {
        return Err(Outcome::Failed(
            "the recording has no ServerHello: nothing was agreed to decrypt".into(),
        ));
    };
    let facts = Suite::known(suite).ok_or_else(|| {
        Outcome::Failed(format!(
            "the connection uses {suite}: this decrypter opens the AEAD suites (AES-GCM and ChaCha20-Poly1305) only"
        ))
    })?;
    if facts.version != version {
        return Err(Outcome::Failed(format!(
            "{suite} does not belong to {version}: the ServerHello is inconsistent"
        )));
    }
    Ok((facts, version))
}

/// Why the server's long-term key opens nothing of a forward-secret connection.
fn forward_secret_why(version: ProtocolVersion) -> String {
    match version {
        ProtocolVersion::Tls13 => "TLS 1.3 has no RSA key exchange: the server's key only signed the CertificateVerify, proving who it is. The key share's private values were made for this connection, never crossed the wire and were erased after it, so the recording stays sealed.".into(),
        _ => "ECDHE: the server's key only signed its ephemeral share in ServerKeyExchange, proving who sent it. The pre-master secret came from both sides' ephemeral private values, which never crossed the wire and were erased after the handshake, so the recording stays sealed.".into(),
    }
}

/// Why a quantum computer opens nothing of an X25519MLKEM768 connection.
fn post_quantum_why() -> String {
    "X25519MLKEM768 (0x11EC): the X25519 half fell, but the handshake secret is made from both halves, and the ML-KEM-768 half cannot be recovered. Its decapsulation key never crossed the wire, and ML-KEM rests on a lattice problem (Module-LWE, FIPS 203) that Shor's algorithm does not solve, so the recording stays sealed.".into()
}

/// Which side sent a record, as an index into per-direction state.
fn side(from: Party) -> usize {
    usize::from(from == Party::Server)
}

/// Which records are protected, as an observer tells: in TLS 1.3 (`version`, from the clear
/// hellos) every application_data record (RFC 8446 §5.2), in TLS 1.2 whatever a side sends
/// after its ChangeCipherSpec (RFC 5246 §7.1).
pub fn protected(recording: &Recording, version: Option<ProtocolVersion>) -> Vec<bool> {
    let mut after_ccs = [false, false];
    recording
        .records
        .iter()
        .map(|r| match ContentType::from_wire(r.content_type) {
            ContentType::ApplicationData if version == Some(ProtocolVersion::Tls13) => true,
            _ if version == Some(ProtocolVersion::Tls13) => false,
            ContentType::ChangeCipherSpec => {
                after_ccs[side(r.from)] = true;
                false
            }
            _ => after_ccs[side(r.from)],
        })
        .collect()
}
