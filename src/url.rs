//! The page's state in its URL: `?suite=rsa|ecdhe|tls13&group=x25519|x25519mlkem768&hrr=1`
//! `&seed=N&step=K&ems=0|1&cert=KIND&client_cert=KIND&fault=SPEC` (`group` and `hrr` for
//! TLS 1.3, `ems` for TLS 1.2; `client_cert` makes the server ask for the browser's
//! certificate, mutual TLS, and names what the browser presents) and how a teacher shows it: `&embed=1&panels=LIST&faults=0&theme=light|dark|auto`.
//!
//! `&compare=HANDSHAKE` shows a second handshake beside the first, aligned by round trip:
//! `rsa`, `ecdhe`, `tls13-x25519`, `tls13-x25519mlkem768` or `tls13` (TLS 1.3's default
//! group), with `-hrr` after a TLS 1.3 one for a HelloRetryRequest (`tls13-x25519-hrr`). It
//! runs with the same seed, certificate, request and response; neither side has a fault (a
//! comparison differs only in the protocol), so `fault=` is then ignored. There a step is a
//! flight of both runs: `step=3` is the browsers' second flight, in round trip 2.
//!
//! `&resume=1` shows the browser's second visit, which resumes the session its first visit
//! left (TLS 1.3's ticket, TLS 1.2's session ID or ticket), beside that first visit;
//! `&early_data=1` (TLS 1.3) also sends its request as 0-RTT data with the ClientHello. Both
//! are the lab's extended build's.
//!
//! `&attack=relay-cert|own-cert|trusted-ca|downgrade` puts an active attacker on the path (the
//! lab's attacker build): a run of its own, so `compare=` and `practice=` are then ignored.
//!
//! `&lesson=ID&lesson_step=K` follows a guided lesson (a shipped lesson's id, or a teacher's
//! lesson inline as base64url: see `crate::lesson`); `&practice=1` asks a question before each
//! record is revealed.
//!
//! Parsing never fails: each bad value becomes a notice the page shows, and its default is used.

use engine::attack::Attack;
use engine::pki::{CertKind, ClientCertKind};
use engine::scenario::{Group, Scenario, one_of};
use engine::{Fault, Protocol};

use crate::handshakes::Choice;
use outsider::LeakKind;

/// What the URL can say.
#[derive(Clone, Debug, PartialEq)]
pub struct UrlState {
    pub protocol: Protocol,
    /// TLS 1.3's key-exchange group.
    pub group: Group,
    /// TLS 1.3: the server asks for another key share (HelloRetryRequest).
    pub hrr: bool,
    pub ems: bool,
    pub seed: u64,
    /// 1-based record number the student is looking at; `None`: the first.
    pub step: Option<usize>,
    pub cert: CertKind,
    /// `client_cert=`: the server asks for a client certificate and the browser presents this
    /// kind; `None`: the server does not ask.
    pub client_cert: Option<ClientCertKind>,
    pub fault: Option<Fault>,
    pub embed: bool,
    /// The panels to show (`panels=`).
    pub panels: Panels,
    /// Whether the ⚡ fault menus are offered (`faults=0` hides them for a plain demo).
    pub faults: bool,
    pub theme: Theme,
    /// The side-by-side view's second handshake (`compare=`).
    pub compare: Option<Choice>,
    /// `lesson=`: a shipped lesson's id or an inline lesson (read by `crate::course::load_lesson`).
    pub lesson: Option<String>,
    /// `lesson_step=`: 1-based; `None` with a lesson: its first step.
    pub lesson_step: Option<usize>,
    /// `practice=1`: predict each record before it is revealed.
    pub practice: bool,
    /// `request=`: the browser's request as the student edited it; `None`: the default one.
    pub request: Option<String>,
    /// `eavesdropper=1`: what someone on the path sees of the run.
    pub eavesdropper: bool,
    /// `leak=server-key` or `leak=quantum`: the secret the eavesdropper is handed later (which
    /// shows its view: `eavesdropper` is then true).
    pub leak: Option<LeakKind>,
    /// `resume=1`: the browser's second visit, resuming its first one's session.
    pub resume: bool,
    /// `early_data=1` (TLS 1.3): the second visit's request goes as 0-RTT data (`resume` is
    /// then true).
    pub early_data: bool,
    /// `attack=`: an active attacker on the path, and what it tries.
    pub attack: Option<Attack>,
}

/// The longest request the page sends, in characters: its record stays readable in the byte
/// view, and a link that carries it stays well under browsers' URL limits.
pub const MAX_REQUEST: usize = 2000;

/// The panels a teacher can choose with `panels=sequence,inspector,keys,checks,data,misconceptions`.
/// The step controls and the current step's explanation always show: without them there is
/// nothing to follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Panels {
    pub sequence: bool,
    pub inspector: bool,
    pub keys: bool,
    pub checks: bool,
    pub data: bool,
    pub misconceptions: bool,
}

impl Panels {
    pub const ALL: Panels = Panels {
        sequence: true,
        inspector: true,
        keys: true,
        checks: true,
        data: true,
        misconceptions: true,
    };
    /// The compact embed: the diagram beside the step's explanation, at a steady height
    /// (the full page grows and shrinks by thousands of pixels from step to step).
    pub const COMPACT: Panels = Panels {
        sequence: true,
        ..Panels::NONE
    };
    const NONE: Panels = Panels {
        sequence: false,
        inspector: false,
        keys: false,
        checks: false,
        data: false,
        misconceptions: false,
    };
    /// Each panel's name in the URL, in the order the page shows them.
    const NAMES: [&'static str; 6] = [
        "sequence",
        "inspector",
        "keys",
        "checks",
        "data",
        "misconceptions",
    ];

    fn flag(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "sequence" => &mut self.sequence,
            "inspector" => &mut self.inspector,
            "keys" => &mut self.keys,
            "checks" => &mut self.checks,
            "data" => &mut self.data,
            "misconceptions" => &mut self.misconceptions,
            _ => return None,
        })
    }

    /// The comma-separated list `panels=` takes, in the page's order.
    pub fn to_list(self) -> String {
        let mut copy = self;
        Self::NAMES
            .iter()
            .filter(|n| copy.flag(n).is_some_and(|f| *f))
            .copied()
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The colour scheme: the reader's system setting, or one a teacher fixes to match a course page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn parse(s: &str) -> Option<Theme> {
        [Theme::Auto, Theme::Light, Theme::Dark]
            .into_iter()
            .find(|t| t.as_str() == s)
    }
}

/// The run a bare URL shows is the engine's default scenario.
impl Default for UrlState {
    /// The page opens on what a browser does today: TLS 1.3 with the post-quantum hybrid key
    /// share (the 2013 RSA handshake is one click away, and the classic lesson starts there).
    fn default() -> Self {
        let s = Scenario::default();
        UrlState {
            protocol: Protocol::Tls13,
            group: Group::X25519MlKem768,
            hrr: s.hrr,
            ems: s.ems,
            seed: s.seed,
            step: None,
            cert: s.cert,
            client_cert: s.client_cert,
            fault: s.fault,
            embed: false,
            panels: Panels::ALL,
            faults: true,
            theme: Theme::Auto,
            compare: None,
            lesson: None,
            lesson_step: None,
            practice: false,
            request: None,
            eavesdropper: false,
            leak: None,
            resume: false,
            early_data: false,
            attack: None,
        }
    }
}

/// The parsed state and a notice for every value that could not be used.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub state: UrlState,
    pub notices: Vec<String>,
}

/// The keys of the URL, in the order [`to_query`] writes them: the one table that parsing,
/// writing back and the check for a repeated key all read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Suite,
    Seed,
    Group,
    Hrr,
    Ems,
    Step,
    Cert,
    ClientCert,
    Fault,
    Embed,
    Panels,
    Faults,
    Theme,
    Compare,
    Lesson,
    LessonStep,
    Practice,
    Request,
    Eavesdropper,
    Leak,
    Resume,
    EarlyData,
    Attack,
}

const KEYS: [Key; 23] = [
    Key::Suite,
    Key::Seed,
    Key::Group,
    Key::Hrr,
    Key::Ems,
    Key::Step,
    Key::Cert,
    Key::ClientCert,
    Key::Fault,
    Key::Embed,
    Key::Panels,
    Key::Faults,
    Key::Theme,
    Key::Compare,
    Key::Lesson,
    Key::LessonStep,
    Key::Practice,
    Key::Request,
    Key::Eavesdropper,
    Key::Leak,
    Key::Resume,
    Key::EarlyData,
    Key::Attack,
];

/// Values read that depend on others, checked once the whole query is read (the keys come in
/// any order): `group` and `hrr` need TLS 1.3, `ems` TLS 1.2, `compare` another handshake.
#[derive(Default)]
struct Pending {
    group: Option<Group>,
    hrr: Option<bool>,
    ems: Option<bool>,
    compare: Option<Choice>,
    /// Read only where the page has resumption (elsewhere the key is refused as it is read).
    #[cfg(feature = "resumption")]
    early_data: Option<bool>,
}

impl Key {
    /// Its name in the URL.
    fn name(self) -> &'static str {
        match self {
            Key::Suite => "suite",
            Key::Seed => "seed",
            Key::Group => "group",
            Key::Hrr => "hrr",
            Key::Ems => "ems",
            Key::Step => "step",
            Key::Cert => "cert",
            Key::ClientCert => "client_cert",
            Key::Fault => "fault",
            Key::Embed => "embed",
            Key::Panels => "panels",
            Key::Faults => "faults",
            Key::Theme => "theme",
            Key::Compare => "compare",
            Key::Lesson => "lesson",
            Key::LessonStep => "lesson_step",
            Key::Practice => "practice",
            Key::Request => "request",
            Key::Eavesdropper => "eavesdropper",
            Key::Leak => "leak",
            Key::Resume => "resume",
            Key::EarlyData => "early_data",
            Key::Attack => "attack",
        }
    }

    /// Reads `value` into `state` (or `pending`). `Err`: why it was not used, to end
    /// "Ignored key=value: …"; `Ok(Some(_))`: a notice although it was used.
    fn read(
        self,
        value: &str,
        state: &mut UrlState,
        pending: &mut Pending,
    ) -> Result<Option<String>, String> {
        // The one parser for the keys that are 0 or 1, each with its own hint.
        let flag = |hint: &str| match value {
            "1" => Ok(true),
            "0" => Ok(false),
            _ => Err(hint.to_string()),
        };
        match self {
            Key::Suite => {
                state.protocol = Protocol::parse(value).ok_or_else(|| {
                    let names: Vec<String> = Protocol::ALL
                        .iter()
                        .map(|p| format!("suite={}", p.as_str()))
                        .collect();
                    format!("use {}", one_of(&names))
                })?
            }
            Key::Seed => {
                state.seed = value.parse().map_err(|_| {
                    "the seed is a whole number from 0 to 18446744073709551615".to_string()
                })?
            }
            Key::Group => {
                pending.group = Some(
                    Group::parse(value).ok_or_else(|| format!("use group={}", Group::choices()))?,
                )
            }
            Key::Hrr => pending.hrr = Some(flag("use hrr=1 or hrr=0")?),
            Key::Ems => pending.ems = Some(flag("use ems=1 or ems=0")?),
            Key::Step => state.step = Some(counted(value).ok_or("steps are numbered from 1")?),
            Key::Cert => {
                state.cert = CertKind::parse(value).ok_or_else(|| {
                    format!(
                        "use cert={}",
                        CertKind::ALL.map(CertKind::as_str).join(", ")
                    )
                })?
            }
            // The lab's first build has no mutual-TLS code: its loader starts the extended
            // build for a link with client_cert= (scripts/extended-build.mjs), so only the
            // course page reads one here.
            Key::ClientCert if !cfg!(feature = "client-auth") => {
                return Err("client certificates are shown in the lab, not on this page".into());
            }
            Key::ClientCert => {
                state.client_cert = Some(ClientCertKind::parse(value).ok_or_else(|| {
                    format!(
                        "use client_cert={}",
                        ClientCertKind::ALL.map(ClientCertKind::as_str).join(", ")
                    )
                })?)
            }
            Key::Fault => match Fault::parse(value) {
                Ok(fault) => state.fault = Some(fault),
                // The engine's message quotes the spec, so it is shown whole only when the spec
                // is short: a hostile URL cannot flood the page, nor a sentence be cut.
                Err(e) if value.chars().count() <= MAX_ECHO => {
                    return Ok(Some(format!("Ignored the fault: {e}.")));
                }
                Err(_) => {
                    return Err(
                        "use drop:N, flip:N:OFFSET, reorder:N, replay:N or truncate:N:LENGTH"
                            .into(),
                    );
                }
            },
            Key::Embed => state.embed = flag("use embed=1")?,
            Key::Panels => state.panels = parse_panels(value)?,
            Key::Faults => {
                state.faults = flag("use faults=0 to hide the fault menus, or faults=1")?
            }
            Key::Theme => {
                state.theme =
                    Theme::parse(value).ok_or("use theme=light, theme=dark or theme=auto")?
            }
            Key::Compare => {
                pending.compare = Some(
                    Choice::parse(value)
                        .ok_or_else(|| format!("use compare={}", Choice::choices()))?,
                )
            }
            // Read by `crate::course::load_lesson`, which has the words for what is wrong with it.
            Key::Lesson => state.lesson = Some(value.to_string()),
            Key::LessonStep => {
                state.lesson_step =
                    Some(counted(value).ok_or("a lesson's steps are numbered from 1")?)
            }
            Key::Practice => state.practice = flag("use practice=1")?,
            Key::Request if value.chars().count() > MAX_REQUEST => {
                state.request = Some(value.chars().take(MAX_REQUEST).collect());
                return Ok(Some(format!(
                    "The request in the link is longer than {MAX_REQUEST} characters: it was cut there."
                )));
            }
            Key::Request => state.request = Some(value.to_string()),
            // The eavesdropper is the lab's (the course page has no room for it).
            Key::Eavesdropper | Key::Leak if !cfg!(feature = "eavesdropper") => {
                return Err("the eavesdropper is in the lab, not on the course page".into());
            }
            Key::Eavesdropper => state.eavesdropper = flag("use eavesdropper=1")?,
            // A secret handed over shows the eavesdropper's view.
            Key::Leak => {
                state.leak =
                    Some(LeakKind::parse(value).ok_or("use leak=server-key or leak=quantum")?);
                state.eavesdropper = true;
            }
            // The lab's loader starts the extended build for these (scripts/extended-build.mjs),
            // so only the course page reads one here.
            Key::Resume | Key::EarlyData if !cfg!(feature = "resumption") => {
                return Err(if cfg!(feature = "client-auth") {
                    "the lab shows a second visit without a client certificate: remove client_cert= to see it"
                } else {
                    "the second visit is shown in the lab, not on this page"
                }
                .into());
            }
            Key::Resume => state.resume = flag("use resume=1")?,
            #[cfg(feature = "resumption")]
            Key::EarlyData => pending.early_data = Some(flag("use early_data=1")?),
            #[cfg(not(feature = "resumption"))]
            Key::EarlyData => {}
            // The lab's loader starts the attacker build for it (scripts/extended-build.mjs)
            // unless the link also names an earlier extended build's key.
            Key::Attack if !cfg!(feature = "attack") => {
                return Err(
                    "the attacker is shown in the lab, in runs without client_cert=, resume= or early_data="
                        .into(),
                );
            }
            Key::Attack => {
                state.attack = Some(
                    Attack::parse(value)
                        .ok_or_else(|| format!("use attack={}", Attack::choices()))?,
                )
            }
        }
        Ok(None)
    }

    /// Its value for [`to_query`], when `s` has one to write: a default is left out.
    fn write(self, s: &UrlState) -> Option<String> {
        let tls13 = s.protocol == Protocol::Tls13;
        match self {
            Key::Suite => Some(s.protocol.as_str().to_string()),
            Key::Seed => Some(s.seed.to_string()),
            Key::Group => tls13.then(|| s.group.as_str().to_string()),
            Key::Hrr => (tls13 && s.hrr).then(|| "1".into()),
            Key::Ems => (!tls13).then(|| u8::from(s.ems).to_string()),
            Key::Step => s.step.map(|k| k.to_string()),
            Key::Cert => (s.cert != CertKind::Valid).then(|| s.cert.as_str().to_string()),
            Key::ClientCert => s.client_cert.map(|k| k.as_str().to_string()),
            // Specs are made of letters, digits and ':', all safe in a query.
            Key::Fault => s.fault.map(|f| f.to_string()),
            Key::Embed => s.embed.then(|| "1".into()),
            Key::Panels => (s.panels != Panels::ALL).then(|| s.panels.to_list()),
            Key::Faults => (!s.faults).then(|| "0".into()),
            Key::Theme => (s.theme != Theme::Auto).then(|| s.theme.as_str().to_string()),
            Key::Compare => s.compare.map(|c| c.id()),
            // Ids and base64url are safe in a query as they are.
            Key::Lesson => s.lesson.clone(),
            Key::LessonStep => s.lesson.as_ref().and(s.lesson_step).map(|k| k.to_string()),
            Key::Practice => s.practice.then(|| "1".into()),
            Key::Request => s.request.as_deref().map(encode),
            // A secret handed over implies the eavesdropper's view.
            Key::Eavesdropper | Key::Leak if !cfg!(feature = "eavesdropper") => None,
            Key::Eavesdropper => (s.eavesdropper && s.leak.is_none()).then(|| "1".into()),
            Key::Leak => s.leak.map(|k| k.as_str().into()),
            Key::Resume => s.resume.then(|| "1".into()),
            Key::EarlyData => s.early_data.then(|| "1".into()),
            Key::Attack => s.attack.map(|a| a.as_str().into()),
        }
    }
}

/// A step number: counted from 1.
fn counted(value: &str) -> Option<usize> {
    value.parse().ok().filter(|&k| k >= 1)
}

/// Reads a query string (with or without the leading `?`).
pub fn parse(query: &str) -> Parsed {
    let mut state = UrlState::default();
    let mut notices = Vec::new();
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut seen = [false; KEYS.len()];
    let mut pending = Pending::default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (key, value) = (decode(key), decode(value));
        let Some(i) = KEYS.iter().position(|k| k.name() == key) else {
            notices.push(format!(
                "Ignored the unknown parameter \"{}\".",
                shorten(&key)
            ));
            continue;
        };
        // A second value for the same key is more likely a mistake than a choice: say which
        // one counts rather than silently taking the last.
        if std::mem::replace(&mut seen[i], true) {
            notices.push(format!(
                "{} is given more than once; the last value ({}) counts.",
                shorten(&key),
                shorten(&value)
            ));
        }
        match KEYS[i].read(&value, &mut state, &mut pending) {
            Ok(notice) => notices.extend(notice),
            Err(what) => notices.push(format!("Ignored {key}={}: {what}.", shorten(&value))),
        }
    }
    let Pending {
        group,
        hrr,
        ems,
        compare,
        #[cfg(feature = "resumption")]
        early_data,
    } = pending;
    let tls13 = state.protocol == Protocol::Tls13;
    let only = |key: &str, value: &str, what: &str| {
        format!(
            "Ignored {key}={value}: {what}, and this is suite={}.",
            state.protocol.as_str()
        )
    };
    match group {
        Some(g) if tls13 => state.group = g,
        Some(g) => notices.push(only(
            "group",
            g.as_str(),
            "the group applies to TLS 1.3 (suite=tls13); TLS 1.2's ECDHE here always uses X25519",
        )),
        None => {}
    }
    match hrr {
        Some(h) if tls13 => state.hrr = h,
        Some(true) => notices.push(only(
            "hrr",
            "1",
            "HelloRetryRequest is a TLS 1.3 message (suite=tls13)",
        )),
        _ => {}
    }
    match ems {
        Some(e) if !tls13 => state.ems = e,
        Some(false) => notices.push(only(
            "ems",
            "0",
            "the extended master secret is a TLS 1.2 fix; TLS 1.3's key schedule always covers the handshake",
        )),
        _ => {}
    }
    #[cfg(feature = "resumption")]
    match early_data {
        // 0-RTT data needs a session to resume.
        Some(true) if tls13 => (state.early_data, state.resume) = (true, true),
        Some(true) => notices.push(only(
            "early_data",
            "1",
            "0-RTT data is TLS 1.3's (suite=tls13); TLS 1.2 resumes without it",
        )),
        _ => {}
    }
    if let Some(attack) = state.attack {
        let ignored = |key: &str, value: &str| {
            format!(
                "Ignored {key}={value}: the attacker's run (attack={}) is shown on its own.",
                attack.as_str()
            )
        };
        if let Some(c) = compare {
            notices.push(ignored("compare", &c.id()));
        }
        if std::mem::take(&mut state.practice) {
            notices.push(ignored("practice", "1"));
        }
        return Parsed { state, notices };
    }
    match compare {
        Some(c) if c == Choice::new(state.protocol, state.group, state.hrr) => {
            notices.push(format!(
                "Ignored compare={}: it is the handshake this link already shows.",
                c.id()
            ))
        }
        Some(c) => {
            state.compare = Some(c);
            if let Some(fault) = state.fault.take() {
                notices.push(format!(
                    "Ignored fault={fault}: the side-by-side view compares handshakes without faults."
                ));
            }
        }
        None => {}
    }
    Parsed { state, notices }
}

/// Writes the query string (with the leading `?`) that [`parse`] reads back: every key of
/// [`KEYS`] that has a value other than its default, in their order.
pub fn to_query(s: &UrlState) -> String {
    let mut q = String::new();
    for key in KEYS {
        if let Some(value) = key.write(s) {
            q.push(if q.is_empty() { '?' } else { '&' });
            q.push_str(key.name());
            q.push('=');
            q.push_str(&value);
        }
    }
    q
}

/// Whether `query` gives `key` a value: a lesson step's state changes only what it names of
/// how the page is shown.
pub fn names(query: &str, key: &str) -> bool {
    query
        .trim_start_matches('?')
        .split('&')
        .any(|pair| pair.split_once('=').map_or(pair, |(k, _)| k) == key)
}

/// `sequence,keys`: the named panels, each at most once. An unknown name refuses the whole
/// list, so a typo shows a notice instead of a page missing the panel the teacher meant.
fn parse_panels(list: &str) -> Result<Panels, String> {
    let mut panels = Panels::NONE;
    for name in list.split(',').map(str::trim) {
        match panels.flag(name) {
            Some(flag) => *flag = true,
            None => {
                return Err(format!(
                    "\"{}\" is not a panel; choose from {}",
                    shorten(name),
                    Panels::NAMES.join(", ")
                ));
            }
        }
    }
    Ok(panels)
}

/// Percent-encoding of a value: RFC 3986's unreserved characters stay, every other byte of the
/// UTF-8 is `%XX`, so [`decode`] gives the text back exactly (a CR LF too).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-decoding (and `+` as space), lossy on invalid UTF-8: the result is only compared
/// and echoed as text, never interpreted as markup.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2]))
            {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Keeps echoed values short, so a hostile URL cannot flood the page.
fn shorten(s: &str) -> String {
    if s.chars().count() <= MAX_ECHO {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX_ECHO).collect::<String>())
    }
}

/// Characters of a URL value a notice repeats.
const MAX_ECHO: usize = 40;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_query_gives_the_default_run() {
        let p = parse("");
        assert_eq!(p.state, UrlState::default());
        assert!(p.notices.is_empty());
    }

    #[test]
    fn an_attacker_on_the_path() {
        let p = parse("suite=ecdhe&attack=downgrade");
        assert_eq!(p.state.attack, Some(Attack::Downgrade), "{:?}", p.notices);
        assert_eq!(
            to_query(&p.state),
            "?suite=ecdhe&seed=1&ems=1&attack=downgrade"
        );
        assert_eq!(
            parse("attack=mitm").notices,
            ["Ignored attack=mitm: use attack=relay-cert, own-cert, trusted-ca or downgrade."]
        );
        let p = parse("attack=trusted-ca&compare=rsa&practice=1");
        assert!(p.state.compare.is_none() && !p.state.practice);
        assert_eq!(
            p.notices,
            [
                "Ignored compare=rsa: the attacker's run (attack=trusted-ca) is shown on its own.",
                "Ignored practice=1: the attacker's run (attack=trusted-ca) is shown on its own."
            ]
        );
    }

    #[test]
    fn a_second_visit_and_its_early_data() {
        let p = parse("suite=tls13&early_data=1");
        assert!(
            p.state.resume && p.state.early_data,
            "0-RTT implies resumption"
        );
        assert!(p.notices.is_empty());
        assert_eq!(
            to_query(&p.state),
            "?suite=tls13&seed=1&group=x25519mlkem768&resume=1&early_data=1"
                .replace("seed=1", &format!("seed={}", p.state.seed))
        );
        let p = parse("suite=ecdhe&resume=1&early_data=1");
        assert!(p.state.resume && !p.state.early_data);
        assert_eq!(
            p.notices,
            [
                "Ignored early_data=1: 0-RTT data is TLS 1.3's (suite=tls13); TLS 1.2 resumes without it, and this is suite=ecdhe."
            ]
        );
        assert_eq!(
            parse("resume=yes").notices,
            ["Ignored resume=yes: use resume=1."]
        );
    }

    #[test]
    fn round_trip() {
        let s = UrlState {
            protocol: Protocol::Ecdhe,
            group: Group::X25519MlKem768,
            hrr: false,
            ems: false,
            seed: 42,
            step: Some(7),
            cert: CertKind::WrongHost,
            client_cert: Some(ClientCertKind::Expired),
            fault: Some(Fault::Flip {
                record: 3,
                offset: 9,
            }),
            embed: true,
            panels: Panels {
                inspector: false,
                data: false,
                ..Panels::ALL
            },
            faults: false,
            theme: Theme::Dark,
            compare: None,
            lesson: Some("classic".into()),
            lesson_step: Some(3),
            practice: true,
            request: Some("GET /a b?c=1&d=+%é HTTP/1.1\r\nHost: server.test\r\n\r\n".into()),
            eavesdropper: true,
            leak: Some(LeakKind::Quantum),
            resume: true,
            early_data: false,
            attack: None,
        };
        let p = parse(&to_query(&s));
        assert_eq!(p.state, s);
        assert!(p.notices.is_empty());
        // The view alone, and each secret (which shows the view too).
        for leak in [None, Some(LeakKind::ServerKey)] {
            let s = UrlState { leak, ..s.clone() };
            assert_eq!(parse(&to_query(&s)).state, s);
        }
        // The hint names every kind of secret.
        let hint = &parse("leak=nothing").notices[0];
        for kind in LeakKind::ALL {
            assert!(hint.contains(&format!("leak={}", kind.as_str())), "{hint}");
        }
        // Every client certificate, and none (the server does not ask).
        for client_cert in ClientCertKind::ALL.map(Some).into_iter().chain([None]) {
            let s = UrlState {
                client_cert,
                ..s.clone()
            };
            assert_eq!(parse(&to_query(&s)).state, s);
        }
        let hint = &parse("client_cert=someone").notices[0];
        for kind in ClientCertKind::ALL {
            assert!(hint.contains(kind.as_str()), "{hint}");
        }
        for id in ["rsa", "tls13-x25519", "tls13-x25519mlkem768-hrr"] {
            let s = UrlState {
                fault: None,
                compare: Choice::parse(id),
                lesson: None,
                lesson_step: None,
                practice: false,
                ..s.clone()
            };
            assert!(to_query(&s).contains(&format!("&compare={id}&request=")));
            let p = parse(&to_query(&s));
            assert_eq!(p.state, s, "{id}");
            assert!(p.notices.is_empty(), "{id}: {:?}", p.notices);
        }
    }

    #[test]
    fn compare() {
        let p = parse("?suite=rsa&compare=tls13&step=3");
        assert!(p.notices.is_empty(), "{:?}", p.notices);
        let c = p.state.compare.unwrap();
        assert_eq!(
            (c.handshake.protocol, c.handshake.group, c.hrr),
            (Protocol::Tls13, Group::X25519MlKem768, false)
        );
        assert_eq!(
            parse("?compare=tls13-x25519-hrr")
                .state
                .compare
                .unwrap()
                .title(),
            "TLS 1.3 · X25519 + HelloRetryRequest"
        );
        // The same handshake with and without HelloRetryRequest is a comparison.
        let p = parse("?suite=tls13&group=x25519&compare=tls13-x25519-hrr");
        assert!(
            p.notices.is_empty() && p.state.compare.is_some(),
            "{:?}",
            p.notices
        );

        // A bad value: a notice naming the choices, and the single view.
        for (query, says) in [
            (
                "?compare=tls14",
                "use compare=rsa, ecdhe, tls13-x25519, tls13-x25519mlkem768, or tls13",
            ),
            ("?compare=ecdhe-hrr", "adds -hrr"),
            ("?suite=ecdhe&compare=ecdhe", "already shows"),
            ("?suite=tls13&hrr=1&compare=tls13-hrr", "already shows"),
        ] {
            let p = parse(query);
            assert_eq!(p.notices.len(), 1, "{query}: {:?}", p.notices);
            assert!(p.notices[0].contains(says), "{query}: {}", p.notices[0]);
            assert_eq!(p.state.compare, None, "{query}");
        }
        // Faults are left out of a comparison, with a notice.
        let p = parse("?fault=drop:2&compare=ecdhe");
        assert_eq!((p.state.fault, p.notices.len()), (None, 1));
        assert!(
            p.notices[0].contains("Ignored fault=drop:2"),
            "{}",
            p.notices[0]
        );
    }

    #[test]
    fn garbage_gives_notices_and_defaults() {
        let p = parse(
            "?suite=des&seed=-1&step=0&ems=yes&cert=evil&fault=explode:3&%3Cscript%3E=1&embed=2",
        );
        assert_eq!(p.state, UrlState::default());
        assert_eq!(p.notices.len(), 8, "{:?}", p.notices);
        assert!(p.notices.iter().any(|n| n.contains("<script>")));
    }

    #[test]
    fn hostile_values_are_shortened_and_bad_escapes_survive() {
        let long = "a".repeat(5000);
        let p = parse(&format!("suite={long}&seed=%zz&step=%"));
        assert_eq!(p.notices.len(), 3);
        assert!(p.notices.iter().all(|n| n.len() < 200));
        assert!(p.notices[1].contains("%zz"));
    }

    #[test]
    fn panels_faults_and_theme() {
        let p = parse("?panels=sequence,keys&faults=0&theme=light");
        assert!(p.notices.is_empty(), "{:?}", p.notices);
        let Panels {
            sequence,
            inspector,
            keys,
            checks,
            data,
            misconceptions,
        } = p.state.panels;
        assert!(sequence && keys && !inspector && !checks && !data && !misconceptions);
        assert!(!p.state.faults);
        assert_eq!(p.state.theme, Theme::Light);
        assert_eq!(
            to_query(&p.state),
            "?suite=tls13&seed=1&group=x25519mlkem768&panels=sequence,keys&faults=0&theme=light"
                .replace(
                    "seed=1",
                    &format!("seed={}", engine::scenario::DEFAULT_SEED)
                )
        );

        for bad in [
            "panels=sequence,charts",
            "panels=",
            "theme=blue",
            "faults=no",
        ] {
            let p = parse(bad);
            assert_eq!(p.notices.len(), 1, "{bad}: {:?}", p.notices);
            assert_eq!(p.state, UrlState::default(), "{bad}");
        }
    }

    #[test]
    fn tls13_group_and_hrr() {
        let p = parse("?hrr=1&group=x25519&suite=tls13&step=3");
        assert!(p.notices.is_empty(), "{:?}", p.notices);
        assert_eq!(
            (p.state.protocol, p.state.group, p.state.hrr),
            (Protocol::Tls13, Group::X25519, true)
        );
        assert_eq!(
            to_query(&p.state),
            format!(
                "?suite=tls13&seed={}&group=x25519&hrr=1&step=3",
                p.state.seed
            )
        );
        assert_eq!(parse(&to_query(&p.state)).state, p.state);
        // A TLS 1.3 link keeps the default group; ems=1 is harmless there.
        let p = parse("?suite=tls13&ems=1");
        assert!(p.notices.is_empty(), "{:?}", p.notices);
        assert_eq!(p.state.group, Group::X25519MlKem768);

        // Each only where it applies: a notice, and the rest of the link still counts.
        for (query, says) in [
            ("?suite=ecdhe&group=x25519", "group applies to TLS 1.3"),
            ("?suite=rsa&hrr=1", "HelloRetryRequest is a TLS 1.3 message"),
            (
                "?suite=tls13&ems=0",
                "extended master secret is a TLS 1.2 fix",
            ),
            ("?suite=tls13&group=p256", "use group=x25519 (x25519) or"),
            ("?suite=tls13&hrr=yes", "use hrr=1 or hrr=0"),
        ] {
            let p = parse(query);
            assert_eq!(p.notices.len(), 1, "{query}: {:?}", p.notices);
            assert!(p.notices[0].contains(says), "{query}: {}", p.notices[0]);
            assert!(!p.state.hrr, "{query}");
        }
        assert_eq!(
            parse("?suite=ecdhe&group=x25519").state.protocol,
            Protocol::Ecdhe
        );
    }

    #[test]
    fn a_repeated_key_is_named_in_a_notice() {
        let p = parse("?fault=drop:3&fault=flip:2:7");
        assert_eq!(p.notices.len(), 1, "{:?}", p.notices);
        assert!(p.notices[0].contains("fault is given more than once"));
        assert_eq!(
            p.state.fault,
            Some(Fault::Flip {
                record: 2,
                offset: 7
            })
        );
    }

    #[test]
    fn an_engine_message_is_never_cut() {
        let p = parse("?fault=drop:0");
        assert_eq!(p.notices.len(), 1);
        assert!(p.notices[0].ends_with('.'), "{}", p.notices[0]);
        assert!(!p.notices[0].contains('…'), "{}", p.notices[0]);
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(decode("flip%3A3%3A9"), "flip:3:9");
        assert_eq!(decode("a+b"), "a b");
        assert_eq!(decode("%e2%9c%93"), "✓");
        assert_eq!(decode("%"), "%");
        assert_eq!(decode("%4"), "%4");
        assert_eq!(decode("%é1"), "%é1");
    }
}
