//! Page-shaped sources: schema.org Review / AggregateRating in a page's JSON-LD, and platform pages read with a
//! selector rule file (`checklists/platforms/*.toml`), following "next page" links.

use scraper::{ElementRef, Html, Selector};
use serde::Deserialize;
use serde_json::Value;
use url::Url;

use super::ReadLocation;
use super::{Aggregate, Location, Read, Review, ReviewSource, Web, boxed, parse};
use crate::config::Files;
use crate::gather::site::{decode, nesting};
use crate::i18n::Text;
use crate::msg;

/// Pages of one platform listing followed at most.
const MAX_PAGES: usize = 20;

/// A platform page, read as far as its nesting stays within bounds (see [`nesting`]).
fn document(bytes: &[u8]) -> Html {
    let text = decode::decode(bytes, None).text;
    Html::parse_document(nesting::bounded(&text).0)
}

fn host_of(url: &str) -> Option<String> {
    Url::parse(url).ok()?.host_str().map(|h| h.trim_start_matches("www.").to_ascii_lowercase())
}

/// Reviews and rating summaries in JSON-LD. Markup on the business's own site (its URL, or the page's
/// canonical link, on the audited host) is self-published: its rating is shown but earns no search stars,
/// and its testimonials are not counted as reviews.
pub(super) fn jsonld(bytes: &[u8], name: &str, platform: &str, own_site: Option<&str>) -> Result<Read, Text> {
    let html = document(bytes);
    let script = Selector::parse(r#"script[type="application/ld+json"]"#).expect("valid selector");
    let canonical = Selector::parse(r#"link[rel="canonical"]"#).expect("valid selector");
    let page_url = if name.starts_with("http") {
        Some(name.to_string())
    } else {
        html.select(&canonical).next().and_then(|l| l.value().attr("href")).map(str::to_string)
    };
    let own_host = own_site.and_then(host_of);
    let self_published = own_host.is_some() && page_url.as_deref().and_then(host_of) == own_host;
    let mut read = Read::default();
    let mut blocks = 0;
    for (i, block) in html.select(&script).enumerate() {
        blocks += 1;
        let text: String = block.text().collect();
        match serde_json::from_str::<Value>(&text) {
            Ok(value) => walk(&value, &mut |node| collect(node, (name, platform), &mut read)),
            Err(e) => {
                read.problems.push(msg!("in-jsonld-malformed", name = name, block = i + 1, error = e.to_string()))
            }
        }
    }
    if blocks == 0 {
        return Err(msg!("in-no-jsonld", name = name));
    }
    if let Some(aggregate) = &mut read.aggregate {
        aggregate.self_published = self_published;
    }
    if self_published && !read.reviews.is_empty() {
        read.problems.push(msg!("in-testimonials", name = name, count = read.reviews.len()));
        read.reviews.clear();
    }
    Ok(read)
}

fn walk(value: &Value, visit: &mut impl FnMut(&Value)) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| walk(v, visit)),
        Value::Object(map) => {
            visit(value);
            map.values().for_each(|v| walk(v, visit));
        }
        _ => {}
    }
}

fn has_type(node: &Value, wanted: &str) -> bool {
    match node.get("@type") {
        Some(Value::String(t)) => t == wanted,
        Some(Value::Array(types)) => types.iter().any(|t| t.as_str() == Some(wanted)),
        _ => false,
    }
}

fn scalar(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => scalar(o.get("name")),
        _ => None,
    }
}

fn collect(node: &Value, (name, platform): (&str, &str), read: &mut Read) {
    if has_type(node, "AggregateRating") && read.aggregate.is_none() {
        let stars = scalar(node.get("ratingValue")).and_then(|v| v.parse::<f64>().ok());
        let best = scalar(node.get("bestRating")).and_then(|v| v.parse::<f64>().ok()).unwrap_or(5.0);
        let count = scalar(node.get("reviewCount").or(node.get("ratingCount"))).and_then(|v| v.parse().ok());
        if let Some(stars) = stars.filter(|s| best > 0.0 && (0.0..=best).contains(s)) {
            read.aggregate = Some(Aggregate { stars: stars / best * 5.0, count, self_published: false });
        }
    }
    if has_type(node, "Review") {
        let record = read.reviews.len() + read.problems.len() + 1;
        let rating = node.get("reviewRating");
        let best = scalar(rating.and_then(|r| r.get("bestRating"))).and_then(|v| v.parse::<f64>().ok()).unwrap_or(5.0);
        let result = (|| {
            let missing = |field: &str| msg!("in-no-field", field = field);
            let value =
                scalar(rating.and_then(|r| r.get("ratingValue"))).ok_or_else(|| missing("reviewRating.ratingValue"))?;
            let rating = parse::rating(&value, best)?;
            let published = scalar(node.get("datePublished")).ok_or_else(|| missing("datePublished"))?;
            let created = parse::datetime(&published)?;
            Ok::<_, Text>(Review {
                id: None,
                platform: platform.into(),
                author: boxed(scalar(node.get("author"))),
                stars: rating.stars,
                rating_text: rating.unusual_text(),
                created,
                text: boxed(scalar(node.get("reviewBody")).or_else(|| scalar(node.get("description")))),
                reply: None,
                reply_at: None,
                link: boxed(scalar(node.get("url"))),
                source: name.into(),
                record: u32::try_from(record).unwrap_or(u32::MAX),
            })
        })();
        match result {
            Ok(review) => read.reviews.push(review),
            Err(e) => read.problems.push(msg!("in-jsonld-review", name = name, record = record, problem = e)),
        }
    }
}

/// Where a field of a platform page is: a CSS selector and what to read from the element it matches.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum FieldToml {
    Text(String),
    Spec {
        selector: String,
        #[serde(default)]
        attr: Option<String>,
        /// Count the matches (stars drawn as one element each) instead of reading a value.
        #[serde(default)]
        count: bool,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesToml {
    #[serde(default)]
    platform: Option<String>,
    container: String,
    rating: FieldToml,
    #[serde(default = "five")]
    scale: f64,
    date: FieldToml,
    #[serde(default)]
    text: Option<FieldToml>,
    #[serde(default)]
    author: Option<FieldToml>,
    #[serde(default)]
    reply: Option<FieldToml>,
    #[serde(default)]
    reply_date: Option<FieldToml>,
    #[serde(default)]
    link: Option<FieldToml>,
    #[serde(default)]
    next_page: Option<FieldToml>,
}

fn five() -> f64 {
    5.0
}

struct Field {
    name: &'static str,
    selector: Selector,
    attr: Option<String>,
    count: bool,
}

impl Field {
    fn compile(name: &'static str, field: &FieldToml, file: &str) -> Result<Field, Text> {
        let (css, attr, count) = match field {
            FieldToml::Text(css) => (css.as_str(), None, false),
            FieldToml::Spec { selector, attr, count } => (selector.as_str(), attr.clone(), *count),
        };
        let selector = Selector::parse(css)
            .map_err(|e| Text::from(format!("{file}: the `{name}` selector `{css}` is not valid CSS: {e}")))?;
        Ok(Field { name, selector, attr, count })
    }

    /// The field's value inside `scope`, or None when the selector matches nothing there.
    fn read(&self, scope: ElementRef) -> Option<String> {
        if self.count {
            let n = scope.select(&self.selector).count();
            return (n > 0).then(|| n.to_string());
        }
        let element = scope.select(&self.selector).next()?;
        let value = match &self.attr {
            Some(attr) => element.value().attr(attr)?.to_string(),
            None => element.text().collect::<Vec<_>>().join(" "),
        };
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        (!value.is_empty()).then_some(value)
    }
}

struct Rules {
    platform: Option<String>,
    container: Selector,
    container_css: String,
    scale: f64,
    fields: Vec<Field>,
    next_page: Option<Field>,
}

fn load_rules(location: &Location, files: Files, web: &Web) -> Result<Rules, Text> {
    let name = location.name();
    let bytes = location.read(files, web)?;
    let text = crate::gather::text_file(bytes, name)?;
    let raw: RulesToml = toml::from_str(&text)
        .map_err(|e| crate::config::diag::from_toml(std::path::Path::new(name), &text, &e).to_string())?;
    let container = Selector::parse(&raw.container).map_err(|e| {
        Text::from(format!("{name}: the `container` selector `{}` is not valid CSS: {e}", raw.container))
    })?;
    let mut fields = vec![Field::compile("rating", &raw.rating, name)?, Field::compile("date", &raw.date, name)?];
    let optional = [
        ("text", &raw.text),
        ("author", &raw.author),
        ("reply", &raw.reply),
        ("reply_date", &raw.reply_date),
        ("link", &raw.link),
    ];
    for (field, spec) in optional {
        if let Some(spec) = spec {
            fields.push(Field::compile(field, spec, name)?);
        }
    }
    let next_page = raw.next_page.as_ref().map(|spec| Field::compile("next_page", spec, name)).transpose()?;
    if raw.scale.is_nan() || raw.scale <= 0.0 {
        return Err(format!("{name}: `scale` must be above 0").into());
    }
    Ok(Rules { platform: raw.platform, container, container_css: raw.container, scale: raw.scale, fields, next_page })
}

/// A platform page (and the pages its "next" links lead to), read with the source's selector rules. A
/// selector that matches nothing is reported.
pub(super) fn html(
    first: &[u8],
    (source, platform): (&ReviewSource, &str),
    rules_at: &Location,
    (files, web): (Files, &Web),
) -> Result<Read, Text> {
    let rules = load_rules(rules_at, files, web)?;
    let platform = source.platform.clone().or(rules.platform.clone()).unwrap_or_else(|| platform.to_string());
    let mut read = Read::default();
    let mut location = source.location.clone();
    let mut bytes = first.to_vec();
    let mut matched = vec![0usize; rules.fields.len()];
    let mut containers = 0usize;
    let mut seen = vec![location.name().to_string()];
    for page in 1..=MAX_PAGES {
        let name = location.name().to_string();
        let html = document(&bytes);
        let mut on_page = 0;
        for element in html.select(&rules.container) {
            on_page += 1;
            containers += 1;
            let values: Vec<Option<String>> = rules.fields.iter().map(|f| f.read(element)).collect();
            for (count, value) in matched.iter_mut().zip(&values) {
                *count += usize::from(value.is_some());
            }
            let get = |field: &str| rules.fields.iter().position(|f| f.name == field).and_then(|i| values[i].clone());
            match page_review(&get, (&platform, rules.scale), (&name, on_page)) {
                Ok(review) => read.reviews.push(review),
                Err(e) => {
                    read.problems.push(msg!("in-page-review", name = name.as_str(), number = on_page, problem = e))
                }
            }
        }
        if on_page == 0 && page == 1 {
            let (selector, rules) = (rules.container_css.as_str(), rules_at.name());
            return Err(msg!("in-container-nothing", name = name, selector = selector, rules = rules));
        }
        let Some(href) = rules.next_page.as_ref().and_then(|f| f.read(html.root_element())) else { break };
        let Some(next_location) = next_location(&source.location, &location, &href) else {
            read.problems.push(msg!("in-next-page-outside", name = name.as_str(), href = href.as_str()));
            break;
        };
        if seen.contains(&next_location.name().to_string()) {
            break;
        }
        seen.push(next_location.name().to_string());
        match next_location.read(files, web) {
            Ok(next_bytes) => {
                bytes = next_bytes;
                location = next_location;
            }
            Err(e) => {
                read.problems.push(msg!("in-next-page", error = e));
                break;
            }
        }
    }
    for (field, count) in rules.fields.iter().zip(&matched) {
        if *count == 0 {
            read.problems.push(msg!(
                "in-selector-nothing",
                field = field.name,
                rules = rules_at.name(),
                count = containers
            ));
        }
    }
    Ok(read)
}

/// Where a "next page" link of `current` leads, or `None` when it leads outside what the source may read:
/// a saved page's links resolve only to files in the first page's folder or below it (`../../etc/passwd`,
/// an absolute path or a symbolic link out of the folder are refused); a fetched page's only to pages on the
/// first page's site.
fn next_location(first: &Location, current: &Location, href: &str) -> Option<Location> {
    match (first, current) {
        (Location::Url(first), Location::Url(url)) => {
            let next = Url::parse(url).ok()?.join(href).ok()?;
            let site = crate::gather::site::urls::site_key(&Url::parse(first).ok()?)?;
            crate::gather::site::urls::in_scope(&next, &site).then(|| Location::Url(next.to_string()))
        }
        (Location::File { path: first_path, name: first_name }, Location::File { path, .. }) => {
            let href = href.split(['?', '#']).next()?;
            if href.is_empty() || href.contains("://") || href.starts_with(['/', '\\']) || href.contains('\\') {
                return None;
            }
            let root = first_path.parent()?;
            // Lexically first: the link, taken from the current page's folder, must not climb above the root.
            let here = path.parent()?.strip_prefix(root).ok()?;
            let mut inside: Vec<&std::ffi::OsStr> = here.iter().collect();
            for part in std::path::Path::new(href).components() {
                match part {
                    std::path::Component::Normal(part) => inside.push(part),
                    std::path::Component::CurDir => {}
                    std::path::Component::ParentDir => {
                        inside.pop()?;
                    }
                    _ => return None,
                }
            }
            let relative: std::path::PathBuf = inside.iter().collect();
            let next = root.join(&relative);
            // Then on disk: a symbolic link inside the folder must not lead out of it.
            if let (Ok(real_root), Ok(real_next)) = (root.canonicalize(), next.canonicalize())
                && !real_next.starts_with(&real_root)
            {
                return None;
            }
            let name_root = std::path::Path::new(first_name).parent().unwrap_or(std::path::Path::new(""));
            let name = name_root.join(&relative).to_string_lossy().replace('\\', "/");
            Some(Location::File { path: next, name })
        }
        _ => None,
    }
}

fn page_review(
    get: &impl Fn(&str) -> Option<String>,
    (platform, scale): (&str, f64),
    (source, record): (&str, usize),
) -> Result<Review, Text> {
    let missing = |what: &str| msg!("in-not-found", what = what);
    let rating = parse::rating(&get("rating").ok_or_else(|| missing("rating"))?, scale)?;
    let created = parse::datetime(&get("date").ok_or_else(|| missing("date"))?)?;
    let reply = get("reply");
    let reply_at = match get("reply_date") {
        Some(t) if reply.is_some() => Some(parse::datetime(&t).map_err(|e| msg!("in-reply-date", error = e))?),
        _ => None,
    };
    Ok(Review {
        id: None,
        platform: platform.into(),
        author: boxed(get("author")),
        stars: rating.stars,
        rating_text: rating.unusual_text(),
        created,
        text: boxed(get("text")),
        reply: boxed(reply),
        reply_at,
        link: boxed(get("link")),
        source: source.into(),
        record: u32::try_from(record).unwrap_or(u32::MAX),
    })
}

#[cfg(test)]
mod tests {

    fn jsonld(bytes: &[u8], name: &str, platform: &str, own_site: Option<&str>) -> Result<Read, Text> {
        super::jsonld(bytes, name, platform, own_site)
    }

    use super::*;

    #[test]
    fn jsonld_reviews_and_self_published_ratings() {
        let page = r#"<html><head><link rel="canonical" href="https://www.shop.example/"></head><body>
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"Dentist","name":"X",
              "aggregateRating":{"@type":"AggregateRating","ratingValue":"4.8","reviewCount":"12"},
              "review":[{"@type":"Review","author":{"@type":"Person","name":"Ann"},"datePublished":"2026-09-01",
                "reviewRating":{"@type":"Rating","ratingValue":"9","bestRating":"10"},"reviewBody":"Good"}]}</script>
            <script type="application/ld+json">{broken</script></body></html>"#;
        let platform = jsonld(page.as_bytes(), "p.html", "Listing", Some("https://other.example/")).unwrap();
        assert_eq!(platform.reviews.len(), 1);
        assert_eq!(platform.reviews[0].stars, 4.5);
        assert_eq!(platform.reviews[0].author.as_deref(), Some("Ann"));
        assert!(!platform.aggregate.as_ref().unwrap().self_published);
        assert!(platform.problems[0].contains("JSON-LD block 2 is malformed"));
        let own = jsonld(page.as_bytes(), "p.html", "Website", Some("https://shop.example/")).unwrap();
        assert!(own.aggregate.unwrap().self_published);
        assert!(own.reviews.is_empty(), "testimonials are not reviews");
        assert!(jsonld(b"<p>none</p>", "p.html", "W", None).unwrap_err().contains("no JSON-LD"));
    }
}
