//! Render: result.json, report.html and summary.md, all from the result model alone.

pub mod data;
pub mod html;
pub mod markdown;
pub mod model;
pub mod pdf;
pub mod portfolio;
pub mod wording;
pub mod write;

use std::path::{Path, PathBuf};

use crate::config::OutputFormat;
use crate::error::{Diagnostic, Error, Result};
pub use model::{AuditResult, OLDEST_READABLE_SCHEMA, SCHEMA_VERSION};

pub const JSON_FILE: &str = "result.json";
pub const HTML_FILE: &str = "report.html";
pub const MARKDOWN_FILE: &str = "summary.md";

/// Serialises the result as pretty, stable JSON (fields in declaration order, maps sorted).
pub fn to_json(result: &AuditResult) -> Result<String> {
    let mut json = serde_json::to_string_pretty(result)
        .map_err(|e| Error::Internal(format!("cannot write the result as JSON: {e}")))?;
    json.push('\n');
    Ok(json)
}

/// Reads a result.json written by touchaudit, checking its schema version.
pub fn read_result(path: &Path) -> Result<AuditResult> {
    let text =
        crate::config::read_input_text(path).map_err(|reason| Error::ReadInput { path: path.to_path_buf(), reason })?;
    let at = serde_json::from_str::<serde_json::Value>(&text).err().map(|e| (e.line(), e.column()));
    parse_result(&text).map_err(|reason| Error::single(Diagnostic::new(path, at, reason)))
}

/// The versioned reader of results: schema 1 to [`SCHEMA_VERSION`] (fields added since have defaults; a
/// newer or unknown schema is refused, an older one is read as it was written). `Err` says what is wrong.
pub fn parse_result(text: &str) -> std::result::Result<AuditResult, String> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("not valid JSON (line {}, column {}): {e}", e.line(), e.column()))?;
    match value.get("schema_version") {
        Some(v) if v.as_u64().is_some_and(|v| (OLDEST_READABLE_SCHEMA.into()..=SCHEMA_VERSION.into()).contains(&v)) => {
        }
        Some(v) => {
            return Err(format!(
                "schema_version {v} is not supported; this touchaudit reads schema_version \
                 {OLDEST_READABLE_SCHEMA} to {SCHEMA_VERSION}"
            ));
        }
        None => return Err("not a touchaudit result: it has no `schema_version`".to_string()),
    }
    let result: AuditResult = serde_json::from_value(value).map_err(|e| format!("not a touchaudit result: {e}"))?;
    checked_figures(&result)?;
    Ok(result)
}

/// A result's scores within their ranges (an edited or crafted file must not put "inf" in the gauge or a
/// bar 10^300 wide): the score and area scores 0-100, coverage and touchpoint scores 0-1, weights and gains
/// finite and not negative; the error names the figure.
fn checked_figures(result: &AuditResult) -> std::result::Result<(), String> {
    let within = |what: String, value: Option<f64>, max: f64| match value {
        Some(v) if !(v.is_finite() && (0.0..=max).contains(&v)) => {
            Err(format!("not a touchaudit result: {what} is {v}, outside 0 to {max}"))
        }
        _ => Ok(()),
    };
    within("`score.value`".into(), result.score.value, 100.0)?;
    within("`score.coverage`".into(), Some(result.score.coverage), 1.0)?;
    for area in &result.areas {
        within(format!("the score of area `{}`", area.id), area.score, 100.0)?;
        within(format!("the weight of area `{}`", area.id), Some(area.weight), f64::MAX)?;
        within(format!("the coverage of area `{}`", area.id), area.coverage, 1.0)?;
    }
    for t in &result.touchpoints {
        within(format!("the score of touchpoint `{}`", t.id), t.score, 1.0)?;
        within(format!("the weight of touchpoint `{}`", t.id), Some(t.weight), f64::MAX)?;
        within(format!("the gain of touchpoint `{}`", t.id), t.gain, 100.0)?;
        if t.measured.is_some_and(|m| !m.is_finite()) {
            return Err(format!(
                "not a touchaudit result: the measured value of touchpoint `{}` is not a number",
                t.id
            ));
        }
    }
    Ok(())
}

/// Renders the chosen formats, to be written into `dir` (with [`write::write_set`], maybe beside others).
pub fn render_reports<'a>(
    result: &AuditResult,
    dir: &'a Path,
    formats: &[OutputFormat],
    templates: Option<&Path>,
) -> Result<Vec<write::Output<'a>>> {
    let mut files = Vec::new();
    for format in formats {
        let (name, content) = match format {
            OutputFormat::Json => (JSON_FILE, to_json(result)?.into_bytes()),
            OutputFormat::Html => (HTML_FILE, html::Renderer::new(templates)?.render(result)?.into_bytes()),
            OutputFormat::Md => (MARKDOWN_FILE, markdown::render(result).into_bytes()),
        };
        files.push(write::Output { dir, name, content });
    }
    Ok(files)
}

/// Renders the chosen formats and writes them all or nothing into `dir`.
pub fn write_reports(
    result: &AuditResult,
    dir: &Path,
    formats: &[OutputFormat],
    templates: Option<&Path>,
) -> Result<Vec<PathBuf>> {
    write::write_set(render_reports(result, dir, formats, templates)?)
}
