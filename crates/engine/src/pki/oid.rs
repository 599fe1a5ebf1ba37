//! Object identifiers a learner meets in a TLS certificate, named as RFC 5280, RFC 8017 and
//! Wireshark name them.

pub const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
pub const SHA256_WITH_RSA: &str = "1.2.840.113549.1.1.11";
pub const SHA384_WITH_RSA: &str = "1.2.840.113549.1.1.12";
pub const SHA512_WITH_RSA: &str = "1.2.840.113549.1.1.13";
pub const COMMON_NAME: &str = "2.5.4.3";
pub const SUBJECT_KEY_IDENTIFIER: &str = "2.5.29.14";
pub const KEY_USAGE: &str = "2.5.29.15";
pub const SUBJECT_ALT_NAME: &str = "2.5.29.17";
pub const BASIC_CONSTRAINTS: &str = "2.5.29.19";
pub const AUTHORITY_KEY_IDENTIFIER: &str = "2.5.29.35";
pub const EXT_KEY_USAGE: &str = "2.5.29.37";
pub const SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
/// id-kp-clientAuth (RFC 5280 §4.2.1.12): TLS client authentication.
pub const CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
pub const ANY_EXTENDED_KEY_USAGE: &str = "2.5.29.37.0";

/// (dotted form, name, short attribute label for names, where defined)
const KNOWN: &[(&str, &str, &str)] = &[
    (RSA_ENCRYPTION, "rsaEncryption", "RFC 8017 §A.1"),
    (
        "1.2.840.113549.1.1.5",
        "sha1WithRSAEncryption",
        "RFC 8017 §A.2.4",
    ),
    ("1.2.840.113549.1.1.10", "id-RSASSA-PSS", "RFC 8017 §A.2.3"),
    (
        SHA256_WITH_RSA,
        "sha256WithRSAEncryption",
        "RFC 8017 §A.2.4",
    ),
    (
        SHA384_WITH_RSA,
        "sha384WithRSAEncryption",
        "RFC 8017 §A.2.4",
    ),
    (
        SHA512_WITH_RSA,
        "sha512WithRSAEncryption",
        "RFC 8017 §A.2.4",
    ),
    ("1.2.840.10045.2.1", "id-ecPublicKey", "RFC 5480 §2.1.1"),
    ("1.2.840.10045.4.3.2", "ecdsa-with-SHA256", "RFC 5758 §3.2"),
    ("1.2.840.10045.4.3.3", "ecdsa-with-SHA384", "RFC 5758 §3.2"),
    ("1.3.101.112", "id-Ed25519", "RFC 8410 §3"),
    (COMMON_NAME, "commonName", "RFC 5280 §4.1.2.4"),
    ("2.5.4.5", "serialNumber", "RFC 5280 §4.1.2.4"),
    ("2.5.4.6", "countryName", "RFC 5280 §4.1.2.4"),
    ("2.5.4.7", "localityName", "RFC 5280 §4.1.2.4"),
    ("2.5.4.8", "stateOrProvinceName", "RFC 5280 §4.1.2.4"),
    ("2.5.4.10", "organizationName", "RFC 5280 §4.1.2.4"),
    ("2.5.4.11", "organizationalUnitName", "RFC 5280 §4.1.2.4"),
    ("1.2.840.113549.1.9.1", "emailAddress", "RFC 5280 §4.1.2.6"),
    (
        "0.9.2342.19200300.100.1.25",
        "domainComponent",
        "RFC 4519 §2.4",
    ),
    (
        SUBJECT_KEY_IDENTIFIER,
        "subjectKeyIdentifier",
        "RFC 5280 §4.2.1.2",
    ),
    (KEY_USAGE, "keyUsage", "RFC 5280 §4.2.1.3"),
    ("2.5.29.32", "certificatePolicies", "RFC 5280 §4.2.1.4"),
    (SUBJECT_ALT_NAME, "subjectAltName", "RFC 5280 §4.2.1.6"),
    (BASIC_CONSTRAINTS, "basicConstraints", "RFC 5280 §4.2.1.9"),
    ("2.5.29.30", "nameConstraints", "RFC 5280 §4.2.1.10"),
    ("2.5.29.31", "cRLDistributionPoints", "RFC 5280 §4.2.1.13"),
    (
        AUTHORITY_KEY_IDENTIFIER,
        "authorityKeyIdentifier",
        "RFC 5280 §4.2.1.1",
    ),
    (EXT_KEY_USAGE, "extendedKeyUsage", "RFC 5280 §4.2.1.12"),
    (
        "1.3.6.1.5.5.7.1.1",
        "authorityInfoAccess",
        "RFC 5280 §4.2.2.1",
    ),
    (
        "1.3.6.1.4.1.11129.2.4.2",
        "signedCertificateTimestampList",
        "RFC 6962 §3.3",
    ),
    (SERVER_AUTH, "serverAuth", "RFC 5280 §4.2.1.12"),
    (CLIENT_AUTH, "clientAuth", "RFC 5280 §4.2.1.12"),
    (
        ANY_EXTENDED_KEY_USAGE,
        "anyExtendedKeyUsage",
        "RFC 5280 §4.2.1.12",
    ),
];

/// The dotted form of an OID's contents octets (X.690 §8.19), or `None` when they are not
/// a DER OID: each arc in base 128, high bit on every octet but its last, in the fewest
/// octets (no leading 0x80). The first value packs two arcs: 40·X + Y, X ≤ 2.
pub fn dotted(contents: &[u8]) -> Option<String> {
    let mut out = String::new();
    let mut arc: u64 = 0;
    let mut first = true;
    let mut octets_in_arc = 0;
    for &b in contents {
        if octets_in_arc == 0 && b == 0x80 {
            return None;
        }
        octets_in_arc += 1;
        // Arcs beyond 64 bits never occur in certificates; refuse rather than wrap.
        arc = arc.checked_mul(128)?.checked_add(u64::from(b & 0x7f))?;
        if b & 0x80 != 0 {
            continue;
        }
        if first {
            let (x, y) = match arc {
                0..40 => (0, arc),
                40..80 => (1, arc - 40),
                _ => (2, arc - 80),
            };
            out.push_str(&format!("{x}.{y}"));
            first = false;
        } else {
            out.push_str(&format!(".{arc}"));
        }
        arc = 0;
        octets_in_arc = 0;
    }
    // Empty, or the last arc still expects octets.
    (!first && octets_in_arc == 0).then_some(out)
}

/// The RFC name of a dotted OID, if the inspector knows it.
pub fn name(dotted: &str) -> Option<&'static str> {
    KNOWN.iter().find(|k| k.0 == dotted).map(|k| k.1)
}

/// Where an OID is defined, if known.
pub fn rfc(dotted: &str) -> &'static str {
    KNOWN.iter().find(|k| k.0 == dotted).map_or("", |k| k.2)
}

/// `sha256WithRSAEncryption (1.2.840.113549.1.1.11)`, or the dotted form alone.
pub fn describe(dotted: &str) -> String {
    match name(dotted) {
        Some(n) => format!("{n} ({dotted})"),
        None => dotted.to_string(),
    }
}

/// The short label in a distinguished name (`CN = server.test`), as OpenSSL prints it.
pub fn attribute_label(dotted: &str) -> String {
    let short = match dotted {
        COMMON_NAME => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "0.9.2342.19200300.100.1.25" => "DC",
        _ => return name(dotted).unwrap_or(dotted).to_string(),
    };
    short.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_form_of_der_contents() {
        let sha256_rsa = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
        assert_eq!(dotted(&sha256_rsa).as_deref(), Some(SHA256_WITH_RSA));
        assert_eq!(dotted(&[0x55, 0x04, 0x03]).as_deref(), Some(COMMON_NAME));
        assert_eq!(dotted(&[0x00]).as_deref(), Some("0.0"));
        assert_eq!(dotted(&[0x4f]).as_deref(), Some("1.39"));
        // X.690 §8.19.4: under arc 2 the second arc may exceed 39 (2.999 is 0x88 0x37).
        assert_eq!(dotted(&[0x88, 0x37, 0x03]).as_deref(), Some("2.999.3"));
        assert_eq!(
            dotted(&[0x2b, 0x8f, 0xff, 0xff, 0xff, 0x7f]).as_deref(),
            Some("1.3.4294967295")
        );
    }

    #[test]
    fn rejects_what_der_forbids() {
        for bad in [
            &[][..],
            // The last octet still has its continuation bit.
            &[0x2a, 0x86],
            &[0x86],
            // A leading 0x80 pads an arc (X.690 §8.19.2: the fewest octets).
            &[0x2a, 0x80, 0x01],
            &[0x80, 0x01],
            // More than 64 bits in one arc.
            &[
                0x2a, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00,
            ],
        ] {
            assert_eq!(dotted(bad), None, "{bad:02x?}");
        }
    }
}
