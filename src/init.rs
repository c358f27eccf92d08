//! `touchaudit init`: an audit.toml and an offline.toml template listing every manual touchpoint with its
//! scale and guidance, for a consultant to fill in.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::config::checklist::Checklist;
use crate::error::{Error, Result};
use crate::rules::fmt_num;

pub const AUDIT_TEMPLATE: &str = r#"# touchaudit audit file. Paths are relative to this file.
# Every field but business.name has a default; `touchaudit validate audit.toml` checks it all.

checklist = "default"        # or a path to your own copy of the checklist
offline = "offline.toml"     # the auditor's scores and the client's figures

# A customer survey (NPS, CSAT, CES); column names are configurable.
# [survey]
# file = "survey.csv"
# nps = "nps"                # 0-10 "would you recommend us?"
# nps_reason = "nps_reason"  # the "why this score?" answer
# csat = "csat"              # 1-5 satisfaction
# ces = "ces"                # 1-7 "how easy was it?"

[business]
name = "Your business"
# site = "https://www.example.com/"
locale = "en"
# as_of = 2026-11-01         # the audit date; windows like "last 90 days" count from it

# Review platforms: any number of sources, each a file or a `url` (fetched politely).
# format: gbp (Business Profile API export), apify, outscraper, csv (with columns), jsonld, html (with rules)
# [[reviews]]
# file = "reviews/google.json"
# format = "gbp"
#
# [[reviews]]
# platform = "Yelp"
# file = "reviews/yelp.csv"
# format = "csv"
# scale = 5                  # or 10
# columns = { rating = "Stars", date = "Date", text = "Review", reply = "Owner reply", reply_date = "Reply date" }
#
# [[reviews]]
# url = "https://reviewhub.example/biz/your-business"
# format = "html"
# rules = "reviewhub"        # a built-in selector rule file, or a path to your own .toml

# Mentions: RSS or Atom feeds (news alerts, forum or social feeds), files or URLs.
# [[mentions]]
# feed = "mentions.atom"

# [reputation]
# platforms = ["Google", "Yelp"]   # where the business should be present
# themes = "my-themes.toml"        # complaint themes (default: checklists/themes.toml)
# tone = "my-tone.toml"            # tone words with negation (default: checklists/tone.toml)

# Brand search results (SERM): the first results page for the business's name, saved as CSV with
# position, title, url and snippet columns (search engines forbid automated queries).
# [serm]
# file = "serp.csv"
# own = ["https://instagram.com/your-business"]   # profiles that count as the business's own results

[output]
dir = "report"
formats = ["html", "json", "md"]
"#;

/// The offline.toml template for a checklist: every manual touchpoint and figure, commented out.
pub fn offline_template(checklist: &Checklist) -> String {
    let mut out = String::from(
        "# Offline scores: what the auditor saw, heard and was told. Uncomment a block and fill it in;\n\
         # a touchpoint left out is reported as not assessed, not guessed.\n\
         # Every block takes `note`, `evidence` (files) and `assessed` (a date) besides its score,\n\
         # or `not_applicable = true` with a note when the touchpoint does not apply to this business.\n",
    );
    for area in &checklist.areas {
        let manual: Vec<_> = checklist
            .touchpoints
            .iter()
            .filter(|t| t.area == area.id && matches!(t.rule.name, "manual" | "manual_items"))
            .collect();
        if manual.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n# ===== {} =====", area.title);
        for t in manual {
            let p = &t.params;
            let _ = writeln!(out, "\n# {} ({})", t.title, if t.critical { "critical" } else { "weight" });
            if t.rule.name == "manual" {
                let unit = p.text("unit");
                let _ = writeln!(
                    out,
                    "# Scale {}..{}{}; full marks at {}, none at {}.",
                    fmt_num(p.num("min")),
                    fmt_num(p.num("max")),
                    if unit.is_empty() { String::new() } else { format!(" {unit}") },
                    fmt_num(p.num("pass")),
                    fmt_num(p.num("fail"))
                );
            } else {
                let _ = writeln!(
                    out,
                    "# Tick each item true or false; full marks at {} % met.",
                    fmt_num(p.num("pass") * 100.0)
                );
            }
            for line in p.text("guidance").lines().filter(|l| !l.trim().is_empty()) {
                let _ = writeln!(out, "# {}", line.trim());
            }
            let _ = writeln!(out, "# [scores.\"{}\"]", t.id);
            if t.rule.name == "manual" {
                let _ = writeln!(out, "# score = {}", fmt_num(p.num("pass")));
            } else {
                let items: Vec<String> = p.list("items").iter().map(|i| format!("{i} = true")).collect();
                let _ = writeln!(out, "# items = {{ {} }}", items.join(", "));
            }
            let _ = writeln!(out, "# note = \"\"");
        }
    }
    let figures = checklist.figure_keys();
    if !figures.is_empty() {
        out.push_str(
            "\n# ===== The client's own figures =====\n# Shares are written from 0 to 1 (31 % is 0.31).\n# [figures]\n",
        );
        for t in checklist.touchpoints.iter().filter(|t| t.rule.name == "figure") {
            let _ = writeln!(out, "# {} = {}    # {}", t.params.text("key"), fmt_num(t.params.num("pass")), t.title);
        }
    }
    out
}

/// Writes audit.toml and offline.toml into `dir`, refusing to overwrite either.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    let checklist = Checklist::builtin().map_err(Error::Invalid)?;
    let files = [("audit.toml", AUDIT_TEMPLATE.to_string()), ("offline.toml", offline_template(&checklist))];
    for (name, _) in &files {
        let path = dir.join(name);
        if path.exists() {
            return Err(Error::Usage(format!(
                "{} exists already; touchaudit init does not overwrite files",
                path.display()
            )));
        }
    }
    let contents: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, c)| (*n, c.clone().into_bytes())).collect();
    crate::report::write::write_all(dir, &contents)
}
