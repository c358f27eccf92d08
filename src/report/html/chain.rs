//! A chain's section: the league table of locations (sortable without a script: each row carries its rank
//! by each column, and the chosen column's rank orders the rows), one card per location on a phone, where the
//! chain's problems are (touchpoint × location, a symbol beside each colour so it reads without colours), and
//! each location's complaint themes beside its visit.

use serde::Serialize;

use crate::i18n::Tr;
use crate::result::AuditResult;
use crate::result::chain::LocationResult;
use crate::rules::Status;
use crate::t;

#[derive(Serialize)]
pub(super) struct ChainView {
    /// The columns the table sorts by: key (for the radio's id) and label.
    sorts: Vec<SortView>,
    head: Vec<String>,
    rows: Vec<LeagueRow>,
    matrix_head: Vec<String>,
    matrix: Vec<MatrixRow>,
    /// The same on a phone: one card per location with what fails or warns there.
    matrix_cards: Vec<MatrixCard>,
    systemic: Vec<String>,
    locals: Vec<String>,
    contrasts: Vec<ContrastView>,
}

#[derive(Serialize)]
struct SortView {
    key: &'static str,
    label: String,
    checked: bool,
}

#[derive(Serialize)]
struct LeagueRow {
    name: String,
    /// `--o-score: 2; --o-rating: 1; …`: the row's rank by each column.
    order: String,
    cells: Vec<LeagueCell>,
    level: String,
    class: &'static str,
}

#[derive(Serialize)]
struct LeagueCell {
    label: String,
    text: String,
}

#[derive(Serialize)]
struct MatrixRow {
    title: String,
    systemic: bool,
    cells: Vec<MatrixCell>,
}

#[derive(Serialize)]
struct MatrixCell {
    class: &'static str,
    symbol: &'static str,
    label: String,
}

#[derive(Serialize)]
struct MatrixCard {
    name: String,
    items: Vec<MatrixItem>,
}

#[derive(Serialize)]
struct MatrixItem {
    title: String,
    class: &'static str,
    symbol: &'static str,
    label: String,
}

#[derive(Serialize)]
struct ContrastView {
    location: String,
    text: String,
    disagree: bool,
}

/// The sortable columns: key, and the value each location is ranked by (higher first; the name A to Z).
type Column = (&'static str, fn(&LocationResult) -> Option<f64>);

const COLUMNS: [Column; 5] = [
    ("score", |l| l.score),
    ("rating", |l| l.rating),
    ("reply", |l| l.reply_rate),
    ("visit", |l| l.visit_score),
    ("nps", |l| l.nps),
];

fn label(tr: &Tr, key: &str) -> String {
    match key {
        "score" => t!(tr, "chain-col-score"),
        "rating" => t!(tr, "chain-col-rating"),
        "reply" => t!(tr, "chain-col-reply"),
        "visit" => t!(tr, "chain-col-visit"),
        "nps" => t!(tr, "chain-col-nps"),
        _ => t!(tr, "chain-col-name"),
    }
}

/// Ranks (1 = first) of the locations by `value`, higher first, the ones without a value last, ties by name.
fn ranks(locations: &[LocationResult], value: impl Fn(&LocationResult) -> Option<f64>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..locations.len()).collect();
    order.sort_by(|&a, &b| {
        let (va, vb) = (value(&locations[a]), value(&locations[b]));
        vb.unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&va.unwrap_or(f64::NEG_INFINITY))
            .then_with(|| locations[a].name.cmp(&locations[b].name))
    });
    let mut rank = vec![0; locations.len()];
    for (position, index) in order.into_iter().enumerate() {
        rank[index] = position + 1;
    }
    rank
}

pub(super) fn chain_view(tr: &Tr, r: &AuditResult) -> Option<ChainView> {
    let chain = r.chain.as_ref()?;
    let locations = &r.locations;
    let na = t!(tr, "n-a");
    let show = |value: Option<f64>, f: &dyn Fn(f64) -> String| value.map_or_else(|| na.clone(), f);
    let by_column: Vec<Vec<usize>> = COLUMNS.iter().map(|(_, value)| ranks(locations, value)).collect();
    let by_name = ranks(locations, |_| None);
    let rows = locations
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut order: Vec<String> =
                COLUMNS.iter().zip(&by_column).map(|((k, _), r)| format!("--o-{k}: {};", r[i])).collect();
            order.push(format!("--o-name: {};", by_name[i]));
            let texts = [
                show(l.score, &|v| tr.num(v)),
                show(l.rating, &|v| format!("{}★", tr.num((v * 10.0).round() / 10.0))),
                show(l.reply_rate, &|v| tr.pct(v)),
                show(l.visit_score, &|v| tr.num(v)),
                show(l.nps, &|v| tr.num(v)),
            ];
            LeagueRow {
                name: l.name.clone(),
                order: order.join(" "),
                cells: COLUMNS
                    .iter()
                    .zip(texts)
                    .map(|((k, _), text)| LeagueCell { label: label(tr, k), text })
                    .collect(),
                level: l.level_title.clone().unwrap_or_else(|| na.clone()),
                class: super::score_class(l.score),
            }
        })
        .collect();
    let mut sorts: Vec<SortView> =
        COLUMNS.iter().map(|(k, _)| SortView { key: k, label: label(tr, k), checked: *k == "score" }).collect();
    sorts.push(SortView { key: "name", label: label(tr, "name"), checked: false });
    let matrix = matrix(tr, r);
    let mut head = vec![label(tr, "name")];
    head.extend(COLUMNS.iter().map(|(k, _)| label(tr, k)));
    head.push(t!(tr, "chain-col-level"));
    Some(ChainView {
        sorts,
        head,
        rows,
        matrix_head: locations.iter().map(|l| l.name.clone()).collect(),
        matrix_cards: matrix_cards(&matrix, locations),
        matrix,
        systemic: chain.systemic.iter().map(|p| problem_line(tr, p, true)).collect(),
        locals: chain.local.iter().map(|p| problem_line(tr, p, false)).collect(),
        contrasts: contrasts(tr, locations),
    })
}

fn problem_line(tr: &Tr, p: &crate::result::chain::ChainProblem, systemic: bool) -> String {
    let places = p.locations.join(", ");
    if systemic {
        t!(tr, "chain-systemic-line", title = p.title.as_str(), count = p.locations.len(), locations = places)
    } else {
        t!(tr, "chain-local-line", title = p.title.as_str(), locations = places)
    }
}

/// Touchpoint × location, for the touchpoints failing or warning somewhere; systemic ones first.
fn matrix(tr: &Tr, r: &AuditResult) -> Vec<MatrixRow> {
    let Some(first) = r.locations.first() else { return Vec::new() };
    let systemic: Vec<&str> = r.chain.iter().flat_map(|c| c.systemic.iter().map(|p| p.touchpoint.as_str())).collect();
    let mut rows: Vec<MatrixRow> = first
        .touchpoints
        .iter()
        .filter(|t| {
            r.locations
                .iter()
                .any(|l| l.touchpoints.iter().any(|x| x.id == t.id && matches!(x.status, Status::Fail | Status::Warn)))
        })
        .map(|t| MatrixRow {
            title: t.title.clone(),
            systemic: systemic.contains(&t.id.as_str()),
            cells: r
                .locations
                .iter()
                .map(|l| {
                    cell(tr, l.touchpoints.iter().find(|x| x.id == t.id).map_or(Status::NotAssessed, |x| x.status))
                })
                .collect(),
        })
        .collect();
    // The chain's site's page about each location, when the site was crawled.
    if r.locations.iter().any(|l| l.site_page.as_ref().is_some_and(|p| p.status != Status::Pass)) {
        rows.push(MatrixRow {
            title: t!(tr, "chain-site-page"),
            systemic: systemic.contains(&"site.location_page"),
            cells: r
                .locations
                .iter()
                .map(|l| cell(tr, l.site_page.as_ref().map_or(Status::NotAssessed, |p| p.status)))
                .collect(),
        });
    }
    rows.sort_by_key(|row| !row.systemic);
    rows
}

fn cell(tr: &Tr, status: Status) -> MatrixCell {
    let (symbol, label) = match status {
        Status::Pass => ("✓", t!(tr, "status-pass")),
        Status::Warn => ("!", t!(tr, "status-warn")),
        Status::Fail => ("✗", t!(tr, "status-fail")),
        Status::NotAssessed | Status::NotApplicable => ("–", t!(tr, "status-not-assessed")),
    };
    MatrixCell { class: super::status_class(status), symbol, label }
}

/// The matrix turned round for a phone: per location, the rows that fail or warn there.
fn matrix_cards(rows: &[MatrixRow], locations: &[LocationResult]) -> Vec<MatrixCard> {
    locations
        .iter()
        .enumerate()
        .map(|(i, l)| MatrixCard {
            name: l.name.clone(),
            items: rows
                .iter()
                .filter(|row| matches!(row.cells[i].class, "fail" | "warn"))
                .map(|row| MatrixItem {
                    title: row.title.clone(),
                    class: row.cells[i].class,
                    symbol: row.cells[i].symbol,
                    label: row.cells[i].label.clone(),
                })
                .collect(),
        })
        .filter(|card| !card.items.is_empty())
        .collect()
}

fn contrasts(tr: &Tr, locations: &[LocationResult]) -> Vec<ContrastView> {
    let mut out = Vec::new();
    for l in locations {
        for c in &l.online_offline {
            let score = c.score.map_or_else(|| t!(tr, "n-a"), |s| tr.pct(s));
            let text = t!(
                tr,
                "chain-contrast",
                theme = c.theme_title.as_str(),
                complaints = c.complaints,
                negative = c.negative_reviews,
                touchpoint = c.touchpoint_title.as_str(),
                score = score
            );
            out.push(ContrastView { location: l.name.clone(), text, disagree: c.disagree });
        }
    }
    out
}
