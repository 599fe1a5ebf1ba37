//! From the given secret to record keys, then each protected record opened in turn.

use hmac::EagerHash;
use rsa::pkcs1v15::Pkcs1v15Encrypt;
use sha2::{Digest, Sha256, Sha384};

use crate::codec::Reader;
use crate::crypto::hkdf;
use crate::crypto::prf::{self, KeyBlock};
#[cfg(feature = "recorded")]
use crate::crypto::record_protection::TAG_LEN;
use crate::crypto::secrets::Secret;
use crate::msgs::enums::{ContentType, HandshakeType, NamedGroup, ProtocolVersion};
use crate::msgs::handshake::message_hash;
use crate::msgs::suites::{Aead, HashAlgorithm, KeyExchange, Suite};
use crate::pki::leaf_public_key;
use crate::tls13::key_schedule::{IV_LEN, Label as HkdfLabel};

#[cfg(feature = "recorded")]
use super::Sealing;
use super::cipher::Opener;
use super::hello::take_message;
use super::quantum::Quantum;
use super::{
    Content, Decryption, Given, Label, Outcome, Recording, Step, forward_secret_why,
    post_quantum_why, side, suite_of,
};

/// The traffic secrets a TLS 1.3 key log gives, each with the write key and IV derived from
/// it (RFC 8446 §7.3), in the order they come into use: handshake, then application.
const TRAFFIC: [(Label, Secret, Secret); 4] = [
    (
        Label::ClientHandshakeTrafficSecret,
        Secret::ClientHandshakeKey,
        Secret::ClientHandshakeIv,
    ),
    (
        Label::ServerHandshakeTrafficSecret,
        Secret::ServerHandshakeKey,
        Secret::ServerHandshakeIv,
    ),
    (
        Label::ClientTrafficSecret0,
        Secret::ClientApplicationKey,
        Secret::ClientApplicationIv,
    ),
    (
        Label::ServerTrafficSecret0,
        Secret::ServerApplicationKey,
        Secret::ServerApplicationIv,
    ),
];

/// A TLS 1.3 traffic secret and the write key and IV derived from it (RFC 8446 §7.3).
struct TrafficSecret {
    secret: Vec<u8>,
    key: Vec<u8>,
    iv: Vec<u8>,
}

impl TrafficSecret {
    fn derive<H: EagerHash>(aead: Aead, secret: Vec<u8>) -> Result<TrafficSecret, Outcome> {
        let expand = |what: HkdfLabel, len: usize| {
            hkdf::expand_label_with::<H>(&secret, what.as_str(), &[], len)
                .map_err(|e| Outcome::Failed(e.reason))
        };
        Ok(TrafficSecret {
            key: expand(HkdfLabel::Key, aead.key_len())?,
            iv: expand(HkdfLabel::Iv, IV_LEN)?,
            secret,
        })
    }
}

pub(super) fn run(
    recording: &Recording,
    given: Given<'_>,
    d: &mut Decryption,
) -> Result<(), Outcome> {
    let Some(client_random) = d.hello.client_random else {
        return Err(Outcome::Failed(
            "the recording has no ClientHello: it does not start at the connection's start".into(),
        ));
    };
    let (suite, version) = suite_of(&d.hello)?;
    // The one run-time choice of hash; everything below is generic over it.
    match suite.hash {
        HashAlgorithm::Sha256 => {
            run_with::<Sha256>(recording, given, suite, version, &client_random, d)
        }
        HashAlgorithm::Sha384 => {
            run_with::<Sha384>(recording, given, suite, version, &client_random, d)
        }
    }
}

fn run_with<H: EagerHash + Digest>(
    recording: &Recording,
    given: Given<'_>,
    suite: &'static Suite,
    version: ProtocolVersion,
    client_random: &[u8; 32],
    d: &mut Decryption,
) -> Result<(), Outcome> {
    match (version, given) {
        (ProtocolVersion::Tls13, Given::ServerKey(_)) => {
            Err(Outcome::Sealed(forward_secret_why(version)))
        }
        (ProtocolVersion::Tls13, Given::KeyLog(log)) => {
            let mut keys = Vec::with_capacity(TRAFFIC.len());
            for which in TRAFFIC {
                let label = which.0;
                let secret = log.get(client_random, label).ok_or_else(|| {
                    Outcome::Failed(format!(
                        "the key log has no {} line for this connection's client random",
                        label.as_str()
                    ))
                })?;
                if secret.len() != suite.hash.output_len() {
                    return Err(Outcome::Failed(format!(
                        "the key log's {} is {} bytes, not a {} secret ({} bytes)",
                        label.as_str(),
                        secret.len(),
                        suite.hash.name(),
                        suite.hash.output_len()
                    )));
                }
                let formula = format!("from the key log's {} line", label.as_str());
                keys.push(traffic::<H>(d, suite, which, formula, secret.to_vec())?);
            }
            let [ch, sh, ca, sa]: [TrafficSecret; 4] = keys
                .try_into()
                .map_err(|_| Outcome::Failed("four traffic secrets expected".into()))?;
            open_tls13::<H>(recording, suite, [ch, sh], [ca, sa], d)
        }
        (ProtocolVersion::Tls13, Given::Quantum(q)) => tls13_quantum::<H>(recording, q, suite, d),
        (_, Given::KeyLog(log)) => {
            let master = log.get(client_random, Label::ClientRandom).ok_or_else(|| {
                Outcome::Failed(
                    "the key log has no CLIENT_RANDOM line for this connection's client random"
                        .into(),
                )
            })?;
            // KeyLog::parse took only 48-byte CLIENT_RANDOM secrets (RFC 5246 §8.1).
            d.steps.push(Step {
                secret: Secret::MasterSecret,
                formula: "from the key log's CLIENT_RANDOM line".into(),
                value: master.to_vec(),
            });
            open_tls12::<H>(recording, suite, master, d)
        }
        (_, Given::ServerKey(key)) => match suite.kx {
            Some(KeyExchange::Rsa) => {
                let pre_master = rsa_pre_master_secret(key, "server private key", d)?;
                let master = master_secret::<H>(&pre_master, suite, d)?;
                open_tls12::<H>(recording, suite, &master, d)
            }
            _ => Err(Outcome::Sealed(forward_secret_why(version))),
        },
        (_, Given::Quantum(q)) => {
            let pre_master = match (suite.kx, &q.server_key) {
                (Some(KeyExchange::Rsa), Some(key)) => rsa_pre_master_secret(
                    key,
                    "server private key, factored from the certificate's modulus",
                    d,
                )?,
                (Some(KeyExchange::Ecdhe), _) => ecdhe_pre_master_secret(q, d)?,
                _ => {
                    return Err(Outcome::Failed(
                        "the connection's key exchange needs a key the quantum computer was not given"
                            .into(),
                    ));
                }
            };
            let master = master_secret::<H>(&pre_master, suite, d)?;
            open_tls12::<H>(recording, suite, &master, d)
        }
    }
}

/// One of [`TRAFFIC`]'s secrets, its write key and IV, each shown as a step.
fn traffic<H: EagerHash>(
    d: &mut Decryption,
    suite: &Suite,
    (label, key_name, iv_name): (Label, Secret, Secret),
    formula: String,
    secret: Vec<u8>,
) -> Result<TrafficSecret, Outcome> {
    d.steps.push(Step {
        secret: label.secret(),
        formula,
        value: secret.clone(),
    });
    let keys = TrafficSecret::derive::<H>(suite.aead, secret)?;
    for (name, what, value) in [(key_name, "key", &keys.key), (iv_name, "iv", &keys.iv)] {
        d.steps.push(Step {
            secret: name,
            formula: format!(
                "HKDF-Expand-Label({}, \"{what}\", \"\", {})",
                label.secret().name(),
                value.len()
            ),
            value: value.clone(),
        });
    }
    Ok(keys)
}

/// The private key a quantum computer would find for one of two X25519 public keys, shown as
/// a step: the key pair, and the other side's public key.
fn broken<'a>(
    q: &Quantum,
    d: &mut Decryption,
    [
        (first, first_public, first_name),
        (second, second_public, second_name),
    ]: [(&str, &'a [u8], Secret); 2],
) -> Result<(crate::crypto::key_exchange::EcdhKeyPair, &'a [u8]), Outcome> {
    let (pair, peer, name, public_in) = if let Some(pair) = q.x25519_private(first_public) {
        (pair, second_public, first_name, first)
    } else if let Some(pair) = q.x25519_private(second_public) {
        (pair, first_public, second_name, second)
    } else {
        return Err(Outcome::Failed(
            "none of the given private keys belongs to this connection's X25519 public keys".into(),
        ));
    };
    d.steps.push(Step {
        secret: name,
        formula: format!(
            "the discrete logarithm of the X25519 public key in {public_in}: Shor's algorithm on a quantum computer (here the simulation hands it over)"
        ),
        value: pair.private_bytes().to_vec(),
    });
    Ok((pair, peer))
}

/// TLS 1.2 ECDHE undone: a private key behind ClientKeyExchange's or ServerKeyExchange's
/// point, then the shared secret Z, which is the pre-master secret (RFC 8422 §5.10).
fn ecdhe_pre_master_secret(q: &Quantum, d: &mut Decryption) -> Result<Vec<u8>, Outcome> {
    // `opaque point <1..2^8-1>` (RFC 8422 §5.7).
    let client = d
        .hello
        .client_key_exchange
        .as_deref()
        .and_then(|body| Reader::new(body).opaque("point", 1, "").ok())
        .map(<[u8]>::to_vec);
    let (Some(client), Some(server)) = (client, d.hello.server_point.clone()) else {
        return Err(Outcome::Failed(
            "the recording lacks ServerKeyExchange's or ClientKeyExchange's public point".into(),
        ));
    };
    let (pair, peer) = broken(
        q,
        d,
        [
            ("ClientKeyExchange", &client, Secret::ClientEcdhPrivate),
            ("ServerKeyExchange", &server, Secret::ServerEcdhPrivate),
        ],
    )?;
    let z = pair.agree(peer).map_err(|e| Outcome::Failed(e.reason))?;
    d.steps.push(Step {
        secret: Secret::PreMasterSecret,
        formula: "X25519(that private key, the other side's public point): the shared secret Z"
            .into(),
        value: z.to_vec(),
    });
    Ok(z.to_vec())
}

/// TLS 1.3 undone by a quantum computer: an X25519 private key behind a key share, the shared
/// secret, then the key schedule (RFC 8446 §7.1) as each side ran it. The application
/// secrets need the transcript through the server's Finished, read from its opened flight.
/// For X25519MLKEM768 the X25519 half falls and the ML-KEM half does not.
fn tls13_quantum<H: EagerHash + Digest>(
    recording: &Recording,
    q: &Quantum,
    suite: &Suite,
    d: &mut Decryption,
) -> Result<(), Outcome> {
    let hello = d.hello.clone();
    let Some((group, server_share)) = &hello.server_share else {
        return Err(Outcome::Failed("the ServerHello has no key_share".into()));
    };
    let Some((_, client_share)) = hello.client_shares.iter().find(|(g, _)| g == group) else {
        return Err(Outcome::Failed(format!(
            "the ServerHello's key share is for {group}, of which the last ClientHello has no share"
        )));
    };
    // The hybrid's shares end with their X25519 halves (draft-ietf-tls-ecdhe-mlkem §4.1).
    let x25519_half = |share: &[u8]| {
        share
            .get(share.len().saturating_sub(32)..)
            .unwrap_or(&[])
            .to_vec()
    };
    let hybrid = *group == NamedGroup::X25519MLKEM768;
    if !hybrid && *group != NamedGroup::x25519 {
        return Err(Outcome::Failed(format!(
            "the connection's key exchange is {group}: this decrypter knows X25519 and X25519MLKEM768"
        )));
    }
    let (client_x, server_x) = (x25519_half(client_share), x25519_half(server_share));
    let client_name = if hello.retry_group.is_some() {
        Secret::RetryClientKeySharePrivate
    } else {
        Secret::ClientKeySharePrivate
    };
    let (pair, peer) = broken(
        q,
        d,
        [
            ("the ClientHello's key_share", &client_x, client_name),
            (
                "the ServerHello's key_share",
                &server_x,
                Secret::ServerKeySharePrivate,
            ),
        ],
    )?;
    let shared = pair.agree(peer).map_err(|e| Outcome::Failed(e.reason))?;
    if hybrid {
        d.steps.push(Step {
            secret: Secret::X25519SharedSecret,
            formula: "X25519(that private key, the other X25519 half): the hybrid's classical half"
                .into(),
            value: shared.to_vec(),
        });
        return Err(Outcome::Sealed(post_quantum_why()));
    }
    d.steps.push(Step {
        secret: Secret::SharedSecret,
        formula: "X25519(that private key, the other side's public key): the (EC)DHE input".into(),
        value: shared.to_vec(),
    });
    let len = suite.hash.output_len();
    let zeros = vec![0; len];
    let derive = |secret: &[u8], label: HkdfLabel, hash: &[u8]| {
        hkdf::expand_label_with::<H>(secret, label.as_str(), hash, len)
            .map_err(|e| Outcome::Failed(e.reason))
    };
    let empty = H::digest([]);
    let early = hkdf::extract_with::<H>(&zeros, &zeros);
    let handshake_secret =
        hkdf::extract_with::<H>(&derive(&early, HkdfLabel::Derived, &empty)?, &shared);
    d.steps.push(Step {
        secret: Secret::HandshakeSecret,
        formula: "HKDF-Extract(Derive-Secret(early_secret, \"derived\", \"\"), shared_secret)"
            .into(),
        value: handshake_secret.clone(),
    });
    let mut transcript = hello_transcript::<H>(&hello);
    let hello_hash = H::digest(&transcript);
    let [c_hs, s_hs, c_ap, s_ap] = TRAFFIC;
    let client_hs = traffic::<H>(
        d,
        suite,
        c_hs,
        "Derive-Secret(handshake_secret, \"c hs traffic\", ClientHello…ServerHello)".into(),
        derive(
            &handshake_secret,
            HkdfLabel::ClientHandshakeTraffic,
            &hello_hash,
        )?,
    )?;
    let server_hs = traffic::<H>(
        d,
        suite,
        s_hs,
        "Derive-Secret(handshake_secret, \"s hs traffic\", ClientHello…ServerHello)".into(),
        derive(
            &handshake_secret,
            HkdfLabel::ServerHandshakeTraffic,
            &hello_hash,
        )?,
    )?;
    server_flight(recording, suite, &server_hs, &mut transcript)?;
    let handshake_hash = H::digest(&transcript);
    let master = hkdf::extract_with::<H>(
        &derive(&handshake_secret, HkdfLabel::Derived, &empty)?,
        &zeros,
    );
    d.steps.push(Step {
        secret: Secret::MasterSecret,
        formula: "HKDF-Extract(Derive-Secret(handshake_secret, \"derived\", \"\"), 0)".into(),
        value: master.clone(),
    });
    let client_ap = traffic::<H>(
        d,
        suite,
        c_ap,
        "Derive-Secret(master_secret, \"c ap traffic\", ClientHello…server Finished)".into(),
        derive(
            &master,
            HkdfLabel::ClientApplicationTraffic,
            &handshake_hash,
        )?,
    )?;
    let server_ap = traffic::<H>(
        d,
        suite,
        s_ap,
        "Derive-Secret(master_secret, \"s ap traffic\", ClientHello…server Finished)".into(),
        derive(
            &master,
            HkdfLabel::ServerApplicationTraffic,
            &handshake_hash,
        )?,
    )?;
    open_tls13::<H>(
        recording,
        suite,
        [client_hs, server_hs],
        [client_ap, server_ap],
        d,
    )
}

/// TLS 1.3's transcript up to ServerHello: after a HelloRetryRequest, the first ClientHello
/// is replaced by `message_hash` (RFC 8446 §4.4.1).
fn hello_transcript<H: Digest>(hello: &super::Hello) -> Vec<u8> {
    match (&hello.retry_group, hello.hellos.split_first()) {
        (Some(_), Some((first, rest))) => [message_hash(&H::digest(first)), rest.concat()].concat(),
        _ => hello.hellos.concat(),
    }
}

/// The server's encrypted flight opened with its handshake keys, its messages appended to
/// `transcript` through its Finished.
fn server_flight(
    recording: &Recording,
    suite: &Suite,
    keys: &TrafficSecret,
    transcript: &mut Vec<u8>,
) -> Result<(), Outcome> {
    let mut opener =
        Opener::tls13(suite.aead, &keys.key, &keys.iv).map_err(|e| Outcome::Failed(e.reason))?;
    let mut pending = Vec::new();
    let server_records = recording.records.iter().enumerate().filter(|(_, r)| {
        r.from == crate::transcript::Party::Server
            && ContentType::from_wire(r.content_type) == ContentType::ApplicationData
    });
    for (i, r) in server_records {
        let (typ, plaintext) = opener
            .open(ContentType::ApplicationData, &r.fragment)
            .map_err(|_| not_opened(i, r.from))?;
        if typ != ContentType::Handshake {
            continue;
        }
        pending.extend_from_slice(&plaintext);
        while let Some(message) = take_message(&mut pending) {
            transcript.extend_from_slice(&message);
            if message[0] == HandshakeType::Finished.to_wire() {
                return Ok(());
            }
        }
    }
    Err(Outcome::Failed(
        "the recording ends before the server's Finished: the application keys need the transcript through it".into(),
    ))
}

/// RSA key transport undone: the pre-master secret decrypted from ClientKeyExchange with
/// `key` (the server's, stolen or factored: `key_is` says which), shown as a step.
fn rsa_pre_master_secret(
    key: &rsa::PrivateKey,
    key_is: &str,
    d: &mut Decryption,
) -> Result<Vec<u8>, Outcome> {
    let hello = &d.hello;
    if let Ok(certified) = leaf_public_key(&hello.certificates)
        && certified != key.to_public_key()
    {
        return Err(Outcome::Failed(
            "this is not the server's key: its modulus differs from the certificate's public key"
                .into(),
        ));
    }
    let exchange = hello
        .client_key_exchange
        .as_deref()
        .ok_or_else(|| Outcome::Failed("the recording has no ClientKeyExchange".into()))?;
    // `opaque encrypted_pre_master_secret<0..2^16-1>` (RFC 5246 §7.4.7.1).
    let encrypted = exchange.get(2..).unwrap_or_default();
    let pre_master = key
        .decrypt(Pkcs1v15Encrypt, encrypted)
        .ok()
        .filter(|pms| pms.len() == 48)
        .ok_or_else(|| {
            Outcome::Failed(
                "the key does not decrypt the ClientKeyExchange to a 48-byte pre-master secret: it is not the key this client encrypted to".into(),
            )
        })?;
    d.steps.push(Step {
        secret: Secret::PreMasterSecret,
        formula: format!(
            "RSAES-PKCS1-v1_5-Decrypt({key_is}, ClientKeyExchange.encrypted_pre_master_secret)"
        ),
        value: pre_master.to_vec(),
    });
    Ok(pre_master.to_vec())
}

/// The master secret from the pre-master secret (RFC 5246 §8.1, or RFC 7627 §4 with EMS),
/// shown as a step.
fn master_secret<H: EagerHash + Digest>(
    pre_master: &[u8],
    suite: &Suite,
    d: &mut Decryption,
) -> Result<Vec<u8>, Outcome> {
    let hello = &d.hello;
    let (Some(client_random), Some(server_random)) = (hello.client_random, hello.server_random)
    else {
        return Err(Outcome::Failed(
            "the recording lacks a hello's random".into(),
        ));
    };
    let (master, formula) = if hello.extended_master_secret {
        let session_hash = H::digest(&hello.messages_to_client_key_exchange);
        (
            prf::extended_master_secret::<H>(pre_master, &session_hash),
            format!(
                "PRF(pre_master_secret, \"extended master secret\", {}(ClientHello … ClientKeyExchange))[0..47]",
                suite.hash.name()
            ),
        )
    } else {
        (
            prf::master_secret::<H>(pre_master, &client_random, &server_random),
            "PRF(pre_master_secret, \"master secret\", ClientHello.random + ServerHello.random)[0..47]".into(),
        )
    };
    d.steps.push(Step {
        secret: Secret::MasterSecret,
        formula,
        value: master.clone(),
    });
    Ok(master)
}

/// TLS 1.2: the key block from the master secret (its PRF over the suite's hash); each
/// side's records after its ChangeCipherSpec opened with its write key and IV.
fn open_tls12<H: EagerHash>(
    recording: &Recording,
    suite: &Suite,
    master: &[u8],
    d: &mut Decryption,
) -> Result<(), Outcome> {
    let (Some(client_random), Some(server_random)) = (d.hello.client_random, d.hello.server_random)
    else {
        return Err(Outcome::Failed(
            "the recording lacks a hello's random".into(),
        ));
    };
    let (key_len, iv_len) = (suite.aead.key_len(), suite.aead.tls12_fixed_iv_len());
    let block = prf::key_block::<H>(
        master,
        &client_random,
        &server_random,
        2 * (key_len + iv_len),
    );
    d.steps.push(Step {
        secret: Secret::KeyBlock,
        formula: "PRF(master_secret, \"key expansion\", ServerHello.random + ClientHello.random)"
            .into(),
        value: block.clone(),
    });
    let keys = KeyBlock::split_for(&block, key_len, iv_len);
    let mut at = 0;
    for (secret, value) in [
        (Secret::ClientWriteKey, &keys.client_write_key),
        (Secret::ServerWriteKey, &keys.server_write_key),
        (Secret::ClientWriteIv, &keys.client_write_iv),
        (Secret::ServerWriteIv, &keys.server_write_iv),
    ] {
        d.steps.push(Step {
            secret,
            formula: format!("key_block[{at}..{}]", at + value.len() - 1),
            value: value.clone(),
        });
        at += value.len();
    }
    let opener = |key: &[u8], iv: &[u8]| {
        Opener::tls12(suite.aead, key, iv).map_err(|e| Outcome::Failed(e.reason))
    };
    let mut openers = [
        opener(&keys.client_write_key, &keys.client_write_iv)?,
        opener(&keys.server_write_key, &keys.server_write_iv)?,
    ];
    let keys_named = [Secret::ClientWriteKey, Secret::ServerWriteKey];
    let mut protected = [false, false];
    for (i, r) in recording.records.iter().enumerate() {
        let s = side(r.from);
        let typ = ContentType::from_wire(r.content_type);
        if typ == ContentType::ChangeCipherSpec {
            protected[s] = true;
            continue;
        }
        if !protected[s] {
            continue;
        }
        d.records[i] = open_one(&mut openers[s], keys_named[s], i, r)?;
    }
    Ok(())
}

/// One protected record opened by `opener`, whose key the endpoints call `key`, with how it
/// was sealed.
fn open_one(
    opener: &mut Opener,
    key: Secret,
    index: usize,
    r: &super::Recorded,
) -> Result<Content, Outcome> {
    let outer = ContentType::from_wire(r.content_type);
    #[cfg(feature = "recorded")]
    // `open` reads a TLS 1.3 header's version as 03 03, as it is sent.
    let sealing = opener.next_sealing(outer, ProtocolVersion::Tls12, &r.fragment);
    let (content_type, plaintext) = opener
        .open(outer, &r.fragment)
        .map_err(|_| not_opened(index, r.from))?;
    #[cfg(not(feature = "recorded"))]
    let _ = key;
    #[cfg(feature = "recorded")]
    let sealing = {
        let (seq, nonce, aad) = sealing.ok_or_else(|| not_opened(index, r.from))?;
        let padding = match opener.version() {
            ProtocolVersion::Tls13 => r
                .fragment
                .len()
                .saturating_sub(TAG_LEN + plaintext.len() + 1),
            _ => 0,
        };
        Sealing {
            key,
            seq,
            nonce: nonce.to_vec(),
            aad,
            padding,
        }
    };
    Ok(Content::Opened {
        content_type,
        plaintext,
        #[cfg(feature = "recorded")]
        sealing,
    })
}

/// TLS 1.3: every application_data record is protected; each side's handshake keys until
/// its Finished, then its application keys (RFC 8446 §7.2), the next generation after each
/// KeyUpdate it sends (§4.6.3). Keys are [client, server].
fn open_tls13<H: EagerHash>(
    recording: &Recording,
    suite: &Suite,
    handshake: [TrafficSecret; 2],
    mut application: [TrafficSecret; 2],
    d: &mut Decryption,
) -> Result<(), Outcome> {
    let opener = |k: &TrafficSecret| {
        Opener::tls13(suite.aead, &k.key, &k.iv).map_err(|e| Outcome::Failed(e.reason))
    };
    let mut openers = [opener(&handshake[0])?, opener(&handshake[1])?];
    let mut finished = [false, false];
    let mut pending = [Vec::new(), Vec::new()];
    for (i, r) in recording.records.iter().enumerate() {
        let s = side(r.from);
        if ContentType::from_wire(r.content_type) != ContentType::ApplicationData {
            continue;
        }
        let key = match (finished[s], s) {
            (false, 0) => Secret::ClientHandshakeKey,
            (false, _) => Secret::ServerHandshakeKey,
            (true, 0) => Secret::ClientApplicationKey,
            (true, _) => Secret::ServerApplicationKey,
        };
        let opened = open_one(&mut openers[s], key, i, r)?;
        if let Content::Opened {
            content_type: ContentType::Handshake,
            plaintext,
            ..
        } = &opened
        {
            pending[s].extend_from_slice(plaintext);
            while let Some(message) = take_message(&mut pending[s]) {
                let typ = HandshakeType::from_wire(message[0]);
                if typ == HandshakeType::Finished && !finished[s] {
                    finished[s] = true;
                    openers[s] = opener(&application[s])?;
                } else if typ == HandshakeType::KeyUpdate && finished[s] {
                    // application_traffic_secret_N+1 =
                    //     HKDF-Expand-Label(application_traffic_secret_N, "traffic upd", "", Hash.length)
                    let next = hkdf::expand_label_with::<H>(
                        &application[s].secret,
                        HkdfLabel::TrafficUpdate.as_str(),
                        &[],
                        application[s].secret.len(),
                    )
                    .map_err(|e| Outcome::Failed(e.reason))?;
                    application[s] = TrafficSecret::derive::<H>(suite.aead, next)?;
                    openers[s] = opener(&application[s])?;
                }
            }
        }
        d.records[i] = opened;
    }
    Ok(())
}

fn not_opened(index: usize, from: crate::transcript::Party) -> Outcome {
    Outcome::Failed(format!(
        "record {} from the {} does not open with the derived keys (its tag fails): the secret does not belong to this connection, or the record was changed",
        index + 1,
        from.as_str()
    ))
}
