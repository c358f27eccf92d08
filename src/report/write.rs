//! Writing outputs atomically: every file goes to a temporary file beside its target, and all are renamed
//! into place only when all were written, so a failed run leaves no partial report.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `files` (name, content) into `dir`, creating it; returns the written paths.
pub fn write_all(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|source| Error::WriteOutput { path: dir.to_path_buf(), source })?;
    let mut staged = Vec::with_capacity(files.len());
    for (name, content) in files {
        staged.push(stage(dir, name, |out| out.write_all(content))?);
    }
    persist(staged)
}

/// Writes one file into `dir` as `fill` streams it, without holding the whole content in memory
/// (a crawl of many thousand pages); atomically like [`write_all`].
pub fn write_streamed(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|source| Error::WriteOutput { path: dir.to_path_buf(), source })?;
    let staged = stage(dir, name, |out| {
        let mut buffered = std::io::BufWriter::new(out);
        fill(&mut buffered)?;
        buffered.flush()
    })?;
    Ok(persist(vec![staged])?.remove(0))
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

/// Renames every staged file into place, once all were written.
fn persist(staged: Vec<(tempfile::NamedTempFile, PathBuf)>) -> Result<Vec<PathBuf>> {
    let mut written = Vec::with_capacity(staged.len());
    for (temp, target) in staged {
        temp.persist(&target).map_err(|e| Error::WriteOutput { path: target.clone(), source: e.error })?;
        written.push(target);
    }
    Ok(written)
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
