//! Load: read audit.toml and everything it names, validate it all, and return a ready [`Audit`].
//!
//! Nothing else runs before the whole input is valid; every problem is reported with file, line and key.

pub(crate) mod address;
pub(crate) mod agency;
pub(crate) mod checklist;
pub(crate) mod diag;
pub(crate) mod hours;
pub(crate) mod keywords;
pub(crate) mod legal;
pub(crate) mod lexicon;
pub(crate) mod locations;
pub(crate) mod offline;
pub(crate) mod replies;
pub(crate) mod sources;
pub(crate) mod survey;
pub(crate) mod translation;
pub(crate) mod weekly;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use crate::error::{Diagnostic, Error, Result};
use crate::i18n::Locale;
use crate::spec::{ParamKind, RuleBook};
use checklist::Checklist;
use lexicon::Lexicon;
use offline::Offline;
use sources::{Columns, Format as ReviewFormat, Location, ReviewSource};
use survey::{SurveyAnswers, SurveyColumns};

/// Where reports go, relative to the audit file, unless `[output] dir` or `-o` says otherwise.
pub(crate) const DEFAULT_OUTPUT_DIR: &str = "report";

/// The largest input file read (audit.toml, checklist, offline.toml, survey, review exports, feeds, results):
/// 512 MiB by default; set `TOUCHAUDIT_MAX_INPUT_BYTES` to raise it for a larger export.
pub(crate) const MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;
/// The environment variable that raises [`MAX_INPUT_BYTES`].
pub(crate) const MAX_INPUT_BYTES_ENV: &str = "TOUCHAUDIT_MAX_INPUT_BYTES";

/// The input size limit in force: [`MAX_INPUT_BYTES`], or the byte count in [`MAX_INPUT_BYTES_ENV`].
pub(crate) fn max_input_bytes() -> u64 {
    std::env::var(MAX_INPUT_BYTES_ENV).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(MAX_INPUT_BYTES)
}

/// Reads an input file from disk: only a regular file (a device such as /dev/zero, a FIFO or a folder would
/// read forever or block), and at most [`max_input_bytes`], counted while reading (a file may grow, and
/// some report no size). The error says which limit and how to raise it.
pub(crate) fn read_input_file(path: &Path) -> std::result::Result<Vec<u8>, String> {
    use std::io::Read;
    // Looked at before opening: opening a FIFO blocks until someone writes to it.
    let metadata = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !metadata.is_file() {
        return Err("not a regular file (a folder, device or pipe cannot be read as input)".to_string());
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let limit = max_input_bytes();
    let too_large = || format!("larger than the input limit of {limit} bytes (set {MAX_INPUT_BYTES_ENV} to raise it)");
    if metadata.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// [`read_input_file`] as UTF-8 text (a BOM is kept for the parsers that drop it).
pub(crate) fn read_input_text(path: &Path) -> std::result::Result<String, String> {
    String::from_utf8(read_input_file(path)?).map_err(|_| "the file is not UTF-8 text; save it as UTF-8".to_string())
}

/// Where input files are read from: the disk, or files embedded in the binary (the demo).
#[derive(Debug, Clone, Copy)]
pub enum Files {
    /// Files on the disk, relative to the audit file.
    Disk,
    /// Files built into the binary, by name.
    Embedded(&'static [(&'static str, &'static str)]),
}

impl Files {
    /// The bytes of a data file (any encoding); the error says why it could not be read.
    pub fn read_bytes(&self, path: &Path) -> std::result::Result<Vec<u8>, String> {
        match self {
            Files::Disk => read_input_file(path),
            Files::Embedded(files) => {
                let wanted = path.to_string_lossy().replace('\\', "/");
                files
                    .iter()
                    .find(|(name, _)| *name == wanted)
                    .map(|(_, text)| text.as_bytes().to_vec())
                    .ok_or_else(|| "not among the embedded files".to_string())
            }
        }
    }

    /// Whether the file exists (a checklist's optional translation, say).
    pub fn has(&self, path: &Path) -> bool {
        match self {
            Files::Disk => path.is_file(),
            Files::Embedded(files) => {
                let wanted = path.to_string_lossy().replace('\\', "/");
                files.iter().any(|(name, _)| *name == wanted)
            }
        }
    }

    /// Reads a UTF-8 text file.
    pub fn read(&self, path: &Path) -> Result<String> {
        match self {
            Files::Disk => {
                read_input_text(path).map_err(|reason| Error::ReadInput { path: path.to_path_buf(), reason })
            }
            Files::Embedded(files) => {
                let wanted = path.to_string_lossy().replace('\\', "/");
                files.iter().find(|(name, _)| *name == wanted).map(|(_, text)| text.to_string()).ok_or_else(|| {
                    Error::ReadInput { path: path.to_path_buf(), reason: "not among the embedded files".to_string() }
                })
            }
        }
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// The self-contained HTML report.
    Html,
    /// The stable JSON result.
    Json,
    /// The Markdown report.
    Md,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Business {
    pub name: String,
    pub site: Option<String>,
    /// The address and phone as they should read everywhere (compared with listings by `listings.nap`).
    pub address: Option<String>,
    pub phone: Option<String>,
    /// The opening hours as they should read everywhere, in schema.org's syntax as [`weekly::WeeklyHours`]
    /// prints it ("Mo-Fr 08:00-19:00, Sa 09:00-14:00").
    pub hours: Option<String>,
    pub locale: Locale,
    pub as_of: Option<NaiveDate>,
}

/// Crawl limits and politeness settings, with their defaults as named constants: one struct for `[crawl]` in
/// audit.toml (every key optional) and the flags of `touchaudit crawl` (`--max-pages`, `--rps`,
/// `--no-rate-limit` ...), so the two never drift apart.
#[derive(Debug, Clone, PartialEq, Deserialize, clap::Args)]
#[serde(deny_unknown_fields, default)]
pub struct CrawlSettings {
    /// Pages crawled at most.
    #[arg(long, value_name = "N", default_value_t = Self::MAX_PAGES)]
    pub max_pages: u32,
    /// Clicks from the start page at most.
    #[arg(long, value_name = "N", default_value_t = Self::MAX_DEPTH)]
    pub max_depth: u32,
    /// Requests at once per host.
    #[arg(long, value_name = "N", default_value_t = Self::CONCURRENCY)]
    pub concurrency: u32,
    /// Requests per second per host.
    #[arg(long = "rps", value_name = "N", default_value_t = Self::REQUESTS_PER_SECOND, conflicts_with = "rate_limit")]
    pub requests_per_second: f64,
    /// Seconds per request.
    #[arg(long = "timeout", value_name = "S", default_value_t = Self::TIMEOUT_S)]
    pub timeout_s: f64,
    /// Bytes read of one page at most (the rest is cut).
    #[arg(long, value_name = "BYTES", default_value_t = Self::MAX_PAGE_BYTES)]
    pub max_page_bytes: u64,
    /// The User-Agent sent with every request.
    #[arg(long, value_name = "TEXT", default_value_t = Self::USER_AGENT.to_string())]
    pub user_agent: String,
    /// Honour robots.txt (audit.toml only: a polite crawler does not offer a flag to ignore it).
    #[arg(skip = true)]
    pub robots: bool,
    /// Keep the per-host rate limit: `--no-rate-limit` (`rate_limit = false` in [crawl]) switches it off, for
    /// your own staging site and benchmarks only; the report says so.
    #[arg(long = "no-rate-limit", action = clap::ArgAction::SetFalse)]
    pub rate_limit: bool,
    /// The whole crawl stops after this many seconds, keeping what it fetched.
    #[arg(long = "max-time", value_name = "S", default_value_t = Self::MAX_TIME_S)]
    pub max_time_s: f64,
    /// Redirects followed per request at most.
    #[arg(long, value_name = "N", default_value_t = Self::MAX_REDIRECTS)]
    pub max_redirects: u32,
    /// Distinct query strings followed per path, against crawl traps such as endless calendars.
    #[arg(long, value_name = "N", default_value_t = Self::MAX_QUERY_VARIANTS)]
    pub max_query_variants: u32,
    /// Regular expressions over URLs: when given, only matching pages are crawled (the start page always).
    #[arg(long, value_name = "REGEX")]
    pub include: Vec<String>,
    /// Regular expressions over URLs never crawled.
    #[arg(long, value_name = "REGEX")]
    pub exclude: Vec<String>,
    /// Also check links to other sites (status only, with the same per-host politeness).
    #[arg(long)]
    pub check_external: bool,
    /// Read pages in headless Chromium too: `auto` renders the start page and the pages that look built by
    /// scripts and measures page speed in the browser, `always` renders every page (up to
    /// `max_rendered_pages`), `never` uses no browser (server response times only).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = RenderMode::Auto)]
    pub render: RenderMode,
    /// Pages rendered in the browser at most.
    #[arg(long, value_name = "N", default_value_t = Self::MAX_RENDERED_PAGES)]
    pub max_rendered_pages: u32,
    /// Seconds one page may take to load and settle in the browser.
    #[arg(long = "render-timeout", value_name = "S", default_value_t = Self::RENDER_TIMEOUT_S)]
    pub render_timeout_s: f64,
    /// Pages whose speed is measured in the browser at most: the start page, then contacts and prices pages.
    #[arg(long, value_name = "N", default_value_t = Self::SPEED_PAGES)]
    pub speed_pages: u32,
    /// Loads of each page whose median is its speed.
    #[arg(long, value_name = "N", default_value_t = Self::SPEED_LOADS)]
    pub speed_loads: u32,
}

/// Browser binaries looked for on PATH, in order; TOUCHAUDIT_CHROMIUM names one explicitly.
const BROWSERS: &[&str] = &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

pub(crate) fn find_browser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("TOUCHAUDIT_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    BROWSERS.iter().find_map(|name| std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| p.is_file()))
}

/// When the crawl reads pages in headless Chromium as well as from the server (`[crawl] render`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, clap::ValueEnum, Default)]
#[serde(rename_all = "lowercase")]
pub enum RenderMode {
    /// The start page and the pages that look built by scripts, and page speed, when Chromium is installed.
    #[default]
    Auto,
    /// Every page, up to `max_rendered_pages`, and page speed.
    Always,
    /// No browser: pages as the server sends them, server response times.
    Never,
}

impl CrawlSettings {
    /// Pages read at most, by default.
    pub const MAX_PAGES: u32 = 500;
    /// Links followed from the start page at most, by default.
    pub const MAX_DEPTH: u32 = 8;
    /// Requests in flight to one host at most, by default.
    pub const CONCURRENCY: u32 = 8;
    /// Requests started per second to one host at most, by default.
    pub const REQUESTS_PER_SECOND: f64 = 10.0;
    /// Seconds one request may take, by default.
    pub const TIMEOUT_S: f64 = 20.0;
    /// Bytes read of one page at most, by default.
    pub const MAX_PAGE_BYTES: u64 = 5_000_000;
    /// Seconds the whole crawl may take, by default.
    pub const MAX_TIME_S: f64 = 600.0;
    /// Redirects followed for one address at most.
    pub const MAX_REDIRECTS: u32 = 10;
    /// Addresses read that differ from one another only in their query, at most, by default.
    pub const MAX_QUERY_VARIANTS: u32 = 20;
    /// Pages rendered in the browser at most, by default.
    pub const MAX_RENDERED_PAGES: u32 = 20;
    /// Seconds a page may take to load and settle in the browser, by default.
    pub const RENDER_TIMEOUT_S: f64 = 20.0;
    /// Pages whose speed is measured in the browser, by default: the start page, a contacts and a prices page.
    pub const SPEED_PAGES: u32 = 3;
    /// Loads per page whose median is taken, by default (Lighthouse's own advice: the median of several runs).
    pub const SPEED_LOADS: u32 = 3;
    /// The User-Agent every request sends.
    pub const USER_AGENT: &str =
        concat!("touchaudit/", env!("CARGO_PKG_VERSION"), " (+https://github.com/touchaudit/touchaudit)");
}

impl Default for CrawlSettings {
    fn default() -> Self {
        CrawlSettings {
            max_pages: Self::MAX_PAGES,
            max_depth: Self::MAX_DEPTH,
            concurrency: Self::CONCURRENCY,
            requests_per_second: Self::REQUESTS_PER_SECOND,
            timeout_s: Self::TIMEOUT_S,
            max_page_bytes: Self::MAX_PAGE_BYTES,
            user_agent: Self::USER_AGENT.to_string(),
            robots: true,
            rate_limit: true,
            max_time_s: Self::MAX_TIME_S,
            max_redirects: Self::MAX_REDIRECTS,
            max_query_variants: Self::MAX_QUERY_VARIANTS,
            include: Vec::new(),
            exclude: Vec::new(),
            check_external: false,
            render: RenderMode::Auto,
            max_rendered_pages: Self::MAX_RENDERED_PAGES,
            render_timeout_s: Self::RENDER_TIMEOUT_S,
            speed_pages: Self::SPEED_PAGES,
            speed_loads: Self::SPEED_LOADS,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutputSettings {
    pub dir: PathBuf,
    pub formats: Vec<OutputFormat>,
    /// Who the report is for (`[output] audience`, `--audience`).
    pub audience: agency::Audience,
    /// The agency's branding (`[agency]`).
    pub agency: Option<agency::Agency>,
}

/// A loaded, fully validated audit.
#[derive(Debug, Clone)]
pub struct Audit {
    /// The audit file as the user named it.
    pub file: PathBuf,
    /// The business: name, site, contacts, locale and audit date.
    pub business: Business,
    /// The checklist, checked against the built-in rules.
    pub checklist: Checklist,
    /// How the site is crawled.
    pub crawl: CrawlSettings,
    /// The manual offline scores, if the audit has any.
    pub offline: Option<Offline>,
    /// The survey answers (NPS, CSAT, CES), if any.
    pub survey: Option<SurveyAnswers>,
    /// Where and what to write.
    pub output: OutputSettings,
    /// Input file names relative to the audit file, for the report's sources section.
    pub inputs: Inputs,
    /// The keyword lists the website rules use.
    pub keywords: crate::config::keywords::Keywords,
    /// Where the audit's files are read from (the demo's are embedded).
    pub files: Files,
    /// Review sources, files or URLs.
    pub reviews: Vec<ReviewSource>,
    /// Mention feeds, files or URLs.
    pub mentions: Vec<Location>,
    /// The reputation rules' settings (windows, reply targets).
    pub reputation: Reputation,
    /// The saved brand search results, if any.
    pub serm: Option<crate::config::sources::SermSource>,
    /// Rivals checked from outside with the same touchpoints (`[[competitor]]`).
    pub competitors: Vec<Competitor>,
    /// The chain's locations (`[[location]]`), each judged on its own; empty for a single business.
    pub locations: Vec<locations::ChainLocation>,
}

impl Audit {
    /// It reads a review or listing source from a platform's API (its own, a rival's or a location's).
    pub(crate) fn has_live_sources(&self) -> bool {
        let live = |sources: &[ReviewSource]| sources.iter().any(|s| matches!(s.location, Location::Live(_)));
        live(&self.reviews)
            || self.competitors.iter().any(|c| live(&c.reviews))
            || self.locations.iter().any(|l| live(&l.reviews))
    }
}

/// A rival: its name, site and review or listing sources.
#[derive(Debug, Clone, PartialEq)]
pub struct Competitor {
    pub name: String,
    pub site: Option<String>,
    pub reviews: Vec<ReviewSource>,
}

/// Rivals an audit compares at most (each is crawled like the business: raise it with care).
pub(crate) const MAX_COMPETITORS: usize = 10;
/// Rivals seeded from one listing export's "People also search for" at most (`[[reviews]] rivals = N`).
pub(crate) const MAX_SEEDED_RIVALS: usize = 10;

/// `[reputation]`: the platforms the business should be on, and the word lists for themes and tone.
#[derive(Debug, Clone, PartialEq)]
pub struct Reputation {
    pub platforms: Vec<String>,
    pub lexicon: Lexicon,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    pub audit: String,
    pub offline: Option<String>,
    pub survey: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditToml {
    business: BusinessToml,
    checklist: Option<Spanned<String>>,
    crawl: Option<Spanned<CrawlSettings>>,
    offline: Option<Spanned<String>>,
    survey: Option<SurveyToml>,
    #[serde(default)]
    output: OutputToml,
    #[serde(default)]
    reviews: Vec<Spanned<ReviewToml>>,
    #[serde(default)]
    mentions: Vec<Spanned<MentionToml>>,
    #[serde(default)]
    reputation: ReputationToml,
    serm: Option<SermToml>,
    site: Option<SiteToml>,
    agency: Option<agency::AgencyToml>,
    #[serde(default)]
    competitor: Vec<Spanned<CompetitorToml>>,
    #[serde(default)]
    location: Vec<Spanned<locations::LocationToml>>,
}

/// `[[competitor]]`: a rival checked from outside with the same touchpoints as the business.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompetitorToml {
    name: Spanned<String>,
    site: Option<Spanned<String>>,
    #[serde(default)]
    reviews: Vec<Spanned<ReviewToml>>,
}

/// `[site]`: how the crawl reads pages; `[site.keywords]` extends or replaces checklists/keywords.toml.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteToml {
    keywords: Option<Spanned<toml::Table>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SermToml {
    file: Spanned<String>,
    #[serde(default)]
    own: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReviewToml {
    platform: Option<String>,
    file: Option<String>,
    url: Option<String>,
    /// A platform API read live (`apify`, `gbp`, `outscraper`, `2gis`), with its target key below.
    source: Option<String>,
    task: Option<String>,
    actor: Option<String>,
    dataset: Option<String>,
    location: Option<String>,
    query: Option<String>,
    branch: Option<String>,
    max_items: Option<usize>,
    format: Option<ReviewFormat>,
    rules: Option<String>,
    scale: Option<f64>,
    delimiter: Option<char>,
    columns: Option<Spanned<Columns>>,
    /// Up to this many rivals from the export's "People also search for" (rating and count only).
    rivals: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MentionToml {
    feed: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ReputationToml {
    #[serde(default)]
    platforms: Vec<String>,
    themes: Option<Spanned<String>>,
    tone: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BusinessToml {
    name: Spanned<String>,
    site: Option<Spanned<String>>,
    address: Option<String>,
    phone: Option<String>,
    hours: Option<Spanned<String>>,
    locale: Option<Spanned<String>>,
    as_of: Option<Spanned<toml::value::Datetime>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct OutputToml {
    dir: Option<String>,
    formats: Option<Vec<OutputFormat>>,
    audience: Option<agency::Audience>,
}

/// `survey = "survey.csv"` or `[survey] file = "survey.csv"` with column names.
struct SurveyToml {
    file: Spanned<String>,
    columns: SurveyColumns,
    /// The columns the auditor named (key and name where it was written): each must be in the file's header.
    named: Vec<(&'static str, Spanned<String>)>,
    /// The column that names each answer's location, in a chain (`[[location]]`).
    location: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SurveyTable {
    file: Spanned<String>,
    nps: Option<Spanned<String>>,
    nps_reason: Option<Spanned<String>>,
    csat: Option<Spanned<String>>,
    ces: Option<Spanned<String>>,
    delimiter: Option<char>,
    location: Option<Spanned<String>>,
}

impl<'de> Deserialize<'de> for SurveyToml {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct SurveyVisitor;
        impl<'de> Visitor<'de> for SurveyVisitor {
            type Value = SurveyToml;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a file name or a [survey] table with `file` and column names")
            }
            fn visit_str<E: de::Error>(self, file: &str) -> std::result::Result<SurveyToml, E> {
                Ok(SurveyToml {
                    file: Spanned::new(0..0, file.to_string()),
                    columns: SurveyColumns::default(),
                    named: Vec::new(),
                    location: None,
                })
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> std::result::Result<SurveyToml, M::Error> {
                let table = SurveyTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let defaults = SurveyColumns::default();
                let named: Vec<(&'static str, Spanned<String>)> =
                    [("nps", table.nps), ("nps_reason", table.nps_reason), ("csat", table.csat), ("ces", table.ces)]
                        .into_iter()
                        .filter_map(|(key, name)| Some((key, name?)))
                        .collect();
                let given = |key: &str| named.iter().find(|(k, _)| *k == key).map(|(_, n)| n.get_ref().clone());
                let columns = SurveyColumns {
                    nps: given("nps").unwrap_or(defaults.nps),
                    nps_reason: given("nps_reason").unwrap_or(defaults.nps_reason),
                    csat: given("csat").unwrap_or(defaults.csat),
                    ces: given("ces").unwrap_or(defaults.ces),
                    delimiter: table.delimiter,
                    only: None,
                };
                Ok(SurveyToml { file: table.file, columns, named, location: table.location })
            }
        }
        deserializer.deserialize_any(SurveyVisitor)
    }
}

/// A touchpoint that requires a keyword signal the keyword lists do not have could never pass (`require =
/// ["warranty", "refnd"]`): an error naming the touchpoint, the nearest signal and, for a checklist file, the
/// line where the name stands.
fn unknown_signals(
    checklist: &Checklist,
    checklist_file: Option<(&Path, &str)>,
    keywords: &crate::config::keywords::Keywords,
) -> Vec<Diagnostic> {
    let text = checklist_file.map_or("", |(_, text)| text);
    let file = checklist_file.map_or_else(|| PathBuf::from("checklists/default.toml"), |(f, _)| f.to_path_buf());
    let mut problems = Vec::new();
    for touchpoint in &checklist.touchpoints {
        let signal_params = touchpoint.rule.params.iter().filter(|p| p.kind == ParamKind::Signals);
        for (param, name) in
            signal_params.flat_map(|p| touchpoint.params.list(p.name).into_iter().map(move |n| (p.name, n)))
        {
            if keywords.signals.iter().any(|s| s == name) {
                continue;
            }
            // The line: the quoted name after the touchpoint's id in the file, when the checklist is a file.
            let position = text.find(&format!("\"{}\"", touchpoint.id)).and_then(|at| {
                let offset = at + text[at..].find(&format!("\"{name}\""))?;
                Some(diag::line_col(text, offset + 1))
            });
            problems.push(
                Diagnostic::new(
                    &file,
                    position,
                    format!("touchpoint `{}`: `{param}` names `{name}`, which is no keyword signal", touchpoint.id),
                )
                .with_help(
                    diag::did_you_mean(name, keywords.signals.iter().map(String::as_str))
                        .or_else(|| Some(format!("the signals are: {}", keywords.signals.join(", ")))),
                ),
            );
        }
    }
    problems
}

/// Reports each column a `[[reviews]]` mapping names that the export does not have (its values would be
/// dropped from every review), with the columns it has and the nearest. An unreadable file is left to the
/// gathering step, which reports it with the source.
fn check_review_columns(
    columns: &Spanned<Columns>,
    file: &Path,
    files: Files,
    delimiter: Option<u8>,
    report: &mut dyn FnMut(std::ops::Range<usize>, String, Option<String>),
) {
    let Ok(bytes) = files.read_bytes(file) else { return };
    let (text, encoding) = crate::text::data_file_text(bytes);
    let header = sources::column_names(&text, delimiter);
    if header.is_empty() {
        return;
    }
    for (key, name) in columns.get_ref().named() {
        if header.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            continue;
        }
        report(
            columns.span(),
            format!(
                "[[reviews]] column `{name}` (for `{key}`) is not in {}; its columns are: {}{}",
                file.display(),
                diag::listed(&header),
                encoding.map_or(String::new(), |e| format!(" (the file is not UTF-8: read as {e})"))
            ),
            diag::did_you_mean(name, header.iter().map(String::as_str)),
        );
    }
}

/// Whether every column the auditor named in `[survey]` is in the survey's header; reports each one that
/// is not (where it was named, the columns there are and the nearest), since its answers would be dropped.
fn named_columns_exist(
    config: &SurveyToml,
    text: &str,
    file: &Path,
    report: &mut dyn FnMut(std::ops::Range<usize>, String, Option<String>),
) -> bool {
    let header = survey::header(text, &config.columns);
    let mut all = true;
    for (key, name) in &config.named {
        if header.iter().any(|h| h.eq_ignore_ascii_case(name.get_ref())) {
            continue;
        }
        all = false;
        let help = diag::did_you_mean(name.get_ref(), header.iter().map(String::as_str));
        report(
            name.span(),
            format!(
                "survey column `{}` (for `{key}`) is not in {}; its columns are: {}",
                name.get_ref(),
                file.display(),
                if header.is_empty() { "none".to_string() } else { diag::listed(&header) }
            ),
            help,
        );
    }
    all
}

/// Reads and validates an audit file and everything it names; `locale`, when given, overrides the file's.
/// The checklist is checked against `rules`, the built-in rules' declarations (`rules::registry::Registry`;
/// [`crate::load`] passes it).
pub(crate) fn load(path: &Path, files: Files, locale: Option<Locale>, rules: &dyn RuleBook) -> Result<Audit> {
    let text = files.read(path)?;
    let raw: AuditToml = toml::from_str(&text).map_err(|e| Error::single(diag::from_toml(path, &text, &e)))?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let here = Here { path, text: &text };
    let mut problems: Vec<Diagnostic> = Vec::new();

    let business = checked_business(&raw.business, locale, here, &mut problems);
    let crawl = match raw.crawl {
        None => CrawlSettings::default(),
        Some(spanned) => {
            if let Err(message) = check_crawl(spanned.get_ref()) {
                problems.push(here.at(spanned.span(), format!("[crawl]: {message}")));
            }
            spanned.into_inner()
        }
    };
    let (checklist, checklist_file) =
        load_checklist(&raw.checklist, (&dir, files, business.locale), rules, here, &mut problems)?;
    let mut inputs = Inputs { audit: file_name(path), ..Inputs::default() };
    let offline =
        load_offline(&raw.offline, (&dir, files, &checklist, business.as_of), &mut inputs, here, &mut problems);
    let survey = load_survey(&raw.survey, (path, &dir, files), &mut inputs, here, &mut problems);
    let keywords = load_keywords(raw.site.as_ref(), here, &mut problems)?;
    problems.extend(unknown_signals(
        &checklist,
        checklist_file.as_ref().map(|(f, t)| (f.as_path(), t.as_str())),
        &keywords,
    ));
    let mut review_sources = Vec::new();
    for spanned in &raw.reviews {
        let mut problem = |span, message: String, help| problems.push(here.at(span, message).with_help(help));
        review_sources.extend(checked_review_source(spanned, "[[reviews]]", (&dir, files), &mut problem));
    }
    let competitors = checked_competitors(&raw.competitor, (&dir, files), here, &mut problems);
    let chain = checked_locations(
        (&raw.location, raw.survey.as_ref()),
        (&dir, files, &checklist, business.as_of),
        here,
        &mut problems,
    );
    let mentions: Vec<Location> = raw.mentions.iter().map(|m| location(&m.get_ref().feed, &dir)).collect();
    let serm = checked_serm(raw.serm.as_ref(), &dir, here, &mut problems);
    let lexicon = load_lexicon(&raw.reputation, (&dir, files), here, &mut problems);
    let agency = raw.agency.as_ref().map(|a| checked_agency(a, (&dir, files), here, &mut problems));
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let Some(lexicon) = lexicon else { return Err(Error::Invalid(problems)) };
    let lexicon = lexicon.naming(&business.name);
    let mut formats =
        raw.output.formats.unwrap_or_else(|| vec![OutputFormat::Html, OutputFormat::Json, OutputFormat::Md]);
    formats.sort();
    formats.dedup();
    Ok(Audit {
        file: path.to_path_buf(),
        business,
        checklist,
        crawl,
        offline,
        survey,
        output: OutputSettings {
            dir: dir.join(raw.output.dir.as_deref().unwrap_or(DEFAULT_OUTPUT_DIR)),
            formats,
            audience: raw.output.audience.unwrap_or_default(),
            agency,
        },
        inputs,
        keywords,
        files,
        reviews: review_sources,
        mentions,
        reputation: Reputation { platforms: raw.reputation.platforms, lexicon },
        serm,
        competitors,
        locations: chain,
    })
}

/// `[[location]]`: each location's details, sources, offline file and survey rows, checked like the
/// business's own; at most [`locations::MAX_LOCATIONS`], names unique.
fn checked_locations(
    (raw_locations, raw_survey): (&[Spanned<locations::LocationToml>], Option<&SurveyToml>),
    (dir, files, checklist, as_of): (&Path, Files, &Checklist, Option<NaiveDate>),
    here: Here,
    problems: &mut Vec<Diagnostic>,
) -> Vec<locations::ChainLocation> {
    if raw_locations.len() > locations::MAX_LOCATIONS {
        let (count, max) = (raw_locations.len(), locations::MAX_LOCATIONS);
        problems
            .push(here.at(raw_locations[max].span(), format!("{count} [[location]]s: at most {max} (MAX_LOCATIONS)")));
        return Vec::new();
    }
    let survey = raw_survey.and_then(|s| Some((s, s.location.as_ref()?)));
    if let Some(survey) = raw_survey
        && let Some(column) = &survey.location
        && raw_locations.is_empty()
    {
        problems
            .push(here.at(column.span(), "[survey] `location` marks the answers of [[location]]s: add them".into()));
    }
    let survey_text = survey.and_then(|(s, _)| files.read(&dir.join(s.file.get_ref())).ok());
    let mut out: Vec<locations::ChainLocation> = Vec::new();
    for spanned in raw_locations {
        let loc = spanned.get_ref();
        let name = loc.name.get_ref().trim().to_string();
        if name.is_empty() || out.iter().any(|o| o.name.eq_ignore_ascii_case(&name)) {
            problems.push(here.at(loc.name.span(), format!("[[location]] `name` = `{name}` must be given and unique")));
            continue;
        }
        let hours = loc.hours.as_ref().filter(|h| !h.get_ref().trim().is_empty()).and_then(|h| {
            weekly::WeeklyHours::parse_schema_org(h.get_ref())
                .map(|w| w.to_string())
                .map_err(|why| problems.push(here.at(h.span(), format!("[[location]] `{name}` hours: {why}"))))
                .ok()
        });
        let mut reviews = Vec::new();
        for source in &loc.reviews {
            let mut problem = |span, message: String, help| problems.push(here.at(span, message).with_help(help));
            reviews.extend(checked_review_source(source, "[[location.reviews]]", (dir, files), &mut problem));
        }
        let offline =
            load_offline(&loc.offline, (dir, files, checklist, as_of), &mut Inputs::default(), here, problems);
        let survey = match (survey, &survey_text) {
            (Some((s, column)), Some(text)) => {
                let value = loc.survey.clone().unwrap_or_else(|| name.clone());
                let file = dir.join(s.file.get_ref());
                locations::survey_rows(&file, text, &s.columns, (column.get_ref(), &value)).map(|mut answers| {
                    answers.file = format!("{} ({} = {value})", s.file.get_ref(), column.get_ref());
                    answers
                })
            }
            _ => None,
        };
        let nonempty = |t: &Option<String>| t.clone().filter(|t| !t.trim().is_empty());
        out.push(locations::ChainLocation {
            name,
            address: nonempty(&loc.address),
            phone: nonempty(&loc.phone),
            hours,
            reviews,
            offline,
            survey,
        });
    }
    out
}

/// Where a problem of the audit file is: the file and its text, for `file:line:col` from a span.
#[derive(Clone, Copy)]
struct Here<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Here<'_> {
    fn at(self, span: std::ops::Range<usize>, message: String) -> Diagnostic {
        diag::at(self.path, self.text, span, message)
    }
}

/// `[business]`: the name, the report language (`locale` overrides the file's), the date, the site and the
/// reference address, phone and hours, checked.
fn checked_business(
    raw: &BusinessToml,
    locale: Option<Locale>,
    here: Here,
    problems: &mut Vec<Diagnostic>,
) -> Business {
    let name = raw.name.get_ref().trim().to_string();
    if name.is_empty() {
        problems.push(here.at(raw.name.span(), "`name` in [business] must not be empty".to_string()));
    }
    let file_locale = match &raw.locale {
        None => Locale::default(),
        Some(spanned) => Locale::parse(spanned.get_ref()).unwrap_or_else(|| {
            let codes = Locale::ALL.map(Locale::code);
            problems.push(
                here.at(spanned.span(), format!("locale `{}` is not available", spanned.get_ref())).with_help(
                    diag::did_you_mean(spanned.get_ref(), codes).or(Some(format!("available: {}", codes.join(", ")))),
                ),
            );
            Locale::default()
        }),
    };
    let locale = locale.unwrap_or(file_locale);
    let as_of = match &raw.as_of {
        None => None,
        Some(date) => {
            let parsed = offline::date_of(date.get_ref());
            if parsed.is_none() {
                problems.push(here.at(date.span(), "`as_of` must be a date like 2026-11-01".to_string()));
            }
            parsed
        }
    };
    let site = raw.site.as_ref().map(|s| s.get_ref().trim().to_string());
    if let (Some(spanned), Some(site)) = (&raw.site, &site)
        && !(site.starts_with("http://") || site.starts_with("https://"))
    {
        problems.push(here.at(spanned.span(), format!("`site` must be an http(s) URL, not `{site}`")));
    }
    let hours = match &raw.hours {
        Some(text) if !text.get_ref().trim().is_empty() => {
            match weekly::WeeklyHours::parse_schema_org(text.get_ref()) {
                Ok(week) => Some(week.to_string()),
                Err(why) => {
                    problems.push(here.at(text.span(), format!("[business] hours: {why}")));
                    None
                }
            }
        }
        _ => None,
    };
    Business {
        name,
        site,
        address: raw.address.clone().filter(|a| !a.trim().is_empty()),
        phone: raw.phone.clone().filter(|p| !p.trim().is_empty()),
        hours,
        locale,
        as_of,
    }
}

/// The checklist (built in, or a file relative to the audit file) in the report's language, with the file's
/// path and text when it is one (to place later problems at their line). A checklist that cannot be read or
/// parsed stops the load with every problem found so far; problems of its translation are listed with the rest.
fn load_checklist(
    raw: &Option<Spanned<String>>,
    (dir, files, locale): (&Path, Files, Locale),
    rules: &dyn RuleBook,
    here: Here,
    problems: &mut Vec<Diagnostic>,
) -> Result<(Checklist, Option<(PathBuf, String)>)> {
    let mut checklist_file = None;
    let mut checklist = match raw {
        None => Checklist::builtin(rules).map_err(Error::Invalid)?,
        Some(name) if name.get_ref() == checklist::DEFAULT_NAME => Checklist::builtin(rules).map_err(Error::Invalid)?,
        Some(name) => {
            let file = dir.join(name.get_ref());
            let checklist_text =
                files.read(&file).map_err(|e| {
                    Error::single(here.at(name.span(), format!("checklist: {e}")).with_help(Some(
                        "use `checklist = \"default\"` or a path relative to the audit file".to_string(),
                    )))
                })?;
            let origin = name.get_ref().clone();
            let parsed = checklist::parse(&file, &checklist_text, &origin, rules);
            checklist_file = Some((file, checklist_text));
            match parsed {
                Ok(checklist) => checklist,
                Err(mut checklist_problems) => {
                    problems.append(&mut checklist_problems);
                    return Err(Error::Invalid(std::mem::take(problems)));
                }
            }
        }
    };

    // Problems in the translation overlay are listed with the rest; a file that cannot be read stops here.
    let checklist_path = checklist_file.as_ref().map(|(file, _)| file.as_path());
    match translation::localize(&mut checklist, checklist_path, files, locale, rules) {
        Ok(()) => {}
        Err(Error::Invalid(mut overlay_problems)) => problems.append(&mut overlay_problems),
        Err(other) => return Err(other),
    }

    Ok((checklist, checklist_file))
}

/// offline.toml, when the audit names one, checked against the checklist.
fn load_offline(
    raw: &Option<Spanned<String>>,
    (dir, files, checklist, as_of): (&Path, Files, &Checklist, Option<NaiveDate>),
    inputs: &mut Inputs,
    here: Here,
    problems: &mut Vec<Diagnostic>,
) -> Option<Offline> {
    match raw {
        None => None,
        Some(name) => {
            let file = dir.join(name.get_ref());
            match files.read(&file) {
                Err(e) => {
                    problems.push(here.at(name.span(), format!("offline: {e}")));
                    None
                }
                Ok(offline_text) => match offline::parse(
                    &file,
                    &offline_text,
                    checklist,
                    as_of.unwrap_or_else(|| chrono::Local::now().date_naive()),
                ) {
                    Ok(mut offline) => {
                        offline.file = name.get_ref().clone();
                        inputs.offline = Some(name.get_ref().clone());
                        Some(offline)
                    }
                    Err(mut offline_problems) => {
                        problems.append(&mut offline_problems);
                        None
                    }
                },
            }
        }
    }
}

/// The survey export of `[survey]`, the columns it names checked against its header.
fn load_survey(
    raw: &Option<SurveyToml>,
    (path, dir, files): (&Path, &Path, Files),
    inputs: &mut Inputs,
    here: Here,
    problems: &mut Vec<Diagnostic>,
) -> Option<SurveyAnswers> {
    match raw {
        None => None,
        Some(config) => {
            let file = dir.join(config.file.get_ref());
            let span = config.file.span();
            match files.read(&file) {
                Err(e) => {
                    problems.push(if span.is_empty() {
                        Diagnostic::new(path, None, format!("survey: {e}"))
                    } else {
                        here.at(span, format!("survey: {e}"))
                    });
                    None
                }
                Ok(survey_text)
                    if !named_columns_exist(config, &survey_text, &file, &mut |span, message, help| {
                        problems.push(here.at(span, message).with_help(help))
                    }) =>
                {
                    None
                }
                Ok(survey_text) => match survey::parse(&file, &survey_text, &config.columns) {
                    Ok(mut answers) => {
                        answers.file = config.file.get_ref().clone();
                        inputs.survey = Some(config.file.get_ref().clone());
                        Some(answers)
                    }
                    Err(problem) => {
                        problems.push(problem);
                        None
                    }
                },
            }
        }
    }
}

/// The keyword lists: the built-in ones, with `[site.keywords]` laid over them.
fn load_keywords(
    site: Option<&SiteToml>,
    here: Here,
    problems: &mut Vec<Diagnostic>,
) -> Result<crate::config::keywords::Keywords> {
    Ok(match site.and_then(|s| s.keywords.as_ref()) {
        None => crate::config::keywords::Keywords::builtin().map_err(Error::single)?,
        Some(overlay) => match crate::config::keywords::Keywords::with_overlay(overlay.get_ref()) {
            Ok(keywords) => keywords,
            Err(message) => {
                problems.push(here.at(overlay.span(), format!("[site.keywords]: {message}")));
                crate::config::keywords::Keywords::builtin().map_err(Error::single)?
            }
        },
    })
}

/// `[[competitor]]` entries, at most [`MAX_COMPETITORS`], each with its site and review sources checked.
fn checked_competitors(
    raw: &[Spanned<CompetitorToml>],
    (dir, files): (&Path, Files),
    here: Here,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Competitor> {
    let mut competitors = Vec::new();
    if raw.len() > MAX_COMPETITORS {
        problems.push(here.at(
            raw[MAX_COMPETITORS].span(),
            format!("at most {MAX_COMPETITORS} [[competitor]] entries are compared (MAX_COMPETITORS)"),
        ));
    }
    for spanned in raw.iter().take(MAX_COMPETITORS) {
        let c = spanned.get_ref();
        let name = c.name.get_ref().trim().to_string();
        if name.is_empty() {
            problems.push(here.at(c.name.span(), "[[competitor]]: `name` must not be empty".to_string()));
        }
        let site = c.site.as_ref().map(|s| s.get_ref().trim().to_string());
        if let (Some(spanned), Some(site)) = (&c.site, &site)
            && !(site.starts_with("http://") || site.starts_with("https://"))
        {
            problems
                .push(here.at(spanned.span(), format!("[[competitor]]: `site` must be an http(s) URL, not `{site}`")));
        }
        let mut reviews = Vec::new();
        for source in &c.reviews {
            let mut problem = |span, message: String, help| problems.push(here.at(span, message).with_help(help));
            if source.get_ref().rivals.is_some() {
                problem(
                    source.span(),
                    "[[competitor.reviews]]: `rivals` seeds the business's own rivals; give it in [[reviews]]".into(),
                    None,
                );
            }
            reviews.extend(checked_review_source(source, "[[competitor.reviews]]", (dir, files), &mut problem));
        }
        competitors.push(Competitor { name, site, reviews });
    }
    competitors
}

/// `[serm]`: a saved results page (never a URL to query) and the business's own result URLs.
fn checked_serm(
    raw: Option<&SermToml>,
    dir: &Path,
    here: Here,
    problems: &mut Vec<Diagnostic>,
) -> Option<crate::config::sources::SermSource> {
    match raw {
        None => None,
        Some(serm) => match location(serm.file.get_ref(), dir) {
            Location::Url(_) => {
                problems.push(
                    here.at(
                        serm.file.span(),
                        "[serm]: `file` must be a saved export of the results page, not a URL (search engines forbid \
                     automated queries)"
                            .to_string(),
                    ),
                );
                None
            }
            file => {
                let bad_own: Vec<&String> = serm.own.iter().filter(|o| url::Url::parse(o).is_err()).collect();
                if !bad_own.is_empty() {
                    problems
                        .push(here.at(serm.file.span(), format!("[serm]: `own` entries must be URLs: {bad_own:?}")));
                }
                Some(crate::config::sources::SermSource { file, own: serm.own.clone() })
            }
        },
    }
}

/// The complaint themes and tone words of `[reputation]` (the built-in lists unless files are named).
fn load_lexicon(
    raw: &ReputationToml,
    (dir, files): (&Path, Files),
    here: Here,
    problems: &mut Vec<Diagnostic>,
) -> Option<Lexicon> {
    let mut read_list = |name: &Option<Spanned<String>>, default: &'static str, builtin: &str| match name {
        None => Some((PathBuf::from(builtin), default.to_string())),
        Some(name) => {
            let file = dir.join(name.get_ref());
            match files.read(&file) {
                Ok(text) => Some((file, text)),
                Err(e) => {
                    problems.push(here.at(name.span(), format!("[reputation]: {e}")));
                    None
                }
            }
        }
    };
    let themes = read_list(&raw.themes, lexicon::DEFAULT_THEMES, "checklists/themes.toml");
    let tone = read_list(&raw.tone, lexicon::DEFAULT_TONE, "checklists/tone.toml");
    match (themes, tone) {
        (Some((themes_file, themes)), Some((tone_file, tone))) => {
            match Lexicon::parse(&themes_file, &themes, &tone_file, &tone) {
                Ok(lexicon) => Some(lexicon),
                Err(problem) => {
                    problems.push(problem);
                    None
                }
            }
        }
        _ => None,
    }
}

/// `[agency]`: the name the report carries, its contact, footer, accent colour and logo (read and checked).
fn checked_agency(
    a: &agency::AgencyToml,
    (dir, files): (&Path, Files),
    here: Here,
    problems: &mut Vec<Diagnostic>,
) -> agency::Agency {
    let mut agency = agency::Agency {
        name: a.name.get_ref().trim().to_string(),
        contact: a.contact.clone().filter(|c| !c.trim().is_empty()),
        footer: a.footer.clone().filter(|f| !f.trim().is_empty()),
        ..agency::Agency::default()
    };
    if agency.name.is_empty() {
        problems.push(here.at(a.name.span(), "[agency]: `name` must not be empty".to_string()));
    }
    if let Some(accent) = &a.accent {
        if agency::valid_colour(accent.get_ref()) {
            agency.accent = Some(accent.get_ref().trim().to_string());
        } else {
            problems.push(here.at(
                accent.span(),
                format!("[agency]: `accent` must be a colour like \"#1a73e8\", not `{}`", accent.get_ref()),
            ));
        }
    }
    if let Some(logo) = &a.logo {
        let path = dir.join(logo.get_ref());
        match files.read_bytes(&path).map_err(|e| e.to_string()).and_then(|b| agency::logo_data_url(&path, &b)) {
            Ok(url) => agency.logo = Some(url),
            Err(e) => problems.push(here.at(logo.span(), format!("[agency]: {e}"))),
        }
    }
    agency
}

/// One `[[reviews]]` table (the business's or a rival's, named by `table` in messages) as a source, with its
/// `columns` checked against the file's header; `problem` gets what is wrong.
fn checked_review_source(
    spanned: &Spanned<ReviewToml>,
    table: &str,
    (dir, files): (&Path, Files),
    problem: &mut dyn FnMut(std::ops::Range<usize>, String, Option<String>),
) -> Option<ReviewSource> {
    match review_source(spanned.get_ref(), dir) {
        Ok(source) => {
            // A named export (or rule file) that is not there is bad input, in `run` as in `validate`: a monthly
            // CI job must not go green without its reviews.
            for (what, location) in [("file", Some(&source.location)), ("rule file", source.rules.as_ref())] {
                if let Some(Location::File { path: file, name }) = location
                    && !files.has(file)
                {
                    let message = format!("{table}: the {what} `{name}` does not exist ({})", file.display());
                    problem(spanned.span(), message, None);
                    return None;
                }
            }
            if let (Some(columns), Location::File { path: file, .. }) = (&spanned.get_ref().columns, &source.location) {
                check_review_columns(columns, file, files, source.delimiter, problem);
            }
            Some(source)
        }
        Err(message) => {
            problem(spanned.span(), format!("{table}: {message}"), None);
            None
        }
    }
}

/// A file relative to the audit file, or a URL.
fn location(name: &str, dir: &Path) -> Location {
    let name = name.trim();
    if name.starts_with("http://") || name.starts_with("https://") {
        Location::Url(name.to_string())
    } else {
        Location::File { path: dir.join(name), name: name.to_string() }
    }
}

/// Where a `[[reviews]]` entry reads from (a file, a URL or a live API) and the format it is in.
fn review_location(raw: &ReviewToml, dir: &Path) -> std::result::Result<(Location, ReviewFormat), String> {
    let targets = [
        ("task", raw.task.as_deref()),
        ("actor", raw.actor.as_deref()),
        ("dataset", raw.dataset.as_deref()),
        ("location", raw.location.as_deref()),
        ("query", raw.query.as_deref()),
        ("branch", raw.branch.as_deref()),
    ];
    Ok(match (&raw.file, &raw.url, &raw.source) {
        (None, None, Some(api)) => {
            let live = sources::LiveSource::new(api, targets, raw.max_items)?;
            let format = live.api.format();
            if raw.format.is_some_and(|f| f != format) {
                return Err(format!("`source = \"{api}\"` reads `format = \"{}\"`: leave `format` out", format.name()));
            }
            (Location::Live(live), format)
        }
        (_, _, Some(_)) => return Err("give `source` (a live API) or `file`/`url`, not both".into()),
        (file, url, None) => {
            if let Some((key, _)) = targets.iter().find(|(_, v)| v.is_some()) {
                return Err(format!("`{key}` is for a live source: give `source` too (apify, gbp, outscraper, 2gis)"));
            }
            if raw.max_items.is_some() {
                return Err("`max_items` is for a live source (`source = …`)".into());
            }
            let Some(format) = raw.format else {
                return Err(format!("give the export's `format`: one of {}", ReviewFormat::names_where(|_| true)));
            };
            let at = match (file, url) {
                (Some(file), None) => Location::File { path: dir.join(file), name: file.clone() },
                (None, Some(url)) if url.starts_with("http://") || url.starts_with("https://") => {
                    Location::Url(url.clone())
                }
                (None, Some(url)) => return Err(format!("`url` must be an http(s) URL, not `{url}`")),
                (Some(_), Some(_)) => return Err("give `file` or `url`, not both".into()),
                (None, None) => {
                    return Err("give the export's `file` (or the page's `url`, or a live `source`)".into());
                }
            };
            (at, format)
        }
    })
}

/// Checks a `[[reviews]]` entry: one of `file`, `url` and `source`, `rules` for html pages only, columns for
/// tables only.
fn review_source(raw: &ReviewToml, dir: &Path) -> std::result::Result<ReviewSource, String> {
    let (at, format) = review_location(raw, dir)?;
    let rules = match (format.takes_rules(), &raw.rules) {
        (true, None) => {
            return Err(format!(
                "an html source needs `rules`: a selector rule file, or one of the built-in {}",
                sources::PLATFORM_RULES.iter().map(|(n, _)| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        (true, Some(rules)) => Some(match sources::PLATFORM_RULES.iter().find(|(n, _)| n == rules) {
            Some((name, text)) => Location::Builtin { name: format!("checklists/platforms/{name}.toml"), text },
            None if rules.ends_with(".toml") => location(rules, dir),
            None => {
                return Err(format!(
                    "no built-in platform rules `{rules}`{}; or give a path ending in .toml",
                    diag::did_you_mean(rules, sources::PLATFORM_RULES.iter().map(|(n, _)| *n))
                        .map_or(String::new(), |d| format!(" ({d})"))
                ));
            }
        }),
        (false, Some(_)) => {
            return Err(format!(
                "`rules` is for `format` {} only",
                ReviewFormat::names_where(ReviewFormat::takes_rules)
            ));
        }
        (false, None) => None,
    };
    if !format.is_table() && (raw.columns.is_some() || raw.delimiter.is_some() || raw.scale.is_some()) {
        return Err(format!(
            "`columns`, `delimiter` and `scale` are for the table exports: `format` {}",
            ReviewFormat::names_where(ReviewFormat::is_table)
        ));
    }
    let scale = raw.scale.unwrap_or(5.0);
    if !(sources::MIN_SCALE..=sources::MAX_SCALE).contains(&scale) {
        return Err(format!(
            "`scale` = {} must be from {} to {} (5 for stars, 10 for points)",
            show_number(scale),
            sources::MIN_SCALE,
            sources::MAX_SCALE
        ));
    }
    let seed_rivals = raw.rivals.unwrap_or(0);
    if seed_rivals > MAX_SEEDED_RIVALS {
        return Err(format!(
            "`rivals` = {seed_rivals}: at most {MAX_SEEDED_RIVALS} rivals are seeded from one export (MAX_SEEDED_RIVALS)"
        ));
    }
    if seed_rivals > 0 && !format.seeds_rivals() {
        return Err("`rivals` reads an Apify Google Maps place export's `peopleAlsoSearch`: give it with                     `format = \"apify\"`"
            .into());
    }
    let delimiter = match raw.delimiter {
        Some(c) if c.is_ascii() => Some(c as u8),
        Some(c) => return Err(format!("delimiter `{c}` must be one ASCII character")),
        None => None,
    };
    Ok(ReviewSource {
        platform: raw.platform.clone(),
        location: at,
        format,
        rules,
        scale,
        delimiter,
        columns: raw.columns.as_ref().map(|c| c.get_ref().clone()).unwrap_or_default(),
        seed_rivals,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Bounds of the crawl settings that become durations or rates: a value outside them is a typo (or `inf`),
/// and would overflow the timer arithmetic.
pub(crate) mod crawl_bounds {
    /// Per request, in seconds (an hour).
    pub(crate) const MAX_TIMEOUT_S: f64 = 3_600.0;
    /// The whole crawl, in seconds (a week).
    pub(crate) const MAX_TIME_S: f64 = 604_800.0;
    /// The slowest pace: one request per 1,000 seconds.
    pub(crate) const MIN_REQUESTS_PER_SECOND: f64 = 0.001;
    /// The fastest pace per host.
    pub(crate) const MAX_REQUESTS_PER_SECOND: f64 = 10_000.0;
    /// The shortest timeout, in seconds.
    pub(crate) const MIN_TIMEOUT_S: f64 = 0.001;
}

/// `value` is a finite number within `min..=max`, or the error names the setting and the range.
fn in_range(name: &str, value: f64, min: f64, max: f64) -> std::result::Result<(), String> {
    if value.is_finite() && (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(format!("`{name}` = {} must be a number from {min} to {max}", show_number(value)))
    }
}

/// A number as the user would write it: plain, or in exponent form when tiny or huge (1e-300, 1e19).
pub(crate) fn show_number(value: f64) -> String {
    if value.is_finite() && value != 0.0 && (value.abs() < 1e-4 || value.abs() >= 1e15) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// Checks crawl settings given on the command line, as the audit file's are checked.
pub fn check_crawl(crawl: &CrawlSettings) -> std::result::Result<(), String> {
    use crawl_bounds::*;
    if crawl.max_pages == 0 {
        return Err("`max_pages` must be at least 1".into());
    }
    if crawl.concurrency == 0 {
        return Err("`concurrency` must be at least 1".into());
    }
    in_range("requests_per_second", crawl.requests_per_second, MIN_REQUESTS_PER_SECOND, MAX_REQUESTS_PER_SECOND)?;
    in_range("timeout_s", crawl.timeout_s, MIN_TIMEOUT_S, MAX_TIMEOUT_S)?;
    if crawl.max_page_bytes < 1024 {
        return Err("`max_page_bytes` must be at least 1024".into());
    }
    if crawl.user_agent.trim().is_empty() {
        return Err("`user_agent` must not be empty".into());
    }
    // An HTTP header value: printable ASCII only (a line break would split the request).
    if let Some(bad) = crawl.user_agent.chars().find(|c| !(' '..='~').contains(c)) {
        return Err(format!(
            "`user_agent` may hold only printable ASCII characters, not {:?} (line breaks and tabs included)",
            bad
        ));
    }
    in_range("max_time_s", crawl.max_time_s, MIN_TIMEOUT_S, MAX_TIME_S)?;
    if crawl.max_query_variants == 0 {
        return Err("`max_query_variants` must be at least 1".into());
    }
    in_range("render_timeout_s", crawl.render_timeout_s, MIN_TIMEOUT_S, MAX_TIMEOUT_S)?;
    if crawl.speed_loads == 0 {
        return Err("`speed_loads` must be at least 1".into());
    }
    for pattern in crawl.include.iter().chain(&crawl.exclude) {
        if let Err(e) = regex::Regex::new(pattern) {
            return Err(format!("`{pattern}` is not a valid regular expression: {e}"));
        }
    }
    Ok(())
}
