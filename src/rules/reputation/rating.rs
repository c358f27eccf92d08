//! The average rating over all platforms.

use super::{figure, none_before, reviews};
use crate::gather::reviews::metrics;
use crate::i18n::Text;
use crate::rules::{Evaluated, EvidenceItem, Measurement, Rule, RuleInput};
use crate::significance::Sample;
use crate::spec::{Params, RuleSpec, SourceKind, number};
use crate::{msg, significance};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "review_rating",
        source: SourceKind::Reviews,
        doc: "Average rating on 1-5 over all platforms, weighted by review count; other scales are normalised.",
        params: &[number("pass", "4.5", "average for full marks"), number("fail", "3.5", "average that earns nothing")],
        vars: &["count"],
        check: check_stars,
        hand: None,
        page_check: None,
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn check_stars(params: &Params) -> Result<(), String> {
    for name in ["pass", "fail"] {
        if !(1.0..=5.0).contains(&params.num(name)) {
            return Err(format!("`{name}` must be a rating between 1 and 5"));
        }
    }
    Ok(())
}

fn eval(input: &RuleInput) -> Evaluated {
    let facts = reviews(input)?;
    // What customers see: a platform's own rating and count where an export states them, else the reviews read.
    let (platforms, overall) = metrics::platform_ratings(facts, input.as_of);
    let Some(overall) = overall else { return none_before(input, None, "review") };
    let count: usize = platforms.iter().map(|p| p.count).sum();
    let mut evidence: Vec<EvidenceItem> = platforms
        .iter()
        .map(|p| {
            let mut line =
                vec![msg!("rev-platform-rating", platform = p.platform.as_str(), stars = p.average, count = p.count)];
            if let Some(read) = p.read {
                line.push(msg!("rev-as-the-platform-shows", read = read));
            }
            figure(Text::join(line, " "))
        })
        .collect();
    // Ratings a business publishes about itself are shown, never scored (search engines give them no stars).
    for source in facts.sources.iter() {
        if let Some(aggregate) = source.aggregate.as_ref().filter(|a| a.self_published || a.count.is_none()) {
            let mut line = vec![msg!("rev-states", platform = source.platform.as_str(), stars = aggregate.stars)];
            if let Some(count) = aggregate.count {
                line.push(msg!("rev-from-n-reviews", count = count));
            }
            if aggregate.self_published {
                line.push(msg!("rev-self-published"));
            }
            evidence.push(figure(Text::join(line, " ")));
        }
    }
    let m = Measurement::thresholded(overall, input.params(), |v| Text::unit(v, "★"));
    let text = msg!("rev-rating-text", stars = overall, count = count);
    // The spread of the stars read stands for the platforms' (they publish a mean and a count only).
    let stars: Vec<f64> = metrics::within(&facts.reviews, input.as_of, None).map(|r| r.stars).collect();
    let sd = significance::sd(&stars);
    let sample = Sample::Mean { n: count, mean: overall, sd };
    Ok(Measurement { text, ..m }.with_evidence(evidence).var("count", count).on_sample(sample))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        Fixtures::new(
            with_reviews(reviews(60, |i, days| {
                review(if i % 2 == 0 { "Google" } else { "Yelp" }, days, 5.0, Some(2), i)
            })),
            with_reviews(reviews(60, |i, days| {
                review(if i % 2 == 0 { "Google" } else { "Yelp" }, days, 1.0, Some(2), i)
            })),
        )
    }
}
