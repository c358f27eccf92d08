//! Writing outputs all or nothing, and so that a kill at any instant leaves a complete set.
//!
//! An output folder is replaced whole: the new set is written into a fresh sibling folder (holding hard links
//! to the files of the old folder this run does not write: the history, the user's own files), and the two
//! folders are exchanged in one atomic step (`renameat2(RENAME_EXCHANGE)` on Linux; elsewhere two renames).
//! At every instant the folder holds the old complete set or the new one; a staging folder left by a killed
//! run is removed by the next run. A lock file in the folder (`.touchaudit.lock`, carried over by the hard
//! links, so the lock outlives the exchange) keeps two runs from writing one folder at once: the second
//! refuses, saying so. A set that spans several folders (the report and the history) exchanges them deepest
//! first and exchanges them back when a later one fails. A folder that cannot be exchanged (the working
//! directory or one of its parents, a root) gets its files renamed into place one by one, the replaced ones
//! moved aside first and put back on failure; so does a folder that exists and was not written by touchaudit
//! (no lock file, no result.json): a user's folder is never replaced, only the files this run writes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};

use crate::error::{Error, Result};

/// The lock file in every output folder.
pub(crate) const LOCK_FILE: &str = ".touchaudit.lock";
/// A file only touchaudit's output folders hold: a folder that has it (or the lock file) was written by an
/// earlier run and is exchanged whole; any other existing folder (`-o ~/Documents`, `/tmp`) is never
/// replaced, only the files this run writes are renamed into it.
const OUR_MARK: &str = "result.json";
/// The marker in the names of staging folders beside an output folder (`.report.touchaudit-new-1234`).
const STAGING_MARK: &str = ".touchaudit-new-";

/// Where the process is in writing its outputs, for what a signal handler says on Ctrl-C.
static PHASE: AtomicU8 = AtomicU8::new(Phase::Working as u8);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
/// Where the process is in writing its outputs.
pub enum Phase {
    /// Nothing written yet: an interruption leaves every output folder as it was.
    Working = 0,
    /// Some outputs were written.
    Written = 1,
}

/// Whether any output was written yet by this process.
pub fn phase() -> Phase {
    if PHASE.load(Ordering::SeqCst) == Phase::Written as u8 { Phase::Written } else { Phase::Working }
}

/// The output error for `path`, as a `map_err` argument.
fn write_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::WriteOutput { path, source }
}

/// One output: the folder, the file name in it, and the content.
pub(crate) struct Output<'a> {
    pub dir: &'a Path,
    pub name: &'a str,
    pub content: Vec<u8>,
}

/// Writes `files` (name, content) into `dir`, creating it; returns the written paths.
pub fn write_all(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<Vec<PathBuf>> {
    write_set(files.iter().map(|(name, content)| Output { dir, name, content: content.clone() }).collect())
}

/// Writes every output, in any number of folders, as one transaction: all are written or none is, and what
/// was there before stays when any fails.
pub(crate) fn write_set(outputs: Vec<Output>) -> Result<Vec<PathBuf>> {
    let mut dirs: Vec<&Path> = Vec::new();
    for output in &outputs {
        if !dirs.contains(&output.dir) {
            dirs.push(output.dir);
        }
    }
    // Deepest first: a folder inside another is exchanged before the outer one mirrors it.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    let mut done: Vec<Replaced> = Vec::new();
    let mut written = Vec::new();
    for dir in dirs {
        let files: Vec<(&str, &[u8])> =
            outputs.iter().filter(|o| o.dir == dir).map(|o| (o.name, o.content.as_slice())).collect();
        let result = replace(dir, Whole::WhenOurs, |staged| {
            for (name, content) in &files {
                write_file(staged, name, |out| out.write_all(content))?;
            }
            Ok(())
        });
        match result {
            Ok(replaced) => {
                written.extend(files.iter().map(|(name, _)| dir.join(name)));
                done.push(replaced);
            }
            Err(error) => {
                for replaced in done.into_iter().rev() {
                    replaced.undo();
                }
                return Err(error);
            }
        }
    }
    for replaced in done {
        replaced.finish();
    }
    PHASE.store(Phase::Written as u8, Ordering::SeqCst);
    Ok(written)
}

/// The write buffer of a streamed file: a crawl's JSON of 20,000 pages is about 50 MB, written in 50 system
/// calls instead of 6,000 with the default 8 KiB.
const STREAM_BUFFER_BYTES: usize = 1 << 20;

/// Writes one file into `dir` as `fill` streams it, without holding the whole content in memory
/// (a crawl of many thousand pages); all or nothing like [`write_set`].
pub fn write_streamed(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<PathBuf> {
    // One file, often beside files that are not ours (`--json /tmp/pages.json`): renamed into place alone.
    let replaced = replace(dir, Whole::Never, |staged| {
        write_file(staged, name, |out| {
            let mut buffered = std::io::BufWriter::with_capacity(STREAM_BUFFER_BYTES, out);
            fill(&mut buffered)?;
            buffered.flush()
        })
    })?;
    replaced.finish();
    PHASE.store(Phase::Written as u8, Ordering::SeqCst);
    Ok(dir.join(name))
}

/// An output folder replaced by its new set, until the whole transaction is done.
enum Replaced {
    /// Exchanged with its staging folder, which now holds the old set.
    Exchanged { dir: PathBuf, old: PathBuf, created: Vec<PathBuf>, _lock: std::fs::File },
    /// Files renamed into place one by one, the replaced ones kept under a backup name until `finish`.
    InPlace { placed: Vec<PathBuf>, backups: Vec<(PathBuf, PathBuf)>, created: Vec<PathBuf> },
}

impl Replaced {
    /// Puts the old set back (a later folder of the transaction failed).
    fn undo(self) {
        match self {
            Replaced::Exchanged { dir, old, created, .. } => {
                if exchange(&old, &dir).is_ok() {
                    let _ = std::fs::remove_dir_all(&old);
                }
                remove_created(&created);
            }
            Replaced::InPlace { placed, backups, created } => {
                restore(&placed, &backups);
                remove_created(&created);
            }
        }
    }

    /// Drops the old set.
    fn finish(self) {
        match self {
            Replaced::Exchanged { old, .. } => {
                let _ = std::fs::remove_dir_all(old);
            }
            Replaced::InPlace { backups, .. } => {
                for (backup, _) in &backups {
                    let _ = std::fs::remove_file(backup);
                }
            }
        }
    }
}

/// Whether a folder may be exchanged whole.
#[derive(Clone, Copy, PartialEq)]
enum Whole {
    /// When it is touchaudit's (new, or holding the lock file or result.json) and [`exchangeable`].
    WhenOurs,
    /// Never: its files are renamed into place one by one.
    Never,
}

/// Replaces `dir` by a folder holding what `fill` writes there plus the old folder's other files.
fn replace(dir: &Path, whole: Whole, fill: impl FnOnce(&Path) -> Result<()>) -> Result<Replaced> {
    let mut created = Vec::new();
    let ours =
        whole == Whole::WhenOurs && (!dir.exists() || dir.join(LOCK_FILE).is_file() || dir.join(OUR_MARK).is_file());
    create_dir(dir, &mut created)?;
    let result = match exchangeable(dir).filter(|_| ours) {
        Some((parent, name)) => replace_whole(dir, &parent, &name, &created, fill),
        None => replace_files(dir, &created, fill),
    };
    if result.is_err() {
        remove_created(&created);
    }
    result
}

/// The parent and name of a folder that can be exchanged whole: not the working directory or one of its
/// parents (the process would go on in the old folder), not the home folder, not a root or a folder right
/// under it (`/tmp`).
fn exchangeable(dir: &Path) -> Option<(PathBuf, String)> {
    let real = dir.canonicalize().ok()?;
    let cwd = std::env::current_dir().ok().and_then(|c| c.canonicalize().ok());
    let home = std::env::var_os("HOME").and_then(|h| PathBuf::from(h).canonicalize().ok());
    if cwd.is_some_and(|cwd| cwd.starts_with(&real)) || home.is_some_and(|home| home.starts_with(&real)) {
        return None;
    }
    let parent = real.parent()?;
    parent.parent()?;
    Some((parent.to_path_buf(), real.file_name()?.to_string_lossy().into_owned()))
}

fn replace_whole(
    dir: &Path,
    parent: &Path,
    name: &str,
    created: &[PathBuf],
    fill: impl FnOnce(&Path) -> Result<()>,
) -> Result<Replaced> {
    let lock = lock(dir)?;
    // What a killed run left beside the folder: nobody else writes it while the lock is held.
    let prefix = format!(".{name}{STAGING_MARK}");
    if let Ok(entries) = std::fs::read_dir(parent) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let staging = parent.join(format!("{prefix}{}", std::process::id()));
    std::fs::create_dir(&staging).map_err(write_error(&staging))?;
    if let Ok(meta) = std::fs::metadata(dir) {
        let _ = std::fs::set_permissions(&staging, meta.permissions());
    }
    let staged = (|| {
        mirror(dir, &staging)?;
        fill(&staging)?;
        exchange(&staging, dir).map_err(write_error(dir))
    })();
    match staged {
        Ok(()) => {
            Ok(Replaced::Exchanged { dir: dir.to_path_buf(), old: staging, created: created.to_vec(), _lock: lock })
        }
        Err(error) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(error)
        }
    }
}

/// Takes the folder's lock, or says that another run holds it.
fn lock(dir: &Path) -> Result<std::fs::File> {
    let path = dir.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| Error::WriteOutput { path: path.clone(), source })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::WriteOutput {
            path: dir.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::WouldBlock,
                "another touchaudit run is writing this folder; wait for it to finish or choose another output \
                 folder",
            ),
        }),
        Err(std::fs::TryLockError::Error(source)) => Err(Error::WriteOutput { path, source }),
    }
}

/// Fills `to` with hard links to every file of `from` (copies where a link cannot be made), folders
/// recursively, symbolic links as links.
fn mirror(from: &Path, to: &Path) -> Result<()> {
    for entry in std::fs::read_dir(from).map_err(write_error(from))? {
        let entry = entry.map_err(write_error(from))?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().map_err(write_error(&source))?;
        if kind.is_dir() {
            std::fs::create_dir(&target).map_err(write_error(&target))?;
            mirror(&source, &target)?;
        } else if kind.is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(&source).map_err(write_error(&source))?, &target)
                .map_err(write_error(&target))?;
        } else if std::fs::hard_link(&source, &target).is_err() {
            std::fs::copy(&source, &target).map_err(write_error(&target))?;
        }
    }
    Ok(())
}

/// Exchanges two folders in one step where the system can (Linux); elsewhere moves `to` aside, `from` into
/// its place, and the old one to `from`'s name.
fn exchange(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| {
            std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(|e| std::io::Error::other(e.to_string()))
        };
        let (a, b) = (c(from)?, c(to)?);
        // SAFETY: both are valid NUL-terminated paths; renameat2 reads them and touches no memory of ours.
        let done =
            unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
        if done == 0 {
            return Ok(());
        }
        let error = std::io::Error::last_os_error();
        // File systems without the exchange (some network ones) take the two-step way below.
        if !matches!(error.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
            return Err(error);
        }
    }
    // Named after `from` (a staging folder), so a kill between the renames leaves what the next run sweeps.
    let mut aside = from.as_os_str().to_owned();
    aside.push("-aside");
    let aside = PathBuf::from(aside);
    std::fs::rename(to, &aside)?;
    if let Err(error) = std::fs::rename(from, to) {
        let _ = std::fs::rename(&aside, to);
        return Err(error);
    }
    std::fs::rename(&aside, from)
}

/// Writes the files of a folder that cannot be exchanged, each renamed into place.
fn replace_files(dir: &Path, created: &[PathBuf], fill: impl FnOnce(&Path) -> Result<()>) -> Result<Replaced> {
    let staging = tempfile::Builder::new().prefix(".touchaudit-").tempdir_in(dir).map_err(write_error(dir))?;
    fill(staging.path())?;
    let mut names: Vec<std::ffi::OsString> = std::fs::read_dir(staging.path())
        .map_err(write_error(dir))?
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    names.sort();
    let (mut placed, mut backups) = (Vec::new(), Vec::new());
    for name in names {
        let target = dir.join(&name);
        let step = (|| {
            if target.exists() {
                let backup = dir.join(format!(".touchaudit-old-{}", name.to_string_lossy()));
                std::fs::rename(&target, &backup)?;
                backups.push((backup, target.clone()));
            }
            std::fs::rename(staging.path().join(&name), &target)
        })();
        if let Err(source) = step {
            restore(&placed, &backups);
            return Err(Error::WriteOutput { path: target, source });
        }
        placed.push(target);
    }
    Ok(Replaced::InPlace { placed, backups, created: created.to_vec() })
}

fn restore(placed: &[PathBuf], backups: &[(PathBuf, PathBuf)]) {
    for target in placed {
        let _ = std::fs::remove_file(target);
    }
    for (backup, target) in backups {
        let _ = std::fs::rename(backup, target);
    }
}

/// Writes one file into a staging folder and syncs it.
fn write_file(dir: &Path, name: &str, fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>) -> Result<()> {
    let path = dir.join(name);
    let fail = |source| Error::WriteOutput { path: path.clone(), source };
    // The staging folder holds hard links to the old set: the old file is unlinked, never truncated (that
    // would change the old folder's file too).
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(fail(e)),
        _ => {}
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    // Reports are meant to be shared: the usual file mode.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o644);
    let mut file = options.open(&path).map_err(fail)?;
    fill(&mut file).map_err(fail)?;
    file.sync_all().map_err(fail)
}

/// Creates `dir` and its missing parents, noting the top-most folder it created so a failure can remove it.
fn create_dir(dir: &Path, created: &mut Vec<PathBuf>) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let top = dir.ancestors().take_while(|a| !a.as_os_str().is_empty() && !a.exists()).last().map(Path::to_path_buf);
    std::fs::create_dir_all(dir).map_err(write_error(dir))?;
    created.extend(top);
    Ok(())
}

/// Removes the folders a failed write created (with the temporary files left in them).
fn remove_created(created: &[PathBuf]) {
    for dir in created.iter().rev() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in a folder, sorted, without the lock file.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != LOCK_FILE)
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_old_folders_other_files_stay_and_a_killed_runs_staging_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report");
        write_all(&out, &[("report.html", b"old".to_vec())]).unwrap();
        std::fs::create_dir_all(out.join("photos")).unwrap();
        std::fs::write(out.join("photos/door.jpg"), b"jpeg").unwrap();
        std::fs::write(out.join("notes.txt"), b"mine").unwrap();
        // What a run killed between staging and the exchange leaves beside the folder.
        let leftover = dir.path().join(format!(".report{STAGING_MARK}99999"));
        std::fs::create_dir(&leftover).unwrap();
        std::fs::write(leftover.join("report.html"), b"half").unwrap();
        write_all(&out, &[("report.html", b"new".to_vec())]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("report.html")).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        assert_eq!(std::fs::read_to_string(out.join("photos/door.jpg")).unwrap(), "jpeg");
        assert_eq!(names(dir.path()), ["report"], "the leftover staging folder is gone, and none of this run's");
    }

    #[test]
    fn a_folder_that_is_not_touchaudits_gets_its_files_renamed_in_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let mine = dir.path().join("documents");
        std::fs::create_dir(&mine).unwrap();
        std::fs::write(mine.join("letter.txt"), b"mine").unwrap();
        let before = std::fs::metadata(&mine).unwrap();
        write_all(&mine, &[("report.html", b"new".to_vec())]).unwrap();
        write_streamed(&mine, "pages.json", |out| out.write_all(b"[]")).unwrap();
        assert_eq!(names(&mine), ["letter.txt", "pages.json", "report.html"]);
        assert!(!mine.join(LOCK_FILE).exists(), "no lock file left in a folder that is not ours");
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_eq!(std::fs::metadata(&mine).unwrap().ino(), before.ino(), "the folder itself was not replaced");
        }
        assert_eq!(names(dir.path()), ["documents"]);
    }

    #[test]
    fn a_second_run_on_a_locked_folder_refuses_and_leaves_it_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report");
        write_all(&out, &[("report.html", b"first".to_vec())]).unwrap();
        let held = std::fs::File::open(out.join(LOCK_FILE)).unwrap();
        held.lock().unwrap();
        let err = write_all(&out, &[("report.html", b"second".to_vec())]).unwrap_err();
        assert!(err.to_string().contains("another touchaudit run is writing this folder"), "{err}");
        assert_eq!(std::fs::read_to_string(out.join("report.html")).unwrap(), "first");
        held.unlock().unwrap();
        write_all(&out, &[("report.html", b"third".to_vec())]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("report.html")).unwrap(), "third");
    }

    #[test]
    fn writes_every_file_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("nested/report");
        let written = write_all(&out, &[("a.json", b"{}".to_vec()), ("b.html", b"<p>".to_vec())]).unwrap();
        assert_eq!(written.len(), 2);
        assert_eq!(std::fs::read_to_string(out.join("a.json")).unwrap(), "{}");
        assert_eq!(names(&out), ["a.json", "b.html"]);
        let beside: Vec<String> = names(dir.path().join("nested").as_path());
        assert_eq!(beside, ["report"], "no staging folder left beside it");
    }

    #[test]
    fn a_directory_that_cannot_be_created_is_an_output_error() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, "x").unwrap();
        let err = write_all(&blocker.join("sub"), &[("a.json", vec![])]).unwrap_err();
        assert_eq!(err.exit_code(), 1);
    }

    #[test]
    fn a_failed_set_restores_the_old_files_and_removes_the_folders_it_created() {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("report");
        write_all(&report, &[("report.html", b"old html".to_vec()), ("summary.md", b"old md".to_vec())]).unwrap();
        // The second output cannot be written (its folder is a file): nothing of the set may land.
        let blocker = dir.path().join("history");
        std::fs::write(&blocker, "x").unwrap();
        let fresh = dir.path().join("fresh/nested");
        let err = write_set(vec![
            Output { dir: &report, name: "report.html", content: b"new html".to_vec() },
            Output { dir: &fresh, name: "a.json", content: b"{}".to_vec() },
            Output { dir: &blocker.join("sub"), name: "2026-11-01.json", content: b"{}".to_vec() },
        ])
        .unwrap_err();
        assert_eq!(err.exit_code(), 1);
        assert_eq!(std::fs::read_to_string(report.join("report.html")).unwrap(), "old html");
        assert_eq!(std::fs::read_to_string(report.join("summary.md")).unwrap(), "old md");
        assert_eq!(names(&report), ["report.html", "summary.md"], "no temporaries or backups left");
        assert!(!dir.path().join("fresh").exists(), "a folder the failed run created is removed");
    }

    #[test]
    fn a_rename_that_fails_part_way_puts_the_old_files_back() {
        let dir = tempfile::tempdir().unwrap();
        write_all(dir.path(), &[("a.html", b"old a".to_vec())]).unwrap();
        // A name too long for the file system: staging works (temporaries have short names), the rename fails
        // after a.html was already replaced, even as root.
        let long = format!("{}.md", "b".repeat(300));
        let err = write_all(dir.path(), &[("a.html", b"new a".to_vec()), (&long, b"new b".to_vec())]).unwrap_err();
        assert_eq!(err.exit_code(), 1);
        assert_eq!(std::fs::read_to_string(dir.path().join("a.html")).unwrap(), "old a");
        assert_eq!(names(dir.path()), ["a.html"], "no temporaries or backups left");
    }

    #[test]
    fn a_failing_stream_leaves_neither_the_file_nor_a_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_streamed(dir.path(), "big.json", |out| {
            out.write_all(b"{\"partial\":")?;
            Err(std::io::Error::other("serialiser failed"))
        })
        .unwrap_err();
        assert_eq!(err.exit_code(), 1);
        assert!(names(dir.path()).is_empty());
        let path = write_streamed(dir.path(), "ok.json", |out| out.write_all(b"{}")).unwrap();
        assert_eq!(std::fs::read_to_string(path).unwrap(), "{}");
    }
}
