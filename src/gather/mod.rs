//! Gather: collect the evidence each source can give, recording why a source gave nothing.

pub(crate) mod live;
pub(crate) mod mentions;
pub(crate) mod photos;
pub(crate) mod reviews;
pub(crate) mod serm;
pub(crate) mod site;

use serde::{Deserialize, Serialize};

use crate::config::Audit;
use crate::config::offline::Offline;
use crate::config::survey::{CesStats, CsatStats, InvalidCell, NpsAnswer, NpsStats, SurveyAnswers};
use crate::i18n::Text;
use crate::msg;

/// A data file's bytes as text, without copying them when they are UTF-8 (exports can be hundreds of
/// megabytes), its BOM dropped; a file in another encoding (a CSV saved by Excel in Windows-1251) is decoded
/// by what a detector finds, and a file with NUL bytes is not a text export at all.
pub(crate) fn text_file(bytes: Vec<u8>, name: &str) -> Result<String, Text> {
    if bytes.contains(&0) && std::str::from_utf8(&bytes).is_err() {
        return Err(msg!("in-not-utf8", name = name));
    }
    Ok(crate::text::data_file_text(bytes).0)
}

/// What one source produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Gathered<T> {
    Collected(T),
    /// The audit does not name this source; the reason says what to add.
    NotConfigured(Text),
    /// The source was named but gave nothing usable; the reason says why.
    Failed(Text),
}

impl<T> Gathered<T> {
    pub fn collected(&self) -> Option<&T> {
        match self {
            Gathered::Collected(facts) => Some(facts),
            _ => None,
        }
    }

    pub fn reason(&self) -> Option<&Text> {
        match self {
            Gathered::Collected(_) => None,
            Gathered::NotConfigured(reason) | Gathered::Failed(reason) => Some(reason),
        }
    }
}

/// Survey answers and the metrics computed from them.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyFacts {
    pub file: String,
    pub rows: usize,
    pub empty_rows: usize,
    pub nps: Option<NpsStats>,
    pub nps_answers: Vec<NpsAnswer>,
    pub csat: Option<CsatStats>,
    pub ces: Option<CesStats>,
    pub invalid: Vec<InvalidCell>,
}

impl SurveyFacts {
    pub fn from_answers(answers: &SurveyAnswers) -> Self {
        SurveyFacts {
            file: answers.file.clone(),
            rows: answers.rows,
            empty_rows: answers.empty_rows,
            nps: crate::config::survey::nps(answers.nps.iter().map(|a| a.score)),
            nps_answers: answers.nps.clone(),
            csat: crate::config::survey::csat(&answers.csat),
            ces: crate::config::survey::ces(&answers.ces),
            invalid: answers.invalid.clone(),
        }
    }
}

pub(crate) use crate::spec::SourceKind;

/// A business's name, address, phone and website as one source states them (its listing, its site's
/// structured data, or the auditor's reference in audit.toml), compared by `listings.nap`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Nap {
    pub name: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    /// The opening hours as weekly intervals, printed in schema.org's syntax
    /// ([`crate::config::weekly::WeeklyHours`]): equal texts are equal hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
}

impl Nap {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.address.is_none()
            && self.phone.is_none()
            && self.website.is_none()
            && self.hours.is_none()
    }
}

/// Everything the rules can look at.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub offline: Gathered<Offline>,
    pub survey: Gathered<SurveyFacts>,
    pub site: Gathered<site::SiteFacts>,
    pub reviews: Gathered<reviews::ReviewFacts>,
    pub mentions: Gathered<mentions::MentionFacts>,
    pub serm: Gathered<serm::SermFacts>,
    /// The business's own details as the auditor states them in `[business]` (name always; address, phone).
    pub business: Nap,
    /// Thumbnails of the photos offline.toml names as evidence, by name as written (data URLs).
    pub photos: std::collections::BTreeMap<String, String>,
    /// The answers of the live review sources, kept beside the result (`sources/`).
    pub(crate) fetched: Vec<live::Saved>,
}

impl Evidence {
    /// What a subject whose gathering stopped unexpectedly has: every source it has failed with `reason`,
    /// so its touchpoints say so instead of the subject vanishing from the comparison.
    pub fn stopped(audit: &Audit, reason: Text) -> Self {
        fn failed<T>(configured: bool, reason: &Text, none: Text) -> Gathered<T> {
            if configured { Gathered::Failed(reason.clone()) } else { Gathered::NotConfigured(none) }
        }
        Evidence {
            offline: failed(audit.offline.is_some(), &reason, msg!("gather-no-offline")),
            survey: failed(audit.survey.is_some(), &reason, msg!("gather-no-survey")),
            site: failed(audit.business.site.is_some(), &reason, msg!("gather-no-site")),
            reviews: failed(!audit.reviews.is_empty(), &reason, msg!("gather-no-reviews")),
            mentions: failed(!audit.mentions.is_empty(), &reason, msg!("gather-no-mentions")),
            serm: failed(audit.serm.is_some(), &reason, msg!("gather-no-serm")),
            business: Nap { name: Some(audit.business.name.clone()), ..Nap::default() },
            photos: Default::default(),
            fetched: Vec::new(),
        }
    }
}

/// How a source fared, for the report's "method and sources" section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceStatus {
    Collected,
    NotConfigured,
    Failed,
}

/// Collects the evidence of every source the audit names. Manual sources were read and checked at load time.
pub(crate) fn gather(audit: &Audit, reach: &site::Reach) -> Evidence {
    let offline = match &audit.offline {
        Some(offline) => Gathered::Collected(offline.clone()),
        // A chain's visits are its locations': each read and judged with its location.
        None if audit.locations.iter().any(|l| l.offline.is_some()) => {
            Gathered::NotConfigured(msg!("gather-offline-per-location", count = audit.locations.len()))
        }
        None => Gathered::NotConfigured(msg!("gather-no-offline")),
    };
    let survey = match &audit.survey {
        Some(answers) => Gathered::Collected(SurveyFacts::from_answers(answers)),
        None => Gathered::NotConfigured(msg!("gather-no-survey")),
    };
    // The crawl and the reputation sources wait on different servers: run them side by side.
    let (site, (reviews, mentions, fetched)) = std::thread::scope(|scope| {
        let reputation = scope.spawn(|| gather_reputation(audit, reach));
        let site = gather_site(audit, reach);
        let reputation = reputation.join().unwrap_or_else(|_| {
            let reason = msg!("gather-reputation-stopped");
            (Gathered::Failed(reason.clone()), Gathered::Failed(reason), Vec::new())
        });
        (site, reputation)
    });
    let serm = match &audit.serm {
        None => Gathered::NotConfigured(msg!("gather-no-serm")),
        Some(source) => {
            let site = audit.business.site.as_deref();
            match serm::gather(source, audit.files, (site, &audit.reputation.lexicon)) {
                Ok(facts) => Gathered::Collected(facts),
                Err(reason) => Gathered::Failed(reason),
            }
        }
    };
    let business = Nap {
        name: Some(audit.business.name.clone()),
        address: audit.business.address.clone(),
        phone: audit.business.phone.clone(),
        website: audit.business.site.clone(),
        hours: audit.business.hours.clone(),
    };
    let photos = photos::thumbnails(audit);
    Evidence { offline, survey, site, reviews, mentions, serm, business, photos, fetched }
}

/// What one review or mention source gave when read ahead of a run (`touchaudit validate`).
#[derive(Debug)]
pub enum SourceCheck {
    /// A file that was read: how many records, and notes on the ones that could not be used (the first few).
    Read {
        /// The source's name in the audit file.
        name: String,
        /// What it holds ("reviews", "mentions").
        what: &'static str,
        /// How many records were read.
        count: usize,
        /// Why records were left out, the first few.
        notes: Vec<String>,
    },
    /// A URL: fetched when the audit runs, so validation stays off the network.
    Remote {
        /// The source's name in the audit file.
        name: String,
    },
    /// A file that gave no usable record at all, with the first reasons: the audit is invalid.
    Empty(crate::error::Diagnostic),
}

/// Notes per source shown by [`check_file_sources`] at most.
const NOTES_PER_SOURCE: usize = 5;

/// Reads the review exports and mention feeds that are files, in English (the command line's language), and
/// says what each gave; URLs are listed as remote.
pub fn check_file_sources(audit: &Audit) -> Vec<SourceCheck> {
    use reviews::Location;
    let empty = |name: &str, what: &str, reasons: Vec<&Text>| {
        let reasons: Vec<String> = reasons.into_iter().take(3).map(Text::en).collect();
        let why = if reasons.is_empty() { String::new() } else { format!(": {}", reasons.join("; ")) };
        SourceCheck::Empty(crate::error::Diagnostic::new(name, None, format!("no usable {what} in it{why}")))
    };
    let is_url = |l: &Location| matches!(l, Location::Url(_) | Location::Live(_));
    let mut checks = Vec::new();
    let (remote, local): (Vec<_>, Vec<_>) =
        audit.reviews.iter().cloned().partition(|s| is_url(&s.location) || s.rules.as_ref().is_some_and(is_url));
    let reach = site::Reach::default();
    let web = reviews::Web::new(&audit.crawl, &reach);
    if !local.is_empty() {
        match reviews::gather(&local, audit.files, &web, audit.business.site.as_deref()) {
            Ok(facts) => {
                for source in &facts.sources {
                    let notes: Vec<&Text> = source.error.iter().chain(&source.problems).collect();
                    checks.push(if source.reviews == 0 && source.listing.is_none() {
                        empty(&source.location, "review", notes)
                    } else {
                        SourceCheck::Read {
                            name: format!("{} ({})", source.location, source.platform),
                            what: "reviews",
                            count: source.reviews,
                            notes: notes.into_iter().take(NOTES_PER_SOURCE).map(Text::en).collect(),
                        }
                    });
                }
            }
            Err(reason) => {
                checks.push(SourceCheck::Empty(crate::error::Diagnostic::new(&audit.file, None, reason.en())))
            }
        }
    }
    checks.extend(remote.iter().map(|s| SourceCheck::Remote { name: s.location.name().to_string() }));
    let (remote, local): (Vec<_>, Vec<_>) = audit.mentions.iter().cloned().partition(is_url);
    if !local.is_empty() {
        match mentions::gather(&local, audit.files, &web, &audit.reputation.lexicon) {
            Ok(facts) => {
                for feed in &facts.feeds {
                    let notes: Vec<&Text> = feed.error.iter().chain(&feed.problems).collect();
                    checks.push(if feed.entries == 0 {
                        empty(&feed.feed, "mention", notes)
                    } else {
                        SourceCheck::Read {
                            name: feed.feed.clone(),
                            what: "mentions",
                            count: feed.entries,
                            notes: notes.into_iter().take(NOTES_PER_SOURCE).map(Text::en).collect(),
                        }
                    });
                }
            }
            Err(reason) => {
                checks.push(SourceCheck::Empty(crate::error::Diagnostic::new(&audit.file, None, reason.en())))
            }
        }
    }
    checks.extend(remote.iter().map(|l| SourceCheck::Remote { name: l.name().to_string() }));
    checks
}

fn gather_site(audit: &Audit, reach: &site::Reach) -> Gathered<site::SiteFacts> {
    // `--from-sources`: the crawl the earlier run kept, when it kept one.
    if let (Some(dir), Some(site)) = (reach.replay.as_deref(), audit.business.site.as_deref())
        && let Some(saved) = live::saved_site(dir, site)
    {
        return match saved {
            Ok(facts) => Gathered::Collected(facts),
            Err(reason) => Gathered::Failed(reason),
        };
    }
    match &audit.business.site {
        None => Gathered::NotConfigured(msg!("gather-no-site")),
        Some(url) => {
            let keywords = audit.keywords.clone();
            let extract = site::ExtractConfig { keywords, custom: audit.checklist.custom_checks() };
            match site::crawl_blocking(url, &audit.crawl, extract, reach) {
                // A site that did not answer at all is still collected: `website.reachable` fails on it.
                Ok(facts) if facts.pages.is_empty() && facts.not_answering().is_none() => {
                    Gathered::Failed(match (&facts.robots.error, facts.robots.disallows_all) {
                        (Some(error), _) => msg!("gather-robots-unread", site = url.as_str(), error = error),
                        (None, true) if audit.crawl.robots => msg!("gather-robots-disallows", site = url.as_str()),
                        _ => msg!("gather-no-page", site = url.as_str()),
                    })
                }
                Ok(mut facts) => {
                    facts.signal_names = audit.keywords.signals.clone();
                    facts.min_price_items = audit.keywords.min_price_items;
                    facts.custom_ids = audit.checklist.custom_touchpoints().map(|t| t.id.clone()).collect();
                    Gathered::Collected(facts)
                }
                Err(reason) => Gathered::Failed(reason),
            }
        }
    }
}

/// Review platforms and mention feeds, with one polite HTTP client for the sources that name URLs.
fn gather_reputation(
    audit: &Audit,
    reach: &site::Reach,
) -> (Gathered<reviews::ReviewFacts>, Gathered<mentions::MentionFacts>, Vec<live::Saved>) {
    let web = reviews::Web::new(&audit.crawl, reach);
    let reviews = if audit.reviews.is_empty() && audit.locations.iter().any(|l| !l.reviews.is_empty()) {
        // A chain's reviews are its locations': each read and judged with its location.
        Gathered::NotConfigured(msg!("gather-reviews-per-location", count = audit.locations.len()))
    } else if audit.reviews.is_empty() {
        Gathered::NotConfigured(msg!("gather-no-reviews"))
    } else {
        match reviews::gather(&audit.reviews, audit.files, &web, audit.business.site.as_deref()) {
            Ok(mut facts) => {
                facts.expected = audit.reputation.platforms.clone();
                Gathered::Collected(facts)
            }
            Err(reason) => Gathered::Failed(reason),
        }
    };
    let mentions = if audit.mentions.is_empty() {
        Gathered::NotConfigured(msg!("gather-no-mentions"))
    } else {
        match mentions::gather(&audit.mentions, audit.files, &web, &audit.reputation.lexicon) {
            Ok(facts) => Gathered::Collected(facts),
            Err(reason) => Gathered::Failed(reason),
        }
    };
    (reviews, mentions, web.take_saved())
}
