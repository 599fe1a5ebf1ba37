//! The fuzz targets on stable, in the ordinary test run: every seed, the committed corpus
//! (`fuzz/corpus/<target>/`, minimised after campaigns) and every input that once crashed
//! (`fuzz/regressions/<target>/`) go through the same harness functions libFuzzer calls.

use std::path::Path;

fn files(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .collect()
}

#[test]
fn every_seed_corpus_entry_and_past_crash_passes_its_harness() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut total = 0;
    for (name, harness) in fuzz::TARGETS {
        let seeds = fuzz::seeds::seeds(name);
        assert!(!seeds.is_empty(), "{name} has no seeds");
        let corpus = files(&root.join("corpus").join(name));
        let regressions = files(&root.join("regressions").join(name));
        for input in seeds.iter().chain(&corpus).chain(&regressions) {
            harness(input);
        }
        total += seeds.len() + corpus.len() + regressions.len();
    }
    eprintln!("replayed {total} inputs");
}
