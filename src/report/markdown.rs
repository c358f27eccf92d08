//! A short Markdown summary of a result, for CI job pages and pull requests.

use std::fmt::Write;

use super::model::AuditResult;
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
    let not_assessed = r.touchpoints.iter().filter(|t| t.status == crate::rules::Status::NotAssessed).count();
    let _ = writeln!(
        md,
        "\n{} of {} touchpoints assessed; {not_assessed} not assessed (see the report for reasons).",
        r.touchpoints.iter().filter(|t| t.status.is_assessed()).count(),
        r.touchpoints.len()
    );
    md
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markdown_and_html() {
        assert_eq!(escape("<script>[x](javascript:1)|*"), "\\<script\\>\\[x\\](javascript:1)\\|\\*");
        assert_eq!(escape("a\nb"), "a b");
    }
}
