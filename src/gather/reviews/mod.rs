//! Review platforms: exports, saved or fetched pages, read into one merged list of reviews.
//!
//! Each `[[reviews]]` source of audit.toml is read on its own; a source that cannot be read is reported with
//! the file (and record) and the others still count. Reviews from all sources are merged and the same review
//! seen twice (an API export and a scraper export of the same profile) is kept once.

mod json_pages;
pub(crate) mod metrics;
mod pages;
pub(crate) mod parse;
mod platforms;
pub(crate) mod profile;
mod records;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::Files;
pub(crate) use crate::config::sources::{Columns, Format, Location, ReviewSource};
use crate::gather::site::Downloader;
use crate::i18n::Text;
use crate::msg;

/// Problems listed per source at most (all are counted).
const MAX_LISTED_PROBLEMS: usize = 10;

/// One review as touchaudit keeps it, whatever the source. Compact (shared platform and source names, boxed
/// strings): an export of a million reviews must fit in a few hundred megabytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub platform: Arc<str>,
    /// The platform's own id for the review (GBP and Apify `reviewId`, Outscraper `review_id`), when the
    /// source carries one: two reviews with ids are the same only when platform and id match.
    pub id: Option<Box<str>>,
    pub author: Option<Box<str>>,
    /// 1-5, normalised from the source's scale.
    pub stars: f64,
    /// The rating as the source wrote it, where that is not simply the number of stars ("FOUR", "8/10").
    pub rating_text: Option<Box<str>>,
    pub created: DateTime<Utc>,
    pub text: Option<Box<str>>,
    pub reply: Option<Box<str>>,
    /// When the owner's reply was written (or last edited; exports carry only the latest time).
    pub reply_at: Option<DateTime<Utc>>,
    pub link: Option<Box<str>>,
    /// The file or URL it was read from, and its line (CSV) or record number there.
    pub source: Arc<str>,
    pub record: u32,
}

impl Review {
    pub fn replied(&self) -> bool {
        self.reply.as_deref().is_some_and(|r| !r.trim().is_empty())
    }

    /// Replied by the end of the audit date (UTC): an audit dated in the past does not see later replies.
    /// A reply without a date counts.
    pub fn replied_by(&self, as_of: chrono::NaiveDate) -> bool {
        self.replied() && self.reply_at.is_none_or(|at| at.date_naive() <= as_of)
    }

    /// "reviews.csv #12": where to find it.
    pub fn place(&self) -> String {
        format!("{} #{}", self.source, self.record)
    }
}

/// An optional text as a review keeps it.
pub(crate) fn boxed(text: Option<impl Into<Box<str>>>) -> Option<Box<str>> {
    text.map(Into::into)
}

/// Reading a source's [`Location`]: the file from disk (or the binary), the URL over HTTP.
pub(crate) trait ReadLocation {
    fn read(&self, files: Files, web: &Web) -> Result<Vec<u8>, Text>;
}

impl ReadLocation for Location {
    /// Reads the bytes of the file or fetches the URL.
    fn read(&self, files: Files, web: &Web) -> Result<Vec<u8>, Text> {
        match self {
            Location::File { path, name } => files.read_bytes(path).map_err(|e| Text::at(name.to_string(), e)),
            Location::Url(url) => web.get()?.get(url).map(|d| d.body),
            Location::Builtin { text, .. } => Ok(text.as_bytes().to_vec()),
            Location::Live(live) => web.live(live).map(|fetched| fetched.bytes),
        }
    }
}

/// The HTTP side of sources that name URLs, started on first use.
pub(crate) struct Web<'a> {
    pub settings: &'a crate::config::CrawlSettings,
    pub reach: &'a crate::gather::site::Reach,
    pub downloader: std::sync::OnceLock<Result<Downloader, Text>>,
    /// What the live sources read so far, kept as evidence.
    pub saved: std::sync::Mutex<Vec<crate::gather::live::Saved>>,
}

impl<'a> Web<'a> {
    pub(crate) fn new(settings: &'a crate::config::CrawlSettings, reach: &'a crate::gather::site::Reach) -> Self {
        Web { settings, reach, downloader: std::sync::OnceLock::new(), saved: Default::default() }
    }

    /// Reads a live source (from its API, or the saved answers of `--from-sources`), keeping its answers.
    pub(crate) fn live(
        &self,
        source: &crate::config::sources::LiveSource,
    ) -> Result<crate::gather::live::Fetched, Text> {
        let replay = self.reach.replay.as_deref();
        let (fetched, saved) = crate::gather::live::read(source, &self.settings.user_agent, replay);
        if let Ok(mut all) = self.saved.lock() {
            all.push(saved);
        }
        fetched
    }

    /// The live sources' answers read so far.
    pub(crate) fn take_saved(&self) -> Vec<crate::gather::live::Saved> {
        self.saved.lock().map(|mut all| std::mem::take(&mut *all)).unwrap_or_default()
    }

    pub(crate) fn get(&self) -> Result<&Downloader, Text> {
        self.downloader.get_or_init(|| Downloader::new(self.settings, self.reach)).as_ref().map_err(Clone::clone)
    }
}

/// What one source gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceReport {
    pub platform: String,
    pub format: Format,
    pub location: String,
    /// Reviews read from it (before duplicates across sources were removed).
    pub reviews: usize,
    /// Records that could not be used, the first few with their record number.
    pub problems: Vec<Text>,
    pub problem_count: usize,
    /// Why nothing could be read, when nothing could.
    pub error: Option<Text>,
    /// A rating summary the source states (AggregateRating), if any.
    pub aggregate: Option<Aggregate>,
    /// The business's details as this listing states them (a place export), if it does.
    #[serde(default)]
    pub listing: Option<crate::gather::Nap>,
    /// The listing's profile (claimed, closed flag, categories, photos …) as a place export states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<profile::Profile>,
    /// The places the listing shows as "People also search for", when `rivals = N` asks for them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_search: Vec<AlsoSearched>,
    /// How many of them become rivals (`rivals = N`): the first N that are not the business or a
    /// `[[competitor]]` already.
    #[serde(default)]
    pub seed_rivals: usize,
}

/// A place a listing shows beside the business (Apify's `peopleAlsoSearch`: `title`, `totalScore`,
/// `reviewsCount`): a rival known by its rating and review count only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlsoSearched {
    pub name: String,
    pub rating: Option<f64>,
    pub reviews: Option<u64>,
}

/// A stated rating summary (schema.org AggregateRating or an export's header).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aggregate {
    pub stars: f64,
    pub count: Option<u64>,
    /// The business publishes it about itself (search engines show no stars for that).
    pub self_published: bool,
}

/// Every review read, merged, with what each source gave.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReviewFacts {
    pub reviews: Vec<Review>,
    pub sources: Vec<SourceReport>,
    /// Reviews dropped because another source had the same one.
    pub duplicates: usize,
    /// The platforms the audit expects the business on (`[reputation] platforms`).
    pub expected: Vec<String>,
}

impl ReviewFacts {
    /// Platforms with at least one review or a stated rating, in first-seen order.
    pub fn platforms(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let named = self.reviews.iter().map(|r| &*r.platform);
        let stated = self.sources.iter().filter(|s| s.aggregate.is_some()).map(|s| s.platform.as_str());
        for platform in named.chain(stated) {
            if !out.iter().any(|p| p.eq_ignore_ascii_case(platform)) {
                out.push(platform);
            }
        }
        out
    }
}

/// What a format reader returns for one source.
#[derive(Debug, Default)]
pub(crate) struct Read {
    pub reviews: Vec<Review>,
    pub problems: Vec<Text>,
    pub aggregate: Option<Aggregate>,
    pub listing: Option<crate::gather::Nap>,
    pub profile: Option<profile::Profile>,
    pub also_search: Vec<AlsoSearched>,
}

/// Reads every source; fails only when no source gave anything.
pub(crate) fn gather(
    sources: &[ReviewSource],
    files: Files,
    web: &Web,
    own_site: Option<&str>,
) -> Result<ReviewFacts, Text> {
    let mut facts = ReviewFacts::default();
    let mut all = Vec::new();
    for source in sources {
        let platform = source
            .platform
            .clone()
            .or_else(|| source.format.default_platform().map(str::to_string))
            .unwrap_or_else(|| source.location.name().to_string());
        let mut report = SourceReport {
            platform: platform.clone(),
            format: source.format,
            location: source.location.name().to_string(),
            reviews: 0,
            problems: Vec::new(),
            problem_count: 0,
            error: None,
            aggregate: None,
            listing: None,
            profile: None,
            also_search: Vec::new(),
            seed_rivals: source.seed_rivals,
        };
        match read_source(source, (&platform, own_site), files, web) {
            Ok(read) => {
                // A platform page's rule file may name the platform.
                if source.platform.is_none()
                    && let Some(first) = read.reviews.first()
                {
                    report.platform = first.platform.to_string();
                }
                report.reviews = read.reviews.len();
                report.problem_count = read.problems.len();
                report.problems = read.problems.into_iter().take(MAX_LISTED_PROBLEMS).collect();
                report.aggregate = read.aggregate;
                report.listing = read.listing;
                report.profile = read.profile;
                // Room for the business and every [[competitor]] among them, which are skipped.
                let keep = if source.seed_rivals == 0 {
                    0
                } else {
                    crate::config::MAX_SEEDED_RIVALS + crate::config::MAX_COMPETITORS + 1
                };
                report.also_search = read.also_search.into_iter().take(keep).collect();
                // A location file gives the listing's details and no review: that is what it is for.
                if read.reviews.is_empty() && report.aggregate.is_none() && report.listing.is_none() {
                    // Say why: when every record failed, the first problems are the reason.
                    report.error = Some(match report.problems.iter().take(3).cloned().collect::<Vec<_>>() {
                        first if first.is_empty() => msg!("in-no-reviews-in", name = source.location.name()),
                        first => msg!(
                            "in-no-usable-review",
                            name = source.location.name(),
                            count = report.problem_count,
                            problems = Text::join(first, "; ")
                        ),
                    });
                }
                all.extend(read.reviews);
            }
            Err(error) => report.error = Some(error),
        }
        facts.sources.push(report);
    }
    if all.is_empty() && facts.sources.iter().all(|s| s.aggregate.is_none() && s.listing.is_none()) {
        let errors = facts.sources.iter().filter_map(|s| s.error.clone());
        return Err(msg!("in-no-review-read", errors = Text::join(errors, "; ")));
    }
    let before = all.len();
    facts.reviews = merge(all);
    facts.duplicates = before - facts.reviews.len();
    Ok(facts)
}

fn read_source(
    source: &ReviewSource,
    (platform, own_site): (&str, Option<&str>),
    files: Files,
    web: &Web,
) -> Result<Read, Text> {
    let (bytes, notes) = match &source.location {
        Location::Live(live) => {
            let fetched = web.live(live)?;
            (fetched.bytes, fetched.notes)
        }
        location => (location.read(files, web)?, Vec::new()),
    };
    let mut read = read_bytes(source, bytes, (platform, own_site), files, web)?;
    read.problems.extend(notes);
    Ok(read)
}

fn read_bytes(
    source: &ReviewSource,
    bytes: Vec<u8>,
    (platform, own_site): (&str, Option<&str>),
    files: Files,
    web: &Web,
) -> Result<Read, Text> {
    let name = source.location.name();
    match source.format {
        Format::Gbp => records::gbp(bytes, name, platform),
        Format::TwoGis => platforms::twogis(&crate::gather::text_file(bytes, name)?, name, platform),
        Format::Yandex => platforms::yandex(&crate::gather::text_file(bytes, name)?, name, platform),
        Format::Apify | Format::Outscraper | Format::Csv => records::table(bytes, name, platform, source),
        Format::Jsonld => pages::jsonld(&bytes, name, platform, own_site),
        Format::Html => {
            let rules = source.rules.as_ref().ok_or_else(|| msg!("in-html-needs-rules", name = name))?;
            pages::html(&bytes, (source, platform), rules, (files, web))
        }
    }
}

/// Text compared without case, spacing or punctuation, up to `limit` characters.
fn folded(text: &str, limit: usize) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).take(limit).flat_map(char::to_lowercase).collect()
}

/// A review's identity by its platform id. Hashed, so a million reviews need no million keys in memory.
fn id_identity(review: &Review) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let id = review.id.as_deref()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    folded(&review.platform, usize::MAX).hash(&mut hasher);
    id.trim().hash(&mut hasher);
    Some(hasher.finish())
}

/// A review's identity by what it says: platform, author, UTC day, stars and the start of its text.
fn fuzzy_identity(review: &Review) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    folded(&review.platform, usize::MAX).hash(&mut hasher);
    folded(review.author.as_deref().unwrap_or(""), usize::MAX).hash(&mut hasher);
    review.created.date_naive().hash(&mut hasher);
    ((review.stars * 10.0).round() as u32).hash(&mut hasher);
    folded(review.text.as_deref().unwrap_or(""), 40).hash(&mut hasher);
    hasher.finish()
}

/// Keeps one review per identity; of duplicates, the one with a reply. A review with a platform id is the
/// same as another only when platform and id match (five "John D., 5 stars, no text" reviews of one day
/// with five ids are five reviews). A review without an id is matched by what it says, and only against
/// reviews from another source (a scrape repeating an export); within one source, rows without ids are
/// kept as they are. In place: with a million reviews, a second vector would double the memory.
fn merge(mut reviews: Vec<Review>) -> Vec<Review> {
    let mut by_id: HashMap<u64, usize> = HashMap::new();
    // Per content identity, the first review kept with it: id-less reviews from another source match it.
    let mut by_content: HashMap<u64, usize> = HashMap::with_capacity(reviews.len());
    let mut keep = vec![true; reviews.len()];
    // Of two copies, the one with a reply stays.
    let prefer = |keep: &mut Vec<bool>, kept: &mut usize, candidate: usize, reviews: &[Review]| {
        if !reviews[*kept].replied() && reviews[candidate].replied() {
            keep[*kept] = false;
            *kept = candidate;
        } else {
            keep[candidate] = false;
        }
    };
    // Reviews with ids first, so an id-less copy in another source finds the original whatever the order.
    let n = reviews.len();
    let with_id = (0..n).filter(|&i| reviews[i].id.is_some());
    let without_id = (0..n).filter(|&i| reviews[i].id.is_none());
    for i in with_id.chain(without_id) {
        let content = fuzzy_identity(&reviews[i]);
        if let Some(key) = id_identity(&reviews[i]) {
            match by_id.get_mut(&key) {
                Some(kept) => prefer(&mut keep, kept, i, &reviews),
                None => {
                    by_id.insert(key, i);
                    by_content.entry(content).or_insert(i);
                }
            }
            continue;
        }
        match by_content.get_mut(&content) {
            Some(kept) if reviews[*kept].source != reviews[i].source => prefer(&mut keep, kept, i, &reviews),
            Some(_) => {}
            None => {
                by_content.insert(content, i);
            }
        }
    }
    let mut position = 0;
    reviews.retain(|_| {
        position += 1;
        keep[position - 1]
    });
    // The source names a file and a record in it, so the order is total and the unstable sort deterministic.
    reviews.sort_unstable_by(|a, b| {
        (a.created, &a.platform, &a.source, a.record).cmp(&(b.created, &b.platform, &b.source, b.record))
    });
    reviews
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn review(platform: &str, author: &str, created: &str, stars: f64, text: &str) -> Review {
        Review {
            platform: platform.into(),
            id: None,
            author: Some(author.into()),
            stars,
            rating_text: None,
            created: parse::datetime(created).unwrap(),
            text: Some(text.into()),
            reply: None,
            reply_at: None,
            link: None,
            source: "test".into(),
            record: 1,
        }
    }

    #[test]
    fn the_same_review_from_two_sources_is_kept_once_with_its_reply() {
        let a = review("Google", "Ann", "2026-10-01T10:00:00Z", 2.0, "Long wait, rude staff!");
        let mut b = review("google", " ann ", "2026-10-01T13:00:00+02:00", 2.0, "Long wait, rude staff");
        b.reply = Some("Sorry, Ann".into());
        b.source = "scrape.json".into();
        let c = review("Yelp", "Ann", "2026-10-01T10:00:00Z", 2.0, "Long wait, rude staff!");
        let merged = merge(vec![a, b, c]);
        assert_eq!(merged.len(), 2, "the Yelp one is another review");
        assert!(merged.iter().any(|r| &*r.platform == "google" && r.replied()));
    }

    #[test]
    fn reviews_with_platform_ids_are_the_same_only_when_the_ids_match() {
        let with_id = |id: &str, source: &str| {
            let mut r = review("Google", "John D.", "2026-10-01T10:00:00Z", 5.0, "");
            r.text = None;
            r.id = Some(id.into());
            r.source = source.into();
            r
        };
        // Five reviews by "John D." on one day, five stars, no text, five ids: five reviews.
        let five: Vec<Review> = (1..=5).map(|i| with_id(&format!("r{i}"), "gbp.json")).collect();
        assert_eq!(merge(five).len(), 5);
        // The same id in an export and a scrape: one review, the replied copy kept.
        let mut scraped = with_id("r1", "apify.json");
        scraped.reply = Some("Thanks, John".into());
        let merged = merge(vec![with_id("r1", "gbp.json"), scraped]);
        assert_eq!(merged.len(), 1);
        assert!(merged[0].replied());
        // An id-less copy in another source matches the review with the id, whichever comes first.
        let mut copy = with_id("x", "other.csv");
        copy.id = None;
        assert_eq!(merge(vec![copy.clone(), with_id("r1", "gbp.json")]).len(), 1);
        // Two id-less rows alike within one source are two reviews: fuzzy matching is across sources only.
        let mut twin = copy.clone();
        twin.record = 2;
        assert_eq!(merge(vec![copy, twin]).len(), 2);
    }
}
