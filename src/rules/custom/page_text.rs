//! A consultant's own check: a pattern over the text of the pages under a path.

use super::{PATH, PRESENT, check_path, eval};
use crate::rules::Rule;
use crate::rules::params::check_share_thresholds;
use crate::spec::{PageCheck, ParamKind, ParamSpec, Params, RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
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
        hand: None,
        page_check: Some(PageCheck::Text),
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn check_page_text(params: &Params) -> Result<(), String> {
    check_path(params)?;
    check_share_thresholds(params)?;
    regex::RegexBuilder::new(params.text("pattern"))
        .case_insensitive(true)
        .build()
        .map(|_| ())
        .map_err(|e| format!("`pattern` is not a valid regular expression: {}", e.to_string().replace('\n', " ")))
}

#[cfg(test)]
mod tests {
    use crate::gather::site::extract::CustomCheck;
    use crate::rules::testing::*;

    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let check = || vec![CustomCheck::Text(regex::Regex::new("(?i)free parking").unwrap())];
        let on = |body: &str| with_site(site_checking(O, &[("/", &page("Welcome", body))], check()));
        Fixtures::new(on("<p>Free parking behind the clinic.</p>"), on("<p>Parking nearby.</p>"))
            .with("pattern", "free parking")
    }
}
