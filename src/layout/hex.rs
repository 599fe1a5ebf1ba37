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

/// Two lower-case hex digits per byte, with or without spaces: the engine's encoder (one for
/// the whole workspace), named as the components know it.
pub fn to_hex(bytes: &[u8], sep: &str) -> String {
    if sep.is_empty() {
        engine::codec::hex(bytes)
    } else {
        engine::codec::hex_spaced(bytes).replace(' ', sep)
    }
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
    fn hex_and_ascii() {
        assert_eq!(to_hex(&[0x16, 0x03, 0x01], " "), "16 03 01");
        assert_eq!(to_hex(&[0xab, 0x0c], ""), "ab0c");
        assert_eq!(ascii(b'G'), 'G');
        assert_eq!(ascii(0x0d), '.');
        assert_eq!(offset_label(0x1a0), "01a0");
    }
}
