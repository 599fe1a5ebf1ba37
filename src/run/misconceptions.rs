//! Corrections of the classic mistakes in popular write-ups of the SSL handshake. Each one
//! belongs to the record that shows the truth: the explanation of that step carries it, and
//! the full list (outside an embed) links to those steps.

use crate::hooks::on;
use crate::state::{Action, State};
use engine::Protocol;
use engine::msgs::enums::HandshakeType;
use engine::transcript::{Party, Transcript};
use yew::prelude::*;

/// Which handshakes a correction is about.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Applies {
    /// TLS 1.2 with RSA key transport.
    Rsa,
    /// TLS 1.2 with ECDHE.
    Ecdhe,
    Tls12,
    Tls13,
    /// TLS 1.3 in one round trip: without a HelloRetryRequest, which adds one.
    Tls13OneRoundTrip,
    Both,
}

/// One classic mistake, the truth, and the record that shows it.
pub struct Misconception {
    pub myth: &'static str,
    pub truth: &'static str,
    applies: Applies,
    /// The record that shows the truth: the first one `from` sends whose messages include
    /// one starting with `message`.
    from: Party,
    message: HandshakeType,
}

pub const ALL: [Misconception; 10] = [
    Misconception {
        myth: "“The client sends ChangeCipherSpec and Finished, then the key exchange.”",
        truth: "ClientKeyExchange comes first. The browser chose the pre-master secret itself, but without this message the server cannot get it, so there would be no shared keys to change to.",
        applies: Applies::Rsa,
        from: Party::Client,
        message: HandshakeType::ClientKeyExchange,
    },
    Misconception {
        myth: "“The client sends ChangeCipherSpec and Finished, then the key exchange.”",
        truth: "ClientKeyExchange comes first: it carries the browser's X25519 key. In ECDHE nobody chooses the pre-master secret: it is the X25519 shared secret (RFC 8422 §5.10).",
        applies: Applies::Ecdhe,
        from: Party::Client,
        message: HandshakeType::ClientKeyExchange,
    },
    Misconception {
        myth: "“The browser encrypts the session key with the server's public key (ClientKeyExchange).”",
        truth: "Not in TLS 1.3: there is no ClientKeyExchange and no RSA key transport. The browser's key share is already in its ClientHello, the server's in ServerHello, and each side computes the shared secret from them. With the hybrid, ML-KEM's half travels encapsulated to a one-time key (FIPS 203).",
        applies: Applies::Tls13,
        from: Party::Client,
        message: HandshakeType::ClientHello,
    },
    Misconception {
        myth: "“Agreeing on keys takes two round trips before any data can flow.”",
        truth: "In TLS 1.3 the key exchange finishes in the first round trip: once ServerHello arrives both sides have handshake keys, and the browser sends its request right after its Finished.",
        applies: Applies::Tls13OneRoundTrip,
        from: Party::Server,
        message: HandshakeType::ServerHello,
    },
    Misconception {
        myth: "“The browser checks the certificate in a CertificateVerify message.”",
        truth: "The browser checks the server's chain inside itself, when the Certificate message arrives; no message is sent for it. CertificateVerify is a different thing: a client proving it owns a client certificate.",
        applies: Applies::Tls12,
        from: Party::Server,
        message: HandshakeType::Certificate,
    },
    Misconception {
        myth: "“Anyone on the path sees the server's certificate.”",
        truth: "In TLS 1.2, yes; in TLS 1.3 the Certificate travels encrypted under the server's handshake traffic key. The site's name still shows in the ClientHello's server_name.",
        applies: Applies::Tls13,
        from: Party::Server,
        message: HandshakeType::Certificate,
    },
    Misconception {
        myth: "“CertificateVerify is where the browser verifies the certificate.”",
        truth: "CertificateVerify is the server's signature, with its certificate's private key, over the handshake so far: it proves the server holds that key in this very handshake. The browser checks the chain itself when Certificate arrives.",
        applies: Applies::Tls13,
        from: Party::Server,
        message: HandshakeType::CertificateVerify,
    },
    Misconception {
        myth: "“Compression is SHA-1, ciphers are zip/gzip.”",
        truth: "Compression and encryption are different jobs: ciphers (AES-GCM here) hide the bytes. The ClientHello offers compression_methods with only null, because compressing before encrypting leaks secrets (the CRIME attack).",
        applies: Applies::Both,
        from: Party::Client,
        message: HandshakeType::ClientHello,
    },
    Misconception {
        myth: "“Finished carries the server's public key.”",
        truth: "Finished carries verify_data: the PRF of the master secret over a hash of every handshake message so far. A change to any of those messages makes it fail.",
        applies: Applies::Tls12,
        from: Party::Client,
        message: HandshakeType::Finished,
    },
    Misconception {
        myth: "“Finished carries the server's public key.”",
        truth: "Finished carries verify_data: an HMAC, keyed with a finished_key from the sender's handshake traffic secret, over the hash of every handshake message so far. A change to any of those messages makes it fail.",
        applies: Applies::Tls13,
        from: Party::Client,
        message: HandshakeType::Finished,
    },
];

impl Misconception {
    /// Whether it is about the handshake in this run.
    fn is_about(&self, t: &Transcript) -> bool {
        let s = &t.scenario;
        let tls13 = s.protocol.suite().is_tls13();
        match self.applies {
            Applies::Both => true,
            Applies::Rsa => s.protocol == Protocol::Rsa,
            Applies::Ecdhe => s.protocol == Protocol::Ecdhe,
            Applies::Tls12 => !tls13,
            Applies::Tls13 => tls13,
            Applies::Tls13OneRoundTrip => tls13 && !s.hrr,
        }
    }

    /// The step that shows the truth in this run.
    pub fn step(&self, t: &Transcript) -> Option<usize> {
        t.records
            .iter()
            .find(|r| r.from == self.from && r.carries(self.message))
            .map(|r| r.number)
    }
}

/// The corrections about this run's handshake.
pub fn about(t: &Transcript) -> impl Iterator<Item = &'static Misconception> + '_ {
    ALL.iter().filter(|m| m.is_about(t))
}

/// The corrections that belong to record `number`, beside its explanation. A function of the
/// explanation's own render, not a component: Yew 0.23 loses the place of a component that
/// renders nothing when, in one render, the sibling before it appears and the one after it
/// disappears (yewstack/yew#4092), which is what stepping back from a run's last step did
/// here (the events list appears, the outcome goes) and stopped the page.
pub fn at(t: &Transcript, number: usize) -> Html {
    html! {
        { for about(t).filter(|m| m.step(t) == Some(number)).map(|m| html! {
            <aside class="myth-note" aria-label="A common misconception">
                <p class="myth-title">{ "A common misconception" }</p>
                <p class="myth">{ m.myth }</p>
                <p class="truth">{ crate::glossary::view::text(m.truth) }</p>
            </aside>
        }) }
    }
}

/// All corrections, each linking to its step. A function of the page's state, not a
/// component: each component costs the first load its own code.
pub fn list(app: &UseReducerHandle<State>) -> Html {
    html! {
        <aside class="misconceptions" aria-labelledby="misc-title">
            <h2 id="misc-title">{ "Common misconceptions" }</h2>
            <ul>
                { for about(&app.transcript).map(|m| {
                    let go = m.step(&app.transcript).map(|n| {
                        let onclick = on(app, Action::Goto(n));
                        html! { <button type="button" class="link" onclick={onclick}>{ format!("Show step {n}") }</button> }
                    });
                    html! {
                        <li>
                            <p class="myth">{ m.myth }</p>
                            <p class="truth">{ crate::glossary::view::text(m.truth) }{ " " }{ go.unwrap_or_default() }</p>
                        </li>
                    }
                }) }
            </ul>
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handshakes;
    use engine::Scenario;

    /// Each correction about a handshake points at a record of its clean run, and each run
    /// gets corrections of its own version only.
    #[test]
    fn every_correction_shows_in_its_handshakes() {
        for h in &handshakes::ALL {
            for hrr in [false, h.protocol == engine::Protocol::Tls13] {
                let t = engine::simulate(&Scenario {
                    protocol: h.protocol,
                    group: h.group,
                    hrr,
                    ..Scenario::default()
                });
                let here: Vec<_> = about(&t).collect();
                assert!(here.len() >= 4, "{}", h.title);
                for m in here {
                    assert!(m.step(&t).is_some(), "{}: {}", h.title, m.myth);
                }
            }
        }
    }

    /// Issue 29: each card applies to the run it is shown on.
    #[test]
    fn cards_fit_their_runs() {
        let cards = |protocol, hrr| {
            let t = engine::simulate(&Scenario {
                protocol,
                hrr,
                ..Scenario::default()
            });
            about(&t).map(|m| m.truth).collect::<Vec<_>>()
        };
        let rsa = cards(Protocol::Rsa, false).join(" ");
        let ecdhe = cards(Protocol::Ecdhe, false).join(" ");
        assert!(rsa.contains("chose the pre-master secret") && !rsa.contains("X25519 shared"));
        assert!(ecdhe.contains("nobody chooses") && !ecdhe.contains("chose the pre-master"));
        let one = |hrr| {
            cards(Protocol::Tls13, hrr)
                .iter()
                .any(|t| t.contains("first round trip"))
        };
        assert!(
            one(false) && !one(true),
            "the one-round-trip card needs no retry"
        );
    }
}
