//! Geometry of the key-derivation diagram: each value one box, placed one layer below the
//! deepest of its inputs, so arrows always point down (randoms → pre-master → master → keys;
//! in TLS 1.3 the ladder Early → Handshake → Master Secret with the traffic secrets, keys and
//! IVs branching off each rung). A value without inputs that comes to exist after the first
//! record (a transcript hash, a pre-master secret) sits just above the first value made from
//! it, beside the values of its own step, rather than at the top.
//!
//! Boxes sit on a grid of rows and columns. Arrows are orthogonal polylines that run only
//! where no box can be: the channel between two rows and the lanes between two columns (or
//! beside the outer ones), so an arrow never passes under a box it does not connect.
//! Coordinates are whole SVG user units of a `viewBox` (integers print without the float
//! formatter); the diagram is drawn at its natural size, never scaled up.

use engine::transcript::{Derivation, SecretId};

/// A box's height: its name and who knows it.
pub const NODE_H: i32 = 44;
/// Extra height for a caption line naming the HKDF step (TLS 1.3), when any box has one.
pub const CAPTION_H: i32 = 14;
/// A lane between two columns: wide enough to see an arrow running down it.
pub const GAP_X: i32 = 24;
pub const GAP_Y: i32 = 34;
pub const MARGIN: i32 = 14;
/// Box width bounds; within them a box is as wide as the longest name needs.
const MIN_W: i32 = 120;
const MAX_W: i32 = 210;
/// Width of one character of a 13 px bold name, plus the box's padding (generous: a name
/// that does not fit is squeezed rather than cut).
const CHAR_W: i32 = 8;
const PAD_W: i32 = 18;

/// What the layout needs to know about one derivation.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeShape<'a> {
    pub id: SecretId,
    pub name: &'a str,
    pub inputs: Vec<SecretId>,
    /// The first record from which anyone knows it (0: before the first record).
    pub known_from: usize,
    /// Whether the box has a caption line (the HKDF step of a TLS 1.3 value).
    pub captioned: bool,
}

impl<'a> NodeShape<'a> {
    /// `tls13`: caption the values TLS 1.3's HKDF makes.
    pub fn new(d: &'a Derivation, tls13: bool) -> Self {
        NodeShape {
            id: d.id,
            name: &d.name,
            inputs: d.inputs.iter().map(|&s| s.into()).collect(),
            known_from: [d.client_knows_from, d.server_knows_from, d.public_from]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(0),
            captioned: tls13 && d.id.secret.hkdf().is_some(),
        }
    }
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
    /// The corners of the polyline, from the bottom of `from` to the top of `to`.
    pub points: Vec<(i32, i32)>,
}

impl Edge {
    /// SVG path data for the polyline.
    pub fn d(&self) -> String {
        let mut d = String::new();
        for (i, (x, y)) in self.points.iter().enumerate() {
            d.push_str(&format!("{}{x},{y}", if i == 0 { 'M' } else { 'L' }));
        }
        d
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct KeyLayout {
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<Edge>,
    /// Width of every box: the longest name's, within bounds.
    pub node_w: i32,
    /// Height of every box: [`NODE_H`], plus [`CAPTION_H`] when a box has a caption.
    pub node_h: i32,
    pub width: i32,
    pub height: i32,
}

impl KeyLayout {
    /// Height of the diagram down to the lowest of the boxes `shown` (the rest come later):
    /// an early step has no empty space below its few values.
    pub fn height_of(&self, shown: impl Fn(usize) -> bool) -> i32 {
        self.nodes
            .iter()
            .filter(|b| shown(b.index))
            .map(|b| b.y + self.node_h + MARGIN)
            .max()
            .unwrap_or(2 * MARGIN)
    }

    pub fn node(&self, index: usize) -> Option<&NodeBox> {
        self.nodes.iter().find(|b| b.index == index)
    }
}

/// Lays out the nodes in layers of at most `cols` boxes (a layer wider than that wraps onto
/// more rows). Inputs that name no node are ignored.
pub fn layout(nodes: &[NodeShape], cols: usize) -> KeyLayout {
    let cols = cols.max(1);
    let depth = depths(nodes);
    let layers = depth.iter().copied().max().map_or(0, |d| d + 1);
    let longest = nodes
        .iter()
        .map(|n| n.name.chars().count())
        .max()
        .unwrap_or(0);
    let node_w =
        (i32::try_from(longest).unwrap_or(i32::MAX / CHAR_W) * CHAR_W + PAD_W).clamp(MIN_W, MAX_W);
    let node_h = NODE_H
        + if nodes.iter().any(|n| n.captioned) {
            CAPTION_H
        } else {
            0
        };
    let row_y = |row: usize| MARGIN + row as i32 * (node_h + GAP_Y);

    let mut boxes: Vec<Option<NodeBox>> = vec![None; nodes.len()];
    let mut row_of = vec![0usize; nodes.len()];
    let mut rows = 0usize;
    let mut widest = 0usize;
    for layer in 0..layers {
        let members: Vec<usize> = (0..nodes.len()).filter(|&i| depth[i] == layer).collect();
        for row in members.chunks(cols) {
            widest = widest.max(row.len());
            for (k, &i) in row.iter().enumerate() {
                boxes[i] = Some(NodeBox {
                    index: i,
                    x: MARGIN + k as i32 * (node_w + GAP_X),
                    y: row_y(rows),
                    layer,
                });
                row_of[i] = rows;
            }
            rows += 1;
        }
    }
    let grid = Grid {
        node_w,
        node_h,
        cols: widest.max(1),
    };
    let mut edges = Vec::new();
    for (to, n) in nodes.iter().enumerate() {
        for input in &n.inputs {
            let Some(from) = index_of(nodes, *input) else {
                continue;
            };
            if let (Some(a), Some(b)) = (&boxes[from], &boxes[to]) {
                edges.push(Edge {
                    from,
                    to,
                    points: grid.route(a, row_of[from], b, row_of[to]),
                });
            }
        }
    }
    separate(&mut edges);
    let nodes_out: Vec<NodeBox> = boxes.into_iter().flatten().collect();
    let width = 2 * MARGIN + grid.cols as i32 * node_w + (grid.cols as i32 - 1) * GAP_X;
    let height = if nodes_out.is_empty() {
        2 * MARGIN
    } else {
        row_y(rows) - GAP_Y + MARGIN
    };
    KeyLayout {
        nodes: nodes_out,
        edges,
        node_w,
        node_h,
        width,
        height,
    }
}

struct Grid {
    node_w: i32,
    node_h: i32,
    cols: usize,
}

impl Grid {
    /// Bottom of `a` → the channel under its row → (when rows lie between them) along
    /// that channel to the nearest free lane, down the lane to the channel above `b`'s row →
    /// across to `b`'s centre → down to its top.
    fn route(&self, a: &NodeBox, row_a: usize, b: &NodeBox, row_b: usize) -> Vec<(i32, i32)> {
        // Arrows leave a box right of its centre and enter one left of it, so a box's way out
        // never lines up with the way into the box below it: that would read as one arrow.
        let (x1, y1) = (a.x + self.node_w / 2 + PORT, a.y + self.node_h);
        let (x2, y2) = (b.x + self.node_w / 2 - PORT, b.y);
        // Distinct heights for the two ends' channel runs, so arrows leaving one box and
        // arriving at another do not draw on top of each other.
        let below_a = y1 + GAP_Y / 2 - 4;
        let above_b = y2 - GAP_Y / 2 + 4;
        if row_b == row_a + 1 || row_b <= row_a {
            let mid = (y1 + y2) / 2;
            return simplify(vec![(x1, y1), (x1, mid), (x2, mid), (x2, y2)]);
        }
        let lane = self.lane_near((x1 + x2) / 2);
        simplify(vec![
            (x1, y1),
            (x1, below_a),
            (lane, below_a),
            (lane, above_b),
            (x2, above_b),
            (x2, y2),
        ])
    }

    /// The x of the lane (between two columns, or beside the outer ones) closest to `x`.
    fn lane_near(&self, x: i32) -> i32 {
        (0..=self.cols as i32)
            .map(|k| MARGIN + k * (self.node_w + GAP_X) - GAP_X / 2)
            .min_by_key(|lane| (lane - x).abs())
            .unwrap_or(MARGIN / 2)
    }
}

/// How far right of a box's centre its arrows leave, and left of it they enter.
const PORT: i32 = 6;

/// Offsets, in turn, of the tracks a channel or a lane holds: the middle first.
const TRACKS: [i32; 5] = [0, 5, -5, 10, -10];

/// Gives two arrows that would run along the same stretch of a channel or a lane, from
/// different inputs to different values, tracks of their own: on one line they would read as
/// one arrow, and an input would seem to feed a value it does not (the browser's X25519
/// private key feeding the server's public value). Arrows that share their input, or their
/// value, may share a track: they fan out from, or join at, the same box. Only the middle of
/// a route moves; its ends stay on the boxes.
fn separate(edges: &mut [Edge]) {
    // Lanes first: moving a lane can make channel runs that only touched overlap.
    for horizontal in [false, true] {
        // (edge, first point of the segment, the coordinate that moves, start, end along it).
        let mut runs: Vec<(usize, usize, i32, i32, i32)> = Vec::new();
        for (e, edge) in edges.iter().enumerate() {
            let p = &edge.points;
            // Interior segments only: the first and the last leave and enter a box.
            for i in 1..p.len().saturating_sub(2) {
                let (a, b) = (p[i], p[i + 1]);
                let run = if horizontal {
                    (a.1 == b.1).then_some((a.1, a.0.min(b.0), a.0.max(b.0)))
                } else {
                    (a.0 == b.0).then_some((a.0, a.1.min(b.1), a.1.max(b.1)))
                };
                if let Some((along, lo, hi)) = run {
                    runs.push((e, i, along, lo, hi));
                }
            }
        }
        // In route order, not sorted: the greedy choice needs no order to be sound, and a sort
        // of these tuples would cost the page's wasm a sort routine of its own (1.8 KB gz, measured).
        // (edge, along, start, end, track) of the runs given a track so far.
        let mut placed: Vec<(usize, i32, i32, i32, usize)> = Vec::new();
        for &(e, i, along, lo, hi) in &runs {
            let clash = |t: usize| {
                placed.iter().any(|&(f, a, l, h, u)| {
                    u == t
                        && a == along
                        && l < hi
                        && lo < h
                        && edges[f].from != edges[e].from
                        && edges[f].to != edges[e].to
                })
            };
            let track = (0..TRACKS.len()).find(|&t| !clash(t)).unwrap_or(0);
            placed.push((e, along, lo, hi, track));
            let shift = TRACKS[track];
            let p = &mut edges[e].points;
            for k in [i, i + 1] {
                if horizontal {
                    p[k].1 += shift;
                } else {
                    p[k].0 += shift;
                }
            }
        }
    }
}

/// Drops corners that do not turn (a straight run needs no middle point).
fn simplify(points: Vec<(i32, i32)>) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(points.len());
    for p in points {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let straight = (a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1);
            if straight {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// Layer of each node: one below its deepest input; without (known) inputs 0, or, when it
/// comes to exist after the first record, just above the first node made from it.
fn depths(nodes: &[NodeShape]) -> Vec<usize> {
    let mut depth = input_depths(nodes);
    for (i, n) in nodes.iter().enumerate() {
        let source = !n.inputs.iter().any(|&id| index_of(nodes, id).is_some());
        if !source || n.known_from <= 1 {
            continue;
        }
        // Lowering a source never deepens its consumers: each stays below it.
        let first_use = (0..nodes.len())
            .filter(|&j| nodes[j].inputs.contains(&n.id))
            .map(|j| depth[j])
            .min();
        if let Some(d) = first_use {
            depth[i] = d.saturating_sub(1);
        }
    }
    depth
}

/// Layer of each node: 0 without (known) inputs, else one below its deepest input.
/// A cycle (which the engine never produces) is cut rather than looping forever.
fn input_depths(nodes: &[NodeShape]) -> Vec<usize> {
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
            if let Some(j) = index_of(nodes, *input)
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
fn index_of(nodes: &[NodeShape], id: SecretId) -> Option<usize> {
    nodes.iter().position(|n| n.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::crypto::secrets::Secret;
    use engine::pki::{CertKind, ClientCertKind};
    use engine::{Group, Protocol, Scenario};

    fn n(id: Secret, inputs: &[Secret]) -> NodeShape<'static> {
        NodeShape {
            id: id.into(),
            name: id.id(),
            inputs: inputs.iter().map(|&s| s.into()).collect(),
            known_from: 1,
            captioned: false,
        }
    }

    fn tls12() -> Vec<NodeShape<'static>> {
        use Secret::*;
        vec![
            n(ClientRandom, &[]),
            n(ServerRandom, &[]),
            n(PreMasterSecret, &[]),
            n(MasterSecret, &[PreMasterSecret, ClientRandom, ServerRandom]),
            n(KeyBlock, &[MasterSecret, ClientRandom, ServerRandom]),
            n(ClientWriteKey, &[KeyBlock]),
        ]
    }

    /// True when the segment from `p` to `q` (horizontal or vertical) enters the inside of
    /// the box.
    fn crosses(p: (i32, i32), q: (i32, i32), b: &NodeBox, l: &KeyLayout) -> bool {
        let (x0, x1) = (p.0.min(q.0), p.0.max(q.0));
        let (y0, y1) = (p.1.min(q.1), p.1.max(q.1));
        x0 < b.x + l.node_w && x1 > b.x && y0 < b.y + l.node_h && y1 > b.y
    }

    fn assert_no_edge_crosses_a_box(l: &KeyLayout, what: &str) {
        for e in &l.edges {
            for pair in e.points.windows(2) {
                assert!(
                    pair[0].0 == pair[1].0 || pair[0].1 == pair[1].1,
                    "{what}: edge {}→{} is not orthogonal",
                    e.from,
                    e.to
                );
                for b in &l.nodes {
                    assert!(
                        !crosses(pair[0], pair[1], b, l),
                        "{what}: edge {}→{} passes through box {} ({:?})",
                        e.from,
                        e.to,
                        b.index,
                        e.points
                    );
                }
            }
        }
    }

    #[test]
    fn inputs_sit_above_what_is_derived_from_them() {
        let l = layout(&tls12(), 3);
        let y = |i: usize| l.node(i).unwrap().y;
        assert!(y(0) < y(3) && y(2) < y(3));
        assert!(y(3) < y(4) && y(4) < y(5));
        assert_eq!(y(0), y(1));
        assert_eq!(l.edges.len(), 7);
        assert!(l.edges.iter().all(|e| e.d().starts_with('M')));
        assert_no_edge_crosses_a_box(&l, "sketch");
    }

    /// Every real key schedule: both TLS 1.2 suites with and without EMS, TLS 1.3 with each
    /// group, with and without HelloRetryRequest.
    fn real_schedules() -> Vec<(String, engine::Transcript)> {
        let mut runs = Vec::new();
        for protocol in [Protocol::Rsa, Protocol::Ecdhe] {
            for ems in [true, false] {
                let s = Scenario {
                    protocol,
                    ems,
                    cert: CertKind::Valid,
                    ..Scenario::default()
                };
                runs.push((format!("{protocol:?} ems={ems}"), engine::simulate(&s)));
            }
        }
        // Mutual TLS adds the hash the browser's CertificateVerify signs.
        for (protocol, ems) in [
            (Protocol::Rsa, true),
            (Protocol::Rsa, false),
            (Protocol::Ecdhe, true),
        ] {
            let s = Scenario {
                protocol,
                ems,
                client_cert: Some(ClientCertKind::Valid),
                ..Scenario::default()
            };
            runs.push((format!("{protocol:?} ems={ems} mTLS"), engine::simulate(&s)));
        }
        for group in [Group::X25519, Group::X25519MlKem768] {
            for hrr in [false, true] {
                let s = Scenario {
                    protocol: Protocol::Tls13,
                    group,
                    hrr,
                    cert: CertKind::Valid,
                    ..Scenario::default()
                };
                runs.push((format!("{group:?} hrr={hrr}"), engine::simulate(&s)));
                let s = Scenario {
                    client_cert: Some(ClientCertKind::Valid),
                    ..s
                };
                runs.push((format!("{group:?} hrr={hrr} mTLS"), engine::simulate(&s)));
            }
        }
        runs
    }

    fn shapes(t: &engine::Transcript) -> Vec<NodeShape<'_>> {
        let tls13 = t.scenario.protocol.suite().is_tls13();
        t.derivations
            .iter()
            .map(|d| NodeShape::new(d, tls13))
            .collect()
    }

    /// Laid out for desktop and phone widths: no arrow passes through a box, at any step (the
    /// layout does not depend on the step; the step only hides what does not exist yet).
    #[test]
    fn no_edge_crosses_a_box_in_any_real_key_schedule() {
        for (what, t) in real_schedules() {
            assert!(t.outcome.handshake_complete, "{what}");
            assert_eq!(
                what.ends_with("mTLS"),
                t.derivations
                    .iter()
                    .any(|d| d.id == Secret::ClientCertificateVerifyHash.into()),
                "{what}"
            );
            let shapes = shapes(&t);
            for cols in [2, 3] {
                let l = layout(&shapes, cols);
                assert_eq!(l.nodes.len(), shapes.len());
                assert!(l.edges.len() >= shapes.len() / 2, "{what}: too few edges");
                assert_no_edge_crosses_a_box(&l, &format!("{what} cols={cols}"));
                for b in &l.nodes {
                    assert!(b.x + l.node_w <= l.width && b.y + l.node_h <= l.height);
                }
            }
        }
    }

    /// No two arrows from different inputs to different values run along the same stretch of
    /// line: each would seem to feed the other's value (issue 26 found the browser's X25519
    /// private key seeming to feed the server's public value, and key_block the server's
    /// verify_data).
    #[test]
    fn unrelated_arrows_never_share_a_stretch_of_line() {
        // Every unit step of every segment, as ((x, y), (x, y)) with the smaller point first.
        fn stretches(e: &Edge) -> Vec<((i32, i32), (i32, i32))> {
            let mut out = Vec::new();
            for w in e.points.windows(2) {
                let (a, b) = (w[0].min(w[1]), w[0].max(w[1]));
                let (mut x, mut y) = a;
                while (x, y) != b {
                    let next = if x < b.0 { (x + 1, y) } else { (x, y + 1) };
                    out.push(((x, y), next));
                    (x, y) = next;
                }
            }
            out
        }
        for (what, t) in real_schedules() {
            for cols in [2, 3] {
                let l = layout(&shapes(&t), cols);
                let lines: Vec<std::collections::HashSet<_>> = l
                    .edges
                    .iter()
                    .map(|e| stretches(e).into_iter().collect())
                    .collect();
                for (i, e) in l.edges.iter().enumerate() {
                    for (j, f) in l.edges.iter().enumerate().skip(i + 1) {
                        if e.from == f.from || e.to == f.to {
                            continue;
                        }
                        let shared = lines[i].intersection(&lines[j]).count();
                        assert!(
                            shared <= 1,
                            "{what} cols={cols}: {}→{} and {}→{} share {shared} units of line: {:?} and {:?}",
                            e.from,
                            e.to,
                            f.from,
                            f.to,
                            e.points,
                            f.points
                        );
                    }
                }
            }
        }
    }

    /// TLS 1.3's schedule reads as a ladder: each stage below the one before, each traffic
    /// secret below its stage and above its key and IV, and a transcript hash that comes to
    /// exist late sits just above the secrets it keys, not at the top.
    #[test]
    fn tls13_schedules_are_a_ladder() {
        use Secret::*;
        for (what, t) in real_schedules().into_iter().skip(7) {
            let shapes = shapes(&t);
            let l = layout(&shapes, 3);
            assert_eq!(l.node_h, NODE_H + CAPTION_H, "{what}: captioned");
            let y = |s: Secret| {
                let i = index_of(&shapes, s.into()).unwrap_or_else(|| panic!("{what}: {s:?}"));
                l.node(i).unwrap().y
            };
            let layer = |s: Secret| l.node(index_of(&shapes, s.into()).unwrap()).unwrap().layer;
            let descending = |chain: &[Secret]| chain.windows(2).all(|w| y(w[0]) < y(w[1]));
            assert!(
                descending(&[
                    EarlySecret,
                    DerivedForHandshake,
                    HandshakeSecret,
                    DerivedForMaster,
                    MasterSecret
                ]),
                "{what}"
            );
            assert!(descending(&[
                HandshakeSecret,
                ClientHandshakeTrafficSecret,
                ClientHandshakeKey
            ]));
            assert!(descending(&[
                MasterSecret,
                ServerApplicationTrafficSecret,
                ServerApplicationIv
            ]));
            assert!(y(ServerFinishedHash) > y(HandshakeSecret), "{what}");
            assert_eq!(
                layer(ServerFinishedHash) + 1,
                layer(ClientApplicationTrafficSecret),
                "{what}"
            );
        }
    }

    #[test]
    fn boxes_fit_their_names_and_early_steps_are_short() {
        let l = layout(&tls12(), 3);
        assert!(l.node_w >= "pre_master_secret".len() as i32 * CHAR_W);
        let short = l.height_of(|i| i < 2);
        assert_eq!(l.node_h, NODE_H, "no captions in TLS 1.2");
        assert_eq!(short, MARGIN + NODE_H + MARGIN);
        assert!(short < l.height);
    }

    #[test]
    fn wide_layers_wrap_at_cols() {
        use Secret::*;
        let nodes: Vec<_> = [
            ClientRandom,
            ServerRandom,
            KeyBlock,
            MasterSecret,
            SessionHash,
        ]
        .into_iter()
        .map(|id| n(id, &[]))
        .collect();
        let l = layout(&nodes, 2);
        assert_eq!(l.width, 2 * MARGIN + 2 * l.node_w + GAP_X);
        let rows: std::collections::BTreeSet<i32> = l.nodes.iter().map(|b| b.y).collect();
        assert_eq!(rows.len(), 3);
        assert!(l.nodes.iter().all(|b| b.x + l.node_w <= l.width));
    }

    #[test]
    fn unknown_inputs_and_cycles_are_harmless() {
        use Secret::*;
        let (a, b, ghost) = (MasterSecret, KeyBlock, SessionHash);
        let l = layout(&[n(a, &[b, ghost]), n(b, &[a])], 3);
        assert_eq!(l.nodes.len(), 2);
        assert!(layout(&[], 3).nodes.is_empty());
    }
}
