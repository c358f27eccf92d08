//! Review and listing sources read live from the platforms' APIs (`[[reviews]] source = "apify" | "gbp" |
//! "outscraper" | "2gis"`), for the monthly job that nobody exports files for. Each source's answers become
//! the bytes an export file of the same format holds and go through the same reader, so every rule works on
//! either. Every exchange is kept as evidence ([`Saved`], written gzipped under `sources/` beside the result,
//! credentials taken out), and `--from-sources` reads the saved answers instead of the network, giving the
//! same result.
//!
//! Credentials come from the environment only (`APIFY_TOKEN`, or `APIFY_TOKEN_FILE` naming a file that holds
//! it); requests go to the documented HTTPS hosts, or to a base URL the `TOUCHAUDIT_*_URL` variables give,
//! which may be plain HTTP on the loopback only.

mod apify;
mod gbp;
pub(crate) mod http;
mod outscraper;
mod twogis;

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::sources::{Api, LiveSource};
use crate::i18n::Text;
use crate::msg;
use http::{Conversation, Exchange, Fault};

/// The whole of one source's reading, in seconds (retries and waits included).
pub(crate) const SOURCE_TIMEOUT_S: u64 = 900;
/// Pages read from one source at most.
pub(crate) const MAX_PAGES: usize = 2_000;
/// The folder of the output that keeps the saved answers.
pub(crate) const SAVED_DIR: &str = "sources";
/// The list of the saved sources in it.
pub(crate) const INDEX_FILE: &str = "index.json";
/// A saved source file, gunzipped, at most (a larger one is not ours).
pub(crate) const MAX_SAVED_BYTES: u64 = 1 << 30;
/// The crawl of a site as the run found it, kept beside the live sources so `--from-sources` needs no
/// network: `site-<host and path>.json.gz`, one per site (the business's, each rival's).
pub(crate) fn site_file(site: &str) -> String {
    let address = site.trim().trim_start_matches("https://").trim_start_matches("http://");
    format!("site-{}.json.gz", crate::config::sources::file_stem(address))
}

/// The crawl's facts, gzipped JSON, for [`site_file`].
pub(crate) fn site_gzip(site: &crate::gather::site::SiteFacts) -> Result<Vec<u8>, String> {
    let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    serde_json::to_writer(&mut out, site).map_err(|e| e.to_string())?;
    out.finish().map_err(|e| e.to_string())
}

/// The crawl of `site` kept in a saved-sources folder, when it has one ([`site_file`]).
pub(crate) fn saved_site(dir: &Path, site: &str) -> Option<Result<crate::gather::site::SiteFacts, Text>> {
    let path = dir.join(site_file(site));
    if !path.is_file() {
        return None;
    }
    let read = || -> Result<crate::gather::site::SiteFacts, String> {
        let file = std::fs::File::open(&path).map_err(|e| e.to_string())?;
        let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file).take(MAX_SAVED_BYTES));
        serde_json::from_reader(reader).map_err(|e| format!("not a saved crawl ({e})"))
    };
    Some(read().map_err(|e| Text::from(format!("{}: {e}", path.display()))))
}

/// One live source's answers as they were read, kept beside the result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Saved {
    /// The file stem (`apify-task-janedoe-reviews`).
    pub(crate) key: String,
    /// The source as the report names it.
    pub(crate) source: String,
    pub(crate) api: Api,
    /// When the reading started (RFC 3339, UTC).
    pub(crate) fetched_at: String,
    /// Items (reviews, records) read.
    pub(crate) items: usize,
    /// Notes on the reading (it stopped at a limit).
    #[serde(default)]
    pub(crate) notes: Vec<Text>,
    /// Why the source gave nothing, when it did not.
    pub(crate) error: Option<Text>,
    pub(crate) requests: Vec<Exchange>,
}

impl Saved {
    /// The file it is kept in under `sources/`.
    pub(crate) fn file_name(&self) -> String {
        format!("{}.json.gz", self.key)
    }

    /// The gzipped JSON kept on disk.
    pub(crate) fn to_gzip(&self) -> Result<Vec<u8>, String> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        out.write_all(&json).and_then(|_| out.finish()).map_err(|e| e.to_string())
    }

    fn from_gzip(path: &Path) -> Result<Saved, String> {
        let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(file)
            .take(MAX_SAVED_BYTES)
            .read_to_end(&mut json)
            .map_err(|e| format!("not a gzip file ({e})"))?;
        serde_json::from_slice(&json).map_err(|e| format!("not a saved source ({e})"))
    }
}

/// `sources/index.json`: what was read, and the date the audit was run for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    /// The date the audit was run for.
    pub as_of: chrono::NaiveDate,
    /// Each saved source.
    pub sources: Vec<IndexEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// Its file in the folder.
    pub file: String,
    /// The source as the report names it.
    pub source: String,
    /// When it was read (RFC 3339, UTC).
    pub fetched_at: String,
    /// Requests made.
    pub requests: usize,
    /// Items (reviews, records) read.
    pub items: usize,
    /// It gave nothing (the reason is in its file).
    pub failed: bool,
}

impl Index {
    pub(crate) fn of(as_of: chrono::NaiveDate, saved: &[Saved]) -> Index {
        let sources = saved
            .iter()
            .map(|s| IndexEntry {
                file: s.file_name(),
                source: s.source.clone(),
                fetched_at: s.fetched_at.clone(),
                requests: s.requests.len(),
                items: s.items,
                failed: s.error.is_some(),
            })
            .collect();
        Index { as_of, sources }
    }

    /// The index of a saved-sources folder (the `sources` folder, or an output folder holding one).
    pub fn read(dir: &Path) -> Result<(PathBuf, Index), String> {
        let dir = saved_dir(dir);
        let path = dir.join(INDEX_FILE);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: {e} (give the `sources` folder a run wrote)", path.display()))?;
        let index =
            serde_json::from_str(&text).map_err(|e| format!("{}: not a sources index ({e})", path.display()))?;
        Ok((dir, index))
    }
}

/// The `sources` folder inside `dir`, or `dir` itself.
pub(crate) fn saved_dir(dir: &Path) -> PathBuf {
    let inner = dir.join(SAVED_DIR);
    if inner.join(INDEX_FILE).is_file() { inner } else { dir.to_path_buf() }
}

/// What a live source gave: the bytes an export of its format would hold, and notes on the reading.
pub(crate) struct Fetched {
    pub(crate) bytes: Vec<u8>,
    pub(crate) notes: Vec<Text>,
}

/// Reads a live source from its API, or from `replay` (a saved-sources folder); the answers are kept in
/// the returned [`Saved`] either way.
pub(crate) fn read(source: &LiveSource, user_agent: &str, replay: Option<&Path>) -> (Result<Fetched, Text>, Saved) {
    let saved = match replay {
        Some(dir) => match Saved::from_gzip(&dir.join(format!("{}.json.gz", source.key()))) {
            Ok(saved) => saved,
            Err(error) => {
                let dir = dir.display().to_string();
                let error = msg!("live-not-saved", source = source.name.as_str(), dir = dir, error = error);
                return (Err(error.clone()), failed(source, error, Vec::new()));
            }
        },
        None => fetch(source, user_agent),
    };
    (fetched(&saved), saved)
}

/// The bytes of the saved data pages, as the format's reader takes them.
fn fetched(saved: &Saved) -> Result<Fetched, Text> {
    if let Some(error) = &saved.error {
        return Err(error.clone());
    }
    let pages: Vec<&str> = saved.requests.iter().filter(|r| r.data).map(|r| r.body.as_str()).collect();
    let bytes = match saved.api {
        Api::Apify => apify::assemble(&pages)?,
        Api::Gbp => gbp::assemble(&pages)?,
        Api::Outscraper => outscraper::assemble(&pages)?,
        Api::TwoGis => twogis::assemble(&pages)?,
    };
    Ok(Fetched { bytes, notes: saved.notes.clone() })
}

fn failed(source: &LiveSource, error: Text, requests: Vec<Exchange>) -> Saved {
    Saved {
        key: source.key(),
        source: source.name.clone(),
        api: source.api,
        fetched_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        items: 0,
        notes: Vec::new(),
        error: Some(error),
        requests,
    }
}

/// Reads the source from its API, within [`SOURCE_TIMEOUT_S`].
fn fetch(source: &LiveSource, user_agent: &str) -> Saved {
    let started = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => return failed(source, Text::from(format!("cannot start the HTTP runtime: {e}")), Vec::new()),
    };
    let mut conv = match Conversation::new(source.api, user_agent) {
        Ok(conv) => conv,
        Err(error) => return failed(source, error, Vec::new()),
    };
    let outcome = runtime.block_on(async {
        let limit = std::time::Duration::from_secs(SOURCE_TIMEOUT_S);
        match tokio::time::timeout(limit, fetch_pages(&mut conv, source)).await {
            Ok(outcome) => outcome,
            Err(_) => {
                let seconds = SOURCE_TIMEOUT_S;
                Err(msg!("live-too-slow", source = source.name.as_str(), seconds = seconds))
            }
        }
    });
    let requests = std::mem::take(&mut conv.exchanges);
    match outcome {
        Ok(pages) => Saved {
            key: source.key(),
            source: source.name.clone(),
            api: source.api,
            fetched_at: started,
            items: pages.items,
            notes: pages.notes,
            error: None,
            requests,
        },
        Err(error) => Saved { fetched_at: started, ..failed(source, error, requests) },
    }
}

/// A live source with its base URL resolved.
pub(crate) struct Live<'a> {
    pub(crate) source: &'a LiveSource,
    pub(crate) base: url::Url,
    /// The base URL came from the environment (then every API of the platform is under it).
    pub(crate) overridden: bool,
}

async fn fetch_pages(conv: &mut Conversation, source: &LiveSource) -> Result<Pages, Text> {
    let (var, default) = match source.api {
        Api::Apify => apify::BASE,
        Api::Gbp => gbp::BASE,
        Api::Outscraper => outscraper::BASE,
        Api::TwoGis => twogis::BASE,
    };
    let live = Live { source, base: base((var, default))?, overridden: std::env::var_os(var).is_some() };
    let credentials = Credentials;
    match source.api {
        Api::Apify => apify::fetch(conv, &live, &credentials).await,
        Api::Gbp => gbp::fetch(conv, &live, &credentials).await,
        Api::Outscraper => outscraper::fetch(conv, &live, &credentials).await,
        Api::TwoGis => twogis::fetch(conv, &live, &credentials).await,
    }
}

/// How far a reading got: items, pages, and the notes on where it stopped.
#[derive(Default)]
pub(crate) struct Pages {
    pub(crate) items: usize,
    pub(crate) pages: usize,
    pub(crate) notes: Vec<Text>,
}

impl Pages {
    /// Another page may be read: false, with a note, when the source's item limit or [`MAX_PAGES`] is reached.
    pub(crate) fn more(&mut self, live: &Live, total: Option<usize>) -> bool {
        self.pages += 1;
        let max = live.source.max_items;
        if self.items >= max {
            let total = total.map_or_else(|| "?".to_string(), |t| t.to_string());
            let name = live.source.name.as_str();
            self.notes.push(msg!("live-cut-items", source = name, items = self.items, total = total, max = max));
            return false;
        }
        if self.pages >= MAX_PAGES {
            let name = live.source.name.as_str();
            self.notes.push(msg!("live-cut-pages", source = name, pages = self.pages, items = self.items));
            return false;
        }
        true
    }
}

/// Credentials from the environment: `NAME`, or the file `NAME_FILE` names.
pub(crate) struct Credentials;

impl Credentials {
    /// The credential `var`, remembered by `conv` as a secret; a missing one says how to get it.
    pub(crate) fn get(&self, var: &str, conv: &mut Conversation) -> Result<String, Text> {
        match credential(var) {
            Ok(value) => {
                conv.secret(&value);
                Ok(value)
            }
            Err(why) => {
                Err(msg!("live-no-credential", source = conv.api.title(), var = var, why = why, how = how(conv.api)))
            }
        }
    }
}

/// The variable's value, or the content of the file `{var}_FILE` names; why not, when neither is there.
pub(crate) fn credential(var: &str) -> Result<String, String> {
    if let Ok(value) = std::env::var(var)
        && !value.trim().is_empty()
    {
        return Ok(value.trim().to_string());
    }
    let file_var = format!("{var}_FILE");
    match std::env::var_os(&file_var) {
        Some(path) => match std::fs::read_to_string(&path) {
            Ok(text) if !text.trim().is_empty() => Ok(text.trim().to_string()),
            Ok(_) => Err(format!("{file_var} names an empty file")),
            Err(e) => Err(format!("{file_var} names {}: {e}", Path::new(&path).display())),
        },
        None => Err(format!("{var} is not set")),
    }
}

/// How to get an API's credentials.
fn how(api: Api) -> Text {
    match api {
        Api::Apify => msg!("live-how-apify"),
        Api::Gbp => msg!("live-how-gbp"),
        Api::Outscraper => msg!("live-how-outscraper"),
        Api::TwoGis => msg!("live-how-2gis"),
    }
}

/// What a failed request means for the source: a refusal names the credential and how to get a good one.
pub(crate) fn fault(fault: Fault, live: &Live, var: &str) -> Text {
    match fault {
        Fault::Refused { status, message } => {
            let api = live.source.api;
            msg!("live-refused", source = api.title(), status = status, var = var, message = message, how = how(api))
        }
        Fault::Failed(text) => text,
    }
}

/// A page that is not what the API documents.
pub(crate) fn malformed(conv: &Conversation, live: &Live, what: &str) -> Text {
    let url = conv.exchanges.last().map(|e| e.url.clone()).unwrap_or_default();
    msg!("live-malformed", source = live.source.name.as_str(), url = url, error = conv.redact(what))
}

/// The base URL from `var`, or the documented one (see [`endpoint`]), ending in `/` so paths join under it.
pub(crate) fn base(named: (&str, &str)) -> Result<url::Url, Text> {
    let mut url = endpoint(named)?;
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url.set_query(None);
    Ok(url)
}

/// The URL from `var`, or the documented one: HTTPS, or plain HTTP to the loopback only.
pub(crate) fn endpoint((var, default): (&str, &str)) -> Result<url::Url, Text> {
    let given = if var.is_empty() { None } else { std::env::var(var).ok().filter(|v| !v.trim().is_empty()) };
    let text = given.as_deref().unwrap_or(default).trim();
    let bad = |why: &str| msg!("live-bad-base", var = var, url = text, why = why);
    let url = url::Url::parse(text).map_err(|e| bad(&e.to_string()))?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name == "localhost",
        None => return Err(bad("no host")),
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => return Err(bad("HTTPS only (plain HTTP to 127.0.0.1 for tests)")),
    }
    Ok(url)
}

/// `path` under `base`.
pub(crate) fn join(base: &url::Url, path: &str) -> Result<url::Url, Text> {
    base.join(path).map_err(|e| Text::from(format!("{base}{path}: {e}")))
}

/// A link an API gave (a next page, a results URL) on the configured host: its path and query under `base`,
/// so that a credential goes nowhere else.
pub(crate) fn rebase(base: &url::Url, link: &str) -> Result<url::Url, Text> {
    let parsed = base.join(link).map_err(|e| Text::from(format!("{link}: {e}")))?;
    let mut url = base.clone();
    url.set_path(parsed.path());
    url.set_query(parsed.query());
    // A base with a path prefix (a test server, a proxy) keeps it.
    if base.path() != "/" && !parsed.path().starts_with(base.path()) {
        url = join(base, parsed.path().trim_start_matches('/'))?;
        url.set_query(parsed.query());
    }
    Ok(url)
}

/// Checks each live source of the audit and its rivals (`validate --online`): its credentials and that its API
/// answers, with one small request (one item; for Business Profile, the token, the location and one review),
/// without running the audit. Each source's name, and what came of it.
pub fn check_sources(audit: &crate::config::Audit) -> Vec<(String, Result<String, String>)> {
    let own = audit.reviews.iter();
    let rivals = audit.competitors.iter().flat_map(|c| c.reviews.iter());
    let mut checked: Vec<(String, Result<String, String>)> = Vec::new();
    for source in own.chain(rivals) {
        let crate::config::sources::Location::Live(live) = &source.location else { continue };
        if checked.iter().any(|(name, _)| *name == live.name) {
            continue;
        }
        let small = LiveSource { max_items: 1, ..live.clone() };
        let saved = fetch(&small, &audit.crawl.user_agent);
        let outcome = match saved.error {
            Some(error) => Err(error.en()),
            None => Ok(format!("reachable, credentials accepted ({} requests)", saved.requests.len())),
        };
        checked.push((live.name.clone(), outcome));
    }
    checked
}
