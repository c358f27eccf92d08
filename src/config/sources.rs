//! What audit.toml says about the evidence sources besides the site: review exports and pages, saved search
//! results, where each is (a file, a URL, a built-in rule file), and the checks of them made at load time.
//! The gather stage reads them; nothing here touches the network.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The smallest and largest rating scales there are (1-5 stars, 1-10 points, 0-100 %): a JSON-LD
/// `bestRating` of 1e-300 or 1e300 is a broken page, not a scale.
pub(crate) const MIN_SCALE: f64 = 1.0;
pub(crate) const MAX_SCALE: f64 = 100.0;

/// Selector rule files shipped with touchaudit, by the name audit.toml uses for them.
pub(crate) const PLATFORM_RULES: &[(&str, &str)] =
    &[("yandex-maps", include_str!("../../checklists/platforms/yandex-maps.toml"))];

/// The formats a `[[reviews]]` source can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Google Business Profile API `reviews.list` pages.
    Gbp,
    /// Apify's Google Maps reviews scraper, JSON or CSV.
    Apify,
    /// Outscraper's Google Maps reviews export, JSON or CSV.
    Outscraper,
    /// Any CSV with a column mapping.
    Csv,
    /// schema.org Review / AggregateRating in a page's JSON-LD.
    Jsonld,
    /// A platform page read with a selector rule file.
    Html,
    /// 2GIS's public reviews API pages (`reviews`, `meta.branch_rating`).
    #[serde(rename = "2gis")]
    TwoGis,
    /// Yandex Maps reviews: the open-source parser's JSON or the maps' own review JSON.
    Yandex,
}

impl Format {
    /// Every format, in the order `touchaudit init` lists them.
    pub fn all() -> impl Iterator<Item = Format> {
        std::iter::successors(Some(Format::Gbp), |format| format.next())
    }

    /// The format listed after this one. An arm per variant: a new format must take its place in the list.
    const fn next(self) -> Option<Format> {
        match self {
            Format::Gbp => Some(Format::Apify),
            Format::Apify => Some(Format::Outscraper),
            Format::Outscraper => Some(Format::TwoGis),
            Format::TwoGis => Some(Format::Yandex),
            Format::Yandex => Some(Format::Csv),
            Format::Csv => Some(Format::Jsonld),
            Format::Jsonld => Some(Format::Html),
            Format::Html => None,
        }
    }

    /// The name audit.toml gives it (`format = "2gis"`; a test holds each to serde's).
    pub fn name(self) -> &'static str {
        match self {
            Format::Gbp => "gbp",
            Format::Apify => "apify",
            Format::Outscraper => "outscraper",
            Format::TwoGis => "2gis",
            Format::Yandex => "yandex",
            Format::Csv => "csv",
            Format::Jsonld => "jsonld",
            Format::Html => "html",
        }
    }

    /// What it reads, in English and in Russian, for the audit.toml template.
    pub fn reads(self) -> (&'static str, &'static str) {
        match self {
            Format::Gbp => ("Business Profile API export", "выгрузка Google Business Profile API"),
            Format::Apify => ("Apify, JSON or CSV", "Apify, JSON или CSV"),
            Format::Outscraper => ("Outscraper, JSON or CSV", "Outscraper, JSON или CSV"),
            Format::TwoGis => ("2GIS reviews API pages", "API отзывов 2ГИС"),
            Format::Yandex => ("Yandex Maps reviews JSON", "отзывы Яндекс Карт (JSON)"),
            Format::Csv => ("any CSV, with `columns`", "любой CSV с `columns`"),
            Format::Jsonld => ("a page's JSON-LD reviews", "отзывы в JSON-LD страницы"),
            Format::Html => ("a saved page, with `rules`", "сохранённая страница с `rules`"),
        }
    }

    /// The platform an export of this format comes from, when the format says it. Every match on `Format`
    /// here lists each variant (no `_` arm): a new format makes the compiler name each place to decide.
    pub fn default_platform(self) -> Option<&'static str> {
        match self {
            Format::Gbp | Format::Apify | Format::Outscraper => Some("Google"),
            Format::TwoGis => Some("2GIS"),
            Format::Yandex => Some("Yandex Maps"),
            Format::Csv | Format::Jsonld | Format::Html => None,
        }
    }

    /// A table of reviews (CSV, or JSON records) read through a column mapping: `columns`, `delimiter` and
    /// `scale` apply.
    pub fn is_table(self) -> bool {
        match self {
            Format::Csv | Format::Apify | Format::Outscraper => true,
            Format::Gbp | Format::Jsonld | Format::Html | Format::TwoGis | Format::Yandex => false,
        }
    }

    /// Read with a selector rule file (`rules`).
    pub fn takes_rules(self) -> bool {
        match self {
            Format::Html => true,
            Format::Gbp | Format::Apify | Format::Outscraper | Format::Csv | Format::Jsonld | Format::TwoGis => false,
            Format::Yandex => false,
        }
    }

    /// Carries the place's "People also search for", which seeds rivals (`rivals = N`).
    pub fn seeds_rivals(self) -> bool {
        match self {
            Format::Apify => true,
            Format::Gbp | Format::Outscraper | Format::Csv | Format::Jsonld | Format::Html | Format::TwoGis => false,
            Format::Yandex => false,
        }
    }

    /// The names of the formats that `keep` holds for, as a message lists them: "`csv`, `apify`, `outscraper`".
    pub fn names_where(keep: impl Fn(Format) -> bool) -> String {
        Format::all().filter(|f| keep(*f)).map(|f| format!("`{}`", f.name())).collect::<Vec<_>>().join(", ")
    }
}

/// Column (or JSON field) names of a review export; unset ones take the format's preset.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    pub id: Option<String>,
    pub platform: Option<String>,
    pub author: Option<String>,
    pub rating: Option<String>,
    pub date: Option<String>,
    pub text: Option<String>,
    pub reply: Option<String>,
    pub reply_date: Option<String>,
    pub link: Option<String>,
}

impl Columns {
    /// The columns named, with the key each is named for.
    pub fn named(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("id", &self.id),
            ("platform", &self.platform),
            ("author", &self.author),
            ("rating", &self.rating),
            ("date", &self.date),
            ("text", &self.text),
            ("reply", &self.reply),
            ("reply_date", &self.reply_date),
            ("link", &self.link),
        ]
        .into_iter()
        .filter_map(|(key, name)| Some((key, name.as_deref()?)))
    }
}

/// A `[[reviews]]` entry of audit.toml, checked at load time.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewSource {
    pub platform: Option<String>,
    pub location: Location,
    pub format: Format,
    /// The selector rule file of an `html` source, resolved.
    pub rules: Option<Location>,
    /// The rating scale of a CSV source (5 or 10; "x/y" values carry their own).
    pub scale: f64,
    pub delimiter: Option<u8>,
    pub columns: Columns,
    /// Rivals to seed from the export's "People also search for" (`rivals = N`; 0: none).
    pub seed_rivals: usize,
}

/// A file (resolved against the audit file, named as the user wrote it), a URL, a file shipped in the binary,
/// or a platform's API read when the audit runs (`source = "apify"`).
#[derive(Debug, Clone, PartialEq)]
pub enum Location {
    File { path: PathBuf, name: String },
    Url(String),
    Builtin { name: String, text: &'static str },
    Live(LiveSource),
}

impl Location {
    pub fn name(&self) -> &str {
        match self {
            Location::File { name, .. } | Location::Builtin { name, .. } => name,
            Location::Url(url) => url,
            Location::Live(live) => &live.name,
        }
    }
}

/// The most reviews one live source reads unless its `max_items` says otherwise.
pub(crate) const MAX_LIVE_ITEMS: usize = 20_000;
/// The most a `max_items` may be raised to.
pub(crate) const MAX_LIVE_ITEMS_CAP: usize = 1_000_000;

/// The platform APIs a `[[reviews]]` source can read live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Api {
    #[serde(rename = "apify")]
    Apify,
    #[serde(rename = "gbp")]
    Gbp,
    #[serde(rename = "outscraper")]
    Outscraper,
    #[serde(rename = "2gis")]
    TwoGis,
}

impl Api {
    pub const ALL: [Api; 4] = [Api::Apify, Api::Gbp, Api::Outscraper, Api::TwoGis];

    /// The name audit.toml gives it (`source = "2gis"`).
    pub fn name(self) -> &'static str {
        match self {
            Api::Apify => "apify",
            Api::Gbp => "gbp",
            Api::Outscraper => "outscraper",
            Api::TwoGis => "2gis",
        }
    }

    /// The file format its answers are, read by the same reader as an export file.
    pub fn format(self) -> Format {
        match self {
            Api::Apify => Format::Apify,
            Api::Gbp => Format::Gbp,
            Api::Outscraper => Format::Outscraper,
            Api::TwoGis => Format::TwoGis,
        }
    }

    /// What it is called in messages.
    pub fn title(self) -> &'static str {
        match self {
            Api::Apify => "Apify",
            Api::Gbp => "Google Business Profile",
            Api::Outscraper => "Outscraper",
            Api::TwoGis => "2GIS",
        }
    }
}

/// What a live source reads: one of the targets its API has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The newest successful run of a saved Apify task (`task = "user~task"`).
    ApifyTask(String),
    /// The newest successful run of an Apify actor (`actor = "compass~crawler-google-places"`).
    ApifyActor(String),
    /// One Apify dataset (`dataset = "id"`).
    ApifyDataset(String),
    /// A Business Profile location (`location = "accounts/1/locations/2"`).
    GbpLocation { account: String, location: String },
    /// An Outscraper Google Maps query (a place id, a Maps URL or a name and city).
    OutscraperQuery(String),
    /// A 2GIS branch id.
    TwoGisBranch(String),
}

/// A `[[reviews]]` source read from a platform's API when the audit runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveSource {
    pub api: Api,
    pub target: Target,
    /// How it is named in the report and the saved evidence ("apify task janedoe~reviews").
    pub name: String,
    /// The most reviews (items) read from it.
    pub max_items: usize,
}

impl LiveSource {
    /// The source from its `[[reviews]]` keys: `source` and the one target key its API takes.
    pub fn new(api: &str, keys: [(&str, Option<&str>); 6], max_items: Option<usize>) -> Result<LiveSource, String> {
        let api = Api::ALL.iter().copied().find(|a| a.name() == api).ok_or_else(|| {
            let names = Api::ALL.iter().map(|a| format!("`{}`", a.name())).collect::<Vec<_>>().join(", ");
            format!("`source` = `{api}` is not a live source: one of {names} (or give `file` for an export)")
        })?;
        let takes: &[&str] = match api {
            Api::Apify => &["task", "actor", "dataset"],
            Api::Gbp => &["location"],
            Api::Outscraper => &["query"],
            Api::TwoGis => &["branch"],
        };
        let given: Vec<(&str, &str)> =
            keys.iter().filter_map(|(k, v)| Some((*k, (*v)?.trim()))).filter(|(_, v)| !v.is_empty()).collect();
        if let Some((key, _)) = given.iter().find(|(k, _)| !takes.contains(k)) {
            return Err(format!("`{key}` is not for `source = \"{}\"`: it takes {}", api.name(), or_list(takes)));
        }
        let [(key, value)] = given[..] else {
            return Err(format!("`source = \"{}\"` needs one of {}", api.name(), or_list(takes)));
        };
        let plain = |v: &str| {
            if v.chars().all(|c| c.is_ascii_alphanumeric() || "~_-.".contains(c)) {
                Ok(v.to_string())
            } else {
                Err(format!("`{key}` = `{v}`: letters, digits and ~ _ - . only"))
            }
        };
        let target = match (api, key) {
            (Api::Apify, "task") => Target::ApifyTask(plain(&value.replace('/', "~"))?),
            (Api::Apify, "actor") => Target::ApifyActor(plain(&value.replace('/', "~"))?),
            (Api::Apify, _) => Target::ApifyDataset(plain(value)?),
            (Api::Gbp, _) => {
                let parts: Vec<&str> = value.split('/').collect();
                match parts[..] {
                    ["accounts", account, "locations", location]
                        if [account, location]
                            .iter()
                            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) =>
                    {
                        Target::GbpLocation { account: account.into(), location: location.into() }
                    }
                    _ => return Err(format!("`location` = `{value}` must be `accounts/NUMBER/locations/NUMBER`")),
                }
            }
            (Api::Outscraper, _) => Target::OutscraperQuery(value.to_string()),
            (Api::TwoGis, _) => {
                if !value.chars().all(|c| c.is_ascii_digit()) {
                    return Err(format!("`branch` = `{value}` must be the branch's number (from its 2GIS link)"));
                }
                Target::TwoGisBranch(value.to_string())
            }
        };
        let max_items = max_items.unwrap_or(MAX_LIVE_ITEMS);
        if !(1..=MAX_LIVE_ITEMS_CAP).contains(&max_items) {
            return Err(format!(
                "`max_items` = {max_items} must be from 1 to {MAX_LIVE_ITEMS_CAP} (MAX_LIVE_ITEMS_CAP)"
            ));
        }
        Ok(LiveSource { api, name: format!("{} {key} {value}", api.name()), target, max_items })
    }

    /// The file stem its evidence is saved under: the name with anything but letters and digits as `-`.
    pub fn key(&self) -> String {
        let key = file_stem(&self.name);
        // Long queries are cut, and told apart by a hash of the whole name.
        if key.len() > 60 {
            let hash = self
                .name
                .bytes()
                .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
            format!("{}-{:08x}", &key[..48], hash as u32)
        } else {
            key
        }
    }
}

/// `text` as a file stem: lower-case ASCII letters and digits, every other run of characters one `-`.
pub(crate) fn file_stem(text: &str) -> String {
    let mut stem = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c.to_ascii_lowercase());
        } else if !stem.ends_with('-') {
            stem.push('-');
        }
    }
    stem.trim_matches('-').to_string()
}

/// "`task`, `actor` or `dataset`".
fn or_list(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// `[serm]` of audit.toml, checked at load time.
#[derive(Debug, Clone, PartialEq)]
pub struct SermSource {
    pub file: Location,
    /// URL prefixes of the business's own profiles besides its site (social pages, listings it runs).
    pub own: Vec<String>,
}

/// JSON records looked at for their keys by [`column_names`] (the first ones; exports are uniform).
const RECORDS_FOR_COLUMNS: usize = 1000;

/// The column names of a table export: a CSV's header, or the keys of a JSON table's first records
/// (Outscraper's nested `reviews_data` included), so a `columns` mapping can be checked before reading.
pub(crate) fn column_names(text: &str, delimiter: Option<u8>) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        let Ok(value) = serde_json::from_str::<Value>(text) else { return Vec::new() };
        let items = match &value {
            Value::Array(items) => items.iter().collect(),
            object => vec![object],
        };
        let mut names: Vec<String> = Vec::new();
        let records = items.iter().flat_map(|item| match item.get("reviews_data").and_then(Value::as_array) {
            Some(nested) => nested.iter().collect(),
            None => vec![*item],
        });
        for record in records.take(RECORDS_FOR_COLUMNS) {
            for key in record.as_object().into_iter().flat_map(|o| o.keys()) {
                if !names.contains(key) {
                    names.push(key.clone());
                }
            }
        }
        return names;
    }
    crate::config::survey::csv_header(text, delimiter)
}

#[cfg(test)]
mod listed_tests {
    use super::*;

    #[test]
    fn the_listed_formats_are_every_format_by_the_name_audit_toml_reads() {
        #[derive(Deserialize)]
        struct One {
            format: Format,
        }
        let listed: Vec<Format> = Format::all().collect();
        for format in &listed {
            let name = format.name();
            let read: One = toml::from_str(&format!("format = \"{name}\"")).unwrap();
            assert_eq!(read.format, *format, "{name}");
        }
        // Every variant is in the list: a new one fails to compile here until it is named, then fails here
        // until `next` places it.
        for format in [
            Format::Gbp,
            Format::Apify,
            Format::Outscraper,
            Format::Csv,
            Format::Jsonld,
            Format::Html,
            Format::TwoGis,
            Format::Yandex,
        ] {
            assert!(listed.contains(&format), "{format:?} is not listed");
            match format {
                Format::Gbp
                | Format::Apify
                | Format::Outscraper
                | Format::Csv
                | Format::Jsonld
                | Format::Html
                | Format::TwoGis
                | Format::Yandex => {}
            }
        }
        let distinct: std::collections::BTreeSet<String> = listed.iter().map(|f| format!("{f:?}")).collect();
        assert_eq!(distinct.len(), listed.len(), "each format once");
    }
}
