//! The endpoints fed the fuzzer's bytes after a real prefix of their peer's records, so the
//! fuzzer reaches the states after ServerHello, Certificate, ClientKeyExchange and Finished
//! instead of only the first parse.

use std::sync::OnceLock;

use engine::client::{Client, ClientConfig, Tls13Offer, Trust};
use engine::codec::Reader;
use engine::common::{Machine, Output};
use engine::crypto::rng::TlsRng;
use engine::endpoint::Endpoint;
use engine::msgs::enums::ExtensionType;
use engine::msgs::extensions;
use engine::msgs::handshake::Handshake;
use engine::pki;
use engine::scenario::KeyExchange;
use engine::server::{ClientAuth, Server, ServerConfig};

use crate::properties::assert_one_alert_then_silence;

/// The handshakes whose records make the prefixes: TLS 1.3 with the hybrid group, TLS 1.2
/// ECDHE and TLS 1.2 RSA key exchange (variants 0, 1, 2), and each again with mutual TLS
/// (3, 4, 5: the server asks for Sam Student's certificate and gets it), so the fuzzer
/// reaches the server's states that check the client's Certificate and CertificateVerify.
const VARIANTS: usize = 6;
/// The handshakes without mutual TLS.
const HANDSHAKES: usize = 3;

fn new_client(variant: usize) -> Client {
    let handshake = variant % HANDSHAKES;
    let mut c = Client::new(
        ClientConfig {
            tls13: (handshake == 0).then(Tls13Offer::browser),
            offer: match handshake {
                1 => vec![KeyExchange::Ecdhe],
                _ => vec![KeyExchange::Rsa],
            },
            identity: (variant >= HANDSHAKES)
                .then(|| pki::client_identity(pki::ClientCertKind::Valid))
                .flatten(),
            ..ClientConfig::browser("server.test", Trust::Roots(pki::trust_anchors()))
        },
        TlsRng::new(1, 1),
    );
    c.start();
    c
}

fn new_server(variant: usize) -> Server {
    Server::new(
        ServerConfig {
            client_auth: (variant >= HANDSHAKES)
                .then(|| ClientAuth::teaching(engine::scenario::DEFAULT_NOW))
                .flatten(),
            ..ServerConfig::teaching(pki::identity(pki::CertKind::Valid))
        },
        TlsRng::new(1, 2),
    )
}

fn records(outputs: Vec<Output>) -> Vec<Vec<u8>> {
    outputs
        .into_iter()
        .filter_map(|o| match o {
            Output::Record(r) => Some(r.bytes),
            _ => None,
        })
        .collect()
}

/// Each side's records in a whole handshake and exchange of data, per variant.
struct Exchange {
    client: Vec<Vec<u8>>,
    server: Vec<Vec<u8>>,
}

fn exchanges() -> &'static [Exchange; VARIANTS] {
    static EXCHANGES: OnceLock<[Exchange; VARIANTS]> = OnceLock::new();
    EXCHANGES.get_or_init(|| std::array::from_fn(relay))
}

/// Runs the variant's handshake to its end, with a request and a response.
fn relay(variant: usize) -> Exchange {
    let mut c = new_client(variant);
    let mut s = new_server(variant);
    let mut x = Exchange {
        client: Vec::new(),
        server: Vec::new(),
    };
    for round in 0..8 {
        let from_client = records(c.take_outputs());
        for r in &from_client {
            s.receive(r);
        }
        x.client.extend(from_client);
        let from_server = records(s.take_outputs());
        for r in &from_server {
            c.receive(r);
        }
        x.server.extend(from_server);
        if round == 4 {
            let _ = c.send_app_data(b"GET / HTTP/1.1\r\n\r\n");
            let _ = s.send_app_data(b"HTTP/1.1 200 OK\r\n\r\n");
        }
    }
    x
}

/// `e` after each prefix of `peer`'s records: `[e, e after 1 record, …]`. Computed once per
/// target and then cloned for each input (a fresh handshake per input costs an RSA signature).
fn snapshots<M: Machine + Clone>(mut e: Endpoint<M>, peer: &[Vec<u8>]) -> Vec<Endpoint<M>>
where
    M::Config: Clone,
{
    e.take_outputs();
    let mut after = vec![e.clone()];
    for r in peer {
        e.receive(r);
        e.take_outputs();
        after.push(e.clone());
    }
    after
}

/// The server after the first `k` of the client's real records, per variant.
fn server_after(variant: usize, k: usize) -> Server {
    static STATES: OnceLock<Vec<Vec<Server>>> = OnceLock::new();
    let states = STATES.get_or_init(|| {
        exchanges()
            .iter()
            .enumerate()
            .map(|(v, x)| snapshots(new_server(v), &x.client))
            .collect()
    });
    let after = &states[variant];
    after[k % after.len()].clone()
}

/// The client after the first `k` of the server's real records, per variant.
fn client_after(variant: usize, k: usize) -> Client {
    static STATES: OnceLock<Vec<Vec<Client>>> = OnceLock::new();
    let states = STATES.get_or_init(|| {
        (0..VARIANTS)
            .map(|v| snapshots(new_client(v), &exchanges()[v].server))
            .collect()
    });
    let after = &states[variant];
    after[k % after.len()].clone()
}

/// `data[0]` picks the variant and `data[1]` how many of the client's real records the
/// server has had before the rest of `data`, handed over in pieces cut where `data[2]` says.
pub fn server(data: &[u8]) {
    let [v, k, cut, rest @ ..] = data else {
        return;
    };
    let mut s = server_after(usize::from(*v) % VARIANTS, usize::from(*k));
    let mut outputs = Vec::new();
    feed(rest, *cut, |piece| {
        s.receive(piece);
        outputs.extend(s.take_outputs());
    });
    assert_one_alert_then_silence(&outputs);
}

/// The same for the client: real server records, then the fuzzer's.
pub fn client(data: &[u8]) {
    let [v, k, cut, rest @ ..] = data else {
        return;
    };
    let mut c = client_after(usize::from(*v) % VARIANTS, usize::from(*k));
    let mut outputs = Vec::new();
    feed(rest, *cut, |piece| {
        c.receive(piece);
        outputs.extend(c.take_outputs());
    });
    assert_one_alert_then_silence(&outputs);
}

/// Hands `bytes` over in pieces of `cut` bytes (all at once for 0), as TCP may.
fn feed(bytes: &[u8], cut: u8, mut receive: impl FnMut(&[u8])) {
    match usize::from(cut) {
        0 => receive(bytes),
        n => bytes.chunks(n).for_each(receive),
    }
}

/// Seeds for `server` (or `client`): each prefix length followed by the real next record.
pub fn seeds(for_server: bool) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for (v, x) in exchanges().iter().enumerate() {
        let peer = if for_server { &x.client } else { &x.server };
        for (k, record) in peer.iter().enumerate() {
            out.push([&[v as u8, k as u8, 0][..], record].concat());
        }
    }
    out
}

/// Whose real hello a structured input borrows from.
#[derive(Clone, Copy, Debug)]
pub enum Peer {
    Client,
    Server,
}

/// A server that has received nothing yet.
pub fn fresh_server() -> Server {
    server_after(0, 0)
}

/// The client of `variant` (mod 6) after sending its real ClientHello, with the session id
/// it sent (which a ServerHello echoes).
pub fn fresh_client(variant: usize) -> (Client, Vec<u8>) {
    let v = variant % VARIANTS;
    let session_id = match hello(Peer::Client, v) {
        Some(Handshake::ClientHello(ch)) => ch.session_id.clone(),
        _ => Vec::new(),
    };
    (client_after(v, 0), session_id)
}

/// The real peer's key share for `group` in the TLS 1.3 handshake: the client's offer or the
/// server's answer, so a structured hello can carry a share that works.
pub fn real_key_share(peer: Peer, group: u16) -> Option<Vec<u8>> {
    let (extensions, read): (_, fn(&[u8]) -> _) = match hello(peer, 0)? {
        Handshake::ClientHello(ch) => (&ch.extensions, extensions::key_share_client),
        Handshake::ServerHello(sh) => (&sh.extensions, |body| {
            extensions::key_share_server(body).map(|e| vec![e])
        }),
        _ => return None,
    };
    let body = &extensions
        .iter()
        .find(|e| e.typ == ExtensionType::KeyShare)?
        .body;
    read(body)
        .ok()?
        .into_iter()
        .find(|e| e.group.to_wire() == group)
        .map(|e| e.key_exchange)
}

/// The first record of `peer` in `variant`'s real exchange, decoded once: its hello.
fn hello(peer: Peer, variant: usize) -> Option<&'static Handshake> {
    static HELLOS: OnceLock<Vec<[Option<Handshake>; 2]>> = OnceLock::new();
    let hellos = HELLOS.get_or_init(|| {
        exchanges()
            .iter()
            .map(|x| {
                [&x.client, &x.server].map(|records| {
                    let record = records.first()?;
                    Handshake::read(&mut Reader::new(record.get(5..)?), None).ok()
                })
            })
            .collect()
    });
    hellos[variant][usize::from(matches!(peer, Peer::Server))].as_ref()
}
