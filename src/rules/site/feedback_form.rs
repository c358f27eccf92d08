//! A contact form that answers.

use super::{found, found_spec, site};
use crate::gather::site::extract::FormKind;
use crate::gather::site::facts::PageRecord;
use crate::i18n::Text;
use crate::msg;
use crate::rules::{Evaluated, EvidenceKind, Rule, RuleInput, listed};

pub(crate) const RULE: Rule = Rule {
    spec: found_spec(
        "site_feedback_form",
        "A contact form: one that takes a message, or a way to reach the customer (phone or email); its kind \
             (message, booking or order, callback, subscription) is evidence. Its action must answer (a form whose \
             action is broken scores half).",
    ),
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    // A form counts by what it collects: a message, or a way to reach the customer (a callback form with name
    // and phone is how most small businesses take contact).
    let forms: Vec<(&PageRecord, Option<&str>, FormKind)> = site
        .html_pages()
        .flat_map(|(p, h)| {
            h.forms.iter().filter_map(move |f| f.contact_kind().map(|kind| (p, f.action.as_deref(), kind)))
        })
        .collect();
    let Some(&(page, _, kind)) = forms.first() else {
        return found(input, 0.0, msg!("site-no-form"), Vec::new(), "");
    };
    let broken: Vec<Text> = forms
        .iter()
        .filter_map(|(p, action, _)| {
            let action = (*action)?;
            let target = site.broken_links.iter().find(|b| b.to == action && b.from == p.final_url)?;
            Some(msg!("site-form-broken", page = p.final_url.as_str(), action = action, answer = target.why()))
        })
        .collect();
    let page_url = page.final_url.as_str();
    if broken.len() == forms.len() {
        let text = msg!("site-form-unreached", page = page_url);
        return found(input, 0.5, text, listed(EvidenceKind::Problem, broken), page_url);
    }
    let kind = match kind {
        FormKind::Message => msg!("form-kind-message"),
        FormKind::Booking => msg!("form-kind-booking"),
        FormKind::Callback => msg!("form-kind-callback"),
        FormKind::Subscription => msg!("form-kind-subscription"),
    };
    let text = msg!("site-form-on", kind = kind, page = page_url);
    found(input, 1.0, text, listed(EvidenceKind::Problem, broken), page_url)
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let contacts = page(
            "Contacts",
            r#"<form action="/feedback" method="post"><label for="m">Message</label><textarea id="m" name="message"></textarea></form>"#,
        );
        Fixtures::new(
            with_site(site(O, &[("/", &page("Welcome", "")), ("/contacts.html", &contacts)])),
            with_site(site(O, &[("/", &page("Welcome", ""))])),
        )
    }
}
