//! The hex grid of the inspector: which bytes go on which row, and each row's text.
//!
//! A row's bytes are one text (`16 03 03 …`), split only where a highlight starts and ends:
//! a record of 2 KB is 128 rows of a few nodes each, not 2,000 elements for the browser to
//! lay out on every step.

use std::ops::Range;

use engine::codec::hex_spaced;

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

/// A row's hex text in three parts: before the highlighted bytes, the highlighted bytes,
/// after them. Joined they are the row's `16 03 03 …`; the spaces between highlighted bytes
/// belong to the highlight, the ones around it do not.
pub fn row_text(bytes: &[u8], row: &Range<usize>, highlight: Range<usize>) -> [String; 3] {
    let start = highlight.start.clamp(row.start, row.end);
    let end = highlight.end.clamp(start, row.end);
    let text = hex_spaced(&bytes[row.clone()]);
    if start == end {
        return [text, String::new(), String::new()];
    }
    // Byte k of the row starts at character 3k; the highlight ends before its last space.
    let (a, b) = (3 * (start - row.start), 3 * (end - row.start) - 1);
    [text[..a].into(), text[a..b].into(), text[b..].into()]
}

/// The byte under the pointer: `x` from the left edge of a row's hex text, which is
/// `width` wide for [`PER_ROW`] bytes, in a row holding `len` bytes.
pub fn byte_at(x: f64, width: f64, len: usize) -> Option<usize> {
    let column = (x / (width / PER_ROW as f64)).floor();
    (column >= 0.0 && (column as usize) < len).then_some(column as usize)
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
    fn a_row_splits_at_the_highlight() {
        let bytes: Vec<u8> = (0..20).collect();
        let row = 0..16;
        let whole = hex_spaced(&bytes[..16]);
        assert_eq!(
            row_text(&bytes, &row, 0..0),
            [whole.as_str(), "", ""].map(String::from)
        );
        assert_eq!(
            row_text(&bytes, &row, 2..4),
            ["00 01 ", "02 03", &whole[11..]].map(String::from)
        );
        // A highlight running on to the next row fills this one to its end.
        let [before, lit, after] = row_text(&bytes, &row, 14..18);
        assert_eq!((lit.as_str(), after.as_str()), ("0e 0f", ""));
        assert_eq!(before + &lit + &after, whole);
        // ...and the next row from its start.
        assert_eq!(
            row_text(&bytes, &(16..20), 14..18),
            ["", "10 11", " 12 13"].map(String::from)
        );
        // A highlight elsewhere leaves the row whole.
        assert_eq!(row_text(&bytes, &(16..20), 2..4)[0], "10 11 12 13");
    }

    #[test]
    fn the_pointer_finds_its_byte() {
        // 16 columns of 25 px.
        assert_eq!(byte_at(0.0, 400.0, 16), Some(0));
        assert_eq!(byte_at(24.9, 400.0, 16), Some(0));
        assert_eq!(byte_at(25.0, 400.0, 16), Some(1));
        assert_eq!(byte_at(399.0, 400.0, 16), Some(15));
        // Past the last byte of a short row, or left of the text: none.
        assert_eq!(byte_at(100.0, 400.0, 4), None);
        assert_eq!(byte_at(-1.0, 400.0, 16), None);
    }

    #[test]
    fn ascii_and_offsets() {
        assert_eq!(ascii(b'G'), 'G');
        assert_eq!(ascii(0x0d), '.');
        assert_eq!(offset_label(0x1a0), "01a0");
    }
}
