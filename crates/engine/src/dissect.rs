//! Annotates records as they appear on the wire, the way Wireshark does: record header, then
//! each handshake message, extension and certificate, with byte ranges into the record.

use crate::codec::Reader;
use crate::crypto::record_protection::{EXPLICIT_NONCE_LEN, TAG_LEN};
use crate::msgs::alert::Alert;
use crate::msgs::enums::ContentType;
use crate::msgs::handshake::Handshake;
use crate::msgs::record;
use crate::msgs::suites::Suite;
use crate::transcript::Field;

/// The field tree of one record. `encrypted` says whether the fragment is AES-GCM protected
/// (an observer knows this from the ChangeCipherSpec it saw). `suite` is the one the
/// ServerHello on the wire chose, which decides how some messages parse.
pub fn record_fields(bytes: &[u8], encrypted: bool, suite: Option<&Suite>) -> Vec<Field> {
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
                encrypted_fragment(&mut r);
            } else {
                plaintext_fragment(&mut r, typ, suite);
            }
            r.end();
        }
    }
    let mut fields = r.into_fields();
    // Whatever follows the declared length (a fault can leave bytes there) is shown as such.
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

fn encrypted_fragment(r: &mut Reader) {
    let n = r.remaining();
    if n < EXPLICIT_NONCE_LEN + TAG_LEN {
        let _ = r.leaf("encrypted fragment (too short for nonce and tag)", n);
        return;
    }
    let _ = r.leaf("nonce_explicit", EXPLICIT_NONCE_LEN);
    r.describe_last(|| "8 bytes: the sender's sequence number, sent in the clear".into());
    let _ = r.leaf("aead-ciphered content", n - EXPLICIT_NONCE_LEN - TAG_LEN);
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

/// The suite a ServerHello record chose, if `bytes` is one and this engine speaks it.
pub fn chosen_suite(bytes: &[u8]) -> Option<&'static Suite> {
    let mut r = Reader::new(bytes);
    let (typ, _, _) = record::read_header(&mut r).ok()?;
    if typ != ContentType::Handshake {
        return None;
    }
    match Handshake::read(&mut r, None).ok()? {
        Handshake::ServerHello(sh) => Suite::find(sh.cipher_suite),
        _ => None,
    }
}
