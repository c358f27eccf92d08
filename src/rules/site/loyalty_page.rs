//! A loyalty program page whose links work.

use super::{found, found_spec, site, topic_page};
use crate::i18n::Text;
use crate::msg;
use crate::rules::{Evaluated, EvidenceKind, Rule, RuleInput, listed};
use crate::spec::RuleSpec;

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        rival: Some("rival-loyalty"),
        ..found_spec(
            "site_loyalty_page",
            "A loyalty program page (title, h1 or path with a loyalty keyword, or a section headed so) whose links \
             work: a broken join or activation link scores 0.3.",
        )
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let bit = site.signal("loyalty");
    let pages: Vec<_> = site.html_pages().collect();
    let Some((page, _)) = topic_page(&pages, bit) else {
        return found(input, 0.0, msg!("site-no-loyalty"), Vec::new(), "");
    };
    let broken: Vec<Text> = site
        .broken_links
        .iter()
        .filter(|b| b.from == page.final_url)
        .map(|b| msg!("site-links-to-broken", page = b.from.as_str(), target = b.to.as_str(), answer = b.why()))
        .collect();
    let page_url = page.final_url.as_str();
    if broken.is_empty() {
        found(input, 1.0, msg!("site-page-works", page = page_url), Vec::new(), page_url)
    } else {
        let text = msg!("site-page-broken-links", page = page_url);
        found(input, 0.3, text, listed(EvidenceKind::Problem, broken), page_url)
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let good = site(O, &[("/", &page("Welcome", "")), ("/loyalty.html", &page("Loyalty card", ""))]);
        Fixtures::new(with_site(good), with_site(site(O, &[("/", &page("Welcome", ""))])))
    }
}
