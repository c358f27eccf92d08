//! A score the auditor gives on the touchpoint's scale.

use super::{entry, entry_evidence};
use crate::config::offline::ManualValue;
use crate::i18n::Text;
use crate::msg;
use crate::rules::{Evaluated, Measurement, Outcome, Rule, RuleInput, fmt_num};
use crate::spec::{Hand, ParamKind, ParamSpec, Params, RuleSpec, SourceKind};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
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
        hand: Some(Hand::Score),
        page_check: None,
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

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

fn eval(input: &RuleInput) -> Evaluated {
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

#[cfg(test)]
mod tests {
    use crate::config::offline::ManualValue;
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        Fixtures::new(with_entry(ManualValue::Score(5.0), &[]), with_entry(ManualValue::Score(1.0), &[]))
    }

    #[test]
    fn not_applicable_entries_are_left_out() {
        let t = touchpoint("manual", &[]);
        assert_eq!(status_of(&t, &with_entry(ManualValue::NotApplicable, &[])), crate::rules::Status::NotApplicable);
    }

    #[test]
    fn lower_is_better_manual_scales() {
        use crate::rules::Status;
        let t = touchpoint(
            "manual",
            &[
                ("min", 0.into()),
                ("max", 720.into()),
                ("pass", 1.into()),
                ("fail", 24.into()),
                ("unit", "hours".into()),
            ],
        );
        assert_eq!(status_of(&t, &with_entry(ManualValue::Score(0.5), &[])), Status::Pass);
        assert_eq!(status_of(&t, &with_entry(ManualValue::Score(48.0), &[])), Status::Fail);
    }
}
