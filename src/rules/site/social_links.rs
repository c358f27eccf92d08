//! Social profiles linked from the site.

use std::collections::BTreeSet;

use super::{schemeless_links, site};
use crate::msg;
use crate::rules::params::check_non_negative_thresholds;
use crate::rules::{Evaluated, EvidenceKind, Measurement, Rule, RuleInput, listed};
use crate::spec::{RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "site_social_links",
        source: SourceKind::Site,
        doc: "Distinct social profiles (domains in checklists/keywords.toml) linked from the site.",
        params: &[
            number("pass", "2", "linked profiles for full marks"),
            number("fail", "0", "linked profiles that earn nothing"),
        ],
        vars: &["profiles"],
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
    let profiles: BTreeSet<&str> = site.html_pages().flat_map(|(_, h)| h.social.iter().map(String::as_str)).collect();
    let count = profiles.len();
    let m = Measurement::thresholded(count as f64, input.params(), |v| msg!("site-n-profiles", count = v));
    let mut evidence = listed(EvidenceKind::Figure, profiles.iter().map(|p| p.to_string()));
    evidence.extend(schemeless_links(site));
    Ok(m.with_evidence(evidence).var("profiles", count))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let home = page(
            "Welcome",
            r#"<a href="https://facebook.com/brightsmile">Facebook</a> <a href="https://instagram.com/brightsmile">Instagram</a>"#,
        );
        Fixtures::new(with_site(site(O, &[("/", &home)])), with_site(site(O, &[("/", &page("Welcome", ""))])))
    }
}
