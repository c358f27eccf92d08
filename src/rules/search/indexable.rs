//! Pages search engines may index.

use super::{lighthouse_fails, noindex};
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::Thresholds;
use crate::rules::site::{page_share, share_spec, site};
use crate::rules::{Evaluated, EvidenceKind, Rule, RuleInput, listed};

pub(crate) const RULE: Rule = Rule {
    spec: share_spec(
        "seo_indexable",
        "Share of pages search engines may index: no `noindex` (meta robots or X-Robots-Tag), and sitemap pages \
             not blocked by robots.txt.",
    ),
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let blocked_in_sitemap: Vec<Text> = site
        .robots
        .blocked
        .iter()
        .filter(|u| site.sitemap.urls.contains_key(*u))
        .map(|u| Text::at(u.to_string(), msg!("site-sitemap-disallowed")))
        .collect();
    let outcome = page_share(input, |_, p, h| {
        lighthouse_fails(h, &["is-crawlable"]).or_else(|| noindex(p, h).then(|| msg!("site-noindex")))
    });
    let mut m = outcome?;
    if blocked_in_sitemap.is_empty() {
        return Ok(m);
    }
    let total = site.pages_crawled + blocked_in_sitemap.len();
    let failing = site.html_pages().filter(|(p, h)| noindex(p, h)).count() + blocked_in_sitemap.len();
    let share = (total - failing) as f64 / total as f64;
    let thresholds = Thresholds::from_params(input.params());
    m.value = share;
    m.judged = thresholds.as_printed(share, Text::pct);
    m.thresholds = thresholds;
    m.text = msg!("site-pages-share", good = total - failing, total = total, share = Text::pct(share));
    m.evidence.extend(listed(EvidenceKind::Problem, blocked_in_sitemap));
    m.vars = vec![("pages", Text::from(total)), ("failing", Text::from(failing))];
    Ok(m)
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let hidden = r#"<html lang="en"><head><title>Welcome to the clinic</title><meta name="robots" content="noindex"></head>
            <body><h1>Hi</h1></body></html>"#;
        Fixtures::new(with_site(site(O, &[("/", &page("Welcome", ""))])), with_site(site(O, &[("/", hidden)])))
    }
}
