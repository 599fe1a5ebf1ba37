//! From the given secret to record keys, then each protected record opened in turn.

use hmac::EagerHash;
use rsa::pkcs1v15::Pkcs1v15Encrypt;
use sha2::{Digest, Sha256, Sha384};

use crate::crypto::hkdf;
use crate::crypto::prf::{self, KeyBlock};
use crate::crypto::secrets::Secret;
use crate::msgs::enums::{ContentType, HandshakeType, ProtocolVersion};
use crate::msgs::suites::{Aead, HashAlgorithm, KeyExchange, Suite};
use crate::pki::leaf_public_key;
use crate::tls13::key_schedule::{IV_LEN, Label as HkdfLabel};

use super::cipher::Opener;
use super::hello::take_message;
use super::{
    Content, Decryption, Given, Label, Outcome, Recording, Step, forward_secret_why, side, suite_of,
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
            for (label, key_name, iv_name) in TRAFFIC {
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
                d.steps.push(Step {
                    name: label.secret().name(),
                    formula: format!("from the key log's {} line", label.as_str()),
                    value: secret.to_vec(),
                });
                let keys_of = TrafficSecret::derive::<H>(suite.aead, secret.to_vec())?;
                for (name, what, value) in [
                    (key_name, "key", &keys_of.key),
                    (iv_name, "iv", &keys_of.iv),
                ] {
                    d.steps.push(Step {
                        name: name.name(),
                        formula: format!(
                            "HKDF-Expand-Label({}, \"{what}\", \"\", {})",
                            label.secret().name(),
                            value.len()
                        ),
                        value: value.clone(),
                    });
                }
                keys.push(keys_of);
            }
            let [ch, sh, ca, sa]: [TrafficSecret; 4] = keys
                .try_into()
                .map_err(|_| Outcome::Failed("four traffic secrets expected".into()))?;
            open_tls13::<H>(recording, suite, [ch, sh], [ca, sa], d)
        }
        (_, Given::KeyLog(log)) => {
            let master = log.get(client_random, Label::ClientRandom).ok_or_else(|| {
                Outcome::Failed(
                    "the key log has no CLIENT_RANDOM line for this connection's client random"
                        .into(),
                )
            })?;
            // KeyLog::parse took only 48-byte CLIENT_RANDOM secrets (RFC 5246 §8.1).
            d.steps.push(Step {
                name: Secret::MasterSecret.name(),
                formula: "from the key log's CLIENT_RANDOM line".into(),
                value: master.to_vec(),
            });
            open_tls12::<H>(recording, suite, master, d)
        }
        (_, Given::ServerKey(key)) => match suite.kx {
            Some(KeyExchange::Rsa) => {
                let master = rsa_master_secret::<H>(key, suite, d)?;
                open_tls12::<H>(recording, suite, &master, d)
            }
            _ => Err(Outcome::Sealed(forward_secret_why(version))),
        },
    }
}

/// RSA key transport undone: the pre-master secret decrypted from ClientKeyExchange, then
/// the master secret (RFC 5246 §8.1, or RFC 7627 §4 with EMS).
fn rsa_master_secret<H: EagerHash + Digest>(
    key: &rsa::PrivateKey,
    suite: &Suite,
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
    let (Some(client_random), Some(server_random)) = (hello.client_random, hello.server_random)
    else {
        return Err(Outcome::Failed(
            "the recording lacks a hello's random".into(),
        ));
    };
    let master = if hello.extended_master_secret {
        let session_hash = H::digest(&hello.messages_to_client_key_exchange);
        prf::extended_master_secret::<H>(&pre_master, &session_hash)
    } else {
        prf::master_secret::<H>(&pre_master, &client_random, &server_random)
    };
    d.steps.push(Step {
        name: Secret::PreMasterSecret.name(),
        formula: "RSAES-PKCS1-v1_5-Decrypt(server private key, ClientKeyExchange.encrypted_pre_master_secret)".into(),
        value: pre_master.to_vec(),
    });
    d.steps.push(Step {
        name: Secret::MasterSecret.name(),
        formula: if d.hello.extended_master_secret {
            format!(
                "PRF(pre_master_secret, \"extended master secret\", {}(ClientHello … ClientKeyExchange))[0..47]",
                suite.hash.name()
            )
        } else {
            "PRF(pre_master_secret, \"master secret\", ClientHello.random + ServerHello.random)[0..47]".into()
        },
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
        name: Secret::KeyBlock.name(),
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
            name: secret.name(),
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
        let (content_type, plaintext) = openers[s]
            .open(typ, &r.fragment)
            .map_err(|_| not_opened(i, r.from))?;
        d.records[i] = Content::Opened {
            content_type,
            plaintext,
        };
    }
    Ok(())
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
        let (content_type, plaintext) = openers[s]
            .open(ContentType::ApplicationData, &r.fragment)
            .map_err(|_| not_opened(i, r.from))?;
        if content_type == ContentType::Handshake {
            pending[s].extend_from_slice(&plaintext);
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
        d.records[i] = Content::Opened {
            content_type,
            plaintext,
        };
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
