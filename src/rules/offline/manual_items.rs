//! A checklist the auditor ticks.

use super::{entry, entry_evidence};
use crate::config::offline::ManualValue;
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::{Thresholds, check_share_thresholds};
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Outcome, Rule, RuleInput};
use crate::spec::{Hand, ParamKind, ParamSpec, RuleSpec, SourceKind};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "manual_items",
        source: SourceKind::Offline,
        doc: "A checklist the auditor ticks in offline.toml (`items = { greeted = true, offered_help = false }`), \
                  as in a mystery visit or call. Measured as the share of checked items that were met; items left \
                  out are listed as not checked and do not count.",
        params: &[
            ParamSpec {
                name: "items",
                kind: ParamKind::TextList,
                default: Some("[]"),
                doc: "the items to check; empty accepts any",
            },
            ParamSpec {
                name: "pass",
                kind: ParamKind::Number,
                default: Some("0.9"),
                doc: "share of items met for full marks",
            },
            ParamSpec {
                name: "fail",
                kind: ParamKind::Number,
                default: Some("0.5"),
                doc: "share of items met that earns nothing",
            },
            ParamSpec {
                name: "guidance",
                kind: ParamKind::Text,
                default: Some("\"\""),
                doc: "how to check it, written into the offline.toml template",
            },
        ],
        vars: &["missed"],
        check: check_share_thresholds,
        hand: Some(Hand::Items),
        page_check: None,
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    let (entry, file) = entry(input)?;
    let id = input.touchpoint.id.as_str();
    let ManualValue::Items(items) = &entry.value else {
        return Err(Outcome::NotAssessed(msg!("man-score-for-items", file = file, id = id)));
    };
    let params = input.params();
    if items.is_empty() {
        return Err(Outcome::NotAssessed(msg!("man-no-items", id = id, file = file)));
    }
    let met = items.values().filter(|met| **met).count();
    let share = met as f64 / items.len() as f64;
    let missed: Vec<&str> = items.iter().filter(|(_, met)| !**met).map(|(name, _)| name.as_str()).collect();
    let not_checked: Vec<&str> = params.list("items").into_iter().filter(|name| !items.contains_key(*name)).collect();
    let mut evidence = entry_evidence(entry, file);
    evidence.push(EvidenceItem::new(EvidenceKind::Figure, msg!("man-items-met", met = met, total = items.len())));
    if !missed.is_empty() {
        evidence.push(EvidenceItem::new(EvidenceKind::Problem, msg!("man-not-met", items = missed.join(", "))));
    }
    if !not_checked.is_empty() {
        evidence
            .push(EvidenceItem::new(EvidenceKind::Problem, msg!("man-not-checked", items = not_checked.join(", "))));
    }
    let thresholds = Thresholds::from_params(params);
    let measurement = Measurement {
        value: share,
        judged: thresholds.as_printed(share, Text::pct),
        text: msg!("man-items-met-share", met = met, total = items.len(), share = Text::pct(share)),
        target: thresholds.target(Text::pct),
        thresholds,
        evidence,
        vars: Vec::new(),
        sample: None,
    };
    Ok(measurement.var("missed", missed.join(", ")))
}

#[cfg(test)]
mod tests {
    use crate::config::offline::ManualValue;
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        let items =
            |met: &[bool]| ManualValue::Items(met.iter().enumerate().map(|(i, m)| (format!("item{i}"), *m)).collect());
        Fixtures::new(with_entry(items(&[true, true, true]), &[]), with_entry(items(&[true, false, false]), &[]))
    }
}
