//! Rules over the auditor's offline scores: `manual` (a score on a scale) and `manual_items` (a checklist of items).

use super::params::{ParamKind, ParamSpec, Params, Thresholds, check_share_thresholds};
use super::{
    Evaluated, EvidenceItem, EvidenceKind, Hand, Measurement, Outcome, Rule, RuleInput, SourceKind, collected, fmt_num,
};
use crate::i18n::Text;
use crate::msg;

use crate::config::offline::{ManualEntry, ManualValue};

pub const RULES: &[Rule] = &[
    Rule {
        name: "manual",
        source: SourceKind::Offline,
        doc: "A score the auditor enters in offline.toml (`score = 4`) on the touchpoint's scale `min`..`max`. \
              The status follows the target: pass from `pass`, fail at `fail` or worse, warn between; the score \
              is linear between them. For a time or count where lower is better, set `pass` below `fail`. A touchpoint the auditor marks `not_applicable = true` is left out of the score.",
        params: &[
            ParamSpec { name: "min", kind: ParamKind::Number, default: Some("1"), doc: "lowest value of the scale" },
            ParamSpec { name: "max", kind: ParamKind::Number, default: Some("5"), doc: "highest value of the scale" },
            ParamSpec {
                name: "pass",
                kind: ParamKind::Number,
                default: Some("4.5"),
                doc: "value that earns full marks and passes",
            },
            ParamSpec {
                name: "fail",
                kind: ParamKind::Number,
                default: Some("2"),
                doc: "value that earns nothing and fails (2 on 1-5: poor)",
            },
            ParamSpec {
                name: "unit",
                kind: ParamKind::Text,
                default: Some("\"\""),
                doc: "unit shown after the value, e.g. \"hours\"",
            },
            ParamSpec {
                name: "guidance",
                kind: ParamKind::Text,
                default: Some("\"\""),
                doc: "how to score it, written into the offline.toml template",
            },
        ],
        vars: &[],
        check: check_manual,
        eval: eval_manual,
        hand: Some(Hand::Score),
    },
    Rule {
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
        eval: eval_items,
        hand: Some(Hand::Items),
    },
];

fn check_manual(params: &Params) -> Result<(), String> {
    let (min, max) = (params.num("min"), params.num("max"));
    if min >= max {
        return Err(format!("the scale is empty: min = {} is not below max = {}", fmt_num(min), fmt_num(max)));
    }
    for name in ["pass", "fail"] {
        let value = params.num(name);
        if !(min..=max).contains(&value) {
            return Err(format!(
                "`{name}` = {} lies outside the scale {}..{}",
                fmt_num(value),
                fmt_num(min),
                fmt_num(max)
            ));
        }
    }
    Ok(())
}

/// The auditor's entry for this touchpoint, or why there is none.
fn entry<'a>(input: &'a RuleInput) -> Result<(&'a ManualEntry, &'a str), Outcome> {
    let offline = collected(&input.evidence.offline)?;
    let id = input.touchpoint.id.as_str();
    let file = offline.file.as_str();
    let entry =
        offline.scores.get(id).ok_or_else(|| Outcome::NotAssessed(msg!("man-no-score", id = id, file = file)))?;
    if let ManualValue::NotApplicable = entry.value {
        let reason = entry.note.clone().map_or_else(|| msg!("man-marked-na", file = file), Text::Given);
        return Err(Outcome::NotApplicable(reason));
    }
    Ok((entry, &offline.file))
}

/// The note, attached files and date the auditor gave, as evidence.
fn entry_evidence(entry: &ManualEntry, file: &str) -> Vec<EvidenceItem> {
    let mut evidence = Vec::new();
    if let Some(note) = &entry.note {
        evidence.push(EvidenceItem::new(EvidenceKind::Note, note.clone()).from_source(file));
    }
    for attached in &entry.evidence {
        evidence.push(EvidenceItem::new(EvidenceKind::File, attached.clone()));
    }
    if let Some(date) = entry.assessed {
        evidence.push(EvidenceItem::new(EvidenceKind::Figure, msg!("man-assessed-on", date = Text::date(date))));
    }
    evidence
}

fn eval_manual(input: &RuleInput) -> Evaluated {
    let (entry, file) = entry(input)?;
    let id = input.touchpoint.id.as_str();
    let ManualValue::Score(score) = entry.value else {
        return Err(Outcome::NotAssessed(msg!("man-items-for-score", file = file, id = id)));
    };
    let params = input.params();
    let unit = params.text("unit").to_string();
    let (min, max) = (params.num("min"), params.num("max"));
    let with_unit = |v: f64| {
        if unit.is_empty() { Text::from(v) } else { Text::unit(v, &format!(" {unit}")) }
    };
    let mut measurement = Measurement::thresholded(score, params, with_unit);
    if unit.is_empty() {
        measurement.text = msg!("man-on-scale", score = score, min = min, max = max);
    }
    Ok(measurement.with_evidence(entry_evidence(entry, file)))
}

fn eval_items(input: &RuleInput) -> Evaluated {
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
