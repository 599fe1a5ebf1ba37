//! HKDF as TLS 1.3 uses it (RFC 5869; RFC 8446 §7.1), over RustCrypto's `hkdf`:
//!
//! ```text
//! HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret, HkdfLabel, Length)
//! struct {
//!     uint16 length = Length;
//!     opaque label<7..255> = "tls13 " + Label;
//!     opaque context<0..255> = Context;
//! } HkdfLabel;
//! Derive-Secret(Secret, Label, Messages) =
//!     HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length)
//! ```

use ::hkdf::Hkdf;
use hmac::{EagerHash, Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::error::TlsError;
use crate::msgs::enums::AlertDescription;

/// The hash of TLS_AES_128_GCM_SHA256, the one TLS 1.3 suite here. Named only here, so a
/// SHA-384 suite would change this module and nothing that calls it.
pub type Hash = Sha256;

/// `Hash.length`: every TLS 1.3 secret and transcript hash has this many bytes.
pub const HASH_LEN: usize = 32;

/// A secret or a transcript hash: `Hash.length` bytes.
pub type HashValue = [u8; HASH_LEN];

/// `"tls13 "`, prefixed to every label (RFC 8446 §7.1).
const LABEL_PREFIX: &[u8] = b"tls13 ";

/// `opaque label<7..255>`: the prefix leaves 249 bytes for the label itself.
const MAX_LABEL_LEN: usize = 255 - LABEL_PREFIX.len();

/// `opaque context<0..255>`.
const MAX_CONTEXT_LEN: usize = 255;

/// HKDF-Expand yields at most 255 blocks of `Hash.length` (RFC 5869 §2.3).
const MAX_EXPAND_LEN: usize = 255 * HASH_LEN;

/// `Hash(data)`, e.g. Transcript-Hash over concatenated handshake messages.
pub fn hash(data: &[u8]) -> HashValue {
    Hash::digest(data).into()
}

/// `HKDF-Extract(salt, IKM)` = HMAC-Hash(salt, IKM). An empty salt means `Hash.length` zeros
/// (RFC 5869 §2.2), which is what RFC 8446 §7.1 writes as `0`.
pub fn extract(salt: &[u8], ikm: &[u8]) -> HashValue {
    let (prk, _) = Hkdf::<Hash>::extract(Some(salt), ikm);
    prk.into()
}

/// `HKDF-Extract(salt, IKM)` over the suite's hash `H`; an empty salt is `Hash.length` zeros.
/// For the decrypter, like [`expand_label_with`].
pub fn extract_with<H: EagerHash>(salt: &[u8], ikm: &[u8]) -> Vec<u8> {
    let (prk, _) = Hkdf::<H>::extract(Some(salt), ikm);
    prk.to_vec()
}

/// The `HkdfLabel` structure itself, for showing (RFC 8446 §7.1).
pub fn hkdf_label(label: &str, context: &[u8], length: usize) -> Result<Vec<u8>, TlsError> {
    if label.len() > MAX_LABEL_LEN {
        return Err(internal(format!(
            "HKDF label \"{label}\" is longer than {MAX_LABEL_LEN} bytes"
        )));
    }
    if context.len() > MAX_CONTEXT_LEN {
        return Err(internal(format!(
            "HKDF context of {} bytes is longer than {MAX_CONTEXT_LEN}",
            context.len()
        )));
    }
    if length > MAX_EXPAND_LEN {
        return Err(internal(format!(
            "HKDF-Expand cannot give {length} bytes (at most {MAX_EXPAND_LEN})"
        )));
    }
    // The checks above bound all three lengths, so the narrowing casts below are exact.
    let mut out = Vec::with_capacity(2 + 1 + LABEL_PREFIX.len() + label.len() + 1 + context.len());
    out.extend_from_slice(&(length as u16).to_be_bytes());
    out.push((LABEL_PREFIX.len() + label.len()) as u8);
    out.extend_from_slice(LABEL_PREFIX);
    out.extend_from_slice(label.as_bytes());
    out.push(context.len() as u8);
    out.extend_from_slice(context);
    Ok(out)
}

/// `HKDF-Expand-Label(secret, label, context, N)`: the output length is the array's, so a
/// key, an IV and a secret each come out as their own type.
pub fn expand_label<const N: usize>(
    secret: &HashValue,
    label: &str,
    context: &[u8],
) -> Result<[u8; N], TlsError> {
    let info = hkdf_label(label, context, N)?;
    // A secret of `Hash.length` bytes is always a valid PRK (RFC 5869 §2.3).
    let hkdf = Hkdf::<Hash>::from_prk(secret)
        .map_err(|_| internal("HKDF-Expand needs a secret of Hash.length bytes"))?;
    let mut okm = [0u8; N];
    hkdf.expand(&info, &mut okm)
        .map_err(|_| internal(format!("HKDF-Expand cannot give {N} bytes")))?;
    Ok(okm)
}

/// `HKDF-Expand-Label(secret, label, context, len)` over the suite's hash `H`, any length:
/// for the decrypter, whose recorded suites may name SHA-384 and 32-byte keys. Generic
/// rather than chosen at run time, so the page's build carries only SHA-256.
pub fn expand_label_with<H: EagerHash>(
    secret: &[u8],
    label: &str,
    context: &[u8],
    len: usize,
) -> Result<Vec<u8>, TlsError> {
    let info = hkdf_label(label, context, len)?;
    let hkdf = Hkdf::<H>::from_prk(secret)
        .map_err(|_| internal("HKDF-Expand needs a secret of at least Hash.length bytes"))?;
    let mut okm = vec![0u8; len];
    hkdf.expand(&info, &mut okm)
        .map_err(|_| internal(format!("HKDF-Expand cannot give {len} bytes")))?;
    Ok(okm)
}

/// `Derive-Secret(secret, label, Messages)`, given `Transcript-Hash(Messages)`.
pub fn derive_secret(
    secret: &HashValue,
    label: &str,
    transcript_hash: &HashValue,
) -> Result<HashValue, TlsError> {
    expand_label(secret, label, transcript_hash)
}

/// `HMAC-Hash(key, data)` (the Finished MAC, RFC 8446 §4.4.4).
pub fn hmac(key: &HashValue, data: &[u8]) -> HashValue {
    mac(key, data).finalize().into_bytes().into()
}

/// Whether `tag` is `HMAC-Hash(key, data)`, compared in constant time (by `hmac`'s
/// `verify_slice`), so a forger learns nothing from how long the check took.
pub fn hmac_matches(key: &HashValue, data: &[u8], tag: &[u8]) -> bool {
    mac(key, data).verify_slice(tag).is_ok()
}

fn mac(key: &HashValue, data: &[u8]) -> Hmac<Hash> {
    // HMAC accepts keys of any length, so new_from_slice cannot fail.
    let mut mac = Hmac::<Hash>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac
}

fn internal(reason: impl Into<String>) -> TlsError {
    TlsError::new(AlertDescription::InternalError, reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hkdf_label_is_laid_out_as_rfc8446_says() {
        let l = hkdf_label("key", &[], 16).unwrap();
        assert_eq!(l, b"\x00\x10\x09tls13 key\x00");
        let l = hkdf_label("derived", &[0xAB; 3], 32).unwrap();
        assert_eq!(l, b"\x00\x20\x0dtls13 derived\x03\xab\xab\xab");
    }

    #[test]
    fn over_long_inputs_are_errors_not_panics() {
        let secret = [7u8; HASH_LEN];
        let long_label = "x".repeat(MAX_LABEL_LEN + 1);
        assert!(expand_label::<16>(&secret, &long_label, &[]).is_err());
        assert!(expand_label::<16>(&secret, "key", &[0; 256]).is_err());
        assert!(expand_label::<{ MAX_EXPAND_LEN + 1 }>(&secret, "key", &[]).is_err());
        let ok: [u8; MAX_EXPAND_LEN] = expand_label(&secret, "key", &[0; 255]).unwrap();
        assert_ne!(ok, [0; MAX_EXPAND_LEN]);
    }

    #[test]
    fn empty_salt_is_hash_length_zeros() {
        assert_eq!(extract(&[], b"ikm"), extract(&[0; HASH_LEN], b"ikm"));
    }

    #[test]
    fn hmac_matches_only_the_exact_tag() {
        let key = [1u8; HASH_LEN];
        let tag = hmac(&key, b"data");
        assert!(hmac_matches(&key, b"data", &tag));
        let mut bad = tag;
        bad[31] ^= 1;
        assert!(!hmac_matches(&key, b"data", &bad));
        assert!(!hmac_matches(&key, b"data", &tag[..31]));
        assert!(!hmac_matches(&key, b"data", &[]));
    }
}
