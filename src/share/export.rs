//! Files the page hands to the student, made in the page: a diagram as a standalone SVG or
//! PNG (the browser's own canvas, no library), the run's capture and key log.

use wasm_bindgen::{JsCast, JsValue};

/// The presentation properties copied from the page's CSS onto each SVG element, so the
/// file looks like the page without its style sheet.
const STYLE_PROPS: [&str; 12] = [
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-opacity",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "visibility",
];

/// A diagram on the page, as a file.
pub struct Picture {
    /// The SVG document: styles inlined, sized as shown, on the panel's background; no script.
    pub svg: String,
    pub width: i32,
    pub height: i32,
}

/// The SVG element matching `selector` as a standalone picture.
pub fn picture(selector: &str) -> Option<Picture> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let svg = document.query_selector(selector).ok()??;
    let copy: web_sys::Element = svg.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let (originals, copies) = (
        svg.query_selector_all("*").ok()?,
        copy.query_selector_all("*").ok()?,
    );
    for i in 0..originals.length() {
        let (Some(from), Some(to)) = (originals.item(i), copies.item(i)) else {
            continue;
        };
        let (Ok(from), Ok(to)) = (
            from.dyn_into::<web_sys::Element>(),
            to.dyn_into::<web_sys::Element>(),
        ) else {
            continue;
        };
        inline_style(&window, &from, &to);
        // Keyboard stops mean nothing in a file.
        let _ = to.remove_attribute("tabindex");
    }
    inline_style(&window, &svg, &copy);
    let rect = svg.get_bounding_client_rect();
    let (width, height) = (rect.width().ceil() as i32, rect.height().ceil() as i32);
    let _ = copy.set_attribute("xmlns", "http://www.w3.org/2000/svg");
    let _ = copy.set_attribute("width", &width.to_string());
    let _ = copy.set_attribute("height", &height.to_string());
    // The panel's colour behind the drawing: light or dark text stays readable in any viewer.
    let panel = svg
        .closest(".panel")
        .ok()
        .flatten()
        .and_then(|p| window.get_computed_style(&p).ok().flatten())
        .and_then(|s| s.get_property_value("background-color").ok())
        .unwrap_or_else(|| "#ffffff".into());
    let background = document
        .create_element_ns(Some("http://www.w3.org/2000/svg"), "rect")
        .ok()?;
    for (k, v) in [
        ("width", "100%"),
        ("height", "100%"),
        ("fill", panel.as_str()),
    ] {
        let _ = background.set_attribute(k, v);
    }
    let _ = copy.prepend_with_node_1(&background);
    let svg = web_sys::XmlSerializer::new()
        .ok()?
        .serialize_to_string(&copy)
        .ok()?;
    Some(Picture { svg, width, height })
}

/// Draws the picture on a canvas at twice its size (crisp on high-density screens) and
/// returns it as a PNG `data:` URL.
pub async fn png(picture: &Picture) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let url = object_url(picture.svg.as_bytes(), "image/svg+xml")?;
    let image = web_sys::HtmlImageElement::new().ok()?;
    image.set_src(&url);
    let decoded = wasm_bindgen_futures::JsFuture::from(image.decode()).await;
    let png = (|| {
        decoded.ok()?;
        let canvas: web_sys::HtmlCanvasElement =
            document.create_element("canvas").ok()?.dyn_into().ok()?;
        canvas.set_width(u32::try_from(picture.width * 2).ok()?);
        canvas.set_height(u32::try_from(picture.height * 2).ok()?);
        let context: web_sys::CanvasRenderingContext2d =
            canvas.get_context("2d").ok()??.dyn_into().ok()?;
        context.scale(2.0, 2.0).ok()?;
        context
            .draw_image_with_html_image_element(&image, 0.0, 0.0)
            .ok()?;
        canvas.to_data_url_with_type("image/png").ok()
    })();
    let _ = web_sys::Url::revoke_object_url(&url);
    png
}

/// A button's callback that opens the browser's print dialog (the print style sheet decides
/// what goes on paper).
pub fn print() -> yew::Callback<web_sys::MouseEvent> {
    yew::Callback::from(|_: web_sys::MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    })
}

/// Saves `bytes` as a file named `name`.
pub fn download_bytes(bytes: &[u8], mime: &str, name: &str) -> bool {
    let Some(url) = object_url(bytes, mime) else {
        return false;
    };
    let saved = download_url(&url, name);
    // The click has started the download; the URL is no longer needed after this task.
    gloo_timers::callback::Timeout::new(0, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    saved
}

/// Saves what `href` points to (an object or `data:` URL) as a file named `name`.
pub fn download_url(href: &str, name: &str) -> bool {
    let anchor = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    match anchor {
        Some(a) => {
            a.set_href(href);
            a.set_download(name);
            a.click();
            true
        }
        None => false,
    }
}

/// True when the page runs with an opaque origin (a sandboxed iframe without
/// `allow-same-origin`), where browsers block downloads unless the host allows them.
pub fn sandboxed() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("origin")).ok())
        .and_then(|o| o.as_string())
        .is_some_and(|o| o == "null")
}

fn inline_style(window: &web_sys::Window, from: &web_sys::Element, to: &web_sys::Element) {
    let Ok(Some(computed)) = window.get_computed_style(from) else {
        return;
    };
    let mut style = String::new();
    for prop in STYLE_PROPS {
        if let Ok(v) = computed.get_property_value(prop)
            && !v.is_empty()
        {
            style.push_str(prop);
            style.push(':');
            style.push_str(&v);
            style.push(';');
        }
    }
    let _ = to.set_attribute("style", &style);
}

fn object_url(bytes: &[u8], mime: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}
