//! Pages that declare a mobile viewport.

use super::{page_share, share_spec};
use crate::msg;
use crate::rules::{Evaluated, Rule, RuleInput};
use crate::spec::RuleSpec;

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        rival: Some("rival-mobile"),
        ..share_spec(
            "site_viewport",
            "Share of pages that declare a mobile viewport (`<meta name=viewport content=\"width=device-width\">`).",
        )
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    page_share(input, |_, _, h| match &h.viewport {
        None => Some(msg!("site-no-viewport")),
        Some(v) if !v.to_ascii_lowercase().contains("width=device-width") => {
            Some(msg!("site-viewport-not-device", viewport = v.as_str()))
        }
        Some(_) => None,
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let bare =
            r#"<html lang="en"><head><title>Welcome to the clinic</title></head><body><h1>Hi</h1></body></html>"#;
        Fixtures::new(with_site(site(O, &[("/", &page("Welcome", ""))])), with_site(site(O, &[("/", bare)])))
    }
}
