//! Errors are values: every failure names the alert a real endpoint sends for it.

use std::fmt;

use crate::msgs::enums::AlertDescription;

/// A fatal protocol error: the alert to send and a sentence saying why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsError {
    /// The alert a real endpoint sends for this failure (RFC 8446 §6.2).
    pub alert: AlertDescription,
    /// Why, in a sentence for the learner (never on the wire: alerts carry no text).
    pub reason: String,
}

impl TlsError {
    /// An error with any alert.
    pub fn new(alert: AlertDescription, reason: impl Into<String>) -> Self {
        TlsError {
            alert,
            reason: reason.into(),
        }
    }

    /// A message that does not parse (RFC 5246 §7.2.2: decode_error).
    pub fn decode(reason: impl Into<String>) -> Self {
        TlsError::new(AlertDescription::DecodeError, reason)
    }

    /// A message that is valid but not allowed now (unexpected_message).
    pub fn unexpected(reason: impl Into<String>) -> Self {
        TlsError::new(AlertDescription::UnexpectedMessage, reason)
    }

    /// `received` (a message's name) arrived while the endpoint waited in `state`
    /// (unexpected_message). The one wording every state machine uses.
    pub fn unexpected_in(received: impl fmt::Display, state: &str) -> Self {
        TlsError::unexpected(format!("received {received} while waiting in {state}"))
    }

    /// A field with a value it may not have, e.g. a group never offered (illegal_parameter).
    pub fn illegal(reason: impl Into<String>) -> Self {
        TlsError::new(AlertDescription::IllegalParameter, reason)
    }
}

impl fmt::Display for TlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.reason, self.alert.as_str())
    }
}

impl std::error::Error for TlsError {}
