//! Report languages: `locale` in audit.toml or `--locale` gives every report text, status, level, checklist
//! text, date, number and plural form in that language; mistakes name the place.

use super::*;

/// The English texts of locales/en.ftl that take no variables and are long enough to be telling.
fn english_texts() -> Vec<String> {
    let table = std::fs::read_to_string(repo_root().join("locales/en.ftl")).unwrap();
    table
        .lines()
        .filter(|l| !l.starts_with([' ', '#']))
        .filter_map(|l| l.split_once(" = ").map(|(_, text)| text.trim().to_string()))
        .filter(|text| !text.contains('{') && text.len() >= 12 && text.contains(' '))
        .collect()
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('`', "&#x60;")
}

#[test]
fn the_demo_in_russian_has_russian_texts_dates_numbers_and_plurals() {
    let dir = tempfile::tempdir().unwrap();
    let run = touchaudit(&["demo", "--locale", "ru", "-o", "out"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    let md = std::fs::read_to_string(dir.path().join("out/summary.md")).unwrap();
    let result = read_json(&dir.path().join("out/result.json"));
    assert_eq!(result["business"]["locale"], "ru");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ru\">"));
    let score = format!("{:.1}", demo_snapshot()["score"]["value"].as_f64().unwrap());
    assert!(html.contains(&format!("class=\"gauge-value\">{}</text>", score.replace('.', ","))));
    assert!(html.contains("Уровень: <strong>Достаточность</strong>"));
    for text in [
        "Аудит готовности к лояльности: Bright Smile Dental",
        "На 1 ноября 2026",
        "Исправить в первую очередь",
        "Рекомендация:",
        "Отношение персонала",
        "Средняя оценка 4,2★ по 205 отзывам на 4 площадках.",
        "встроенный по умолчанию",
    ] {
        assert!(html.contains(&escaped(text)), "the Russian report lacks `{text}`");
    }
    // Checklist texts, levels and statuses come translated.
    let https = touchpoint(&result, "website.https");
    assert_eq!(https["title"], "Страницы открываются по HTTPS");
    assert!(https["measured_text"].as_str().unwrap().ends_with("страниц (0 %)"), "{https}");
    assert_eq!(result["score"]["level"]["title"], "Достаточность");
    let line =
        format!("**{} / 100**, уровень **Достаточность**, охват 100 % (на 1 ноября 2026).", score.replace('.', ","));
    assert!(md.contains(&line), "{md}");
    // No English text of the report's own is left (texts from the audited site and reviews stay as written).
    let left: Vec<String> = english_texts().into_iter().filter(|t| html.contains(&escaped(t))).collect();
    assert!(left.is_empty(), "English texts in the Russian report: {left:?}");
    // And the English report is English.
    assert_eq!(touchaudit(&["demo", "-o", "en"], dir.path()).code, 0);
    let english = std::fs::read_to_string(dir.path().join("en/report.html")).unwrap();
    let gauge = format!("class=\"gauge-value\">{score}</text>");
    assert!(english.contains("As of 1 November 2026") && english.contains(&gauge));
    let reviews = &demo_snapshot()["reputation"]["reviews"];
    let (average, count) = (reviews["average"].as_f64().unwrap(), reviews["count"].as_u64().unwrap());
    assert!(english.contains(&format!("{average}★ average from {count} reviews on 4 platforms.")));
    // A portfolio of Russian reports is Russian too.
    let run = touchaudit(&["portfolio", "out/result.json", "-o", "portfolio"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(dir.path().join("portfolio/index.html")).unwrap();
    assert!(index.contains("<html lang=\"ru\">") && index.contains("Портфель: 1 клиент<"), "{index}");
}

#[test]
fn locale_comes_from_the_audit_file_and_the_flag_overrides_it() {
    let audit = AUDIT.replace("[business]\n", "[business]\nlocale = \"ru\"\n");
    let dir = scratch(&[("audit.toml", &audit), ("offline.toml", OFFLINE), ("survey.csv", &survey_csv(40))]);
    assert_eq!(touchaudit(&["run", "audit.toml", "-o", "ru"], dir.path()).code, 0);
    let result = read_json(&dir.path().join("ru/result.json"));
    assert_eq!(result["business"]["locale"], "ru");
    let visit = touchpoint(&result, "mystery.visit");
    assert_eq!(visit["title"], "Тайный визит");
    assert!(visit["evidence"].to_string().contains("выполнено пунктов: 1 из 2"), "{visit}");
    let site = touchpoint(&result, "website.reachable");
    assert_eq!(site["reason"], "сайт не задан: укажите `site` в [business] файла audit.toml");

    assert_eq!(touchaudit(&["run", "audit.toml", "--locale", "en", "-o", "en"], dir.path()).code, 0);
    let result = read_json(&dir.path().join("en/result.json"));
    assert_eq!(result["business"]["locale"], "en");
    assert_eq!(touchpoint(&result, "mystery.visit")["title"], "Mystery visit");
}

#[test]
fn an_unknown_locale_is_refused_with_the_choices() {
    let audit = AUDIT.replace("[business]\n", "[business]\nlocale = \"de\"\n");
    let dir = scratch(&[("audit.toml", &audit), ("offline.toml", OFFLINE), ("survey.csv", &survey_csv(40))]);
    let run = touchaudit(&["validate", "audit.toml"], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("audit.toml:7:10: locale `de` is not available"), "{}", run.stderr);
    assert!(run.stderr.contains("available: en, ru"), "{}", run.stderr);
    let run = touchaudit(&["run", "audit.toml", "--locale", "fr"], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`fr` is not an available locale: en, ru"), "{}", run.stderr);
}

#[test]
fn a_copied_checklist_stays_translated_and_its_own_translation_wins() {
    // A consultant's copy: one touchpoint dropped, one title changed, an overlay for another.
    let default = std::fs::read_to_string(repo_root().join("checklists/default.toml")).unwrap();
    let mine = default.replace("title = \"Mystery call\"", "title = \"Phone check\"");
    let start = mine.find("[[touchpoint]]\nid = \"website.https\"").unwrap();
    let end = start + 1 + mine[start + 1..].find("[[touchpoint]]").unwrap();
    let mine = format!("{}{}", &mine[..start], &mine[end..]);
    let overlay = "[touchpoint.\"mystery.visit\"]\ntitle = \"Визит под прикрытием\"\nwhy = \"Так видно сервис.\"\nfix = \"Обучите: {missed}.\"\n";
    let audit =
        format!("checklist = \"mine.toml\"\n{}", AUDIT.replace("[business]\n", "[business]\nlocale = \"ru\"\n"));
    let dir = scratch(&[
        ("audit.toml", &audit),
        ("offline.toml", OFFLINE),
        ("survey.csv", &survey_csv(40)),
        ("mine.toml", &mine),
        ("mine.ru.toml", overlay),
    ]);
    let run = touchaudit(&["run", "audit.toml", "-o", "out"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let result = read_json(&dir.path().join("out/result.json"));
    assert_eq!(touchpoint(&result, "mystery.visit")["title"], "Визит под прикрытием");
    assert_eq!(touchpoint(&result, "mystery.visit")["recommendation"], "Обучите: offered_help.");
    assert_eq!(touchpoint(&result, "mystery.call")["title"], "Phone check", "a changed text is the consultant's own");
    assert_eq!(touchpoint(&result, "staff.politeness")["title"], "Персонал вежлив с клиентами");
    assert!(result["touchpoints"].as_array().unwrap().iter().all(|t| t["id"] != "website.https"));

    // A mistake in the translation names its file and line.
    std::fs::write(dir.path().join("mine.ru.toml"), overlay.replace("mystery.visit", "mystery.vist")).unwrap();
    let run = touchaudit(&["validate", "audit.toml"], dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("mine.ru.toml:1:1: unknown touchpoint `mystery.vist`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `mystery.visit`?"), "{}", run.stderr);
}

#[test]
fn what_could_not_be_assessed_is_said_in_russian_too() {
    use super::server::{TestServer, html, not_found};
    let server = TestServer::start(|path| match path {
        "/" => html(
            r#"<html lang="ru"><title>Пекарня на углу: хлеб каждый день</title>
            <a href="/a.html">a</a><a href="/b.html">b</a><a href="/gone.html">c</a></html>"#,
        ),
        "/a.html" | "/b.html" => html(r#"<html lang="ru"><title>Страница пекарни</title></html>"#),
        _ => not_found(),
    });
    let audit = format!(
        "[business]\nname = \"Пекарня\"\nsite = \"{}\"\nlocale = \"ru\"\nas_of = 2026-11-01\n\
         [crawl]\nmax_pages = 2\nrate_limit = false\n\n\
         [[reviews]]\nplatform = \"Карты\"\nfile = \"reviews.csv\"\nformat = \"csv\"\n\
         columns = {{ rating = \"rating\", date = \"date\" }}\n\n\
         [output]\naudience = \"consultant\"   # the input problems are the consultant's\n",
        server.url("/")
    );
    let reviews = "rating,date\n5,2026-10-01\n9,2026-10-02\n4,когда-то\n";
    let (result, html) = run_audit(&audit, &[("reviews.csv", reviews)]);
    let reachable = touchpoint(&result, "website.reachable").to_string();
    assert!(reachable.contains("обход остановлен на max_pages = 2"), "{reachable}");
    assert!(reachable.contains("ограничение частоты запросов к хосту было выключено"), "{reachable}");
    let sources = result["sources"].to_string();
    assert!(sources.contains("reviews.csv, строка 3: оценка `9` вне шкалы 0–5"), "{sources}");
    assert!(sources.contains("reviews.csv, строка 4: `когда-то` — не дата"), "{sources}");
    let survey = touchpoint(&result, "metrics.nps");
    assert_eq!(survey["reason"], "опрос не задан: укажите `file` в [survey] файла audit.toml");
    assert!(html.contains("<summary>2 проблемы во входных данных</summary>"), "the problems, counted in Russian");
    let unknown = run_audit(
        "[business]\nname = \"x\"\nsite = \"http://no-such-host.invalid/\"\nlocale = \"ru\"\n[crawl]\ntimeout_s = 2\n",
        &[],
    )
    .0;
    let reachable = touchpoint(&unknown, "website.reachable");
    assert_eq!(reachable["status"], "fail");
    let measured = reachable["measured_text"].as_str().unwrap().to_string();
    assert!(measured.contains("имя хоста не найдено") && measured.contains("не ответил"), "{measured}");
}

#[test]
fn the_terminal_speaks_one_language_and_one_number_format_whatever_the_report_language() {
    let dir = tempfile::tempdir().unwrap();
    let run = touchaudit(&["demo", "--locale", "ru", "-o", "out"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let snapshot = demo_snapshot();
    let score = format!("{:.1}", snapshot["score"]["value"].as_f64().unwrap());
    assert!(run.stdout.contains(&format!("loyalty readiness {score} / 100")), "{}", run.stdout);
    assert!(!run.stdout.contains(&score.replace('.', ",")) && !run.stdout.contains("н/д"), "{}", run.stdout);
    let gain = snapshot["fix_first"][0]["gain"].as_f64().unwrap();
    assert!(run.stdout.contains(&format!("(+{gain} pts)")), "{}", run.stdout);
}
