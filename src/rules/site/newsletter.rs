//! A newsletter sign-up.

use super::{found, found_spec, site};
use crate::msg;
use crate::rules::{Evaluated, Rule, RuleInput};

pub(crate) const RULE: Rule = Rule {
    spec: found_spec(
        "site_newsletter",
        "A newsletter sign-up: newsletter words and a form with an email field on the same page.",
    ),
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let bit = site.signal("newsletter");
    let hit = site.html_pages().find(|(_, h)| h.text_signals & bit != 0 && h.forms.iter().any(|f| f.has_email));
    match hit {
        Some((p, _)) => {
            found(input, 1.0, msg!("site-signup-on", page = p.final_url.as_str()), Vec::new(), &p.final_url)
        }
        None => found(input, 0.0, msg!("site-no-newsletter"), Vec::new(), ""),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let home = page(
            "Welcome",
            r#"<p>Subscribe to our newsletter</p><form action="/subscribe"><label for="e">Email</label><input id="e" type="email" name="email"></form>"#,
        );
        Fixtures::new(with_site(site(O, &[("/", &home)])), with_site(site(O, &[("/", &page("Welcome", ""))])))
    }
}
