//! The exact bytes, 16 a row with offsets and ASCII, as Wireshark's bytes pane shows them.
//! Each row's bytes are text (see `hex.rs`); one listener on the grid finds the byte
//! under the pointer from its position in the row.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::run::inspector::hex::{PER_ROW, ascii, byte_at, offset_label, row_text, rows};

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Shared, not copied: the inspector re-renders on every hover.
    pub bytes: Rc<[u8]>,
    /// Bytes `start..end` to highlight.
    pub highlight: Option<(usize, usize)>,
    /// The selected field's bytes: scrolled into the box's view when they change, so the
    /// bytes of a field clicked in the tree are on screen.
    pub reveal: Option<(usize, usize)>,
    pub on_hover: Callback<Option<usize>>,
    pub on_click: Callback<usize>,
    /// The box scrolled (the inspector brings it back to the top on the next record).
    pub on_scroll: Callback<Event>,
}

#[component]
pub fn HexView(props: &Props) -> Html {
    let grid = use_node_ref();
    {
        let grid = grid.clone();
        use_effect_with(props.reveal, move |reveal| {
            if let (Some((start, _)), Some(grid)) = (reveal, grid.cast::<web_sys::HtmlElement>()) {
                reveal_byte(&grid, *start);
            }
        });
    }
    let (start, end) = props.highlight.unwrap_or((0, 0));
    let len = props.bytes.len();
    // The byte last reported (of which bytes: the view is reused from record to record), so
    // moving within a byte does not re-render the inspector.
    let hovered = use_mut_ref(|| Cell::new(None::<(*const u8, usize)>));
    let over = {
        let (on_hover, hovered) = (props.on_hover.clone(), hovered.clone());
        let bytes = props.bytes.as_ptr();
        Callback::from(move |e: MouseEvent| {
            let Some(i) = pointed_byte(&e, len) else {
                return;
            };
            if hovered.borrow().replace(Some((bytes, i))) != Some((bytes, i)) {
                on_hover.emit(Some(i));
            }
        })
    };
    let leave = {
        let on_hover = props.on_hover.clone();
        Callback::from(move |_: MouseEvent| {
            hovered.borrow().set(None);
            on_hover.emit(None)
        })
    };
    let click = {
        let on_click = props.on_click.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(i) = pointed_byte(&e, len) {
                on_click.emit(i);
            }
        })
    };
    html! {
        <div class="hex" ref={grid} onmousemove={over} onmouseleave={leave} onclick={click}
             onscroll={props.on_scroll.clone()}
             aria-label={format!("{len} bytes in hexadecimal")} role="group"
             // A long record's bytes scroll in the box: the keys scroll it once it has focus.
             tabindex="0">
            { for rows(len).into_iter().map(|row| {
                let [before, lit, after] = row_text(&props.bytes, &row.bytes, start..end);
                html! {
                    <div class="hex-row" data-offset={row.offset.to_string()}>
                        <span class="offset" aria-hidden="true">{ offset_label(row.offset) }</span>
                        // No empty text nodes: a long record is hundreds of rows.
                        <span class="hex-bytes">
                            if !before.is_empty() { { before } }
                            if !lit.is_empty() {
                                <span class="hl" data-start={start.max(row.bytes.start).to_string()}
                                      data-end={end.min(row.bytes.end).to_string()}>{ lit }</span>
                            }
                            if !after.is_empty() { { after } }
                        </span>
                        <span class="ascii" aria-hidden="true">
                            { row.bytes.map(|i| ascii(props.bytes[i])).collect::<String>() }
                        </span>
                    </div>
                }
            }) }
        </div>
    }
}

/// The byte under the pointer, if it is over a row's hex text.
fn pointed_byte(e: &MouseEvent, len: usize) -> Option<usize> {
    let target = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let text = target.closest(".hex-bytes").ok()??;
    let offset: usize = text
        .parent_element()?
        .get_attribute("data-offset")?
        .parse()
        .ok()?;
    let rect = text.get_bounding_client_rect();
    let in_row = len.saturating_sub(offset).min(PER_ROW);
    let x = f64::from(e.client_x()) - rect.left();
    byte_at(x, rect.width(), in_row).map(|k| offset + k)
}

/// Scrolls the hex box (only the box: in an iframe, `scrollIntoView` would move the host page
/// too) so that byte `i`'s row is visible.
fn reveal_byte(grid: &web_sys::HtmlElement, i: usize) {
    let offset = i - i % PER_ROW;
    let Ok(Some(row)) = grid.query_selector(&format!("[data-offset=\"{offset}\"]")) else {
        return;
    };
    let row = row.get_bounding_client_rect();
    let view = grid.get_bounding_client_rect();
    let (top, bottom) = (row.top() - view.top(), row.bottom() - view.top());
    let height = f64::from(grid.client_height());
    if top < 0.0 || bottom > height {
        // Two rows of context above the field's first byte.
        let target = f64::from(grid.scroll_top()) + top - 2.0 * row.height();
        grid.set_scroll_top(target.max(0.0) as i32);
    }
}
