//! Record-shaped exports: Google Business Profile API pages, and tables (CSV or a JSON array of objects) read
//! through a column mapping, with presets for Apify's and Outscraper's Google Maps review exports.

use serde_json::Value;

use super::parse;
use super::{Columns, Format, Read, Review, ReviewSource};

/// One record's fields by name, and where it stands in the file ("line 12", "record 3").
struct Record {
    fields: Vec<(String, String)>,
    place: String,
}

impl Record {
    fn get(&self, column: Option<&str>) -> Option<&str> {
        let column = column?;
        self.fields
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(column))
            .map(|(_, value)| value.trim())
            .filter(|v| !v.is_empty())
    }
}

fn utf8(bytes: &[u8], name: &str) -> Result<String, String> {
    let text = String::from_utf8(bytes.to_vec()).map_err(|_| format!("{name}: not UTF-8 text; save it as UTF-8"))?;
    Ok(text.trim_start_matches('\u{feff}').to_string())
}

/// Google Business Profile `reviews.list` responses: one object, an array of them, or several one after the
/// other (pages concatenated).
pub fn gbp(bytes: &[u8], name: &str, platform: &str) -> Result<Read, String> {
    let text = utf8(bytes, name)?;
    if text.trim().is_empty() {
        return Err(format!("{name}: the file is empty"));
    }
    let mut pages = Vec::new();
    for value in serde_json::Deserializer::from_str(&text).into_iter::<Value>() {
        match value {
            Ok(Value::Array(items)) => pages.extend(items),
            Ok(value) => pages.push(value),
            Err(e) => return Err(format!("{name}: malformed JSON at line {}, column {}: {e}", e.line(), e.column())),
        }
    }
    let mut read = Read::default();
    let mut record = 0;
    for page in &pages {
        let Some(reviews) = page.get("reviews").and_then(Value::as_array) else {
            if page.get("reviews").is_none() && page.get("totalReviewCount").is_none() {
                return Err(format!("{name}: not a Business Profile reviews export (no `reviews` list)"));
            }
            continue;
        };
        for review in reviews {
            record += 1;
            let place = format!("{name} record {record}");
            match gbp_review(review, platform, &place) {
                Ok(review) => read.reviews.push(review),
                Err(e) => read.problems.push(format!("{place}: {e}")),
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

fn gbp_review(review: &Value, platform: &str, place: &str) -> Result<Review, String> {
    let field = |path: &[&str]| {
        let mut value = review;
        for key in path {
            value = value.get(key)?;
        }
        value.as_str().map(str::to_string).filter(|s| !s.trim().is_empty())
    };
    let rating = field(&["starRating"]).ok_or("no `starRating`")?;
    let rating = parse::rating(&rating, 5.0)?;
    let created = parse::datetime(&field(&["createTime"]).ok_or("no `createTime`")?)?;
    let reply_at = match field(&["reviewReply", "updateTime"]) {
        Some(t) => Some(parse::datetime(&t).map_err(|e| format!("reply time: {e}"))?),
        None => None,
    };
    Ok(Review {
        platform: platform.to_string(),
        author: field(&["reviewer", "displayName"]),
        stars: rating.stars,
        rating_text: rating.original,
        created,
        text: field(&["comment"]),
        reply: field(&["reviewReply", "comment"]),
        reply_at,
        link: field(&["name"]),
        source: place.to_string(),
    })
}

/// The column names a format uses for each field, unless the audit names others.
fn preset(format: Format) -> Columns {
    let some = |s: &str| Some(s.to_string());
    match format {
        Format::Apify => Columns {
            platform: None,
            author: some("name"),
            rating: some("stars"),
            date: some("publishedAtDate"),
            text: some("text"),
            reply: some("responseFromOwnerText"),
            reply_date: some("responseFromOwnerDate"),
            link: some("reviewUrl"),
            id: some("reviewId"),
        },
        Format::Outscraper => Columns {
            platform: None,
            author: some("author_title"),
            rating: some("review_rating"),
            date: some("review_datetime_utc"),
            text: some("review_text"),
            reply: some("owner_answer"),
            reply_date: some("owner_answer_timestamp_datetime_utc"),
            link: some("review_link"),
            id: some("review_id"),
        },
        _ => Columns {
            platform: some("platform"),
            author: some("author"),
            rating: some("rating"),
            date: some("date"),
            text: some("text"),
            reply: some("reply"),
            reply_date: some("reply_date"),
            link: some("link"),
            id: some("id"),
        },
    }
}

/// The source's columns over the preset.
fn columns(source: &ReviewSource) -> Columns {
    let base = preset(source.format);
    let c = &source.columns;
    let pick = |mine: &Option<String>, preset: Option<String>| mine.clone().or(preset);
    Columns {
        platform: pick(&c.platform, base.platform),
        author: pick(&c.author, base.author),
        rating: pick(&c.rating, base.rating),
        date: pick(&c.date, base.date),
        text: pick(&c.text, base.text),
        reply: pick(&c.reply, base.reply),
        reply_date: pick(&c.reply_date, base.reply_date),
        link: pick(&c.link, base.link),
        id: pick(&c.id, base.id),
    }
}

/// A CSV, or a JSON array of flat objects (Outscraper's nested `reviews_data` too), read through the columns.
pub fn table(bytes: &[u8], name: &str, platform: &str, source: &ReviewSource) -> Result<Read, String> {
    let text = utf8(bytes, name)?;
    if text.trim().is_empty() {
        return Err(format!("{name}: the file is empty"));
    }
    let columns = columns(source);
    let trimmed = text.trim_start();
    let records = if trimmed.starts_with('[') || trimmed.starts_with('{') {
        json_records(&text, name)?
    } else {
        csv_records(&text, name, source.delimiter, &columns)?
    };
    let mut read = Read::default();
    for record in &records {
        match table_review(record, &columns, platform, source.scale) {
            Ok(review) => read.reviews.push(review),
            Err(e) => read.problems.push(format!("{}: {e}", record.place)),
        }
    }
    Ok(read)
}

fn csv_records(text: &str, name: &str, delimiter: Option<u8>, columns: &Columns) -> Result<Vec<Record>, String> {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = delimiter.unwrap_or_else(|| {
        [b',', b';', b'\t'].into_iter().max_by_key(|d| first_line.bytes().filter(|b| b == d).count()).unwrap_or(b',')
    });
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| format!("{name}: cannot read the header: {e}"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    for (what, column) in [("rating", &columns.rating), ("date", &columns.date)] {
        let Some(column) = column else { continue };
        if !header.iter().any(|h| h.eq_ignore_ascii_case(column)) {
            return Err(format!(
                "{name}: no `{column}` column for the {what} (the header has: {}); set [reviews.columns] {what}",
                header.join(", ")
            ));
        }
    }
    let mut records = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = row.as_ref().ok().and_then(|r| r.position()).map_or(i + 2, |p| p.line() as usize);
        let row = row.map_err(|e| format!("{name} line {line}: {e}"))?;
        if row.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let fields = header.iter().cloned().zip(row.iter().map(str::to_string)).collect();
        records.push(Record { fields, place: format!("{name} line {line}") });
    }
    Ok(records)
}

fn json_records(text: &str, name: &str) -> Result<Vec<Record>, String> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| format!("{name}: malformed JSON at line {}, column {}: {e}", e.line(), e.column()))?;
    let items = match value {
        Value::Array(items) => items,
        Value::Object(_) => vec![value],
        _ => return Err(format!("{name}: expected a JSON array of reviews")),
    };
    // Outscraper nests each place's reviews in `reviews_data`.
    let mut flat = Vec::new();
    for item in items {
        match item.get("reviews_data").and_then(Value::as_array) {
            Some(nested) => flat.extend(nested.iter().cloned()),
            None => flat.push(item),
        }
    }
    Ok(flat
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let fields = match item {
                Value::Object(map) => map
                    .into_iter()
                    .filter_map(|(k, v)| {
                        let text = match v {
                            Value::String(s) => s,
                            Value::Number(n) => n.to_string(),
                            Value::Bool(b) => b.to_string(),
                            _ => return None,
                        };
                        Some((k, text))
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Record { fields, place: format!("{name} record {}", i + 1) }
        })
        .collect())
}

fn table_review(record: &Record, columns: &Columns, platform: &str, scale: f64) -> Result<Review, String> {
    let rating_column = columns.rating.as_deref();
    let rating = record.get(rating_column).ok_or_else(|| format!("no rating in `{}`", rating_column.unwrap_or("")))?;
    let rating = parse::rating(rating, scale)?;
    let date_column = columns.date.as_deref();
    let created =
        parse::datetime(record.get(date_column).ok_or_else(|| format!("no date in `{}`", date_column.unwrap_or("")))?)?;
    let reply = record.get(columns.reply.as_deref()).map(str::to_string);
    let reply_at = match record.get(columns.reply_date.as_deref()) {
        Some(t) if reply.is_some() => Some(parse::datetime(t).map_err(|e| format!("reply date: {e}"))?),
        _ => None,
    };
    Ok(Review {
        platform: record.get(columns.platform.as_deref()).unwrap_or(platform).to_string(),
        author: record.get(columns.author.as_deref()).map(str::to_string),
        stars: rating.stars,
        rating_text: rating.original,
        created,
        text: record.get(columns.text.as_deref()).map(str::to_string),
        reply,
        reply_at,
        link: record.get(columns.link.as_deref()).map(str::to_string),
        source: record.place.clone(),
    })
}

#[cfg(test)]
mod tests {
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
        }
    }

    #[test]
    fn gbp_pages_concatenated_with_replies_and_word_ratings() {
        let page1 = r#"{"reviews":[{"reviewId":"a","reviewer":{"displayName":"Ann"},"starRating":"FOUR","comment":"Nice",
            "createTime":"2026-10-01T10:00:00Z","updateTime":"2026-10-01T10:00:00Z",
            "reviewReply":{"comment":"Thanks!","updateTime":"2026-10-02T10:00:00Z"}}],"averageRating":4.3,"totalReviewCount":87,"nextPageToken":"x"}"#;
        let page2 = r#"{"reviews":[{"starRating":"ONE","createTime":"2026-10-03T10:00:00Z"},{"starRating":"SIX","createTime":"2026-10-03T10:00:00Z"}]}"#;
        let read = gbp(format!("{page1}\n{page2}").as_bytes(), "g.json", "Google").unwrap();
        assert_eq!(read.reviews.len(), 2);
        assert_eq!(read.reviews[0].reply.as_deref(), Some("Thanks!"));
        assert_eq!(read.reviews[1].text, None, "a review without text");
        assert_eq!(read.problems, ["g.json record 3: `SIX` is not a rating"]);
        assert_eq!(read.aggregate.unwrap().count, Some(87));
        let as_array = gbp(format!("[{page1},{page2}]").as_bytes(), "g.json", "Google").unwrap();
        assert_eq!(as_array.reviews.len(), 2);
    }

    #[test]
    fn malformed_and_empty_gbp_files_name_the_file_and_place() {
        assert!(gbp(b"{\"reviews\": [", "g.json", "G").unwrap_err().starts_with("g.json: malformed JSON at line 1"));
        assert_eq!(gbp(b"  ", "g.json", "G").unwrap_err(), "g.json: the file is empty");
        assert!(gbp(b"{\"items\": []}", "g.json", "G").unwrap_err().contains("no `reviews` list"));
    }

    #[test]
    fn apify_json_and_outscraper_csv_presets() {
        let apify = r#"[{"name":"Bo","stars":5,"text":"Great","publishedAtDate":"2026-09-01T08:00:00.000Z",
            "responseFromOwnerText":"Thank you","responseFromOwnerDate":"2026-09-01T20:00:00.000Z","reviewUrl":"https://maps/r1"}]"#;
        let read = table(apify.as_bytes(), "apify.json", "Google", &source(Format::Apify)).unwrap();
        assert_eq!(read.reviews[0].stars, 5.0);
        assert_eq!(read.reviews[0].link.as_deref(), Some("https://maps/r1"));
        let outscraper = "author_title,review_rating,review_text,review_datetime_utc,owner_answer,owner_answer_timestamp_datetime_utc,review_link\n\
            Cy,2,Slow,10/23/2025 14:05:12,,,https://maps/r2\n\
            Di,9,Odd,10/23/2025 14:05:12,,,https://maps/r3\n";
        let read = table(outscraper.as_bytes(), "out.csv", "Google", &source(Format::Outscraper)).unwrap();
        assert_eq!(read.reviews.len(), 1);
        assert_eq!(read.problems, ["out.csv line 3: rating `9` is outside 0-5"]);
        let nested = r#"[{"name":"Place","reviews_data":[{"review_rating":4,"review_datetime_utc":"2025-10-23"}]}]"#;
        assert_eq!(table(nested.as_bytes(), "o.json", "Google", &source(Format::Outscraper)).unwrap().reviews.len(), 1);
    }

    #[test]
    fn csv_mapping_scale_and_missing_columns() {
        let mut s = source(Format::Csv);
        s.scale = 10.0;
        s.columns.rating = Some("Score".into());
        s.columns.date = Some("When".into());
        let csv = "Score;When;text\n8;01.10.2026;ok\n8/10;2026-10-02;fine\n;2026-10-02;none\n";
        let read = table(csv.as_bytes(), "y.csv", "Yelp", &s).unwrap();
        assert_eq!(read.reviews.iter().map(|r| r.stars).collect::<Vec<_>>(), [4.0, 4.0]);
        assert_eq!(read.problems, ["y.csv line 4: no rating in `Score`"]);
        let err = table(b"stars,when\n5,2026-01-01\n", "y.csv", "Yelp", &s).unwrap_err();
        assert!(err.contains("no `Score` column for the rating (the header has: stars, when)"), "{err}");
    }
}
