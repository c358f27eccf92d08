//! Opening hours near the home page.

use super::{found, found_spec, near_home, site};
use crate::msg;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Outcome, Rule, RuleInput};
use crate::spec::RuleSpec;

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        rival: Some("rival-hours"),
        ..found_spec(
            "site_opening_hours",
            "Opening hours (keywords of checklists/keywords.toml, or openingHours in structured data) on the home page \
             or a page one click from it.",
        )
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let near = near_home(site, 1);
    if near.is_empty() {
        return Err(Outcome::NotAssessed(msg!("site-home-unread")));
    }
    let hours = site.signal("hours");
    let hit = near.iter().find(|(_, h)| {
        h.text_signals & hours != 0
            || h.structured.iter().any(|s| s.properties.iter().any(|p| p.starts_with("openingHours")))
    });
    match hit {
        Some((p, _)) => {
            found(input, 1.0, msg!("site-stated-on", page = p.final_url.as_str()), Vec::new(), &p.final_url)
        }
        None => found(
            input,
            0.0,
            msg!("site-hours-not-found"),
            vec![EvidenceItem::new(EvidenceKind::Problem, msg!("site-near-checked", count = near.len()))],
            "",
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let home = page("Welcome", "<p>Opening hours: Mon-Fri 9-18.</p>");
        Fixtures::new(with_site(site(O, &[("/", &home)])), with_site(site(O, &[("/", &page("Welcome", ""))])))
    }
}
