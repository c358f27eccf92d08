//! Competitors side by side: every rival of `[[competitor]]` goes through the same stages as the business
//! (gather, the same checklist's rules), and the touchpoints that can be judged from outside give each
//! subject an outside-in score over exactly the same touchpoints.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDate;

use crate::config::Audit;
use crate::gather::site::Reach;
use crate::gather::{Evidence, SourceKind};
use crate::i18n::Text;
use crate::msg;
use crate::result::{CompetitorResult, OutsideIn, RivalSource, RivalTouchpoint, Trail};
use crate::rules::Finding;

/// The evidence sources judged from outside: the site (website, search, channel touchpoints) and the review
/// and listing exports (reputation, NAP). Offline and survey touchpoints are the client's alone.
pub(crate) const OUTSIDE_IN: [SourceKind; 2] = [SourceKind::Site, SourceKind::Reviews];

/// The audit a rival is checked with: the business's checklist and crawl settings, the rival's name, site
/// and review sources, nothing the client alone can give.
pub(crate) fn rival_audit(audit: &Audit, rival: &crate::config::Competitor) -> Audit {
    let mut rival_audit = audit.clone();
    rival_audit.business.name = rival.name.clone();
    // Its name, not the client's, is what its texts name without praise or complaint.
    rival_audit.reputation.lexicon = audit.reputation.lexicon.clone().naming(&rival.name);
    rival_audit.business.site = rival.site.clone();
    rival_audit.business.address = None;
    rival_audit.business.phone = None;
    rival_audit.reviews = rival.reviews.clone();
    rival_audit.mentions = Vec::new();
    rival_audit.serm = None;
    rival_audit.offline = None;
    rival_audit.survey = None;
    rival_audit.competitors = Vec::new();
    rival_audit.locations = Vec::new();
    rival_audit
}

/// The rivals gathered in one batch run, each once: a rival several clients of an agency share is crawled
/// and read once (the first client to need it gathers it, the others wait for that and reuse it), so its
/// site sees one polite crawl however many clients name it.
#[derive(Default)]
pub struct RivalCache {
    entries: Mutex<HashMap<String, Arc<OnceLock<Evidence>>>>,
}

impl std::fmt::Debug for RivalCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rivals = self.entries.lock().map_or(0, |e| e.len());
        f.debug_struct("RivalCache").field("rivals", &rivals).finish()
    }
}

impl RivalCache {
    /// The rival's evidence: gathered now, or what an earlier client's run gathered with the same inputs.
    pub fn gather(&self, rival: &Audit, reach: &Reach) -> Evidence {
        let cell = {
            let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            entries.entry(gather_key(rival)).or_default().clone()
        };
        cell.get_or_init(|| crate::gather::gather(rival, reach)).clone()
    }
}

/// Everything gathering a rival depends on: its site and sources, and the client's crawl settings,
/// keyword lists, custom page checks and reputation settings (clients who differ there gather it anew).
fn gather_key(rival: &Audit) -> String {
    let custom: Vec<_> = rival.checklist.custom_touchpoints().map(|t| (&t.id, &t.rule.name, &t.params)).collect();
    format!(
        "{:?}",
        (&rival.business.site, &rival.reviews, &rival.crawl, &rival.keywords, custom, &rival.reputation, rival.files)
    )
}

/// One subject's evaluation, for the comparison.
pub(crate) struct Subject<'a> {
    pub audit: &'a Audit,
    pub evidence: &'a Evidence,
    pub findings: Vec<Finding>,
}

/// The outside-in touchpoints: judged from outside and assessed for every subject, so every score is over
/// the same set.
fn common_touchpoints(audit: &Audit, client: &[Finding], rivals: &[Subject<'_>]) -> Vec<String> {
    audit
        .checklist
        .touchpoints
        .iter()
        .filter(|t| OUTSIDE_IN.contains(&t.rule.source))
        .filter(|t| {
            let assessed = |findings: &[Finding]| {
                findings.iter().any(|f| f.id == t.id && f.status.is_assessed() && f.score.is_some())
            };
            assessed(client) && rivals.iter().all(|r| assessed(&r.findings))
        })
        .map(|t| t.id.clone())
        .collect()
}

/// The weighted mean of the subject's scores over `ids` (area weight × touchpoint weight), 0-100.
fn outside_in_score(audit: &Audit, findings: &[Finding], ids: &[String]) -> Option<f64> {
    let (mut sum, mut weight) = (0.0, 0.0);
    for id in ids {
        let Some(f) = findings.iter().find(|f| &f.id == id) else { continue };
        let area = audit.checklist.area(&f.area).map_or(1.0, |a| a.weight);
        let w = area * f.weight;
        sum += w * f.score.unwrap_or(0.0);
        weight += w;
    }
    (weight > 0.0).then(|| crate::stats::round(sum / weight * 100.0, 1))
}

/// The comparison: the client's outside-in score and each rival's, over the same touchpoints.
pub(crate) fn outside_in(
    audit: &Audit,
    (evidence, client): (&Evidence, &[Finding]),
    rivals: &[Subject<'_>],
    as_of: NaiveDate,
) -> (Option<OutsideIn>, Vec<CompetitorResult>) {
    let seeded = seeded_rivals(audit, evidence);
    if rivals.is_empty() && seeded.is_empty() {
        return (None, Vec::new());
    }
    let ids = common_touchpoints(audit, client, rivals);
    let outside_in = OutsideIn {
        score: outside_in_score(audit, client, &ids),
        touchpoints: ids.clone(),
        trails: trails(audit, client, rivals),
    };
    let results = rivals
        .iter()
        .map(|rival| {
            let reviews = crate::rules::summary::summarize(rival.audit, rival.evidence, as_of).and_then(|s| s.reviews);
            let rating = reviews.as_ref().and_then(|r| r.average);
            CompetitorResult {
                name: rival.audit.business.name.clone(),
                site: rival.audit.business.site.clone(),
                outside_in: outside_in_score(audit, &rival.findings, &ids),
                rating,
                reviews: reviews.as_ref().map(|r| r.platforms.iter().map(|p| p.count).sum()),
                reply_rate: reviews.as_ref().map(|r| crate::stats::round(r.replies.rate, 3)),
                median_reply_hours: reviews.as_ref().and_then(|r| r.replies.median_hours),
                unanswered_negative: reviews.as_ref().map(|r| r.unanswered_negative.len()),
                sources: [
                    (SourceKind::Site, rival.evidence.site.collected().is_some()),
                    (SourceKind::Reviews, rival.evidence.reviews.collected().is_some()),
                ]
                .into_iter()
                .map(|(kind, collected)| RivalSource { kind, collected })
                .collect(),
                touchpoints: rival
                    .findings
                    .iter()
                    .filter(|f| audit.checklist.touchpoint(&f.id).is_some_and(|t| OUTSIDE_IN.contains(&t.rule.source)))
                    .map(|f| RivalTouchpoint {
                        id: f.id.clone(),
                        status: f.status,
                        measured: f.measured,
                        measured_text: f.measured_text.clone(),
                        reason: f.reason.clone(),
                    })
                    .collect(),
                listing_only: false,
            }
        })
        .chain(seeded)
        .collect();
    (Some(outside_in), results)
}

/// A business name as it is matched between a result and its baseline, or a listing and `[[competitor]]`:
/// spaces collapsed, lower case.
pub(crate) fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The rivals the business's listing exports show as "People also search for" (as many as each source's
/// `rivals = N`), known by rating and review count only; a name already among `[[competitor]]` (or the
/// business's own) is left to the full check.
fn seeded_rivals(audit: &Audit, evidence: &Evidence) -> Vec<CompetitorResult> {
    let mut seen: Vec<String> = std::iter::once(&audit.business.name)
        .chain(audit.competitors.iter().map(|c| &c.name))
        .map(|n| name_key(n))
        .collect();
    let Some(reviews) = evidence.reviews.collected() else { return Vec::new() };
    let mut out = Vec::new();
    for source in &reviews.sources {
        let mut taken = 0;
        for place in &source.also_search {
            if taken == source.seed_rivals {
                break;
            }
            let key = name_key(&place.name);
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            taken += 1;
            out.push(CompetitorResult {
                name: place.name.clone(),
                site: None,
                outside_in: None,
                rating: place.rating,
                reviews: place.reviews.and_then(|n| usize::try_from(n).ok()),
                reply_rate: None,
                median_reply_hours: None,
                unanswered_negative: None,
                sources: vec![RivalSource { kind: SourceKind::Reviews, collected: true }],
                touchpoints: Vec::new(),
                listing_only: true,
            });
        }
    }
    out
}

/// Where the client trails: for each touchpoint judged from outside that the client was scored on, the
/// rival with the best score on it, when that beats the client's (the first such rival on a tie), with both
/// measurements as the rule states them.
fn trails(audit: &Audit, client: &[Finding], rivals: &[Subject<'_>]) -> Vec<Trail> {
    fn scored<'f>(findings: &'f [Finding], id: &str) -> Option<(f64, &'f Finding)> {
        findings.iter().find(|f| f.id == id && f.status.is_assessed()).and_then(|f| Some((f.score?, f)))
    }
    let mut out = Vec::new();
    for t in audit.checklist.touchpoints.iter().filter(|t| OUTSIDE_IN.contains(&t.rule.source)) {
        let Some((mine, yours)) = scored(client, &t.id) else { continue };
        let best = rivals.iter().filter_map(|r| scored(&r.findings, &t.id).map(|(score, f)| (score, f, r))).fold(
            None,
            |best: Option<(f64, &Finding, &Subject<'_>)>, next| match best {
                Some(b) if b.0 >= next.0 => Some(b),
                _ => Some(next),
            },
        );
        let Some((theirs_score, theirs, rival)) = best else { continue };
        if theirs_score <= mine + 1e-9 {
            continue;
        }
        let measured = |f: &Finding| f.measured_text.clone().unwrap_or_else(|| f.status.label());
        out.push(Trail {
            touchpoint: t.id.clone(),
            rival: rival.audit.business.name.clone(),
            text: String::new(),
            message: msg!(
                "rival-trail-fix",
                rival = Text::from(rival.audit.business.name.clone()),
                theirs = measured(theirs),
                yours = measured(yours)
            ),
        });
    }
    out
}
