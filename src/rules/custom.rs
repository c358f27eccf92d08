//! Custom rules a consultant writes in the checklist alone: `page_text` and `selector` over crawled pages.
//!
//! The patterns and selectors run on every crawled page during the crawl; the rule scores the pages under `path`.

use super::params::{ParamKind, ParamSpec, Params, check_share_thresholds, number};
use super::{Rule, SourceKind};

const PATH: ParamSpec = ParamSpec {
    name: "path",
    kind: ParamKind::Text,
    default: Some("\"*\""),
    doc: "glob over URL paths of the pages to check, e.g. \"/shop/*\"",
};
const PRESENT: ParamSpec = ParamSpec {
    name: "present",
    kind: ParamKind::Bool,
    default: Some("true"),
    doc: "true: must appear on every such page; false: must appear on none",
};

pub const RULES: &[Rule] = &[
    Rule {
        name: "page_text",
        source: SourceKind::Site,
        doc: "A regular expression (case-insensitive) must (or must not) match the visible text of the pages whose \
              path matches `path`. Scored on the share of such pages that comply.",
        params: &[
            PATH,
            ParamSpec { name: "pattern", kind: ParamKind::Text, default: None, doc: "regular expression" },
            PRESENT,
            number("pass", "1", "share of pages complying for full marks"),
            number("fail", "0.5", "share that earns nothing"),
        ],
        vars: &["pages", "failing"],
        check: check_page_text,
        eval: super::site::eval_custom,
        hand: None,
    },
    Rule {
        name: "selector",
        source: SourceKind::Site,
        doc: "A CSS selector must (or must not) match on the pages whose path matches `path`. Scored on the share \
              of such pages that comply.",
        params: &[
            PATH,
            ParamSpec { name: "selector", kind: ParamKind::Text, default: None, doc: "CSS selector" },
            PRESENT,
            number("pass", "1", "share of pages complying for full marks"),
            number("fail", "0.5", "share that earns nothing"),
        ],
        vars: &["pages", "failing"],
        check: check_selector,
        eval: super::site::eval_custom,
        hand: None,
    },
];

fn check_path(params: &Params) -> Result<(), String> {
    glob::Pattern::new(params.text("path")).map(|_| ()).map_err(|e| format!("`path` is not a valid glob: {e}"))
}

fn check_page_text(params: &Params) -> Result<(), String> {
    check_path(params)?;
    check_share_thresholds(params)?;
    regex::RegexBuilder::new(params.text("pattern"))
        .case_insensitive(true)
        .build()
        .map(|_| ())
        .map_err(|e| format!("`pattern` is not a valid regular expression: {}", e.to_string().replace('\n', " ")))
}

fn check_selector(params: &Params) -> Result<(), String> {
    check_path(params)?;
    check_share_thresholds(params)?;
    let selector = params.text("selector");
    scraper::Selector::parse(selector).map(|_| ()).map_err(|e| format!("`selector` `{selector}` is not valid CSS: {e}"))
}
