//! The simulated wire between the two endpoints, and the faults it can apply to one record.
//!
//! Faults act on bytes only; the endpoints then react with their real code.

use std::fmt;

use serde::Serialize;

/// A fault on record number `record` (1-based, as the sequence diagram numbers the records).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Fault {
    /// The record never arrives.
    Drop {
        /// The record, from 1.
        record: usize,
    },
    /// The byte at `offset` (from the start of the record header) is XORed with 0xFF.
    Flip {
        /// The record, from 1.
        record: usize,
        /// The byte, from 0 at the record header's first.
        offset: usize,
    },
    /// The record arrives after the next record on the wire.
    Reorder {
        /// The record, from 1.
        record: usize,
    },
    /// The record arrives twice.
    Replay {
        /// The record, from 1.
        record: usize,
    },
    /// Only the first `length` bytes of the record are sent; the stream goes on with the
    /// next record, as it would over TCP.
    Truncate {
        /// The record, from 1.
        record: usize,
        /// How many of its bytes (header included) are sent.
        length: usize,
    },
}

/// Why a fault spec could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultSpecError(pub String);

impl fmt::Display for FaultSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FaultSpecError {}

impl Fault {
    /// Parses `drop:N`, `flip:N:OFFSET`, `reorder:N`, `replay:N` or `truncate:N:LENGTH`.
    pub fn parse(spec: &str) -> Result<Fault, FaultSpecError> {
        let parts: Vec<&str> = spec.trim().split(':').collect();
        let number = |i: usize, what: &str| -> Result<usize, FaultSpecError> {
            let s = parts
                .get(i)
                .ok_or_else(|| FaultSpecError(format!("fault \"{spec}\" is missing its {what}")))?;
            s.parse::<usize>().map_err(|_| {
                FaultSpecError(format!("fault \"{spec}\": {what} \"{s}\" is not a number"))
            })
        };
        let record = |i: usize| -> Result<usize, FaultSpecError> {
            let n = number(i, "record number")?;
            if n == 0 {
                return Err(FaultSpecError(format!(
                    "fault \"{spec}\": records are numbered from 1"
                )));
            }
            Ok(n)
        };
        let arity = |n: usize| -> Result<(), FaultSpecError> {
            if parts.len() == n {
                Ok(())
            } else {
                Err(FaultSpecError(format!(
                    "fault \"{spec}\" should have {} part(s) separated by ':'",
                    n
                )))
            }
        };
        match parts[0] {
            "drop" => arity(2).and_then(|_| Ok(Fault::Drop { record: record(1)? })),
            "reorder" => arity(2).and_then(|_| Ok(Fault::Reorder { record: record(1)? })),
            "replay" => arity(2).and_then(|_| Ok(Fault::Replay { record: record(1)? })),
            "flip" => arity(3).and_then(|_| {
                Ok(Fault::Flip {
                    record: record(1)?,
                    offset: number(2, "offset")?,
                })
            }),
            "truncate" => arity(3).and_then(|_| {
                Ok(Fault::Truncate {
                    record: record(1)?,
                    length: number(2, "length")?,
                })
            }),
            other => Err(FaultSpecError(format!(
                "unknown fault \"{other}\": use drop:N, flip:N:OFFSET, reorder:N, replay:N or truncate:N:LENGTH"
            ))),
        }
    }

    /// The record the fault applies to.
    pub fn record(&self) -> usize {
        match *self {
            Fault::Drop { record }
            | Fault::Flip { record, .. }
            | Fault::Reorder { record }
            | Fault::Replay { record }
            | Fault::Truncate { record, .. } => record,
        }
    }
}

impl fmt::Display for Fault {
    /// The spec form, which `Fault::parse` reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Fault::Drop { record } => write!(f, "drop:{record}"),
            Fault::Flip { record, offset } => write!(f, "flip:{record}:{offset}"),
            Fault::Reorder { record } => write!(f, "reorder:{record}"),
            Fault::Replay { record } => write!(f, "replay:{record}"),
            Fault::Truncate { record, length } => write!(f, "truncate:{record}:{length}"),
        }
    }
}
