//! The page's state and the one reducer that changes it. Views read `State` and dispatch
//! `Action`s; a changed scenario is re-simulated here, so the transcript always matches it.

use std::rc::Rc;

use engine::pki::{CertKind, ClientCertKind};
use engine::practice::Question;
use engine::scenario::Group;
use engine::transcript::SecretId;
use engine::{Fault, Protocol, Scenario, Transcript};
use yew::prelude::*;

use crate::compare::{self, Comparison};
use crate::course::{load_lesson, practice_of};
use crate::handshakes::Choice;
use crate::lesson::{self, Loaded};
#[cfg(feature = "resumption")]
use crate::run::visit::Visit;
use crate::sim;
use crate::url::{self, Panels, Theme, UrlState};
use outsider::LeakKind;

#[derive(Clone, Debug)]
pub struct State {
    pub scenario: Scenario,
    pub transcript: Rc<Transcript>,
    /// The record the student is looking at, 1-based; 0 only when there are no records. In
    /// the side-by-side view, the flight of both runs (see [`compare`]).
    pub step: usize,
    pub playing: bool,
    /// How a teacher shows the page (`embed=1`, `panels=`, `faults=0`, `theme=`).
    pub view: View,
    /// Messages about URL values or choices that could not be used.
    pub notices: Vec<String>,
    /// Selected node of the key-derivation diagram (a `Derivation::id`).
    pub node: Option<SecretId>,
    /// Record number whose fault menu is open.
    pub fault_menu: Option<usize>,
    /// The side-by-side view (`compare=`): the second run, beside this one.
    pub compare: Option<Rc<Comparison>>,
    /// The guided lesson being followed (`lesson=`).
    pub lesson: Option<Rc<LessonRun>>,
    /// "Predict, then see" (`practice=1`).
    pub practice: Option<Rc<Practice>>,
    /// The lesson editor's text, while it is open (not in the URL: a draft is the teacher's
    /// until they share its link).
    pub editor: Option<Rc<String>>,
    /// The printable handout (every step with its explanation) is shown instead of the panels.
    pub handout: bool,
    /// What someone on the path sees of the run (`eavesdropper=1`).
    pub eavesdropper: bool,
    /// The secret the eavesdropper is handed after the run (`leak=`); shows its view too.
    pub leak: Option<LeakKind>,
    /// Bumped by every action, so comparing two states is cheap (see `PartialEq`).
    pub(crate) rev: u64,
}

/// What the page shows around the run: chosen in the URL by whoever links or embeds it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// Without the page's chrome, for an iframe.
    pub embed: bool,
    pub panels: Panels,
    /// The ⚡ fault menus on the diagram.
    pub faults: bool,
    pub theme: Theme,
}

/// A lesson being followed.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonRun {
    pub loaded: Loaded,
    /// The lesson step shown, 0-based.
    pub at: usize,
    /// The answers the student chose to each step's question, in order: a wrong one may be
    /// followed by another try, until the right one.
    pub answers: Vec<Vec<usize>>,
}

impl LessonRun {
    /// The lesson's xAPI activity: a shipped lesson's id, or a digest of an inline one.
    pub fn activity_root(&self) -> String {
        let param = &self.loaded.param;
        if lesson::SHIPPED.iter().any(|(id, _)| id == param) {
            format!("lesson/{param}")
        } else {
            // FNV-1a: a short, stable name for the same text.
            let h = param.bytes().fold(0x811c_9dc5_u32, |h, b| {
                (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
            });
            format!("lesson/inline-{h:08x}")
        }
    }

    /// The current step's activity.
    pub fn activity(&self) -> String {
        format!("{}/step-{}", self.activity_root(), self.at + 1)
    }

    /// Whether the current step's question waits for an answer: until then the records after
    /// the step stay hidden, as in practice, since they would give the answer away.
    pub fn asking(&self) -> bool {
        let question = self
            .loaded
            .lesson
            .steps
            .get(self.at)
            .and_then(|s| s.question.as_ref());
        let last = self.answers.get(self.at).and_then(|a| a.last());
        question.is_some_and(|q| last != Some(&q.answer))
    }
}

/// Practice mode: records are revealed one at a time, each after a question about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Practice {
    /// One per record, from the engine (`questions[k - 1]` is asked before record k).
    pub questions: Vec<Question>,
    pub answers: Vec<Option<Answer>>,
    /// Records 1..=revealed may be shown: none before the first answer.
    pub revealed: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Answer {
    Chose(usize),
    /// "Show me": revealed without an answer.
    Shown,
}

impl Practice {
    /// The question for the next record, while one is left.
    pub fn asking(&self) -> Option<&Question> {
        self.questions.get(self.revealed)
    }

    /// Right answers, answers, and records shown without an answer.
    pub fn score(&self) -> (usize, usize, usize) {
        let mut score = (0, 0, 0);
        for (q, a) in self.questions.iter().zip(&self.answers) {
            match a {
                Some(Answer::Chose(c)) => {
                    score.0 += usize::from(*c == q.answer);
                    score.1 += 1;
                }
                Some(Answer::Shown) => score.2 += 1,
                None => {}
            }
        }
        score
    }
}

/// Two states are equal when no action happened in between: comparing transcripts field by
/// field on every render would cost more than rendering.
impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.rev == other.rev
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    First,
    Previous,
    Next,
    Last,
    Goto(usize),
    TogglePlay,
    /// Auto-advance by one step; stops playing at the end.
    Tick,
    /// A change to the run: simulated again ([`State::rerun`]).
    Rerun(Edit),
    SelectNode(Option<SecretId>),
    ToggleFaultMenu(usize),
    /// Escape: closes the open fault menu and the key diagram's details.
    CloseMenus,
    /// Shows (or leaves) the printable handout.
    Handout(bool),
    /// Shows or hides what someone on the path sees; hiding it takes any secret back.
    Eavesdrop(bool),
    /// Hands the eavesdropper a secret (or none).
    Leak(Option<LeakKind>),
    DismissNotices,
    /// A lesson's, practice's or the lesson editor's (the course page's only).
    Course(crate::course::Action),
    /// A connection of the student's own capture, in place of the run (the recorded page's).
    #[cfg(feature = "recorded")]
    Recorded(Rc<Transcript>),
}

/// A change to the run itself, after which the scenario is simulated again.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// One of the page's handshakes: the protocol and, for TLS 1.3, its group.
    Handshake(Protocol, Group),
    /// HelloRetryRequest on or off (TLS 1.3).
    Hrr(bool),
    /// The extended master secret on or off (TLS 1.2).
    Ems(bool),
    /// The server's certificate.
    Cert(CertKind),
    /// Mutual TLS: the client certificate the browser presents when the server asks, or
    /// `None`: the server does not ask.
    ClientCert(Option<ClientCertKind>),
    /// The seed of both sides' randomness: a new run of the same handshake.
    Seed(u64),
    /// The fault on the wire, or none.
    Fault(Option<Fault>),
    /// The browser's request.
    Request(String),
    /// Which visit: the first (a full handshake), the second (resumed), or the second with
    /// its request as 0-RTT data.
    #[cfg(feature = "resumption")]
    Visit(Visit),
    /// An attacker on the path, or none.
    #[cfg(feature = "attack")]
    Attack(Option<engine::attack::Attack>),
}

impl Edit {
    /// Whether the edit changes which messages the handshake sends, so that a fault, which
    /// names a record by its number, would hit another message: then it is cleared. The
    /// server's certificate, the seed and the request keep the records in place; a client
    /// certificate adds messages.
    fn clears_fault(&self) -> bool {
        matches!(
            self,
            Edit::Handshake(..) | Edit::Hrr(_) | Edit::Ems(_) | Edit::ClientCert(_)
        ) || self.changes_visit()
    }

    /// A visit or an attacker changes which records the run has.
    fn changes_visit(&self) -> bool {
        #[cfg(feature = "resumption")]
        if matches!(self, Edit::Visit(_)) {
            return true;
        }
        #[cfg(feature = "attack")]
        if matches!(self, Edit::Attack(_)) {
            return true;
        }
        false
    }

    /// `scenario` with the edit made.
    fn apply(self, scenario: &Scenario) -> Scenario {
        let mut s = scenario.clone();
        match self {
            Edit::Handshake(protocol, group) => {
                // HelloRetryRequest exists only in TLS 1.3.
                s.hrr &= protocol == Protocol::Tls13;
                // So does 0-RTT data.
                #[cfg(feature = "resumption")]
                {
                    s.early_data &= protocol == Protocol::Tls13;
                }
                s.protocol = protocol;
                s.group = group;
            }
            Edit::Hrr(hrr) => s.hrr = hrr,
            Edit::Ems(ems) => s.ems = ems,
            Edit::Cert(cert) => s.cert = cert,
            Edit::ClientCert(kind) => s.client_cert = kind,
            Edit::Seed(seed) => s.seed = seed,
            Edit::Fault(fault) => s.fault = fault,
            Edit::Request(request) => s.request = request,
            #[cfg(feature = "resumption")]
            Edit::Visit(visit) => {
                s.resume = visit != Visit::First;
                s.early_data = visit == Visit::ZeroRtt;
            }
            #[cfg(feature = "attack")]
            Edit::Attack(attack) => s.attack = attack,
        }
        s
    }
}

/// What follows from a scenario once it is simulated: the parts of a [`State`] that
/// [`State::from_url`] and [`State::rerun`] both build.
struct Run {
    scenario: Scenario,
    transcript: Rc<Transcript>,
    compare: Option<Rc<Comparison>>,
    practice: Option<Rc<Practice>>,
    /// Steps in the run (records, or flights side by side).
    steps: usize,
}

impl Run {
    /// `scenario` simulated (a fault that cannot apply is reported and dropped), beside the
    /// `compare` handshake if any, with practice questions if asked.
    fn new(
        scenario: Scenario,
        compare: Option<Choice>,
        practice: bool,
        notices: &mut Vec<String>,
    ) -> Run {
        let (scenario, transcript) = run_checked(scenario, notices);
        let compare = compare.map(|c| compared(c, &transcript));
        let steps = steps(&transcript, compare.as_deref());
        let practice = match practice {
            true if compare.is_some() => {
                notices.push(
                    "Ignored practice=1: practice asks about one handshake, not two side by side."
                        .into(),
                );
                None
            }
            true => practice_of(&transcript),
            false => None,
        };
        Run {
            scenario,
            transcript,
            compare,
            practice,
            steps,
        }
    }

    /// The last step practice lets the student see (all of them outside practice).
    fn limit(&self) -> usize {
        self.practice.as_ref().map_or(self.steps, |p| p.revealed)
    }
}

impl State {
    /// The state a URL describes, simulated. With a lesson, its step's state, unless the URL
    /// is one the page wrote (it names the record step and the lesson step).
    pub fn from_url(mut url: UrlState, mut notices: Vec<String>) -> State {
        let mut lesson = None;
        if let Some(param) = url.lesson.take() {
            match load_lesson(&param) {
                Ok(loaded) => {
                    let n = loaded.lesson.steps.len();
                    let k = url.lesson_step.unwrap_or(1);
                    if k > n {
                        notices.push(format!(
                            "Lesson step {k} does not exist: this lesson has {n}. Showing the last one."
                        ));
                    }
                    let at = k.min(n) - 1;
                    if url.practice {
                        notices.push("Ignored practice=1: a lesson asks its own questions.".into());
                        url.practice = false;
                    }
                    if url.lesson_step.is_none() || url.step.is_none() {
                        url = lesson_state(&loaded, at, &url, &mut notices);
                    }
                    lesson = Some(Rc::new(LessonRun {
                        answers: vec![Vec::new(); n],
                        loaded,
                        at,
                    }));
                }
                Err(errors) => notices.extend(errors),
            }
        }
        let state = State::simulated(url, notices);
        State { lesson, ..state }
    }

    pub(crate) fn simulated(url: UrlState, mut notices: Vec<String>) -> State {
        let run = Run::new(scenario_of(&url), url.compare, url.practice, &mut notices);
        let n = run.steps;
        let step = match url.step {
            Some(k) if k > n => {
                let (what, steps) = match run.compare {
                    Some(_) => ("comparison", "flights"),
                    None => ("run", "records"),
                };
                notices.push(format!(
                    "Step {k} does not exist: this {what} has {n} {steps}. Showing the last one."
                ));
                n
            }
            Some(k) => k,
            None => n.min(1),
        };
        State {
            step: step.min(run.limit()),
            scenario: run.scenario,
            transcript: run.transcript,
            practice: run.practice,
            compare: run.compare,
            playing: false,
            lesson: None,
            editor: None,
            handout: false,
            eavesdropper: url.eavesdropper,
            leak: url.leak,
            view: View {
                embed: url.embed,
                panels: url.panels,
                faults: url.faults,
                theme: url.theme,
            },
            notices,
            node: None,
            fault_menu: None,
            rev: 0,
        }
    }

    /// The recorded page before its connection comes: nothing simulated (the recorded page
    /// leaves the simulator out), nothing to show. The view follows the URL.
    #[cfg(feature = "recorded")]
    pub fn awaiting(url: UrlState, notices: Vec<String>) -> State {
        let empty = engine::recorded::transcript(&Default::default(), None, String::new());
        State {
            scenario: empty.scenario.clone(),
            transcript: Rc::new(Transcript {
                recorded: None,
                ..empty
            }),
            step: 0,
            playing: false,
            view: View {
                embed: url.embed,
                panels: url.panels,
                faults: false,
                theme: url.theme,
            },
            notices,
            node: None,
            fault_menu: None,
            compare: None,
            lesson: None,
            practice: None,
            editor: None,
            handout: false,
            eavesdropper: false,
            leak: None,
            rev: 0,
        }
    }

    /// The URL that reproduces this state.
    pub fn to_url(&self) -> UrlState {
        UrlState {
            protocol: self.scenario.protocol,
            group: self.scenario.group,
            hrr: self.scenario.hrr,
            ems: self.scenario.ems,
            seed: self.scenario.seed,
            step: Some(self.step).filter(|&s| s > 0),
            cert: self.scenario.cert,
            client_cert: self.scenario.client_cert,
            fault: self.scenario.fault,
            embed: self.view.embed,
            panels: self.view.panels,
            faults: self.view.faults,
            theme: self.view.theme,
            compare: self.compare.as_ref().map(|c| c.choice),
            lesson: self.lesson.as_ref().map(|l| l.loaded.param.clone()),
            lesson_step: self.lesson.as_ref().map(|l| l.at + 1),
            practice: self.practice.is_some(),
            request: (self.scenario.request != engine::scenario::DEFAULT_REQUEST)
                .then(|| self.scenario.request.clone()),
            eavesdropper: self.eavesdropper,
            leak: self.leak,
            resume: self.scenario.resumes(),
            early_data: self.scenario.zero_rtt(),
            attack: self.scenario.attacked(),
        }
    }

    /// The last step the student may see: in practice, the last record revealed; in a lesson
    /// whose question waits for an answer, the step it asks at.
    pub fn limit(&self) -> usize {
        let n = self.steps();
        if self.lesson.as_ref().is_some_and(|r| r.asking()) {
            return self.step.min(n);
        }
        self.practice.as_ref().map_or(n, |p| p.revealed.min(n))
    }

    /// Number of records in the run.
    pub fn records(&self) -> usize {
        self.transcript.records.len()
    }

    /// Number of steps: the records, or in the side-by-side view the flights.
    pub fn steps(&self) -> usize {
        steps(&self.transcript, self.compare.as_deref())
    }

    /// The record of the current step.
    pub fn current(&self) -> Option<&engine::transcript::WireRecord> {
        self.step
            .checked_sub(1)
            .and_then(|i| self.transcript.records.get(i))
    }

    /// True at the last step of a run that ended in an error a browser would show.
    pub fn shows_error_page(&self) -> bool {
        self.step == self.records() && self.transcript.outcome.browser_error.is_some()
    }

    /// This state with `edit` made to its run, simulated again; the step stays where it was
    /// (within the new run), except that a new fault shows the faulted record, from which the
    /// student steps into the consequences.
    pub fn rerun(&self, edit: Edit) -> State {
        let clears_fault = edit.clears_fault();
        let step = match &edit {
            Edit::Fault(Some(f)) => f.record(),
            _ => self.step,
        };
        let mut scenario = edit.apply(&self.scenario);
        if clears_fault {
            scenario.fault = None;
        }
        let mut notices = Vec::new();
        let run = Run::new(
            scenario,
            self.compare.as_ref().map(|c| c.choice),
            self.practice.is_some(),
            &mut notices,
        );
        let limit = run.limit();
        State {
            step: step.clamp(run.steps.min(1).min(limit), limit),
            scenario: run.scenario,
            transcript: run.transcript,
            compare: run.compare,
            practice: run.practice,
            playing: false,
            notices,
            fault_menu: None,
            ..self.clone()
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let n = self.limit();
        let goto = |k: usize| {
            crate::perf::mark("step-start");
            State {
                step: k.clamp(n.min(1), n),
                fault_menu: None,
                ..(*self).clone()
            }
        };
        let mut next = match action {
            Action::First => goto(1),
            Action::Previous => goto(self.step.saturating_sub(1)),
            Action::Next => goto(self.step + 1),
            Action::Last => goto(n),
            Action::Goto(k) => goto(k),
            Action::Tick => {
                let mut s = goto(self.step + 1);
                s.playing = s.step < n;
                s
            }
            Action::TogglePlay => {
                // Playing from the end starts over.
                let restart = !self.playing && self.step >= n;
                State {
                    playing: !self.playing && n > 1,
                    step: if restart { n.min(1) } else { self.step },
                    ..(*self).clone()
                }
            }
            // Nothing in the recorded page can be run again.
            Action::Rerun(_) if cfg!(feature = "recorded") => (*self).clone(),
            Action::Rerun(edit) => self.rerun(edit),
            Action::SelectNode(node) => State {
                node,
                ..(*self).clone()
            },
            Action::ToggleFaultMenu(record) => State {
                fault_menu: (self.fault_menu != Some(record)).then_some(record),
                ..(*self).clone()
            },
            Action::Handout(handout) => State {
                handout,
                playing: false,
                ..(*self).clone()
            },
            // The eavesdropper is the lab's.
            Action::Eavesdrop(_) | Action::Leak(_) if !cfg!(feature = "eavesdropper") => {
                (*self).clone()
            }
            Action::Eavesdrop(eavesdropper) => {
                crate::perf::mark("outsider-start");
                State {
                    eavesdropper,
                    leak: self.leak.filter(|_| eavesdropper),
                    ..(*self).clone()
                }
            }
            Action::Leak(leak) => {
                crate::perf::mark("outsider-start");
                State {
                    leak,
                    eavesdropper: true,
                    ..(*self).clone()
                }
            }
            Action::CloseMenus => State {
                fault_menu: None,
                node: None,
                ..(*self).clone()
            },
            Action::DismissNotices => State {
                notices: Vec::new(),
                ..(*self).clone()
            },
            Action::Course(action) => crate::course::reduce(&self, action),
            #[cfg(feature = "recorded")]
            Action::Recorded(transcript) => State {
                // The scenario only says which version the views show: nothing can be run
                // again, so no fault menus; no certificate checks (the browser's are not in a
                // recording) and no misconceptions (they are the simulation's).
                scenario: transcript.scenario.clone(),
                step: transcript.records.len().min(1),
                transcript,
                playing: false,
                node: None,
                fault_menu: None,
                notices: Vec::new(),
                view: View {
                    faults: false,
                    panels: crate::url::Panels {
                        checks: false,
                        misconceptions: false,
                        ..self.view.panels
                    },
                    ..self.view
                },
                ..(*self).clone()
            },
        };
        next.rev = self.rev + 1;
        Rc::new(next)
    }
}

/// The page state of a lesson's step: its query, shown as the page is shown (embedded or not,
/// in its colour scheme), with the panels and fault menus the step names, if any.
pub(crate) fn lesson_state(
    loaded: &Loaded,
    at: usize,
    page: &UrlState,
    notices: &mut Vec<String>,
) -> UrlState {
    let query = &loaded.lesson.steps[at].query;
    let parsed = url::parse(query);
    notices.extend(
        parsed
            .notices
            .into_iter()
            .map(|n| format!("Lesson step {}: {n}", at + 1)),
    );
    let step = parsed.state;
    UrlState {
        embed: page.embed,
        theme: page.theme,
        panels: if url::names(query, "panels") {
            step.panels
        } else {
            page.panels
        },
        faults: if url::names(query, "faults") {
            step.faults
        } else {
            page.faults
        },
        lesson: None,
        lesson_step: None,
        practice: false,
        ..step
    }
}

/// `first`'s scenario run as `choice`, and the facts of both.
fn compared(choice: Choice, first: &Transcript) -> Rc<Comparison> {
    let second = sim::simulate(&choice.scenario(&first.scenario));
    Rc::new(Comparison::new(choice, first, second))
}

/// The run a URL state names.
pub fn scenario_of(url: &UrlState) -> Scenario {
    Scenario {
        protocol: url.protocol,
        group: url.group,
        hrr: url.hrr,
        ems: url.ems,
        seed: url.seed,
        cert: url.cert,
        client_cert: url.client_cert,
        fault: url.fault,
        request: url
            .request
            .clone()
            .unwrap_or_else(|| Scenario::default().request),
        #[cfg(feature = "resumption")]
        resume: url.resume,
        #[cfg(feature = "resumption")]
        early_data: url.early_data,
        #[cfg(feature = "attack")]
        attack: url.attack,
        ..Scenario::default()
    }
}

fn steps(first: &Transcript, compare: Option<&Comparison>) -> usize {
    match compare {
        Some(c) => compare::steps([first, &c.transcript]),
        None => first.records.len(),
    }
}

/// Simulates; a fault that cannot apply as written (no such record, an offset past the end)
/// is reported and dropped from the scenario — the engine then ran the clean handshake.
fn run_checked(mut scenario: Scenario, notices: &mut Vec<String>) -> (Scenario, Rc<Transcript>) {
    let transcript = sim::simulate(&scenario);
    if let Some(notice) = &transcript.fault_notice {
        notices.push(format!("Ignored the fault: {notice}"));
        scenario.fault = None;
    }
    (scenario, Rc::new(transcript))
}
