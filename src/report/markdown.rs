//! A short Markdown summary of a result, for CI job pages and pull requests.

use std::fmt::Write;

use super::model::AuditResult;
use crate::compare::Changes;
use crate::rules::{fmt_num, fmt_pct};

/// Fix-first items listed in the summary at most.
const MAX_FIXES: usize = 5;

/// Escapes text from inputs so it cannot add Markdown structure, links or HTML.
pub fn escape(text: &str) -> String {
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

pub fn render(r: &AuditResult) -> String {
    let mut md = String::new();
    let level = r.score.level.as_ref().map_or("no level", |l| l.title.as_str());
    // Writing to a String cannot fail.
    let _ = writeln!(md, "# Loyalty readiness: {}\n", escape(&r.business.name));
    let _ = writeln!(
        md,
        "**{} / 100**, level **{}**, coverage {}{} (as of {}).\n",
        r.score_text(),
        escape(level),
        fmt_pct(r.score.coverage),
        if r.score.provisional { ", provisional" } else { "" },
        r.as_of
    );
    if !r.score.capped_by.is_empty() {
        let _ =
            writeln!(md, "Level capped by failed critical touchpoints: {}.\n", escape(&r.score.capped_by.join(", ")));
    }
    let _ = writeln!(md, "| Area | Score | Assessed |\n|---|---:|---:|");
    for a in &r.areas {
        let _ = writeln!(
            md,
            "| {} | {} | {}/{} |",
            escape(&a.title),
            a.score.map_or_else(|| "n/a".to_string(), fmt_num),
            a.assessed,
            a.applicable
        );
    }
    if !r.fix_first.is_empty() {
        let _ = writeln!(md, "\n## Fix first\n");
        for (i, f) in r.fix_first.iter().take(MAX_FIXES).enumerate() {
            let _ = writeln!(
                md,
                "{}. **{}** (+{} pts{}): {}",
                i + 1,
                escape(&f.title),
                fmt_num(f.gain),
                if f.critical { ", critical" } else { "" },
                escape(&f.recommendation)
            );
        }
        if r.fix_first.len() > MAX_FIXES {
            let _ = writeln!(md, "\n… and {} more in the full report.", r.fix_first.len() - MAX_FIXES);
        }
    }
    if let Some(changes) = &r.changes {
        md.push('\n');
        md.push_str(&changes_md(changes));
    }
    if !r.gates.is_empty() {
        let _ = writeln!(md, "\n## Gates\n");
        for g in &r.gates {
            let _ = writeln!(
                md,
                "- {} `{}`: {}",
                if g.passed { "passed" } else { "**failed**" },
                g.gate,
                escape(&g.message)
            );
        }
    }
    let not_assessed = r.touchpoints.iter().filter(|t| t.status == crate::rules::Status::NotAssessed).count();
    let _ = writeln!(
        md,
        "\n{} of {} touchpoints assessed; {not_assessed} not assessed (see the report for reasons).",
        r.touchpoints.iter().filter(|t| t.status.is_assessed()).count(),
        r.touchpoints.len()
    );
    md
}

fn signed(delta: Option<f64>) -> String {
    match delta {
        Some(d) if d > 0.0 => format!("+{}", fmt_num(d)),
        Some(d) => fmt_num(d),
        None => "n/a".to_string(),
    }
}

/// What changed since the baseline, as a Markdown section (also what `touchaudit diff` prints).
pub fn changes_md(c: &Changes) -> String {
    let mut md = String::new();
    let since = c.baseline.as_of.as_deref().unwrap_or("the baseline");
    let _ = writeln!(md, "## Since {}\n", escape(since));
    let _ = writeln!(
        md,
        "Score {} → {} (**{}** points){}.\n",
        c.previous_score.map_or_else(|| "n/a".to_string(), fmt_num),
        c.trend.last().and_then(|t| t.score).map_or_else(|| "n/a".to_string(), fmt_num),
        signed(c.score_delta),
        c.previous_level.as_deref().map_or(String::new(), |l| format!("; level before: {}", escape(l)))
    );
    for note in &c.notes {
        let _ = writeln!(md, "> {}\n", escape(note));
    }
    let moved: Vec<_> = c.areas.iter().filter(|a| a.delta.is_some_and(|d| d != 0.0)).collect();
    if !moved.is_empty() {
        let _ = writeln!(md, "| Area | Before | Now | Change |\n|---|---:|---:|---:|");
        for a in moved {
            let score = |s: Option<f64>| s.map_or_else(|| "n/a".to_string(), fmt_num);
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                escape(&a.title),
                score(a.previous),
                score(a.current),
                signed(a.delta)
            );
        }
        md.push('\n');
    }
    for (title, list) in [("Newly failing", &c.newly_failing), ("Fixed", &c.fixed), ("Still failing", &c.still_failing)]
    {
        if list.is_empty() {
            continue;
        }
        let names: Vec<String> = list.iter().map(|t| format!("{} (`{}`)", escape(&t.title), t.id)).collect();
        let _ = writeln!(md, "- **{title}** ({}): {}", list.len(), names.join(", "));
    }
    if !c.other.is_empty() {
        let names: Vec<String> =
            c.other.iter().map(|t| format!("`{}` {} → {}", t.id, t.previous.label(), t.current.label())).collect();
        let _ = writeln!(md, "- Other changes: {}", names.join(", "));
    }
    if !c.only_in_baseline.is_empty() || !c.only_in_current.is_empty() {
        let _ = writeln!(
            md,
            "- Not compared (in one result only): {}",
            c.only_in_baseline
                .iter()
                .chain(&c.only_in_current)
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let moved: Vec<_> = c.reviews.iter().filter(|m| m.delta.is_some_and(|d| d != 0.0)).collect();
    if !moved.is_empty() {
        let lines: Vec<String> = moved.iter().map(|m| format!("{} {}", m.metric, signed(m.delta))).collect();
        let _ = writeln!(md, "- Reviews: {}", lines.join(", "));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markdown_and_html() {
        assert_eq!(escape("<script>[x](javascript:1)|*"), "\\<script\\>\\[x\\](javascript:1)\\|\\*");
        assert_eq!(escape("a\nb"), "a b");
        assert_eq!(escape("x\u{202e}y"), "x\u{fffd}y");
    }
}
