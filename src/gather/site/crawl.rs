//! The crawl loop: a breadth-first frontier from the start URL and the sitemaps, polite concurrent fetches,
//! parsing off the async threads, and the limits that keep a crawl bounded.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use regex::Regex;
use url::Url;

use super::decode;
use super::extract::{self, ExtractConfig, HtmlFacts};
use super::facts::{BrokenLink, CrawlNote, ErrorKind, FoundVia, PageRecord, RefKind, ResourceCheck, SiteFacts};
use super::fetch::Fetcher;
use super::render::{self, Renderer};
use super::robots::Rules;
use super::urls;

/// Disallowed URLs listed by name at most (all are counted).
const MAX_LISTED_BLOCKED: usize = 100;

/// The crawl's limits and scope, from [crawl] in audit.toml or the command line.
pub(crate) struct Limits {
    pub max_pages: usize,
    pub max_depth: u32,
    pub max_query_variants: u32,
    pub max_time: Duration,
    /// When the crawl began, robots.txt and sitemaps included: `max_time` and the duration count from it.
    pub started: Instant,
    pub in_flight: usize,
    pub include: Vec<Regex>,
    pub exclude: Vec<Regex>,
    pub check_external: bool,
}

/// What every fetch task shares.
pub(crate) struct Context {
    pub fetcher: Fetcher,
    pub robots: Rules,
    pub extract: ExtractConfig,
    pub site: String,
    /// The bytes of the pages fetched and not yet read.
    pub held: HeldPages,
    /// Page fetches under way at once, at most (`concurrency` slots): a task takes one before it asks for the
    /// host's permit and the room to hold its page, and gives it back once the page is in.
    pub fetch_slots: Arc<tokio::sync::Semaphore>,
}

/// The bytes of the pages fetched and waiting to be read (parsed on a blocking thread): a fetch starts only
/// while they are under [`MAX_HELD_PAGE_BYTES`], so the fetch tasks kept ahead of the parsing threads
/// ([`super::TASKS_PER_REQUEST`]) hold little memory on a site of small pages and stay bounded on one of
/// large pages: at most that much plus the fetches under way (`concurrency`), each within `max_page_bytes`.
#[derive(Default)]
pub(crate) struct HeldPages {
    bytes: std::sync::atomic::AtomicUsize,
    freed: tokio::sync::Notify,
}

/// Pages fetched and waiting to be read, in bytes, past which no new fetch starts until one is read.
pub(crate) const MAX_HELD_PAGE_BYTES: usize = 32 << 20;

impl HeldPages {
    /// Waits until the pages held are under [`MAX_HELD_PAGE_BYTES`].
    async fn room(&self) {
        use std::sync::atomic::Ordering;
        loop {
            let freed = self.freed.notified();
            tokio::pin!(freed);
            // Registered before the check, so a page read between the check and the wait still wakes it.
            freed.as_mut().enable();
            if self.bytes.load(Ordering::Acquire) < MAX_HELD_PAGE_BYTES {
                return;
            }
            freed.await;
        }
    }

    /// Counts `bytes` as held until the guard is dropped (the page read).
    fn hold(&self, bytes: usize) -> Held<'_> {
        self.bytes.fetch_add(bytes, std::sync::atomic::Ordering::AcqRel);
        Held { pages: self, bytes }
    }
}

/// A page's bytes counted as held (see [`HeldPages`]).
struct Held<'a> {
    pages: &'a HeldPages,
    bytes: usize,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.pages.bytes.fetch_sub(self.bytes, std::sync::atomic::Ordering::AcqRel);
        self.pages.freed.notify_waiters();
    }
}

enum Job {
    Page { url: Url, depth: u32, via: FoundVia },
    Check { url: Url },
}

enum Done {
    Page(Box<PageRecord>),
    Check(ResourceCheck),
}

fn wants_body(content_type: Option<&str>) -> bool {
    content_type.is_none_or(|ct| {
        let ct = ct.to_ascii_lowercase();
        ct.contains("html") || ct.starts_with("text/plain") || ct.starts_with("application/octet-stream")
    })
}

/// HTML by its content type, or by its first bytes when the server does not say.
fn looks_like_html(content_type: Option<&str>, body: &[u8]) -> bool {
    match content_type.map(str::to_ascii_lowercase) {
        Some(ct) if ct.contains("html") => true,
        _ => {
            let head = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
            let head = head.trim_start_matches('\u{feff}').trim_start();
            head.starts_with("<!doctype html") || head.starts_with("<html")
        }
    }
}

async fn fetch_page(ctx: Arc<Context>, url: Url, depth: u32, via: FoundVia) -> PageRecord {
    // Closed only if the crawl dropped the semaphore, which it never does while a task runs.
    let slot = ctx.fetch_slots.clone().acquire_owned().await.ok();
    ctx.held.room().await;
    let fetched = ctx.fetcher.get(&url, Some(&ctx.site), wants_body, |u| ctx.robots.allowed(u)).await;
    let _held = ctx.held.hold(fetched.body.len());
    drop(slot);
    let final_url = fetched.final_url.clone().unwrap_or_else(|| url.clone());
    let mut record = PageRecord {
        url: url.to_string(),
        final_url: final_url.to_string(),
        depth,
        found_via: via,
        status: fetched.status,
        error: fetched.error.clone(),
        redirects: fetched.redirects,
        content_type: fetched.content_type.clone(),
        bytes: fetched.bytes,
        truncated: fetched.truncated,
        response_ms: u64::try_from(fetched.elapsed.as_millis()).unwrap_or(u64::MAX),
        last_modified: fetched.last_modified.clone(),
        x_robots_tag: fetched.x_robots_tag.clone(),
        charset: None,
        charset_source: None,
        decode_errors: false,
        rendered: None,
        html: None,
    };
    let is_page = fetched.status.is_some_and(|s| (200..300).contains(&s))
        && urls::in_scope(&final_url, &ctx.site)
        && looks_like_html(fetched.content_type.as_deref(), &fetched.body);
    if is_page {
        let body = fetched.body;
        let content_type = fetched.content_type;
        let task_ctx = ctx.clone();
        let parsed = tokio::task::spawn_blocking(move || {
            let decoded = decode::decode(&body, content_type.as_deref());
            let facts = extract::extract(&decoded.text, &final_url, &task_ctx.extract);
            (facts, decoded.charset, decoded.source, decoded.had_errors)
        })
        .await;
        if let Ok((mut facts, charset, source, had_errors)) = parsed {
            let x_robots_tag = record.x_robots_tag.as_deref();
            super::checks::answer_checks(&mut facts.checks, record.status, facts.robots_meta.as_deref(), x_robots_tag);
            record.html = Some(facts);
            record.charset = Some(charset.to_string());
            record.charset_source = Some(source);
            record.decode_errors = had_errors;
        }
    }
    record
}

/// A URL's identity for query-variant counting: everything but the query.
fn variant_key(url: &Url) -> String {
    urls::without_query(url)
}

pub(crate) struct Crawl {
    ctx: Arc<Context>,
    limits: Limits,
    queue: VecDeque<Job>,
    seen: HashSet<String>,
    /// One copy of each link target the pages name, shared by every page that names it.
    targets: HashSet<Arc<str>>,
    variants: HashMap<String, u32>,
    pages_started: usize,
    facts: SiteFacts,
}

impl Crawl {
    pub(crate) fn new(ctx: Context, limits: Limits, facts: SiteFacts) -> Self {
        Crawl {
            ctx: Arc::new(ctx),
            limits,
            queue: VecDeque::new(),
            seen: HashSet::new(),
            targets: HashSet::new(),
            variants: HashMap::new(),
            pages_started: 0,
            facts,
        }
    }

    /// Queues a page if it is new, in scope, within depth, allowed, included and not a crawl-trap variant.
    pub(crate) fn offer_page(&mut self, url: Url, depth: u32, via: FoundVia) {
        if !urls::in_scope(&url, &self.ctx.site) || self.seen.contains(url.as_str()) {
            return;
        }
        let text = url.as_str();
        if self.limits.exclude.iter().any(|r| r.is_match(text))
            || (!self.limits.include.is_empty()
                && via != FoundVia::Start
                && !self.limits.include.iter().any(|r| r.is_match(text)))
        {
            self.seen.insert(url.to_string());
            self.facts.skipped.excluded += 1;
            return;
        }
        if depth > self.limits.max_depth {
            self.facts.skipped.depth += 1;
            return;
        }
        if !self.ctx.robots.allowed(&url) {
            self.seen.insert(url.to_string());
            self.facts.skipped.robots += 1;
            if self.facts.robots.blocked.len() < MAX_LISTED_BLOCKED {
                self.facts.robots.blocked.push(url.to_string());
            }
            return;
        }
        if url.query().is_some() {
            let count = self.variants.entry(variant_key(&url)).or_insert(0);
            if *count >= self.limits.max_query_variants {
                self.seen.insert(url.to_string());
                self.facts.skipped.query_variants += 1;
                return;
            }
            *count += 1;
        }
        self.seen.insert(url.to_string());
        self.queue.push_back(Job::Page { url, depth, via });
    }

    fn offer_check(&mut self, url: Url) {
        let in_scope = urls::in_scope(&url, &self.ctx.site);
        if (!in_scope && !self.limits.check_external) || !self.seen.insert(url.to_string()) {
            return;
        }
        if in_scope && !self.ctx.robots.allowed(&url) {
            return;
        }
        self.queue.push_back(Job::Check { url });
    }

    fn absorb(&mut self, done: Done) {
        match done {
            Done::Check(check) => self.facts.resources.push(check),
            Done::Page(mut record) => {
                self.seen.insert(record.final_url.clone());
                if let Some(html) = &mut record.html {
                    self.follow(html, record.depth);
                }
                self.facts.pages.push(record);
            }
        }
    }

    /// Shares the page's link targets with the other pages' and offers the new ones: pages to crawl, other
    /// targets to check.
    fn follow(&mut self, html: &mut HtmlFacts, depth: u32) {
        for link in &mut html.links {
            match self.targets.get(link) {
                Some(shared) => *link = shared.clone(),
                None => {
                    self.targets.insert(link.clone());
                }
            }
        }
        // A link already seen is offered in vain (both offers stop at `seen`): most of a page's links are the
        // site's menu, seen on the first page. Links are serialised URLs, so the text is the parsed URL's.
        for link in &html.links {
            if self.seen.contains(&**link) {
                continue;
            }
            let Ok(target) = Url::parse(link) else { continue };
            if urls::in_scope(&target, &self.ctx.site) {
                self.offer_page(target, depth + 1, FoundVia::Link);
            } else {
                self.offer_check(target);
            }
        }
        let images = html.images.iter().map(|i| i.src.as_str());
        let actions = html.forms.iter().filter_map(|f| f.action.as_deref());
        for target in images.chain(actions) {
            if self.seen.contains(target) {
                continue;
            }
            if let Ok(url) = Url::parse(target) {
                self.offer_check(url);
            }
        }
    }

    /// Reads in the browser the pages fetched since the last pass that it should render ([`Renderer::wants`]),
    /// replaces their facts with the rendered page's and follows the links only the rendered page has.
    async fn render_pass(&mut self, renderer: &mut Renderer, deadline: Instant) {
        let from = renderer.considered;
        renderer.considered = self.facts.pages.len();
        for at in from..self.facts.pages.len() {
            let page = &self.facts.pages[at];
            let served = page.ok_html();
            if !renderer.wants(page, served) || Instant::now() >= deadline {
                continue;
            }
            let js_built = served.is_some_and(render::script_built);
            let was_blocked = page.is_blocked();
            let Some(rendered) = renderer.read_page(self.ctx.clone(), page, js_built).await else { continue };
            let document_status = rendered.document.as_ref().map(|(status, _)| *status);
            let Ok(url) = Url::parse(&page.final_url) else { continue };
            let ctx = self.ctx.clone();
            let (settled, mut refused) = (rendered.settled, rendered.refused);
            refused.truncate(render::MAX_LISTED_REFUSED);
            let mut html = rendered.html;
            let max = usize::try_from(ctx.fetcher.max_bytes).unwrap_or(usize::MAX);
            if html.len() > max {
                let mut cut = max;
                while !html.is_char_boundary(cut) {
                    cut -= 1;
                }
                html.truncate(cut);
            }
            let Ok(mut facts) = tokio::task::spawn_blocking(move || extract::extract(&html, &url, &ctx.extract)).await
            else {
                continue;
            };
            let page = &mut self.facts.pages[at];
            if was_blocked {
                // The browser got past what refused the crawler: the page is read as a visitor sees it.
                page.error = None;
                page.status = document_status.or(Some(200));
                page.content_type = Some("text/html".to_string());
            }
            super::checks::answer_checks(
                &mut facts.checks,
                page.status,
                facts.robots_meta.as_deref(),
                page.x_robots_tag.as_deref(),
            );
            let mut changed = page.html.as_ref().map(|h| render::differences(h, &facts)).unwrap_or_default();
            (changed.settled, changed.refused, changed.past_protection) = (settled, refused, was_blocked);
            page.rendered = Some(changed);
            let depth = page.depth;
            self.follow(&mut facts, depth);
            self.facts.pages[at].html = Some(facts);
        }
    }

    /// The notes on what stopped the crawl short (`timed_out`: the crawl's time ran out) and on what the site's
    /// protection refused.
    fn note_limits(&mut self, timed_out: bool) {
        if timed_out {
            let waiting = self.queue.iter().filter(|j| matches!(j, Job::Page { .. })).count();
            self.facts.skipped.time_limit += u32::try_from(waiting).unwrap_or(u32::MAX);
            self.facts.notes.push(CrawlNote::TimeLimit {
                seconds: self.limits.max_time.as_secs(),
                not_fetched: self.facts.skipped.time_limit,
            });
        }
        if self.facts.skipped.max_pages > 0 {
            self.facts.notes.push(CrawlNote::MaxPages {
                max_pages: self.limits.max_pages,
                not_fetched: self.facts.skipped.max_pages,
            });
        }
        if self.facts.skipped.depth > 0 {
            self.facts
                .notes
                .push(CrawlNote::MaxDepth { max_depth: self.limits.max_depth, not_followed: self.facts.skipped.depth });
        }
        if self.facts.skipped.query_variants > 0 {
            self.facts.notes.push(CrawlNote::QueryVariants {
                per_path: self.limits.max_query_variants,
                skipped: self.facts.skipped.query_variants,
            });
        }
        let past = self.facts.pages.iter().filter(|p| p.rendered.as_ref().is_some_and(|r| r.past_protection)).count();
        if past > 0 {
            self.facts.notes.push(CrawlNote::ReadPastProtection { pages: u32::try_from(past).unwrap_or(u32::MAX) });
        }
        let blocked_pages = self.facts.pages.iter().filter(|p| p.is_blocked()).count();
        let blocked_checks = self.facts.resources.iter().filter(|c| c.is_blocked()).count();
        if blocked_pages + blocked_checks > 0 {
            self.facts.notes.push(CrawlNote::Blocked {
                pages: u32::try_from(blocked_pages).unwrap_or(u32::MAX),
                links: u32::try_from(blocked_checks).unwrap_or(u32::MAX),
            });
        }
    }

    /// Runs the crawl to the end or to a limit; `tick` is called after each finished fetch. With a renderer,
    /// the pages it wants are read in the browser between rounds of fetching (their links may lead to pages
    /// only the browser shows), and page speed is measured in it at the end.
    pub(crate) async fn run(mut self, tick: impl Fn(usize, usize), mut renderer: Option<Renderer>) -> SiteFacts {
        let started = self.limits.started;
        let deadline = started + self.limits.max_time;
        loop {
            let timed_out = self.fetch_round(&tick, deadline).await;
            let Some(renderer) = renderer.as_mut().filter(|_| !timed_out) else { break };
            self.render_pass(renderer, deadline).await;
            if self.queue.is_empty() {
                break;
            }
        }
        if let Some(mut renderer) = renderer {
            if Instant::now() < deadline {
                let signals = (self.ctx.extract.keywords.bit("contacts"), self.ctx.extract.keywords.bit("prices"));
                self.facts.vitals = renderer.measure(self.ctx.clone(), &self.facts.pages, signals).await;
            }
            let notes = renderer.finish().await;
            self.facts.notes.extend(notes);
        }
        self.note_limits(Instant::now() >= deadline);
        let mut facts = self.facts;
        // Fetches finish in any order; the facts do not depend on it.
        facts.pages.sort_by(|a, b| a.url.cmp(&b.url));
        facts.resources.sort_by(|a, b| a.url.cmp(&b.url));
        facts.broken_links = broken_links(&facts);
        facts.pages_crawled = facts.html_pages().count();
        facts.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        facts
    }

    /// Fetches until the queue is empty or the time is up (then true: what is still running is stopped, and
    /// everything already fetched kept).
    async fn fetch_round(&mut self, tick: &impl Fn(usize, usize), deadline: Instant) -> bool {
        let mut in_flight = FuturesUnordered::new();
        loop {
            while in_flight.len() < self.limits.in_flight {
                let Some(job) = self.queue.pop_front() else { break };
                if Instant::now() >= deadline {
                    self.queue.push_front(job);
                    break;
                }
                let ctx = self.ctx.clone();
                match job {
                    Job::Page { url, depth, via } => {
                        if self.pages_started >= self.limits.max_pages {
                            self.facts.skipped.max_pages += 1;
                            continue;
                        }
                        self.pages_started += 1;
                        in_flight.push(tokio::spawn(async move {
                            Done::Page(Box::new(fetch_page(ctx, url, depth, via).await))
                        }));
                    }
                    Job::Check { url } => in_flight.push(tokio::spawn(async move {
                        let (status, error) = ctx.fetcher.check(&url).await;
                        Done::Check(ResourceCheck { url: url.to_string(), status, error })
                    })),
                }
            }
            if in_flight.is_empty() {
                return Instant::now() >= deadline && !self.queue.is_empty();
            }
            match tokio::time::timeout_at(deadline.into(), in_flight.next()).await {
                Ok(Some(Ok(done))) => self.absorb(done),
                Ok(Some(Err(_))) => {} // a task panicked or was cancelled; its URL is simply not in the result
                Ok(None) => return false,
                Err(_) => {
                    // Time is up: stop what is still running, keep everything already fetched.
                    for task in &in_flight {
                        task.abort();
                    }
                    self.facts.skipped.time_limit += u32::try_from(in_flight.len()).unwrap_or(u32::MAX);
                    return true;
                }
            }
            tick(self.facts.pages.len(), self.queue.len());
        }
    }
}

/// Every reference from a crawled page to a target that answered with an error, once per (page, target).
fn broken_links(facts: &SiteFacts) -> Vec<BrokenLink> {
    let mut outcome: HashMap<&str, (Option<u16>, Option<ErrorKind>)> = HashMap::new();
    for page in &facts.pages {
        if page.is_broken() {
            outcome.insert(&page.url, (page.status, page.error.as_ref().map(|e| e.kind)));
        }
    }
    for check in &facts.resources {
        if check.is_broken() {
            outcome.insert(&check.url, (check.status, check.error.as_ref().map(|e| e.kind)));
        }
    }
    let mut broken = Vec::new();
    let mut reported = HashSet::new();
    for page in &facts.pages {
        let Some(html) = &page.html else { continue };
        let links = html.links.iter().map(|l| (&**l, RefKind::Link));
        let images = html.images.iter().map(|i| (i.src.as_str(), RefKind::Image));
        let actions = html.forms.iter().filter_map(|f| f.action.as_deref()).map(|a| (a, RefKind::FormAction));
        for (target, kind) in links.chain(images).chain(actions) {
            if let Some((status, error)) = outcome.get(target)
                && reported.insert((page.final_url.as_str(), target))
            {
                broken.push(BrokenLink {
                    from: page.final_url.clone(),
                    to: target.to_string(),
                    kind,
                    status: *status,
                    error: *error,
                });
            }
        }
    }
    broken.sort_by(|a, b| (&a.from, &a.to).cmp(&(&b.from, &b.to)));
    broken
}

#[cfg(test)]
mod tests {
    use futures::FutureExt;

    use super::*;

    /// A fetch waits while the pages held reach the limit and goes on once one is read: the waiting task is
    /// woken, not left to poll.
    #[tokio::test]
    async fn a_fetch_waits_for_room_while_the_pages_held_are_at_the_limit() {
        let held = Arc::new(HeldPages::default());
        assert!(held.room().now_or_never().is_some(), "nothing held: room at once");
        let small = held.hold(MAX_HELD_PAGE_BYTES - 1);
        assert!(held.room().now_or_never().is_some(), "under the limit: room at once");
        let big = held.hold(1);
        assert!(held.room().now_or_never().is_none(), "at the limit: no room");
        let waiting = tokio::spawn({
            let held = held.clone();
            async move { held.room().await }
        });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        drop(small);
        // Only a hang guard: the task must be woken by the page read, not by time passing.
        tokio::time::timeout(Duration::from_secs(30), waiting).await.unwrap().unwrap();
        drop(big);
        assert_eq!(held.bytes.load(std::sync::atomic::Ordering::Acquire), 0);
    }
}
