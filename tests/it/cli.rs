//! The commands a consultant uses: init, validate, checklist, run; and how their outputs treat input text.

#[cfg(unix)]
use super::server::{Reply, TestServer};
use super::*;

#[test]
fn help_is_there_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for command in
        ["run", "validate", "checklist", "init", "report", "demo", "crawl", "diff", "batch", "portfolio", "templates"]
    {
        let run = touchaudit(&[command, "--help"], dir.path());
        assert_eq!(run.code, 0, "{command}");
        assert!(run.stdout.contains("Usage: touchaudit"), "{command}: {}", run.stdout);
    }
    // Every command has its one description in the overview, and none borrows another's.
    let overview = touchaudit(&["--help"], dir.path()).stdout;
    let commands = overview.split("Commands:").nth(1).unwrap().split("Options:").next().unwrap();
    for line in commands.lines().filter(|l| l.starts_with("  ") && !l.starts_with("   ")) {
        let mut words = line.split_whitespace();
        let (name, first) = (words.next().unwrap(), words.next());
        assert!(first.is_some(), "`{name}` has no description:\n{commands}");
    }
    let visit = commands.split("\n  visit").nth(1).unwrap().split("\n  templates").next().unwrap();
    assert!(!visit.contains("changed between two results"), "{visit}");
}

#[test]
fn init_writes_templates_that_validate_and_list_every_manual_touchpoint() {
    let dir = tempfile::tempdir().unwrap();
    let run = touchaudit(&["init", "client"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let offline = std::fs::read_to_string(dir.path().join("client/offline.toml")).unwrap();
    for id in ["staff.politeness", "mystery.visit", "aftersale.care", "channels.reply_speed", "mentions.answered"] {
        assert!(offline.contains(&format!("# [scores.\"{id}\"]")), "{id} missing from the template");
    }
    assert!(offline.contains("# repurchase_rate = "));
    let validate = touchaudit(&["validate", "client/audit.toml"], dir.path());
    assert_eq!(validate.code, 0, "{}", validate.stderr);
    assert!(validate.stdout.contains("note: not scored by hand"), "{}", validate.stdout);
    // Uncommenting a block as written gives a valid file.
    let filled =
        offline.replace("# [scores.\"staff.politeness\"]\n# score = 4.5", "[scores.\"staff.politeness\"]\nscore = 4.5");
    std::fs::write(dir.path().join("client/offline.toml"), filled).unwrap();
    assert_eq!(touchaudit(&["validate", "client/audit.toml"], dir.path()).code, 0);
    // A second init does not overwrite the consultant's work.
    let again = touchaudit(&["init", "client"], dir.path());
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
    // In Russian: the audit asks for a Russian report and the template speaks Russian, values stay TOML.
    let run = touchaudit(&["init", "ru", "--locale", "ru"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let audit = std::fs::read_to_string(dir.path().join("ru/audit.toml")).unwrap();
    assert!(audit.contains("\nlocale = \"ru\"\n"));
    // Its comments are Russian too, and both templates name every review format the tool reads.
    assert!(audit.contains("# Файл аудита touchaudit") && audit.contains("# Площадки отзывов"), "{audit}");
    let english = std::fs::read_to_string(dir.path().join("client/audit.toml")).unwrap();
    for format in ["gbp", "apify", "outscraper", "2gis", "yandex", "csv", "jsonld", "html"] {
        assert!(audit.contains(&format!("{format} (")), "ru: {format}");
        assert!(english.contains(&format!("{format} (")), "en: {format}");
    }
    let offline = std::fs::read_to_string(dir.path().join("ru/offline.toml")).unwrap();
    assert!(
        offline.contains("# Соцсети ведутся (вес 2)\n# Шкала 1..5; «выполнено» от 4.5, «не выполнено» при 2.\n"),
        "{offline}"
    );
    assert!(offline.contains("# ===== Цифры самого клиента ====="));
    let filled =
        offline.replace("# [scores.\"staff.politeness\"]\n# score = 4.5", "[scores.\"staff.politeness\"]\nscore = 4.5");
    std::fs::write(dir.path().join("ru/offline.toml"), filled).unwrap();
    assert_eq!(touchaudit(&["validate", "ru/audit.toml"], dir.path()).code, 0);
}

#[test]
fn validate_reports_what_it_read() {
    let dir = scratch(&[("audit.toml", AUDIT), ("offline.toml", OFFLINE), ("survey.csv", &survey_csv(40))]);
    let run = touchaudit(&["validate", "audit.toml"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("offline.toml: 2 scores, 1 figures"), "{}", run.stdout);
    assert!(run.stdout.contains("survey.csv: 40 rows, 120 answers, 0 invalid cells"), "{}", run.stdout);
}

#[test]
fn checklist_lists_and_explains() {
    let dir = tempfile::tempdir().unwrap();
    let list = touchaudit(&["checklist"], dir.path());
    assert_eq!(list.code, 0);
    assert!(list.stdout.contains("touchaudit default 2026.11"));
    assert!(list.stdout.lines().filter(|l| l.starts_with("  ")).count() >= 40);
    let explain = touchaudit(&["checklist", "--explain", "reviews.response_rate"], dir.path());
    assert_eq!(explain.code, 0);
    assert!(explain.stdout.contains("rule `review_response_rate`"), "{}", explain.stdout);
    assert!(explain.stdout.contains("window_days"), "{}", explain.stdout);
    let rule = touchaudit(&["checklist", "--explain", "nps"], dir.path());
    assert!(rule.stdout.contains("promoters"), "{}", rule.stdout);
    let wrong = touchaudit(&["checklist", "--explain", "staff.polite"], dir.path());
    assert_eq!(wrong.code, 2);
    assert!(wrong.stderr.contains("did you mean `staff.politeness`?"), "{}", wrong.stderr);
}

#[test]
fn run_scores_a_custom_checklist_and_honours_as_of_and_not_applicable() {
    let checklist = r#"[checklist]
name = "bakery"
version = "1"

[[area]]
id = "service"
title = "Service"
weight = 1

[[touchpoint]]
id = "service.smile"
area = "service"
title = "Staff smile"
rule = "manual"
critical = true
params = { min = 0, max = 10, pass = 8, fail = 2 }
why = "Smiles sell bread."
fix = "Smile more: scored {measured}, target {target}."

[[touchpoint]]
id = "service.terrace"
area = "service"
title = "Terrace"
rule = "manual"
why = "Sun."
fix = "Open it."

[[touchpoint]]
id = "service.menu_prices"
area = "service"
title = "Menu shows prices"
rule = "page_text"
params = { path = "/menu*", pattern = "\\d+ ?(€|EUR)" }
why = "No surprises."
fix = "Show prices on {failing} pages."
"#;
    let offline = "[scores.\"service.smile\"]\nscore = 5\n\n[scores.\"service.terrace\"]\nnot_applicable = true\nnote = \"No terrace: a shop in a mall\"\n";
    let audit = "checklist = \"bakery.toml\"\noffline = \"offline.toml\"\n[business]\nname = \"Bakery\"\n";
    let dir = scratch(&[("audit.toml", audit), ("bakery.toml", checklist), ("offline.toml", offline)]);
    let run = touchaudit(&["run", "audit.toml", "--as-of", "2026-03-01", "-o", "out"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let result = read_json(&dir.path().join("out/result.json"));
    assert_eq!(result["as_of"], "2026-03-01");
    assert_eq!(result["checklist"]["name"], "bakery");
    let tp = |id: &str| result["touchpoints"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap().clone();
    let smile = tp("service.smile");
    assert_eq!(smile["status"], "warn");
    assert_eq!(smile["score"], 0.5);
    assert_eq!(smile["recommendation"], "Smile more: scored 5 on 0–10, target ≥ 8.");
    assert_eq!(tp("service.terrace")["status"], "not_applicable");
    assert_eq!(tp("service.terrace")["reason"], "No terrace: a shop in a mall");
    assert_eq!(tp("service.menu_prices")["status"], "not_assessed");
    assert_eq!(result["score"]["value"], 50.0);
    assert_eq!(result["score"]["coverage"], 0.5);
    assert_eq!(result["score"]["provisional"], true);
    assert_eq!(result["fix_first"][0]["id"], "service.smile");
}

#[test]
fn text_from_inputs_is_escaped_in_every_report() {
    let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)> [click](javascript:alert(3))";
    let offline = format!("[scores.\"staff.politeness\"]\nscore = 2\nnote = '{hostile}'\n");
    let survey = format!(
        "nps,nps_reason\n{}",
        (0..40).map(|_| format!("2,\"{}\"\n", hostile.replace('"', "\"\""))).collect::<String>()
    );
    let audit = "offline = \"offline.toml\"\nsurvey = \"survey.csv\"\n[business]\nname = \"<b>Evil & Co</b>\"\n";
    let dir = scratch(&[("audit.toml", audit), ("offline.toml", &offline), ("survey.csv", &survey)]);
    let run = touchaudit(&["run", "audit.toml", "-o", "out"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(!html.contains("<script>alert"), "script escaped");
    assert!(!html.contains("<img src=x"), "attribute injection escaped");
    assert!(!html.contains("<b>Evil"), "business name escaped");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src&#x3D;x"),
        "the note is shown, escaped"
    );
    let md = std::fs::read_to_string(dir.path().join("out/summary.md")).unwrap();
    assert!(!md.contains("<b>") && md.contains("\\<b\\>Evil & Co\\</b\\>"), "{md}");
    // JSON keeps the text as it was: escaping is the renderer's job.
    let result = read_json(&dir.path().join("out/result.json"));
    let note = &result["touchpoints"].as_array().unwrap().iter().find(|t| t["id"] == "staff.politeness").unwrap()["evidence"]
        [0]["text"];
    assert_eq!(note, hostile);
}

#[test]
fn templates_can_be_overridden_from_a_folder() {
    let dir = scratch(&[("tpl/report.hbs", "<p>{{business}} scored {{score.text}}</p>")]);
    let run = touchaudit(&["demo", "-o", "out", "--templates", "tpl"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(html.starts_with("<p>Bright Smile Dental scored "), "{html}");
}

#[test]
fn validate_reads_review_exports_and_feeds_on_disk_but_not_urls() {
    let audit = repo_root().join("examples/demo/audit.toml");
    let run = touchaudit(&["validate", audit.to_str().unwrap()], &repo_root());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("reviews/google-export.json (Google): 160 reviews"), "{}", run.stdout);
    assert!(run.stdout.contains("note: reviews/localguide.csv line 34: rating `11` is outside 0-10"), "{}", run.stdout);
    assert!(run.stdout.contains("mentions.atom: 11 mentions"), "{}", run.stdout);
    let dir = scratch(&[(
        "audit.toml",
        "[[reviews]]\nurl = \"http://127.0.0.1:9/reviews\"\nformat = \"jsonld\"\n[business]\nname = \"X\"\n",
    )]);
    let run = touchaudit(&["validate", "audit.toml"], dir.path());
    assert!(run.stdout.contains("http://127.0.0.1:9/reviews: fetched when the audit runs"), "{}", run.stdout);
}

#[test]
fn a_closed_stdout_is_a_normal_end_not_a_panic() {
    for args in [&["checklist"][..], &["checklist", "--explain", "nps"], &["checklist", "--locale", "ru"]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_touchaudit"))
            .env("TOUCHAUDIT_RENDER", "never")
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the command writes, as `| head -0` would.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn templates_export_writes_the_built_in_set_and_extra_css_adds_to_the_stylesheet() {
    let dir = tempfile::tempdir().unwrap();
    let run = touchaudit(&["templates", "export", "theme"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in ["report.hbs", "touchpoint.hbs", "fix.hbs", "portfolio.hbs", "report.css"] {
        assert!(dir.path().join("theme").join(file).exists(), "{file} exported");
    }
    // A folder with only extra.css keeps the built-in layout (its @media rules) and adds the agency's rules.
    std::fs::create_dir_all(dir.path().join("brand")).unwrap();
    std::fs::write(dir.path().join("brand/extra.css"), "h1 { font-family: \"Agency Sans\"; } </style><p>x</p>")
        .unwrap();
    assert_eq!(touchaudit(&["demo", "-o", "out", "--templates", "brand"], dir.path()).code, 0);
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(html.contains("@media (max-width: 32rem)") && html.contains("font-family: \"Agency Sans\""));
    assert_eq!(html.matches("</style>").count(), 1, "extra.css cannot close the stylesheet");
}

/// Stops a run with a signal once the site has been asked (counted at the server, not
/// timed), and returns the exit code and what it said.
#[cfg(unix)]
fn stopped_mid_run(signal: &str, out_before: Option<&str>) -> (tempfile::TempDir, i32, String) {
    use std::io::Read;
    let server = TestServer::start(|_| Reply::Silent(std::time::Duration::from_secs(60)));
    let audit = format!(
        "offline = \"offline.toml\"\n[business]\nname = \"Corner Bakery\"\nsite = \"{}\"\nas_of = 2026-11-01\n\
         [crawl]\ntimeout_s = 120\n",
        server.url("/")
    );
    let dir = scratch(&[("audit.toml", &audit), ("offline.toml", OFFLINE)]);
    if let Some(old) = out_before {
        std::fs::create_dir(dir.path().join("out")).unwrap();
        std::fs::write(dir.path().join("out/report.html"), old).unwrap();
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_touchaudit"))
        .env("TOUCHAUDIT_RENDER", "never")
        .args(["run", "audit.toml", "-o", "out"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The site is asked (robots.txt first) after the signal handlers are in place; wait for the server to see it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while server.requests().is_empty() {
        assert!(std::time::Instant::now() < deadline, "the run never asked the site");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let sent = std::process::Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (dir, status.code().unwrap_or(-1), stderr)
}

#[cfg(unix)]
#[test]
fn ctrl_c_and_sigterm_stop_the_run_saying_that_nothing_was_written() {
    let (dir, code, stderr) = stopped_mid_run("-INT", None);
    assert_eq!(code, 130, "{stderr}");
    assert!(stderr.contains("stopped by Ctrl-C; nothing was written: every output folder is as it was"), "{stderr}");
    assert!(!dir.path().join("out").exists());
    let (dir, code, stderr) = stopped_mid_run("-TERM", Some("last month's report"));
    assert_eq!(code, 143, "{stderr}");
    assert!(stderr.contains("stopped by SIGTERM"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("out/report.html")).unwrap(), "last month's report");
    let beside: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(beside.iter().all(|n| !n.contains(".touchaudit-new-")), "{beside:?}");
}

#[cfg(unix)]
#[test]
fn a_file_size_limit_is_an_output_error_not_a_killed_process() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    std::fs::write(dir.path().join("out/report.html"), "last month's report").unwrap();
    // 64 KiB per file: the demo's report is larger.
    let run = Command::new("sh")
        .args(["-c", &format!("ulimit -f 64 && exec '{}' demo -o out", env!("CARGO_BIN_EXE_touchaudit"))])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write") && stderr.contains("File too large"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("out/report.html")).unwrap(), "last month's report");
}
