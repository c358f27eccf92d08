//! Pages with a canonical link to a working page of the site.

use super::lighthouse_fails;
use crate::gather::site::SiteFacts;
use crate::gather::site::extract::HtmlFacts;
use crate::i18n::Text;
use crate::msg;
use crate::rules::site::{page_share, share_spec};
use crate::rules::{Evaluated, Rule, RuleInput};

pub(crate) const RULE: Rule = Rule {
    spec: share_spec("seo_canonical", "Share of pages with a canonical link to a page of the site that answers."),
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    page_share(input, |site, _, h| {
        lighthouse_fails(h, &["canonical", "hreflang"]).or_else(|| canonical_problem(site, h))
    })
}

/// What touchaudit asks of a canonical link beyond Lighthouse: that there is one, and that it leads to a
/// working page of the site.
fn canonical_problem(site: &SiteFacts, h: &HtmlFacts) -> Option<Text> {
    match &h.canonical {
        None => Some(msg!("site-no-canonical")),
        Some(c) => match site.page(c) {
            Some(target) if target.is_broken() => {
                Some(msg!("site-canonical-broken", target = c.as_str(), status = target.status.unwrap_or(0)))
            }
            Some(_) => None,
            None if url::Url::parse(c).is_ok_and(|u| {
                crate::gather::site::urls::site_key(&u)
                    == url::Url::parse(&site.start_url).ok().and_then(|s| crate::gather::site::urls::site_key(&s))
            }) =>
            {
                None
            }
            None => Some(msg!("site-canonical-off-site", target = c.as_str())),
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let canonical = r#"<!DOCTYPE html><html lang="en"><head><title>Welcome | Bright Smile Dental</title>
            <link rel="canonical" href="https://a.example/"></head><body><h1>Welcome</h1></body></html>"#;
        Fixtures::new(with_site(site(O, &[("/", canonical)])), with_site(site(O, &[("/", &page("Welcome", ""))])))
    }
}
