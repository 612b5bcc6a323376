//! The hot-folder service: what arrives in the inbox becomes documents in
//! the outbox, exactly once, durably, one file's trouble never another's.
//!
//! One pass ([`Service::pass`]) first remakes documents whose template or
//! configuration changed ([`regenerate`]), then looks at every submitted
//! file of the inbox ([`inbox`]): a file still moving or open in Excel
//! waits, with its reason in the ledger; a ready file is read once, and its
//! bytes are what is hashed, archived and rendered. What the ledger already
//! knows of the content decides what is left to do: nothing for a rejected
//! file unchanged since it was judged, an archive copy for the same content
//! from the same unit as a current input ([`ledger::State::Duplicate`]), a
//! [`crate::job`] otherwise. Jobs run side by side, each on its own thread
//! under the time limit; a file that was being processed when the process
//! died runs alone, and after three such deaths it is rejected. Each outcome
//! is settled as soon as it is ready ([`deliver`]): documents delivered,
//! report written, or a retry scheduled with backoff. Last, the yearly
//! summary is brought up to date ([`summary`]).
//!
//! Only one process writes a state folder at a time ([`lock`]); `vanthu
//! status` reads it without the lock ([`status`]).

pub mod deliver;
pub mod inbox;
pub mod ledger;
pub mod lock;
pub mod regenerate;
pub mod status;
pub mod summary;
pub mod watch;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use anyhow::Result;
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use crate::config::Config;
use crate::job::{self, Job};
use crate::outbox;
use crate::text::Date;
use inbox::Arrival;
use ledger::{Ledger, State};

/// Attempts after which a file that keeps taking the process down is
/// rejected instead of run again.
pub const MAX_ATTEMPTS: i64 = 3;

/// How long the leader of the shared ledger works the queue before it
/// scans the inbox again.
const LEADER_WORK: Duration = Duration::from_secs(5);

/// Time-limit failures after which a file is rejected.
pub const MAX_TIME_LIMIT_RETRIES: i64 = 3;

/// The folders the service works in.
#[derive(Debug, Clone)]
pub struct Folders {
    /// Where departments drop workbooks.
    pub inbox: PathBuf,
    /// Where documents are delivered.
    pub outbox: PathBuf,
    /// Ledger, archive, lock.
    pub state: PathBuf,
}

impl Folders {
    /// The folders of a configuration.
    pub fn of(config: &Config) -> Folders {
        Folders {
            inbox: config.service.inbox.clone(),
            outbox: config.service.outbox.clone(),
            state: config.service.state.clone(),
        }
    }

    /// The ledger database.
    pub fn ledger(&self) -> PathBuf {
        self.state.join("ledger.sqlite3")
    }

    /// The archive of processed inputs.
    pub fn archive(&self) -> PathBuf {
        self.state.join("archive")
    }
}

/// What became of the files of one pass.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PassReport {
    /// Inputs turned into documents: (input path, documents written).
    pub done: Vec<(String, Vec<String>)>,
    /// Inputs rejected: (input path, report path).
    pub rejected: Vec<(String, String)>,
    /// Files not taken yet: (input path, why).
    pub waiting: Vec<(String, String)>,
    /// Files to try again later: (input path, why).
    pub retrying: Vec<(String, String)>,
    /// Copies of a current input from the same unit, archived without
    /// documents.
    pub duplicates: Vec<String>,
    /// Inputs whose documents were made again after a template or
    /// configuration change: (input path, documents written).
    pub regenerated: Vec<(String, Vec<String>)>,
    /// The pass stopped early on a stop request.
    pub stopped: bool,
    /// When a waiting file should be looked at again (settling files soon,
    /// retries when due).
    pub again_in: Option<Duration>,
}

impl PassReport {
    /// Asks for another look within `after`.
    pub fn again(&mut self, after: Duration) {
        self.again_in = Some(self.again_in.map_or(after, |a| a.min(after)));
    }

    /// A file whose retry is not due yet (at Unix second `now`).
    fn waits_for_retry(&mut self, relative: &str, row: &ledger::Input, now: i64) {
        let due = row.retry_at.unwrap_or(now).saturating_sub(now);
        self.again(Duration::from_secs(due.max(0) as u64));
        self.waiting
            .push((relative.to_owned(), row.reason.clone().unwrap_or_default()));
    }
}

/// The versions documents and judgements are made under: the
/// configuration's text, each template's text, the program.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Versions {
    /// Hash of `vanthu.toml`.
    pub config: String,
    /// Hash of each template's text, by name.
    pub templates: BTreeMap<String, String>,
    /// One key over all of them and the program's version.
    pub key: String,
}

impl Versions {
    /// The versions in force for `config`, its text read now.
    pub fn of(config: &Config) -> Versions {
        Versions::new(config, &config_text_hash(config))
    }

    /// The versions in force for `config`, whose text hashes to
    /// `config_hash`.
    pub fn new(config: &Config, config_hash: &str) -> Versions {
        let templates: BTreeMap<String, String> = crate::template::built_in_names()
            .map(|name| (name.to_owned(), template_version(config, name)))
            .collect();
        let mut all = format!("{}\n{config_hash}\n", env!("CARGO_PKG_VERSION"));
        for (name, version) in &templates {
            all.push_str(&format!("{name}={version}\n"));
        }
        Versions {
            config: config_hash.to_owned(),
            templates,
            key: sha256(all.as_bytes()),
        }
    }

    /// The version of one template.
    pub fn template(&self, name: &str) -> String {
        self.templates.get(name).cloned().unwrap_or_default()
    }
}

/// The hash of the configuration's text (of no file: of nothing).
fn config_text_hash(config: &Config) -> String {
    match &config.path {
        Some(p) => sha256(&std::fs::read(p).unwrap_or_default()),
        None => sha256(b""),
    }
}

/// True when a file at `path` changed less than `quiet` ago (an editor
/// may still be writing it).
fn changing(path: &Path, quiet: Duration) -> bool {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok())
        .is_some_and(|age| age < quiet)
}

/// The version of a template: the program's way of composing documents
/// ([`crate::documents::COMPOSITION`]) and the hash of the template's text
/// as found now.
fn template_version(config: &Config, name: &str) -> String {
    let text = crate::template::Template::find(name, &config.templates_dir)
        .map(|t| sha256(t.source().as_bytes()))
        .unwrap_or_default();
    format!("{}:{text}", crate::documents::COMPOSITION)
}

/// True when an output's template version was made by this program's way
/// of composing documents (an older program's, or a version without one,
/// is not).
fn same_composition(template_version: &str) -> bool {
    template_version
        .split_once(':')
        .is_some_and(|(composition, _)| composition == crate::documents::COMPOSITION)
}

/// SHA-256 of bytes, hex.
pub fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Delay before the `n`th retry of a transient failure: `first` (30 s by
/// default), doubling, at most an hour.
pub fn backoff(first: Duration, n: i64) -> Duration {
    let exponent = n.clamp(1, 16) - 1;
    (first * (1u32 << exponent)).min(Duration::from_secs(3600))
}

/// The service over its folders, configuration and ledger; holding it
/// holds the state folder's writer lock.
pub struct Service {
    pub(crate) config: Arc<Config>,
    pub(crate) folders: Folders,
    pub(crate) ledger: Ledger,
    pub(crate) versions: Versions,
    /// Set by a stop signal: no job starts after it.
    pub(crate) stop: Arc<AtomicBool>,
    /// Hash of the text of the configuration in use.
    config_hash: String,
    /// Hash of a configuration text found broken (judged once).
    broken_config: Option<String>,
    /// Content and unit folder of the files handed to jobs and not settled
    /// yet: a copy dropped beside one waits for it, and is then a
    /// duplicate.
    pub(crate) in_flight: std::collections::HashSet<(String, String)>,
    /// The summary key whose writing failed, and when: not tried again
    /// for a while.
    pub(crate) summary_failed: Option<(String, std::time::Instant)>,
    /// The versions under which the templates were last checked, and what
    /// was found broken then: said once per change.
    templates_checked: Option<String>,
    templates_broken: Vec<String>,
    /// Files whose content was being worked on when they came up: taken up
    /// again when a job settles.
    deferred: Vec<Arrival>,
    /// When this worker last swept what interrupted runs left.
    swept: Option<std::time::Instant>,
    /// The leader takes no job from the queue after this, until it has
    /// scanned the inbox again.
    claim_until: Option<std::time::Instant>,
    /// The versions under which no document was found stale, and when:
    /// looked at again when they change, or after a minute (a peer may
    /// have delivered under older ones meanwhile).
    pub(crate) stale_checked: Option<(String, std::time::Instant)>,
    /// Jobs this worker claimed from the shared queue so far.
    claimed: u64,
    /// One pass only (`run`, `regenerate`): the queue is worked until it
    /// is empty, there is no next pass to come back in.
    one_pass: bool,
    /// The leader's memory of each file it queued and saw judged: its
    /// signature then. A rejected file is queued again only once it
    /// changed (size or time, to the nanosecond).
    queued_as: std::collections::HashMap<String, inbox::Signature>,
    _locks: Vec<lock::WriterLock>,
}

/// The service's locks no longer guard anything: it must stop, not go on
/// to the next pass.
#[derive(Debug)]
pub struct LocksLost(String);

impl std::fmt::Display for LocksLost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LocksLost {}

/// A ready file with its bytes and its ledger row, about to be worked on.
pub(crate) struct Prepared {
    pub(crate) arrival: Arrival,
    pub(crate) bytes: Arc<[u8]>,
    pub(crate) hash: String,
    pub(crate) row: ledger::Input,
    /// When its work began, for the log's duration.
    pub(crate) started: std::time::Instant,
}

impl Service {
    /// Opens the service for `command` ("run", "watch", "regenerate"):
    /// takes the state folder's writer lock (or fails naming its holder),
    /// creates the folders, opens the ledger, and, being the one writer,
    /// removes what an interrupted run left (temporary files, files set
    /// aside while being taken out of the inbox).
    pub fn open(
        config: Config,
        folders: Folders,
        command: &str,
        stop: Arc<AtomicBool>,
    ) -> Result<Service> {
        outbox::create_dir_all(&folders.state)?;
        // One writer per state folder and inbox, unless the ledger is the
        // shared database, whose claims keep several workers apart.
        let shared = config.service.ledger.clone();
        let mut locks = Vec::new();
        if shared.is_none() {
            locks.push(lock::acquire(&folders.state, lock::STATE, command)?);
        }
        for dir in [&folders.inbox, &folders.outbox, &folders.archive()] {
            outbox::create_dir_all(dir)?;
        }
        // The inbox too: another state folder may name the same inbox (a
        // `vanthu run --inbox` from elsewhere).
        if shared.is_none() {
            locks.extend(lock::acquire_folder(&folders.inbox)?);
        }
        // Each configured unit gets its folder in the inbox, so departments
        // find where to drop their files (unless a folder of that name, in
        // any Unicode form, is there).
        let existing: Vec<String> = std::fs::read_dir(&folders.inbox)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().nfc().collect())
                    .collect()
            })
            .unwrap_or_default();
        for folder in config.units.keys() {
            let name = outbox::safe_stem(folder);
            if !existing.contains(&name) {
                outbox::create_dir_all(&folders.inbox.join(name))?;
            }
        }
        let ledger = match &shared {
            None => Ledger::open(&folders.ledger())?,
            Some(settings) => {
                let ledger = Ledger::open_shared(settings, Arc::clone(&stop))?;
                let (id, place) = office_id(&folders.state)?;
                if let Some(shared) = ledger.shared() {
                    shared.claim_office(&id, &place)?;
                }
                tracing::info!(
                    ledger = %crate::config::redact_url(&settings.url),
                    worker = %settings.worker,
                    "dùng sổ theo dõi dùng chung (PostgreSQL)"
                );
                ledger
            }
        };
        let mut service = Service {
            config: Arc::new(config),
            folders,
            ledger,
            versions: Versions::default(),
            stop,
            config_hash: String::new(),
            broken_config: None,
            in_flight: Default::default(),
            summary_failed: None,
            templates_checked: None,
            templates_broken: Vec::new(),
            deferred: Vec::new(),
            swept: None,
            claim_until: None,
            one_pass: command != "watch",
            claimed: 0,
            stale_checked: None,
            queued_as: Default::default(),
            _locks: locks,
        };
        service.config_hash = config_text_hash(&service.config);
        service.versions = Versions::new(&service.config, &service.config_hash);
        service.lead_and_sweep()?;
        for advice in service
            .config
            .advisories()
            .into_iter()
            .chain(crate::template::advisories(&service.config.templates_dir))
        {
            tracing::warn!("lưu ý: {advice}");
        }
        Ok(service)
    }

    /// On the shared ledger, takes or keeps the leader's lock; true when
    /// this worker does the shared work (always, on a ledger of its own).
    /// A worker that comes to lead (or one alone, when it opens) removes
    /// what an interrupted run left: temporary files and files set aside
    /// while being taken out of the inbox. Workers sharing the ledger
    /// remove only what is far older than a write, and sweep at most
    /// every ten minutes.
    fn lead_and_sweep(&mut self) -> Result<bool> {
        let min_age = match self.ledger.shared() {
            None if self.swept.is_some() => return Ok(true),
            None => Duration::ZERO,
            Some(shared) => {
                // A server that cannot be reached makes this no leader for
                // the pass; the queue's own calls wait for it (and say so
                // once), rather than each pass failing at once.
                let leads = match shared.lead() {
                    Ok(leads) => leads,
                    Err(ledger::LedgerError::Unreachable(_)) => false,
                    Err(e) => return Err(e.into()),
                };
                if !leads {
                    self.swept = None;
                    return Ok(false);
                }
                if self
                    .swept
                    .is_some_and(|at| at.elapsed() < Duration::from_secs(600))
                {
                    return Ok(true);
                }
                shared.forget_gone_workers()?;
                Duration::from_secs(600)
            }
        };
        self.swept = Some(std::time::Instant::now());
        let folders = &self.folders;
        let ledger = &self.ledger;
        outbox::sweep_temporaries(&folders.outbox, &|_| true, min_age);
        outbox::sweep_temporaries(&folders.archive(), &|_| true, min_age);
        // In the inbox only our own interrupted reports: anything else
        // there belongs to the departments.
        outbox::sweep_temporaries(&folders.inbox, &|name| name.contains(".loi.txt."), min_age);
        for (aside, id) in inbox::left_aside(&folders.inbox) {
            if !min_age.is_zero()
                && std::fs::metadata(&aside)
                    .and_then(|m| m.modified())
                    .is_ok_and(|m| m.elapsed().is_ok_and(|age| age < min_age))
            {
                continue;
            }
            let row = ledger.input(id)?;
            let delivered = row.as_ref().is_some_and(|row| {
                matches!(row.state, State::Done | State::Duplicate)
                    && outbox::read(&aside).is_ok_and(|bytes| sha256(&bytes) == row.hash)
            });
            let original = match &row {
                Some(row) => folders.inbox.join(&row.path),
                None => aside.with_file_name(format!("tệp khôi phục {id}")),
            };
            if let Err(e) = inbox::recover(&aside, &original, delivered) {
                tracing::error!(path = %aside.display(), error = %e, "không khôi phục được tệp của lần chạy bị gián đoạn");
            }
        }
        Ok(true)
    }

    /// The shared ledger, when this service works on one.
    pub fn ledger_shared(&self) -> Option<&ledger::postgres::Shared> {
        self.ledger.shared()
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// True once a stop was asked for.
    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// How many jobs run side by side.
    fn width(&self) -> usize {
        std::thread::available_parallelism().map_or(2, |n| n.get() * 2)
    }

    /// Reloads `vanthu.toml` when its text changed, has stood still for the
    /// quiet period (an editor may be writing it) and is valid. A broken,
    /// empty or missing file is logged once and the last good
    /// configuration kept. True when a new configuration is in force.
    pub fn reload_config(&mut self, report: &mut PassReport) -> bool {
        let Some(path) = self.config.path.clone() else {
            return false;
        };
        let quiet = self.config.service.quiet;
        if changing(&path, quiet) {
            report.again(quiet);
            return false;
        }
        let text = std::fs::read(&path);
        let hash = sha256(text.as_deref().unwrap_or_default());
        if hash == self.config_hash || self.broken_config.as_deref() == Some(hash.as_str()) {
            return false;
        }
        let loaded = match &text {
            Err(e) => Err(format!("không đọc được {}: {e}", path.display())),
            Ok(bytes) if String::from_utf8_lossy(bytes).trim().is_empty() => Err(format!(
                "{} trống (có thể đang được ghi lại)",
                path.display()
            )),
            Ok(_) => Config::load(Some(&path)).map_err(|e| e.to_string()),
        };
        match loaded {
            Ok(config) => {
                self.config_hash = hash;
                self.broken_config = None;
                self.config = Arc::new(config);
                tracing::info!(config = %path.display(), "cấu hình đã thay đổi");
                true
            }
            Err(e) => {
                tracing::error!(error = %e, "cấu hình mới có lỗi; vẫn dùng cấu hình cũ cho đến khi sửa xong");
                self.broken_config = Some(hash);
                false
            }
        }
    }

    /// Logs the templates that cannot be used, once each time they change
    /// (and when they are mended); the documents of the others are made
    /// all the same.
    fn say_broken_templates(&mut self) {
        if self.templates_checked.as_deref() == Some(self.versions.key.as_str()) {
            return;
        }
        self.templates_checked = Some(self.versions.key.clone());
        let broken: Vec<String> = crate::template::broken(&self.config.templates_dir)
            .iter()
            .map(ToString::to_string)
            .collect();
        for b in broken.iter().filter(|b| !self.templates_broken.contains(b)) {
            tracing::error!(
                "mẫu văn bản có lỗi, văn bản dùng mẫu này chưa được tạo cho đến khi sửa xong: {b}"
            );
        }
        if broken.is_empty() && !self.templates_broken.is_empty() {
            tracing::info!("mẫu văn bản đã hết lỗi; các văn bản còn chờ sẽ được tạo");
        }
        self.templates_broken = broken;
    }

    /// True when a template of the templates folder changed less than the
    /// quiet period ago.
    fn templates_changing(&self) -> bool {
        let quiet = self.config.service.quiet;
        std::fs::read_dir(&self.config.templates_dir)
            .map(|entries| entries.flatten().any(|e| changing(&e.path(), quiet)))
            .unwrap_or(false)
    }

    /// Stops the service when its locks no longer guard anything (the
    /// state folder was deleted or replaced under it), so that a second
    /// writer cannot run beside it.
    fn check_locks(&self) -> Result<()> {
        for held in &self._locks {
            if !held.still_held() {
                let full = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
                let what = if held.path() == self.folders.inbox {
                    format!("hộp thư đến {}", full(held.path()).display())
                } else {
                    format!(
                        "thư mục trạng thái {} (tệp khóa {})",
                        full(&self.folders.state).display(),
                        held.path().display()
                    )
                };
                return Err(LocksLost(format!(
                    "{what} đã bị xóa hoặc thay trong khi vanthu đang chạy; dừng để không có hai bản cùng ghi, hãy chạy lại"
                ))
                .into());
            }
        }
        Ok(())
    }

    /// Sleeps `duration`, waking early on a stop request.
    fn pause(&self, duration: Duration) {
        let until = std::time::Instant::now() + duration;
        while !self.stopping() {
            let left = until.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                break;
            }
            std::thread::sleep(left.min(Duration::from_millis(50)));
        }
    }

    /// One pass over the inbox (see the module's description).
    pub fn pass(&mut self, today: Date) -> Result<PassReport> {
        let mut report = PassReport::default();
        self.check_locks()?;
        self.reload_config(&mut report);
        // Templates are edited in place: their versions are read each
        // pass, once they stand still.
        if self.templates_changing() {
            report.again(self.config.service.quiet);
        } else {
            self.versions = Versions::new(&self.config, &self.config_hash);
            self.say_broken_templates();
        }
        // On the shared ledger the leader scans, sweeps, regenerates and
        // sums up; every worker, the leader too, works the queue.
        let leading = self.lead_and_sweep()?;
        let shared = self.ledger.is_shared();
        if leading {
            self.lead_pass(today, &mut report)?;
        }
        if shared && !leading && !self.stopping() {
            // Documents to make again, queued by the leader.
            report.regenerated = self.run_regenerations(Default::default(), today, &|_, _| {})?;
        }
        if shared && !self.stopping() {
            // The leader stops taking jobs after a while, so that files
            // dropped meanwhile are scanned and queued for the others.
            self.claim_until =
                (leading && !self.one_pass).then(|| std::time::Instant::now() + LEADER_WORK);
            // Jobs are claimed one per core, so that a peer finds some; a
            // leader with peers takes one at a time, so that it is soon
            // back to scanning the inbox.
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            let peers = match self.ledger.shared() {
                Some(shared) => shared.peers()?,
                None => 0,
            };
            let width = if peers == 0 {
                self.width()
            } else if leading && !self.one_pass {
                1
            } else {
                cores
            };
            let claimed_before = self.claimed;
            let mut ready = Vec::new();
            self.work(&mut ready, true, width, today, &mut report)?;
            self.claim_until = None;
            // The queue is looked at again at once when this pass took
            // jobs (there may be more), else soon: another worker's
            // leader may fill it at any time.
            report.again(if self.claimed > claimed_before {
                Duration::from_millis(50)
            } else {
                Duration::from_secs(1)
            });
        }
        report.stopped = self.stopping();
        // The state folder deleted during the pass took its record: say so
        // rather than report success.
        self.check_locks()?;
        // Stopping or not, what was delivered is in the summary (written
        // by the leader only, and only while the database says it leads:
        // one that stalled may have been replaced meanwhile).
        let leading = leading
            && match self.ledger.shared() {
                Some(shared) => shared.still_leading()?,
                None => true,
            };
        if leading {
            self.refresh_summaries(today, false)?;
        }
        Ok(report)
    }

    /// The leader's part of a pass: documents remade after a template or
    /// configuration change, then the inbox scanned for files that are
    /// ready, which are worked on here (a ledger of its own) or queued for
    /// every worker (the shared ledger).
    fn lead_pass(&mut self, today: Date, report: &mut PassReport) -> Result<()> {
        // A bar for a big regeneration, when a terminal watches.
        let bar: std::cell::RefCell<Option<indicatif::ProgressBar>> = Default::default();
        report.regenerated = self.regenerate(None, today, &|n, total| {
            if total >= crate::progress::BIG_PASS {
                bar.borrow_mut()
                    .get_or_insert_with(|| {
                        crate::progress::bar(total, "tệp đầu vào được tạo lại văn bản")
                    })
                    .set_position(n as u64);
            }
        })?;
        if let Some(bar) = bar.take() {
            bar.finish_and_clear();
        }
        let arrivals = inbox::arrivals(&self.folders.inbox);
        for gone in self.ledger.received_paths()? {
            if !arrivals.iter().any(|a| a.relative == gone) {
                self.ledger.forget_received(&gone)?;
            }
        }
        self.remove_orphan_reports(&arrivals)?;
        if !arrivals.is_empty() && !self.stopping() {
            let first: Vec<_> = arrivals.iter().map(|a| inbox::signature(&a.path)).collect();
            self.pause(self.config.service.quiet);
            let now = SystemTime::now();
            let mut ready = Vec::new();
            for (arrival, before) in arrivals.iter().zip(first) {
                let after = inbox::signature(&arrival.path);
                if after.is_none() {
                    continue; // renamed or deleted meanwhile
                }
                match inbox::gate(
                    &arrival.path,
                    before,
                    after,
                    now,
                    self.config.service.quiet,
                    self.config.service.stale_lock,
                ) {
                    Ok(()) => ready.push(arrival.clone()),
                    Err(wait) => {
                        let reason = wait.reason();
                        self.ledger
                            .receive(&arrival.relative, &arrival.unit_folder, &reason)?;
                        report.waiting.push((arrival.relative.clone(), reason));
                        report.again(Duration::from_millis(200));
                    }
                }
            }
            // A file that was being worked on when the process died runs
            // alone, so a second death is its own; the ones tried fewest
            // times first, so a bystander of another file's crash gets its
            // turn before that file takes the process down again.
            let mut suspects = Vec::new();
            let mut others = Vec::new();
            for arrival in ready {
                match self.ledger.latest_at(&arrival.relative)? {
                    Some(row) if row.state == State::Processing => {
                        suspects.push((row.attempts, arrival))
                    }
                    _ => others.push(arrival),
                }
            }
            if self.ledger.is_shared() {
                let present: std::collections::HashSet<&str> =
                    arrivals.iter().map(|a| a.relative.as_str()).collect();
                self.queued_as
                    .retain(|path, _| present.contains(path.as_str()));
                let mut queue = Vec::new();
                let queued = match self.ledger.shared() {
                    Some(shared) => shared.queued_paths()?,
                    None => Default::default(),
                };
                for arrival in suspects.into_iter().map(|(_, a)| a).chain(others) {
                    // Queued already (or in work): nothing to look up.
                    if queued.contains(&arrival.relative) {
                        continue;
                    }
                    // A judgement that stands is not queued again: no
                    // worker reads a rejected file every second.
                    if !self.judged_and_unchanged(&arrival, report)? {
                        queue.push(arrival);
                    }
                }
                let Some(shared) = self.ledger.shared() else {
                    return Ok(());
                };
                for arrival in queue {
                    let file = arrival
                        .path
                        .strip_prefix(&self.folders.inbox)
                        .map(|p| p.to_string_lossy().replace('\\', "/"))
                        .unwrap_or_else(|_| arrival.relative.clone());
                    shared.enqueue(&arrival.relative, &file, &arrival.unit_folder)?;
                }
                return Ok(());
            }
            suspects.sort_by_key(|(attempts, _)| *attempts);
            let mut suspects = suspects.into_iter().map(|(_, a)| a).collect();
            self.work(&mut suspects, false, 1, today, report)?;
            let width = self.width();
            self.work(&mut others, false, width, today, report)?;
        }
        Ok(())
    }

    /// True when the ledger's last word on a file still stands, judged
    /// without reading it: rejected under the versions in force, saved no
    /// later, its report where it belongs; or a retry not due yet.
    fn judged_and_unchanged(&mut self, arrival: &Arrival, report: &mut PassReport) -> Result<bool> {
        let signature = inbox::signature(&arrival.path);
        let seen = self.queued_as.get(&arrival.relative).copied();
        if let Some(signature) = signature {
            self.queued_as.insert(arrival.relative.clone(), signature);
        }
        let Some(row) = self.ledger.latest_at(&arrival.relative)? else {
            return Ok(false);
        };
        let now = ledger::now();
        let current = row.versions.as_deref() == Some(self.versions.key.as_str());
        Ok(match row.state {
            // Judged since this leader last queued it, and not touched
            // since (a file finished copying in the second it was
            // rejected is queued again).
            State::Rejected => {
                current
                    && signature.is_some()
                    && seen == signature
                    && self.report_path(arrival).exists()
            }
            State::Retry
                if row.retry_at.is_some_and(|at| at > now) && (current || row.hash.is_empty()) =>
            {
                report.waits_for_retry(&arrival.relative, &row, now);
                true
            }
            _ => false,
        })
    }

    /// Works through `arrivals`, `width` jobs at a time: each file is
    /// read and its attempt counted only when a slot is free, and each
    /// outcome settled as soon as it comes.
    fn work(
        &mut self,
        arrivals: &mut Vec<Arrival>,
        claiming: bool,
        width: usize,
        today: Date,
        report: &mut PassReport,
    ) -> Result<()> {
        if arrivals.is_empty() && !claiming {
            return Ok(());
        }
        let config = Arc::clone(&self.config);
        let stop = Arc::clone(&self.stop);
        let bar = if arrivals.len() >= crate::progress::BIG_PASS {
            crate::progress::bar(arrivals.len(), "tệp")
        } else {
            indicatif::ProgressBar::hidden()
        };
        let mut feeder = Feeder {
            service: self,
            arrivals: std::mem::take(arrivals).into(),
            claiming,
            report,
            failure: None,
            bar,
        };
        job::run_each(&mut feeder, &config, today, width, &stop);
        feeder.bar.finish_and_clear();
        // Left waiting only when the pass stopped early.
        for arrival in std::mem::take(&mut feeder.service.deferred) {
            feeder.service.release(&arrival.relative)?;
            feeder.report.waiting.push((
                arrival.relative,
                "trùng nội dung với một tệp đang được xử lý; sẽ xét sau khi tệp kia xong".into(),
            ));
            feeder.report.again(Duration::from_millis(200));
        }
        match feeder.failure {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Reads a ready file and settles what the ledger already knows of its
    /// content; returns the work left, if any, with the attempt counted.
    fn prepare(&mut self, arrival: Arrival, report: &mut PassReport) -> Result<Option<Prepared>> {
        let now = ledger::now();
        let latest = self.ledger.latest_at(&arrival.relative)?;
        // An unreadable file waits for its retry time.
        if let Some(row) = &latest
            && row.state == State::Retry
            && row.hash.is_empty()
            && row.retry_at.is_some_and(|at| at > now)
        {
            report.waits_for_retry(&arrival.relative, row, now);
            return Ok(None);
        }
        #[cfg(feature = "failpoints")]
        let read = match crate::failpoints::io_error("inbox.read", &arrival.relative) {
            Some(error) => Err(outbox::FileError {
                operation: outbox::Operation::Read,
                path: arrival.path.clone(),
                error,
            }),
            None => outbox::read(&arrival.path),
        };
        #[cfg(not(feature = "failpoints"))]
        let read = outbox::read(&arrival.path);
        let bytes = match read {
            Ok(bytes) => bytes,
            Err(e) if e.error.kind() == std::io::ErrorKind::NotFound => {
                self.ledger.forget_received(&arrival.relative)?;
                return Ok(None);
            }
            Err(e) => {
                let retries = latest
                    .as_ref()
                    .filter(|r| r.state == State::Retry && r.hash.is_empty())
                    .map_or(0, |r| r.retries);
                let reason = format!("{e}; sẽ thử lại");
                let at = now + backoff(self.config.service.retry, retries + 1).as_secs() as i64;
                self.ledger
                    .unreadable(&arrival.relative, &arrival.unit_folder, &reason, at)?;
                tracing::warn!(input = %arrival.relative, error = %e, "không đọc được tệp; sẽ thử lại");
                report.again(backoff(self.config.service.retry, retries + 1));
                report.retrying.push((arrival.relative.clone(), reason));
                return Ok(None);
            }
        };
        let hash = sha256(&bytes);
        if let Some(row) = latest.filter(|r| r.hash == hash) {
            match row.state {
                // Delivered, but the process stopped before the file left
                // the inbox.
                // Or the same file sent again: said as a duplicate.
                State::Done | State::Duplicate => {
                    self.ledger.forget_received(&arrival.relative)?;
                    self.leave_inbox(&arrival, &hash, row.id)?;
                    tracing::info!(input = %arrival.relative, "đã xử lý trước đây với cùng nội dung; không xử lý lại");
                    report.duplicates.push(arrival.relative.clone());
                    return Ok(None);
                }
                // Judged already, its report where it belongs. (A report
                // missing, or under a name another file's now claims, is
                // written again where it belongs.)
                State::Rejected
                    if row.versions.as_deref() == Some(self.versions.key.as_str())
                        && (row.modified.is_none()
                            || row.modified == modified_secs(&arrival.path))
                        && self.report_path(&arrival).exists() =>
                {
                    return Ok(None);
                }
                State::Retry
                    if row.versions.as_deref() == Some(self.versions.key.as_str())
                        && row.retry_at.is_some_and(|at| at > now) =>
                {
                    report.waits_for_retry(&arrival.relative, &row, now);
                    return Ok(None);
                }
                State::Processing if row.attempts >= MAX_ATTEMPTS => {
                    let rejection = crate::workbook::Rejection::file(
                        &crate::workbook::display_name(arrival.file_name()),
                        format!(
                            "vanthu đã dừng đột ngột {} lần khi xử lý tệp này nên không xử lý nữa; hãy mở tệp bằng Excel, lưu lại rồi gửi lại, hoặc báo người quản trị",
                            row.attempts
                        ),
                    );
                    tracing::error!(input = %arrival.relative, attempts = row.attempts, "tệp làm chương trình dừng nhiều lần; trả lại");
                    let prepared = Prepared {
                        arrival,
                        bytes: bytes.into(),
                        hash,
                        row,
                        started: std::time::Instant::now(),
                    };
                    self.reject(&prepared, &rejection, report)?;
                    return Ok(None);
                }
                _ => {}
            }
        }
        // The same content from the same unit is being worked on: this one
        // waits, and will be its duplicate.
        let key = (hash.clone(), arrival.unit_folder.clone());
        if self.in_flight.contains(&key) {
            // Taken up again in this pass once that one has settled.
            self.deferred.push(arrival);
            return Ok(None);
        }
        // The same content from the same unit as a current input: its
        // documents are already there.
        if let Some(current) = self.ledger.current_with(&hash, &arrival.unit_folder)? {
            let archived = match self.archive(&arrival, &hash, &bytes) {
                Ok(archived) => archived,
                Err(e) => {
                    report
                        .retrying
                        .push((arrival.relative.clone(), e.to_string()));
                    return Ok(None);
                }
            };
            let id = self.ledger.record_duplicate(
                &arrival.relative,
                &hash,
                &arrival.unit_folder,
                &archived,
                &current.path,
            )?;
            tracing::info!(input = %arrival.relative, same_as = %current.path, archived = %archived, "trùng nội dung với tệp đã xử lý của cùng đơn vị; không xử lý lại");
            self.leave_inbox(&arrival, &hash, id)?;
            report.duplicates.push(arrival.relative.clone());
            return Ok(None);
        }
        let row = match self.ledger.begin(
            &arrival.relative,
            &hash,
            &arrival.unit_folder,
            modified_secs(&arrival.path),
        ) {
            Ok(row) => row,
            // The same content from the same unit on another worker: this
            // one goes back to the queue for a moment, and will then be
            // its duplicate.
            Err(ledger::LedgerError::Busy(why)) => {
                if let Some(shared) = self.ledger.shared() {
                    shared.postpone(&arrival.relative, Duration::from_secs(1))?;
                }
                report.waiting.push((arrival.relative.clone(), why));
                report.again(Duration::from_secs(1));
                return Ok(None);
            }
            Err(e) => return Err(e.into()),
        };
        crate::failpoint!("service.attempt_counted", &arrival.relative);
        self.in_flight.insert(key);
        Ok(Some(Prepared {
            arrival,
            bytes: bytes.into(),
            hash,
            row,
            started: std::time::Instant::now(),
        }))
    }

    /// Copies the input into the archive (durably) unless that content is
    /// there already; returns its path relative to the state folder.
    pub(crate) fn archive(
        &self,
        arrival: &Arrival,
        hash: &str,
        bytes: &[u8],
    ) -> Result<String, outbox::FileError> {
        let unit = outbox_folder(&arrival.unit_folder);
        let name = Path::new(arrival.file_name());
        let stem = name
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = name
            .extension()
            .map(|e| format!(".{}", outbox::safe_stem(&e.to_string_lossy())))
            .unwrap_or_default();
        let file = format!("{}-{}{ext}", &hash[..12], outbox::safe_stem(&stem));
        let dir = self.folders.archive().join(&unit);
        let path = dir.join(&file);
        if !path.exists() {
            outbox::write_atomic(&path, bytes)?;
        }
        Ok(format!("archive/{unit}/{file}"))
    }

    /// Takes a settled file (ledger row `id`) out of the inbox, keeping a
    /// newer version saved meanwhile, with its old report. A file that
    /// cannot be taken out stays, its row says why (for `status`), and
    /// the next pass tries again. `Err` only when the ledger fails.
    pub(crate) fn leave_inbox(&self, arrival: &Arrival, hash: &str, id: i64) -> Result<()> {
        let result = inbox::take(&arrival.path, hash, id).and_then(|taken| match taken {
            inbox::Taken::NewerKept => Ok(()),
            inbox::Taken::Removed | inbox::Taken::Gone => self.remove_reports(arrival),
        });
        match result {
            Ok(()) => Ok(()),
            Err(e) => {
                tracing::error!(input = %arrival.relative, error = %e, "không đưa được tệp đã xử lý ra khỏi hộp thư đến; sẽ thử lại ở lượt sau");
                self.ledger.note(
                    id,
                    Some(&format!(
                        "đã xử lý, nhưng không đưa được ra khỏi hộp thư đến ({e}); hãy xóa tệp này"
                    )),
                )?;
                Ok(())
            }
        }
    }

    /// Where the report of a rejected `arrival` goes (see
    /// [`Arrival::report_path`]).
    pub(crate) fn report_path(&self, arrival: &Arrival) -> PathBuf {
        arrival.report_path()
    }

    /// Removes the reports an arrival may have beside it.
    fn remove_reports(&self, arrival: &Arrival) -> Result<(), outbox::FileError> {
        let mut removed = false;
        for path in arrival.report_paths() {
            removed |= outbox::remove_file(&path)?;
        }
        if removed {
            outbox::sync_dir(arrival.path.parent().unwrap_or(Path::new(".")))?;
        }
        Ok(())
    }

    /// Removes the reports of rejected files their submitters deleted or
    /// renamed: nothing is left to fix.
    fn remove_orphan_reports(&self, arrivals: &[Arrival]) -> Result<()> {
        for row in self.ledger.in_state(State::Rejected)? {
            if arrivals.iter().any(|a| a.relative == row.path) {
                continue;
            }
            if self
                .ledger
                .latest_at(&row.path)?
                .is_some_and(|latest| latest.id != row.id)
            {
                continue;
            }
            let gone = Arrival {
                path: self.folders.inbox.join(&row.path),
                relative: row.path.clone(),
                unit_folder: row.unit_folder.clone(),
            };
            match self.remove_reports(&gone) {
                Ok(()) => self.ledger.withdraw(row.id)?,
                Err(e) => {
                    tracing::warn!(input = %row.path, error = %e, "không xóa được báo cáo lỗi của tệp đã bị xóa")
                }
            }
        }
        Ok(())
    }
}

/// A file's modification time in Unix seconds.
pub(crate) fn modified_secs(path: &Path) -> Option<i64> {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|m| m.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64)
}

/// Hands the service's ready files to [`job::run_each`] and settles their
/// outcomes. A failure of the ledger stops the feeding; the files not yet
/// settled keep their rows and the next pass takes them again.
struct Feeder<'a> {
    service: &'a mut Service,
    arrivals: std::collections::VecDeque<Arrival>,
    /// Files are claimed from the shared ledger's queue once `arrivals`
    /// runs out.
    claiming: bool,
    report: &'a mut PassReport,
    failure: Option<anyhow::Error>,
    /// Files settled, on a terminal.
    bar: indicatif::ProgressBar,
}

impl job::Feed for Feeder<'_> {
    type Item = Prepared;

    fn next(&mut self) -> Option<(Prepared, Job)> {
        while self.failure.is_none() {
            let arrival = match self.arrivals.pop_front() {
                Some(arrival) => arrival,
                None if self.claiming
                    && !self.service.stopping()
                    && self
                        .service
                        .claim_until
                        .is_none_or(|until| std::time::Instant::now() < until) =>
                {
                    match self.service.claim() {
                        Ok(Some(arrival)) => arrival,
                        Ok(None) => return None,
                        Err(e) => {
                            self.failure = Some(e);
                            return None;
                        }
                    }
                }
                None => return None,
            };
            let relative = arrival.relative.clone();
            let prepared = self.service.prepare(arrival, self.report);
            if !matches!(prepared, Ok(Some(_)))
                && !self.service.deferred.iter().any(|a| a.relative == relative)
            {
                // Nothing to do, or a fenced write: the claim ends.
                if let Err(e) = self.service.release(&relative) {
                    self.failure = Some(e);
                }
            }
            let prepared = match prepared {
                Err(e) if fenced(&e) => {
                    tracing::warn!(input = %relative, "{e:#}");
                    continue;
                }
                prepared => prepared,
            };
            match prepared {
                Ok(Some(prepared)) => {
                    tracing::info!(input = %prepared.arrival.relative, attempt = prepared.row.attempts, "bắt đầu xử lý");
                    let job = Job {
                        bytes: prepared.bytes.to_vec(),
                        file_name: prepared.arrival.file_name().to_owned(),
                        unit_folder: (!prepared.arrival.unit_folder.is_empty())
                            .then(|| prepared.arrival.unit_folder.clone()),
                        only: None,
                    };
                    return Some((prepared, job));
                }
                Ok(None) => {}
                Err(e) => self.failure = Some(e),
            }
        }
        None
    }

    fn done(&mut self, prepared: Prepared, outcome: job::Outcome) {
        if self.failure.is_some() {
            return;
        }
        let relative = prepared.arrival.relative.clone();
        match self.service.settle(prepared, outcome, self.report) {
            Ok(()) => {}
            // Another worker holds the file now: what this one made of it
            // is dropped, nothing of it was delivered.
            Err(e) if fenced(&e) => tracing::warn!(input = %relative, "{e:#}"),
            Err(e) => self.failure = Some(e),
        }
        if let Err(e) = self.service.release(&relative)
            && self.failure.is_none()
        {
            self.failure = Some(e);
        }
        self.bar.inc(1);
        // Copies of a content that was being worked on: their turn now.
        let waiting = std::mem::take(&mut self.service.deferred);
        self.arrivals.extend(waiting);
    }
}

/// The mark of the office whose state folder is `state` (the file
/// `office-id` there, made by the first worker), and the folder as shown.
fn office_id(state: &Path) -> Result<(String, String)> {
    let path = state.join("office-id");
    let place = std::path::absolute(state)
        .unwrap_or_else(|_| state.to_path_buf())
        .display()
        .to_string();
    let read = || written_office_id(state);
    if let Some(id) = read() {
        return Ok((id, place));
    }
    let seed = format!(
        "{place}\n{}\n{:?}",
        std::process::id(),
        SystemTime::now().duration_since(SystemTime::UNIX_EPOCH)
    );
    outbox::write_atomic(&path, &sha256(seed.as_bytes()).as_bytes()[..16])?;
    // Two workers starting at once: the file's last word is the mark.
    Ok((read().unwrap_or_default(), place))
}

/// The office mark the state folder `state` carries, if any.
pub(crate) fn written_office_id(state: &Path) -> Option<String> {
    std::fs::read_to_string(state.join("office-id"))
        .ok()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

/// True when `e` says this worker's claim on a file ran out.
pub(crate) fn fenced(e: &anyhow::Error) -> bool {
    e.downcast_ref::<ledger::LedgerError>()
        .is_some_and(|e| matches!(e, ledger::LedgerError::Fenced(_)))
}

impl Service {
    /// Claims the next queued file from the shared ledger, as an arrival.
    fn claim(&mut self) -> Result<Option<Arrival>> {
        let Some(shared) = self.ledger.shared() else {
            return Ok(None);
        };
        let Some(claimed) = shared.claim_next("file")? else {
            return Ok(None);
        };
        self.claimed += 1;
        if claimed.claims > 1 {
            tracing::warn!(input = %claimed.path, claims = claimed.claims, "nhận tệp mà một máy khác đã nhận nhưng không xử lý xong (máy đó đã dừng hoặc quá hạn)");
        }
        Ok(Some(Arrival {
            path: self.folders.inbox.join(&claimed.file),
            relative: claimed.path,
            unit_folder: claimed.unit_folder,
        }))
    }

    /// On the shared ledger, holds the outbox folder of `unit_folder`
    /// while a file's documents are named, written and recorded.
    pub(crate) fn lock_unit(
        &self,
        unit_folder: &str,
    ) -> Result<Option<ledger::postgres::UnitLock>, ledger::LedgerError> {
        self.ledger
            .shared()
            .map(|shared| shared.lock_unit(&outbox_folder(unit_folder)))
            .transpose()
    }

    /// Ends this worker's claim on a file (shared ledger only).
    pub(crate) fn release(&self, relative: &str) -> Result<()> {
        if let Some(shared) = self.ledger.shared() {
            shared.release(relative)?;
        }
        Ok(())
    }

    /// Checks, just before a file's outcome is written where people look
    /// (documents into the outbox, a report beside the input), that this
    /// worker still holds the file, renewing its claim; a worker that
    /// stalled past its lease changes nothing.
    pub(crate) fn still_holds(&self, relative: &str) -> Result<(), ledger::LedgerError> {
        match self.ledger.shared() {
            Some(shared) if !shared.hold(relative)? => {
                Err(ledger::LedgerError::Fenced(relative.to_owned()))
            }
            _ => Ok(()),
        }
    }
}

/// The outbox (and archive) folder of a unit folder: its safe name, or
/// "chung" for files dropped in the inbox itself.
pub fn outbox_folder(unit_folder: &str) -> String {
    if unit_folder.is_empty() {
        "chung".to_owned()
    } else {
        outbox::safe_stem(unit_folder)
    }
}

/// The configured service folders, with this run's overrides.
pub fn folders_of(config: &Config, inbox: Option<&Path>, outbox: Option<&Path>) -> Folders {
    let mut folders = Folders::of(config);
    if let Some(inbox) = inbox {
        folders.inbox = inbox.to_path_buf();
    }
    if let Some(outbox) = outbox {
        folders.outbox = outbox.to_path_buf();
    }
    folders
}
