//! A chat widget or messenger link.

use super::{found, found_spec, schemeless_links, site};
use crate::msg;
use crate::rules::{Evaluated, Rule, RuleInput};

pub(crate) const RULE: Rule = Rule {
    spec: found_spec("site_chat", "A chat widget or messenger link (WhatsApp, Telegram, Viber ...) on the site."),
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let hit = site.html_pages().find(|(_, h)| h.chat_widget || !h.messengers.is_empty());
    let broken = schemeless_links(site);
    match hit {
        Some((p, h)) => {
            let what = if h.chat_widget { msg!("site-chat-widget") } else { h.messengers.join(", ").into() };
            found(input, 1.0, msg!("site-what-on", what = what, page = p.final_url.as_str()), broken, &p.final_url)
        }
        // A messenger link that leads nowhere is no way to reach the business, and the report says exactly that.
        None if !broken.is_empty() => found(input, 0.0, msg!("site-messenger-broken"), broken, ""),
        None => found(input, 0.0, msg!("site-no-chat"), Vec::new(), ""),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let home = page("Welcome", r#"<a href="https://wa.me/15550100">WhatsApp</a>"#);
        Fixtures::new(with_site(site(O, &[("/", &home)])), with_site(site(O, &[("/", &page("Welcome", ""))])))
    }
}
