//! Customer survey answers from CSV and the loyalty metrics computed from them: NPS, CSAT and CES.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::diag;
use crate::error::Diagnostic;
use crate::i18n::Text;
use crate::msg;

/// Which CSV columns hold which answer; every column is optional but at least one must be present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SurveyColumns {
    pub nps: String,
    pub nps_reason: String,
    pub csat: String,
    pub ces: String,
    /// The field separator; guessed from the header line when not given.
    pub delimiter: Option<char>,
    /// Only the rows whose column (the first) holds the value (the second), case and spaces aside: one
    /// location's answers in a chain's survey.
    pub only: Option<(String, String)>,
}

impl Default for SurveyColumns {
    fn default() -> Self {
        SurveyColumns {
            nps: "nps".into(),
            nps_reason: "nps_reason".into(),
            csat: "csat".into(),
            ces: "ces".into(),
            only: None,
            delimiter: None,
        }
    }
}

/// One NPS answer with the "why this score?" that must stay with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NpsAnswer {
    pub score: u8,
    pub reason: Option<String>,
    pub line: u64,
}

/// A cell that could not be used, kept with its line so the auditor can fix the export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvalidCell {
    pub line: u64,
    pub column: String,
    pub value: String,
    pub reason: CellProblem,
}

/// What is wrong with a survey cell (or its whole row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum CellProblem {
    Unreadable { error: String },
    NotANumber,
    NotWhole { low: u8, high: u8 },
    Outside { low: u8, high: u8 },
}

impl CellProblem {
    pub fn text(&self) -> Text {
        match self {
            CellProblem::Unreadable { error } => msg!("survey-unreadable-row", error = error.as_str()),
            CellProblem::NotANumber => msg!("survey-not-a-number"),
            CellProblem::NotWhole { low, high } => msg!("survey-not-whole", low = *low, high = *high),
            CellProblem::Outside { low, high } => msg!("survey-outside", low = *low, high = *high),
        }
    }
}

impl InvalidCell {
    /// "line 12: csat `abc` is not a number".
    pub fn text(&self) -> Text {
        let problem = self.reason.text();
        let text = if self.column.is_empty() {
            problem
        } else {
            Text::join([Text::from(format!("{} `{}`", self.column, self.value)), problem], " ")
        };
        msg!("src-line", line = self.line, text = text)
    }
}

/// All usable answers of a survey file and the account of what was not usable.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SurveyAnswers {
    pub file: String,
    pub rows: usize,
    pub empty_rows: usize,
    pub nps: Vec<NpsAnswer>,
    pub csat: Vec<u8>,
    pub ces: Vec<u8>,
    pub invalid: Vec<InvalidCell>,
}

impl SurveyAnswers {
    pub fn answer_count(&self) -> usize {
        self.nps.len() + self.csat.len() + self.ces.len()
    }
}

/// The survey's column names, as [`parse`] reads them (BOM dropped, separator guessed unless given).
pub(crate) fn header(text: &str, columns: &SurveyColumns) -> Vec<String> {
    csv_header(text, columns.delimiter.and_then(|d| u8::try_from(d).ok()))
}

/// A CSV's column names, trimmed, as every CSV reader of touchaudit sees them: BOM dropped, the separator
/// `delimiter` or guessed from the header line.
pub(crate) fn csv_header(text: &str, delimiter: Option<u8>) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = delimiter.unwrap_or_else(|| u8::try_from(guess_delimiter(text)).unwrap_or(b','));
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    reader.headers().map(|h| h.iter().map(|c| c.trim().to_string()).collect()).unwrap_or_default()
}

/// Parses a survey CSV: BOM, `;` or `,` or tab separators and CRLF line ends are accepted. Bad cells are
/// counted with their line; a file with no usable answer at all is an error.
pub(crate) fn parse(file: &Path, text: &str, columns: &SurveyColumns) -> Result<SurveyAnswers, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = columns.delimiter.unwrap_or_else(|| guess_delimiter(text));
    let delimiter_byte = u8::try_from(delimiter).unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter_byte)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Diagnostic::new(file, Some((1, 1)), format!("cannot read the header line: {e}")))?
        .clone();
    if headers.iter().all(str::is_empty) {
        return Err(Diagnostic::new(file, None, "the survey is empty: no header line and no answers"));
    }
    let (nps_col, reason_col, csat_col, ces_col) = find_columns(file, &headers, columns)?;
    let only = match &columns.only {
        Some((column, value)) => match headers.iter().position(|h| h.eq_ignore_ascii_case(column)) {
            Some(index) => Some((index, value.trim().to_lowercase())),
            None => {
                return Err(Diagnostic::new(
                    file,
                    Some((1, 1)),
                    format!("no `{column}` column (the survey's location)"),
                ));
            }
        },
        None => None,
    };

    let mut answers = SurveyAnswers { file: file.display().to_string(), ..SurveyAnswers::default() };
    let mut lines = LineCounter::new(text);
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
                answers.rows += 1;
                answers.invalid.push(InvalidCell {
                    line,
                    column: String::new(),
                    value: String::new(),
                    reason: CellProblem::Unreadable { error: e.to_string() },
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        if let Some(rows) = swallowed_rows(&record, delimiter_byte, headers.len()) {
            return Err(Diagnostic::new(
                file,
                Some((line as usize, 1)),
                format!(
                    "a quote (\") opened on line {line} is never closed, so the {rows} rows after it were read as one \
                     cell; close the quote or remove it"
                ),
            ));
        }
        if let Some((index, value)) = &only
            && record.get(*index).is_none_or(|cell| cell.trim().to_lowercase() != *value)
        {
            continue;
        }
        answers.rows += 1;
        if record.iter().all(str::is_empty) {
            answers.empty_rows += 1;
            continue;
        }
        add_answers(&record, line, (nps_col, reason_col, csat_col, ces_col), columns, &mut answers);
    }

    check_answers(file, answers)
}

/// Where NPS, its reason, CSAT and CES are in the header, by column index.
type Found = (Option<usize>, Option<usize>, Option<usize>, Option<usize>);

/// The columns of NPS, its reason, CSAT and CES in the header (any may be missing, not all three metrics).
fn find_columns(file: &Path, headers: &csv::StringRecord, columns: &SurveyColumns) -> Result<Found, Diagnostic> {
    let find = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let found = (find(&columns.nps), find(&columns.nps_reason), find(&columns.csat), find(&columns.ces));
    let (nps_col, _, csat_col, ces_col) = found;
    if nps_col.is_none() && csat_col.is_none() && ces_col.is_none() {
        let wanted = [columns.nps.as_str(), columns.csat.as_str(), columns.ces.as_str()];
        let help = wanted
            .iter()
            .find_map(|w| diag::nearest(w, headers.iter()).map(|h| format!("did you mean `{h}` for `{w}`?")))
            .unwrap_or_else(|| "name the columns in [survey] of audit.toml (nps, csat, ces)".to_string());
        return Err(Diagnostic::new(
            file,
            Some((1, 1)),
            format!(
                "no survey column found: looked for `{}`, `{}` and `{}` in the header ({})",
                columns.nps,
                columns.csat,
                columns.ces,
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        )
        .with_help(Some(help)));
    }

    Ok(found)
}

/// One row's answers: each metric's cell on its scale (an invalid one recorded with its line), the NPS reason.
fn add_answers(
    record: &csv::StringRecord,
    line: u64,
    (nps_col, reason_col, csat_col, ces_col): Found,
    columns: &SurveyColumns,
    answers: &mut SurveyAnswers,
) {
    let mut cell = |col: Option<usize>, name: &str, low: u8, high: u8| -> Option<u8> {
        let value = record.get(col?)?;
        if value.is_empty() {
            return None;
        }
        match parse_answer(value, low, high) {
            Ok(score) => Some(score),
            Err(reason) => {
                answers.invalid.push(InvalidCell { line, column: name.to_string(), value: value.to_string(), reason });
                None
            }
        }
    };
    let nps = cell(nps_col, &columns.nps, 0, 10);
    let csat = cell(csat_col, &columns.csat, 1, 5);
    let ces = cell(ces_col, &columns.ces, 1, 7);
    if let Some(score) = nps {
        let reason = reason_col.and_then(|c| record.get(c)).filter(|r| !r.is_empty()).map(str::to_string);
        answers.nps.push(NpsAnswer { score, reason, line });
    }
    answers.csat.extend(csat);
    answers.ces.extend(ces);
}

/// A survey with no answer at all is an error, with the first invalid cells as the reason.
fn check_answers(file: &Path, answers: SurveyAnswers) -> Result<SurveyAnswers, Diagnostic> {
    if answers.rows == answers.empty_rows {
        return Err(Diagnostic::new(file, None, "the survey has a header but no answers"));
    }
    if answers.answer_count() == 0 {
        let first = &answers.invalid[..answers.invalid.len().min(3)];
        let lines: Vec<String> = first.iter().map(|c| c.text().en()).collect();
        return Err(Diagnostic::new(
            file,
            first.first().map(|c| (c.line as usize, 1)),
            format!("none of the {} survey rows has a valid answer ({})", answers.rows, lines.join("; ")),
        ));
    }
    Ok(answers)
}

/// The 1-based line where a record starting at `byte` begins. With CRLF line ends csv reports a record's
/// start at the `\n` that ends the previous line (and its line count is off), so line ends are skipped first.
/// Records come in order, so the counter only counts the newlines since the last record: linear in the file
/// (counting from the start for each record made a million-row survey quadratic).
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter { bytes: text.as_bytes(), at: 0, line: 1 }
    }

    fn line_at(&mut self, byte: u64) -> u64 {
        let bytes = self.bytes;
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.at {
            // Not expected (records come in order); count afresh rather than be wrong.
            self.at = 0;
            self.line = 1;
        }
        self.line += bytes[self.at..start].iter().filter(|b| **b == b'\n').count() as u64;
        self.at = start;
        self.line
    }
}

/// A whole number on the scale; "9.0" is accepted, "9.5", "ten" and "11" are not.
fn parse_answer(value: &str, low: u8, high: u8) -> Result<u8, CellProblem> {
    let number: f64 = value.replace(',', ".").parse().map_err(|_| CellProblem::NotANumber)?;
    if number.fract() != 0.0 {
        return Err(CellProblem::NotWhole { low, high });
    }
    if number < f64::from(low) || number > f64::from(high) {
        return Err(CellProblem::Outside { low, high });
    }
    Ok(number as u8)
}

/// Lines inside one quoted cell that look like rows of their own (at least as many separators as the header
/// has columns, less one) before the cell counts as a quote left open. One such line can be a long comment.
pub(crate) const SWALLOWED_ROWS_FOR_OPEN_QUOTE: usize = 2;

/// When a CSV record holds a quote that was never closed: the csv crate then reads every following line, up
/// to the next stray quote or the end of the file, into one cell, and rows vanish without an error. Returns
/// how many row-shaped lines one of the record's cells swallowed, when at least
/// [`SWALLOWED_ROWS_FOR_OPEN_QUOTE`]; a real multi-line answer ("Great staff.\nLong wait.") passes.
pub(crate) fn swallowed_rows(record: &csv::StringRecord, delimiter: u8, columns: usize) -> Option<usize> {
    let needed = columns.saturating_sub(1).max(1);
    record
        .iter()
        .filter(|cell| cell.contains('\n'))
        .map(|cell| {
            cell.lines().skip(1).filter(|line| line.bytes().filter(|b| *b == delimiter).count() >= needed).count()
        })
        .max()
        .filter(|rows| *rows >= SWALLOWED_ROWS_FOR_OPEN_QUOTE)
}

/// The separator that occurs most in the header line (outside quotes): `;`, `,` or tab. Every CSV reader of
/// touchaudit (surveys, review exports, search results) guesses with it.
pub(crate) fn guess_delimiter(text: &str) -> char {
    let header = text.lines().next().unwrap_or("");
    let mut in_quotes = false;
    let mut counts = [0usize; 3];
    for c in header.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => counts[0] += 1,
            ';' if !in_quotes => counts[1] += 1,
            '\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    [',', ';', '\t'][best]
}

/// Net Promoter Score with its sample size and 95 % margin of error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NpsStats {
    pub n: usize,
    pub promoters: usize,
    pub passives: usize,
    pub detractors: usize,
    /// % promoters − % detractors, −100..100.
    pub nps: f64,
    /// Half-width of the 95 % confidence interval, in NPS points.
    pub margin_95: f64,
}

pub(crate) fn nps(scores: impl IntoIterator<Item = u8>) -> Option<NpsStats> {
    let (mut promoters, mut passives, mut detractors) = (0usize, 0usize, 0usize);
    for score in scores {
        match score {
            9..=10 => promoters += 1,
            7..=8 => passives += 1,
            _ => detractors += 1,
        }
    }
    let n = promoters + passives + detractors;
    if n == 0 {
        return None;
    }
    let (p, d) = (promoters as f64 / n as f64, detractors as f64 / n as f64);
    // Each answer is +1, 0 or -1; NPS is their mean, so its variance is E[x²] − E[x]².
    let variance = p + d - (p - d).powi(2);
    let margin_95 = 1.96 * (variance / n as f64).sqrt() * 100.0;
    Some(NpsStats { n, promoters, passives, detractors, nps: (p - d) * 100.0, margin_95 })
}

/// Customer satisfaction: share of 4 and 5 answers on a 1-5 scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CsatStats {
    pub n: usize,
    pub satisfied: usize,
    /// Share of satisfied answers, in % (0..100).
    pub csat: f64,
    pub mean: f64,
    /// Sample standard deviation of the answers (0 in results written before it was kept).
    #[serde(default)]
    pub sd: f64,
}

pub(crate) fn csat(scores: &[u8]) -> Option<CsatStats> {
    let n = scores.len();
    if n == 0 {
        return None;
    }
    let satisfied = scores.iter().filter(|s| **s >= 4).count();
    let mean = scores.iter().map(|s| f64::from(*s)).sum::<f64>() / n as f64;
    let values: Vec<f64> = scores.iter().map(|s| f64::from(*s)).collect();
    let sd = crate::significance::sd(&values);
    Some(CsatStats { n, satisfied, csat: satisfied as f64 / n as f64 * 100.0, mean, sd })
}

/// Customer effort: mean on 1-7 (7 = very easy) and share of 5-7 answers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CesStats {
    pub n: usize,
    pub mean: f64,
    /// Share of 5-7 answers, in % (0..100).
    pub easy: f64,
    /// Sample standard deviation of the answers (0 in results written before it was kept).
    #[serde(default)]
    pub sd: f64,
}

pub(crate) fn ces(scores: &[u8]) -> Option<CesStats> {
    let n = scores.len();
    if n == 0 {
        return None;
    }
    let mean = scores.iter().map(|s| f64::from(*s)).sum::<f64>() / n as f64;
    let easy = scores.iter().filter(|s| **s >= 5).count() as f64 / n as f64 * 100.0;
    let values: Vec<f64> = scores.iter().map(|s| f64::from(*s)).collect();
    let sd = crate::significance::sd(&values);
    Some(CesStats { n, mean, easy, sd })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<SurveyAnswers, Diagnostic> {
        parse(Path::new("survey.csv"), text, &SurveyColumns::default())
    }

    #[test]
    fn nps_is_promoters_minus_detractors_with_margin() {
        // 5 promoters, 3 passives, 2 detractors: NPS = 50 - 20 = 30.
        let stats = nps([10, 9, 9, 10, 9, 7, 8, 7, 3, 6]).unwrap();
        assert_eq!((stats.promoters, stats.passives, stats.detractors), (5, 3, 2));
        assert!((stats.nps - 30.0).abs() < 1e-9);
        // variance = 0.5 + 0.2 - 0.09 = 0.61; margin = 1.96 * sqrt(0.061) * 100
        assert!((stats.margin_95 - 1.96 * 0.061f64.sqrt() * 100.0).abs() < 1e-9);
        assert_eq!(nps([]), None);
    }

    #[test]
    fn nps_extremes() {
        assert_eq!(nps([10, 9]).unwrap().nps, 100.0);
        assert_eq!(nps([0, 6]).unwrap().nps, -100.0);
        assert_eq!(nps([0, 6]).unwrap().margin_95, 0.0);
    }

    #[test]
    fn csat_and_ces() {
        let c = csat(&[5, 4, 3, 1]).unwrap();
        assert_eq!(c.csat, 50.0);
        assert_eq!(c.mean, 3.25);
        let e = ces(&[7, 5, 4, 1]).unwrap();
        assert_eq!(e.mean, 4.25);
        assert_eq!(e.easy, 50.0);
        assert_eq!(csat(&[]), None);
    }

    #[test]
    fn bom_semicolons_crlf_and_bad_rows_are_handled() {
        let text =
            "\u{feff}nps;nps_reason;csat;ces\r\n10;great;5;7\r\n;;;\r\n11;too high;6;0\r\n7;\"ok; fine\";abc;4\r\n";
        let a = parse_text(text).unwrap();
        assert_eq!(a.rows, 4);
        assert_eq!(a.empty_rows, 1);
        assert_eq!(a.nps.iter().map(|n| n.score).collect::<Vec<_>>(), [10, 7]);
        assert_eq!(a.nps[1].reason.as_deref(), Some("ok; fine"));
        assert_eq!(a.nps[1].line, 5);
        assert_eq!(a.csat, [5]);
        assert_eq!(a.ces, [7, 4]);
        let bad: Vec<(u64, &str)> = a.invalid.iter().map(|c| (c.line, c.column.as_str())).collect();
        assert_eq!(bad, [(4, "nps"), (4, "csat"), (4, "ces"), (5, "csat")]);
    }

    #[test]
    fn empty_and_all_invalid_surveys_are_errors() {
        assert!(parse_text("").unwrap_err().message.contains("empty"));
        assert!(parse_text("nps,csat\n").unwrap_err().message.contains("no answers"));
        let e = parse_text("nps,csat\n11,9\nx,0\n").unwrap_err();
        assert!(e.message.contains("none of the 2 survey rows"), "{}", e.message);
        assert_eq!(e.position, Some((2, 1)));
    }

    #[test]
    fn missing_columns_suggest_the_header() {
        let e = parse_text("NPS score,comment\n9,x\n").unwrap_err();
        assert!(e.message.contains("no survey column found"), "{}", e.message);
        assert_eq!(e.help.as_deref(), Some("did you mean `NPS score` for `nps`?"));
    }

    #[test]
    fn decimals_with_comma_and_whole_floats() {
        assert_eq!(parse_answer("9.0", 0, 10), Ok(9));
        assert_eq!(parse_answer("4,0", 1, 5), Ok(4));
        assert!(parse_answer("4.5", 1, 5).is_err());
    }
}
