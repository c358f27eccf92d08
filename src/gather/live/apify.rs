//! Apify: the items of the newest successful run of a saved task or an actor, or of one dataset, paged with
//! `offset` and `limit` (`X-Apify-Pagination-Total` says how many there are), the token as a bearer header.
//! The items are what an export of the same dataset holds, read by the Apify reader.

use reqwest::header::AUTHORIZATION;

use super::http::{Conversation, Request};
use super::{Credentials, Live, Pages};
use crate::config::sources::Target;
use crate::i18n::Text;

/// Items asked for per page (Apify's own clients page by 1,000).
pub(crate) const PAGE_ITEMS: usize = 1_000;

/// The documented host, and the variable that overrides it (tests point it at 127.0.0.1).
pub(crate) const BASE: (&str, &str) = ("TOUCHAUDIT_APIFY_URL", "https://api.apify.com");
/// The token's variable.
pub(crate) const TOKEN: &str = "APIFY_TOKEN";

/// The dataset items URL of the target: the last successful run's for a task or an actor.
fn items_url(base: &url::Url, target: &Target) -> Result<url::Url, Text> {
    let (path, last_run) = match target {
        Target::ApifyTask(task) => (format!("v2/actor-tasks/{task}/runs/last/dataset/items"), true),
        Target::ApifyActor(actor) => (format!("v2/acts/{actor}/runs/last/dataset/items"), true),
        Target::ApifyDataset(dataset) => (format!("v2/datasets/{dataset}/items"), false),
        other => return Err(Text::from(format!("not an Apify target: {other:?}"))),
    };
    let mut url = super::join(base, &path)?;
    url.query_pairs_mut().append_pair("format", "json").append_pair("clean", "true");
    if last_run {
        url.query_pairs_mut().append_pair("status", "SUCCEEDED");
    }
    Ok(url)
}

pub(super) async fn fetch(conv: &mut Conversation, live: &Live<'_>, credentials: &Credentials) -> Result<Pages, Text> {
    let token = credentials.get(TOKEN, conv)?;
    let url = items_url(&live.base, &live.source.target)?;
    let mut pages = Pages::default();
    let mut offset = 0usize;
    loop {
        let limit = PAGE_ITEMS.min(live.source.max_items - pages.items);
        let mut page = url.clone();
        page.query_pairs_mut().append_pair("offset", &offset.to_string()).append_pair("limit", &limit.to_string());
        let request = Request::get(page).header(AUTHORIZATION, format!("Bearer {token}"));
        let answer = conv.send(&request).await.map_err(|f| super::fault(f, live, TOKEN))?;
        let items = match serde_json::from_str::<serde_json::Value>(&answer.body) {
            Ok(serde_json::Value::Array(items)) => items.len(),
            Ok(_) => return Err(super::malformed(conv, live, "the answer is not a list of items")),
            Err(e) => return Err(super::malformed(conv, live, &e.to_string())),
        };
        conv.took(items);
        pages.items += items;
        offset += items;
        let header = |name: &str| answer.headers.get(name).and_then(|v| v.to_str().ok()?.trim().parse::<usize>().ok());
        let total = header("x-apify-pagination-total");
        // The total, when the API states it, says when the list ends; else a page shorter than the limit the
        // API says it applied; else only an empty page does (a server may cap a page below the limit asked).
        let applied = header("x-apify-pagination-limit").map(|l| l.min(limit));
        let done = items == 0 || total.map_or_else(|| applied.is_some_and(|a| items < a), |t| offset >= t);
        if done {
            return Ok(pages);
        }
        if !pages.more(live, total) {
            return Ok(pages);
        }
    }
}

/// The data pages' items as one JSON list, as an export of the dataset holds them.
pub(super) fn assemble(pages: &[&str]) -> Result<Vec<u8>, Text> {
    let mut items: Vec<serde_json::Value> = Vec::new();
    for page in pages {
        match serde_json::from_str::<serde_json::Value>(page) {
            Ok(serde_json::Value::Array(list)) => items.extend(list),
            _ => return Err(Text::from("a saved Apify page is not a list of items")),
        }
    }
    serde_json::to_vec(&items).map_err(|e| Text::from(e.to_string()))
}
