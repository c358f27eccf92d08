//! The architecture holds (ARCHITECTURE.md): stages depend only on earlier ones, the library never prints,
//! and ARCHITECTURE.md names every top-level module. Checked over the source text, so it stays true.

use super::*;

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") && !test_only(&path) {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path, text));
        }
    }
    out
}

/// Whether the file's module is declared for tests alone (`#[cfg(test)] mod testing;` in its parent): tests may
/// reach anywhere.
fn test_only(path: &Path) -> bool {
    let (Some(dir), Some(stem)) = (path.parent(), path.file_stem()) else { return false };
    let declared = format!("#[cfg(test)]\nmod {};", stem.to_string_lossy());
    ["mod.rs", "lib.rs"]
        .iter()
        .any(|parent| std::fs::read_to_string(dir.join(parent)).is_ok_and(|text| text.contains(&declared)))
}

/// The top-level module a file belongs to: `src/gather/site/fetch.rs` → `gather`, `src/score.rs` → `score`.
fn module_of(path: &Path) -> String {
    let relative = path.strip_prefix(repo_root().join("src")).unwrap();
    let first = relative.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
    first.trim_end_matches(".rs").to_string()
}

/// The code of a file without its comments and its `#[cfg(test)]` module (tests may reach anywhere).
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The modules a file's code names as `crate::<module>`, also inside a grouped import (`crate::{report, x::y}`).
fn uses(code: &str) -> Vec<String> {
    let word =
        |text: &str| -> String { text.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + 7..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level names of the group: split on commas outside nested braces.
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        found.push(word(&group[start..i]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push(word(&group[start..i]));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            found.push(word(rest));
        }
    }
    found.retain(|m| !m.is_empty());
    found.sort();
    found.dedup();
    found
}

/// Modules every stage may use: they hold no stage's work (errors, messages, numbers, rule declarations).
const STAGE_FREE: &[&str] = &["error", "i18n", "msg", "t", "text", "stats", "significance", "spec"];

/// For every stage, the stages it may name besides [`STAGE_FREE`]; a module not listed here is an edge (the
/// library's root, the command line and its façade `cli`, `demo`, `init`, `visit`, `repeat`) and may name any.
const MAY_USE: &[(&str, &[&str])] = &[
    ("spec", &[]),
    // The input stage: everything the user writes or hands in is parsed here. It checks a checklist against
    // the rule declarations (`spec`), never against the rules themselves.
    ("config", &[]),
    ("gather", &["config"]),
    ("rules", &["config", "gather"]),
    ("score", &["config", "rules"]),
    // The result model lies below both the report and compare: neither names the other.
    ("result", &["config", "gather", "rules", "score"]),
    ("rivals", &["config", "gather", "rules", "result"]),
    ("chain", &["config", "gather", "rules", "score", "result"]),
    ("compare", &["config", "rules", "result", "rivals"]),
    ("report", &["config", "gather", "rules", "result"]),
];

/// The modules a file names by climbing to the crate's root with `super::` (`super::super::rules` in
/// `src/config/checklist.rs`), which `crate::` alone would not show.
fn root_by_super(path: &Path, code: &str) -> Vec<String> {
    let relative = path.strip_prefix(repo_root().join("src")).unwrap();
    let mut depth = relative.components().count();
    if relative.ends_with("mod.rs") {
        depth -= 1;
    }
    let climb = "super::".repeat(depth);
    let word = |text: &str| -> String { text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    code.match_indices(&climb)
        .filter(|(at, _)| !code[..*at].ends_with("super::"))
        .map(|(at, _)| word(&code[at + climb.len()..]))
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn stages_depend_only_on_earlier_ones() {
    let modules: Vec<String> = std::fs::read_dir(repo_root().join("src"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    let mut wrong = Vec::new();
    for (path, text) in sources(&repo_root().join("src")) {
        let module = module_of(&path);
        let Some((_, allowed)) = MAY_USE.iter().find(|(stage, _)| *stage == module) else { continue };
        let code = code(&text);
        for used in uses(&code).into_iter().chain(root_by_super(&path, &code)) {
            // A name at the root that is no module (a re-export, `crate::load`) belongs to the library's root.
            let used =
                if modules.contains(&used) || ["msg", "t"].contains(&used.as_str()) { used } else { "lib".to_string() };
            if used != module && !STAGE_FREE.contains(&used.as_str()) && !allowed.contains(&used.as_str()) {
                wrong.push(format!("{} uses crate::{used}", path.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "stages reaching beyond what they may use:\n{}", wrong.join("\n"));
    // Every module of src/ is a stage, stage-free or a named edge: a new one must be placed here.
    let edges = ["lib", "main", "cli", "demo", "init", "visit", "repeat"];
    for entry in std::fs::read_dir(repo_root().join("src")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().trim_end_matches(".rs").to_string();
        assert!(
            MAY_USE.iter().any(|(stage, _)| *stage == name)
                || STAGE_FREE.contains(&name.as_str())
                || edges.contains(&name.as_str()),
            "src/{name}: place it in MAY_USE, STAGE_FREE or the edges"
        );
    }
    // The check sees grouped imports too, and a climb to the root.
    assert_eq!(
        uses("use crate::{report::html, result::{self, x}};\nlet a = crate::score::f();"),
        ["report", "result", "score"]
    );
    let file = repo_root().join("src/config/checklist.rs");
    assert_eq!(root_by_super(&file, "use super::super::rules::Rule; use super::diag;"), ["rules"]);
}

#[test]
fn language_is_chosen_only_at_the_edge() {
    // Input, gather, rules and score hand on texts as messages (`i18n::Text`); only the report and the
    // command line put them into a language (`Tr`).
    let language = regex::Regex::new(r"\bTr\b|[^a-z_]t!\(|\.tr\(\)|\.render\(").unwrap();
    let mut wrong = Vec::new();
    for (path, text) in sources(&repo_root().join("src")) {
        if !["config", "gather", "rules", "score"].contains(&module_of(&path).as_str()) {
            continue;
        }
        for (number, line) in code(&text).lines().enumerate() {
            if let Some(found) = language.find(line) {
                wrong.push(format!("{}:{}: {}", path.display(), number + 1, found.as_str()));
            }
        }
    }
    assert!(wrong.is_empty(), "texts put into a language before the report:\n{}", wrong.join("\n"));
}

#[test]
fn the_report_calls_no_gathering_and_no_rule() {
    // The report may name the fact types it copies, never run a gathering step or evaluate a rule.
    let call =
        regex::Regex::new(r"gather::(\w+::)*[a-z_][a-z0-9_]*\(|rules::(\w+::)*(evaluate\w*|eval_\w+)\(").unwrap();
    let mut wrong = Vec::new();
    for (path, text) in sources(&repo_root().join("src/report")) {
        for found in call.find_iter(&code(&text)) {
            wrong.push(format!("{}: {}", path.display(), found.as_str()));
        }
    }
    assert!(wrong.is_empty(), "the report gathers or evaluates:\n{}", wrong.join("\n"));
}

#[test]
fn the_library_never_writes_to_the_terminal() {
    let mut wrong = Vec::new();
    for (path, text) in sources(&repo_root().join("src")) {
        if path.ends_with("main.rs") {
            continue;
        }
        let code = code(&text);
        for needle in
            ["println!", "eprintln!", "print!(", "eprint!(", "indicatif", "std::io::stdout", "std::io::stderr"]
        {
            if code.contains(needle) {
                wrong.push(format!("{}: {needle}", path.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the library prints (report through a callback or a result instead):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn architecture_md_names_every_top_level_module() {
    let architecture =
        std::fs::read_to_string(repo_root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md at the top");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(repo_root().join("src")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let shown = if path.is_dir() { format!("src/{name}/") } else { format!("src/{name}") };
        if !architecture.contains(&shown) {
            missing.push(shown);
        }
    }
    assert!(missing.is_empty(), "ARCHITECTURE.md does not name: {missing:?}");
}

/// Every file of the repository below `dir` (not `target/` or hidden folders), relative to the repository.
fn repo_files(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        if path.is_dir() {
            repo_files(&path, out);
        } else {
            out.push(path.strip_prefix(repo_root()).unwrap().to_string_lossy().into_owned());
        }
    }
}

#[test]
fn every_path_architecture_md_cites_exists() {
    let text = std::fs::read_to_string(repo_root().join("ARCHITECTURE.md")).unwrap();
    let mut files = Vec::new();
    repo_files(&repo_root(), &mut files);
    let mut missing = Vec::new();
    // A backticked word that is a path: it holds a slash or ends as a source, template or table file does.
    for cited in text.split('`').skip(1).step_by(2) {
        let is_path = !cited.contains([' ', '<', '*', '(', ':'])
            && !cited.starts_with('.')
            && (cited.contains('/')
                || [".rs", ".md", ".toml", ".ftl", ".hbs", ".js", ".css"].iter().any(|e| cited.ends_with(e)));
        if !is_path {
            continue;
        }
        let wanted = cited.trim_end_matches('/');
        // A path from the repository's top or from `src/`; a bare file name anywhere in the tree.
        let found = files.iter().any(|f| {
            f == wanted
                || f.starts_with(&format!("{wanted}/"))
                || f.strip_prefix("src/").is_some_and(|f| f == wanted || f.starts_with(&format!("{wanted}/")))
                || (!wanted.contains('/') && f.rsplit('/').next() == Some(wanted))
                || f.ends_with(&format!("/{wanted}"))
                || (cited.ends_with('/') && f.contains(&format!("/{wanted}/")))
        });
        if !found {
            missing.push(cited.to_string());
        }
    }
    assert!(missing.is_empty(), "ARCHITECTURE.md cites paths that do not exist: {missing:?}");
}

#[test]
fn long_functions_are_named_here() {
    // A function outside the tests over 80 lines is named in ARCHITECTURE.md with its length.
    let text = std::fs::read_to_string(repo_root().join("ARCHITECTURE.md")).unwrap();
    let start = regex::Regex::new(r"^(\s*)(pub(\([^)]*\))? )?(async )?(const )?fn (\w+)").unwrap();
    let mut unnamed = Vec::new();
    for (path, source) in sources(&repo_root().join("src")) {
        let code = source.split("#[cfg(test)]\nmod tests").next().unwrap_or(&source);
        let lines: Vec<&str> = code.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(found) = start.captures(line) else { continue };
            let end = format!("{}}}", &found[1]);
            let Some(length) = lines[i + 1..].iter().position(|l| *l == end).map(|j| j + 2) else { continue };
            let name = &found[6];
            if length > 80 && !text.contains(&format!("{name}` ({length}")) {
                unnamed.push(format!("{}: {name} ({length} lines)", path.display()));
            }
        }
    }
    assert!(
        unnamed.is_empty(),
        "long functions ARCHITECTURE.md does not name with their length:\n{}",
        unnamed.join("\n")
    );
}

#[test]
fn rule_files_are_formatted() {
    // `cargo fmt` does not reach them: build.rs declares their modules (`.ci/run` runs the same check).
    let mut files: Vec<PathBuf> = Vec::new();
    for area in std::fs::read_dir(repo_root().join("src/rules")).unwrap().flatten().filter(|e| e.path().is_dir()) {
        let rules = std::fs::read_dir(area.path()).unwrap().flatten().map(|e| e.path());
        files.extend(rules.filter(|p| p.extension().is_some_and(|e| e == "rs")));
    }
    files.sort();
    assert!(files.len() > 50, "{files:?}");
    let run = std::process::Command::new("rustfmt")
        .args(["--check", "--edition", "2024"])
        .args(&files)
        .current_dir(repo_root())
        .output();
    let Ok(run) = run else {
        eprintln!("skipped rule_files_are_formatted: rustfmt not found (rustup component add rustfmt)");
        return;
    };
    assert!(
        run.status.success(),
        "rule files that are not formatted (run `rustfmt --edition 2024 src/rules/*/*.rs`):\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}
