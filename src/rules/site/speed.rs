//! Page speed: Core Web Vitals measured in the browser when there is one (the start page, a contacts and a
//! prices page, each the median of several throttled loads), else the pages' server response times.

use super::{pages, site};
use crate::gather::site::facts::{PageRecord, PageVitals};
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::Thresholds;
use crate::rules::params::check_non_negative_thresholds;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Rule, RuleInput, listed};
use crate::significance::Sample;
use crate::spec::{RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "site_speed",
        source: SourceKind::Site,
        doc: "With Chromium: the Core Web Vitals score (0-100) of the start page, a contacts and a prices page, \
                  each metric 100 at its \"good\" limit and 0 at its \"poor\" one, weighted as Lighthouse weighs them \
                  (LCP 25, TBT 30, CLS 25), measured under Lighthouse's mobile throttling, the median of several \
                  loads. Without a browser: the median time to the full HTML response over all pages, in \
                  milliseconds. The slowest and the heaviest pages are listed.",
        params: &[
            number("pass", "800", "median server response time (ms) for full marks, without a browser"),
            number("fail", "3000", "median server response time (ms) that earns nothing, without a browser"),
            number("max_page_kb", "1500", "pages heavier than this are listed"),
            number("vitals_pass", "90", "Core Web Vitals score for full marks (Lighthouse's \"good\" band)"),
            number("vitals_fail", "50", "Core Web Vitals score that earns nothing (Lighthouse's \"poor\" band)"),
            number("lcp_good_ms", "2500", "Largest Contentful Paint that is good (Core Web Vitals)"),
            number("lcp_poor_ms", "4000", "Largest Contentful Paint that is poor"),
            number("tbt_good_ms", "200", "Total Blocking Time that is good (Lighthouse, mobile)"),
            number("tbt_poor_ms", "600", "Total Blocking Time that is poor"),
            number("cls_good", "0.1", "Cumulative Layout Shift that is good (Core Web Vitals)"),
            number("cls_poor", "0.25", "Cumulative Layout Shift that is poor"),
        ],
        vars: &["slow_pages"],
        check: check_params,
        hand: None,
        page_check: None,
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn check_params(params: &crate::spec::Params) -> Result<(), String> {
    check_non_negative_thresholds(params)?;
    for (good, poor) in [("lcp_good_ms", "lcp_poor_ms"), ("tbt_good_ms", "tbt_poor_ms"), ("cls_good", "cls_poor")] {
        if params.num(good) < 0.0 || params.num(poor) <= params.num(good) {
            return Err(format!("`{poor}` must be greater than `{good}`, and neither negative"));
        }
    }
    Ok(())
}

/// Lighthouse's weights of the three metrics in its performance score (v10+: LCP 25, TBT 30, CLS 25; FCP and
/// Speed Index, the other 20, are not Core Web Vitals).
const WEIGHTS: [f64; 3] = [25.0, 30.0, 25.0];

/// A page's score, 0-100: each metric 1 at or under its good limit, 0 at or over its poor one, linear between.
fn page_score(v: &PageVitals, params: &crate::spec::Params) -> f64 {
    let metric = |value: f64, good: &str, poor: &str| {
        crate::rules::params::Thresholds { pass: params.num(good), fail: params.num(poor) }.score(value)
    };
    let scores = [
        metric(v.lcp_ms, "lcp_good_ms", "lcp_poor_ms"),
        metric(v.tbt_ms, "tbt_good_ms", "tbt_poor_ms"),
        metric(v.cls, "cls_good", "cls_poor"),
    ];
    let total: f64 = WEIGHTS.iter().sum();
    (scores.iter().zip(WEIGHTS).map(|(s, w)| s * w).sum::<f64>() / total * 100.0).round()
}

/// The speed in the browser: the mean of the measured pages' scores.
fn eval_vitals(input: &RuleInput, vitals: &[PageVitals]) -> Evaluated {
    let params = input.params();
    let scored: Vec<(f64, &PageVitals)> = vitals.iter().map(|v| (page_score(v, params), v)).collect();
    let score = (scored.iter().map(|(s, _)| s).sum::<f64>() / scored.len() as f64).round();
    let thresholds = Thresholds { pass: params.num("vitals_pass"), fail: params.num("vitals_fail") };
    let mut evidence = Vec::new();
    let mut slow = 0;
    for (page_score, v) in &scored {
        let kind = if thresholds.meets_pass(*page_score) { EvidenceKind::Figure } else { EvidenceKind::Problem };
        slow += usize::from(kind == EvidenceKind::Problem);
        let figures = msg!(
            "site-vitals-page",
            score = *page_score,
            lcp = format!("{:.1}", v.lcp_ms / 1000.0),
            tbt = v.tbt_ms,
            cls = format!("{:.2}", v.cls),
            fcp = format!("{:.1}", v.fcp_ms / 1000.0),
            loads = v.loads
        );
        evidence.push(EvidenceItem::new(kind, Text::at(v.url.clone(), figures)));
    }
    evidence.push(EvidenceItem::new(EvidenceKind::Figure, msg!("site-vitals-how")));
    let slow_pages: Vec<String> =
        scored.iter().filter(|(s, _)| !thresholds.meets_pass(*s)).map(|(_, v)| v.url.clone()).collect();
    let text = msg!("site-vitals-score", score = score);
    Ok(Measurement {
        value: score,
        judged: score,
        text,
        target: msg!("site-vitals-target", score = thresholds.pass),
        thresholds,
        evidence,
        vars: Vec::new(),
        sample: None,
    }
    .var("slow_pages", if slow == 0 { Text::from("0") } else { Text::from(slow_pages.join(", ")) }))
}

fn eval(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    if !site.vitals.is_empty() {
        return eval_vitals(input, &site.vitals);
    }
    let pages = pages(site)?;
    let mut times: Vec<f64> = pages.iter().map(|(p, _)| p.response_ms as f64).collect();
    times.sort_unstable_by(f64::total_cmp);
    // One quantile for the whole tool (the reviews' reply times use it too): linear, as numpy and pandas.
    let median = crate::stats::quantile(&times, 0.5).unwrap_or(0.0);
    let p90 = crate::stats::quantile(&times, 0.9).unwrap_or(0.0).round();
    let params = input.params();
    let mut slowest: Vec<&PageRecord> = pages.iter().map(|(p, _)| *p).collect();
    slowest.sort_by(|a, b| b.response_ms.cmp(&a.response_ms).then_with(|| a.final_url.cmp(&b.final_url)));
    let slow: Vec<Text> = slowest
        .iter()
        .filter(|p| p.response_ms as f64 > params.num("fail"))
        .map(|p| Text::at(p.final_url.to_string(), msg!("unit-ms", ms = p.response_ms)))
        .collect();
    let heavy: Vec<Text> = pages
        .iter()
        .filter(|(p, _)| p.bytes as f64 > params.num("max_page_kb") * 1024.0)
        .map(|(p, _)| {
            let size = if p.truncated { "site-page-kb-cut" } else { "site-page-kb" };
            Text::at(p.final_url.to_string(), Text::message(size, [("kb", Text::from(p.bytes / 1024))]))
        })
        .collect();
    let mut evidence = vec![
        EvidenceItem::new(
            EvidenceKind::Figure,
            msg!("site-speed-figure", median = median, p90 = p90, pages = times.len()),
        ),
        EvidenceItem::new(EvidenceKind::Figure, msg!("site-speed-server-only")),
    ];
    let slow_count = slow.len();
    evidence.extend(listed(EvidenceKind::Problem, slow));
    evidence.extend(listed(EvidenceKind::Problem, heavy));
    let m = Measurement::thresholded(median, params, |v| msg!("unit-ms", ms = v.round()));
    Ok(m.with_evidence(evidence).var("slow_pages", slow_count).on_sample(Sample::Timing))
}

#[cfg(test)]
mod tests {
    use crate::rules::Status;
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let good = site(O, &[("/", &page("Welcome", "")), ("/about.html", &page("About", ""))]);
        let mut slow = good.clone();
        for p in &mut slow.pages {
            p.response_ms = 5000;
        }
        Fixtures::new(with_site(good), with_site(slow))
    }

    fn vitals(lcp_ms: f64, tbt_ms: f64, cls: f64) -> crate::gather::site::facts::PageVitals {
        crate::gather::site::facts::PageVitals {
            url: format!("{O}/"),
            lcp_ms,
            cls,
            tbt_ms,
            fcp_ms: lcp_ms.min(1_000.0),
            loads: 3,
        }
    }

    #[test]
    fn in_the_browser_a_page_that_paints_after_3_s_is_not_fast_and_a_plain_one_is() {
        let t = touchpoint("site_speed", &[]);
        let mut site = site(O, &[("/", &page("Welcome", ""))]);
        // Server times that would fail: the browser's figures stand instead.
        for p in &mut site.pages {
            p.response_ms = 5000;
        }
        site.vitals = vec![vitals(900.0, 0.0, 0.0)];
        assert_eq!(status_of(&t, &with_site(site.clone())), Status::Pass);
        site.vitals = vec![vitals(3_300.0, 0.0, 0.0)];
        assert_ne!(status_of(&t, &with_site(site.clone())), Status::Pass);
        site.vitals = vec![vitals(5_000.0, 900.0, 0.4)];
        assert_eq!(status_of(&t, &with_site(site)), Status::Fail);
    }
}
