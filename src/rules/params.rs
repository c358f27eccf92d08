//! Touchpoint parameters: what each rule accepts, their defaults, and typed access after validation.

use super::Status;
use crate::i18n::Text;
use crate::spec::Params;

#[cfg(test)]
use std::collections::BTreeMap;

/// Tolerance when comparing a computed value with a threshold (a share like 0.1 + 0.2 against 0.3).
const EPSILON: f64 = 1e-9;

/// Thresholds shared by most rules: the measured value that earns full marks and the one that earns none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub pass: f64,
    pub fail: f64,
}

impl Thresholds {
    pub fn from_params(params: &Params) -> Self {
        Thresholds { pass: params.num("pass"), fail: params.num("fail") }
    }

    pub fn higher_is_better(&self) -> bool {
        self.pass >= self.fail
    }

    /// Whether `measured` meets the target (`pass`), allowing for floating-point noise in computed shares.
    pub fn meets_pass(&self, measured: f64) -> bool {
        if self.higher_is_better() { measured >= self.pass - EPSILON } else { measured <= self.pass + EPSILON }
    }

    /// Whether `measured` is at or beyond `fail`.
    fn at_or_beyond_fail(&self, measured: f64) -> bool {
        if self.higher_is_better() { measured <= self.fail + EPSILON } else { measured >= self.fail - EPSILON }
    }

    /// Linear between `fail` (0) and `pass` (1), clamped; works for either direction. Exactly 1 when the
    /// target is met and exactly 0 at or beyond `fail`, so the score agrees with [`Thresholds::status`].
    pub fn score(&self, measured: f64) -> f64 {
        if self.meets_pass(measured) {
            return 1.0;
        }
        if self.at_or_beyond_fail(measured) || self.pass == self.fail || !measured.is_finite() {
            return 0.0;
        }
        // Strictly between 0 and 1 here: the ends belong to pass and fail alone.
        ((measured - self.fail) / (self.pass - self.fail)).clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON)
    }

    /// The status follows the target: pass if and only if `measured` meets `pass`, fail at or beyond `fail`,
    /// warn between. (A score band such as "pass from 0.8" let "5 hours, target ≤ 1 hour" read as pass.)
    pub fn status(&self, measured: f64) -> Status {
        if self.meets_pass(measured) {
            Status::Pass
        } else if self.at_or_beyond_fail(measured) || self.pass == self.fail || !measured.is_finite() {
            Status::Fail
        } else {
            Status::Warn
        }
    }

    /// The value to judge: a threshold itself when `value` prints the same as it ("90 %" against "≥ 90 %"),
    /// else `value`, so a verdict never contradicts the numbers the report prints side by side.
    /// (Compared as English prints them; every locale prints numbers to the same precision.)
    pub fn as_printed(&self, value: f64, format: impl Fn(f64) -> Text) -> f64 {
        let text = format(value).en();
        [self.pass, self.fail].into_iter().find(|t| format(*t).en() == text).unwrap_or(value)
    }

    /// "≥ 4.5" or "≤ 24" with the unit formatter the rule uses for its measured value.
    pub fn target(&self, format: impl Fn(f64) -> Text) -> Text {
        let sign = if self.higher_is_better() { "≥" } else { "≤" };
        Text::join([Text::given(sign), format(self.pass)], " ")
    }
}

/// `pass` and `fail` must be shares between 0 and 1.
pub(crate) fn check_share_thresholds(params: &Params) -> Result<(), String> {
    for name in ["pass", "fail"] {
        let value = params.num(name);
        if !(0.0..=1.0).contains(&value) {
            return Err(format!("`{name}` = {} must be a share between 0 and 1", crate::rules::fmt_num(value)));
        }
    }
    Ok(())
}

/// `pass` and `fail` must not be negative (counts, days, hours, milliseconds).
pub(crate) fn check_non_negative_thresholds(params: &Params) -> Result<(), String> {
    for name in ["pass", "fail"] {
        if params.num(name) < 0.0 {
            return Err(format!("`{name}` must not be negative"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_between_fail_and_pass_in_both_directions() {
        let up = Thresholds { pass: 4.5, fail: 1.5 };
        assert_eq!(up.score(1.0), 0.0);
        assert_eq!(up.score(3.0), 0.5);
        assert_eq!(up.score(5.0), 1.0);
        let down = Thresholds { pass: 1.0, fail: 25.0 };
        assert_eq!(down.score(0.5), 1.0);
        assert_eq!(down.score(13.0), 0.5);
        assert_eq!(down.score(48.0), 0.0);
    }

    #[test]
    fn status_follows_the_target_not_the_score() {
        // 5 hours against a target of at most 1 (fail at 25) scores 0.83 but misses the target: warn.
        let hours = Thresholds { pass: 1.0, fail: 25.0 };
        assert!(hours.score(5.0) > 0.8);
        assert_eq!(hours.status(5.0), Status::Warn);
        assert_eq!(hours.status(1.0), Status::Pass);
        assert_eq!(hours.status(0.2), Status::Pass);
        assert_eq!(hours.status(25.0), Status::Fail);
        assert_eq!(hours.status(40.0), Status::Fail);
        // 4 on 1-5 against ≥ 4.5: warn; 25 of 26 pages against ≥ 100 %: warn; 1 broken link against ≤ 0: warn.
        assert_eq!(Thresholds { pass: 4.5, fail: 2.0 }.status(4.0), Status::Warn);
        assert_eq!(Thresholds { pass: 1.0, fail: 0.5 }.status(25.0 / 26.0), Status::Warn);
        assert_eq!(Thresholds { pass: 0.0, fail: 5.0 }.status(1.0), Status::Warn);
        // Computed shares that equal the target up to rounding pass.
        assert_eq!(Thresholds { pass: 0.3, fail: 0.0 }.status(0.1 + 0.2), Status::Pass);
        assert_eq!(Thresholds { pass: 0.3, fail: 0.0 }.score(0.1 + 0.2), 1.0);
    }

    #[test]
    fn score_and_status_agree_everywhere() {
        for (pass, fail) in [(4.5, 1.5), (1.0, 25.0), (0.9, 0.2), (0.0, 3.0), (2.0, 2.0)] {
            let t = Thresholds { pass, fail };
            for i in -100..=500 {
                let v = f64::from(i) / 10.0;
                let (score, status) = (t.score(v), t.status(v));
                assert_eq!(score == 1.0, status == Status::Pass, "{pass} {fail} {v}");
                assert_eq!(score == 0.0, status == Status::Fail, "{pass} {fail} {v}");
            }
            assert_eq!(t.status(f64::NAN), Status::Fail);
        }
    }

    #[test]
    fn equal_thresholds_are_a_step() {
        let step = Thresholds { pass: 1.0, fail: 1.0 };
        assert_eq!(step.score(1.0), 1.0);
        assert_eq!(step.score(0.0), 0.0);
    }

    #[test]
    fn number_params_accept_integers() {
        let mut values = BTreeMap::new();
        values.insert("pass".to_string(), toml::Value::Integer(4));
        assert_eq!(Params::new(values).num("pass"), 4.0);
    }
}
