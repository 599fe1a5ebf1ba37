//! Small text helpers: hex lines, and writing to stdout/stderr without panicking.

use std::io::{self, Write};

use crate::failure::Failure;

/// Lower-case hex, no separators (as key logs and `openssl` print it): the engine's encoder.
pub use engine::codec::hex;

/// Hex broken into lines of `per_line` bytes; the first line starts with `first`, the others
/// with `rest`.
pub fn hex_lines(bytes: &[u8], per_line: usize, first: &str, rest: &str) -> String {
    let mut lines = Vec::new();
    for (i, chunk) in bytes.chunks(per_line.max(1)).enumerate() {
        lines.push(format!(
            "{}{}",
            if i == 0 { first } else { rest },
            hex(chunk)
        ));
    }
    lines.join("\n")
}

/// Writes to stdout. A closed pipe (`tls-lab transcript | head`) is not an error: the reader
/// has what it wanted.
pub fn out(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::failed(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// One status line on stderr, prefixed with the program's name. Unlike `eprintln!` it does not
/// panic when stderr is gone; there is nowhere left to report that, so it is ignored.
pub fn note(line: &str) {
    let _ = writeln!(io::stderr().lock(), "tls-lab: {line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lower_case_without_separators() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn hex_lines_wraps() {
        assert_eq!(hex_lines(&[1, 2, 3], 2, "= ", "  "), "= 0102\n  03");
    }
}
