//! Review exports of the Russian-market map platforms, as they are published: the JSON pages of 2GIS's
//! public reviews API, and Yandex Maps reviews as the widely used open-source parser writes them
//! (`company_info`, `company_reviews`) or as the maps' own review JSON carries them (`reviewId`,
//! `businessComment`), told apart by shape.

use std::sync::Arc;

use serde_json::Value;

use super::{Aggregate, Read, Review, boxed, json_pages, parse};
use crate::i18n::Text;
use crate::msg;

use super::profile::text as text_of;

/// 2GIS: `{"meta": {"branch_rating", "branch_reviews_count", …}, "reviews": [{"id", "rating", "text",
/// "date_created", "date_edited", "official_answer": {"text", "date_created"} | null, "user": {"name"},
/// "is_hidden"}]}`. Hidden reviews (removed by moderation) are not shown to customers and are not counted;
/// an edited review keeps its creation date; the branch's rating and count are the platform's own figures.
pub(super) fn twogis(text: &str, name: &str, platform: &str) -> Result<Read, Text> {
    let mut pages = TwoGis { file: File::new(name, platform), hidden: 0 };
    json_pages::read(text, name, &["reviews"], &mut pages)?;
    let mut read = pages.file.read;
    if pages.hidden > 0 {
        read.problems.push(msg!("in-hidden-reviews", name = name, count = pages.hidden));
    }
    Ok(read)
}

/// The reviews of one file as they are read, numbered in the file's order.
struct File<'a> {
    read: Read,
    name: &'a str,
    platform: Arc<str>,
    source: Arc<str>,
    record: u32,
}

impl<'a> File<'a> {
    fn new(name: &'a str, platform: &str) -> Self {
        File { read: Read::default(), name, platform: platform.into(), source: name.into(), record: 0 }
    }

    fn push(&mut self, fields: Fields) {
        self.record += 1;
        push(&mut self.read, fields, (&self.platform, &self.source, self.record), self.name);
    }
}

struct TwoGis<'a> {
    file: File<'a>,
    hidden: usize,
}

impl json_pages::Pages for TwoGis<'_> {
    fn item(&mut self, _: &'static str, review: Value) {
        if review.get("is_hidden").and_then(Value::as_bool) == Some(true) {
            self.file.record += 1;
            self.hidden += 1;
            return;
        }
        let mut fields = TWOGIS.fields(&review);
        if fields.author.is_none() {
            // Some answers of the reviews API name the reviewer in parts (`user.first_name`, `user.last_name`).
            let part = |key: &str| text_of(review.get("user").and_then(|u| u.get(key)));
            let parts: Vec<String> = [part("first_name"), part("last_name")].into_iter().flatten().collect();
            fields.author = (!parts.is_empty()).then(|| parts.join(" "));
        }
        self.file.push(fields);
    }

    fn page(&mut self, page: Value, streamed: &[&'static str]) -> Result<(), Text> {
        let read = &mut self.file.read;
        if streamed.is_empty() {
            // A branch from the 2GIS catalog API (`result.items[]`, or an item alone): the listing's details.
            let Some(branch) = catalog_branch(&page) else {
                return Err(msg!("in-not-platform", name = self.file.name, platform = "2GIS"));
            };
            if read.listing.is_none() {
                read.listing = Some(branch.0);
                read.profile = branch.2;
            }
            if read.aggregate.is_none() {
                read.aggregate = branch.1;
            }
            return Ok(());
        }
        if read.aggregate.is_none()
            && let Some(meta) = page.get("meta")
            && let Some(stars) = meta.get("branch_rating").and_then(Value::as_f64)
        {
            let count = meta.get("branch_reviews_count").and_then(Value::as_u64);
            read.aggregate = Some(Aggregate { stars, count, self_published: false });
        }
        Ok(())
    }
}

/// A 2GIS catalog API branch (`/3.0/items/byid` with `fields=items.contact_groups,items.schedule,
/// items.reviews`: `{"result": {"items": [{"name", "address_name", "contact_groups": [{"contacts": [{"type":
/// "phone" | "website" | …, "value", "text"}]}], "schedule": {"Mon": {"working_hours": […]}, …}, "reviews":
/// {"general_rating", "general_review_count"}}]}}`): its name, address, first phone, website (the shown
/// `text`: `value` is 2GIS's redirect link) and hours; and its rating, when stated.
fn catalog_branch(page: &Value) -> Option<(crate::gather::Nap, Option<Aggregate>, Option<super::profile::Profile>)> {
    let item = match page.pointer("/result/items").and_then(Value::as_array) {
        Some(items) => items.first()?,
        None if page.get("address_name").is_some() || page.get("contact_groups").is_some() => page,
        None => return None,
    };
    let contacts: Vec<&Value> = item
        .get("contact_groups")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|g| g.get("contacts")?.as_array())
        .flatten()
        .collect();
    let contact = |kind: &str, keys: &[&str]| {
        contacts
            .iter()
            .filter(|c| c.get("type").and_then(Value::as_str) == Some(kind))
            .find_map(|c| keys.iter().find_map(|k| text_of(c.get(*k))))
    };
    let address = text_of(item.get("address_name")).or_else(|| text_of(item.get("full_address_name")));
    let nap = crate::gather::Nap {
        name: text_of(item.get("name")),
        address,
        phone: contact("phone", &["value", "text"]),
        website: contact("website", &["text", "url"]),
        hours: item
            .get("schedule")
            .and_then(crate::config::weekly::WeeklyHours::from_2gis_schedule)
            .map(|h| h.to_string()),
    };
    let aggregate = item.get("reviews").and_then(|r| {
        let stars = r.get("general_rating").and_then(Value::as_f64).filter(|s| *s > 0.0 && *s <= 5.0)?;
        Some(Aggregate { stars, count: r.get("general_review_count").and_then(Value::as_u64), self_published: false })
    });
    (!nap.is_empty()).then(|| (nap, aggregate, super::profile::of_2gis_branch(item)))
}

/// Yandex Maps, either shape: the open-source parser's `{"company_info": {"name", "rating", "count_rating"},
/// "company_reviews": [{"name", "date" (Unix time), "text", "stars", "answer"}]}` (its answers carry no date:
/// they count as replies, untimed), or the maps' review JSON `[{"reviewId", "author": {"name"}, "text",
/// "rating", "updatedTime", "businessComment": {"text", "updatedTime"}}]` (alone, or under `reviews`).
pub(super) fn yandex(text: &str, name: &str, platform: &str) -> Result<Read, Text> {
    let mut pages = Yandex(File::new(name, platform));
    json_pages::read(text, name, &["company_reviews", "reviews"], &mut pages)?;
    Ok(pages.0.read)
}

struct Yandex<'a>(File<'a>);

impl json_pages::Pages for Yandex<'_> {
    fn item(&mut self, key: &'static str, review: Value) {
        let fields = if key == "company_reviews" {
            Fields {
                id: None,
                author: text_of(review.get("name")),
                rating: text_of(review.get("stars")),
                // A Unix time stamp, with or without a fraction.
                date: review.get("date").and_then(Value::as_f64).map(|t| (t.trunc() as i64).to_string()),
                text: text_of(review.get("text")),
                reply: text_of(review.get("answer")),
                reply_date: None,
            }
        } else {
            YANDEX_MAPS.fields(&review)
        };
        self.0.push(fields);
    }

    fn page(&mut self, page: Value, streamed: &[&'static str]) -> Result<(), Text> {
        if streamed.contains(&"company_reviews") {
            let read = &mut self.0.read;
            if read.aggregate.is_none()
                && let Some(info) = page.get("company_info")
                && let Some(stars) =
                    info.get("rating").and_then(|r| r.as_f64().or_else(|| r.as_str()?.replace(',', ".").parse().ok()))
            {
                let count =
                    info.get("count_rating").and_then(|c| c.as_u64().or_else(|| c.as_str()?.trim().parse().ok()));
                read.aggregate = Some(Aggregate { stars, count, self_published: false });
            }
            return Ok(());
        }
        if streamed.contains(&"reviews") {
            return Ok(());
        }
        if page.get("reviewId").is_some() {
            self.0.push(YANDEX_MAPS.fields(&page));
            return Ok(());
        }
        Err(msg!("in-not-platform", name = self.0.name, platform = "Yandex Maps"))
    }
}

/// Where a platform's review JSON keeps each field, as a path of keys from the review object.
struct Shape {
    id: &'static [&'static str],
    author: &'static [&'static str],
    rating: &'static [&'static str],
    date: &'static [&'static str],
    text: &'static [&'static str],
    reply: &'static [&'static str],
    reply_date: &'static [&'static str],
}

/// 2GIS's public reviews API.
const TWOGIS: Shape = Shape {
    id: &["id"],
    author: &["user", "name"],
    rating: &["rating"],
    date: &["date_created"],
    text: &["text"],
    reply: &["official_answer", "text"],
    reply_date: &["official_answer", "date_created"],
};

/// The Yandex Maps review JSON.
const YANDEX_MAPS: Shape = Shape {
    id: &["reviewId"],
    author: &["author", "name"],
    rating: &["rating"],
    date: &["updatedTime"],
    text: &["text"],
    reply: &["businessComment", "text"],
    reply_date: &["businessComment", "updatedTime"],
};

impl Shape {
    fn fields(&self, review: &Value) -> Fields {
        let at = |path: &[&str]| text_of(path.iter().try_fold(review, |value, key| value.get(key)));
        Fields {
            id: at(self.id),
            author: at(self.author),
            rating: at(self.rating),
            date: at(self.date),
            text: at(self.text),
            reply: at(self.reply),
            reply_date: at(self.reply_date),
        }
    }
}

/// One review's fields as the platform names them, before parsing.
struct Fields {
    id: Option<String>,
    author: Option<String>,
    rating: Option<String>,
    date: Option<String>,
    text: Option<String>,
    reply: Option<String>,
    reply_date: Option<String>,
}

/// Parses one review into `read`, or notes why it could not be used.
fn push(read: &mut Read, f: Fields, (platform, source, record): (&Arc<str>, &Arc<str>, u32), name: &str) {
    let parsed = (|| {
        let rating = parse::rating(f.rating.as_deref().ok_or_else(|| msg!("in-no-rating"))?, 5.0)?;
        let created = parse::datetime(f.date.as_deref().ok_or_else(|| msg!("in-no-date"))?)?;
        let reply_at = match &f.reply_date {
            Some(d) => Some(parse::datetime(d).map_err(|e| msg!("in-reply-date", error = e))?),
            None => None,
        };
        Ok::<_, Text>(Review {
            platform: platform.clone(),
            id: boxed(f.id),
            author: boxed(f.author),
            stars: rating.stars,
            rating_text: rating.unusual_text(),
            created,
            text: boxed(f.text),
            reply: boxed(f.reply),
            reply_at,
            link: None,
            source: source.clone(),
            record,
        })
    })();
    match parsed {
        Ok(review) => read.reviews.push(review),
        Err(e) => read.problems.push(msg!("in-record", name = name, record = record, problem = e)),
    }
}
