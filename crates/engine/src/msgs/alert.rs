//! Alerts (RFC 5246 §7.2): `struct { AlertLevel level; AlertDescription description; } Alert;`

use crate::codec::Reader;
use crate::error::TlsError;
use crate::msgs::enums::{AlertDescription, AlertLevel};

/// An alert message: how serious, and what happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alert {
    /// `level`: warning or fatal (TLS 1.3 ignores it, RFC 8446 §6).
    pub level: AlertLevel,
    /// `description`: which alert.
    pub description: AlertDescription,
}

impl Alert {
    /// close_notify and no_renegotiation are warnings; every error alert this engine sends is
    /// fatal.
    pub fn for_description(description: AlertDescription) -> Alert {
        let level = match description {
            AlertDescription::CloseNotify | AlertDescription::NoRenegotiation => {
                AlertLevel::Warning
            }
            _ => AlertLevel::Fatal,
        };
        Alert { level, description }
    }

    /// The alert's two bytes, the body of an alert record.
    pub fn encode(&self) -> Vec<u8> {
        vec![self.level.to_wire(), self.description.to_wire()]
    }

    /// Reads an alert record's body, which must be exactly 2 bytes.
    pub fn read(r: &mut Reader) -> Result<Alert, TlsError> {
        if r.remaining() != 2 {
            return Err(TlsError::decode(format!(
                "an alert is 2 bytes, not {}",
                r.remaining()
            )));
        }
        let level = AlertLevel::from_wire(r.u8("level")?);
        r.describe_last(|| level.to_string());
        let description = AlertDescription::from_wire(r.u8("description")?);
        r.describe_last(|| description.to_string());
        r.describe(|| format!("{} {}", level.as_str(), description.as_str()));
        Ok(Alert { level, description })
    }
}
