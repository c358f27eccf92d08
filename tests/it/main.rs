//! Integration tests: run the touchaudit binary on real files, as a user and a CI job would.

mod apis;
mod architecture;
mod bad_input;
mod browser;
mod chain;
mod cli;
mod crawl;
mod demo;
mod locale;
mod realsites;
mod render;
mod repeat;
mod reputation;
mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The result of one touchaudit invocation.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn touchaudit(args: &[&str], cwd: &Path) -> Run {
    let Output { status, stdout, stderr } = Command::new(env!("CARGO_BIN_EXE_touchaudit"))
        .env("TOUCHAUDIT_RENDER", "never")
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("the touchaudit binary runs");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch folder with the given files written into it.
pub fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Asserts two JSON values are equal, naming the first place they differ (not dumping both).
pub fn assert_same_json(a: &serde_json::Value, b: &serde_json::Value) {
    fn first_difference(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> Option<String> {
        use serde_json::Value::{Array, Object};
        match (a, b) {
            (Object(x), Object(y)) => {
                let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
                keys.into_iter().find_map(|k| {
                    let null = serde_json::Value::Null;
                    first_difference(x.get(k).unwrap_or(&null), y.get(k).unwrap_or(&null), &format!("{path}.{k}"))
                })
            }
            (Array(x), Array(y)) if x.len() == y.len() => {
                x.iter().zip(y).enumerate().find_map(|(i, (p, q))| first_difference(p, q, &format!("{path}[{i}]")))
            }
            _ if a == b => None,
            _ => Some(format!("{path}: {a} != {b}")),
        }
    }
    if let Some(difference) = first_difference(a, b, "") {
        panic!("JSON differs at {difference}");
    }
}

pub fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("result exists")).expect("valid JSON")
}

/// A minimal valid audit with an offline file and a survey, for tests to break one piece at a time.
pub const AUDIT: &str = r#"offline = "offline.toml"

[survey]
file = "survey.csv"

[business]
name = "Corner Bakery"
as_of = 2026-11-01
"#;

pub const OFFLINE: &str = r#"[scores."staff.politeness"]
score = 4
note = "Friendly at the counter"

[scores."mystery.visit"]
items = { greeted = true, offered_help = false }

[figures]
repurchase_rate = 0.3
"#;

pub fn survey_csv(rows: usize) -> String {
    let mut csv = String::from("nps,nps_reason,csat,ces\n");
    for i in 0..rows {
        csv.push_str(&format!("{},reason {i},{},{}\n", [10, 9, 8, 3][i % 4], [5, 4, 3][i % 3], [7, 6, 5, 2][i % 4]));
    }
    csv
}

/// Runs a full audit of `audit` (an audit.toml text) with the other files beside it; returns the result and the
/// HTML report. The run must succeed.
pub fn run_audit(audit: &str, files: &[(&str, &str)]) -> (serde_json::Value, String) {
    let mut all = vec![("audit.toml", audit)];
    all.extend_from_slice(files);
    let dir = scratch(&all);
    let run = touchaudit(&["run", "audit.toml", "-o", "out"], dir.path());
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = std::fs::read_to_string(dir.path().join("out/report.html")).expect("report written");
    (read_json(&dir.path().join("out/result.json")), report)
}

/// Runs an audit that can assess nothing: exit 2, no report, and the message (returned) names every source.
pub fn run_nothing_assessed(audit: &str, files: &[(&str, &str)]) -> String {
    let mut all = vec![("audit.toml", audit)];
    all.extend_from_slice(files);
    let dir = scratch(&all);
    let run = touchaudit(&["run", "audit.toml", "-o", "out"], dir.path());
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("nothing could be assessed (coverage 0 %)"), "{}", run.stderr);
    assert!(!dir.path().join("out").exists(), "no report for an audit that assessed nothing");
    run.stderr
}

/// One touchpoint of a result by id.
/// The demo's result as the snapshot holds it: figures a test prints are read from here, so a rule change
/// updates them with the snapshot (`UPDATE_SNAPSHOTS=1 cargo test`) and nowhere else.
pub fn demo_snapshot() -> serde_json::Value {
    read_json(&repo_root().join("tests/snapshots/demo-result.json"))
}

pub fn touchpoint<'a>(result: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    result["touchpoints"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap()
}

/// Checks that request times, as a test server saw them, keep `interval` apart on average. The server notes
/// a request when its thread reads it, so on a loaded machine one time stamp can lag: the span of all of
/// them is the firm measure, and no two may come closer than half the interval (a burst).
pub fn assert_paced(started: std::time::Instant, times: &mut [std::time::Instant], interval: std::time::Duration) {
    // The server's clock is not the crawler's: a busy machine may log one request late and the next on time,
    // so the gap between two log entries proves nothing. What cannot fail under load is the cumulative bound:
    // the k-th request (from 0) was sent no sooner than k intervals after the run started, and it reached the
    // server no sooner than it was sent. A burst breaks it; a slow machine only adds slack. The exact spacing
    // is unit-tested on tokio's paused clock (`fetch::tests`).
    times.sort();
    for (k, at) in times.iter().enumerate() {
        let earliest = interval * k as u32;
        assert!(
            at.duration_since(started) >= earliest,
            "request {} of {} came {:?} after the start, before {earliest:?} (faster than one per {interval:?})",
            k + 1,
            times.len(),
            at.duration_since(started)
        );
    }
}
