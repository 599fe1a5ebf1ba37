//! The hex grid of the inspector: which bytes go on which row.

use std::ops::Range;

/// Bytes per row, as Wireshark's packet bytes pane shows them.
pub const PER_ROW: usize = 16;

/// One row of the hex view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HexRow {
    /// Offset of the first byte, shown at the start of the row.
    pub offset: usize,
    pub bytes: Range<usize>,
}

/// Splits `len` bytes into rows of [`PER_ROW`].
pub fn rows(len: usize) -> Vec<HexRow> {
    (0..len)
        .step_by(PER_ROW)
        .map(|offset| HexRow {
            offset,
            bytes: offset..(offset + PER_ROW).min(len),
        })
        .collect()
}

/// The byte's printable ASCII character, or a dot, as hex dumps show it.
pub fn ascii(b: u8) -> char {
    if b.is_ascii_graphic() || b == b' ' {
        b as char
    } else {
        '.'
    }
}

/// The offset column, e.g. `0010`.
pub fn offset_label(offset: usize) -> String {
    format!("{offset:04x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_sixteen_with_a_short_last_row() {
        let r = rows(35);
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].bytes, 0..16);
        assert_eq!(
            r[2],
            HexRow {
                offset: 32,
                bytes: 32..35
            }
        );
        assert!(rows(0).is_empty());
        assert_eq!(rows(16).len(), 1);
    }

    #[test]
    fn ascii_and_offsets() {
        assert_eq!(ascii(b'G'), 'G');
        assert_eq!(ascii(0x0d), '.');
        assert_eq!(offset_label(0x1a0), "01a0");
    }
}
