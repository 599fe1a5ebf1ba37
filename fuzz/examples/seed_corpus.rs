//! Writes each target's seeds into `DIR/<target>/` (scripts/fuzz.sh calls it for an empty
//! corpus): `cargo run -p fuzz --example seed_corpus -- DIR`.

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: seed_corpus DIR");
        std::process::exit(2);
    };
    for (name, _) in fuzz::TARGETS {
        let target = std::path::Path::new(&dir).join(name);
        if let Err(e) = std::fs::create_dir_all(&target) {
            eprintln!("seed_corpus: cannot create {}: {e}", target.display());
            std::process::exit(1);
        }
        let seeds = fuzz::seeds::seeds(name);
        for (i, seed) in seeds.iter().enumerate() {
            let file = target.join(format!("seed-{i:04}"));
            if let Err(e) = std::fs::write(&file, seed) {
                eprintln!("seed_corpus: cannot write {}: {e}", file.display());
                std::process::exit(1);
            }
        }
        println!("{name}: {} seeds", seeds.len());
    }
}
