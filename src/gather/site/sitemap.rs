//! Sitemaps: `<urlset>` and `<sitemapindex>` files, gzip-compressed or not, read into URL → lastmod.

use std::collections::VecDeque;
use std::io::Read;

use chrono::NaiveDate;
use quick_xml::events::Event;
use url::Url;

use super::facts::SitemapFacts;
use super::fetch::Fetcher;
use super::urls;
use crate::i18n::Text;
use crate::msg;

/// Sitemap files read at most (an index may list many).
const MAX_FILES: usize = 50;
/// A decompressed sitemap may be at most this large (the sitemaps.org limit).
const MAX_SITEMAP_BYTES: u64 = 50 * 1024 * 1024;
/// URLs taken from all sitemaps together, as a multiple of `max_pages`: enough to find every page the crawl
/// may read and the orphans among them, while memory stays bounded whatever the sitemaps hold.
pub(crate) const SITEMAP_URLS_PER_PAGE: usize = 10;
/// ...and never fewer than this, so a small `max_pages` still sees a whole small sitemap.
pub(crate) const MIN_SITEMAP_URLS: usize = 10_000;

/// What one sitemap file holds.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Parsed {
    pub index: bool,
    pub entries: Vec<(String, Option<NaiveDate>)>,
    /// Entries past the `max_entries` given to [`parse`] were counted, not kept.
    pub skipped: usize,
}

/// Parses one sitemap file, keeping at most `max_entries` entries (the rest are counted in `skipped`).
pub(crate) fn parse(bytes: &[u8], max_entries: usize) -> Result<Parsed, Text> {
    let text;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .take(MAX_SITEMAP_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(|e| msg!("sitemap-gzip", error = e.to_string()))?;
        if out.len() as u64 > MAX_SITEMAP_BYTES {
            return Err(msg!("sitemap-too-large", bytes = MAX_SITEMAP_BYTES));
        }
        text = out;
        &text[..]
    } else {
        bytes
    };
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut parsed = Parsed::default();
    let mut saw_root = false;
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let (mut loc, mut lastmod) = (None::<String>, None::<NaiveDate>);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = e.local_name().as_ref().to_string();
                if path.is_empty() {
                    match name.as_str() {
                        "urlset" => {}
                        "sitemapindex" => parsed.index = true,
                        other => return Err(msg!("sitemap-root", element = other)),
                    }
                    saw_root = true;
                }
                path.push(name);
                text.clear();
            }
            Ok(Event::End(_)) => {
                let value = text.trim();
                match path.pop().as_deref() {
                    Some("loc") => loc = Some(value.to_string()),
                    Some("lastmod") => {
                        lastmod = value.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                    }
                    Some("url" | "sitemap") => {
                        if let Some(l) = loc.take() {
                            if parsed.entries.len() < max_entries {
                                parsed.entries.push((l, lastmod.take()));
                            } else {
                                parsed.skipped += 1;
                            }
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Ok(Event::Text(t)) => text.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) => text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) => match r.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                _ => match quick_xml::escape::resolve_predefined_entity(&r.xml10_content()) {
                    Some(entity) => text.push_str(entity),
                    None => return Err(msg!("sitemap-entity", entity = r.xml10_content().to_string())),
                },
            },
            Ok(Event::Eof) if path.is_empty() => break,
            Ok(Event::Eof) => return Err(msg!("sitemap-unclosed", element = path.join("><"))),
            Err(e) => return Err(msg!("sitemap-malformed", byte = reader.error_position(), error = e.to_string())),
            _ => {}
        }
        buf.clear();
    }
    if !saw_root {
        return Err(msg!("sitemap-no-root"));
    }
    Ok(parsed)
}

/// Reads the sitemaps robots.txt names (or /sitemap.xml), following indexes, keeping in-scope page URLs.
/// Sitemaps robots.txt declares are read even where it disallows crawling (the site invites them); the
/// guessed /sitemap.xml only where `allowed` says so.
///
/// Only sitemaps on the audited site are fetched (a robots.txt line or an index entry on another host is
/// listed as not read); at most `max_urls` page URLs are kept; nothing is fetched after `deadline` (the
/// crawl's `max_time_s`).
pub(crate) async fn load(
    fetcher: &Fetcher,
    (start, site): (&Url, &str),
    declared: &[String],
    allowed: impl Fn(&Url) -> bool,
    (max_urls, deadline): (usize, tokio::time::Instant),
) -> SitemapFacts {
    let mut facts = SitemapFacts::default();
    // Errors that are a sitemap answering 404: when they are all there is, there is simply no sitemap.
    let mut not_found = 0;
    let mut skipped_urls = 0;
    let off_site = |url: &Url, facts: &mut SitemapFacts| {
        let in_site = urls::in_scope(url, site);
        if !in_site {
            facts.errors.push(Text::at(url.to_string(), msg!("sitemap-off-site")));
        }
        in_site
    };
    // robots.txt may name a sitemap by a relative path; resolve it against the site.
    let mut queue: VecDeque<Url> = VecDeque::new();
    for url in declared.iter().filter_map(|s| start.join(s.trim()).ok()) {
        if off_site(&url, &mut facts) {
            queue.push_back(url);
        }
    }
    if queue.is_empty()
        && let Ok(default) = start.join("/sitemap.xml")
        && allowed(&default)
    {
        queue.push_back(default);
    }
    while let Some(url) = queue.pop_front() {
        if facts.files.len() >= MAX_FILES {
            facts.errors.push(msg!("sitemap-too-many", max = MAX_FILES));
            break;
        }
        if facts.files.contains(&url.to_string()) {
            continue;
        }
        if tokio::time::Instant::now() >= deadline {
            facts.errors.push(msg!("sitemap-time-limit", left = queue.len() + 1));
            break;
        }
        facts.files.push(url.to_string());
        let Ok(fetched) = tokio::time::timeout_at(deadline, fetcher.get(&url, Some(site), |_| true, |_| true)).await
        else {
            facts.errors.push(msg!("sitemap-time-limit", left = queue.len() + 1));
            break;
        };
        let room = max_urls.saturating_sub(facts.urls.len());
        match (fetched.status, fetched.error) {
            (_, Some(e)) => facts.errors.push(Text::at(url.to_string(), e.kind.label())),
            (Some(200..=299), None) if fetched.truncated => {
                facts.errors.push(Text::at(url.to_string(), msg!("sitemap-cut", bytes = fetcher.max_bytes)));
            }
            (Some(200..=299), None) => match parse(&fetched.body, if room == 0 { 0 } else { max_urls }) {
                Ok(parsed) if parsed.index => {
                    for entry in parsed.entries.iter().filter_map(|(loc, _)| Url::parse(loc).ok()) {
                        if off_site(&entry, &mut facts) {
                            queue.push_back(entry);
                        }
                    }
                }
                Ok(parsed) => {
                    skipped_urls += parsed.skipped;
                    for (loc, lastmod) in parsed.entries {
                        if facts.urls.len() >= max_urls {
                            skipped_urls += 1;
                            continue;
                        }
                        match Url::parse(&loc) {
                            Ok(mut page) if urls::in_scope(&page, site) => {
                                urls::normalise(&mut page);
                                facts.urls.insert(page.to_string(), lastmod);
                            }
                            Ok(_) => {}
                            Err(_) => facts.errors.push(Text::at(url.to_string(), msg!("sitemap-bad-loc", loc = loc))),
                        }
                    }
                }
                Err(e) => facts.errors.push(Text::at(url.to_string(), e)),
            },
            (status, None) => {
                not_found += usize::from(status == Some(404));
                facts.errors.push(Text::at(url.to_string(), msg!("page-answered", status = status.unwrap_or(0))))
            }
        }
    }
    if skipped_urls > 0 {
        facts.errors.push(msg!("sitemap-url-limit", max = max_urls, skipped = skipped_urls));
    }
    // A missing /sitemap.xml that nobody declared is not an error, just no sitemap.
    if declared.is_empty() && facts.urls.is_empty() && facts.errors.len() == not_found {
        facts.errors.clear();
        facts.files.clear();
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn parse(bytes: &[u8]) -> Result<Parsed, Text> {
        super::parse(bytes, usize::MAX)
    }

    #[test]
    fn entries_past_the_limit_are_counted_not_kept() {
        let urls: String = (0..100).map(|i| format!("<url><loc>https://a.example/{i}</loc></url>")).collect();
        let xml = format!("<urlset>{urls}</urlset>");
        let parsed = super::parse(xml.as_bytes(), 10).unwrap();
        assert_eq!((parsed.entries.len(), parsed.skipped), (10, 90));
    }

    #[test]
    fn a_gzip_sitemap_over_the_limit_says_it_is_too_large() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<urlset>").unwrap();
        let chunk = vec![b' '; 1024 * 1024];
        for _ in 0..51 {
            gz.write_all(&chunk).unwrap();
        }
        let error = parse(&gz.finish().unwrap()).unwrap_err();
        assert!(error.contains("larger than"), "{error}");
    }

    #[test]
    fn reads_urlsets_with_lastmod() {
        let xml = br#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <url><loc> https://a.example/x?a=1&amp;b=2 </loc><lastmod>2026-10-01T10:00:00+00:00</lastmod></url>
            <url><loc>https://a.example/y</loc></url></urlset>"#;
        let parsed = parse(xml).unwrap();
        assert!(!parsed.index);
        assert_eq!(
            parsed.entries,
            [
                ("https://a.example/x?a=1&b=2".to_string(), NaiveDate::from_ymd_opt(2026, 10, 1)),
                ("https://a.example/y".to_string(), None)
            ]
        );
    }

    #[test]
    fn reads_gzipped_indexes() {
        let xml = b"<sitemapindex><sitemap><loc>https://a.example/s1.xml</loc></sitemap></sitemapindex>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(xml).unwrap();
        let parsed = parse(&gz.finish().unwrap()).unwrap();
        assert!(parsed.index);
        assert_eq!(parsed.entries[0].0, "https://a.example/s1.xml");
    }

    #[test]
    fn malformed_sitemaps_are_errors_not_panics() {
        assert!(parse(b"<html><body>not a sitemap</body></html>").unwrap_err().contains("not a sitemap"));
        assert!(parse(b"<urlset><url><loc>x</loc></urlset>").is_err());
        assert!(parse(b"<urlset><url><loc>broken").unwrap_err().contains("ends inside <urlset><url><loc>"));
        assert!(parse(b"").unwrap_err().contains("no <urlset>"));
        assert!(parse(&[0x1f, 0x8b, 0, 1, 2]).unwrap_err().contains("decompress"));
    }
}
