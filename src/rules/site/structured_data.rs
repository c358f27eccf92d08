//! JSON-LD describing the business.

use super::site;
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::check_share_thresholds;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Rule, RuleInput};
use crate::spec::{RuleSpec, SourceKind, number, text_list};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "site_structured_data",
        source: SourceKind::Site,
        doc: "JSON-LD describing the business (LocalBusiness or a subtype) with name, address, telephone and opening \
                  hours. Rating markup the business publishes about itself is shown but not scored: search engines \
                  give no stars for self-serving reviews.",
        params: &[
            text_list(
                "require",
                "[\"name\", \"address\", \"telephone\", \"openingHours\"]",
                "properties that must be present",
            ),
            number("pass", "1", "share of required properties for full marks"),
            number("fail", "0.25", "share that earns nothing"),
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
    let params = input.params();
    let required = params.list("require");
    let has = |props: &[String], want: &str| {
        props.iter().any(|p| p == want || (want == "openingHours" && p == "openingHoursSpecification"))
    };
    let best = site
        .html_pages()
        .flat_map(|(p, h)| h.structured.iter().filter(|s| s.business).map(move |s| (p, s)))
        .max_by_key(|(_, s)| required.iter().filter(|r| has(&s.properties, r)).count());
    let Some((page, item)) = best else {
        return Ok(Measurement::thresholded(0.0, params, Text::pct)
            .with_evidence(vec![EvidenceItem::new(EvidenceKind::Problem, msg!("site-no-structured"))])
            .var("missing", required.join(", ")));
    };
    let missing: Vec<&str> = required.iter().copied().filter(|r| !has(&item.properties, r)).collect();
    let mut evidence = vec![EvidenceItem::new(
        EvidenceKind::Figure,
        msg!("site-types-on", types = item.types.join(", "), page = page.final_url.as_str()),
    )];
    if !missing.is_empty() {
        evidence.push(EvidenceItem::new(EvidenceKind::Problem, msg!("site-missing", missing = missing.join(", "))));
    }
    if item.properties.iter().any(|p| p == "aggregateRating" || p == "review") {
        evidence.push(EvidenceItem::new(EvidenceKind::Figure, msg!("site-self-rating")));
    }
    let share = if required.is_empty() { 1.0 } else { (required.len() - missing.len()) as f64 / required.len() as f64 };
    let mut m = Measurement::thresholded(share, params, Text::pct);
    m.text = msg!("site-n-of-m-properties", found = required.len() - missing.len(), total = required.len());
    Ok(m.with_evidence(evidence).var("missing", missing.join(", ")))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let jsonld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"Dentist","name":"Bright Smile",
            "address":"1 Main St","telephone":"+1 555 0100","openingHours":"Mo-Fr 09:00-18:00"}</script>"#;
        Fixtures::new(
            with_site(site(O, &[("/", &page("Welcome", jsonld))])),
            with_site(site(O, &[("/", &page("Welcome", ""))])),
        )
    }
}
