//! Render: result.json, report.html and summary.md, all from the result model alone.

pub(crate) mod data;
pub(crate) mod html;
pub(crate) mod markdown;
pub(crate) mod pdf;
pub(crate) mod portfolio;
pub(crate) mod wording;
pub(crate) mod write;

use std::path::{Path, PathBuf};

use crate::config::OutputFormat;
use crate::error::Result;
pub(crate) use crate::result::{AuditResult, SCHEMA_VERSION, read_result, to_json};

/// The result's file name in the output folder.
pub const JSON_FILE: &str = "result.json";
/// The HTML report's file name in the output folder.
pub const HTML_FILE: &str = "report.html";
pub(crate) const MARKDOWN_FILE: &str = "summary.md";

/// Renders the chosen formats, to be written into `dir` (with [`write::write_set`], maybe beside others).
pub(crate) fn render_reports<'a>(
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
