//! One unit of work: the bytes of one workbook, read once by the caller,
//! become its documents or its rejection. `vanthu render`, `vanthu run`,
//! `vanthu watch` and `vanthu regenerate` all go through [`run`], so every
//! route has the same guarantees:
//!
//! - the work runs on a thread of its own with a 16 MiB stack (Typst
//!   recurses deeply on long tables);
//! - it is bounded by the configured time limit (`[service]
//!   file_timeout_ms`); past it the file's outcome is [`Outcome::Retry`]
//!   with that reason, and the thread, bounded by the size limits of
//!   `ingest`, finishes unobserved (calamine and Typst cannot be
//!   cancelled);
//! - a panic is caught and becomes that file's rejection, never the end of
//!   the process or of the other files' work.
//!
//! Invariant: a job reads and writes no file; its only input is the bytes
//! and its only output the [`Outcome`].

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::config::Config;
use crate::documents::{self, DocumentError, Produced};
use crate::text::Date;
use crate::workbook::{self, Examined, Rejection};

/// The work of one file.
#[derive(Debug, Clone)]
pub struct Job {
    /// The file's bytes, exactly as hashed and archived.
    pub bytes: Vec<u8>,
    /// Its file name as it arrived (NFC).
    pub file_name: String,
    /// The unit sub-folder it arrived in, if any.
    pub unit_folder: Option<String>,
    /// Only the documents of these templates (regeneration); every
    /// document when `None`.
    pub only: Option<Vec<String>>,
}

/// Why a file's work should be tried again later rather than rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryCause {
    /// The time limit ran out (perhaps only because the machine was busy).
    TimeLimit,
    /// A template or the configuration is broken: the office's to fix.
    Configuration,
}

/// What became of a job.
#[derive(Debug)]
pub enum Outcome {
    /// The documents.
    Documents {
        /// What the workbook holds.
        examined: Box<Examined>,
        /// Its documents, rendered.
        documents: Vec<Produced>,
    },
    /// Why the workbook gives no document, for its submitter.
    Rejected(Rejection),
    /// Not the file's fault, and it may pass later.
    Retry {
        /// Why.
        cause: RetryCause,
        /// The reason, in Vietnamese.
        reason: String,
    },
}

/// Outcomes held per slot of [`run_each`] while an earlier job runs on:
/// beyond them no job is handed out, so a long list does not make a pass
/// hold the documents of every short one behind it.
pub const HELD_PER_SLOT: usize = 4;

/// Runs `job` on a thread of its own under `config`'s time limit. The
/// limit is the workbook's own time: the time its work waited for a free
/// core (other files being rendered) is added to it. Past it, the work is
/// given up: the document under way finishes, no other is started.
pub fn run(job: Job, config: &Arc<Config>, today: Date) -> Outcome {
    let limit = config.service.file_timeout;
    let shown = workbook::display_name(&job.file_name);
    let (tx, rx) = std::sync::mpsc::channel();
    let config = Arc::clone(config);
    let control = Arc::new(documents::Control::new());
    let work_control = Arc::clone(&control);
    let spawned = std::thread::Builder::new()
        .name("vanthu-job".into())
        .stack_size(documents::parallel::STACK)
        .spawn(move || {
            let file_name = job.file_name.clone();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                work(job, &config, today, &work_control)
            }))
            .unwrap_or_else(|panic| {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                tracing::error!(input = %file_name, panic = %message, "lỗi nội bộ khi xử lý tệp");
                Outcome::Rejected(internal_error(&workbook::display_name(&file_name)))
            });
            let _ = tx.send(outcome);
        });
    if let Err(e) = spawned {
        return Outcome::Retry {
            cause: RetryCause::Configuration,
            reason: format!("không tạo được luồng xử lý ({e}); máy đang thiếu tài nguyên"),
        };
    }
    let started = std::time::Instant::now();
    loop {
        let deadline = started + limit + control.waited();
        // While the work waits for a core its deadline moves on: look
        // again a little later.
        let left = deadline
            .saturating_duration_since(std::time::Instant::now())
            .max(Duration::from_millis(20));
        match rx.recv_timeout(left) {
            Ok(outcome) => return outcome,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Outcome::Rejected(internal_error(&shown));
            }
            // It waited for a core meanwhile, or waits now: its limit is
            // further on.
            Err(std::sync::mpsc::RecvTimeoutError::Timeout)
                if control.is_waiting()
                    || started + limit + control.waited() > std::time::Instant::now() => {}
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                control.cancel();
                return Outcome::Retry {
                    cause: RetryCause::TimeLimit,
                    reason: time_limit_reason(limit),
                };
            }
        }
    }
}

/// The reason given for a file over the time limit.
pub fn time_limit_reason(limit: Duration) -> String {
    format!(
        "xử lý quá {} giây nên đã dừng; bảng tính quá lớn hoặc quá phức tạp, hãy tách thành nhiều tệp nhỏ hơn",
        limit.as_secs_f64().ceil() as u64
    )
}

fn internal_error(file_name: &str) -> Rejection {
    Rejection::file(
        file_name,
        "vanthu gặp lỗi nội bộ khi xử lý tệp này; tệp được giữ nguyên, hãy báo người quản trị (chi tiết trong nhật ký của vanthu)",
    )
}

/// The work itself: examine, then render.
fn work(job: Job, config: &Config, today: Date, control: &documents::Control) -> Outcome {
    crate::failpoint!("job.work", &job.file_name);
    let started = std::time::Instant::now();
    // Reading and checking take a core like a document does.
    let examined = documents::parallel::with_slot(control, || {
        workbook::examine(
            job.bytes,
            &job.file_name,
            job.unit_folder.as_deref(),
            config,
            today,
        )
    });
    let examined = match examined {
        Ok(examined) => examined,
        Err(rejection) => return Outcome::Rejected(rejection),
    };
    tracing::debug!(
        input = %workbook::display_name(&job.file_name),
        examine_ms = started.elapsed().as_millis() as u64,
        "đã đọc và kiểm tra bảng tính"
    );
    let only = |template: &str| {
        job.only
            .as_ref()
            .is_none_or(|only| only.iter().any(|t| t == template))
    };
    match documents::of(&examined, config, today, &only, control) {
        Ok(documents) => Outcome::Documents {
            examined: Box::new(examined),
            documents,
        },
        Err(DocumentError::Template(e)) => Outcome::Retry {
            cause: RetryCause::Configuration,
            reason: e.to_string(),
        },
        Err(DocumentError::GivenUp) => Outcome::Retry {
            cause: RetryCause::TimeLimit,
            reason: time_limit_reason(config.service.file_timeout),
        },
        Err(e @ DocumentError::Render { .. }) => {
            Outcome::Rejected(Rejection::file(&examined.file_name, e.to_string()))
        }
    }
}

/// The caller's side of [`run_each`]: it hands out jobs one at a time, as
/// late as possible (so what it records before a job starts, such as an
/// attempt, is recorded for that job only), and settles each outcome.
pub trait Feed {
    /// What the caller keeps about a job until its outcome comes.
    type Item;
    /// The next job, or `None` when there is no more work for now (asked
    /// again after each outcome: an outcome may free waiting work).
    fn next(&mut self) -> Option<(Self::Item, Job)>;
    /// The outcome of a job handed out by [`Feed::next`].
    fn done(&mut self, item: Self::Item, outcome: Outcome);
}

/// Runs the jobs `feed` hands out, at most `width` at a time, and gives
/// the outcomes back to `feed` (on the calling thread) in the order the
/// jobs were handed out, each as soon as it and those before it are ready:
/// the delivery of one file overlaps the rendering of others, and the same
/// inbox gives the same outbox whichever thread ends first (of two lists
/// whose documents would take one name, the first in the inbox's order
/// keeps it). A job is asked for only when a slot is free and fewer than
/// [`HELD_PER_SLOT`] outcomes per slot wait for an earlier one. Once `stop`
/// is set no further job is asked for; the running ones finish.
pub fn run_each<F: Feed>(
    feed: &mut F,
    config: &Arc<Config>,
    today: Date,
    width: usize,
    stop: &AtomicBool,
) {
    let width = width.max(1);
    let (job_tx, job_rx) = std::sync::mpsc::channel::<(usize, Job)>();
    let job_rx = Mutex::new(job_rx);
    let (out_tx, out_rx) = std::sync::mpsc::channel::<(usize, Outcome)>();
    std::thread::scope(|scope| {
        for _ in 0..width {
            let out_tx = out_tx.clone();
            let job_rx = &job_rx;
            // A waiting thread per slot; the work itself runs on the job's
            // own thread. (Not rayon: blocked pool threads would starve
            // Typst, which uses the pool itself.)
            scope.spawn(move || {
                loop {
                    let next = job_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((index, job))) = next else {
                        break;
                    };
                    if out_tx.send((index, run(job, config, today))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(out_tx);
        // Handed out and not yet settled, in the order handed out, with
        // the outcome once it came.
        let mut pending: BTreeMap<usize, (F::Item, Option<Outcome>)> = BTreeMap::new();
        let mut running = 0usize;
        let mut handed = 0usize;
        let mut exhausted = false;
        loop {
            while !exhausted
                && running < width
                && pending.len() < width * HELD_PER_SLOT
                && !stop.load(Ordering::SeqCst)
            {
                match feed.next() {
                    Some((item, job)) => {
                        pending.insert(handed, (item, None));
                        if job_tx.send((handed, job)).is_err() {
                            break;
                        }
                        running += 1;
                        handed += 1;
                    }
                    None => exhausted = true,
                }
            }
            if pending.is_empty() {
                break;
            }
            let Ok((index, outcome)) = out_rx.recv() else {
                break;
            };
            running = running.saturating_sub(1);
            if let Some((_, slot)) = pending.get_mut(&index) {
                *slot = Some(outcome);
            }
            while let Some(entry) = pending.first_entry() {
                if entry.get().1.is_none() {
                    break;
                }
                let (item, outcome) = entry.remove();
                if let Some(outcome) = outcome {
                    feed.done(item, outcome);
                }
                // A settled job may free work that waited for it.
                exhausted = false;
            }
        }
        drop(job_tx);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> Job {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/workbooks/n01_danh_sach_co_ban.xlsx");
        Job {
            bytes: std::fs::read(path).unwrap(),
            file_name: "n01_danh_sach_co_ban.xlsx".into(),
            unit_folder: None,
            only: None,
        }
    }

    /// A file's time limit is its own time: waiting while the cores lay
    /// out other files' documents does not count. Before, four long lists
    /// dropped at once all ran out of time and were told they were too big.
    #[test]
    fn waiting_for_a_core_does_not_count_against_the_time_limit() {
        let dir = tempfile::tempdir().unwrap();
        let toml = "[service]\nfile_timeout_ms = 1500\n";
        let config = Arc::new(Config::from_toml(toml, None, dir.path()).unwrap());
        let today = Date::new(2026, 1, 5).unwrap();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (tx, rx) = std::sync::mpsc::channel();
        // Every core busy for 3 s, twice the limit, with other work.
        let hold = documents::Control::new();
        let outcome = std::thread::scope(|scope| {
            for _ in 0..cores {
                let tx = tx.clone();
                let hold = &hold;
                scope.spawn(move || {
                    documents::parallel::with_slot(hold, || {
                        let _ = tx.send(());
                        std::thread::sleep(Duration::from_secs(3));
                    })
                });
            }
            for _ in 0..cores {
                rx.recv().unwrap();
            }
            run(job(), &config, today)
        });
        assert!(
            matches!(outcome, Outcome::Documents { .. }),
            "the list is made once a core is free: {outcome:?}"
        );
    }
}
