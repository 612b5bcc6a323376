//! One module per subcommand of the `vanthu` binary: the orchestration
//! layer that reads files and the clock, calls the pure stages and the
//! service, and writes the results. Errors here are `anyhow` errors whose
//! messages are Vietnamese; the binary prints them and maps them to exit
//! codes.
//!
//! Invariant: nothing below `commands` calls into it; the binary calls
//! nothing else of the library (besides `text::run` for `vanthu text`).

pub mod check;
pub mod compose;
pub mod demo;
pub mod init;
pub mod regenerate;
pub mod render;
pub mod run;
pub mod status;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result};

use crate::config::Config;
use crate::service::{Folders, Service};
use crate::text::Date;

/// Today in Vietnam (UTC+7) from the system clock: the one place the
/// program reads the date.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Date::in_vietnam_at(secs).unwrap_or_else(|| Date::new(2026, 1, 1).expect("a valid date"))
}

/// Arguments shared by the service commands.
#[derive(Debug, Clone, Default)]
pub struct ServiceArgs {
    /// Configuration file; `vanthu.toml` in the working folder by default.
    pub config: Option<PathBuf>,
    /// Inbox for this run instead of the configured one.
    pub inbox: Option<PathBuf>,
    /// Outbox for this run instead of the configured one.
    pub outbox: Option<PathBuf>,
}

impl ServiceArgs {
    /// The configuration and the folders of this run. The service needs a
    /// configuration file: without one, folders would be made wherever the
    /// command happens to run.
    pub fn load(&self) -> Result<(Config, Folders)> {
        if self.config.is_none() && !Path::new("vanthu.toml").exists() {
            anyhow::bail!(
                "không tìm thấy vanthu.toml trong thư mục hiện tại ({}); hãy chạy lệnh trong thư mục của cơ quan (nơi có vanthu.toml), chỉ rõ tệp bằng --config, hoặc tạo mới bằng vanthu init",
                std::env::current_dir()
                    .map(|d| d.display().to_string())
                    .unwrap_or_default()
            );
        }
        let path = self
            .config
            .clone()
            .unwrap_or_else(|| PathBuf::from("vanthu.toml"));
        // An editor or a copy may be writing the file right now: read it
        // again until it has stood still for the quiet period it sets (at
        // most half a minute).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let config = loop {
            if std::fs::read_to_string(&path).is_ok_and(|t| t.trim().is_empty()) {
                anyhow::bail!(
                    "{} trống; hãy ghi lại nội dung cấu hình (vanthu init tạo một tệp mẫu có chú thích)",
                    path.display()
                );
            }
            let config = Config::load(Some(&path))?;
            let age = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|m| std::time::SystemTime::now().duration_since(m).ok())
                .unwrap_or_default();
            if age >= config.service.quiet || std::time::Instant::now() >= deadline {
                break config;
            }
            std::thread::sleep(config.service.quiet - age);
        };
        let folders =
            crate::service::folders_of(&config, self.inbox.as_deref(), self.outbox.as_deref());
        Ok((config, folders))
    }

    /// Opens the service for `command`, its stop flag set by SIGINT,
    /// SIGTERM and SIGHUP from now on (a second signal ends the process at
    /// once).
    pub fn open(&self, command: &str) -> Result<Service> {
        let stop = stop_on_signals()?;
        let (config, folders) = self.load()?;
        let ledger = folders.ledger();
        let shared = config.service.ledger.is_some();
        let service = Service::open(config, folders, command, stop)?;
        // Stopped at once on request, the files under way were not what
        // stopped the process: their attempts are given back (on the
        // shared ledger, their claims freed for the others at once too).
        let forced: ForcedStop = match service.ledger_shared() {
            Some(shared_ledger) if shared => Box::new(shared_ledger.forced_stop()),
            _ => Box::new(move || crate::service::ledger::give_back_attempts(&ledger)),
        };
        let _ = FORCED_STOP.set(forced);
        Ok(service)
    }
}

/// What a stop forced at once runs before the process ends.
type ForcedStop =
    Box<dyn Fn() -> Result<(), crate::service::ledger::LedgerError> + Send + Sync + 'static>;

/// Gives back the attempts of the files under way when a stop is forced,
/// once the service holds its ledger.
static FORCED_STOP: std::sync::OnceLock<ForcedStop> = std::sync::OnceLock::new();

/// A flag that SIGINT, SIGTERM and SIGHUP set from now on; the first one is
/// acknowledged in the log, a second one ends the process at once (exit
/// status 130).
pub fn stop_on_signals() -> Result<Arc<AtomicBool>> {
    // SIGHUP too: the terminal it ran in was closed.
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let stop = Arc::new(AtomicBool::new(false));
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
        .context("không đăng ký được tín hiệu dừng")?;
    let flag = Arc::clone(&stop);
    std::thread::Builder::new()
        .name("vanthu-signals".into())
        .spawn(move || {
            for _ in signals.forever() {
                if flag.swap(true, std::sync::atomic::Ordering::SeqCst) {
                    // A stop asked for is no crash: the files under way
                    // keep their count of attempts (three crashes reject).
                    if let Some(give_back) = FORCED_STOP.get()
                        && let Err(e) = give_back()
                    {
                        eprintln!("Không ghi được vào sổ theo dõi khi dừng ngay: {e}");
                    }
                    eprintln!("Dừng ngay theo yêu cầu; tệp đang dở sẽ được xử lý lại ở lần chạy sau.");
                    std::process::exit(130);
                }
                tracing::warn!(
                    "đã nhận yêu cầu dừng: dừng sau khi xong các tệp đang xử lý; gửi lần nữa (Ctrl+C) để dừng ngay"
                );
            }
        })
        .context("không đăng ký được tín hiệu dừng")?;
    Ok(stop)
}

/// The name of the folder holding `path`, used to look up the unit.
fn folder_of(path: &Path) -> Option<String> {
    path.parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
}

/// The file name of `path` as it arrived, NFC.
fn file_name_of(path: &Path) -> String {
    use unicode_normalization::UnicodeNormalization;
    path.file_name()
        .map(|n| n.to_string_lossy().nfc().collect())
        .unwrap_or_default()
}

/// Reads a workbook the user named.
fn read_input(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        anyhow::anyhow!(
            "không đọc được {}: {}",
            path.display(),
            crate::text::io_error(&e)
        )
    })
}
