//! The median response time of the pages.

use super::{pages, site};
use crate::gather::site::facts::PageRecord;
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::check_non_negative_thresholds;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Rule, RuleInput, listed};
use crate::significance::Sample;
use crate::spec::{RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "site_speed",
        source: SourceKind::Site,
        doc: "The median time to the full HTML response over all pages, in milliseconds; the slowest and the \
                  heaviest pages are listed.",
        params: &[
            number("pass", "800", "median response time (ms) for full marks"),
            number("fail", "3000", "median response time (ms) that earns nothing"),
            number("max_page_kb", "1500", "pages heavier than this are listed"),
        ],
        vars: &["slow_pages"],
        check: check_non_negative_thresholds,
        hand: None,
        page_check: None,
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
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
    let mut evidence = vec![EvidenceItem::new(
        EvidenceKind::Figure,
        msg!("site-speed-figure", median = median, p90 = p90, pages = times.len()),
    )];
    let slow_count = slow.len();
    evidence.extend(listed(EvidenceKind::Problem, slow));
    evidence.extend(listed(EvidenceKind::Problem, heavy));
    let m = Measurement::thresholded(median, params, |v| msg!("unit-ms", ms = v.round()));
    Ok(m.with_evidence(evidence).var("slow_pages", slow_count).on_sample(Sample::Timing))
}

#[cfg(test)]
mod tests {
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
}
