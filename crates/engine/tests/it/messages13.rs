//! TLS 1.3 wire formats (RFC 8446 §4): every new message and every extension body in every
//! context round-trips and rejects each strict prefix; the RFC 8448 §3 messages decode,
//! re-encode byte for byte, and their field trees cover every byte; TLS 1.3 records dissect.

use crate::common::unhex;

use crate::common::XorShift;
use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce, Tag};
use engine::codec::Reader;
use engine::dissect;
use engine::msgs::enums::*;
use engine::msgs::extensions::{self, Extension, ExtensionContext, KeyShareEntry, PskIdentity};
use engine::msgs::handshake::*;
use engine::msgs::suites::{self, Suite};
use engine::transcript::Field;
use serde_json::Value;
use sha2::{Digest, Sha256};

const TLS13: &Suite = &suites::TLS13_AES_128_GCM_SHA256;

fn rfc8448() -> Value {
    crate::common::vector_file("rfc8448_simple_1rtt.json")
}

fn hex_of(v: &Value, key: &str) -> Vec<u8> {
    unhex(v[key].as_str().unwrap_or_else(|| panic!("no {key}")))
}

/// Every byte of `0..len` lies in a leaf, and each field's children lie inside it in order:
/// the tree covers the bytes with no gaps and no overlaps.
fn assert_covers(fields: &[Field], len: usize, what: &str) {
    let mut leaves = Vec::new();
    for f in fields {
        nested(f, what);
        collect_leaves(f, &mut leaves);
    }
    leaves.sort_by_key(|&(s, _)| s);
    let mut at = 0;
    for (s, e) in leaves {
        assert!(s <= at, "{what}: bytes {at}..{s} are in no field");
        at = at.max(e);
    }
    assert_eq!(
        at, len,
        "{what}: the fields end at {at}, the bytes at {len}"
    );
}

fn nested(f: &Field, what: &str) {
    let mut at = f.start;
    for c in &f.children {
        assert!(
            c.start >= at && c.end <= f.end && c.start <= c.end,
            "{what}: {} ({}..{}) inside {} ({}..{})",
            c.name,
            c.start,
            c.end,
            f.name,
            f.start,
            f.end
        );
        at = c.end;
        nested(c, what);
    }
}

/// A leaf, or a grafted X.509 certificate: its DER tree shows each TLV's tag and length in the
/// parent node, as Wireshark does, and is tested with the PKI (`tests/it/pki.rs`).
fn collect_leaves(f: &Field, out: &mut Vec<(usize, usize)>) {
    if f.children.is_empty() || (f.name == "Certificate" && f.rfc == "RFC 5280 §4.1") {
        out.push((f.start, f.end));
    }
    f.children.iter().for_each(|c| collect_leaves(c, out));
}

fn names(fields: &[Field]) -> Vec<String> {
    fn walk(f: &Field, out: &mut Vec<String>) {
        out.push(f.name.clone());
        f.children.iter().for_each(|c| walk(c, out));
    }
    let mut out = Vec::new();
    fields.iter().for_each(|f| walk(f, &mut out));
    out
}

// ---- messages ---------------------------------------------------------------------------

fn client_hello13(extensions: Vec<Extension>) -> ClientHello {
    ClientHello {
        client_version: ProtocolVersion::Tls12,
        random: [7; 32],
        session_id: vec![0x5e; 32],
        cipher_suites: vec![
            CipherSuite::from_wire(0x2a2a),
            CipherSuite::TLS_AES_128_GCM_SHA256,
        ],
        compression_methods: vec![Compression::Null],
        extensions_present: true,
        extensions,
    }
}

fn hello_retry_request() -> ServerHello {
    ServerHello {
        server_version: ProtocolVersion::Tls12,
        random: HELLO_RETRY_REQUEST_RANDOM,
        session_id: vec![0x5e; 32],
        cipher_suite: CipherSuite::TLS_AES_128_GCM_SHA256,
        compression_method: Compression::Null,
        extensions_present: true,
        extensions: vec![
            Extension::supported_versions_server(ProtocolVersion::Tls13),
            Extension::key_share_hrr(NamedGroup::X25519MLKEM768),
            Extension::cookie(&[0xc0; 40]),
        ],
    }
}

fn all_messages13() -> Vec<Handshake> {
    vec![
        Handshake::ClientHello(client_hello13(vec![
            Extension::server_name("server.test"),
            Extension::empty(ExtensionType::from_wire(0x0a0a)),
            Extension::supported_versions_client(&[
                ProtocolVersion::from_wire(0x3a3a),
                ProtocolVersion::Tls13,
                ProtocolVersion::Tls12,
            ]),
            Extension::supported_groups(&[NamedGroup::X25519MLKEM768, NamedGroup::x25519]),
            Extension::key_share_client(&[
                (NamedGroup::X25519MLKEM768, vec![1; 1216]),
                (NamedGroup::x25519, vec![2; 32]),
            ]),
            Extension::signature_algorithms(&[SignatureScheme::rsa_pss_rsae_sha256]),
            Extension::signature_algorithms_cert(&[SignatureScheme::rsa_pkcs1_sha256]),
            Extension::psk_key_exchange_modes(&[PskKeyExchangeMode::psk_dhe_ke]),
            Extension::cookie(&[0xc0; 40]),
            Extension::empty(ExtensionType::EarlyData),
            Extension::empty(ExtensionType::PostHandshakeAuth),
            Extension::certificate_authorities(&[vec![0x30, 0x03, 1, 2, 3]]),
            Extension {
                typ: ExtensionType::EncryptedClientHello,
                body: vec![0, 1, 2, 3],
            },
            Extension::pre_shared_key_client(
                &[PskIdentity {
                    identity: vec![0x71; 20],
                    obfuscated_ticket_age: 0x0102_0304,
                }],
                &[vec![0xb1; 32]],
            ),
        ])),
        Handshake::ClientHello(client_hello13(vec![Extension::key_share_client(&[])])),
        Handshake::ServerHello(ServerHello {
            server_version: ProtocolVersion::Tls12,
            random: [9; 32],
            session_id: vec![0x5e; 32],
            cipher_suite: CipherSuite::TLS_AES_128_GCM_SHA256,
            compression_method: Compression::Null,
            extensions_present: true,
            extensions: vec![
                Extension::key_share_server(NamedGroup::x25519, &[3; 32]),
                Extension::supported_versions_server(ProtocolVersion::Tls13),
                Extension::pre_shared_key_server(0),
            ],
        }),
        Handshake::ServerHello(hello_retry_request()),
        Handshake::EncryptedExtensions(EncryptedExtensions {
            extensions: vec![
                Extension::empty(ExtensionType::ServerName),
                Extension::supported_groups(&[NamedGroup::x25519]),
                Extension::empty(ExtensionType::EarlyData),
                Extension::alpn(&[b"h2"]),
            ],
        }),
        Handshake::EncryptedExtensions(EncryptedExtensions { extensions: vec![] }),
        Handshake::Certificate13(Certificate13 {
            certificate_request_context: vec![],
            certificate_list: vec![
                CertificateEntry {
                    cert_data: vec![0x30, 0x03, 1, 2, 3],
                    extensions: vec![Extension {
                        typ: ExtensionType::StatusRequest,
                        body: vec![1, 0, 0, 2, 0xaa, 0xbb],
                    }],
                },
                CertificateEntry {
                    cert_data: vec![0x30, 0],
                    extensions: vec![],
                },
            ],
        }),
        Handshake::Certificate13(Certificate13 {
            certificate_request_context: vec![4; 8],
            certificate_list: vec![],
        }),
        Handshake::CertificateRequest13(CertificateRequest13 {
            certificate_request_context: vec![],
            extensions: vec![
                Extension::signature_algorithms(&[SignatureScheme::rsa_pss_rsae_sha256]),
                Extension::signature_algorithms_cert(&[SignatureScheme::rsa_pkcs1_sha256]),
                Extension::certificate_authorities(&[vec![0x30, 0]]),
            ],
        }),
        Handshake::CertificateVerify(CertificateVerify {
            algorithm: SignatureScheme::rsa_pss_rsae_sha256,
            signature: vec![6; 256],
        }),
        Handshake::Finished(Finished {
            verify_data: vec![8; 32],
        }),
        Handshake::NewSessionTicket13(NewSessionTicket13 {
            ticket_lifetime: 604_800,
            ticket_age_add: 0xdead_beef,
            ticket_nonce: vec![0, 0],
            ticket: vec![0x7e; 100],
            extensions: vec![Extension::early_data_nst(16_384)],
        }),
        Handshake::NewSessionTicket13(NewSessionTicket13 {
            ticket_lifetime: 0,
            ticket_age_add: 0,
            ticket_nonce: vec![],
            ticket: vec![1],
            extensions: vec![],
        }),
        Handshake::KeyUpdate(KeyUpdate {
            request_update: KeyUpdateRequest::update_not_requested,
        }),
        Handshake::KeyUpdate(KeyUpdate {
            request_update: KeyUpdateRequest::update_requested,
        }),
        Handshake::EndOfEarlyData,
        Handshake::MessageHash(MessageHash { hash: vec![5; 32] }),
    ]
}

#[test]
fn every_tls13_message_round_trips() {
    for msg in all_messages13() {
        let bytes = msg.encode();
        let mut r = Reader::new(&bytes);
        let back =
            Handshake::read(&mut r, Some(TLS13)).unwrap_or_else(|e| panic!("{:?}: {e}", msg.typ()));
        r.expect_empty("message").unwrap();
        assert_eq!(back, msg);
        assert_eq!(back.encode(), bytes);
    }
}

#[test]
fn every_strict_prefix_of_every_tls13_message_is_rejected() {
    let mut prefixes = 0;
    for msg in all_messages13() {
        let bytes = msg.encode();
        for len in 0..bytes.len() {
            let mut r = Reader::annotating(&bytes[..len], 0);
            assert!(
                Handshake::read(&mut r, Some(TLS13)).is_err(),
                "{:?} cut to {len} bytes decoded",
                msg.typ()
            );
            prefixes += 1;
        }
    }
    assert!(prefixes > 2500, "{prefixes}");
}

#[test]
fn tls13_field_trees_cover_every_byte() {
    for msg in all_messages13() {
        let bytes = msg.encode();
        let mut r = Reader::annotating(&bytes, 0);
        Handshake::read_annotated(&mut r, Some(TLS13)).unwrap();
        let fields = r.into_fields();
        assert_eq!(fields.len(), 1);
        assert_covers(&fields, bytes.len(), &format!("{:?}", msg.typ()));
    }
}

#[test]
fn messages_parse_by_the_negotiated_version() {
    // The same bytes are a TLS 1.2 or a TLS 1.3 Certificate by the suite.
    let c12 = Handshake::Certificate(Certificate {
        certificate_list: vec![],
    })
    .encode();
    assert!(matches!(
        Handshake::read(&mut Reader::new(&c12), Some(&suites::TLS12_RSA)).unwrap(),
        Handshake::Certificate(_)
    ));
    assert!(Handshake::read(&mut Reader::new(&c12), Some(TLS13)).is_err());
    // Finished: 12 bytes in TLS 1.2, 32 in TLS 1.3 with SHA-256.
    let f32 = Handshake::Finished(Finished {
        verify_data: vec![1; 32],
    })
    .encode();
    assert!(Handshake::read(&mut Reader::new(&f32), Some(TLS13)).is_ok());
    let e = Handshake::read(&mut Reader::new(&f32), Some(&suites::TLS12_ECDHE_RSA)).unwrap_err();
    assert_eq!(e.alert, AlertDescription::DecodeError);
    assert_eq!(verify_data_len(Some(TLS13)), 32);
    assert_eq!(verify_data_len(None), 12);
    // TLS 1.3-only messages are unexpected before a TLS 1.3 suite, TLS 1.2-only ones after.
    let ee = Handshake::EncryptedExtensions(EncryptedExtensions { extensions: vec![] }).encode();
    for suite in [None, Some(&suites::TLS12_RSA)] {
        let e = Handshake::read(&mut Reader::new(&ee), suite).unwrap_err();
        assert_eq!(e.alert, AlertDescription::UnexpectedMessage);
    }
    for m in [Handshake::ServerHelloDone, Handshake::HelloRequest] {
        let e = Handshake::read(&mut Reader::new(&m.encode()), Some(TLS13)).unwrap_err();
        assert_eq!(
            e.alert,
            AlertDescription::UnexpectedMessage,
            "{:?}",
            m.typ()
        );
    }
}

#[test]
fn key_update_with_another_value_is_illegal_parameter() {
    let e = Handshake::read(&mut Reader::new(&[24, 0, 0, 1, 2]), Some(TLS13)).unwrap_err();
    assert_eq!(e.alert, AlertDescription::IllegalParameter);
}

#[test]
fn message_hash_is_type_254_with_the_hash_as_body() {
    let hash = Sha256::digest(b"ClientHello1");
    let m = message_hash(&hash);
    assert_eq!(&m[..4], &[254, 0, 0, 32]);
    assert_eq!(&m[4..], &hash[..]);
    assert_eq!(
        Handshake::MessageHash(MessageHash {
            hash: hash.to_vec()
        })
        .encode(),
        m
    );
    // A body of another length than the negotiated hash's does not decode.
    let short = message_hash(&hash[..20]);
    assert!(Handshake::read(&mut Reader::new(&short), Some(TLS13)).is_err());
}

// ---- HelloRetryRequest ------------------------------------------------------------------

#[test]
fn hello_retry_request_is_recognised_by_its_random() {
    assert_eq!(
        HELLO_RETRY_REQUEST_RANDOM,
        <[u8; 32]>::from(Sha256::digest(b"HelloRetryRequest"))
    );
    let hrr = hello_retry_request();
    assert!(hrr.is_hello_retry_request());
    let bytes = Handshake::ServerHello(hrr).encode();
    // Before a suite is known (as a client reads it), decoded in the HRR context: key_share
    // is a selected_group, not a KeyShareEntry.
    let mut r = Reader::annotating(&bytes, 0);
    let m = Handshake::read_annotated(&mut r, None).unwrap();
    let Handshake::ServerHello(sh) = m else {
        panic!("not a ServerHello")
    };
    assert!(sh.is_hello_retry_request());
    let ks = extensions::find(&sh.extensions, ExtensionType::KeyShare).unwrap();
    assert_eq!(
        extensions::key_share_hrr(&ks.body).unwrap(),
        NamedGroup::X25519MLKEM768
    );
    let fields = r.into_fields();
    assert_eq!(fields[0].value, "HelloRetryRequest");
    let n = names(&fields);
    for want in [
        "selected_group",
        "selected_version",
        "legacy_session_id_echo",
        "cookie",
    ] {
        assert!(n.iter().any(|x| x == want), "HRR lacks {want}: {n:?}");
    }
    assert_covers(&fields, bytes.len(), "HelloRetryRequest");
    // A ServerHello is not one.
    let mut sh = hello_retry_request();
    sh.random[0] ^= 1;
    assert!(!sh.is_hello_retry_request());
}

// ---- extensions in every context --------------------------------------------------------

fn extensions_in_context() -> Vec<(Extension, ExtensionContext)> {
    use ExtensionContext as C;
    vec![
        (
            Extension::supported_versions_client(&[ProtocolVersion::Tls13]),
            C::ClientHello,
        ),
        (
            Extension::supported_versions_server(ProtocolVersion::Tls13),
            C::ServerHello,
        ),
        (
            Extension::supported_versions_server(ProtocolVersion::Tls13),
            C::HelloRetryRequest,
        ),
        (
            Extension::key_share_client(&[(NamedGroup::x25519, vec![2; 32])]),
            C::ClientHello,
        ),
        (Extension::key_share_client(&[]), C::ClientHello),
        (
            Extension::key_share_server(NamedGroup::x25519, &[3; 32]),
            C::ServerHello,
        ),
        (
            Extension::key_share_hrr(NamedGroup::x25519),
            C::HelloRetryRequest,
        ),
        (
            Extension::psk_key_exchange_modes(&[
                PskKeyExchangeMode::psk_ke,
                PskKeyExchangeMode::psk_dhe_ke,
            ]),
            C::ClientHello,
        ),
        (Extension::cookie(&[1, 2, 3]), C::ClientHello),
        (Extension::cookie(&[1, 2, 3]), C::HelloRetryRequest),
        (
            Extension::signature_algorithms_cert(&[SignatureScheme::ed25519]),
            C::ClientHello,
        ),
        (
            Extension::signature_algorithms_cert(&[SignatureScheme::ed25519]),
            C::CertificateRequest,
        ),
        (Extension::empty(ExtensionType::EarlyData), C::ClientHello),
        (
            Extension::empty(ExtensionType::EarlyData),
            C::EncryptedExtensions,
        ),
        (Extension::early_data_nst(0xffff_ffff), C::NewSessionTicket),
        (
            Extension::certificate_authorities(&[vec![0x30, 0], vec![0x30, 1, 5]]),
            C::CertificateRequest,
        ),
        (
            Extension::certificate_authorities(&[vec![0x30, 0]]),
            C::ClientHello,
        ),
        (
            Extension::pre_shared_key_client(
                &[
                    PskIdentity {
                        identity: vec![1],
                        obfuscated_ticket_age: 7,
                    },
                    PskIdentity {
                        identity: vec![2; 3],
                        obfuscated_ticket_age: 8,
                    },
                ],
                &[vec![3; 32], vec![4; 48]],
            ),
            C::ClientHello,
        ),
        (Extension::pre_shared_key_server(1), C::ServerHello),
        (
            Extension::empty(ExtensionType::PostHandshakeAuth),
            C::ClientHello,
        ),
        (
            Extension {
                typ: ExtensionType::StatusRequest,
                body: vec![1, 0, 0, 1, 9],
            },
            C::Certificate,
        ),
        // A TLS 1.3 body where its grammar does not apply: raw, but named.
        (
            Extension::key_share_server(NamedGroup::x25519, &[3; 32]),
            C::EncryptedExtensions,
        ),
        (Extension::alpn(&[b"h2", b"http/1.1"]), C::ClientHello),
        (Extension::alpn(&[b"h2"]), C::EncryptedExtensions),
        (
            Extension {
                typ: ExtensionType::CompressCertificate,
                body: vec![2, 0, 2],
            },
            C::ClientHello,
        ),
    ]
}

#[test]
fn every_extension_round_trips_in_each_context() {
    for (ext, ctx) in extensions_in_context() {
        let mut w = engine::codec::Writer::new();
        ext.encode(&mut w);
        let bytes = w.into_bytes();
        let mut r = Reader::annotating(&bytes, 0);
        r.begin("Extension", "");
        let back =
            Extension::read(&mut r, ctx).unwrap_or_else(|e| panic!("{} {ctx:?}: {e}", ext.typ));
        r.end();
        r.expect_empty("extension").unwrap();
        assert_eq!(back, ext);
        assert_covers(
            &r.into_fields(),
            bytes.len(),
            &format!("{} {ctx:?}", ext.typ),
        );
        for len in 0..bytes.len() {
            let mut r = Reader::annotating(&bytes[..len], 0);
            assert!(
                Extension::read(&mut r, ctx).is_err(),
                "{} in {ctx:?} cut to {len} bytes decoded",
                ext.typ
            );
        }
    }
}

/// The typed readers the state machines use give back what the constructors put in, and
/// refuse every strict prefix of the body.
#[test]
fn typed_readers_invert_the_constructors() {
    fn no_prefix<T: std::fmt::Debug>(
        body: &[u8],
        read: impl Fn(&[u8]) -> Result<T, engine::TlsError>,
    ) {
        for len in 0..body.len() {
            assert!(read(&body[..len]).is_err(), "{len} of {body:02x?}");
        }
    }
    let v = [ProtocolVersion::Tls13, ProtocolVersion::Tls12];
    let e = Extension::supported_versions_client(&v);
    assert_eq!(extensions::supported_versions_client(&e.body).unwrap(), v);
    no_prefix(&e.body, extensions::supported_versions_client);

    let e = Extension::supported_versions_server(ProtocolVersion::Tls13);
    assert_eq!(
        extensions::supported_versions_server(&e.body).unwrap(),
        ProtocolVersion::Tls13
    );
    no_prefix(&e.body, extensions::supported_versions_server);

    let shares = [
        (NamedGroup::X25519MLKEM768, vec![1; 1216]),
        (NamedGroup::x25519, vec![2; 32]),
    ];
    let e = Extension::key_share_client(&shares);
    let back = extensions::key_share_client(&e.body).unwrap();
    assert_eq!(
        back,
        shares
            .iter()
            .map(|(group, key_exchange)| KeyShareEntry {
                group: *group,
                key_exchange: key_exchange.clone()
            })
            .collect::<Vec<_>>()
    );
    no_prefix(&e.body, extensions::key_share_client);

    let e = Extension::key_share_server(NamedGroup::x25519, &[3; 32]);
    let back = extensions::key_share_server(&e.body).unwrap();
    assert_eq!(
        (back.group, back.key_exchange),
        (NamedGroup::x25519, vec![3; 32])
    );
    no_prefix(&e.body, extensions::key_share_server);

    let e = Extension::key_share_hrr(NamedGroup::secp256r1);
    assert_eq!(
        extensions::key_share_hrr(&e.body).unwrap(),
        NamedGroup::secp256r1
    );
    no_prefix(&e.body, extensions::key_share_hrr);

    let modes = [PskKeyExchangeMode::psk_dhe_ke];
    let e = Extension::psk_key_exchange_modes(&modes);
    assert_eq!(extensions::psk_key_exchange_modes(&e.body).unwrap(), modes);
    no_prefix(&e.body, extensions::psk_key_exchange_modes);

    let e = Extension::cookie(&[9; 300]);
    assert_eq!(extensions::cookie(&e.body).unwrap(), vec![9; 300]);
    no_prefix(&e.body, extensions::cookie);

    let e = Extension::signature_algorithms_cert(&[SignatureScheme::rsa_pkcs1_sha256]);
    assert_eq!(e.typ, ExtensionType::SignatureAlgorithmsCert);
    assert_eq!(
        extensions::signature_algorithms_cert(&e.body).unwrap(),
        [SignatureScheme::rsa_pkcs1_sha256]
    );

    let e = Extension::early_data_nst(1234);
    assert_eq!(extensions::early_data_nst(&e.body).unwrap(), 1234);
    no_prefix(&e.body, extensions::early_data_nst);

    let e = Extension::alpn(&[b"h2", b"http/1.1"]);
    assert_eq!(
        extensions::alpn(&e.body).unwrap(),
        [b"h2".to_vec(), b"http/1.1".to_vec()]
    );
    no_prefix(&e.body, extensions::alpn);

    let e = Extension::pre_shared_key_server(3);
    assert_eq!(extensions::pre_shared_key_server(&e.body).unwrap(), 3);
}

#[test]
fn malformed_extension_bodies_get_the_rfc_alert() {
    use AlertDescription::{DecodeError, IllegalParameter};
    type Read = fn(&[u8]) -> Result<(), engine::TlsError>;
    let cases: [(&[u8], Read, AlertDescription); 8] = [
        // versions<2..254>: empty, odd.
        (
            &[0],
            |b| extensions::supported_versions_client(b).map(drop),
            DecodeError,
        ),
        (
            &[3, 3, 4, 3],
            |b| extensions::supported_versions_client(b).map(drop),
            DecodeError,
        ),
        // key_exchange<1..2^16-1> empty.
        (
            &[0, 4, 0, 0x1d, 0, 0],
            |b| extensions::key_share_client(b).map(drop),
            DecodeError,
        ),
        // The same group twice in client_shares (RFC 8446 §4.2.8).
        (
            &[0, 10, 0, 0x1d, 0, 1, 7, 0, 0x1d, 0, 1, 8],
            |b| extensions::key_share_client(b).map(drop),
            IllegalParameter,
        ),
        // ke_modes<1..255> empty; cookie<1..2^16-1> empty.
        (
            &[0],
            |b| extensions::psk_key_exchange_modes(b).map(drop),
            DecodeError,
        ),
        (&[0, 0], |b| extensions::cookie(b).map(drop), DecodeError),
        // Trailing bytes after a selected_group.
        (
            &[0, 0x1d, 0],
            |b| extensions::key_share_hrr(b).map(drop),
            DecodeError,
        ),
        // binders<33..2^16-1> too short for one binder.
        (
            &[0, 7, 0, 1, 1, 0, 0, 0, 0, 0, 2, 1, 0],
            |b| extensions::pre_shared_key_client(b).map(drop),
            DecodeError,
        ),
    ];
    for (i, (body, read, alert)) in cases.iter().enumerate() {
        assert_eq!(read(body).unwrap_err().alert, *alert, "case {i}");
    }
}

#[test]
fn duplicate_extensions_are_illegal_parameter() {
    let ch = Handshake::ClientHello(client_hello13(vec![
        Extension::supported_versions_client(&[ProtocolVersion::Tls13]),
        Extension::supported_versions_client(&[ProtocolVersion::Tls13]),
    ]));
    let e = Handshake::read(&mut Reader::new(&ch.encode()), None).unwrap_err();
    assert_eq!(e.alert, AlertDescription::IllegalParameter);
    let ee = Handshake::EncryptedExtensions(EncryptedExtensions {
        extensions: vec![
            Extension::empty(ExtensionType::EarlyData),
            Extension::empty(ExtensionType::EarlyData),
        ],
    });
    let e = Handshake::read(&mut Reader::new(&ee.encode()), Some(TLS13)).unwrap_err();
    assert_eq!(e.alert, AlertDescription::IllegalParameter);
    // Duplicate groups inside one key_share, in a whole ClientHello.
    let ch = Handshake::ClientHello(client_hello13(vec![Extension::key_share_client(&[
        (NamedGroup::x25519, vec![1; 32]),
        (NamedGroup::x25519, vec![2; 32]),
    ])]));
    let e = Handshake::read(&mut Reader::new(&ch.encode()), None).unwrap_err();
    assert_eq!(e.alert, AlertDescription::IllegalParameter);
    // pre_shared_key must be the last extension of a ClientHello (RFC 8446 §4.2.11).
    let ch = Handshake::ClientHello(client_hello13(vec![
        Extension::pre_shared_key_client(
            &[PskIdentity {
                identity: vec![1],
                obfuscated_ticket_age: 0,
            }],
            &[vec![0; 32]],
        ),
        Extension::empty(ExtensionType::EarlyData),
    ]));
    let e = Handshake::read(&mut Reader::new(&ch.encode()), None).unwrap_err();
    assert_eq!(e.alert, AlertDescription::IllegalParameter);
}

#[test]
fn grease_values_are_named() {
    for v in [0x0a0a, 0x1a1a, 0x2a2a, 0xfafa] {
        assert!(is_grease(v), "{v:#06x}");
    }
    for v in [0x0a1a, 0x1301, 0x001d, 0x0b0b, 0xaaaa + 1] {
        assert!(!is_grease(v), "{v:#06x}");
    }
    assert_eq!(
        describe_u16(0x1a1a, CipherSuite::from_wire(0x1a1a)),
        "GREASE (0x1a1a)"
    );
    assert_eq!(describe_u16(0x001d, NamedGroup::x25519), "x25519 (0x001d)");
    // A GREASE suite in a ClientHello is described as one.
    let bytes = Handshake::ClientHello(client_hello13(vec![])).encode();
    let mut r = Reader::annotating(&bytes, 0);
    Handshake::read_annotated(&mut r, None).unwrap();
    let fields = r.into_fields();
    fn values(f: &Field, out: &mut Vec<String>) {
        out.push(f.value.clone());
        f.children.iter().for_each(|c| values(c, out));
    }
    let mut v = Vec::new();
    values(&fields[0], &mut v);
    assert!(v.iter().any(|x| x == "GREASE (0x2a2a)"), "{v:?}");
}

// ---- RFC 8448 §3 ------------------------------------------------------------------------

#[test]
fn rfc8448_messages_decode_and_re_encode_byte_for_byte() {
    let v = rfc8448();
    let m = &v["messages"];
    let mut seen = Vec::new();
    for name in [
        "client_hello",
        "server_hello",
        "encrypted_extensions",
        "certificate",
        "certificate_verify",
        "server_finished",
        "client_finished",
        "new_session_ticket",
    ] {
        let bytes = hex_of(m, name);
        let mut r = Reader::new(&bytes);
        let msg = Handshake::read(&mut r, Some(TLS13)).unwrap_or_else(|e| panic!("{name}: {e}"));
        r.expect_empty(name).unwrap();
        assert_eq!(msg.encode(), bytes, "{name}");
        let mut r = Reader::annotating(&bytes, 0);
        Handshake::read_annotated(&mut r, Some(TLS13)).unwrap();
        let fields = r.into_fields();
        assert_eq!(fields.len(), 1, "{name}");
        assert_covers(&fields, bytes.len(), name);
        seen.push(msg);
    }
    // The values the key schedule starts from are where the RFC says.
    let Handshake::ClientHello(ch) = &seen[0] else {
        panic!("client_hello")
    };
    assert_eq!(ch.random.to_vec(), hex_of(&v, "client_random"));
    let ks = extensions::find(&ch.extensions, ExtensionType::KeyShare).unwrap();
    let shares = extensions::key_share_client(&ks.body).unwrap();
    assert_eq!(shares.len(), 1);
    assert_eq!(shares[0].group, NamedGroup::x25519);
    assert_eq!(shares[0].key_exchange, hex_of(&v, "client_x25519_public"));
    let sv = extensions::find(&ch.extensions, ExtensionType::SupportedVersions).unwrap();
    assert_eq!(
        extensions::supported_versions_client(&sv.body).unwrap(),
        [ProtocolVersion::Tls13]
    );
    let Handshake::ServerHello(sh) = &seen[1] else {
        panic!("server_hello")
    };
    assert!(!sh.is_hello_retry_request());
    assert_eq!(sh.random.to_vec(), hex_of(&v, "server_random"));
    let ks = extensions::find(&sh.extensions, ExtensionType::KeyShare).unwrap();
    let share = extensions::key_share_server(&ks.body).unwrap();
    assert_eq!(share.key_exchange, hex_of(&v, "server_x25519_public"));
    let sv = extensions::find(&sh.extensions, ExtensionType::SupportedVersions).unwrap();
    assert_eq!(
        extensions::supported_versions_server(&sv.body).unwrap(),
        ProtocolVersion::Tls13
    );
    assert!(matches!(&seen[2], Handshake::EncryptedExtensions(_)));
    let Handshake::Certificate13(c) = &seen[3] else {
        panic!("certificate")
    };
    assert_eq!(c.certificate_list.len(), 1);
    assert!(c.certificate_request_context.is_empty());
    let Handshake::CertificateVerify(cv) = &seen[4] else {
        panic!("certificate_verify")
    };
    assert_eq!(cv.algorithm, SignatureScheme::rsa_pss_rsae_sha256);
    assert_eq!(cv.signature.len(), 128);
    for (i, key) in [
        (5, "server_finished_verify_data"),
        (6, "client_finished_verify_data"),
    ] {
        let Handshake::Finished(f) = &seen[i] else {
            panic!("{key}")
        };
        assert_eq!(f.verify_data, hex_of(&v, key));
    }
    let Handshake::NewSessionTicket13(t) = &seen[7] else {
        panic!("new_session_ticket")
    };
    assert_eq!(t.ticket_lifetime, 30);
    let ed = extensions::find(&t.extensions, ExtensionType::EarlyData).unwrap();
    assert_eq!(extensions::early_data_nst(&ed.body).unwrap(), 1024);
}

#[test]
fn rfc8448_server_hello_fields_have_their_tls13_names() {
    let bytes = hex_of(&rfc8448()["messages"], "server_hello");
    let mut r = Reader::annotating(&bytes, 0);
    Handshake::read_annotated(&mut r, Some(TLS13)).unwrap();
    let n = names(&r.into_fields());
    for want in [
        "legacy_version",
        "legacy_session_id_echo",
        "legacy_compression_method",
        "KeyShareEntry",
        "key_exchange",
        "selected_version",
    ] {
        assert!(
            n.iter().any(|x| x == want),
            "ServerHello lacks {want}: {n:?}"
        );
    }
}

/// The RFC 8448 records on the wire, and the server's encrypted flight opened with the RFC's
/// server_handshake key: TLSCiphertext outside, TLSInnerPlaintext with four handshake
/// messages inside, each tree covering its bytes.
#[test]
fn rfc8448_records_dissect_outside_and_inside() {
    let v = rfc8448();
    let records = &v["records"];
    let ch = hex_of(&records["client_hello"], "hex");
    assert_covers(
        &dissect::record_fields(&ch, false, None),
        ch.len(),
        "ClientHello record",
    );
    let sh = hex_of(&records["server_hello"], "hex");
    assert_eq!(dissect::chosen_suite(&sh), Some(TLS13));
    assert_covers(
        &dissect::record_fields(&sh, false, Some(TLS13)),
        sh.len(),
        "ServerHello record",
    );

    let flight = hex_of(&records["server_encrypted_flight"], "hex");
    let fields = dissect::record_fields(&flight, true, Some(TLS13));
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].name, "TLSCiphertext");
    assert_covers(&fields, flight.len(), "server flight record");
    let n = names(&fields);
    for want in [
        "opaque_type",
        "legacy_record_version",
        "length",
        "encrypted_record",
        "authentication tag",
    ] {
        assert!(
            n.iter().any(|x| x == want),
            "TLSCiphertext lacks {want}: {n:?}"
        );
    }

    // Open it (RFC 8446 §5.2, §5.3: nonce = iv XOR sequence number 0; AAD = the header).
    let key = hex_of(&v, "server_handshake_key");
    let iv: [u8; 12] = hex_of(&v, "server_handshake_iv").try_into().unwrap();
    let (aad, body) = flight.split_at(5);
    let (ciphertext, tag) = body.split_at(body.len() - 16);
    let mut inner = ciphertext.to_vec();
    Aes128Gcm::new_from_slice(&key)
        .unwrap()
        .decrypt_inout_detached(
            &Nonce::from(iv),
            aad,
            inner.as_mut_slice().into(),
            &Tag::try_from(tag).unwrap(),
        )
        .expect("the RFC 8448 server flight opens");
    let m = &v["messages"];
    let content = [
        hex_of(m, "encrypted_extensions"),
        hex_of(m, "certificate"),
        hex_of(m, "certificate_verify"),
        hex_of(m, "server_finished"),
    ]
    .concat();
    assert_eq!(inner, [&content[..], &[22]].concat());
    let fields = dissect::inner_plaintext_fields(&inner, Some(TLS13));
    assert_covers(&fields, inner.len(), "server flight inside");
    let top = &fields[0];
    assert_eq!(top.name, "TLSInnerPlaintext");
    let content_field = &top.children[0];
    assert_eq!(content_field.name, "content");
    let messages: Vec<&str> = content_field
        .children
        .iter()
        .map(|f| f.value.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "EncryptedExtensions",
            "Certificate",
            "CertificateVerify",
            "Finished"
        ]
    );
    assert_eq!(top.children[1].name, "type");
}

#[test]
fn inner_plaintext_shows_type_and_padding() {
    let alert = [2u8, 40];
    let inner = [&alert[..], &[21], &[0; 5]].concat();
    let fields = dissect::inner_plaintext_fields(&inner, Some(TLS13));
    assert_covers(&fields, inner.len(), "padded alert");
    let kids: Vec<&str> = fields[0].children.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(kids, ["content", "type", "zeros"]);
    assert_eq!(fields[0].children[1].value, "alert (0x15)");
    // All zeros: no type. Empty: nothing. Neither panics.
    assert_covers(
        &dissect::inner_plaintext_fields(&[0; 4], Some(TLS13)),
        4,
        "zeros",
    );
    assert!(
        dissect::inner_plaintext_fields(&[], Some(TLS13))[0]
            .children
            .is_empty()
    );
    // The TLS 1.3 ChangeCipherSpec dummy dissects as a plain record.
    let ccs = [20, 3, 3, 0, 1, 1];
    let f = dissect::record_fields(&ccs, true, Some(TLS13));
    assert_eq!(f[0].name, "TLSPlaintext");
    assert_covers(&f, ccs.len(), "ChangeCipherSpec");
}

// ---- robustness -------------------------------------------------------------------------

/// Random bodies under every handshake type, and random byte flips of every valid TLS 1.3
/// message, never panic (annotating or not), with or without a TLS 1.3 suite.
#[test]
fn random_bytes_never_panic() {
    let mut rng = XorShift(0x13_13_13);
    let valid: Vec<Vec<u8>> = all_messages13().iter().map(Handshake::encode).collect();
    let types = [0u8, 1, 2, 4, 5, 8, 11, 12, 13, 14, 15, 16, 20, 24, 254, 255];
    for i in 0..40_000 {
        let bytes = if i % 2 == 0 {
            let len = rng.below(300);
            let mut b: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            // A plausible header, so the body is reached.
            let t = types[rng.below(types.len())];
            let n = len.saturating_sub(4);
            let mut head = vec![t, 0, (n >> 8) as u8, n as u8];
            head.truncate(len.min(4));
            b.splice(..head.len(), head);
            b
        } else {
            let mut b = valid[rng.below(valid.len())].clone();
            for _ in 0..=rng.below(4) {
                let at = rng.below(b.len());
                b[at] = rng.next() as u8;
            }
            b
        };
        let suite = if i % 3 == 0 { None } else { Some(TLS13) };
        let _ = Handshake::read(&mut Reader::new(&bytes), suite);
        let mut r = Reader::annotating(&bytes, 0);
        let _ = Handshake::read_annotated(&mut r, suite);
        let _ = r.into_fields();
        let _ = dissect::inner_plaintext_fields(&bytes, suite);
        let _ = dissect::record_fields(&bytes, i % 5 == 0, suite);
    }
}

/// The inspector shows a hybrid key share as its two halves (draft-ietf-tls-ecdhe-mlkem §3):
/// the browser's ML-KEM-768 encapsulation key and X25519 key, the server's ML-KEM-768
/// ciphertext and X25519 key, each field covering exactly its bytes.
#[test]
fn hybrid_key_shares_show_their_two_halves() {
    let t = engine::simulate(&engine::Scenario {
        protocol: engine::Protocol::Tls13,
        group: engine::scenario::Group::X25519MlKem768,
        ..engine::Scenario::default()
    });
    fn find<'a>(fields: &'a [Field], name: &str) -> Vec<&'a Field> {
        let mut out = Vec::new();
        for f in fields {
            if f.name == name {
                out.push(f);
            }
            out.extend(find(&f.children, name));
        }
        out
    }
    for (record, mlkem, len) in [
        (0, "ML-KEM-768 encapsulation key", 1184),
        (1, "ML-KEM-768 ciphertext", 1088),
    ] {
        let fields = &t.records[record].fields;
        let halves = find(fields, mlkem);
        assert_eq!(halves.len(), 1, "record {}: {mlkem}", record + 1);
        assert_eq!(halves[0].end - halves[0].start, len);
        // The X25519 key follows it; the browser's other share (plain X25519) stays `data`.
        let x25519: Vec<_> = find(fields, "X25519 public key");
        assert_eq!(x25519.len(), 1);
        assert_eq!(
            (x25519[0].start, x25519[0].end - x25519[0].start),
            (halves[0].end, 32)
        );
    }
}
