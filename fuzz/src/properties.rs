//! Properties the harnesses assert beyond "no panic".

use engine::common::Output;
use engine::msgs::enums::ContentType;
use engine::transcript::Field;

/// Fields tile `0..len`: top-level fields in order without gaps or overlaps, each child
/// inside its parent. A dissection that skips a byte would hide it from the inspector.
pub fn assert_fields_cover(fields: &[Field], len: usize) {
    assert_tiles(fields, 0, len);
}

fn assert_tiles(fields: &[Field], start: usize, end: usize) {
    let mut at = start;
    for f in fields {
        assert!(
            f.start == at && f.start <= f.end && f.end <= end,
            "field {} covers {}..{}, expected to start at {at} and end by {end}",
            f.name,
            f.start,
            f.end
        );
        if !f.children.is_empty() {
            assert_children_inside(&f.children, f.start, f.end);
        }
        at = f.end;
    }
    assert_eq!(at, end, "the fields stop at {at} of {end}");
}

/// Children lie inside their parent, in order, without overlaps (a parent may have bytes no
/// child names, e.g. a length prefix shown only in the parent).
fn assert_children_inside(children: &[Field], start: usize, end: usize) {
    let mut at = start;
    for c in children {
        assert!(
            c.start >= at && c.start <= c.end && c.end <= end,
            "field {} covers {}..{}, outside {at}..{end}",
            c.name,
            c.start,
            c.end
        );
        assert_children_inside(&c.children, c.start, c.end);
        at = c.end;
    }
}

/// An endpoint that rejects its input sends exactly one fatal alert and then nothing.
pub fn assert_one_alert_then_silence(outputs: &[Output]) {
    let Some(error) = outputs.iter().position(|o| matches!(o, Output::Error(_))) else {
        return;
    };
    let records: Vec<&engine::common::Outgoing> = outputs[error..]
        .iter()
        .filter_map(|o| match o {
            Output::Record(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(records.len(), 1, "after an error: one record, the alert");
    assert_eq!(records[0].typ, ContentType::Alert);
    // AlertLevel fatal (2), in the clear or as the first byte of the sealed plaintext.
    assert_eq!(records[0].plaintext.first(), Some(&2), "the alert is fatal");
}
