//! The teaching PKI: every lesson's chain fails (or passes) the way a browser's would, the
//! inspector's certificate tree covers the DER exactly, and no certificate bytes panic.

use engine::msgs::enums::AlertDescription;
use engine::pki::{self, CertError, CertKind, ChainReport, KeyUse};
use engine::scenario::DEFAULT_NOW;
use engine::transcript::Field;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

const HOST: &str = "server.test";

fn check(kind: CertKind, need: KeyUse) -> ChainReport {
    pki::validate(
        &pki::identity(kind).chain,
        &pki::trust_anchors(),
        Some(HOST),
        DEFAULT_NOW,
        need,
    )
}

fn expected(kind: CertKind) -> Option<CertError> {
    match kind {
        CertKind::Valid => None,
        CertKind::Expired => Some(CertError::Expired),
        CertKind::NotYetValid => Some(CertError::NotYetValid),
        CertKind::WrongHost | CertKind::CnOnly => Some(CertError::HostMismatch),
        CertKind::UnknownCa => Some(CertError::UnknownIssuer),
        CertKind::BadSignature => Some(CertError::BadSignature),
    }
}

#[test]
fn every_kind_fails_as_a_browser_would() {
    for kind in CertKind::ALL {
        for need in [KeyUse::KeyEncipherment, KeyUse::DigitalSignature] {
            let r = check(kind, need);
            assert_eq!(r.error, expected(kind), "{kind:?} {need:?}: {r:#?}");
            assert_eq!(r.certificates.len(), 2, "{kind:?}");
            // parse ×2, signature ×2, validity ×2, host, issuer is a CA, leaf usage, root.
            assert_eq!(r.checks.len(), 10, "{kind:?}: {r:#?}");
            let failed = r.checks.iter().filter(|c| !c.ok).count();
            assert_eq!(
                failed,
                usize::from(kind != CertKind::Valid),
                "{kind:?}: {r:#?}"
            );
        }
    }
}

#[test]
fn checks_show_the_values_compared() {
    let r = check(CertKind::Expired, KeyUse::KeyEncipherment);
    let failed = r.checks.iter().find(|c| !c.ok).expect("one check fails");
    assert_eq!(failed.certificate, Some(0));
    assert_eq!(
        failed.detail,
        "now 2026-06-01T00:00:00Z; valid 2024-01-01T00:00:00Z .. 2025-01-01T00:00:00Z"
    );

    let r = check(CertKind::WrongHost, KeyUse::KeyEncipherment);
    let failed = r.checks.iter().find(|c| !c.ok).expect("one check fails");
    assert!(failed.detail.contains("other.test"), "{}", failed.detail);

    let r = check(CertKind::UnknownCa, KeyUse::KeyEncipherment);
    let failed = r.checks.iter().find(|c| !c.ok).expect("one check fails");
    assert!(
        failed.detail.contains("Untrusted Root CA (self-signed)"),
        "{}",
        failed.detail
    );
    assert!(
        failed.detail.contains("TLS Lab Teaching CA"),
        "{}",
        failed.detail
    );

    let leaf = &check(CertKind::Valid, KeyUse::DigitalSignature).certificates[0];
    assert_eq!(leaf.subject, "CN = server.test");
    assert_eq!(leaf.issuer, "CN = TLS Lab Teaching CA");
    assert_eq!(leaf.not_before, "2026-01-01T00:00:00Z");
    assert_eq!(leaf.public_key, "RSA 2048 bits, e = 65537");
    assert_eq!(leaf.signature_algorithm, "sha256WithRSAEncryption");
    assert_eq!(leaf.subject_alt_names, ["DNS:server.test"]);
    assert_eq!(leaf.key_usage, ["digitalSignature", "keyEncipherment"]);
    assert!(!leaf.is_ca);
    assert!(check(CertKind::Valid, KeyUse::DigitalSignature).certificates[1].is_ca);
}

/// The RFC's alerts (RFC 5246 §7.2.2) and OpenSSL's client's (ssl/statem/statem_lib.c
/// `x509table`, statem_clnt.c `tls_process_server_certificate`), which differ in two cases.
#[test]
fn alerts_follow_the_rfc_and_name_openssls() {
    use AlertDescription as A;
    let cases = [
        (CertError::NoCertificate, A::DecodeError, A::DecodeError),
        (CertError::Malformed, A::BadCertificate, A::BadCertificate),
        (
            CertError::Expired,
            A::CertificateExpired,
            A::CertificateExpired,
        ),
        (
            CertError::NotYetValid,
            A::CertificateExpired,
            A::BadCertificate,
        ),
        (
            CertError::HostMismatch,
            A::BadCertificate,
            A::BadCertificate,
        ),
        (CertError::UnknownIssuer, A::UnknownCa, A::UnknownCa),
        (CertError::BadSignature, A::BadCertificate, A::DecryptError),
        (CertError::NotCa, A::UnknownCa, A::UnknownCa),
        (
            CertError::BadUsage,
            A::UnsupportedCertificate,
            A::UnsupportedCertificate,
        ),
    ];
    for (e, rfc, openssl) in cases {
        assert_eq!(e.alert(), rfc, "{e:?}");
        assert_eq!(e.openssl_alert(), openssl, "{e:?}");
        assert!(!e.reason().is_empty());
        assert!(!e.browser_code().is_empty());
    }
}

#[test]
fn chain_variants() {
    let anchors = pki::trust_anchors();
    let valid = pki::identity(CertKind::Valid).chain;
    let run = |chain: &[Vec<u8>], anchors: &[Vec<u8>]| {
        pki::validate(
            chain,
            anchors,
            Some(HOST),
            DEFAULT_NOW,
            KeyUse::KeyEncipherment,
        )
        .error
    };
    // The root may be left out (RFC 5246 §7.4.2): the trust store supplies it.
    assert_eq!(run(&valid[..1], &anchors), None);
    assert_eq!(run(&valid, &[]), Some(CertError::UnknownIssuer));
    assert_eq!(run(&[], &anchors), Some(CertError::NoCertificate));
    assert_eq!(
        run(&[vec![0x30, 0x00]], &anchors),
        Some(CertError::Malformed)
    );
    // Out of order: the leaf's issuer is not next, so it is found in the trust store, and
    // the CA then seems to certify nothing; a browser would still accept both.
    let reversed = vec![valid[1].clone(), valid[0].clone()];
    assert_eq!(run(&reversed, &anchors), Some(CertError::HostMismatch));
    // The teaching CA as a leaf: a CA certificate names no host.
    assert_eq!(run(&valid[1..], &anchors), Some(CertError::HostMismatch));
    // A garbage trust anchor is ignored, not fatal.
    assert_eq!(run(&valid, &[vec![1, 2, 3], anchors[0].clone()]), None);
    // Host names are compared without ASCII case and a trailing dot.
    let r = pki::validate(
        &valid,
        &anchors,
        Some("SERVER.Test."),
        DEFAULT_NOW,
        KeyUse::DigitalSignature,
    );
    assert_eq!(r.error, None);
    // Exactly at the edges of the validity period.
    let r = pki::validate(
        &valid,
        &anchors,
        Some(HOST),
        1_767_225_600,
        KeyUse::DigitalSignature,
    );
    assert_eq!(r.error, None, "notBefore 2026-01-01T00:00:00Z is inclusive");
    let r = pki::validate(
        &valid,
        &anchors,
        Some(HOST),
        1_767_225_599,
        KeyUse::DigitalSignature,
    );
    assert_eq!(r.error, Some(CertError::NotYetValid));

    assert!(pki::leaf_public_key(&valid).is_ok());
    assert_eq!(pki::leaf_public_key(&[]), Err(CertError::NoCertificate));
    assert_eq!(
        pki::leaf_public_key(&[vec![0xff]]),
        Err(CertError::Malformed)
    );
}

#[test]
fn host_matching() {
    assert!(pki::host_matches("server.test", "Server.TEST"));
    assert!(pki::host_matches("*.lab.test", "www.lab.test"));
    assert!(pki::host_matches("*.Lab.Test", "WWW.lab.test"));
    assert!(!pki::host_matches("*.lab.test", "lab.test"));
    assert!(!pki::host_matches("*.lab.test", "a.b.lab.test"));
    assert!(!pki::host_matches("*.test", "server.test"));
    assert!(!pki::host_matches("w*.lab.test", "www.lab.test"));
}

fn all_embedded_certs() -> Vec<Vec<u8>> {
    let mut certs: Vec<Vec<u8>> = CertKind::ALL
        .into_iter()
        .flat_map(|k| pki::identity(k).chain)
        .collect();
    certs.sort();
    certs.dedup();
    certs
}

/// Children lie inside their parent, in order, without overlapping.
fn assert_nested(f: &Field) {
    assert!(f.start <= f.end, "{}", f.name);
    let mut at = f.start;
    for c in &f.children {
        assert!(
            c.start >= at && c.end <= f.end,
            "{} in {}: {c:?}",
            c.name,
            f.name
        );
        at = c.end;
        assert_nested(c);
    }
}

fn find<'a>(f: &'a Field, name: &str) -> Option<&'a Field> {
    if f.name == name {
        return Some(f);
    }
    f.children.iter().find_map(|c| find(c, name))
}

#[test]
fn dissection_covers_each_certificate() {
    for (n, der) in all_embedded_certs().iter().enumerate() {
        let base = 7 + n;
        let tree = pki::dissect_certificate(der, base);
        assert_eq!((tree.start, tree.end), (base, base + der.len()));
        assert_nested(&tree);
        // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }:
        // the three fields fill the SEQUENCE after its 4-byte header.
        let names: Vec<&str> = tree.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["tbsCertificate", "signatureAlgorithm", "signatureValue"]
        );
        assert_eq!(tree.children[0].start, base + 4);
        for pair in tree.children.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        assert_eq!(tree.children[2].end, tree.end);
        let tbs: Vec<&str> = tree.children[0]
            .children
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(
            tbs,
            [
                "version",
                "serialNumber",
                "signature",
                "issuer",
                "validity",
                "subject",
                "subjectPublicKeyInfo",
                "extensions"
            ]
        );
        for pair in tree.children[0].children.windows(2) {
            assert_eq!(
                pair[0].end, pair[1].start,
                "tbsCertificate fields are contiguous"
            );
        }
        let modulus = find(&tree, "modulus").expect("an RSA key");
        assert!(
            modulus.value.starts_with("2048 bits: "),
            "{}",
            modulus.value
        );
        assert_eq!(
            find(&tree, "publicExponent").map(|f| f.value.as_str()),
            Some("65537 (0x010001)")
        );
        assert_eq!(
            find(&tree, "version").map(|f| f.value.as_str()),
            Some("v3 (2)")
        );
        let issuer = find(&tree, "issuer").expect("issuer");
        assert!(issuer.value.ends_with("Root CA") || issuer.value == "CN = TLS Lab Teaching CA");
        assert!(find(&tree, "basicConstraints").is_some());
        assert!(find(&tree, "keyUsage").is_some());
        assert!(find(&tree, "subjectKeyIdentifier").is_some());
        assert!(find(&tree, "signatureValue").is_some_and(|f| f.value.starts_with("2048 bits")));
        assert!(!format!("{tree:?}").contains("malformed"), "{tree:#?}");
    }

    let leaf = pki::dissect_certificate(&pki::identity(CertKind::Valid).chain[0], 0);
    let get = |name| {
        find(&leaf, name)
            .map(|f| f.value.clone())
            .unwrap_or_default()
    };
    assert_eq!(get("subjectAltName"), "DNS:server.test");
    assert_eq!(get("basicConstraints"), "CA:FALSE (critical)");
    assert_eq!(
        get("keyUsage"),
        "digitalSignature, keyEncipherment (critical)"
    );
    assert_eq!(get("extendedKeyUsage"), "serverAuth");
    assert!(get("authorityKeyIdentifier").starts_with("keyid: "));
    assert_eq!(get("subject"), "CN = server.test");
    assert_eq!(get("RelativeDistinguishedName"), "CN = TLS Lab Teaching CA");
    assert_eq!(
        get("notBefore"),
        "2026-01-01T00:00:00Z (UTCTime 260101000000Z)"
    );
    assert_eq!(
        get("validity"),
        "2026-01-01T00:00:00Z .. 2027-12-31T00:00:00Z"
    );
    assert_eq!(
        get("signature"),
        "sha256WithRSAEncryption (1.2.840.113549.1.1.11)"
    );
    assert_eq!(
        find(&leaf, "serialNumber").map(|f| f.rfc.as_str()),
        Some("RFC 5280 §4.1.2.2")
    );
    assert_eq!(get("dNSName"), "server.test");
    assert_eq!(get("KeyPurposeId"), "serverAuth (1.3.6.1.5.5.7.3.1)");

    // A certificate cut short still shows what arrived, down to the field that broke.
    let whole = &pki::identity(CertKind::Valid).chain[0];
    let cut = pki::dissect_certificate(&whole[..300], 0);
    let tbs = &cut.children[0];
    assert_eq!(tbs.name, "tbsCertificate");
    assert!(
        tbs.value.starts_with("malformed: truncated"),
        "{}",
        tbs.value
    );
    assert!(find(&cut, "subject").is_some_and(|f| f.value == "CN = server.test"));
    assert!(find(&cut, "modulus").is_some_and(|f| f.value.starts_with("malformed: truncated")));
}

/// Every truncation and many corruptions: errors are values, never panics, and a changed
/// byte is always caught.
#[test]
fn damaged_certificates_never_panic_and_never_pass() {
    let anchors = pki::trust_anchors();
    let [leaf, ca] =
        <[Vec<u8>; 2]>::try_from(pki::identity(CertKind::Valid).chain).expect("two certificates");
    for (which, der) in [(0, &leaf), (1, &ca)] {
        let chain_with = |bad: Vec<u8>| {
            if which == 0 {
                vec![bad, ca.clone()]
            } else {
                vec![leaf.clone(), bad]
            }
        };
        for len in 0..der.len() {
            let cut = der[..len].to_vec();
            let tree = pki::dissect_certificate(&cut, 100);
            assert_nested(&tree);
            assert_eq!(tree.end, 100 + len);
            assert!(
                tree.value.starts_with("malformed: "),
                "{len}: {}",
                tree.value
            );
            let r = pki::validate(
                &chain_with(cut),
                &anchors,
                Some(HOST),
                DEFAULT_NOW,
                KeyUse::KeyEncipherment,
            );
            assert!(r.error.is_some(), "cert {which} cut to {len} bytes passed");
        }
        for at in 0..der.len() {
            // One bit in every byte (a different bit each time) and a whole-byte inversion.
            for mask in [1u8 << (at % 8), 0xff] {
                let mut bad = der.clone();
                bad[at] ^= mask;
                assert_nested(&pki::dissect_certificate(&bad, 0));
                let r = pki::validate(
                    &chain_with(bad),
                    &anchors,
                    Some(HOST),
                    DEFAULT_NOW,
                    KeyUse::DigitalSignature,
                );
                assert!(
                    r.error.is_some(),
                    "cert {which} byte {at} ^ {mask:#04x} passed"
                );
            }
        }
        // Extra bytes after the certificate.
        let mut long = der.clone();
        long.push(0);
        assert!(
            pki::validate(
                &chain_with(long),
                &anchors,
                Some(HOST),
                DEFAULT_NOW,
                KeyUse::DigitalSignature
            )
            .error
            .is_some()
        );
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let leaf = pki::identity(CertKind::Valid).chain[0].clone();
    for round in 0..3000 {
        let len = (next() % 900) as usize;
        let mut bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        // Half the inputs start like a certificate so the walk goes deeper.
        if round % 2 == 0 && len > 4 {
            let keep = len.min(leaf.len()) * (next() % 100) as usize / 100;
            bytes[..keep].copy_from_slice(&leaf[..keep]);
        }
        let tree = pki::dissect_certificate(&bytes, round);
        assert_nested(&tree);
        let chain = vec![bytes.clone(), bytes];
        let r = pki::validate(
            &chain,
            &[],
            Some(HOST),
            DEFAULT_NOW,
            KeyUse::KeyEncipherment,
        );
        assert!(r.error.is_some());
        let _ = pki::leaf_public_key(&chain);
        let _ = pki::parse_certs_pem(&String::from_utf8_lossy(&chain[0]));
    }
}

#[test]
fn pem_round_trip() {
    for kind in CertKind::ALL {
        let id = pki::identity(kind);
        assert_eq!(
            pki::parse_certs_pem(&pki::chain_pem(kind)),
            Ok(id.chain.clone())
        );
        let key = pki::parse_private_key_pem(pki::key_pem(kind)).expect("PKCS#8 key");
        assert!(key == id.key, "{kind:?}");
    }
    assert_eq!(
        pki::parse_certs_pem(pki::ca_pem()),
        Ok(pki::trust_anchors())
    );

    // PKCS#1 (`RSA PRIVATE KEY`, as `openssl genrsa -traditional` writes it), with noise
    // around the block as in OpenSSL's `-text` output.
    use rsa::pkcs1::EncodeRsaPrivateKey;
    let id = pki::identity(CertKind::Valid);
    let der = id.key.to_pkcs1_der().expect("encodes");
    let pem = der::pem::encode_string("RSA PRIVATE KEY", der::pem::LineEnding::LF, der.as_bytes())
        .expect("encodes");
    let key =
        pki::parse_private_key_pem(&format!("Private-Key: (2048 bit)\n{pem}")).expect("PKCS#1 key");
    assert!(key == id.key);

    assert!(pki::parse_private_key_pem("").is_err());
    assert!(pki::parse_private_key_pem(pki::ca_pem()).is_err());
    assert!(pki::parse_certs_pem(pki::key_pem(CertKind::Valid)).is_err());
}

#[test]
fn fresh_identity_validates() {
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    let (id, anchors) =
        pki::generate_identity(&mut rng, "lab.test", DEFAULT_NOW).expect("generates");
    assert_eq!(id.chain.len(), 2);
    for need in [KeyUse::KeyEncipherment, KeyUse::DigitalSignature] {
        let r = pki::validate(&id.chain, &anchors, Some("lab.test"), DEFAULT_NOW, need);
        assert_eq!(r.error, None, "{r:#?}");
    }
    let r = pki::validate(
        &id.chain,
        &anchors,
        Some("server.test"),
        DEFAULT_NOW,
        KeyUse::DigitalSignature,
    );
    assert_eq!(r.error, Some(CertError::HostMismatch));
    // The embedded teaching CA does not trust a fresh chain.
    let r = pki::validate(
        &id.chain,
        &pki::trust_anchors(),
        Some("lab.test"),
        DEFAULT_NOW,
        KeyUse::DigitalSignature,
    );
    assert_eq!(r.error, Some(CertError::UnknownIssuer));
    let public = pki::leaf_public_key(&id.chain).expect("RSA leaf");
    assert!(public == *id.key.as_public_key());
    let tree = pki::dissect_certificate(&id.chain[0], 0);
    assert_nested(&tree);
    assert!(!format!("{tree:?}").contains("malformed"), "{tree:#?}");

    assert!(pki::generate_identity(&mut rng, "not a host", DEFAULT_NOW).is_err());
}
