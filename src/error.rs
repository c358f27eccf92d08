//! The library's error type: every failure says which file (and line) or which output, and maps to an exit code.

use std::fmt;
use std::path::PathBuf;

/// One problem found in an input file, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (relative to the working directory or the audit file).
    pub file: PathBuf,
    /// 1-based line and column, where the problem has a place in the file.
    pub position: Option<(usize, usize)>,
    /// What is wrong, in one paragraph.
    pub message: String,
    /// A suggestion such as "did you mean `staff.politeness`?".
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem in `file`, at a 1-based line and column where it has one.
    pub fn new(file: impl Into<PathBuf>, position: Option<(usize, usize)>, message: impl Into<String>) -> Self {
        // One paragraph per problem: messages from parsers sometimes span lines.
        let message: String = message.into();
        let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
        Self { file: file.into(), position, message, help: None }
    }

    /// The same problem with a suggestion.
    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
        }
        Ok(())
    }
}

/// Everything that can stop a touchaudit command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input files are not valid; every problem found is listed, one per line.
    #[error("{}", join_lines(.0))]
    Invalid(Vec<Diagnostic>),

    /// An input file could not be read (missing, unreadable, not UTF-8).
    #[error("cannot read {}: {reason}", .path.display())]
    ReadInput {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        reason: String,
    },

    /// An output could not be written; nothing partial is left behind.
    #[error("cannot write {}: {source}", .path.display())]
    WriteOutput {
        /// The output.
        path: PathBuf,
        /// Why it could not be written.
        source: std::io::Error,
    },

    /// Arguments that make no sense together, or a value the command cannot use.
    #[error("{0}")]
    Usage(String),

    /// touchaudit itself failed (a runtime or server that would not start, a report that would not render):
    /// not the input's fault, so exit 1.
    #[error("{0}")]
    Internal(String),

    /// The run assessed no touchpoint at all: every source was missing, empty or failed. Each line names a
    /// source and why it gave nothing, so the user knows what to fill in.
    #[error("nothing could be assessed (coverage 0 %), so no report was written:\n{}", .0.join("\n"))]
    NothingAssessed(Vec<String>),

    /// A gate (`--fail-under`, `--max-drop`, `--fail-on`) failed; the outputs were written all the same.
    #[error("{}", .0.join("\n"))]
    BelowBar(Vec<String>),
}

/// The most problems an error lists; the rest are counted in one last line (a file with 40,000 unknown ids
/// gets a readable answer, not 40,000 lines).
pub(crate) const MAX_LISTED_DIAGNOSTICS: usize = 100;

fn join_lines(diagnostics: &[Diagnostic]) -> String {
    let mut lines: Vec<String> = diagnostics.iter().take(MAX_LISTED_DIAGNOSTICS).map(ToString::to_string).collect();
    let more = diagnostics.len().saturating_sub(MAX_LISTED_DIAGNOSTICS);
    if more > 0 {
        lines.push(format!(
            "… and {more} more problems of the kinds above (the first {MAX_LISTED_DIAGNOSTICS} are listed)"
        ));
    }
    lines.join("\n")
}

impl Error {
    /// Exit codes as documented in the README: 2 for bad input, 1 when the run could not complete, 3 when a
    /// gate failed.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_) | Error::ReadInput { .. } | Error::Usage(_) | Error::NothingAssessed(_) => 2,
            Error::WriteOutput { .. } | Error::Internal(_) => 1,
            Error::BelowBar(_) => 3,
        }
    }

    /// One problem as an invalid-input error.
    pub fn single(diagnostic: Diagnostic) -> Self {
        Error::Invalid(vec![diagnostic])
    }
}

/// A result whose error is touchaudit's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
