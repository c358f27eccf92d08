//! touchaudit audits how a business treats its customers at every touchpoint and turns it into one report and
//! one loyalty readiness score.
//!
//! A run flows through stages, each with one job and one output type:
//! [`config::load`] → [`gather::gather`] → [`rules::evaluate`] → [`score::score`] → [`report`].

#![warn(unreachable_pub, missing_docs)]

pub(crate) mod chain;
pub mod cli;
pub(crate) mod compare;
pub(crate) mod config;
pub(crate) mod demo;
pub(crate) mod error;
pub(crate) mod gather;
pub(crate) mod i18n;
pub(crate) mod init;
pub(crate) mod repeat;
pub(crate) mod report;
pub(crate) mod result;
pub(crate) mod rivals;
pub(crate) mod rules;
pub(crate) mod score;
pub(crate) mod significance;
pub(crate) mod spec;
pub(crate) mod stats;
pub(crate) mod text;
pub(crate) mod visit;

use std::time::Instant;

use chrono::NaiveDate;

pub(crate) use config::{Audit, Files};
pub(crate) use error::Result;
pub(crate) use report::AuditResult;

/// Reads and validates an audit file and everything it names, its checklist checked against the built-in
/// rules; `locale`, when given, overrides the file's.
pub fn load(path: &std::path::Path, files: Files, locale: Option<i18n::Locale>) -> Result<Audit> {
    config::load(path, files, locale, &rules::registry::Registry)
}

/// Runs a loaded audit: gathers evidence, evaluates every touchpoint, scores and builds the result.
/// `as_of` overrides the audit file's date; without either, today is used.
pub fn run(audit: &Audit, as_of: Option<NaiveDate>, reach: &gather::site::Reach) -> AuditResult {
    run_with(audit, as_of, reach, &rivals::RivalCache::default())
}

/// [`run`], with the rivals gathered through `cache` (a batch run shares one, so a rival several clients name
/// is gathered once).
pub fn run_with(
    audit: &Audit,
    as_of: Option<NaiveDate>,
    reach: &gather::site::Reach,
    cache: &rivals::RivalCache,
) -> AuditResult {
    run_keeping(audit, as_of, reach, cache).0
}

/// [`run_with`], with the answers of the live review sources (the business's and its rivals', each once),
/// to keep beside the result.
pub(crate) fn run_keeping(
    audit: &Audit,
    as_of: Option<NaiveDate>,
    reach: &gather::site::Reach,
    cache: &rivals::RivalCache,
) -> (AuditResult, Kept) {
    let started = Instant::now();
    let as_of = as_of.or(audit.business.as_of).unwrap_or_else(|| chrono::Local::now().date_naive());
    let gathered = gather_all(audit, reach, cache, &[as_of]);
    let result = result_at(audit, &gathered, (0, as_of), started);
    let mut saved: Vec<gather::live::Saved> = Vec::new();
    // With live sources, the crawls are kept too (the business's and each rival's): `--from-sources` then
    // needs no network at all.
    let subjects = std::iter::once((audit, &gathered.evidence)).chain(gathered.rivals.iter().map(|(a, e)| (a, e)));
    let mut sites: Vec<(String, std::result::Result<Vec<u8>, String>)> = Vec::new();
    let keep_sites = audit.has_live_sources();
    for (subject, evidence) in subjects.filter(|_| keep_sites) {
        if let (Some(url), Some(facts)) = (subject.business.site.as_deref(), evidence.site.collected()) {
            let file = gather::live::site_file(url);
            if !sites.iter().any(|(f, _)| *f == file) {
                sites.push((file, gather::live::site_gzip(facts)));
            }
        }
    }
    let all = gathered.evidence.fetched.iter().chain(gathered.rivals.iter().flat_map(|(_, e)| &e.fetched));
    let all = all.chain(&gathered.locations.fetched);
    for one in all {
        if !saved.iter().any(|s| s.key == one.key) {
            saved.push(one.clone());
        }
    }
    (result, Kept { sources: saved, sites })
}

/// What a run keeps beside its result: the live sources' answers, and with them the crawls (file name and
/// gzipped facts, or why they could not be written).
pub(crate) struct Kept {
    pub sources: Vec<gather::live::Saved>,
    pub sites: Vec<(String, std::result::Result<Vec<u8>, String>)>,
}

/// The evidence of the business and of each rival (a rival whose gathering stopped keeps its row: its
/// touchpoints say what happened).
struct Gathered {
    evidence: gather::Evidence,
    rivals: Vec<(Audit, gather::Evidence)>,
    /// A chain's locations, judged on each date asked for (their evidence is not kept: memory stays bounded
    /// by one location's).
    locations: chain::Judgements,
}

fn gather_all(audit: &Audit, reach: &gather::site::Reach, cache: &rivals::RivalCache, dates: &[NaiveDate]) -> Gathered {
    // The business and every rival are gathered at once (their sites are other hosts: politeness is per host).
    let rival_audits: Vec<Audit> = audit.competitors.iter().map(|c| rivals::rival_audit(audit, c)).collect();
    let (evidence, rival_evidence, locations) = std::thread::scope(|scope| {
        let rivals: Vec<_> = rival_audits.iter().map(|a| scope.spawn(move || cache.gather(a, reach))).collect();
        // The locations' sources (files, platform APIs) are read beside the chain's crawl.
        let locations = scope.spawn(|| chain::gather_judged(audit, reach, dates));
        let evidence = gather::gather(audit, reach);
        let locations = locations.join().unwrap_or_default();
        (evidence, rivals.into_iter().map(|h| h.join()).collect::<Vec<_>>(), locations)
    });
    let rivals = rival_audits
        .into_iter()
        .zip(rival_evidence)
        .map(|(audit, evidence)| {
            let evidence = evidence.unwrap_or_else(|_| gather::Evidence::stopped(&audit, msg!("gather-rival-stopped")));
            (audit, evidence)
        })
        .collect();
    Gathered { evidence, rivals, locations }
}

/// What the audit would have found on each of `dates` from the evidence gathered now: the reviews, mentions
/// and answers dated up to each date, the windows ending on it (the site as it is today). One gathering for
/// all: the bundled example's history of monthly runs.
pub fn results_at(audit: &Audit, dates: &[NaiveDate], reach: &gather::site::Reach) -> Vec<AuditResult> {
    let gathered = gather_all(audit, reach, &rivals::RivalCache::default(), dates);
    dates.iter().enumerate().map(|(i, date)| result_at(audit, &gathered, (i, *date), Instant::now())).collect()
}

/// The result on `as_of`, the `index`-th of the dates the evidence was gathered for.
fn result_at(audit: &Audit, gathered: &Gathered, (index, as_of): (usize, NaiveDate), started: Instant) -> AuditResult {
    let evidence = &gathered.evidence;
    let judged = gathered.locations.on(index);
    let findings = chain::weighted(rules::evaluate(&audit.checklist, evidence, as_of), judged);
    let subjects: Vec<rivals::Subject> = gathered
        .rivals
        .iter()
        .map(|(audit, evidence)| {
            let findings = rules::evaluate(&audit.checklist, evidence, as_of);
            rivals::Subject { audit, evidence, findings }
        })
        .collect();
    let (outside_in, competitors) = rivals::outside_in(audit, (evidence, &findings), &subjects, as_of);
    let reputation = rules::summary::summarize(audit, evidence, as_of);
    let scored = score::score(&audit.checklist, &findings);
    let summary = result::ExecutiveSummary {
        next_level: score::next_level(&audit.checklist, &findings, &scored),
        strengths: score::strengths(&findings, &scored, 3),
    };
    let mut result = result::build(&result::RunFacts {
        audit,
        evidence,
        findings: &findings,
        scored: &scored,
        reputation,
        summary,
        outside_in,
        competitors,
        as_of,
        generated_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    });
    let (locations, chain) = chain::results(audit, judged, &scored.gains, evidence.site.collected());
    // A fix at a chain's locations names them: all of them for a systemic problem, fixed once.
    if let Some(summary) = &chain {
        for fix in &mut result.fix_first {
            let problem = summary.systemic.iter().chain(&summary.local).find(|p| p.touchpoint == fix.id);
            fix.locations = problem.map(|p| p.locations.clone()).unwrap_or_default();
        }
    }
    result.locations = locations;
    result.chain = chain;
    result
}

/// Adds what changed since `baseline` (with earlier runs from a history for the trend) and the gates'
/// verdicts to a result.
pub fn add_changes(
    result: &mut AuditResult,
    baseline: Option<&compare::Baseline>,
    history: &[compare::Baseline],
    gates: &compare::Gates,
) -> Result<()> {
    if baseline.is_none() && gates.is_empty() {
        return Ok(());
    }
    result.changes = baseline.map(|b| compare::compare(b, result, history));
    result.gates = gates.check(result, result.changes.as_ref());
    Ok(())
}
