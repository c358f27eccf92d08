//! Real-site fixtures (`tests/fixtures/realsites/`): small-business sites modelled on how Tilda, WordPress and
//! site builders publish them, in Russian, Ukrainian and English, each served on 127.0.0.1 and audited, every
//! website verdict held to the `truth.toml` a person wrote from reading the pages.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::server::{Reply, TestServer, not_found};
use super::{repo_root, touchaudit, touchpoint};

/// The audit date of every fixture.
const AS_OF: &str = "2026-11-01";

/// What a person read on the site.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Truth {
    site: SiteInfo,
    truth: Verdicts,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "builder and language document the fixture")]
struct SiteInfo {
    name: String,
    builder: String,
    language: String,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Verdicts {
    phone: bool,
    email: bool,
    address: bool,
    hours: bool,
    /// The date the prices are stated for, "undated", or "none" (no prices on the site).
    prices: String,
    /// The terms the site states (guarantee, refund, delivery).
    terms: Vec<String>,
    contact_form: bool,
    /// true, false, or "broken" (a messenger link that leads nowhere).
    messengers: toml::Value,
    social: bool,
    privacy_policy: bool,
    /// true, false, or "partial" (the entity or the number only).
    legal_details: toml::Value,
    reviews_on_site: bool,
    #[serde(default)]
    sitemap_errors: Option<usize>,
    /// Whether the listing's details agree with the site (with a listing export in `reviews/`).
    #[serde(default)]
    nap: Option<bool>,
}

/// Serves `site/` as its builder would: `/` is index.html, `htaccess` RewriteRule lines map aliases to files
/// (Tilda's export), `/dir/` is `dir/index.html`, `SITE` in a file is the server's own address.
fn serve(site: PathBuf) -> TestServer {
    let base = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let known = base.clone();
    let aliases: Vec<(String, String)> = std::fs::read_to_string(site.join("htaccess"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            (parts.next()? == "RewriteRule").then_some(())?;
            let from = parts.next()?.trim_start_matches('^').trim_end_matches('$');
            Some((format!("/{from}"), parts.next()?.to_string()))
        })
        .collect();
    let server = TestServer::start(move |path| {
        let path = path.split('?').next().unwrap_or("/");
        let name = match aliases.iter().find(|(alias, _)| alias == path) {
            Some((_, file)) => file.clone(),
            None if path.ends_with('/') => format!("{}index.html", path.trim_start_matches('/')),
            None => path.trim_start_matches('/').to_string(),
        };
        if name.contains("..") || name == "htaccess" {
            return not_found();
        }
        let Ok(bytes) = std::fs::read(site.join(&name)) else { return not_found() };
        let own = known.get().cloned().unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes).replace("SITE", own.trim_end_matches('/'));
        let kind = match Path::new(&name).extension().and_then(|e| e.to_str()) {
            Some("xml") => "application/xml",
            Some("txt") => "text/plain",
            _ => "text/html; charset=utf-8",
        };
        Reply::Page(200, kind, text.into_bytes())
    });
    base.set(server.url("/")).unwrap();
    server
}

fn message_ids(t: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    t["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["message"]["id"].as_str().unwrap_or("").to_string(), e["message"]["args"].clone()))
        .collect()
}

/// The verdicts the audit gave, one line each where it differs from the truth.
fn disagreements(name: &str, truth: &Verdicts, result: &serde_json::Value) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut check = |what: &str, person: String, audit: String, detail: &serde_json::Value| {
        if person != audit {
            wrong.push(format!("{name} {what}: a person reads {person}, the audit {audit}\n    {detail}"));
        }
    };
    let contacts = touchpoint(result, "website.contacts");
    let ids = message_ids(contacts);
    let found = |what: &str| {
        ids.iter().any(|(id, args)| {
            (id == "site-found-on" && args["what"]["args"]["what"] == what)
                || (what == "address" && (id == "site-address-on" || id == "site-map-on"))
        })
    };
    for (what, person) in [("phone", truth.phone), ("email", truth.email), ("address", truth.address)] {
        check(what, person.to_string(), found(what).to_string(), contacts);
    }
    let status = |id: &str| touchpoint(result, id)["status"].as_str().unwrap_or("").to_string();
    let hours = touchpoint(result, "website.opening_hours");
    check("hours", truth.hours.to_string(), (status("website.opening_hours") == "pass").to_string(), hours);
    let prices = touchpoint(result, "website.prices_current");
    let as_of = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
    let audit_prices = match prices["status"].as_str() {
        Some("not_assessed") if prices.to_string().contains("site-no-prices") => "none".to_string(),
        Some("not_assessed") => "undated".to_string(),
        _ => {
            let days = prices["measured"].as_f64().unwrap_or(-1.0) as i64;
            (as_of - chrono::Duration::days(days)).to_string()
        }
    };
    check("prices", truth.prices.clone(), audit_prices, prices);
    let terms = touchpoint(result, "website.terms");
    let mut stated: Vec<String> = message_ids(terms)
        .iter()
        .filter_map(|(id, args)| match id.as_str() {
            "site-term-section" => args["term"]["args"]["term"].as_str().map(str::to_string),
            _ => None,
        })
        .chain(terms["evidence"].as_array().unwrap().iter().filter_map(|e| {
            let join = e["message"]["join"].as_array()?;
            join[0]["args"]["term"].as_str().map(str::to_string)
        }))
        .collect();
    stated.sort();
    let mut expected = truth.terms.clone();
    expected.sort();
    check("terms", format!("{expected:?}"), format!("{stated:?}"), terms);
    let form = touchpoint(result, "website.feedback_form");
    check("contact form", truth.contact_form.to_string(), (form["measured"].as_f64() > Some(0.0)).to_string(), form);
    let chat = touchpoint(result, "channels.chat");
    let audit_chat = if chat["messages"]["measured_text"]["id"] == "site-messenger-broken" {
        "\"broken\"".to_string()
    } else {
        (chat["status"] == "pass").to_string()
    };
    check("messengers", truth.messengers.to_string(), audit_chat, chat);
    let social = touchpoint(result, "channels.social_linked");
    check("social", truth.social.to_string(), (social["measured"].as_f64() > Some(0.0)).to_string(), social);
    let privacy = touchpoint(result, "website.privacy_policy");
    check(
        "privacy policy",
        truth.privacy_policy.to_string(),
        (status("website.privacy_policy") == "pass").to_string(),
        privacy,
    );
    let legal = touchpoint(result, "website.legal_details");
    let audit_legal = match legal["status"].as_str() {
        Some("pass") => "true",
        Some("warn") => "\"partial\"",
        _ => "false",
    };
    check("legal details", truth.legal_details.to_string(), audit_legal.to_string(), legal);
    let reviews = touchpoint(result, "website.reviews_on_site");
    check(
        "reviews on site",
        truth.reviews_on_site.to_string(),
        (status("website.reviews_on_site") == "pass").to_string(),
        reviews,
    );
    if let Some(errors) = truth.sitemap_errors {
        let sitemap = touchpoint(result, "search.sitemap");
        let listed = sitemap["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["message"]["join"][1]["id"].as_str().is_some_and(|id| id.starts_with("site-sitemap-url")))
            .count();
        check("sitemap errors", errors.to_string(), listed.to_string(), sitemap);
    }
    if let Some(nap) = truth.nap {
        let table = touchpoint(result, "listings.nap");
        check("nap", nap.to_string(), (table["status"] == "pass").to_string(), table);
    }
    wrong
}

/// Audits one fixture: its site on a local server, its listing exports (`reviews/`) when it has them.
fn audit(dir: &Path, truth: &Truth) -> serde_json::Value {
    let server = serve(dir.join("site"));
    let mut audit = format!(
        "[business]\nname = {:?}\nsite = {:?}\nas_of = {AS_OF}\n\n[crawl]\nrate_limit = false\n",
        truth.site.name,
        server.url("/")
    );
    let reviews = dir.join("reviews");
    let mut exports: Vec<PathBuf> =
        std::fs::read_dir(&reviews).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    exports.sort();
    for export in &exports {
        let format = if export.extension().is_some_and(|e| e == "csv" || e == "json") { "apify" } else { "csv" };
        audit.push_str(&format!("\n[[reviews]]\nfile = {:?}\nformat = \"{format}\"\n", export.display().to_string()));
    }
    let scratch = tempfile::tempdir().unwrap();
    std::fs::write(scratch.path().join("audit.toml"), audit).unwrap();
    let run = touchaudit(&["run", "audit.toml", "-o", "out"], scratch.path());
    assert!(run.code == 0 || run.code == 1, "{}: {}\n{}", dir.display(), run.stdout, run.stderr);
    super::read_json(&scratch.path().join("out/result.json"))
}

#[test]
fn every_website_verdict_on_the_real_site_fixtures_agrees_with_a_persons_reading() {
    let root = repo_root().join("tests/fixtures/realsites");
    let mut sites: Vec<PathBuf> =
        std::fs::read_dir(&root).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    sites.sort();
    let mut wrong = Vec::new();
    let mut languages = std::collections::BTreeSet::new();
    for dir in &sites {
        let text = std::fs::read_to_string(dir.join("truth.toml")).unwrap();
        let truth: Truth = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        languages.insert(truth.site.language.clone());
        let result = audit(dir, &truth);
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        wrong.extend(disagreements(&name, &truth.truth, &result));
    }
    assert!(wrong.is_empty(), "{} verdicts disagree:\n{}", wrong.len(), wrong.join("\n"));
    assert!(sites.len() >= 12, "{} real-site fixtures", sites.len());
    assert_eq!(languages.into_iter().collect::<Vec<_>>(), ["en", "ru", "uk"]);
}
