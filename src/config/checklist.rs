//! The checklist: areas with weights, touchpoints with rules and thresholds, level bands; loaded and validated.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::diag;
use super::translation::{AreaText, LevelText, Overlay, TouchpointText};
use crate::error::Diagnostic;
use crate::i18n::Locale;
use crate::spec::{Hand, PageCheck, Params, RuleBook, RuleSpec, placeholders};

/// The default checklist shipped with touchaudit (`checklist = "default"`).
pub(crate) const DEFAULT_CHECKLIST: &str = include_str!("../../checklists/default.toml");
pub(crate) const DEFAULT_NAME: &str = "default";
/// The origin of the built-in checklist in a result (the report says it in its own language).
pub(crate) const BUILTIN_ORIGIN: &str = "built-in default";

/// A loyalty level band: scores from `min` up to the next band's `min`.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub id: String,
    pub title: String,
    pub min: f64,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub id: String,
    pub title: String,
    pub weight: f64,
}

#[derive(Debug, Clone)]
pub struct Touchpoint {
    pub id: String,
    pub area: String,
    pub title: String,
    pub rule: &'static RuleSpec,
    pub weight: f64,
    pub critical: bool,
    pub params: Params,
    pub why: String,
    pub fix: String,
}

/// A custom check a consultant wrote in the checklist, run on every page.
#[derive(Debug, Clone)]
pub enum CustomCheck {
    Text(regex::Regex),
    Selector(Box<scraper::Selector>),
}

/// A validated checklist.
#[derive(Debug, Clone)]
pub struct Checklist {
    /// The checklist's name, as the report names it.
    pub name: String,
    /// The checklist's own version, as its author numbers it.
    pub version: String,
    /// [`BUILTIN_ORIGIN`] or the file it was read from.
    pub origin: String,
    /// The readiness levels, lowest first.
    pub levels: Vec<Level>,
    /// The areas, in the report's order.
    pub areas: Vec<Area>,
    /// The touchpoints, in the report's order.
    pub touchpoints: Vec<Touchpoint>,
    /// The texts its entries give in other languages (`[touchpoint.ru]`), by locale.
    pub(crate) translations: HashMap<Locale, Overlay>,
}

impl Checklist {
    /// The touchpoint with this id.
    pub fn touchpoint(&self, id: &str) -> Option<&Touchpoint> {
        self.touchpoints.iter().find(|t| t.id == id)
    }

    /// The area with this id.
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }

    /// The client figures the checklist's `figure` touchpoints read, with their unit.
    pub fn figure_keys(&self) -> BTreeMap<&str, &str> {
        self.touchpoints
            .iter()
            .filter(|t| t.rule.hand == Some(Hand::Figure))
            .map(|t| (t.params.text("key"), t.params.text("unit")))
            .collect()
    }

    /// The touchpoints with a custom page check (`page_text`, `selector`), in checklist order: the extractor
    /// runs their checks on every page and a page's `custom` results follow this order.
    pub fn custom_touchpoints(&self) -> impl Iterator<Item = &Touchpoint> {
        self.touchpoints.iter().filter(|t| t.rule.page_check.is_some())
    }

    /// The page checks of [`Self::custom_touchpoints`], compiled.
    pub fn custom_checks(&self) -> Vec<CustomCheck> {
        self.custom_touchpoints()
            .filter_map(|t| match t.rule.page_check? {
                PageCheck::Text => regex::RegexBuilder::new(t.params.text("pattern"))
                    .case_insensitive(true)
                    .build()
                    .ok()
                    .map(CustomCheck::Text),
                PageCheck::Selector => {
                    scraper::Selector::parse(t.params.text("selector")).ok().map(|s| CustomCheck::Selector(Box::new(s)))
                }
            })
            .collect()
    }

    /// The built-in default checklist.
    pub fn builtin(rules: &dyn RuleBook) -> Result<Checklist, Vec<Diagnostic>> {
        parse(Path::new("checklists/default.toml"), DEFAULT_CHECKLIST, BUILTIN_ORIGIN, rules)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecklistToml {
    checklist: MetaToml,
    #[serde(default, rename = "level")]
    levels: Vec<Spanned<LevelToml>>,
    #[serde(default, rename = "area")]
    areas: Vec<Spanned<AreaToml>>,
    #[serde(default, rename = "touchpoint")]
    touchpoints: Vec<Spanned<TouchpointToml>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetaToml {
    name: String,
    version: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelToml {
    id: String,
    title: String,
    min: Spanned<f64>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    ru: Option<Spanned<LevelText>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaToml {
    id: Spanned<String>,
    title: String,
    weight: Spanned<f64>,
    #[serde(default)]
    ru: Option<Spanned<AreaText>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TouchpointToml {
    id: Spanned<String>,
    area: Spanned<String>,
    title: String,
    rule: Spanned<String>,
    #[serde(default = "one")]
    weight: Spanned<f64>,
    #[serde(default)]
    critical: bool,
    params: Option<Spanned<toml::Table>>,
    why: String,
    fix: Spanned<String>,
    #[serde(default)]
    ru: Option<Spanned<TouchpointText>>,
}

/// The texts a checklist's entries give in `locale` (`[touchpoint.ru]` and the like), by id. Every locale
/// besides English is a field of the entries: a new one is a field here and an arm below.
fn inline_translations(raw: &ChecklistToml, locale: Locale) -> Overlay {
    fn taken<T: Clone>(text: &Option<Spanned<T>>, locale: Locale) -> Option<Spanned<T>> {
        match locale {
            Locale::En => None,
            Locale::Ru => text.clone(),
        }
    }
    Overlay {
        level: raw
            .levels
            .iter()
            .filter_map(|l| Some((l.get_ref().id.clone(), taken(&l.get_ref().ru, locale)?)))
            .collect(),
        area: raw
            .areas
            .iter()
            .filter_map(|a| Some((a.get_ref().id.get_ref().clone(), taken(&a.get_ref().ru, locale)?)))
            .collect(),
        touchpoint: raw
            .touchpoints
            .iter()
            .filter_map(|t| Some((t.get_ref().id.get_ref().clone(), taken(&t.get_ref().ru, locale)?)))
            .collect(),
    }
}

fn one() -> Spanned<f64> {
    Spanned::new(0..0, 1.0)
}

/// Level bands used when a checklist names none: the default checklist's (ARCHITECTURE.md: score).
fn default_levels() -> Vec<Level> {
    let file = Path::new("checklists/default.toml");
    let Ok(raw) = toml::from_str::<ChecklistToml>(DEFAULT_CHECKLIST) else { return Vec::new() };
    let places = diag::Places::new(file, DEFAULT_CHECKLIST);
    let at = |span: std::ops::Range<usize>, message: String| places.at(span, message);
    // Never empty: the default checklist names its bands (a test checks they parse).
    checked_levels(raw.levels, file, &at, &mut Vec::new())
}

/// Parses and validates a checklist; `origin` says where it came from in the report.
pub fn parse(file: &Path, text: &str, origin: &str, rules: &dyn RuleBook) -> Result<Checklist, Vec<Diagnostic>> {
    let raw: ChecklistToml = toml::from_str(text).map_err(|e| vec![diag::from_toml(file, text, &e)])?;
    let translations: HashMap<Locale, Overlay> = Locale::ALL
        .into_iter()
        .map(|locale| (locale, inline_translations(&raw, locale)))
        .filter(|(_, overlay)| !overlay.is_empty())
        .collect();
    let mut problems = Vec::new();
    let places = diag::Places::new(file, text);
    let at = |span: std::ops::Range<usize>, message: String| places.at(span, message);
    let levels = checked_levels(raw.levels, file, &at, &mut problems);
    let (areas, area_spans) = checked_areas(raw.areas, file, &at, &mut problems);
    let area_ids: Vec<&str> = areas.iter().map(|a| a.id.as_str()).collect();
    let mut seen = HashSet::new();
    let declared_areas: HashSet<String> = raw.touchpoints.iter().map(|t| t.get_ref().area.get_ref().clone()).collect();
    let touchpoints: Vec<Touchpoint> = raw
        .touchpoints
        .into_iter()
        .filter_map(|raw_tp| checked_touchpoint(raw_tp.into_inner(), (&area_ids, &mut seen), rules, &at, &mut problems))
        .collect();
    for (area, span) in areas.iter().zip(area_spans) {
        if !declared_areas.contains(&area.id) {
            problems.push(at(span, format!("area `{}` has no touchpoints", area.id)));
        }
    }
    let checklist = Checklist {
        name: raw.checklist.name,
        version: raw.checklist.version,
        origin: origin.to_string(),
        levels,
        areas,
        touchpoints,
        translations,
    };
    for overlay in checklist.translations.values() {
        problems.extend(super::translation::check(overlay, &checklist, &at));
    }
    if problems.is_empty() { Ok(checklist) } else { Err(problems) }
}

/// What places a problem of the checklist file at its line.
type At<'a> = dyn Fn(std::ops::Range<usize>, String) -> Diagnostic + 'a;

/// `[[level]]`s: each starting above the one before, the first at 0; the built-in bands when none is given.
fn checked_levels(raw: Vec<Spanned<LevelToml>>, file: &Path, at: &At, problems: &mut Vec<Diagnostic>) -> Vec<Level> {
    if raw.is_empty() {
        default_levels()
    } else {
        let mut levels = Vec::new();
        for level in raw {
            let span = level.span();
            let level = level.into_inner();
            let min = *level.min.get_ref();
            if !(0.0..=100.0).contains(&min) {
                problems.push(at(level.min.span(), format!("level `{}` starts at {min}, outside 0..100", level.id)));
            }
            if levels.last().is_some_and(|prev: &Level| prev.min >= min) {
                problems.push(at(span, format!("level `{}` must start above the level before it", level.id)));
            }
            levels.push(Level { id: level.id, title: level.title, min, description: level.description });
        }
        if levels.first().is_some_and(|l| l.min != 0.0) {
            problems.push(Diagnostic::new(file, None, "the first [[level]] must start at min = 0"));
        }
        levels
    }
}

/// `[[area]]`s: unique ids, weights of 0 or more; with the span of each id (for "has no touchpoints").
fn checked_areas(
    raw: Vec<Spanned<AreaToml>>,
    file: &Path,
    at: &At,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<Area>, Vec<std::ops::Range<usize>>) {
    let mut areas: Vec<Area> = Vec::new();
    let mut area_spans = Vec::new();
    for area in raw {
        let area = area.into_inner();
        let id = area.id.get_ref().clone();
        if areas.iter().any(|a| a.id == id) {
            problems.push(at(area.id.span(), format!("duplicate area id `{id}`")));
            continue;
        }
        let weight = *area.weight.get_ref();
        if !weight.is_finite() || weight < 0.0 {
            problems
                .push(at(area.weight.span(), format!("area `{id}` has weight {weight}; weights must be 0 or more")));
        }
        area_spans.push(area.id.span());
        areas.push(Area { id, title: area.title, weight });
    }
    if areas.is_empty() {
        problems.push(Diagnostic::new(file, None, "the checklist has no [[area]]"));
    }

    (areas, area_spans)
}

/// One `[[touchpoint]]`: a unique id, a known area and rule, weights, the rule's parameters with their
/// defaults and checks, and a fix text whose placeholders the rule fills.
fn checked_touchpoint(
    tp: TouchpointToml,
    (area_ids, seen): (&[&str], &mut HashSet<String>),
    rules: &dyn RuleBook,
    at: &At,
    problems: &mut Vec<Diagnostic>,
) -> Option<Touchpoint> {
    let specs = rules.specs();
    let rule_names = specs.iter().map(|r| r.name);
    let id = tp.id.get_ref().clone();
    if !seen.insert(id.clone()) {
        problems.push(at(tp.id.span(), format!("duplicate touchpoint id `{id}`")));
        return None;
    }
    if !area_ids.contains(&tp.area.get_ref().as_str()) {
        problems.push(
            at(tp.area.span(), format!("touchpoint `{id}` names unknown area `{}`", tp.area.get_ref()))
                .with_help(diag::did_you_mean(tp.area.get_ref(), area_ids.iter().copied())),
        );
    }
    let weight = *tp.weight.get_ref();
    if !weight.is_finite() || weight < 0.0 {
        problems
            .push(at(tp.weight.span(), format!("touchpoint `{id}` has weight {weight}; weights must be 0 or more")));
    }
    let Some(rule) = rules.find(tp.rule.get_ref()) else {
        problems.push(
            at(tp.rule.span(), format!("touchpoint `{id}` names unknown rule `{}`", tp.rule.get_ref()))
                .with_help(diag::did_you_mean(tp.rule.get_ref(), rule_names)),
        );
        return None;
    };
    let params_span = tp.params.as_ref().map_or_else(|| tp.id.span(), Spanned::span);
    let params = match resolve_params(rule, tp.params.map(Spanned::into_inner).unwrap_or_default()) {
        Ok(params) => params,
        Err((message, help)) => {
            problems.push(at(params_span, format!("touchpoint `{id}`: {message}")).with_help(help));
            return None;
        }
    };
    if let Err(message) = (rule.check)(&params) {
        problems.push(at(params_span, format!("touchpoint `{id}` (rule `{}`): {message}", rule.name)));
    }
    for name in placeholders(tp.fix.get_ref()) {
        let known = || rule.fix_names();
        if !known().any(|k| k == name) {
            problems.push(
                at(tp.fix.span(), format!("touchpoint `{id}`: `fix` uses unknown placeholder `{{{name}}}`")).with_help(
                    Some(diag::did_you_mean(name, known()).unwrap_or_else(|| {
                        format!(
                            "placeholders here: {}",
                            known().map(|k| format!("{{{k}}}")).collect::<Vec<_>>().join(" ")
                        )
                    })),
                ),
            );
        }
    }
    Some(Touchpoint {
        id,
        area: tp.area.into_inner(),
        title: tp.title,
        rule,
        weight,
        critical: tp.critical,
        params,
        why: tp.why,
        fix: tp.fix.into_inner(),
    })
}

/// Fills in the rule's defaults and checks names and types; returns a message and a suggestion on error.
fn resolve_params(rule: &RuleSpec, given: toml::Table) -> Result<Params, (String, Option<String>)> {
    let mut values = BTreeMap::new();
    for (name, value) in given {
        let Some(spec) = rule.params.iter().find(|p| p.name == name) else {
            let names: Vec<&str> = rule.params.iter().map(|p| p.name).collect();
            let help = diag::did_you_mean(&name, names.iter().copied()).or_else(|| {
                Some(if names.is_empty() {
                    format!("rule `{}` takes no params", rule.name)
                } else {
                    format!("rule `{}` takes: {}", rule.name, names.join(", "))
                })
            });
            return Err((format!("unknown param `{name}` for rule `{}`", rule.name), help));
        };
        if !spec.kind.accepts(&value) {
            return Err((format!("param `{name}` must be {}, not `{value}`", spec.kind.name()), None));
        }
        if let Some(number) = value.as_float().or_else(|| value.as_integer().map(|i| i as f64)) {
            check_number_param(&name, number)?;
        }
        values.insert(name, value);
    }
    for spec in rule.params {
        if values.contains_key(spec.name) {
            continue;
        }
        match spec.default_value() {
            Some(value) => {
                values.insert(spec.name.to_string(), value);
            }
            None => {
                return Err((format!("rule `{}` needs param `{}` ({})", rule.name, spec.name, spec.doc), None));
            }
        }
    }
    Ok(Params::new(values))
}

/// The longest window a touchpoint may look back over, in days (a century); longer is a typo.
pub(crate) const MAX_WINDOW_DAYS: f64 = 36_500.0;
/// The largest number any param may take; thresholds, counts and shares are far below it.
pub(crate) const MAX_PARAM_VALUE: f64 = 1e12;

/// Numbers become durations, date offsets and counts: they must be finite and in a sane range.
fn check_number_param(name: &str, number: f64) -> Result<(), (String, Option<String>)> {
    if !number.is_finite() || number.abs() > MAX_PARAM_VALUE {
        let shown = super::show_number(number);
        return Err((
            format!("param `{name}` must be a finite number (at most {MAX_PARAM_VALUE:e}), not {shown}"),
            None,
        ));
    }
    if name.ends_with("_days") && !(1.0..=MAX_WINDOW_DAYS).contains(&number) {
        let shown = super::show_number(number);
        return Err((format!("param `{name}` = {shown} must be between 1 and {MAX_WINDOW_DAYS} days"), None));
    }
    Ok(())
}
