//! 2GIS: the public reviews API of a branch (`/2.0/branches/{id}/reviews`), `limit` reviews a page and the
//! next page at `meta.next_link` (or, where an answer gives none, at the next `offset` while `meta.total_count`
//! says more are left), the key as the `key` parameter (kept out of the evidence). The pages are
//! what the 2GIS reader takes from a file.

use super::http::{Conversation, Request};
use super::{Credentials, Live, Pages};
use crate::config::sources::Target;
use crate::i18n::Text;

pub(crate) const BASE: (&str, &str) = ("TOUCHAUDIT_2GIS_URL", "https://public-api.reviews.2gis.com");
pub(crate) const KEY: &str = "DGIS_API_KEY";
/// Reviews per page: the API's largest `limit`.
pub(crate) const PAGE_SIZE: usize = 50;
/// The `fields` asked for: the branch's rating and counts beside the reviews.
const FIELDS: &str = "meta.branch_rating,meta.branch_reviews_count,meta.total_count,reviews.hiding_reason";

pub(super) async fn fetch(conv: &mut Conversation, live: &Live<'_>, credentials: &Credentials) -> Result<Pages, Text> {
    let Target::TwoGisBranch(branch) = &live.source.target else {
        return Err(Text::from("not a 2GIS branch"));
    };
    let key = credentials.get(KEY, conv)?;
    let mut url = super::join(&live.base, &format!("2.0/branches/{branch}/reviews"))?;
    url.query_pairs_mut()
        .append_pair("limit", &PAGE_SIZE.min(live.source.max_items).to_string())
        .append_pair("fields", FIELDS)
        .append_pair("sort_by", "date_created")
        .append_pair("is_advertiser", "false");
    let mut pages = Pages::default();
    loop {
        let mut page = url.clone();
        page.query_pairs_mut().append_pair("key", &key);
        let answer = conv.send(&Request::get(page)).await.map_err(|f| super::fault(f, live, KEY))?;
        let value: serde_json::Value =
            serde_json::from_str(&answer.body).map_err(|e| super::malformed(conv, live, &e.to_string()))?;
        let Some(reviews) = value.get("reviews").and_then(|r| r.as_array()) else {
            return Err(super::malformed(conv, live, "the page has no `reviews` list"));
        };
        let items = reviews.len();
        conv.took(items);
        pages.items += items;
        let total = value.pointer("/meta/total_count").and_then(serde_json::Value::as_u64).map(|t| t as usize);
        let next = value.pointer("/meta/next_link").and_then(|l| l.as_str()).filter(|l| !l.is_empty());
        // Without a next link, `offset` pages on while `total_count` says more are left (as the API's web
        // clients page it).
        let by_offset = next.is_none() && total.is_some_and(|t| pages.items < t);
        if items == 0 || !(next.is_some() || by_offset) || !pages.more(live, total) {
            return Ok(pages);
        }
        // The next page on the configured host, with the key given once (whatever the link carries).
        let mut link = match next {
            Some(next) => super::rebase(&live.base, next)?,
            None => url.clone(),
        };
        let kept: Vec<(String, String)> = link
            .query_pairs()
            .filter(|(k, _)| k != "key" && !(by_offset && k == "offset"))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        link.query_pairs_mut().clear().extend_pairs(kept);
        if by_offset {
            link.query_pairs_mut().append_pair("offset", &pages.items.to_string());
        }
        url = link;
    }
}

/// The pages one after another, as the 2GIS reader takes them from a file.
pub(super) fn assemble(pages: &[&str]) -> Result<Vec<u8>, Text> {
    Ok(pages.join("\n").into_bytes())
}
