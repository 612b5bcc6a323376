//! One writer per state folder: `vanthu watch`, `run` and `regenerate` hold
//! an exclusive lock on `<state>/lock` (an OS file lock, released by the
//! system when the process ends however it ends) for as long as they run.
//! The lock file names its holder (process id, command, host, start time),
//! so a second writer can say who is running. `vanthu status` takes no lock.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The lock file of the state folder.
pub const STATE: &str = "lock";

/// The held lock; dropping it releases it.
#[derive(Debug)]
pub struct WriterLock {
    file: File,
    path: PathBuf,
}

impl WriterLock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True while the lock file at its path is still the one locked (not
    /// deleted, nor replaced by another).
    pub fn still_held(&self) -> bool {
        use std::os::unix::fs::MetadataExt;
        match (self.file.metadata(), std::fs::metadata(&self.path)) {
            (Ok(held), Ok(now)) => held.ino() == now.ino() && held.dev() == now.dev(),
            _ => false,
        }
    }
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds it.
    #[error(
        "một bản vanthu khác đang chạy trên thư mục {state} ({holder}); mỗi thư mục chỉ một bản được ghi cùng lúc: hãy đợi bản đó chạy xong hoặc dừng nó (Ctrl+C, hoặc kill -TERM {pid})",
        state = .state.display(),
        pid = .pid.map(|p| p.to_string()).unwrap_or_else(|| "<PID>".into())
    )]
    Held {
        /// The folder locked (state folder or inbox).
        state: PathBuf,
        /// Who holds it, as the lock file says.
        holder: String,
        /// Its process id, when known.
        pid: Option<u32>,
    },
    /// Another process works on this inbox, with another state folder.
    #[error(
        "một bản vanthu khác đang xử lý hộp thư đến {inbox} (với một thư mục trạng thái khác); mỗi hộp thư đến chỉ một bản được xử lý cùng lúc: hãy dừng bản đó, hoặc dùng đúng vanthu.toml của nó (--config)",
        inbox = .inbox.display()
    )]
    InboxHeld {
        /// The inbox.
        inbox: PathBuf,
    },
    /// The lock file could not be opened or locked.
    #[error("không khóa được {}: {}", .path.display(), crate::text::io_error(.error))]
    Io {
        /// The lock file.
        path: PathBuf,
        /// The cause.
        error: std::io::Error,
    },
}

/// Locks the folder `dir` itself (no file is made in it: departments see
/// the inbox): a second process on the same inbox, whatever its state
/// folder, is refused. Where the file system cannot lock folders (some
/// network shares), `None` and a warning: the state folder's lock still
/// holds.
pub fn acquire_folder(dir: &Path) -> Result<Option<WriterLock>, LockError> {
    let file = File::open(dir).map_err(|error| LockError::Io {
        path: dir.to_path_buf(),
        error,
    })?;
    match file.try_lock() {
        Ok(()) => Ok(Some(WriterLock {
            file,
            path: dir.to_path_buf(),
        })),
        Err(std::fs::TryLockError::WouldBlock) => Err(LockError::InboxHeld {
            inbox: dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
        }),
        Err(std::fs::TryLockError::Error(e)) => {
            tracing::warn!(inbox = %dir.display(), error = %e, "không khóa được hộp thư đến trên ổ này; chỉ khóa thư mục trạng thái");
            Ok(None)
        }
    }
}

/// Takes the writer lock `name` of the folder `state` for `command`, or
/// says who holds it.
pub fn acquire(state: &Path, name: &str, command: &str) -> Result<WriterLock, LockError> {
    let path = state.join(name);
    let io = |error| LockError::Io {
        path: path.clone(),
        error,
    };
    let mut file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            let (holder, pid) = describe(&text);
            return Err(LockError::Held {
                state: state.canonicalize().unwrap_or_else(|_| state.to_path_buf()),
                holder,
                pid,
            });
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
    }
    let started = super::status::clock(super::ledger::now());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_default();
    let record = format!(
        "pid={}\ncommand=vanthu {command}\nhost={host}\nsince={} ({started})\n",
        std::process::id(),
        super::ledger::now()
    );
    // Only words for people: not flushed to disk, the lock itself is the
    // system's.
    file.set_len(0)
        .and_then(|()| file.seek(SeekFrom::Start(0)).map(|_| ()))
        .and_then(|()| file.write_all(record.as_bytes()))
        .map_err(io)?;
    Ok(WriterLock { file, path })
}

/// "vanthu watch, PID 1234, máy may-chu, từ 04/12/2026" from the lock
/// file's text.
fn describe(text: &str) -> (String, Option<u32>) {
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let pid = field("pid").and_then(|p| p.parse().ok());
    let mut parts = Vec::new();
    parts.push(field("command").unwrap_or("vanthu").to_owned());
    if let Some(pid) = pid {
        parts.push(format!("PID {pid}"));
    }
    if let Some(host) = field("host") {
        parts.push(format!("máy {host}"));
    }
    if let Some(since) = field("since").and_then(|s| s.split_once('(')) {
        parts.push(format!("từ {}", since.1.trim_end_matches(')')));
    }
    (parts.join(", "), pid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_told_who_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let held = acquire(dir.path(), STATE, "watch").unwrap();
        assert!(held.still_held());
        let e = acquire(dir.path(), STATE, "run").unwrap_err();
        let message = e.to_string();
        assert!(message.contains("vanthu watch"), "{message}");
        assert!(
            message.contains(&format!("PID {}", std::process::id())),
            "{message}"
        );
        let inbox = acquire_folder(dir.path())
            .unwrap()
            .expect("local folders lock");
        assert!(matches!(
            acquire_folder(dir.path()),
            Err(LockError::InboxHeld { .. })
        ));
        drop(inbox);
        drop(held);
        let again = acquire(dir.path(), STATE, "run").expect("released when dropped");
        std::fs::remove_file(dir.path().join(STATE)).unwrap();
        assert!(!again.still_held(), "a deleted lock guards nothing");
    }
}
