//! One live source's conversation with its API: polite (a pace per API, `Retry-After` honoured within a
//! bound), patient with faults (5xx, resets and timeouts retried with exponential backoff and jitter), bounded
//! (a timeout per request, a byte limit per answer), and keeping every exchange as evidence with the
//! credentials taken out.

use std::time::Duration;

use backon::BackoffBuilder;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};

use crate::config::sources::Api;
use crate::i18n::Text;
use crate::msg;

/// One request to an API, per try, in seconds.
pub(crate) const REQUEST_TIMEOUT_S: u64 = 60;
/// Tries of one request at most (the first and the retries after a 5xx, a 429 or a reset).
pub(crate) const MAX_TRIES: usize = 5;
/// The longest `Retry-After` waited for, in seconds; a longer one fails the source with the wait it asked.
pub(crate) const MAX_API_RETRY_AFTER_S: u64 = 120;
/// The first backoff after a fault, in milliseconds; it doubles each try (with jitter) up to the next bound.
pub(crate) const FIRST_BACKOFF_MS: u64 = 500;
/// The longest backoff between tries, in seconds.
pub(crate) const MAX_BACKOFF_S: u64 = 30;
/// The largest answer read, in bytes (a page of reviews is well under it).
pub(crate) const MAX_ANSWER_BYTES: usize = 64 * 1024 * 1024;

/// Requests per second sent to each API at most: below each one's published quota (Google's Business
/// Profile APIs allow 300 a minute; Apify 30 a second per resource; Outscraper and 2GIS publish none).
pub(crate) const fn requests_per_second(api: Api) -> f64 {
    match api {
        Api::Apify => 10.0,
        Api::Gbp => 4.0,
        Api::Outscraper => 2.0,
        Api::TwoGis => 3.0,
    }
}

/// One request and its answer, as kept in the evidence: never a credential (URLs lose their `key` and
/// `token` parameters, every secret string is replaced, the OAuth exchange keeps no body).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Exchange {
    pub(crate) method: String,
    pub(crate) url: String,
    /// When the answer came (RFC 3339, UTC).
    pub(crate) at: String,
    /// The HTTP status, or 0 when no answer came (a reset, a timeout).
    pub(crate) status: u16,
    /// The answer is a page of the source's data (a 429, an error, a pending job is not).
    pub(crate) data: bool,
    /// Items (reviews, records) in a data page, as the source counted them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) items: Option<usize>,
    pub(crate) body: String,
}

/// An answer with a 2xx status.
pub(crate) struct Answer {
    pub(crate) headers: HeaderMap,
    pub(crate) body: String,
}

/// A request to send.
pub(crate) struct Request {
    pub(crate) method: reqwest::Method,
    pub(crate) url: url::Url,
    pub(crate) headers: Vec<(HeaderName, String)>,
    /// Keep no body of the answer (it holds a credential).
    pub(crate) secret_answer: bool,
}

impl Request {
    pub(crate) fn get(url: url::Url) -> Request {
        Request { method: reqwest::Method::GET, url, headers: Vec::new(), secret_answer: false }
    }

    pub(crate) fn header(mut self, name: HeaderName, value: impl Into<String>) -> Request {
        self.headers.push((name, value.into()));
        self
    }
}

/// Why a request got no usable answer.
pub(crate) enum Fault {
    /// The API refused the credential (401, 403), with the status and the API's own message.
    Refused { status: u16, message: String },
    /// Any other failure, said in full.
    Failed(Text),
}

/// A source's client: the API's pace, its secrets, and the exchanges so far.
pub(crate) struct Conversation {
    client: reqwest::Client,
    pub(crate) api: Api,
    /// Strings never written anywhere (tokens, keys, secrets).
    secrets: Vec<String>,
    interval: Duration,
    last: Option<tokio::time::Instant>,
    pub(crate) exchanges: Vec<Exchange>,
}

impl Conversation {
    pub(crate) fn new(api: Api, user_agent: &str) -> Result<Conversation, Text> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            // A redirect could carry a credential to another host: APIs that redirect are answered as such.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(20))
            .timeout(Duration::from_secs(REQUEST_TIMEOUT_S))
            .build()
            .map_err(|e| Text::from(format!("cannot start the HTTP client: {e}")))?;
        let interval = Duration::from_secs_f64(1.0 / requests_per_second(api));
        Ok(Conversation { client, api, secrets: Vec::new(), interval, last: None, exchanges: Vec::new() })
    }

    /// A string that must never be written: it is replaced wherever it would appear.
    pub(crate) fn secret(&mut self, value: &str) {
        // As written, and as it appears in a URL's query (a key with `/` or `+` in it is escaped there).
        let escaped: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
        for form in [value.to_string(), escaped] {
            if form.len() >= 4 && !self.secrets.contains(&form) {
                self.secrets.push(form);
            }
        }
    }

    /// `text` with every secret replaced.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), "[redacted]");
            }
        }
        out
    }

    /// A URL as kept: without its credential parameters, and redacted.
    fn shown(&self, url: &url::Url) -> String {
        let mut url = url.clone();
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !matches!(k.as_ref(), "key" | "token" | "api_key" | "access_token"))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
        self.redact(url.as_str())
    }

    /// Marks the last exchange as a data page with `items` items.
    pub(crate) fn took(&mut self, items: usize) {
        if let Some(last) = self.exchanges.last_mut() {
            last.data = true;
            last.items = Some(items);
        }
    }

    /// The HTTP client, for a request made outside [`Conversation::send`] (the OAuth exchange).
    pub(crate) fn client(&self) -> reqwest::Client {
        self.client.clone()
    }

    /// Keeps a request whose answer holds a credential: its URL and status only.
    pub(crate) fn record_secret(&mut self, url: &url::Url, status: u16) {
        let request = Request { method: reqwest::Method::POST, secret_answer: true, ..Request::get(url.clone()) };
        self.record(&request, status, "");
    }

    /// Waits for the API's pace: at most [`requests_per_second`] requests a second.
    pub(crate) async fn pace(&mut self) {
        if let Some(last) = self.last {
            tokio::time::sleep_until(last + self.interval).await;
        }
        self.last = Some(tokio::time::Instant::now());
    }

    fn record(&mut self, request: &Request, status: u16, body: &str) {
        let body =
            if request.secret_answer { "(not kept: it holds a credential)".to_string() } else { self.redact(body) };
        let exchange = Exchange {
            method: request.method.to_string(),
            url: self.shown(&request.url),
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            status,
            data: false,
            items: None,
            body,
        };
        self.exchanges.push(exchange);
    }

    /// Sends `request` until it gets an answer: 5xx, 429 and resets are tried again (after `Retry-After` when
    /// the API gives one within [`MAX_API_RETRY_AFTER_S`], else after a growing backoff), [`MAX_TRIES`] in all.
    pub(crate) async fn send(&mut self, request: &Request) -> Result<Answer, Fault> {
        let mut backoff = backoff();
        loop {
            self.pace().await;
            let (status, headers, body) = match self.once(request).await {
                Ok(answer) => answer,
                Err(error) => {
                    let error = self.redact(&error);
                    self.record(request, 0, &error);
                    let Some(wait) = backoff.next() else {
                        let (source, url, tries) = (self.api.title(), self.shown(&request.url), MAX_TRIES);
                        return Err(Fault::Failed(msg!(
                            "live-unreachable",
                            source = source,
                            url = url,
                            error = error,
                            tries = tries
                        )));
                    };
                    tokio::time::sleep(wait).await;
                    continue;
                }
            };
            self.record(request, status, &body);
            if (200..300).contains(&status) {
                return Ok(Answer { headers, body });
            }
            match self.fault(request, status, &headers, &body, &mut backoff) {
                Ok(wait) => tokio::time::sleep(wait).await,
                Err(fault) => return Err(fault),
            }
        }
    }

    /// What a non-2xx answer means: how long to wait before trying again, or the fault.
    fn fault(
        &self,
        request: &Request,
        status: u16,
        headers: &HeaderMap,
        body: &str,
        backoff: &mut impl Iterator<Item = Duration>,
    ) -> Result<Duration, Fault> {
        let title = self.api.title();
        let message = self.redact(&api_message(body));
        let url = self.shown(&request.url);
        if matches!(status, 401 | 403) {
            return Err(Fault::Refused { status, message });
        }
        if !matches!(status, 429 | 500..=599) {
            return Err(Fault::Failed(msg!(
                "live-status",
                source = title,
                status = status,
                url = url,
                message = message
            )));
        }
        let asked = crate::gather::site::refusal::asked_wait(headers, chrono::Utc::now());
        if let Some(seconds) = asked.filter(|s| *s > MAX_API_RETRY_AFTER_S) {
            let max = MAX_API_RETRY_AFTER_S;
            return Err(Fault::Failed(msg!(
                "live-wait-too-long",
                source = title,
                status = status,
                seconds = seconds,
                max = max
            )));
        }
        match backoff.next() {
            Some(wait) => Ok(asked.map_or(wait, Duration::from_secs)),
            None => {
                let tries = MAX_TRIES;
                Err(Fault::Failed(msg!(
                    "live-gave-up",
                    source = title,
                    status = status,
                    url = url,
                    tries = tries,
                    message = message
                )))
            }
        }
    }

    /// One try: the status, headers and body (cut at [`MAX_ANSWER_BYTES`]), or why no answer came.
    async fn once(&self, request: &Request) -> Result<(u16, HeaderMap, String), String> {
        let mut builder = self.client.request(request.method.clone(), request.url.clone());
        for (name, value) in &request.headers {
            let value =
                HeaderValue::from_str(value).map_err(|_| format!("the value of {name} is not a valid header"))?;
            builder = builder.header(name.clone(), value);
        }
        let mut response = builder.send().await.map_err(|e| chain(&e))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| chain(&e))? {
            if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(format!("the answer is larger than {MAX_ANSWER_BYTES} bytes (MAX_ANSWER_BYTES)"));
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, headers, String::from_utf8_lossy(&body).into_owned()))
    }
}

/// The waits between the tries of one request: exponential from [`FIRST_BACKOFF_MS`] up to [`MAX_BACKOFF_S`],
/// with jitter, [`MAX_TRIES`] tries in all.
pub(crate) fn backoff() -> impl Iterator<Item = Duration> {
    backon::ExponentialBuilder::default()
        .with_min_delay(Duration::from_millis(FIRST_BACKOFF_MS))
        .with_max_delay(Duration::from_secs(MAX_BACKOFF_S))
        .with_max_times(MAX_TRIES - 1)
        .with_jitter()
        .build()
}

/// An error and its causes, in one line.
pub(crate) fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let said = cause.to_string();
        if !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        source = cause.source();
    }
    text
}

/// Longest API message kept, in characters.
const MESSAGE_CHARS: usize = 300;

/// What an error body says, in the shapes the APIs use: Google's and Apify's `{"error": {"message"}}`,
/// OAuth's `{"error", "error_description"}`, Outscraper's `{"errorMessage"}`, 2GIS's `{"meta": {"error":
/// {"message"}}}`; else the body's first characters.
pub(crate) fn api_message(body: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(body).unwrap_or(serde_json::Value::Null);
    let text = |pointer: &str| value.pointer(pointer).and_then(|v| v.as_str()).map(str::to_string);
    let said = text("/error/message")
        .or_else(|| text("/error_description"))
        .or_else(|| text("/errorMessage"))
        .or_else(|| text("/meta/error/message"))
        .or_else(|| text("/message"))
        .or_else(|| text("/error"))
        .unwrap_or_else(|| body.split_whitespace().collect::<Vec<_>>().join(" "));
    let cut: String = said.chars().take(MESSAGE_CHARS).collect();
    if cut.is_empty() { "(no message)".to_string() } else { cut }
}
