//! Google Business Profile: the location's details (Business Information API v1, `locations.get` with a
//! `readMask`) and its reviews (My Business API v4, `accounts.locations.reviews.list`, `pageSize` and
//! `nextPageToken`), through OAuth 2.0: an access token got from the refresh token, client id and secret in
//! the environment, got again when it expires or the API calls it invalid, and never written anywhere.
//! The answers are what a Business Profile export holds, read by the same reader.

use std::time::Duration;

use oauth2::TokenResponse;
use reqwest::header::AUTHORIZATION;

use super::http::{Conversation, Fault, Request};
use super::{Credentials, Live, Pages};
use crate::config::sources::Target;
use crate::i18n::Text;
use crate::msg;

/// Reviews per page: the API's largest `pageSize`.
pub(crate) const PAGE_SIZE: usize = 50;
/// The location fields read: what the listing audit and NAP use.
pub(crate) const READ_MASK: &str = "name,title,storefrontAddress,phoneNumbers,websiteUri,regularHours,specialHours,categories,profile,metadata,openInfo";
/// A token is got again this long before Google says it expires, in seconds.
const TOKEN_MARGIN_S: u64 = 60;

/// The documented hosts, and the variables that override them (tests point them at 127.0.0.1). With
/// `TOUCHAUDIT_GBP_URL` both APIs are under it (`/v4/…` and `/v1/…`).
pub(crate) const BASE: (&str, &str) = ("TOUCHAUDIT_GBP_URL", "https://mybusiness.googleapis.com");
const INFO_BASE: &str = "https://mybusinessbusinessinformation.googleapis.com";
pub(crate) const TOKEN_URL: (&str, &str) = ("TOUCHAUDIT_GOOGLE_TOKEN_URL", "https://oauth2.googleapis.com/token");
pub(crate) const CLIENT_ID: &str = "GOOGLE_CLIENT_ID";
pub(crate) const CLIENT_SECRET: &str = "GOOGLE_CLIENT_SECRET";
pub(crate) const REFRESH_TOKEN: &str = "GBP_REFRESH_TOKEN";

/// An access token and when it stops being good.
struct Access {
    token: String,
    until: tokio::time::Instant,
}

/// What the OAuth exchange needs.
struct Auth {
    client_id: String,
    client_secret: String,
    refresh: String,
    token_url: url::Url,
    access: Option<Access>,
}

impl Auth {
    /// A good access token: the one held, or a new one.
    async fn token(&mut self, conv: &mut Conversation) -> Result<String, Text> {
        if let Some(access) = &self.access
            && tokio::time::Instant::now() < access.until
        {
            return Ok(access.token.clone());
        }
        let access = refresh(self, conv).await?;
        conv.secret(&access.token);
        let token = access.token.clone();
        self.access = Some(access);
        Ok(token)
    }
}

/// Transport errors of the OAuth exchange, for the oauth2 crate.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Transport(String);

/// Gets an access token from the refresh token (RFC 6749 §6), recording the exchange without its answer.
async fn refresh(auth: &Auth, conv: &mut Conversation) -> Result<Access, Text> {
    let client = oauth2::basic::BasicClient::new(oauth2::ClientId::new(auth.client_id.clone()))
        .set_client_secret(oauth2::ClientSecret::new(auth.client_secret.clone()))
        .set_auth_type(oauth2::AuthType::RequestBody)
        .set_token_uri(oauth2::TokenUrl::from_url(auth.token_url.clone()));
    let http = conv.client();
    let statuses = std::cell::RefCell::new(Vec::new());
    let send = |request: oauth2::HttpRequest| {
        let http = http.clone();
        let statuses = &statuses;
        async move {
            let (parts, body) = request.into_parts();
            let answer = http
                .request(parts.method, parts.uri.to_string())
                .headers(parts.headers)
                .body(body)
                .send()
                .await
                .map_err(|e| Transport(e.to_string()))?;
            let status = answer.status();
            statuses.borrow_mut().push(status.as_u16());
            let headers = answer.headers().clone();
            let bytes = answer.bytes().await.map_err(|e| Transport(e.to_string()))?;
            let mut response = oauth2::HttpResponse::new(bytes.to_vec());
            *response.status_mut() = status;
            *response.headers_mut() = headers;
            Ok::<_, Transport>(response)
        }
    };
    let refresh = oauth2::RefreshToken::new(auth.refresh.clone());
    // Tried again as any request is: after a transport error or a 5xx, on the same backoff.
    let mut backoff = super::http::backoff();
    let answer = loop {
        conv.pace().await;
        let answer = client.exchange_refresh_token(&refresh).request_async(&send).await;
        let status = statuses.borrow_mut().pop().unwrap_or(0);
        conv.record_secret(&auth.token_url, status);
        let again = match &answer {
            Err(oauth2::RequestTokenError::Request(_)) => true,
            Err(oauth2::RequestTokenError::Parse(_, _)) => (500..600).contains(&status),
            _ => false,
        };
        match backoff.next().filter(|_| again) {
            Some(wait) => tokio::time::sleep(wait).await,
            None => break answer,
        }
    };
    let how = msg!("live-how-gbp");
    match answer {
        Ok(token) => {
            let lasts = token.expires_in().unwrap_or(Duration::from_secs(3600));
            // A short-lived token keeps half its life as the margin.
            let margin = Duration::from_secs(TOKEN_MARGIN_S).min(lasts / 2);
            let until = tokio::time::Instant::now() + lasts.saturating_sub(margin);
            Ok(Access { token: token.access_token().secret().clone(), until })
        }
        Err(oauth2::RequestTokenError::ServerResponse(refused)) => {
            let said = match refused.error_description() {
                Some(description) => format!("{}: {description}", refused.error()),
                None => refused.error().to_string(),
            };
            Err(msg!("live-token-refused", message = conv.redact(&said), how = how))
        }
        Err(error) => {
            let said = conv.redact(&super::http::chain(&error));
            Err(msg!("live-token-failed", url = auth.token_url.as_str(), error = said, how = how))
        }
    }
}

/// A GET with the access token; a 401 gets a new token once (it expired, or was revoked) and is sent again.
async fn get(conv: &mut Conversation, auth: &mut Auth, url: url::Url, live: &Live<'_>) -> Result<String, Text> {
    let mut renewed = false;
    loop {
        let token = auth.token(conv).await?;
        let request = Request::get(url.clone()).header(AUTHORIZATION, format!("Bearer {token}"));
        match conv.send(&request).await {
            Ok(answer) => return Ok(answer.body),
            Err(Fault::Refused { status: 401, .. }) if !renewed => {
                renewed = true;
                auth.access = None;
            }
            Err(fault) => return Err(super::fault(fault, live, REFRESH_TOKEN)),
        }
    }
}

pub(super) async fn fetch(conv: &mut Conversation, live: &Live<'_>, credentials: &Credentials) -> Result<Pages, Text> {
    let Target::GbpLocation { account, location } = &live.source.target else {
        return Err(Text::from("not a Business Profile location"));
    };
    let mut auth = Auth {
        client_id: credentials.get(CLIENT_ID, conv)?,
        client_secret: credentials.get(CLIENT_SECRET, conv)?,
        refresh: credentials.get(REFRESH_TOKEN, conv)?,
        token_url: super::endpoint(TOKEN_URL)?,
        access: None,
    };
    let info_base = if live.overridden { live.base.clone() } else { super::base(("", INFO_BASE))? };
    let mut info = super::join(&info_base, &format!("v1/locations/{location}"))?;
    info.query_pairs_mut().append_pair("readMask", READ_MASK);
    let mut pages = Pages::default();
    // The location's details are the listing (NAP, profile); without them the reviews still count. A token
    // refused here is refused for the reviews too, and fails there.
    match get(conv, &mut auth, info, live).await {
        Ok(body) if serde_json::from_str::<serde_json::Value>(&body).is_ok_and(|v| v.is_object()) => conv.took(0),
        Ok(_) => pages.notes.push(super::malformed(conv, live, "the location is not a JSON object")),
        Err(error) => pages.notes.push(msg!("live-no-location", source = live.source.name.as_str(), error = error)),
    }
    let reviews = super::join(&live.base, &format!("v4/accounts/{account}/locations/{location}/reviews"))?;
    let mut next: Option<String> = None;
    loop {
        let mut page = reviews.clone();
        let size = PAGE_SIZE.min(live.source.max_items - pages.items);
        page.query_pairs_mut().append_pair("pageSize", &size.to_string());
        if let Some(token) = &next {
            page.query_pairs_mut().append_pair("pageToken", token);
        }
        let body = get(conv, &mut auth, page, live).await?;
        let value: serde_json::Value =
            serde_json::from_str(&body).map_err(|e| super::malformed(conv, live, &e.to_string()))?;
        let Some(object) = value.as_object() else {
            return Err(super::malformed(conv, live, "the page is not a JSON object"));
        };
        let items = object.get("reviews").and_then(|r| r.as_array()).map_or(0, Vec::len);
        conv.took(items);
        pages.items += items;
        let total = object.get("totalReviewCount").and_then(serde_json::Value::as_u64).map(|t| t as usize);
        next = object.get("nextPageToken").and_then(|t| t.as_str()).filter(|t| !t.is_empty()).map(str::to_string);
        if next.is_none() || items == 0 || !pages.more(live, total) {
            return Ok(pages);
        }
    }
}

/// The location and the review pages, one JSON value after another, as the Business Profile reader takes them.
pub(super) fn assemble(pages: &[&str]) -> Result<Vec<u8>, Text> {
    Ok(pages.join("\n").into_bytes())
}
