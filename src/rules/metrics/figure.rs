//! One of the client's own figures.

use crate::i18n::Text;
use crate::msg;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Outcome, Rule, RuleInput, collected};
use crate::spec::{Hand, ParamKind, ParamSpec, Params, RuleSpec, SourceKind};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "figure",
        source: SourceKind::Offline,
        doc: "One of the client's own figures from [figures] in offline.toml (repurchase rate, retention, return \
                  on ad spend ...), scored between `fail` and `pass`. With `unit = \"share\"` the figure is a share \
                  from 0 to 1 and is shown as a percentage.",
        params: &[
            ParamSpec { name: "key", kind: ParamKind::Text, default: None, doc: "the figure's name in [figures]" },
            ParamSpec {
                name: "unit",
                kind: ParamKind::Text,
                default: Some("\"share\""),
                doc: "\"share\" (0-1, shown in %) or any unit shown after the number, e.g. \"x\"",
            },
            ParamSpec { name: "pass", kind: ParamKind::Number, default: None, doc: "value for full marks" },
            ParamSpec { name: "fail", kind: ParamKind::Number, default: None, doc: "value that earns nothing" },
        ],
        vars: &[],
        check: check_figure,
        hand: Some(Hand::Figure),
        page_check: None,
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn check_figure(params: &Params) -> Result<(), String> {
    if params.text("key").trim().is_empty() {
        return Err("`key` must name a figure".to_string());
    }
    if params.text("unit") == "share" {
        for name in ["pass", "fail"] {
            if !(0.0..=1.0).contains(&params.num(name)) {
                return Err(format!("`{name}` must be a share between 0 and 1 when unit = \"share\""));
            }
        }
    }
    Ok(())
}

fn eval(input: &RuleInput) -> Evaluated {
    let offline = collected(&input.evidence.offline)?;
    let params = input.params();
    let key = params.text("key");
    let Some(&value) = offline.figures.get(key) else {
        return Err(Outcome::NotAssessed(msg!("met-no-figure", key = key, file = offline.file.as_str())));
    };
    let unit = params.text("unit").to_string();
    let format = |v: f64| {
        if unit == "share" { Text::pct(v) } else { Text::unit(v, &unit) }
    };
    let evidence = vec![
        EvidenceItem::new(EvidenceKind::Figure, msg!("met-client-figure", key = key, value = value))
            .sourced_from(offline.file.clone()),
    ];
    Ok(Measurement::thresholded(value, params, format).with_evidence(evidence))
}

#[cfg(test)]
mod tests {
    use crate::config::offline::ManualValue;
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        Fixtures::new(
            with_entry(ManualValue::Score(3.0), &[("repurchase_rate", 0.5)]),
            with_entry(ManualValue::Score(3.0), &[("repurchase_rate", 0.1)]),
        )
        .with("key", "repurchase_rate")
        .with("pass", 0.4)
        .with("fail", 0.15)
    }
}
