//! The exact bytes, 16 a row with offsets and ASCII, as Wireshark's bytes pane shows them.
//! One listener on the grid (not one per byte) finds the byte under the pointer.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::layout::hex::{ascii, offset_label, rows};

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
    let byte_at = |e: &MouseEvent| -> Option<usize> {
        let el = e.target()?.dyn_into::<web_sys::Element>().ok()?;
        el.get_attribute("data-i")?.parse().ok()
    };
    let over = {
        let on_hover = props.on_hover.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(i) = byte_at(&e) {
                on_hover.emit(Some(i));
            }
        })
    };
    let leave = {
        let on_hover = props.on_hover.clone();
        Callback::from(move |_: MouseEvent| on_hover.emit(None))
    };
    let click = {
        let on_click = props.on_click.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(i) = byte_at(&e) {
                on_click.emit(i);
            }
        })
    };
    html! {
        <div class="hex" ref={grid} onmouseover={over} onmouseleave={leave} onclick={click}
             aria-label={format!("{} bytes in hexadecimal", props.bytes.len())} role="group"
             // A long record's bytes scroll in the box: the keys scroll it once it has focus.
             tabindex="0">
            { for rows(props.bytes.len()).into_iter().map(|row| html! {
                <div class="hex-row">
                    <span class="offset" aria-hidden="true">{ offset_label(row.offset) }</span>
                    <span class="hex-bytes">
                        { for row.bytes.clone().map(|i| html! {
                            <span class={classes!("b", (start <= i && i < end).then_some("hl"))}
                                  data-i={i.to_string()}>{ format!("{:02x}", props.bytes[i]) }</span>
                        }) }
                    </span>
                    <span class="ascii" aria-hidden="true">
                        { row.bytes.clone().map(|i| ascii(props.bytes[i])).collect::<String>() }
                    </span>
                </div>
            }) }
        </div>
    }
}

/// Scrolls the hex box (only the box: in an iframe, `scrollIntoView` would move the host page
/// too) so that byte `i` is visible.
fn reveal_byte(grid: &web_sys::HtmlElement, i: usize) {
    let Ok(Some(byte)) = grid.query_selector(&format!("[data-i=\"{i}\"]")) else {
        return;
    };
    let row = byte.get_bounding_client_rect();
    let view = grid.get_bounding_client_rect();
    let (top, bottom) = (row.top() - view.top(), row.bottom() - view.top());
    let height = f64::from(grid.client_height());
    if top < 0.0 || bottom > height {
        // Two rows of context above the field's first byte.
        let target = f64::from(grid.scroll_top()) + top - 2.0 * row.height();
        grid.set_scroll_top(target.max(0.0) as i32);
    }
}
