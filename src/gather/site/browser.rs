//! Headless Chromium, for what only a browser shows (#28): the content scripts add to a page, and page speed
//! as a visitor waits for it.
//!
//! The browser is driven over the DevTools Protocol (`chromiumoxide`). Every request it makes is paused and
//! passes the crawl's own rules before it goes out: on the audited site, robots.txt and the per-host
//! concurrency and rate limits; off the site, only the page's own assets (scripts, styles, images, fonts,
//! the data its scripts load), never another site's pages, each held to the same per-host limits. A request
//! held back for politeness waits; it is never counted against the page.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chromiumoxide::Page;
use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::{emulation, fetch, network, page as cdp_page};
use futures::StreamExt;
use serde::Deserialize;
use url::Url;

use super::crawl::Context;
use super::urls;

/// Seconds the browser may take to start and answer its first command.
pub(crate) const BROWSER_START_TIMEOUT_S: u64 = 30;
/// A rendered page is read once its DOM has not changed for this long, with no request in flight and no
/// short timer pending, after its `load` event.
pub(crate) const RENDER_QUIET_MS: f64 = 500.0;
/// A page whose speed is measured is read once nothing has painted, shifted or changed for this long (and as
/// for rendering, no request in flight and no short timer pending).
pub(crate) const SPEED_QUIET_MS: f64 = 1_000.0;
/// Timers a page sets for at most this long are waited for: a script that shows the content after 3 s is
/// part of the page; a reminder set for a minute is not.
pub(crate) const TIMER_HORIZON_MS: u64 = 5_000;
/// How often the page is asked whether it has settled, in milliseconds.
const POLL_MS: u64 = 100;

/// Lighthouse's mobile profile ("Slow 4G" and a mid-range phone, as its DevTools throttling applies it): a
/// request's latency, the download and upload bandwidth, and how many times slower the CPU runs.
pub(crate) const THROTTLE_LATENCY_MS: f64 = 562.5;
pub(crate) const THROTTLE_DOWNLOAD_KBPS: f64 = 1_474.56;
pub(crate) const THROTTLE_UPLOAD_KBPS: f64 = 675.0;
pub(crate) const THROTTLE_CPU: f64 = 4.0;
/// Lighthouse's mobile screen (a Moto G Power): width, height and pixel ratio.
const MOBILE_SCREEN: (i64, i64, f64) = (412, 823, 1.75);

/// Installed in every page before its own scripts: records paints, layout shifts, long tasks, the last change
/// to the DOM, and the short timers still pending, for [`Tab::settle`] and [`Tab::vitals`]; and starts no
/// service worker.
const OBSERVER_JS: &str = r#"(() => {
  if (window.__touchaudit) return;
  const t = { lcp: 0, fcp: 0, shifts: [], long: [], pending: new Set(), last: 0 };
  const touch = () => { t.last = performance.now(); };
  const setT = window.setTimeout.bind(window), clearT = window.clearTimeout.bind(window);
  window.setTimeout = function (fn, delay, ...args) {
    const d = Number(delay) || 0;
    if (typeof fn !== 'function' || d > HORIZON) return setT(fn, delay, ...args);
    const id = setT(function () { t.pending.delete(id); return fn.apply(this, args); }, d);
    t.pending.add(id);
    return id;
  };
  window.clearTimeout = function (id) { t.pending.delete(id); return clearT(id); };
  // No service worker is started: its own requests (precaching when it installs) would go out where the
  // crawl's rules do not see them, and a first visit renders without one anyway.
  if (navigator.serviceWorker) {
    try {
      Object.defineProperty(navigator.serviceWorker, 'register', {
        value: () => Promise.reject(new DOMException('not run by touchaudit', 'SecurityError')),
      });
    } catch (e) {}
  }
  const observe = (type, take) => {
    try {
      new PerformanceObserver((list) => { for (const e of list.getEntries()) take(e); touch(); })
        .observe({ type, buffered: true });
    } catch (_) {}
  };
  observe('largest-contentful-paint', (e) => { t.lcp = e.renderTime || e.loadTime || e.startTime; });
  observe('layout-shift', (e) => { if (!e.hadRecentInput) t.shifts.push([e.startTime, e.value]); });
  observe('longtask', (e) => t.long.push([e.startTime, e.duration]));
  observe('paint', (e) => { if (e.name === 'first-contentful-paint') t.fcp = e.startTime; });
  new MutationObserver(touch).observe(document, { subtree: true, childList: true, characterData: true });
  window.__touchaudit = {
    state: () => JSON.stringify({
      ready: document.readyState === 'complete', pending: t.pending.size, last: t.last, now: performance.now(),
    }),
    vitals: () => JSON.stringify({ lcp: t.lcp, fcp: t.fcp, shifts: t.shifts, long: t.long }),
  };
})();"#;

/// The page as the browser holds it now: its doctype and markup.
const SERIALIZE_JS: &str = "(() => { const d = document.doctype ? new XMLSerializer().serializeToString(document.doctype) \
                            : ''; return d + document.documentElement.outerHTML; })()";

type Permit = tokio::sync::OwnedSemaphorePermit;

/// What one tab's requests are doing: those let through (holding their host's permit until they finish),
/// those waiting for a turn, those refused, and the answer to the page itself.
#[derive(Default)]
struct Traffic {
    /// Added before each request goes out: Lighthouse's request latency on a throttled tab, none otherwise.
    latency: Duration,
    running: Mutex<HashMap<String, Option<Permit>>>,
    waiting: AtomicUsize,
    refused: Mutex<Vec<String>>,
    document: Mutex<Option<(u16, reqwest::header::HeaderMap)>>,
}

impl Traffic {
    fn busy(&self) -> bool {
        self.waiting.load(Ordering::SeqCst) > 0 || !self.running.lock().unwrap_or_else(|e| e.into_inner()).is_empty()
    }
}

/// What the crawl allows the browser to fetch.
enum Verdict {
    /// Goes out after a turn at this server (per-host concurrency and rate).
    Turn(String),
    /// Never goes out, and why.
    Refuse(&'static str),
}

/// The rule for one request the browser wants to make (`document`: it is a page, a frame's or the tab's).
fn verdict(ctx: &Context, url: &str, document: bool) -> Verdict {
    let Ok(url) = Url::parse(url) else { return Verdict::Refuse("not a URL") };
    if !matches!(url.scheme(), "http" | "https") {
        return Verdict::Refuse("not http(s)");
    }
    let server = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or("")),
        None => url.host_str().unwrap_or("").to_string(),
    };
    if urls::in_scope(&url, &ctx.site) {
        if ctx.robots.allowed(&url) { Verdict::Turn(server) } else { Verdict::Refuse("robots.txt") }
    } else if document {
        Verdict::Refuse("another site's page")
    } else {
        Verdict::Turn(server)
    }
}

/// The browsers crawls are running now (process id, profile folder), so that a run stopped by a signal stops
/// them too and leaves no profile behind ([`stop_browsers`]).
static RUNNING: Mutex<Vec<(u32, std::path::PathBuf)>> = Mutex::new(Vec::new());

/// For the signal handler: kills every browser a crawl is running and removes its profile folder.
pub fn stop_browsers() {
    let running = std::mem::take(&mut *RUNNING.lock().unwrap_or_else(|e| e.into_inner()));
    for (pid, profile) in running {
        // The browser and its helpers (zygote, renderers, utilities), which would go on writing into the
        // profile for a while after the browser alone is killed.
        let mut family = vec![pid];
        #[cfg(target_os = "linux")]
        family.extend(descendants(pid));
        #[cfg(unix)]
        for pid in family.into_iter().filter_map(|p| libc::pid_t::try_from(p).ok()) {
            // SAFETY: kill(2) of our own child, still registered, so not yet reaped by `close` (which removes it
            // from RUNNING under the lock before it waits for the process), and of its descendants as /proc
            // lists them at this moment; the signal handler's last act before the process exits.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
        // The browser's helpers may still write into the profile for a moment after it is killed.
        for _ in 0..PROFILE_REMOVAL_TRIES {
            let _ = std::fs::remove_dir_all(&profile);
            if !profile.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Every process descended from `root`, as /proc shows them now.
#[cfg(target_os = "linux")]
fn descendants(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            let parent: u32 = stat.rsplit_once(") ")?.1.split_whitespace().nth(1)?.parse().ok()?;
            Some((pid, parent))
        })
        .collect();
    let mut family = vec![root];
    let mut at = 0;
    while at < family.len() {
        let parent = family[at];
        family.extend(parents.iter().filter(|(_, p)| *p == parent).map(|(pid, _)| *pid));
        at += 1;
    }
    family.remove(0);
    family
}

/// Tries at removing a stopped browser's profile folder, 0.1 s apart.
const PROFILE_REMOVAL_TRIES: u32 = 20;

/// A running headless Chromium and its scratch profile (removed when it is dropped).
pub(crate) struct Chromium {
    browser: Browser,
    handler: tokio::task::JoinHandle<()>,
    user_agent: String,
    _profile: tempfile::TempDir,
}

impl Chromium {
    /// Starts the browser at `path`; `user_agent` is appended to the browser's own, so that the site sees a
    /// browser and who drives it; `proxy` sends every request through one server (the demo's).
    pub(crate) async fn launch(path: &Path, user_agent: &str, proxy: Option<&str>) -> Result<Self, String> {
        let profile = tempfile::Builder::new()
            .prefix("touchaudit-browser-")
            .tempdir()
            .map_err(|e| format!("cannot make the browser's profile folder: {e}"))?;
        let mut config = BrowserConfig::builder()
            .chrome_executable(path)
            .no_sandbox()
            .new_headless_mode()
            .enable_request_intercept()
            .user_data_dir(profile.path())
            .viewport(None)
            .launch_timeout(Duration::from_secs(BROWSER_START_TIMEOUT_S))
            .request_timeout(Duration::from_secs(BROWSER_START_TIMEOUT_S))
            .args([
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                "--disable-domain-reliability",
            ]);
        if let Some(proxy) = proxy {
            config = config.arg(format!("--proxy-server={proxy}")).arg("--proxy-bypass-list=<-loopback>");
        }
        let config = config.build()?;
        let (mut browser, mut handler) =
            Browser::launch(config).await.map_err(|e| format!("cannot start {}: {e}", path.display()))?;
        if let Some(pid) = browser.get_mut_child().and_then(|c| c.as_mut_inner().id()) {
            RUNNING.lock().unwrap_or_else(|e| e.into_inner()).push((pid, profile.path().to_path_buf()));
        }
        let handler = tokio::spawn(async move { while handler.next().await.is_some() {} });
        let version = browser.version().await.map_err(|e| format!("the browser does not answer: {e}"))?;
        let user_agent = format!("{} {user_agent}", version.user_agent.replace("HeadlessChrome", "Chrome"));
        Ok(Chromium { browser, handler, user_agent, _profile: profile })
    }

    /// Stops the browser and waits for it.
    pub(crate) async fn close(mut self) {
        let pid = self.browser.get_mut_child().and_then(|c| c.as_mut_inner().id());
        RUNNING.lock().unwrap_or_else(|e| e.into_inner()).retain(|(running, _)| Some(*running) != pid);
        let _ = tokio::time::timeout(Duration::from_secs(5), self.browser.close()).await;
        let _ = tokio::time::timeout(Duration::from_secs(5), self.browser.wait()).await;
        let _ = self.browser.kill().await;
        self.handler.abort();
    }

    /// A new tab whose every request passes [`verdict`]; `mobile` emulates Lighthouse's throttled phone.
    async fn tab(&self, ctx: Arc<Context>, mobile: bool) -> Result<Tab, String> {
        let fail = |e: chromiumoxide::error::CdpError| e.to_string();
        let page = self.browser.new_page("about:blank").await.map_err(fail)?;
        // The request latency is applied here, as each paused request is let go: DevTools' own latency
        // emulation left the page's own request undelayed in most loads on Chromium 156 (bench/vitals.sh), so
        // the browser is asked to throttle the bandwidth only.
        let latency = if mobile { Duration::from_secs_f64(THROTTLE_LATENCY_MS / 1000.0) } else { Duration::ZERO };
        let traffic = Arc::new(Traffic { latency, ..Traffic::default() });
        let mut paused = page.event_listener::<fetch::EventRequestPaused>().await.map_err(fail)?;
        let mut finished = page.event_listener::<network::EventLoadingFinished>().await.map_err(fail)?;
        let mut failed = page.event_listener::<network::EventLoadingFailed>().await.map_err(fail)?;
        let mut answered = page.event_listener::<network::EventResponseReceived>().await.map_err(fail)?;
        // The page's own document is the top frame's latest (a bot challenge that passes reloads the page).
        let main_frame = page.mainframe().await.map_err(fail)?;
        let watch = {
            let (page, traffic) = (page.clone(), traffic.clone());
            tokio::spawn(async move {
                loop {
                    tokio::select! {
                        Some(event) = paused.next() => {
                            traffic.waiting.fetch_add(1, Ordering::SeqCst);
                            tokio::spawn(admit(page.clone(), ctx.clone(), traffic.clone(), event));
                        }
                        Some(event) = finished.next() => {
                            traffic.running.lock().unwrap_or_else(|e| e.into_inner()).remove(event.request_id.inner());
                        }
                        Some(event) = failed.next() => {
                            traffic.running.lock().unwrap_or_else(|e| e.into_inner()).remove(event.request_id.inner());
                        }
                        Some(event) = answered.next() => {
                            let mut document = traffic.document.lock().unwrap_or_else(|e| e.into_inner());
                            let top = main_frame.is_none() || event.frame_id == main_frame;
                            if event.r#type == network::ResourceType::Document && (top || document.is_none()) {
                                *document = Some((
                                    u16::try_from(event.response.status).unwrap_or(0),
                                    header_map(event.response.headers.inner()),
                                ));
                            }
                        }
                        else => break,
                    }
                }
            })
        };
        let tab = Tab { page, traffic, watch };
        let setup = prepare(&tab.page, &self.user_agent, mobile);
        match setup.await {
            Ok(()) => Ok(tab),
            Err(e) => {
                tab.close().await;
                Err(e)
            }
        }
    }

    /// Loads `url` as a visitor's browser does and reads the page it settles into.
    pub(crate) async fn read_page(&self, ctx: Arc<Context>, url: &Url, limit: Duration) -> Result<Rendered, String> {
        let tab = self.tab(ctx, false).await?;
        let outcome = async {
            let settled = tab.settle(url, RENDER_QUIET_MS, limit).await?;
            let html: String = tab.eval(SERIALIZE_JS).await?;
            let document = tab.traffic.document.lock().unwrap_or_else(|e| e.into_inner()).take();
            let refused = std::mem::take(&mut *tab.traffic.refused.lock().unwrap_or_else(|e| e.into_inner()));
            Ok(Rendered { html, document, settled, refused })
        }
        .await;
        tab.close().await;
        outcome
    }

    /// Loads `url` `loads` times, cold, as Lighthouse's throttled phone, and gives the medians.
    pub(crate) async fn vitals(
        &self,
        ctx: Arc<Context>,
        url: &Url,
        loads: u32,
        limit: Duration,
    ) -> Result<super::facts::PageVitals, String> {
        let mut runs = Vec::new();
        for _ in 0..loads.max(1) {
            let tab = self.tab(ctx.clone(), true).await?;
            let run = async {
                tab.settle(url, SPEED_QUIET_MS, limit).await?;
                let raw: String = tab.eval("window.__touchaudit ? window.__touchaudit.vitals() : 'null'").await?;
                serde_json::from_str::<Option<Observed>>(&raw).map_err(|e| e.to_string())
            }
            .await;
            tab.close().await;
            if let Some(observed) = run? {
                runs.push(observed.vitals());
            }
        }
        if runs.is_empty() {
            return Err("the page reported no paint".into());
        }
        let median = |pick: fn(&Vitals) -> f64| {
            let mut values: Vec<f64> = runs.iter().map(pick).collect();
            values.sort_by(f64::total_cmp);
            crate::stats::quantile(&values, 0.5).unwrap_or(0.0)
        };
        Ok(super::facts::PageVitals {
            url: url.to_string(),
            lcp_ms: median(|v| v.lcp_ms).round(),
            cls: (median(|v| v.cls) * 1000.0).round() / 1000.0,
            tbt_ms: median(|v| v.tbt_ms).round(),
            fcp_ms: median(|v| v.fcp_ms).round(),
            loads: u32::try_from(runs.len()).unwrap_or(u32::MAX),
        })
    }
}

/// Sets a new tab's User-Agent, installs [`OBSERVER_JS`], and emulates Lighthouse's throttled phone
/// (`mobile`) or a desktop screen.
async fn prepare(page: &Page, user_agent: &str, mobile: bool) -> Result<(), String> {
    let fail = |e: chromiumoxide::error::CdpError| e.to_string();
    page.execute(network::SetUserAgentOverrideParams::new(user_agent.to_string())).await.map_err(fail)?;
    // A site's service worker could answer or send requests where the pause above does not see them: every
    // request of the page goes to the network, through the crawl's rules.
    page.execute(network::SetBypassServiceWorkerParams::new(true)).await.map_err(fail)?;
    let observer = OBSERVER_JS.replace("HORIZON", &TIMER_HORIZON_MS.to_string());
    page.execute(cdp_page::AddScriptToEvaluateOnNewDocumentParams::new(observer)).await.map_err(fail)?;
    if mobile {
        let (width, height, ratio) = MOBILE_SCREEN;
        page.execute(emulation::SetDeviceMetricsOverrideParams::new(width, height, ratio, true)).await.map_err(fail)?;
        page.execute(emulation::SetCpuThrottlingRateParams::new(THROTTLE_CPU)).await.map_err(fail)?;
        let bytes_per_s = |kbps: f64| kbps * 1024.0 / 8.0;
        // The protocol marks this command deprecated for `emulateNetworkConditionsByRule`; this is the
        // one Lighthouse's DevTools throttling sends.
        #[allow(deprecated)]
        page.execute(network::EmulateNetworkConditionsParams::new(
            false,
            0.0,
            bytes_per_s(THROTTLE_DOWNLOAD_KBPS),
            bytes_per_s(THROTTLE_UPLOAD_KBPS),
        ))
        .await
        .map_err(fail)?;
    } else {
        let (width, height) = (1350, 940);
        page.execute(emulation::SetDeviceMetricsOverrideParams::new(width, height, 1.0, false)).await.map_err(fail)?;
    }
    Ok::<(), String>(())
}

/// A page as the browser rendered it.
pub(crate) struct Rendered {
    pub html: String,
    /// The status and headers the page itself was answered with.
    pub document: Option<(u16, reqwest::header::HeaderMap)>,
    /// False when the page was still changing at the time limit (it was read as it was then).
    pub settled: bool,
    /// Requests the crawl's rules kept from going out, with why.
    pub refused: Vec<String>,
}

/// Decides one paused request: waits for its turn and lets it go, or fails it.
async fn admit(page: Page, ctx: Arc<Context>, traffic: Arc<Traffic>, event: Arc<fetch::EventRequestPaused>) {
    let document = matches!(event.resource_type, network::ResourceType::Document);
    // The network id is what `loadingFinished` and `loadingFailed` name; a request without one (none was seen)
    // would never be seen to finish, so it holds no permit past being let go.
    let key = event.network_id.as_ref().map(|id| id.inner().clone());
    match verdict(&ctx, &event.request.url, document) {
        Verdict::Turn(server) => {
            let permit = ctx.fetcher.politeness.turn(&server).await;
            if !traffic.latency.is_zero() {
                tokio::time::sleep(traffic.latency).await;
            }
            if let Some(key) = &key {
                traffic.running.lock().unwrap_or_else(|e| e.into_inner()).insert(key.clone(), permit);
            }
            traffic.waiting.fetch_sub(1, Ordering::SeqCst);
            if page.execute(fetch::ContinueRequestParams::new(event.request_id.clone())).await.is_err()
                && let Some(key) = &key
            {
                traffic.running.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
            }
        }
        Verdict::Refuse(why) => {
            traffic.refused.lock().unwrap_or_else(|e| e.into_inner()).push(format!("{} ({why})", event.request.url));
            traffic.waiting.fetch_sub(1, Ordering::SeqCst);
            let reason = network::ErrorReason::BlockedByClient;
            let _ = page.execute(fetch::FailRequestParams::new(event.request_id.clone(), reason)).await;
        }
    }
}

fn header_map(headers: &serde_json::Value) -> reqwest::header::HeaderMap {
    let mut map = reqwest::header::HeaderMap::new();
    if let Some(object) = headers.as_object() {
        for (name, value) in object {
            let (Ok(name), Some(Ok(value))) = (
                reqwest::header::HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes()),
                value.as_str().map(reqwest::header::HeaderValue::from_str),
            ) else {
                continue;
            };
            map.append(name, value);
        }
    }
    map
}

/// One tab, its request watcher and what its requests did.
struct Tab {
    page: Page,
    traffic: Arc<Traffic>,
    watch: tokio::task::JoinHandle<()>,
}

/// What the page says of itself while it loads ([`OBSERVER_JS`]).
#[derive(Deserialize)]
struct PageState {
    ready: bool,
    pending: u32,
    last: f64,
    now: f64,
}

impl Tab {
    async fn eval<T: serde::de::DeserializeOwned>(&self, script: &str) -> Result<T, String> {
        let result = self.page.evaluate(script).await.map_err(|e| e.to_string())?;
        result.into_value().map_err(|e| e.to_string())
    }

    /// Opens `url` and waits until the page has settled: loaded, nothing in flight, no short timer pending and
    /// no change for `quiet_ms`; or until `limit` (then false: the page is read as it is).
    async fn settle(&self, url: &Url, quiet_ms: f64, limit: Duration) -> Result<bool, String> {
        let started = tokio::time::Instant::now();
        let navigate = cdp_page::NavigateParams::new(url.to_string());
        let navigated = tokio::time::timeout(limit, self.page.execute(navigate))
            .await
            .map_err(|_| format!("the page did not start loading within {} s", limit.as_secs_f64()))?
            .map_err(|e| e.to_string())?;
        if let Some(error) = &navigated.result.error_text {
            return Err(format!("the browser could not open the page: {error}"));
        }
        loop {
            tokio::time::sleep(Duration::from_millis(POLL_MS)).await;
            if started.elapsed() >= limit {
                return Ok(false);
            }
            let state: Option<String> =
                self.eval("window.__touchaudit ? window.__touchaudit.state() : null").await.ok().flatten();
            let Some(state) = state.and_then(|s| serde_json::from_str::<PageState>(&s).ok()) else { continue };
            if state.ready && state.pending == 0 && !self.traffic.busy() && state.now - state.last >= quiet_ms {
                return Ok(true);
            }
        }
    }

    async fn close(self) {
        self.watch.abort();
        let _ = tokio::time::timeout(Duration::from_secs(5), self.page.close()).await;
    }
}

/// The raw figures of one load.
#[derive(Deserialize)]
struct Observed {
    lcp: f64,
    fcp: f64,
    shifts: Vec<(f64, f64)>,
    long: Vec<(f64, f64)>,
}

/// One load's Core Web Vitals.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Vitals {
    lcp_ms: f64,
    cls: f64,
    tbt_ms: f64,
    fcp_ms: f64,
}

impl Observed {
    fn vitals(&self) -> Vitals {
        Vitals {
            lcp_ms: self.lcp.max(self.fcp),
            cls: cls(&self.shifts),
            tbt_ms: tbt(&self.long, self.fcp),
            fcp_ms: self.fcp,
        }
    }
}

/// A long task blocks the page for what it runs beyond this, in milliseconds (Lighthouse's TBT).
const BLOCKING_AFTER_MS: f64 = 50.0;
/// Layout shifts less than this apart (ms) belong to one session window, which lasts at most
/// [`SESSION_WINDOW_MS`]; CLS is the largest window's sum (web.dev's definition since 2021).
const SESSION_GAP_MS: f64 = 1_000.0;
const SESSION_WINDOW_MS: f64 = 5_000.0;

/// Cumulative Layout Shift: the largest session window of shifts `(time, score)`.
fn cls(shifts: &[(f64, f64)]) -> f64 {
    let mut shifts = shifts.to_vec();
    shifts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut best, mut sum, mut first, mut previous) = (0.0f64, 0.0, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for (at, score) in shifts {
        if at - previous > SESSION_GAP_MS || at - first > SESSION_WINDOW_MS {
            (sum, first) = (0.0, at);
        }
        sum += score;
        previous = at;
        best = best.max(sum);
    }
    best
}

/// Total Blocking Time: what each long task `(start, duration)` after First Contentful Paint runs beyond
/// 50 ms (a task that began before FCP counts from FCP, as Lighthouse clips it).
fn tbt(long: &[(f64, f64)], fcp: f64) -> f64 {
    long.iter()
        .map(|&(start, duration)| {
            let end = start + duration;
            let from = start.max(fcp);
            ((end - from) - BLOCKING_AFTER_MS).max(0.0)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cls_is_the_largest_session_window() {
        // Two windows: 0.1 + 0.05 close together, then 0.12 two seconds later.
        assert!((cls(&[(100.0, 0.1), (600.0, 0.05), (2_600.0, 0.12)]) - 0.15).abs() < 1e-9);
        // A window closes after 5 s even when shifts keep coming every 0.9 s.
        let steady: Vec<(f64, f64)> = (0..10).map(|i| (f64::from(i) * 900.0, 0.01)).collect();
        assert!((cls(&steady) - 0.06).abs() < 1e-9, "{}", cls(&steady));
        assert_eq!(cls(&[]), 0.0);
    }

    #[test]
    fn tbt_counts_what_long_tasks_run_beyond_50_ms_after_fcp() {
        // FCP at 1000: a 200 ms task before it is ignored; one of 120 ms after it blocks 70; one that
        // straddles FCP (900-1100) counts 100 ms after FCP, blocking 50.
        assert_eq!(tbt(&[(200.0, 200.0), (1_500.0, 120.0), (900.0, 200.0)], 1_000.0), 120.0);
        assert_eq!(tbt(&[(1_500.0, 40.0)], 1_000.0), 0.0);
    }

    #[test]
    fn lcp_is_at_least_fcp() {
        let o = Observed { lcp: 0.0, fcp: 800.0, shifts: vec![], long: vec![] };
        assert_eq!(o.vitals().lcp_ms, 800.0);
    }
}
