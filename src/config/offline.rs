//! The auditor's offline.toml: manual scores per touchpoint and the client's own figures, checked against the checklist.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::config::checklist::Checklist;
use crate::config::diag;
use crate::error::Diagnostic;
use crate::i18n::fmt_num;
use crate::spec::Hand;

/// What the auditor said about one touchpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct ManualEntry {
    pub value: ManualValue,
    pub note: Option<String>,
    pub evidence: Vec<String>,
    pub assessed: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ManualValue {
    Score(f64),
    Items(BTreeMap<String, bool>),
    NotApplicable,
}

/// A verdict the auditor may set by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverrideVerdict {
    Pass,
    Warn,
    Fail,
}

/// The auditor's own verdict on a touchpoint, which replaces the measured one (the measured one is kept).
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub verdict: OverrideVerdict,
    /// Why: required, and shown beside the verdict in the report.
    pub note: String,
    pub evidence: Vec<String>,
    pub assessed: Option<NaiveDate>,
}

/// A validated offline.toml.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Offline {
    /// The file as the user named it, for evidence and messages.
    pub file: String,
    pub scores: BTreeMap<String, ManualEntry>,
    pub figures: BTreeMap<String, f64>,
    /// Verdicts the auditor set by hand (`override = "pass"` with a `note`), for any touchpoint.
    pub overrides: BTreeMap<String, Override>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OfflineToml {
    #[serde(default)]
    scores: BTreeMap<Spanned<String>, Spanned<EntryToml>>,
    #[serde(default)]
    figures: BTreeMap<Spanned<String>, Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryToml {
    score: Option<Spanned<f64>>,
    items: Option<BTreeMap<Spanned<String>, bool>>,
    note: Option<String>,
    #[serde(default)]
    evidence: Vec<Spanned<String>>,
    assessed: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    not_applicable: bool,
    /// `pass`, `warn` or `fail`: the auditor's verdict over the measured one.
    #[serde(rename = "override")]
    override_status: Option<Spanned<String>>,
}

/// The verdicts `override` accepts.
const OVERRIDES: [(&str, OverrideVerdict); 3] =
    [("pass", OverrideVerdict::Pass), ("warn", OverrideVerdict::Warn), ("fail", OverrideVerdict::Fail)];

/// Parses and validates offline.toml against the checklist; every problem is returned, not only the first.
/// `as_of` is the audit date: nothing can have been assessed after it.
pub(crate) fn parse(
    file: &Path,
    text: &str,
    checklist: &Checklist,
    as_of: NaiveDate,
) -> Result<Offline, Vec<Diagnostic>> {
    let raw: OfflineToml = toml::from_str(text).map_err(|e| vec![diag::from_toml(file, text, &e)])?;
    let mut problems = Vec::new();
    let mut offline = Offline { file: file.display().to_string(), ..Offline::default() };
    let ids: Vec<&str> = checklist.touchpoints.iter().map(|t| t.id.as_str()).collect();
    let places = diag::Places::new(file, text);
    let at = |span: std::ops::Range<usize>, message: String| places.at(span, message);

    for (key, entry) in raw.scores {
        let id = key.get_ref();
        let Some(touchpoint) = checklist.touchpoint(id) else {
            problems.push(
                at(key.span(), format!("unknown touchpoint `{id}`"))
                    .with_help(diag::did_you_mean(id, ids.iter().copied())),
            );
            continue;
        };
        let entry_span = entry.span();
        let entry = entry.into_inner();
        let assessed = assessed_date(&entry, id, as_of, &at, &mut problems);
        let evidence = checked_evidence(&entry.evidence, &at, &mut problems);
        let hand_scored = touchpoint.rule.scored_by_hand();
        if let Some(verdict) = &entry.override_status {
            let Some(chosen) =
                checked_override(verdict, &entry, (id, touchpoint.rule), (&at, &entry_span), &mut problems)
            else {
                continue;
            };
            let note = entry.note.clone().unwrap_or_default();
            offline
                .overrides
                .insert(id.clone(), Override { verdict: chosen, note, evidence: evidence.clone(), assessed });
            // A measured touchpoint, or a hand-scored one given only the verdict: nothing more to read.
            if !hand_scored || (entry.score.is_none() && entry.items.is_none() && !entry.not_applicable) {
                continue;
            }
        }
        let Some(value) = hand_value(&entry, (&key, touchpoint), (&at, entry_span), &mut problems) else { continue };
        offline.scores.insert(id.clone(), ManualEntry { value, note: entry.note, evidence, assessed });
    }
    offline.figures = checked_figures(raw.figures, checklist, &at, &mut problems);
    if problems.is_empty() { Ok(offline) } else { Err(problems) }
}

/// Whether a file named as evidence stays inside the audit's folder: relative, and no `..` step out of it.
pub(crate) fn inside_the_audit_folder(name: &str) -> bool {
    let path = Path::new(name);
    !path.has_root()
        && !name.starts_with(['/', '\\'])
        && !name.contains(':')
        && path.components().all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir))
        && !name.split(['/', '\\']).any(|step| step == "..")
}

/// `evidence`: notes and files; a file (a name with an extension and no spaces) must be inside the audit's
/// folder, so an offline.toml, or a visit form's export, can never embed a file from elsewhere on the machine.
fn checked_evidence(evidence: &[Spanned<String>], at: &At, problems: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut out = Vec::new();
    for item in evidence {
        let name = item.get_ref();
        let is_url = ["http://", "https://"].iter().any(|scheme| name.trim().to_ascii_lowercase().starts_with(scheme));
        // A link is not a file; a file is a name with a slash or a short extension and no spaces.
        let has_extension = name.rsplit_once('.').is_some_and(|(_, ext)| {
            !ext.is_empty() && ext.len() <= 5 && ext.chars().all(|c| c.is_ascii_alphanumeric()) && !name.contains(' ')
        });
        let looks_like_a_path = !is_url && (name.contains(['/', '\\']) || has_extension);
        if looks_like_a_path && !inside_the_audit_folder(name) {
            problems.push(at(
                item.span(),
                format!(
                    "evidence `{name}` is outside the audit's folder: copy the file into the folder (for example \
                     `photos/`) and name it relative to offline.toml"
                ),
            ));
            continue;
        }
        out.push(name.clone());
    }
    out
}

/// What places a problem of offline.toml at its line.
type At<'a> = dyn Fn(std::ops::Range<usize>, String) -> Diagnostic + 'a;

/// `assessed`: a date, not after the audit date.
fn assessed_date(
    entry: &EntryToml,
    id: &str,
    as_of: NaiveDate,
    at: &At,
    problems: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    match &entry.assessed {
        None => None,
        Some(date) => match date_of(date.get_ref()) {
            Some(d) if d > as_of => {
                problems.push(at(
                    date.span(),
                    format!("`assessed` for `{id}` is {d}, after the audit date {as_of}: a typo in the year?"),
                ));
                None
            }
            Some(d) => Some(d),
            None => {
                problems.push(at(date.span(), format!("`assessed` for `{id}` must be a date like 2026-10-28")));
                None
            }
        },
    }
}

/// `override`: one of the verdicts, with the `note` saying why; a measured touchpoint takes nothing else.
fn checked_override(
    verdict: &Spanned<String>,
    entry: &EntryToml,
    (id, rule): (&str, &crate::spec::RuleSpec),
    (at, entry_span): (&At, &std::ops::Range<usize>),
    problems: &mut Vec<Diagnostic>,
) -> Option<OverrideVerdict> {
    let Some((_, chosen)) = OVERRIDES.iter().find(|(name, _)| name == verdict.get_ref()) else {
        let names = OVERRIDES.map(|(name, _)| name);
        problems.push(
            at(verdict.span(), format!("`override` for `{id}` must be one of {}", names.join(", ")))
                .with_help(diag::did_you_mean(verdict.get_ref(), names)),
        );
        return None;
    };
    if entry.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        problems.push(at(
            verdict.span(),
            format!("`override` for `{id}` needs a `note` saying why (the report shows it to the client)"),
        ));
        return None;
    }
    if !rule.scored_by_hand() && (entry.score.is_some() || entry.items.is_some() || entry.not_applicable) {
        problems.push(at(
            entry_span.clone(),
            format!("`{id}` is measured by rule `{}`: give only `override`, `note`, `evidence`, `assessed`", rule.name),
        ));
        return None;
    }
    Some(*chosen)
}

/// A hand-scored touchpoint's value: a score on its scale, its checklist items, or not applicable.
fn hand_value(
    entry: &EntryToml,
    (key, touchpoint): (&Spanned<String>, &crate::config::checklist::Touchpoint),
    (at, entry_span): (&At, std::ops::Range<usize>),
    problems: &mut Vec<Diagnostic>,
) -> Option<ManualValue> {
    let id = key.get_ref();
    let rule = touchpoint.rule.name;
    if entry.not_applicable && (entry.score.is_some() || entry.items.is_some()) {
        problems.push(at(
            entry_span,
            format!("`{id}` has a score and `not_applicable = true`: keep one (not applicable leaves it out)"),
        ));
        return None;
    }
    Some(if entry.not_applicable {
        ManualValue::NotApplicable
    } else {
        match (touchpoint.rule.hand, entry.score.as_ref(), entry.items.as_ref()) {
            (Some(Hand::Score), Some(score), None) => {
                let (min, max) = (touchpoint.params.num("min"), touchpoint.params.num("max"));
                let value = *score.get_ref();
                if !value.is_finite() {
                    problems.push(at(score.span(), format!("score for `{id}` must be a number, not {value}")));
                    return None;
                }
                if !(min..=max).contains(&value) {
                    problems.push(at(
                        score.span(),
                        format!(
                            "score {} for `{id}` is outside its scale {}..{}",
                            fmt_num(value),
                            fmt_num(min),
                            fmt_num(max)
                        ),
                    ));
                    return None;
                }
                ManualValue::Score(value)
            }
            (Some(Hand::Items), None, Some(items)) => {
                let declared = touchpoint.params.list("items");
                let mut checked = BTreeMap::new();
                for (item, met) in items {
                    if !declared.is_empty() && !declared.contains(&item.get_ref().as_str()) {
                        problems.push(
                            at(item.span(), format!("`{id}` has no item `{}`", item.get_ref())).with_help(Some(
                                diag::did_you_mean(item.get_ref(), declared.iter().copied())
                                    .unwrap_or_else(|| format!("its items are: {}", declared.join(", "))),
                            )),
                        );
                        continue;
                    }
                    checked.insert(item.get_ref().clone(), *met);
                }
                ManualValue::Items(checked)
            }
            (Some(Hand::Score), _, _) => {
                problems.push(at(entry_span, format!("`{id}` takes `score = <number>` (or `not_applicable = true`)")));
                return None;
            }
            (Some(Hand::Items), _, _) => {
                problems.push(at(
                    entry_span,
                    format!("`{id}` takes `items = {{ name = true, ... }}` (or `not_applicable = true`)"),
                ));
                return None;
            }
            (Some(Hand::Figure) | None, _, _) => {
                problems.push(at(
                    key.span(),
                    format!(
                        "`{id}` is measured by rule `{rule}` from the {}, not scored by hand",
                        touchpoint.rule.source.label().en().to_lowercase()
                    ),
                ));
                return None;
            }
        }
    })
}

/// `[figures]`: each one a touchpoint uses, a number (a share between 0 and 1 where the unit is `share`).
fn checked_figures(
    raw: BTreeMap<Spanned<String>, Spanned<f64>>,
    checklist: &Checklist,
    at: &At,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, f64> {
    let mut figures = BTreeMap::new();
    let figure_keys = checklist.figure_keys();
    for (name, value) in raw {
        let key = name.get_ref();
        let Some(unit) = figure_keys.get(key.as_str()) else {
            let help = diag::did_you_mean(key, figure_keys.keys().copied()).or_else(|| {
                Some(format!(
                    "figures the checklist uses: {}",
                    figure_keys.keys().copied().collect::<Vec<_>>().join(", ")
                ))
            });
            problems.push(at(name.span(), format!("figure `{key}` is not used by any touchpoint")).with_help(help));
            continue;
        };
        let number = *value.get_ref();
        let wrong = if !number.is_finite() {
            Some(format!("figure `{key}` must be a number, not {number}"))
        } else if *unit == "share" && !(0.0..=1.0).contains(&number) {
            Some(format!("figure `{key}` = {} must be a share between 0 and 1 (31 % is 0.31)", fmt_num(number)))
        } else if number < 0.0 {
            Some(format!("figure `{key}` = {} must not be negative", fmt_num(number)))
        } else {
            None
        };
        if let Some(message) = wrong {
            problems.push(at(value.span(), message));
            continue;
        }
        figures.insert(key.clone(), number);
    }

    figures
}

/// A TOML date without time, as in `assessed = 2026-10-28`.
pub(crate) fn date_of(datetime: &toml::value::Datetime) -> Option<NaiveDate> {
    match (datetime.date, datetime.time) {
        (Some(d), None) => NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day)),
        _ => None,
    }
}
