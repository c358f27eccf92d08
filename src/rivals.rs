//! Competitors side by side: every rival of `[[competitor]]` goes through the same stages as the business
//! (gather, the same checklist's rules), and the touchpoints that can be judged from outside give each
//! subject an outside-in score over exactly the same touchpoints.

use chrono::NaiveDate;

use crate::config::Audit;
use crate::gather::{Evidence, SourceKind};
use crate::report::model::{CompetitorResult, OutsideIn, RivalSource, RivalTouchpoint};
use crate::rules::Finding;

/// The evidence sources judged from outside: the site (website, search, channel touchpoints) and the review
/// and listing exports (reputation, NAP). Offline and survey touchpoints are the client's alone.
pub const OUTSIDE_IN: [SourceKind; 2] = [SourceKind::Site, SourceKind::Reviews];

/// The audit a rival is checked with: the business's checklist and crawl settings, the rival's name, site
/// and review sources, nothing the client alone can give.
pub fn rival_audit(audit: &Audit, rival: &crate::config::Competitor) -> Audit {
    let mut rival_audit = audit.clone();
    rival_audit.business.name = rival.name.clone();
    rival_audit.business.site = rival.site.clone();
    rival_audit.business.address = None;
    rival_audit.business.phone = None;
    rival_audit.reviews = rival.reviews.clone();
    rival_audit.mentions = Vec::new();
    rival_audit.serm = None;
    rival_audit.offline = None;
    rival_audit.survey = None;
    rival_audit.competitors = Vec::new();
    rival_audit
}

/// One subject's evaluation, for the comparison.
pub struct Subject {
    pub audit: Audit,
    pub evidence: Evidence,
    pub findings: Vec<Finding>,
}

/// The outside-in touchpoints: judged from outside and assessed for every subject, so every score is over
/// the same set.
fn common_touchpoints(audit: &Audit, client: &[Finding], rivals: &[Subject]) -> Vec<String> {
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
pub fn compare(
    audit: &Audit,
    client: &[Finding],
    rivals: &[Subject],
    as_of: NaiveDate,
) -> (Option<OutsideIn>, Vec<CompetitorResult>) {
    if rivals.is_empty() {
        return (None, Vec::new());
    }
    let ids = common_touchpoints(audit, client, rivals);
    let outside_in = OutsideIn { score: outside_in_score(audit, client, &ids), touchpoints: ids.clone() };
    let results = rivals
        .iter()
        .map(|rival| {
            let reviews =
                crate::rules::summary::summarize(&rival.audit, &rival.evidence, as_of).and_then(|s| s.reviews);
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
            }
        })
        .collect();
    (Some(outside_in), results)
}
