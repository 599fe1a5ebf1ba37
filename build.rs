//! The shipped lessons (`lessons/N-ID.md`, shown in the order of N): refuses to build a page
//! whose lessons do not parse — a typo is a build error with its line, not a broken lesson in
//! front of a class — and writes their list for `crate::lesson`: ids and titles (which the lab
//! links to), and for the course page their files (which it fetches: lessons are data, so a
//! new one costs no first load) and, natively, their texts. Whether each
//! step's state and values exist in its run is checked by `cargo test` (`tests/lessons.rs`).

use std::fmt::Write;

#[allow(dead_code)]
#[path = "src/lesson/format.rs"]
mod format;

fn main() {
    println!("cargo::rerun-if-changed=lessons");
    println!("cargo::rerun-if-changed=src/lesson/format.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("lessons/ is in the repository")
        .map(|e| e.expect("lessons/ is readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let (mut titles, mut texts, mut names) = (String::new(), String::new(), String::new());
    for path in &files {
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        let id = stem
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches('-');
        let text = std::fs::read_to_string(path).expect("a lesson is UTF-8 text");
        match format::parse(&text) {
            Ok(lesson) => {
                let _ = writeln!(titles, "    ({id:?}, {:?}),", lesson.title);
                let _ = writeln!(texts, "    include_str!({:?}),", path.display().to_string());
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                let _ = writeln!(names, "    \"lessons/{name}\",");
            }
            Err(errors) => {
                for e in errors {
                    println!("cargo::error={}: {e}", path.display());
                }
            }
        }
    }
    let n = files.len();
    let out = format!(
        "/// Each shipped lesson's id (`lesson=ID`) and title.\n\
         pub const SHIPPED: [(&str, &str); {n}] = [\n{titles}];\n\n\
         /// Their files beside the course page, in the same order: the page fetches the one\n\
         /// it opens.\n\
         #[cfg(feature = \"course\")]\n\
         pub const FILES: [&str; {n}] = [\n{names}];\n\n\
         /// Their texts, compiled in for native builds (tests) only.\n\
         #[cfg(all(feature = \"course\", not(target_family = \"wasm\")))]\n\
         pub const TEXTS: [&str; {n}] = [\n{texts}];\n"
    );
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("lessons.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
