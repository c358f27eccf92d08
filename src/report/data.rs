//! The figures of a run for dashboards (Looker Studio, Google Sheets, a spreadsheet): long CSV tables, UTF-8
//! with a header, numbers with a dot and no thousands separator, one row per touchpoint (or platform, or
//! survey metric) per run. The columns are stable: new ones are only ever added at the end.
//!
//! | file | one row per | columns |
//! |---|---|---|
//! | `data.csv` | touchpoint per run | [`TOUCHPOINT_COLUMNS`] |
//! | `data-reviews.csv` | platform per run, and `all` | [`REVIEW_COLUMNS`] |
//! | `data-survey.csv` | survey metric (`nps`, `csat`, `ces`) per run | [`SURVEY_COLUMNS`] |

use super::AuditResult;
use crate::error::{Error, Result};

pub(crate) const DATA_FILE: &str = "data.csv";
pub(crate) const REVIEWS_FILE: &str = "data-reviews.csv";
pub(crate) const SURVEY_FILE: &str = "data-survey.csv";

/// Tables as (file name, content).
pub(crate) type Tables = Vec<(&'static str, Vec<u8>)>;

/// `data.csv`: the touchpoints. `measured` is the number result.json gives (a share as 0-1), `score` the
/// touchpoint's 0-1 score, `gain` the points the overall score would gain if it passed, `overall_score` and
/// `area_score` the run's (0-100), `sample_size` the answers, reviews or mentions the measure was taken on.
pub const TOUCHPOINT_COLUMNS: [&str; 19] = [
    "run_date",
    "business",
    "location",
    "area",
    "area_title",
    "touchpoint",
    "title",
    "status",
    "measured",
    "measured_text",
    "target",
    "pass",
    "fail",
    "score",
    "gain",
    "weight",
    "sample_size",
    "area_score",
    "overall_score",
];

/// `data-reviews.csv`: per platform the platform's count and average; the `all` row adds the reply figures of
/// the reply window and the unanswered negative reviews.
pub(crate) const REVIEW_COLUMNS: [&str; 12] = [
    "run_date",
    "business",
    "location",
    "platform",
    "reviews",
    "average_rating",
    "window_days",
    "reviews_in_window",
    "replied",
    "reply_rate",
    "median_reply_hours",
    "unanswered_negative",
];

/// `data-survey.csv`: `value` is the NPS (−100..100), the CSAT share of satisfied answers (0-100) or the CES
/// mean (1-7); `margin_95` the NPS's 95 % margin.
pub(crate) const SURVEY_COLUMNS: [&str; 13] = [
    "run_date",
    "business",
    "location",
    "metric",
    "answers",
    "value",
    "margin_95",
    "promoters",
    "passives",
    "detractors",
    "satisfied",
    "mean",
    "sd",
];

/// A number exactly as result.json has it (the shortest text that reads back as the same number).
fn num(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| v.to_string())
}

fn count(value: Option<usize>) -> String {
    value.map_or_else(String::new, |v| v.to_string())
}

fn table<const N: usize>(header: [&str; N], rows: impl Iterator<Item = [String; N]>) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| Error::Internal(format!("cannot write a CSV table: {e}"));
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(header).map_err(fail)?;
    for row in rows {
        out.write_record(&row).map_err(fail)?;
    }
    out.into_inner().map_err(|e| Error::Internal(format!("cannot write a CSV table: {e}")))
}

/// The location of a run's own rows: empty, they are the business's (a chain's, location-weighted); each
/// location of a chain adds its rows with its name.
fn location(_result: &AuditResult) -> String {
    String::new()
}

/// A chain's rows per location: each location's touchpoints, its score as `overall_score`.
fn location_rows(r: &AuditResult) -> impl Iterator<Item = [String; 19]> + '_ {
    r.locations.iter().flat_map(move |l| {
        l.touchpoints.iter().map(move |t| {
            let chain = r.touchpoints.iter().find(|c| c.id == t.id);
            let area = chain.and_then(|c| r.areas.iter().find(|a| a.id == c.area));
            let status = serde_json::to_value(t.status).ok().and_then(|v| v.as_str().map(str::to_string));
            [
                r.as_of.to_string(),
                r.business.name.clone(),
                l.name.clone(),
                chain.map_or_else(String::new, |c| c.area.clone()),
                area.map_or_else(String::new, |a| a.title.clone()),
                t.id.clone(),
                t.title.clone(),
                status.unwrap_or_default(),
                num(t.measured),
                t.measured_text.clone().unwrap_or_default(),
                chain.and_then(|c| c.target.clone()).unwrap_or_default(),
                num(chain.and_then(|c| c.pass)),
                num(chain.and_then(|c| c.fail)),
                num(t.score),
                String::new(),
                num(chain.map(|c| c.weight)),
                String::new(),
                String::new(),
                num(l.score),
            ]
        })
    })
}

/// `data.csv` for `runs` (oldest first, this run last).
pub(crate) fn touchpoints_csv(runs: &[&AuditResult]) -> Result<Vec<u8>> {
    let rows = runs.iter().flat_map(|r| {
        r.touchpoints
            .iter()
            .map(move |t| {
                let area = r.areas.iter().find(|a| a.id == t.area);
                [
                    r.as_of.to_string(),
                    r.business.name.clone(),
                    location(r),
                    t.area.clone(),
                    area.map_or_else(String::new, |a| a.title.clone()),
                    t.id.clone(),
                    t.title.clone(),
                    serde_json::to_value(t.status)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    num(t.measured),
                    t.measured_text.clone().unwrap_or_default(),
                    t.target.clone().unwrap_or_default(),
                    num(t.pass),
                    num(t.fail),
                    num(t.score),
                    num(t.gain),
                    num(Some(t.weight)),
                    count(t.sample.and_then(|s| s.size())),
                    num(area.and_then(|a| a.score)),
                    num(r.score.value),
                ]
            })
            .chain(location_rows(r))
    });
    table(TOUCHPOINT_COLUMNS, rows)
}

/// A row of `columns` for run `r`: its date, business and location, then the named cells (the rest empty).
fn row<const N: usize>(columns: [&str; N], r: &AuditResult, cells: Vec<(&str, String)>) -> [String; N] {
    let mut row: [String; N] = std::array::from_fn(|_| String::new());
    for (name, value) in
        [("run_date", r.as_of.to_string()), ("business", r.business.name.clone()), ("location", location(r))]
            .into_iter()
            .chain(cells)
    {
        let at = columns.iter().position(|c| *c == name);
        debug_assert!(at.is_some(), "no column {name}");
        if let Some(at) = at {
            row[at] = value;
        }
    }
    row
}

/// `data-reviews.csv` for `runs`.
pub(crate) fn reviews_csv(runs: &[&AuditResult]) -> Result<Vec<u8>> {
    let rows = runs.iter().flat_map(|r| {
        let reviews = r.reputation.as_ref().and_then(|p| p.reviews.as_ref());
        let unanswered = r.touchpoints.iter().find(|t| t.rule == "review_unanswered_negative").and_then(|t| t.measured);
        let platforms = reviews.into_iter().flat_map(|s| s.platforms.iter()).map(move |p| {
            let cells = vec![
                ("platform", p.platform.clone()),
                ("reviews", p.count.to_string()),
                ("average_rating", num(Some(p.average))),
            ];
            row(REVIEW_COLUMNS, r, cells)
        });
        let all = reviews.map(|s| {
            let cells = vec![
                ("platform", "all".to_string()),
                ("reviews", s.count.to_string()),
                ("average_rating", num(s.average)),
                ("window_days", s.reply_window_days.to_string()),
                ("reviews_in_window", s.replies.reviews.to_string()),
                ("replied", s.replies.replied.to_string()),
                ("reply_rate", num(Some(s.replies.rate))),
                ("median_reply_hours", num(s.replies.median_hours)),
                ("unanswered_negative", num(unanswered)),
            ];
            row(REVIEW_COLUMNS, r, cells)
        });
        // A chain's locations: their own reviews, rating and reply rate.
        let locations = r.locations.iter().map(move |l| {
            let mut cells = row(
                REVIEW_COLUMNS,
                r,
                vec![
                    ("platform", "all".to_string()),
                    ("reviews", l.reviews.to_string()),
                    ("average_rating", num(l.rating)),
                    ("reply_rate", num(l.reply_rate)),
                ],
            );
            cells[2] = l.name.clone();
            cells
        });
        platforms.chain(all).chain(locations)
    });
    table(REVIEW_COLUMNS, rows)
}

/// `data-survey.csv` for `runs`.
pub(crate) fn survey_csv(runs: &[&AuditResult]) -> Result<Vec<u8>> {
    let rows = runs.iter().flat_map(|r| {
        let survey = r.survey.as_ref();
        let nps = survey.and_then(|s| s.nps).map(|n| {
            let cells = vec![
                ("metric", "nps".to_string()),
                ("answers", n.n.to_string()),
                ("value", num(Some(n.nps))),
                ("margin_95", num(Some(n.margin_95))),
                ("promoters", n.promoters.to_string()),
                ("passives", n.passives.to_string()),
                ("detractors", n.detractors.to_string()),
            ];
            row(SURVEY_COLUMNS, r, cells)
        });
        let csat = survey.and_then(|s| s.csat).map(|c| {
            let cells = vec![
                ("metric", "csat".to_string()),
                ("answers", c.n.to_string()),
                ("value", num(Some(c.csat))),
                ("satisfied", c.satisfied.to_string()),
                ("mean", num(Some(c.mean))),
            ];
            row(SURVEY_COLUMNS, r, cells)
        });
        let ces = survey.and_then(|s| s.ces).map(|c| {
            let cells = vec![
                ("metric", "ces".to_string()),
                ("answers", c.n.to_string()),
                ("value", num(Some(c.mean))),
                ("mean", num(Some(c.mean))),
                ("sd", num((c.sd > 0.0).then_some(c.sd))),
            ];
            row(SURVEY_COLUMNS, r, cells)
        });
        nps.into_iter().chain(csat).chain(ces)
    });
    table(SURVEY_COLUMNS, rows)
}

/// The tables of many clients in one (the portfolio's): each client folder's own tables, their rows after
/// the header; a folder with a result.json but no tables (an older version's) has them made from it.
/// Folders with neither are left out.
pub(crate) fn merged(folders: &[std::path::PathBuf]) -> Result<Tables> {
    let mut out: Tables = Vec::new();
    let mut made: Vec<Option<Tables>> = vec![None; folders.len()];
    for (i, folder) in folders.iter().enumerate() {
        if !folder.join(DATA_FILE).is_file()
            && let Ok(result) = super::read_result(&folder.join(super::JSON_FILE))
        {
            made[i] = Some(tables(&[&result])?);
        }
    }
    for (name, header) in [
        (DATA_FILE, TOUCHPOINT_COLUMNS.join(",")),
        (REVIEWS_FILE, REVIEW_COLUMNS.join(",")),
        (SURVEY_FILE, SURVEY_COLUMNS.join(",")),
    ] {
        let mut content = format!("{header}\n").into_bytes();
        for (folder, made) in folders.iter().zip(&made) {
            let text = match made {
                Some(tables) => tables.iter().find(|(n, _)| *n == name).map(|(_, c)| c.clone()),
                None => std::fs::read(folder.join(name)).ok(),
            };
            let Some(text) = text else { continue };
            // A table written with other columns (another version) is left out rather than misread.
            let Some(newline) = text.iter().position(|b| *b == b'\n') else { continue };
            if text[..newline].strip_suffix(b"\r").unwrap_or(&text[..newline]) != header.as_bytes() {
                continue;
            }
            content.extend_from_slice(&text[newline + 1..]);
        }
        out.push((name, content));
    }
    Ok(out)
}

/// The three tables for `runs`, as (file name, content).
pub(crate) fn tables(runs: &[&AuditResult]) -> Result<Tables> {
    Ok(vec![(DATA_FILE, touchpoints_csv(runs)?), (REVIEWS_FILE, reviews_csv(runs)?), (SURVEY_FILE, survey_csv(runs)?)])
}
