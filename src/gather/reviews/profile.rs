//! A listing's profile as a place export states it: whether the owner has claimed it, a closed flag left on,
//! its categories, description, photos, hours, attributes, customers' questions and the owner's posts.
//!
//! Each field is `None` when the export does not carry it ("not in this export", never a fail) and a value,
//! possibly empty, when it does. The readers follow the exports field by field:
//! - Apify's Google Maps Scraper place items (`placeId`, `claimThisBusiness`, `permanentlyClosed`,
//!   `temporarilyClosed`, `categoryName`, `categories`, `description`, `imagesCount`, `openingHours`,
//!   `website`, `phone`, `additionalInfo`, `questionsAndAnswers`, `ownerUpdates`, `bookingLinks`,
//!   `reserveTableUrl`, `scrapedAt`), and the same flattened to CSV columns (`categories/0`, …);
//! - Outscraper's place rows (`place_id`, `verified`, `business_status`, `category`, `subtypes`,
//!   `description`, `photos_count`, `working_hours`, `site`, `phone`, `about`, `booking_appointment_link`,
//!   `reservation_links`);
//! - Business Profile `Location` files (`name`, `categories`, `profile.description`, `regularHours`,
//!   `specialHours`, `metadata.hasVoiceOfMerchant`, `metadata.duplicateLocation`, `metadata.hasPendingEdits`,
//!   `openInfo.status`, `websiteUri`, `phoneNumbers`);
//! - 2GIS catalog branches (`id`, `rubrics`, `schedule`, `contact_groups`, `external_content` photo albums).
//!
//! Apify writes `null` for what it did not scrape as well as for what the place lacks: the opt-in parts
//! (questions, owner posts, attributes) and `imagesCount` count as not in the export when `null`; the place's
//! own fields (`description`, `website`, `phone`, `openingHours`) as empty.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A closed flag on a listing, as the platform shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Closure {
    Open,
    Temporarily,
    Permanently,
}

/// Customers' questions on the listing and how many have no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questions {
    pub asked: usize,
    pub unanswered: usize,
}

/// The owner's posts on the listing: how many the export holds and when the newest was published (a date,
/// or days before the export was made when the platform says "3 weeks ago" and the export is undated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posts {
    pub count: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_days_ago: Option<u32>,
}

/// The profile fields one place export states; `None` where the export does not carry the field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Profile {
    /// The platform's id of the place: Apify's `placeId`, Outscraper's `place_id`, a Business Profile
    /// location's `name`, a 2GIS branch's `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<Closure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// The description's length in characters (0: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_chars: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photos: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_hours: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<bool>,
    /// Attributes set (service options, accessibility, payments …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questions: Option<Questions>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posts: Option<Posts>,
    /// A booking or table reservation link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<bool>,
    /// The listing the platform says this one duplicates (Business Profile's `metadata.duplicateLocation`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    /// Edits by Google or users waiting for the owner (Business Profile's `metadata.hasPendingEdits`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_edits: Option<bool>,
}

impl Profile {
    /// Whether the export stated any profile field at all.
    pub fn is_empty(&self) -> bool {
        *self == Profile { id: self.id.clone(), ..Profile::default() }
    }
}

/// A JSON value as text, trimmed, empty as none.
pub(super) fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A JSON boolean, or one written as text in a CSV cell.
fn flag(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_u64().map(|n| n != 0),
        _ => None,
    }
}

/// A whole, non-negative count, as a number or as text.
fn count(value: Option<&Value>) -> Option<u64> {
    let n = match value? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    super::records::stated_count(n)
}

/// Whether a link field holds a link: a non-empty string, or an array or object with one.
fn has_link(value: &Value) -> bool {
    match value {
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(items) => items.iter().any(has_link),
        Value::Object(fields) => fields.values().any(has_link),
        _ => false,
    }
}

/// The distinct, non-empty names, in order.
fn names<'a>(values: impl Iterator<Item = &'a Value>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in values.filter_map(|v| text(Some(v))) {
        if !out.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            out.push(name);
        }
    }
    out
}

/// Attributes set in an Apify `additionalInfo` (`{"Service options": [{"Delivery": true}, …], …}`) or an
/// Outscraper `about` (`{"Service options": {"Delivery": true}, …}`): the ones that are true.
fn attributes(value: &Value) -> Option<usize> {
    let sections = value.as_object()?;
    let set = sections
        .values()
        .map(|section| match section {
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_object)
                .flat_map(|o| o.values())
                .filter(|v| flag(Some(v)) == Some(true))
                .count(),
            Value::Object(o) => o.values().filter(|v| flag(Some(v)) == Some(true)).count(),
            _ => 0,
        })
        .sum();
    Some(set)
}

/// Apify's `questionsAndAnswers`: `[{"question", "answer" | "answers": [{"answer", …}], "askDate", …}]`.
fn questions(value: &Value) -> Option<Questions> {
    let items = value.as_array()?;
    let answered = |q: &Value| {
        text(q.get("answer")).is_some()
            || q.get("answers").and_then(Value::as_array).is_some_and(|a| {
                a.iter().any(|answer| text(answer.get("answer")).or_else(|| text(Some(answer))).is_some())
            })
    };
    let asked: Vec<&Value> = items.iter().filter(|q| q.is_object()).collect();
    Some(Questions { asked: asked.len(), unanswered: asked.iter().filter(|q| !answered(q)).count() })
}

/// "3 weeks ago", "a month ago", "2 дня назад": how many days before the export, roughly as the platform
/// rounds it (a month is 30 days, a year 365).
fn days_ago(text: &str) -> Option<u32> {
    let text = text.trim().to_lowercase();
    let rest = text.strip_suffix(" ago").or_else(|| text.strip_suffix(" назад"))?;
    let (number, unit) = rest.split_once(' ').unwrap_or(("1", rest));
    let n: u32 = match number {
        "a" | "an" | "one" => 1,
        n => n.parse().ok()?,
    };
    let days = match unit.trim() {
        u if u.starts_with("minute") || u.starts_with("hour") || u.starts_with("мин") || u.starts_with("час") => {
            0
        }
        u if u.starts_with("day") || u.starts_with("дн") || u.starts_with("ден") => 1,
        u if u.starts_with("week") || u.starts_with("недел") => 7,
        u if u.starts_with("month") || u.starts_with("месяц") => 30,
        u if u.starts_with("year") || u.starts_with("год") || u.starts_with("лет") => 365,
        _ => return None,
    };
    n.checked_mul(days)
}

/// Apify's `ownerUpdates`: `[{"text", "postDate", "images", …}]` (an ISO date, or "2 weeks ago").
fn posts(value: &Value) -> Option<Posts> {
    let items = value.as_array()?;
    let mut latest: Option<NaiveDate> = None;
    let mut latest_days_ago: Option<u32> = None;
    for post in items {
        let Some(when) = ["postDate", "date", "publishedAt"].iter().find_map(|k| text(post.get(*k))) else {
            continue;
        };
        if let Ok(at) = super::parse::datetime(&when) {
            latest = latest.max(Some(at.date_naive()));
        } else if let Some(days) = days_ago(&when) {
            latest_days_ago = Some(latest_days_ago.map_or(days, |d| d.min(days)));
        }
    }
    Some(Posts { count: items.len(), latest, latest_days_ago })
}

/// A place item of Apify's Google Maps Scraper or an Outscraper place row; `None` for a review row, which
/// repeats the place's name and address but none of its profile.
pub(crate) fn of_place(item: &Value) -> Option<Profile> {
    let o = item.as_object()?;
    let has = |k: &str| o.contains_key(k);
    let get = |k: &str| o.get(k);
    let present = |k: &str| get(k).filter(|v| !v.is_null());
    let closure = |permanently: Option<bool>, temporarily: Option<bool>| match (permanently, temporarily) {
        (Some(true), _) => Some(Closure::Permanently),
        (_, Some(true)) => Some(Closure::Temporarily),
        (Some(false), _) | (_, Some(false)) => Some(Closure::Open),
        _ => None,
    };
    let categories = if has("categories") || has("categoryName") {
        let listed = present("categories").and_then(Value::as_array).map(|a| names(a.iter())).unwrap_or_default();
        let main = text(get("categoryName"));
        Some(if listed.is_empty() { main.into_iter().collect() } else { listed })
    } else if has("subtypes") || has("category") || has("type") {
        // Outscraper: `subtypes` "Dentist, Dental clinic"; `category`/`type` the main one.
        let listed: Vec<String> = text(get("subtypes"))
            .map(|s| names(s.split(',').map(|p| Value::String(p.to_string())).collect::<Vec<_>>().iter()))
            .unwrap_or_default();
        let main = text(get("category")).or_else(|| text(get("type")));
        Some(if listed.is_empty() { main.into_iter().collect() } else { listed })
    } else {
        None
    };
    let profile = Profile {
        id: ["placeId", "place_id", "google_id"].iter().find_map(|k| text(get(k))),
        claimed: flag(get("claimThisBusiness")).map(|unclaimed| !unclaimed).or_else(|| flag(get("verified"))),
        closed: closure(flag(get("permanentlyClosed")), flag(get("temporarilyClosed"))).or_else(|| {
            match text(get("business_status"))?.to_ascii_uppercase().as_str() {
                "CLOSED_PERMANENTLY" => Some(Closure::Permanently),
                "CLOSED_TEMPORARILY" => Some(Closure::Temporarily),
                "OPERATIONAL" => Some(Closure::Open),
                _ => None,
            }
        }),
        categories,
        description_chars: has("description").then(|| text(get("description")).map_or(0, |d| d.chars().count())),
        photos: count(get("imagesCount")).or_else(|| count(get("photos_count"))),
        hours: ["openingHours", "working_hours"].iter().find(|k| has(k)).map(|k| match get(k) {
            Some(Value::Array(days)) => !days.is_empty(),
            Some(Value::Object(days)) => !days.is_empty(),
            Some(Value::String(s)) => !s.trim().is_empty(),
            _ => false,
        }),
        special_hours: None,
        website: ["website", "site"].iter().find(|k| has(k)).map(|k| text(get(k)).is_some()),
        phone: ["phone", "phoneUnformatted"]
            .iter()
            .find(|k| has(k))
            .map(|_| text(get("phone")).or_else(|| text(get("phoneUnformatted"))).is_some()),
        attributes: present("additionalInfo").or_else(|| present("about")).and_then(attributes),
        questions: present("questionsAndAnswers").and_then(questions),
        posts: present("ownerUpdates").and_then(posts),
        booking: {
            let keys = ["bookingLinks", "reserveTableUrl", "tableReservationLinks", "booking_appointment_link"];
            let keys = keys.iter().chain(["reservation_links"].iter());
            let carried: Vec<&Value> = keys.filter_map(|k| get(k)).collect();
            (!carried.is_empty()).then(|| carried.iter().any(|v| has_link(v)))
        },
        duplicate_of: None,
        pending_edits: None,
    };
    (!profile.is_empty()).then_some(profile)
}

/// A Business Profile `Location` (Business Information API v1).
pub(crate) fn of_gbp_location(location: &Value) -> Option<Profile> {
    let text_at = |pointer: &str| text(location.pointer(pointer));
    let categories = location.get("categories").map(|c| {
        let main = c.pointer("/primaryCategory/displayName");
        let more = c.get("additionalCategories").and_then(Value::as_array).into_iter().flatten();
        names(main.into_iter().chain(more.filter_map(|a| a.get("displayName"))))
    });
    let metadata = location.get("metadata");
    let profile = Profile {
        id: text(location.get("name")),
        claimed: metadata.and_then(|m| flag(m.get("hasVoiceOfMerchant"))),
        closed: text_at("/openInfo/status").and_then(|s| match s.as_str() {
            "OPEN" => Some(Closure::Open),
            "CLOSED_TEMPORARILY" => Some(Closure::Temporarily),
            "CLOSED_PERMANENTLY" => Some(Closure::Permanently),
            _ => None,
        }),
        categories,
        description_chars: location.get("profile").map(|p| text(p.get("description")).map_or(0, |d| d.chars().count())),
        photos: None,
        hours: location
            .get("regularHours")
            .map(|h| h.get("periods").and_then(Value::as_array).is_some_and(|p| !p.is_empty())),
        special_hours: location
            .get("specialHours")
            .map(|h| h.get("specialHourPeriods").and_then(Value::as_array).is_some_and(|p| !p.is_empty())),
        website: location.get("websiteUri").map(|w| text(Some(w)).is_some()),
        phone: location.get("phoneNumbers").map(|_| text_at("/phoneNumbers/primaryPhone").is_some()),
        attributes: None,
        questions: None,
        posts: None,
        booking: None,
        duplicate_of: metadata.and_then(|m| text(m.get("duplicateLocation"))),
        // proto3 JSON leaves out a false boolean: metadata without the flag has no pending edits.
        pending_edits: metadata.map(|m| flag(m.get("hasPendingEdits")).unwrap_or(false)),
    };
    (!profile.is_empty()).then_some(profile)
}

/// A 2GIS catalog branch (`/3.0/items/byid`): its `id`, `rubrics` (`name`, `kind` primary or additional),
/// `schedule`, `contact_groups` and `external_content` (photo albums with their `count`).
pub(crate) fn of_2gis_branch(item: &Value) -> Option<Profile> {
    let contacts: Option<Vec<&Value>> = item
        .get("contact_groups")
        .and_then(Value::as_array)
        .map(|groups| groups.iter().filter_map(|g| g.get("contacts")?.as_array()).flatten().collect());
    let has_contact =
        |kind: &str| contacts.as_ref().map(|c| c.iter().any(|c| c.get("type").and_then(Value::as_str) == Some(kind)));
    let photos = item.get("external_content").and_then(Value::as_array).map(|content| {
        content
            .iter()
            .filter(|c| c.get("type").and_then(Value::as_str).is_some_and(|t| t.contains("photo")))
            .filter_map(|c| count(c.get("count")))
            .sum()
    });
    let profile = Profile {
        id: text(item.get("id")),
        categories: item
            .get("rubrics")
            .and_then(Value::as_array)
            .map(|r| names(r.iter().filter_map(|r| r.get("name")))),
        description_chars: item.get("description").map(|d| text(Some(d)).map_or(0, |d| d.chars().count())),
        photos,
        hours: item.get("schedule").map(|s| s.as_object().is_some_and(|days| !days.is_empty())),
        website: has_contact("website"),
        phone: has_contact("phone"),
        ..Profile::default()
    };
    (!profile.is_empty()).then_some(profile)
}

/// The CSV row of a place export flattened by Apify (`categories/0`, `additionalInfo/Payments/0/Cash`,
/// `questionsAndAnswers/1/answer` …) as the JSON item it was flattened from: numeric path parts make arrays.
pub(crate) fn unflatten(header: &[String], row: &csv::StringRecord) -> Value {
    let mut root = Value::Object(serde_json::Map::new());
    for (column, cell) in header.iter().zip(row.iter()) {
        // Reviews and the places shown beside this one are read elsewhere.
        if column.starts_with("reviews/") || column.starts_with("peopleAlsoSearch/") {
            continue;
        }
        let cell = cell.trim();
        let value = if cell.is_empty() { Value::Null } else { Value::String(cell.to_string()) };
        insert(&mut root, &column.split('/').collect::<Vec<_>>(), value);
    }
    root
}

/// Sets `path` in `node` to `value`, making objects (and arrays for numeric parts) on the way.
fn insert(node: &mut Value, path: &[&str], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        if !value.is_null() || node.is_null() {
            *node = value;
        }
        return;
    };
    match first.parse::<usize>() {
        // A slot far past the others is a column name that only looks like an index: keep it as a field.
        Ok(index) if index < MAX_FLATTENED_SLOTS && (node.is_array() || node.is_null()) => {
            if node.is_null() {
                *node = Value::Array(Vec::new());
            }
            let Value::Array(items) = node else { return };
            if items.len() <= index {
                items.resize(index + 1, Value::Null);
            }
            insert(&mut items[index], rest, value);
        }
        _ => {
            if !node.is_object() {
                *node = Value::Object(serde_json::Map::new());
            }
            let Value::Object(fields) = node else { return };
            insert(fields.entry(first.to_string()).or_insert(Value::Null), rest, value);
        }
    }
}

/// The most slots one flattened array column may have (`categories/0` … `categories/999`).
const MAX_FLATTENED_SLOTS: usize = 1000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_post_dates_are_days_before_the_export() {
        assert_eq!(days_ago("3 weeks ago"), Some(21));
        assert_eq!(days_ago("a month ago"), Some(30));
        assert_eq!(days_ago("2 years ago"), Some(730));
        assert_eq!(days_ago("5 hours ago"), Some(0));
        assert_eq!(days_ago("2 недели назад"), Some(14));
        assert_eq!(days_ago("месяц назад"), Some(30));
        assert_eq!(days_ago("yesterday"), None);
        assert_eq!(days_ago("99999999999 years ago"), None);
    }

    #[test]
    fn a_flattened_csv_row_is_the_item_it_was_flattened_from() {
        let header: Vec<String> =
            ["title", "categories/0", "categories/1", "additionalInfo/Payments/0/Cash", "reviews/0/stars", "x/5000"]
                .map(String::from)
                .to_vec();
        let row = csv::StringRecord::from(vec!["Motor", "Car repair", "Tyre shop", "true", "5", "y"]);
        let item = unflatten(&header, &row);
        assert_eq!(item["categories"], serde_json::json!(["Car repair", "Tyre shop"]));
        assert_eq!(item["additionalInfo"]["Payments"][0]["Cash"], "true");
        assert!(item.get("reviews").is_none());
        assert_eq!(item["x"]["5000"], "y");
    }

    #[test]
    fn an_apify_place_item_gives_its_profile_field_by_field() {
        let item = serde_json::json!({
            "title": "Kim's Island", "description": null, "categoryName": "Chinese restaurant",
            "categories": ["Chinese restaurant", "Meal delivery"], "website": "http://kimsislandsi.com/",
            "phone": "+1 718-356-5168", "claimThisBusiness": true, "permanentlyClosed": false,
            "temporarilyClosed": false, "placeId": "ChIJJQz5EZzKw4kRCZ95UajbyGw", "imagesCount": 28,
            "openingHours": [{"day": "Monday", "hours": "Closed"}], "reserveTableUrl": null,
            "additionalInfo": {"Dining options": [{"Lunch": true}, {"Dinner": true}], "Payments": [{"Cash only": false}]},
            "questionsAndAnswers": null, "ownerUpdates": [{"text": "New menu", "postDate": "3 weeks ago"}],
            "scrapedAt": "2023-06-13T18:05:20.602Z", "reviews": []
        });
        let p = of_place(&item).expect("a place item");
        assert_eq!(p.id.as_deref(), Some("ChIJJQz5EZzKw4kRCZ95UajbyGw"));
        assert_eq!(p.claimed, Some(false), "claimThisBusiness: true is an unclaimed listing");
        assert_eq!(p.closed, Some(Closure::Open));
        assert_eq!(p.categories.as_ref().map(Vec::len), Some(2));
        assert_eq!(p.description_chars, Some(0));
        assert_eq!(p.photos, Some(28));
        assert_eq!((p.hours, p.website, p.phone), (Some(true), Some(true), Some(true)));
        assert_eq!(p.attributes, Some(2));
        assert_eq!(p.questions, None, "questions not scraped are not in the export");
        assert_eq!(p.posts.map(|p| (p.count, p.latest_days_ago)), Some((1, Some(21))));
        assert_eq!(p.booking, Some(false));
    }

    #[test]
    fn an_outscraper_row_a_gbp_location_and_a_2gis_branch_give_theirs() {
        let row = serde_json::json!({"name": "Cafe", "place_id": "ChIJe4Qz", "verified": false,
            "business_status": "CLOSED_TEMPORARILY", "subtypes": "Cafe, Coffee shop", "photos_count": 12,
            "site": "", "phone": "+1 310-555-0100", "working_hours": {"Monday": "8AM-5PM"}});
        let p = of_place(&row).unwrap();
        assert_eq!((p.claimed, p.closed, p.photos), (Some(false), Some(Closure::Temporarily), Some(12)));
        assert_eq!(p.categories, Some(vec!["Cafe".to_string(), "Coffee shop".to_string()]));
        assert_eq!(p.website, Some(false));
        let location = serde_json::json!({"name": "locations/123", "title": "Cafe",
            "storefrontAddress": {"addressLines": ["1 Main St"]},
            "categories": {"primaryCategory": {"displayName": "Cafe"}, "additionalCategories": [{"displayName": "Bakery"}]},
            "profile": {"description": "Fresh bread every morning."}, "openInfo": {"status": "OPEN"},
            "metadata": {"hasVoiceOfMerchant": true, "duplicateLocation": "locations/99"}});
        let p = of_gbp_location(&location).unwrap();
        assert_eq!(p.id.as_deref(), Some("locations/123"));
        assert_eq!((p.claimed, p.closed, p.pending_edits), (Some(true), Some(Closure::Open), Some(false)));
        assert_eq!(p.categories.as_ref().map(Vec::len), Some(2));
        assert_eq!(p.description_chars, Some(26));
        assert_eq!(p.duplicate_of.as_deref(), Some("locations/99"));
        assert_eq!((p.photos, p.hours), (None, None), "a location file carries neither");
        let branch = serde_json::json!({"id": "70000001", "name": "Мотор", "rubrics": [{"name": "Автосервисы", "kind": "primary"}],
            "contact_groups": [{"contacts": [{"type": "phone", "value": "+78432000000"}]}],
            "external_content": [{"type": "photo_album", "count": 7}]});
        let p = of_2gis_branch(&branch).unwrap();
        assert_eq!((p.photos, p.phone, p.website, p.hours), (Some(7), Some(true), Some(false), None));
        assert_eq!(p.claimed, None);
    }

    #[test]
    fn a_review_row_has_no_profile() {
        let row = serde_json::json!({"title": "Motor", "address": "ул. Ленина, 5", "name": "Ivan", "stars": 5});
        assert_eq!(of_place(&row), None);
    }
}
