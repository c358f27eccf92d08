//! The website source: crawl the company site politely and keep small facts per page.

pub(crate) mod browser;
pub(crate) mod checks;
pub(crate) mod crawl;
pub(crate) mod decode;
pub(crate) mod extract;
pub(crate) mod facts;
pub(crate) mod fetch;
pub(crate) mod nesting;
pub(crate) mod refusal;
pub(crate) mod render;
pub(crate) mod robots;
pub(crate) mod sitemap;
pub(crate) mod urls;
pub(crate) mod walk;

use std::time::Duration;

use regex::Regex;
use url::Url;

use crate::config::CrawlSettings;
use crate::i18n::Text;
use crate::msg;
pub(crate) use extract::ExtractConfig;
pub(crate) use facts::SiteFacts;

/// Told how far a crawl is: pages fetched and URLs still queued. The library never writes to the terminal;
/// the command line draws a spinner from this.
pub type Progress = std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>;

/// How to reach the site besides the settings: a proxy every request goes through (the demo's local server),
/// and who to tell about progress.
#[derive(Clone, Default)]
pub struct Reach {
    /// A proxy every request goes through (the demo's local server).
    pub proxy: Option<String>,
    /// Who to tell about progress.
    pub progress: Option<Progress>,
    /// Response times are the ones the server states (`Server-Timing: total;dur=MS`), not measured: set
    /// only for the demo's own server, whose pages state fixed times so that every demo run agrees.
    pub stated_timing: bool,
    /// Live review sources are read from this saved-sources folder instead of their APIs (`--from-sources`).
    pub replay: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for Reach {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reach")
            .field("proxy", &self.proxy)
            .field("progress", &self.progress.is_some())
            .field("stated_timing", &self.stated_timing)
            .field("replay", &self.replay)
            .finish()
    }
}

/// Fetch tasks the crawl keeps going per request a host may have open at once (`concurrency`). The ones past
/// the fetches under way wait for a fetch slot, or hold a fetched page until a parsing thread is free: the
/// parsing threads always have a page to read, and a slot given back is taken at once (about 5-9 % less wall
/// time at 20,000 pages on 127.0.0.1; bench/crawl.sh). Politeness is unchanged: `concurrency` still bounds the
/// open requests; the pages held are bounded by [`crawl::MAX_HELD_PAGE_BYTES`].
pub(crate) const TASKS_PER_REQUEST: usize = 8;

/// The longest robots.txt crawl-delay honoured, in seconds: a longer one would make an audit of a few pages
/// take hours; the crawl then keeps one request a minute.
pub(crate) const MAX_CRAWL_DELAY_S: f64 = 60.0;

fn compile(patterns: &[String]) -> Result<Vec<Regex>, Text> {
    patterns.iter().map(|p| Regex::new(p).map_err(|e| Text::from(format!("invalid URL pattern `{p}`: {e}")))).collect()
}

/// robots.txt within the crawl's time (a time-out reads as "disallow all" when it is honoured), its
/// crawl-delay applied to the fetcher.
async fn load_robots(
    fetcher: &fetch::Fetcher,
    start: &Url,
    honoured: bool,
    deadline: tokio::time::Instant,
) -> (robots::Rules, facts::RobotsFacts) {
    let (rules, found) = match tokio::time::timeout_at(deadline, robots::load(fetcher, start, honoured)).await {
        Ok(loaded) => loaded,
        Err(_) => {
            let facts = facts::RobotsFacts {
                honoured,
                error: Some(msg!("robots-time-limit")),
                ..facts::RobotsFacts::default()
            };
            (if honoured { robots::Rules::DisallowAll } else { robots::Rules::AllowAll }, facts)
        }
    };
    if honoured && let Some(delay) = found.crawl_delay_s.filter(|d| *d > 0.0) {
        fetcher.politeness.at_least(Duration::from_secs_f64(delay.min(MAX_CRAWL_DELAY_S)));
    }
    (rules, found)
}

/// The crawl's HTTP client with its politeness and limits.
fn fetcher(settings: &CrawlSettings, reach: &Reach) -> Result<fetch::Fetcher, Text> {
    let rate = settings.rate_limit.then_some(settings.requests_per_second);
    Ok(fetch::Fetcher {
        client: fetch::client(&settings.user_agent, reach.proxy.as_deref())?,
        politeness: fetch::Politeness::new(settings.concurrency as usize, rate),
        timeout: Duration::from_secs_f64(settings.timeout_s),
        max_bytes: settings.max_page_bytes,
        max_redirects: settings.max_redirects,
        stated_timing: reach.stated_timing,
    })
}

/// Crawls `start` with the settings; a site that cannot be reached still gives facts saying so.
/// Errors only when the crawl cannot start at all (an invalid URL, no HTTP client).
pub(crate) async fn crawl(
    start: &str,
    settings: &CrawlSettings,
    extract: ExtractConfig,
    reach: &Reach,
) -> Result<SiteFacts, Text> {
    let mut start = Url::parse(start.trim()).map_err(|e| Text::from(format!("`{start}` is not a URL: {e}")))?;
    if !matches!(start.scheme(), "http" | "https") || start.host_str().is_none() {
        return Err(format!("`{start}` is not an http(s) URL").into());
    }
    urls::normalise(&mut start);
    let site = urls::site_key(&start).ok_or_else(|| Text::from(format!("`{start}` has no host")))?;
    let fetcher = fetcher(settings, reach)?;
    // `max_time_s` covers the whole crawl, discovery included: robots.txt, sitemaps, then pages.
    let started = std::time::Instant::now();
    let max_time = Duration::from_secs_f64(settings.max_time_s);
    let deadline = tokio::time::Instant::from_std(started + max_time);
    let (robots, robots_facts) = load_robots(&fetcher, &start, settings.robots, deadline).await;
    let max_sitemap_urls =
        (settings.max_pages as usize).saturating_mul(sitemap::SITEMAP_URLS_PER_PAGE).max(sitemap::MIN_SITEMAP_URLS);
    let sitemap = sitemap::load(
        &fetcher,
        (&start, &site),
        &robots_facts.sitemaps,
        |u| robots.allowed(u),
        (max_sitemap_urls, deadline),
    )
    .await;
    let mut notes = Vec::new();
    if !settings.robots {
        notes.push(facts::CrawlNote::RobotsIgnored);
    }
    if !settings.rate_limit {
        notes.push(facts::CrawlNote::NoRateLimit);
    }
    let limits = crawl::Limits {
        max_pages: settings.max_pages as usize,
        max_depth: settings.max_depth,
        max_query_variants: settings.max_query_variants,
        max_time,
        started,
        in_flight: (settings.concurrency as usize).max(1) * TASKS_PER_REQUEST,
        include: compile(&settings.include)?,
        exclude: compile(&settings.exclude)?,
        check_external: settings.check_external,
    };
    let sitemap_urls: Vec<Url> = sitemap.urls.keys().filter_map(|u| Url::parse(u).ok()).collect();
    let initial =
        SiteFacts { start_url: start.to_string(), robots: robots_facts, sitemap, notes, ..SiteFacts::default() };
    let held = crawl::HeldPages::default();
    let fetch_slots = std::sync::Arc::new(tokio::sync::Semaphore::new((settings.concurrency as usize).max(1)));
    let context = crawl::Context { fetcher, robots, extract, site, held, fetch_slots };
    let mut run = crawl::Crawl::new(context, limits, initial);
    run.offer_page(start, 0, facts::FoundVia::Start);
    for url in sitemap_urls {
        run.offer_page(url, 1, facts::FoundVia::Sitemap);
    }
    let renderer = render::Renderer::new(settings, reach.proxy.as_deref());
    let facts = run
        .run(
            |done, queued| {
                if let Some(progress) = &reach.progress {
                    progress(done, queued);
                }
            },
            renderer,
        )
        .await;
    Ok(facts)
}

/// Runs [`crawl`] on its own runtime, for callers that are not async.
pub fn crawl_blocking(
    start: &str,
    settings: &CrawlSettings,
    extract: ExtractConfig,
    reach: &Reach,
) -> Result<SiteFacts, Text> {
    // Pages are parsed on blocking threads: parsing is work for the cores, and each thread past them only
    // keeps an allocator arena of its own (about 10 MiB of peak memory on a 20,000-page crawl). DNS lookups
    // run there too, each a short wait.
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(cores.max(2) + 2)
        .build()
        .map_err(|e| Text::from(format!("cannot start the crawler's runtime: {e}")))?;
    runtime.block_on(crawl(start, settings, extract, reach))
}

/// Fetches single documents (review pages, exports, feeds) politely, with the crawl's User-Agent, timeout,
/// byte limit and per-host limits, and the robots.txt of each host (read once per host).
pub(crate) struct Downloader {
    runtime: tokio::runtime::Runtime,
    fetcher: fetch::Fetcher,
    honour_robots: bool,
    robots: std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<HostRobots>>>,
}

/// A host's robots.txt rules and, when it could not be read, why.
struct HostRobots {
    rules: robots::Rules,
    error: Option<Text>,
}

/// A fetched document's bytes.
pub(crate) struct Document {
    pub body: Vec<u8>,
}

impl Downloader {
    pub(crate) fn new(settings: &CrawlSettings, reach: &Reach) -> Result<Self, Text> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Text::from(format!("cannot start the HTTP runtime: {e}")))?;
        let rate = settings.rate_limit.then_some(settings.requests_per_second);
        let fetcher = fetch::Fetcher {
            client: fetch::client(&settings.user_agent, reach.proxy.as_deref())?,
            politeness: fetch::Politeness::new(settings.concurrency as usize, rate),
            timeout: Duration::from_secs_f64(settings.timeout_s),
            max_bytes: settings.max_page_bytes,
            max_redirects: settings.max_redirects,
            stated_timing: reach.stated_timing,
        };
        Ok(Downloader { runtime, fetcher, honour_robots: settings.robots, robots: Default::default() })
    }

    /// GETs `url`; any failure (robots.txt, status, timeout, cut body) is an error saying what happened, in
    /// `tr`'s language.
    pub(crate) fn get(&self, url: &str) -> Result<Document, Text> {
        let url = Url::parse(url.trim()).map_err(|e| msg!("web-not-a-url", url = url, error = e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(msg!("web-not-http", url = url.as_str()));
        }
        let at = |problem: Text| Text::at(url.to_string(), problem);
        self.runtime.block_on(async {
            let robots = self.robots_for(&url).await;
            if !robots.rules.allowed(&url) {
                return Err(at(match &robots.error {
                    Some(error) => msg!("web-robots-unread", error = error),
                    None => msg!("web-robots-disallows"),
                }));
            }
            // Redirects stay on the named URL's site: a platform page that redirects elsewhere is not followed.
            let site = urls::site_key(&url);
            let fetched = self.fetcher.get(&url, site.as_deref(), |_| true, |u| robots.rules.allowed(u)).await;
            if let Some(error) = fetched.error {
                return Err(at(error.describe()));
            }
            if let Some(elsewhere) =
                fetched.final_url.as_ref().filter(|u| site.as_deref().is_some_and(|s| !urls::in_scope(u, s)))
            {
                return Err(at(msg!("web-redirect-elsewhere", url = elsewhere.as_str())));
            }
            match fetched.status {
                Some(200..=299) if fetched.truncated => Err(at(msg!("web-too-long", bytes = self.fetcher.max_bytes))),
                Some(200..=299) => Ok(Document { body: fetched.body }),
                Some(status) => Err(at(msg!("page-answered", status = status))),
                None => Err(at(msg!("site-no-answer"))),
            }
        })
    }

    async fn robots_for(&self, url: &Url) -> std::sync::Arc<HostRobots> {
        let key = url.origin().ascii_serialization();
        if let Some(robots) = self.robots.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return robots.clone();
        }
        let (rules, facts) = robots::load(&self.fetcher, url, self.honour_robots).await;
        let robots = std::sync::Arc::new(HostRobots { rules, error: facts.error });
        self.robots.lock().unwrap_or_else(|e| e.into_inner()).insert(key, robots.clone());
        robots
    }
}
