//! Pages served over HTTPS.

use super::{page_share, share_spec};
use crate::msg;
use crate::rules::{Evaluated, Rule, RuleInput};
use crate::spec::RuleSpec;

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec { rival: Some("rival-https"), ..share_spec("site_https", "Share of pages served over HTTPS.") },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    page_share(input, |_, p, _| (!p.final_url.starts_with("https://")).then(|| msg!("site-plain-http")))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        Fixtures::new(
            with_site(site("https://a.example", &[("/", &page("Welcome", ""))])),
            with_site(site("http://a.example", &[("/", &page("Welcome", ""))])),
        )
    }
}
