//! What `vanthu status` reports, read without the writer lock and without
//! writing anything, so it works while `vanthu watch` runs: who is
//! running, the ledger's counts, every file of the inbox not yet settled
//! with why it waits, and the latest inputs.

use std::path::Path;
use std::time::SystemTime;

use anyhow::Result;

use super::inbox;
use super::ledger::{Input, Ledger, State};
use super::{Folders, MAX_ATTEMPTS, Versions, sha256};
use crate::config::Config;

/// The state of the service.
#[derive(Debug, Clone, Default)]
pub struct Status {
    /// The process writing the state folder, when one runs.
    pub writer: Option<String>,
    /// Inputs done.
    pub done: usize,
    /// Inputs rejected.
    pub rejected: usize,
    /// Inputs whose job was interrupted or is running.
    pub processing: usize,
    /// Files of the inbox not settled, with why: (path, reason).
    pub waiting: Vec<(String, String)>,
    /// The latest inputs, newest first.
    pub recent: Vec<Input>,
}

/// Reads the status of the service over `folders`.
pub fn read(config: &Config, folders: &Folders) -> Result<Status> {
    let writer = running_writer(&folders.state);
    let Some(ledger) = Ledger::open_read_only(&folders.ledger())? else {
        let mut status = Status {
            writer,
            ..Status::default()
        };
        status.waiting = inbox::arrivals(&folders.inbox)
            .into_iter()
            .map(|a| {
                let reason = fresh_reason(&a, config);
                (a.relative, reason)
            })
            .collect();
        return Ok(status);
    };
    let versions = Versions::of(config);
    let now = super::ledger::now();
    let mut waiting = Vec::new();
    for arrival in inbox::arrivals(&folders.inbox) {
        let latest = ledger.latest_at(&arrival.relative)?;
        let hash = match std::fs::read(&arrival.path) {
            Ok(bytes) => sha256(&bytes),
            Err(e) => {
                waiting.push((
                    arrival.relative.clone(),
                    format!("không đọc được tệp ({e})"),
                ));
                continue;
            }
        };
        // A file that could not be read has a retry row without content.
        let unreadable = latest
            .as_ref()
            .is_some_and(|r| r.state == State::Retry && r.hash.is_empty());
        let reason = match latest.filter(|r| r.hash == hash || unreadable) {
            Some(row) => match row.state {
                State::Rejected
                    if row.versions.as_deref() == Some(versions.key.as_str())
                        && (row.modified.is_none()
                            || row.modified == super::modified_secs(&arrival.path)) =>
                {
                    continue;
                }
                State::Rejected => {
                    "bị trả lại trước đây; sẽ được kiểm tra lại vì tệp được lưu lại, hoặc cấu hình, mẫu văn bản hay chương trình đã thay đổi".to_owned()
                }
                State::Retry => format!(
                    "{}; thử lại {} (lần {})",
                    row.reason.clone().unwrap_or_default(),
                    row.retry_at
                        .map(|at| if at <= now { "ở lượt tới".to_owned() } else { format!("lúc {}", clock(at)) })
                        .unwrap_or_default(),
                    row.retries + 1
                ),
                State::Processing if writer.is_some() => "đang xử lý".to_owned(),
                State::Processing => format!(
                    "bị gián đoạn khi đang xử lý (lần thử {}/{MAX_ATTEMPTS}); sẽ xử lý lại ở lượt tới",
                    row.attempts
                ),
                State::Done | State::Duplicate => row.reason.clone().unwrap_or_else(|| {
                    "đã xử lý; sẽ được đưa ra khỏi hộp thư đến ở lượt tới".to_owned()
                }),
                State::Withdrawn => fresh_reason(&arrival, config),
                State::Received => fresh_reason(&arrival, config),
            },
            None => fresh_reason(&arrival, config),
        };
        waiting.push((arrival.relative, reason));
    }
    Ok(Status {
        writer,
        done: ledger.count(State::Done)?,
        rejected: ledger.count(State::Rejected)?,
        processing: ledger.count(State::Processing)?,
        waiting,
        recent: ledger.recent(20)?,
    })
}

/// Why a file the ledger has not settled waits, looked at now.
fn fresh_reason(arrival: &inbox::Arrival, config: &Config) -> String {
    let signature = inbox::signature(&arrival.path);
    match inbox::gate(
        &arrival.path,
        signature,
        signature,
        SystemTime::now(),
        config.service.quiet,
        config.service.stale_lock,
    ) {
        Ok(()) => "chờ lượt xử lý tới".to_owned(),
        Err(wait) => wait.reason(),
    }
}

/// The process holding the state folder's lock, from the lock file, when
/// it is alive.
fn running_writer(state: &Path) -> Option<String> {
    let text = std::fs::read_to_string(state.join("lock")).ok()?;
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
            .map(str::trim)
    };
    let pid: u32 = field("pid")?.parse().ok()?;
    // A recycled process id belongs to another program: its command line
    // says so. Nothing is locked here, not even for a moment.
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let ours = pid != std::process::id() && String::from_utf8_lossy(&cmdline).contains("vanthu");
    ours.then(|| format!("{} (PID {pid})", field("command").unwrap_or("vanthu")))
}

/// "14:05 ngày 04/12/2026" in Vietnam's time from Unix seconds.
pub fn clock(unix_seconds: i64) -> String {
    let local = unix_seconds + 7 * 3600;
    let minutes = local.rem_euclid(86_400) / 60;
    let date = crate::text::Date::in_vietnam_at(unix_seconds)
        .map(|d| d.to_string())
        .unwrap_or_default();
    format!("{:02}:{:02} ngày {date}", minutes / 60, minutes % 60)
}
