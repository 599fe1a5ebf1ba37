//! RFC 8448 §3 (Simple 1-RTT Handshake) through the engine's own browser: given the RFC's
//! ClientHello and the client's X25519 private key, it reads the RFC's ServerHello and
//! encrypted server flight (decrypting it, checking CertificateVerify and Finished), and the
//! records it answers with are byte for byte the RFC's: its Finished, then its application
//! data. The RFC's NewSessionTicket gives the RFC's resumption PSK.

use crate::common::{unhex, vector_file};
use engine::client::{Client, ClientConfig, Trust};
use engine::common::Output;
use engine::crypto::rng::TlsRng;
use engine::crypto::secrets::Secret;
use serde_json::Value;

fn record(v: &Value, name: &str) -> Vec<u8> {
    unhex(v["records"][name]["hex"].as_str().unwrap())
}

fn sent(outputs: &[Output]) -> Vec<Vec<u8>> {
    outputs
        .iter()
        .filter_map(|o| match o {
            Output::Record(r) => Some(r.bytes.clone()),
            _ => None,
        })
        .collect()
}

fn secret(outputs: &[Output], which: Secret) -> Option<Vec<u8>> {
    outputs.iter().find_map(|o| match o {
        Output::Secret(s, v) if *s == which => Some(v.clone()),
        _ => None,
    })
}

#[test]
fn the_engine_client_completes_rfc8448_and_sends_its_bytes() {
    let v = vector_file("rfc8448_simple_1rtt.json");
    let certificate = &v["messages"]["certificate"];
    // Certificate (TLS 1.3): msg_type, uint24 length, empty context, uint24 list length,
    // then the first entry's uint24 length and DER.
    let cert_msg = unhex(certificate.as_str().unwrap());
    let der_len =
        usize::from(cert_msg[8]) << 16 | usize::from(cert_msg[9]) << 8 | usize::from(cert_msg[10]);
    let leaf = cert_msg[11..11 + der_len].to_vec();
    let config = ClientConfig {
        tls13: Some(engine::client::Tls13Offer {
            groups: vec![engine::Group::X25519],
            key_shares: vec![engine::Group::X25519],
        }),
        offer: Vec::new(),
        ems: false,
        now: 0,
        ..ClientConfig::browser("server", Trust::Pinned(leaf))
    };
    let private: [u8; 32] = unhex(v["client_x25519_private"].as_str().unwrap())
        .try_into()
        .unwrap();
    let client_hello = unhex(v["messages"]["client_hello"].as_str().unwrap());
    let mut c = Client::after_client_hello(config, TlsRng::new(1, 1), &client_hello, private)
        .expect("the RFC's ClientHello carries the RFC's X25519 share");

    c.receive(&record(&v, "server_hello"));
    c.receive(&record(&v, "server_encrypted_flight"));
    let outputs = c.take_outputs();
    let errors: Vec<_> = outputs
        .iter()
        .filter(|o| matches!(o, Output::Error(_)))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(c.is_connected());
    for (id, name) in [
        (Secret::SharedSecret, "shared_secret"),
        (Secret::HandshakeSecret, "handshake_secret"),
        (Secret::MasterSecret, "master_secret"),
        (
            Secret::ClientApplicationTrafficSecret,
            "client_application_traffic_secret_0",
        ),
        (
            Secret::ServerApplicationTrafficSecret,
            "server_application_traffic_secret_0",
        ),
        (Secret::ExporterMasterSecret, "exporter_master_secret"),
        (Secret::ResumptionMasterSecret, "resumption_master_secret"),
        (Secret::ServerVerifyData, "server_finished_verify_data"),
        (Secret::ClientVerifyData, "client_finished_verify_data"),
    ] {
        assert_eq!(
            secret(&outputs, id),
            Some(unhex(v[name].as_str().unwrap())),
            "{name}"
        );
    }
    // No legacy_session_id in the RFC's ClientHello: no compatibility ChangeCipherSpec, so
    // the one record is Finished, as the RFC sends it.
    assert_eq!(sent(&outputs), vec![record(&v, "client_finished")]);

    c.receive(&record(&v, "server_new_session_ticket"));
    let outputs = c.take_outputs();
    // The PSK RFC 8448 §3 derives for this ticket (ticket_nonce 0000), which §4 resumes with.
    assert_eq!(
        secret(&outputs, Secret::TicketPsk),
        Some(unhex(
            "4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3"
        )),
    );

    let data = unhex(v["application_data_plaintext"].as_str().unwrap());
    c.send_app_data(&data).unwrap();
    assert_eq!(
        sent(&c.take_outputs()),
        vec![record(&v, "client_application_data")]
    );
}
