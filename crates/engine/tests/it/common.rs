//! What several test modules share (`crate::common::…`).

/// Bytes from lowercase or uppercase hex without separators (the vector files' encoding).
pub fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd-length hex");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

/// A known-answer vector file of `tests/vectors/`, parsed.
pub fn vector_file(name: &str) -> serde_json::Value {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A small deterministic generator (xorshift64), so a failure names the case that caused it.
pub struct XorShift(pub u64);

/// The application data delivered in `t`, as text, in wire order.
pub fn app_data(t: &engine::Transcript) -> Vec<&str> {
    t.records
        .iter()
        .flat_map(|r| &r.events)
        .filter_map(|e| match e {
            engine::transcript::Event::AppData { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

impl XorShift {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
