//! One full simulated handshake per suite (both endpoints, all crypto, transcript included),
//! and the pieces that dominate it. Prints medians; run with `cargo bench -p engine`.

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::median;
use engine::crypto::key_exchange::{self, EcdhKeyPair};
use engine::crypto::rng::TlsRng;
use engine::msgs::enums::ProtocolVersion;
use engine::scenario::{Group, Protocol, Scenario};
use engine::{pki, simulate};

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    const RUNS: usize = 101;
    println!("median of {RUNS} runs, native, bench profile");
    let mut runs: Vec<(String, Scenario)> = [Protocol::Rsa, Protocol::Ecdhe]
        .into_iter()
        .map(|p| {
            let s = Scenario {
                protocol: p,
                ..Scenario::default()
            };
            (p.as_str().to_string(), s)
        })
        .collect();
    for group in Group::ALL {
        for hrr in [false, true] {
            let name = format!("tls13 {}{}", group.as_str(), if hrr { " hrr" } else { "" });
            let s = Scenario {
                protocol: Protocol::Tls13,
                group,
                hrr,
                ..Scenario::default()
            };
            runs.push((name, s));
        }
    }
    // Mutual TLS (issue 31): the browser signs too, the server checks its chain and signature.
    for (p, group) in [
        (Protocol::Rsa, Group::X25519),
        (Protocol::Ecdhe, Group::X25519),
        (Protocol::Tls13, Group::X25519),
        (Protocol::Tls13, Group::X25519MlKem768),
    ] {
        let name = match p {
            Protocol::Tls13 => format!("tls13 {} mutual", group.as_str()),
            _ => format!("{} mutual", p.as_str()),
        };
        let s = Scenario {
            protocol: p,
            group,
            client_cert: Some(pki::ClientCertKind::Valid),
            ..Scenario::default()
        };
        runs.push((name, s));
    }
    // The active attacker (issue 33): two handshakes where it terminates (budget 40 ms on
    // the page).
    for attack in engine::attack::Attack::ALL {
        for p in Protocol::ALL {
            let s = Scenario {
                protocol: *p,
                attack: Some(attack),
                ..Scenario::default()
            };
            runs.push((format!("{} {}", attack.as_str(), p.as_str()), s));
        }
    }
    for (name, s) in &runs {
        let d = median(|| drop(black_box(simulate(black_box(s)))), RUNS);
        println!(
            "simulate ({name:27}): full handshake + request/response + close  {}",
            ms(d)
        );
    }

    // Resumption (issue 32): a resumption run simulates the first visit too; the second
    // visit alone is the difference with the full run of the same handshake (a median each).
    for (name, protocol, group, early_data) in [
        (
            "tls13 x25519mlkem768",
            Protocol::Tls13,
            Group::X25519MlKem768,
            false,
        ),
        (
            "tls13 x25519mlkem768 0-rtt",
            Protocol::Tls13,
            Group::X25519MlKem768,
            true,
        ),
        ("tls13 x25519", Protocol::Tls13, Group::X25519, false),
        ("ecdhe", Protocol::Ecdhe, Group::X25519, false),
        ("rsa", Protocol::Rsa, Group::X25519, false),
    ] {
        let full = Scenario {
            protocol,
            group,
            ..Scenario::default()
        };
        let resumed = Scenario {
            resume: true,
            early_data,
            ..full.clone()
        };
        let both = median(|| drop(black_box(simulate(black_box(&resumed)))), RUNS);
        let one = median(|| drop(black_box(simulate(black_box(&full)))), RUNS);
        println!(
            "simulate ({name:27}) resumed: both visits {}, the second alone {} (full {})",
            ms(both),
            ms(both.saturating_sub(one)),
            ms(one)
        );
    }

    let id = pki::identity(pki::CertKind::Valid);
    let public = pki::leaf_public_key(&id.chain).expect("embedded chain has an RSA leaf");
    let mut rng = TlsRng::new(1, 1);
    let pms = key_exchange::rsa_pre_master_secret(&mut rng, ProtocolVersion::Tls12);
    let ct = key_exchange::rsa_encrypt(&mut rng, &public, &pms).expect("encrypts");
    println!("pieces:");
    println!(
        "  RSA-2048 decrypt (server)             {}",
        ms(median(
            || {
                black_box(key_exchange::rsa_decrypt(
                    &mut rng,
                    &id.key,
                    &ct,
                    ProtocolVersion::Tls12,
                ));
            },
            RUNS
        ))
    );
    println!(
        "  RSA-2048 sign (ServerKeyExchange)     {}",
        ms(median(
            || drop(black_box(key_exchange::sign(&id.key, b"params"))),
            RUNS
        ))
    );
    println!(
        "  RSA-2048 PSS sign (CertificateVerify) {}",
        ms(median(
            || drop(black_box(key_exchange::sign_pss_sha256(
                &mut rng, &id.key, b"content"
            ))),
            RUNS
        ))
    );
    let pss = key_exchange::sign_pss_sha256(&mut rng, &id.key, b"content").expect("signs");
    println!(
        "  RSA-2048 PSS verify (client)          {}",
        ms(median(
            || drop(black_box(key_exchange::verify_pss_sha256(
                &public, b"content", &pss
            ))),
            RUNS
        ))
    );
    println!(
        "  X25519MLKEM768 keygen+encaps+decaps   {}",
        ms(median(
            || {
                let client = key_exchange::HybridClientKey::generate(&mut rng);
                let server = key_exchange::hybrid_server_encapsulate(&mut rng, &client.key_share())
                    .expect("encapsulates");
                drop(black_box(client.decapsulate(&server.key_share())));
            },
            RUNS
        ))
    );
    println!(
        "  RSA-2048 encrypt (client)             {}",
        ms(median(
            || drop(black_box(key_exchange::rsa_encrypt(
                &mut rng, &public, &pms
            ))),
            RUNS
        ))
    );
    println!(
        "  chain validation (2 signatures)       {}",
        ms(median(
            || drop(black_box(pki::validate(
                &id.chain,
                &pki::trust_anchors(),
                Some("server.test"),
                engine::scenario::DEFAULT_NOW,
                pki::KeyUse::KeyEncipherment
            ))),
            RUNS
        ))
    );
    println!(
        "  load embedded identity (parse key)    {}",
        ms(median(
            || drop(black_box(pki::identity(pki::CertKind::Valid))),
            RUNS
        ))
    );
    println!(
        "  X25519 key pair + agreement           {}",
        ms(median(
            || {
                let a = EcdhKeyPair::generate(&mut rng);
                let b = EcdhKeyPair::generate(&mut rng);
                drop(black_box(a.agree(&b.public)));
            },
            RUNS
        ))
    );
}
