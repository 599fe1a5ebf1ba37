//! Geometry of the key-derivation diagram: each value one box, placed one layer below the
//! deepest of its inputs, so arrows always point down (randoms → pre-master → master → keys).
//! Coordinates are whole SVG user units of a `viewBox` (integers print without the float
//! formatter).

pub const NODE_W: i32 = 168;
pub const NODE_H: i32 = 44;
pub const GAP_X: i32 = 16;
pub const GAP_Y: i32 = 34;
pub const MARGIN: i32 = 8;

/// What the layout needs to know about one derivation.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeShape<'a> {
    pub id: &'a str,
    pub inputs: Vec<&'a str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    /// Index into the nodes given to [`layout`].
    pub index: usize,
    pub x: i32,
    pub y: i32,
    pub layer: usize,
}

/// An arrow from an input's box to the box computed from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// SVG path data: a vertical S-curve from the bottom of `from` to the top of `to`.
    pub d: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct KeyLayout {
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<Edge>,
    pub width: i32,
    pub height: i32,
}

/// Lays out the nodes in layers of at most `cols` boxes (a layer wider than that wraps).
/// Inputs that name no node are ignored.
pub fn layout(nodes: &[NodeShape], cols: usize) -> KeyLayout {
    let cols = cols.max(1);
    let depth = depths(nodes);
    let layers = depth.iter().copied().max().map_or(0, |d| d + 1);

    let mut boxes: Vec<Option<NodeBox>> = vec![None; nodes.len()];
    let mut y = MARGIN;
    let mut widest = 0usize;
    for layer in 0..layers {
        let members: Vec<usize> = (0..nodes.len()).filter(|&i| depth[i] == layer).collect();
        for row in members.chunks(cols) {
            widest = widest.max(row.len());
            for (k, &i) in row.iter().enumerate() {
                boxes[i] = Some(NodeBox {
                    index: i,
                    x: MARGIN + k as i32 * (NODE_W + GAP_X),
                    y,
                    layer,
                });
            }
            y += NODE_H + GAP_Y;
        }
    }
    let mut edges = Vec::new();
    for (to, n) in nodes.iter().enumerate() {
        for input in &n.inputs {
            let Some(from) = index_of(nodes, input) else {
                continue;
            };
            if let (Some(a), Some(b)) = (&boxes[from], &boxes[to]) {
                edges.push(Edge {
                    from,
                    to,
                    d: curve(a, b),
                });
            }
        }
    }
    let nodes_out: Vec<NodeBox> = boxes.into_iter().flatten().collect();
    let width = 2 * MARGIN + widest as i32 * NODE_W + widest.saturating_sub(1) as i32 * GAP_X;
    let height = if nodes_out.is_empty() {
        2 * MARGIN
    } else {
        y - GAP_Y + MARGIN
    };
    KeyLayout {
        nodes: nodes_out,
        edges,
        width,
        height,
    }
}

/// Layer of each node: 0 without (known) inputs, else one below its deepest input.
/// A cycle (which the engine never produces) is cut rather than looping forever.
fn depths(nodes: &[NodeShape]) -> Vec<usize> {
    let mut depth: Vec<Option<usize>> = vec![None; nodes.len()];
    fn visit(
        i: usize,
        nodes: &[NodeShape],
        depth: &mut Vec<Option<usize>>,
        on_path: &mut Vec<bool>,
    ) -> usize {
        if let Some(d) = depth[i] {
            return d;
        }
        on_path[i] = true;
        let mut d = 0;
        for input in &nodes[i].inputs {
            if let Some(j) = index_of(nodes, input)
                && !on_path[j]
            {
                d = d.max(visit(j, nodes, depth, on_path) + 1);
            }
        }
        on_path[i] = false;
        depth[i] = Some(d);
        d
    }
    let mut on_path = vec![false; nodes.len()];
    (0..nodes.len())
        .map(|i| visit(i, nodes, &mut depth, &mut on_path))
        .collect()
}

/// The node named `id`. A linear search: a key schedule has a few dozen values at most, and
/// a hash map would add its code to the page for nothing.
fn index_of(nodes: &[NodeShape], id: &str) -> Option<usize> {
    nodes.iter().position(|n| n.id == id)
}

fn curve(a: &NodeBox, b: &NodeBox) -> String {
    let (x1, y1) = (a.x + NODE_W / 2, a.y + NODE_H);
    let (x2, y2) = (b.x + NODE_W / 2, b.y);
    let my = (y1 + y2) / 2;
    format!("M{x1},{y1} C{x1},{my} {x2},{my} {x2},{y2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n<'a>(id: &'a str, inputs: &[&'a str]) -> NodeShape<'a> {
        NodeShape {
            id,
            inputs: inputs.to_vec(),
        }
    }

    fn tls12() -> Vec<NodeShape<'static>> {
        vec![
            n("client_random", &[]),
            n("server_random", &[]),
            n("pre_master_secret", &[]),
            n(
                "master_secret",
                &["pre_master_secret", "client_random", "server_random"],
            ),
            n(
                "key_block",
                &["master_secret", "client_random", "server_random"],
            ),
            n("client_write_key", &["key_block"]),
        ]
    }

    #[test]
    fn inputs_sit_above_what_is_derived_from_them() {
        let l = layout(&tls12(), 3);
        let y = |i: usize| l.nodes.iter().find(|b| b.index == i).unwrap().y;
        assert!(y(0) < y(3) && y(2) < y(3));
        assert!(y(3) < y(4) && y(4) < y(5));
        assert_eq!(y(0), y(1));
        assert_eq!(l.edges.len(), 7);
        assert!(l.edges.iter().all(|e| e.d.starts_with('M')));
    }

    #[test]
    fn wide_layers_wrap_at_cols() {
        let nodes: Vec<_> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|id| n(id, &[]))
            .collect();
        let l = layout(&nodes, 2);
        assert_eq!(l.width, 2 * MARGIN + 2 * NODE_W + GAP_X);
        let rows: std::collections::BTreeSet<i32> = l.nodes.iter().map(|b| b.y).collect();
        assert_eq!(rows.len(), 3);
        assert!(l.nodes.iter().all(|b| b.x + NODE_W <= l.width));
    }

    #[test]
    fn unknown_inputs_and_cycles_are_harmless() {
        let l = layout(&[n("a", &["b", "ghost"]), n("b", &["a"])], 3);
        assert_eq!(l.nodes.len(), 2);
        assert!(layout(&[], 3).nodes.is_empty());
    }
}
