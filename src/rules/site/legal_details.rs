//! The legal entity and its registration number.

use super::{FOUND_FAIL, FOUND_PASS, found, pages, site};
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::check_share_thresholds;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Rule, RuleInput};
use crate::spec::{RuleSpec, SourceKind};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "site_legal_details",
        source: SourceKind::Site,
        doc: "The legal entity behind the site is named with its registration number on some page (the footer, \
                  contacts or a details page): a legal form with a name (\"ООО «Ромашка»\", \"ИП Иванов\", \"Acme \
                  Ltd\") and a number after its label (ИНН, ОГРН, ОГРНИП, УНП, БИН, ЄДРПОУ, company number, VAT id: \
                  `[legal]` of checklists/keywords.toml). Either alone scores half.",
        params: &[FOUND_PASS, FOUND_FAIL],
        vars: &["where", "missing"],
        check: check_share_thresholds,
        hand: None,
        page_check: None,
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let pages = pages(site)?;
    // A page that states both is the best evidence; else the first that states each.
    let both = pages.iter().find(|(_, h)| h.legal_entity.is_some() && h.legal_number.is_some());
    let entity = both.or_else(|| pages.iter().find(|(_, h)| h.legal_entity.is_some()));
    let number = both.or_else(|| pages.iter().find(|(_, h)| h.legal_number.is_some()));
    let mut evidence = Vec::new();
    let mut missing = Vec::new();
    match entity {
        Some((p, h)) => evidence.push(EvidenceItem::new(
            EvidenceKind::Figure,
            msg!("site-legal-entity-on", entity = h.legal_entity.as_deref().unwrap_or(""), page = p.final_url.as_str()),
        )),
        None => missing.push(msg!("legal-entity")),
    }
    match number {
        Some((p, h)) => evidence.push(EvidenceItem::new(
            EvidenceKind::Figure,
            msg!("site-legal-number-on", number = h.legal_number.as_deref().unwrap_or(""), page = p.final_url.as_str()),
        )),
        None => missing.push(msg!("legal-number")),
    }
    let value = 1.0 - 0.5 * missing.len() as f64;
    let text = match missing.len() {
        0 => msg!("site-legal-stated"),
        2 => msg!("site-legal-none", pages = pages.len()),
        _ => msg!("site-legal-missing", missing = Text::join(missing.clone(), ", ")),
    };
    let place = entity.or(number).map_or("", |(p, _)| p.final_url.as_str());
    Ok(found(input, value, text, evidence, place)?.var("missing", Text::join(missing, ", ")))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let home = page("Welcome", "<footer><p>Bright Smile Dental LLC, EIN 12-3456789</p></footer>");
        Fixtures::new(with_site(site(O, &[("/", &home)])), with_site(site(O, &[("/", &page("Welcome", ""))])))
    }
}
