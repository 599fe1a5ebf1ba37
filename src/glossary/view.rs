//! The glossary in the page: an explanation's text with its first mention of each term as a
//! button, and the definitions those buttons open, once per page (the browser's `popover`).

use yew::prelude::*;

use crate::glossary::{self, Piece, TERMS};

/// `text` with the first mention of each glossary term as a button opening its definition, and
/// RFC references as links.
pub fn text(text: &str) -> Html {
    pieces(text, true)
}

/// `text` with its RFC references as links and, with `terms`, its terms as buttons (a
/// definition links its references but opens no other card).
fn pieces(text: &str, terms: bool) -> Html {
    html! {
        { for glossary::pieces(text).into_iter().map(|p| match p {
            Piece::Text(s) => html! { s.to_string() },
            Piece::Term(word, t) if terms => term(word, t),
            Piece::Term(word, _) => html! { word.to_string() },
            Piece::Rfc(reference, address) => html! {
                <a href={address} target="_blank" rel="noopener">{ reference.to_string() }</a>
            },
        }) }
    }
}

fn term(word: &str, t: &glossary::Term) -> Html {
    html! {
        <button type="button" class="term" popovertarget={t.id} aria-description="opens its definition">{ word.to_string() }</button>
    }
}

/// The definitions, hidden until a term's button opens one (Escape or a click elsewhere
/// closes it), and with `list` (outside an embed) the list of terms. `texts` is
/// `glossary.txt`, which [`App`](crate::App) loads the first time a term is pointed at or
/// focused: until it arrives a card shows the term alone. A function, not a component: it has
/// no state, and each component costs the first load its own code.
pub fn definitions(list: bool, texts: Option<&str>) -> Html {
    html! {
        <>
            if list {
                <p class="glossary-list">{ "Words used here: " }
                    { for TERMS.iter().map(|t| term(t.name, t)) }</p>
            }
            { for TERMS.iter().map(|t| html! {
                <div id={t.id} popover="auto" class="glossary-card">
                    <p><strong>{ t.name }</strong>
                        if let Some(d) = texts.and_then(|x| crate::hooks::line(x, t.id)) { { ": " }{ pieces(d, false) } }
                    </p>
                </div>
            }) }
        </>
    }
}
