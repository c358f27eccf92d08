//! Custom rules a consultant writes in the checklist alone: `page_text` and `selector` over crawled pages,
//! one file each, and what they share. The patterns and selectors run on every crawled page during the
//! crawl; the rule scores the pages under `path`.

use crate::gather::site::facts::PageRecord;
use crate::msg;
use crate::rules::site::{page_share, site};
use crate::rules::{Evaluated, Outcome, RuleInput};
use crate::spec::{ParamKind, ParamSpec, Params};

// Each other file of this folder is one rule: build.rs declares its module here and lists it in `RULES`.
include!(concat!(env!("OUT_DIR"), "/rules_custom.rs"));

pub(super) const PATH: ParamSpec = ParamSpec {
    name: "path",
    kind: ParamKind::Text,
    default: Some("\"*\""),
    doc: "glob over URL paths of the pages to check, e.g. \"/shop/*\"",
};
pub(super) const PRESENT: ParamSpec = ParamSpec {
    name: "present",
    kind: ParamKind::Bool,
    default: Some("true"),
    doc: "true: must appear on every such page; false: must appear on none",
};

pub(super) fn check_path(params: &Params) -> Result<(), String> {
    glob::Pattern::new(params.text("path")).map(|_| ()).map_err(|e| format!("`path` is not a valid glob: {e}"))
}

/// The custom checks (`page_text`, `selector`): share of the pages under `path` where the check gives `present`.
pub(super) fn eval(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let Some(index) = site.custom_ids.iter().position(|id| *id == input.touchpoint.id) else {
        return Err(Outcome::NotAssessed(msg!("site-check-not-run")));
    };
    let params = input.params();
    let glob = glob::Pattern::new(params.text("path")).ok();
    let present = params.flag("present");
    let in_path = |p: &PageRecord| {
        let path = url::Url::parse(&p.final_url).map(|u| u.path().to_string()).unwrap_or_default();
        glob.as_ref().is_some_and(|g| g.matches(&path))
    };
    if !site.html_pages().any(|(p, _)| in_path(p)) {
        return Err(Outcome::NotAssessed(msg!("site-no-page-matches", path = params.text("path"))));
    }
    page_share(input, |_, p, h| {
        if !in_path(p) {
            return None;
        }
        let matched = h.custom.get(index).copied().unwrap_or(false);
        (matched != present).then(|| if present { msg!("site-check-missing") } else { msg!("site-check-found") })
    })
}
