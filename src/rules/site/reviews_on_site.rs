//! Customer reviews shown on the site.

use super::{found, found_spec, pages, site};
use crate::gather::site::extract::HtmlFacts;
use crate::gather::site::facts::PageRecord;
use crate::i18n::Text;
use crate::msg;
use crate::rules::{Evaluated, Rule, RuleInput};

pub(crate) const RULE: Rule = Rule {
    spec: found_spec(
        "site_reviews_on_site",
        "Customer reviews or testimonials shown on the site: a page or a section headed so (`signals.reviews` \
             of checklists/keywords.toml), a review platform's widget (`[reviews_on_site] widgets`), or reviews in \
             its schema.org markup.",
    ),
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let pages = pages(site)?;
    let bit = site.signal("reviews");
    let shown = |p: &PageRecord, h: &HtmlFacts| -> Option<Text> {
        let page = p.final_url.as_str();
        if let Some(widget) = &h.review_widget {
            return Some(msg!("site-reviews-widget", widget = widget.as_str(), page = page));
        }
        if h.topic_signals & bit != 0 {
            return Some(msg!("site-reviews-page", page = page));
        }
        if let Some(section) = h.sections.iter().find(|s| s.signals & bit != 0) {
            return Some(msg!("site-reviews-section", heading = section.heading.as_str(), page = page));
        }
        (h.reviews_marked > 0).then(|| msg!("site-reviews-marked", page = page))
    };
    match pages.iter().find_map(|(p, h)| shown(p, h).map(|how| (p, how))) {
        Some((p, how)) => found(input, 1.0, how, Vec::new(), &p.final_url),
        None => found(input, 0.0, msg!("site-no-reviews"), Vec::new(), ""),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let home = page("Welcome", "<h2>What our patients say</h2><blockquote>Painless and kind.</blockquote>");
        Fixtures::new(with_site(site(O, &[("/", &home)])), with_site(site(O, &[("/", &page("Welcome", ""))])))
    }
}
