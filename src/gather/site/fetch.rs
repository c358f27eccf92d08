//! HTTP for the crawler: one shared client, per-host concurrency and rate limits, redirects followed by hand
//! (with a limit and loop detection), bodies read as a stream and cut at the byte limit.

use crate::i18n::Text;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, LAST_MODIFIED, LOCATION};
use tokio::sync::Semaphore;
use url::Url;

use super::facts::{ErrorKind, FetchError};
use super::{refusal, urls};

/// The next free request slot of every host this process has talked to. Process-wide, so that audits run
/// one after another (a batch) keep the pace of the host's rate limit between them, not only within one.
/// On tokio's clock, so that the pacing can be tested on a paused clock rather than a busy machine's.
static NEXT_SLOT: std::sync::LazyLock<Mutex<HashMap<String, tokio::time::Instant>>> =
    std::sync::LazyLock::new(|| Mutex::new(HashMap::new()));

/// The server a request goes to, as politeness counts it: the host, and an explicit port (another port is
/// another server, as robots.txt and a browser's origin have it: two sites on one machine's 8080 and 8081
/// are each held to their own rate).
fn server_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or("");
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// Per-host politeness: at most `concurrency` requests at once and one request per `interval`.
pub(crate) struct Politeness {
    concurrency: usize,
    interval: Mutex<Option<Duration>>,
    hosts: Mutex<HashMap<String, HostState>>,
}

struct HostState {
    permits: Arc<Semaphore>,
}

impl Politeness {
    pub(crate) fn new(concurrency: usize, requests_per_second: Option<f64>) -> Self {
        Politeness {
            concurrency: concurrency.max(1),
            interval: Mutex::new(requests_per_second.filter(|r| *r > 0.0).map(|r| Duration::from_secs_f64(1.0 / r))),
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// Spaces requests at least `interval` apart from now on (robots.txt crawl-delay).
    pub(crate) fn at_least(&self, interval: Duration) {
        let mut current = self.interval.lock().unwrap_or_else(|e| e.into_inner());
        *current = Some(current.map_or(interval, |c| c.max(interval)));
    }

    /// Waits for a permit and a rate slot for `host`; the permit is held until the request is done.
    pub(crate) async fn turn(&self, host: &str) -> Option<tokio::sync::OwnedSemaphorePermit> {
        let permits = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
            let state = hosts
                .entry(host.to_string())
                .or_insert_with(|| HostState { permits: Arc::new(Semaphore::new(self.concurrency)) });
            state.permits.clone()
        };
        let permit = permits.acquire_owned().await.ok()?;
        let interval = *self.interval.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(interval) = interval {
            let slot = {
                let mut slots = NEXT_SLOT.lock().unwrap_or_else(|e| e.into_inner());
                let now = tokio::time::Instant::now();
                let next = slots.entry(host.to_string()).or_insert(now);
                let slot = (*next).max(now);
                *next = slot + interval;
                slot
            };
            tokio::time::sleep_until(slot).await;
        }
        Some(permit)
    }
}

/// What the fetcher needs to know.
pub(crate) struct Fetcher {
    pub client: reqwest::Client,
    pub politeness: Politeness,
    pub timeout: Duration,
    pub max_bytes: u64,
    pub max_redirects: u32,
    /// Take each response's time from its `Server-Timing: total;dur=MS` header instead of the clock: only
    /// the demo's own server states its times, so that two demo runs on a busy machine agree. A real crawl
    /// always measures.
    pub stated_timing: bool,
}

/// The time a server states for its response (`Server-Timing: total;dur=120`), in milliseconds.
fn stated_time(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers.get_all("server-timing").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).find_map(
        |metric| {
            let mut parts = metric.split(';').map(str::trim);
            (parts.next()? == "total").then_some(())?;
            let ms: f64 = parts.find_map(|p| p.strip_prefix("dur="))?.parse().ok()?;
            (ms.is_finite() && ms >= 0.0).then(|| Duration::from_secs_f64(ms / 1000.0))
        },
    )
}

/// A finished fetch: the final URL, status, headers of interest and (for HTML) the body.
#[derive(Debug, Default)]
pub(crate) struct Fetched {
    pub final_url: Option<Url>,
    pub status: Option<u16>,
    pub error: Option<FetchError>,
    pub redirects: u32,
    pub content_type: Option<String>,
    pub last_modified: Option<String>,
    pub x_robots_tag: Option<String>,
    pub body: Vec<u8>,
    pub bytes: u64,
    pub truncated: bool,
    pub elapsed: Duration,
}

/// Builds the shared HTTP client; `proxy` sends every request through one server (the demo's, on 127.0.0.1).
pub(crate) fn client(user_agent: &str, proxy: Option<&str>) -> Result<reqwest::Client, Text> {
    // reqwest is built without a bundled crypto provider: use ring, installed once per process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut builder = reqwest::Client::builder()
        .user_agent(user_agent)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(64)
        .tcp_nodelay(true);
    if let Some(proxy) = proxy {
        let proxy = reqwest::Proxy::all(proxy).map_err(|e| Text::from(format!("invalid proxy `{proxy}`: {e}")))?;
        builder = builder.proxy(proxy);
    }
    builder.build().map_err(|e| Text::from(format!("cannot start the HTTP client: {e}")))
}

/// Classifies a reqwest error by walking its causes.
fn classify(error: &reqwest::Error) -> FetchError {
    let mut chain = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = source {
        if !chain.is_empty() {
            chain.push_str(": ");
        }
        chain.push_str(&e.to_string());
        source = e.source();
    }
    let lower = chain.to_lowercase();
    let kind = if error.is_timeout() {
        ErrorKind::Timeout
    } else if lower.contains("dns") || lower.contains("failed to lookup") || lower.contains("name or service not known")
    {
        ErrorKind::Dns
    } else if error.is_connect() {
        ErrorKind::Connect
    } else if error.is_body() || error.is_decode() {
        ErrorKind::Body
    } else {
        ErrorKind::Other
    };
    FetchError { kind, message: chain }
}

/// A header's value as text, if it has one.
fn header_text(headers: &reqwest::header::HeaderMap, name: impl reqwest::header::AsHeaderName) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// What a page's headers say that the crawl keeps: its type, date, robots rules and length.
fn note_headers(out: &mut Fetched, headers: &reqwest::header::HeaderMap) {
    out.content_type = header_text(headers, CONTENT_TYPE);
    out.last_modified = header_text(headers, LAST_MODIFIED);
    out.x_robots_tag = header_text(headers, "x-robots-tag");
    out.bytes = header_text(headers, CONTENT_LENGTH).and_then(|l| l.parse().ok()).unwrap_or(0);
}

/// The error for a response that is the site's protection refusing the crawler (`refusal.rs`), if it is one.
/// A page asks twice: by its headers alone, then (an error status only, whose headers it keeps) with its body.
fn refused(status: u16, headers: &reqwest::header::HeaderMap, body: &[u8]) -> Option<FetchError> {
    refusal::refused_by(status, headers, body)
        .map(|by| FetchError { kind: ErrorKind::Blocked, message: by.to_string() })
}

impl Fetcher {
    /// GETs `url`, following redirects inside the site (`site` key) and reading the body when `want_body`
    /// says so for the content type. `allowed` is asked before each redirect hop (robots.txt).
    pub(crate) async fn get(
        &self,
        url: &Url,
        site: Option<&str>,
        want_body: impl Fn(Option<&str>) -> bool,
        allowed: impl Fn(&Url) -> bool,
    ) -> Fetched {
        self.get_inner(url, site, &want_body, &allowed).await
    }

    /// The error for a request that took longer than the timeout, waiting for politeness not counted.
    fn timed_out(&self) -> FetchError {
        FetchError {
            kind: ErrorKind::Timeout,
            message: format!("no complete answer within {} s", self.timeout.as_secs_f64()),
        }
    }

    async fn get_inner(
        &self,
        url: &Url,
        site: Option<&str>,
        want_body: &impl Fn(Option<&str>) -> bool,
        allowed: &impl Fn(&Url) -> bool,
    ) -> Fetched {
        let mut current = url.clone();
        let mut chain = vec![current.to_string()];
        let mut out = Fetched::default();
        let mut stated = self.stated_timing.then_some(Duration::ZERO);
        let mut retries = 0;
        loop {
            let host = server_key(&current);
            let Some(_permit) = self.politeness.turn(&host).await else {
                out.error = Some(FetchError { kind: ErrorKind::Other, message: "crawler shut down".into() });
                return out;
            };
            // Response time and the timeout count from the request, never from waiting for a turn: waiting for
            // politeness (rate limit, crawl-delay) is not the site failing. Redirect hops share one budget.
            let hop_started = Instant::now();
            let deadline = tokio::time::Instant::from_std(hop_started + self.timeout.saturating_sub(out.elapsed));
            let response = match tokio::time::timeout_at(deadline, self.client.get(current.clone()).send()).await {
                Ok(Ok(response)) => response,
                Ok(Err(e)) => {
                    out.error = Some(classify(&e));
                    out.final_url = Some(current);
                    out.elapsed += hop_started.elapsed();
                    return out;
                }
                Err(_) => {
                    out.error = Some(self.timed_out());
                    out.final_url = Some(current);
                    out.elapsed += hop_started.elapsed();
                    return out;
                }
            };
            out.elapsed += hop_started.elapsed();
            stated = stated.zip(stated_time(response.headers())).map(|(sum, hop)| sum + hop);
            let status = response.status();
            // A 429 or 503 that says when to come back: waited for (never counted as the site's time) and asked
            // again, within a bound.
            if let Some(wait) = refusal::retry_after(status.as_u16(), response.headers(), chrono::Utc::now())
                && retries < refusal::MAX_RETRIES
            {
                retries += 1;
                drop(response);
                tokio::time::sleep(Duration::from_secs(wait)).await;
                continue;
            }
            out.status = Some(status.as_u16());
            out.final_url = Some(current.clone());
            if status.is_redirection()
                && let Some(location) = header_text(response.headers(), LOCATION)
            {
                match self.follow(url, (&current, &location), &mut chain, &mut out, (site, allowed)) {
                    Some(next) => {
                        current = next;
                        continue;
                    }
                    None => return out,
                }
            }
            note_headers(&mut out, response.headers());
            let by_headers = refused(status.as_u16(), response.headers(), &[]);
            let error_headers = (status.as_u16() >= 400).then(|| response.headers().clone());
            if !want_body(out.content_type.as_deref()) {
                out.error = out.error.take().or(by_headers);
                out.elapsed = stated.unwrap_or(out.elapsed);
                return out;
            }
            let body = self.read_body(response, deadline, &mut out).await;
            let by_page = || error_headers.as_ref().and_then(|headers| refused(status.as_u16(), headers, &body));
            out.error = out.error.take().or(by_headers).or_else(by_page);
            out.bytes = out.bytes.max(body.len() as u64);
            out.body = body;
            out.elapsed = stated.unwrap_or(out.elapsed.max(hop_started.elapsed()));
            return out;
        }
    }

    /// One redirect hop from `current` to `location`: the next URL to fetch, or `None` when the chain ends here
    /// (`out` then says why: a loop, too many hops, or a target off the site or disallowed, reported as where
    /// the redirect led without fetching it).
    fn follow(
        &self,
        start: &Url,
        (current, location): (&Url, &str),
        chain: &mut Vec<String>,
        out: &mut Fetched,
        (site, allowed): (Option<&str>, &impl Fn(&Url) -> bool),
    ) -> Option<Url> {
        let next = urls::resolve(current, location)?;
        if chain.contains(&next.to_string()) {
            out.error = Some(FetchError {
                kind: ErrorKind::RedirectLoop,
                message: format!("redirect loop: {} → {next}", chain.join(" → ")),
            });
            return None;
        }
        if out.redirects >= self.max_redirects {
            out.error = Some(FetchError {
                kind: ErrorKind::TooManyRedirects,
                message: format!("more than {} redirects from {start}", self.max_redirects),
            });
            return None;
        }
        out.redirects += 1;
        chain.push(next.to_string());
        let stays = site.is_none_or(|s| urls::in_scope(&next, s));
        if !stays || !allowed(&next) {
            out.final_url = Some(next);
            return None;
        }
        Some(next)
    }

    /// The body as a stream, cut at the byte limit (`out.truncated`), within the request's deadline.
    async fn read_body(
        &self,
        mut response: reqwest::Response,
        deadline: tokio::time::Instant,
        out: &mut Fetched,
    ) -> Vec<u8> {
        let mut body = Vec::new();
        loop {
            let Ok(chunk) = tokio::time::timeout_at(deadline, response.chunk()).await else {
                out.error = Some(self.timed_out());
                break;
            };
            match chunk {
                Ok(Some(chunk)) => {
                    let room = usize::try_from(self.max_bytes).unwrap_or(usize::MAX).saturating_sub(body.len());
                    if chunk.len() > room {
                        body.extend_from_slice(&chunk[..room]);
                        out.truncated = true;
                        break;
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    out.error = Some(classify(&e));
                    break;
                }
            }
        }
        body
    }

    /// Checks a resource by status only: HEAD, and GET when the server does not allow HEAD.
    /// The timeout covers each request, not the wait for a politeness slot before it.
    pub(crate) async fn check(&self, url: &Url) -> (Option<u16>, Option<FetchError>) {
        let host = server_key(url);
        for method in [reqwest::Method::HEAD, reqwest::Method::GET] {
            let Some(_permit) = self.politeness.turn(&host).await else {
                return (None, Some(FetchError { kind: ErrorKind::Other, message: "crawler shut down".into() }));
            };
            match tokio::time::timeout(self.timeout, self.client.request(method.clone(), url.clone()).send()).await {
                Ok(Ok(r)) if method == reqwest::Method::HEAD && matches!(r.status().as_u16(), 405 | 501) => continue,
                // By its headers alone (no body is read): a challenge or a rate limit is not a broken link.
                Ok(Ok(r)) => return (Some(r.status().as_u16()), refused(r.status().as_u16(), r.headers(), &[])),
                Ok(Err(e)) => return (None, Some(classify(&e))),
                Err(_) => return (None, Some(self.timed_out())),
            }
        }
        (None, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stated_time_is_the_total_metric_of_server_timing() {
        let stated = |values: &[&str]| {
            let mut headers = reqwest::header::HeaderMap::new();
            for v in values {
                headers.append("server-timing", v.parse().unwrap());
            }
            stated_time(&headers)
        };
        assert_eq!(stated(&["total;dur=120"]), Some(Duration::from_millis(120)));
        assert_eq!(stated(&["db;dur=53, total;desc=\"All\";dur=47.5"]), Some(Duration::from_micros(47_500)));
        assert_eq!(stated(&["cache;desc=hit", "total; dur=9"]), Some(Duration::from_millis(9)));
        assert_eq!(stated(&["app;dur=120"]), None);
        assert_eq!(stated(&["total;dur=-1", "total;dur=NaN"]), None);
        assert_eq!(stated(&[]), None);
    }

    /// Requests to one server go out one interval apart, however many wait at once; another server keeps
    /// its own pace. On tokio's paused clock, so the gaps are exact and no busy machine can bend them.
    #[tokio::test(start_paused = true)]
    async fn requests_to_one_server_are_spaced_by_the_interval_and_servers_are_paced_apart() {
        let politeness = Arc::new(Politeness::new(4, Some(10.0)));
        politeness.at_least(Duration::from_millis(400));
        let start = tokio::time::Instant::now();
        let turns = (0..6).map(|i| {
            let politeness = politeness.clone();
            let host = if i % 3 == 2 { "other.test:81" } else { "paced.test:80" };
            async move {
                let _permit = politeness.turn(host).await;
                (host, tokio::time::Instant::now() - start)
            }
        });
        let mut seen = futures::future::join_all(turns).await;
        seen.sort();
        let gaps = |host: &str| -> Vec<u128> {
            seen.iter().filter(|(h, _)| *h == host).map(|(_, at)| at.as_millis()).collect()
        };
        assert_eq!(gaps("paced.test:80"), [0, 400, 800, 1200]);
        assert_eq!(gaps("other.test:81"), [0, 400]);
    }

    /// robots.txt's crawl-delay can only slow the pace down, never speed it up.
    #[test]
    fn a_crawl_delay_only_lengthens_the_interval() {
        let politeness = Politeness::new(1, Some(2.0));
        politeness.at_least(Duration::from_millis(100));
        assert_eq!(*politeness.interval.lock().unwrap(), Some(Duration::from_millis(500)));
        politeness.at_least(Duration::from_secs(3));
        assert_eq!(*politeness.interval.lock().unwrap(), Some(Duration::from_secs(3)));
    }
}
