//! Phone, email and address near the home page.

use super::{near_home, site};
use crate::gather::site::extract::HtmlFacts;
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::check_share_thresholds;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Outcome, Rule, RuleInput};
use crate::spec::{Params, RuleSpec, SourceKind, number, text_list};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "site_contacts",
        source: SourceKind::Site,
        doc: "Phone (tel: link or a number in the text), email (mailto: or an address in the text) and postal \
                  address are found on the home page or within `max_clicks` of it. An address is a street word next \
                  to a house number, the text after an \"Address:\" label, an <address> with a number, a map embed \
                  or structured data (the street words, labels and map providers are `[address]` in \
                  checklists/keywords.toml); the evidence quotes the text taken as the address.",
        params: &[
            text_list("require", "[\"phone\", \"email\", \"address\"]", "contact details that must be found"),
            number("max_clicks", "1", "how far from the home page they may be"),
            number("pass", "1", "share of required details found for full marks"),
            number("fail", "0.34", "share that earns nothing"),
        ],
        vars: &["missing"],
        check: check_contacts,
        hand: None,
        page_check: None,
        rival: Some("rival-contacts"),
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn check_contacts(params: &Params) -> Result<(), String> {
    check_share_thresholds(params)?;
    let clicks = params.num("max_clicks");
    if !(0.0..=3.0).contains(&clicks) || clicks.fract() != 0.0 {
        return Err("`max_clicks` must be 0, 1, 2 or 3".to_string());
    }
    for item in params.list("require") {
        if !["phone", "email", "address"].contains(&item) {
            return Err(format!("`require` lists `{item}`; it takes phone, email and address"));
        }
    }
    Ok(())
}

fn eval(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let params = input.params();
    let near = near_home(site, params.num("max_clicks") as u32);
    if near.is_empty() {
        return Err(Outcome::NotAssessed(msg!("site-home-unread")));
    }
    let has = |what: &str, h: &HtmlFacts| match what {
        "phone" => !h.tel.is_empty() || h.phone_in_text,
        "email" => !h.mailto.is_empty() || h.email_in_text,
        _ => h.address.is_some() || h.map.is_some(),
    };
    let required = params.list("require");
    let mut evidence = Vec::new();
    let mut missing = Vec::new();
    let contact = |what: &str| msg!("site-contact", what = what);
    for what in &required {
        // The address a person would read: text first, a map only when no page near home writes it out.
        let hit = match *what {
            "address" => {
                near.iter().find(|(_, h)| h.address.is_some()).or_else(|| near.iter().find(|(_, h)| has(what, h)))
            }
            _ => near.iter().find(|(_, h)| has(what, h)),
        };
        match hit {
            Some((p, h)) if *what == "address" => {
                let page = p.final_url.as_str();
                let text = match (&h.address, &h.map) {
                    (Some(a), _) => msg!("site-address-on", address = a.text.as_str(), page = page),
                    (None, Some(map)) => msg!("site-map-on", map = map.as_str(), page = page),
                    (None, None) => msg!("site-found-on", what = contact(what), page = page),
                };
                evidence.push(EvidenceItem::new(EvidenceKind::Figure, text));
            }
            Some((p, _)) => evidence.push(EvidenceItem::new(
                EvidenceKind::Figure,
                msg!("site-found-on", what = contact(what), page = p.final_url.as_str()),
            )),
            None => missing.push(contact(what)),
        }
    }
    if !missing.is_empty() {
        evidence.push(EvidenceItem::new(
            EvidenceKind::Problem,
            msg!("site-not-near-home", missing = Text::join(missing.clone(), ", ")),
        ));
    }
    let share = if required.is_empty() { 1.0 } else { (required.len() - missing.len()) as f64 / required.len() as f64 };
    let mut m = Measurement::thresholded(share, params, Text::pct);
    m.text = msg!(
        "site-contacts-found",
        found = required.len() - missing.len(),
        required = required.len(),
        clicks = params.num("max_clicks")
    );
    Ok(m.with_evidence(evidence).var("missing", Text::join(missing, ", ")))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let home = page(
            "Welcome",
            r#"<address>1 Main St, Springfield</address><a href="tel:+15550100">Call us</a>
            <a href="mailto:hi@a.example">Email us</a>"#,
        );
        Fixtures::new(
            with_site(site(O, &[("/", &home)])),
            with_site(site(O, &[("/", &page("Welcome", "<p>We look after your smile.</p>"))])),
        )
    }
}
