//! What `vanthu status` reports, read without the writer lock and without
//! writing anything, so it works while `vanthu watch` runs: a picture of
//! now. Who is running; the inbox's files waiting (with why), rejected and
//! still there (with their first problem), and left alone (with why); the
//! copies dropped as duplicates and the latest deliveries; each configured
//! unit with its counts.

use std::path::Path;
use std::time::{Duration, SystemTime};

use anyhow::Result;
use serde::Serialize;

use super::inbox;
use super::ledger::{Input, Ledger, State};
use super::{Folders, MAX_ATTEMPTS, Versions, sha256};
use crate::config::Config;

/// How many duplicates and deliveries the status lists.
const LATEST: usize = 10;

/// The state of the service, now.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// When it was read: "14:05 ngày 04/12/2026".
    pub at: String,
    /// The inbox read.
    pub inbox: String,
    /// The outbox.
    pub outbox: String,
    /// What is wrong with vanthu.toml, when it cannot be used.
    pub broken_config: Option<String>,
    /// The templates that cannot be used, each with its file and line.
    pub broken_templates: Vec<String>,
    /// The process writing the state folder, when one runs.
    pub writer: Option<String>,
    /// The shared PostgreSQL ledger (without its password) and who works
    /// on it, when configured.
    pub shared: Option<Shared>,
    /// Files of the inbox not settled yet, with why they wait.
    pub waiting: Vec<Waiting>,
    /// Files of the inbox rejected for their problems, still there.
    pub rejected: Vec<Rejected>,
    /// Files and folders of the inbox left alone, with why.
    pub ignored: Vec<Ignored>,
    /// The latest copies not processed because their content was already,
    /// newest first.
    pub duplicates: Vec<Duplicate>,
    /// The latest deliveries, newest first.
    pub deliveries: Vec<Delivery>,
    /// Each configured unit, then the inbox itself when it has files.
    pub units: Vec<UnitCounts>,
    /// Inputs whose documents are current (one per file name).
    pub current: usize,
}

/// The shared ledger as `status` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Shared {
    /// Its address, without a password.
    pub ledger: String,
    /// Who works on it.
    #[serde(flatten)]
    pub cluster: super::ledger::postgres::Cluster,
}

/// A file of the inbox waiting.
#[derive(Debug, Clone, Serialize)]
pub struct Waiting {
    /// Its path relative to the inbox.
    pub path: String,
    /// Why it waits, in Vietnamese.
    pub reason: String,
}

/// A rejected file still in the inbox.
#[derive(Debug, Clone, Serialize)]
pub struct Rejected {
    /// Its path relative to the inbox.
    pub path: String,
    /// Its first problem.
    pub reason: String,
    /// Its report beside it, relative to the inbox, when it is there.
    pub report: Option<String>,
    /// When it was checked.
    pub at: String,
}

/// A file or folder of the inbox left alone.
#[derive(Debug, Clone, Serialize)]
pub struct Ignored {
    /// Its path relative to the inbox (a folder's ends in `/`).
    pub path: String,
    /// Why, in Vietnamese.
    pub reason: String,
}

/// A copy not processed: its content came before from the same unit.
#[derive(Debug, Clone, Serialize)]
pub struct Duplicate {
    /// Its path relative to the inbox when it came.
    pub path: String,
    /// Why, in Vietnamese ("trùng nội dung với …").
    pub reason: String,
    /// When it came.
    pub at: String,
}

/// One input's documents delivered.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    /// The input's path relative to the inbox.
    pub input: String,
    /// When.
    pub at: String,
    /// The documents, relative to the outbox.
    pub documents: Vec<String>,
}

/// A unit's counts.
#[derive(Debug, Clone, Serialize)]
pub struct UnitCounts {
    /// Its folder in the inbox ("" for the inbox itself).
    pub folder: String,
    /// Its name, as documents print it.
    pub name: String,
    /// Its current inputs (lists and score sheets with documents).
    pub current: usize,
    /// Its files waiting.
    pub waiting: usize,
    /// Its rejected files still in the inbox.
    pub rejected: usize,
}

/// Reads the status of the service over `folders`. With `config_broken`
/// the configuration read is a stand-in: a file's judgement is taken as it
/// stands, whatever versions it was made under (the running service keeps
/// its last good configuration, and will not judge it again for this).
pub fn read(config: &Config, folders: &Folders, config_broken: bool) -> Result<Status> {
    let writer = running_writer(&folders.state);
    let (arrivals, ignored) = inbox::look(&folders.inbox);
    let absolute = |p: &Path| {
        std::fs::canonicalize(p)
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_path_buf())
            .display()
            .to_string()
    };
    let mut status = Status {
        at: clock(super::ledger::now()),
        inbox: absolute(&folders.inbox),
        outbox: absolute(&folders.outbox),
        writer,
        ignored: ignored
            .into_iter()
            .map(|i| Ignored {
                reason: stale_lock_reason(&folders.inbox, &i.relative, config).unwrap_or(i.reason),
                path: i.relative,
            })
            .collect(),
        ..Status::default()
    };
    // Files changed in the last seconds are looked at twice, a moment
    // apart, so one still being written is said to be.
    let before: std::collections::HashMap<String, Option<inbox::Signature>> = arrivals
        .iter()
        .map(|a| (a.relative.clone(), inbox::signature(&a.path)))
        .collect();
    let fresh = before.values().flatten().any(|(_, modified, _)| {
        SystemTime::now()
            .duration_since(*modified)
            .map_or(true, |age| age < Duration::from_secs(10))
    });
    if fresh {
        std::thread::sleep(Duration::from_millis(300));
    }
    let ledger = match &config.service.ledger {
        Some(shared) => Some(Ledger::open_shared(
            shared,
            std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
        )?),
        None => Ledger::open_read_only(&folders.ledger())?,
    };
    if let (Some(settings), Some(shared)) = (
        &config.service.ledger,
        ledger.as_ref().and_then(|l| l.shared()),
    ) {
        // Another office's database is not read as this one's.
        let ours = super::written_office_id(&folders.state);
        if let (Some(ours), Some(theirs)) = (ours, shared.office()?)
            && ours != theirs
        {
            anyhow::bail!(
                "sổ theo dõi dùng chung (PostgreSQL) {} là sổ của một văn phòng khác (mã {theirs}, thư mục trạng thái này mang mã {ours}); hãy sửa [ledger] url",
                crate::config::redact_url(&settings.url)
            );
        }
        status.shared = Some(Shared {
            ledger: crate::config::redact_url(&settings.url),
            cluster: shared.cluster()?,
        });
    }
    let Some(ledger) = ledger else {
        status.waiting = arrivals
            .iter()
            .map(|a| Waiting {
                path: a.relative.clone(),
                reason: fresh_reason(a, config, &before),
            })
            .collect();
        status.units = unit_counts(config, &status, &[]);
        return Ok(status);
    };
    let versions = Versions::of(config);
    let now = super::ledger::now();
    for arrival in &arrivals {
        let latest = ledger.latest_at(&arrival.relative)?;
        let hash = match std::fs::read(&arrival.path) {
            Ok(bytes) => sha256(&bytes),
            Err(e) => {
                status.waiting.push(Waiting {
                    path: arrival.relative.clone(),
                    reason: format!("không đọc được tệp ({e})"),
                });
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
                    if (config_broken || row.versions.as_deref() == Some(versions.key.as_str()))
                        && (row.modified.is_none()
                            || row.modified == super::modified_secs(&arrival.path)) =>
                {
                    // Its report where it belongs, or, until the next pass
                    // moves it there, one under another of its names that
                    // says it is this file's.
                    let heading = format!(
                        "\r\nTệp: {}\r\n",
                        crate::workbook::one_line(&crate::workbook::display_name(
                            arrival.file_name()
                        ))
                    );
                    let report = Some(arrival.report_path())
                        .filter(|p| p.exists())
                        .or_else(|| {
                            arrival.report_paths().into_iter().find(|p| {
                                std::fs::read_to_string(p).is_ok_and(|t| t.contains(&heading))
                            })
                        })
                        .and_then(|p| {
                        p.strip_prefix(&folders.inbox)
                            .ok()
                            .map(|p| p.to_string_lossy().into_owned())
                    });
                    // A whole-file reason starts with the file's name,
                        // which the line already gives.
                        let reason = row.reason.clone().unwrap_or_default();
                        let own = format!("{}: ", crate::workbook::display_name(arrival.file_name()));
                        let reason = reason.strip_prefix(&own).unwrap_or(&reason).to_owned();
                        status.rejected.push(Rejected {
                        path: arrival.relative.clone(),
                        reason,
                        report,
                        at: clock(row.finished_at.unwrap_or(row.received_at)),
                    });
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
                State::Processing if status.writer.is_some() => "đang xử lý".to_owned(),
                // On the shared ledger: the worker holding it, or the
                // worker that died or stalled on it, whose lease runs out.
                State::Processing if status.shared.is_some() => {
                    match status
                        .shared
                        .iter()
                        .flat_map(|s| &s.cluster.claimed)
                        .find(|(path, _)| *path == arrival.relative)
                    {
                        Some((_, worker)) => format!("đang xử lý (máy {worker})"),
                        None => format!(
                            "lần xử lý trước bị ngắt giữa chừng (lần thử {}/{MAX_ATTEMPTS}); máy khác sẽ nhận xử lý lại khi hết hạn giữ tệp",
                            row.attempts
                        ),
                    }
                }
                // A stop asked for gave its attempt back: no crash.
                State::Processing if row.attempts == 0 => {
                    "lần xử lý trước được dừng theo yêu cầu; sẽ xử lý lại khi vanthu chạy".to_owned()
                }
                State::Processing => format!(
                    "lần xử lý trước bị ngắt giữa chừng (vanthu đã dừng; lần thử {}/{MAX_ATTEMPTS}); sẽ xử lý lại khi vanthu chạy",
                    row.attempts
                ),
                State::Done | State::Duplicate => row.reason.clone().unwrap_or_else(|| {
                    "đã xử lý; sẽ được đưa ra khỏi hộp thư đến ở lượt tới".to_owned()
                }),
                State::Withdrawn | State::Received => fresh_reason(arrival, config, &before),
            },
            None => fresh_reason(arrival, config, &before),
        };
        status.waiting.push(Waiting {
            path: arrival.relative.clone(),
            reason,
        });
    }
    status.duplicates = ledger
        .recent_in_state(State::Duplicate, LATEST)?
        .into_iter()
        .map(|row| Duplicate {
            reason: format!(
                "{}; không tạo lại văn bản, bản này được lưu trong kho lưu trữ",
                row.reason
                    .clone()
                    .unwrap_or_else(|| "trùng nội dung".to_owned())
            ),
            at: clock(row.received_at),
            path: row.path,
        })
        .collect();
    for row in ledger.recent_in_state(State::Done, LATEST)? {
        let mut documents: Vec<String> = ledger
            .outputs(row.id)?
            .into_iter()
            .map(|o| o.path)
            .collect();
        documents.sort();
        status.deliveries.push(Delivery {
            input: row.path,
            at: clock(row.finished_at.unwrap_or(row.received_at)),
            documents,
        });
    }
    let current = ledger.current_done()?;
    status.current = current.len();
    status.units = unit_counts(config, &status, &current);
    Ok(status)
}

/// For an Office lock file older than `stale_lock_hours`: that it holds
/// nothing any more (its workbook is taken) and may be deleted.
fn stale_lock_reason(inbox: &Path, relative: &str, config: &Config) -> Option<String> {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    if !(name.starts_with("~$") || name.starts_with(".~lock.")) {
        return None;
    }
    let modified = std::fs::metadata(inbox.join(relative))
        .and_then(|m| m.modified())
        .ok()?;
    let age = SystemTime::now().duration_since(modified).ok()?;
    (age >= config.service.stale_lock).then(|| {
        let since = modified
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| clock(d.as_secs() as i64))
            .unwrap_or_default();
        format!(
            "tệp khóa cũ của Excel hoặc LibreOffice (từ {since}), do chương trình đóng đột ngột để lại; không còn giữ bảng tính, có thể xóa"
        )
    })
}

/// Each configured unit's counts, then the inbox's own when it has any.
fn unit_counts(config: &Config, status: &Status, current: &[Input]) -> Vec<UnitCounts> {
    let folder_of = |path: &str| match path.split_once('/') {
        Some((folder, _)) => folder.to_owned(),
        None => String::new(),
    };
    let count = |folder: &str| UnitCounts {
        folder: folder.to_owned(),
        name: config
            .unit_of_folder(folder)
            .map(str::to_owned)
            .unwrap_or_else(|| {
                if folder.is_empty() {
                    "Hộp thư đến chung (không thuộc thư mục đơn vị)".to_owned()
                } else {
                    format!("Thư mục “{folder}” (chưa khai báo trong [units])")
                }
            }),
        current: current.iter().filter(|i| i.unit_folder == folder).count(),
        waiting: status
            .waiting
            .iter()
            .filter(|w| folder_of(&w.path) == folder)
            .count(),
        rejected: status
            .rejected
            .iter()
            .filter(|r| folder_of(&r.path) == folder)
            .count(),
    };
    let mut folders: Vec<String> = config.units.keys().cloned().collect();
    folders.sort();
    let mut units: Vec<UnitCounts> = folders.iter().map(|f| count(f)).collect();
    // Folders and the inbox itself with files but no [units] entry.
    let mut others: Vec<String> = current
        .iter()
        .map(|i| i.unit_folder.clone())
        .chain(status.waiting.iter().map(|w| folder_of(&w.path)))
        .chain(status.rejected.iter().map(|r| folder_of(&r.path)))
        .filter(|f| !folders.contains(f))
        .collect();
    others.sort();
    others.dedup();
    units.extend(others.iter().map(|f| count(f)));
    units
}

/// Why a file the ledger has not settled waits, looked at now.
fn fresh_reason(
    arrival: &inbox::Arrival,
    config: &Config,
    before: &std::collections::HashMap<String, Option<inbox::Signature>>,
) -> String {
    let signature = inbox::signature(&arrival.path);
    let first = before.get(&arrival.relative).copied().unwrap_or(signature);
    match inbox::gate(
        &arrival.path,
        first,
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
