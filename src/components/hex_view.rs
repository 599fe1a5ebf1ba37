//! The exact bytes, 16 a row with offsets and ASCII, as Wireshark's bytes pane shows them.
//! One listener on the grid (not one per byte) finds the byte under the pointer.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::layout::hex::{ascii, offset_label, rows};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub bytes: Vec<u8>,
    /// Bytes `start..end` to highlight.
    pub highlight: Option<(usize, usize)>,
    pub on_hover: Callback<Option<usize>>,
    pub on_click: Callback<usize>,
}

#[component]
pub fn HexView(props: &Props) -> Html {
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
        <div class="hex" onmouseover={over} onmouseleave={leave} onclick={click}
             aria-label={format!("{} bytes in hexadecimal", props.bytes.len())} role="group">
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
