//! The NAP table (and its short client form) and the survey section.

use super::*;

/// The NAP table: one row per listing, one column per field, each cell its value and how it compares.
#[derive(Serialize)]
pub(super) struct ListingsView {
    fields: Vec<String>,
    reference: Vec<ListingCell>,
    rows: Vec<ListingRow>,
}

#[derive(Serialize)]
pub(super) struct ListingRow {
    source: String,
    cells: Vec<ListingCell>,
    /// The client view's short form: what differs or is missing, each with the value expected ...
    problems: Vec<ListingProblem>,
    /// ... and the fields that match, in one line.
    matching: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ListingProblem {
    status: String,
    class: &'static str,
    text: String,
}

#[derive(Serialize)]
pub(super) struct ListingCell {
    field: String,
    value: String,
    status: String,
    class: &'static str,
}

/// Fields in reading order: name, address, phone, website.
pub(super) const NAP_FIELDS: [&str; 5] = ["name", "address", "phone", "website", "hours"];

pub(super) fn nap_field(tr: &Tr, field: &str) -> String {
    match field {
        "name" => t!(tr, "nap-name"),
        "address" => t!(tr, "nap-address"),
        "phone" => t!(tr, "nap-phone"),
        "hours" => t!(tr, "nap-hours"),
        _ => t!(tr, "nap-website"),
    }
}

/// "телефон" as "Телефон": a field name opening a line.
pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

pub(super) fn listings_view(tr: &Tr, table: &crate::rules::listings::NapTable) -> ListingsView {
    use crate::rules::listings::NapStatus;
    // "+1-555-0100 (the site)": the value a field should have and where it comes from.
    let expected = |field: &str| {
        table.reference.iter().find(|r| r.field == field).map_or_else(
            || t!(tr, "report-nap-no-reference"),
            |r| {
                let from = if r.from == "audit" { t!(tr, "nap-from-audit") } else { t!(tr, "nap-from-site") };
                t!(tr, "report-nap-reference", value = r.value.as_str(), from = from)
            },
        )
    };
    let reference = NAP_FIELDS
        .iter()
        .map(|field| ListingCell {
            field: nap_field(tr, field),
            value: expected(field),
            status: String::new(),
            class: "",
        })
        .collect();
    let rows = table
        .rows
        .iter()
        .map(|row| ListingRow {
            source: row.source.clone(),
            problems: NAP_FIELDS
                .iter()
                .filter_map(|field| {
                    let cell = row.cells.iter().find(|c| c.field == *field)?;
                    let name = capitalised(&nap_field(tr, field));
                    let text = match cell.status {
                        NapStatus::Differs => t!(
                            tr,
                            "report-nap-line-differs",
                            field = name.as_str(),
                            value = cell.value.as_deref().unwrap_or(""),
                            expected = expected(field)
                        ),
                        NapStatus::Missing => {
                            t!(tr, "report-nap-line-missing", field = name.as_str(), expected = expected(field))
                        }
                        _ => return None,
                    };
                    let (status, class) = if cell.status == NapStatus::Differs {
                        (t!(tr, "report-nap-differs"), "fail")
                    } else {
                        (t!(tr, "report-nap-missing"), "warn")
                    };
                    Some(ListingProblem { status, class, text })
                })
                .collect(),
            matching: {
                let names: Vec<String> = NAP_FIELDS
                    .iter()
                    .filter(|f| row.cells.iter().any(|c| c.field == **f && c.status == NapStatus::Matches))
                    .map(|f| nap_field(tr, f).to_lowercase())
                    .collect();
                (!names.is_empty()).then(|| t!(tr, "report-nap-line-match", fields = names.join(", ")))
            },
            cells: NAP_FIELDS
                .iter()
                .map(|field| {
                    let cell = row.cells.iter().find(|c| c.field == *field);
                    let (status, class) = match cell.map(|c| c.status) {
                        Some(NapStatus::Matches) => (t!(tr, "report-nap-matches"), "pass"),
                        Some(NapStatus::Differs) => (t!(tr, "report-nap-differs"), "fail"),
                        Some(NapStatus::Missing) => (t!(tr, "report-nap-missing"), "warn"),
                        _ => (t!(tr, "report-nap-unchecked"), "na"),
                    };
                    let value = cell.and_then(|c| c.value.clone()).unwrap_or_default();
                    ListingCell { field: nap_field(tr, field), value, status, class }
                })
                .collect(),
        })
        .collect();
    ListingsView { fields: NAP_FIELDS.iter().map(|f| nap_field(tr, f)).collect(), reference, rows }
}

/// A listing's profile card: what is complete in one line, each missing field with its one-line fix.
#[derive(Serialize)]
pub(super) struct ProfileCardView {
    source: String,
    share: String,
    /// "7 to fix": the client view's one line per listing.
    to_fix: String,
    complete: Option<String>,
    missing: Vec<ListingProblem>,
    absent: Option<String>,
}

pub(super) fn profile_cards_view(tr: &Tr, rep: &crate::rules::summary::ReputationSummary) -> Vec<ProfileCardView> {
    use crate::rules::listings::FieldStatus;
    let mut cards: Vec<ProfileCardView> = rep
        .profiles
        .iter()
        .map(|card| {
            let joined = |status: FieldStatus| {
                let texts: Vec<String> =
                    card.fields.iter().filter(|f| f.status == status).map(|f| tr.render(&f.text)).collect();
                (!texts.is_empty()).then(|| texts.join("; "))
            };
            ProfileCardView {
                source: card.source.clone(),
                share: card.share.map_or_else(String::new, |s| t!(tr, "report-profile-share", share = tr.pct(s))),
                to_fix: String::new(),
                complete: joined(FieldStatus::Complete),
                missing: card
                    .fields
                    .iter()
                    .filter(|f| matches!(f.status, FieldStatus::Missing | FieldStatus::Critical))
                    .map(|f| {
                        let critical = f.status == FieldStatus::Critical;
                        let fix = f.fix.as_ref().map(|fix| tr.render(fix)).unwrap_or_default();
                        // A short badge, and the state with its fix as the line: long badges break a phone's line.
                        let status =
                            if critical { t!(tr, "report-profile-critical") } else { t!(tr, "report-profile-fix") };
                        let text = t!(tr, "report-profile-line", state = capitalised(&tr.render(&f.text)), fix = fix);
                        ListingProblem { status, class: if critical { "fail" } else { "warn" }, text }
                    })
                    .collect(),
                absent: joined(FieldStatus::NotInExport),
            }
        })
        .collect();
    for d in &rep.duplicates {
        let text = t!(
            tr,
            "report-profile-duplicate",
            first = d.ids[0].as_str(),
            first_reviews = tr.render(&crate::rules::listings::held_text(d.reviews[0])),
            second = d.ids[1].as_str(),
            second_reviews = tr.render(&crate::rules::listings::held_text(d.reviews[1]))
        );
        let fix = t!(tr, "profile-duplicate-fix");
        if let Some(card) = cards.iter_mut().find(|c| c.source.starts_with(d.platform.as_str())) {
            let text = t!(tr, "report-profile-line", state = text, fix = fix);
            card.missing.push(ListingProblem { status: t!(tr, "report-profile-fix"), class: "warn", text });
        }
    }
    for card in &mut cards {
        card.to_fix = t!(tr, "report-profile-to-fix", count = card.missing.len());
    }
    cards
}

#[derive(Serialize)]
pub(super) struct SurveyView {
    /// Promoters, passives and detractors as bar segments, when NPS was asked.
    nps: Option<Vec<ToneSegment>>,
    nps_alt: String,
    lines: Vec<String>,
}

pub(super) fn survey_view(tr: &Tr, s: &crate::result::SurveySummary) -> SurveyView {
    let mut lines = Vec::new();
    let (nps, nps_alt) = match &s.nps {
        Some(n) => {
            let segments = stacked([("pass", n.promoters), ("na", n.passives), ("fail", n.detractors)]);
            lines.push(t!(
                tr,
                "report-survey-nps",
                nps = n.nps.round(),
                margin = n.margin_95.round(),
                answers = n.n,
                promoters = n.promoters,
                passives = n.passives,
                detractors = n.detractors
            ));
            let alt =
                t!(tr, "report-nps-alt", promoters = n.promoters, passives = n.passives, detractors = n.detractors);
            (Some(segments), alt)
        }
        None => (None, String::new()),
    };
    if let Some(c) = &s.csat {
        lines.push(t!(tr, "report-survey-csat", csat = c.csat.round(), answers = c.n));
    }
    if let Some(c) = &s.ces {
        lines.push(t!(tr, "report-survey-ces", mean = c.mean, easy = c.easy.round(), answers = c.n));
    }
    SurveyView { nps, nps_alt, lines }
}
