//! A short Markdown summary of a result, for CI job pages and pull requests.

use std::fmt::Write;

use super::wording::{gap_line, measure_num, measure_title, samples_text, score_verdict_line, verdict_text};
use crate::i18n::Tr;
use crate::result::AuditResult;
use crate::result::changes::Changes;
use crate::t;

/// Fix-first items listed in the summary at most.
const MAX_FIXES: usize = 5;

/// Escapes text from inputs so it cannot add Markdown structure, links or HTML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            // Bidi controls would reverse the text around them on a CI page.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

/// Text from inputs as a code span (a touchpoint id): backslashes do not escape inside code spans, so the
/// fence is one backtick longer than the longest run of backticks in the text (CommonMark 6.1), padded with
/// a space when the text starts or ends with a backtick; line breaks become spaces. Inside a code span,
/// `<img onerror>` is shown as text, never rendered.
pub(crate) fn code(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if matches!(c, '\n' | '\r' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') { ' ' } else { c })
        .collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

pub(crate) fn render(r: &AuditResult) -> String {
    let tr = r.business.locale.tr();
    let mut md = String::new();
    let level = r.score.level.as_ref().map_or_else(|| t!(tr, "report-no-level"), |l| l.title.clone());
    // Writing to a String cannot fail.
    let _ = writeln!(md, "# {}\n", t!(tr, "md-title", business = escape(&r.business.name)));
    let headline = if r.score.provisional { "md-headline-provisional" } else { "md-headline" };
    let args = [
        ("score", tr.num_or_na(r.score.value).into()),
        ("level", escape(&level).into()),
        ("coverage", tr.pct(r.score.coverage).into()),
        ("date", tr.date(r.as_of).into()),
    ];
    let _ = writeln!(md, "{}\n", tr.message(headline, &args));
    if !r.score.capped_by.is_empty() {
        let titles: Vec<&str> = r.score.capped_by.iter().map(|id| r.title_of(id)).collect();
        let _ = writeln!(md, "{}\n", t!(tr, "md-capped", touchpoints = escape(&titles.join(", "))));
    }
    // The executive summary, as the report's first screen says it.
    if let Some(line) = super::wording::next_level_line(tr, r) {
        let _ = writeln!(md, "**{}**\n", escape(&line));
    }
    if !r.summary.strengths.is_empty() {
        let titles: Vec<String> = r.summary.strengths.iter().map(|id| escape(r.title_of(id))).collect();
        let _ = writeln!(md, "{}: {}\n", t!(tr, "report-strengths"), titles.join("; "));
    }
    let _ = writeln!(
        md,
        "| {} | {} | {} |\n|---|---:|---:|",
        t!(tr, "report-area"),
        t!(tr, "report-score"),
        t!(tr, "md-assessed")
    );
    for a in &r.areas {
        let _ = writeln!(md, "| {} | {} | {}/{} |", escape(&a.title), tr.num_or_na(a.score), a.assessed, a.applicable);
    }
    if !r.fix_first.is_empty() {
        let _ = writeln!(md, "\n## {}\n", t!(tr, "report-fix-first"));
        for (i, f) in r.fix_first.iter().take(MAX_FIXES).enumerate() {
            let gain = t!(tr, "report-gain", points = f.gain);
            let gain = if f.critical { format!("{gain}, {}", t!(tr, "report-critical")) } else { gain };
            let _ = writeln!(md, "{}. **{}** ({gain}): {}", i + 1, escape(&f.title), escape(&f.recommendation));
            if let Some(trails) = &f.trails {
                let _ = writeln!(md, "   {}", escape(trails));
            }
        }
        if r.fix_first.len() > MAX_FIXES {
            let _ = writeln!(md, "\n{}", t!(tr, "md-more-fixes", count = r.fix_first.len() - MAX_FIXES));
        }
    }
    // Draft replies to the unanswered negative reviews, to edit and post.
    if let Some(reviews) = r.reputation.as_ref().and_then(|rep| rep.reviews.as_ref())
        && !reviews.unanswered_negative.is_empty()
    {
        let _ = writeln!(md, "\n## {}\n", t!(tr, "report-draft-replies"));
        for n in &reviews.unanswered_negative {
            let review = crate::config::replies::DraftFor {
                themes: &n.reply_themes,
                stars: n.stars,
                author: n.author.as_deref(),
                business: &r.business.name,
                contact: reviews.reply_contact.as_deref(),
            };
            let Some(draft) = crate::config::replies::draft(tr.locale(), &review) else {
                continue;
            };
            let who = n.author.as_deref().map_or_else(String::new, |a| format!(" · {}", escape(a)));
            let text: String = n.text.as_deref().unwrap_or("").chars().take(160).collect();
            let _ = writeln!(
                md,
                "- {} · {} · {}★{who}: {}\n\n  > {}\n",
                tr.date(n.date),
                escape(&n.platform),
                tr.num(n.stars),
                escape(&text),
                escape(&draft)
            );
        }
    }
    md.push_str(&chain_md(r, tr));
    if let Some(changes) = &r.changes {
        md.push('\n');
        md.push_str(&changes_md(changes, tr));
    }
    if !r.gates.is_empty() {
        let _ = writeln!(md, "\n## {}\n", t!(tr, "report-gates"));
        for g in &r.gates {
            let verdict = if g.passed { t!(tr, "gate-passed") } else { format!("**{}**", t!(tr, "gate-failed")) };
            let _ = writeln!(md, "- {verdict} {}: {}", code(&g.gate), escape(&g.message));
        }
    }
    let not_assessed = r.touchpoints.iter().filter(|t| t.status == crate::rules::Status::NotAssessed).count();
    let _ = writeln!(
        md,
        "\n{}",
        t!(
            tr,
            "md-assessed-count",
            assessed = r.touchpoints.iter().filter(|t| t.status.is_assessed()).count(),
            total = r.touchpoints.len(),
            not_assessed = not_assessed
        )
    );
    md
}

/// A chain's locations by score, and its problems: the chain's (one fix in the standards) and the local ones.
fn chain_md(r: &AuditResult, tr: &crate::i18n::Tr) -> String {
    let Some(chain) = &r.chain else { return String::new() };
    let mut md = String::new();
    let _ = writeln!(md, "\n## {}\n", t!(tr, "chain-heading"));
    let _ = writeln!(
        md,
        "| {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|",
        t!(tr, "chain-col-name"),
        t!(tr, "chain-col-score"),
        t!(tr, "chain-col-rating"),
        t!(tr, "chain-col-reply"),
        t!(tr, "chain-col-visit")
    );
    let mut locations: Vec<&crate::result::chain::LocationResult> = r.locations.iter().collect();
    locations.sort_by(|a, b| b.score.unwrap_or(-1.0).total_cmp(&a.score.unwrap_or(-1.0)));
    for l in locations {
        let reply = l.reply_rate.map_or_else(|| t!(tr, "n-a"), |v| tr.pct(v));
        let rating = tr.num_or_na(l.rating.map(|v| crate::stats::round(v, 1)));
        let (score, visit) = (tr.num_or_na(l.score), tr.num_or_na(l.visit_score));
        let _ = writeln!(md, "| {} | {score} | {rating} | {reply} | {visit} |", escape(&l.name));
    }
    for (heading, problems, systemic) in
        [(t!(tr, "chain-systemic"), &chain.systemic, true), (t!(tr, "chain-local"), &chain.local, false)]
    {
        if problems.is_empty() {
            continue;
        }
        let _ = writeln!(md, "\n**{heading}**\n");
        for p in problems {
            let places = p.locations.join(", ");
            let line = if systemic {
                t!(tr, "chain-systemic-line", title = p.title.as_str(), count = p.locations.len(), locations = places)
            } else {
                t!(tr, "chain-local-line", title = p.title.as_str(), locations = places)
            };
            let _ = writeln!(md, "- {}", escape(&line));
        }
    }
    md
}

/// What changed since the baseline, as a Markdown section (also what `touchaudit diff` prints).
pub fn changes_md(c: &Changes, tr: &Tr) -> String {
    let mut md = String::new();
    let since = c.baseline.as_of.as_deref().map_or_else(|| t!(tr, "report-the-baseline"), |d| tr.date_text(d));
    let _ = writeln!(md, "## {}\n", t!(tr, "md-since", date = escape(&since)));
    let mut line = t!(
        tr,
        "md-score-change",
        from = tr.num_or_na(c.previous_score),
        to = tr.num_or_na(c.trend.last().and_then(|t| t.score)),
        delta = tr.signed(c.score_delta)
    );
    if let Some(level) = &c.previous_level {
        line.push_str(&t!(tr, "md-level-before", level = escape(level)));
    }
    let _ = writeln!(md, "{line}.\n");
    if let Some(score) = &c.score_change {
        let _ = writeln!(md, "{}\n", escape(&score_verdict_line(tr, score)));
    }
    for note in &c.notes {
        let _ = writeln!(md, "> {}\n", escape(note));
    }
    let moved: Vec<_> = c.areas.iter().filter(|a| a.delta.is_some_and(|d| d != 0.0)).collect();
    if !moved.is_empty() {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |\n|---|---:|---:|---:|",
            t!(tr, "report-area"),
            t!(tr, "report-before"),
            t!(tr, "report-now"),
            t!(tr, "report-change")
        );
        for a in moved {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                escape(&a.title),
                tr.num_or_na(a.previous),
                tr.num_or_na(a.current),
                tr.signed(a.delta)
            );
        }
        md.push('\n');
    }
    for (title, list) in [
        (t!(tr, "report-newly-failing"), &c.newly_failing),
        (t!(tr, "report-fixed"), &c.fixed),
        (t!(tr, "report-still-failing"), &c.still_failing),
    ] {
        if list.is_empty() {
            continue;
        }
        let names: Vec<String> = list.iter().map(|t| format!("{} ({})", escape(&t.title), code(&t.id))).collect();
        let _ = writeln!(md, "- **{title}** ({}): {}", list.len(), names.join(", "));
    }
    if !c.other.is_empty() {
        let names: Vec<String> = c
            .other
            .iter()
            .map(|t| format!("{} {} → {}", code(&t.id), tr.render(&t.previous.label()), tr.render(&t.current.label())))
            .collect();
        let _ = writeln!(md, "- {} {}", t!(tr, "md-other-changes"), names.join(", "));
    }
    if !c.only_in_baseline.is_empty() || !c.only_in_current.is_empty() {
        let ids: Vec<String> = c.only_in_baseline.iter().chain(&c.only_in_current).map(|id| code(id)).collect();
        let _ = writeln!(md, "- {} {}", t!(tr, "md-not-compared"), ids.join(", "));
    }
    let moved: Vec<_> = c.reviews.iter().filter(|m| m.delta.is_some_and(|d| d != 0.0)).collect();
    if !moved.is_empty() {
        let lines: Vec<String> = moved.iter().map(|m| format!("{} {}", m.metric, tr.signed(m.delta))).collect();
        let _ = writeln!(md, "- {} {}", t!(tr, "md-reviews"), lines.join(", "));
    }
    if !c.rivals.is_empty() {
        let lines: Vec<String> = c.rivals.iter().map(|g| escape(&gap_line(tr, g))).collect();
        let _ = writeln!(md, "- {} {}", t!(tr, "md-rival-gaps"), lines.join("; "));
    }
    if !c.measures.is_empty() {
        let _ = writeln!(
            md,
            "\n| {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---|",
            t!(tr, "report-touchpoint"),
            t!(tr, "report-before"),
            t!(tr, "report-now"),
            t!(tr, "report-samples"),
            t!(tr, "report-verdict")
        );
        for m in &c.measures {
            let _ = writeln!(
                md,
                "| {} ({}) | {} | {} | {} | {} |",
                escape(&measure_title(tr, m)),
                code(&m.touchpoint),
                measure_num(tr, m.previous),
                measure_num(tr, m.current),
                samples_text(m),
                verdict_text(tr, m)
            );
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::{code, escape};

    #[test]
    fn code_spans_hold_any_id_without_breaking_out() {
        assert_eq!(code("staff.politeness"), "`staff.politeness`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("x` <img src=x onerror=alert(1)> `y"), "``x` <img src=x onerror=alert(1)> `y``");
        assert_eq!(code("`start"), "`` `start ``");
        assert_eq!(code("a``b\nc"), "```a``b c```");
    }

    #[test]
    fn escapes_markdown_and_html() {
        assert_eq!(escape("<script>[x](javascript:1)|*"), "\\<script\\>\\[x\\](javascript:1)\\|\\*");
        assert_eq!(escape("a\nb"), "a b");
        assert_eq!(escape("x\u{202e}y"), "x\u{fffd}y");
    }
}
