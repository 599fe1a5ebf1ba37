//! TLS 1.3 resumption between the engine's endpoints (RFC 8446 §2.2, §4.2.11, §4.6.1): a
//! full handshake hands the browser a ticket, the next connection offers it with its binder
//! and resumes without certificate or signature. OpenSSL is the witness in the CLI's
//! `interop_resumption.rs`; here are the cases a real peer cannot be made to produce.

use engine::client::{Client, ClientConfig, Tls13Offer, Trust};
use engine::common::Output;
use engine::crypto::rng::TlsRng;
use engine::crypto::secrets::Secret;
use engine::msgs::enums::AlertDescription;
use engine::msgs::suites::{Group, KeyExchange};
use engine::pki;
use engine::server::{Server, ServerConfig};
use engine::session::{Session, Session12};

/// What one connection left behind.
struct Ran {
    client: Vec<Output>,
    server: Vec<Output>,
    /// Every record the server sent, as bytes.
    server_records: Vec<Vec<u8>>,
    /// Every record the browser sent before the server's first answer: its first flight.
    client_first_flight: Vec<Vec<u8>>,
}

impl Ran {
    fn ticket(&self) -> Session {
        self.client
            .iter()
            .find_map(|o| match o {
                Output::Resumable(s) => Some(s.clone()),
                _ => None,
            })
            .expect("the browser was handed a ticket")
    }

    fn secret(outputs: &[Output], which: Secret) -> Vec<Vec<u8>> {
        outputs
            .iter()
            .filter_map(|o| match o {
                Output::Secret(s, v) if *s == which => Some(v.clone()),
                _ => None,
            })
            .collect()
    }

    fn error(outputs: &[Output]) -> Option<AlertDescription> {
        outputs.iter().find_map(|o| match o {
            Output::Error(e) => Some(e.alert),
            _ => None,
        })
    }
}

/// The browser at `now`, offering `groups` (a share of the first) and resuming `resume`.
fn client(resume: Option<Session>, now: u64, groups: &[Group], seed: u64) -> Client {
    client_sending(resume, now, groups, seed, None)
}

/// As `client`, with `early_data` for 0-RTT.
fn client_sending(
    resume: Option<Session>,
    now: u64,
    groups: &[Group],
    seed: u64,
    early_data: Option<&[u8]>,
) -> Client {
    let mut c = Client::new(
        ClientConfig {
            early_data: early_data.map(<[u8]>::to_vec),
            tls13: Some(Tls13Offer {
                groups: groups.to_vec(),
                key_shares: groups[..1].to_vec(),
            }),
            offer: Vec::new(),
            now,
            resume,
            ..ClientConfig::browser("server.test", Trust::Roots(pki::trust_anchors()))
        },
        TlsRng::new(seed, 1),
    );
    c.start();
    c
}

/// Runs one connection to the end of the handshake (and the ticket after it), passing each
/// record through `tamper` on its way to the server.
fn run(mut c: Client, mut s: Server, tamper: impl Fn(&mut Vec<u8>)) -> Ran {
    let (mut client, mut server, mut server_records) = (Vec::new(), Vec::new(), Vec::new());
    let mut client_first_flight = Vec::new();
    for _ in 0..20 {
        let mut moved = false;
        for o in c.take_outputs() {
            if let Output::Record(r) = &o {
                if server_records.is_empty() {
                    client_first_flight.push(r.bytes.clone());
                }
                let mut bytes = r.bytes.clone();
                tamper(&mut bytes);
                s.receive(&bytes);
                moved = true;
            }
            client.push(o);
        }
        for o in s.take_outputs() {
            if let Output::Record(r) = &o {
                server_records.push(r.bytes.clone());
                c.receive(&r.bytes);
                moved = true;
            }
            server.push(o);
        }
        if !moved {
            break;
        }
    }
    Ran {
        client,
        server,
        server_records,
        client_first_flight,
    }
}

fn server_config(now: u64) -> ServerConfig {
    ServerConfig {
        now,
        ..ServerConfig::teaching(pki::identity(pki::CertKind::Valid))
    }
}

const NOW: u64 = engine::scenario::DEFAULT_NOW;

fn first_visit(config: &ServerConfig) -> Ran {
    let ran = run(
        client(None, NOW, &[Group::X25519], 1),
        Server::new(config.clone(), TlsRng::new(1, 2)),
        |_| {},
    );
    assert_eq!(Ran::error(&ran.client), None);
    ran
}

#[test]
fn the_second_visit_resumes_without_certificate_or_signature() {
    let config = server_config(NOW);
    let first = first_visit(&config);
    let later = NOW + 60;
    let second = run(
        client(Some(first.ticket()), later, &[Group::X25519], 2),
        Server::new(
            ServerConfig {
                now: later,
                ..config.clone()
            },
            TlsRng::new(2, 2),
        ),
        |_| {},
    );
    for outputs in [&second.client, &second.server] {
        assert_eq!(Ran::error(outputs), None);
        assert!(
            outputs
                .iter()
                .any(|o| matches!(o, Output::HandshakeComplete))
        );
    }
    // Both sides made the same binder and early secret from the ticket's PSK, which is the
    // first connection's ticket_psk.
    let psk = Ran::secret(&first.server, Secret::TicketPsk);
    assert_eq!(Ran::secret(&second.client, Secret::Psk), psk);
    assert_eq!(Ran::secret(&second.server, Secret::Psk), psk);
    for s in [
        Secret::PskBinder,
        Secret::BinderKey,
        Secret::EarlySecret,
        Secret::ClientApplicationTrafficSecret,
    ] {
        let ours = Ran::secret(&second.client, s);
        assert!(!ours.is_empty(), "{s:?}");
        assert_eq!(ours, Ran::secret(&second.server, s), "{s:?}");
    }
    // The early secret is no longer the zero-PSK constant of the first.
    assert_ne!(
        Ran::secret(&first.client, Secret::EarlySecret),
        Ran::secret(&second.client, Secret::EarlySecret)
    );
    // The server's flight is much smaller: no Certificate, no CertificateVerify.
    let size = |r: &Ran| r.server_records.iter().map(Vec::len).sum::<usize>();
    assert!(
        size(&second) * 3 < size(&first),
        "{} vs {}",
        size(&second),
        size(&first)
    );
    // A new ticket for the visit after.
    assert_ne!(second.ticket(), first.ticket());
}

#[test]
fn a_ticket_resumes_once() {
    let config = server_config(NOW);
    let ticket = first_visit(&config).ticket();
    let again = |seed| {
        run(
            client(Some(ticket.clone()), NOW + 1, &[Group::X25519], seed),
            Server::new(config.clone(), TlsRng::new(seed, 2)),
            |_| {},
        )
    };
    let second = again(2);
    assert!(Ran::secret(&second.server, Secret::Psk).len() == 1);
    // Replayed: the server forgot it, so a full handshake (with a certificate) follows.
    let third = again(3);
    assert_eq!(Ran::error(&third.client), None);
    assert!(Ran::secret(&third.server, Secret::Psk).is_empty());
    assert!(third.client.iter().any(|o| matches!(o, Output::Chain(_))));
}

#[test]
fn a_binder_that_does_not_verify_ends_the_handshake_with_decrypt_error() {
    let config = server_config(NOW);
    let ticket = first_visit(&config).ticket();
    // The binder is the ClientHello's last 32 bytes; the first record is the ClientHello.
    let second = run(
        client(Some(ticket), NOW + 1, &[Group::X25519], 2),
        Server::new(config.clone(), TlsRng::new(2, 2)),
        |bytes| {
            if bytes[0] == 22 && bytes[5] == 1 {
                let last = bytes.len() - 1;
                bytes[last] ^= 1;
            }
        },
    );
    assert_eq!(
        Ran::error(&second.server),
        Some(AlertDescription::DecryptError)
    );
}

#[test]
fn an_expired_or_foreign_ticket_is_a_full_handshake() {
    let config = server_config(NOW);
    let Session::Tls13(ticket) = first_visit(&config).ticket() else {
        panic!("not a TLS 1.3 ticket")
    };
    // Past its lifetime the browser does not offer it.
    let late = NOW + u64::from(ticket.lifetime);
    let ran = run(
        client(
            Some(Session::Tls13(ticket.clone())),
            late,
            &[Group::X25519],
            2,
        ),
        Server::new(
            ServerConfig {
                now: late,
                ..config.clone()
            },
            TlsRng::new(2, 2),
        ),
        |_| {},
    );
    assert_eq!(Ran::error(&ran.client), None);
    assert!(Ran::secret(&ran.client, Secret::Psk).is_empty());
    // Another server's store does not know it: full handshake, no error.
    let ran = run(
        client(Some(Session::Tls13(ticket)), NOW + 1, &[Group::X25519], 3),
        Server::new(server_config(NOW + 1), TlsRng::new(3, 2)),
        |_| {},
    );
    assert_eq!(Ran::error(&ran.client), None);
    assert_eq!(Ran::error(&ran.server), None);
    assert!(Ran::secret(&ran.server, Secret::Psk).is_empty());
    assert!(ran.client.iter().any(|o| matches!(o, Output::Chain(_))));
}

/// RFC 8446 §4.2.11.2: after a HelloRetryRequest the binder is computed again, over
/// message_hash(ClientHello1), the retry and the second ClientHello.
#[test]
fn resumes_after_a_hello_retry_request() {
    let config = ServerConfig {
        groups13: vec![Group::X25519MlKem768],
        ..server_config(NOW)
    };
    let first = run(
        client(None, NOW, &[Group::X25519MlKem768], 1),
        Server::new(config.clone(), TlsRng::new(1, 2)),
        |_| {},
    );
    let second = run(
        client(
            Some(first.ticket()),
            NOW + 1,
            &[Group::X25519, Group::X25519MlKem768],
            2,
        ),
        Server::new(config.clone(), TlsRng::new(2, 2)),
        |_| {},
    );
    assert_eq!(Ran::error(&second.client), None);
    assert_eq!(Ran::error(&second.server), None);
    // Two binders: one per ClientHello, and the server checked the second.
    let binders = Ran::secret(&second.client, Secret::PskBinder);
    assert_eq!(binders.len(), 2);
    assert_eq!(Ran::secret(&second.server, Secret::PskBinder), binders[1..]);
}

const REQUEST: &[u8] = b"GET / HTTP/1.1\r\nHost: server.test\r\n\r\n";

fn early_data(outputs: &[Output]) -> Vec<Vec<u8>> {
    outputs
        .iter()
        .filter_map(|o| match o {
            Output::EarlyData(d) => Some(d.clone()),
            _ => None,
        })
        .collect()
}

fn app_data(outputs: &[Output]) -> Vec<Vec<u8>> {
    outputs
        .iter()
        .filter_map(|o| match o {
            Output::AppData(d) => Some(d.clone()),
            _ => None,
        })
        .collect()
}

fn zero_rtt_server(now: u64) -> ServerConfig {
    ServerConfig {
        max_early_data: 16384,
        ..server_config(now)
    }
}

/// RFC 8446 §2.3: the request travels with the ClientHello, under
/// client_early_traffic_secret, and the server reads it before the handshake ends.
#[test]
fn zero_rtt_data_arrives_with_the_client_hello() {
    let config = zero_rtt_server(NOW);
    let Session::Tls13(ticket) = first_visit(&config).ticket() else {
        panic!("not a TLS 1.3 ticket")
    };
    assert_eq!(ticket.max_early_data, 16384);
    let second = run(
        client_sending(
            Some(Session::Tls13(ticket)),
            NOW + 1,
            &[Group::X25519],
            2,
            Some(REQUEST),
        ),
        Server::new(config.clone(), TlsRng::new(2, 2)),
        |_| {},
    );
    assert_eq!(Ran::error(&second.client), None);
    assert_eq!(Ran::error(&second.server), None);
    assert_eq!(early_data(&second.server), [REQUEST.to_vec()]);
    // Not sent again after the handshake.
    assert!(app_data(&second.server).is_empty());
    let early = Ran::secret(&second.client, Secret::ClientEarlyTrafficSecret);
    assert_eq!(early.len(), 1);
    assert_eq!(
        early,
        Ran::secret(&second.server, Secret::ClientEarlyTrafficSecret)
    );
    // The first flight: ClientHello, the compatibility ChangeCipherSpec, the early data.
    assert_eq!(
        second
            .client_first_flight
            .iter()
            .map(|r| r[0])
            .collect::<Vec<_>>(),
        [22, 20, 23]
    );
}

/// A ticket that allows no early data: the browser keeps its request for after the
/// handshake.
#[test]
fn zero_rtt_needs_a_ticket_that_allows_it() {
    let config = server_config(NOW);
    let second = run(
        client_sending(
            Some(first_visit(&config).ticket()),
            NOW + 1,
            &[Group::X25519],
            2,
            Some(REQUEST),
        ),
        Server::new(config.clone(), TlsRng::new(2, 2)),
        |_| {},
    );
    assert!(Ran::secret(&second.client, Secret::ClientEarlyTrafficSecret).is_empty());
    assert!(early_data(&second.server).is_empty());
    assert_eq!(app_data(&second.server), [REQUEST.to_vec()]);
}

/// RFC 8446 §4.2.10: a server that does not take the early data (here it does not know the
/// ticket, or it asks for another key share) skips those records, and the browser sends the
/// request again once the handshake is done.
#[test]
fn refused_zero_rtt_data_is_skipped_and_sent_again() {
    let config = zero_rtt_server(NOW);
    let ticket = first_visit(&config).ticket();
    let retry_only = ServerConfig {
        groups13: vec![Group::X25519MlKem768],
        ..config.clone()
    };
    for server in [zero_rtt_server(NOW + 1), retry_only] {
        let ran = run(
            client_sending(
                Some(ticket.clone()),
                NOW + 1,
                &[Group::X25519, Group::X25519MlKem768],
                2,
                Some(REQUEST),
            ),
            Server::new(server, TlsRng::new(2, 2)),
            |_| {},
        );
        assert_eq!(Ran::error(&ran.client), None);
        assert_eq!(Ran::error(&ran.server), None);
        assert!(early_data(&ran.server).is_empty());
        assert_eq!(app_data(&ran.server), [REQUEST.to_vec()]);
        assert!(
            ran.server
                .iter()
                .any(|o| matches!(o, Output::Check { what, .. } if what == "0-RTT data skipped"))
        );
    }
}

/// RFC 8446 §8: 0-RTT data can be replayed. Someone who recorded the browser's first flight
/// sends it again: a server that keeps tickets for reuse takes the request a second time;
/// single-use tickets (§8.1) stop it.
#[test]
fn a_replayed_first_flight_delivers_its_early_data_again_unless_tickets_are_single_use() {
    for single_use in [false, true] {
        let config = ServerConfig {
            single_use_tickets: single_use,
            ..zero_rtt_server(NOW)
        };
        let ticket = first_visit(&config).ticket();
        let second = run(
            client_sending(Some(ticket), NOW + 1, &[Group::X25519], 2, Some(REQUEST)),
            Server::new(config.clone(), TlsRng::new(2, 2)),
            |_| {},
        );
        assert_eq!(early_data(&second.server), [REQUEST.to_vec()]);
        // The replay: the same bytes, to the same server (another connection).
        let mut replayed = Server::new(config.clone(), TlsRng::new(3, 2));
        for record in &second.client_first_flight {
            replayed.receive(record);
        }
        let outputs = replayed.take_outputs();
        let again = early_data(&outputs);
        if single_use {
            assert!(again.is_empty(), "single-use tickets took a replay");
        } else {
            assert_eq!(again, [REQUEST.to_vec()], "the replay was not taken");
        }
    }
}

/// A browser offering TLS 1.2 only, with `kx` and the extended master secret as `ems` says.
fn tls12_client(
    resume: Option<Session>,
    now: u64,
    kx: KeyExchange,
    ems: bool,
    seed: u64,
) -> Client {
    let mut c = Client::new(
        ClientConfig {
            tls13: None,
            offer: vec![kx],
            ems,
            now,
            resume,
            ask_for_tickets: true,
            ..ClientConfig::browser("server.test", Trust::Roots(pki::trust_anchors()))
        },
        TlsRng::new(seed, 1),
    );
    c.start();
    c
}

fn tls12_session(ran: &Ran) -> Session12 {
    match ran.ticket() {
        Session::Tls12(s) => s,
        other => panic!("not a TLS 1.2 session: {other:?}"),
    }
}

/// RFC 5246 §7.3 and RFC 5077: the first TLS 1.2 handshake leaves a session (with a ticket,
/// since the browser asks for one); the second resumes it by ticket, then by session_id,
/// with the abbreviated handshake: the same master secret, no certificate, and the server's
/// Finished first.
#[test]
fn tls12_resumes_by_ticket_and_by_session_id() {
    for kx in [KeyExchange::Ecdhe, KeyExchange::Rsa] {
        let config = server_config(NOW);
        let first = run(
            tls12_client(None, NOW, kx, true, 1),
            Server::new(config.clone(), TlsRng::new(1, 2)),
            |_| {},
        );
        assert_eq!(Ran::error(&first.client), None);
        let session = tls12_session(&first);
        assert!(session.ticket.is_some(), "{kx:?}: no ticket");
        assert_eq!(session.session_id.len(), 32);
        let by_id = Session12 {
            ticket: None,
            ..session.clone()
        };
        for (seed, offered) in [(2, session.clone()), (3, by_id)] {
            let again = run(
                tls12_client(Some(Session::Tls12(offered)), NOW + 5, kx, true, seed),
                Server::new(config.clone(), TlsRng::new(seed, 2)),
                |_| {},
            );
            for outputs in [&again.client, &again.server] {
                assert_eq!(Ran::error(outputs), None, "{kx:?}");
                assert!(
                    outputs
                        .iter()
                        .any(|o| matches!(o, Output::HandshakeComplete))
                );
            }
            // No certificate, no key exchange: the master secret is the first one's.
            assert!(!again.client.iter().any(|o| matches!(o, Output::Chain(_))));
            assert_eq!(
                Ran::secret(&again.client, Secret::MasterSecret),
                Ran::secret(&first.client, Secret::MasterSecret)
            );
            assert!(Ran::secret(&again.client, Secret::PreMasterSecret).is_empty());
            // But new randoms, so new keys.
            assert_ne!(
                Ran::secret(&again.client, Secret::ClientWriteKey),
                Ran::secret(&first.client, Secret::ClientWriteKey)
            );
            assert_eq!(
                Ran::secret(&again.client, Secret::ClientWriteKey),
                Ran::secret(&again.server, Secret::ClientWriteKey)
            );
            // The abbreviated flight: ServerHello, [NewSessionTicket,] ChangeCipherSpec,
            // Finished in one go.
            assert!(
                again.server_records.len() <= 4,
                "{}",
                again.server_records.len()
            );
        }
    }
}

/// RFC 7627 §5.3: a session made with the extended master secret is not resumed by a
/// ClientHello without it: the server aborts.
#[test]
fn tls12_a_session_with_ems_is_not_resumed_without_it() {
    let config = server_config(NOW);
    let first = run(
        tls12_client(None, NOW, KeyExchange::Ecdhe, true, 1),
        Server::new(config.clone(), TlsRng::new(1, 2)),
        |_| {},
    );
    let session = tls12_session(&first);
    assert!(session.ems);
    let again = run(
        tls12_client(
            Some(Session::Tls12(session)),
            NOW + 5,
            KeyExchange::Ecdhe,
            false,
            2,
        ),
        Server::new(config.clone(), TlsRng::new(2, 2)),
        |_| {},
    );
    assert_eq!(
        Ran::error(&again.server),
        Some(AlertDescription::HandshakeFailure)
    );
}

/// The simulation's resumption runs (`Scenario::resume`, the page's and `transcript
/// --resume`): the connection shown resumes the first visit's session.
#[test]
fn simulate_shows_the_second_visit() {
    use engine::msgs::enums::HandshakeType as H;
    use engine::scenario::{Protocol, Scenario};
    use engine::transcript::Content;
    let contents = |t: &engine::Transcript| -> Vec<Content> {
        t.records
            .iter()
            .flat_map(|r| r.messages.iter().map(|m| m.content))
            .collect()
    };
    for protocol in [Protocol::Tls13, Protocol::Ecdhe, Protocol::Rsa] {
        let full = engine::simulate(&Scenario {
            protocol,
            ..Scenario::default()
        });
        let resumed = engine::simulate(&Scenario {
            protocol,
            resume: true,
            ..Scenario::default()
        });
        assert!(
            resumed.outcome.exchange_complete && resumed.outcome.alert.is_none(),
            "{protocol:?}"
        );
        let shown = contents(&resumed);
        assert!(
            !shown.contains(&Content::Handshake(H::Certificate)),
            "{protocol:?}: {shown:?}"
        );
        assert!(contents(&full).contains(&Content::Handshake(H::Certificate)));
        let bytes = |t: &engine::Transcript| t.records.iter().map(|r| r.bytes.len()).sum::<usize>();
        assert!(bytes(&resumed) < bytes(&full), "{protocol:?}");
        // The first visit comes with it: a full handshake that left the session.
        let first = resumed.first_visit.as_deref().expect("the first visit");
        assert!(first.outcome.exchange_complete, "{protocol:?}");
        assert!(contents(first).contains(&Content::Handshake(H::Certificate)));
        assert!(contents(first).contains(&Content::Handshake(H::NewSessionTicket)));
        assert!(first.first_visit.is_none() && full.first_visit.is_none());
        // What carries over: TLS 1.3's PSK from the first visit's resumption_master_secret,
        // TLS 1.2's master secret itself.
        if protocol == Protocol::Tls13 {
            assert!(first.value(Secret::ResumptionMasterSecret).is_some());
            assert!(resumed.value(Secret::Psk).is_some());
        } else {
            assert_eq!(
                first.value(Secret::MasterSecret),
                resumed.value(Secret::MasterSecret),
                "{protocol:?}"
            );
        }
        assert!(resumed.replay.is_none(), "a replay belongs to 0-RTT runs");
    }
    let zero_rtt = engine::simulate(&Scenario {
        protocol: Protocol::Tls13,
        resume: true,
        early_data: true,
        ..Scenario::default()
    });
    assert!(zero_rtt.outcome.exchange_complete && zero_rtt.outcome.alert.is_none());
    let shown = contents(&zero_rtt);
    assert!(
        shown.contains(&Content::Handshake(H::EndOfEarlyData)),
        "{shown:?}"
    );
    // The request is the third record: ClientHello, ChangeCipherSpec, the early data.
    assert_eq!(
        zero_rtt.records[2].messages[0].content,
        Content::ApplicationData
    );
    // Its first flight replayed: this server's single-use ticket is spent, so nothing is
    // delivered again; a server keeping tickets for reuse delivers the request twice.
    let replay = zero_rtt.replay.as_ref().expect("a 0-RTT run's replay");
    assert_eq!(replay.records, [1, 2, 3]);
    assert_eq!(replay.single_use, None);
    assert_eq!(
        replay.reusable.as_deref(),
        Some(zero_rtt.scenario.request.as_bytes())
    );
}
