//! The one table of built-in rules, looked up by name from checklists: each area's rules, as build.rs lists
//! them from the area's folder (one file, one rule).

use super::{Rule, custom, listings, metrics, offline, reputation, search, serm, site};
use crate::spec::{RuleBook, RuleSpec};

/// Every built-in rule, by area.
pub(crate) const RULES: &[&[&Rule]] = &[
    offline::RULES,
    metrics::RULES,
    site::RULES,
    search::RULES,
    serm::RULES,
    reputation::RULES,
    listings::RULES,
    custom::RULES,
];

/// Every built-in rule, area by area.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    RULES.iter().flat_map(|group| group.iter().copied())
}

/// The built-in rule with this name.
pub fn rule(name: &str) -> Option<&'static Rule> {
    all().find(|rule| rule.spec.name == name)
}

/// The built-in rules as the rule book config checks a checklist against.
pub struct Registry;

impl RuleBook for Registry {
    fn find(&self, name: &str) -> Option<&'static RuleSpec> {
        rule(name).map(|rule| &rule.spec)
    }

    fn specs(&self) -> Vec<&'static RuleSpec> {
        all().map(|rule| &rule.spec).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::config::checklist::Checklist;
    use crate::gather::{Evidence, Gathered};
    use crate::i18n::Locale;
    use crate::rules::testing::{as_of, status_of, touchpoint};
    use crate::rules::{Outcome, RuleInput, Status};

    #[test]
    fn rule_names_are_unique_and_every_rule_is_documented() {
        let mut names = HashSet::new();
        for rule in all() {
            assert!(names.insert(rule.spec.name), "duplicate rule {}", rule.spec.name);
            assert!(rule.spec.doc.len() > 30, "rule {} needs a doc", rule.spec.name);
            for p in rule.spec.params {
                assert!(!p.doc.is_empty(), "param {} of {} needs a doc", p.name, rule.spec.name);
                if p.default.is_some() {
                    let value =
                        p.default_value().unwrap_or_else(|| panic!("{}.{} default parses", rule.spec.name, p.name));
                    assert!(p.kind.accepts(&value), "{}.{} default has the declared kind", rule.spec.name, p.name);
                }
            }
        }
    }

    #[test]
    fn default_checklist_is_valid_and_covers_every_area() {
        let checklist = Checklist::builtin(&Registry).expect("default checklist is valid");
        assert!(checklist.touchpoints.len() >= 40);
        let areas: Vec<&str> = checklist.areas.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(areas, ["website", "search", "reputation", "channels", "offline", "metrics"]);
        for t in &checklist.touchpoints {
            assert!(!t.why.is_empty() && !t.fix.is_empty(), "{} needs why and fix", t.id);
            assert!(rule(t.rule.name).is_some());
        }
        // Every rule declared for a future source is used by the default checklist, except the custom ones.
        for r in all().filter(|r| r.spec.page_check.is_none()) {
            assert!(checklist.touchpoints.iter().any(|t| t.rule.name == r.spec.name), "rule {} unused", r.spec.name);
        }
    }

    #[test]
    fn every_rule_passes_its_passing_fixture_and_fails_its_failing_one() {
        for rule in all() {
            let fixtures = (rule.fixtures)();
            let params: Vec<(&str, toml::Value)> = fixtures.params.clone();
            let t = touchpoint(rule.spec.name, &params);
            assert_eq!((rule.spec.check)(&t.params), Ok(()), "fixture params of {} are valid", rule.spec.name);
            assert_eq!(status_of(&t, &fixtures.pass), Status::Pass, "passing fixture of {}", rule.spec.name);
            assert_eq!(status_of(&t, &fixtures.fail), Status::Fail, "failing fixture of {}", rule.spec.name);
        }
    }

    #[test]
    fn rules_without_their_source_are_not_assessed_with_a_reason() {
        let empty = Evidence {
            offline: Gathered::NotConfigured("no offline.toml given".into()),
            survey: Gathered::NotConfigured("no survey given".into()),
            site: Gathered::NotConfigured("no website given".into()),
            reviews: Gathered::NotConfigured("no review source given".into()),
            mentions: Gathered::NotConfigured("no mention feed given".into()),
            serm: Gathered::NotConfigured("no brand search results given".into()),
            business: crate::gather::Nap::default(),
            photos: Default::default(),
            fetched: Vec::new(),
        };
        for (rule, locale) in all().flat_map(|rule| Locale::ALL.map(|locale| (rule, locale))) {
            let t = touchpoint(
                rule.spec.name,
                &[
                    ("key", "k".into()),
                    ("pass", 1.into()),
                    ("fail", 0.into()),
                    ("pattern", "x".into()),
                    ("selector", "a".into()),
                ],
            );
            let outcome = (rule.eval)(&RuleInput { touchpoint: &t, evidence: &empty, as_of: as_of() });
            match outcome {
                Err(Outcome::NotAssessed(reason)) => {
                    let reason = locale.tr().render(&reason);
                    assert!(reason.len() > 10, "{}: {reason}", rule.spec.name)
                }
                other => panic!("{} without evidence gave {other:?}", rule.spec.name),
            }
        }
    }
}
