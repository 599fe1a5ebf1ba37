//! Lookups in the annotated field tree: a field by its path, and the deepest field that
//! covers a byte (what the hex view highlights on hover).

use engine::transcript::Field;

/// Indices from the top-level list down to one field.
pub type FieldPath = Vec<usize>;

/// The field at `path`, if the path exists in `fields`.
pub fn at<'a>(fields: &'a [Field], path: &[usize]) -> Option<&'a Field> {
    let (first, rest) = path.split_first()?;
    let mut field = fields.get(*first)?;
    for i in rest {
        field = field.children.get(*i)?;
    }
    Some(field)
}

/// The RFC section of the field at `path`, or of the nearest field around it that names one.
pub fn rfc_at<'a>(fields: &'a [Field], path: &[usize]) -> Option<&'a str> {
    (1..=path.len())
        .rev()
        .filter_map(|n| at(fields, &path[..n]))
        .map(|f| f.rfc.as_str())
        .find(|r| !r.is_empty())
}

/// The deepest (most specific) field whose range holds byte `i`.
pub fn deepest_at(fields: &[Field], i: usize) -> Option<FieldPath> {
    let mut path = Vec::new();
    let mut level = fields;
    // Among siblings the last match wins, so a field that a fault made overlap stays findable.
    while let Some((k, f)) = level
        .iter()
        .enumerate()
        .rev()
        .find(|(_, f)| f.start <= i && i < f.end)
    {
        path.push(k);
        level = &f.children;
    }
    if path.is_empty() { None } else { Some(path) }
}

/// The first field (depth first) whose name is `name`.
pub fn find_by_name(fields: &[Field], name: &str) -> Option<FieldPath> {
    for (k, f) in fields.iter().enumerate() {
        if f.name == name {
            return Some(vec![k]);
        }
        if let Some(mut rest) = find_by_name(&f.children, name) {
            rest.insert(0, k);
            return Some(rest);
        }
    }
    None
}

/// The certificates in `fields` left whole (`engine::pki::undissected`), by path.
pub fn undissected(fields: &[Field]) -> Vec<FieldPath> {
    let mut out = Vec::new();
    for (k, f) in fields.iter().enumerate() {
        if engine::pki::undissected(f) {
            out.push(vec![k]);
        }
        for mut rest in undissected(&f.children) {
            rest.insert(0, k);
            out.push(rest);
        }
    }
    out
}

/// `fields` with `tree` in place of the field at `path` (unchanged if there is none).
pub fn graft(fields: &mut [Field], path: &[usize], tree: Field) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let Some(mut field) = fields.get_mut(*first) else {
        return;
    };
    for i in rest {
        let Some(child) = field.children.get_mut(*i) else {
            return;
        };
        field = child;
    }
    *field = tree;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, start: usize, end: usize, children: Vec<Field>) -> Field {
        Field {
            name: name.into(),
            start,
            end,
            value: String::new(),
            rfc: String::new(),
            children,
        }
    }

    fn record() -> Vec<Field> {
        vec![
            field(
                "record header",
                0,
                5,
                vec![field("type", 0, 1, vec![]), field("length", 3, 5, vec![])],
            ),
            field("ClientHello", 5, 50, vec![field("random", 11, 43, vec![])]),
        ]
    }

    #[test]
    fn a_tree_grafted_in_place_of_a_field() {
        let mut f = record();
        let tree = field(
            "Certificate",
            11,
            43,
            vec![field("tbsCertificate", 11, 40, vec![])],
        );
        graft(&mut f, &[1, 0], tree.clone());
        assert_eq!(at(&f, &[1, 0]), Some(&tree));
        assert_eq!(deepest_at(&f, 20), Some(vec![1, 0, 0]));
        // A path that names no field changes nothing.
        let before = f.clone();
        graft(&mut f, &[1, 3, 0], tree);
        assert_eq!(f, before);
    }

    #[test]
    fn deepest_field_under_a_byte() {
        let f = record();
        assert_eq!(deepest_at(&f, 0), Some(vec![0, 0]));
        assert_eq!(deepest_at(&f, 2), Some(vec![0]));
        assert_eq!(deepest_at(&f, 20), Some(vec![1, 0]));
        assert_eq!(deepest_at(&f, 45), Some(vec![1]));
        assert_eq!(deepest_at(&f, 50), None);
    }

    #[test]
    fn path_lookup_round_trips() {
        let f = record();
        let p = find_by_name(&f, "random").unwrap();
        assert_eq!(p, vec![1, 0]);
        assert_eq!(at(&f, &p).unwrap().start, 11);
        assert!(at(&f, &[5]).is_none());
        assert!(at(&f, &[]).is_none());
        assert!(find_by_name(&f, "nope").is_none());
    }
}
