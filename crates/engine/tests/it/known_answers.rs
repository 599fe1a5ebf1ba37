//! Known-answer tests: the TLS 1.2 PRF (IETF TLS WG vector) and X25519 as used for the
//! ECDHE pre-master secret (RFC 8448 §3 key shares). Sources are named in the JSON files.

use crate::common::{unhex, vector_file as vectors};

use engine::crypto::prf;

#[test]
fn tls12_prf_sha256_matches_the_published_vector() {
    let v = vectors("tls12_prf_sha256.json");
    let mut checked = 0;
    for case in v["vectors"].as_array().unwrap() {
        if case["hash"] != "sha256" {
            continue; // the engine's suites all use SHA-256
        }
        let out = prf::prf(
            &unhex(case["secret"].as_str().unwrap()),
            &unhex(case["label"].as_str().unwrap()),
            &unhex(case["seed"].as_str().unwrap()),
            case["length"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            out,
            unhex(case["output"].as_str().unwrap()),
            "{}",
            case["name"]
        );
        checked += 1;
    }
    assert_eq!(checked, 1);
}

#[test]
fn prf_output_is_a_prefix_of_longer_output() {
    let long = prf::prf(b"secret", b"label", b"seed", 100);
    let short = prf::prf(b"secret", b"label", b"seed", 13);
    assert_eq!(&long[..13], &short[..]);
}

#[test]
fn x25519_agreement_matches_rfc8448() {
    use engine::crypto::key_exchange::EcdhKeyPair;
    let v = vectors("rfc8448_simple_1rtt.json");
    let client = EcdhKeyPair::from_private(
        unhex(v["client_x25519_private"].as_str().unwrap())
            .try_into()
            .unwrap(),
    );
    assert_eq!(
        client.public.to_vec(),
        unhex(v["client_x25519_public"].as_str().unwrap())
    );
    let shared = client
        .agree(&unhex(v["server_x25519_public"].as_str().unwrap()))
        .unwrap();
    assert_eq!(shared.to_vec(), unhex(v["shared_secret"].as_str().unwrap()));
}

#[test]
fn x25519_rejects_a_low_order_point() {
    use engine::crypto::key_exchange::EcdhKeyPair;
    let pair = EcdhKeyPair::from_private([7u8; 32]);
    // The all-zero point has order 1: the shared secret would be zero (RFC 7748 §6.1).
    assert!(pair.agree(&[0u8; 32]).is_err());
    assert!(pair.agree(&[1u8; 31]).is_err());
}
