//! What a rule declares, apart from how it evaluates: its name, its source, its params and their kinds, the
//! placeholders it fills, what the auditor enters for it by hand. Stage-free: config checks a checklist
//! against these declarations and rules evaluate them, and neither stage names the other (the pipeline hands
//! config the rule book, [`RuleBook`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::msg;

/// What a built-in rule declares: what it checks, what it accepts, what it fills in.
pub struct RuleSpec {
    /// The rule's name, as checklists name it.
    pub name: &'static str,
    /// What evidence it reads.
    pub source: SourceKind,
    /// What the rule checks and how it scores, for `touchaudit checklist --explain`.
    pub doc: &'static str,
    /// The parameters a touchpoint may set, with their defaults.
    pub params: &'static [ParamSpec],
    /// Placeholders the rule fills in for a touchpoint's `fix` text, besides its params.
    pub vars: &'static [&'static str],
    /// Checks a touchpoint's params beyond their types (thresholds inside the scale, patterns compile ...).
    pub check: fn(&Params) -> Result<(), String>,
    /// What the auditor enters by hand for it, if anything: a rule's kind, not a name matched in each place.
    pub hand: Option<Hand>,
    /// The check it runs on every page while the site is crawled, for a custom page check.
    pub page_check: Option<PageCheck>,
    /// The message naming its row in the rivals grid, for a rule judged for every rival alike.
    pub rival: Option<&'static str>,
}

impl RuleSpec {
    /// Scored by the auditor in offline.toml's `[scores]` (a score or items), not measured.
    pub fn scored_by_hand(&self) -> bool {
        matches!(self.hand, Some(Hand::Score | Hand::Items))
    }

    /// The names a touchpoint's fix text may use: the params, the rule's vars, `measured` and `target`.
    pub fn fix_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.params.iter().map(|p| p.name).chain(self.vars.iter().copied()).chain(["measured", "target"])
    }
}

impl std::fmt::Debug for RuleSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSpec").field("name", &self.name).field("source", &self.source).finish_non_exhaustive()
    }
}

/// The built-in rules as config sees them: looked up by name, listed for suggestions.
pub trait RuleBook: Sync {
    fn find(&self, name: &str) -> Option<&'static RuleSpec>;
    fn specs(&self) -> Vec<&'static RuleSpec>;
}

/// What an auditor enters by hand in offline.toml for a touchpoint of a hand-scored rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hand {
    /// A score on the touchpoint's scale (`score = 4`), in `[scores]`.
    Score,
    /// Checklist items met or not (`items = { greeted = true }`), in `[scores]`.
    Items,
    /// One of the client's own figures, in `[figures]`.
    Figure,
}

/// A consultant's own check, run on every page of the crawl.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageCheck {
    /// A regular expression over the page's text (`pattern`).
    Text,
    /// A CSS selector that must match (`selector`).
    Selector,
}

/// Where a rule's evidence comes from; a rule whose source was not gathered is not assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Offline,
    Survey,
    Site,
    Reviews,
    Mentions,
    Serm,
}

impl SourceKind {
    pub fn label(self) -> Text {
        match self {
            SourceKind::Offline => msg!("source-offline"),
            SourceKind::Survey => msg!("source-survey"),
            SourceKind::Site => msg!("source-site"),
            SourceKind::Reviews => msg!("source-reviews"),
            SourceKind::Mentions => msg!("source-mentions"),
            SourceKind::Serm => msg!("source-serm"),
        }
    }
}

/// The `{placeholders}` a fix text uses, for validation.
pub(crate) fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) if after[..end].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && end > 0 => {
                names.push(&after[..end]);
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    names
}

/// The type a parameter's value must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    Number,
    Text,
    TextList,
    Bool,
    /// A list of keyword signal names (checklists/keywords.toml and `[site.keywords]`): each is checked
    /// against the signals at load, so a misspelt one is an error, never a touchpoint that cannot pass.
    Signals,
}

impl ParamKind {
    pub fn name(self) -> &'static str {
        match self {
            ParamKind::Number => "a number",
            ParamKind::Text => "a string",
            ParamKind::TextList => "a list of strings",
            ParamKind::Bool => "true or false",
            ParamKind::Signals => "a list of keyword signal names",
        }
    }

    pub fn accepts(self, value: &toml::Value) -> bool {
        match (self, value) {
            (ParamKind::Number, toml::Value::Integer(_) | toml::Value::Float(_)) => true,
            (ParamKind::Text, toml::Value::String(_)) => true,
            (ParamKind::Bool, toml::Value::Boolean(_)) => true,
            (ParamKind::TextList | ParamKind::Signals, toml::Value::Array(items)) => {
                items.iter().all(toml::Value::is_str)
            }
            _ => false,
        }
    }
}

/// One parameter a rule understands. `default` is a TOML value literal; `None` means the checklist must set it.
#[derive(Debug)]
pub struct ParamSpec {
    pub name: &'static str,
    pub kind: ParamKind,
    pub default: Option<&'static str>,
    pub doc: &'static str,
}

impl ParamSpec {
    /// The default as a TOML value; the registry test checks every literal parses to the declared kind.
    pub fn default_value(&self) -> Option<toml::Value> {
        let literal = self.default?;
        let table: toml::Table = toml::from_str(&format!("v = {literal}")).ok()?;
        table.get("v").cloned()
    }
}

/// A touchpoint's parameters with the rule's defaults filled in, checked against the rule's specs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params(BTreeMap<String, toml::Value>);

impl Params {
    pub fn new(values: BTreeMap<String, toml::Value>) -> Self {
        Params(values)
    }

    /// A number parameter (integers widen to floats). Validation guarantees declared numbers exist; asking for
    /// a name the rule does not declare is a bug in the rule, caught by the registry's fixtures (debug builds
    /// assert it) instead of silently comparing against NaN.
    pub fn num(&self, name: &str) -> f64 {
        debug_assert!(self.0.contains_key(name), "param `{name}` is not declared by the rule");
        match self.0.get(name) {
            Some(toml::Value::Float(f)) => *f,
            Some(toml::Value::Integer(i)) => *i as f64,
            _ => f64::NAN,
        }
    }

    pub fn text(&self, name: &str) -> &str {
        debug_assert!(self.0.contains_key(name), "param `{name}` is not declared by the rule");
        self.0.get(name).and_then(toml::Value::as_str).unwrap_or("")
    }

    /// Replaces a text parameter the touchpoint has (a translated `unit`, say); false when it has none.
    pub fn set_text(&mut self, name: &str, value: &str) -> bool {
        match self.0.get_mut(name) {
            Some(toml::Value::String(text)) => {
                value.clone_into(text);
                true
            }
            _ => false,
        }
    }

    pub fn list(&self, name: &str) -> Vec<&str> {
        debug_assert!(self.0.contains_key(name), "param `{name}` is not declared by the rule");
        self.0
            .get(name)
            .and_then(toml::Value::as_array)
            .map(|items| items.iter().filter_map(toml::Value::as_str).collect())
            .unwrap_or_default()
    }

    pub fn flag(&self, name: &str) -> bool {
        self.0.get(name).and_then(toml::Value::as_bool).unwrap_or(false)
    }

    /// Whether the touchpoint has parameter `name` (its own or the rule's default).
    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// Values for filling `{placeholders}` in fix texts (numbers stay numbers, formatted when rendered).
    pub fn as_vars(&self) -> impl Iterator<Item = (&str, Text)> {
        self.0.iter().map(|(k, v)| {
            let text = match v {
                toml::Value::String(s) => Text::given(s),
                toml::Value::Float(f) => Text::from(*f),
                toml::Value::Integer(i) => Text::from(*i),
                other => Text::from(other.to_string()),
            };
            (k.as_str(), text)
        })
    }
}

/// A number parameter with a default, for compact rule tables.
pub(crate) const fn number(name: &'static str, default: &'static str, doc: &'static str) -> ParamSpec {
    ParamSpec { name, kind: ParamKind::Number, default: Some(default), doc }
}

/// A text-list parameter with a default.
pub(crate) const fn text_list(name: &'static str, default: &'static str, doc: &'static str) -> ParamSpec {
    ParamSpec { name, kind: ParamKind::TextList, default: Some(default), doc }
}

/// A list of keyword signal names with a default.
pub(crate) const fn signals(name: &'static str, default: &'static str, doc: &'static str) -> ParamSpec {
    ParamSpec { name, kind: ParamKind::Signals, default: Some(default), doc }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_placeholders_and_ignores_other_braces() {
        assert_eq!(
            placeholders("Answer the {unanswered} reviews of {window_days} days {not one} {}"),
            ["unanswered", "window_days"]
        );
    }

    #[test]
    fn a_signal_list_is_a_list_of_strings() {
        let list = toml::Value::Array(vec!["refund".into()]);
        assert!(ParamKind::Signals.accepts(&list));
        assert!(!ParamKind::Signals.accepts(&toml::Value::Array(vec![1.into()])));
    }
}
