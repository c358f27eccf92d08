//! The home page answers with a success status.

use super::no_params;
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::Thresholds;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Outcome, Rule, RuleInput, collected, listed};
use crate::spec::{RuleSpec, SourceKind};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "site_reachable",
        source: SourceKind::Site,
        doc: "The home page answers with a success status within the crawl's time limit. Evidence also tells \
                  which limits stopped the crawl and which pages look rendered by JavaScript (their findings may be \
                  incomplete).",
        params: &[],
        vars: &["status"],
        check: no_params,
        hand: None,
        page_check: None,
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    let site = collected(&input.evidence.site)?;
    // Refused by the site's protection: every visitor with a browser sees it, so it is not judged unreachable.
    if let Some(reason) = site.blocked() {
        return Err(Outcome::NotAssessed(reason));
    }
    let Some(home) = site.home() else {
        // robots.txt itself got no answer: the site does not answer, which is this touchpoint's very subject.
        if let (Some(why), Some(text)) = (site.not_answering(), site.did_not_answer()) {
            let thresholds = Thresholds { pass: 1.0, fail: 0.0 };
            return Ok(Measurement {
                value: 0.0,
                judged: 0.0,
                text: text.clone(),
                target: msg!("site-answers-2xx"),
                thresholds,
                evidence: vec![EvidenceItem::new(EvidenceKind::Problem, text)],
                vars: Vec::new(),
                sample: None,
            }
            .var("status", why));
        }
        let reason =
            if site.skipped.robots > 0 { msg!("site-start-disallowed") } else { msg!("site-start-not-fetched") };
        return Err(Outcome::NotAssessed(reason));
    };
    let mut evidence = Vec::new();
    let (value, text, status) = match (&home.error, home.status) {
        (Some(error), _) => (0.0, error.describe(), error.kind.label()),
        (None, Some(status)) if home.is_ok() => (1.0, msg!("page-answered", status = status), Text::from(status)),
        (None, Some(status)) => (0.0, msg!("page-answered", status = status), Text::from(status)),
        (None, None) => (0.0, msg!("site-no-answer"), Text::given("none")),
    };
    evidence.push(EvidenceItem::new(EvidenceKind::Figure, Text::at(home.url.to_string(), text.clone())));
    evidence.push(EvidenceItem::new(
        EvidenceKind::Figure,
        msg!("site-pages-read", pages = site.pages_crawled, fetched = site.pages.len()),
    ));
    for note in &site.notes {
        evidence.push(EvidenceItem::new(EvidenceKind::Problem, note.text()));
    }
    let js: Vec<Text> = site
        .html_pages()
        .filter(|(_, h)| h.js_rendered)
        .map(|(p, _)| msg!("site-js-rendered", page = p.final_url.as_str()))
        .collect();
    evidence.extend(listed(EvidenceKind::Problem, js));
    // Rendered in the browser: judged as visitors see them, but what crawlers without one read differs.
    let differs: Vec<Text> = site
        .pages
        .iter()
        .filter_map(|p| Some((p, p.rendered.as_ref().filter(|r| !r.differs.is_empty())?)))
        .map(|(p, r)| msg!("site-rendered-differs", page = p.final_url.as_str(), what = r.differs.join(", ")))
        .collect();
    evidence.extend(listed(EvidenceKind::Problem, differs));
    let thresholds = Thresholds { pass: 1.0, fail: 0.0 };
    Ok(Measurement {
        value,
        judged: value,
        text,
        target: msg!("site-answers-2xx"),
        thresholds,
        evidence,
        vars: Vec::new(),
        sample: None,
    }
    .var("status", status))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let good = site(O, &[("/", &page("Welcome", ""))]);
        let mut bad = good.clone();
        bad.pages[0].status = Some(503);
        Fixtures::new(with_site(good), with_site(bad))
    }
}
