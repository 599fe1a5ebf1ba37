//! What TLS 1.3 records say (RFC 8446), generated from the message and the transcript, in
//! the same voice as the TLS 1.2 texts beside them.

use crate::codec::hex;
use crate::msgs::enums::{CipherSuite, ExtensionType, NamedGroup, ProtocolVersion};
use crate::msgs::extensions;
use crate::msgs::handshake::{ClientHello, Handshake, ServerHello};
use crate::msgs::suites::Group;
use crate::pki::ChainReport;
use crate::transcript::{Party, Protection};

use super::chain_checked;

/// What the hellos of a resumed TLS 1.3 handshake add (feature `resumption`; without it no
/// hello offers or takes a ticket).
#[cfg(feature = "resumption")]
mod resumption {
    use crate::msgs::enums::ExtensionType;
    use crate::msgs::extensions;
    use crate::msgs::handshake::{ClientHello, ServerHello};

    pub fn client_hello(h: &ClientHello) -> String {
        if extensions::find(&h.extensions, ExtensionType::PreSharedKey).is_none() {
            return String::new();
        }
        let early = extensions::find(&h.extensions, ExtensionType::EarlyData).is_some();
        format!(
            " It offers a ticket from an earlier visit in pre_shared_key, the last extension: the ticket, \
             opaque to the browser, and a binder, an HMAC keyed from the ticket's PSK over this ClientHello \
             up to the binders, which proves the browser holds the PSK without sending it (RFC 8446 \
             §4.2.11).{}",
            if early {
                " Its early_data extension says 0-RTT data follows right behind it, before any answer: \
                 encrypted under a key made of the PSK alone, so without forward secrecy, and replayable."
            } else {
                ""
            }
        )
    }

    pub fn server_hello(h: &ServerHello) -> String {
        if extensions::find(&h.extensions, ExtensionType::PreSharedKey).is_none() {
            return String::new();
        }
        " Its pre_shared_key takes the ticket: the handshake resumes, the Early Secret is made of the \
         ticket's PSK, and the server proves itself with its Finished alone, without a certificate \
         (RFC 8446 §2.2). Its key_share still gives a fresh (EC)DHE secret, so the new keys are \
         forward secret (psk_dhe_ke)."
            .to_string()
    }
}

/// The explanation of a TLS 1.3 handshake message; `None` for the messages TLS 1.2 shares
/// word for word.
pub fn handshake_text(
    who: &str,
    m: &Handshake,
    chain: Option<&ChainReport>,
    after_retry: bool,
) -> Option<String> {
    Some(match m {
        #[cfg(feature = "resumption")]
        Handshake::ClientHello(h) => {
            client_hello(who, h, after_retry) + &resumption::client_hello(h)
        }
        #[cfg(not(feature = "resumption"))]
        Handshake::ClientHello(h) => client_hello(who, h, after_retry),
        Handshake::ServerHello(h) if h.is_hello_retry_request() => hello_retry_request(who, h),
        #[cfg(feature = "resumption")]
        Handshake::ServerHello(h) => server_hello(who, h) + &resumption::server_hello(h),
        #[cfg(not(feature = "resumption"))]
        Handshake::ServerHello(h) => server_hello(who, h),
        #[cfg(feature = "resumption")]
        Handshake::EndOfEarlyData => format!(
            "{who} sends EndOfEarlyData: its 0-RTT data is over. It is the last message under \
             client_early_traffic_secret; its next records use its handshake traffic key (RFC 8446 §4.5)."
        ),
        Handshake::EncryptedExtensions(e) => format!(
            "{who} sends EncryptedExtensions ({} extension(s)), the first message under its handshake \
             traffic key. In TLS 1.3 every handshake message after ServerHello is encrypted: an \
             eavesdropper sees only records of some length.",
            e.extensions.len()
        ),
        Handshake::Certificate13(c) => format!(
            "{who} sends its certificate chain: {} certificate(s), leaf first. Unlike in TLS 1.2 it travels \
             encrypted, so an eavesdropper does not learn which certificate the site presents. The leaf carries \
             the server's RSA public key; the CA's signature vouches that it belongs to the named host.{}",
            c.certificate_list.len(),
            chain_checked(chain)
        ),
        Handshake::CertificateVerify(v) => format!(
            "{who} signs the handshake so far with its certificate's private key ({}, {} bytes): over 64 spaces, \
             the context string \"TLS 1.3, server CertificateVerify\", a 0x00 byte and Transcript-Hash(ClientHello…Certificate). \
             It proves the server holds the private key of this certificate, in this very handshake. It encrypts \
             nothing: the keys come from the key exchange, never from the certificate's key.",
            v.algorithm.as_str(),
            v.signature.len()
        ),
        Handshake::Finished(f) => format!(
            "{who} sends Finished: verify_data {} = HMAC(finished_key, Transcript-Hash(every handshake message so \
             far)), the finished_key derived from its handshake traffic secret. It is a MAC over the handshake, not \
             a key: if anything differs between what one side sent and the other received, the peer computes \
             another value and aborts. {}",
            hex(&f.verify_data),
            if who == Party::Server.as_str() {
                "With it in the transcript, both sides can derive the application traffic secrets: the server may \
                 send data from now on."
            } else {
                "It is the browser's last handshake message: its next records use its application traffic key, as \
                 the server's have since its own Finished."
            }
        ),
        Handshake::NewSessionTicket13(t) => format!(
            "{who} sends NewSessionTicket after the handshake: a {}-byte ticket valid for {} s. A later \
             connection could present it to resume without a certificate, both sides deriving its pre-shared key \
             from resumption_master_secret. {}",
            t.ticket.len(),
            t.ticket_lifetime,
            if cfg!(feature = "resumption") {
                "This browser keeps it: its next visit offers it in pre_shared_key and resumes."
            } else {
                "This browser keeps it but does not resume."
            }
        ),
        Handshake::KeyUpdate(_) => format!(
            "{who} sends KeyUpdate: from its next record on it encrypts with its next application traffic \
             secret, HKDF-Expand-Label(current one, \"traffic upd\", \"\", 32)."
        ),
        _ => return None,
    })
}

fn client_hello(who: &str, h: &ClientHello, after_retry: bool) -> String {
    let versions = find(h, ExtensionType::SupportedVersions)
        .and_then(|b| extensions::supported_versions_client(b).ok())
        .unwrap_or_default();
    let shares = find(h, ExtensionType::KeyShare)
        .and_then(|b| extensions::key_share_client(b).ok())
        .unwrap_or_default();
    let scsv = CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV;
    let suites: Vec<&str> = h
        .cipher_suites
        .iter()
        .filter(|&&c| c != scsv)
        .map(|c| c.as_str())
        .collect();
    let share_text: Vec<String> = shares
        .iter()
        .map(|s| {
            format!(
                "{} ({} bytes{})",
                s.group.as_str(),
                s.key_exchange.len(),
                share_parts(s.group, true)
            )
        })
        .collect();
    let opening = if after_retry {
        format!(
            "{who} sends its ClientHello again, as the server asked: the same random, suites and extensions, \
             but a key share for {} instead.",
            share_text.join(" and ")
        )
    } else {
        format!(
            "{who} opens the handshake. Its legacy_version says TLS 1.2, as every TLS 1.3 ClientHello does so \
             that old servers and middleboxes let it pass; the versions it offers are in supported_versions: {}. \
             Suites: {}. It already sends its half of the key exchange, a key share for {}: TLS 1.3 needs no \
             second round trip to agree on keys.",
            versions
                .iter()
                .map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            suites.join(", "),
            share_text.join(" and "),
        )
    };
    let hybrid = shares
        .iter()
        .any(|s| Group::from_named(s.group) == Some(Group::X25519MlKem768));
    format!(
        "{opening}{} The 32-byte legacy_session_id is there only so middleboxes see what looks like a TLS 1.2 \
         resumption (RFC 8446 App. D.4). Nothing is secret yet: anyone on the path reads server_name, ALPN \
         and the groups offered (post-quantum support shows); later, record lengths and timing. Encrypted \
         Client Hello (ECH) would hide server_name.",
        if hybrid {
            " X25519MLKEM768 (0x11EC) guards against harvest now, decrypt later: a quantum computer could break \
             the X25519 half of a recording, not ML-KEM's. Authentication stays classical (RSA)."
        } else {
            ""
        }
    )
}

fn server_hello(who: &str, h: &ServerHello) -> String {
    let share =
        find_sh(h, ExtensionType::KeyShare).and_then(|b| extensions::key_share_server(b).ok());
    let (group, len) = share.as_ref().map_or((NamedGroup::Unknown(0), 0), |s| {
        (s.group, s.key_exchange.len())
    });
    format!(
        "{who} answers: {} (in supported_versions; legacy_version still says {}) with {}, its own random {}…, \
         and its key share for {} ({len} bytes{}). With the browser's share, each side now computes the same \
         shared secret and from it the handshake traffic secrets: every handshake message after this one is \
         encrypted.",
        ProtocolVersion::Tls13.as_str(),
        h.server_version.as_str(),
        h.cipher_suite.as_str(),
        &hex(&h.random)[..16],
        group.as_str(),
        share_parts(group, false)
    )
}

fn hello_retry_request(who: &str, h: &ServerHello) -> String {
    let group = find_sh(h, ExtensionType::KeyShare)
        .and_then(|b| extensions::key_share_hrr(b).ok())
        .map_or("another group", |g| g.as_str());
    let quantum = match group {
        "x25519" => {
            " If the browser led with the hybrid, the retry gives its post-quantum protection up."
        }
        "X25519MLKEM768" => " The retry brings the post-quantum protection.",
        _ => "",
    };
    format!(
        "{who} sends HelloRetryRequest — a ServerHello whose random is the fixed value SHA-256(\"HelloRetryRequest\") \
         — asking for a key share for {group}: none the browser sent is for a group this server takes. It costs a \
         round trip. Nothing starts over: the transcript keeps this message and puts a hash of the first ClientHello in \
         that one's place (message_hash, RFC 8446 §4.4.1), so Finished covers both. At most one per connection \
         (§4.1.4), perhaps with a cookie to echo.{quantum}"
    )
}

/// What a share is made of: the hybrid's two parts.
fn share_parts(group: NamedGroup, client: bool) -> &'static str {
    match (Group::from_named(group), client) {
        (Some(Group::X25519MlKem768), true) => {
            ": an ML-KEM-768 encapsulation key and an X25519 public key, the post-quantum hybrid browsers offer first"
        }
        (Some(Group::X25519MlKem768), false) => {
            ": an ML-KEM-768 ciphertext only the browser's decapsulation key opens, and an X25519 public key; an \
             attacker would have to break both"
        }
        _ => "",
    }
}

/// The compatibility ChangeCipherSpec (RFC 8446 App. D.4).
pub fn change_cipher_spec(who: &str) -> String {
    format!(
        "{who} sends a ChangeCipherSpec that TLS 1.3 does not use: it is there only so that middleboxes \
         expecting a TLS 1.2 handshake let this one through (middlebox compatibility mode, RFC 8446 App. D.4). It \
         is never encrypted and switches nothing: the receiver checks it is the byte 0x01 and drops it \
         (RFC 8446 §5)."
    )
}

/// How a TLS 1.3 record is protected (RFC 8446 §5.2, §5.3): in full at the run's first
/// protected record (`first`), then in a line, so it is not repeated on every step.
pub fn protection(p: &Protection, what: &str, first: bool) -> String {
    if !first {
        return format!("Sealed with {} (sequence number {}).", p.key.id(), p.seq);
    }
    format!(
        "Sealed with {} (sequence number {}): the record header says application_data whatever it carries — \
         here {what} — and the real content type is the last non-zero byte of the encrypted plaintext. The nonce is \
         write_iv XOR the sequence number and is never sent; the AAD is the 5-byte record header.",
        p.key.id(),
        p.seq
    )
}

fn find(h: &ClientHello, t: ExtensionType) -> Option<&[u8]> {
    extensions::find(&h.extensions, t).map(|e| e.body.as_slice())
}

fn find_sh(h: &ServerHello, t: ExtensionType) -> Option<&[u8]> {
    extensions::find(&h.extensions, t).map(|e| e.body.as_slice())
}
