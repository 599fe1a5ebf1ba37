//! RSA keys from DER: the public key in a certificate (RFC 5280 §4.1.2.7, RFC 3279 §2.3.1)
//! and private keys in PKCS #8 (RFC 5208 §5) or PKCS #1 (RFC 8017 §A.1.2) form. Only the
//! encoding is decoded here; the `rsa` crate checks the numbers and does the arithmetic.

use rsa::{BoxedUint, PrivateKey as RsaPrivateKey, PublicKey as RsaPublicKey};

use super::asn1::{self, BitString, Fields};
use super::{oid, tlv};

/// AlgorithmIdentifier { rsaEncryption, NULL } (RFC 8017 §A.1, RFC 3279 §2.3.1: the
/// parameters MUST be present and NULL); `algorithm` is the AlgorithmIdentifier TLV.
pub fn check_rsa_encryption(buf: &[u8], algorithm: &tlv::Tlv<'_>) -> Result<(), String> {
    let mut f = Fields::of(buf, algorithm);
    let id = f.take(tlv::OID, "algorithm")?;
    let id = asn1::object_identifier(&id, "algorithm")?;
    if id != oid::RSA_ENCRYPTION {
        return Err(format!(
            "the key is {}, not rsaEncryption",
            oid::describe(&id)
        ));
    }
    let params = f.take(tlv::NULL, "rsaEncryption parameters")?;
    asn1::null(&params, "rsaEncryption parameters")?;
    f.finish("AlgorithmIdentifier")
}

/// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 §A.1.1),
/// the contents of subjectPublicKey.
pub fn rsa_public_key(der: &[u8]) -> Result<RsaPublicKey, String> {
    let key = asn1::whole(der, tlv::SEQUENCE, "RSAPublicKey")?;
    let mut f = Fields::of(der, &key);
    let n = positive(&f.take(tlv::INTEGER, "modulus")?, "modulus")?;
    let e = positive(&f.take(tlv::INTEGER, "publicExponent")?, "publicExponent")?;
    f.finish("RSAPublicKey")?;
    RsaPublicKey::new(uint(n, n.len())?, uint(e, e.len())?).map_err(|e| rejected(&e).into())
}

/// PrivateKeyInfo ::= SEQUENCE { version INTEGER (0), privateKeyAlgorithm AlgorithmIdentifier,
/// privateKey OCTET STRING, attributes [0] IMPLICIT Attributes OPTIONAL } (RFC 5208 §5),
/// holding an RSAPrivateKey.
pub fn pkcs8_private_key(der: &[u8]) -> Result<RsaPrivateKey, String> {
    let info = asn1::whole(der, tlv::SEQUENCE, "PrivateKeyInfo")?;
    let mut f = Fields::of(der, &info);
    let version = asn1::small_unsigned(&f.take(tlv::INTEGER, "version")?, "version")?;
    if version != 0 {
        return Err(format!("PrivateKeyInfo version {version}, not 0"));
    }
    check_rsa_encryption(der, &f.take(tlv::SEQUENCE, "privateKeyAlgorithm")?)?;
    let private_key = f.take(tlv::OCTET_STRING, "privateKey")?;
    // Attributes (e.g. a friendly name) do not change the key.
    f.optional(tlv::context_constructed(0), "attributes")?;
    f.finish("PrivateKeyInfo")?;
    pkcs1_private_key(private_key.contents)
}

/// RSAPrivateKey ::= SEQUENCE { version (0: two primes), modulus, publicExponent,
/// privateExponent, prime1, prime2, exponent1, exponent2, coefficient } (RFC 8017 §A.1.2).
pub fn pkcs1_private_key(der: &[u8]) -> Result<RsaPrivateKey, String> {
    let key = asn1::whole(der, tlv::SEQUENCE, "RSAPrivateKey")?;
    let mut f = Fields::of(der, &key);
    let version = asn1::small_unsigned(&f.take(tlv::INTEGER, "version")?, "version")?;
    if version != 0 {
        // Version 1 (multi-prime) carries otherPrimeInfos; TLS keys have two primes.
        return Err(format!(
            "RSAPrivateKey version {version}: only two-prime keys (0)"
        ));
    }
    let mut next = |what: &str| positive(&f.take(tlv::INTEGER, what)?, what);
    let n = next("modulus")?;
    let e = next("publicExponent")?;
    let d = next("privateExponent")?;
    let p = next("prime1")?;
    let q = next("prime2")?;
    // The CRT values are checked for form only: `rsa` derives its own from p, q and d.
    for what in ["exponent1", "exponent2", "coefficient"] {
        next(what)?;
    }
    f.finish("RSAPrivateKey")?;
    // Every secret value gets the modulus's width, as the `rsa` crate's own decoder does.
    let width = n.len();
    RsaPrivateKey::from_components(
        uint(n, width)?,
        uint(e, e.len())?,
        uint(d, width)?,
        vec![uint(p, width)?, uint(q, width)?],
    )
    .map_err(|e| format!("not a consistent RSA key: {}", rejected(&e)))
}

/// Why the `rsa` crate refused a key, in words. Its own `Display` also covers every PKCS #1
/// and #8 decoding error; formatting through it would bring all of them into the page.
fn rejected(e: &rsa::Error) -> &'static str {
    match e {
        rsa::Error::InvalidModulus => "invalid modulus",
        rsa::Error::ModulusTooSmall => "modulus too small",
        rsa::Error::ModulusTooLarge => "modulus too large",
        rsa::Error::InvalidExponent => "invalid exponent",
        rsa::Error::PublicExponentTooSmall => "public exponent too small",
        rsa::Error::PublicExponentTooLarge => "public exponent too large",
        rsa::Error::InvalidPrime => "invalid prime",
        rsa::Error::NprimesTooSmall => "fewer than two primes",
        rsa::Error::InvalidCoefficient => "invalid coefficient",
        _ => "rejected by the rsa crate",
    }
}

/// The public key inside a SubjectPublicKeyInfo's subjectPublicKey BIT STRING.
pub fn subject_public_key(bits: BitString<'_>) -> Result<RsaPublicKey, String> {
    rsa_public_key(bits.whole_octets("subjectPublicKey")?)
}

/// A positive INTEGER's magnitude (key components are never zero or negative).
fn positive<'a>(t: &tlv::Tlv<'a>, what: &str) -> Result<&'a [u8], String> {
    match asn1::unsigned(t, what)? {
        [0] => Err(format!("{what} is zero")),
        m => Ok(m),
    }
}

/// A big-endian magnitude as a `BoxedUint` of `octets` × 8 bits.
fn uint(magnitude: &[u8], octets: usize) -> Result<BoxedUint, String> {
    let bits = u32::try_from(octets.saturating_mul(8)).map_err(|_| "integer too large")?;
    BoxedUint::from_be_slice(magnitude, bits).map_err(|_| "integer wider than the modulus".into())
}

#[cfg(test)]
mod tests {
    use rsa::traits::PublicKeyParts;

    use super::*;

    const SERVER_KEY_PKCS8: &[u8] = include_bytes!("certs/server.key.der");

    #[test]
    fn pkcs8_and_its_pkcs1_inside_give_the_same_key() {
        let key = pkcs8_private_key(SERVER_KEY_PKCS8).expect("embedded key");
        assert_eq!(key.n().bit_width(), 2048);
        assert_eq!(key.e(), &BoxedUint::from(65_537u32));
        // The OCTET STRING after the AlgorithmIdentifier holds the PKCS #1 key.
        let info = tlv::read(SERVER_KEY_PKCS8, 0, SERVER_KEY_PKCS8.len()).expect("DER");
        let fields: Vec<_> = tlv::children(SERVER_KEY_PKCS8, &info).flatten().collect();
        let pkcs1 = pkcs1_private_key(fields[2].contents).expect("PKCS #1");
        assert_eq!(pkcs1, key);
    }

    #[test]
    fn public_key_from_rsa_public_key() {
        let key = pkcs8_private_key(SERVER_KEY_PKCS8).expect("embedded key");
        let n = key.n().to_be_bytes();
        let der = rsa_public_key_der(&n, &[0x01, 0x00, 0x01]);
        let public = rsa_public_key(&der).expect("valid");
        assert_eq!(&public, key.as_public_key());

        // Negative (no sign octet before the high bit), zero, trailing data.
        let mut negative = rsa_public_key_der(&n, &[0x01, 0x00, 0x01]);
        let at = negative.iter().position(|&b| b == 0x02).expect("INTEGER");
        negative[at + 4] = 0x80;
        let mut trailing = der.clone();
        trailing.push(0);
        for bad in [
            negative,
            rsa_public_key_der(&n, &[0x00]),
            trailing,
            der[..der.len() - 1].to_vec(),
            Vec::new(),
        ] {
            assert!(rsa_public_key(&bad).is_err());
        }
    }

    #[test]
    fn damaged_private_keys_are_errors() {
        for len in 0..SERVER_KEY_PKCS8.len() {
            assert!(
                pkcs8_private_key(&SERVER_KEY_PKCS8[..len]).is_err(),
                "{len}"
            );
        }
        // Each byte of the header, the version and the AlgorithmIdentifier.
        for at in 0..30 {
            let mut bad = SERVER_KEY_PKCS8.to_vec();
            bad[at] ^= 0xff;
            assert!(pkcs8_private_key(&bad).is_err(), "{at}");
        }
    }

    /// RSAPublicKey from magnitudes (each given its sign octet when needed).
    fn rsa_public_key_der(n: &[u8], e: &[u8]) -> Vec<u8> {
        let int = |m: &[u8]| {
            let mut body = m.to_vec();
            if m.first().is_some_and(|b| b & 0x80 != 0) {
                body.insert(0, 0);
            }
            der_tlv(tlv::INTEGER, &body)
        };
        der_tlv(tlv::SEQUENCE, &[int(n), int(e)].concat())
    }

    fn der_tlv(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match body.len() {
            len @ 0..0x80 => out.push(len as u8),
            len @ 0x80..0x100 => out.extend([0x81, len as u8]),
            len => out.extend([0x82, (len >> 8) as u8, len as u8]),
        }
        out.extend(body);
        out
    }
}
