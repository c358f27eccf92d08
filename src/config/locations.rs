//! `[[location]]`: the branches of a chain, each with its own details (for NAP), review and listing sources,
//! offline scores (its own offline.toml, the same format) and survey answers (the rows whose `[survey]
//! location` column holds its name, or the value its `survey` key gives). The site, search and brand stay the
//! chain's.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::config::offline::Offline;
use crate::config::sources::ReviewSource;
use crate::config::survey::SurveyAnswers;

/// Locations one audit holds at most (each is judged on its own: raise it with the memory in mind, see
/// `bench/chain.sh`).
pub(crate) const MAX_LOCATIONS: usize = 500;

/// One `[[location]]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LocationToml {
    pub name: Spanned<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub hours: Option<Spanned<String>>,
    /// Its offline.toml (the auditor's scores and the visit for this location).
    pub offline: Option<Spanned<String>>,
    /// The value of the `[survey] location` column that marks its answers (default: its name).
    pub survey: Option<String>,
    #[serde(default)]
    pub reviews: Vec<Spanned<super::ReviewToml>>,
}

/// A location of the chain, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainLocation {
    /// Its name as the report and result.json show it.
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    /// Opening hours as weekly intervals (schema.org syntax).
    pub hours: Option<String>,
    pub reviews: Vec<ReviewSource>,
    pub offline: Option<Offline>,
    /// Its survey answers, when the survey marks them.
    pub survey: Option<SurveyAnswers>,
}

/// The location's survey answers: the rows whose `column` is `value` (case and spaces aside). None when the
/// survey has no row for it.
pub(crate) fn survey_rows(
    file: &Path,
    text: &str,
    columns: &crate::config::survey::SurveyColumns,
    (column, value): (&str, &str),
) -> Option<SurveyAnswers> {
    let only =
        crate::config::survey::SurveyColumns { only: Some((column.to_string(), value.to_string())), ..columns.clone() };
    crate::config::survey::parse(file, text, &only).ok().filter(|a| a.answer_count() > 0)
}
