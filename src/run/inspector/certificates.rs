//! Certificates the page does not dissect itself (the lab and the course page, feature
//! `dissector-worker`: `engine::pki::CERT_TREE` is off, to keep 7.9 KB gz out of their first
//! loads). The first time the inspector shows a record with a certificate, it sends each one's
//! DER to the dissector's worker (through `static/certificates.js`, which starts it) and grafts
//! the field trees it gets back in place.

use std::rc::Rc;

use yew::prelude::*;

use super::Pane;
#[cfg(feature = "dissector-worker")]
use {
    super::Buffer,
    super::fields::{self, FieldPath},
    engine::codec::Reader,
    engine::transcript::Field,
    wasm_bindgen::prelude::wasm_bindgen,
};

#[cfg(feature = "dissector-worker")]
#[wasm_bindgen]
extern "C" {
    /// Resolves to the tree of the certificate `der`, as `outsider::wire::put_field` encodes
    /// it (offsets from its first byte); rejects if the worker cannot load.
    #[wasm_bindgen(js_name = tlsLabDissect)]
    fn dissect(der: &[u8]) -> js_sys::Promise;
}

/// The trees of one record's certificates: where each goes, and the tree.
#[cfg(feature = "dissector-worker")]
type Trees = Vec<(Buffer, FieldPath, Field)>;

/// A record's panes (wire, and plaintext if decrypted) with its certificates' trees grafted
/// in once the dissector's worker has sent them (`raw` until then), asked for once per `key`
/// (the record in its run). The recorded page dissects certificates itself (`cert-tree`), and
/// this is then `raw`.
#[hook]
pub fn use_panes(key: (usize, usize), raw: Panes) -> Panes {
    #[cfg(feature = "dissector-worker")]
    {
        let trees = use_state(|| ((0, 0), Rc::new(Trees::new())));
        {
            let (trees, raw) = (trees.clone(), raw.clone());
            use_effect_with(key, move |&key| ask(key, &raw, trees));
        }
        let got = (trees.0 == key).then(|| trees.1.clone());
        // Until the trees come (and for a record without certificates), the raw panes.
        use_memo(
            (key, got.as_ref().map(|t| Rc::as_ptr(t) as usize)),
            |_| match (&*raw, &got) {
                (Some((wire, plaintext)), Some(trees)) => Some((
                    (graft(&wire.0, Buffer::Wire, trees), wire.1.clone()),
                    plaintext
                        .as_ref()
                        .map(|(f, b)| (graft(f, Buffer::Plaintext, trees), b.clone())),
                )),
                _ => (*raw).clone(),
            },
        )
    }
    #[cfg(not(feature = "dissector-worker"))]
    {
        let _ = key;
        raw
    }
}

/// A record's panes: the wire's, and the plaintext's if it was decrypted.
pub type Panes = Rc<Option<(Pane, Option<Pane>)>>;

/// Sends each certificate left whole in `raw` to the dissector's worker, then puts the trees
/// in `trees` under `key`.
#[cfg(feature = "dissector-worker")]
fn ask(key: (usize, usize), raw: &Panes, trees: UseStateHandle<((usize, usize), Rc<Trees>)>) {
    let Some((wire, plaintext)) = &**raw else {
        return;
    };
    let buffers = std::iter::once((Buffer::Wire, wire))
        .chain(plaintext.iter().map(|p| (Buffer::Plaintext, p)));
    let wanted: Vec<(Buffer, FieldPath, usize, Vec<u8>)> = buffers
        .flat_map(|(buffer, (fields, bytes))| {
            fields::undissected(fields)
                .into_iter()
                .filter_map(move |path| {
                    let f = fields::at(fields, &path)?;
                    Some((buffer, path, f.start, bytes.get(f.start..f.end)?.to_vec()))
                })
        })
        .collect();
    if wanted.is_empty() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let mut got = Trees::new();
        for (buffer, path, start, der) in wanted {
            // A worker that cannot load leaves the rest whole too.
            let Ok(reply) = wasm_bindgen_futures::JsFuture::from(dissect(&der)).await else {
                break;
            };
            let bytes = js_sys::Uint8Array::new(&reply).to_vec();
            if let Ok(tree) = outsider::wire::field(&mut Reader::new(&bytes), start) {
                got.push((buffer, path, tree));
            }
        }
        trees.set((key, Rc::new(got)));
    });
}

/// `fields` of `buffer` with the trees that belong there grafted in.
#[cfg(feature = "dissector-worker")]
fn graft(fields: &[Field], buffer: Buffer, trees: &Trees) -> Rc<[Field]> {
    let mut out = fields.to_vec();
    for (b, path, tree) in trees {
        if *b == buffer {
            fields::graft(&mut out, path, tree.clone());
        }
    }
    Rc::from(out)
}
