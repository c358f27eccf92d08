//! Pages with exactly one h1.

use crate::msg;
use crate::rules::site::{page_share, share_spec};
use crate::rules::{Evaluated, Rule, RuleInput};

pub(crate) const RULE: Rule = Rule {
    spec: share_spec("seo_h1", "Share of pages with exactly one `<h1>`."),
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    page_share(input, |_, _, h| match h.h1.len() {
        1 => None,
        n => Some(msg!("site-h1-count", count = n)),
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        Fixtures::new(
            with_site(site(O, &[("/", &page("Welcome", ""))])),
            with_site(site(O, &[("/", &page("Welcome", "<h1>Again</h1>"))])),
        )
    }
}
