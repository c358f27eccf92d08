//! What a crawl found: one small record per page and per checked resource, robots.txt and sitemap facts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::decode::CharsetSource;
use super::extract::HtmlFacts;
use crate::i18n::Text;
use crate::msg;

/// Why a fetch gave no usable answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Dns,
    Connect,
    Timeout,
    RedirectLoop,
    TooManyRedirects,
    Body,
    /// The site's protection answered instead of the site: a bot challenge, a block page or a rate limit
    /// (`refusal.rs`). Visitors see the page: never a broken link.
    Blocked,
    Other,
}

impl ErrorKind {
    pub fn label(self) -> Text {
        match self {
            ErrorKind::Dns => msg!("fetch-dns"),
            ErrorKind::Connect => msg!("fetch-connect"),
            ErrorKind::Timeout => msg!("fetch-timeout"),
            ErrorKind::RedirectLoop => msg!("fetch-redirect-loop"),
            ErrorKind::TooManyRedirects => msg!("fetch-too-many-redirects"),
            ErrorKind::Body => msg!("fetch-body"),
            ErrorKind::Blocked => msg!("fetch-blocked"),
            ErrorKind::Other => msg!("fetch-other"),
        }
    }
}

/// Something that changes what a crawl's findings mean: a limit that stopped it short, or a setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum CrawlNote {
    TimeLimit {
        seconds: u64,
        not_fetched: u32,
    },
    MaxPages {
        max_pages: usize,
        not_fetched: u32,
    },
    MaxDepth {
        max_depth: u32,
        not_followed: u32,
    },
    QueryVariants {
        per_path: u32,
        skipped: u32,
    },
    RobotsIgnored,
    NoRateLimit,
    /// The site's protection refused the crawler these pages and link checks: counted apart, never broken.
    Blocked {
        pages: u32,
        links: u32,
    },
    /// Pages look built by scripts but no browser could render them (`render = "auto"` without Chromium):
    /// they were judged as the server sent them.
    NotRendered {
        pages: u32,
    },
    /// Pages were read in headless Chromium as visitors see them.
    Rendered {
        pages: u32,
    },
    /// The browser could not render these pages (it failed to start, or the pages did not settle in time):
    /// they were judged as the server sent them.
    RenderFailed {
        pages: u32,
    },
    /// Pages the site's protection refused the crawler were read in the browser, as visitors see them.
    ReadPastProtection {
        pages: u32,
    },
    /// The site's protection refused the browser too these pages: they stay blocked.
    BrowserRefused {
        pages: u32,
    },
    /// The render limit stopped the browser short: these pages were judged as the server sent them.
    RenderLimit {
        max_rendered_pages: u32,
        not_rendered: u32,
    },
}

impl CrawlNote {
    pub fn text(self) -> Text {
        match self {
            CrawlNote::TimeLimit { seconds, not_fetched } => {
                msg!("crawl-time-limit", seconds = seconds, count = not_fetched)
            }
            CrawlNote::MaxPages { max_pages, not_fetched } => {
                msg!("crawl-max-pages", max_pages = max_pages, count = not_fetched)
            }
            CrawlNote::MaxDepth { max_depth, not_followed } => {
                msg!("crawl-max-depth", max_depth = max_depth, count = not_followed)
            }
            CrawlNote::QueryVariants { per_path, skipped } => {
                msg!("crawl-query-variants", per_path = per_path, count = skipped)
            }
            CrawlNote::RobotsIgnored => msg!("crawl-robots-ignored"),
            CrawlNote::NoRateLimit => msg!("crawl-no-rate-limit"),
            CrawlNote::Blocked { pages, links } => msg!("crawl-blocked", pages = pages, links = links),
            CrawlNote::NotRendered { pages } => msg!("crawl-not-rendered", pages = pages),
            CrawlNote::Rendered { pages } => msg!("crawl-rendered", pages = pages),
            CrawlNote::RenderFailed { pages } => msg!("crawl-render-failed", pages = pages),
            CrawlNote::ReadPastProtection { pages } => msg!("crawl-read-past-protection", pages = pages),
            CrawlNote::BrowserRefused { pages } => msg!("crawl-browser-refused", pages = pages),
            CrawlNote::RenderLimit { max_rendered_pages, not_rendered } => {
                msg!("crawl-render-limit", max = max_rendered_pages, count = not_rendered)
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchError {
    pub kind: ErrorKind,
    pub message: String,
}

impl FetchError {
    /// "connection refused: <the library's own words>".
    pub fn describe(&self) -> Text {
        Text::at(self.kind.label(), self.message.as_str())
    }
}

/// How the crawler came to a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FoundVia {
    Start,
    Link,
    Sitemap,
}

/// One fetched page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageRecord {
    pub url: String,
    /// Where redirects ended, when they did.
    pub final_url: String,
    pub depth: u32,
    pub found_via: FoundVia,
    pub status: Option<u16>,
    pub error: Option<FetchError>,
    pub redirects: u32,
    pub content_type: Option<String>,
    pub bytes: u64,
    /// The body was cut at `max_page_bytes`.
    pub truncated: bool,
    pub response_ms: u64,
    pub last_modified: Option<String>,
    pub x_robots_tag: Option<String>,
    pub charset: Option<String>,
    pub charset_source: Option<CharsetSource>,
    pub decode_errors: bool,
    pub html: Option<HtmlFacts>,
    /// The page was read in headless Chromium: `html` holds the rendered page's facts, and this what the
    /// served HTML lacked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rendered: Option<RenderedFacts>,
}

/// What rendering a page in the browser changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RenderedFacts {
    /// Characters of visible text the server's HTML held, before scripts ran.
    pub served_text_chars: u32,
    /// What visitors see that the served HTML lacks (or the other way round): `text`, `phone`, `email`,
    /// `form`, `prices`, `links`, `title`, `h1`. Empty when the two agree.
    pub differs: Vec<String>,
    /// False when the page was still changing at the render time limit (it was read as it was then).
    pub settled: bool,
    /// Requests of the page that the crawl's rules kept from going out (robots.txt, another site's page),
    /// with why; at most [`super::render::MAX_LISTED_REFUSED`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<String>,
    /// The site's protection refused the crawler this page (a bot challenge, a refusal of its user agent), and
    /// the browser read it as a visitor's does: it counts as read, not blocked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub past_protection: bool,
}

/// Page speed as a visitor waits for it, measured in headless Chromium under Lighthouse's mobile throttling
/// (the median of several cold loads).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageVitals {
    pub url: String,
    /// Largest Contentful Paint, in milliseconds.
    pub lcp_ms: f64,
    /// Cumulative Layout Shift.
    pub cls: f64,
    /// Total Blocking Time, in milliseconds.
    pub tbt_ms: f64,
    /// First Contentful Paint, in milliseconds.
    pub fcp_ms: f64,
    /// Loads measured (the figures are their medians).
    pub loads: u32,
}

impl PageRecord {
    pub fn is_ok(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s)) && self.error.is_none()
    }

    /// A page that answered 2xx with HTML that was read.
    pub fn ok_html(&self) -> Option<&HtmlFacts> {
        if self.is_ok() { self.html.as_ref() } else { None }
    }

    /// A refusal by the site's protection is not broken (see [`Self::is_blocked`]).
    pub fn is_broken(&self) -> bool {
        !self.is_blocked() && (self.error.is_some() || self.status.is_some_and(|s| s >= 400))
    }

    /// The site's protection answered instead of the site (a challenge, a block page, a rate limit).
    pub fn is_blocked(&self) -> bool {
        self.error.as_ref().is_some_and(|e| e.kind == ErrorKind::Blocked)
    }
}

/// A link target, image or form action checked by status only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceCheck {
    pub url: String,
    pub status: Option<u16>,
    pub error: Option<FetchError>,
}

impl ResourceCheck {
    /// The site's protection answered instead of the resource.
    pub fn is_blocked(&self) -> bool {
        self.error.as_ref().is_some_and(|e| e.kind == ErrorKind::Blocked)
    }

    /// 405 "method not allowed" proves the URL exists (a form action that takes POST only): not broken.
    /// A refusal by the site's protection is not broken either.
    pub fn is_broken(&self) -> bool {
        !self.is_blocked() && (self.error.is_some() || self.status.is_some_and(|s| s >= 400 && s != 405))
    }
}

/// What kind of reference a broken target was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefKind {
    Link,
    Image,
    FormAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokenLink {
    /// The page the reference was found on.
    pub from: String,
    pub to: String,
    pub kind: RefKind,
    pub status: Option<u16>,
    pub error: Option<ErrorKind>,
}

impl BrokenLink {
    /// Why the target is broken: "answered 404" or what went wrong.
    pub fn why(&self) -> Text {
        match (self.status, self.error) {
            (Some(status), _) => msg!("page-answered", status = status),
            (None, Some(error)) => error.label(),
            (None, None) => msg!("site-no-answer"),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RobotsFacts {
    pub url: String,
    pub status: Option<u16>,
    pub error: Option<Text>,
    /// False when robots.txt was ignored by configuration.
    pub honoured: bool,
    pub disallows_all: bool,
    pub crawl_delay_s: Option<f64>,
    pub sitemaps: Vec<String>,
    /// URLs the crawler found but did not fetch because robots.txt disallows them.
    pub blocked: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SitemapFacts {
    /// Sitemap files read (index files included).
    pub files: Vec<String>,
    pub errors: Vec<Text>,
    /// Every page URL the sitemaps list, normalised, with its lastmod when given.
    pub urls: BTreeMap<String, Option<NaiveDate>>,
}

/// Counts of URLs the crawler found and deliberately did not fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub robots: u32,
    pub depth: u32,
    pub query_variants: u32,
    pub excluded: u32,
    pub max_pages: u32,
    pub time_limit: u32,
}

/// Everything one crawl found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteFacts {
    pub start_url: String,
    pub pages_crawled: usize,
    /// Each page's record on its own: a crawl of 100,000 pages never moves them as one block (the vector
    /// grows by pointers, not by copies of every record).
    #[allow(clippy::vec_box, reason = "records are moved into the list one by one as the crawl ends them")]
    pub pages: Vec<Box<PageRecord>>,
    pub resources: Vec<ResourceCheck>,
    pub broken_links: Vec<BrokenLink>,
    pub robots: RobotsFacts,
    pub sitemap: SitemapFacts,
    pub skipped: Skipped,
    /// Limits that stopped the crawl short and settings that change what the findings mean.
    pub notes: Vec<CrawlNote>,
    /// Names of the keyword signals, by bit position of a page's signal sets.
    pub signal_names: Vec<String>,
    /// How many priced list items or table cells make a page a prices page (`[prices] min_items`).
    #[serde(default)]
    pub min_price_items: u32,
    /// Touchpoint ids of the custom page checks, in the order of a page's `custom` results.
    pub custom_ids: Vec<String>,
    /// Page speed measured in the browser; empty without one (the speed rule then reads server times).
    #[serde(default)]
    pub vitals: Vec<PageVitals>,
    pub duration_ms: u64,
    /// [`SiteFacts::page`]'s lookup table, built on its first use.
    #[serde(skip)]
    pub(crate) index: PageIndex,
}

/// Every page's URL and final URL to the first page that has it, and how many pages there were then: a
/// rule that looks up every link or canonical of 20,000 pages does not scan them all each time.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageIndex(std::sync::OnceLock<(usize, std::collections::HashMap<String, usize>)>);

impl PartialEq for PageIndex {
    /// A cache: two sets of facts are equal whatever either has looked up.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// Pages a thread serializes at a time when [`SiteFacts::write_json`] writes a crawl: enough that starting a
/// thread is nothing beside it (about 0.6 MB of JSON at a typical page's 2.4 KB), few enough that the pages'
/// text in flight stays small beside the crawl itself.
pub(crate) const JSON_PAGES_PER_CHUNK: usize = 256;

/// At most this many threads serialize a crawl's pages (a chunk's text each in flight: a machine with many
/// cores does not hold a hundred chunks at once).
pub(crate) const MAX_JSON_THREADS: usize = 8;

impl SiteFacts {
    /// Writes the facts as JSON, byte for byte what `serde_json::to_writer` writes, with the pages (nearly all
    /// of it: 48 MB on a 20,000-page crawl) serialized on every core, a chunk of pages per thread, and written
    /// in order. Serializing them on one thread took a tenth of a 20,000-page crawl's wall time.
    pub fn write_json(&mut self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let threads = std::thread::available_parallelism().map_or(1, usize::from).min(MAX_JSON_THREADS);
        self.write_json_chunked(out, JSON_PAGES_PER_CHUNK, threads)
    }

    fn write_json_chunked(
        &mut self,
        out: &mut dyn std::io::Write,
        per_chunk: usize,
        threads: usize,
    ) -> std::io::Result<()> {
        // Everything but the pages, with an empty list where they go: a key is the one place the text
        // `"pages":[]` can stand (inside a JSON string every quote is escaped).
        const EMPTY: &str = "\"pages\":[]";
        let pages = std::mem::take(&mut self.pages);
        let rest = serde_json::to_string(&*self);
        self.pages = pages;
        let rest = rest.map_err(std::io::Error::other)?;
        let at = rest.find(EMPTY).ok_or_else(|| std::io::Error::other("the facts have no pages field"))?;
        let at = at + EMPTY.len() - 1;
        out.write_all(&rest.as_bytes()[..at])?;
        let chunks: Vec<&[Box<PageRecord>]> = self.pages.chunks(per_chunk.max(1)).collect();
        let mut first = true;
        for round in chunks.chunks(threads.max(1)) {
            let texts: Vec<std::io::Result<Vec<u8>>> = std::thread::scope(|scope| {
                let serialize = |chunk: &[Box<PageRecord>]| -> std::io::Result<Vec<u8>> {
                    let mut text = Vec::new();
                    for (i, page) in chunk.iter().enumerate() {
                        if i > 0 {
                            text.push(b',');
                        }
                        serde_json::to_writer(&mut text, page).map_err(std::io::Error::other)?;
                    }
                    Ok(text)
                };
                // This thread serializes the round's first chunk while the others do the rest.
                let others: Vec<_> = round[1..].iter().map(|chunk| scope.spawn(move || serialize(chunk))).collect();
                let mut texts = vec![serialize(round[0])];
                for other in others {
                    texts.push(
                        other.join().unwrap_or_else(|_| Err(std::io::Error::other("a page failed to serialize"))),
                    );
                }
                texts
            });
            for text in texts {
                if !std::mem::take(&mut first) {
                    out.write_all(b",")?;
                }
                out.write_all(&text?)?;
            }
        }
        out.write_all(&rest.as_bytes()[at..])
    }

    /// The first page asked for at `url` or ended there.
    pub fn page(&self, url: &str) -> Option<&PageRecord> {
        let (built_over, index) = self.index.0.get_or_init(|| {
            let mut index = std::collections::HashMap::with_capacity(self.pages.len() * 2);
            for (at, page) in self.pages.iter().enumerate() {
                index.entry(page.url.clone()).or_insert(at);
                index.entry(page.final_url.clone()).or_insert(at);
            }
            (self.pages.len(), index)
        });
        if *built_over != self.pages.len() {
            // The pages changed after the table was built: read them as they are.
            return self.pages.iter().map(|p| &**p).find(|p| p.url == url || p.final_url == url);
        }
        index.get(url).map(|&at| &*self.pages[at])
    }

    /// The start page's record.
    pub fn home(&self) -> Option<&PageRecord> {
        self.pages.iter().map(|p| &**p).find(|p| p.found_via == FoundVia::Start)
    }

    /// The bit of a keyword signal by name (0, matching nothing, when unknown).
    pub fn signal(&self, name: &str) -> u32 {
        self.signal_names.iter().position(|s| s == name).map_or(0, |i| 1 << i)
    }

    /// Why the site did not answer at all, when it did not: the start page failed (no connection, DNS, TLS,
    /// timeout, a 5xx answer), or robots.txt got no answer or a 5xx, so nothing could be fetched. `None` for a
    /// site that answered, even when robots.txt forbids the start page (that is the owner's choice, not a fault).
    pub fn not_answering(&self) -> Option<Text> {
        match self.home() {
            Some(home) => match (&home.error, home.status) {
                (Some(error), _) => Some(error.describe()),
                (None, Some(status @ 500..)) => Some(msg!("page-answered", status = status)),
                (None, None) => Some(msg!("site-no-answer")),
                _ => None,
            },
            None => {
                let robots_failed = self.robots.status.is_none_or(|s| s >= 500);
                self.robots
                    .error
                    .as_ref()
                    .filter(|_| robots_failed)
                    .map(|error| Text::at(self.robots.url.as_str(), error))
            }
        }
    }

    /// Why the site could not be read, when its protection refused the crawler the start page.
    pub fn blocked(&self) -> Option<Text> {
        let home = self.home().filter(|h| h.is_blocked())?;
        let why = home.error.as_ref().map_or("", |e| e.message.as_str());
        if self.notes.iter().any(|n| matches!(n, CrawlNote::BrowserRefused { .. })) {
            return Some(msg!("site-blocked-browser-too", site = self.start_url.as_str(), error = why));
        }
        Some(msg!("site-blocked", site = self.start_url.as_str(), error = why))
    }

    /// "http://x/ did not answer (why)", when [`Self::not_answering`] says it did not.
    pub fn did_not_answer(&self) -> Option<Text> {
        if let Some(blocked) = self.blocked() {
            return Some(blocked);
        }
        let why = self.not_answering()?;
        Some(msg!("site-did-not-answer", site = self.start_url.as_str(), error = why))
    }

    /// Pages that answered 2xx with HTML.
    pub fn html_pages(&self) -> impl Iterator<Item = (&PageRecord, &HtmlFacts)> {
        self.pages.iter().filter_map(|p| p.ok_html().map(|h| (&**p, h)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    /// The crawl's JSON, written a chunk of pages per thread, is byte for byte serde_json's, whatever the chunk
    /// size and thread count, with no pages, one, and text that holds the key the pages are spliced in at.
    #[test]
    fn the_json_written_on_every_core_is_serde_jsons_byte_for_byte() {
        let page = |at: usize| {
            let url = format!("https://example.test/p{at}?q=%22pages%22:[]&x=\"pages\":[]");
            let html = (!at.is_multiple_of(3)).then(|| {
                let doc = format!("<title>Page {at} \"pages\":[]</title><a href=\"/p{}\">next</a>", at + 1);
                super::super::extract::extract(&doc, &url::Url::parse(&url).unwrap(), &extract_config())
            });
            Box::new(PageRecord {
                url: url.clone(),
                final_url: url,
                depth: 1,
                found_via: FoundVia::Link,
                status: Some(if at.is_multiple_of(5) { 404 } else { 200 }),
                error: None,
                redirects: 0,
                content_type: Some("text/html".into()),
                bytes: 100,
                truncated: false,
                response_ms: 3,
                last_modified: None,
                x_robots_tag: None,
                charset: None,
                charset_source: None,
                decode_errors: false,
                html,
                rendered: None,
            })
        };
        for count in [0, 1, 7, 600] {
            let mut facts = SiteFacts {
                start_url: "https://example.test/\"pages\":[]".into(),
                pages: (0..count).map(page).collect(),
                ..SiteFacts::default()
            };
            let expected = serde_json::to_vec(&facts).unwrap();
            for (per_chunk, threads) in [(1, 1), (3, 2), (256, 4), (1000, 3), (0, 0)] {
                let mut written = Vec::new();
                facts.write_json_chunked(&mut written, per_chunk, threads).unwrap();
                assert!(written == expected, "{count} pages, {per_chunk} a chunk, {threads} threads");
            }
            let mut written = Vec::new();
            facts.write_json(&mut written).unwrap();
            assert!(written == expected);
            assert_eq!(facts.pages.len(), count, "the pages are back in the facts");
        }
    }

    fn extract_config() -> super::super::extract::ExtractConfig {
        super::super::extract::ExtractConfig {
            keywords: crate::config::keywords::Keywords::builtin().unwrap(),
            custom: Vec::new(),
        }
    }

    #[test]
    fn crawl_notes_and_fetch_failures_read_in_every_language() {
        let notes = [
            CrawlNote::TimeLimit { seconds: 60, not_fetched: 3 },
            CrawlNote::MaxPages { max_pages: 500, not_fetched: 1 },
            CrawlNote::MaxDepth { max_depth: 5, not_followed: 21 },
            CrawlNote::QueryVariants { per_path: 20, skipped: 400 },
            CrawlNote::RobotsIgnored,
            CrawlNote::NoRateLimit,
            CrawlNote::Blocked { pages: 2, links: 1 },
        ];
        let kinds = [
            ErrorKind::Dns,
            ErrorKind::Connect,
            ErrorKind::Timeout,
            ErrorKind::RedirectLoop,
            ErrorKind::TooManyRedirects,
            ErrorKind::Body,
            ErrorKind::Blocked,
            ErrorKind::Other,
        ];
        for locale in Locale::ALL {
            let tr = locale.tr();
            let texts: Vec<String> =
                notes.iter().map(|n| tr.render(&n.text())).chain(kinds.iter().map(|k| tr.render(&k.label()))).collect();
            let unique: std::collections::HashSet<&String> = texts.iter().collect();
            assert_eq!(unique.len(), texts.len(), "{locale}: {texts:?}");
        }
        let tr = Locale::Ru.tr();
        assert_eq!(
            tr.render(&CrawlNote::MaxPages { max_pages: 500, not_fetched: 1 }.text()),
            "обход остановлен на max_pages = 500; найдено, но не загружено страниц: 1"
        );
        assert_eq!(
            CrawlNote::MaxPages { max_pages: 500, not_fetched: 1 }.text(),
            "the crawl stopped at max_pages = 500; 1 more page was found but not fetched"
        );
        let broken = BrokenLink {
            from: "a".into(),
            to: "b".into(),
            kind: RefKind::Link,
            status: None,
            error: Some(ErrorKind::Timeout),
        };
        assert_eq!(tr.render(&broken.why()), "истекло время ожидания");
    }
}
