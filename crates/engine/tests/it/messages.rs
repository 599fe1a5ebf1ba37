//! Round trip and truncation for every message type: encode → decode gives the same value,
//! and every strict prefix of the encoding is rejected with an error (never a panic).

use engine::codec::Reader;
use engine::msgs::alert::Alert;
use engine::msgs::enums::*;
use engine::msgs::extensions::Extension;
use engine::msgs::handshake::*;
use engine::msgs::record::{Deframer, Record, RecordVersion};
use engine::msgs::suites::{self, Suite};

fn all_messages() -> Vec<(Handshake, Option<&'static Suite>)> {
    let hello_ext = vec![
        Extension::server_name("server.test"),
        Extension::empty(ExtensionType::ExtendedMasterSecret),
        Extension::renegotiation_info_initial(),
        Extension::supported_groups(&[NamedGroup::x25519]),
        Extension::ec_point_formats(),
        Extension::signature_algorithms(&[SignatureScheme::rsa_pkcs1_sha256]),
    ];
    vec![
        (
            Handshake::ClientHello(ClientHello {
                client_version: ProtocolVersion::Tls12,
                random: [7; 32],
                session_id: vec![],
                cipher_suites: vec![
                    CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
                    CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                    CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV,
                ],
                compression_methods: vec![Compression::Null],
                extensions_present: true,
                extensions: hello_ext,
            }),
            None,
        ),
        // RFC 5246 §7.4.1.2: a hello may end after its compression field, which is not the
        // same bytes as an empty extensions list.
        (
            Handshake::ServerHello(ServerHello {
                server_version: ProtocolVersion::Tls12,
                random: [3; 32],
                session_id: vec![],
                cipher_suite: CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
                compression_method: Compression::Null,
                extensions_present: false,
                extensions: vec![],
            }),
            None,
        ),
        (
            Handshake::ServerHello(ServerHello {
                server_version: ProtocolVersion::Tls12,
                random: [9; 32],
                session_id: vec![1; 32],
                cipher_suite: CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                compression_method: Compression::Null,
                extensions_present: true,
                extensions: vec![
                    Extension::renegotiation_info_initial(),
                    Extension::ec_point_formats(),
                ],
            }),
            None,
        ),
        (
            Handshake::Certificate(Certificate {
                certificate_list: vec![vec![0x30, 0x03, 1, 2, 3], vec![0x30, 0]],
            }),
            None,
        ),
        (
            Handshake::Certificate(Certificate {
                certificate_list: vec![],
            }),
            None,
        ),
        (
            Handshake::CertificateRequest(CertificateRequest {
                certificate_types: vec![1, 64],
                supported_signature_algorithms: vec![
                    SignatureScheme::rsa_pkcs1_sha256,
                    SignatureScheme::rsa_pss_rsae_sha256,
                ],
                certificate_authorities: vec![vec![0x30, 0x03, 1, 2, 3]],
            }),
            None,
        ),
        (
            Handshake::ServerKeyExchange(ServerKeyExchange {
                named_curve: NamedGroup::x25519,
                public: vec![5; 32],
                scheme: SignatureScheme::rsa_pkcs1_sha256,
                signature: vec![6; 256],
            }),
            Some(&suites::TLS12_ECDHE_RSA),
        ),
        (Handshake::ServerHelloDone, None),
        (
            Handshake::ClientKeyExchange(ClientKeyExchange::Rsa {
                encrypted_pre_master_secret: vec![3; 256],
            }),
            Some(&suites::TLS12_RSA),
        ),
        (
            Handshake::ClientKeyExchange(ClientKeyExchange::Ecdhe {
                public: vec![4; 32],
            }),
            Some(&suites::TLS12_ECDHE_RSA),
        ),
        (
            Handshake::Finished(Finished {
                verify_data: vec![8; 12],
            }),
            None,
        ),
    ]
}

#[test]
fn every_handshake_message_round_trips() {
    for (msg, kx) in all_messages() {
        let bytes = msg.encode();
        let mut r = Reader::new(&bytes);
        let back = Handshake::read(&mut r, kx).unwrap_or_else(|e| panic!("{:?}: {e}", msg.typ()));
        r.expect_empty("message").unwrap();
        assert_eq!(back, msg);
        assert_eq!(back.encode(), bytes);
    }
}

#[test]
fn every_strict_prefix_of_every_message_is_rejected() {
    let mut prefixes = 0;
    for (msg, kx) in all_messages() {
        let bytes = msg.encode();
        for len in 0..bytes.len() {
            let mut r = Reader::annotating(&bytes[..len], 0);
            assert!(
                Handshake::read(&mut r, kx).is_err(),
                "{:?} cut to {len} bytes decoded",
                msg.typ()
            );
            prefixes += 1;
        }
    }
    assert!(prefixes > 500);
}

#[test]
fn annotated_fields_cover_the_message_exactly() {
    for (msg, kx) in all_messages() {
        let bytes = msg.encode();
        let mut r = Reader::annotating(&bytes, 0);
        Handshake::read_annotated(&mut r, kx).unwrap();
        let fields = r.into_fields();
        assert_eq!(fields.len(), 1);
        assert_eq!(
            (fields[0].start, fields[0].end),
            (0, bytes.len()),
            "{:?}",
            msg.typ()
        );
        check_nesting(&fields[0]);
    }
}

/// TLS 1.3 renamed the ServerHello's fields (legacy_version, …); a TLS 1.2 one keeps its
/// RFC 5246 names.
#[test]
fn tls12_server_hello_keeps_its_field_names() {
    let (msg, suite) = &all_messages()[1];
    let bytes = msg.encode();
    let mut r = Reader::annotating(&bytes, 0);
    Handshake::read_annotated(&mut r, *suite).unwrap();
    let names: Vec<String> = r.into_fields()[0]
        .children
        .iter()
        .map(|f| f.name.clone())
        .collect();
    for want in [
        "server_version",
        "random",
        "session_id",
        "compression_method",
    ] {
        assert!(names.iter().any(|n| n == want), "{want}: {names:?}");
    }
}

fn check_nesting(f: &engine::transcript::Field) {
    let mut at = f.start;
    for c in &f.children {
        assert!(
            c.start >= at && c.end <= f.end && c.start <= c.end,
            "{} inside {}",
            c.name,
            f.name
        );
        at = c.end;
        check_nesting(c);
    }
}

#[test]
fn alert_round_trips_and_rejects_wrong_lengths() {
    let a = Alert::for_description(AlertDescription::BadRecordMac);
    let bytes = a.encode();
    assert_eq!(bytes, [2, 20]);
    assert_eq!(Alert::read(&mut Reader::new(&bytes)).unwrap(), a);
    assert!(Alert::read(&mut Reader::new(&bytes[..1])).is_err());
    assert!(Alert::read(&mut Reader::new(&[2, 20, 0])).is_err());
    assert_eq!(
        Alert::for_description(AlertDescription::CloseNotify).encode(),
        [1, 0]
    );
}

#[test]
fn records_round_trip_through_the_deframer_in_any_pieces() {
    let recs = vec![
        Record {
            typ: ContentType::Handshake,
            version: ProtocolVersion::Tls12,
            fragment: vec![1; 300],
        },
        Record {
            typ: ContentType::ChangeCipherSpec,
            version: ProtocolVersion::Tls12,
            fragment: vec![1],
        },
        Record {
            typ: ContentType::Alert,
            version: ProtocolVersion::Tls12,
            fragment: vec![2, 40],
        },
    ];
    let stream: Vec<u8> = recs.iter().flat_map(|r| r.encode()).collect();
    for piece in [1, 2, 5, 7, 64, stream.len()] {
        let mut d = Deframer::default();
        let mut out = Vec::new();
        for chunk in stream.chunks(piece) {
            d.push(chunk);
            while let Some(r) = d.next_record(RecordVersion::Tls12).unwrap() {
                out.push(r);
            }
        }
        assert_eq!(out, recs, "pieces of {piece}");
        assert_eq!(d.pending(), 0);
    }
}

#[test]
fn oversized_record_is_record_overflow() {
    let mut d = Deframer::default();
    d.push(&[22, 3, 3, 0xff, 0xff]);
    assert_eq!(
        d.next_record(RecordVersion::Tls12).unwrap_err().alert,
        AlertDescription::RecordOverflow
    );
}

/// RFC 5246 Appendix E.1: before the version is agreed any {03,XX} record version is taken;
/// after, only TLS 1.2. A record of another major version is refused from its first 3 bytes.
#[test]
fn record_versions_before_and_after_agreement() {
    for version in [0x0300u16, 0x0301, 0x0302, 0x0304, 0x03ff] {
        let record = [&[22][..], &version.to_be_bytes(), &[0, 1, 1]].concat();
        let mut before = Deframer::default();
        before.push(&record);
        assert!(
            before.next_record(RecordVersion::AnyTls).unwrap().is_some(),
            "{version:#06x}"
        );
        let mut after = Deframer::default();
        after.push(&record);
        assert_eq!(
            after.next_record(RecordVersion::Tls12).unwrap_err().alert,
            AlertDescription::ProtocolVersion,
            "{version:#06x}"
        );
    }
    let mut d = Deframer::default();
    d.push(&[22, 2, 0]);
    assert_eq!(
        d.next_record(RecordVersion::AnyTls).unwrap_err().alert,
        AlertDescription::ProtocolVersion
    );
}

/// An SSL 2.0 record header (high bit set) is refused from its first byte, before the
/// version is agreed: `80 03 01 03 03` would otherwise read as a 771-byte TLS 1.0 record.
#[test]
fn sslv2_header_is_refused_at_once() {
    let mut d = Deframer::default();
    d.push(&[0x80]);
    assert_eq!(
        d.next_record(RecordVersion::AnyTls).unwrap_err().alert,
        AlertDescription::UnexpectedMessage
    );
}
