//! Why a command did not succeed: one line for the user and the exit status that goes with it.

use std::fmt;
use std::process::ExitCode;

/// A command's failure. The message names the cause (and the alert, for TLS failures); `main`
/// prints it as one line.
#[derive(Debug)]
pub struct Failure {
    kind: Kind,
    message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// The command line was wrong (exit status 2).
    Usage,
    /// The command ran and failed: a file, the network or the TLS peer (exit status 1).
    Failed,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            kind: Kind::Usage,
            message: message.into(),
        }
    }

    pub fn failed(message: impl Into<String>) -> Failure {
        Failure {
            kind: Kind::Failed,
            message: message.into(),
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        match self.kind {
            Kind::Usage => ExitCode::from(2),
            Kind::Failed => ExitCode::from(1),
        }
    }

    #[cfg(test)]
    pub fn is_usage(&self) -> bool {
        self.kind == Kind::Usage
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
