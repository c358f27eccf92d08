//! Mentions: RSS 2.0 and Atom feeds (news alerts, social or forum feeds), each entry with its date, link and
//! tone from the lexicon.

use chrono::{DateTime, NaiveDate, Utc};
use quick_xml::events::Event;
use serde::{Deserialize, Serialize};

use super::reviews::metrics::{DAYS_PER_MONTH, in_window};
use super::reviews::{Location, Web, parse};
use crate::config::Files;
use crate::config::lexicon::{Lexicon, Tone};
use crate::gather::reviews::ReadLocation;
use crate::i18n::Text;
use crate::msg;

/// One mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub title: String,
    pub link: Option<String>,
    pub summary: Option<String>,
    pub published: DateTime<Utc>,
    pub tone: Tone,
    /// The feed it came from.
    pub feed: String,
}

/// What one feed gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedReport {
    pub feed: String,
    pub entries: usize,
    pub problems: Vec<Text>,
    pub error: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MentionFacts {
    pub mentions: Vec<Mention>,
    pub feeds: Vec<FeedReport>,
}

impl MentionFacts {
    /// Mentions published in the `days` before the audit date (and not after it).
    pub fn within(&self, as_of: NaiveDate, days: u32) -> impl Iterator<Item = &Mention> {
        self.mentions.iter().filter(move |m| in_window(m.published.date_naive(), as_of, Some(days)))
    }

    /// Mentions per month in the window.
    pub fn per_month(&self, as_of: NaiveDate, days: u32) -> f64 {
        self.within(as_of, days).count() as f64 / (f64::from(days.max(1)) / DAYS_PER_MONTH)
    }
}

/// Reads every feed; fails only when none gave a mention.
pub(crate) fn gather(feeds: &[Location], files: Files, web: &Web, lexicon: &Lexicon) -> Result<MentionFacts, Text> {
    let mut facts = MentionFacts::default();
    for feed in feeds {
        let name = feed.name().to_string();
        let mut report = FeedReport { feed: name.clone(), entries: 0, problems: Vec::new(), error: None };
        match feed.read(files, web).and_then(|bytes| parse_feed(&bytes, &name)) {
            Ok(entries) => {
                for entry in entries {
                    match entry {
                        Ok(raw) => {
                            let text = format!("{} {}", raw.title, raw.summary.as_deref().unwrap_or(""));
                            facts.mentions.push(Mention {
                                tone: lexicon.tone(&text),
                                title: raw.title,
                                link: raw.link,
                                summary: raw.summary,
                                published: raw.published,
                                feed: name.clone(),
                            });
                            report.entries += 1;
                        }
                        Err(problem) => report.problems.push(problem),
                    }
                }
                if report.entries == 0 {
                    report.error = Some(msg!("in-feed-empty", name = name.as_str()));
                }
            }
            Err(e) => report.error = Some(e),
        }
        facts.feeds.push(report);
    }
    if facts.mentions.is_empty() {
        let errors = facts.feeds.iter().filter_map(|f| f.error.clone());
        return Err(msg!("in-no-mention-read", errors = Text::join(errors, "; ")));
    }
    facts.mentions.sort_by(|a, b| (a.published, &a.feed, &a.title).cmp(&(b.published, &b.feed, &b.title)));
    Ok(facts)
}

#[derive(Debug)]
struct RawEntry {
    title: String,
    link: Option<String>,
    summary: Option<String>,
    published: DateTime<Utc>,
}

/// The entries of an RSS `<item>` list or an Atom `<entry>` list; an entry without a usable date is a problem
/// naming it, a file that is not a feed is an error.
fn parse_feed(bytes: &[u8], name: &str) -> Result<Vec<Result<RawEntry, Text>>, Text> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut entries = Vec::new();
    let mut current: Option<Vec<(String, String)>> = None;
    let mut text = String::new();
    let mut root = None;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            msg!("in-feed-malformed", name = name, byte = reader.error_position(), error = e.to_string())
        })?;
        match event {
            Event::Start(e) => {
                let local = e.local_name().as_ref().to_string();
                root.get_or_insert_with(|| local.clone());
                if local == "item" || local == "entry" {
                    current = Some(Vec::new());
                } else if local == "link"
                    && let Some(fields) = current.as_mut()
                    && let Some(href) = e.try_get_attribute("href").ok().flatten()
                {
                    fields.push(("link".into(), attribute_text(&href)));
                }
                path.push(local);
                text.clear();
            }
            Event::Empty(e) => {
                // Atom: <link href="..."/>
                if e.local_name().as_ref() == "link"
                    && let Some(fields) = current.as_mut()
                    && let Some(href) = e.try_get_attribute("href").ok().flatten()
                {
                    fields.push(("link".into(), attribute_text(&href)));
                }
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else if let Some(entity) = quick_xml::escape::resolve_predefined_entity(&r.xml10_content()) {
                    text.push_str(entity);
                }
            }
            Event::End(_) => {
                let Some(local) = path.pop() else { continue };
                if matches!(local.as_str(), "item" | "entry") {
                    if let Some(fields) = current.take() {
                        entries.push(entry(&fields, (name, entries.len() + 1)));
                    }
                } else if let Some(fields) = current.as_mut()
                    && path.last().is_some_and(|p| p == "item" || p == "entry")
                {
                    let value = text.trim().to_string();
                    if !value.is_empty() {
                        fields.push((local, value));
                    }
                }
                text.clear();
            }
            Event::Eof if path.is_empty() => break,
            Event::Eof => {
                return Err(msg!("in-feed-unclosed", name = name, element = path.join("><")));
            }
            _ => {}
        }
        buf.clear();
    }
    match root.as_deref() {
        Some("rss" | "feed" | "RDF") => Ok(entries),
        Some(other) => Err(msg!("in-feed-root", name = name, element = other)),
        None => Err(msg!("in-feed-no-xml", name = name)),
    }
}

fn entry(fields: &[(String, String)], (name, number): (&str, usize)) -> Result<RawEntry, Text> {
    let get = |keys: &[&str]| keys.iter().find_map(|k| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.clone()));
    // A mention without a title keeps an empty one; the report names it as untitled in its own language.
    let title = get(&["title"]).unwrap_or_default();
    let problem = |problem: Text| msg!("in-entry", name = name, number = number, problem = problem);
    let date = get(&["pubDate", "published", "updated", "date"]).ok_or_else(|| {
        let shown = if title.is_empty() { msg!("in-no-title") } else { Text::from(format!("`{title}`")) };
        problem(Text::at(shown, msg!("in-no-date")))
    })?;
    let published = parse::datetime(&date).map_err(problem)?;
    let summary = get(&["description", "summary", "content"]).map(|s| strip_tags(&s));
    Ok(RawEntry { title: strip_tags(&title), link: get(&["link", "guid"]), summary, published })
}

/// Feed texts often carry HTML: keep the words only (the report escapes whatever is left).
fn strip_tags(text: &str) -> String {
    let fragment = scraper::Html::parse_fragment(crate::gather::site::nesting::bounded(text).0);
    let words: String = fragment.root_element().text().collect::<Vec<_>>().join(" ");
    words.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An attribute's value with its entities resolved (`&amp;` in a link is `&`); a value with an unknown
/// entity is kept as written rather than dropped.
fn attribute_text(attribute: &quick_xml::events::attributes::Attribute) -> String {
    attribute
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .map(|v| v.into_owned())
        .unwrap_or_else(|_| attribute.value.to_string())
}

#[cfg(test)]
mod tests {

    fn parse_feed(bytes: &[u8], name: &str) -> Result<Vec<Result<RawEntry, Text>>, Text> {
        super::parse_feed(bytes, name)
    }

    use super::*;

    #[test]
    fn rss_and_atom_entries_with_dates_links_and_html() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Alerts</title>
            <item><title>Clinic wins award</title><link>https://news.example/1</link>
              <description><![CDATA[<b>Great</b> news &amp; more]]></description><pubDate>Tue, 20 Oct 2026 10:00:00 +0000</pubDate></item>
            <item><title>No date here</title></item></channel></rss>"#;
        let entries = parse_feed(rss, "a.rss").unwrap();
        let first = entries[0].as_ref().unwrap();
        assert_eq!(
            (first.title.as_str(), first.link.as_deref()),
            ("Clinic wins award", Some("https://news.example/1"))
        );
        assert_eq!(first.summary.as_deref(), Some("Great news & more"));
        assert!(entries[1].as_ref().unwrap_err().contains("a.rss entry 2: `No date here`: no date"));
        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><title>Rude staff at the clinic</title>
            <link href="https://forum.example/t/9?a=1&amp;b=2"/><updated>2026-10-21T09:00:00+03:00</updated><summary>Never again</summary></entry></feed>"#;
        let entries = parse_feed(atom, "b.atom").unwrap();
        // Entities in attributes are resolved: the link is the one a browser would follow.
        assert_eq!(entries[0].as_ref().unwrap().link.as_deref(), Some("https://forum.example/t/9?a=1&b=2"));
    }

    #[test]
    fn a_file_that_is_not_a_feed_is_an_error() {
        assert!(parse_feed(b"<html><body>hi</body></html>", "x.xml").unwrap_err().contains("root element <html>"));
        assert!(parse_feed(b"{\"json\": true}", "x.xml").unwrap_err().contains("not a feed"));
        assert!(parse_feed(b"<rss><channel><item><title>x</rss>", "x.xml").unwrap_err().contains("malformed XML"));
    }
}
