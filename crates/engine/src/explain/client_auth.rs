//! What the messages of mutual TLS say (RFC 5246 §7.4.4, §7.4.6, §7.4.8; RFC 8446 §4.3.2,
//! §4.4.2, §4.4.3): the server's CertificateRequest and the browser's Certificate and
//! CertificateVerify, in both versions. The server's own Certificate and CertificateVerify
//! are told elsewhere (`super::handshake_text`, `super::tls13`).

use crate::msgs::enums::{ExtensionType, SignatureScheme};
use crate::msgs::extensions;
use crate::msgs::handshake::Handshake;
use crate::pki::ChainReport;
use crate::transcript::Party;

/// The text for a mutual-TLS message `from` sent, or `None` for any other message.
pub fn text(
    from: Party,
    m: &Handshake,
    tls13: bool,
    ems: bool,
    client_chain: Option<&ChainReport>,
) -> Option<String> {
    let who = from.as_str();
    Some(match (from, m) {
        (Party::Server, Handshake::CertificateRequest(r)) => format!(
            "{who} sends CertificateRequest: it asks for the browser's certificate (mutual TLS). It \
             accepts certificates whose key signs with RSA (rsa_sign), signatures made with {}, and \
             names the CA it trusts for clients ({} name(s)). The browser now has to prove who it is, \
             as the server always does: banks, VPNs, service meshes and corporate Wi-Fi ask this. \
             Like the rest of TLS 1.2's handshake, the request travels in the clear.",
            schemes(&r.supported_signature_algorithms),
            r.certificate_authorities.len()
        ),
        (Party::Server, Handshake::CertificateRequest13(r)) => {
            let accepted = extensions::decode(
                &r.extensions,
                ExtensionType::SignatureAlgorithms,
                extensions::read_signature_algorithms,
            )
            .ok()
            .flatten()
            .unwrap_or_default();
            let named =
                extensions::find(&r.extensions, ExtensionType::CertificateAuthorities).is_some();
            format!(
                "{who} sends CertificateRequest inside its encrypted flight: it asks for the browser's \
                 certificate (mutual TLS). Its signature_algorithms extension says it accepts {}{}; \
                 certificate_request_context is empty, as it is in every handshake (only a request after \
                 the handshake names one). The browser now has to prove who it is, as the server always \
                 does: banks, VPNs, service meshes and corporate Wi-Fi ask this.",
                schemes(&accepted),
                if named {
                    ", and certificate_authorities names the CA it trusts for clients"
                } else {
                    ""
                }
            )
        }
        (Party::Client, Handshake::Certificate(c)) if c.certificate_list.is_empty() => {
            empty(who, tls13)
        }
        (Party::Client, Handshake::Certificate13(c)) if c.certificate_list.is_empty() => {
            empty(who, tls13)
        }
        (Party::Client, Handshake::Certificate(c)) => format!(
            "{who} sends its own certificate chain: {} certificate(s), leaf first{}. Like every TLS 1.2 \
             handshake message before Finished it travels in the clear: anyone on the path reads the \
             name in it, and learns who is connecting. TLS 1.3 encrypts it.{}",
            c.certificate_list.len(),
            subject(client_chain),
            checked(client_chain)
        ),
        (Party::Client, Handshake::Certificate13(c)) => format!(
            "{who} sends its own certificate chain: {} certificate(s), leaf first{}, encrypted under its \
             handshake traffic key. In TLS 1.2 this certificate, with the name in it, would cross the \
             wire in the clear; here an eavesdropper does not learn who is connecting.{}",
            c.certificate_list.len(),
            subject(client_chain),
            checked(client_chain)
        ),
        (Party::Client, Handshake::CertificateVerify(v)) if tls13 => format!(
            "{who} signs the handshake so far with its certificate's private key ({}, {} bytes): over 64 \
             spaces, the context string \"TLS 1.3, client CertificateVerify\", a 0x00 byte and \
             Transcript-Hash(ClientHello…its own Certificate). The context string is not the server's, so \
             neither side's signature can be passed off as the other's. The server verifies it with the \
             public key in the browser's certificate: only the holder of that certificate's private key \
             could have made it, in this very handshake. A copy of the certificate alone, which is \
             public, is not enough.",
            v.algorithm.as_str(),
            v.signature.len()
        ),
        (Party::Client, Handshake::CertificateVerify(v)) => format!(
            "{who} signs every handshake message so far, ClientHello through ClientKeyExchange, with its \
             certificate's private key ({}, {} bytes). The server verifies it with the public key in the \
             browser's certificate: only the holder of that certificate's private key could have made it, \
             in this very handshake. A copy of the certificate alone, which is public, is not enough.{}",
            v.algorithm.as_str(),
            v.signature.len(),
            if ems {
                " What it signs, SHA-256 of those messages, is exactly session_hash, from which the extended \
                 master secret was just derived (RFC 7627 §3)."
            } else {
                ""
            }
        ),
        _ => return None,
    })
}

/// The browser had no certificate to present.
fn empty(who: &str, tls13: bool) -> String {
    let (rule, alert) = if tls13 {
        (
            "RFC 8446 §4.4.2",
            "certificate_required (RFC 8446 §4.4.2.4)",
        )
    } else {
        ("RFC 5246 §7.4.6", "handshake_failure (RFC 5246 §7.4.6)")
    };
    format!(
        "{who} sends an empty Certificate: it has no certificate to present ({rule}), so it sends no \
         CertificateVerify either. A server that only asks may go on without knowing who the client is; \
         one that requires a certificate ends the handshake with {alert}."
    )
}

/// The signature schemes of a request, e.g. "rsa_pss_rsae_sha256 or rsa_pkcs1_sha256".
fn schemes(list: &[SignatureScheme]) -> String {
    let names: Vec<String> = list.iter().map(|s| s.as_str().to_string()).collect();
    match names.as_slice() {
        [] => "no signature scheme".into(),
        [init @ .., last] if !init.is_empty() => format!("{} or {last}", init.join(", ")),
        [one] => one.clone(),
        _ => String::new(),
    }
}

/// " (CN = Sam Student)": the leaf's subject, as the server's checks decoded it.
fn subject(chain: Option<&ChainReport>) -> String {
    chain
        .and_then(|c| c.certificates.first())
        .map(|leaf| format!(" ({})", leaf.subject))
        .unwrap_or_default()
}

/// What the server's checks of the browser's chain found.
fn checked(chain: Option<&ChainReport>) -> String {
    super::checked_by("The server checks it against its client CA", chain)
}
