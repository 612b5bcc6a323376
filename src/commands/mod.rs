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
    /// The configuration and the folders of this run.
    pub fn load(&self) -> Result<(Config, Folders)> {
        let config = Config::load(self.config.as_deref())?;
        let folders =
            crate::service::folders_of(&config, self.inbox.as_deref(), self.outbox.as_deref());
        Ok((config, folders))
    }

    /// Opens the service for `command`, its stop flag set by SIGINT and
    /// SIGTERM from now on (a second signal ends the process at once).
    pub fn open(&self, command: &str) -> Result<Service> {
        let stop = stop_on_signals()?;
        let (config, folders) = self.load()?;
        Service::open(config, folders, command, stop)
    }
}

/// A flag that SIGINT and SIGTERM set; a second such signal ends the
/// process at once (exit status 130).
pub fn stop_on_signals() -> Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&stop))
            .context("không đăng ký được tín hiệu dừng")?;
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("không đăng ký được tín hiệu dừng")?;
    }
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
    std::fs::read(path).with_context(|| format!("không đọc được {}", path.display()))
}
