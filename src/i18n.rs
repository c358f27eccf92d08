//! Report language: the message tables in `locales/*.ftl` (Fluent), with numbers, dates and plural forms.
//!
//! Every text touchaudit composes for a report (rule measurements and evidence, reasons, the report's own
//! headings and sentences) is a message here; the checklist's texts come translated from the checklist's
//! own entries (`[touchpoint.ru]` in `checklists/default.toml`) or an overlay beside it. Tests keep the tables in step: every message the code or the
//! templates use exists in every locale with the same variables.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// A value handed to a message: a number (which also picks the plural form) or a text.
pub(crate) type Value<'a> = FluentValue<'a>;

/// A report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    /// English.
    En,
    /// Russian.
    Ru,
}

impl Locale {
    /// Every locale, in the order `--help` lists them.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Ru];

    /// The locale's code (`en`, `ru`).
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ru => "ru",
        }
    }

    /// The locale with this code, if there is one.
    pub fn parse(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The message table shipped for this locale.
    pub fn source(self) -> &'static str {
        match self {
            Locale::En => include_str!("../locales/en.ftl"),
            Locale::Ru => include_str!("../locales/ru.ftl"),
        }
    }

    /// The decimal separator.
    fn decimal(self) -> char {
        match self {
            Locale::En => '.',
            Locale::Ru => ',',
        }
    }

    /// The locale's messages, built once per process.
    pub fn tr(self) -> &'static Tr {
        static TABLES: [OnceLock<Tr>; 2] = [OnceLock::new(), OnceLock::new()];
        TABLES[self as usize].get_or_init(|| Tr::new(self))
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Composes a message with named arguments: `t!(tr, "report-mentions-headline", count = 3, days = 90)`.
#[macro_export]
macro_rules! t {
    ($tr:expr, $id:literal $(, $key:ident = $value:expr)* $(,)?) => {
        $tr.message($id, &[$((stringify!($key), $crate::i18n::Value::from($value))),*])
    };
}

/// Composes a [`Text`]: a message of the tables with typed arguments, in no language until it is rendered:
/// `msg!("report-mentions-headline", count = 3, days = 90)`.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $key:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Text::message($id, [$((stringify!($key), $crate::i18n::Text::from($value))),*])
    };
}

/// A text in no language yet: what the pipeline hands on and result.json keeps, so that any result renders
/// in any locale ([`Tr::render`]). Serialised as a plain string for text as given, a number for a number,
/// and an object for the rest (`{"id": …, "args": {…}}`, `{"pct": 0.9}`, `{"join": […], "sep": "; "}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Text {
    /// Text as it was given (a site's, a reviewer's, the auditor's, a library's error): never translated.
    Given(String),
    /// A number: the locale's decimal separator; as a message argument it picks the plural form.
    Num(f64),
    /// A share in [0, 1], shown as a percentage.
    Pct { pct: f64 },
    /// A date, shown long ("1 November 2026").
    Date { date: NaiveDate },
    /// A message of the tables and its arguments.
    Message {
        id: String,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        args: BTreeMap<String, Text>,
    },
    /// Pieces rendered one after another with `sep` between them.
    Join { join: Vec<Text>, sep: String },
    /// A checklist's fix text with its `{placeholders}` filled in when rendered.
    Fill { fill: String, vars: BTreeMap<String, Text> },
}

impl From<f64> for Text {
    fn from(value: f64) -> Self {
        // JSON has no NaN or infinity: such a number is kept as the dash it prints as.
        if value.is_finite() { Text::Num(value) } else { Text::given("—") }
    }
}

macro_rules! number_texts {
    ($($t:ty),*) => {
        $(impl From<$t> for Text {
            fn from(value: $t) -> Self {
                Text::from(value as f64)
            }
        })*
    };
}
number_texts!(f32, i32, i64, u8, u16, u32, u64, usize);

impl From<&Text> for Text {
    fn from(text: &Text) -> Self {
        text.clone()
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Self {
        Text::given(text)
    }
}

impl Text {
    pub fn given(text: impl Into<String>) -> Text {
        Text::Given(text.into())
    }

    pub fn pct(share: f64) -> Text {
        if share.is_finite() { Text::Pct { pct: share } } else { Text::given("—") }
    }

    pub fn date(date: NaiveDate) -> Text {
        Text::Date { date }
    }

    /// A number with a unit after it: `unit(12.0, " %")` is "12 %", `unit(4.5, "★")` "4.5★".
    pub fn unit(value: f64, unit: &str) -> Text {
        Text::join([Text::from(value), Text::given(unit)], "")
    }

    /// A number, or "n/a" for one that could not be had.
    pub fn num_or_na(value: Option<f64>) -> Text {
        value.map_or_else(|| crate::msg!("n-a"), Text::from)
    }

    pub fn message<const N: usize>(id: &str, args: [(&str, Text); N]) -> Text {
        Text::Message { id: id.to_string(), args: args.into_iter().map(|(k, v)| (k.to_string(), v)).collect() }
    }

    /// The pieces with `sep` between them; one piece stays itself.
    pub fn join(parts: impl IntoIterator<Item = Text>, sep: &str) -> Text {
        let mut join: Vec<Text> = parts.into_iter().collect();
        if join.len() == 1 {
            return join.pop().expect("one piece");
        }
        Text::Join { join, sep: sep.to_string() }
    }

    /// "first: second", the way a place and what happened there are put together.
    pub fn at(place: impl Into<Text>, what: impl Into<Text>) -> Text {
        Text::join([place.into(), what.into()], ": ")
    }

    /// The text as given, when it is one (no message in it).
    pub fn as_given(&self) -> Option<&str> {
        match self {
            Text::Given(text) => Some(text),
            _ => None,
        }
    }

    /// The message id, when it is one.
    pub fn id(&self) -> Option<&str> {
        match self {
            Text::Message { id, .. } => Some(id),
            _ => None,
        }
    }

    /// Replaces every piece of text as given that reads `from` (after any leading spaces) by `to`, keeping the
    /// spaces: a translated unit ("hours" → "ч") in a measurement of a result put into another language.
    pub fn replace_given(&mut self, from: &str, to: &str) {
        match self {
            Text::Given(text) => {
                let trimmed = text.trim_start();
                if trimmed == from {
                    *text = format!("{}{to}", &text[..text.len() - trimmed.len()]);
                }
            }
            Text::Message { args: parts, .. } | Text::Fill { vars: parts, .. } => {
                parts.values_mut().for_each(|t| t.replace_given(from, to))
            }
            Text::Join { join, .. } => join.iter_mut().for_each(|t| t.replace_given(from, to)),
            Text::Num(_) | Text::Pct { .. } | Text::Date { .. } => {}
        }
    }

    /// Rendered in English, for the command line, logs and tests.
    pub fn en(&self) -> String {
        Locale::En.tr().render(self)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::Given(text)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::given(text)
    }
}

/// Unit tests read texts as English.
#[cfg(test)]
impl Text {
    pub fn contains(&self, pattern: &str) -> bool {
        self.en().contains(pattern)
    }

    pub fn starts_with(&self, pattern: &str) -> bool {
        self.en().starts_with(pattern)
    }

    pub fn len(&self) -> usize {
        self.en().len()
    }

    pub fn is_empty(&self) -> bool {
        self.en().is_empty()
    }
}

#[cfg(test)]
impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.en() == *other
    }
}

#[cfg(test)]
impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

/// One locale's messages and formats.
pub struct Tr {
    locale: Locale,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Tr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tr").field("locale", &self.locale).finish_non_exhaustive()
    }
}

/// `text` with one full stop where a message puts one after an argument that already ends with one ("3 за
/// 90 дн." + "." is "3 за 90 дн.", not "дн..").
fn one_full_stop(mut text: String, args: &[(&str, Value<'_>)]) -> String {
    for (_, value) in args {
        // A word that ends with one ("дн."), not punctuation alone ("." or "...", whose doubling is no typo).
        if let FluentValue::String(value) = value
            && value.ends_with('.')
            && value.trim_end_matches('.').chars().last().is_some_and(char::is_alphanumeric)
        {
            let doubled = format!("{value}.");
            if text.contains(&doubled) {
                text = text.replace(&doubled, value);
            }
        }
    }
    text
}

impl Tr {
    fn new(locale: Locale) -> Self {
        let lang = locale.code().parse().expect("a locale code is a language identifier");
        let mut bundle = FluentBundle::new_concurrent(vec![lang]);
        // Isolation marks would reach the report as bidi controls, which its escaping disarms.
        bundle.set_use_isolating(false);
        bundle.set_formatter(Some(match locale {
            Locale::En => format_en,
            Locale::Ru => format_ru,
        }));
        // The tables are part of the binary and their syntax is checked by a test.
        let resource = FluentResource::try_new(locale.source().to_string()).unwrap_or_else(|(resource, _)| resource);
        bundle.add_resource_overriding(resource);
        Tr { locale, bundle }
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The message `id` with `args`; a message this locale lacks comes from English, and one no table has
    /// shows its id (tests make sure neither happens).
    pub fn message(&self, id: &str, args: &[(&str, Value<'_>)]) -> String {
        match self.try_message(id, args) {
            Ok(text) => text,
            Err(error) => {
                debug_assert!(false, "{error}");
                match self.locale {
                    Locale::En => id.to_string(),
                    _ => Locale::En.tr().message(id, args),
                }
            }
        }
    }

    /// The message `id` with `args`, or what is wrong: no such message, or an argument it needs is missing.
    pub fn try_message(&self, id: &str, args: &[(&str, Value<'_>)]) -> Result<String, String> {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return Err(format!("no message `{id}` in locale {}", self.locale));
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        match errors.first() {
            None => Ok(one_full_stop(text.into_owned(), args)),
            Some(error) => Err(format!("message `{id}` in locale {}: {error}", self.locale)),
        }
    }

    /// A text in this locale.
    pub fn render(&self, text: &Text) -> String {
        match self.value(text) {
            FluentValue::String(text) => text.into_owned(),
            FluentValue::Number(n) => self.num(n.value),
            _ => String::new(),
        }
    }

    fn value(&self, text: &Text) -> Value<'static> {
        FluentValue::from(match text {
            Text::Given(text) => text.clone(),
            Text::Num(n) => return FluentValue::from(*n),
            Text::Pct { pct } => self.pct(*pct),
            Text::Date { date } => self.date(*date),
            Text::Message { id, args } => {
                let args: Vec<(&str, Value<'_>)> =
                    args.iter().map(|(name, arg)| (name.as_str(), self.value(arg))).collect();
                self.message(id, &args)
            }
            Text::Join { join, sep } => join.iter().map(|t| self.render(t)).collect::<Vec<_>>().join(sep),
            Text::Fill { fill, vars } => fill_placeholders(fill, |name| vars.get(name).map(|v| self.render(v))),
        })
    }

    /// A number for people: no trailing zeros, at most two decimals, the locale's decimal separator.
    pub fn num(&self, value: f64) -> String {
        number(self.locale, value)
    }

    /// [`Tr::num`], or "n/a" for a value that could not be had.
    pub fn num_or_na(&self, value: Option<f64>) -> String {
        value.map_or_else(|| crate::t!(self, "n-a"), |v| self.num(v))
    }

    /// A change: "+2.5", "-1", "0", or "n/a".
    pub fn signed(&self, delta: Option<f64>) -> String {
        match delta {
            Some(d) if d > 0.0 => format!("+{}", self.num(d)),
            other => self.num_or_na(other),
        }
    }

    /// A share in [0, 1] as a whole percentage.
    /// A share as a whole percentage; never "100 %" for less than all, nor "0 %" for more than none (99.9 %
    /// and 0.2 % keep a decimal), so a share printed beside a target of 100 % reads as it is judged.
    pub fn pct(&self, share: f64) -> String {
        const EXACT: f64 = 1e-9;
        let percent = share * 100.0;
        let rounded = percent.round();
        let shown = if rounded >= 100.0 && percent < 100.0 - EXACT {
            ((percent * 10.0).floor() / 10.0).min(99.9)
        } else if rounded <= 0.0 && percent > EXACT {
            ((percent * 10.0).ceil() / 10.0).max(0.1)
        } else {
            rounded
        };
        format!("{} %", self.num(shown))
    }

    /// "1 November 2026" / "1 ноября 2026".
    pub fn date(&self, date: NaiveDate) -> String {
        crate::t!(self, "date-long", day = date.day(), month = date.month(), year = date.year())
    }

    /// A month of the form `2026-11` as "Nov 2026" / "нояб. 2026"; anything else as it is.
    pub fn month(&self, month: &str) -> String {
        match NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d") {
            Ok(date) => crate::t!(self, "month-short", month = date.month(), year = date.year()),
            Err(_) => month.to_string(),
        }
    }

    /// A date of the form `2026-11-01` as [`Tr::date`]; anything else as it is.
    pub fn date_text(&self, text: &str) -> String {
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) => self.date(date),
            Err(_) => text.to_string(),
        }
    }
}

/// Replaces `{name}` in `template` with what `var` gives for it; other braces stay as they are.
pub(crate) fn fill_placeholders(template: &str, var: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}').and_then(|end| Some((var(&after[..end])?, end))) {
            Some((value, end)) => {
                out.push_str(&value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Numbers inside messages get the same format as [`Tr::num`].
fn format_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(number(Locale::En, n.value)),
        _ => None,
    }
}

fn format_ru<M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(number(Locale::Ru, n.value)),
        _ => None,
    }
}

fn number(locale: Locale, value: f64) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let text = if text == "-0" { "0" } else { text };
    match locale.decimal() {
        '.' => text.to_string(),
        separator => text.replace('.', &separator.to_string()),
    }
}

/// Numbers as the command line and config messages show them (English: a decimal point, as TOML takes them).
pub fn fmt_num(value: f64) -> String {
    Locale::En.tr().num(value)
}

/// A share in [0, 1] as a whole percentage, for the command line.
pub fn fmt_pct(share: f64) -> String {
    Locale::En.tr().pct(share)
}

#[cfg(test)]
mod pct_tests {
    use super::Locale;

    #[test]
    fn a_share_short_of_all_never_prints_as_100_percent() {
        let tr = Locale::En.tr();
        assert_eq!(tr.pct(0.999), "99.9 %");
        assert_eq!(tr.pct(0.9996), "99.9 %");
        assert_eq!(tr.pct(1.0), "100 %");
        assert_eq!(tr.pct(0.002), "0.2 %");
        assert_eq!(tr.pct(0.0), "0 %");
        assert_eq!(tr.pct(0.314), "31 %");
        assert_eq!(tr.pct(0.1 + 0.2), "30 %");
        assert_eq!(Locale::Ru.tr().pct(0.999), "99,9 %");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_locale() {
        let (en, ru) = (Locale::En.tr(), Locale::Ru.tr());
        assert_eq!(en.num(4.25), "4.25");
        assert_eq!(ru.num(4.25), "4,25");
        assert_eq!(ru.num(0.1 + 0.2), "0,3");
        assert_eq!(en.num(-0.001), "0");
        assert_eq!(en.num(3.0), "3");
        assert_eq!(ru.pct(0.314), "31 %");
        assert_eq!(en.num(f64::NAN), "—");
    }

    #[test]
    fn plural_forms_follow_the_locale() {
        let (en, ru) = (Locale::En.tr(), Locale::Ru.tr());
        let mentions = |tr: &Tr, n: usize| t!(tr, "report-mentions-headline", count = n, days = 90);
        assert_eq!(mentions(en, 1), "1 mention in the last 90 days.");
        assert_eq!(mentions(en, 2), "2 mentions in the last 90 days.");
        assert_eq!(mentions(en, 0), "0 mentions in the last 90 days.");
        assert_eq!(mentions(ru, 1), "1 упоминание за последние 90 дн.");
        assert_eq!(mentions(ru, 3), "3 упоминания за последние 90 дн.");
        assert_eq!(mentions(ru, 5), "5 упоминаний за последние 90 дн.");
        assert_eq!(mentions(ru, 11), "11 упоминаний за последние 90 дн.");
        assert_eq!(mentions(ru, 21), "21 упоминание за последние 90 дн.");
        assert_eq!(mentions(ru, 22), "22 упоминания за последние 90 дн.");
        // A fraction takes the "other" form in Russian, and its decimal comma.
        assert_eq!(t!(ru, "report-stars-count", stars = 4.5, count = 2), "4,5 звёзд: 2");
        assert_eq!(t!(ru, "report-stars-count", stars = 2, count = 7), "2 звезды: 7");
        assert_eq!(t!(en, "report-stars-count", stars = 1, count = 7), "1 star 7");
        // After "из" (of) Russian takes the genitive: singular after 1, 21 …, plural otherwise.
        let share = |total: usize| t!(ru, "site-pages-share", good = 1, total = total, share = "5 %");
        assert_eq!(share(21), "1 из 21 страницы (5 %)");
        assert_eq!(share(3), "1 из 3 страниц (5 %)");
        let heading = |stars: f64| t!(ru, "report-negatives-heading", stars = stars, days = 90);
        assert_eq!(heading(1.0), "Отзывы на 1 звезду и ниже без ответа за последние 90 дн.");
        assert_eq!(heading(2.0), "Отзывы на 2 звезды и ниже без ответа за последние 90 дн.");
    }

    #[test]
    fn an_argument_ending_with_a_full_stop_is_not_given_a_second() {
        let ru = Locale::Ru.tr();
        let trail = |yours: &str| t!(ru, "rival-trail-fix", rival = "Smile Pro", theirs = "0", yours = yours);
        assert_eq!(trail("3 за 90 дн."), "Smile Pro: 0; у вас: 3 за 90 дн.");
        assert_eq!(trail("3 шт"), "Smile Pro: 0; у вас: 3 шт.");
    }

    #[test]
    fn dates_follow_the_locale() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        assert_eq!(Locale::En.tr().date(date), "1 November 2026");
        assert_eq!(Locale::Ru.tr().date(date), "1 ноября 2026");
        assert_eq!(Locale::En.tr().month("2026-03"), "Mar 2026");
        assert_eq!(Locale::Ru.tr().month("2026-03"), "мар. 2026");
        assert_eq!(Locale::Ru.tr().month("soon"), "soon");
    }

    #[test]
    fn no_isolation_marks() {
        let text = t!(Locale::En.tr(), "report-title", business = "Bright Smile");
        assert!(!text.contains(|c| matches!(c, '\u{2066}'..='\u{2069}')), "{text:?}");
    }

    /// Message ids and the variables each uses, read from a table's source.
    fn table(locale: Locale) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
        let variable = regex::Regex::new(r"\$([a-z_0-9]+)").unwrap();
        let mut messages = std::collections::BTreeMap::new();
        let mut current: Option<String> = None;
        for line in locale.source().lines() {
            if let Some((id, _)) = line.split_once(" = ").filter(|(id, _)| !id.starts_with([' ', '#'])) {
                current = Some(id.to_string());
                messages.insert(id.to_string(), std::collections::BTreeSet::new());
            }
            if let Some(id) = &current {
                let vars = messages.get_mut(id).unwrap();
                vars.extend(variable.captures_iter(line).map(|c| c[1].to_string()));
            }
        }
        messages
    }

    #[test]
    fn every_table_parses_and_has_every_message_with_the_same_variables() {
        let english = table(Locale::En);
        assert!(english.len() > 250, "{} messages", english.len());
        for locale in Locale::ALL {
            if let Err((_, errors)) = FluentResource::try_new(locale.source().to_string()) {
                panic!("locales/{locale}.ftl does not parse: {errors:?}");
            }
            let other = table(locale);
            let missing: Vec<_> = english.keys().filter(|id| !other.contains_key(*id)).collect();
            let extra: Vec<_> = other.keys().filter(|id| !english.contains_key(*id)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "locales/{locale}.ftl: missing {missing:?}, extra {extra:?}"
            );
            for (id, vars) in &english {
                assert_eq!(&other[id], vars, "locales/{locale}.ftl: variables of `{id}`");
            }
        }
    }

    /// Every message id the code (the `t!` macro, `Tr::message`) and the templates (the `t` helper) name exists,
    /// and every message of the tables is used somewhere.
    #[test]
    fn every_message_the_code_and_templates_use_exists_and_every_message_is_used() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let uses =
            regex::Regex::new(r#"(?:t!\(\s*[\w.]+\s*,\s*|msg!\(\s*|message\(\s*|\{\{t |\(t )"([a-z0-9-]+)""#).unwrap();
        // Ids picked at run time: listed here so that they count as used.
        let dynamic = regex::Regex::new(
            r#""((?:md-headline|site-page-kb|metric-|rival-|verdict-|report-trend-|measure-)[a-z0-9-]*)""#,
        )
        .unwrap();
        let mut used = std::collections::BTreeSet::new();
        let mut files = vec![root.join("templates/report.hbs"), root.join("templates/touchpoint.hbs")];
        files.push(root.join("templates/portfolio.hbs"));
        let mut dirs = vec![root.join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        let english = table(Locale::En);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for id in uses.captures_iter(&text).chain(dynamic.captures_iter(&text)).map(|c| c[1].to_string()) {
                assert!(
                    english.contains_key(&id),
                    "{} uses message `{id}`, which locales/en.ftl lacks",
                    file.display()
                );
                used.insert(id);
            }
        }
        let unused: Vec<_> = english.keys().filter(|id| !used.contains(*id)).collect();
        assert!(unused.is_empty(), "messages no code or template uses: {unused:?}");
    }

    /// Every message with a count, rendered with 1, 2, 5 and 21 of it (the other values as text): English never
    /// says "1 pages", and every form renders in both languages.
    #[test]
    fn every_count_reads_in_the_singular_and_the_plural() {
        let plural = regex::Regex::new(
            r"\b1 (pages|reviews|mentions|figures|answers|hours|days|items|checks|points|problems|links|entries|rows|fixes|touchpoints|platforms|stars|replies|results|files|months)\b",
        )
        .unwrap();
        let mut wrong = Vec::new();
        for (id, vars) in table(Locale::En) {
            if !vars.iter().any(|v| v == "count") {
                continue;
            }
            for n in [1, 2, 5, 21] {
                for locale in Locale::ALL {
                    let args: Vec<(&str, Value)> = vars
                        .iter()
                        .map(|v| (v.as_str(), if v == "count" { Value::from(n) } else { Value::from("x") }))
                        .collect();
                    let text = locale.tr().try_message(&id, &args).unwrap_or_else(|e| panic!("{e}"));
                    if locale == Locale::En && n == 1 && plural.is_match(&text) {
                        wrong.push(format!("`{id}`: {text}"));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "plural text with 1:\n{}", wrong.join("\n"));
    }
}
