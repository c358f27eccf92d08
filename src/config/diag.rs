//! Turning positions and parse errors in input files into diagnostics: line/column, nearest-name suggestions.

use std::ops::Range;
use std::path::Path;

use crate::error::Diagnostic;

/// 1-based line and column (in characters) of a byte offset in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Diagnostics at places in one file: its lines are indexed once, at the first problem, so a file with
/// thousands of problems is not scanned from its start for each.
pub(crate) struct Places<'a> {
    file: &'a Path,
    text: &'a str,
    line_starts: std::cell::OnceCell<Vec<usize>>,
}

impl<'a> Places<'a> {
    pub(crate) fn new(file: &'a Path, text: &'a str) -> Self {
        Places { file, text, line_starts: std::cell::OnceCell::new() }
    }

    /// 1-based line and column (in characters) of a byte offset, as [`line_col`].
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let starts = self
            .line_starts
            .get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect());
        let offset = offset.min(self.text.len());
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        (line, self.text.get(start..offset).map_or(1, |before| before.chars().count() + 1))
    }

    /// A diagnostic at a byte span of the file.
    pub(crate) fn at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.file, Some(self.line_col(span.start)), message)
    }
}

/// The candidate closest to `wrong`, if it is close enough to be what the user meant.
pub(crate) fn nearest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(&wrong_lower, &candidate.to_lowercase()), candidate))
        .filter(|(similarity, _)| *similarity >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

/// "did you mean `x`?" for the nearest candidate, if any.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    nearest(wrong, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The most names a message lists (a file's columns, say); the rest are counted.
pub(crate) const MAX_LISTED_NAMES: usize = 30;

/// The longest a listed name is shown, in characters.
const MAX_LISTED_NAME_CHARS: usize = 60;

/// Names for a message: "a, b, c", at most [`MAX_LISTED_NAMES`] of them, each cut to a readable length,
/// then "… and 39,970 more" (a CSV view with 40,000 columns gets a line, not a megabyte).
pub(crate) fn listed(names: &[String]) -> String {
    let mut shown: Vec<String> = names
        .iter()
        .take(MAX_LISTED_NAMES)
        .map(|name| match name.char_indices().nth(MAX_LISTED_NAME_CHARS) {
            Some((cut, _)) => format!("{}…", &name[..cut]),
            None => name.clone(),
        })
        .collect();
    if names.len() > MAX_LISTED_NAMES {
        shown.push(format!("… and {} more", names.len() - MAX_LISTED_NAMES));
    }
    shown.join(", ")
}

/// A diagnostic at a byte span of a file's text.
pub(crate) fn at(file: &Path, text: &str, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(file, Some(line_col(text, span.start)), message)
}

/// A TOML syntax or schema error as a diagnostic, with the key named and a suggestion for unknown keys.
pub(crate) fn from_toml(file: &Path, text: &str, error: &toml::de::Error) -> Diagnostic {
    let position = error.span().map(|span| line_col(text, span.start));
    let message = error.message().trim().replace('\n', " ");
    let key = error.span().and_then(|span| key_of_value(text, span.start));
    let mut help = None;
    let mut message = match key {
        Some(key) if !message.contains(key) => format!("{message} (key `{key}`)"),
        _ => message,
    };
    // "duplicate key" alone: name the key (or table) written twice, as it stands at the error's place.
    if message == "duplicate key"
        && let Some(twice) = error.span().and_then(|span| duplicate_at(text, span.start))
    {
        message = if twice.starts_with('[') {
            format!("the table `{twice}` is written twice; merge the two into one")
        } else {
            format!("duplicate key `{twice}`: it is written twice; keep one")
        };
    }
    // A date written as people write it ("15.11.2026", "11/11/2026", "2026-11-15" in quotes) gets the one
    // form TOML reads as a date.
    let line_key = error.span().and_then(|span| key_of_line(text, span.start));
    if line_key.is_some_and(|k| DATE_KEYS.contains(&k)) || error.message().contains("expected a TOML datetime") {
        help = Some("write dates as 2026-11-15 (year-month-day, without quotes)".to_string());
    }
    if let Some((unknown, expected)) = parse_unknown_field(error.message()) {
        help = did_you_mean(&unknown, expected.iter().map(String::as_str));
        if help.is_none() && !expected.is_empty() {
            message = format!("unknown key `{unknown}`; valid keys here: {}", expected.join(", "));
        }
    }
    Diagnostic::new(file, position, message).with_help(help)
}

/// The key or table header at `offset` (`name = "Y"` → `name`, `[business]` → `[business]`).
fn duplicate_at(text: &str, offset: usize) -> Option<String> {
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?.trim();
    if line.starts_with('[') {
        return line.find(']').map(|end| line[..=end].trim_end_matches(']').to_string() + "]").filter(|h| h.len() > 2);
    }
    let key = line.split_once('=')?.0.trim();
    (!key.is_empty()).then(|| key.to_string())
}

/// The keys whose values are dates.
const DATE_KEYS: [&str; 2] = ["as_of", "assessed"];

/// The key assigned on the line that holds `offset` (`as_of = 15.11.2026` → `as_of`, wherever in the value
/// the parser stopped).
fn key_of_line(text: &str, offset: usize) -> Option<&str> {
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    let key = &key[key.rfind(|c: char| c == '{' || c == ',' || c == '.' || c.is_whitespace()).map_or(0, |i| i + 1)..];
    Some(key.trim_matches('"')).filter(|k| !k.is_empty())
}

/// The key a value at `offset` is assigned to (`max_pages = "many"` → `max_pages`), if the offset is a value.
fn key_of_value(text: &str, offset: usize) -> Option<&str> {
    let before = text.get(..offset)?;
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let assignment = line.trim_end().strip_suffix('=')?.trim_end();
    let start = assignment.rfind(|c: char| c == '{' || c == ',' || c.is_whitespace()).map_or(0, |i| i + 1);
    Some(&assignment[start..]).filter(|k| !k.is_empty())
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a` or `b`").
fn parse_unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, rest) = rest.split_once('`')?;
    let expected = rest.split('`').skip(1).step_by(2).map(str::to_string).collect();
    Some((unknown.to_string(), expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_of_names_are_cut_and_counted() {
        let few: Vec<String> = ["a", "b"].map(String::from).to_vec();
        assert_eq!(listed(&few), "a, b");
        let many: Vec<String> = (0..40_000).map(|i| format!("reviewImageUrls/{i}")).collect();
        let shown = listed(&many);
        assert!(shown.starts_with("reviewImageUrls/0, ") && shown.ends_with(", … and 39970 more"), "{shown}");
        assert!(shown.len() < 1_000);
        let long = vec!["x".repeat(10_000)];
        assert_eq!(listed(&long).chars().count(), MAX_LISTED_NAME_CHARS + 1);
    }

    #[test]
    fn line_and_column_are_one_based() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 9), (2, 4));
        assert_eq!(line_col(text, 999), (3, 1));
        // The indexed form agrees everywhere, past multi-byte letters too.
        let text = "name = \"Кафе\"\n\nб = 2\nlast";
        let places = Places::new(Path::new("x.toml"), text);
        for offset in (0..=text.len() + 3).filter(|&o| o > text.len() || text.is_char_boundary(o)) {
            assert_eq!(places.line_col(offset), line_col(text, offset), "at {offset}");
        }
    }

    #[test]
    fn suggests_the_nearest_name_only_when_close() {
        let ids = ["staff.politeness", "staff.standards", "office.atmosphere"];
        assert_eq!(nearest("staff.polite", ids), Some("staff.politeness"));
        assert_eq!(nearest("Staff.Standard", ids), Some("staff.standards"));
        assert_eq!(nearest("zzz", ids), None);
    }

    #[test]
    fn finds_the_key_of_a_value() {
        let text = "[crawl]\nmax_pages = \"many\"\nx = { a = 1, bb = \"q\" }\n";
        assert_eq!(key_of_value(text, text.find("\"many").unwrap()), Some("max_pages"));
        assert_eq!(key_of_value(text, text.find("\"q").unwrap()), Some("bb"));
        assert_eq!(key_of_value(text, 0), None);
    }

    #[test]
    fn reads_serde_unknown_field_messages() {
        let (unknown, expected) =
            parse_unknown_field("unknown field `sitee`, expected one of `name`, `site`, `locale`").unwrap();
        assert_eq!(unknown, "sitee");
        assert_eq!(expected, ["name", "site", "locale"]);
        let (_, expected) = parse_unknown_field("unknown field `x`, expected `score` or `note`").unwrap();
        assert_eq!(expected, ["score", "note"]);
    }
}
