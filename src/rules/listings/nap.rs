//! The business's name, address, phone, website and hours as the listings state them, against the reference.

use super::{Field, NapStatus, nap_table};
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::{Thresholds, check_share_thresholds};
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Outcome, Rule, RuleInput, collected};
use crate::spec::{RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "listings_nap",
        source: SourceKind::Reviews,
        doc: "The business's name, address, phone, website and opening hours as the listings state them (Apify \
              and Outscraper place exports, Business Profile location files, 2GIS branches) against the reference: \
              `[business]` address, phone and hours in audit.toml where given, else the site's LocalBusiness \
              structured data, else what the site shows its visitors (its most common tel: link, the address \
              written on its pages). Phones are compared as E.164 numbers, addresses without case, punctuation or the \
              usual abbreviations (ул./улица, д./дом, пр-т/проспект, St/Street ...), names and websites loosely, \
              hours as weekly intervals. The score is the weighted share of compared fields that match (phone and \
              address count three times); a differing phone or address fails.",
        params: &[
            number("pass", "1", "share of compared fields that match for full marks"),
            number("fail", "0.5", "share that earns nothing"),
        ],
        vars: &["differs"],
        check: check_share_thresholds,
        hand: None,
        page_check: None,
        rival: Some("rival-nap"),
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    collected(&input.evidence.reviews)?;
    let table = nap_table(input.evidence).ok_or_else(|| Outcome::NotAssessed(msg!("nap-no-listing")))?;
    let (share, critical_difference) =
        table.score().ok_or_else(|| Outcome::NotAssessed(msg!("nap-nothing-to-compare")))?;
    let mut evidence = Vec::new();
    let mut differences = Vec::new();
    for row in &table.rows {
        for cell in &row.cells {
            let name = Field::from_key(&cell.field).map_or_else(|| Text::given(&cell.field), Field::label);
            let value = cell.value.as_deref().unwrap_or("");
            let source = row.source.as_str();
            match (cell.status, table.reference(&cell.field)) {
                (NapStatus::Missing, _) => evidence
                    .push(EvidenceItem::new(EvidenceKind::Problem, msg!("nap-missing", source = source, field = name))),
                (NapStatus::Matches, _) => evidence.push(EvidenceItem::new(
                    EvidenceKind::Figure,
                    msg!("nap-matches", source = source, field = name, value = value),
                )),
                (NapStatus::Differs, Some(r)) => {
                    let from = if r.from == "audit" { msg!("nap-from-audit") } else { msg!("nap-from-site") };
                    let line = msg!(
                        "nap-differs",
                        source = source,
                        field = name,
                        value = value,
                        from = from,
                        expected = r.value.as_str()
                    );
                    differences.push(line.clone());
                    evidence.push(EvidenceItem::new(EvidenceKind::Problem, line));
                }
                _ => {}
            }
        }
    }
    // A listing whose phone and address were both never compared (no reference for either) proves nothing
    // about where a customer is sent: it cannot pass, and the evidence says why.
    let uncompared: Vec<&str> = table
        .rows
        .iter()
        .filter(|row| {
            !row.cells.iter().any(|c| {
                matches!(c.field.as_str(), "phone" | "address")
                    && matches!(c.status, NapStatus::Matches | NapStatus::Differs)
            })
        })
        .map(|row| row.source.as_str())
        .collect();
    for source in &uncompared {
        evidence.push(EvidenceItem::new(EvidenceKind::Problem, msg!("nap-not-compared", source = *source)));
    }
    let mut m = Measurement::thresholded(share, input.params(), Text::pct);
    m.text = msg!("nap-text", share = Text::pct(share), differs = differences.len());
    let thresholds = Thresholds::from_params(input.params());
    // A customer sent to a wrong number or address is lost, however well the rest matches.
    if critical_difference {
        m.judged = thresholds.fail;
    } else if !uncompared.is_empty() {
        let between = (thresholds.pass + thresholds.fail) / 2.0;
        m.judged = if thresholds.pass > thresholds.fail { m.judged.min(between) } else { m.judged.max(between) };
    }
    let first = differences.first().cloned().unwrap_or_else(|| Text::given(""));
    Ok(m.with_evidence(evidence).var("differs", first))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        // The auditor's reference, and one listing that agrees with it or gives another phone.
        let evidence = |good: bool| {
            let mut reviews = reviews(60, |i, days| review("Google", days, 5.0, Some(2), i));
            reviews.sources.push(crate::gather::reviews::SourceReport {
                platform: "Google".into(),
                format: crate::config::sources::Format::Apify,
                location: "places.json".into(),
                reviews: 60,
                problems: vec![],
                problem_count: 0,
                error: None,
                aggregate: None,
                also_search: Vec::new(),
                seed_rivals: 0,
                profile: None,
                listing: Some(crate::gather::Nap {
                    name: Some("Bright Smile Dental Clinic".into()),
                    address: Some("12 Baker St., Springfield, IL 62701".into()),
                    phone: Some(if good { "(718) 356-5168" } else { "(718) 356-5186" }.into()),
                    website: Some("http://www.brightsmile.example/".into()),
                    hours: Some("Mo-Fr 09:00-18:00".into()),
                }),
            });
            crate::gather::Evidence {
                business: crate::gather::Nap {
                    name: Some("Bright Smile Dental".into()),
                    address: Some("12 Baker Street".into()),
                    phone: Some("+1 718-356-5168".into()),
                    website: Some("https://brightsmile.example/".into()),
                    hours: Some("Mo-Fr 09:00-18:00".into()),
                },
                ..with_reviews(reviews)
            }
        };
        Fixtures::new(evidence(true), evidence(false))
    }
}
