//! The page's chrome around the run: the masthead's "Lessons and practice" menu and the
//! notices about URL values that could not be used.

pub mod learn;
pub mod notices;
