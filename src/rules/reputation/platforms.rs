//! Presence on the platforms the audit expects.

use super::{figure, reviews};
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::check_share_thresholds;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Outcome, Rule, RuleInput};
use crate::spec::{RuleSpec, SourceKind, number, text_list};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "review_platforms",
        source: SourceKind::Reviews,
        doc: "The business is present on the platforms the audit expects.",
        params: &[
            text_list("expect", "[]", "platforms the business should be on"),
            number("pass", "1", "share of expected platforms for full marks"),
            number("fail", "0.5", "share that earns nothing"),
        ],
        vars: &["missing", "unclaimed"],
        check: check_share_thresholds,
        hand: None,
        page_check: None,
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

/// The platforms expected of a business whose customers speak Russian, when the audit names none.
const RUSSIAN_MARKET: [&str; 3] = ["Yandex Maps", "2GIS", "Google"];

fn eval(input: &RuleInput) -> Evaluated {
    let facts = reviews(input)?;
    let from_checklist: Vec<String> = input.params().list("expect").into_iter().map(str::to_string).collect();
    let mut expected = if from_checklist.is_empty() { facts.expected.clone() } else { from_checklist };
    // Where customers speak Russian they look on Yandex Maps, 2GIS and Google.
    if expected.is_empty() && crate::rules::listings::russian_speaking_market(input.evidence) {
        expected = RUSSIAN_MARKET.iter().map(|p| p.to_string()).collect();
    }
    if expected.is_empty() {
        return Err(Outcome::NotAssessed(msg!("rev-no-expected-platforms")));
    }
    let present = facts.platforms();
    let (found, missing): (Vec<&String>, Vec<&String>) =
        expected.iter().partition(|e| present.iter().any(|p| p.eq_ignore_ascii_case(e)));
    // A listing its export says the owner has not claimed is there but not the business's: half of one.
    let unclaimed: Vec<&str> = found
        .iter()
        .filter(|p| {
            facts.sources.iter().any(|s| {
                s.platform.eq_ignore_ascii_case(p) && s.profile.as_ref().and_then(|pr| pr.claimed) == Some(false)
            })
        })
        .map(|p| p.as_str())
        .collect();
    let share = (found.len() as f64 - 0.5 * unclaimed.len() as f64) / expected.len() as f64;
    let mut m = Measurement::thresholded(share, input.params(), Text::pct);
    m.text = msg!("rev-platforms-text", found = found.len(), expected = expected.len());
    let missing_text = missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
    let mut evidence = vec![figure(msg!("rev-read-from", platforms = present.join(", ")))];
    if !missing.is_empty() {
        evidence.push(EvidenceItem::new(EvidenceKind::Problem, msg!("rev-none-on", platforms = missing_text.as_str())));
    }
    if !unclaimed.is_empty() {
        let platforms = unclaimed.join(", ");
        evidence
            .push(EvidenceItem::new(EvidenceKind::Problem, msg!("rev-unclaimed-on", platforms = platforms.as_str())));
    }
    // The fix claims and fills in both the missing profiles and the unclaimed ones.
    let to_claim: Vec<&str> = missing.iter().map(|s| s.as_str()).chain(unclaimed.iter().copied()).collect();
    Ok(m.with_evidence(evidence).var("missing", to_claim.join(", ")).var("unclaimed", unclaimed.join(", ")))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        let on = |expected: &[&str]| {
            let mut facts =
                reviews(60, |i, days| review(if i % 2 == 0 { "Google" } else { "Yelp" }, days, 5.0, Some(2), i));
            facts.expected = expected.iter().map(|p| p.to_string()).collect();
            with_reviews(facts)
        };
        Fixtures::new(on(&["Google", "Yelp"]), on(&["Google", "Yelp", "Tripadvisor", "Yandex Maps"]))
    }

    #[test]
    fn a_russian_market_expects_yandex_2gis_and_google_and_names_the_unclaimed() {
        let mut facts =
            reviews(20, |i, days| review(if i % 2 == 0 { "Google" } else { "Yandex Maps" }, days, 5.0, Some(2), i));
        facts.sources.push(crate::gather::reviews::SourceReport {
            platform: "Google".into(),
            format: crate::config::sources::Format::Apify,
            location: "place.json".into(),
            reviews: 0,
            problems: vec![],
            problem_count: 0,
            error: None,
            aggregate: None,
            also_search: Vec::new(),
            seed_rivals: 0,
            listing: Some(crate::gather::Nap { phone: Some("+7 495 123-45-67".into()), ..Default::default() }),
            profile: Some(crate::gather::reviews::profile::Profile { claimed: Some(false), ..Default::default() }),
        });
        let t = touchpoint("review_platforms", &[]);
        let finding = finding_of(&t, &with_reviews(facts));
        let text: Vec<String> = finding.evidence.iter().map(|e| e.text.en()).collect();
        assert!(text.iter().any(|t| t.contains("2GIS")), "{text:?}");
        assert!(text.iter().any(|t| t.contains("not claimed") && t.contains("Google")), "{text:?}");
        assert_eq!(finding.measured, Some(0.5), "Yandex present, Google unclaimed (half), 2GIS missing");
    }
}
