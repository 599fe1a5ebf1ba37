//! From the given secret to record keys, then each protected record opened in turn.

use rsa::pkcs1v15::Pkcs1v15Encrypt;

use crate::crypto::hkdf::{self, HashValue};
use crate::crypto::prf::{self, KEY_BLOCK_LEN, KeyBlock};
use crate::crypto::record_protection::RecordCipher;
use crate::msgs::enums::{ContentType, HandshakeType, ProtocolVersion};
use crate::msgs::suites::KeyExchange;
use crate::pki::leaf_public_key;
use crate::tls13::key_schedule::TrafficKeys;

use super::hello::take_message;
use super::{
    Content, Decryption, Given, Label, Outcome, Recording, Step, forward_secret_why, side, suite_of,
};

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
    match (version, given) {
        (ProtocolVersion::Tls13, Given::ServerKey(_)) => {
            Err(Outcome::Sealed(forward_secret_why(version)))
        }
        (ProtocolVersion::Tls13, Given::KeyLog(log)) => {
            let mut secret = |label: Label| -> Result<HashValue, Outcome> {
                let value = log.get(&client_random, label).ok_or_else(|| {
                    Outcome::Failed(format!(
                        "the key log has no {} line for this connection's client random",
                        label.as_str()
                    ))
                })?;
                let value: HashValue = value.try_into().map_err(|_| {
                    Outcome::Failed(format!("{} is not a SHA-256 secret", label.as_str()))
                })?;
                d.steps.push(Step {
                    name: label.secret().name(),
                    formula: format!("from the key log's {} line", label.as_str()),
                    value: value.to_vec(),
                });
                Ok(value)
            };
            let handshake = [
                secret(Label::ClientHandshakeTrafficSecret)?,
                secret(Label::ServerHandshakeTrafficSecret)?,
            ];
            let application = [
                secret(Label::ClientTrafficSecret0)?,
                secret(Label::ServerTrafficSecret0)?,
            ];
            open_tls13(recording, handshake, application, d)
        }
        (_, Given::KeyLog(log)) => {
            let master = log
                .get(&client_random, Label::ClientRandom)
                .ok_or_else(|| {
                    Outcome::Failed(
                        "the key log has no CLIENT_RANDOM line for this connection's client random"
                            .into(),
                    )
                })?;
            d.steps.push(Step {
                name: "master_secret",
                formula: "from the key log's CLIENT_RANDOM line".into(),
                value: master.to_vec(),
            });
            open_tls12(recording, master, d)
        }
        (_, Given::ServerKey(key)) => match suite.kx {
            Some(KeyExchange::Rsa) => {
                let master = rsa_master_secret(key, d)?;
                open_tls12(recording, &master, d)
            }
            _ => Err(Outcome::Sealed(forward_secret_why(version))),
        },
    }
}

/// RSA key transport undone: the pre-master secret decrypted from ClientKeyExchange, then
/// the master secret (RFC 5246 §8.1, or RFC 7627 §4 with EMS).
fn rsa_master_secret(key: &rsa::PrivateKey, d: &mut Decryption) -> Result<Vec<u8>, Outcome> {
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
        let session_hash = hkdf::hash(&hello.messages_to_client_key_exchange);
        prf::extended_master_secret(&pre_master, &session_hash)
    } else {
        prf::master_secret(&pre_master, &client_random, &server_random)
    };
    d.steps.push(Step {
        name: "pre_master_secret",
        formula: "RSAES-PKCS1-v1_5-Decrypt(server private key, ClientKeyExchange.encrypted_pre_master_secret)".into(),
        value: pre_master.to_vec(),
    });
    d.steps.push(Step {
        name: "master_secret",
        formula: if d.hello.extended_master_secret {
            "PRF(pre_master_secret, \"extended master secret\", SHA-256(ClientHello … ClientKeyExchange))[0..47]".into()
        } else {
            "PRF(pre_master_secret, \"master secret\", ClientHello.random + ServerHello.random)[0..47]".into()
        },
        value: master.clone(),
    });
    Ok(master)
}

/// TLS 1.2: the key block from the master secret; each side's records after its
/// ChangeCipherSpec opened with its write key and salt.
fn open_tls12(recording: &Recording, master: &[u8], d: &mut Decryption) -> Result<(), Outcome> {
    let (Some(client_random), Some(server_random)) = (d.hello.client_random, d.hello.server_random)
    else {
        return Err(Outcome::Failed(
            "the recording lacks a hello's random".into(),
        ));
    };
    let block = prf::key_block(master, &client_random, &server_random, KEY_BLOCK_LEN);
    d.steps.push(Step {
        name: "key_block",
        formula: "PRF(master_secret, \"key expansion\", ServerHello.random + ClientHello.random)"
            .into(),
        value: block.clone(),
    });
    let keys = KeyBlock::split(&block);
    let cipher = |key: &[u8], salt: &[u8]| {
        RecordCipher::tls12(key, salt).map_err(|e| Outcome::Failed(e.reason))
    };
    let mut ciphers = [
        cipher(&keys.client_write_key, &keys.client_write_iv)?,
        cipher(&keys.server_write_key, &keys.server_write_iv)?,
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
        let (content_type, plaintext) = ciphers[s]
            .open(typ, &r.fragment)
            .map_err(|_| not_opened(i, r.from))?;
        d.records[i] = Content::Opened {
            content_type,
            plaintext,
        };
    }
    Ok(())
}

/// TLS 1.3: every application_data record is protected; each side's handshake key until its
/// Finished, then its application key (RFC 8446 §7.2).
fn open_tls13(
    recording: &Recording,
    handshake: [HashValue; 2],
    application: [HashValue; 2],
    d: &mut Decryption,
) -> Result<(), Outcome> {
    let cipher = |secret: &HashValue| {
        TrafficKeys::derive(secret)
            .and_then(|k| k.cipher())
            .map_err(|e| Outcome::Failed(e.reason))
    };
    let mut ciphers = [cipher(&handshake[0])?, cipher(&handshake[1])?];
    let mut finished = [false, false];
    let mut pending = [Vec::new(), Vec::new()];
    for (i, r) in recording.records.iter().enumerate() {
        let s = side(r.from);
        if ContentType::from_wire(r.content_type) != ContentType::ApplicationData {
            continue;
        }
        let (content_type, plaintext) = ciphers[s]
            .open(ContentType::ApplicationData, &r.fragment)
            .map_err(|_| not_opened(i, r.from))?;
        if content_type == ContentType::Handshake && !finished[s] {
            pending[s].extend_from_slice(&plaintext);
            while let Some(message) = take_message(&mut pending[s]) {
                if message[0] == HandshakeType::Finished.to_wire() {
                    finished[s] = true;
                    ciphers[s] = cipher(&application[s])?;
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
