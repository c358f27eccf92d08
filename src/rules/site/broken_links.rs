//! Link, image and form targets that answer with an error.

use std::collections::BTreeSet;

use super::site;
use crate::msg;
use crate::rules::params::check_non_negative_thresholds;
use crate::rules::{Evaluated, EvidenceKind, Measurement, Rule, RuleInput, listed};
use crate::spec::{RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "site_broken_links",
        source: SourceKind::Site,
        doc: "Distinct link, image and form-action targets on the site that answer with an error (4xx, 5xx) or \
                  not at all, each listed with a page it is found on.",
        params: &[
            number("pass", "0", "broken targets for full marks"),
            number("fail", "10", "broken targets that earn nothing"),
        ],
        vars: &["broken"],
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
    let targets: BTreeSet<&str> = site.broken_links.iter().map(|b| b.to.as_str()).collect();
    let items = site
        .broken_links
        .iter()
        .map(|b| msg!("site-broken-item", target = b.to.as_str(), why = b.why(), page = b.from.as_str()));
    let count = targets.len() as f64;
    let m = Measurement::thresholded(count, input.params(), |v| msg!("site-n-broken", count = v));
    Ok(m.with_evidence(listed(EvidenceKind::Problem, items)).var("broken", targets.len()))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let good = site(O, &[("/", &page("Welcome", ""))]);
        let mut bad = good.clone();
        bad.broken_links =
            (0..12).map(|i| broken("https://a.example/", &format!("https://a.example/gone{i}.html"))).collect();
        Fixtures::new(with_site(good), with_site(bad))
    }
}
