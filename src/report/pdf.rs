//! report.pdf, printed from report.html by headless Chromium when it is installed (A4, the print stylesheet).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

pub const PDF_FILE: &str = "report.pdf";

/// How long Chromium may take to print the report before it is stopped, in seconds (a browser that hangs
/// must not hang the audit). `TOUCHAUDIT_PDF_TIMEOUT_S` raises it, for a very long report on a slow machine.
pub const PDF_TIMEOUT_S: u64 = 120;

fn pdf_timeout() -> std::time::Duration {
    let seconds = std::env::var("TOUCHAUDIT_PDF_TIMEOUT_S").ok().and_then(|s| s.trim().parse::<u64>().ok());
    std::time::Duration::from_secs(seconds.filter(|s| *s > 0).unwrap_or(PDF_TIMEOUT_S))
}

/// Runs the browser, its output going to a file (a pipe it fills could block it), and stops it at the time
/// limit. The exit status and what it wrote to stderr.
fn run_browser(command: &mut Command, fail: &dyn Fn(String) -> Error) -> Result<(std::process::ExitStatus, String)> {
    let log = tempfile::tempfile().map_err(|e| fail(e.to_string()))?;
    let log_for_child = log.try_clone().map_err(|e| fail(e.to_string()))?;
    let mut child = command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(log_for_child)
        .spawn()
        .map_err(|e| fail(format!("cannot start the browser: {e}")))?;
    let limit = pdf_timeout();
    let started = std::time::Instant::now();
    let status = loop {
        match child.try_wait().map_err(|e| fail(e.to_string()))? {
            Some(status) => break status,
            None if started.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(format!(
                    "the browser did not finish printing within {} s and was stopped (raise the limit with \
                     TOUCHAUDIT_PDF_TIMEOUT_S)",
                    limit.as_secs()
                )));
            }
            None => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    };
    let mut log = log;
    let mut text = String::new();
    use std::io::{Read, Seek};
    let _ = log.seek(std::io::SeekFrom::Start(0));
    let _ = log.take(1 << 20).read_to_string(&mut text);
    Ok((status, text))
}

/// Browser binaries looked for on PATH, in order; TOUCHAUDIT_CHROMIUM names one explicitly.
const BROWSERS: &[&str] = &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

fn find_browser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("TOUCHAUDIT_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    BROWSERS.iter().find_map(|name| std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| p.is_file()))
}

/// Prints `html` without its evidence lists (a copy with one more print rule, in a temporary folder).
pub fn print_without_evidence(html: &Path, dir: &Path) -> Result<PathBuf> {
    let fail = |reason: String| Error::WriteOutput { path: dir.join(PDF_FILE), source: std::io::Error::other(reason) };
    let text = std::fs::read_to_string(html).map_err(|e| fail(e.to_string()))?;
    let rule =
        "<style>@media print { ul.evidence, .appendix { display: none !important; } }</style></head>";
    let text = text.replacen("</head>", rule, 1);
    let copy = tempfile::tempdir().map_err(|e| fail(e.to_string()))?;
    let path = copy.path().join(super::HTML_FILE);
    std::fs::write(&path, text).map_err(|e| fail(e.to_string()))?;
    print(&path, dir)
}

/// Prints `html` (a report.html) to `dir/report.pdf`, atomically: a temporary file renamed when complete.
pub fn print(html: &Path, dir: &Path) -> Result<PathBuf> {
    let browser = find_browser().ok_or_else(|| {
        Error::Usage(
            "--pdf needs Chromium to print the report: install it (Debian/Ubuntu: `apt-get install chromium`) \
             or name a Chromium or Chrome binary in TOUCHAUDIT_CHROMIUM"
                .to_string(),
        )
    })?;
    let target = dir.join(PDF_FILE);
    let fail = |reason: String| Error::WriteOutput { path: target.clone(), source: std::io::Error::other(reason) };
    let html = std::fs::canonicalize(html).map_err(|e| fail(e.to_string()))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".touchaudit-").suffix(".pdf");
    // Reports are meant to be shared: the usual file mode, as for the other outputs.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let staging = builder.tempfile_in(dir).map_err(|e| fail(e.to_string()))?;
    let profile = tempfile::tempdir().map_err(|e| fail(e.to_string()))?;
    let url = url::Url::from_file_path(&html).map_err(|()| fail(format!("{} is not a file path", html.display())))?;
    let mut command = Command::new(&browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", staging.path().display()))
        .arg(url.as_str());
    let (status, log) = run_browser(&mut command, &|reason| fail(format!("{}: {reason}", browser.display())))?;
    let printed = std::fs::metadata(staging.path()).map(|m| m.len()).unwrap_or(0);
    if !status.success() || printed == 0 {
        let last = log.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("no output");
        return Err(fail(format!("{} did not print the report: {last}", browser.display())));
    }
    staging.persist(&target).map_err(|e| fail(e.error.to_string()))?;
    Ok(target)
}
