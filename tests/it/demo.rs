//! The bundled demo: runs with no setup, assesses every manual and metrics touchpoint, is deterministic.

use super::*;

/// The result without what the clock gives: `generated_at` and keys ending in `_ms` (how long the run took).
/// The pages' response times stay: the demo's server states them (`Server-Timing`), so every run reads the same.
pub fn without_volatile(mut value: serde_json::Value) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.retain(|k, _| k != "generated_at" && !k.ends_with("_ms"));
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut value);
    value
}

#[test]
fn demo_writes_a_complete_report_with_every_manual_and_metric_touchpoint_assessed() {
    let dir = tempfile::tempdir().unwrap();
    let run = touchaudit(&["demo", "-o", "out"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Bright Smile Dental: loyalty readiness"), "{}", run.stdout);
    assert!(run.stdout.contains("out/report.html"), "{}", run.stdout);
    let out = dir.path().join("out");
    let result = read_json(&out.join("result.json"));
    assert_eq!(result["schema_version"], 3);
    let touchpoints = result["touchpoints"].as_array().unwrap();
    assert!(touchpoints.len() >= 40, "{} touchpoints", touchpoints.len());
    for t in touchpoints {
        let area = t["area"].as_str().unwrap();
        let status = t["status"].as_str().unwrap();
        if area == "offline" || area == "metrics" || area == "reputation" {
            assert!(["pass", "warn", "fail"].contains(&status), "{} is {status}", t["id"]);
            assert!(t["score"].is_number() && t["measured"].is_number(), "{}", t["id"]);
        }
        if status == "not_assessed" {
            assert!(t["reason"].as_str().is_some_and(|r| !r.is_empty()), "{} has no reason", t["id"]);
            assert!(t["score"].is_null());
        }
    }
    let score = &result["score"];
    assert!(score["value"].as_f64().is_some_and(|v| (0.0..=100.0).contains(&v)));
    assert!(score["level"]["id"].is_string());
    assert_eq!(result["areas"].as_array().unwrap().len(), 6);
    // The survey's planted defects are counted with their lines, not dropped.
    let survey = result["sources"].as_array().unwrap().iter().find(|s| s["kind"] == "survey").unwrap();
    let problems: Vec<&str> = survey["problems"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert!(problems.iter().any(|p| p.starts_with("line 38: recommend `11`")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("satisfaction `n/a` is not a number")), "{problems:?}");

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Content-Security-Policy"));
    assert!(!html.contains("<script"), "the report runs no script");
    assert!(!html.contains("src=\"http") && !html.contains("<link") && !html.contains("url("), "no external resources");
    // Links to reviews and mentions are plain anchors the reader may follow; nothing loads them.
    for (at, _) in html.match_indices("href=\"http") {
        let tag_start = html[..at].rfind('<').unwrap();
        assert!(html[tag_start..].starts_with("<a "), "{}", &html[tag_start..at + 40]);
    }
    // The reputation section: the three unanswered complaints of the last 90 days and the negative mentions.
    assert!(html.contains("Reviews at a glance") && html.contains("Rude receptionist, and I waited over an hour"));
    assert!(html.contains("Forum: rude reception at Bright Smile?"));
    let reviews = result["reputation"]["reviews"].clone();
    assert_eq!(reviews["unanswered_negative"].as_array().unwrap().len(), 3);
    assert_eq!(reviews["duplicates_removed"], 20, "the Apify scrape repeats the newest 20 Google reviews");
    for t in touchpoints {
        assert!(html.contains(&format!("id=\"tp-{}\"", t["id"].as_str().unwrap())), "{} missing in HTML", t["id"]);
    }
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.starts_with("# Loyalty readiness: Bright Smile Dental"));
}

#[test]
fn two_runs_give_the_same_json_apart_from_time_stamps_and_durations() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(touchaudit(&["demo", "-o", "a"], dir.path()).code, 0);
    assert_eq!(touchaudit(&["demo", "-o", "b"], dir.path()).code, 0);
    let a = without_volatile(read_json(&dir.path().join("a/result.json")));
    let b = without_volatile(read_json(&dir.path().join("b/result.json")));
    assert_same_json(&a, &b);
}

#[test]
fn every_status_in_the_demo_agrees_with_the_target_printed_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(touchaudit(&["demo", "-o", "out"], dir.path()).code, 0);
    let result = read_json(&dir.path().join("out/result.json"));
    let mut judged = 0;
    for t in result["touchpoints"].as_array().unwrap() {
        let (Some(measured), Some(pass), Some(fail)) = (t["measured"].as_f64(), t["pass"].as_f64(), t["fail"].as_f64())
        else {
            continue;
        };
        judged += 1;
        let higher_is_better = pass >= fail;
        let meets = if higher_is_better { measured >= pass - 1e-4 } else { measured <= pass + 1e-4 };
        let beyond_fail = if higher_is_better { measured <= fail } else { measured >= fail };
        let status = t["status"].as_str().unwrap();
        assert_eq!(status == "pass", meets, "{}: {} vs {}: {status}", t["id"], t["measured_text"], t["target"]);
        if beyond_fail {
            assert_eq!(status, "fail", "{}: {} vs {}", t["id"], t["measured_text"], t["target"]);
        }
        // Only a pass has nothing to fix, and everything else says what to do.
        assert_eq!(status == "pass", t["recommendation"].is_null(), "{}", t["id"]);
    }
    assert!(judged >= 50, "{judged} touchpoints with numeric targets");
}

#[test]
fn the_demo_result_matches_the_reviewed_snapshot() {
    // Every change to the demo's result is reviewed: regenerate with UPDATE_SNAPSHOTS=1 and read the diff.
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(touchaudit(&["demo", "-o", "out"], dir.path()).code, 0);
    let actual = without_volatile(read_json(&dir.path().join("out/result.json")));
    let snapshot = repo_root().join("tests/snapshots/demo-result.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
        std::fs::write(&snapshot, serde_json::to_string_pretty(&actual).unwrap() + "\n").unwrap();
    }
    let expected = read_json(&snapshot);
    // On a difference: run with UPDATE_SNAPSHOTS=1 and review the diff of tests/snapshots/demo-result.json.
    assert_same_json(&actual, &expected);
}

#[test]
fn running_the_demo_files_from_disk_scores_the_same_manual_evidence_and_explains_the_unreachable_site() {
    // From disk there is no demo server: brightsmile.example is a reserved name that resolves nowhere.
    let dir = tempfile::tempdir().unwrap();
    let audit = repo_root().join("examples/demo/audit.toml");
    let run = touchaudit(&["run", audit.to_str().unwrap(), "-o", "disk"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(touchaudit(&["demo", "-o", "embedded"], dir.path()).code, 0);
    let disk = read_json(&dir.path().join("disk/result.json"));
    let embedded = read_json(&dir.path().join("embedded/result.json"));
    let manual = |v: &serde_json::Value| -> serde_json::Value {
        let touchpoints = v["touchpoints"].as_array().unwrap().iter();
        let kept = touchpoints.filter(|t| t["area"] == "offline" || t["area"] == "metrics").map(|t| {
            let mut t = t.clone();
            t["gain"] = serde_json::Value::Null; // gains depend on which other areas were assessed
            t
        });
        serde_json::Value::Array(kept.collect())
    };
    assert_same_json(&manual(&disk), &manual(&embedded));
    let reachable = disk["touchpoints"].as_array().unwrap().iter().find(|t| t["id"] == "website.reachable").unwrap();
    // A site that does not answer is a failure of the touchpoint about exactly that, and caps the level.
    assert_eq!(reachable["status"], "fail");
    let measured = reachable["measured_text"].as_str().unwrap();
    assert!(measured.contains("http://brightsmile.example/") && measured.contains("did not answer"), "{measured}");
    // A failed critical touchpoint: the level is at most the second band.
    assert!(
        ["not_ready", "sufficiency"].contains(&disk["score"]["level"]["id"].as_str().unwrap()),
        "{}",
        disk["score"]
    );
    let https = disk["touchpoints"].as_array().unwrap().iter().find(|t| t["id"] == "website.https").unwrap();
    assert_eq!(https["status"], "not_assessed");
    assert!(https["reason"].as_str().unwrap().contains("did not answer"), "{https}");
    assert!(
        run.stderr.contains("warning: Website crawl: http://brightsmile.example/ did not answer"),
        "{}",
        run.stderr
    );
}

/// The texts that are rendered from messages or from the checklist, which differ between languages.
const RENDERED: &[&str] = &[
    "title",
    "previous_level",
    "metric",
    "why",
    "description",
    "measured_text",
    "target",
    "recommendation",
    "reason",
    "text",
    "trails",
    "label",
    "summary",
    "problems",
    "warnings",
    "notes",
    "message",
    "locale",
];

fn without_rendered(mut value: serde_json::Value) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.retain(|k, _| !RENDERED.contains(&k.as_str()));
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut value);
    value
}

/// A report with what changes from run to run (timings, the time it was made) masked.
fn steady(path: &std::path::Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let timing = regex::Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ").unwrap();
    timing.replace_all(&text, "…").into_owned()
}

/// Messages of a table with no variables, as they read.
fn static_messages(locale: &str) -> std::collections::BTreeMap<String, String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("locales/{locale}.ftl"));
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = std::collections::BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        let continued = lines.get(i + 1).is_some_and(|next| next.starts_with(' '));
        if let Some((id, value)) = line.split_once(" = ")
            && !id.starts_with([' ', '#'])
            && !value.contains(['{', '<', '&'])
            && !continued
        {
            out.insert(id.to_string(), value.trim().to_string());
        }
    }
    out
}

#[test]
fn a_result_renders_in_either_language_exactly_as_a_run_in_that_language() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(touchaudit(&["demo", "-o", "en"], dir.path()).code, 0);
    assert_eq!(touchaudit(&["demo", "-o", "ru", "--locale", "ru"], dir.path()).code, 0);
    // Two runs in different languages give the same result apart from the rendered texts.
    let en = without_rendered(without_volatile(read_json(&dir.path().join("en/result.json"))));
    let ru = without_rendered(without_volatile(read_json(&dir.path().join("ru/result.json"))));
    assert_same_json(&en, &ru);
    for (from, to) in [("en", "ru"), ("ru", "en")] {
        let out = format!("{from}2{to}");
        let run = touchaudit(&["report", &format!("{from}/result.json"), "--locale", to, "-o", &out], dir.path());
        assert_eq!(run.code, 0, "{}", run.stderr);
        for file in ["report.html", "summary.md"] {
            let again = steady(&dir.path().join(&out).join(file));
            let run_in_it = steady(&dir.path().join(to).join(file));
            let first_difference = again.lines().zip(run_in_it.lines()).find(|(a, b)| a != b);
            assert!(again == run_in_it, "{from} → {to}: {file} differs first at {first_difference:?}");
        }
    }
    // And so the Russian report of an English result has none of the English tables' texts.
    let html = std::fs::read_to_string(dir.path().join("en2ru/report.html")).unwrap();
    let (english, russian) = (static_messages("en"), static_messages("ru"));
    let mut checked = 0;
    for (id, text) in &english {
        if text.chars().count() >= 12 && russian.get(id) != Some(text) {
            checked += 1;
            assert!(!html.contains(text.as_str()), "the Russian report still says `{text}` ({id})");
        }
    }
    assert!(checked > 100, "{checked} English texts checked");
}

#[test]
fn report_re_renders_a_past_result() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(touchaudit(&["demo", "-o", "run"], dir.path()).code, 0);
    let run = touchaudit(&["report", "run/result.json", "-o", "again"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = std::fs::read_to_string(dir.path().join("run/report.html")).unwrap();
    let again = std::fs::read_to_string(dir.path().join("again/report.html")).unwrap();
    assert_eq!(first, again);
    assert!(dir.path().join("again/summary.md").exists());
}

#[test]
fn the_demo_compares_two_rivals_over_the_same_touchpoints() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(touchaudit(&["demo", "-o", "out"], dir.path()).code, 0);
    let result = read_json(&dir.path().join("out/result.json"));
    let compared: Vec<&str> =
        result["outside_in"]["touchpoints"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    assert!(compared.len() >= 15 && result["outside_in"]["score"].is_number(), "{}", result["outside_in"]);
    let all = result["competitors"].as_array().unwrap();
    let (seeded, rivals): (Vec<_>, Vec<_>) = all.iter().partition(|c| c["listing_only"] == true);
    assert!(rivals.len() >= 2);
    // Seeded from the place export's "People also search for": rating and count only, marked.
    assert!(!seeded.is_empty());
    for rival in &seeded {
        assert!(rival["rating"].is_number() && rival["reviews"].is_number() && rival["outside_in"].is_null());
    }
    for rival in rivals {
        for key in ["outside_in", "rating", "reviews", "reply_rate"] {
            assert!(rival[key].is_number(), "{}: {key}", rival["name"]);
        }
        // Every compared touchpoint was assessed for the rival too: the same ground for every score.
        for id in &compared {
            let t = rival["touchpoints"].as_array().unwrap().iter().find(|t| t["id"] == *id).unwrap();
            assert!(matches!(t["status"].as_str(), Some("pass" | "warn" | "fail")), "{}: {id}", rival["name"]);
        }
    }
    // No offline or survey touchpoint is ever compared.
    assert!(compared.iter().all(|id| !id.starts_with("offline.") && !id.starts_with("metrics.")));
}

#[test]
fn the_rank_gate_fails_when_a_rival_is_ahead() {
    let dir = tempfile::tempdir().unwrap();
    // Smile Pro Dental is ahead of the client on the outside-in score in the demo.
    let run = touchaudit(&["demo", "-o", "first", "--fail-on-rank", "1"], dir.path());
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("outside-in rank 2 of 3"), "{}", run.stderr);
    assert!(dir.path().join("first/report.html").exists(), "the outputs are written all the same");
    assert_eq!(touchaudit(&["demo", "-o", "second", "--fail-on-rank", "2"], dir.path()).code, 0);
}

/// A fix text of the default checklist never puts a count before a plural noun ("the {failing} pages" reads
/// "the 1 pages"): counts go in brackets after a label, as the Russian texts have them. A window the
/// checklist sets (`{window_days}`, 90 or 365 days) is a setting, not a count.
#[test]
fn default_fix_texts_never_say_1_pages() {
    let text = std::fs::read_to_string(repo_root().join("checklists/default.toml")).unwrap();
    // A count before a plural noun, with or without a word between ("the {broken} broken links").
    let counted = regex::Regex::new(r"\{[a-z_0-9]+\} ([a-z]+ )?[a-z]+s\b").unwrap();
    let bad: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("fix = "))
        .filter(|l| counted.find_iter(l).any(|m| !m.as_str().starts_with("{window_days}")))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    // Nor does a unit take a plural after a number ("≤ 1 hours"): units are symbols.
    let units = regex::Regex::new(r#"unit = "(hours|days|minutes|replies)""#).unwrap();
    assert!(!units.is_match(&text), "{:?}", units.find(&text));
}

#[test]
fn the_demo_shows_a_year_of_monthly_runs_as_trend_charts_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    for (locale, since) in [("en", "Since the audit of 1 October 2026"), ("ru", "С аудита 1 октября 2026")]
    {
        let out = format!("out-{locale}");
        let run = touchaudit(&["demo", "--locale", locale, "-o", &out], dir.path());
        assert_eq!(run.code, 0, "{}", run.stderr);
        let result = read_json(&dir.path().join(&out).join("result.json"));
        let trend = result["changes"]["trend"].as_array().unwrap();
        assert_eq!(trend.len(), 12, "eleven earlier months and this run");
        assert_eq!((trend[0]["as_of"].as_str(), trend[11]["as_of"].as_str()), (Some("2025-12-01"), Some("2026-11-01")));
        // Fewer reviews were answered a year ago than now: the months differ by what was dated before them.
        assert!(trend[0]["metrics"]["reply_rate"].as_f64() < trend[11]["metrics"]["reply_rate"].as_f64());
        let html = std::fs::read_to_string(dir.path().join(&out).join("report.html")).unwrap();
        assert!(html.contains(since), "{locale}");
        // Each chart has one dot per run that measured its series: the score's and the rating's, 12 each.
        let charts: Vec<&str> = html.split("<figure class=\"trend\">").skip(1).collect();
        assert!(charts.len() >= 6, "the score and the key metrics: {}", charts.len());
        for chart in &charts[..2] {
            let chart = &chart[..chart.find("</figure>").unwrap()];
            assert_eq!(chart.matches("class=\"trend-dot\"").count(), 12, "{chart}");
            assert!(chart.contains("<title id=\"trend-"), "a text alternative");
        }
        let data = std::fs::read_to_string(dir.path().join(&out).join("data.csv")).unwrap();
        let touchpoints = result["touchpoints"].as_array().unwrap().len();
        assert_eq!(data.lines().count(), 1 + 12 * touchpoints, "one row per touchpoint per run");
    }
}
