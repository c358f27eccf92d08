//! Repeat audits: baselines and history, deltas, gates with exit code 3, and `touchaudit diff`.

use super::*;

/// The demo's audit files copied to a scratch folder, so a test can change them between runs.
pub fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let demo = repo_root().join("examples/demo");
    for name in ["audit.toml", "offline.toml", "survey.csv", "mentions.atom", "serp.csv"] {
        std::fs::copy(demo.join(name), dir.path().join(name)).unwrap();
    }
    for folder in ["reviews", "rivals"] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        for entry in std::fs::read_dir(demo.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.path().join(folder).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    dir
}

fn set_score(dir: &Path, id: &str, from: &str, to: &str) {
    let path = dir.join("offline.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let block = text.find(&format!("[scores.\"{id}\"]")).unwrap();
    let at = block + text[block..].find(from).unwrap();
    std::fs::write(&path, format!("{}{to}{}", &text[..at], &text[at + from.len()..])).unwrap();
}

#[test]
fn a_baseline_gives_the_right_deltas_and_changed_statuses() {
    let dir = demo_copy();
    assert_eq!(touchaudit(&["run", "audit.toml", "-o", "before"], dir.path()).code, 0);
    set_score(dir.path(), "staff.standards", "score = 2", "score = 5");
    set_score(dir.path(), "staff.politeness", "score = 4", "score = 1");
    let run = touchaudit(&["run", "audit.toml", "-o", "after", "--baseline", "before/result.json"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("since 2026-11-01: score"), "{}", run.stdout);
    let before = read_json(&dir.path().join("before/result.json"));
    let after = read_json(&dir.path().join("after/result.json"));
    let changes = &after["changes"];
    let expected = after["score"]["value"].as_f64().unwrap() - before["score"]["value"].as_f64().unwrap();
    assert!((changes["score_delta"].as_f64().unwrap() - expected).abs() < 0.011, "{changes}");
    let ids = |key: &str| -> Vec<String> {
        changes[key].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids("fixed"), ["staff.standards"]);
    assert_eq!(ids("newly_failing"), ["staff.politeness"]);
    assert!(ids("still_failing").contains(&"feedback.complaints".to_string()));
    let offline = changes["areas"].as_array().unwrap().iter().find(|a| a["id"] == "offline").unwrap();
    assert!(offline["delta"].as_f64().unwrap() != 0.0);
    let html = std::fs::read_to_string(dir.path().join("after/report.html")).unwrap();
    assert!(html.contains("Since the audit of 1 November 2026") && html.contains("class=\"trend-chart\""));
    let md = std::fs::read_to_string(dir.path().join("after/summary.md")).unwrap();
    assert!(md.contains("**Newly failing** (1): Staff treat customers politely (`staff.politeness`)"), "{md}");
    let diff = touchaudit(&["diff", "before/result.json", "after/result.json"], dir.path());
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    assert!(diff.stdout.contains("**Fixed** (1)"), "{}", diff.stdout);
}

#[test]
fn history_keeps_every_run_by_date_and_compares_with_the_newest_earlier_one() {
    let dir = demo_copy();
    for (date, expect) in [("2026-09-01", None), ("2026-10-01", Some("2026-09-01")), ("2026-11-01", Some("2026-10-01"))]
    {
        let run = touchaudit(&["run", "audit.toml", "-o", "out", "--history", "runs", "--as-of", date], dir.path());
        assert_eq!(run.code, 0, "{}", run.stderr);
        let result = read_json(&dir.path().join("out/result.json"));
        assert_eq!(result["changes"]["baseline"]["as_of"].as_str(), expect, "{date}");
    }
    let names: Vec<String> = {
        let mut n: Vec<String> = std::fs::read_dir(dir.path().join("runs"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != ".touchaudit.lock")
            .collect();
        n.sort();
        n
    };
    assert_eq!(names, ["2026-09-01.json", "2026-10-01.json", "2026-11-01.json"]);
    let result = read_json(&dir.path().join("out/result.json"));
    assert_eq!(result["changes"]["trend"].as_array().unwrap().len(), 3);
    // Fewer reviews existed a month earlier: the review metrics carry their deltas.
    let reviews = result["changes"]["reviews"].as_array().unwrap();
    let count = reviews.iter().find(|m| m["metric"] == "reviews").unwrap();
    assert!(count["delta"].as_f64().unwrap() > 0.0, "{count}");
}

#[test]
fn each_gate_exits_3_with_its_reason_and_still_writes_the_results() {
    let dir = demo_copy();
    assert_eq!(touchaudit(&["run", "audit.toml", "-o", "base"], dir.path()).code, 0);
    set_score(dir.path(), "staff.politeness", "score = 4", "score = 1");
    set_score(dir.path(), "office.atmosphere", "score = 4", "score = 1");
    let cases: [(&[&str], &str); 3] = [
        (&["--fail-under", "99"], "gate --fail-under 99 failed: score "),
        (&["--max-drop", "0.5", "--baseline", "base/result.json"], "gate --max-drop 0.5 failed: score dropped by "),
        (
            &["--fail-on", "website.reachable,staff.politeness"],
            "gate --fail-on staff.politeness failed: staff.politeness is fail",
        ),
    ];
    for (flags, message) in cases {
        let out = tempfile::tempdir().unwrap();
        let mut args = vec!["run", "audit.toml", "-o", out.path().to_str().unwrap()];
        args.extend_from_slice(flags);
        let run = touchaudit(&args, dir.path());
        assert_eq!(run.code, 3, "{flags:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{flags:?}: {}", run.stderr);
        let result = read_json(&out.path().join("result.json"));
        assert!(result["gates"].as_array().unwrap().iter().any(|g| g["passed"] == false));
        assert!(out.path().join("report.html").exists());
    }
    let passing = touchaudit(&["run", "audit.toml", "-o", "ok", "--fail-under", "10"], dir.path());
    assert_eq!(passing.code, 0, "{}", passing.stderr);
}

#[test]
fn baselines_from_older_schemas_missing_files_and_unknown_ids_are_explained() {
    let dir = demo_copy();
    assert_eq!(touchaudit(&["run", "audit.toml", "-o", "base"], dir.path()).code, 0);
    let mut old = read_json(&dir.path().join("base/result.json"));
    old["schema_version"] = serde_json::json!(1);
    old["checklist"]["version"] = serde_json::json!("2025.01");
    old["touchpoints"].as_array_mut().unwrap().retain(|t| t["id"] != "staff.politeness");
    std::fs::write(dir.path().join("old.json"), old.to_string()).unwrap();
    let run = touchaudit(&["run", "audit.toml", "-o", "new", "--baseline", "old.json"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let changes = read_json(&dir.path().join("new/result.json"))["changes"].clone();
    let notes = changes["notes"].to_string();
    assert!(notes.contains("schema_version 1") && notes.contains("2025.01"), "{notes}");
    assert_eq!(changes["only_in_current"][0], "staff.politeness");

    let missing = touchaudit(&["run", "audit.toml", "-o", "x", "--baseline", "nope.json"], dir.path());
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("cannot read nope.json") && missing.stderr.contains("result.json of an earlier run")
    );
    assert!(!dir.path().join("x").exists(), "nothing runs before the baseline is read");
    std::fs::write(dir.path().join("not-result.json"), "{\"hello\": 1}").unwrap();
    let wrong = touchaudit(&["run", "audit.toml", "-o", "x", "--baseline", "not-result.json"], dir.path());
    assert_eq!(wrong.code, 2);
    assert!(wrong.stderr.contains("not a touchaudit result"), "{}", wrong.stderr);
    let unknown = touchaudit(&["run", "audit.toml", "-o", "x", "--fail-on", "staff.polite"], dir.path());
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("did you mean `staff.politeness`?"), "{}", unknown.stderr);
    let no_base = touchaudit(&["run", "audit.toml", "-o", "x", "--max-drop", "3"], dir.path());
    assert_eq!(no_base.code, 2);
    assert!(no_base.stderr.contains("--max-drop needs --baseline"), "{}", no_base.stderr);
    let no_base = touchaudit(&["run", "audit.toml", "-o", "x", "--fail-on-drop"], dir.path());
    assert_eq!(no_base.code, 2, "{}", no_base.stderr);
    assert!(no_base.stderr.contains("--fail-on-drop needs --baseline"), "{}", no_base.stderr);
}

#[test]
fn batch_runs_every_client_lists_a_broken_one_and_writes_the_portfolio() {
    let survey = survey_csv(40);
    let second = AUDIT.replace("Corner Bakery", "Second Shop");
    let dir = scratch(&[
        ("clients/bakery/audit.toml", AUDIT),
        ("clients/bakery/offline.toml", OFFLINE),
        ("clients/bakery/survey.csv", &survey),
        ("clients/shop/audit.toml", &second),
        ("clients/shop/offline.toml", "[scores.\"staff.politeness\"]\nscore = 1\n"),
        ("clients/shop/survey.csv", &survey),
        ("clients/broken/audit.toml", "[business\nname = \"Broken\"\n"),
    ]);
    let run = touchaudit(&["batch", "clients", "-o", "out", "--jobs", "2"], dir.path());
    assert_eq!(run.code, 2, "one audit is broken: {}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("1 of 3 audits could not run"), "{}", run.stderr);
    let portfolio = read_json(&dir.path().join("out/portfolio.json"));
    let clients = portfolio["clients"].as_array().unwrap();
    let names: Vec<&str> = clients.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Corner Bakery", "Second Shop", "broken"], "sorted by score, the failed one last");
    assert!(clients[0]["score"].as_f64().unwrap() > clients[1]["score"].as_f64().unwrap());
    assert!(clients[2]["error"].as_str().unwrap().contains("audit.toml:1:"), "{}", clients[2]);
    assert!(dir.path().join("out/bakery/report.html").exists() && dir.path().join("out/shop/result.json").exists());
    let index = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(index.contains("<a href=\"bakery/report.html\">Corner Bakery</a>") && index.contains("could not run"));
    // The portfolio's dashboard table holds every client's touchpoints.
    let mut data = csv::Reader::from_path(dir.path().join("out/data.csv")).unwrap();
    let businesses: std::collections::BTreeSet<String> = data.records().map(|r| r.unwrap()[1].to_string()).collect();
    assert_eq!(businesses.into_iter().collect::<Vec<_>>(), ["Corner Bakery", "Second Shop"]);
    // Results written by separate jobs merge into the same portfolio.
    std::fs::remove_file(dir.path().join("out/portfolio.json")).unwrap();
    let merged = touchaudit(&["portfolio", "out", "-o", "out"], dir.path());
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    let again = read_json(&dir.path().join("out/portfolio.json"));
    let names: Vec<&str> = again["clients"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Corner Bakery", "Second Shop"]);
    assert_eq!(again["clients"][0]["report"], "bakery/report.html");
    // The portfolio's template is overridable like the report's.
    std::fs::create_dir_all(dir.path().join("theme")).unwrap();
    std::fs::write(dir.path().join("theme/portfolio.hbs"), "<p>Agency portfolio of {{count}}</p>").unwrap();
    let themed = touchaudit(&["portfolio", "out", "-o", "themed", "--templates", "theme"], dir.path());
    assert_eq!(themed.code, 0, "{}", themed.stderr);
    let index = std::fs::read_to_string(dir.path().join("themed/index.html")).unwrap();
    assert_eq!(index.trim(), "<p>Agency portfolio of 2</p>");
    // --locale puts every client's report, and the portfolio, into that language.
    let run = touchaudit(&["batch", "clients/bakery", "clients/shop", "-o", "ru", "--locale", "ru"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(read_json(&dir.path().join("ru/shop/result.json"))["business"]["locale"], "ru");
    let index = std::fs::read_to_string(dir.path().join("ru/index.html")).unwrap();
    assert!(index.contains("Портфель: 2 клиента<"), "{index}");
}

#[test]
fn batch_keeps_per_host_politeness_across_audits_of_the_same_site() {
    use super::server::{TestServer, html};
    let server = TestServer::start(|path| match path {
        "/" => html(r#"<title>Home</title><a href="/a">a</a><a href="/b">b</a>"#),
        _ => html("<title>Page</title>"),
    });
    let audit = |name: &str| {
        format!(
            "[business]\nname = \"{name}\"\nsite = \"{}\"\nas_of = 2026-11-01\n[crawl]\nrequests_per_second = 5\n",
            server.url("/")
        )
    };
    let (one, two) = (audit("One"), audit("Two"));
    let dir = scratch(&[("one.toml", &one), ("two.toml", &two)]);
    let started = std::time::Instant::now();
    let run = touchaudit(&["batch", "one.toml", "two.toml", "-o", "out", "--jobs", "2"], dir.path());
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let mut times: Vec<std::time::Instant> = server.requests().iter().map(|r| r.at).collect();
    assert!(times.len() >= 8, "{} requests", times.len());
    // 5 requests per second for the host, across both audits.
    assert_paced(started, &mut times, std::time::Duration::from_millis(200));
}

#[test]
fn results_of_two_different_businesses_are_not_compared_unless_forced() {
    let dir = demo_copy();
    assert_eq!(touchaudit(&["run", "audit.toml", "-o", "dental"], dir.path()).code, 0);
    let audit = std::fs::read_to_string(dir.path().join("audit.toml")).unwrap();
    let bakery = audit
        .replace("name = \"Bright Smile Dental\"", "name = \"Corner Bakery\"")
        .replace("brightsmile.example", "bakery.example");
    assert_ne!(audit, bakery);
    std::fs::write(dir.path().join("bakery.toml"), bakery).unwrap();
    // The bakery's site is not served (bakery.example resolves nowhere): its other sources still run.
    assert_eq!(touchaudit(&["run", "bakery.toml", "-o", "bakery"], dir.path()).code, 0);
    let diff = touchaudit(&["diff", "dental/result.json", "bakery/result.json"], dir.path());
    assert_eq!(diff.code, 2, "{}", diff.stdout);
    assert!(
        diff.stderr.contains("`Bright Smile Dental`") && diff.stderr.contains("`Corner Bakery`"),
        "{}",
        diff.stderr
    );
    assert!(diff.stderr.contains("--force"), "{}", diff.stderr);
    let baseline = touchaudit(&["run", "bakery.toml", "-o", "b2", "--baseline", "dental/result.json"], dir.path());
    assert_eq!(baseline.code, 2, "{}", baseline.stdout);
    assert!(!dir.path().join("b2").exists(), "nothing written for a refused comparison");
    let forced = touchaudit(&["diff", "dental/result.json", "bakery/result.json", "--force"], dir.path());
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(forced.stdout.contains("two different businesses"), "{}", forced.stdout);
    let run =
        touchaudit(&["run", "bakery.toml", "-o", "b3", "--baseline", "dental/result.json", "--force"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let notes = read_json(&dir.path().join("b3/result.json"))["changes"]["notes"].to_string();
    assert!(notes.contains("two different businesses"), "{notes}");
}

#[test]
fn provisional_results_rank_after_complete_ones_and_say_so_everywhere() {
    // The demo's files from disk (70 % coverage: its site does not answer there) and a client with one
    // perfect hand score and nothing else: 100 points on 3 % of the checklist.
    let dir = demo_copy();
    std::fs::create_dir(dir.path().join("tiny")).unwrap();
    std::fs::write(
        dir.path().join("tiny/audit.toml"),
        "offline = \"offline.toml\"\n[business]\nname = \"Tiny\"\nas_of = 2026-11-01\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("tiny/offline.toml"), "[scores.\"staff.politeness\"]\nscore = 5\n").unwrap();
    let run = touchaudit(&["batch", "audit.toml", "tiny", "-o", "out"], dir.path());
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("Tiny: 100 / 100, coverage 3 % (provisional)"), "{}", run.stdout);
    assert!(run.stdout.contains("Bright Smile Dental: ") && run.stdout.contains("coverage 70 %"), "{}", run.stdout);
    assert!(run.stderr.contains("warning: Bright Smile Dental: Website crawl:"), "{}", run.stderr);
    let portfolio = read_json(&dir.path().join("out/portfolio.json"));
    let names: Vec<&str> =
        portfolio["clients"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Bright Smile Dental", "Tiny"], "the provisional 100 ranks after the complete score");
    let index = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(index.contains("provisional: Partnership"), "{index}");
    let report = std::fs::read_to_string(dir.path().join("out/tiny/report.html")).unwrap();
    assert!(report.contains("<strong>provisional: Partnership</strong>"), "the level says it");
    assert!(report.contains("gauge-provisional\">provisional</text>"), "the gauge says it");
}

#[test]
fn a_hostile_touchpoint_id_stays_inside_its_code_span_in_markdown() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(touchaudit(&["demo", "-o", "out"], dir.path()).code, 0);
    let mut old = read_json(&dir.path().join("out/result.json"));
    let hostile = "x` <img src=x onerror=alert(1)> `y";
    old["touchpoints"][1]["id"] = serde_json::json!(hostile);
    old["touchpoints"][1]["status"] = serde_json::json!("pass");
    let mut new = old.clone();
    new["touchpoints"][1]["status"] = serde_json::json!("fail");
    std::fs::write(dir.path().join("old.json"), old.to_string()).unwrap();
    std::fs::write(dir.path().join("new.json"), new.to_string()).unwrap();
    let diff = touchaudit(&["diff", "old.json", "new.json"], dir.path());
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    // The id sits in a double-backtick span that its single backticks cannot close.
    assert!(diff.stdout.contains("(``x` <img src=x onerror=alert(1)> `y``)"), "{}", diff.stdout);
    assert!(!diff.stdout.contains("(`x`"), "{}", diff.stdout);
}

#[test]
fn reports_and_the_history_entry_are_written_together_or_not_at_all() {
    let dir = demo_copy();
    std::fs::write(dir.path().join("blocker"), "a file where the report folder should go").unwrap();
    let run = touchaudit(&["run", "audit.toml", "-o", "blocker/out", "--history", "history"], dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    assert!(!dir.path().join("history").exists(), "no history entry for a run whose reports were not written");
    // With a good output folder both land.
    let run = touchaudit(&["run", "audit.toml", "-o", "out", "--history", "history"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("out/report.html").exists() && dir.path().join("history/2026-11-01.json").exists());
}

#[test]
fn batch_takes_the_fail_on_gate_too() {
    let survey = survey_csv(40);
    let dir = scratch(&[
        ("clients/shop/audit.toml", AUDIT),
        ("clients/shop/offline.toml", "[scores.\"staff.politeness\"]\nscore = 1\n"),
        ("clients/shop/survey.csv", &survey),
    ]);
    let run = touchaudit(&["batch", "clients", "-o", "out", "--fail-on", "staff.politeness"], dir.path());
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("staff.politeness"), "{}", run.stderr);
    assert!(dir.path().join("out/portfolio.json").exists(), "the outputs are written before the gate exits");
}

/// Rivals run through the same stages as the business: their sites (other hosts on 127.0.0.1) are crawled at
/// the same time, each within its own rate, and a rival whose site does not answer fails `website.reachable`
/// just as the business would, while the audit completes.
#[test]
fn rivals_are_crawled_politely_and_a_silent_rival_site_fails_as_the_client_would() {
    use super::server::{TestServer, html};
    let page = r#"<html lang="en"><title>Rival dentist in town</title><a href="/a">a</a><a href="/b">b</a><a href="/c">c</a></html>"#;
    let client = TestServer::start(move |_| html(page));
    let rival = TestServer::start(move |_| html(page));
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let audit = format!(
        "offline = \"offline.toml\"\n[business]\nname = \"Corner Bakery\"\nsite = \"{}\"\nas_of = 2026-11-01\n\
         [crawl]\nrequests_per_second = 5\ntimeout_s = 2\n\n\
         [[competitor]]\nname = \"Bakery Two\"\nsite = \"{}\"\n\n\
         [[competitor]]\nname = \"Silent Bakery\"\nsite = \"http://127.0.0.1:{dead}/\"\n",
        client.url("/"),
        rival.url("/")
    );
    let started = std::time::Instant::now();
    let (result, report) = run_audit(&audit, &[("offline.toml", OFFLINE)]);
    let competitors = result["competitors"].as_array().unwrap();
    assert_eq!(competitors.len(), 2);
    let silent = &competitors[1];
    let reachable = silent["touchpoints"].as_array().unwrap().iter().find(|t| t["id"] == "website.reachable").unwrap();
    assert_eq!(reachable["status"], "fail", "{reachable}");
    // The silent site leaves every other site touchpoint unassessed for that rival, so none is compared.
    let compared = result["outside_in"]["touchpoints"].as_array().unwrap();
    assert!(compared.iter().all(|t| !t.as_str().unwrap().starts_with("search.")), "{compared:?}");
    assert!(report.contains("id=\"rivals-heading\"") && report.contains("Silent Bakery"));
    for server in [&client, &rival] {
        let mut times: Vec<std::time::Instant> = server.requests().iter().map(|r| r.at).collect();
        assert!(times.len() >= 4, "{} requests", times.len());
        assert_paced(started, &mut times, std::time::Duration::from_millis(200));
    }
}

/// An Apify Google Maps place item as its scraper writes it: the place's fields beside `reviews` and the
/// "People also search for" block (`peopleAlsoSearch`: `category`, `title`, `reviewsCount`, `totalScore`).
const PLACE: &str = r#"[{"title": "Corner Bakery", "address": "1 Main St, Springfield", "phone": "+1 555-0100",
  "totalScore": 4.1, "reviewsCount": 88, "categoryName": "Bakery",
  "peopleAlsoSearch": [
    {"category": "People also search for", "title": "Bakery  two", "reviewsCount": 300, "totalScore": 4.6},
    {"category": "People also search for", "title": "Rye & Co", "reviewsCount": 120, "totalScore": 4.3},
    {"category": "People also search for", "title": "Flour Power", "reviewsCount": 45, "totalScore": 4.9},
    {"category": "People also search for", "title": "Crumbs", "reviewsCount": 12, "totalScore": 3.8}
  ],
  "reviews": [{"name": "Ann", "stars": 5, "publishedAtDate": "2026-10-01T10:00:00.000Z", "reviewId": "r1",
    "text": "Lovely bread", "responseFromOwnerText": "Thank you, Ann!", "responseFromOwnerDate": "2026-10-02T10:00:00.000Z"}]}]"#;

/// `rivals = N` on the business's place export seeds N rivals known by rating and count only: the first N
/// that are not already a `[[competitor]]`, marked, never ranked by the outside-in score.
#[test]
fn people_also_search_seeds_marked_rivals_that_are_never_ranked() {
    let rival_reviews = PLACE.replace("Corner Bakery", "Bakery Two").replace("\"r1\"", "\"r2\"");
    let audit = "offline = \"offline.toml\"\n[business]\nname = \"Corner Bakery\"\nas_of = 2026-11-01\n\n\
         [[reviews]]\nfile = \"place.json\"\nformat = \"apify\"\nrivals = 2\n\n\
         [[competitor]]\nname = \"Bakery Two\"\n[[competitor.reviews]]\nfile = \"rival.json\"\nformat = \"apify\"\n";
    let dir = scratch(&[
        ("audit.toml", audit),
        ("offline.toml", OFFLINE),
        ("place.json", PLACE),
        ("rival.json", &rival_reviews),
    ]);
    let run = touchaudit(&["run", "audit.toml", "-o", "out", "--fail-on-rank", "1"], dir.path());
    let result = read_json(&dir.path().join("out/result.json"));
    let competitors = result["competitors"].as_array().unwrap();
    let names: Vec<&str> = competitors.iter().map(|c| c["name"].as_str().unwrap()).collect();
    // "Bakery  two" is the [[competitor]] (spaces and case aside): checked in full, not seeded again.
    assert_eq!(names, ["Bakery Two", "Rye & Co", "Flour Power"], "{}", run.stderr);
    assert!(competitors[0].get("listing_only").is_none());
    for seeded in &competitors[1..] {
        assert_eq!(seeded["listing_only"], true);
        assert!(seeded["outside_in"].is_null() && seeded["reply_rate"].is_null());
    }
    assert_eq!((competitors[2]["rating"].as_f64(), competitors[2]["reviews"].as_u64()), (Some(4.9), Some(45)));
    // The rank counts the business and the one checked rival, whatever the seeded ones' ratings.
    let gate = result["gates"].as_array().unwrap().iter().find(|g| g["gate"] == "--fail-on-rank 1").unwrap();
    assert!(gate["message"].as_str().unwrap().contains("of 2"), "{gate}");
    let report = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(report.contains("Flour Power<sup>*</sup>") && report.contains("People also search for"));
}

#[test]
fn rivals_are_seeded_from_the_business_own_sources_only() {
    let audit = "offline = \"offline.toml\"\n[business]\nname = \"Corner Bakery\"\n\n\
         [[competitor]]\nname = \"Bakery Two\"\n[[competitor.reviews]]\nfile = \"place.json\"\nformat = \"apify\"\nrivals = 2\n\n\
         [[reviews]]\nfile = \"place.json\"\nformat = \"csv\"\nrivals = 2\n";
    let dir = scratch(&[("audit.toml", audit), ("offline.toml", OFFLINE), ("place.json", PLACE)]);
    let run = touchaudit(&["validate", "audit.toml"], dir.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("audit.toml:7:1: [[competitor.reviews]]: `rivals` seeds"), "{}", run.stderr);
    assert!(run.stderr.contains("`rivals` reads an Apify Google Maps place export"), "{}", run.stderr);
}

/// The trailing touchpoints carry the best rival's measurement in the fix-first list, and `diff` shows how
/// the lead over each rival moved.
#[test]
fn fix_first_names_where_a_rival_does_better_and_diff_moves_the_gaps() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(touchaudit(&["demo", "-o", "now"], dir.path()).code, 0);
    let now = read_json(&dir.path().join("now/result.json"));
    let fix = now["fix_first"].as_array().unwrap().iter().find(|f| f["id"] == "reviews.unanswered_negative").unwrap();
    assert_eq!(fix["trails"], "Smile Pro Dental: 0 in 90 days; you: 3 in 90 days.", "{fix}");
    let report = std::fs::read_to_string(dir.path().join("now/report.html")).unwrap();
    assert!(report.contains("<p class=\"trails-fix\">Smile Pro Dental: 0 in 90 days; you: 3 in 90 days.</p>"));
    // A month earlier the client trailed Smile Pro by 2 points more.
    let mut before = now.clone();
    before["as_of"] = "2026-10-01".into();
    let mine = now["outside_in"]["score"].as_f64().unwrap();
    let smile = now["competitors"][0]["outside_in"].as_f64().unwrap();
    before["competitors"][0]["outside_in"] = (smile + 2.0).into();
    std::fs::write(dir.path().join("before.json"), before.to_string()).unwrap();
    let run = touchaudit(&["diff", "before.json", "now/result.json"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let gap = |g: f64| if g > 0.0 { format!("+{g}") } else { format!("{g}") };
    let line = format!(
        "Smile Pro Dental: {} → {} (+2)",
        gap(((mine - smile - 2.0) * 10.0).round() / 10.0),
        gap(((mine - smile) * 10.0).round() / 10.0)
    );
    assert!(run.stdout.contains(&line), "{line}\n{}", run.stdout);
}

/// A rival that two clients of one batch name is crawled once: its server sees each page once, and both
/// clients' results carry the same rival figures.
#[test]
fn a_rival_shared_by_batch_clients_is_crawled_once() {
    use super::server::{TestServer, html};
    let page = r#"<html lang="en"><title>Rival dentist in town</title><a href="/a">a</a><a href="/b">b</a></html>"#;
    let rival = TestServer::start(move |_| html(page));
    let audit = |name: &str| {
        format!(
            "offline = \"offline.toml\"\n[business]\nname = \"{name}\"\nas_of = 2026-11-01\n\
             [crawl]\nrequests_per_second = 50\n\n\
             [[competitor]]\nname = \"Shared Rival\"\nsite = \"{}\"\n",
            rival.url("/")
        )
    };
    let (one, two) = (audit("Bakery One"), audit("Bakery Two"));
    let dir = scratch(&[
        ("clients/one/audit.toml", &one),
        ("clients/one/offline.toml", OFFLINE),
        ("clients/two/audit.toml", &two),
        ("clients/two/offline.toml", OFFLINE),
    ]);
    let run = touchaudit(&["batch", "clients", "-o", "out", "--jobs", "2"], dir.path());
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let paths: Vec<String> = rival.requests().iter().map(|r| r.path.clone()).collect();
    for path in ["/robots.txt", "/", "/a", "/b"] {
        assert_eq!(paths.iter().filter(|p| *p == path).count(), 1, "{path} fetched once: {paths:?}");
    }
    let rival_of =
        |client: &str| read_json(&dir.path().join(format!("out/{client}/result.json")))["competitors"][0].clone();
    assert_eq!(rival_of("one"), rival_of("two"));
}

/// Sets the NPS answer ("recommend", the second column) of the first `rows` answers of the demo's survey
/// that gave 9 or 10 to `to`.
fn demote_promoters(dir: &Path, rows: usize, to: &str) {
    let path = dir.join("survey.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut left = rows;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let mut cells: Vec<&str> = line.split(',').collect();
            if left > 0 && cells.len() > 1 && (cells[1] == "9" || cells[1] == "10") {
                left -= 1;
                cells[1] = to;
            }
            cells.join(",")
        })
        .collect();
    assert_eq!(left, 0, "the survey has enough promoters");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn the_drop_gate_fails_on_a_real_worsening_and_passes_on_noise() {
    let dir = demo_copy();
    assert_eq!(touchaudit(&["run", "audit.toml", "-o", "base"], dir.path()).code, 0);
    let gate = ["--baseline", "base/result.json", "--fail-on-drop"];
    // Three promoters of 201 answers become passives: NPS moves by 1.5 points, well inside its noise.
    demote_promoters(dir.path(), 3, "8");
    let mut args = vec!["run", "audit.toml", "-o", "noise"];
    args.extend(gate);
    let run = touchaudit(&args, dir.path());
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let result = read_json(&dir.path().join("noise/result.json"));
    let measures = result["changes"]["measures"].as_array().unwrap();
    let nps = measures.iter().find(|m| m["touchpoint"] == "metrics.nps").unwrap();
    assert_eq!(nps["verdict"], "within_noise", "{nps}");
    assert_eq!((nps["n_previous"].as_u64(), nps["n_current"].as_u64()), (Some(201), Some(201)));
    assert!(result["changes"]["score_delta"].as_f64().unwrap() < 0.0, "the score moved, by noise");
    assert_eq!(result["changes"]["score_change"]["verdict"], "within_noise");
    // Sixty more promoters become detractors: a real drop, and the gate fails naming it.
    demote_promoters(dir.path(), 60, "3");
    let mut args = vec!["run", "audit.toml", "-o", "real"];
    args.extend(gate);
    let run = touchaudit(&args, dir.path());
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("gate --fail-on-drop failed: real worsening since 1 November 2026"), "{}", run.stderr);
    assert!(run.stderr.contains("metrics.nps"), "{}", run.stderr);
    let result = read_json(&dir.path().join("real/result.json"));
    let nps = result["changes"]["measures"].as_array().unwrap().iter().find(|m| m["touchpoint"] == "metrics.nps");
    assert_eq!(nps.unwrap()["verdict"], "worsened");
    let md = std::fs::read_to_string(dir.path().join("real/summary.md")).unwrap();
    assert!(md.contains("| Net Promoter Score (`metrics.nps`) |") && md.contains("| worsened (p = "), "{md}");
}

#[test]
fn data_csv_holds_every_run_of_the_history_and_equals_the_result() {
    let dir = demo_copy();
    let dates: Vec<String> = (0..12).map(|i| format!("{}-{:02}-01", 2025 + (i + 11) / 12, (i + 11) % 12 + 1)).collect();
    assert_eq!((dates[0].as_str(), dates[11].as_str()), ("2025-12-01", "2026-11-01"));
    for date in &dates {
        let run = touchaudit(&["run", "audit.toml", "-o", "out", "--history", "runs", "--as-of", date], dir.path());
        assert_eq!(run.code, 0, "{date}: {}", run.stderr);
    }
    let result = read_json(&dir.path().join("out/result.json"));
    let touchpoints = result["touchpoints"].as_array().unwrap();
    let mut reader = csv::Reader::from_path(dir.path().join("out/data.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, touchaudit::cli::report::data::TOUCHPOINT_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 12 * touchpoints.len(), "one row per touchpoint per run");
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let last: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[column("run_date")] == "2026-11-01").collect();
    for (row, t) in last.iter().zip(touchpoints) {
        assert_eq!(&row[column("touchpoint")], t["id"].as_str().unwrap());
        assert_eq!(&row[column("status")], t["status"].as_str().unwrap());
        let number = |name: &str| row[column(name)].parse::<f64>().ok();
        assert_eq!(number("measured"), t["measured"].as_f64(), "{}", t["id"]);
        assert_eq!(number("score"), t["score"].as_f64(), "{}", t["id"]);
        assert_eq!(number("gain"), t["gain"].as_f64(), "{}", t["id"]);
        assert_eq!(number("overall_score"), result["score"]["value"].as_f64());
    }
    let mut survey = csv::Reader::from_path(dir.path().join("out/data-survey.csv")).unwrap();
    let nps = survey.records().map(Result::unwrap).find(|r| &r[0] == "2026-11-01" && &r[3] == "nps");
    assert_eq!(nps.unwrap()[5].parse::<f64>().ok(), result["survey"]["nps"]["nps"].as_f64());
    let mut reviews = csv::Reader::from_path(dir.path().join("out/data-reviews.csv")).unwrap();
    let all: Vec<csv::StringRecord> = reviews.records().map(Result::unwrap).filter(|r| &r[3] == "all").collect();
    assert_eq!(all.len(), 12);
    assert_eq!(all[11][4].parse::<u64>().ok(), result["reputation"]["reviews"]["count"].as_u64());
    assert!(all[0][4].parse::<u64>().unwrap() < all[11][4].parse::<u64>().unwrap(), "fewer reviews a year ago");
}

/// A batch stopped by a signal while one client is being audited: the clients done keep their new reports,
/// the one under way keeps last month's, and nothing half-written stays (what `kill -9` leaves, the next
/// batch removes). The moment is chosen by counting at the server, not by time.
#[cfg(unix)]
#[test]
fn a_batch_stopped_mid_client_leaves_each_client_whole() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let answering = Arc::new(AtomicBool::new(false));
    let open = answering.clone();
    let server = super::server::TestServer::start(move |path| {
        if !open.load(Ordering::SeqCst) {
            return super::server::Reply::Silent(std::time::Duration::from_secs(60));
        }
        match path {
            "/" => super::server::html("<title>Shop</title><h1>Shop</h1>"),
            _ => super::server::not_found(),
        }
    });
    let shop = format!(
        "offline = \"offline.toml\"\n[business]\nname = \"Second Shop\"\nsite = \"{}\"\nas_of = 2026-11-01\n\
         [crawl]\ntimeout_s = 120\n",
        server.url("/")
    );
    let survey = survey_csv(40);
    let dir = scratch(&[
        ("clients/bakery/audit.toml", AUDIT),
        ("clients/bakery/offline.toml", OFFLINE),
        ("clients/bakery/survey.csv", &survey),
        ("clients/shop/audit.toml", &shop),
        ("clients/shop/offline.toml", OFFLINE),
        ("out/bakery/report.html", "last month's bakery"),
        ("out/shop/report.html", "last month's shop"),
    ]);
    let leftovers = |dir: &Path| -> Vec<String> {
        let mut found = Vec::new();
        for folder in [dir.join("out"), dir.join("out/bakery"), dir.join("out/shop")] {
            for entry in std::fs::read_dir(folder).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                if name.contains(".touchaudit-") {
                    found.push(name);
                }
            }
        }
        found
    };
    for signal in ["-TERM", "-KILL"] {
        let seen_before = server.requests().len();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_touchaudit"))
            .env("TOUCHAUDIT_RENDER", "never")
            .args(["batch", "clients", "-o", "out", "--jobs", "1"])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // One worker takes the bakery (no site) first, then the shop: its site being asked means the bakery
        // is written and the shop's audit is under way.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        while server.requests().len() == seen_before {
            assert!(std::time::Instant::now() < deadline, "the batch never asked the shop's site");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(std::process::Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap().success());
        let status = child.wait().unwrap();
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        if signal == "-TERM" {
            assert_eq!(status.code(), Some(143), "{stderr}");
            assert!(stderr.contains("stopped by SIGTERM"), "{stderr}");
            assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
        }
        let bakery = std::fs::read_to_string(dir.path().join("out/bakery/report.html")).unwrap();
        assert!(bakery.contains("Corner Bakery"), "the client done before the signal keeps its new report");
        assert!(dir.path().join("out/bakery/result.json").exists());
        assert_eq!(std::fs::read_to_string(dir.path().join("out/shop/report.html")).unwrap(), "last month's shop");
        assert!(!dir.path().join("out/shop/result.json").exists(), "nothing of the shop's run is in its folder");
    }
    // The next batch runs through, and what the killed one left is gone.
    answering.store(true, Ordering::SeqCst);
    let run = touchaudit(&["batch", "clients", "-o", "out", "--jobs", "1"], dir.path());
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(std::fs::read_to_string(dir.path().join("out/shop/report.html")).unwrap().contains("Second Shop"));
    assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
}
