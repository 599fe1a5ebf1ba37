//! Annotates records as they appear on the wire, the way Wireshark does: record header, then
//! each handshake message, extension and certificate, with byte ranges into the record. A
//! TLS 1.3 protected record shows only its outer header and the encrypted record; once
//! decrypted, [`inner_plaintext_fields`] annotates what was inside.

use crate::codec::Reader;
use crate::crypto::record_protection::{EXPLICIT_NONCE_LEN, TAG_LEN};
use crate::msgs::alert::Alert;
use crate::msgs::enums::{ContentType, ProtocolVersion};
use crate::msgs::handshake::Handshake;
use crate::msgs::record;
use crate::msgs::suites::Suite;
use crate::transcript::Field;

/// The field tree of one record. `encrypted` says whether the fragment is AES-GCM protected
/// (an observer knows this from the ChangeCipherSpec it saw in TLS 1.2, from the ServerHello
/// in TLS 1.3). `suite` is the one the ServerHello on the wire chose, which decides how some
/// messages parse and how a protected record looks. A TLS 1.3 ChangeCipherSpec (the
/// middlebox-compatibility dummy, RFC 8446 §5 and Appendix D.4) is never protected and
/// dissects as in TLS 1.2.
pub fn record_fields(bytes: &[u8], encrypted: bool, suite: Option<&Suite>) -> Vec<Field> {
    let tls13 = suite.is_some_and(Suite::is_tls13);
    let fields =
        if encrypted && tls13 && bytes.first() != Some(&ContentType::ChangeCipherSpec.to_wire()) {
            ciphertext13_fields(bytes)
        } else {
            // Before its keys, and for its ChangeCipherSpec, TLS 1.3 is not protected.
            record12_fields(bytes, encrypted && !tls13, suite)
        };
    with_trailing_bytes(fields, bytes)
}

/// The field tree of a TLS 1.3 record once decrypted: `inner` is TLSInnerPlaintext, the
/// content, its real type and the zero padding (RFC 8446 §5.2). The content is annotated as
/// its type says (handshake messages in their TLS 1.3 forms under a TLS 1.3 `suite`). Offsets
/// from 0.
pub fn inner_plaintext_fields(inner: &[u8], suite: Option<&Suite>) -> Vec<Field> {
    let mut r = Reader::annotating(inner, 0);
    r.begin("TLSInnerPlaintext", "RFC 8446 §5.2");
    // The type is the last non-zero byte; everything after it is padding (RFC 8446 §5.4).
    match inner.iter().rposition(|&b| b != 0) {
        None => {
            if !inner.is_empty() {
                let _ = r.leaf("zeros", inner.len());
            }
            r.describe(|| {
                "no content type: all zeros, which a receiver rejects with unexpected_message \
                 (RFC 8446 §5.4)"
                    .into()
            });
        }
        Some(at) => {
            let typ = ContentType::from_wire(inner[at]);
            r.begin("content", "RFC 8446 §5.2");
            for f in plaintext_fields(&inner[..at], typ, suite) {
                r.graft(f);
            }
            let _ = r.take(at);
            r.describe(|| format!("{} byte(s) of {}", at, typ.as_str()));
            r.end();
            let _ = r.u8("type");
            r.describe_last(|| typ.to_string());
            let padding = inner.len() - at - 1;
            if padding > 0 {
                let _ = r.leaf("zeros", padding);
                r.describe_last(|| format!("{padding} byte(s) of padding, hiding the length"));
            }
            r.describe(|| {
                format!(
                    "{}, {at} byte(s), {padding} byte(s) of padding",
                    typ.as_str()
                )
            });
        }
    }
    r.end();
    r.into_fields()
}

/// A TLS 1.3 protected record (RFC 8446 §5.2): the outer header always says
/// application_data and TLS 1.2; the real type is encrypted with the content.
fn ciphertext13_fields(bytes: &[u8]) -> Vec<Field> {
    let mut r = Reader::annotating(bytes, 0);
    r.begin("TLSCiphertext", "RFC 8446 §5.2");
    let header = (|| {
        let typ = ContentType::from_wire(r.u8("opaque_type")?);
        r.describe_last(|| format!("{typ}: the real type is encrypted inside"));
        let version = ProtocolVersion::from_wire(r.u16("legacy_record_version")?);
        r.describe_last(|| version.to_string());
        let length = usize::from(r.u16("length")?);
        Ok::<_, crate::error::TlsError>((typ, version, length))
    })();
    if let Ok((typ, version, length)) = header {
        r.describe(|| format!("{}, {}, {} byte(s)", typ.as_str(), version.as_str(), length));
        // A record cut short on the wire: annotate what is there.
        let length = length.min(r.remaining());
        if r.limit(length).is_ok() {
            r.begin("encrypted_record", "RFC 8446 §5.2");
            if length < TAG_LEN {
                let _ = r.leaf("encrypted_record (too short for the tag)", length);
            } else {
                let _ = r.leaf("encrypted TLSInnerPlaintext", length - TAG_LEN);
                r.describe_last(|| "content ‖ type ‖ zeros, encrypted".into());
                let _ = r.leaf("authentication tag", TAG_LEN);
            }
            r.describe(|| format!("{length} byte(s): AEAD ciphertext and tag"));
            r.end();
        }
    }
    r.into_fields()
}

/// A suite's facts: with the `capture` feature (recordings of other stacks) also those of the
/// suites only recordings carry; the page, which has no capture reader, leaves them out.
fn suite_facts(suite: crate::msgs::enums::CipherSuite) -> Option<&'static Suite> {
    #[cfg(feature = "capture")]
    return Suite::known(suite);
    #[cfg(not(feature = "capture"))]
    return Suite::find(suite);
}

/// A TLS 1.2 record, or a TLS 1.3 record before protection starts.
fn record12_fields(bytes: &[u8], encrypted: bool, suite: Option<&Suite>) -> Vec<Field> {
    let mut r = Reader::annotating(bytes, 0);
    let title = if encrypted {
        "TLSCiphertext"
    } else {
        "TLSPlaintext"
    };
    r.begin(title, "RFC 5246 §6.2");
    let header = record::read_header(&mut r);
    if let Ok((typ, version, length)) = header {
        r.describe(|| format!("{}, {}, {} byte(s)", typ.as_str(), version.as_str(), length));
        // A record cut short on the wire: annotate what is there.
        let length = length.min(r.remaining());
        if r.limit(length).is_ok() {
            r.begin(
                "fragment",
                if encrypted {
                    "RFC 5246 §6.2.3.3"
                } else {
                    "RFC 5246 §6.2.1"
                },
            );
            if encrypted && typ != ContentType::ChangeCipherSpec {
                encrypted_fragment(&mut r, suite);
            } else {
                plaintext_fragment(&mut r, typ, suite);
            }
            r.end();
        }
    }
    r.into_fields()
}

/// Whatever follows the declared length (a fault can leave bytes there) is shown as such.
fn with_trailing_bytes(mut fields: Vec<Field>, bytes: &[u8]) -> Vec<Field> {
    if let Some(top) = fields.first() {
        let end = top.end;
        if end < bytes.len() {
            fields.push(Field {
                name: "bytes after the record".into(),
                start: end,
                end: bytes.len(),
                value: format!(
                    "{} byte(s) beyond the record's length field",
                    bytes.len() - end
                ),
                rfc: String::new(),
                children: Vec::new(),
            });
        }
    }
    fields
}

/// The field tree of a decrypted fragment (the inspector's "inside" view), offsets from 0.
pub fn plaintext_fields(plaintext: &[u8], typ: ContentType, suite: Option<&Suite>) -> Vec<Field> {
    let mut r = Reader::annotating(plaintext, 0);
    plaintext_fragment(&mut r, typ, suite);
    r.into_fields()
}

/// A TLS 1.2 GenericAEADCipher: AES-GCM's explicit nonce (RFC 5288 §3), then the ciphertext
/// and tag; ChaCha20-Poly1305 sends no nonce (RFC 7905 §2).
fn encrypted_fragment(r: &mut Reader, suite: Option<&Suite>) {
    let n = r.remaining();
    let nonce_len = suite.map_or(EXPLICIT_NONCE_LEN, |s| s.aead.tls12_explicit_nonce_len());
    if n < nonce_len + TAG_LEN {
        let _ = r.leaf("encrypted fragment (too short for nonce and tag)", n);
        return;
    }
    if nonce_len > 0 {
        let _ = r.leaf("nonce_explicit", nonce_len);
        r.describe_last(|| "8 bytes: the sender's sequence number, sent in the clear".into());
    }
    let _ = r.leaf("aead-ciphered content", n - nonce_len - TAG_LEN);
    let _ = r.leaf("authentication tag", TAG_LEN);
}

fn plaintext_fragment(r: &mut Reader, typ: ContentType, suite: Option<&Suite>) {
    match typ {
        ContentType::Handshake => {
            while r.remaining() > 0 {
                if r.remaining() < 4 {
                    let n = r.remaining();
                    let _ = r.leaf("handshake fragment", n);
                    break;
                }
                if Handshake::read_annotated(r, suite).is_err() {
                    let n = r.remaining();
                    if n > 0 {
                        let _ = r.leaf("undecodable bytes", n);
                    }
                    break;
                }
            }
        }
        ContentType::ChangeCipherSpec => {
            if let Ok(v) = r.u8("type") {
                r.describe_last(|| {
                    if v == 1 {
                        "change_cipher_spec (1)".into()
                    } else {
                        format!("invalid ({v})")
                    }
                });
            }
        }
        ContentType::Alert => {
            r.begin("Alert", "RFC 5246 §7.2");
            let _ = Alert::read(r);
            r.end();
        }
        ContentType::ApplicationData => {
            let n = r.remaining();
            let _ = r.leaf("application_data", n);
        }
        _ => {
            let n = r.remaining();
            let _ = r.leaf("unknown content", n);
        }
    }
}

/// The suite a ServerHello record chose, if `bytes` is one and this engine knows it (speaks
/// it, or opens it in a recording).
pub fn chosen_suite(bytes: &[u8]) -> Option<&'static Suite> {
    let mut r = Reader::new(bytes);
    let (typ, _, _) = record::read_header(&mut r).ok()?;
    if typ != ContentType::Handshake {
        return None;
    }
    match Handshake::read(&mut r, None).ok()? {
        Handshake::ServerHello(sh) => suite_facts(sh.cipher_suite),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgs::enums::CipherSuite;

    fn names(fields: &[Field]) -> Vec<String> {
        fields
            .iter()
            .flat_map(|f| std::iter::once(f.name.clone()).chain(names(&f.children)))
            .collect()
    }

    /// A TLS 1.2 protected record: AES-GCM sends an 8-byte explicit nonce before the
    /// ciphertext (RFC 5288 §3), ChaCha20-Poly1305 none (RFC 7905 §2).
    #[test]
    fn only_aes_gcm_records_carry_an_explicit_nonce() {
        let mut record = vec![23, 3, 3, 0, 40];
        record.extend_from_slice(&[0xab; 40]);
        for (suite, nonce) in [
            (CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, true),
            (CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, true),
            (
                CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
                false,
            ),
        ] {
            let fields = record_fields(&record, true, Suite::known(suite));
            let names = names(&fields);
            assert_eq!(
                names.contains(&"nonce_explicit".to_string()),
                nonce,
                "{suite}"
            );
            let tag = fields[0]
                .children
                .iter()
                .flat_map(|f| std::iter::once(f).chain(&f.children))
                .find(|f| f.name == "authentication tag")
                .expect("a tag");
            assert_eq!((tag.start, tag.end), (record.len() - TAG_LEN, record.len()));
        }
    }
}
