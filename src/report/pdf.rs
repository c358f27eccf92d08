//! report.pdf, printed from report.html by headless Chromium when it is installed (A4, the print stylesheet).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

pub(crate) const PDF_FILE: &str = "report.pdf";

/// How long Chromium may take to print the report before it is stopped, in seconds (a browser that hangs
/// must not hang the audit). `TOUCHAUDIT_PDF_TIMEOUT_S` raises it, for a very long report on a slow machine.
pub(crate) const PDF_TIMEOUT_S: u64 = 120;

fn pdf_timeout() -> std::time::Duration {
    let seconds = std::env::var("TOUCHAUDIT_PDF_TIMEOUT_S").ok().and_then(|s| s.trim().parse::<u64>().ok());
    std::time::Duration::from_secs(seconds.filter(|s| *s > 0).unwrap_or(PDF_TIMEOUT_S))
}

/// The browser printing now and the scratch files it writes, so that a run stopped by a signal stops the
/// browser too and leaves none of them behind ([`stop_printing`]).
struct Printing {
    pid: u32,
    scratch: Vec<PathBuf>,
}

static PRINTING: std::sync::Mutex<Option<Printing>> = std::sync::Mutex::new(None);

/// For the signal handler: kills the browser that is printing, if one is, and removes its scratch files.
pub fn stop_printing() {
    let printing = PRINTING.lock().map(|mut p| p.take()).unwrap_or_else(|poisoned| poisoned.into_inner().take());
    let Some(printing) = printing else { return };
    #[cfg(unix)]
    if let Ok(pid) = libc::pid_t::try_from(printing.pid) {
        // SAFETY: kill(2) of the process group our own child leads, not yet reaped (PRINTING is cleared,
        // under its lock, in the same step that reaps it), so the id cannot belong to another process. The
        // group holds the browser's helpers (renderer, zygote), which stop at once with it.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    for path in &printing.scratch {
        let _ = if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
    }
}

/// Runs the browser, its output going to a file (a pipe it fills could block it), and stops it at the time
/// limit. The exit status and what it wrote to stderr. `scratch` are the files it writes, removed if the run is
/// stopped by a signal meanwhile; on Linux the browser is also killed if touchaudit itself is (`kill -9`).
fn run_browser(
    command: &mut Command,
    scratch: Vec<PathBuf>,
    fail: &dyn Fn(String) -> Error,
) -> Result<(std::process::ExitStatus, String)> {
    let log = tempfile::tempfile().map_err(|e| fail(e.to_string()))?;
    let log_for_child = log.try_clone().map_err(|e| fail(e.to_string()))?;
    command.stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null()).stderr(log_for_child);
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(command, 0);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: the hook runs in the forked child before exec and calls only prctl(2), which is
        // async-signal-safe; it asks the kernel to kill the browser when this process dies.
        unsafe {
            command.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
    }
    let mut printing = PRINTING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut child = command.spawn().map_err(|e| fail(format!("cannot start the browser: {e}")))?;
    *printing = Some(Printing { pid: child.id(), scratch });
    drop(printing);
    let limit = pdf_timeout();
    let started = std::time::Instant::now();
    let status = loop {
        let mut printing = PRINTING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let waited = child.try_wait();
        if !matches!(waited, Ok(None)) {
            *printing = None;
        }
        drop(printing);
        match waited.map_err(|e| fail(e.to_string()))? {
            Some(status) => break status,
            None if started.elapsed() >= limit => {
                // As on a signal: the browser's whole process group, then reap it.
                stop_printing();
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

/// Prints `html` without its evidence lists (a copy with one more print rule, in the print's scratch folder).
pub fn print_without_evidence(html: &Path, dir: &Path) -> Result<PathBuf> {
    let fail = |reason: String| Error::WriteOutput { path: dir.join(PDF_FILE), source: std::io::Error::other(reason) };
    let text = std::fs::read_to_string(html).map_err(|e| fail(e.to_string()))?;
    let rule = "<style>@media print { ul.evidence, .appendix { display: none !important; } }</style></head>";
    let text = text.replacen("</head>", rule, 1);
    let scratch = scratch_dir().map_err(|e| fail(e.to_string()))?;
    let path = scratch.path().join(super::HTML_FILE);
    std::fs::write(&path, text).map_err(|e| fail(e.to_string()))?;
    print_in(&path, dir, scratch)
}

/// The scratch folder each print takes in the temporary folder (the browser's profile, a copy of the report)
/// is named with this prefix and the process id, so that a later print removes those of killed runs.
const SCRATCH_PREFIX: &str = "touchaudit-pdf-";

/// The PDF being printed waits in the output folder under this prefix and the process id until it is
/// complete and renamed into place.
const STAGING_PREFIX: &str = ".touchaudit-pdf-";

fn scratch_dir() -> std::io::Result<tempfile::TempDir> {
    remove_left_by_dead_runs(&std::env::temp_dir(), SCRATCH_PREFIX);
    tempfile::Builder::new().prefix(&format!("{SCRATCH_PREFIX}{}-", std::process::id())).tempdir()
}

/// Removes what killed runs left in `dir`: entries named `{prefix}{pid}-…` whose process is gone.
fn remove_left_by_dead_runs(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else { continue };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid == std::process::id() || alive(pid) {
            continue;
        }
        // Never through a link: a link named like a leftover is removed itself, not what it points to.
        let _ = match entry.file_type() {
            Ok(kind) if kind.is_dir() => std::fs::remove_dir_all(entry.path()),
            _ => std::fs::remove_file(entry.path()),
        };
    }
}

/// Whether a process with this id exists (one of another user's counts).
fn alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
        if pid <= 0 {
            return false;
        }
        // SAFETY: signal 0 only checks that the process exists and may be signalled; nothing is sent.
        let found = unsafe { libc::kill(pid, 0) } == 0;
        found || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Prints `html` (a report.html) to `dir/report.pdf`, atomically: a temporary file renamed when complete.
pub fn print(html: &Path, dir: &Path) -> Result<PathBuf> {
    let fail = |reason: String| Error::WriteOutput { path: dir.join(PDF_FILE), source: std::io::Error::other(reason) };
    print_in(html, dir, scratch_dir().map_err(|e| fail(e.to_string()))?)
}

fn print_in(html: &Path, dir: &Path, scratch: tempfile::TempDir) -> Result<PathBuf> {
    let browser = crate::config::find_browser().ok_or_else(|| {
        Error::Usage(
            "--pdf needs Chromium to print the report: install it (Debian/Ubuntu: `apt-get install chromium`) \
             or name a Chromium or Chrome binary in TOUCHAUDIT_CHROMIUM"
                .to_string(),
        )
    })?;
    let target = dir.join(PDF_FILE);
    let fail = |reason: String| Error::WriteOutput { path: target.clone(), source: std::io::Error::other(reason) };
    let html = std::fs::canonicalize(html).map_err(|e| fail(e.to_string()))?;
    remove_left_by_dead_runs(dir, STAGING_PREFIX);
    let mut builder = tempfile::Builder::new();
    let prefix = format!("{STAGING_PREFIX}{}-", std::process::id());
    builder.prefix(&prefix).suffix(".pdf");
    // Reports are meant to be shared: the usual file mode, as for the other outputs.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let staging = builder.tempfile_in(dir).map_err(|e| fail(e.to_string()))?;
    let profile = scratch.path().join("profile");
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
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", staging.path().display()))
        .arg(url.as_str());
    let scratch_files = vec![staging.path().to_path_buf(), scratch.path().to_path_buf()];
    let (status, log) =
        run_browser(&mut command, scratch_files, &|reason| fail(format!("{}: {reason}", browser.display())))?;
    let printed = std::fs::metadata(staging.path()).map(|m| m.len()).unwrap_or(0);
    if !status.success() || printed == 0 {
        let last = log.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("no output");
        return Err(fail(format!("{} did not print the report: {last}", browser.display())));
    }
    staging.persist(&target).map_err(|e| fail(e.error.to_string()))?;
    Ok(target)
}
