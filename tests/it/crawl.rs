//! The crawler against real HTTP servers on 127.0.0.1: faults, limits, politeness and hostile pages.
//! Each case checks that touchaudit finishes, says what could not be assessed and why, and keeps what it read.

use std::time::{Duration, Instant};

use super::server::{Reply, TestServer, html, not_found};
use super::*;

/// Crawls `start` with `touchaudit crawl --json` and returns the JSON.
fn crawl_json(start: &str, extra: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["crawl", start, "--no-rate-limit", "--timeout", "2", "--json", "crawl.json"];
    args.extend_from_slice(extra);
    let run = touchaudit(&args, dir.path());
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    read_json(&dir.path().join("crawl.json"))
}

/// Runs a full audit of `site` (no offline data) and returns the result and the HTML report.
fn audit_site(site: &str, crawl: &str) -> (serde_json::Value, String) {
    let audit = format!(
        "[business]\nname = \"Test shop\"\nsite = \"{site}\"\nas_of = 2026-11-01\n[crawl]\ntimeout_s = 2\n{crawl}\n"
    );
    run_audit(&audit, &[])
}

fn page<'a>(crawl: &'a serde_json::Value, suffix: &str) -> &'a serde_json::Value {
    crawl["pages"].as_array().unwrap().iter().find(|p| p["url"].as_str().unwrap().ends_with(suffix)).unwrap()
}

#[test]
fn connection_refused_is_reported_not_crashed() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (result, _) = audit_site(&format!("http://127.0.0.1:{port}/"), "");
    // The site not answering is the failure of the (critical) touchpoint about that; the rest say why not.
    let reachable = touchpoint(&result, "website.reachable");
    assert_eq!(reachable["status"], "fail");
    assert!(reachable["measured_text"].as_str().unwrap().contains("connection failed"), "{reachable}");
    let titles = touchpoint(&result, "search.titles");
    assert_eq!(titles["status"], "not_assessed");
    assert!(titles["reason"].as_str().unwrap().contains("did not answer"), "{titles}");
    assert!(
        ["not_ready", "sufficiency"].contains(&result["score"]["level"]["id"].as_str().unwrap()),
        "{}",
        result["score"]
    );
}

#[test]
fn an_unknown_host_is_reported() {
    let (result, _) = audit_site("http://no-such-host.invalid/", "");
    let reachable = touchpoint(&result, "website.reachable");
    assert_eq!(reachable["status"], "fail");
    let measured = reachable["measured_text"].as_str().unwrap();
    assert!(measured.contains("host name not found"), "{measured}");
}

#[test]
fn a_silent_server_times_out_within_the_limit() {
    let server = TestServer::start(|_| Reply::Silent(Duration::from_secs(30)));
    let started = Instant::now();
    let (result, _) = audit_site(&server.url("/"), "");
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
    let reachable = touchpoint(&result, "website.reachable");
    assert_eq!(reachable["status"], "fail");
    let measured = reachable["measured_text"].as_str().unwrap();
    assert!(measured.contains("timed out"), "{measured}");
}

#[test]
fn a_server_that_stalls_mid_body_gives_a_timeout_on_that_page_and_keeps_the_rest() {
    let server = TestServer::start(|path| match path {
        "/" => html(
            r#"<html lang="en"><title>Home of the test shop</title><a href="/stall.html">s</a><a href="/ok.html">o</a></html>"#,
        ),
        "/stall.html" => Reply::Stall { length: 100_000, sent: 100, pause: Duration::from_secs(30) },
        "/ok.html" => html("<title>Fine page</title>"),
        _ => not_found(),
    });
    let crawl = crawl_json(&server.url("/"), &[]);
    assert_eq!(page(&crawl, "/stall.html")["error"]["kind"], "timeout");
    assert_eq!(page(&crawl, "/ok.html")["status"], 200);
    assert_eq!(crawl["pages_crawled"], 2);
}

#[test]
fn error_pages_redirect_loops_and_long_chains() {
    let server = TestServer::start(|path| match path {
        "/" => html(
            r#"<a href="/404">a</a><a href="/500">b</a><a href="/503">c</a><a href="/loop1">d</a><a href="/hop/0">e</a><a href="/long/0">f</a>"#,
        ),
        "/500" => Reply::Page(500, "text/html", b"boom".to_vec()),
        "/503" => Reply::Page(503, "text/html", b"busy".to_vec()),
        "/loop1" => Reply::Redirect(301, "/loop2".into()),
        "/loop2" => Reply::Redirect(302, "/loop1".into()),
        "/final" => html("<title>After ten hops</title>"),
        p if p.starts_with("/hop/") => {
            let n: u32 = p["/hop/".len()..].parse().unwrap();
            Reply::Redirect(301, if n == 9 { "/final".into() } else { format!("/hop/{}", n + 1) })
        }
        p if p.starts_with("/long/") => {
            let n: u32 = p["/long/".len()..].parse().unwrap();
            Reply::Redirect(301, if n == 11 { "/final2".into() } else { format!("/long/{}", n + 1) })
        }
        _ => not_found(),
    });
    let crawl = crawl_json(&server.url("/"), &[]);
    assert_eq!(page(&crawl, "/404")["status"], 404);
    assert_eq!(page(&crawl, "/loop1")["error"]["kind"], "redirect_loop");
    let chain = page(&crawl, "/hop/0");
    assert_eq!((chain["status"].as_u64(), chain["redirects"].as_u64()), (Some(200), Some(10)));
    assert_eq!(page(&crawl, "/long/0")["error"]["kind"], "too_many_redirects");
    let broken: Vec<&str> =
        crawl["broken_links"].as_array().unwrap().iter().map(|b| b["to"].as_str().unwrap()).collect();
    for target in ["/404", "/500", "/503", "/loop1", "/long/0"] {
        assert!(broken.iter().any(|b| b.ends_with(target)), "{target} not in {broken:?}");
    }
    assert_eq!(broken.len(), 5, "{broken:?}");
}

#[test]
fn a_50_mb_page_is_cut_at_the_byte_limit() {
    let server = TestServer::start(|path| match path {
        "/" => html(r#"<a href="/big.html">big</a>"#),
        "/big.html" => Reply::Huge(50 * 1024 * 1024),
        _ => not_found(),
    });
    let started = Instant::now();
    let (result, _) = audit_site(&server.url("/"), "max_page_bytes = 1_000_000");
    assert!(started.elapsed() < Duration::from_secs(20));
    let site = result["sources"].as_array().unwrap().iter().find(|s| s["kind"] == "site").unwrap();
    let problems: Vec<&str> = site["problems"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert!(problems.iter().any(|p| p.ends_with("/big.html: cut at max_page_bytes")), "{problems:?}");
}

#[test]
fn a_page_nested_a_hundred_thousand_deep_is_read_up_to_the_bound() {
    // The HTML tree builder looks through every open element for most tags: 100,000 nested elements took it
    // minutes, and a link wrapped in them overflowed the stack. The page is read up to MAX_NESTING_DEPTH.
    let deep = format!(
        r#"<html><head><title>Deep page</title></head><body><a href="/before.html">before</a>{}<a href="/inside.html">x</a>{}</body></html>"#,
        "<div><span>".repeat(50_000),
        "</span></div>".repeat(50_000)
    );
    let server = TestServer::start(move |path| match path {
        "/" => html(r#"<a href="/deep.html">deep</a>"#),
        "/deep.html" => html(&deep),
        "/before.html" => html("<title>Before</title>"),
        _ => not_found(),
    });
    let (result, report) = audit_site(&server.url("/"), "");
    let site = result["sources"].as_array().unwrap().iter().find(|s| s["kind"] == "site").unwrap();
    let problems: Vec<&str> = site["problems"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert!(
        problems
            .iter()
            .any(|p| p.ends_with("/deep.html: read only up to where its elements nest deeper than 512 levels")),
        "{problems:?}"
    );
    let asked: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert!(asked.iter().any(|p| p == "/before.html"), "the link before the deep part is followed: {asked:?}");
    assert!(!asked.iter().any(|p| p == "/inside.html"), "{asked:?}");
    assert!(report.contains("Deep page") || report.contains("deep.html"));
}

#[test]
fn an_endless_calendar_is_capped() {
    let server = TestServer::start(|path| {
        if let Some(month) = path.strip_prefix("/calendar?m=") {
            let m: i64 = month.parse().unwrap_or(0);
            return html(&format!(
                r#"<a href="/calendar?m={}">prev</a> <a href="/calendar?m={}">next</a>"#,
                m - 1,
                m + 1
            ));
        }
        match path {
            "/" => html(r#"<a href="/calendar?m=0">calendar</a>"#),
            _ => not_found(),
        }
    });
    let crawl = crawl_json(&server.url("/"), &["--max-depth", "1000"]);
    let pages = crawl["pages"].as_array().unwrap().len();
    assert!(pages <= 22, "{pages} pages");
    assert!(crawl["skipped"]["query_variants"].as_u64().unwrap() > 0);
    let notes = crawl["notes"].as_array().unwrap();
    assert!(notes.iter().any(|n| n["note"] == "query_variants" && n["per_path"].as_u64() > Some(0)), "{notes:?}");
}

#[test]
fn robots_txt_that_disallows_everything_is_honoured_and_explained() {
    let server = TestServer::start(|path| match path {
        "/robots.txt" => Reply::Page(200, "text/plain", b"User-agent: *\nDisallow: /\n".to_vec()),
        _ => html("<title>Should not be fetched</title>"),
    });
    // The site answers but forbids everything: nothing is assessed, which is an error naming the reason.
    let audit = format!("[business]\nname = \"Test shop\"\nsite = \"{}\"\nas_of = 2026-11-01\n", server.url("/"));
    let stderr = run_nothing_assessed(&audit, &[]);
    assert!(stderr.contains("robots.txt disallows crawling it"), "{stderr}");
    assert!(server.requests().iter().all(|r| r.path == "/robots.txt"), "{:?}", server.requests());
}

#[test]
fn our_own_robots_group_comes_before_the_wildcard_and_the_user_agent_is_clear() {
    let server = TestServer::start(|path| match path {
        "/robots.txt" => Reply::Page(
            200,
            "text/plain",
            b"User-agent: touchaudit\nDisallow: /private/\n\nUser-agent: *\nDisallow: /\n".to_vec(),
        ),
        "/" => html(r#"<a href="/shop.html">shop</a><a href="/private/x.html">x</a>"#),
        "/shop.html" => html("<title>Shop</title>"),
        _ => not_found(),
    });
    let crawl = crawl_json(&server.url("/"), &[]);
    assert_eq!(crawl["pages_crawled"], 2);
    assert_eq!(crawl["robots"]["blocked"][0], server.url("/private/x.html"));
    assert!(server.requests().iter().all(|r| r.user_agent.starts_with("touchaudit/")), "{:?}", server.requests());
}

#[test]
fn a_malformed_sitemap_is_reported_and_the_crawl_goes_on() {
    let server = TestServer::start(|path| match path {
        "/robots.txt" => Reply::Page(200, "text/plain", b"Sitemap: /sitemap.xml\n".to_vec()),
        "/sitemap.xml" => Reply::Page(200, "application/xml", b"<urlset><url><loc>broken".to_vec()),
        "/" => html(r#"<html lang="en"><title>Home page of the shop</title><a href="/a.html">a</a></html>"#),
        "/a.html" => html("<title>Page a</title>"),
        _ => not_found(),
    });
    let crawl = crawl_json(&server.url("/"), &[]);
    assert_eq!(crawl["pages_crawled"], 2);
    let errors = crawl["sitemap"]["errors"].as_array().unwrap();
    assert!(!errors.is_empty(), "{crawl}");
}

#[test]
fn charsets_invalid_bytes_and_non_html_are_handled() {
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode("<html><title>Часы работы и контакты</title><p>Мы работаем с понедельника по пятницу, запись по телефону.</p></html>");
    let cp1251 = cp1251.into_owned();
    let server = TestServer::start(move |path| match path {
        "/" => html(r#"<a href="/ru.html">ru</a><a href="/bad.html">bad</a><a href="/image.html">img</a>"#),
        "/ru.html" => Reply::Page(200, "text/html", cp1251.clone()),
        "/bad.html" => Reply::Page(200, "text/html; charset=utf-8", b"<title>Bad \xff\xfe bytes</title>".to_vec()),
        "/image.html" => Reply::Page(200, "image/png", b"\x89PNG\r\n\x1a\nbinary".to_vec()),
        _ => not_found(),
    });
    let crawl = crawl_json(&server.url("/"), &[]);
    let ru = page(&crawl, "/ru.html");
    assert_eq!(ru["html"]["title"], "Часы работы и контакты");
    assert_eq!((ru["charset"].as_str(), ru["charset_source"].as_str()), (Some("windows-1251"), Some("detected")));
    let bad = page(&crawl, "/bad.html");
    assert_eq!(bad["decode_errors"], true);
    assert!(bad["html"]["title"].as_str().unwrap().contains('\u{fffd}'));
    let image = page(&crawl, "/image.html");
    assert!(image["html"].is_null());
    assert_eq!(image["content_type"], "image/png");
}

#[test]
fn a_script_in_the_title_is_escaped_in_the_report() {
    let server = TestServer::start(|path| match path {
        "/" => html(
            r#"<html><title><script>alert(1)</script> Shop</title><body><img src="x.png" onerror="alert(2)"></body></html>"#,
        ),
        _ => not_found(),
    });
    let (result, report) = audit_site(&server.url("/"), "");
    assert_eq!(touchpoint(&result, "website.reachable")["status"], "pass");
    assert!(!report.contains("<script>alert"), "the title is escaped");
    assert!(!report.contains("onerror=\"alert"));
}

#[test]
fn the_rate_limit_spaces_requests_per_host() {
    let server = TestServer::start(|path| match path {
        "/" => html(r#"<a href="/1">1</a><a href="/2">2</a><a href="/3">3</a><a href="/4">4</a><a href="/5">5</a>"#),
        _ => html("<title>x</title>"),
    });
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let run = touchaudit(&["crawl", &server.url("/"), "--rps", "10", "--concurrency", "4"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut times: Vec<Instant> = server.requests().iter().map(|r| r.at).collect();
    assert!(times.len() >= 7, "{} requests", times.len());
    // 10 requests per second.
    assert_paced(started, &mut times, Duration::from_millis(100));
}

#[test]
fn a_real_site_crawl_assesses_the_website_and_search_touchpoints() {
    let server = TestServer::start(|path| match path {
        "/" => html(
            r#"<html lang="en"><head><meta name="viewport" content="width=device-width"><title>Corner Bakery | Fresh bread</title></head>
            <body><h1>Corner Bakery</h1><a href="/contacts.html">Contacts</a><a href="/gone.html">Old</a></body></html>"#,
        ),
        "/contacts.html" => html(
            r#"<html lang="en"><meta name="viewport" content="width=device-width"><title>Contacts | Corner Bakery</title><h1>Contacts</h1><p>Opening hours: Mon-Fri 7-19</p>
            <a href="tel:+15550199">call</a></html>"#,
        ),
        _ => not_found(),
    });
    let (result, _) = audit_site(&server.url("/"), "");
    for id in
        ["website.reachable", "website.mobile", "website.opening_hours", "search.titles", "search.h1", "search.lang"]
    {
        assert_eq!(touchpoint(&result, id)["status"], "pass", "{id}: {}", touchpoint(&result, id));
    }
    let broken = touchpoint(&result, "website.broken_links");
    assert_eq!(broken["measured"], 1.0);
    assert!(broken["evidence"][0]["text"].as_str().unwrap().contains("/gone.html (answered 404)"));
    assert_eq!(touchpoint(&result, "website.https")["status"], "fail");
    assert_eq!(touchpoint(&result, "search.sitemap")["measured_text"], "no sitemap found");
}

#[test]
fn robots_crawl_delay_slows_the_crawl_even_without_a_rate_limit() {
    let server = TestServer::start(|path| match path {
        "/robots.txt" => Reply::Page(200, "text/plain", b"User-agent: *\nCrawl-delay: 0.3\n".to_vec()),
        "/" => html(r#"<a href="/1">1</a><a href="/2">2</a><a href="/3">3</a>"#),
        _ => html("<title>x</title>"),
    });
    let started = Instant::now();
    let crawl = crawl_json(&server.url("/"), &["--concurrency", "4"]);
    assert_eq!(crawl["robots"]["crawl_delay_s"].as_f64().map(|d| (d * 10.0).round()), Some(3.0));
    let mut times: Vec<Instant> = server.requests().iter().filter(|r| r.path != "/robots.txt").map(|r| r.at).collect();
    assert!(times.len() >= 4, "{} requests", times.len());
    assert_paced(started, &mut times, Duration::from_millis(300));
}

#[test]
fn the_auditor_overrides_a_measured_verdict_with_a_note_and_both_are_kept() {
    let server = TestServer::start(|path| match path {
        "/" => html("<title>Bakery</title><p>Fresh bread every morning.</p>"),
        _ => not_found(),
    });
    let audit = format!(
        "offline = \"offline.toml\"\n[business]\nname = \"Corner Bakery\"\nsite = \"{}\"\nas_of = 2026-11-01\n",
        server.url("/")
    );
    let offline = "[scores.\"website.opening_hours\"]\noverride = \"pass\"\nnote = \"Hours are on the door sign (photo)\"\nevidence = [\"photos/door.jpg\"]\n\n[scores.\"staff.politeness\"]\nscore = 5\noverride = \"warn\"\nnote = \"Polite, but only to regulars\"\n";
    let (result, html) = run_audit(&audit, &[("offline.toml", offline)]);
    let hours = touchpoint(&result, "website.opening_hours");
    assert_eq!(hours["status"], "pass");
    assert_eq!(hours["score"], 1.0);
    assert_eq!(hours["auditor"]["measured_status"], "fail", "{hours}");
    assert_eq!(hours["auditor"]["note"], "Hours are on the door sign (photo)");
    assert!(hours["recommendation"].is_null());
    let politeness = touchpoint(&result, "staff.politeness");
    assert_eq!(politeness["status"], "warn");
    assert_eq!(politeness["auditor"]["measured_status"], "pass");
    assert!(politeness["recommendation"].is_string(), "{politeness}");
    assert!(
        html.contains("Set by the auditor (measured: fail): Hours are on the door sign (photo)"),
        "the report marks it"
    );
}

/// A small bakery site as a person would write it: hours in a sentence, a "Menu" page with prices.
fn bakery_site(contact: &'static str, menu_title: &'static str, menu_items: &'static str) -> TestServer {
    TestServer::start(move |path| {
        match path {
        "/" => html(
            "<html lang=\"en\"><title>Corner Bakery</title><h1>Corner Bakery</h1>\
             <a href=\"/contact.html\">Contact</a> <a href=\"/bread.html\">Our bread</a></html>",
        ),
        "/contact.html" => Reply::Page(200, "text/html; charset=utf-8", contact.as_bytes().to_vec()),
        "/bread.html" => Reply::Page(
            200,
            "text/html; charset=utf-8",
            format!("<html><title>{menu_title}</title><h1>{menu_title}</h1><p>Updated 2026-10-20</p><ul>{menu_items}</ul></html>")
                .into_bytes(),
        ),
        _ => not_found(),
    }
    })
}

#[test]
fn hours_written_out_and_a_menu_with_prices_are_found_in_english_and_russian() {
    let english = bakery_site(
        "<html><title>Visit us</title><h1>Visit us</h1><p>12 Baker St, Springfield. Open Mon-Sat 7am-6pm, Sun 8am-2pm.</p></html>",
        "Menu",
        "<li>Sourdough loaf $6.50</li><li>Croissant $3</li><li>Rye bread $5.25</li>",
    );
    let russian = bakery_site(
        "<html><title>Контакты</title><h1>Как нас найти</h1><p>ул. Ленина, д. 5. Работаем пн–пт с 9:00 до 18:00, сб с 10 до 16.</p></html>",
        "Меню",
        "<li>Бородинский хлеб — 120 ₽</li><li>Круассан — 95 руб.</li><li>Багет — 80 ₽</li>",
    );
    let silent = bakery_site(
        "<html><title>Contact</title><p>Call us on Monday about your 1-2 star review. Founded 2019-2024.</p></html>",
        "Our story",
        "<li>Founded by Anna</li>",
    );
    for (server, hours, prices) in [(&english, "pass", true), (&russian, "pass", true), (&silent, "fail", false)] {
        let (result, _) = audit_site(&server.url("/"), "");
        let found = touchpoint(&result, "website.opening_hours");
        assert_eq!(found["status"], hours, "{found}");
        let prices_page = touchpoint(&result, "website.prices_current");
        if prices {
            assert!(prices_page["status"].as_str().unwrap() != "not_assessed", "{prices_page}");
            assert!(prices_page["evidence"].to_string().contains("bread.html"), "{prices_page}");
        } else {
            assert_eq!(prices_page["status"], "not_assessed", "{prices_page}");
        }
    }
}

#[test]
fn hours_from_json_ld_and_time_elements_count() {
    let server = TestServer::start(|path| match path {
        "/" => html(
            r#"<title>Shop</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"Bakery","name":"X","openingHours":"Mo-Sa 07:00-18:00"}</script>"#,
        ),
        _ => not_found(),
    });
    let (result, _) = audit_site(&server.url("/"), "");
    assert_eq!(touchpoint(&result, "website.opening_hours")["status"], "pass");
    let server = TestServer::start(|path| match path {
        "/" => html(
            r#"<title>Shop</title><p>Open <time datetime="09:00">nine</time> till <time datetime="17:30">half past five</time></p>"#,
        ),
        _ => not_found(),
    });
    let (result, _) = audit_site(&server.url("/"), "");
    assert_eq!(touchpoint(&result, "website.opening_hours")["status"], "pass");
}

#[test]
fn an_audit_extends_the_keyword_lists_for_its_own_site() {
    let server = TestServer::start(|path| match path {
        "/" => html("<title>Chez Anna</title><a href=\"/la-carte.html\">La carte</a>"),
        "/la-carte.html" => html("<title>La carte</title><h1>La carte</h1><p>Mise à jour le 2026-10-20</p>"),
        _ => not_found(),
    });
    let (plain, _) = audit_site(&server.url("/"), "");
    assert_eq!(touchpoint(&plain, "website.prices_current")["status"], "not_assessed");
    let (extended, _) = audit_site(&server.url("/"), "[site.keywords.signals.prices]\ntopic = [\"carte\"]\n");
    let prices = touchpoint(&extended, "website.prices_current");
    assert_eq!(prices["status"], "pass", "{prices}");
}

#[test]
fn waiting_for_crawl_delay_is_not_a_timeout_of_the_site() {
    // Crawl-delay 0.4 s and 8 links: the last request waits about 3.6 s for its turn, longer than the 1 s
    // timeout. Only the request itself is timed, so every page is read and none is a "timed out" broken link.
    let server = TestServer::start(|path| match path {
        "/robots.txt" => Reply::Page(200, "text/plain", b"User-agent: *\nCrawl-delay: 0.4\n".to_vec()),
        "/" => html(&(1..=8).map(|i| format!("<a href=\"/p{i}.html\">page {i}</a>")).collect::<String>()),
        p if p.starts_with("/p") => html("<title>A page</title>"),
        _ => not_found(),
    });
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let run = touchaudit(&["crawl", &server.url("/"), "--timeout", "1", "--json", "crawl.json"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let crawl = read_json(&dir.path().join("crawl.json"));
    assert_eq!(crawl["pages_crawled"], 9, "{}", run.stdout);
    assert_eq!(crawl["broken_links"].as_array().unwrap().len(), 0, "{}", crawl["broken_links"]);
    // And the delay was honoured: sitemap.xml and 9 pages after robots.txt, none ahead of its 0.4 s turn.
    let mut times: Vec<Instant> = server.requests().iter().filter(|r| r.path != "/robots.txt").map(|r| r.at).collect();
    assert_paced(started, &mut times, Duration::from_millis(400));
}

#[test]
fn the_time_limit_covers_robots_txt_and_sitemaps_and_the_summary_tells_the_real_duration() {
    // robots.txt names 20 sitemaps that never answer: at 2 s each, 40 s without a limit on discovery.
    let server = TestServer::start(|path| match path {
        "/robots.txt" => {
            let lines: String = (0..20).map(|i| format!("Sitemap: /sitemap-{i}.xml\n")).collect();
            Reply::Page(200, "text/plain", format!("User-agent: *\nAllow: /\n{lines}").into_bytes())
        }
        p if p.starts_with("/sitemap") => Reply::Silent(Duration::from_secs(30)),
        _ => html("<title>Home</title>"),
    });
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let run =
        touchaudit(&["crawl", &server.url("/"), "--max-time", "3", "--timeout", "2", "--json", "c.json"], dir.path());
    let took = started.elapsed();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let crawl = read_json(&dir.path().join("c.json"));
    let reported = crawl["duration_ms"].as_u64().unwrap();
    assert!(reported >= 2_500 && Duration::from_millis(reported) <= took, "reported {reported} ms, took {took:?}");
    // The crawl's JSON keeps what happened as data (a message id and its values), in no language.
    assert!(crawl["sitemap"]["errors"].to_string().contains(r#""id":"sitemap-time-limit""#), "{}", crawl["sitemap"]);
    // A crawl-delay of 5 s with ten pages queued stops at the limit too.
    let slow = TestServer::start(|path| match path {
        "/robots.txt" => Reply::Page(200, "text/plain", b"User-agent: *\nCrawl-delay: 5\n".to_vec()),
        "/" => html(&(1..=10).map(|i| format!("<a href=\"/p{i}\">{i}</a>")).collect::<String>()),
        _ => html("<title>Page</title>"),
    });
    let started = Instant::now();
    let run = touchaudit(&["crawl", &slow.url("/"), "--max-time", "3", "--json", "d.json"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    let crawl = read_json(&dir.path().join("d.json"));
    assert!(crawl["notes"].to_string().contains("time_limit"), "{}", crawl["notes"]);
}

#[test]
fn nothing_outside_the_audited_site_is_fetched_robots_sitemaps_or_other_ports() {
    let other = TestServer::start(|path| match path {
        "/robots.txt" => {
            Reply::Page(200, "text/plain", b"User-agent: *\nDisallow: /\nSitemap: /elsewhere.xml\n".to_vec())
        }
        _ => html("<title>Another site</title>"),
    });
    let other_url = other.url("/");
    let site = TestServer::start(move |path| match path {
        "/robots.txt" => Reply::Redirect(301, format!("{other_url}robots.txt")),
        "/sitemap.xml" => Reply::Page(
            200,
            "application/xml",
            format!("<sitemapindex><sitemap><loc>{other_url}index-there.xml</loc></sitemap></sitemapindex>")
                .into_bytes(),
        ),
        "/" => html(&format!("<title>Home</title><a href=\"{other_url}page.html\">same host, other port</a>")),
        _ => not_found(),
    });
    let crawl = crawl_json(&site.url("/"), &[]);
    assert_eq!(crawl["pages_crawled"], 1, "the other port's page is not crawled");
    assert!(
        other.requests().is_empty(),
        "the other site got {:?}",
        other.requests().iter().map(|r| &r.path).collect::<Vec<_>>()
    );
    assert!(crawl["sitemap"]["errors"].to_string().contains(r#""id":"sitemap-off-site""#), "{}", crawl["sitemap"]);
}

#[test]
fn urls_taken_from_sitemaps_are_capped_so_memory_stays_bounded() {
    use std::io::Write;
    let urls: String = (0..60_000).map(|i| format!("<url><loc>/p{i}.html</loc></url>")).collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(format!("<urlset>{urls}</urlset>").as_bytes()).unwrap();
    let body = gz.finish().unwrap();
    let base = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let shared = base.clone();
    let server = TestServer::start(move |path| match path {
        "/robots.txt" => Reply::Page(200, "text/plain", b"User-agent: *\nSitemap: /sitemap.xml.gz\n".to_vec()),
        "/sitemap.xml.gz" => {
            let base = shared.lock().unwrap().clone();
            let text = String::from_utf8(flate2_decode(&body)).unwrap().replace("<loc>/", &format!("<loc>{base}"));
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(text.as_bytes()).unwrap();
            Reply::Page(200, "application/gzip", gz.finish().unwrap())
        }
        _ => html("<title>Page</title>"),
    });
    *base.lock().unwrap() = server.url("/");
    let crawl = crawl_json(&server.url("/"), &["--max-pages", "5"]);
    assert_eq!(crawl["sitemap"]["urls"].as_object().unwrap().len(), 10_000, "max(max_pages × 10, 10,000)");
    assert!(
        crawl["sitemap"]["errors"]
            .to_string()
            .contains(r#"{"args":{"max":10000.0,"skipped":50000.0},"id":"sitemap-url-limit"}"#),
        "{}",
        crawl["sitemap"]["errors"]
    );
}

fn flate2_decode(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

#[test]
fn crawl_json_page_records_carry_checks_keyed_by_lighthouse_audit_id() {
    let server = TestServer::start(|path| match path {
        "/" => html(
            r#"<html lang="en"><head><title>Shop</title><meta name="description" content="A shop"></head><body>
            <h1>Shop</h1><h3>Skipped a level</h3><a href="/a"><img src="/i.png"></a><button><svg></svg></button>
            <form><input placeholder="Your email"></form><a href="/a">Read more</a></body></html>"#,
        ),
        "/a" => html(
            r#"<html lang="en"><head><title>A page</title><meta name="robots" content="noindex"></head><body><h1>A</h1></body></html>"#,
        ),
        _ => not_found(),
    });
    let crawl = crawl_json(&server.url("/"), &[]);
    let checks = &page(&crawl, "/")["html"]["checks"];
    for (audit, verdict) in [
        ("document-title", "pass"),
        ("meta-description", "pass"),
        ("html-has-lang", "pass"),
        ("link-name", "fail"),
        ("button-name", "fail"),
        ("heading-order", "fail"),
        ("label", "pass"),
        ("link-text", "fail"),
        ("image-alt", "fail"),
        ("canonical", "not_applicable"),
        ("is-crawlable", "pass"),
        ("http-status-code", "pass"),
    ] {
        assert_eq!(checks[audit]["verdict"], verdict, "{audit}: {}", checks[audit]);
    }
    assert_eq!(page(&crawl, "/a")["html"]["checks"]["is-crawlable"]["verdict"], "fail");
}

/// The calibration corpus (`tests/fixtures/lighthouse/site/`) served on 127.0.0.1 as Lighthouse saw it
/// (`PORT` in a page is the server's own port), crawled by touchaudit, and each page's checks compared with
/// the verdicts Lighthouse recorded there (`bench/lighthouse-checks.sh` writes `verdicts.json`).
#[test]
fn page_checks_agree_with_lighthouse_on_the_calibration_corpus() {
    let fixtures = repo_root().join("tests/fixtures/lighthouse");
    let recorded = read_json(&fixtures.join("verdicts.json"));
    let port = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let seen_port = port.clone();
    let site = fixtures.join("site");
    let server = TestServer::start(move |path| {
        let name = if path == "/" { "index.html" } else { path.trim_start_matches('/') };
        match std::fs::read_to_string(site.join(name)) {
            Ok(text) if !name.contains("..") => html(&text.replace("PORT", &seen_port.lock().unwrap())),
            _ => not_found(),
        }
    });
    *port.lock().unwrap() = server.base.rsplit(':').next().unwrap().to_string();
    let crawl = crawl_json(&server.url("/index.html"), &["--max-pages", "200"]);
    let (mut compared, mut disagree) = (0, Vec::new());
    for (name, verdicts) in recorded["pages"].as_object().unwrap() {
        let ours = &page(&crawl, &format!("/{name}"))["html"]["checks"];
        for (audit, theirs) in verdicts.as_object().unwrap() {
            compared += 1;
            let mine = ours[audit.as_str()]["verdict"].as_str().unwrap_or("missing");
            if mine != theirs {
                disagree
                    .push(format!("{name} {audit}: Lighthouse {theirs}, touchaudit {mine} {}", ours[audit.as_str()]));
            }
        }
    }
    assert!(compared >= 600, "{compared} page × audit pairs");
    assert!(disagree.is_empty(), "{} of {compared} disagree:\n{}", disagree.len(), disagree.join("\n"));
}

/// The search touchpoints judge a page first as Lighthouse does (its `checks`): a `lang` that is no language
/// code fails `search.lang` by `html-lang-valid`, an empty title fails `search.titles` by `document-title`,
/// each named in the evidence as Lighthouse names it.
#[test]
fn search_touchpoints_use_the_lighthouse_verdicts_of_each_page() {
    let server = TestServer::start(|path| match path {
        "/" => html(
            r#"<html lang="en"><head><title>Corner Bakery: fresh bread every morning</title></head>
            <body><a href="/menu">Menu</a><a href="/about">About</a></body></html>"#,
        ),
        "/menu" => html(
            r#"<html lang="english"><head><title>Menu and prices of Corner Bakery</title></head><body>Bread</body></html>"#,
        ),
        "/about" => html(r#"<html lang="en"><head><title> </title></head><body>About</body></html>"#),
        _ => not_found(),
    });
    let audit = format!(
        "offline = \"offline.toml\"\n[business]\nname = \"Corner Bakery\"\nsite = \"{}\"\nas_of = 2026-11-01\n[crawl]\nrate_limit = false\n",
        server.url("/")
    );
    let (result, _) = run_audit(&audit, &[("offline.toml", OFFLINE)]);
    let lang = touchpoint(&result, "search.lang");
    assert_eq!(lang["measured"], 0.6667, "{lang}");
    assert!(lang.to_string().contains("html-lang-valid"), "{lang}");
    let titles = touchpoint(&result, "search.titles");
    assert!(titles.to_string().contains("document-title"), "{titles}");
}

/// Sitemap URLs that answer an error or redirect are findings of the sitemap touchpoint, which cannot pass
/// while it lists them.
#[test]
fn sitemap_urls_that_answer_404_or_redirect_are_findings_of_the_sitemap() {
    // Sitemaps name absolute URLs: the server learns its own address once it is listening.
    let base = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let known = base.clone();
    let site = TestServer::start(move |path| match path {
        "/sitemap.xml" => {
            let b = known.get().cloned().unwrap_or_default();
            let xml = format!(
                "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                 <url><loc>{b}</loc></url><url><loc>{b}about</loc></url><url><loc>{b}gone</loc></url>\
                 <url><loc>{b}old-prices</loc></url></urlset>"
            );
            Reply::Page(200, "application/xml", xml.into_bytes())
        }
        "/" => html(r#"<html lang="en"><title>Shop</title><a href="/about">About</a></html>"#),
        "/about" => html(r#"<html lang="en"><title>About</title><a href="/">Home</a></html>"#),
        "/old-prices" => Reply::Redirect(301, "/about".into()),
        _ => not_found(),
    });
    base.set(site.url("/")).unwrap();
    let (result, _) = audit_site(&site.url("/"), "");
    let sitemap = touchpoint(&result, "search.sitemap");
    assert_ne!(sitemap["status"], "pass", "{sitemap}");
    let evidence = sitemap["evidence"].to_string();
    assert!(evidence.contains("listed in the sitemap, answers 404"), "{evidence}");
    assert!(evidence.contains("listed in the sitemap, redirects to"), "{evidence}");
}

/// `href="wa.me/7…"` without a scheme is what its author meant as a messenger link, and a browser opens it
/// as a page of the site that does not exist: the report says exactly that, not "no messenger".
#[test]
fn messenger_and_social_links_without_a_scheme_are_named_as_broken() {
    let server = TestServer::start(|path| match path {
        "/" => html(
            r#"<html lang="ru"><title>Автосервис</title><a href="wa.me/79991234567">WhatsApp</a>
            <a href="www.instagram.com/garage21">Instagram</a><a href="/about">О нас</a></html>"#,
        ),
        "/about" => html(r#"<html lang="ru"><title>О нас</title></html>"#),
        _ => not_found(),
    });
    let (result, _) = audit_site(&server.url("/"), "");
    let chat = touchpoint(&result, "channels.chat");
    assert_eq!(chat["status"], "fail", "{chat}");
    assert_eq!(chat["measured_text"], "a messenger link without https:// leads nowhere", "{chat}");
    let evidence = chat["evidence"].to_string();
    assert!(
        evidence.contains("wa.me/79991234567 on") && evidence.contains("write https://wa.me/79991234567"),
        "{evidence}"
    );
    let social = touchpoint(&result, "channels.social_linked");
    assert!(social["evidence"].to_string().contains("write https://www.instagram.com/garage21"), "{social}");
    // And on the site it is a broken link, as a visitor finds it.
    let broken = touchpoint(&result, "website.broken_links");
    assert!(broken["evidence"].to_string().contains("wa.me/79991234567"), "{broken}");
}

/// A Cloudflare managed challenge as it is served: 403, `cf-mitigated: challenge`, the "Just a moment..." page.
pub(super) fn challenge() -> Reply {
    Reply::Headed(
        403,
        vec![
            "Content-Type: text/html; charset=UTF-8".into(),
            "Server: cloudflare".into(),
            "cf-mitigated: challenge".into(),
            "CF-RAY: 8f1c2a3b4c5d6e7f-AMS".into(),
        ],
        b"<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title></head><body><noscript>Enable \
          JavaScript and cookies to continue</noscript><script src=\"/cdn-cgi/challenge-platform/h/g/orchestrate/\
          chl_page/v1?ray=8f1c2a3b4c5d6e7f\"></script></body></html>"
            .to_vec(),
    )
}

#[test]
fn a_bot_challenge_is_blocked_not_broken_and_a_rate_limit_is_waited_for() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let busy = std::sync::Arc::new(AtomicUsize::new(0));
    let asked = busy.clone();
    let server = TestServer::start(move |path| match path {
        "/" => html(
            r#"<title>Shop</title><a href="/members.html">Members</a> <a href="/busy.html">Opening hours</a>
            <img src="/photo.jpg" alt="Shop"> <a href="/gone.html">Old page</a>"#,
        ),
        "/members.html" | "/photo.jpg" => challenge(),
        // Busy once, then the page: the crawler waits for the second asked of it.
        "/busy.html" if asked.fetch_add(1, Ordering::SeqCst) == 0 => Reply::Headed(
            429,
            vec!["Content-Type: text/html".into(), "Retry-After: 1".into()],
            b"<h1>Too Many Requests</h1>".to_vec(),
        ),
        "/busy.html" => html("<title>Hours</title><p>Open daily 9:00-18:00</p>"),
        _ => not_found(),
    });
    let crawl = crawl_json(&server.url("/"), &[]);
    let members = page(&crawl, "/members.html");
    assert_eq!((members["status"].as_u64(), &members["error"]["kind"]), (Some(403), &serde_json::json!("blocked")));
    assert!(members["error"]["message"].as_str().unwrap().contains("Cloudflare"), "{members}");
    assert_eq!(page(&crawl, "/busy.html")["status"], 200, "read after the wait");
    assert_eq!(server.requests().iter().filter(|r| r.path == "/busy.html").count(), 2, "asked twice");
    let broken: Vec<&str> =
        crawl["broken_links"].as_array().unwrap().iter().map(|b| b["to"].as_str().unwrap()).collect();
    assert_eq!(broken.len(), 1, "only the page that is gone is broken: {broken:?}");
    assert!(broken[0].ends_with("/gone.html"), "{broken:?}");
    let notes = crawl["notes"].as_array().unwrap();
    assert!(notes.contains(&serde_json::json!({"note": "blocked", "pages": 1, "links": 1})), "{notes:?}");
}

#[test]
fn a_site_whose_protection_refuses_the_crawler_is_not_assessed_rather_than_failed() {
    let server = TestServer::start(|_| challenge());
    // Offline scores, so that something is assessed and the report is written.
    let audit = format!(
        "offline = \"offline.toml\"\n[business]\nname = \"Test shop\"\nsite = \"{}\"\nas_of = 2026-11-01\n",
        server.url("/")
    );
    let (result, html) = run_audit(&audit, &[("offline.toml", OFFLINE)]);
    for id in ["website.reachable", "website.https", "search.titles"] {
        let tp = touchpoint(&result, id);
        assert_eq!(tp["status"], "not_assessed", "{id}: {tp}");
        let reason = tp["reason"].as_str().unwrap();
        assert!(reason.contains("protection refused the crawler") && reason.contains("Cloudflare"), "{reason}");
    }
    let said = html.find("protection refused the crawler").map(|at| &html[at..(at + 400).min(html.len())]);
    assert!(said.is_some_and(|s| s.contains("touchaudit user agent")), "the report says what to do: {said:?}");
}
