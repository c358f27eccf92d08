//! Pages that pass the accessibility audits Lighthouse runs on static HTML.

use super::{page_share, share_spec};
use crate::i18n::Text;
use crate::msg;
use crate::rules::{Evaluated, Rule, RuleInput};
use crate::spec::RuleSpec;

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        rival: Some("rival-accessibility"),
        ..share_spec(
            "site_accessibility",
            "Share of pages that pass the accessibility audits Lighthouse runs on static HTML (image-alt, label, \
             link-name, button-name, heading-order, html-has-lang, html-lang-valid, meta-viewport), as axe-core \
             decides them; the failing audits are listed per page by their Lighthouse ids.",
        )
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    use crate::gather::site::checks::{ACCESSIBILITY, CheckVerdict};
    // A page passes when every accessibility audit Lighthouse would run on its HTML passes (or does not
    // apply); the failing ones are named as Lighthouse names them, with how many elements fail.
    page_share(input, |_, _, h| {
        let failing: Vec<Text> = ACCESSIBILITY
            .iter()
            .filter_map(|id| {
                let check = h.checks.get(id)?;
                (check.verdict == CheckVerdict::Fail).then(|| match check.items.len() {
                    0 | 1 => Text::given(*id),
                    n => Text::from(format!("{id} ({n})")),
                })
            })
            .collect();
        (!failing.is_empty()).then(|| msg!("site-failing-audits", audits = Text::join(failing, ", ")))
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let good = page("Welcome", r#"<img src="/smile.png" alt="A smile">"#);
        let bad = page("Welcome", r#"<img src="/smile.png">"#);
        Fixtures::new(with_site(site(O, &[("/", &good)])), with_site(site(O, &[("/", &bad)])))
    }
}
