//! Writing outputs all or nothing: every file goes to a temporary file beside its target; only when all were
//! written are they renamed into place, the files they replace moved aside first, so that a failure at any
//! point puts back what was there and removes the folders the run created. A failed run leaves neither a
//! partial report nor a mix of this run's files and the last run's.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One output: the folder, the file name in it, and the content.
pub struct Output<'a> {
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
pub fn write_set(outputs: Vec<Output>) -> Result<Vec<PathBuf>> {
    let mut created = Vec::new();
    let result = (|| {
        let mut staged = Vec::with_capacity(outputs.len());
        for output in &outputs {
            create_dir(output.dir, &mut created)?;
            staged.push(stage(output.dir, output.name, |out| out.write_all(&output.content))?);
        }
        persist(staged)
    })();
    if result.is_err() {
        remove_created(&created);
    }
    result
}

/// Writes one file into `dir` as `fill` streams it, without holding the whole content in memory
/// (a crawl of many thousand pages); all or nothing like [`write_set`].
pub fn write_streamed(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<PathBuf> {
    let mut created = Vec::new();
    let result = (|| {
        create_dir(dir, &mut created)?;
        let staged = stage(dir, name, |out| {
            let mut buffered = std::io::BufWriter::new(out);
            fill(&mut buffered)?;
            buffered.flush()
        })?;
        Ok(persist(vec![staged])?.remove(0))
    })();
    if result.is_err() {
        remove_created(&created);
    }
    result
}

/// Creates `dir` and its missing parents, noting the top-most folder it created so a failure can remove it.
fn create_dir(dir: &Path, created: &mut Vec<PathBuf>) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let top = dir.ancestors().take_while(|a| !a.as_os_str().is_empty() && !a.exists()).last().map(Path::to_path_buf);
    std::fs::create_dir_all(dir).map_err(|source| Error::WriteOutput { path: dir.to_path_buf(), source })?;
    created.extend(top);
    Ok(())
}

/// Removes the folders a failed write created (with the temporary files left in them).
fn remove_created(created: &[PathBuf]) {
    for dir in created.iter().rev() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Writes one temporary file beside its target and syncs it.
fn stage(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(tempfile::NamedTempFile, PathBuf)> {
    let target = dir.join(name);
    let fail = |source| Error::WriteOutput { path: target.clone(), source };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".touchaudit-").suffix(".tmp");
    // Reports are meant to be shared: the usual file mode, not the private one temporary files get.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut temp = builder.tempfile_in(dir).map_err(fail)?;
    fill(temp.as_file_mut()).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    Ok((temp, target))
}

/// Renames every staged file into place, once all were written: the files they replace are first moved to
/// a backup name beside them, and put back if any rename fails, so the folder holds either all of the old
/// files or all of the new ones.
fn persist(staged: Vec<(tempfile::NamedTempFile, PathBuf)>) -> Result<Vec<PathBuf>> {
    let mut backups: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut placed: Vec<PathBuf> = Vec::new();
    let mut failure = None;
    for (temp, target) in staged {
        if target.exists() {
            let backup = target.with_file_name(format!(
                ".touchaudit-old-{}",
                target.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
            ));
            if let Err(source) = std::fs::rename(&target, &backup) {
                failure = Some(Error::WriteOutput { path: target.clone(), source });
                break;
            }
            backups.push((backup, target.clone()));
        }
        match temp.persist(&target) {
            Ok(_) => placed.push(target),
            Err(e) => {
                failure = Some(Error::WriteOutput { path: target.clone(), source: e.error });
                break;
            }
        }
    }
    if let Some(error) = failure {
        for target in &placed {
            let _ = std::fs::remove_file(target);
        }
        for (backup, target) in &backups {
            let _ = std::fs::rename(backup, target);
        }
        return Err(error);
    }
    for (backup, _) in &backups {
        let _ = std::fs::remove_file(backup);
    }
    Ok(placed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_file_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("nested/report");
        let written = write_all(&out, &[("a.json", b"{}".to_vec()), ("b.html", b"<p>".to_vec())]).unwrap();
        assert_eq!(written.len(), 2);
        assert_eq!(std::fs::read_to_string(out.join("a.json")).unwrap(), "{}");
        let names: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2);
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
        let names: Vec<_> = std::fs::read_dir(&report).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "no temporaries or backups left: {names:?}");
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
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "no temporaries or backups left: {names:?}");
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
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let path = write_streamed(dir.path(), "ok.json", |out| out.write_all(b"{}")).unwrap();
        assert_eq!(std::fs::read_to_string(path).unwrap(), "{}");
    }
}
