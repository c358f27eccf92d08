//! Live review sources (#30) against 127.0.0.1 servers that speak each platform's API as documented: paging,
//! tokens, 429 with Retry-After, a 5xx then success, a reset, an expired access token, a malformed page. The
//! figures are checked against the same reviews given as an export file, the saved answers against a rerun
//! with `--from-sources`, and every output file for the credentials.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use crate::{read_json, scratch};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: String,
    /// Path and query.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    pub fn param(&self, name: &str) -> Option<String> {
        let query = self.target.split_once('?')?.1;
        url::form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
    }
}

/// What the server answers.
pub enum Resp {
    Json(u16, Vec<(String, String)>, String),
    /// The connection is closed without an answer.
    Reset,
}

fn ok(body: &Value) -> Resp {
    Resp::Json(200, Vec::new(), body.to_string())
}

pub struct ApiServer {
    pub base: String,
    pub seen: Arc<Mutex<Vec<Req>>>,
}

impl ApiServer {
    /// Starts a server answering with `route(request, how many requests came before)`.
    pub fn start(route: impl Fn(&Req, usize) -> Resp + Send + Sync + 'static) -> ApiServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen: Arc<Mutex<Vec<Req>>> = Arc::new(Mutex::new(Vec::new()));
        let route = Arc::new(route);
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (route, log) = (route.clone(), log.clone());
                std::thread::spawn(move || serve(stream, &*route, &log));
            }
        });
        ApiServer { base, seen }
    }

    pub fn requests(&self) -> Vec<Req> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, route: &(dyn Fn(&Req, usize) -> Resp + Send + Sync), log: &Mutex<Vec<Req>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("GET").to_string();
        let target = parts.next().unwrap_or("/").to_string();
        let mut headers = Vec::new();
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        let length: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request = Req { method, target, headers, body: String::from_utf8_lossy(&body).into_owned() };
        let before = {
            let mut log = log.lock().unwrap();
            log.push(request.clone());
            log.len() - 1
        };
        match route(&request, before) {
            Resp::Reset => return,
            Resp::Json(status, extra, body) => {
                let extra: String = extra.iter().map(|(n, v)| format!("{n}: {v}\r\n")).collect();
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\n\r\n",
                    body.len()
                );
                if stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(body.as_bytes())).is_err() {
                    return;
                }
            }
        }
    }
}

/// A deterministic set of reviews: stars, dates, a reply to most, a slow reply to some, none to a few.
pub struct Review {
    pub id: String,
    pub author: String,
    pub stars: u8,
    pub text: String,
    /// Days before 2026-11-30.
    pub age_days: i64,
    pub reply_after_hours: Option<i64>,
}

pub fn reviews(count: usize, seed: u64) -> Vec<Review> {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = move |n: u64| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    let texts = [
        "The staff were friendly and the work was done on time.",
        "We waited forty minutes past the appointment and nobody said why.",
        "Prices went up again and the bill had charges nobody explained.",
        "Clean, calm and quick. Will come back.",
        "The receptionist was rude on the phone.",
        "Good, but parking is impossible.",
    ];
    (0..count)
        .map(|i| {
            let stars = [5, 5, 4, 5, 1, 3, 2, 5, 4, 1][next(10) as usize];
            Review {
                id: format!("r{seed}-{i:04}"),
                author: format!("Customer {i}"),
                stars,
                text: texts[next(texts.len() as u64) as usize].to_string(),
                age_days: (i as i64 * 3) % 400,
                reply_after_hours: match next(5) {
                    0 => None,
                    1 => Some(100),
                    _ => Some(6 + next(30) as i64),
                },
            }
        })
        .collect()
}

fn at(review: &Review, hours_after: i64) -> chrono::DateTime<chrono::Utc> {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap() - chrono::Duration::days(review.age_days);
    day.and_hms_opt(10, 0, 0).unwrap().and_utc() + chrono::Duration::hours(hours_after)
}

/// Apify's Google Maps reviews scraper item.
pub fn apify_item(r: &Review) -> Value {
    let date = |h| at(r, h).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    json!({
        "reviewId": r.id, "name": r.author, "stars": r.stars, "text": r.text,
        "publishedAtDate": date(0),
        "reviewUrl": format!("https://www.google.com/maps/reviews/{}", r.id),
        "responseFromOwnerText": r.reply_after_hours.map(|_| "Thank you for telling us."),
        "responseFromOwnerDate": r.reply_after_hours.map(date),
        "title": "Harbour Dental", "address": "14 Harbour Street, Springfield", "totalScore": 4.1, "reviewsCount": 420,
    })
}

/// A Business Profile API review.
pub fn gbp_review(r: &Review) -> Value {
    let words = ["", "ONE", "TWO", "THREE", "FOUR", "FIVE"];
    let date = |h| at(r, h).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut review = json!({
        "name": format!("accounts/11/locations/22/reviews/{}", r.id), "reviewId": r.id,
        "reviewer": {"displayName": r.author}, "starRating": words[r.stars as usize],
        "comment": r.text, "createTime": date(0), "updateTime": date(0),
    });
    if let Some(h) = r.reply_after_hours {
        review["reviewReply"] = json!({"comment": "Thank you for telling us.", "updateTime": date(h)});
    }
    review
}

/// An Outscraper Maps reviews record.
pub fn outscraper_review(r: &Review) -> Value {
    let date = |h: i64| at(r, h).format("%m/%d/%Y %H:%M:%S").to_string();
    json!({
        "review_id": r.id, "author_title": r.author, "review_rating": r.stars, "review_text": r.text,
        "review_datetime_utc": date(0),
        "owner_answer": r.reply_after_hours.map(|_| "Thank you for telling us."),
        "owner_answer_timestamp_datetime_utc": r.reply_after_hours.map(date),
    })
}

/// A 2GIS public reviews API review.
pub fn twogis_review(r: &Review) -> Value {
    let date = |h| at(r, h).format("%Y-%m-%dT%H:%M:%S%.6f+07:00").to_string();
    json!({
        "id": r.id, "rating": r.stars, "text": r.text, "date_created": date(0), "date_edited": null,
        "is_hidden": false, "user": {"name": r.author},
        "official_answer": r.reply_after_hours.map(|h| json!({"text": "Спасибо за отзыв.", "date_created": date(h)})),
    })
}

pub const AUDIT_HEAD: &str = "[business]\nname = \"Harbour Dental\"\nas_of = 2026-12-01\n\n";

/// Runs touchaudit with `env` (and no live credential of the machine's own).
pub fn run_with_env(args: &[&str], cwd: &Path, env: &[(&str, String)]) -> crate::Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_touchaudit"));
    for var in [
        "APIFY_TOKEN",
        "GOOGLE_CLIENT_ID",
        "GOOGLE_CLIENT_SECRET",
        "GBP_REFRESH_TOKEN",
        "OUTSCRAPER_API_KEY",
        "DGIS_API_KEY",
        "TOUCHAUDIT_APIFY_URL",
        "TOUCHAUDIT_GBP_URL",
        "TOUCHAUDIT_GOOGLE_TOKEN_URL",
        "TOUCHAUDIT_OUTSCRAPER_URL",
        "TOUCHAUDIT_2GIS_URL",
    ] {
        command.env_remove(var);
    }
    let output = command
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("TOUCHAUDIT_RENDER", "never")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .expect("the touchaudit binary runs");
    crate::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The parts of a result that come from the reviews: the reputation summary and the reputation touchpoints.
pub fn review_figures(result: &Value) -> Value {
    let touchpoints: Vec<Value> = result["touchpoints"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["area"] == "reputation" || t["id"].as_str().is_some_and(|id| id.starts_with("reviews.")))
        .map(|t| json!({"id": t["id"], "status": t["status"], "measured": t["measured"], "score": t["score"]}))
        .collect();
    let mut reputation = result["reputation"].clone();
    // The source's own name differs (a file, a live source); its figures must not.
    strip(&mut reputation, &["location", "source", "file", "link", "url"]);
    json!({"reputation": reputation, "touchpoints": touchpoints})
}

fn strip(value: &mut Value, keys: &[&str]) {
    match value {
        Value::Object(map) => {
            map.retain(|k, _| !keys.contains(&k.as_str()));
            map.values_mut().for_each(|v| strip(v, keys));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| strip(v, keys)),
        _ => {}
    }
}

/// Every file under `dir`, gunzipped where it is gzip, as text.
pub fn all_output_text(dir: &Path) -> String {
    let mut text = String::new();
    for entry in walk(dir) {
        let bytes = std::fs::read(&entry).unwrap();
        if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut out = String::new();
            flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut out).unwrap();
            text.push_str(&out);
        } else {
            text.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    text
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

/// Runs `file/audit.toml` (the export) and `live/audit.toml` (the live source, with `env`) under `dir`, checks
/// that their review figures are equal and returns the live run's result.
fn file_and_live(dir: &Path, env: &[(&str, String)]) -> Value {
    let file = run_with_env(&["run", "audit.toml", "-o", "out"], &dir.join("file"), &[]);
    assert_eq!(file.code, 0, "{}", file.stderr);
    let live = run_with_env(&["run", "audit.toml", "-o", "out"], &dir.join("live"), env);
    assert_eq!(live.code, 0, "{}{}", live.stdout, live.stderr);
    let live_result = read_json(&dir.join("live/out/result.json"));
    assert_eq!(review_figures(&read_json(&dir.join("file/out/result.json"))), review_figures(&live_result));
    live_result
}

/// The same 2GIS reviews as a saved file (pages of 50 with `meta`) and read live from `server` with a key:
/// the scratch folder and the live run's result, whose review figures equal the file's ([`file_and_live`]).
fn twogis_file_and_live(all: &[Value], meta: &Value, server: &ApiServer) -> (tempfile::TempDir, Value) {
    let pages: Vec<String> = all.chunks(50).map(|c| json!({"meta": meta, "reviews": c}).to_string()).collect();
    let dir = scratch(&[
        ("file/audit.toml", &format!("{AUDIT_HEAD}[[reviews]]\nformat = \"2gis\"\nfile = \"g.json\"\n")),
        ("file/g.json", &pages.join("\n")),
        ("live/audit.toml", &format!("{AUDIT_HEAD}[[reviews]]\nsource = \"2gis\"\nbranch = \"70000001012345678\"\n")),
    ]);
    let env = [("DGIS_API_KEY", "dgis-KEY-9".to_string()), ("TOUCHAUDIT_2GIS_URL", server.base.clone())];
    let live = file_and_live(dir.path(), &env);
    (dir, live)
}

/// The result without what the clock gives.
pub fn timeless(mut result: Value) -> Value {
    strip(&mut result, &["generated_at", "duration_ms", "crawl_ms", "fetched_at"]);
    result
}

/// An Apify server: the dataset items of a task's last successful run, paged by the server at `page` items
/// whatever `limit` asks (the total in `X-Apify-Pagination-Total`), with a 429 (Retry-After), a 500 and a
/// reset on the way.
fn apify_server(items: Vec<Value>, token: &'static str, page: usize) -> ApiServer {
    let faults = Mutex::new(vec!["429", "500", "reset"]);
    ApiServer::start(move |req, _| {
        if req.header("authorization") != Some(&format!("Bearer {token}")) {
            return Resp::Json(
                401,
                Vec::new(),
                json!({"error": {"type": "token-not-valid", "message": "Authentication token is not valid."}})
                    .to_string(),
            );
        }
        if req.path() != "/v2/actor-tasks/janedoe~dentist-reviews/runs/last/dataset/items"
            || req.param("status").as_deref() != Some("SUCCEEDED")
        {
            return Resp::Json(
                404,
                Vec::new(),
                json!({"error": {"type": "record-not-found", "message": "Actor task was not found"}}).to_string(),
            );
        }
        let offset: usize = req.param("offset").and_then(|o| o.parse().ok()).unwrap_or(0);
        let limit: usize = req.param("limit").and_then(|l| l.parse().ok()).unwrap_or(usize::MAX);
        if offset > 0 {
            let fault = faults.lock().unwrap().pop();
            match fault {
                Some("reset") => return Resp::Reset,
                Some("500") => {
                    return Resp::Json(500, Vec::new(), json!({"error": {"message": "internal"}}).to_string());
                }
                Some(_) => {
                    return Resp::Json(429, vec![("Retry-After".into(), "1".into())], json!({"error": {"type": "rate-limit-exceeded", "message": "You have exceeded the rate limit."}}).to_string());
                }
                None => {}
            }
        }
        let end = (offset + limit.min(page)).min(items.len());
        let slice: Vec<&Value> = items[offset.min(items.len())..end].iter().collect();
        let headers = vec![
            ("X-Apify-Pagination-Total".to_string(), items.len().to_string()),
            ("X-Apify-Pagination-Offset".to_string(), offset.to_string()),
            ("X-Apify-Pagination-Count".to_string(), slice.len().to_string()),
        ];
        Resp::Json(200, headers, serde_json::to_string(&slice).unwrap())
    })
}

#[test]
fn apify_task_read_live_equals_the_same_items_read_from_a_file_and_reruns_offline_from_what_it_kept() {
    let token = "apify_api_SECRETtoken123";
    let items: Vec<Value> = reviews(230, 1).iter().map(apify_item).collect();
    let server = apify_server(items.clone(), token, 100);
    let file_audit = format!("{AUDIT_HEAD}[[reviews]]\nformat = \"apify\"\nfile = \"apify.json\"\n");
    let live_audit = format!("{AUDIT_HEAD}[[reviews]]\nsource = \"apify\"\ntask = \"janedoe/dentist-reviews\"\n");
    let dir = scratch(&[
        ("file/audit.toml", &file_audit),
        ("file/apify.json", &serde_json::to_string(&items).unwrap()),
        ("live/audit.toml", &live_audit),
    ]);
    let env = [("APIFY_TOKEN", token.to_string()), ("TOUCHAUDIT_APIFY_URL", server.base.clone())];
    let live_result = file_and_live(dir.path(), &env);

    // Every item read once: three pages of 100, 100 and 30, and the page after the first tried again after a
    // 429 (after its Retry-After), a 500 and a reset.
    let requests = server.requests();
    let offsets: Vec<String> = requests.iter().filter_map(|r| r.param("offset")).collect();
    assert_eq!(offsets, ["0", "100", "100", "100", "100", "200"], "{requests:?}");
    assert_eq!(live_result["reputation"]["reviews"]["count"], 230);

    // The answers are kept, without the token; a rerun from them, offline, gives the same result.
    let kept = dir.path().join("live/out/sources");
    assert!(kept.join("index.json").is_file());
    assert!(kept.join("apify-task-janedoe-dentist-reviews.json.gz").is_file());
    let everything = all_output_text(&dir.path().join("live/out"));
    assert!(!everything.contains(token), "the token is in an output file");
    assert!(everything.contains("Customer 229"), "the saved answers hold the reviews");
    let before = server.requests().len();
    let rerun =
        run_with_env(&["run", "audit.toml", "-o", "again", "--from-sources", "out"], &dir.path().join("live"), &[]);
    assert_eq!(rerun.code, 0, "{}", rerun.stderr);
    assert_eq!(server.requests().len(), before, "the rerun asked the API");
    let again = read_json(&dir.path().join("live/again/result.json"));
    crate::assert_same_json(&timeless(live_result), &timeless(again));
}

#[test]
fn a_live_source_without_its_credential_or_refused_fails_by_name_and_the_audit_goes_on() {
    let server = apify_server(reviews(5, 2).iter().map(apify_item).collect(), "right-token-xyz", 100);
    let audit = format!(
        "{AUDIT_HEAD}[[reviews]]\nsource = \"apify\"\ntask = \"janedoe~dentist-reviews\"\n\n[[reviews]]\nformat = \"gbp\"\nfile = \"gbp.json\"\n"
    );
    let page = json!({"reviews": reviews(4, 3).iter().map(gbp_review).collect::<Vec<_>>(), "averageRating": 4.2, "totalReviewCount": 4});
    let dir = scratch(&[("audit.toml", &audit), ("gbp.json", &page.to_string())]);
    let base = ("TOUCHAUDIT_APIFY_URL", server.base.clone());
    let missing = run_with_env(&["run", "audit.toml", "-o", "out"], dir.path(), std::slice::from_ref(&base));
    assert_eq!(missing.code, 0, "{}", missing.stderr);
    let result = read_json(&dir.path().join("out/result.json"));
    let text = result.to_string();
    assert!(text.contains("APIFY_TOKEN is not set"), "{text}");
    assert!(text.contains("API & Integrations"), "says where the token is: {text}");
    let wrong = run_with_env(
        &["run", "audit.toml", "-o", "out2"],
        dir.path(),
        &[base, ("APIFY_TOKEN", "wrong-token-abc".into())],
    );
    assert_eq!(wrong.code, 0, "{}", wrong.stderr);
    let text = read_json(&dir.path().join("out2/result.json")).to_string();
    assert!(text.contains("refused the credential (401: Authentication token is not valid.)"), "{text}");
    assert!(text.contains("check APIFY_TOKEN"), "{text}");
    assert!(!all_output_text(&dir.path().join("out2")).contains("wrong-token-abc"));
}

#[test]
fn plain_http_is_refused_for_anything_but_the_loopback() {
    let audit = format!("{AUDIT_HEAD}[[reviews]]\nsource = \"2gis\"\nbranch = \"70000001012345678\"\n");
    let dir = scratch(&[("audit.toml", &audit)]);
    let env =
        [("DGIS_API_KEY", "k-123456".to_string()), ("TOUCHAUDIT_2GIS_URL", "http://reviews.example.com".to_string())];
    let run = run_with_env(&["validate", "--online", "audit.toml"], dir.path(), &env);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("HTTPS only"), "{}", run.stderr);
}

/// A Business Profile location as the Business Information API returns it.
fn gbp_location() -> Value {
    json!({
        "name": "locations/22", "title": "Harbour Dental",
        "storefrontAddress": {"addressLines": ["14 Harbour Street"], "locality": "Springfield", "postalCode": "62701"},
        "phoneNumbers": {"primaryPhone": "+1 555-0100"}, "websiteUri": "https://harbourdental.example/",
        "categories": {"primaryCategory": {"displayName": "Dentist"}},
        "profile": {"description": "A family dental practice."},
        "metadata": {"hasPendingEdits": false}
    })
}

#[test]
fn business_profile_reviews_through_oauth_with_an_expiring_token_equal_the_export_and_keep_no_secret() {
    let all = reviews(120, 4);
    let pages: Vec<Value> = all
        .chunks(50)
        .enumerate()
        .map(|(i, chunk)| {
            let mut page = json!({
                "reviews": chunk.iter().map(gbp_review).collect::<Vec<_>>(),
                "averageRating": 4.1, "totalReviewCount": 120
            });
            if (i + 1) * 50 < all.len() {
                page["nextPageToken"] = json!(format!("page{}", i + 2));
            }
            page
        })
        .collect();
    let served = pages.clone();
    let issued = Mutex::new(0);
    let too_many = || {
        Resp::Json(429, vec![("Retry-After".into(), "1".into())], json!({"error": {"code": 429, "message": "Quota exceeded for quota metric 'Requests'.", "status": "RESOURCE_EXHAUSTED"}}).to_string())
    };
    let faults = Mutex::new(vec![Resp::Reset, too_many()]);
    let server = ApiServer::start(move |req, _| {
        if req.path() == "/token" && req.method == "POST" {
            let form: Vec<(String, String)> = url::form_urlencoded::parse(req.body.as_bytes()).into_owned().collect();
            let has = |k: &str, v: &str| form.iter().any(|(a, b)| a == k && b == v);
            if !(has("grant_type", "refresh_token")
                && has("refresh_token", "1//refresh-SECRET")
                && has("client_secret", "client-SECRET"))
            {
                return Resp::Json(
                    400,
                    Vec::new(),
                    json!({"error": "invalid_grant", "error_description": "Bad Request"}).to_string(),
                );
            }
            let mut n = issued.lock().unwrap();
            *n += 1;
            return Resp::Json(200, Vec::new(), json!({"access_token": format!("ya29.access-{n}"), "expires_in": 3599, "token_type": "Bearer", "scope": "https://www.googleapis.com/auth/business.manage"}).to_string());
        }
        let token = req.header("authorization").unwrap_or("").trim_start_matches("Bearer ").to_string();
        // The first token expires after two calls: the API answers 401 as Google does.
        let expired = token == "ya29.access-1" && req.param("pageToken").is_some();
        if !token.starts_with("ya29.access-") || expired {
            let error = json!({"error": {"code": 401, "message": "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.", "status": "UNAUTHENTICATED"}});
            return Resp::Json(
                401,
                vec![(
                    "WWW-Authenticate".into(),
                    "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"".into(),
                )],
                error.to_string(),
            );
        }
        match req.path() {
            "/v1/locations/22" if req.param("readMask").is_some_and(|m| m.contains("storefrontAddress")) => {
                ok(&gbp_location())
            }
            "/v4/accounts/11/locations/22/reviews" => {
                // A 429 with Retry-After, then a reset, on the way to the last page.
                if req.param("pageToken").as_deref() == Some("page3") {
                    let mut faults = faults.lock().unwrap();
                    if let Some(fault) = faults.pop() {
                        return fault;
                    }
                }
                let index = match req.param("pageToken") {
                    None => 0,
                    Some(t) => t.trim_start_matches("page").parse::<usize>().unwrap() - 1,
                };
                ok(&served[index])
            }
            _ => Resp::Json(
                404,
                Vec::new(),
                json!({"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}})
                    .to_string(),
            ),
        }
    });
    let file_text = std::iter::once(gbp_location()).chain(pages).map(|v| v.to_string()).collect::<Vec<_>>().join("\n");
    let dir = scratch(&[
        ("file/audit.toml", &format!("{AUDIT_HEAD}[[reviews]]\nformat = \"gbp\"\nfile = \"gbp.json\"\n")),
        ("file/gbp.json", &file_text),
        (
            "live/audit.toml",
            &format!("{AUDIT_HEAD}[[reviews]]\nsource = \"gbp\"\nlocation = \"accounts/11/locations/22\"\n"),
        ),
    ]);
    let env = [
        ("GOOGLE_CLIENT_ID", "123-abc.apps.googleusercontent.com".to_string()),
        ("GOOGLE_CLIENT_SECRET", "client-SECRET".to_string()),
        ("GBP_REFRESH_TOKEN", "1//refresh-SECRET".to_string()),
        ("TOUCHAUDIT_GBP_URL", server.base.clone()),
        ("TOUCHAUDIT_GOOGLE_TOKEN_URL", format!("{}/token", server.base)),
    ];
    let live_result = file_and_live(dir.path(), &env);
    assert_eq!(live_result["reputation"]["reviews"]["count"], 120);
    // The second page met the expired token, a new one was got, and the page read once.
    let requests = server.requests();
    let tokens = requests.iter().filter(|r| r.path() == "/token").count();
    assert_eq!(tokens, 2, "{requests:?}");
    let page2 = requests.iter().filter(|r| r.param("pageToken").as_deref() == Some("page2")).count();
    assert_eq!(page2, 2, "page 2 is asked again with the new token only");
    let page3 = requests.iter().filter(|r| r.param("pageToken").as_deref() == Some("page3")).count();
    assert_eq!(page3, 3, "page 3 after its 429 and its reset");
    // The rerun from the saved answers asks nothing and gives the same result.
    let before = server.requests().len();
    let rerun = run_with_env(
        &["run", "audit.toml", "-o", "again", "--from-sources", "out/sources"],
        &dir.path().join("live"),
        &[],
    );
    assert_eq!(rerun.code, 0, "{}", rerun.stderr);
    assert_eq!(server.requests().len(), before);
    let again = read_json(&dir.path().join("live/again/result.json"));
    crate::assert_same_json(&timeless(live_result.clone()), &timeless(again));
    let everything = all_output_text(&dir.path().join("live/out"));
    for secret in ["client-SECRET", "1//refresh-SECRET", "ya29.access-1", "ya29.access-2"] {
        assert!(!everything.contains(secret), "{secret} is in an output file");
    }
    // `validate --online` checks the same credentials without running the audit.
    let check = run_with_env(&["validate", "--online", "audit.toml"], &dir.path().join("live"), &env);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stdout.contains("gbp location accounts/11/locations/22: reachable, credentials accepted"),
        "{}",
        check.stdout
    );
    let mut wrong = env.clone();
    wrong[2].1 = "1//revoked".into();
    let check = run_with_env(&["validate", "--online", "audit.toml"], &dir.path().join("live"), &wrong);
    assert_ne!(check.code, 0);
    assert!(check.stderr.contains("Google refused the refresh token (invalid_grant: Bad Request)"), "{}", check.stderr);
    assert!(!check.stderr.contains("1//revoked"));
}

#[test]
fn outscraper_asynchronous_request_is_polled_until_done_and_equals_the_export() {
    let place = json!({
        "name": "Harbour Dental", "full_address": "14 Harbour Street, Springfield", "rating": 4.1, "reviews": 64,
        "reviews_data": reviews(64, 5).iter().map(outscraper_review).collect::<Vec<_>>()
    });
    let served = place.clone();
    let server = ApiServer::start(move |req, _| {
        if req.header("x-api-key") != Some("outscraper-KEY-1") {
            return Resp::Json(401, Vec::new(), json!({"error": true, "errorMessage": "Invalid API key"}).to_string());
        }
        match req.path() {
            "/maps/reviews-v3" if req.param("query").as_deref() == Some("Harbour Dental, Springfield") => ok(
                &json!({"id": "job-7", "status": "Pending", "results_location": "https://api.app.outscraper.com/requests/job-7"}),
            ),
            "/requests/job-7" => {
                let polls = POLLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if polls == 0 {
                    ok(&json!({"id": "job-7", "status": "Pending", "data": null}))
                } else {
                    ok(&json!({"id": "job-7", "status": "Success", "data": [[served]]}))
                }
            }
            _ => Resp::Json(404, Vec::new(), json!({"error": true, "errorMessage": "Not found"}).to_string()),
        }
    });
    static POLLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let dir = scratch(&[
        ("file/audit.toml", &format!("{AUDIT_HEAD}[[reviews]]\nformat = \"outscraper\"\nfile = \"o.json\"\n")),
        ("file/o.json", &json!([place]).to_string()),
        (
            "live/audit.toml",
            &format!("{AUDIT_HEAD}[[reviews]]\nsource = \"outscraper\"\nquery = \"Harbour Dental, Springfield\"\n"),
        ),
    ]);
    let env =
        [("OUTSCRAPER_API_KEY", "outscraper-KEY-1".to_string()), ("TOUCHAUDIT_OUTSCRAPER_URL", server.base.clone())];
    let live_result = file_and_live(dir.path(), &env);
    assert_eq!(live_result["reputation"]["reviews"]["count"], 64);
    let polls: Vec<String> = server.requests().iter().map(|r| r.path().to_string()).collect();
    assert_eq!(polls, ["/maps/reviews-v3", "/requests/job-7", "/requests/job-7"]);
    assert!(!all_output_text(&dir.path().join("live/out")).contains("outscraper-KEY-1"));
}

/// A 2GIS server: pages of `page` reviews linked by `meta.next_link` (on 2GIS's own host, with the key), the
/// key checked; `broken` pages answer with a page that is not the API's.
fn twogis_server(all: Vec<Value>, page: usize, broken: Option<usize>) -> ApiServer {
    ApiServer::start(move |req, _| {
        if req.param("key").as_deref() != Some("dgis-KEY-9") {
            return Resp::Json(
                403,
                Vec::new(),
                json!({"meta": {"code": 403, "error": {"type": "keyError", "message": "Key is invalid"}}}).to_string(),
            );
        }
        let start: usize = req.param("offset").and_then(|o| o.parse().ok()).unwrap_or(0);
        if broken == Some(start) {
            return Resp::Json(200, Vec::new(), "<html><body>Service temporarily unavailable</body></html>".into());
        }
        let end = (start + page).min(all.len());
        let mut meta =
            json!({"code": 200, "branch_rating": 4.3, "branch_reviews_count": all.len(), "total_count": all.len()});
        if end < all.len() {
            meta["next_link"] = json!(format!(
                "https://public-api.reviews.2gis.com/2.0/branches/70000001012345678/reviews?limit={page}&offset={end}&key=dgis-KEY-9"
            ));
        }
        ok(&json!({"meta": meta, "reviews": all[start..end]}))
    })
}

#[test]
fn twogis_pages_follow_next_link_on_the_configured_host_and_a_malformed_page_fails_the_source_by_name() {
    let all: Vec<Value> = reviews(130, 6).iter().map(twogis_review).collect();
    let server = twogis_server(all.clone(), 50, None);
    let meta = json!({"code": 200, "branch_rating": 4.3, "branch_reviews_count": 130});
    let (dir, live_result) = twogis_file_and_live(&all, &meta, &server);
    assert_eq!(live_result["reputation"]["reviews"]["count"], 130);
    assert_eq!(server.requests().len(), 3, "every page read once, all on the test server");
    let kept = all_output_text(&dir.path().join("live/out/sources"));
    assert!(!kept.contains("dgis-KEY-9") && kept.contains("offset=100"), "the key is kept out of the saved URLs");

    // A page that is not the API's fails the source with the reason; it is not read as "no reviews".
    let broken = twogis_server(all, 50, Some(50));
    let audit = format!(
        "{AUDIT_HEAD}[[reviews]]\nsource = \"2gis\"\nbranch = \"70000001012345678\"\n\n[[reviews]]\nformat = \"gbp\"\nfile = \"gbp.json\"\n"
    );
    let gbp = json!({"reviews": reviews(3, 7).iter().map(gbp_review).collect::<Vec<_>>()});
    let dir = scratch(&[("audit.toml", &audit), ("gbp.json", &gbp.to_string())]);
    let env = [("DGIS_API_KEY", "dgis-KEY-9".to_string()), ("TOUCHAUDIT_2GIS_URL", broken.base.clone())];
    let run = run_with_env(&["run", "audit.toml", "-o", "out"], dir.path(), &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let result = read_json(&dir.path().join("out/result.json"));
    let text = result.to_string();
    assert!(text.contains("the answer to") && text.contains("is not what the API documents"), "{text}");
    assert_eq!(result["reputation"]["reviews"]["count"], 3, "the other source still counts");
}

#[test]
fn an_apify_dataset_served_in_capped_pages_without_a_total_is_read_to_its_end() {
    let items: Vec<Value> = reviews(230, 9).iter().map(apify_item).collect();
    let served = items.clone();
    let server = ApiServer::start(move |req, _| {
        if req.path() != "/v2/datasets/d4t4s3t/items" {
            return Resp::Json(
                404,
                Vec::new(),
                json!({"error": {"type": "record-not-found", "message": "Dataset was not found"}}).to_string(),
            );
        }
        // This server pages at 70 items whatever `limit` asks, and states no total.
        let offset: usize = req.param("offset").and_then(|o| o.parse().ok()).unwrap_or(0);
        let end = (offset + 70).min(served.len());
        ok(&json!(served[offset.min(served.len())..end]))
    });
    let dir = scratch(&[
        ("file/audit.toml", &format!("{AUDIT_HEAD}[[reviews]]\nformat = \"apify\"\nfile = \"apify.json\"\n")),
        ("file/apify.json", &serde_json::to_string(&items).unwrap()),
        ("live/audit.toml", &format!("{AUDIT_HEAD}[[reviews]]\nsource = \"apify\"\ndataset = \"d4t4s3t\"\n")),
    ]);
    let env = [("APIFY_TOKEN", "tok-123456".to_string()), ("TOUCHAUDIT_APIFY_URL", server.base.clone())];
    let live = file_and_live(dir.path(), &env);
    assert_eq!(live["reputation"]["reviews"]["count"], 230);
    let offsets: Vec<String> = server.requests().iter().filter_map(|r| r.param("offset")).collect();
    assert_eq!(offsets, ["0", "70", "140", "210", "230"], "to the empty page");
}

#[test]
fn business_profile_reviews_are_read_when_the_location_details_are_not() {
    let page = json!({"reviews": reviews(12, 10).iter().map(gbp_review).collect::<Vec<_>>(), "averageRating": 4.0, "totalReviewCount": 12});
    let served = page.clone();
    let server = ApiServer::start(move |req, _| {
        match req.path() {
        "/token" => ok(&json!({"access_token": "ya29.only-token", "expires_in": 3599, "token_type": "Bearer"})),
        "/v4/accounts/11/locations/22/reviews" => ok(&served),
        _ => Resp::Json(403, Vec::new(), json!({"error": {"code": 403, "message": "My Business Business Information API has not been used in project 1 before or it is disabled.", "status": "PERMISSION_DENIED"}}).to_string()),
    }
    });
    let dir = scratch(&[
        ("file/audit.toml", &format!("{AUDIT_HEAD}[[reviews]]\nformat = \"gbp\"\nfile = \"gbp.json\"\n")),
        ("file/gbp.json", &page.to_string()),
        (
            "live/audit.toml",
            &format!("{AUDIT_HEAD}[[reviews]]\nsource = \"gbp\"\nlocation = \"accounts/11/locations/22\"\n"),
        ),
    ]);
    let env = [
        ("GOOGLE_CLIENT_ID", "id-1234".to_string()),
        ("GOOGLE_CLIENT_SECRET", "secret-1234".to_string()),
        ("GBP_REFRESH_TOKEN", "refresh-1234".to_string()),
        ("TOUCHAUDIT_GBP_URL", server.base.clone()),
        ("TOUCHAUDIT_GOOGLE_TOKEN_URL", format!("{}/token", server.base)),
    ];
    let live = file_and_live(dir.path(), &env);
    assert_eq!(live["reputation"]["reviews"]["count"], 12);
    assert!(live.to_string().contains("the location's details (the listing) could not be read"), "a note says so");
}

#[test]
fn a_rerun_from_the_saved_sources_reads_the_kept_crawl_not_the_site() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static DOWN: AtomicBool = AtomicBool::new(false);
    let site = crate::server::TestServer::start(|path| {
        if DOWN.load(Ordering::SeqCst) {
            return crate::server::Reply::Page(503, "text/html", b"<h1>down</h1>".to_vec());
        }
        match path {
            "/" => crate::server::html(
                "<html lang=\"en\"><head><title>Harbour Dental</title></head><body><h1>Harbour Dental</h1><a href=\"/contacts\">Contacts</a></body></html>",
            ),
            "/contacts" => crate::server::html(
                "<html lang=\"en\"><head><title>Contacts</title></head><body><h1>Contacts</h1><a href=\"tel:+15550100\">+1 555-0100</a></body></html>",
            ),
            _ => crate::server::not_found(),
        }
    });
    let rival = crate::server::TestServer::start(|path| match path {
        "/" => crate::server::html(
            "<html lang=\"en\"><head><title>Smile Pro</title></head><body><h1>Smile Pro</h1></body></html>",
        ),
        _ => crate::server::not_found(),
    });
    let token = "apify_api_SITEtoken987";
    let server = apify_server(reviews(50, 12).iter().map(apify_item).collect(), token, 100);
    let audit = format!(
        "[business]\nname = \"Harbour Dental\"\nsite = \"{}/\"\nas_of = 2026-12-01\n\n[[reviews]]\nsource = \"apify\"\ntask = \"janedoe~dentist-reviews\"\n\n[[competitor]]\nname = \"Smile Pro\"\nsite = \"{}/\"\n",
        site.base, rival.base
    );
    let dir = scratch(&[("audit.toml", &audit)]);
    let env = [("APIFY_TOKEN", token.to_string()), ("TOUCHAUDIT_APIFY_URL", server.base.clone())];
    let first = run_with_env(&["run", "audit.toml", "-o", "out"], dir.path(), &env);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let kept: Vec<String> = std::fs::read_dir(dir.path().join("out/sources"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        kept.iter().any(|f| f.starts_with("site-127-0-0-1-") && f.ends_with(".json.gz")),
        "the crawl is kept: {kept:?}"
    );
    // The site goes down: a rerun from the saved sources reads neither it nor the API.
    DOWN.store(true, Ordering::SeqCst);
    let (pages, api, rival_pages) = (site.requests().len(), server.requests().len(), rival.requests().len());
    let rerun = run_with_env(&["run", "audit.toml", "-o", "again", "--from-sources", "out"], dir.path(), &[]);
    assert_eq!(rerun.code, 0, "{}", rerun.stderr);
    assert_eq!((site.requests().len(), server.requests().len()), (pages, api), "the rerun stayed offline");
    assert_eq!(rival.requests().len(), rival_pages, "the rival's crawl was kept too");
    let before = read_json(&dir.path().join("out/result.json"));
    let after = read_json(&dir.path().join("again/result.json"));
    crate::assert_same_json(&timeless(before), &timeless(after));
}

#[test]
fn twogis_pages_by_offset_when_the_answer_gives_no_next_link() {
    // As public clients of the API read it: `meta.total_count` and `offset`, no `next_link`.
    let all: Vec<Value> = reviews(120, 14).iter().map(twogis_review).collect();
    let served = all.clone();
    let server = ApiServer::start(move |req, _| {
        let start: usize = req.param("offset").and_then(|o| o.parse().ok()).unwrap_or(0);
        let end = (start + 50).min(served.len());
        let meta = json!({"code": 200, "branch_rating": 4.3, "branch_reviews_count": served.len(), "total_count": served.len()});
        ok(&json!({"meta": meta, "reviews": served[start.min(served.len())..end]}))
    });
    let (_dir, live) = twogis_file_and_live(&all, &json!({"branch_rating": 4.3, "branch_reviews_count": 120}), &server);
    assert_eq!(live["reputation"]["reviews"]["count"], 120);
    let offsets: Vec<String> = server.requests().iter().map(|r| r.param("offset").unwrap_or_default()).collect();
    assert_eq!(offsets, ["", "50", "100"]);
}
