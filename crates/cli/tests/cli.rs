//! The command line itself: transcript output, and every error a user can make ending in one
//! clear line and a non-zero exit, never a panic.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use common::{Proc, Scratch, free_port, run, text, tls_lab};

/// Runs tls-lab expecting failure with `code`; returns its single stderr line.
fn fails(args: &[&str], code: i32) -> String {
    let out = run(args);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    assert!(err.starts_with("tls-lab: "), "{args:?}: {err}");
    assert_eq!(
        err.lines().count(),
        1,
        "{args:?} should print one line: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty(), "{args:?} printed on stdout");
    err
}

fn transcript(args: &[&str]) -> String {
    let mut all = vec!["transcript"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn help_describes_every_command() {
    let out = run(&["--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for needle in [
        "transcript",
        "export",
        "connect",
        "serve",
        "capture-info",
        "decrypt",
        "intercept",
        "--attack NAME",
        "--fault SPEC",
        "--cert KIND",
        "--server-key",
        // Issue 9: both time limits, and serve's modes.
        "--timeout SECS     the idle timer",
        "--deadline SECS    the overall handshake deadline",
        "--once",
        "until\n      interrupted (Ctrl-C)",
    ] {
        assert!(help.contains(needle), "help lacks {needle}");
    }
}

#[test]
fn each_command_has_its_own_help() {
    for (command, needle) in [
        ("transcript", "--fault <SPEC>"),
        ("export", "--server-key <FILE>"),
        ("connect", "--server-name <NAME>"),
        ("serve", "--once"),
        ("decrypt", "--server-key <KEY.pem>"),
        ("intercept", "--upstream <HOST:PORT>"),
    ] {
        let out = run(&[command, "--help"]);
        assert!(out.status.success(), "{command} --help");
        let help = text(&out.stdout);
        assert!(
            help.contains(needle),
            "{command} --help lacks {needle}:\n{help}"
        );
    }
}

#[test]
fn a_mistyped_flag_gets_a_suggestion() {
    let err = fails(&["transcript", "--sed", "3"], 2);
    assert!(err.contains("did you mean --seed?"), "{err}");
    let err = fails(&["transcrip"], 2);
    assert!(err.contains("did you mean transcript?"), "{err}");
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    for (shell, needle) in [
        ("bash", "complete -F _tls__lab"),
        ("zsh", "#compdef tls-lab"),
        ("fish", "complete -c tls-lab"),
    ] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "completions {shell}");
        let script = text(&out.stdout);
        assert!(script.contains(needle), "{shell}: no {needle:?}");
        // Every command and a flag of each are completed.
        for word in [
            "transcript",
            "export",
            "connect",
            "serve",
            "server-name",
            "fault",
        ] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
    // The bash script is valid bash.
    let dir = Scratch::new("completions");
    let file = dir.path("tls-lab.bash");
    std::fs::write(&file, run(&["completions", "bash"]).stdout).expect("write script");
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .status()
        .expect("run bash");
    assert!(status.success(), "bash -n rejects the completion script");
    assert!(fails(&["completions", "tcsh"], 2).contains("tcsh"));
}

#[test]
fn readable_transcript_shows_records_derivations_and_outcome() {
    for suite in ["rsa", "ecdhe"] {
        let t = transcript(&["--suite", suite]);
        for needle in [
            "#1  Browser → Server  flight 1  ClientHello",
            "ServerHelloDone",
            "ChangeCipherSpec",
            "Finished",
            "Alert: close_notify",
            "DERIVATIONS",
            "master_secret",
            "CERTIFICATE CHAIN",
            "handshake complete  yes",
            "exchange complete   yes",
        ] {
            assert!(t.contains(needle), "{suite}: no {needle:?} in\n{t}");
        }
        assert_eq!(t.contains("ServerKeyExchange"), suite == "ecdhe");
    }
}

#[test]
fn hex_shows_record_bytes_and_plaintext() {
    let t = transcript(&["--hex"]);
    // Record 1: handshake (16), TLS 1.2 (0303), then a ClientHello (01).
    assert!(t.contains("    bytes      160303"), "{t}");
    let plain = t
        .lines()
        .filter(|l| l.starts_with("    plaintext  "))
        .count();
    assert!(plain >= 4, "encrypted records show their plaintext:\n{t}");
    assert!(!transcript(&[]).contains("    bytes      "));
}

#[test]
fn faults_and_certificates_name_their_alert() {
    // Record 7 of the RSA run is the client's encrypted Finished: a flipped byte fails the tag.
    let t = transcript(&["--fault", "flip:7:20"]);
    assert!(t.contains("fault: flip:7:20"), "{t}");
    assert!(t.contains("bad_record_mac"), "{t}");
    assert!(t.contains("handshake complete  no"), "{t}");
    let t = transcript(&["--cert", "expired", "--suite", "ecdhe"]);
    assert!(
        t.contains("alert               Browser sent fatal certificate_expired (45)"),
        "{t}"
    );
    assert!(t.contains("NET::ERR_CERT_DATE_INVALID"), "{t}");
    let t = transcript(&["--cert", "unknown-ca"]);
    assert!(t.contains("unknown_ca"), "{t}");
    let t = transcript(&["--fault", "drop:2"]);
    assert!(t.contains("NOT DELIVERED"), "{t}");
}

#[test]
fn json_transcript_is_reproducible_and_has_hex() {
    let json = |seed: &str| {
        let out = run(&["transcript", "--json", "--seed", seed, "--suite", "ecdhe"]);
        assert!(out.status.success());
        text(&out.stdout)
    };
    let a = json("3");
    assert_eq!(a, json("3"), "a seed reproduces the transcript");
    assert_ne!(a, json("4"));
    let t: serde_json::Value = serde_json::from_str(&a).expect("JSON");
    let first = &t["records"][0];
    assert_eq!(
        first["bytes_hex"].as_str().map(|h| &h[..6]),
        Some("160303"),
        "a TLS 1.2 handshake record"
    );
    let ms = t["derivations"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["id"] == "master_secret"))
        .expect("master_secret");
    assert_eq!(ms["value"].as_array().map(Vec::len), Some(48));
    assert_eq!(ms["value_hex"].as_str().map(str::len), Some(96));
    assert_eq!(t["outcome"]["handshake_complete"], true);
    assert_eq!(t["scenario"]["seed"], 3);
}

#[test]
fn bad_command_lines_exit_2_with_one_line() {
    assert!(fails(&[], 2).contains("no command"));
    assert!(fails(&["handshake"], 2).contains("unknown command"));
    assert!(fails(&["transcript", "--suite", "dhe"], 2).contains("unknown --suite \"dhe\""));
    assert!(
        fails(
            &[
                "connect",
                "127.0.0.1:1",
                "--server-name",
                "a",
                "--ca",
                "b",
                "--suite",
                "tls14"
            ],
            2
        )
        .contains("unknown --suite")
    );
    assert!(
        fails(&["transcript", "--suite", "tls13", "--group", "p256"], 2)
            .contains("unknown --group \"p256\"")
    );
    assert!(fails(&["transcript", "--cert", "revoked"], 2).contains("unknown --cert"));
    assert!(fails(&["transcript", "--seed", "many"], 2).contains("--seed"));
    assert!(fails(&["export", "--pcap", "x.pcap"], 2).contains("needs --keylog"));
    assert!(fails(&["serve", "127.0.0.1:0", "--cert", "c.pem"], 2).contains("needs --key"));
}

/// The command list in these messages comes from clap's declaration: decrypt, added after the
/// list was first written by hand, is named and treated like the others.
#[test]
fn decrypt_is_a_command_like_the_others() {
    let all = "transcript, export, connect, serve, intercept, capture-info, decrypt or completions";
    assert!(fails(&[], 2).contains(all));
    assert!(fails(&["handshake"], 2).contains(all));
    assert!(fails(&["decrpyt"], 2).contains("(did you mean decrypt?)"));
    let err = fails(&["decrypt", "--keylog", "k.log"], 2);
    assert!(err.starts_with("tls-lab: decrypt needs --pcap"), "{err}");
    assert!(
        err.trim_end().ends_with("(tls-lab decrypt --help)"),
        "{err}"
    );
    let err = fails(&["decrypt", "--pcap", "c.pcap", "--sever-key", "k.pem"], 2);
    assert!(
        err.contains("decrypt has no option --sever-key (did you mean --server-key?)"),
        "{err}"
    );
    let err = fails(&["decrypt", "--pcap", "c.pcap"], 2);
    assert!(
        err.contains("decrypt needs either --server-key or --keylog (tls-lab decrypt --help)"),
        "{err}"
    );
}

#[test]
fn invalid_fault_specs_are_refused() {
    for (spec, says) in [
        ("melt:1", "unknown fault \"melt\""),
        ("drop", "2 part(s)"),
        ("drop:x", "not a number"),
        ("drop:0", "numbered from 1"),
        ("flip:3", "3 part(s)"),
        ("", "unknown fault"),
        ("drop:99", "there is no record 99"),
        ("flip:1:100000", "past the end of record 1"),
        ("truncate:1:5000", "changes nothing"),
        ("replay:1:2", "2 part(s)"),
    ] {
        let err = fails(&["transcript", "--fault", spec], 2);
        assert!(err.contains(says), "{spec:?}: {err}");
    }
}

#[test]
fn missing_or_bad_pem_files() {
    let dir = Scratch::new("bad-pem");
    let missing = dir.path("missing.pem");
    let missing = missing.to_string_lossy();
    let err = fails(
        &[
            "connect",
            "127.0.0.1:1",
            "--server-name",
            "server.test",
            "--ca",
            &missing,
        ],
        1,
    );
    assert!(
        err.contains("cannot read --ca") && err.contains("missing.pem"),
        "{err}"
    );
    let junk = dir.write("junk.pem", "not a certificate\n");
    let junk = junk.to_string_lossy();
    let err = fails(
        &[
            "connect",
            "127.0.0.1:1",
            "--server-name",
            "server.test",
            "--ca",
            &junk,
        ],
        1,
    );
    assert!(
        err.contains("no -----BEGIN CERTIFICATE----- block"),
        "{err}"
    );
    let (_, chain, _) = dir.teaching_pki(engine::pki::CertKind::Valid);
    let chain = chain.to_string_lossy();
    let err = fails(
        &["serve", "127.0.0.1:0", "--cert", &chain, "--key", &chain],
        1,
    );
    assert!(
        err.contains("--key") && err.contains("PRIVATE KEY"),
        "{err}"
    );
    let err = fails(
        &["serve", "127.0.0.1:0", "--cert", &junk, "--key", &chain],
        1,
    );
    assert!(err.contains("--cert"), "{err}");
}

#[test]
fn connect_to_a_closed_port() {
    let dir = Scratch::new("closed-port");
    let (ca, _, _) = dir.teaching_pki(engine::pki::CertKind::Valid);
    let port = free_port();
    let err = fails(
        &[
            "connect",
            &format!("127.0.0.1:{port}"),
            "--server-name",
            "server.test",
            "--ca",
            &ca.to_string_lossy(),
        ],
        1,
    );
    assert!(
        err.contains(&format!("cannot connect to 127.0.0.1:{port}")) && err.contains("refused"),
        "{err}"
    );
}

/// A peer that accepts TCP and then says nothing: connect gives up after --timeout, naming
/// the message it waited for.
#[test]
fn connect_times_out_on_a_silent_server() {
    let dir = Scratch::new("silent");
    let (ca, _, _) = dir.teaching_pki(engine::pki::CertKind::Valid);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let started = Instant::now();
    let err = fails(
        &[
            "connect",
            &format!("127.0.0.1:{port}"),
            "--server-name",
            "server.test",
            "--ca",
            &ca.to_string_lossy(),
            "--timeout",
            "0.5",
        ],
        1,
    );
    assert!(
        err.contains("sent nothing for 0.5 s") && err.contains("ServerHello"),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    drop(listener);
}

/// Plain HTTP sent to serve is not TLS: it answers with a real alert and names it.
#[test]
fn serve_refuses_plain_http_with_an_alert() {
    let dir = Scratch::new("plain-http");
    let (_, chain, key) = dir.teaching_pki(engine::pki::CertKind::Valid);
    let mut server = Proc::spawn(
        "tls-lab serve",
        tls_lab()
            .args(["serve", "127.0.0.1:0", "--once", "--timeout", "2", "--cert"])
            .arg(&chain)
            .arg("--key")
            .arg(&key),
    );
    server.wait_for("listening on 127.0.0.1:", Duration::from_secs(10));
    let port: u16 = server
        .stderr()
        .lines()
        .find_map(|l| l.split("listening on 127.0.0.1:").nth(1))
        .and_then(|p| p.trim().parse().ok())
        .expect("port");
    let mut tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    tcp.write_all(b"GET / HTTP/1.1\r\nHost: server.test\r\n\r\n")
        .expect("write");
    tcp.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut reply = Vec::new();
    let _ = tcp.read_to_end(&mut reply);
    let status = server.wait_exit(Duration::from_secs(10));
    assert_eq!(status.code(), Some(1));
    let err = server.stderr();
    let last = err.lines().last().unwrap_or("");
    assert!(
        last.starts_with("tls-lab: handshake failed: tls-lab sent alert "),
        "{err}"
    );
    // The reply is a plaintext fatal alert record: 15 03 03 00 02 02 <description>.
    assert_eq!(
        reply.get(..6),
        Some(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02][..]),
        "{reply:?}"
    );
}

/// The active attacker (issue 33): the text says who sent each record, what the attacker
/// changed, held and read, and which check stopped it; the JSON has it all in `attacker`.
#[test]
fn an_attacked_transcript_says_what_stopped_the_attacker() {
    let out = transcript(&["--suite", "tls13", "--attack", "relay-cert"]);
    for needle in [
        "  attacker     relay-cert: it passes on the server's real certificate",
        "#1  Browser → Attacker",
        "Attacker → Browser",
        "ATTACKER (relay-cert, it terminates the browser's connection",
        "Stopped by the browser, which sent decrypt_error",
        "THE ATTACKER'S CONNECTION TO THE SERVER",
        "#1  Attacker → Server",
    ] {
        assert!(out.contains(needle), "lacks {needle:?}:\n{out}");
    }
    let out = transcript(&["--suite", "ecdhe", "--attack", "downgrade"]);
    assert!(out.contains("Browser → (attacker) → Server"), "{out}");
    assert!(
        out.contains("changed record 1: took the ECDHE suites out"),
        "{out}"
    );

    let json: serde_json::Value = serde_json::from_str(&transcript(&[
        "--suite",
        "ecdhe",
        "--attack",
        "trusted-ca",
        "--json",
    ]))
    .unwrap();
    let a = &json["attacker"];
    assert_eq!(a["attack"], "trusted-ca");
    assert_eq!(a["stance"], "terminates");
    let read: Vec<&str> = a["read"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert!(read[0].starts_with("GET / HTTP/1.1"), "{read:?}");
    assert!(read[1].starts_with("HTTP/1.1 200 OK"), "{read:?}");
    assert!(a["server_connection"]["records"].as_array().unwrap().len() > 5);
    assert!(a["keys"][0]["value_hex"].is_string());
}

#[test]
fn attack_flags_are_checked() {
    let err = fails(&["transcript", "--attack", "mitm"], 2);
    assert!(
        err.contains("relay-cert, own-cert, trusted-ca or downgrade"),
        "{err}"
    );
    let err = fails(&["transcript", "--attack", "own-cert", "--resume"], 2);
    assert!(err.contains("--resume"), "{err}");
    let err = fails(
        &[
            "export",
            "--pcap",
            "a",
            "--keylog",
            "b",
            "--attacker-pcap",
            "c",
        ],
        2,
    );
    assert!(
        err.contains("--attack") || err.contains("--attacker-keylog"),
        "{err}"
    );
}
