//! Pages with a unique title of a readable length.

use super::{duplicates, lighthouse_fails, text_problem};
use crate::rules::site::{page_share, share_spec, site};
use crate::rules::{Evaluated, Rule, RuleInput};

pub(crate) const RULE: Rule = Rule {
    spec: share_spec("seo_titles", "Share of pages with a unique `<title>` of 10-65 characters."),
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    let Ok(site) = site(input) else { return page_share(input, |_, _, _| None) };
    let dup = duplicates(site, |h| h.title.as_deref());
    page_share(input, |_, _, h| {
        lighthouse_fails(h, &["document-title"]).or_else(|| text_problem(h.title.as_deref(), "title", (10, 65), &dup))
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let bad = r#"<html lang="en"><head><title>Hi</title></head><body><h1>Hi</h1></body></html>"#;
        Fixtures::new(
            with_site(site(O, &[("/", &page("Welcome", "")), ("/about.html", &page("About us", ""))])),
            with_site(site(O, &[("/", bad)])),
        )
    }
}
