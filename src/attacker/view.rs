//! The attacker's panel, below the run (the lab's attacker build; not in an embed, which keeps
//! a steady height): what it tried and what stopped it, what it read, what it changed, the
//! keys it holds of each connection, and the lesson on encryption without authentication:
//! the four attacks in turn.
//!
//! It is a component, unlike the first load's views: nothing in it depends on the step, so it
//! renders once per run rather than at every step (a step measured 23.7 ms median with it
//! re-rendered, against a budget of 16).

use std::rc::Rc;

use engine::attack::{Attack, Connection, Stance};
use engine::transcript::{Party, Transcript};
use yew::prelude::*;

use super::{Facts, teaches};
use crate::state::State;

/// The panel for this run, if it has an attacker.
pub fn view(app: &State) -> Html {
    if app.transcript.attacker.is_none() {
        return Html::default();
    }
    let links = Attack::ALL.map(|a| crate::run::attacker::link(app, Some(a)));
    html! { <AttackerPanel run={Run(app.transcript.clone())} links={Rc::new(links)} /> }
}

/// A run's transcript, equal to another only when it is the same one (the same simulation):
/// comparing two transcripts field by field would cost what the render saves.
#[derive(Clone)]
struct Run(Rc<Transcript>);

impl PartialEq for Run {
    fn eq(&self, other: &Run) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
struct PanelProps {
    run: Run,
    /// The lesson's links: this run with each attack, in [`Attack::ALL`]'s order.
    links: Rc<[String; 4]>,
}

#[component]
fn AttackerPanel(props: &PanelProps) -> Html {
    let Some(f) = Facts::of(&props.run.0) else {
        return Html::default();
    };
    // The verdict's first sentence (who stopped it, or that nothing did) stands out.
    let (head, rest) = f.verdict.split_once(". ").unwrap_or((&f.verdict, ""));
    let who = |p: Party| match p {
        Party::Client => "the browser",
        Party::Server => "the server",
    };
    let keys = |title: &str, side: &[(String, Option<usize>)], id: &str| {
        html! {
            <details class="attacker-keys" id={id.to_string()}>
                <summary>{ format!("{title}: {} values", side.len()) }</summary>
                <ul>
                    { for side.iter().map(|(name, from)| html! {
                        <li>{ name.clone() }{ from.map(|n| format!(" (from record {n})")).unwrap_or_default() }</li>
                    }) }
                </ul>
            </details>
        }
    };
    html! {
        <section class="panel outsider-panel attacker-panel" aria-labelledby="attacker-title" data-attack={f.attack.as_str()}>
            <h2 id="attacker-title">{ format!("The attacker on the path: {}", f.attack.as_str()) }</h2>
            <p>{ format!("It {}. ", f.attack.does()) }{ stance(f.stance) }</p>
            <p id="attacker-verdict-text" class="attacker-verdict">
                <strong class={classes!("verdict", if f.stopped.is_some() { "ok" } else { "bad" })}>{ format!("{head}.") }</strong>
                if !rest.is_empty() { { " " }{ rest.to_string() } }
            </p>

            <h3>{ "What the attacker read" }</h3>
            if f.read.is_empty() {
                <p id="attacker-read" class="attacker-read-nothing">{ "Nothing: no application data reached a key it holds." }</p>
            } else {
                <ul id="attacker-read" class="attacker-read">
                    { for f.read.iter().map(|(from, connection, record, text)| html! {
                        <li>
                            { format!("From {}, record {} of {}:", who(*from), record, connection_name(*connection)) }
                            <pre>{ text.clone() }</pre>
                        </li>
                    }) }
                </ul>
            }

            if !f.edits.is_empty() {
                <h3>{ "What it changed" }</h3>
                <ul id="attacker-edits">
                    { for f.edits.iter().map(|(record, change)| html! {
                        <li>{ format!("Record {record}: it {change}.") }</li>
                    }) }
                </ul>
            }

            <h3>{ "The keys it holds" }</h3>
            if f.stance == Stance::Terminates {
                <p>{ "Its two endpoints derive every value of both key schedules, as the real ones do; the key diagram marks those of the browser's connection with A. With them it opens what one side sends and seals it again for the other." }</p>
                <div class="attacker-key-sides">
                    { keys("Of the browser's connection (as its server)", &f.browser_side, "attacker-keys-browser") }
                    { keys("Of its own connection to the server (as its client)", &f.server_side, "attacker-keys-server") }
                </div>
            } else if f.own.is_empty() {
                <p id="attacker-keys-none">{ "None: it only passes records on, and the key exchange is between the browser and the server." }</p>
            } else {
                <p id="attacker-keys-none">{ format!("No key of the connection: only {}. The browser never used it: its check of the server's signature failed first.", f.own.join(", ")) }</p>
            }

            { lesson(&props.links, f.attack) }
        </section>
    }
}

fn stance(s: Stance) -> &'static str {
    match s {
        Stance::Terminates => {
            "It ends the browser's connection at itself and opens its own to the server: two TLS connections, each real."
        }
        Stance::Relays => {
            "It cannot end the connection at itself, so it passes the records between the browser and the server, changing what it can."
        }
    }
}

fn connection_name(c: Connection) -> &'static str {
    match c {
        Connection::Browser => "the browser's connection",
        Connection::Server => "its connection to the server",
    }
}

/// The lesson: the four attacks in turn, each a link to this run with it.
fn lesson(links: &[String; 4], current: Attack) -> Html {
    html! {
        <section class="attacker-lesson" aria-labelledby="attacker-lesson-title">
            <h3 id="attacker-lesson-title">{ "Lesson: encryption without authentication" }</h3>
            <p>{ "Encryption keeps out whoever only listens. Against whoever talks, the browser needs to know who holds the other end: without that, it would encrypt everything perfectly, to the attacker." }</p>
            <ol>
                { for Attack::ALL.iter().zip(links).map(|(&a, link)| html! {
                    <li aria-current={(a == current).then_some("step")}>
                        <a href={link.clone()}>{ a.as_str() }</a>
                        { format!(": {}", teaches(a)) }
                    </li>
                }) }
            </ol>
            <p>{ "Authentication is the certificate chain to a root the browser trusts, and the signature over this very handshake. Try each with TLS 1.3, ECDHE and RSA: with RSA key transport the attacker cannot even relay a changed key, since there is none to change." }</p>
        </section>
    }
}
