//! Collects the built-in rules: every file in a folder of `src/rules/` (an area: `src/rules/site/`, ...) other
//! than its `mod.rs` is one rule, declaring `pub(crate) const RULE: Rule`. For each area this writes
//! `$OUT_DIR/rules_<area>.rs`, which the area's `mod.rs` includes: a module for each file and the area's
//! `RULES`, every file's rule in file-name order. A new rule is a new file, and nothing else in Rust.
//!
//! `cargo fmt` reaches files through `mod` lines it can read, so not these: `.ci/run` and the test
//! `rule_files_are_formatted` check them with rustfmt itself.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    println!("cargo::rerun-if-changed=src/rules");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut areas: Vec<_> = std::fs::read_dir(&rules).expect("src/rules").flatten().map(|e| e.path()).collect();
    areas.retain(|p| p.is_dir());
    areas.sort();
    for area in areas {
        let mut files: Vec<_> = std::fs::read_dir(&area).expect("an area folder").flatten().map(|e| e.path()).collect();
        files.retain(|p| p.extension().is_some_and(|e| e == "rs") && p.file_name().is_some_and(|n| n != "mod.rs"));
        files.sort();
        let mut code = String::from("// Written by build.rs from the files of this folder: one rule each.\n");
        let mut names = Vec::new();
        for file in &files {
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            // The path is absolute: a `#[path]` in an included file would otherwise be read from OUT_DIR.
            writeln!(code, "#[path = {:?}]\nmod {name};", file.display().to_string()).unwrap();
            names.push(name);
        }
        let list: Vec<String> = names.iter().map(|n| format!("&{n}::RULE")).collect();
        writeln!(
            code,
            "/// This area's rules, one per file.\npub(super) const RULES: &[&super::Rule] = &[{}];",
            list.join(", ")
        )
        .unwrap();
        let area_name = area.file_name().unwrap().to_string_lossy().into_owned();
        std::fs::write(Path::new(&out).join(format!("rules_{area_name}.rs")), code).expect("OUT_DIR is writable");
    }
}
