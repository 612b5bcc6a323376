//! Every file vanthu writes, durable by construction: atomic writes
//! (temporary file, flushed, renamed, then the folder flushed), folders
//! created with their parents flushed, removals flushed, and the names of
//! what is written made safe for any file system.
//!
//! Errors are never ignored: each carries the path and the operation, in
//! Vietnamese, and its `io::ErrorKind` so the caller can tell a transient
//! cause (a share that went away, a full disk) from a lasting one.
//!
//! Invariant: this module knows nothing of workbooks, documents or the
//! ledger; it uses only `text` (NFC for names).

use std::io::Write;
use std::path::{Path, PathBuf};

pub use crate::text::{MAX_STEM_BYTES, safe_file_stem as safe_stem};

/// What was being done when a file operation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Writing a file.
    Write,
    /// Renaming a file into place.
    Rename,
    /// Flushing a folder's entries.
    SyncFolder,
    /// Creating a folder.
    CreateFolder,
    /// Removing a file.
    Remove,
    /// Reading a file.
    Read,
}

/// A failed file operation.
#[derive(Debug, thiserror::Error)]
#[error("{} {}: {}", .operation.verb(), .path.display(), cause(.error))]
pub struct FileError {
    /// What was being done.
    pub operation: Operation,
    /// The path.
    pub path: PathBuf,
    /// The cause, said in Vietnamese by the message (not chained: its
    /// English would follow it).
    pub error: std::io::Error,
}

impl Operation {
    fn verb(self) -> &'static str {
        match self {
            Operation::Write => "không ghi được",
            Operation::Rename => "không đổi tên được",
            Operation::SyncFolder => "không lưu được thư mục",
            Operation::CreateFolder => "không tạo được thư mục",
            Operation::Remove => "không xóa được",
            Operation::Read => "không đọc được",
        }
    }
}

/// What went wrong, in Vietnamese, with the system's error number for the
/// admin.
pub fn cause(e: &std::io::Error) -> String {
    crate::text::io_error(e)
}

fn fail(operation: Operation, path: &Path) -> impl FnOnce(std::io::Error) -> FileError + '_ {
    move |error| FileError {
        operation,
        path: path.to_path_buf(),
        error,
    }
}

/// Flushes a folder's entries (renames, new and removed names) to disk.
pub fn sync_dir(dir: &Path) -> Result<(), FileError> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(fail(Operation::SyncFolder, dir))
}

/// Creates `dir` and its missing parents; each new folder is made durable
/// by flushing the folder that holds it.
pub fn create_dir_all(dir: &Path) -> Result<(), FileError> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dir_all(parent)?;
    }
    match std::fs::create_dir(dir) {
        Ok(()) => {}
        // Made meanwhile by someone else: fine.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => return Ok(()),
        Err(e) => return Err(fail(Operation::CreateFolder, dir)(e)),
    }
    sync_dir(dir.parent().unwrap_or(Path::new(".")))
}

/// The temporary name an atomic write of `name` uses: hidden, with the
/// process id, ending in `.tmp`.
pub fn temporary_name(name: &str) -> String {
    format!(".{name}.{}.tmp", std::process::id())
}

/// True for a name [`temporary_name`] makes.
pub fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp")
}

/// Writes each `(name, bytes)` into `dir` atomically: every file to its
/// temporary name and flushed, then every one renamed into place, then the
/// folder flushed once. A reader never sees a half-written file, and when
/// this returns the files survive a power cut.
pub fn write_files(dir: &Path, files: &[(&str, &[u8])]) -> Result<(), FileError> {
    create_dir_all(dir)?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    let result = (|| {
        for (name, bytes) in files {
            let tmp = dir.join(temporary_name(name));
            let path = dir.join(name);
            staged.push((tmp.clone(), path.clone()));
            #[cfg(feature = "failpoints")]
            if let Some(e) = crate::failpoints::io_error("outbox.write", name) {
                return Err(fail(Operation::Write, &path)(e));
            }
            // A failure names the file being written, not its temporary.
            let mut file = std::fs::File::create(&tmp).map_err(fail(Operation::Write, &path))?;
            file.write_all(bytes)
                .and_then(|()| file.sync_all())
                .map_err(fail(Operation::Write, &path))?;
        }
        for (tmp, path) in &staged {
            crate::failpoint!("outbox.before_rename");
            std::fs::rename(tmp, path).map_err(fail(Operation::Rename, path))?;
        }
        sync_dir(dir)
    })();
    if result.is_err() {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
    }
    result
}

/// Writes `bytes` to `path` atomically and durably (see [`write_files`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    write_files(dir, &[(&name, bytes)])
}

/// Removes `path` if it exists; true when it did. The removal is made
/// durable by the caller's [`sync_dir`] of its folder (once for many).
pub fn remove_file(path: &Path) -> Result<bool, FileError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(fail(Operation::Remove, path)(e)),
    }
}

/// Reads a whole file.
pub fn read(path: &Path) -> Result<Vec<u8>, FileError> {
    std::fs::read(path).map_err(fail(Operation::Read, path))
}

/// Removes the temporary files of interrupted atomic writes under `dir`
/// (recursively) whose names `ours` accepts and that were last written at
/// least `min_age` ago. Only the process holding the state folder's lock
/// may call this with no age: another one's temporaries are its writes in
/// flight. (Workers sharing a ledger sweep only temporaries far older
/// than any write.)
pub fn sweep_temporaries(dir: &Path, ours: &dyn Fn(&str) -> bool, min_age: std::time::Duration) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            sweep_temporaries(&path, ours, min_age);
        } else if is_temporary(&name)
            && ours(&name)
            && (min_age.is_zero()
                || entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|m| m.elapsed().is_ok_and(|age| age >= min_age)))
        {
            match std::fs::remove_file(&path) {
                Ok(()) => {
                    tracing::info!(path = %path.display(), "đã xóa tệp tạm của lần chạy bị gián đoạn")
                }
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e, "không xóa được tệp tạm")
                }
            }
        }
    }
}

/// The report file of a rejected workbook: `<workbook stem>.loi.txt`.
pub fn report_name(workbook_file_name: &str) -> String {
    let stem = Path::new(workbook_file_name)
        .file_stem()
        .map(|s| crate::text::fix_cell(&s.to_string_lossy(), None).into_owned())
        .unwrap_or_default();
    format!("{}.loi.txt", safe_stem(&stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_fit_any_file_system() {
        assert_eq!(safe_stem("../a/b"), "--a-b");
        assert_eq!(safe_stem("  .x. "), "x");
        assert_eq!(safe_stem(""), "van-ban");
        let long = "Danh sách đề nghị khen thưởng ".repeat(20);
        let stem = safe_stem(&long);
        assert!(stem.len() <= MAX_STEM_BYTES, "{}", stem.len());
        assert!(long.starts_with(&stem));
        assert!(report_name(&format!("{long}.xlsx")).len() < 200);
    }

    #[test]
    fn atomic_writes_leave_no_temporary_and_make_folders() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        write_files(&deep, &[("x.pdf", b"1"), ("x.docx", b"2")]).unwrap();
        assert_eq!(std::fs::read(deep.join("x.pdf")).unwrap(), b"1");
        let names: Vec<_> = std::fs::read_dir(&deep).unwrap().flatten().collect();
        assert_eq!(names.len(), 2);
        let e = write_atomic(&dir.path().join("missing\0/x"), b"1").unwrap_err();
        assert!(e.to_string().starts_with("không"), "{e}");
    }
}
