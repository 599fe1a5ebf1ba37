//! The outsider: someone on the path between browser and server who records every byte, and
//! who may later be handed a secret (the server's stolen key, or what a future quantum
//! computer would compute). Its only inputs are an [`Evidence`]: the recorded records and that
//! secret, never an endpoint's state. What it opens, anyone with the same recording and secret
//! could open.
//!
//! The page runs it in a Web Worker (`src/main.rs`), fetched the first time a student asks for
//! it: the page sends an encoded [`Evidence`], the worker answers with the [`Report`] rendered
//! for the page ([`Rendered`]). The boundary between the endpoints and the outsider is a
//! process boundary too.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod capture;
mod evidence;
mod observe;
mod open;
mod render;
mod report;
pub mod wire;
pub mod worker;

pub use evidence::{Evidence, Leak, LeakKind};
pub use render::Rendered;
pub use report::{Fact, Opening, Report, Seen, Step, Verdict};

/// What the outsider makes of `evidence`: what each record shows on the wire and, with a
/// secret, what that secret opens.
pub fn examine(evidence: &Evidence) -> Report {
    let mut seen = observe::seen(&evidence.recording);
    let opening = evidence
        .leak
        .as_ref()
        .map(|leak| open::opening(&evidence.recording, leak, &mut seen));
    Report { seen, opening }
}

/// The worker's one entry point: an encoded [`Evidence`] in, the report [`Rendered`] out, or
/// why the message is not evidence. Nothing else crosses.
pub fn handle(message: &[u8]) -> Result<Rendered, String> {
    Evidence::decode(message).map(|e| Rendered::of(&examine(&e)))
}
