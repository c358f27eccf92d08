//! Pages that declare their language.

use super::lighthouse_fails;
use crate::msg;
use crate::rules::site::{page_share, share_spec};
use crate::rules::{Evaluated, Rule, RuleInput};

pub(crate) const RULE: Rule = Rule {
    spec: share_spec("seo_lang", "Share of pages that declare their language (`<html lang>`)."),
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    page_share(input, |_, _, h| {
        h.lang
            .is_none()
            .then(|| msg!("site-no-lang"))
            .or_else(|| lighthouse_fails(h, &["html-has-lang", "html-lang-valid"]))
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let bare = r#"<html><head><title>Welcome to the clinic</title></head><body><h1>Hi</h1></body></html>"#;
        Fixtures::new(with_site(site(O, &[("/", &page("Welcome", ""))])), with_site(site(O, &[("/", bare)])))
    }
}
