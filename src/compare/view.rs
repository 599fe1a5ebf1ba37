//! The side-by-side view (`compare=`): the two runs in two columns, one row per round trip,
//! the current flight marked in both; then the facts of both. Alignment and facts come from
//! `crate::compare`; this only renders them.

use engine::transcript::{Party, Transcript};
use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::compare::{self, Comparison};
use crate::glossary::view as glossary;
use crate::handshakes::Choice;
use crate::hooks::use_app;
use crate::url::{self, UrlState};

#[component]
pub fn CompareView() -> Html {
    let app = use_app();
    use_current_in_view(app.step, app.view.embed);
    let Some(c) = app.compare.as_deref() else {
        return Html::default();
    };
    let runs = [&*app.transcript, &c.transcript];
    let choices = [Choice::of(&app.scenario), c.choice];
    let titles = choices.map(|c| c.title());
    let step = app.step;
    // Odd steps are the browser's flights (it speaks first); steps 2r−1 and 2r are round trip r.
    let who = if step % 2 == 1 {
        Party::Client
    } else {
        Party::Server
    };
    // Each run alone, as the single view shows it (at a record: its bytes in the inspector).
    let alone = |choice: Choice, step: Option<usize>| {
        let u = app.to_url();
        url::to_query(&UrlState {
            protocol: choice.handshake.protocol,
            group: choice.handshake.group,
            hrr: choice.hrr,
            step,
            compare: None,
            ..u
        })
    };
    let links = (!app.view.embed).then(|| choices.map(|c| alone(c, None)));
    // This step in each run: its records, each with its explanation, and (outside an embed,
    // where a link would leave the host's page) a link to its bytes in the run alone.
    let explained = (0..2).map(|i| {
        let records = compare::flight(runs[i], step);
        html! {
            <div class="compare-explain" data-run={titles[i].clone()}>
                <h3>{ &titles[i] }</h3>
                if records.is_empty() {
                    <p class="hint">{ "Nothing in this flight: this run sends nothing here." }</p>
                }
                { for records.iter().map(|r| html! {
                    <p>
                        <strong>{ format!("{}. {}", r.number, r.title()) }</strong>{ " " }
                        { glossary::text(&r.explanation) }
                        if !app.view.embed {
                            { " " }<a href={alone(choices[i], Some(r.number))}>{ format!("Its bytes (record {})", r.number) }</a>
                        }
                    </p>
                }) }
            </div>
        }
    });
    let rows = (1..=compare::steps(runs).div_ceil(2)).map(|rt| {
        html! {
            <tr class={classes!((step.div_ceil(2) == rt).then_some("current"))}>
                <th scope="row">{ format!("Round trip {rt}") }</th>
                { for (0..2).map(|i| html! {
                    <td data-run={titles[i].clone()}>
                        { for [2 * rt - 1, 2 * rt].map(|k| flight(runs[i], k, step)) }
                    </td>
                }) }
            </tr>
        }
    });
    html! {
        <div class="compare">
            <table class="flights">
                <caption>
                    { format!("Aligned by round trip. Now: round trip {}, {} → {}", step.div_ceil(2), who.as_str(), who.peer().as_str()) }
                </caption>
                { head(&titles, links) }
                <tbody>{ for rows }</tbody>
            </table>
            <section class="compare-step" aria-label="This step in each run">{ for explained }</section>
            { facts(c, &titles) }
        </div>
    }
}

/// The facts of both runs, the rows where they differ marked.
fn facts(c: &Comparison, titles: &[String; 2]) -> Html {
    facts_table(&c.facts, titles, "At a glance", "facts")
}

/// A table of facts of two runs under `titles`, the rows where they differ marked.
pub fn facts_table(
    facts: &[compare::Fact],
    titles: &[String; 2],
    caption: &'static str,
    id: &'static str,
) -> Html {
    html! {
        <table class="facts" id={id}>
            <caption>{ caption }</caption>
            { head(titles, None) }
            <tbody>
                { for facts.iter().map(|f| html! {
                    <tr class={classes!(f.differs().then_some("differs"))}>
                        <th scope="row">
                            { f.label }
                            if f.differs() { <span class="visually-hidden">{ " (they differ)" }</span> }
                        </th>
                        { for (0..2).map(|i| cell(f, &titles[i], i)) }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// What a row says of run `i`. In the lab, an experiment's row is left to the eavesdropper's
/// worker, which runs it (`eavesdropper::use_eavesdropper`) and writes its outcome in.
fn cell(f: &compare::Fact, title: &str, i: usize) -> Html {
    match f.experiment {
        Some(leak) if cfg!(feature = "eavesdropper") => html! {
            <td data-run={title.to_owned()} data-experiment={leak.as_str()} />
        },
        _ => html! { <td data-run={title.to_owned()}>{ &f.cells[i] }</td> },
    }
}

/// The runs' titles over their columns, each with a link to it alone (not when embedded:
/// links would leave the host's page).
fn head(titles: &[String; 2], links: Option<[String; 2]>) -> Html {
    html! {
        <thead><tr>
            <td></td>
            { for (0..2).map(|i| html! {
                <th scope="col">
                    { &titles[i] }
                    if let Some(links) = &links {
                        <a class="alone" href={links[i].clone()}>{ "show alone" }</a>
                    }
                </th>
            }) }
        </tr></thead>
    }
}

/// One flight of a run: its records, sender first, the encrypted ones marked.
pub fn flight(t: &Transcript, k: usize, step: usize) -> Html {
    let records = compare::flight(t, k);
    if records.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="flight">
            { for records.iter().map(|r| {
                let enc = r.is_protected();
                html! {
                    <li class={classes!(enc.then_some("enc"))} aria-current={(k == step).then_some("step")}>
                        { if r.from == Party::Client { "→ " } else { "← " } }
                        { r.title() }
                        if enc {
                            <svg class="icon" viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false">
                                <path d="M7 10V7a5 5 0 0 1 10 0v3h1v11H6V10zm2 0h6V7a3 3 0 0 0-6 0z" />
                            </svg>
                            <span class="visually-hidden">{ " (encrypted)" }</span>
                        }
                    </li>
                }
            }) }
        </ul>
    }
}

/// Keeps the current round trip on screen as the steps move (the stacked view is long). Not
/// when embedded: scrolling would move the host's page too. After the step is painted, so
/// the layout this reads is not part of the step's time.
#[hook]
fn use_current_in_view(step: usize, embed: bool) {
    use_effect_with(step, move |_| {
        let follow = (!embed).then(|| Timeout::new(0, scroll_to_current));
        move || drop(follow)
    });
}

fn scroll_to_current() {
    let window = web_sys::window();
    let current = window.as_ref().and_then(|w| w.document()).and_then(|d| {
        d.query_selector(".compare .flights tr.current")
            .ok()
            .flatten()
    });
    if let (Some(w), Some(row)) = (window, current) {
        let rect = row.get_bounding_client_rect();
        let height = w.inner_height().ok().and_then(|h| h.as_f64());
        if rect.top() < 0.0 || height.is_some_and(|h| rect.bottom() > h) {
            row.scroll_into_view_with_bool(rect.top() < 0.0);
        }
    }
}
