//! What a crawl found: one small record per page and per checked resource, robots.txt and sitemap facts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::decode::CharsetSource;
use super::extract::HtmlFacts;

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
    Other,
}

impl ErrorKind {
    pub fn label(self) -> &'static str {
        match self {
            ErrorKind::Dns => "host name not found",
            ErrorKind::Connect => "connection failed",
            ErrorKind::Timeout => "timed out",
            ErrorKind::RedirectLoop => "redirect loop",
            ErrorKind::TooManyRedirects => "too many redirects",
            ErrorKind::Body => "broken response body",
            ErrorKind::Other => "request failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchError {
    pub kind: ErrorKind,
    pub message: String,
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
}

impl PageRecord {
    pub fn is_ok(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s)) && self.error.is_none()
    }

    /// A page that answered 2xx with HTML that was read.
    pub fn ok_html(&self) -> Option<&HtmlFacts> {
        if self.is_ok() { self.html.as_ref() } else { None }
    }

    pub fn is_broken(&self) -> bool {
        self.error.is_some() || self.status.is_some_and(|s| s >= 400)
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
    /// 405 "method not allowed" proves the URL exists (a form action that takes POST only): not broken.
    pub fn is_broken(&self) -> bool {
        self.error.is_some() || self.status.is_some_and(|s| s >= 400 && s != 405)
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
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RobotsFacts {
    pub url: String,
    pub status: Option<u16>,
    pub error: Option<String>,
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
    pub errors: Vec<String>,
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
    pub pages: Vec<PageRecord>,
    pub resources: Vec<ResourceCheck>,
    pub broken_links: Vec<BrokenLink>,
    pub robots: RobotsFacts,
    pub sitemap: SitemapFacts,
    pub skipped: Skipped,
    /// Limits that stopped the crawl short, in words.
    pub limits_hit: Vec<String>,
    /// Settings that change what the report means (robots ignored, rate limit off).
    pub warnings: Vec<String>,
    /// Names of the keyword signals, by bit position of a page's signal sets.
    pub signal_names: Vec<String>,
    /// Touchpoint ids of the custom page checks, in the order of a page's `custom` results.
    pub custom_ids: Vec<String>,
    pub duration_ms: u64,
}

impl SiteFacts {
    pub fn page(&self, url: &str) -> Option<&PageRecord> {
        self.pages.iter().find(|p| p.url == url || p.final_url == url)
    }

    /// The start page's record.
    pub fn home(&self) -> Option<&PageRecord> {
        self.pages.iter().find(|p| p.found_via == FoundVia::Start)
    }

    /// The bit of a keyword signal by name (0, matching nothing, when unknown).
    pub fn signal(&self, name: &str) -> u32 {
        self.signal_names.iter().position(|s| s == name).map_or(0, |i| 1 << i)
    }

    /// Pages that answered 2xx with HTML.
    pub fn html_pages(&self) -> impl Iterator<Item = (&PageRecord, &HtmlFacts)> {
        self.pages.iter().filter_map(|p| p.ok_html().map(|h| (p, h)))
    }
}
