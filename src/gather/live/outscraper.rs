//! Outscraper: the Google Maps reviews endpoint (`/maps/reviews-v3`) with the key in the `X-API-KEY` header.
//! A synchronous answer carries the places in `data`; an asynchronous one (`status: "Pending"` with a
//! `results_location`) is polled until it is `Success` (or fails). Each place holds its reviews in
//! `reviews_data`, as Outscraper's JSON export does, read by the same reader.

use std::time::Duration;

use super::http::{Conversation, Request};
use super::{Credentials, Live, Pages};
use crate::config::sources::Target;
use crate::i18n::Text;
use crate::msg;

pub(crate) const BASE: (&str, &str) = ("TOUCHAUDIT_OUTSCRAPER_URL", "https://api.app.outscraper.com");
pub(crate) const KEY: &str = "OUTSCRAPER_API_KEY";
/// Seconds between polls of an asynchronous request's results.
pub(crate) const POLL_S: u64 = 3;
/// Polls of one request at most (with [`POLL_S`], ten minutes; the source's own time limit still holds).
pub(crate) const MAX_POLLS: usize = 200;
/// Up to this many reviews are asked for in one synchronous request; more are asked for asynchronously.
pub(crate) const SYNC_ITEMS: usize = 500;

fn key_header() -> reqwest::header::HeaderName {
    reqwest::header::HeaderName::from_static("x-api-key")
}

pub(super) async fn fetch(conv: &mut Conversation, live: &Live<'_>, credentials: &Credentials) -> Result<Pages, Text> {
    let Target::OutscraperQuery(query) = &live.source.target else {
        return Err(Text::from("not an Outscraper query"));
    };
    let key = credentials.get(KEY, conv)?;
    let mut url = super::join(&live.base, "maps/reviews-v3")?;
    let asynchronous = live.source.max_items > SYNC_ITEMS;
    url.query_pairs_mut()
        .append_pair("query", query)
        .append_pair("reviewsLimit", &live.source.max_items.to_string())
        .append_pair("limit", "1")
        .append_pair("sort", "newest")
        .append_pair("async", if asynchronous { "true" } else { "false" });
    let mut request = Request::get(url).header(key_header(), key.clone());
    for poll in 0..=MAX_POLLS {
        let answer = conv.send(&request).await.map_err(|f| super::fault(f, live, KEY))?;
        let value: serde_json::Value =
            serde_json::from_str(&answer.body).map_err(|e| super::malformed(conv, live, &e.to_string()))?;
        let status = value.get("status").and_then(|s| s.as_str()).unwrap_or("Success");
        match status {
            "Pending" | "pending" | "Running" => {
                // The first answer says where the results will be; a poll of them may not say it again.
                match value.get("results_location").and_then(|l| l.as_str()) {
                    Some(location) => {
                        // The results URL is followed on the configured host only: the key goes nowhere else.
                        let next = super::rebase(&live.base, location)?;
                        request = Request::get(next).header(key_header(), key.clone());
                    }
                    None if poll > 0 => {}
                    None => return Err(super::malformed(conv, live, "a pending request without its results_location")),
                }
                if poll > 0 || !asynchronous {
                    tokio::time::sleep(Duration::from_secs(POLL_S)).await;
                }
            }
            "Success" | "success" => {
                let Some(data) = value.get("data") else {
                    return Err(super::malformed(conv, live, "a finished request without `data`"));
                };
                let places = places(data);
                let items =
                    places.iter().map(|p| p.get("reviews_data").and_then(|r| r.as_array()).map_or(0, Vec::len)).sum();
                conv.took(items);
                let mut pages = Pages { items, ..Pages::default() };
                let stated =
                    places.iter().filter_map(|p| p.get("reviews").and_then(serde_json::Value::as_u64)).sum::<u64>();
                if items >= live.source.max_items && stated as usize > items {
                    pages.more(live, Some(stated as usize));
                }
                return Ok(pages);
            }
            other => {
                let message = conv.redact(&super::http::api_message(&answer.body));
                return Err(msg!("live-job-failed", source = "Outscraper", status = other, message = message));
            }
        }
    }
    let seconds = POLL_S * MAX_POLLS as u64;
    Err(msg!("live-job-pending", source = "Outscraper", seconds = seconds))
}

/// The places of a `data` answer: a list of places, or a list per query of them.
fn places(data: &serde_json::Value) -> Vec<&serde_json::Value> {
    let mut out = Vec::new();
    for item in data.as_array().into_iter().flatten() {
        match item {
            serde_json::Value::Array(inner) => out.extend(inner.iter().filter(|p| p.is_object())),
            place if place.is_object() => out.push(place),
            _ => {}
        }
    }
    out
}

/// The places of the finished answer as one JSON list, as Outscraper's JSON export holds them.
pub(super) fn assemble(pages: &[&str]) -> Result<Vec<u8>, Text> {
    let mut all: Vec<serde_json::Value> = Vec::new();
    for page in pages {
        let value: serde_json::Value =
            serde_json::from_str(page).map_err(|_| Text::from("a saved Outscraper answer is not JSON"))?;
        all.extend(value.get("data").map(places).unwrap_or_default().into_iter().cloned());
    }
    serde_json::to_vec(&all).map_err(|e| Text::from(e.to_string()))
}
