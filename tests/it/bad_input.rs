//! Bad input: a clear one-paragraph error naming file, line and key, exit code 2 (1 for output I/O),
//! no panic and no report left behind.

use super::*;

/// Runs `validate` and `run` on the files and checks both fail the same way, leaving no report.
fn rejects(files: &[(&str, &str)], expected: &[&str]) -> String {
    let dir = scratch(files);
    let validate = touchaudit(&["validate", "audit.toml"], dir.path());
    assert_eq!(validate.code, 2, "validate: {}\n{}", validate.stdout, validate.stderr);
    let run = touchaudit(&["run", "audit.toml", "-o", "out"], dir.path());
    assert_eq!(run.code, 2, "run: {}", run.stderr);
    assert_eq!(validate.stderr, run.stderr);
    for text in expected {
        assert!(run.stderr.contains(text), "expected `{text}` in:\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(!dir.path().join("out").exists(), "no report is written for bad input");
    run.stderr
}

fn with_audit(audit: &str) -> Vec<(&'static str, String)> {
    vec![("audit.toml", audit.to_string()), ("offline.toml", OFFLINE.to_string()), ("survey.csv", survey_csv(40))]
}

fn as_refs<'a>(files: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    files.iter().map(|(n, t)| (*n, t.as_str())).collect()
}

#[test]
fn malformed_toml_names_file_and_line() {
    let files = with_audit("[business\nname = \"x\"\n");
    rejects(&as_refs(&files), &["audit.toml:1:"]);
}

#[test]
fn a_wrong_type_names_the_key() {
    let files = with_audit("[business]\nname = \"x\"\n[crawl]\nmax_pages = \"many\"\n");
    rejects(&as_refs(&files), &["audit.toml:4:13: invalid type: string \"many\", expected u32 (key `max_pages`)"]);
}

#[test]
fn an_unknown_key_suggests_the_nearest_one() {
    let files = with_audit("[business]\nname = \"x\"\nsitee = \"https://example.com/\"\n");
    rejects(&as_refs(&files), &["audit.toml:3:1: unknown field `sitee`", "did you mean `site`?"]);
}

#[test]
fn a_missing_business_name_is_reported() {
    let files = with_audit("[business]\nsite = \"https://example.com/\"\n");
    rejects(&as_refs(&files), &["audit.toml", "missing field `name`"]);
}

#[test]
fn an_unknown_touchpoint_in_offline_toml_suggests_the_nearest_id() {
    let offline = "[scores.\"staff.polite\"]\nscore = 3\n";
    let mut files = with_audit(AUDIT);
    files[1].1 = offline.to_string();
    rejects(
        &as_refs(&files),
        &["offline.toml:1:9: unknown touchpoint `staff.polite`; did you mean `staff.politeness`?"],
    );
}

#[test]
fn forty_thousand_unknown_touchpoints_give_a_short_answer_with_true_lines() {
    // Each problem was placed by scanning the file from its start, and each was printed: 40,000 lines.
    let offline: String = (0..40_000).map(|i| format!("[scores.\"staff.polit{i:05}\"]\nscore = 4\n")).collect();
    let mut files = with_audit(AUDIT);
    files[1].1 = offline;
    let stderr = rejects(
        &as_refs(&files),
        &[
            "offline.toml:1:9: unknown touchpoint `staff.polit00000`; did you mean `staff.politeness`?",
            "offline.toml:199:9: unknown touchpoint `staff.polit00099`",
            "… and 39900 more problems",
        ],
    );
    assert!(stderr.lines().count() <= 102, "{} lines", stderr.lines().count());
}

#[test]
fn a_score_outside_the_scale_is_reported_at_its_line() {
    let mut files = with_audit(AUDIT);
    files[1].1 = "[scores.\"staff.politeness\"]\nnote = \"ok\"\nscore = 7\n".to_string();
    rejects(&as_refs(&files), &["offline.toml:3:9: score 7 for `staff.politeness` is outside its scale 1..5"]);
}

#[test]
fn every_problem_is_listed_not_only_the_first() {
    let mut files = with_audit(AUDIT);
    files[1].1 = "[scores.\"staff.politeness\"]\nscore = 9\n[scores.\"website.https\"]\nscore = 3\n[scores.\"mystery.visit\"]\nitems = { greeted = true, smiled = true }\n[figures]\nrepurchase_rat = 0.2\n".to_string();
    let stderr = rejects(
        &as_refs(&files),
        &[
            "offline.toml:2:9: score 9",
            "offline.toml:3:9: `website.https` is measured by rule `site_https` from the website crawl, not scored by hand",
            "offline.toml:6:27: `mystery.visit` has no item `smiled`",
            "offline.toml:8:1: figure `repurchase_rat` is not used by any touchpoint; did you mean `repurchase_rate`?",
        ],
    );
    assert_eq!(stderr.lines().count(), 4, "{stderr}");
}

#[test]
fn a_missing_file_is_named() {
    let files = vec![("audit.toml", AUDIT.to_string()), ("survey.csv", survey_csv(40))];
    rejects(&as_refs(&files), &["audit.toml:1:11: offline: cannot read offline.toml"]);
    let dir = tempfile::tempdir().unwrap();
    let run = touchaudit(&["run", "nowhere.toml"], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot read nowhere.toml"), "{}", run.stderr);
}

#[test]
fn an_empty_survey_is_an_error() {
    let mut files = with_audit(AUDIT);
    files[2].1 = String::new();
    rejects(&as_refs(&files), &["survey.csv: the survey is empty"]);
    files[2].1 = "nps,csat\n".to_string();
    rejects(&as_refs(&files), &["survey.csv: the survey has a header but no answers"]);
}

#[test]
fn a_survey_with_only_invalid_rows_is_an_error_naming_the_lines() {
    let mut files = with_audit(AUDIT);
    files[2].1 = "nps,csat\n11,0\nabc,6\n".to_string();
    rejects(
        &as_refs(&files),
        &["survey.csv:2:1: none of the 2 survey rows has a valid answer", "line 2: nps `11` is outside 0-10"],
    );
}

#[test]
fn survey_columns_are_checked_against_the_header() {
    let mut files = with_audit("survey = { file = \"survey.csv\", nps = \"recommend\" }\n[business]\nname = \"x\"\n");
    files[2].1 = "recomend,csat_score\n9,5\n".to_string();
    // A named column that is not in the file would drop every answer of it: an error at the mapping's line.
    rejects(
        &as_refs(&files),
        &[
            "audit.toml:1:39: survey column `recommend` (for `nps`) is not in survey.csv",
            "its columns are: recomend, csat_score; did you mean `recomend`?",
        ],
    );
    // One column right and one misspelled: still an error, though the other column's answers would be read.
    let mut files = with_audit(
        "survey = { file = \"survey.csv\", nps = \"recomend\", csat = \"csat\" }\n[business]\nname = \"x\"\n",
    );
    files[2].1 = "recommend,csat\n9,5\n".to_string();
    rejects(&as_refs(&files), &["audit.toml:1:39: survey column `recomend` (for `nps`)", "did you mean `recommend`?"]);
}

#[test]
fn a_checklist_with_a_duplicate_id_is_rejected() {
    let checklist = std::fs::read_to_string(repo_root().join("checklists/default.toml")).unwrap();
    let duplicated = checklist.replacen("id = \"website.https\"", "id = \"website.reachable\"", 1);
    // The duplicate id stands two lines above the title (0-based index of the title = 1-based line of the id + 1).
    let line = duplicated.lines().position(|l| l.contains("title = \"Pages are served over HTTPS\"")).unwrap() - 1;
    let mut files = with_audit(&format!("checklist = \"mine.toml\"\n{AUDIT}"));
    files.push(("mine.toml", duplicated));
    rejects(&as_refs(&files), &[&format!("mine.toml:{line}:6: duplicate touchpoint id `website.reachable`")]);
}

#[test]
fn a_checklist_area_without_touchpoints_and_unknown_names_are_rejected() {
    let checklist = r#"[checklist]
name = "x"
version = "1"

[[area]]
id = "service"
title = "Service"
weight = 1

[[area]]
id = "empty"
title = "Empty"
weight = 1

[[touchpoint]]
id = "service.smile"
area = "servce"
title = "Smile"
rule = "manul"
why = "w"
fix = "f"

[[touchpoint]]
id = "service.fast"
area = "service"
title = "Fast"
rule = "manual"
params = { pas = 4 }
why = "w"
fix = "f {mesured}"
"#;
    let files = vec![
        ("audit.toml", "checklist = \"c.toml\"\n[business]\nname = \"x\"\n".to_string()),
        ("c.toml", checklist.to_string()),
    ];
    let stderr = rejects(
        &as_refs(&files),
        &[
            "c.toml:17:8: touchpoint `service.smile` names unknown area `servce`; did you mean `service`?",
            "c.toml:19:8: touchpoint `service.smile` names unknown rule `manul`; did you mean `manual`?",
            "c.toml:28:10: touchpoint `service.fast`: unknown param `pas` for rule `manual`; did you mean `pass`?",
            "c.toml:11:6: area `empty` has no touchpoints",
        ],
    );
    assert!(
        !stderr.contains("area `service` has no touchpoints"),
        "a touchpoint with errors still belongs to its area: {stderr}"
    );
}

#[test]
fn bad_thresholds_patterns_and_placeholders_in_a_checklist_are_rejected() {
    let checklist = r#"[checklist]
name = "x"
version = "1"

[[area]]
id = "a"
title = "A"
weight = 1

[[touchpoint]]
id = "a.one"
area = "a"
title = "One"
rule = "manual"
params = { pass = 9 }
why = "w"
fix = "f"

[[touchpoint]]
id = "a.two"
area = "a"
title = "Two"
rule = "selector"
params = { selector = "div[[" }
why = "w"
fix = "f"

[[touchpoint]]
id = "a.three"
area = "a"
title = "Three"
rule = "page_text"
params = { pattern = "(unclosed" }
why = "w"
fix = "fix {mesured}"
"#;
    let files = vec![
        ("audit.toml", "checklist = \"c.toml\"\n[business]\nname = \"x\"\n".to_string()),
        ("c.toml", checklist.to_string()),
    ];
    rejects(
        &as_refs(&files),
        &[
            "c.toml:15:10: touchpoint `a.one` (rule `manual`): `pass` = 9 lies outside the scale 1..5",
            "touchpoint `a.two` (rule `selector`): `selector` `div[[` is not valid CSS",
            "touchpoint `a.three` (rule `page_text`): `pattern` is not a valid regular expression",
            "`fix` uses unknown placeholder `{mesured}`; did you mean `measured`?",
        ],
    );
}

#[test]
fn an_output_directory_that_cannot_be_written_exits_1_and_leaves_nothing() {
    let dir = scratch(&[
        ("audit.toml", AUDIT),
        ("offline.toml", OFFLINE),
        ("survey.csv", &survey_csv(40)),
        ("blocker", "a file"),
    ]);
    let run = touchaudit(&["run", "audit.toml", "-o", "blocker/out"], dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: cannot write blocker/out"), "{}", run.stderr);
    // A read-only directory: no result.json without its report, no temporary files left.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let out = dir.path().join("ro");
        std::fs::create_dir(&out).unwrap();
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).unwrap();
        if std::fs::write(out.join("probe"), "x").is_err() {
            let run = touchaudit(&["run", "audit.toml", "-o", "ro"], dir.path());
            assert_eq!(run.code, 1, "{}", run.stderr);
            assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
        }
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn a_result_from_another_schema_is_refused_clearly() {
    let dir = scratch(&[("old.json", "{\"schema_version\": 0}"), ("junk.json", "not json")]);
    let run = touchaudit(&["report", "old.json"], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("old.json: schema_version 0 is not supported"), "{}", run.stderr);
    // A negative or fractional version is named as it is, not as a missing one; in a baseline too.
    let negative = scratch(&[("neg.json", "{\"schema_version\": -1, \"touchpoints\": []}")]);
    let run = touchaudit(&["report", "neg.json"], negative.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("neg.json: schema_version -1 is not supported"), "{}", run.stderr);
    let run = touchaudit(&["diff", "neg.json", "neg.json"], negative.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("neg.json: schema_version -1 is not supported"), "{}", run.stderr);
    let run = touchaudit(&["report", "junk.json"], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("junk.json:1:2: not valid JSON"), "{}", run.stderr);
}

#[test]
fn a_bad_as_of_date_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = touchaudit(&["demo", "--as-of", "yesterday"], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`yesterday` is not a date like 2026-11-01"), "{}", run.stderr);
}

#[test]
fn review_and_mention_settings_are_checked_with_their_line() {
    let files = with_audit("[[reviews]]\nfile = \"g.json\"\nformat = \"xml\"\n[business]\nname = \"x\"\n");
    rejects(&as_refs(&files), &["audit.toml:3:", "unknown variant `xml`", "gbp"]);
    let files = with_audit(
        "[[reviews]]\nfile = \"page.html\"\nformat = \"html\"\nrules = \"yandex-mapz\"\n\n[[reviews]]\nfile = \"a.csv\"\nurl = \"https://x.example/\"\nformat = \"csv\"\n[business]\nname = \"x\"\n",
    );
    rejects(
        &as_refs(&files),
        &[
            "audit.toml:1:1: [[reviews]]: no built-in platform rules `yandex-mapz` (did you mean `yandex-maps`?)",
            "audit.toml:6:1: [[reviews]]: give `file` or `url`, not both",
        ],
    );
    let files = with_audit("[reputation]\ntone = \"missing-tone.toml\"\n[business]\nname = \"x\"\n");
    rejects(&as_refs(&files), &["audit.toml:2:8: [reputation]: cannot read", "missing-tone.toml"]);
}

#[test]
fn offline_values_that_cannot_be_right_are_refused() {
    let cases: [(&str, &[&str]); 6] = [
        (
            "[scores.\"staff.politeness\"]\nscore = nan\n",
            &["offline.toml:2:9: score for `staff.politeness` must be a number"],
        ),
        (
            "[scores.\"staff.politeness\"]\nscore = 4\nnot_applicable = true\n",
            &["has a score and `not_applicable = true`"],
        ),
        (
            "[scores.\"staff.politeness\"]\nscore = 4\nassessed = 2027-10-28\n",
            &["offline.toml:3:12: `assessed` for `staff.politeness` is 2027-10-28, after the audit date 2026-11-01"],
        ),
        ("[figures]\nads_roas = inf\n", &["figure `ads_roas` must be a number, not inf"]),
        ("[figures]\nads_roas = -5\n", &["figure `ads_roas` = -5 must not be negative"]),
        (
            "[scores.\"website.opening_hours\"]\noverride = \"pass\"\n",
            &["`override` for `website.opening_hours` needs a `note`"],
        ),
    ];
    for (offline, expected) in cases {
        let mut files = with_audit(AUDIT);
        files[1].1 = offline.to_string();
        rejects(&as_refs(&files), expected);
    }
    let mut files = with_audit(AUDIT);
    files[1].1 = "[scores.\"website.opening_hours\"]\noverride = \"passed\"\nnote = \"x\"\n".to_string();
    rejects(&as_refs(&files), &["must be one of pass, warn, fail", "did you mean `pass`?"]);
    files[1].1 = "[scores.\"website.opening_hours\"]\noverride = \"pass\"\nnote = \"x\"\nscore = 3\n".to_string();
    rejects(&as_refs(&files), &["is measured by rule `site_opening_hours`: give only `override`, `note`"]);
}

#[test]
fn site_keywords_in_the_audit_are_checked_with_their_line() {
    let audit = format!("{AUDIT}\n[site.keywords.signals.prices]\ntopc = [\"carte\"]\n");
    let files = with_audit(&audit);
    rejects(&as_refs(&files), &["audit.toml:10:", "unknown keyword list `signals.prices.topc`; did you mean `topic`?"]);
}

#[test]
fn a_review_column_mapping_must_name_columns_the_export_has() {
    let audit = format!(
        "{AUDIT}\n[[reviews]]\nplatform = \"Yelp\"\nfile = \"yelp.csv\"\nformat = \"csv\"\ncolumns = {{ rating = \"Score\", date = \"Posted\", reply = \"Answr\" }}\n"
    );
    let mut files = with_audit(&audit);
    files.push(("yelp.csv", "Score,Posted,Review,Answer\n5,2026-10-01,Great,Thanks\n".to_string()));
    rejects(
        &as_refs(&files),
        &[
            "audit.toml:14:11: [[reviews]] column `Answr` (for `reply`) is not in",
            "its columns are: Score, Posted, Review, Answer; did you mean `Answer`?",
        ],
    );
}

#[test]
fn validate_refuses_a_review_export_or_feed_with_no_usable_record() {
    let audit = format!(
        "{AUDIT}\n[[reviews]]\nfile = \"google.json\"\nformat = \"gbp\"\n\n[[mentions]]\nfeed = \"alerts.atom\"\n"
    );
    let mut files = with_audit(&audit);
    files.push(("google.json", "{\"reviews\": []}".to_string()));
    files.push(("alerts.atom", "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title></feed>".to_string()));
    let dir = scratch(&as_refs(&files));
    let validate = touchaudit(&["validate", "audit.toml"], dir.path());
    assert_eq!(validate.code, 2, "{}\n{}", validate.stdout, validate.stderr);
    assert!(validate.stderr.contains("no review could be read: google.json: no reviews in it"), "{}", validate.stderr);
    assert!(
        validate.stderr.contains("no mention could be read: alerts.atom: the feed has no entries"),
        "{}",
        validate.stderr
    );
}

#[test]
fn numbers_that_become_durations_dates_or_rates_are_range_checked() {
    for (crawl, expected) in [
        ("timeout_s = inf", "`timeout_s` = inf must be a number from 0.001 to 3600"),
        ("max_time_s = 1e19", "`max_time_s` = 1e19 must be a number from 0.001 to 604800"),
        ("requests_per_second = 1e-300", "`requests_per_second` = 1e-300 must be a number from 0.001 to 10000"),
        ("max_time_s = 1e300", "`max_time_s`"),
        ("user_agent = \"a\\nb\"", "`user_agent` may hold only printable ASCII characters, not '\\n'"),
    ] {
        let files = with_audit(&format!("{AUDIT}[crawl]\n{crawl}\n"));
        rejects(&as_refs(&files), &[expected]);
    }
    for flags in [&["--timeout", "inf"][..], &["--max-time", "1e300"], &["--rps", "1e-300"], &["--max-time", "1e19"]] {
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec!["crawl", "http://127.0.0.1:9/"];
        args.extend_from_slice(flags);
        let run = touchaudit(&args, dir.path());
        assert_eq!(run.code, 2, "{flags:?}: {}", run.stderr);
        assert!(run.stderr.contains("must be a number from"), "{flags:?}: {}", run.stderr);
    }
    let checklist = std::fs::read_to_string(repo_root().join("checklists/default.toml")).unwrap();
    let huge = checklist.replacen(
        "rule = \"review_response_rate\"\n",
        "rule = \"review_response_rate\"\nparams = { window_days = 1e9 }\n",
        1,
    );
    assert!(huge.len() > checklist.len(), "the response-rate touchpoint is in the default checklist");
    let mut files = with_audit(&format!("checklist = \"mine.toml\"\n{AUDIT}"));
    files.push(("mine.toml", huge));
    rejects(&as_refs(&files), &["param `window_days` = 1000000000 must be between 1 and 36500 days"]);
}

#[test]
fn devices_pipes_and_oversized_files_are_refused_as_input() {
    // /dev/zero would read until memory runs out; a FIFO nobody writes to would block forever.
    let files = with_audit(&AUDIT.replace("offline.toml", "/dev/zero"));
    rejects(&as_refs(&files), &["/dev/zero: not a regular file"]);
    let dir = scratch(&as_refs(&with_audit(AUDIT)));
    std::fs::remove_file(dir.path().join("survey.csv")).unwrap();
    let made = std::process::Command::new("mkfifo").arg(dir.path().join("survey.csv")).status().unwrap();
    assert!(made.success());
    let run = touchaudit(&["validate", "audit.toml"], dir.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("survey.csv") && run.stderr.contains("not a regular file"), "{}", run.stderr);
    // Over the size limit (lowered here through its variable): refused, saying how to raise it.
    let dir = scratch(&as_refs(&with_audit(AUDIT)));
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_touchaudit"))
        .env("TOUCHAUDIT_RENDER", "never")
        .args(["validate", "audit.toml"])
        .current_dir(dir.path())
        .env("TOUCHAUDIT_MAX_INPUT_BYTES", "100")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("larger than the input limit of 100 bytes (set TOUCHAUDIT_MAX_INPUT_BYTES"), "{stderr}");
}

#[test]
fn a_templates_folder_that_does_not_exist_is_an_error_before_the_run() {
    let dir = scratch(&as_refs(&with_audit(AUDIT)));
    let run = touchaudit(&["run", "audit.toml", "-o", "out", "--templates", "no-such-folder"], dir.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no-such-folder: the --templates folder does not exist"), "{}", run.stderr);
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_unclosed_quote_is_named_at_its_line_not_swallowing_the_rest() {
    let mut survey = String::from("nps,nps_reason,csat,ces\n");
    for i in 0..20 {
        let reason = if i == 5 { "\"great, but".to_string() } else { format!("reason {i}") };
        survey.push_str(&format!("9,{reason},5,6\n"));
    }
    let mut files = with_audit(AUDIT);
    files[2].1 = survey;
    rejects(&as_refs(&files), &["survey.csv:7:1: a quote (\") opened on line 7 is never closed, so the"]);
    // A real answer over two lines is fine.
    let mut files = with_audit(AUDIT);
    files[2].1 = format!("{}9,\"Great staff.\nLong wait, though.\",5,6\n", survey_csv(40));
    let dir = scratch(&as_refs(&files));
    assert_eq!(touchaudit(&["validate", "audit.toml"], dir.path()).code, 0);
}

#[test]
fn an_unclosed_quote_in_a_review_export_is_a_problem_with_its_line() {
    let mut csv = String::from("rating,date,text\n");
    for i in 0..10 {
        let text = if i == 2 { "\"awful, never again".to_string() } else { format!("fine {i}") };
        csv.push_str(&format!("{},2026-10-{:02},{text}\n", 1 + i % 5, i + 1));
    }
    let audit = format!("{AUDIT}\n[[reviews]]\nplatform = \"Yelp\"\nfile = \"yelp.csv\"\nformat = \"csv\"\n");
    let mut files = with_audit(&audit);
    files.push(("yelp.csv", csv));
    let dir = scratch(&as_refs(&files));
    let run = touchaudit(&["validate", "audit.toml"], dir.path());
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("yelp.csv, line 4: a quote (\") opened there is never closed"), "{}", run.stderr);
}

#[test]
fn a_report_that_cannot_render_is_a_failure_to_complete_not_bad_input() {
    let dir = scratch(&as_refs(&with_audit(AUDIT)));
    std::fs::create_dir(dir.path().join("tpl")).unwrap();
    std::fs::write(dir.path().join("tpl/report.hbs"), "{{no_such_field}}").unwrap();
    let run = touchaudit(&["run", "audit.toml", "-o", "out", "--templates", "tpl"], dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("cannot render the report"), "{}", run.stderr);
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_touchpoint_requiring_a_keyword_signal_that_does_not_exist_is_refused() {
    let checklist = std::fs::read_to_string(repo_root().join("checklists/default.toml")).unwrap();
    let mine = checklist.replacen(
        "rule = \"site_terms\"\n",
        "rule = \"site_terms\"\nparams = { require = [\"warranty\", \"refnd\"] }\n",
        1,
    );
    let line = mine.lines().position(|l| l.contains("\"warranty\", \"refnd\"")).unwrap() + 1;
    let mut files = with_audit(&format!("checklist = \"mine.toml\"\n{AUDIT}"));
    files.push(("mine.toml", mine.clone()));
    rejects(
        &as_refs(&files),
        &[
            &format!("mine.toml:{line}:"),
            "touchpoint `website.terms`: `require` names `refnd`, which is no keyword signal; did you mean `refund`?",
            "`require` names `warranty`, which is no keyword signal",
        ],
    );
    // A signal the audit adds to the keyword lists is one.
    let mut files = with_audit(&format!(
        "checklist = \"mine.toml\"\n{AUDIT}\n[site.keywords.signals.warranty]\ntopic = [\"warranty\"]\n"
    ));
    files.push(("mine.toml", mine.replace("\"refnd\"", "\"refund\"")));
    let dir = scratch(&as_refs(&files));
    let run = touchaudit(&["validate", "audit.toml"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn an_agency_logo_that_is_svg_or_not_an_image_is_refused_at_its_line() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let audit = "[business]\nname = \"x\"\n\n[agency]\nname = \"A\"\nlogo = \"logo.svg\"\naccent = \"teal\"\n";
    let dir = scratch(&[("audit.toml", audit), ("logo.svg", svg)]);
    let run = touchaudit(&["validate", "audit.toml"], dir.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("audit.toml:6:8: [agency]: the logo") && run.stderr.contains("SVG"), "{}", run.stderr);
    assert!(run.stderr.contains("audit.toml:7:10: [agency]: `accent` must be a colour"), "{}", run.stderr);
    let audit = "[business]\nname = \"x\"\n\n[agency]\nname = \"A\"\nlogo = \"logo.gif\"\nwebsite = \"x\"\n";
    let dir = scratch(&[("audit.toml", audit), ("logo.gif", "GIF89a")]);
    let run = touchaudit(&["validate", "audit.toml"], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown key `website`"), "{}", run.stderr);
}

pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        std::io::Write::write_all(&mut zip, bytes).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

fn twice_named() -> Vec<u8> {
    let bytes = zip_of(&[("offline.toml", b"" as &[u8]), ("offline.tomX", b"[scores]\n")]);
    let (from, to) = (b"offline.tomX", b"offline.toml");
    let mut out = bytes.clone();
    for at in 0..bytes.len().saturating_sub(from.len()) {
        if &bytes[at..at + from.len()] == from {
            out[at..at + to.len()].copy_from_slice(to);
        }
    }
    out
}

#[test]
fn a_visit_export_with_escaping_names_or_huge_entries_is_refused() {
    let audit = "offline = \"offline.toml\"\n[business]\nname = \"x\"\n";
    let dir = scratch(&[("client/audit.toml", audit)]);
    let cases: [(&str, Vec<u8>, &str); 5] = [
        // Two entries named offline.toml (a zip writer refuses that, so the second name is patched in).
        ("twice.zip", twice_named(), "is in it twice"),
        (
            "escape.zip",
            zip_of(&[("offline.toml", b""), ("../outside.toml", b"x")]),
            "not something a visit export holds",
        ),
        ("script.zip", zip_of(&[("offline.toml", b""), ("photos/run.sh", b"x")]), "not something a visit export holds"),
        // 17 MB of zeros compress to a few KB: the entry's size is what counts.
        ("bomb.zip", zip_of(&[("photos/big.jpg", &vec![0u8; 17 * 1024 * 1024])]), "MAX_IMPORT_ENTRY_BYTES"),
        ("bad.zip", zip_of(&[("offline.toml", b"[scores.\"nope.touchpoint\"]\nscore = 3\n")]), "nope.touchpoint"),
    ];
    for (name, bytes, says) in cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let run = touchaudit(&["visit", "import", name, "--into", "client"], dir.path());
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{name}: {}", run.stderr);
        assert!(
            !dir.path().join("outside.toml").exists() && !dir.path().join("client/offline.toml").exists(),
            "{name}"
        );
    }
    // A pipe named as the export is refused, not opened (opening a FIFO waits for a writer forever).
    #[cfg(unix)]
    {
        let fifo = dir.path().join("pipe.zip");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let run = touchaudit(&["visit", "import", "pipe.zip", "--into", "client"], dir.path());
        assert_ne!(run.code, 0);
        assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    }
}

#[test]
fn hostile_checklist_and_offline_texts_are_inert_in_the_visit_form() {
    let checklist = std::fs::read_to_string(repo_root().join("checklists/default.toml")).unwrap().replacen(
        "title = \"",
        "title = \"<img src=x onerror=alert(1)> ",
        1,
    );
    let audit =
        "checklist = \"mine.toml\"\noffline = \"offline.toml\"\n[business]\nname = \"<script>alert(2)</script>\"\n";
    let offline = "[scores.\"office.accessibility\"]\nscore = 3\nnote = \"</textarea><script>alert(3)</script>\"\n";
    let dir = scratch(&[("audit.toml", audit), ("mine.toml", &checklist), ("offline.toml", offline)]);
    let run = touchaudit(&["visit", "audit.toml", "-o", "visit.html"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(dir.path().join("visit.html")).unwrap();
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "escaped");
    assert!(html.contains("&lt;&#x2F;textarea&gt;") || html.contains("&lt;/textarea&gt;"), "the note stays text");
    assert_eq!(html.matches("<script").count(), 2, "the data block and the form's own script");
}

#[test]
fn evidence_files_outside_the_audit_folder_are_refused_and_never_embedded() {
    // A photo beside the audit folder (a secret of another client, say) and one by absolute path.
    let outer = tempfile::tempdir().unwrap();
    let secret = outer.path().join("other-client.png");
    std::fs::write(&secret, [0u8; 16]).unwrap();
    for name in ["../other-client.png", secret.to_str().unwrap(), "photos/../../other-client.png"] {
        let offline = format!(
            "{OFFLINE}\n[scores.\"office.atmosphere\"]\nscore = 4\nevidence = [\"Warm light\", {}]\n",
            toml::Value::String(name.to_string())
        );
        let files = vec![("audit.toml", AUDIT.to_string()), ("offline.toml", offline), ("survey.csv", survey_csv(40))];
        let stderr = rejects(&as_refs(&files), &["offline.toml:", "is outside the audit's folder"]);
        assert!(stderr.contains(name), "{stderr}");
    }
    // Inside the folder is fine, a plain note with a full stop is a note, and a link is no file.
    let offline = format!(
        "{OFFLINE}\n[scores.\"office.atmosphere\"]\nscore = 4\nevidence = [\"photos/hall.jpg\", \"Warm light. Clean.\", \
         \"https://photos.example/album/hall.jpg\"]\n"
    );
    let dir = scratch(&[("audit.toml", AUDIT), ("offline.toml", &offline), ("survey.csv", &survey_csv(40))]);
    assert_eq!(touchaudit(&["validate", "audit.toml"], dir.path()).code, 0);
}

#[test]
fn escape_sequences_read_from_input_are_shown_escaped_on_the_terminal() {
    // A business name that would clear the screen and retitle the window, and a survey file name with a
    // bidirectional override: printed by `run` and `validate`, never acted on.
    let audit =
        AUDIT.replace("name = \"Corner Bakery\"", "name = \"Corner\\u001b[2J\\u001b]0;pwned\\u0007 Bakery\\u202e\"");
    let dir = scratch(&[("audit.toml", &audit), ("offline.toml", OFFLINE), ("survey.csv", &survey_csv(40))]);
    for args in [&["run", "audit.toml", "-o", "out"][..], &["validate", "audit.toml"][..]] {
        let run = touchaudit(args, dir.path());
        assert_eq!(run.code, 0, "{}", run.stderr);
        for stream in [&run.stdout, &run.stderr] {
            assert!(
                !stream.contains('\u{1b}') && !stream.contains('\u{7}') && !stream.contains('\u{202e}'),
                "{stream:?}"
            );
        }
        if args[0] == "run" {
            assert!(run.stdout.contains("Corner\\u{1b}[2J\\u{1b}]0;pwned\\u{7} Bakery\\u{202e}"), "{}", run.stdout);
        }
    }
}

#[test]
fn dates_written_as_people_write_them_get_the_form_toml_reads() {
    for value in ["15.11.2026", "\"2026-11-15\"", "11/11/2026"] {
        let files = with_audit(&AUDIT.replace("as_of = 2026-11-01", &format!("as_of = {value}")));
        rejects(&as_refs(&files), &["audit.toml:", "write dates as 2026-11-15 (year-month-day, without quotes)"]);
    }
    let offline = format!("{OFFLINE}\n[scores.\"office.atmosphere\"]\nscore = 4\nassessed = 11/11/2026\n");
    let files = vec![("audit.toml", AUDIT.to_string()), ("offline.toml", offline), ("survey.csv", survey_csv(40))];
    rejects(&as_refs(&files), &["offline.toml:", "write dates as 2026-11-15"]);
}

#[test]
fn a_crafted_result_with_figures_out_of_range_is_refused_by_report_and_diff() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(touchaudit(&["demo", "-o", "out"], dir.path()).code, 0);
    let text = std::fs::read_to_string(dir.path().join("out/result.json")).unwrap();
    let mut result: serde_json::Value = serde_json::from_str(&text).unwrap();
    result["score"]["value"] = serde_json::json!(1e308);
    std::fs::write(dir.path().join("huge.json"), result.to_string()).unwrap();
    let mut negative: serde_json::Value = serde_json::from_str(&text).unwrap();
    negative["touchpoints"][0]["score"] = serde_json::json!(-3.0);
    std::fs::write(dir.path().join("negative.json"), negative.to_string()).unwrap();
    for (file, says) in [("huge.json", "`score.value` is 1"), ("negative.json", "outside 0 to 1")] {
        let run = touchaudit(&["report", file, "-o", "re"], dir.path());
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        assert!(run.stderr.contains(says) && !run.stderr.contains("panicked"), "{file}: {}", run.stderr);
        let diff = touchaudit(&["diff", "out/result.json", file], dir.path());
        assert_eq!(diff.code, 2, "{file}: {}", diff.stderr);
    }
    assert!(!dir.path().join("re").exists());
}

#[test]
fn a_duplicate_key_or_table_is_named() {
    let files = with_audit(&AUDIT.replace("name = \"Corner Bakery\"", "name = \"Corner Bakery\"\nname = \"Other\""));
    rejects(&as_refs(&files), &["audit.toml:", "duplicate key `name`: it is written twice"]);
    let files = with_audit(&format!("{AUDIT}\n[business]\nsite = \"https://corner.example/\"\n"));
    rejects(&as_refs(&files), &["the table `[business]` is written twice"]);
}
