//! Sites as their visitors see them (#28): pages whose content scripts add, read in headless Chromium with the
//! crawl's politeness holding for every request the browser makes, and page speed measured in the browser.
//!
//! These need Chromium: without it they skip with one line (a failure under CI, as the other browser tests),
//! except the one that checks what an audit says when there is no browser.

use std::path::Path;
use std::process::Command;

use super::browser::chromium;
use super::server::{Reply, TestServer, html, not_found};
use super::*;

/// Runs touchaudit with the browser allowed (the other tests' runs set `TOUCHAUDIT_RENDER=never`), and the
/// extra environment given.
fn touchaudit_rendering(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_touchaudit"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("TOUCHAUDIT_RENDER")
        .envs(env.iter().copied())
        .output()
        .expect("the touchaudit binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn audit_rendering(site: &str, crawl: &str, env: &[(&str, &str)]) -> serde_json::Value {
    let audit = format!(
        "[business]\nname = \"Corner Bakery\"\nsite = \"{site}\"\nphone = \"+7 495 123-45-67\"\nas_of = 2026-11-01\n\
         [crawl]\nrate_limit = false\n{}{crawl}\n",
        if crawl.contains("speed_loads") { "" } else { "speed_loads = 1\n" }
    );
    let dir = scratch(&[("audit.toml", &audit)]);
    let run = touchaudit_rendering(&["run", "audit.toml", "-o", "out"], dir.path(), env);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    read_json(&dir.path().join("out/result.json"))
}

fn statuses(result: &serde_json::Value) -> Vec<(String, String)> {
    result["touchpoints"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["id"] != "website.speed")
        .map(|t| (t["id"].as_str().unwrap().to_string(), t["status"].as_str().unwrap().to_string()))
        .collect()
}

/// The bakery's home page content: contacts, a price list and a feedback form.
const CONTENT: &str = r#"<h1>Corner Bakery</h1>
<p>Fresh bread every morning since 1998. Call us on <a href="tel:+74951234567">+7 495 123-45-67</a> or write to
<a href="mailto:hello@corner.example">hello@corner.example</a>. Open Mo-Fr 08:00-19:00.</p>
<p>Address: 5 Lesnaya Street, Moscow</p>
<h2>Prices</h2><ul><li>Rye loaf - 120 ₽</li><li>Croissant - 90 ₽</li><li>Baguette - 110 ₽</li><li>Cake - 950 ₽</li></ul>
<form action="/feedback" method="post"><label for="n">Name</label><input id="n" name="name">
<label for="m">Message</label><textarea id="m" name="message"></textarea><button>Send</button></form>
<p><a href="/about.html">About us</a></p>"#;

const HEAD: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Corner Bakery</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="description" content="Bread and cakes baked every morning in Moscow."></head>"#;

fn plain_site() -> TestServer {
    TestServer::start(|path| match path {
        "/" => html(&format!("{HEAD}<body>{CONTENT}</body></html>")),
        "/about.html" => html(&format!("{HEAD}<body><h1>About</h1><p>A family bakery.</p></body></html>")),
        "/feedback" => Reply::Page(405, "text/plain", Vec::new()),
        _ => not_found(),
    })
}

/// The same site as a single-page app: an empty shell whose script adds the content after a data request.
fn script_site() -> TestServer {
    TestServer::start(|path| match path {
        "/" => html(&format!("{HEAD}<body><div id=\"app\"></div><script src=\"/app.js\"></script></body></html>")),
        "/app.js" => Reply::Page(
            200,
            "application/javascript",
            br#"fetch('/content.json').then(r => r.json()).then(c => {
                  document.getElementById('app').innerHTML = c.html;
                });"#
                .to_vec(),
        ),
        "/content.json" => {
            Reply::Page(200, "application/json", serde_json::json!({ "html": CONTENT }).to_string().into_bytes())
        }
        "/about.html" => html(&format!("{HEAD}<body><h1>About</h1><p>A family bakery.</p></body></html>")),
        "/feedback" => Reply::Page(405, "text/plain", Vec::new()),
        _ => not_found(),
    })
}

#[test]
fn with_chromium_render_auto_finds_the_contacts_prices_and_form_a_script_adds_as_in_plain_html() {
    let Some(_) = chromium() else { return };
    let (plain, scripted) = (plain_site(), script_site());
    let served = audit_rendering(&plain.url("/"), "", &[]);
    let rendered = audit_rendering(&scripted.url("/"), "", &[]);
    assert_eq!(statuses(&rendered), statuses(&served));
    for id in ["website.contacts", "website.feedback_form"] {
        assert_eq!(touchpoint(&rendered, id)["status"], "pass", "{}", touchpoint(&rendered, id));
    }
    // The page linked only from the rendered content was crawled too.
    assert!(scripted.requests().iter().any(|r| r.path == "/about.html"));
    // Without rendering, the shell alone: the contacts are missing.
    let unrendered = audit_rendering(&scripted.url("/"), "render = \"never\"", &[]);
    assert_ne!(touchpoint(&unrendered, "website.contacts")["status"], "pass");
}

#[test]
fn the_browser_keeps_to_robots_txt_the_rate_limit_and_the_site() {
    let Some(_) = chromium() else { return };
    let other = TestServer::start(|path| match path {
        "/widget.js" => Reply::Page(200, "application/javascript", b"window.widget = 1;".to_vec()),
        "/frame.html" => html("<p>another site's page</p>"),
        _ => not_found(),
    });
    let (widget, frame) = (other.url("/widget.js"), other.url("/frame.html"));
    let site = TestServer::start(move |path| match path {
        "/robots.txt" => Reply::Page(200, "text/plain", b"User-agent: *\nDisallow: /private/\n".to_vec()),
        "/" => html(&format!(
            "{HEAD}<body><div id=\"app\"></div><script src=\"{widget}\"></script><iframe src=\"{frame}\"></iframe>\
             <script>fetch('/private/data.json').catch(() => 0); \
             if (navigator.serviceWorker) navigator.serviceWorker.register('/sw.js').catch(() => 0); for (let i = 0; i < 6; i++) \
             {{ const img = new Image(); img.src = '/img' + i + '.png'; document.body.appendChild(img); }}\
             document.getElementById('app').innerHTML = '<h1>Hello</h1><p>' + 'Fresh bread. '.repeat(40) + '</p>';\
             </script></body></html>"
        )),
        _ => not_found(),
    });
    let dir = tempfile::tempdir().unwrap();
    let args = ["crawl", &site.url("/"), "--rps", "4", "--speed-pages", "0", "--json", "crawl.json"];
    let started = std::time::Instant::now();
    let run = touchaudit_rendering(&args, dir.path(), &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let seen = site.requests();
    assert!(seen.iter().all(|r| !r.path.starts_with("/private/")), "robots.txt disallows /private/: {seen:?}");
    // No service worker is started (its own requests would pass unseen by the crawl's rules).
    assert!(seen.iter().all(|r| r.path != "/sw.js"), "{seen:?}");
    // The browser's requests name touchaudit too.
    assert!(seen.iter().filter(|r| r.path.starts_with("/img")).all(|r| r.user_agent.contains("touchaudit/")));
    // Every request to the site, the browser's included, kept the rate limit of 4 a second: the last of n
    // cannot have come sooner than (n - 1) quarter seconds after the run began, however busy the machine (a
    // lower bound only; the browser's six images at once would come much sooner).
    // The browser loaded the six images (the crawler then checked each as a link target too).
    let images = seen.iter().filter(|r| r.path.starts_with("/img") && r.user_agent.contains("Chrome/")).count();
    assert_eq!(images, 6, "{seen:?}");
    let last = seen.iter().map(|r| r.at).max().unwrap();
    let least = std::time::Duration::from_millis(250) * u32::try_from(seen.len() - 1).unwrap();
    assert!(last - started >= least, "{} requests in {:?}: {seen:?}", seen.len(), last - started);
    // Off the site: the page's own script came, the other site's page in a frame did not.
    let elsewhere = other.requests();
    assert!(elsewhere.iter().any(|r| r.path == "/widget.js"), "{elsewhere:?}");
    assert!(elsewhere.iter().all(|r| r.path != "/frame.html"), "{elsewhere:?}");
    let crawl = read_json(&dir.path().join("crawl.json"));
    let home = &crawl["pages"].as_array().unwrap()[0];
    let refused = home["rendered"]["refused"].to_string();
    assert!(refused.contains("/private/data.json (robots.txt)") && refused.contains("/frame.html"), "{refused}");
}

#[test]
fn a_page_that_paints_after_3_s_is_not_fast_in_the_browser_and_a_plain_one_is() {
    let Some(_) = chromium() else { return };
    let late = TestServer::start(|path| match path {
        "/" => html(&format!(
            "{HEAD}<body><div id=\"app\"></div><script>setTimeout(() => {{ document.getElementById('app').innerHTML = \
             '<h1>Corner Bakery</h1><p>' + 'Fresh bread baked every morning, cakes to order. '.repeat(30) + '</p>'; \
             }}, 3000);</script></body></html>"
        )),
        _ => not_found(),
    });
    let (plain, late_result) = (plain_site(), audit_rendering(&late.url("/"), "speed_loads = 3", &[]));
    let plain_result = audit_rendering(&plain.url("/"), "speed_loads = 3", &[]);
    let slow = touchpoint(&late_result, "website.speed");
    let fast = touchpoint(&plain_result, "website.speed");
    assert_ne!(slow["status"], "pass", "{slow}");
    assert_eq!(fast["status"], "pass", "{fast}");
    let evidence = slow["evidence"].to_string();
    assert!(evidence.contains("LCP 3.") || evidence.contains("LCP 4.") || evidence.contains("LCP 5."), "{evidence}");
    assert!(evidence.contains("median of 3 loads"), "{evidence}");
}

#[test]
fn without_a_browser_auto_says_once_that_script_built_pages_were_judged_unrendered() {
    let site = script_site();
    let result = audit_rendering(&site.url("/"), "", &[("TOUCHAUDIT_CHROMIUM", "/nonexistent/chromium")]);
    let reachable = touchpoint(&result, "website.reachable");
    let evidence = reachable["evidence"].to_string();
    assert_eq!(evidence.matches("no browser was found to render").count(), 1, "{evidence}");
    let speed = touchpoint(&result, "website.speed");
    assert!(speed["evidence"].to_string().contains("server response times only"), "{speed}");
}

/// Processes whose command line holds `needle`, with their ids.
fn processes_with(needle: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let pid = entry.file_name().to_string_lossy().to_string();
        if !pid.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else { continue };
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        let zombie = std::fs::read_to_string(entry.path().join("stat"))
            .map(|s| s.rsplit_once(") ").is_some_and(|(_, rest)| rest.starts_with('Z') || rest.starts_with('X')))
            .unwrap_or(true);
        if cmdline.contains(needle) && !zombie {
            found.push((pid, cmdline));
        }
    }
    found
}

#[test]
fn a_run_stopped_while_the_browser_renders_stops_the_browser_and_removes_its_profile() {
    let Some(_) = chromium() else { return };
    // A page that never settles: it changes every 100 ms.
    let site = TestServer::start(|path| match path {
        "/" => html(&format!(
            "{HEAD}<body><p id=\"t\"></p><script>setInterval(() => {{ document.getElementById('t').textContent = \
             Date.now(); }}, 100);</script></body></html>"
        )),
        _ => not_found(),
    });
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut run = Command::new(env!("CARGO_BIN_EXE_touchaudit"))
        .args(["crawl", &site.url("/"), "--render-timeout", "120", "--speed-pages", "0"])
        .current_dir(dir.path())
        .env_remove("TOUCHAUDIT_RENDER")
        .env("TMPDIR", &tmp)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let marker = tmp.join("touchaudit-browser-").display().to_string();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    // The browser has loaded the page once the server has been asked for it twice (crawler, then browser).
    while site.requests().iter().filter(|r| r.path == "/").count() < 2 {
        assert!(std::time::Instant::now() < deadline, "the browser never loaded the page");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let browsers = processes_with(&marker);
    assert!(!browsers.is_empty(), "no browser runs with a profile in {marker}");
    assert!(Command::new("kill").args(["-TERM", &run.id().to_string()]).status().unwrap().success());
    let status = run.wait().unwrap();
    assert_eq!(status.code(), Some(143));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !processes_with(&marker).is_empty() {
        assert!(std::time::Instant::now() < deadline, "the browser outlived touchaudit: {browsers:?}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // (Chromium's own scratch, `org.chromium.Chromium.*`, is its to clean up.)
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|name| name.starts_with("touchaudit-"))
        .collect();
    assert!(left.is_empty(), "the browser's profile is left: {left:?}");
}

/// A site behind a JavaScript bot challenge, as CDNs serve one: every page answers the crawler with the
/// challenge (403, `cf-mitigated: challenge`); a browser runs the challenge's script, which comes back to the
/// page with a token (`passes`), or never does (`!passes`: the protection refuses browsers like ours too).
fn challenged_site(passes: bool) -> TestServer {
    TestServer::start(move |path| {
        let (page, query) = path.split_once('?').unwrap_or((path, ""));
        let solved = query.contains("__cf_chl_tk=ok");
        match page {
            "/robots.txt" => not_found(),
            "/" if solved => html(&format!("{HEAD}<body>{CONTENT}</body></html>")),
            "/about.html" if solved => {
                html(&format!("{HEAD}<body><h1>About</h1><p>A family bakery.</p></body></html>"))
            }
            "/feedback" => Reply::Page(405, "text/plain", Vec::new()),
            "/" | "/about.html" => {
                let Reply::Headed(status, headers, body) = super::crawl::challenge() else { unreachable!() };
                let solve = if passes {
                    "<script>setTimeout(() => location.replace(location.pathname + '?__cf_chl_tk=ok'), 300);</script>"
                } else {
                    ""
                };
                let body = String::from_utf8(body).unwrap().replace("</body>", &format!("{solve}</body>"));
                Reply::Headed(status, headers, body.into_bytes())
            }
            _ => not_found(),
        }
    })
}

#[test]
fn a_page_behind_a_bot_challenge_is_read_in_the_browser_as_a_visitor_sees_it() {
    let Some(_) = chromium() else { return };
    let (plain, challenged) = (plain_site(), challenged_site(true));
    let served = audit_rendering(&plain.url("/"), "", &[]);
    let passed = audit_rendering(&challenged.url("/"), "", &[]);
    for id in ["website.reachable", "website.contacts", "website.feedback_form", "website.broken_links"] {
        assert_eq!(touchpoint(&passed, id)["status"], touchpoint(&served, id)["status"], "{}", touchpoint(&passed, id));
    }
    assert_eq!(touchpoint(&passed, "website.contacts")["status"], "pass");
    let reachable = touchpoint(&passed, "website.reachable")["evidence"].to_string();
    assert!(reachable.contains("refused the crawler were read in the browser"), "{reachable}");
    // The page linked from the content was refused to the crawler and read in the browser too.
    let about = challenged.requests().iter().filter(|r| r.path == "/about.html?__cf_chl_tk=ok").count();
    assert!(about >= 1, "{:?}", challenged.requests());
}

#[test]
fn a_bot_challenge_that_refuses_the_browser_too_leaves_the_site_not_assessed_saying_so() {
    let Some(_) = chromium() else { return };
    let challenged = challenged_site(false);
    let audit = format!(
        "[business]\nname = \"Corner Bakery\"\nsite = \"{}\"\nas_of = 2026-11-01\n[crawl]\nrender_timeout_s = 3\n",
        challenged.url("/")
    );
    let dir = scratch(&[("audit.toml", &audit)]);
    let run = touchaudit_rendering(&["run", "audit.toml", "-o", "out"], dir.path(), &[]);
    // Nothing else to assess: no report, and the reason names what refused whom.
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("refused the crawler") && run.stderr.contains("and the browser too"), "{}", run.stderr);
    assert!(!dir.path().join("out").exists());
}
