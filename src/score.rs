//! Score: aggregate findings into area scores, the loyalty readiness score, its level, coverage and fix-first list.
//!
//! A pure function of the checklist and the findings (ARCHITECTURE.md: score), so it is tested on its own.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::config::checklist::{Checklist, Level};
use crate::rules::{Finding, Status};

/// Below this coverage the overall score is marked provisional.
pub(crate) const PROVISIONAL_BELOW: f64 = 0.6;
/// A failed critical touchpoint caps the level at this band (0-based: the second band).
pub(crate) const CRITICAL_CAP_BAND: usize = 1;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AreaScore {
    pub id: String,
    pub title: String,
    pub weight: f64,
    /// Weighted mean of the assessed touchpoints, 0-100; `None` when nothing in the area was assessed.
    pub score: Option<f64>,
    /// Assessed weight / applicable weight, 0-1; `None` when the area has no applicable weight.
    pub coverage: Option<f64>,
    pub assessed: usize,
    pub applicable: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Overall {
    /// 0-100; `None` when no area with weight has an assessed touchpoint.
    pub value: Option<f64>,
    pub level: Option<Level>,
    pub coverage: f64,
    pub provisional: bool,
    /// Failed critical touchpoints that lowered the level.
    pub capped_by: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scored {
    pub overall: Overall,
    pub areas: Vec<AreaScore>,
    /// Points the overall score would gain if the touchpoint passed fully, by touchpoint id.
    pub gains: BTreeMap<String, f64>,
    /// Touchpoint ids to fix first: failed critical ones, then by points gained.
    pub fix_first: Vec<String>,
}

/// Weighted sums of one area's findings.
struct AreaSums {
    applicable_weight: f64,
    assessed_weight: f64,
    weighted_score: f64,
}

fn sums<'a>(findings: impl Iterator<Item = &'a Finding>) -> AreaSums {
    let mut s = AreaSums { applicable_weight: 0.0, assessed_weight: 0.0, weighted_score: 0.0 };
    for f in findings {
        if f.status == Status::NotApplicable {
            continue;
        }
        s.applicable_weight += f.weight;
        if let Some(score) = f.score {
            s.assessed_weight += f.weight;
            s.weighted_score += f.weight * score;
        }
    }
    s
}

pub(crate) fn score(checklist: &Checklist, findings: &[Finding]) -> Scored {
    let mut areas = Vec::with_capacity(checklist.areas.len());
    let mut area_sums = Vec::with_capacity(checklist.areas.len());
    for area in &checklist.areas {
        let in_area = || findings.iter().filter(|f| f.area == area.id);
        let s = sums(in_area());
        areas.push(AreaScore {
            id: area.id.clone(),
            title: area.title.clone(),
            weight: area.weight,
            score: (s.assessed_weight > 0.0).then(|| s.weighted_score / s.assessed_weight * 100.0),
            coverage: (s.applicable_weight > 0.0).then(|| s.assessed_weight / s.applicable_weight),
            assessed: in_area().filter(|f| f.status.is_assessed()).count(),
            applicable: in_area().filter(|f| f.status != Status::NotApplicable).count(),
        });
        area_sums.push(s);
    }

    let contributing_weight: f64 = areas.iter().filter(|a| a.score.is_some()).map(|a| a.weight).sum();
    let value = (contributing_weight > 0.0)
        .then(|| areas.iter().filter_map(|a| a.score.map(|s| s * a.weight)).sum::<f64>() / contributing_weight);

    let (covered, applicable) = areas
        .iter()
        .filter_map(|a| a.coverage.map(|c| (c * a.weight, a.weight)))
        .fold((0.0, 0.0), |(c, w), (ac, aw)| (c + ac, w + aw));
    let coverage = if applicable > 0.0 { covered / applicable } else { 0.0 };

    let mut gains = BTreeMap::new();
    if contributing_weight > 0.0 {
        for (area, s) in areas.iter().zip(&area_sums) {
            if area.score.is_none() {
                continue;
            }
            for f in findings.iter().filter(|f| f.area == area.id) {
                if let Some(score) = f.score {
                    let share = area.weight / contributing_weight * f.weight / s.assessed_weight;
                    gains.insert(f.id.clone(), share * (1.0 - score) * 100.0);
                }
            }
        }
    }

    let mut level_index = value.map(|v| level_for(&checklist.levels, v));
    let failed_critical: Vec<String> =
        findings.iter().filter(|f| f.critical && f.status == Status::Fail).map(|f| f.id.clone()).collect();
    let mut capped_by = Vec::new();
    let cap = CRITICAL_CAP_BAND.min(checklist.levels.len().saturating_sub(1));
    if let Some(index) = level_index
        && index > cap
        && !failed_critical.is_empty()
    {
        level_index = Some(cap);
        capped_by = failed_critical.clone();
    }

    let mut fix_first: Vec<&Finding> = findings
        .iter()
        .filter(|f| matches!(f.status, Status::Warn | Status::Fail))
        .filter(|f| gains.get(&f.id).is_some_and(|g| *g > 0.0) || (f.critical && f.status == Status::Fail))
        .collect();
    fix_first.sort_by(|a, b| {
        let critical = |f: &Finding| f.critical && f.status == Status::Fail;
        critical(b)
            .cmp(&critical(a))
            .then_with(|| gains.get(&b.id).unwrap_or(&0.0).total_cmp(gains.get(&a.id).unwrap_or(&0.0)))
            .then_with(|| a.id.cmp(&b.id))
    });

    Scored {
        overall: Overall {
            value,
            level: level_index.and_then(|i| checklist.levels.get(i).cloned()),
            coverage,
            provisional: coverage < PROVISIONAL_BELOW,
            capped_by,
        },
        areas,
        gains,
        fix_first: fix_first.into_iter().map(|f| f.id.clone()).collect(),
    }
}

/// The smallest set of fixes, taken in fix-first order, that lifts the level one band: the fixes are set to
/// pass and the whole audit is scored again (so the critical cap and every weight count as they do in a real
/// run). `None` at the top level, without a score, or when fixing everything still falls short.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextLevel {
    /// The level reached.
    pub level: String,
    pub level_title: String,
    /// The touchpoints to fix, in order.
    pub fixes: Vec<String>,
    /// The score once they pass, one decimal.
    pub score: f64,
}

pub(crate) fn next_level(checklist: &Checklist, findings: &[Finding], scored: &Scored) -> Option<NextLevel> {
    let current = scored.overall.level.as_ref()?;
    let index = checklist.levels.iter().position(|l| l.id == current.id)?;
    let target = checklist.levels.get(index + 1)?;
    let mut fixed: Vec<Finding> = findings.to_vec();
    let mut fixes = Vec::new();
    for id in &scored.fix_first {
        let Some(f) = fixed.iter_mut().find(|f| &f.id == id) else { continue };
        f.status = Status::Pass;
        f.score = Some(1.0);
        fixes.push(id.clone());
        let again = score(checklist, &fixed);
        let reached = again.overall.level.as_ref().and_then(|l| checklist.levels.iter().position(|x| x.id == l.id));
        if reached.is_some_and(|r| r > index) {
            return Some(NextLevel {
                level: target.id.clone(),
                level_title: target.title.clone(),
                fixes,
                score: crate::stats::round(again.overall.value.unwrap_or(0.0), 1),
            });
        }
    }
    None
}

/// The business's strengths: passing touchpoints, heaviest in the overall score first, one per area while
/// areas last, at most `count`.
pub(crate) fn strengths(findings: &[Finding], scored: &Scored, count: usize) -> Vec<String> {
    let weight = |f: &Finding| {
        let area = scored.areas.iter().find(|a| a.id == f.area).map_or(0.0, |a| a.weight);
        area * f.weight
    };
    let mut passing: Vec<&Finding> =
        findings.iter().filter(|f| f.status == Status::Pass && f.auditor.is_none()).collect();
    passing.sort_by(|a, b| weight(b).total_cmp(&weight(a)).then_with(|| a.id.cmp(&b.id)));
    let mut out: Vec<&Finding> = Vec::new();
    for f in &passing {
        if out.len() < count && !out.iter().any(|o| o.area == f.area) {
            out.push(f);
        }
    }
    for f in &passing {
        if out.len() < count && !out.iter().any(|o| o.id == f.id) {
            out.push(f);
        }
    }
    out.into_iter().map(|f| f.id.clone()).collect()
}

/// Index of the highest band whose `min` the value reaches (bands are sorted, the first starts at 0).
fn level_for(levels: &[Level], value: f64) -> usize {
    levels.iter().rposition(|l| value >= l.min).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::checklist::Area;

    fn checklist(areas: &[(&str, f64)]) -> Checklist {
        let mut c = Checklist::builtin(&crate::rules::registry::Registry).expect("default checklist is valid");
        c.areas = areas.iter().map(|(id, w)| Area { id: id.to_string(), title: id.to_string(), weight: *w }).collect();
        c.touchpoints.clear();
        c
    }

    fn finding(id: &str, area: &str, weight: f64, status: Status, score: Option<f64>) -> Finding {
        Finding {
            id: id.into(),
            area: area.into(),
            title: id.into(),
            weight,
            critical: false,
            status,
            score,
            measured: None,
            measured_text: None,
            target: None,
            thresholds: None,
            evidence: vec![],
            recommendation: None,
            reason: None,
            why: String::new(),
            auditor: None,
            sample: None,
        }
    }

    /// A measured finding; as with thresholds, only a full score passes and only a zero fails.
    fn assessed(id: &str, area: &str, weight: f64, score: f64) -> Finding {
        let status = match score {
            s if s >= 1.0 => Status::Pass,
            s if s <= 0.0 => Status::Fail,
            _ => Status::Warn,
        };
        finding(id, area, weight, status, Some(score))
    }

    fn not_assessed(id: &str, area: &str, weight: f64) -> Finding {
        finding(id, area, weight, Status::NotAssessed, None)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn area_is_weighted_mean_and_overall_renormalises_over_assessed_areas() {
        let c = checklist(&[("a", 30.0), ("b", 10.0), ("c", 60.0)]);
        let f = vec![
            assessed("a1", "a", 3.0, 1.0),
            assessed("a2", "a", 1.0, 0.2),
            assessed("b1", "b", 1.0, 0.5),
            not_assessed("c1", "c", 1.0),
        ];
        let s = score(&c, &f);
        // a = (3*1 + 1*0.2)/4 = 0.8 → 80; b = 50; c not assessed.
        assert!(close(s.areas[0].score.unwrap(), 80.0));
        assert!(close(s.areas[1].score.unwrap(), 50.0));
        assert_eq!(s.areas[2].score, None);
        // overall = (30*80 + 10*50) / 40 = 72.5, c's weight renormalised away.
        assert!(close(s.overall.value.unwrap(), 72.5));
        // coverage = (30*1 + 10*1 + 60*0) / 100 = 0.4 → provisional.
        assert!(close(s.overall.coverage, 0.4));
        assert!(s.overall.provisional);
        assert_eq!(s.overall.level.unwrap().id, "devotion");
    }

    #[test]
    fn nothing_assessed_gives_no_score_and_zero_coverage() {
        let c = checklist(&[("a", 1.0)]);
        let s = score(&c, &[not_assessed("a1", "a", 1.0)]);
        assert_eq!(s.overall.value, None);
        assert_eq!(s.overall.level, None);
        assert_eq!(s.overall.coverage, 0.0);
        assert!(s.overall.provisional);
        assert!(s.fix_first.is_empty());
        assert!(s.gains.is_empty());
    }

    #[test]
    fn one_area_only() {
        let c = checklist(&[("a", 5.0), ("b", 5.0)]);
        let s = score(&c, &[assessed("a1", "a", 1.0, 0.9), not_assessed("b1", "b", 1.0)]);
        assert!(close(s.overall.value.unwrap(), 90.0));
        assert!(close(s.overall.coverage, 0.5));
        assert_eq!(s.overall.level.unwrap().id, "partnership");
    }

    #[test]
    fn all_not_applicable_is_out_of_coverage_entirely() {
        let c = checklist(&[("a", 1.0)]);
        let s = score(&c, &[finding("a1", "a", 1.0, Status::NotApplicable, None)]);
        assert_eq!(s.areas[0].coverage, None);
        assert_eq!(s.areas[0].applicable, 0);
        assert_eq!(s.overall.value, None);
        assert_eq!(s.overall.coverage, 0.0);
    }

    #[test]
    fn not_applicable_does_not_lower_coverage() {
        let c = checklist(&[("a", 1.0)]);
        let s = score(&c, &[assessed("a1", "a", 1.0, 1.0), finding("a2", "a", 5.0, Status::NotApplicable, None)]);
        assert!(close(s.overall.coverage, 1.0));
        assert!(!s.overall.provisional);
    }

    #[test]
    fn zero_weights_contribute_nothing() {
        let c = checklist(&[("a", 1.0), ("b", 0.0)]);
        let f = vec![assessed("a1", "a", 1.0, 0.6), assessed("a0", "a", 0.0, 0.0), assessed("b1", "b", 1.0, 0.0)];
        let s = score(&c, &f);
        assert!(close(s.areas[0].score.unwrap(), 60.0));
        assert!(close(s.overall.value.unwrap(), 60.0));
        assert!(close(s.gains["a0"], 0.0));
        assert!(close(s.gains["b1"], 0.0));
        assert_eq!(s.fix_first, ["a1"]);
    }

    #[test]
    fn area_with_only_zero_weight_touchpoints_has_no_score() {
        let c = checklist(&[("a", 1.0), ("b", 1.0)]);
        let s = score(&c, &[assessed("a1", "a", 0.0, 1.0), assessed("b1", "b", 1.0, 0.5)]);
        assert_eq!(s.areas[0].score, None);
        assert_eq!(s.areas[0].coverage, None);
        assert!(close(s.overall.value.unwrap(), 50.0));
    }

    #[test]
    fn gains_are_weight_share_times_shortfall_and_rank_fix_first() {
        let c = checklist(&[("a", 3.0), ("b", 1.0)]);
        let f = vec![
            assessed("a1", "a", 1.0, 0.5),
            assessed("a2", "a", 1.0, 1.0),
            assessed("b1", "b", 1.0, 0.0),
            assessed("b2", "b", 1.0, 0.7),
        ];
        let s = score(&c, &f);
        // a1: 3/4 * 1/2 * 0.5 * 100 = 18.75; b1: 1/4 * 1/2 * 1 * 100 = 12.5; b2: 1/4*1/2*0.3*100 = 3.75
        assert!(close(s.gains["a1"], 18.75));
        assert!(close(s.gains["b1"], 12.5));
        assert!(close(s.gains["b2"], 3.75));
        assert!(close(s.gains["a2"], 0.0));
        assert_eq!(s.fix_first, ["a1", "b1", "b2"]);
        // Fixing everything gains exactly what the score lacks.
        let total: f64 = s.gains.values().sum();
        assert!(close(total, 100.0 - s.overall.value.unwrap()));
    }

    #[test]
    fn failed_critical_caps_the_level_at_the_second_band_and_goes_first() {
        let c = checklist(&[("a", 1.0)]);
        let mut critical = assessed("crit", "a", 0.1, 0.0);
        critical.critical = true;
        let f = vec![assessed("a1", "a", 10.0, 1.0), assessed("a2", "a", 10.0, 0.9), critical];
        let s = score(&c, &f);
        assert!(s.overall.value.unwrap() > 85.0);
        assert_eq!(s.overall.level.as_ref().unwrap().id, "sufficiency");
        assert_eq!(s.overall.capped_by, ["crit"]);
        assert_eq!(s.fix_first[0], "crit");
    }

    #[test]
    fn a_cap_that_changes_nothing_is_not_reported() {
        let c = checklist(&[("a", 1.0)]);
        let mut critical = assessed("crit", "a", 1.0, 0.0);
        critical.critical = true;
        let s = score(&c, &[critical]);
        assert_eq!(s.overall.level.unwrap().id, "not_ready");
        assert!(s.overall.capped_by.is_empty());
    }

    #[test]
    fn level_band_edges() {
        let levels = Checklist::builtin(&crate::rules::registry::Registry).unwrap().levels;
        let id = |v: f64| levels[level_for(&levels, v)].id.clone();
        assert_eq!(id(0.0), "not_ready");
        assert_eq!(id(39.99), "not_ready");
        assert_eq!(id(40.0), "sufficiency");
        assert_eq!(id(64.99), "sufficiency");
        assert_eq!(id(65.0), "devotion");
        assert_eq!(id(85.0), "partnership");
        assert_eq!(id(100.0), "partnership");
    }

    #[test]
    fn coverage_at_sixty_percent_is_not_provisional() {
        let c = checklist(&[("a", 1.0)]);
        let f = vec![assessed("a1", "a", 3.0, 1.0), not_assessed("a2", "a", 2.0)];
        let s = score(&c, &f);
        assert!(close(s.overall.coverage, 0.6));
        assert!(!s.overall.provisional);
    }

    #[test]
    fn the_next_level_is_reached_by_the_fixes_it_names_and_not_by_fewer() {
        let mut c = checklist(&[("a", 1.0), ("b", 1.0)]);
        c.levels.truncate(4);
        let findings = vec![
            assessed("a1", "a", 3.0, 0.0),
            assessed("a2", "a", 1.0, 0.5),
            assessed("b1", "b", 1.0, 1.0),
            assessed("b2", "b", 2.0, 0.0),
        ];
        let scored = score(&c, &findings);
        let next = next_level(&c, &findings, &scored).expect("a level above");
        let index = |s: &Scored| c.levels.iter().position(|l| Some(&l.id) == s.overall.level.as_ref().map(|l| &l.id));
        let set_passing = |ids: &[String]| {
            let mut f = findings.clone();
            for x in f.iter_mut().filter(|x| ids.contains(&x.id)) {
                x.status = Status::Pass;
                x.score = Some(1.0);
            }
            score(&c, &f)
        };
        let with = set_passing(&next.fixes);
        assert!(index(&with) > index(&scored), "{next:?}");
        assert_eq!(next.level, c.levels[index(&scored).unwrap() + 1].id);
        assert_eq!(crate::stats::round(with.overall.value.unwrap(), 1), next.score);
        let fewer = set_passing(&next.fixes[..next.fixes.len() - 1]);
        assert_eq!(index(&fewer), index(&scored), "one fix fewer falls short");
    }
}
