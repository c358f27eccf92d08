//! Brand search results (SERM): a saved export of what a search for the business's name shows, each result
//! classed as the business's own, positive, neutral or negative.
//!
//! Search engines forbid automated queries, so touchaudit reads an export the consultant saved (any SEO tool's
//! CSV, or one written by hand): one row per result with its position, title, URL and snippet.

use serde::{Deserialize, Serialize};
use url::Url;

use super::reviews::Location;
use crate::config::Files;
use crate::config::lexicon::{Lexicon, Tone};
pub(crate) use crate::config::sources::SermSource;
use crate::i18n::Text;
use crate::msg;

/// What a result is to the business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Its site or one of its own profiles.
    Own,
    Positive,
    Neutral,
    Negative,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResult {
    pub position: u32,
    pub title: String,
    pub url: String,
    pub snippet: String,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SermFacts {
    pub file: String,
    /// By position.
    pub results: Vec<SearchResult>,
    /// Rows that could not be used, with their line.
    pub problems: Vec<Text>,
}

fn host_path(url: &str) -> Option<(String, String)> {
    let url = Url::parse(url.trim()).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    Some((host.trim_start_matches("www.").to_string(), url.path().trim_end_matches('/').to_string()))
}

/// Own when the result is on the business's site, or under one of its own profile URLs.
fn is_own(url: &str, site: Option<&str>, own: &[String]) -> bool {
    let Some((host, path)) = host_path(url) else { return false };
    let on_site = site.and_then(host_path).is_some_and(|(site_host, _)| site_host == host);
    on_site
        || own.iter().filter_map(|o| host_path(o)).any(|(own_host, own_path)| {
            own_host == host && (path == own_path || path.starts_with(&format!("{own_path}/")))
        })
}

/// Reads the export: a CSV with `position`, `title`, `url` and `snippet` columns (any order and case;
/// `description` is read as the snippet), sorted by position.
pub(crate) fn gather(
    source: &SermSource,
    files: Files,
    (site, lexicon): (Option<&str>, &Lexicon),
) -> Result<SermFacts, Text> {
    let name = source.file.name().to_string();
    let bytes = match &source.file {
        Location::File { path, .. } => files.read_bytes(path).map_err(|e| Text::at(name.to_string(), e))?,
        other => return Err(msg!("in-serm-not-file", name = other.name())),
    };
    let text = super::text_file(bytes, &name)?;
    // The guessed separators are all ASCII.
    let delimiter = crate::config::survey::guess_delimiter(&text) as u8;
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| msg!("in-no-header", name = name.as_str(), error = e.to_string()))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let column = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let (Some(url_at), Some(title_at)) = (column(&["url", "link"]), column(&["title"])) else {
        return Err(msg!("in-serm-columns", name = name, header = header.join(", ")));
    };
    let position_at = column(&["position", "rank"]);
    let snippet_at = column(&["snippet", "description"]);
    let mut facts = SermFacts { file: name.clone(), ..SermFacts::default() };
    for (row_number, row) in reader.records().enumerate() {
        let line = row.as_ref().ok().and_then(|r| r.position()).map_or(row_number + 2, |p| p.line() as usize);
        let at_line = |problem: Text| msg!("in-line", name = name.as_str(), line = line, problem = problem);
        let row = row.map_err(|e| at_line(e.to_string().into()))?;
        if let Some(rows) = crate::config::survey::swallowed_rows(&row, delimiter, header.len()) {
            return Err(msg!("in-open-quote", name = name.as_str(), line = line, rows = rows));
        }
        let cell = |at: Option<usize>| at.and_then(|i| row.get(i)).map(str::trim).unwrap_or("").to_string();
        let url = cell(Some(url_at));
        if url.is_empty() || Url::parse(&url).is_err() {
            facts.problems.push(at_line(msg!("in-not-a-url", url = url)));
            continue;
        }
        let position = match position_at {
            Some(_) => match cell(position_at).parse::<u32>() {
                Ok(p) if p > 0 => p,
                _ => {
                    facts.problems.push(at_line(msg!("in-bad-position", position = cell(position_at))));
                    continue;
                }
            },
            None => u32::try_from(facts.results.len() + 1).unwrap_or(u32::MAX),
        };
        let (title, snippet) = (cell(Some(title_at)), cell(snippet_at));
        let kind = if is_own(&url, site, &source.own) {
            Kind::Own
        } else {
            match lexicon.listed_tone(&format!("{title}. {snippet}")) {
                Tone::Positive => Kind::Positive,
                Tone::Neutral => Kind::Neutral,
                Tone::Negative => Kind::Negative,
            }
        };
        facts.results.push(SearchResult { position, title, url, snippet, kind });
    }
    if facts.results.is_empty() {
        return Err(msg!("in-serm-empty", name = name));
    }
    facts.results.sort_by_key(|r| r.position);
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_classed_own_positive_neutral_negative() {
        let csv = "Position,Title,URL,Description\n\
            2,Bright Smile on Facebook,https://facebook.com/brightsmile/posts,Our news\n\
            1,Bright Smile Dental,https://www.brightsmile.example/,Family dentist\n\
            3,Rude reception at Bright Smile?,https://forum.example/t/1,Terrible experience\n\
            4,Best dentists in town,https://guide.example/best,Friendly and professional\n\
            5,Bright Smile Dental - Maps,https://maps.example/place/1,Opening hours\n\
            6,broken,not a url,\n";
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("serp.csv"), csv).unwrap();
        let source = SermSource {
            file: Location::File { path: dir.path().join("serp.csv"), name: "serp.csv".into() },
            own: vec!["https://facebook.com/brightsmile".into()],
        };
        let lexicon = Lexicon::builtin().unwrap();
        let site = Some("http://brightsmile.example/");
        let facts = gather(&source, Files::Disk, (site, &lexicon)).unwrap();
        let kinds: Vec<Kind> = facts.results.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [Kind::Own, Kind::Own, Kind::Negative, Kind::Positive, Kind::Neutral]);
        assert_eq!(facts.problems, ["serp.csv line 7: `not a url` is not a URL"]);
        assert!(!is_own("https://facebook.com/brightsmileshop", None, &source.own), "a prefix of another page");
    }
}
