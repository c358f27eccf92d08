//! The one table of built-in rules, looked up by name from checklists.

use super::{Rule, custom, listings, manual, metrics, reputation, search, serm, site};

/// Every built-in rule, grouped by the module that implements it.
pub const RULES: &[&[Rule]] = &[
    manual::RULES,
    metrics::RULES,
    site::RULES,
    search::RULES,
    serm::RULES,
    reputation::RULES,
    listings::RULES,
    custom::RULES,
];

pub fn all() -> impl Iterator<Item = &'static Rule> {
    RULES.iter().flat_map(|group| group.iter())
}

pub fn rule(name: &str) -> Option<&'static Rule> {
    all().find(|rule| rule.name == name)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashSet};

    use chrono::NaiveDate;

    use super::*;
    use crate::config::checklist::{Checklist, Touchpoint};
    use crate::config::offline::{ManualEntry, ManualValue, Offline};
    use crate::config::survey::{NpsAnswer, SurveyAnswers};
    use crate::gather::{Evidence, Gathered, SurveyFacts};
    use crate::i18n::Locale;
    use crate::rules::{Outcome, Params, RuleInput, SourceKind, Status, evaluate};

    #[test]
    fn rule_names_are_unique_and_every_rule_is_documented() {
        let mut names = HashSet::new();
        for rule in all() {
            assert!(names.insert(rule.name), "duplicate rule {}", rule.name);
            assert!(rule.doc.len() > 30, "rule {} needs a doc", rule.name);
            for p in rule.params {
                assert!(!p.doc.is_empty(), "param {} of {} needs a doc", p.name, rule.name);
                if p.default.is_some() {
                    let value = p.default_value().unwrap_or_else(|| panic!("{}.{} default parses", rule.name, p.name));
                    assert!(p.kind.accepts(&value), "{}.{} default has the declared kind", rule.name, p.name);
                }
            }
        }
    }

    #[test]
    fn default_checklist_is_valid_and_covers_every_area() {
        let checklist = Checklist::builtin().expect("default checklist is valid");
        assert!(checklist.touchpoints.len() >= 40);
        let areas: Vec<&str> = checklist.areas.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(areas, ["website", "search", "reputation", "channels", "offline", "metrics"]);
        for t in &checklist.touchpoints {
            assert!(!t.why.is_empty() && !t.fix.is_empty(), "{} needs why and fix", t.id);
            assert!(rule(t.rule.name).is_some());
        }
        // Every rule declared for a future source is used by the default checklist, except the custom ones.
        for r in all().filter(|r| !matches!(r.name, "page_text" | "selector")) {
            assert!(checklist.touchpoints.iter().any(|t| t.rule.name == r.name), "rule {} unused", r.name);
        }
    }

    fn touchpoint(rule_name: &str, params: &[(&str, toml::Value)]) -> Touchpoint {
        let rule = rule(rule_name).unwrap();
        let mut values: BTreeMap<String, toml::Value> =
            rule.params.iter().filter_map(|p| Some((p.name.to_string(), p.default_value()?))).collect();
        for (name, value) in params {
            values.insert(name.to_string(), value.clone());
        }
        Touchpoint {
            id: "t.fixture".into(),
            area: "a".into(),
            title: "fixture".into(),
            rule,
            weight: 1.0,
            critical: false,
            params: Params::new(values),
            why: "why".into(),
            fix: "fix {measured}".into(),
        }
    }

    fn evidence_with_entry(value: ManualValue, figures: &[(&str, f64)]) -> Evidence {
        let mut offline = Offline { file: "offline.toml".into(), ..Offline::default() };
        offline.scores.insert("t.fixture".into(), ManualEntry { value, note: None, evidence: vec![], assessed: None });
        offline.figures = figures.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        Evidence {
            offline: Gathered::Collected(offline),
            survey: Gathered::NotConfigured("none".into()),
            site: Gathered::NotConfigured("none".into()),
            reviews: Gathered::NotConfigured("none".into()),
            mentions: Gathered::NotConfigured("none".into()),
            serm: Gathered::NotConfigured("none".into()),
            business: crate::gather::Nap::default(),
            photos: Default::default(),
        }
    }

    fn evidence_with_survey(nps: &[u8], csat: &[u8], ces: &[u8]) -> Evidence {
        let answers = SurveyAnswers {
            file: "survey.csv".into(),
            rows: nps.len().max(csat.len()).max(ces.len()),
            nps: nps.iter().map(|s| NpsAnswer { score: *s, reason: Some("because".into()), line: 2 }).collect(),
            csat: csat.to_vec(),
            ces: ces.to_vec(),
            ..SurveyAnswers::default()
        };
        Evidence {
            offline: Gathered::NotConfigured("none".into()),
            survey: Gathered::Collected(SurveyFacts::from_answers(&answers)),
            site: Gathered::NotConfigured("none".into()),
            reviews: Gathered::NotConfigured("none".into()),
            mentions: Gathered::NotConfigured("none".into()),
            serm: Gathered::NotConfigured("none".into()),
            business: crate::gather::Nap::default(),
            photos: Default::default(),
        }
    }

    /// A touchpoint with its rule and evidence that must pass, and evidence that must fail.
    fn fixtures(rule_name: &str) -> Option<(Touchpoint, Evidence, Evidence)> {
        let items =
            |met: &[bool]| ManualValue::Items(met.iter().enumerate().map(|(i, m)| (format!("item{i}"), *m)).collect());
        let repeat = |score: u8, n: usize| vec![score; n];
        Some(match rule_name {
            "manual" => (
                touchpoint("manual", &[]),
                evidence_with_entry(ManualValue::Score(5.0), &[]),
                evidence_with_entry(ManualValue::Score(1.0), &[]),
            ),
            "manual_items" => (
                touchpoint("manual_items", &[]),
                evidence_with_entry(items(&[true, true, true]), &[]),
                evidence_with_entry(items(&[true, false, false]), &[]),
            ),
            "figure" => (
                touchpoint("figure", &[("key", "repurchase_rate".into()), ("pass", 0.4.into()), ("fail", 0.15.into())]),
                evidence_with_entry(ManualValue::Score(3.0), &[("repurchase_rate", 0.5)]),
                evidence_with_entry(ManualValue::Score(3.0), &[("repurchase_rate", 0.1)]),
            ),
            "nps" => (
                touchpoint("nps", &[]),
                evidence_with_survey(&repeat(10, 40), &[], &[]),
                evidence_with_survey(&repeat(3, 40), &[], &[]),
            ),
            "csat" => (
                touchpoint("csat", &[]),
                evidence_with_survey(&[], &repeat(5, 40), &[]),
                evidence_with_survey(&[], &repeat(2, 40), &[]),
            ),
            "ces" => (
                touchpoint("ces", &[]),
                evidence_with_survey(&[], &[], &repeat(7, 40)),
                evidence_with_survey(&[], &[], &repeat(2, 40)),
            ),
            name if rule(name).is_some_and(|r| r.source == crate::rules::SourceKind::Site) => {
                let t = touchpoint(name, &[("pattern", "free parking".into()), ("selector", "form.booking".into())]);
                let evidence = |good: bool| Evidence {
                    offline: Gathered::NotConfigured("none".into()),
                    survey: Gathered::NotConfigured("none".into()),
                    site: Gathered::Collected(crate::rules::fixtures::site(good, name)),
                    reviews: Gathered::NotConfigured("none".into()),
                    mentions: Gathered::NotConfigured("none".into()),
                    serm: Gathered::NotConfigured("none".into()),
                    business: crate::gather::Nap::default(),
                    photos: Default::default(),
                };
                (t, evidence(true), evidence(false))
            }
            "serm_brand_results" => {
                let evidence = |good: bool| Evidence {
                    offline: Gathered::NotConfigured("none".into()),
                    survey: Gathered::NotConfigured("none".into()),
                    site: Gathered::NotConfigured("none".into()),
                    reviews: Gathered::NotConfigured("none".into()),
                    mentions: Gathered::NotConfigured("none".into()),
                    serm: Gathered::Collected(crate::rules::fixtures::serm(good)),
                    business: crate::gather::Nap::default(),
                    photos: Default::default(),
                };
                (touchpoint("serm_brand_results", &[]), evidence(true), evidence(false))
            }
            "listings_nap" => {
                // The auditor's reference, and one listing that agrees with it or gives another phone.
                let evidence = |good: bool| {
                    let mut reviews = crate::rules::fixtures::reviews(true, "listings_nap");
                    reviews.sources.push(crate::gather::reviews::SourceReport {
                        platform: "Google".into(),
                        format: crate::gather::reviews::Format::Apify,
                        location: "places.json".into(),
                        reviews: 60,
                        problems: vec![],
                        problem_count: 0,
                        error: None,
                        aggregate: None,
                        also_search: Vec::new(),
                        seed_rivals: 0,
                        listing: Some(crate::gather::Nap {
                            name: Some("Bright Smile Dental Clinic".into()),
                            address: Some("12 Baker St., Springfield, IL 62701".into()),
                            phone: Some(if good { "(718) 356-5168" } else { "(718) 356-5186" }.into()),
                            website: Some("http://www.brightsmile.example/".into()),
                            hours: Some("Mo-Fr 09:00-18:00".into()),
                        }),
                    });
                    Evidence {
                        offline: Gathered::NotConfigured("none".into()),
                        survey: Gathered::NotConfigured("none".into()),
                        site: Gathered::NotConfigured("none".into()),
                        reviews: Gathered::Collected(reviews),
                        mentions: Gathered::NotConfigured("none".into()),
                        serm: Gathered::NotConfigured("none".into()),
                        business: crate::gather::Nap {
                            name: Some("Bright Smile Dental".into()),
                            address: Some("12 Baker Street".into()),
                            phone: Some("+1 718-356-5168".into()),
                            website: Some("https://brightsmile.example/".into()),
                            hours: Some("Mo-Fr 09:00-18:00".into()),
                        },
                        photos: Default::default(),
                    }
                };
                (touchpoint("listings_nap", &[]), evidence(true), evidence(false))
            }
            name if rule(name).is_some_and(|r| matches!(r.source, SourceKind::Reviews | SourceKind::Mentions)) => {
                let evidence = |good: bool| Evidence {
                    offline: Gathered::NotConfigured("none".into()),
                    survey: Gathered::NotConfigured("none".into()),
                    site: Gathered::NotConfigured("none".into()),
                    reviews: Gathered::Collected(crate::rules::fixtures::reviews(good, name)),
                    mentions: Gathered::Collected(crate::rules::fixtures::mentions(good, name)),
                    serm: Gathered::NotConfigured("none".into()),
                    business: crate::gather::Nap::default(),
                    photos: Default::default(),
                };
                (touchpoint(name, &[]), evidence(true), evidence(false))
            }
            _ => return None,
        })
    }

    /// The touchpoint's status, with every text of its finding rendered in every locale (the debug build
    /// checks each message as it renders it: one missing in a locale or lacking a variable fails here).
    fn status_of(t: &Touchpoint, evidence: &Evidence) -> Status {
        let mut checklist = Checklist::builtin().unwrap();
        checklist.touchpoints = vec![t.clone()];
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let finding = evaluate(&checklist, evidence, as_of).remove(0);
        for locale in Locale::ALL {
            let tr = locale.tr();
            let texts = [&finding.measured_text, &finding.target, &finding.recommendation, &finding.reason];
            for text in texts.into_iter().flatten().chain(finding.evidence.iter().map(|e| &e.text)) {
                assert!(!tr.render(text).is_empty() || text.as_given().is_some(), "{}: {text:?}", t.id);
            }
        }
        finding.status
    }

    #[test]
    fn every_implemented_rule_has_a_passing_and_a_failing_fixture() {
        for rule in all() {
            let (t, pass, fail) = fixtures(rule.name).unwrap_or_else(|| panic!("rule {} has no fixtures", rule.name));
            assert_eq!((rule.check)(&t.params), Ok(()), "fixture params of {} are valid", rule.name);
            assert_eq!(status_of(&t, &pass), Status::Pass, "passing fixture of {}", rule.name);
            assert_eq!(status_of(&t, &fail), Status::Fail, "failing fixture of {}", rule.name);
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
        };
        for (rule, locale) in all().flat_map(|rule| Locale::ALL.map(|locale| (rule, locale))) {
            let t = touchpoint(
                rule.name,
                &[
                    ("key", "k".into()),
                    ("pass", 1.into()),
                    ("fail", 0.into()),
                    ("pattern", "x".into()),
                    ("selector", "a".into()),
                ],
            );
            let outcome = (rule.eval)(&RuleInput {
                touchpoint: &t,
                evidence: &empty,
                as_of: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            });
            match outcome {
                Err(Outcome::NotAssessed(reason)) => {
                    let reason = locale.tr().render(&reason);
                    assert!(reason.len() > 10, "{}: {reason}", rule.name)
                }
                other => panic!("{} without evidence gave {other:?}", rule.name),
            }
        }
    }

    #[test]
    fn prices_are_dated_by_what_the_page_shows_not_by_a_header_after_the_audit_date() {
        let t = touchpoint("site_prices_fresh", &[]);
        let mut site = crate::rules::fixtures::site(true, "site_prices_fresh");
        let prices = site.pages.iter_mut().find(|p| p.final_url.ends_with("/prices.html")).unwrap();
        // The page states its prices are from January 2024; its server says it changed after the audit date.
        prices.last_modified = Some("Sun, 20 Dec 2026 10:00:00 GMT".into());
        prices.html.as_mut().unwrap().newest_date = NaiveDate::from_ymd_opt(2024, 1, 15);
        let evidence = |site| Evidence {
            offline: Gathered::NotConfigured("none".into()),
            survey: Gathered::NotConfigured("none".into()),
            site: Gathered::Collected(site),
            reviews: Gathered::NotConfigured("none".into()),
            mentions: Gathered::NotConfigured("none".into()),
            serm: Gathered::NotConfigured("none".into()),
            business: crate::gather::Nap::default(),
            photos: Default::default(),
        };
        assert_eq!(status_of(&t, &evidence(site.clone())), Status::Fail);
        // With no date shown, a Last-Modified after the audit date is no evidence either way.
        let prices = site.pages.iter_mut().find(|p| p.final_url.ends_with("/prices.html")).unwrap();
        prices.html.as_mut().unwrap().newest_date = None;
        assert_eq!(status_of(&t, &evidence(site)), Status::NotAssessed);
    }

    #[test]
    fn too_few_survey_answers_are_not_assessed() {
        let t = touchpoint("nps", &[]);
        let evidence = evidence_with_survey(&[10, 10, 9], &[], &[]);
        assert_eq!(status_of(&t, &evidence), Status::NotAssessed);
    }

    #[test]
    fn not_applicable_entries_are_left_out() {
        let t = touchpoint("manual", &[]);
        assert_eq!(status_of(&t, &evidence_with_entry(ManualValue::NotApplicable, &[])), Status::NotApplicable);
    }

    #[test]
    fn lower_is_better_manual_scales() {
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
        assert_eq!(status_of(&t, &evidence_with_entry(ManualValue::Score(0.5), &[])), Status::Pass);
        assert_eq!(status_of(&t, &evidence_with_entry(ManualValue::Score(48.0), &[])), Status::Fail);
    }
}
