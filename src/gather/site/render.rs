//! Which pages the crawl reads in the browser as well, what their rendering changed, and which pages' speed
//! is measured there (`[crawl] render`, #28). The browser itself is `browser.rs`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use super::browser::Chromium;
use super::crawl::Context;
use super::extract::HtmlFacts;
use super::facts::{CrawlNote, PageRecord, PageVitals, RenderedFacts};
use crate::config::{CrawlSettings, RenderMode};

/// Rendered text this much longer or shorter than the served text (and at least [`TEXT_CHANGE_MIN_CHARS`]
/// apart) is a material difference: what search engines and link previews read is not what visitors see.
pub(crate) const TEXT_CHANGE_RATIO: f64 = 1.5;
pub(crate) const TEXT_CHANGE_MIN_CHARS: u32 = 200;
/// Links that only one of the two versions of a page has, at least, to count as a difference.
pub(crate) const LINK_CHANGE_MIN: usize = 3;

/// The environment variable that overrides `[crawl] render` for every audit a process runs (`never` for a
/// batch on a machine whose browser must not be used; `auto`, `always`); any other value is ignored.
pub(crate) const RENDER_ENV: &str = "TOUCHAUDIT_RENDER";

fn render_mode(setting: RenderMode, env: Option<&str>) -> RenderMode {
    match env.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        Some("auto") => RenderMode::Auto,
        Some("always") => RenderMode::Always,
        Some("never") => RenderMode::Never,
        _ => setting,
    }
}

/// Requests the browser was not allowed to make, listed per page at most.
pub(crate) const MAX_LISTED_REFUSED: usize = 20;

/// The browser side of one crawl: started on first need, closed at the end.
pub(crate) struct Renderer {
    mode: RenderMode,
    path: Option<PathBuf>,
    user_agent: String,
    proxy: Option<String>,
    max_pages: u32,
    timeout: Duration,
    speed_pages: u32,
    speed_loads: u32,
    chromium: Option<Chromium>,
    /// Why the browser could not start, once it was tried.
    start_failed: Option<String>,
    /// Pages already considered (the crawl's pages before this index).
    pub(crate) considered: usize,
    rendered: u32,
    failed: u32,
    /// Pages the site's protection refused the browser too.
    refused: u32,
    over_limit: u32,
    /// Pages that looked built by scripts but were not rendered for want of a browser.
    unrendered: u32,
}

impl Renderer {
    /// The renderer the settings ask for; `None` for `render = "never"`. [`RENDER_ENV`] overrides the setting.
    pub(crate) fn new(settings: &CrawlSettings, proxy: Option<&str>) -> Option<Self> {
        let mode = render_mode(settings.render, std::env::var(RENDER_ENV).ok().as_deref());
        (mode != RenderMode::Never).then(|| Renderer {
            mode,
            path: crate::config::find_browser().filter(|p| p.is_file()),
            user_agent: settings.user_agent.clone(),
            proxy: proxy.map(str::to_string),
            max_pages: settings.max_rendered_pages,
            timeout: Duration::from_secs_f64(settings.render_timeout_s),
            speed_pages: settings.speed_pages,
            speed_loads: settings.speed_loads,
            chromium: None,
            start_failed: None,
            considered: 0,
            rendered: 0,
            failed: 0,
            refused: 0,
            over_limit: 0,
            unrendered: 0,
        })
    }

    /// Whether a page is rendered: in `auto`, the start page, pages that may be built by scripts (`html`, the
    /// served page's facts) and pages the site's protection refused the crawler (a visitor's browser may pass).
    pub(crate) fn wants(&self, page: &PageRecord, html: Option<&HtmlFacts>) -> bool {
        page.rendered.is_none()
            && (page.is_blocked()
                || html.is_some()
                    && (self.mode == RenderMode::Always
                        || page.found_via == super::facts::FoundVia::Start
                        || html.is_some_and(script_built)))
    }

    async fn browser(&mut self) -> Option<&Chromium> {
        if self.chromium.is_none() && self.start_failed.is_none() {
            let path = self.path.clone()?;
            match Chromium::launch(&path, &self.user_agent, self.proxy.as_deref()).await {
                Ok(browser) => self.chromium = Some(browser),
                Err(e) => self.start_failed = Some(e),
            }
        }
        self.chromium.as_ref()
    }

    /// Renders one page; `None` when it was not (no browser, over the limit, failed), counted for the notes.
    pub(crate) async fn read_page(
        &mut self,
        ctx: Arc<Context>,
        page: &PageRecord,
        js_built: bool,
    ) -> Option<super::browser::Rendered> {
        if self.path.is_none() {
            self.unrendered += u32::from(js_built);
            return None;
        }
        if self.rendered + self.failed + self.refused >= self.max_pages {
            self.over_limit += 1;
            return None;
        }
        let Ok(url) = Url::parse(&page.final_url) else { return None };
        let timeout = self.timeout;
        let Some(browser) = self.browser().await else {
            self.failed += 1;
            return None;
        };
        match browser.read_page(ctx, &url, timeout).await {
            Ok(rendered) => {
                let refused = rendered.document.as_ref().and_then(|(status, headers)| {
                    super::refusal::refused_by(*status, headers, rendered.html.as_bytes())
                });
                // A page the protection refused the crawler that the browser gets only as an error page is
                // refused still: blocked, never broken.
                let error_page = rendered.document.as_ref().is_some_and(|(status, _)| *status >= 400);
                if refused.is_some() || (page.is_blocked() && error_page) {
                    self.refused += 1;
                    return None;
                }
                if rendered.html.is_empty() {
                    self.failed += 1;
                    return None;
                }
                self.rendered += 1;
                Some(rendered)
            }
            Err(_) => {
                self.failed += 1;
                None
            }
        }
    }

    /// Measures the speed of the start page and the first contacts and prices pages, up to `speed_pages`.
    pub(crate) async fn measure(
        &mut self,
        ctx: Arc<Context>,
        pages: &[Box<PageRecord>],
        signals: (u32, u32),
    ) -> Vec<PageVitals> {
        let chosen = speed_pages(pages, signals, self.speed_pages as usize);
        if chosen.is_empty() {
            return Vec::new();
        }
        let (loads, timeout) = (self.speed_loads, self.timeout);
        let Some(browser) = self.browser().await else { return Vec::new() };
        let mut vitals = Vec::new();
        for url in chosen {
            let Ok(url) = Url::parse(&url) else { continue };
            if let Ok(measured) = browser.vitals(ctx.clone(), &url, loads, timeout).await {
                vitals.push(measured);
            }
        }
        vitals
    }

    /// The notes on what the browser did, and stops it.
    pub(crate) async fn finish(self) -> Vec<CrawlNote> {
        let mut notes = Vec::new();
        if self.rendered > 0 {
            notes.push(CrawlNote::Rendered { pages: self.rendered });
        }
        if self.failed > 0 {
            notes.push(CrawlNote::RenderFailed { pages: self.failed });
        }
        if self.refused > 0 {
            notes.push(CrawlNote::BrowserRefused { pages: self.refused });
        }
        if self.over_limit > 0 {
            notes.push(CrawlNote::RenderLimit { max_rendered_pages: self.max_pages, not_rendered: self.over_limit });
        }
        if self.unrendered > 0 {
            notes.push(CrawlNote::NotRendered { pages: self.unrendered });
        }
        if let Some(browser) = self.chromium {
            browser.close().await;
        }
        notes
    }
}

/// A page that may be built by scripts, for rendering: one flagged as such (`js_rendered`, which the report
/// lists), or any page with a script and almost no text, such as a single-page app's shell that loads one
/// bundle (rendering it costs a second; missing its content costs the verdicts).
pub(crate) fn script_built(html: &HtmlFacts) -> bool {
    html.js_rendered || (html.scripts > 0 && (html.text_chars as usize) < SHELL_MAX_TEXT)
}

/// Visible characters below which a page with a script is rendered as a possible shell.
pub(crate) const SHELL_MAX_TEXT: usize = 200;

/// The pages whose speed is measured: the start page, then the shallowest contacts page and prices page
/// (`signals`: the topic bits of the two), at most `max`.
fn speed_pages(pages: &[Box<PageRecord>], (contacts, prices): (u32, u32), max: usize) -> Vec<String> {
    let mut ok: Vec<(&PageRecord, &HtmlFacts)> = pages.iter().filter_map(|p| p.ok_html().map(|h| (&**p, h))).collect();
    ok.sort_by(|a, b| (a.0.depth, &a.0.final_url).cmp(&(b.0.depth, &b.0.final_url)));
    let mut chosen: Vec<String> = Vec::new();
    let home = ok.iter().find(|(p, _)| p.found_via == super::facts::FoundVia::Start);
    let topic = |bit: u32| ok.iter().find(|(_, h)| bit != 0 && h.topic_signals & bit != 0);
    for (page, _) in [home, topic(contacts), topic(prices)].into_iter().flatten() {
        if chosen.len() < max && !chosen.contains(&page.final_url) {
            chosen.push(page.final_url.clone());
        }
    }
    chosen
}

/// What the rendered page shows that the served one lacks, or the other way round (see [`RenderedFacts`]).
pub(crate) fn differences(served: &HtmlFacts, rendered: &HtmlFacts) -> RenderedFacts {
    let mut differs = Vec::new();
    let (a, b) = (served.text_chars, rendered.text_chars);
    let (short, long) = (a.min(b), a.max(b));
    if long - short >= TEXT_CHANGE_MIN_CHARS && f64::from(long) > f64::from(short) * TEXT_CHANGE_RATIO {
        differs.push("text");
    }
    let phone = |h: &HtmlFacts| !h.tel.is_empty() || h.phone_in_text;
    let email = |h: &HtmlFacts| !h.mailto.is_empty() || h.email_in_text;
    let pairs: [(&str, bool, bool); 4] = [
        ("phone", phone(served), phone(rendered)),
        ("email", email(served), email(rendered)),
        ("form", !served.forms.is_empty(), !rendered.forms.is_empty()),
        ("prices", served.price_items > 0, rendered.price_items > 0),
    ];
    differs.extend(pairs.iter().filter(|(_, s, r)| s != r).map(|(name, _, _)| *name));
    let only_one = served.links.iter().filter(|l| !rendered.links.contains(l)).count()
        + rendered.links.iter().filter(|l| !served.links.contains(l)).count();
    if only_one >= LINK_CHANGE_MIN {
        differs.push("links");
    }
    if served.title != rendered.title {
        differs.push("title");
    }
    if served.h1 != rendered.h1 {
        differs.push("h1");
    }
    RenderedFacts {
        served_text_chars: served.text_chars,
        differs: differs.into_iter().map(str::to_string).collect(),
        settled: true,
        refused: Vec::new(),
        past_protection: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_whose_scripts_add_the_contacts_differs_in_text_phone_and_form() {
        let served = HtmlFacts { text_chars: 40, title: Some("Shop".into()), ..HtmlFacts::default() };
        let mut rendered = served.clone();
        rendered.text_chars = 900;
        rendered.phone_in_text = true;
        rendered.forms.push(super::super::extract::FormFacts::default());
        assert_eq!(differences(&served, &rendered).differs, ["text", "phone", "form"]);
        assert!(differences(&served, &served).differs.is_empty());
    }
}
