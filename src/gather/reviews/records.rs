//! Record-shaped exports: Google Business Profile API pages, and tables (CSV or a JSON array of objects) read
//! through a column mapping, with presets for Apify's and Outscraper's Google Maps review exports.

use serde_json::Value;

use super::parse;
use crate::i18n::Text;
use crate::msg;
use std::collections::HashMap;
use std::sync::Arc;

use super::{Columns, Format, Read, Review, ReviewSource, boxed};

/// Google Business Profile `reviews.list` responses: one object, an array of them, or several one after the
/// other (pages concatenated).
pub(super) fn gbp(bytes: Vec<u8>, name: &str, platform: &str) -> Result<Read, Text> {
    let text = crate::gather::text_file(bytes, name)?;
    if text.trim().is_empty() {
        return Err(msg!("in-empty-file", name = name));
    }
    let mut pages = Vec::new();
    for value in serde_json::Deserializer::from_str(&text).into_iter::<Value>() {
        match value {
            Ok(Value::Array(items)) => pages.extend(items),
            Ok(value) => pages.push(value),
            Err(e) => return Err(malformed_json(name, &e)),
        }
    }
    let mut read = Read::default();
    let mut record = 0;
    let (platform, source): (Arc<str>, Arc<str>) = (platform.into(), name.into());
    for page in &pages {
        // A location (`locations.get`, or `locations.list` with its `locations` array): the listing's details.
        let locations: Vec<&Value> = match page.get("locations").and_then(Value::as_array) {
            Some(list) => list.iter().collect(),
            None if gbp_location(page).is_some() => vec![page],
            None => Vec::new(),
        };
        if !locations.is_empty() {
            if read.listing.is_none()
                && let Some((nap, location)) = locations.iter().find_map(|l| Some((gbp_location(l)?, l)))
            {
                read.listing = Some(nap);
                read.profile = super::profile::of_gbp_location(location);
            }
            continue;
        }
        let Some(reviews) = page.get("reviews").and_then(Value::as_array) else {
            if page.get("reviews").is_none() && page.get("totalReviewCount").is_none() {
                return Err(msg!("in-not-gbp", name = name));
            }
            continue;
        };
        for review in reviews {
            record += 1;
            match gbp_review(review, &platform, &source, record) {
                Ok(review) => read.reviews.push(review),
                Err(e) => read.problems.push(msg!("in-record", name = name, record = record, problem = e)),
            }
        }
    }
    if let Some(page) = pages.iter().find(|p| p.get("averageRating").is_some())
        && let Some(stars) = page.get("averageRating").and_then(Value::as_f64)
    {
        let count = page.get("totalReviewCount").and_then(Value::as_u64);
        read.aggregate = Some(super::Aggregate { stars, count, self_published: false });
    }
    Ok(read)
}

/// A Google Business Profile `Location` (Business Information API v1): `title`, `phoneNumbers.primaryPhone`,
/// `storefrontAddress` (`addressLines`, `locality`, `administrativeArea`, `postalCode`) and `websiteUri`.
fn gbp_location(location: &Value) -> Option<crate::gather::Nap> {
    let text = |v: Option<&Value>| v?.as_str().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    let is_location = location.get("storefrontAddress").is_some()
        || location.get("phoneNumbers").is_some()
        || location.get("websiteUri").is_some();
    if !is_location {
        return None;
    }
    let address = location.get("storefrontAddress").map(|a| {
        let lines = a.get("addressLines").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
        let rest = ["locality", "administrativeArea", "postalCode"].into_iter().filter_map(|k| a.get(k)?.as_str());
        lines.chain(rest).map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(", ")
    });
    let nap = crate::gather::Nap {
        name: text(location.get("title")),
        address: address.filter(|a| !a.is_empty()),
        phone: text(location.pointer("/phoneNumbers/primaryPhone")),
        website: text(location.get("websiteUri")),
        hours: location
            .pointer("/regularHours/periods")
            .and_then(crate::config::weekly::WeeklyHours::from_gbp_periods)
            .map(|h| h.to_string()),
    };
    (!nap.is_empty()).then_some(nap)
}

/// "g.json: malformed JSON at line 3, column 7: …".
fn malformed_json(name: &str, e: &serde_json::Error) -> Text {
    msg!("in-malformed-json", name = name, line = e.line(), column = e.column(), error = e.to_string())
}

fn gbp_review(review: &Value, platform: &Arc<str>, source: &Arc<str>, record: u32) -> Result<Review, Text> {
    let field = |path: &[&str]| {
        let mut value = review;
        for key in path {
            value = value.get(key)?;
        }
        value.as_str().map(str::to_string).filter(|s| !s.trim().is_empty())
    };
    let missing = |field: &str| msg!("in-no-field", field = field);
    let rating = field(&["starRating"]).ok_or_else(|| missing("starRating"))?;
    let rating = parse::rating(&rating, 5.0)?;
    let created = parse::datetime(&field(&["createTime"]).ok_or_else(|| missing("createTime"))?)?;
    let reply_at = match field(&["reviewReply", "updateTime"]) {
        Some(t) => Some(parse::datetime(&t).map_err(|e| msg!("in-reply-date", error = e))?),
        None => None,
    };
    // The review's id, or the last segment of its resource name (accounts/…/reviews/ID).
    let id = field(&["reviewId"]).or_else(|| field(&["name"]).and_then(|n| n.rsplit('/').next().map(str::to_string)));
    Ok(Review {
        platform: platform.clone(),
        id: boxed(id),
        author: boxed(field(&["reviewer", "displayName"])),
        stars: rating.stars,
        rating_text: rating.unusual_text(),
        created,
        text: boxed(field(&["comment"])),
        reply: boxed(field(&["reviewReply", "comment"])),
        reply_at,
        link: boxed(field(&["name"])),
        source: source.clone(),
        record,
    })
}

/// The column names a format uses for each field, unless the audit names others.
fn preset(format: Format) -> Columns {
    let some = |s: &str| Some(s.to_string());
    match format {
        Format::Apify => Columns {
            id: some("reviewId"),
            platform: None,
            author: some("name"),
            rating: some("stars"),
            date: some("publishedAtDate"),
            text: some("text"),
            reply: some("responseFromOwnerText"),
            reply_date: some("responseFromOwnerDate"),
            link: some("reviewUrl"),
        },
        Format::Outscraper => Columns {
            id: some("review_id"),
            platform: None,
            author: some("author_title"),
            rating: some("review_rating"),
            date: some("review_datetime_utc"),
            text: some("review_text"),
            reply: some("owner_answer"),
            reply_date: some("owner_answer_timestamp_datetime_utc"),
            link: some("review_link"),
        },
        Format::Csv | Format::Gbp | Format::Jsonld | Format::Html | Format::TwoGis | Format::Yandex => Columns {
            id: some("id"),
            platform: some("platform"),
            author: some("author"),
            rating: some("rating"),
            date: some("date"),
            text: some("text"),
            reply: some("reply"),
            reply_date: some("reply_date"),
            link: some("link"),
        },
    }
}

/// The source's columns over the preset.
fn columns(source: &ReviewSource) -> Columns {
    let base = preset(source.format);
    let c = &source.columns;
    let pick = |mine: &Option<String>, preset: Option<String>| mine.clone().or(preset);
    Columns {
        id: pick(&c.id, base.id),
        platform: pick(&c.platform, base.platform),
        author: pick(&c.author, base.author),
        rating: pick(&c.rating, base.rating),
        date: pick(&c.date, base.date),
        text: pick(&c.text, base.text),
        reply: pick(&c.reply, base.reply),
        reply_date: pick(&c.reply_date, base.reply_date),
        link: pick(&c.link, base.link),
    }
}

/// The fields of a review in a table, in the order [`Fields`] holds their columns.
#[derive(Clone, Copy)]
enum Field {
    Id,
    Platform,
    Author,
    Rating,
    Date,
    Text,
    Reply,
    ReplyDate,
    Link,
}

/// Per field, the column name to read.
struct Fields([Option<String>; 9]);

impl Fields {
    fn new(c: Columns) -> Self {
        Fields([c.id, c.platform, c.author, c.rating, c.date, c.text, c.reply, c.reply_date, c.link])
    }

    fn name(&self, field: Field) -> &str {
        self.0[field as usize].as_deref().unwrap_or("")
    }
}

/// A CSV, or a JSON array of flat objects (Outscraper's nested `reviews_data` too), read through the columns.
/// CSV rows become reviews as they are read, so a million-row export is never held twice.
pub(super) fn table(bytes: Vec<u8>, name: &str, platform: &str, source: &ReviewSource) -> Result<Read, Text> {
    let text = crate::gather::text_file(bytes, name)?;
    if text.trim().is_empty() {
        return Err(msg!("in-empty-file", name = name));
    }
    let fields = Fields::new(columns(source));
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        json_table(&text, (name, platform), source.scale, &fields)
    } else {
        csv_table(&text, (name, platform), source, &fields)
    }
}

fn csv_table(text: &str, (name, platform): (&str, &str), source: &ReviewSource, fields: &Fields) -> Result<Read, Text> {
    // The guessed separators are all ASCII.
    let delimiter = source.delimiter.unwrap_or_else(|| crate::config::survey::guess_delimiter(text) as u8);
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| msg!("in-no-header", name = name, error = e.to_string()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let column = |c: &str| header.iter().position(|h| h.eq_ignore_ascii_case(c));
    let slots = review_slots(&header);
    let index: Vec<Option<usize>> = fields.0.iter().map(|c| c.as_deref().and_then(column)).collect();
    // A place export flattened to a table: each place a row, its reviews (if any were asked for) in
    // `reviews/N/<field>` columns; without them, a place-only export with no rating or date column of reviews.
    let place_only = index[Field::Rating as usize].is_none()
        && ["placeId", "place_id", "totalScore"].iter().any(|c| column(c).is_some());
    if slots > 0 || place_only {
        return wide_table(reader, (name, platform), source, fields, (&header, slots));
    }
    for (field, what) in [(Field::Rating, "rating"), (Field::Date, "date")] {
        if index[field as usize].is_none() {
            let (column, header) = (fields.name(field), header.join(", "));
            return Err(msg!("in-no-column", name = name, column = column, what = what, header = header));
        }
    }
    // One review per line, near enough: allocate once instead of doubling through a million pushes.
    let lines = text.bytes().filter(|b| *b == b'\n').count();
    let mut read = Read { reviews: Vec::with_capacity(lines), ..Read::default() };
    let mut shared = Shared::new(platform, name);
    let place = PlaceColumns::new(&header);
    let mut row = csv::StringRecord::new();
    while let Some(line) = next_row(&mut reader, &mut row, name)? {
        if row.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let line = row.position().map_or(line, |p| p.line());
        if let Some(rows) = crate::config::survey::swallowed_rows(&row, delimiter, header.len()) {
            return Err(msg!("in-open-quote", name = name, line = line, rows = rows));
        }
        let get =
            |field: Field| index[field as usize].and_then(|i| row.get(i)).map(str::trim).filter(|v| !v.is_empty());
        // Apify's review rows repeat the place's totals and details on every row, as its JSON does (`title`,
        // `address`, `phone`, `website`, `totalScore`, `reviewsCount`; Outscraper's `full_address`), beside
        // the reviewer's own `name`: the first row that has them makes the listing.
        if read.listing.is_none() && (place.title.is_some() || place.full_address.is_some()) {
            let item = Value::Object(place.item(&row));
            read.listing = place_listing(&item);
            if read.aggregate.is_none() {
                read.aggregate = place_totals(&item);
            }
        }
        let record = u32::try_from(line).unwrap_or(u32::MAX);
        match table_review(&get, fields, &mut shared, (source.scale, record)) {
            Ok(review) => read.reviews.push(review),
            Err(e) => read.problems.push(msg!("in-line", name = name, line = line, problem = e)),
        }
    }
    Ok(read)
}

/// The place columns of a table of review rows, by position.
struct PlaceColumns {
    title: Option<usize>,
    full_address: Option<usize>,
    columns: Vec<(&'static str, usize)>,
}

impl PlaceColumns {
    /// The place's fields a review row may repeat (Apify's and Outscraper's names).
    const FIELDS: [&'static str; 9] = [
        "title",
        "address",
        "full_address",
        "phone",
        "phoneUnformatted",
        "website",
        "site",
        "totalScore",
        "reviewsCount",
    ];

    fn new(header: &[String]) -> Self {
        let column = |c: &str| header.iter().position(|h| h.eq_ignore_ascii_case(c));
        PlaceColumns {
            title: column("title"),
            full_address: column("full_address"),
            columns: Self::FIELDS.iter().filter_map(|f| Some((*f, column(f)?))).collect(),
        }
    }

    /// The row's place fields as the fields of a JSON item, as the JSON exports give them.
    fn item(&self, row: &csv::StringRecord) -> serde_json::Map<String, Value> {
        self.columns
            .iter()
            .filter_map(|(k, i)| {
                let v = row.get(*i).map(str::trim).filter(|v| !v.is_empty())?;
                Some((k.to_string(), Value::String(v.to_string())))
            })
            .collect()
    }
}

/// Reads the next record into `row`: the line it starts on, `None` at the end, or the error at its line.
fn next_row(reader: &mut csv::Reader<&[u8]>, row: &mut csv::StringRecord, name: &str) -> Result<Option<u64>, Text> {
    let line = reader.position().line();
    match reader.read_record(row) {
        Ok(false) => Ok(None),
        Ok(true) => Ok(Some(line)),
        Err(e) => Err(msg!("in-line", name = name, line = line, problem = e.to_string())),
    }
}

/// A place export flattened to a table (Apify's CSV and Excel views): one row per place, its reviews in
/// `reviews/N/<field>` columns, its totals in `totalScore` and `reviewsCount`.
fn wide_table(
    mut reader: csv::Reader<&[u8]>,
    (name, platform): (&str, &str),
    source: &ReviewSource,
    fields: &Fields,
    (header, slots): (&[String], usize),
) -> Result<Read, Text> {
    let column = |c: &str| header.iter().position(|h| h.eq_ignore_ascii_case(c));
    let also_slots = numbered_slots(header, "peopleAlsoSearch/");
    let place = PlaceColumns::new(header);
    let mut read = Read::default();
    let mut shared = Shared::new(platform, name);
    let mut row = csv::StringRecord::new();
    while let Some(line) = next_row(&mut reader, &mut row, name)? {
        let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map(str::trim).filter(|v| !v.is_empty());
        let mut stated = place.item(&row);
        if read.aggregate.is_none() {
            read.aggregate = place_totals(&Value::Object(stated.clone()));
        }
        if read.listing.is_none() {
            let days: Vec<Value> = (0..numbered_slots(header, "openingHours/"))
                .filter_map(|n| {
                    let part = |k: &str| cell(column(&format!("openingHours/{n}/{k}"))).map(str::to_string);
                    Some(serde_json::json!({"day": part("day")?, "hours": part("hours")?}))
                })
                .collect();
            if !days.is_empty() {
                stated.insert("openingHours".into(), Value::Array(days));
            }
            read.listing = place_listing(&Value::Object(stated));
            read.profile = super::profile::of_place(&super::profile::unflatten(header, &row));
        }
        if read.also_search.is_empty() {
            read.also_search = (0..also_slots)
                .filter_map(|n| {
                    let place: serde_json::Map<String, Value> = ["title", "totalScore", "reviewsCount"]
                        .iter()
                        .filter_map(|k| {
                            let value = cell(column(&format!("peopleAlsoSearch/{n}/{k}")))?;
                            Some((k.to_string(), Value::String(value.to_string())))
                        })
                        .collect();
                    also_searched(&Value::Object(place))
                })
                .collect();
        }
        for slot in 0..slots {
            let index: Vec<Option<usize>> =
                fields.0.iter().map(|c| c.as_deref().and_then(|c| column(&format!("reviews/{slot}/{c}")))).collect();
            let get = |field: Field| cell(index[field as usize]);
            // An empty slot: this place has fewer reviews than the widest one.
            if get(Field::Rating).is_none() && get(Field::Date).is_none() && get(Field::Text).is_none() {
                continue;
            }
            let line = row.position().map_or(line, |p| p.line());
            let record = u32::try_from(line).unwrap_or(u32::MAX);
            match table_review(&get, fields, &mut shared, (source.scale, record)) {
                Ok(review) => read.reviews.push(review),
                Err(e) => read.problems.push(msg!("in-line", name = name, line = line, problem = e)),
            }
        }
    }
    Ok(read)
}

fn json_table(text: &str, (name, platform): (&str, &str), scale: f64, fields: &Fields) -> Result<Read, Text> {
    let value: Value = serde_json::from_str(text).map_err(|e| malformed_json(name, &e))?;
    let items = match value {
        Value::Array(items) => items,
        Value::Object(_) => vec![value],
        _ => return Err(msg!("in-not-array", name = name)),
    };
    // Places with their reviews nested: Outscraper's `reviews_data`, Apify Google Maps Scraper's `reviews`
    // (a place item: `title`, `totalScore`, `reviewsCount` beside the array). Flat review rows stay as they are.
    let mut flat = Vec::new();
    let mut read = Read::default();
    for item in &items {
        let nested = item.get("reviews_data").or_else(|| item.get("reviews")).and_then(Value::as_array);
        match nested {
            Some(nested) => {
                flat.extend(nested.iter());
                if read.aggregate.is_none() {
                    read.aggregate = place_totals(item);
                }
                if read.listing.is_none() {
                    read.listing = place_listing(item);
                    read.profile = super::profile::of_place(item);
                }
                if read.also_search.is_empty() {
                    read.also_search = also_search(item);
                }
            }
            None => {
                // Apify's review rows repeat the place's totals and details on every row (its `title`;
                // Outscraper's rows its `full_address`), beside the reviewer's own `name`.
                if read.aggregate.is_none() && item.get("totalScore").is_some() {
                    read.aggregate = place_totals(item);
                }
                if read.listing.is_none() && (item.get("title").is_some() || item.get("full_address").is_some()) {
                    read.listing = place_listing(item);
                }
                // A place item without reviews (a place export with no reviews asked for) states its profile;
                // a review row repeats the place's name and address only.
                if read.profile.is_none() && !is_review_row(item) {
                    read.profile = super::profile::of_place(item);
                }
                flat.push(item)
            }
        }
    }
    let mut shared = Shared::new(platform, name);
    for (i, item) in flat.into_iter().enumerate() {
        let values: Vec<Option<String>> = fields
            .0
            .iter()
            .map(|column| {
                let column = column.as_deref()?;
                let value = item.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(column))?.1;
                match value {
                    Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                }
            })
            .collect();
        let get = |field: Field| values[field as usize].as_deref();
        let record = u32::try_from(i + 1).unwrap_or(u32::MAX);
        match table_review(&get, fields, &mut shared, (scale, record)) {
            Ok(review) => read.reviews.push(review),
            Err(e) => read.problems.push(msg!("in-record", name = name, record = record, problem = e)),
        }
    }
    Ok(read)
}

/// The most reviews a platform is believed to state for one place: far above the busiest places (a few
/// hundred thousand), so only nonsense ("inf", 1e30, -5, 12.5) is refused.
pub(super) const MAX_STATED_REVIEWS: f64 = 100_000_000.0;

/// A review count as a platform states it: a whole number from 0 to [`MAX_STATED_REVIEWS`], else none.
pub(super) fn stated_count(count: f64) -> Option<u64> {
    (count.is_finite() && (0.0..=MAX_STATED_REVIEWS).contains(&count) && count.fract() == 0.0).then_some(count as u64)
}

/// The rating and review count a place item states, as the platform shows them: Apify's `totalScore` and
/// `reviewsCount`, Outscraper's `rating` and `reviews` (a number there; its reviews are in `reviews_data`).
fn place_totals(item: &Value) -> Option<super::Aggregate> {
    let number = |key: &str| item.get(key).and_then(|v| v.as_f64().or_else(|| v.as_str()?.trim().parse().ok()));
    let (stars, count) = match (number("totalScore"), number("rating")) {
        (Some(stars), _) => (stars, number("reviewsCount")),
        (None, Some(stars)) => (stars, item.get("reviews").and_then(Value::as_f64)),
        (None, None) => return None,
    };
    (stars.is_finite() && stars > 0.0 && stars <= 5.0).then(|| super::Aggregate {
        stars,
        count: count.and_then(stated_count),
        self_published: false,
    })
}

/// The places an Apify place item shows as "People also search for" (`peopleAlsoSearch`: `title`,
/// `totalScore`, `reviewsCount`; its `category` is the block's heading), rating and count as stated.
fn also_search(item: &Value) -> Vec<super::AlsoSearched> {
    let Some(places) = item.get("peopleAlsoSearch").and_then(Value::as_array) else { return Vec::new() };
    places.iter().filter_map(also_searched).collect()
}

fn also_searched(place: &Value) -> Option<super::AlsoSearched> {
    let number = |key: &str| place.get(key).and_then(|v| v.as_f64().or_else(|| v.as_str()?.trim().parse().ok()));
    let name = place.get("title")?.as_str()?.trim();
    (!name.is_empty()).then(|| super::AlsoSearched {
        name: name.to_string(),
        rating: number("totalScore").filter(|r| *r > 0.0 && *r <= 5.0),
        reviews: number("reviewsCount").and_then(stated_count),
    })
}

/// A review row of a flat export (Apify's reviews scraper, Outscraper's reviews rows), not a place item.
fn is_review_row(item: &Value) -> bool {
    ["reviewId", "review_id", "stars", "publishedAtDate", "review_text", "review_rating"]
        .iter()
        .any(|k| item.get(*k).is_some())
}

/// The business's details a place item states: Apify's `title`, `address`, `phone`, `website`; Outscraper's
/// `name`, `full_address`, `phone`, `site`.
fn place_listing(item: &Value) -> Option<crate::gather::Nap> {
    let field = |keys: &[&str]| {
        keys.iter().find_map(|k| item.get(*k)?.as_str().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string))
    };
    let nap = crate::gather::Nap {
        name: field(&["title", "name"]),
        address: field(&["address", "full_address"]),
        phone: field(&["phone", "phoneUnformatted"]),
        website: field(&["website", "site"]),
        // Apify's `openingHours` day rows; Outscraper's `working_hours` object.
        hours: ["openingHours", "working_hours"]
            .iter()
            .find_map(|k| crate::config::weekly::WeeklyHours::from_google_days(item.get(*k)?))
            .map(|h| h.to_string()),
    };
    (!nap.is_empty()).then_some(nap)
}

/// The columns of an Apify place export flattened to a table, where each place is a row and its reviews
/// columns like `reviews/0/stars`, `reviews/1/stars` …: how many review slots there are (0 for a table of
/// review rows).
fn review_slots(header: &[String]) -> usize {
    numbered_slots(header, "reviews/")
}

/// How many `prefixN/…` slots the header has (one more than the highest N; 0 without any).
fn numbered_slots(header: &[String], prefix: &str) -> usize {
    header
        .iter()
        .filter_map(|h| h.get(..prefix.len()).filter(|p| p.eq_ignore_ascii_case(prefix)).map(|_| &h[prefix.len()..]))
        .filter_map(|rest| rest.split_once('/')?.0.parse::<usize>().ok())
        .max()
        .map_or(0, |n| n + 1)
}

/// What every review of one table shares: its platform (or the platforms named in a column, each kept once)
/// and the file name.
struct Shared {
    platform: Arc<str>,
    named: HashMap<String, Arc<str>>,
    source: Arc<str>,
}

impl Shared {
    fn new(platform: &str, source: &str) -> Self {
        Shared { platform: platform.into(), named: HashMap::new(), source: source.into() }
    }

    fn platform(&mut self, named: Option<&str>) -> Arc<str> {
        match named {
            None => self.platform.clone(),
            Some(name) => self.named.entry(name.to_string()).or_insert_with(|| name.into()).clone(),
        }
    }
}

fn table_review<'r>(
    get: &impl Fn(Field) -> Option<&'r str>,
    fields: &Fields,
    shared: &mut Shared,
    (scale, record): (f64, u32),
) -> Result<Review, Text> {
    let missing = |what: &str, field: Field| msg!("in-no-value", what = what, column = fields.name(field));
    let rating = get(Field::Rating).ok_or_else(|| missing("rating", Field::Rating))?;
    let rating = parse::rating(rating, scale)?;
    let date = get(Field::Date).ok_or_else(|| missing("date", Field::Date))?;
    let created = parse::datetime(date)?;
    let reply = get(Field::Reply);
    let reply_at = match get(Field::ReplyDate) {
        Some(t) if reply.is_some() => Some(parse::datetime(t).map_err(|e| msg!("in-reply-date", error = e))?),
        _ => None,
    };
    Ok(Review {
        platform: shared.platform(get(Field::Platform)),
        id: boxed(get(Field::Id)),
        author: boxed(get(Field::Author)),
        stars: rating.stars,
        rating_text: rating.unusual_text(),
        created,
        text: boxed(get(Field::Text)),
        reply: boxed(reply),
        reply_at,
        link: boxed(get(Field::Link)),
        source: shared.source.clone(),
        record,
    })
}

#[cfg(test)]
mod tests {

    fn gbp(bytes: Vec<u8>, name: &str, platform: &str) -> Result<Read, Text> {
        super::gbp(bytes, name, platform)
    }

    fn table(bytes: Vec<u8>, name: &str, platform: &str, source: &ReviewSource) -> Result<Read, Text> {
        super::table(bytes, name, platform, source)
    }

    use super::super::{Location, ReviewSource};
    use super::*;

    fn source(format: Format) -> ReviewSource {
        ReviewSource {
            platform: None,
            location: Location::Url("x".into()),
            format,
            rules: None,
            scale: 5.0,
            delimiter: None,
            columns: Columns::default(),
            seed_rivals: 0,
        }
    }

    #[test]
    fn gbp_pages_concatenated_with_replies_and_word_ratings() {
        let page1 = r#"{"reviews":[{"reviewId":"a","reviewer":{"displayName":"Ann"},"starRating":"FOUR","comment":"Nice",
            "createTime":"2026-10-01T10:00:00Z","updateTime":"2026-10-01T10:00:00Z",
            "reviewReply":{"comment":"Thanks!","updateTime":"2026-10-02T10:00:00Z"}}],"averageRating":4.3,"totalReviewCount":87,"nextPageToken":"x"}"#;
        let page2 = r#"{"reviews":[{"starRating":"ONE","createTime":"2026-10-03T10:00:00Z"},{"starRating":"SIX","createTime":"2026-10-03T10:00:00Z"}]}"#;
        let read = gbp(format!("{page1}\n{page2}").into_bytes(), "g.json", "Google").unwrap();
        assert_eq!(read.reviews.len(), 2);
        assert_eq!(read.reviews[0].reply.as_deref(), Some("Thanks!"));
        assert_eq!(read.reviews[1].text, None, "a review without text");
        assert_eq!(read.problems, ["g.json record 3: `SIX` is not a rating"]);
        assert_eq!(read.aggregate.unwrap().count, Some(87));
        let as_array = gbp(format!("[{page1},{page2}]").into_bytes(), "g.json", "Google").unwrap();
        assert_eq!(as_array.reviews.len(), 2);
    }

    #[test]
    fn malformed_and_empty_gbp_files_name_the_file_and_place() {
        assert!(
            gbp(b"{\"reviews\": [".to_vec(), "g.json", "G")
                .unwrap_err()
                .starts_with("g.json: malformed JSON at line 1")
        );
        assert_eq!(gbp(b"  ".to_vec(), "g.json", "G").unwrap_err(), "g.json: the file is empty");
        assert!(gbp(b"{\"items\": []}".to_vec(), "g.json", "G").unwrap_err().contains("no `reviews` list"));
    }

    #[test]
    fn apify_json_and_outscraper_csv_presets() {
        let apify = r#"[{"name":"Bo","stars":5,"text":"Great","publishedAtDate":"2026-09-01T08:00:00.000Z",
            "responseFromOwnerText":"Thank you","responseFromOwnerDate":"2026-09-01T20:00:00.000Z","reviewUrl":"https://maps/r1"}]"#;
        let read = table(apify.as_bytes().to_vec(), "apify.json", "Google", &source(Format::Apify)).unwrap();
        assert_eq!(read.reviews[0].stars, 5.0);
        assert_eq!(read.reviews[0].link.as_deref(), Some("https://maps/r1"));
        let outscraper = "author_title,review_rating,review_text,review_datetime_utc,owner_answer,owner_answer_timestamp_datetime_utc,review_link\n\
            Cy,2,Slow,10/23/2025 14:05:12,,,https://maps/r2\n\
            Di,9,Odd,10/23/2025 14:05:12,,,https://maps/r3\n";
        let read = table(outscraper.as_bytes().to_vec(), "out.csv", "Google", &source(Format::Outscraper)).unwrap();
        assert_eq!(read.reviews.len(), 1);
        assert_eq!(read.problems, ["out.csv line 3: rating `9` is outside 0-5"]);
        let russian = super::table(outscraper.into(), "out.csv", "Google", &source(Format::Outscraper));
        let problems = russian.unwrap().problems;
        assert_eq!(crate::i18n::Locale::Ru.tr().render(&problems[0]), "out.csv, строка 3: оценка `9` вне шкалы 0–5");
        let nested = r#"[{"name":"Place","reviews_data":[{"review_rating":4,"review_datetime_utc":"2025-10-23"}]}]"#;
        assert_eq!(
            table(nested.as_bytes().to_vec(), "o.json", "Google", &source(Format::Outscraper)).unwrap().reviews.len(),
            1
        );
    }

    #[test]
    fn apify_review_rows_as_csv_make_a_listing_like_their_json() {
        // The CSV view of the Google Maps Reviews Scraper's dataset: every review row repeats the place.
        let csv = "title,address,phone,website,totalScore,reviewsCount,placeId,name,stars,text,publishedAtDate,\
            responseFromOwnerText,responseFromOwnerDate,reviewUrl\n\
            Автосервис Мотор,\"ул. Ленина, 5, Казань\",+7 843 200-00-00,https://motor.example/,4.6,212,ChIJx,\
            Иван,5,Отлично,2026-09-01T08:00:00.000Z,,,https://maps/r1\n\
            Автосервис Мотор,\"ул. Ленина, 5, Казань\",+7 843 200-00-00,https://motor.example/,4.6,212,ChIJx,\
            Пётр,2,Долго,2026-09-03T08:00:00.000Z,Простите,2026-09-04T08:00:00.000Z,https://maps/r2\n";
        let read = table(csv.as_bytes().to_vec(), "apify.csv", "Google", &source(Format::Apify)).unwrap();
        assert_eq!(read.reviews.len(), 2);
        let listing = read.listing.expect("the place columns make a listing");
        assert_eq!(listing.name.as_deref(), Some("Автосервис Мотор"), "the place's title, not the reviewer's name");
        assert_eq!(listing.address.as_deref(), Some("ул. Ленина, 5, Казань"));
        assert_eq!(listing.phone.as_deref(), Some("+7 843 200-00-00"));
        assert_eq!(listing.website.as_deref(), Some("https://motor.example/"));
        let totals = read.aggregate.unwrap();
        assert_eq!((totals.stars, totals.count), (4.6, Some(212)));
        // Review rows without place columns make no listing (the reviewer's `name` is no place).
        let bare = "name,stars,publishedAtDate\nИван,5,2026-09-01T08:00:00.000Z\n";
        let read = table(bare.as_bytes().to_vec(), "apify.csv", "Google", &source(Format::Apify)).unwrap();
        assert!(read.listing.is_none() && read.aggregate.is_none());
    }

    #[test]
    fn an_apify_place_export_as_csv_without_reviews_gives_the_listing_and_its_profile() {
        let csv = "title,totalScore,reviewsCount,placeId,claimThisBusiness,categories/0,imagesCount,description,\
                   phone,address\nАвтосервис Мотор,4.4,120,ChIJmotor,true,Автосервис,4,,+7 843 200-00-00,\
                   \"ул. Ленина, 5, Казань\"\n";
        let read = table(csv.as_bytes().to_vec(), "places.csv", "Google", &source(Format::Apify)).unwrap();
        assert!(read.reviews.is_empty());
        assert_eq!(read.aggregate.map(|a| a.count), Some(Some(120)));
        assert_eq!(read.listing.and_then(|l| l.phone).as_deref(), Some("+7 843 200-00-00"));
        let profile = read.profile.expect("the place's profile");
        assert_eq!((profile.claimed, profile.photos, profile.description_chars), (Some(false), Some(4), Some(0)));
        assert_eq!(profile.id.as_deref(), Some("ChIJmotor"));
    }

    #[test]
    fn csv_mapping_scale_and_missing_columns() {
        let mut s = source(Format::Csv);
        s.scale = 10.0;
        s.columns.rating = Some("Score".into());
        s.columns.date = Some("When".into());
        let csv = "Score;When;text\n8;01.10.2026;ok\n8/10;2026-10-02;fine\n;2026-10-02;none\n";
        let read = table(csv.as_bytes().to_vec(), "y.csv", "Yelp", &s).unwrap();
        assert_eq!(read.reviews.iter().map(|r| r.stars).collect::<Vec<_>>(), [4.0, 4.0]);
        assert_eq!(read.problems, ["y.csv line 4: no rating in `Score`"]);
        let err = table(b"stars,when\n5,2026-01-01\n".to_vec(), "y.csv", "Yelp", &s).unwrap_err();
        assert!(err.contains("no `Score` column for the rating (the header has: stars, when)"), "{err}");
    }

    #[test]
    fn a_stated_count_is_a_whole_number_in_range_or_none() {
        assert_eq!(stated_count(189.0), Some(189));
        assert_eq!(stated_count(0.0), Some(0));
        for nonsense in [f64::INFINITY, f64::NAN, 1e30, 1e308, -5.0, 12.5] {
            assert_eq!(stated_count(nonsense), None, "{nonsense}");
        }
        let item: Value = serde_json::from_str(r#"{"totalScore": 4.5, "reviewsCount": "inf"}"#).unwrap();
        assert_eq!(place_totals(&item).and_then(|a| a.count), None);
    }
}
