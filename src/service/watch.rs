//! `vanthu watch`: a pass over the inbox whenever the file system reports a
//! change (notify), on a timer where it cannot (network and FUSE mounts are
//! detected and polled, or a setting forces either mode), and again while
//! files wait for their quiet period. SIGINT and SIGTERM let the current
//! file finish, then stop.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher};

use super::Service;
use crate::config::Polling;

/// File-system types whose changes do not reach inotify from other
/// machines: network shares and FUSE mounts.
const POLLED_TYPES: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "sshfs",
    "fuseblk",
];

/// The file-system type of the mount holding `path`, from
/// `/proc/self/mountinfo` (Linux); `None` elsewhere.
pub fn filesystem_type(path: &Path) -> Option<String> {
    let path = std::fs::canonicalize(path).ok()?;
    let info = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let mut best: Option<(usize, String)> = None;
    for line in info.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let Some(sep) = fields.iter().position(|f| *f == "-") else {
            continue;
        };
        let (Some(mount), Some(fstype)) = (fields.get(4), fields.get(sep + 1)) else {
            continue;
        };
        // Spaces in mount points are written \040.
        let mount = mount.replace("\\040", " ");
        if path.starts_with(&mount) && best.as_ref().is_none_or(|(len, _)| mount.len() >= *len) {
            best = Some((mount.len(), (*fstype).to_owned()));
        }
    }
    best.map(|(_, t)| t)
}

/// Whether the inbox must be polled.
pub fn needs_polling(inbox: &Path, mode: Polling) -> (bool, Option<String>) {
    let fstype = filesystem_type(inbox);
    let polled = match mode {
        Polling::Always => true,
        Polling::Never => false,
        Polling::Auto => fstype
            .as_deref()
            .is_some_and(|t| POLLED_TYPES.contains(&t) || t.starts_with("fuse")),
    };
    (polled, fstype)
}

/// Which file-system events call for a pass: changes (not reads: a pass
/// reads the configuration and lists folders, and those reads must not
/// call for another pass), to submitted files, templates or the
/// configuration, not to vanthu's own reports and temporary files.
struct Interest {
    /// The inbox and the templates folder, each as configured and in full:
    /// the operating system's events name paths in full, the polling
    /// watcher as they were given.
    folders: Vec<PathBuf>,
    config_name: Option<std::ffi::OsString>,
}

impl Interest {
    fn wants(&self, event: &notify::Event) -> bool {
        use notify::event::{AccessKind, AccessMode, EventKind};
        match event.kind {
            // A file closed after writing: its copy may be complete.
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
            EventKind::Access(_) => return false,
            _ => {}
        }
        event.paths.iter().any(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.ends_with(".loi.txt")
                || crate::outbox::is_temporary(&name)
                || super::inbox::is_ours(&name)
            {
                return false;
            }
            self.folders.iter().any(|folder| path.starts_with(folder))
                || self
                    .config_name
                    .as_deref()
                    .is_some_and(|c| path.file_name() == Some(c))
        })
    }
}

/// Runs passes until the service's stop flag is set (SIGINT or SIGTERM,
/// registered by the caller before the service opened, so a signal during
/// the first pass is honoured too): the current job ends, then the watcher.
pub fn watch(service: Service, today: fn() -> crate::text::Date) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("không khởi động được bộ theo dõi")?;
    let settings = service.config.service.clone();
    let inbox: PathBuf = service.folders.inbox.clone();
    // Template and configuration changes regenerate documents: watch them
    // too (the folder of the configuration, since editors replace files).
    let mut extra: Vec<PathBuf> = vec![service.config.templates_dir.clone()];
    if let Some(dir) = service.config.path.as_ref().and_then(|p| p.parent()) {
        extra.push(if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir.to_path_buf()
        });
    }
    let config_name = service
        .config
        .path
        .as_ref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_os_string());
    let (polled, fstype) = needs_polling(&inbox, settings.polling);
    tracing::info!(
        inbox = %inbox.display(),
        filesystem = fstype.as_deref().unwrap_or("?"),
        mode = if polled { "quét định kỳ" } else { "sự kiện hệ điều hành" },
        "bắt đầu theo dõi hộp thư đến"
    );
    let stop = service.stop.clone();
    runtime.block_on(async move {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<()>();
        // Events name paths in full even when the folders are configured
        // relative to the office folder ("inbox", as `vanthu init` writes).
        let full = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let interest = Interest {
            folders: vec![
                inbox.clone(),
                full(&inbox),
                extra[0].clone(),
                full(&extra[0]),
            ],
            config_name: config_name.clone(),
        };
        let handler = move |event: notify::Result<notify::Event>| {
            if event.is_ok_and(|e| interest.wants(&e)) {
                let _ = tx.send(());
            }
        };
        crate::failpoint!("watch.before_watching");
        // Keep the watcher alive for the whole loop. An inbox deleted or
        // replaced since the locks were taken fails the watch: say that,
        // not the watcher's "No path was found".
        let watching = (|| -> Result<Box<dyn Watcher>> {
            let mut w: Box<dyn Watcher> = if polled {
                let config = notify::Config::default().with_poll_interval(settings.poll);
                Box::new(notify::PollWatcher::new(handler, config)?)
            } else {
                Box::new(notify::recommended_watcher(handler)?)
            };
            w.watch(&inbox, RecursiveMode::Recursive)?;
            for dir in extra.iter().filter(|d| d.is_dir()) {
                let _ = w.watch(dir, RecursiveMode::NonRecursive);
            }
            Ok(w)
        })()
        .context("không theo dõi được hộp thư đến");
        let _watcher = match watching {
            Ok(watcher) => watcher,
            Err(e) => {
                service.check_locks()?;
                return Err(e);
            }
        };
        // A first pass for what arrived while stopped.
        let mut due = true;
        let mut slot = Some(service);
        let mut waited = Duration::ZERO;
        loop {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            if due {
                due = false;
                waited = Duration::ZERO;
                let mut current = slot.take().expect("the service is back after each pass");
                let (current, outcome) = tokio::task::spawn_blocking(move || {
                    let outcome = current.pass(today());
                    (current, outcome)
                })
                .await
                .context("lượt xử lý bị gián đoạn")?;
                slot = Some(current);
                match outcome {
                    Ok(report) => {
                        tracing::debug!(again_ms = ?report.again_in.map(|a| a.as_millis()), "lượt xử lý xong");
                        if let Some(again) = report.again_in {
                            // Files settling or due for a retry soon.
                            waited = Duration::from_secs(60).saturating_sub(again);
                        }
                    }
                    // Another writer may take over: this one stops.
                    Err(e) if e.is::<super::LocksLost>() => return Err(e),
                    Err(e) => {
                        tracing::error!(error = %format!("{e:#}"), "lỗi khi xử lý hộp thư đến")
                    }
                }
                // Events that came during the pass (a file dropped while
                // it ran, or the pass's own deletions and reports) ask for
                // one more pass, which settles quickly when nothing is new.
                while rx.try_recv().is_ok() {
                    due = true;
                }
                // Idle now: what rendering kept goes back to the system.
                if !due {
                    crate::documents::release_memory();
                }
                continue;
            }
            let idle = if due {
                Duration::from_millis(200)
            } else {
                Duration::from_secs(60)
            };
            // Wake at least every 100 ms to see a stop request.
            let tick = Duration::from_millis(100);
            tokio::select! {
                got = rx.recv() => { if got.is_some() { due = true; } }
                _ = tokio::time::sleep(tick) => {
                    waited += tick;
                    if waited >= idle { due = true; }
                    // Once a second: a deleted inbox or state folder sends
                    // no event, but this writer must stop at once.
                    if waited.as_millis() % 1000 < tick.as_millis()
                        && let Some(service) = &slot
                    {
                        service.check_locks()?;
                    }
                }
            }
        }
        tracing::info!("đã dừng theo dõi");
        Ok::<(), anyhow::Error>(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polling_follows_the_setting_and_the_file_system() {
        let here = std::env::temp_dir();
        assert!(needs_polling(&here, Polling::Always).0);
        assert!(!needs_polling(&here, Polling::Never).0);
        let (polled, fstype) = needs_polling(&here, Polling::Auto);
        let fstype = fstype.expect("Linux reports the mount");
        assert_eq!(
            polled,
            POLLED_TYPES.contains(&fstype.as_str()) || fstype.starts_with("fuse"),
            "{fstype}"
        );
        assert!(filesystem_type(Path::new("/proc")).as_deref() == Some("proc"));
    }
}
