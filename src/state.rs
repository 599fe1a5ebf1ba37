//! The page's state and the one reducer that changes it. Views read `State` and dispatch
//! `Action`s; a changed scenario is re-simulated here, so the transcript always matches it.

use std::rc::Rc;

use engine::pki::CertKind;
use engine::scenario::Group;
use engine::transcript::SecretId;
use engine::{Fault, Protocol, Scenario, Transcript};
use yew::prelude::*;

use crate::compare::{self, Comparison};
use crate::handshakes::Choice;
use crate::sim;
use crate::url::{Panels, Theme, UrlState};

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
    /// Bumped by every action, so comparing two states is cheap (see `PartialEq`).
    rev: u64,
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
    /// One of the page's handshakes: the protocol and, for TLS 1.3, its group.
    SetHandshake(Protocol, Group),
    SetHrr(bool),
    SetEms(bool),
    SetCert(CertKind),
    SetSeed(u64),
    SetFault(Option<Fault>),
    SetRequest(String),
    SelectNode(Option<SecretId>),
    ToggleFaultMenu(usize),
    DismissNotices,
}

impl State {
    /// The state a URL describes, simulated.
    pub fn from_url(url: UrlState, mut notices: Vec<String>) -> State {
        let scenario = Scenario {
            protocol: url.protocol,
            group: url.group,
            hrr: url.hrr,
            ems: url.ems,
            seed: url.seed,
            cert: url.cert,
            fault: url.fault,
            ..Scenario::default()
        };
        let (scenario, transcript) = run_checked(scenario, &mut notices);
        let compare = url.compare.map(|c| compared(c, &transcript));
        let n = steps(&transcript, compare.as_deref());
        let step = match url.step {
            Some(k) if k > n => {
                notices.push(format!(
                    "Step {k} does not exist: this {} has {n} {}. Showing the last one.",
                    if compare.is_some() {
                        "comparison"
                    } else {
                        "run"
                    },
                    if compare.is_some() {
                        "flights"
                    } else {
                        "records"
                    }
                ));
                n
            }
            Some(k) => k,
            None => n.min(1),
        };
        State {
            scenario,
            transcript,
            step,
            playing: false,
            view: View {
                embed: url.embed,
                panels: url.panels,
                faults: url.faults,
                theme: url.theme,
            },
            notices,
            node: None,
            fault_menu: None,
            compare,
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
            fault: self.scenario.fault,
            embed: self.view.embed,
            panels: self.view.panels,
            faults: self.view.faults,
            theme: self.view.theme,
            compare: self.compare.as_ref().map(|c| c.choice),
        }
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

    fn with_scenario(&self, scenario: Scenario, step: Option<usize>) -> State {
        let mut notices = Vec::new();
        let (scenario, transcript) = run_checked(scenario, &mut notices);
        let compare = self
            .compare
            .as_ref()
            .map(|c| compared(c.choice, &transcript));
        let n = steps(&transcript, compare.as_deref());
        let step = step.unwrap_or(self.step).clamp(n.min(1), n);
        State {
            scenario,
            transcript,
            compare,
            step,
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
        let n = self.steps();
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
            Action::SetHandshake(protocol, group) => self.with_scenario(
                Scenario {
                    protocol,
                    group,
                    // HelloRetryRequest exists only in TLS 1.3.
                    hrr: self.scenario.hrr && protocol == Protocol::Tls13,
                    fault: None,
                    ..self.scenario.clone()
                },
                None,
            ),
            Action::SetHrr(hrr) => self.with_scenario(
                Scenario {
                    hrr,
                    fault: None,
                    ..self.scenario.clone()
                },
                None,
            ),
            Action::SetEms(ems) => self.with_scenario(
                Scenario {
                    ems,
                    fault: None,
                    ..self.scenario.clone()
                },
                None,
            ),
            Action::SetCert(cert) => self.with_scenario(
                Scenario {
                    cert,
                    ..self.scenario.clone()
                },
                None,
            ),
            Action::SetSeed(seed) => self.with_scenario(
                Scenario {
                    seed,
                    ..self.scenario.clone()
                },
                None,
            ),
            Action::SetFault(fault) => self.with_scenario(
                Scenario {
                    fault,
                    ..self.scenario.clone()
                },
                // Show the faulted record: the student then steps into the consequences.
                fault.map(|f| f.record()),
            ),
            Action::SetRequest(request) => self.with_scenario(
                Scenario {
                    request,
                    ..self.scenario.clone()
                },
                None,
            ),
            Action::SelectNode(node) => State {
                node,
                ..(*self).clone()
            },
            Action::ToggleFaultMenu(record) => State {
                fault_menu: (self.fault_menu != Some(record)).then_some(record),
                ..(*self).clone()
            },
            Action::DismissNotices => State {
                notices: Vec::new(),
                ..(*self).clone()
            },
        };
        next.rev = self.rev + 1;
        Rc::new(next)
    }
}

/// `first`'s scenario run as `choice`, and the facts of both.
fn compared(choice: Choice, first: &Transcript) -> Rc<Comparison> {
    let second = sim::simulate(&choice.scenario(&first.scenario));
    Rc::new(Comparison::new(choice, first, second))
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

/// The app state, which [`crate::App`] provides to every panel. Here rather than in `app.rs`,
/// so the components depend on the state, not on the root that renders them.
#[hook]
pub fn use_app() -> UseReducerHandle<State> {
    // Every component lives under App's ContextProvider; without it there is nothing to render.
    use_context::<UseReducerHandle<State>>().expect("components are rendered inside App")
}

/// A callback that dispatches `action`, whatever the event: one closure type for every
/// button of the page (fewer closures also mean less wasm).
pub fn on<E: 'static>(app: &UseReducerHandle<State>, action: Action) -> Callback<E> {
    let dispatcher = app.dispatcher();
    Callback::from(move |_: E| dispatcher.dispatch(action.clone()))
}

/// A callback that dispatches what `read` makes of the event, if anything (a form field's
/// value that parses).
pub fn on_value<E: 'static>(
    app: &UseReducerHandle<State>,
    read: impl Fn(E) -> Option<Action> + 'static,
) -> Callback<E> {
    let dispatcher = app.dispatcher();
    Callback::from(move |e: E| {
        if let Some(action) = read(e) {
            dispatcher.dispatch(action);
        }
    })
}
