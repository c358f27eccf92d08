//! The bundled example business, embedded in the binary so `touchaudit demo` needs no files and no network.

use std::path::Path;

use crate::config::Files;

/// The demo's audit file, under the name messages and the report use for it.
pub const AUDIT_FILE: &str = "demo/audit.toml";
/// Where `touchaudit demo` writes its report unless told otherwise.
pub const OUTPUT_DIR: &str = "touchaudit-demo";

/// examples/demo, as embedded files.
pub const FILES: Files = Files::Embedded(&[
    ("demo/audit.toml", include_str!("../examples/demo/audit.toml")),
    ("demo/offline.toml", include_str!("../examples/demo/offline.toml")),
    ("demo/survey.csv", include_str!("../examples/demo/survey.csv")),
]);

pub fn audit_path() -> &'static Path {
    Path::new(AUDIT_FILE)
}
