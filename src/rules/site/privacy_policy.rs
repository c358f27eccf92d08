//! A privacy policy reachable from every page with a form.

use super::{pages, site};
use crate::gather::site::extract::HtmlFacts;
use crate::gather::site::facts::PageRecord;
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::check_share_thresholds;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Rule, RuleInput, listed};
use crate::spec::{RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "site_privacy_policy",
        source: SourceKind::Site,
        doc: "Share of the pages with a form that collects personal data (a contact, callback, order or \
                  subscription form) from which a privacy or personal-data policy is reachable: a link whose text \
                  or path names it, a section headed so, or the page itself being the policy (`signals.privacy` \
                  of checklists/keywords.toml). A broken policy link does not count. A site with no such form \
                  passes when it publishes a policy at all (analytics and cookies process personal data too).",
        params: &[
            number("pass", "1", "share of form pages with a policy for full marks"),
            number("fail", "0", "share that earns nothing"),
        ],
        vars: &["pages"],
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
    let bit = site.signal("privacy");
    let broken = |from: &str, to: &str| site.broken_links.iter().any(|b| b.from == from && b.to == to);
    // How a page leads to the policy: it is the policy, it has a section on it, or it links to it.
    let policy_from = |p: &PageRecord, h: &HtmlFacts| -> Option<Text> {
        let page = p.final_url.as_str();
        if h.topic_signals & bit != 0 {
            return Some(msg!("site-privacy-page", page = page));
        }
        if let Some(section) = h.sections.iter().find(|s| s.signals & bit != 0) {
            return Some(msg!("site-privacy-section", heading = section.heading.as_str(), page = page));
        }
        let link = h.privacy_link.as_deref().filter(|l| !broken(page, l))?;
        Some(msg!("site-privacy-link", target = link, page = page))
    };
    let with_forms: Vec<_> = pages.iter().filter(|(_, h)| h.forms.iter().any(|f| f.contact_kind().is_some())).collect();
    let params = input.params();
    if with_forms.is_empty() {
        // No form takes contacts, but analytics and cookies still process personal data: a policy is due.
        let (value, evidence) = match pages.iter().find_map(|(p, h)| policy_from(p, h)) {
            Some(how) => (1.0, EvidenceItem::new(EvidenceKind::Figure, how)),
            None => (0.0, EvidenceItem::new(EvidenceKind::Problem, msg!("site-privacy-no-forms"))),
        };
        let mut m = Measurement::thresholded(value, params, Text::pct);
        m.text = msg!("site-privacy-share", good = 0, total = 0);
        return Ok(m.with_evidence(vec![evidence]).var("pages", 0));
    }
    let mut evidence = Vec::new();
    let mut without = Vec::new();
    for (p, h) in &with_forms {
        match policy_from(p, h) {
            Some(how) if evidence.is_empty() => evidence.push(EvidenceItem::new(EvidenceKind::Figure, how)),
            Some(_) => {}
            None => {
                let link_broken = h.privacy_link.as_deref().filter(|l| broken(&p.final_url, l));
                without.push(match link_broken {
                    Some(link) => msg!("site-privacy-link-broken", page = p.final_url.as_str(), target = link),
                    None => msg!("site-privacy-missing", page = p.final_url.as_str()),
                });
            }
        }
    }
    let total = with_forms.len();
    let share = (total - without.len()) as f64 / total as f64;
    let mut m = Measurement::thresholded(share, params, Text::pct);
    m.text = msg!("site-privacy-share", good = total - without.len(), total = total);
    let count = without.len();
    evidence.extend(listed(EvidenceKind::Problem, without));
    Ok(m.with_evidence(evidence).var("pages", count))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let form = r#"<form action="/feedback" method="post"><label for="m">Message</label><textarea id="m" name="message"></textarea></form>"#;
        let good = site(
            O,
            &[
                ("/", &page("Welcome", &format!(r#"{form}<a href="/privacy.html">Privacy policy</a>"#))),
                ("/privacy.html", &page("Privacy policy", "<p>What we keep about you, and why.</p>")),
            ],
        );
        Fixtures::new(with_site(good), with_site(site(O, &[("/", &page("Welcome", form))])))
    }
}
