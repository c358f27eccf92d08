//! Guarantee, refund and delivery terms.

use super::{pages, site, topic_page};
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::check_share_thresholds;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Rule, RuleInput};
use crate::spec::{RuleSpec, SourceKind, number, signals};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "site_terms",
        source: SourceKind::Site,
        doc: "Guarantee, refund and delivery terms each have a page whose title, h1 or path names them, or a \
                  section of a page (a heading or labelled block) that does (keywords of checklists/keywords.toml); \
                  the evidence names the page and the heading.",
        params: &[
            signals(
                "require",
                "[\"guarantee\", \"refund\", \"delivery\"]",
                "the terms (keyword signals) that must be found",
            ),
            number("pass", "1", "share of required terms found for full marks"),
            number("fail", "0.34", "share that earns nothing"),
        ],
        vars: &["missing"],
        check: check_share_thresholds,
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
    let params = input.params();
    let required = params.list("require");
    let mut evidence = Vec::new();
    let mut missing = Vec::new();
    for term in &required {
        let bit = site.signal(term);
        let name = msg!("site-term", term = *term);
        // A page about it first; else a section of a page headed so.
        match topic_page(&pages, bit) {
            Some((p, None)) => {
                evidence.push(EvidenceItem::new(EvidenceKind::Figure, Text::at(name.clone(), &p.final_url)))
            }
            Some((p, Some(heading))) => evidence.push(EvidenceItem::new(
                EvidenceKind::Figure,
                msg!("site-term-section", term = name.clone(), heading = heading, page = p.final_url.as_str()),
            )),
            None => missing.push(name),
        }
    }
    if !missing.is_empty() {
        evidence.push(EvidenceItem::new(
            EvidenceKind::Problem,
            msg!("site-no-page-for", missing = Text::join(missing.clone(), ", ")),
        ));
    }
    let share = if required.is_empty() { 1.0 } else { (required.len() - missing.len()) as f64 / required.len() as f64 };
    let mut m = Measurement::thresholded(share, params, Text::pct);
    m.text = msg!("n-of-m-found", found = required.len() - missing.len(), total = required.len());
    Ok(m.with_evidence(evidence).var("missing", Text::join(missing, ", ")))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let good = site(
            O,
            &[
                ("/", &page("Welcome", "")),
                ("/refund.html", &page("Refund policy", "")),
                ("/delivery.html", &page("Delivery terms", "")),
                ("/guarantee.html", &page("Our guarantee", "")),
            ],
        );
        Fixtures::new(with_site(good), with_site(site(O, &[("/", &page("Welcome", ""))])))
    }
}
