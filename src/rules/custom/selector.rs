//! A consultant's own check: a CSS selector on the pages under a path.

use super::{PATH, PRESENT, check_path, eval};
use crate::rules::Rule;
use crate::rules::params::check_share_thresholds;
use crate::spec::{PageCheck, ParamKind, ParamSpec, Params, RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
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
        hand: None,
        page_check: Some(PageCheck::Selector),
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn check_selector(params: &Params) -> Result<(), String> {
    check_path(params)?;
    check_share_thresholds(params)?;
    let selector = params.text("selector");
    scraper::Selector::parse(selector).map(|_| ()).map_err(|e| format!("`selector` `{selector}` is not valid CSS: {e}"))
}

#[cfg(test)]
mod tests {
    use crate::gather::site::extract::CustomCheck;
    use crate::rules::testing::*;

    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let check = || vec![CustomCheck::Selector(Box::new(scraper::Selector::parse("form.booking").unwrap()))];
        let on = |body: &str| with_site(site_checking(O, &[("/", &page("Welcome", body))], check()));
        Fixtures::new(on(r#"<form class="booking"></form>"#), on("<form></form>")).with("selector", "form.booking")
    }
}
