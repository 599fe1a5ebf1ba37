//! RFC 8448 §3 (Simple 1-RTT Handshake) end to end: the TLS 1.3 key schedule from the
//! shared secret and transcript hashes, the transcript hashes themselves from the messages,
//! every protected record opened and sealed again byte for byte, and the server's
//! CertificateVerify checked against its certificate. The vector file names its source.

use crate::common::unhex;

use engine::crypto::hkdf::{self, HashValue};
use engine::crypto::key_exchange::{EcdhKeyPair, sign_pss_sha256, verify_pss_sha256};
use engine::crypto::record_protection::{RecordCipher, tls13_aad};
use engine::crypto::rng::TlsRng;
use engine::msgs::enums::ContentType;
use engine::pki::{self, CertKind};
use engine::tls13::certificate_verify::{Signer, signed_content};
use engine::tls13::key_schedule::{
    EarlySecrets, Finished, HandshakeSecrets, MasterSecrets, TrafficKeys, resumption_psk,
};
use serde_json::Value;

fn vectors() -> Value {
    crate::common::vector_file("rfc8448_simple_1rtt.json")
}

fn field(v: &Value, name: &str) -> Vec<u8> {
    unhex(v[name].as_str().unwrap_or_else(|| panic!("{name} missing")))
}

fn hash_field(v: &Value, name: &str) -> HashValue {
    field(v, name).try_into().unwrap()
}

/// The handshake messages in order, as the transcript hash sees them.
const MESSAGES: [&str; 8] = [
    "client_hello",
    "server_hello",
    "encrypted_extensions",
    "certificate",
    "certificate_verify",
    "server_finished",
    "client_finished",
    "new_session_ticket",
];

/// Transcript-Hash(ClientHello … `last`), computed here from `messages.*`.
fn transcript_hash(v: &Value, last: &str) -> HashValue {
    let mut all = Vec::new();
    for name in MESSAGES {
        all.extend(field(&v["messages"], name));
        if name == last {
            return hkdf::hash(&all);
        }
    }
    panic!("no message {last}")
}

struct Schedule {
    early: EarlySecrets,
    handshake: HandshakeSecrets,
    master: MasterSecrets,
    resumption_master_secret: HashValue,
}

fn schedule(v: &Value) -> Schedule {
    let early = EarlySecrets::without_psk().unwrap();
    let handshake = early
        .handshake(
            &field(v, "shared_secret"),
            &hash_field(v, "transcript_hash_ch_sh"),
        )
        .unwrap();
    let master = handshake
        .master(&hash_field(v, "transcript_hash_ch_server_finished"))
        .unwrap();
    let resumption_master_secret = master
        .resumption_master_secret(&hash_field(v, "transcript_hash_ch_client_finished"))
        .unwrap();
    Schedule {
        early,
        handshake,
        master,
        resumption_master_secret,
    }
}

#[test]
fn transcript_hashes_are_sha256_of_the_messages() {
    let v = vectors();
    for (last, name) in [
        ("server_hello", "transcript_hash_ch_sh"),
        ("server_finished", "transcript_hash_ch_server_finished"),
        ("client_finished", "transcript_hash_ch_client_finished"),
    ] {
        assert_eq!(transcript_hash(&v, last), hash_field(&v, name), "{name}");
    }
}

#[test]
fn x25519_shares_give_the_shared_secret() {
    let v = vectors();
    let client = EcdhKeyPair::from_private(hash_field(&v, "client_x25519_private"));
    let server = EcdhKeyPair::from_private(hash_field(&v, "server_x25519_private"));
    assert_eq!(client.public, hash_field(&v, "client_x25519_public"));
    assert_eq!(server.public, hash_field(&v, "server_x25519_public"));
    let shared = client.agree(&server.public).unwrap();
    assert_eq!(shared.to_vec(), field(&v, "shared_secret"));
    assert_eq!(server.agree(&client.public).unwrap(), shared);
}

#[test]
fn every_secret_of_the_schedule_matches_rfc8448() {
    let v = vectors();
    let s = schedule(&v);
    let expect = |name: &str, got: &HashValue| assert_eq!(got, &hash_field(&v, name), "{name}");
    expect("early_secret", &s.early.early_secret);
    expect("derived_secret_for_handshake", &s.early.derived);
    expect("handshake_secret", &s.handshake.handshake_secret);
    expect(
        "client_handshake_traffic_secret",
        &s.handshake.client_handshake_traffic_secret,
    );
    expect(
        "server_handshake_traffic_secret",
        &s.handshake.server_handshake_traffic_secret,
    );
    expect("derived_secret_for_master", &s.handshake.derived);
    expect("master_secret", &s.master.master_secret);
    expect(
        "client_application_traffic_secret_0",
        &s.master.client_application_traffic_secret_0,
    );
    expect(
        "server_application_traffic_secret_0",
        &s.master.server_application_traffic_secret_0,
    );
    expect("exporter_master_secret", &s.master.exporter_master_secret);
    expect("resumption_master_secret", &s.resumption_master_secret);
}

#[test]
fn traffic_keys_and_ivs_match_rfc8448() {
    let v = vectors();
    let s = schedule(&v);
    for (prefix, secret) in [
        (
            "server_handshake",
            &s.handshake.server_handshake_traffic_secret,
        ),
        (
            "client_handshake",
            &s.handshake.client_handshake_traffic_secret,
        ),
        (
            "server_application",
            &s.master.server_application_traffic_secret_0,
        ),
        (
            "client_application",
            &s.master.client_application_traffic_secret_0,
        ),
    ] {
        let keys = TrafficKeys::derive(secret).unwrap();
        assert_eq!(
            keys.key.to_vec(),
            field(&v, &format!("{prefix}_key")),
            "{prefix}"
        );
        assert_eq!(
            keys.iv.to_vec(),
            field(&v, &format!("{prefix}_iv")),
            "{prefix}"
        );
    }
}

#[test]
fn finished_keys_and_verify_data_match_rfc8448_and_the_messages() {
    let v = vectors();
    let s = schedule(&v);
    // Each Finished covers the messages before it (RFC 8446 §4.4.4).
    for (side, base_key, before, message) in [
        (
            "server",
            &s.handshake.server_handshake_traffic_secret,
            "certificate_verify",
            "server_finished",
        ),
        (
            "client",
            &s.handshake.client_handshake_traffic_secret,
            "server_finished",
            "client_finished",
        ),
    ] {
        let hash = transcript_hash(&v, before);
        let f = Finished::derive(base_key, &hash).unwrap();
        assert_eq!(
            f.finished_key,
            hash_field(&v, &format!("{side}_finished_key"))
        );
        assert_eq!(
            f.verify_data,
            hash_field(&v, &format!("{side}_finished_verify_data"))
        );
        // The Finished message is `14 000020 verify_data`.
        let sent = field(&v["messages"], message);
        assert_eq!(sent[..4], [0x14, 0x00, 0x00, 0x20]);
        assert_eq!(sent[4..], f.verify_data);
        assert!(f.check(&hash, &sent[4..], side).is_ok());
        let mut bad = sent[4..].to_vec();
        bad[0] ^= 1;
        assert!(f.check(&hash, &bad, side).is_err());
    }
}

#[test]
fn the_ticket_psk_matches_rfc8448() {
    let v = vectors();
    let s = schedule(&v);
    // NewSessionTicket: type(1) length(3) ticket_lifetime(4) ticket_age_add(4) ticket_nonce<0..255>
    let nst = field(&v["messages"], "new_session_ticket");
    let nonce_len = usize::from(nst[12]);
    let ticket_nonce = &nst[13..13 + nonce_len];
    assert_eq!(ticket_nonce, [0, 0]);
    // Not in the JSON: RFC 8448 §3 "{server} generate resumption secret", the PSK that §4
    // then resumes with (its "IKM" of the early secret).
    assert_eq!(
        resumption_psk(&s.resumption_master_secret, ticket_nonce)
            .unwrap()
            .to_vec(),
        unhex("4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3")
    );
}

/// The encrypted records in wire order: (name, header ‖ fragment).
fn encrypted_records(v: &Value) -> Vec<(String, Value)> {
    v["records"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r.get("key").is_some())
        .map(|(name, r)| (name.clone(), r.clone()))
        .collect()
}

fn cipher_for(s: &Schedule, key: &str) -> RecordCipher {
    let secret = match key {
        "server_handshake" => &s.handshake.server_handshake_traffic_secret,
        "client_handshake" => &s.handshake.client_handshake_traffic_secret,
        "server_application" => &s.master.server_application_traffic_secret_0,
        "client_application" => &s.master.client_application_traffic_secret_0,
        other => panic!("unknown key {other}"),
    };
    TrafficKeys::derive(secret).unwrap().cipher().unwrap()
}

#[test]
fn every_protected_record_opens_and_seals_back_to_the_same_bytes() {
    let v = vectors();
    let s = schedule(&v);
    let records = encrypted_records(&v);
    // serde_json keeps the file's order only with `preserve_order`; sort by who and seq
    // instead, which is the order each direction's cipher must see them in.
    let mut readers = std::collections::HashMap::new();
    let mut writers = std::collections::HashMap::new();
    let mut handshake = Vec::new();
    let mut ordered = records.clone();
    ordered.sort_by_key(|(_, r)| {
        let key = r["key"].as_str().unwrap().to_string();
        let phase = u8::from(key.ends_with("application"));
        (phase, key, r["seq"].as_u64().unwrap())
    });
    assert_eq!(ordered.len(), 7);
    for (name, r) in &ordered {
        let key = r["key"].as_str().unwrap();
        let bytes = unhex(r["hex"].as_str().unwrap());
        let (header, fragment) = bytes.split_at(5);
        assert_eq!(header[..3], [23, 3, 3], "{name}: outer type and version");
        assert_eq!(header[3..], (fragment.len() as u16).to_be_bytes());
        let reader = readers.entry(key).or_insert_with(|| cipher_for(&s, key));
        assert_eq!(reader.seq(), r["seq"].as_u64().unwrap(), "{name}");
        let (typ, plaintext) = reader
            .open(ContentType::from_wire(header[0]), fragment)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let inner = r["inner_type"].as_u64().unwrap() as u8;
        assert_eq!(typ.to_wire(), inner, "{name}");
        match typ {
            ContentType::Handshake => handshake.push((key.to_string(), plaintext.clone())),
            ContentType::ApplicationData => {
                assert_eq!(plaintext, field(&v, "application_data_plaintext"), "{name}")
            }
            // close_notify: warning(1), close_notify(0).
            ContentType::Alert => assert_eq!(plaintext, [1, 0], "{name}"),
            other => panic!("{name}: unexpected inner type {other:?}"),
        }
        let writer = writers.entry(key).or_insert_with(|| cipher_for(&s, key));
        let sealed = writer.seal(typ, &plaintext).unwrap();
        assert_eq!(sealed.outer_type, ContentType::ApplicationData);
        assert_eq!(sealed.inner_type, typ);
        assert_eq!(sealed.aad, header, "{name}: the AAD is the record header");
        assert_eq!(sealed.aad, tls13_aad(fragment.len()));
        assert_eq!(sealed.fragment, fragment, "{name}: sealed again");
    }
    // Handshake plaintexts in protocol order: the server's flight, the client's Finished,
    // then the ticket under the server's application keys.
    let order = ["server_handshake", "client_handshake", "server_application"];
    handshake.sort_by_key(|(key, _)| order.iter().position(|k| k == key));
    let got: Vec<u8> = handshake.into_iter().flat_map(|(_, p)| p).collect();
    let want: Vec<u8> = MESSAGES[2..]
        .iter()
        .flat_map(|m| field(&v["messages"], m))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn the_server_certificate_verify_verifies() {
    let v = vectors();
    let msgs = &v["messages"];
    // Certificate (RFC 8446 §4.4.2): type(1) length(3) certificate_request_context<0..255>
    // certificate_list<0..2^24-1> of { cert_data<1..2^24-1>, extensions<0..2^16-1> }.
    let cert_msg = field(msgs, "certificate");
    assert_eq!(cert_msg[4], 0, "empty certificate_request_context");
    let len24 = |b: &[u8]| usize::from(b[0]) << 16 | usize::from(b[1]) << 8 | usize::from(b[2]);
    let cert_len = len24(&cert_msg[8..11]);
    let cert = cert_msg[11..11 + cert_len].to_vec();
    let public = pki::leaf_public_key(&[cert]).unwrap();
    // CertificateVerify: type(1) length(3) SignatureScheme(2) signature<0..2^16-1>.
    let cv = field(msgs, "certificate_verify");
    assert_eq!(cv[4..6], [0x08, 0x04], "rsa_pss_rsae_sha256");
    let sig_len = usize::from(u16::from_be_bytes([cv[6], cv[7]]));
    let signature = &cv[8..8 + sig_len];
    assert_eq!(8 + sig_len, cv.len());
    let content = signed_content(Signer::Server, &transcript_hash(&v, "certificate"));
    assert!(verify_pss_sha256(&public, &content, signature).is_ok());
    // The same signature is not a client's, nor over another transcript.
    let as_client = signed_content(Signer::Client, &transcript_hash(&v, "certificate"));
    assert!(verify_pss_sha256(&public, &as_client, signature).is_err());
    let later = signed_content(Signer::Server, &transcript_hash(&v, "certificate_verify"));
    assert!(verify_pss_sha256(&public, &later, signature).is_err());
}

#[test]
fn certificate_verify_round_trip_with_the_embedded_key() {
    let id = pki::identity(CertKind::Valid);
    let public = pki::leaf_public_key(&id.chain).unwrap();
    let content = signed_content(Signer::Server, &hkdf::hash(b"ClientHello...Certificate"));
    let signature = sign_pss_sha256(&mut TlsRng::new(1, 1), &id.key, &content).unwrap();
    assert!(verify_pss_sha256(&public, &content, &signature).is_ok());
}
