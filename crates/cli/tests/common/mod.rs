//! Helpers for the CLI's integration tests: the binary, real peers (openssl, tshark) that
//! must be installed, child processes that are always killed, and scratch directories.
#![allow(dead_code)] // each test file uses a different part

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use engine::pki::{self, CertKind};

/// The `tls-lab` binary built for these tests.
pub fn tls_lab() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tls-lab"))
}

/// Runs `tls-lab` to completion (it is bounded by its own timeouts; simulations are instant).
pub fn run(args: &[&str]) -> Output {
    let mut cmd = tls_lab();
    cmd.args(args);
    let mut p = Proc::spawn("tls-lab", &mut cmd);
    p.wait_exit(Duration::from_secs(30));
    p.output()
}

/// Fails the test, loudly, when a real peer is missing: a skipped interop test would pass
/// without proving anything.
pub fn require(tool: &str, version_arg: &str) -> String {
    let package = match tool {
        "gnutls-cli" | "gnutls-serv" => "gnutls-bin",
        "unshare" => "util-linux",
        "ip" => "iproute2",
        other => other,
    };
    let out = Command::new(tool)
        .arg(version_arg)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{tool} is required by this test and could not be run ({e}). Install it: \
                 scripts/setup.sh --test, or DEBIAN_FRONTEND=noninteractive apt-get install -y \
                 {package}"
            )
        });
    assert!(out.status.success(), "{tool} {version_arg} failed: {out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().next().unwrap_or("").to_string()
}

/// The workspace's root directory.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Python that has tlslite-ng: the test virtualenv `scripts/setup.sh --test` makes
/// (`.venv-test/`), else `python3` from PATH. Fails the test when neither can import it.
pub fn python_with_tlslite() -> PathBuf {
    let venv = workspace().join(".venv-test/bin/python3");
    let python = if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    };
    let out = Command::new(&python)
        .args(["-c", "import tlslite; print(tlslite.__version__)"])
        .output();
    match out {
        Ok(o) if o.status.success() => python,
        other => panic!(
            "tlslite-ng is required by this test ({} cannot import it: {other:?}). Install it: \
             scripts/setup.sh --test",
            python.display()
        ),
    }
}

/// The scripted tlslite-ng peer (`tests/peers/tls12_peer.py`) with these arguments.
pub fn tlslite_peer(args: &[&str]) -> Proc {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/tls12_peer.py");
    let mut cmd = Command::new(python_with_tlslite());
    cmd.arg(script).args(args);
    Proc::spawn(&format!("tlslite-ng peer {}", args.join(" ")), &mut cmd)
}

/// `tls-lab serve` on 127.0.0.1:0 with the teaching chain, and the port it reports.
pub fn serve(dir: &Scratch, extra: &[&str]) -> (Proc, u16) {
    let (_, chain, key) = dir.teaching_pki(CertKind::Valid);
    let mut server = Proc::spawn(
        &format!("tls-lab serve {}", extra.join(" ")),
        tls_lab()
            .args(["serve", "127.0.0.1:0", "--cert"])
            .arg(&chain)
            .arg("--key")
            .arg(&key)
            .args(extra),
    );
    let port = listening_port(&mut server);
    (server, port)
}

/// `openssl s_server` for one connection on 127.0.0.1 with the teaching chain and these
/// flags (its version, suites, groups, tracing), and its port. The port is probed free;
/// another test may grab it first, so a failed start is retried on a new one.
pub fn openssl_s_server(dir: &Scratch, flags: &[&str]) -> (Proc, u16) {
    require("openssl", "version");
    let (_, chain, key) = dir.teaching_pki(CertKind::Valid);
    let mut last = String::new();
    for _ in 0..3 {
        let port = free_port();
        let mut cmd = Command::new("openssl");
        cmd.args([
            "s_server",
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-naccept",
            "1",
        ])
        .arg("-cert")
        .arg(&chain)
        .arg("-key")
        .arg(&key)
        .args(flags);
        let mut p = Proc::spawn("openssl s_server", &mut cmd);
        if p.try_wait_for("ACCEPT", Duration::from_secs(10)) {
            return (p, port);
        }
        last = format!("{}{}", p.stdout(), p.stderr());
    }
    panic!("openssl s_server did not start on 3 ports; last output:\n{last}");
}

/// serve binds port 0 and says where it listens: no race for a port.
pub fn listening_port(server: &mut Proc) -> u16 {
    server.wait_for("listening on 127.0.0.1:", Duration::from_secs(10));
    let err = server.stderr();
    err.lines()
        .find_map(|l| l.split("listening on 127.0.0.1:").nth(1))
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or_else(|| panic!("no port in {err:?}"))
}

/// A port nobody listens on right now (bind port 0, note it, let it go).
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    l.local_addr().expect("local addr").port()
}

/// A directory for one test's files, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// A fresh directory named after `name`, one level under the temporary directory (a name
    /// made of arguments may hold paths: their separators become '-').
    pub fn new(name: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let dir = std::env::temp_dir().join(format!(
            "tls-lab-test-{}-{}-{name}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }

    pub fn write(&self, file: &str, text: &str) -> PathBuf {
        let p = self.path(file);
        std::fs::write(&p, text).expect("write scratch file");
        p
    }

    /// The client CA, Sam Student's chain of `kind` (leaf first) and the student's key, as PEM
    /// files (mutual TLS).
    pub fn client_pki(&self, kind: pki::ClientCertKind) -> (PathBuf, PathBuf, PathBuf) {
        (
            self.write("client-ca.pem", pki::client_ca_pem()),
            self.write(
                "client-chain.pem",
                &pki::client_chain_pem(kind).expect("a kind with a certificate"),
            ),
            self.write("client-key.pem", pki::client_key_pem()),
        )
    }

    /// The teaching CA, a chain (leaf first) and the server key, as PEM files.
    pub fn teaching_pki(&self, kind: CertKind) -> (PathBuf, PathBuf, PathBuf) {
        (
            self.write("ca.pem", pki::ca_pem()),
            self.write("chain.pem", &pki::chain_pem(kind)),
            self.write("key.pem", pki::key_pem(kind)),
        )
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A child process whose output is collected as it comes, killed when dropped (also when the
/// test fails), so no peer outlives its test.
pub struct Proc {
    pub name: String,
    child: Child,
    stdin: Option<ChildStdin>,
    out: Arc<Mutex<Vec<u8>>>,
    err: Arc<Mutex<Vec<u8>>>,
    /// Set by each reader thread once its pipe reached end of file.
    drained: [Arc<AtomicBool>; 2],
    status: Option<ExitStatus>,
}

/// After the process exits, the longest to wait for its pipes to reach end of file (a
/// grandchild that inherited them may keep them open).
const DRAIN: Duration = Duration::from_secs(5);

impl Proc {
    pub fn spawn(name: &str, cmd: &mut Command) -> Proc {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        let out = Arc::new(Mutex::new(Vec::new()));
        let err = Arc::new(Mutex::new(Vec::new()));
        let drained = [
            Arc::new(AtomicBool::new(false)),
            Arc::new(AtomicBool::new(false)),
        ];
        match child.stdout.take() {
            Some(s) => collect(s, out.clone(), drained[0].clone()),
            None => drained[0].store(true, Ordering::SeqCst),
        }
        match child.stderr.take() {
            Some(s) => collect(s, err.clone(), drained[1].clone()),
            None => drained[1].store(true, Ordering::SeqCst),
        }
        Proc {
            name: name.to_string(),
            stdin: child.stdin.take(),
            child,
            out,
            err,
            drained,
            status: None,
        }
    }

    /// The process id (to send it a signal).
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.lock().expect("stdout lock")).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.err.lock().expect("stderr lock")).into_owned()
    }

    /// Everything the process printed, for failure messages.
    pub fn report(&self) -> String {
        format!(
            "--- {} stdout:\n{}\n--- {} stderr:\n{}",
            self.name,
            self.stdout(),
            self.name,
            self.stderr()
        )
    }

    /// Waits until stdout (or stderr) contains `needle`; fails the test after `timeout`.
    pub fn wait_for(&mut self, needle: &str, timeout: Duration) {
        if !self.try_wait_for(needle, timeout) {
            panic!(
                "{} did not print {needle:?} within {timeout:?} (exit: {:?})\n{}",
                self.name,
                self.status,
                self.report()
            );
        }
    }

    /// Waits until stdout (or stderr) contains `needle`: false after `timeout`, or as soon as
    /// the process has exited without printing it.
    pub fn try_wait_for(&mut self, needle: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let seen = |p: &Proc| p.stdout().contains(needle) || p.stderr().contains(needle);
        while Instant::now() < deadline {
            if seen(self) {
                return true;
            }
            if self.status.is_none() {
                self.status = self.child.try_wait().ok().flatten();
            } else {
                // Exited: let the reader threads drain the pipes.
                self.drain();
                return seen(self);
            }
            thread::sleep(Duration::from_millis(20));
        }
        false
    }

    pub fn write_stdin(&mut self, text: &str) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin
            .write_all(text.as_bytes())
            .expect("write to child stdin");
        stdin.flush().expect("flush child stdin");
    }

    /// Closes the process's stdin (end of input).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Waits for the process to exit; fails the test after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(s) = self.status {
                // Let the reader threads drain the pipes: a fixed pause lost the end of a
                // long output on a loaded machine.
                self.drain();
                return s;
            }
            self.status = self.child.try_wait().expect("try_wait");
            if self.status.is_none() {
                if Instant::now() >= deadline {
                    panic!(
                        "{} still runs after {timeout:?}\n{}",
                        self.name,
                        self.report()
                    );
                }
                thread::sleep(Duration::from_millis(20));
            }
        }
    }

    /// Waits (at most DRAIN) until both pipes reached end of file, so stdout and stderr
    /// hold everything the exited process wrote.
    fn drain(&self) {
        let deadline = Instant::now() + DRAIN;
        while Instant::now() < deadline && !self.drained.iter().all(|d| d.load(Ordering::SeqCst)) {
            thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn output(&self) -> Output {
        Output {
            status: self.status.expect("the process has exited"),
            stdout: self.out.lock().expect("stdout lock").clone(),
            stderr: self.err.lock().expect("stderr lock").clone(),
        }
    }

    /// Asserts a clean exit, showing all output otherwise.
    pub fn assert_success(&mut self, timeout: Duration) {
        let s = self.wait_exit(timeout);
        assert!(
            s.success(),
            "{} failed with {s}\n{}",
            self.name,
            self.report()
        );
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if self.status.is_none() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

fn collect(mut from: impl Read + Send + 'static, into: Arc<Mutex<Vec<u8>>>, done: Arc<AtomicBool>) {
    thread::spawn(move || {
        let mut buf = [0u8; 4096];
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => match into.lock() {
                    Ok(mut v) => v.extend_from_slice(&buf[..n]),
                    Err(_) => break,
                },
            }
        }
        done.store(true, Ordering::SeqCst);
    });
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Whether a path exists and is not empty.
pub fn non_empty(p: &Path) -> bool {
    std::fs::metadata(p).map(|m| m.len() > 0).unwrap_or(false)
}

/// Exports one simulated connection with `args` (`tls-lab export`); returns the paths of the
/// pcap, the key log and the server's key.
pub fn export(dir: &Scratch, args: &[&str]) -> (String, String, String) {
    let [pcap, keylog, key] =
        ["c.pcap", "keys.log", "server.key"].map(|f| dir.path(f).to_string_lossy().into_owned());
    let mut all = vec![
        "export",
        "--pcap",
        &pcap,
        "--keylog",
        &keylog,
        "--server-key",
        &key,
    ];
    all.extend_from_slice(args);
    let out = run(&all);
    assert!(out.status.success(), "export failed: {}", text(&out.stderr));
    (pcap, keylog, key)
}

/// curl fetching https://server.test:PORT/ (mapped to 127.0.0.1), trusting `ca`, with `extra`
/// flags (e.g. `--include`, `--tls-max 1.2`), giving up after 15 s.
pub fn curl(ca: &Path, port: u16, extra: &[&str]) -> Proc {
    require("curl", "--version");
    Proc::spawn(
        "curl",
        Command::new("curl")
            .args(["--silent", "--show-error", "--max-time", "15"])
            .args(extra)
            .arg("--cacert")
            .arg(ca)
            .args([
                "--resolve",
                &format!("server.test:{port}:127.0.0.1"),
                &format!("https://server.test:{port}/"),
            ]),
    )
}

/// Chromium starts in about 2 s here; a fetch that has not finished by then never will.
const BROWSER: Duration = Duration::from_secs(30);

/// Headless Chromium loading https://server.test:PORT/ (mapped to 127.0.0.1) with
/// `--dump-dom`, trusting a certificate whose key has this SPKI pin, writing its TLS secrets
/// to `keylog` if given (through `SSLKEYLOGFILE`, as a student sets it); what it printed.
pub fn chromium(dir: &Scratch, port: u16, pin: &str, keylog: Option<&Path>) -> String {
    chromium_run(dir, port, pin, keylog, &[]).stdout()
}

/// The same, logging to stderr: the DOM and the log, where a refused page names its
/// net::ERR_ code.
pub fn chromium_logged(dir: &Scratch, port: u16, pin: &str) -> (String, String) {
    let browser = chromium_run(dir, port, pin, None, &["--enable-logging=stderr", "--v=0"]);
    (browser.stdout(), browser.stderr())
}

fn chromium_run(
    dir: &Scratch,
    port: u16,
    pin: &str,
    keylog: Option<&Path>,
    extra: &[&str],
) -> Proc {
    require("chromium", "--version");
    let profile = dir.path("profile");
    let mut browser = Proc::spawn(
        "chromium --dump-dom",
        Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ])
            .args(extra)
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("--host-resolver-rules=MAP server.test 127.0.0.1")
            .arg(format!("--ignore-certificate-errors-spki-list={pin}"))
            .args(["--dump-dom", &format!("https://server.test:{port}/")])
            .envs(keylog.map(|k| ("SSLKEYLOGFILE", k))),
    );
    // A refused page still ends in a clean exit (an error page's DOM, or none).
    browser.wait_exit(BROWSER);
    browser
}

/// base64(SHA-256(SubjectPublicKeyInfo)) of the chain's first certificate (the leaf): the
/// pin Chromium's --ignore-certificate-errors-spki-list takes, computed by OpenSSL.
pub fn leaf_spki_sha256_base64(chain: &Path) -> String {
    require("openssl", "version");
    let out = Command::new("sh")
        .args([
            "-c",
            "openssl x509 -in \"$1\" -pubkey -noout | openssl pkey -pubin -outform der \
             | openssl dgst -sha256 -binary | base64",
            "sh",
        ])
        .arg(chain)
        .output()
        .expect("run openssl");
    let pin = text(&out.stdout).trim().to_string();
    // 32 bytes in base64: 43 characters and one '='.
    assert!(
        out.status.success() && pin.len() == 44,
        "SPKI pin {pin:?}: {}",
        text(&out.stderr)
    );
    pin
}
