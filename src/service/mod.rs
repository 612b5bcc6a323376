//! The hot-folder service: what arrives in the inbox becomes documents in
//! the outbox, exactly once, durably.
//!
//! One pass ([`Service::pass`]) looks at every file of the inbox and its
//! unit sub-folders: ignores lock, system and partial files silently; waits
//! for a file whose size, modification or change time moved within the
//! quiet period or that has an Office lock file beside it; then processes
//! it through [`crate::pipeline`] unless the ledger already knows its
//! content. `vanthu run` makes one pass; `vanthu watch` makes one whenever
//! the file system says something changed (or on a timer where it cannot).
//!
//! Order of a delivery, so that a crash at any point leaves a state the
//! next pass completes: ledger row `processing` → every document written to
//! a temporary file inside the outbox, flushed, renamed into place → the
//! input copied into the archive, flushed → ledger `done` with the outputs
//! → the input (and an old report) removed from the inbox. A rejection:
//! the report written beside the input the same way → ledger `rejected`;
//! the input stays where the submitter looks.

pub mod ledger;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use crate::commands::{safe_stem, write_atomic};
use crate::config::Config;
use crate::pipeline;
use crate::text::Date;
use ledger::{Ledger, Output};

/// Extensions of workbooks.
const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// The folders the service works in.
#[derive(Debug, Clone)]
pub struct Folders {
    /// Where departments drop workbooks.
    pub inbox: PathBuf,
    /// Where documents are delivered.
    pub outbox: PathBuf,
    /// Ledger and archive.
    pub state: PathBuf,
}

/// What became of the files of one pass.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PassReport {
    /// Inputs turned into documents: (input path, documents written).
    pub done: Vec<(String, Vec<String>)>,
    /// Inputs rejected: (input path, report path).
    pub rejected: Vec<(String, String)>,
    /// Files not yet ready (still being written, or locked).
    pub waiting: Vec<String>,
    /// Copies of content already processed, archived without processing.
    pub duplicates: Vec<String>,
    /// Inputs whose documents were made again after a template or
    /// configuration change: (input path, documents written).
    pub regenerated: Vec<(String, Vec<String>)>,
}

/// The service over its folders, configuration and ledger.
pub struct Service {
    config: Config,
    folders: Folders,
    /// Set by a stop signal: the pass ends after the current file.
    stop: Arc<AtomicBool>,
    ledger: Ledger,
    quiet: Duration,
    config_version: String,
}

/// How a file name is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Lock, system, hidden, partial or our own report: left alone.
    Ignored,
    /// A workbook by its extension.
    Workbook,
    /// Anything else: rejected with its reason.
    Other,
}

fn classify(name: &str) -> Kind {
    let lower = name.to_lowercase();
    let ignored = lower.starts_with("~$")
        || lower.starts_with(".~lock.")
        || lower.starts_with('.')
        || lower.ends_with('#')
        || lower.ends_with('~')
        || matches!(lower.as_str(), "thumbs.db" | "desktop.ini" | "ehthumbs.db")
        || lower.ends_with(".loi.txt")
        || [
            ".tmp",
            ".crdownload",
            ".part",
            ".partial",
            ".download",
            ".temp",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext));
    if ignored {
        return Kind::Ignored;
    }
    match Path::new(&lower).extension().and_then(|e| e.to_str()) {
        Some(ext) if WORKBOOK_EXTENSIONS.contains(&ext) => Kind::Workbook,
        _ => Kind::Other,
    }
}

/// SHA-256 of bytes, hex.
pub fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// An Office lock file beside `path`: `~$name.xlsx` (Excel, which replaces
/// the first two characters of long names) or `.~lock.name.xlsx#`
/// (LibreOffice).
fn locked(path: &Path) -> bool {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return false;
    };
    let name = name.to_string_lossy();
    let mut candidates = vec![format!("~${name}"), format!(".~lock.{name}#")];
    let chars: Vec<char> = name.chars().collect();
    if chars.len() > 2 {
        candidates.push(format!("~${}", chars[2..].iter().collect::<String>()));
    }
    candidates.iter().any(|c| dir.join(c).exists())
}

/// Size, modification and change times of a file.
fn signature(path: &Path) -> Option<(u64, SystemTime, i64)> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let ctime = {
        use std::os::unix::fs::MetadataExt;
        meta.ctime()
    };
    #[cfg(not(unix))]
    let ctime = 0;
    Some((meta.len(), meta.modified().ok()?, ctime))
}

/// A file of the inbox: its path, its path relative to the inbox (NFC, `/`)
/// and the unit folder it is in.
#[derive(Debug, Clone)]
struct Arrival {
    path: PathBuf,
    relative: String,
    unit_folder: String,
}

/// A ready file with what the ledger knows of it.
struct Job {
    arrival: Arrival,
    bytes: Vec<u8>,
    hash: String,
    id: i64,
    file_name: String,
    report_path: PathBuf,
    previous: Vec<String>,
}

/// What rendering a file gave.
enum Rendered {
    /// Its documents.
    Documents(Box<pipeline::Examined>, Vec<pipeline::Produced>),
    /// Its problems.
    Rejected(pipeline::Rejection),
    /// An error of the configuration or templates.
    Failed(anyhow::Error),
}

/// Reads, checks and renders one file; pure apart from reading it, so files
/// render in parallel.
fn render(job: &Job, config: &Config, today: Date) -> Rendered {
    if classify(&job.file_name) == Kind::Other {
        return Rendered::Rejected(pipeline::Rejection::File {
            file_name: job.file_name.clone(),
            reason: "tệp không phải bảng tính (cần .xlsx, .xls, .xlsm, .xlsb hoặc .ods); hãy gửi đúng tệp bảng tính".into(),
        });
    }
    let folder = (!job.arrival.unit_folder.is_empty()).then_some(job.arrival.unit_folder.as_str());
    match pipeline::process(&job.arrival.path, folder, config, today) {
        Ok(Ok((examined, documents))) => Rendered::Documents(Box::new(examined), documents),
        Ok(Err(rejection)) => Rendered::Rejected(rejection),
        Err(e) => Rendered::Failed(e),
    }
}

impl Service {
    /// Opens the service: creates the folders, opens the ledger, removes
    /// temporary files an interrupted run left in the outbox.
    pub fn open(config: Config, folders: Folders, quiet: Duration) -> Result<Service> {
        for dir in [&folders.inbox, &folders.outbox, &folders.state] {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("không tạo được thư mục {}", dir.display()))?;
        }
        std::fs::create_dir_all(folders.state.join("archive"))?;
        // Each configured unit gets its folder in the inbox, so departments
        // find where to drop their files.
        for folder in config.units.keys() {
            let dir = folders.inbox.join(safe_stem(folder));
            if !dir.exists() {
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("không tạo được thư mục {}", dir.display()))?;
            }
        }
        let ledger = Ledger::open(&folders.state.join("ledger.sqlite3"))?;
        remove_temporaries(&folders.outbox, |_| true);
        remove_temporaries(&folders.state.join("archive"), |_| true);
        // In the inbox only our own interrupted reports: anything else
        // there belongs to the departments.
        remove_temporaries(&folders.inbox, |name| name.contains(".loi.txt."));
        let config_version = match &config.path {
            Some(p) => sha256(&std::fs::read(p).unwrap_or_default()),
            None => sha256(b""),
        };
        Ok(Service {
            config,
            folders,
            stop: Arc::new(AtomicBool::new(false)),
            ledger,
            quiet,
            config_version,
        })
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The ledger, for reports.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Files of the inbox not yet processed in their present content (new,
    /// changed, or still being written), relative to the inbox.
    pub fn waiting(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for arrival in self.arrivals() {
            let name = arrival.relative.rsplit('/').next().unwrap_or_default();
            if classify(name) == Kind::Ignored {
                continue;
            }
            let Ok(bytes) = std::fs::read(&arrival.path) else {
                continue;
            };
            let known = self
                .ledger
                .latest_at(&arrival.relative)?
                .is_some_and(|i| i.hash == sha256(&bytes) && i.state != ledger::State::Processing);
            if !known {
                out.push(arrival.relative);
            }
        }
        Ok(out)
    }

    /// Every file of the inbox and of its direct sub-folders (one per
    /// unit), NFC names.
    fn arrivals(&self) -> Vec<Arrival> {
        let mut out = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.folders.inbox) else {
            return out;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name: String = entry.file_name().to_string_lossy().nfc().collect();
            let path = entry.path();
            if path.is_dir() {
                if classify(&name) == Kind::Ignored || name == "_loi" {
                    continue;
                }
                let Ok(inner) = std::fs::read_dir(&path) else {
                    continue;
                };
                let mut inner: Vec<_> = inner.flatten().collect();
                inner.sort_by_key(|e| e.file_name());
                for file in inner {
                    if !file.path().is_file() {
                        continue;
                    }
                    let file_name: String = file.file_name().to_string_lossy().nfc().collect();
                    out.push(Arrival {
                        path: file.path(),
                        relative: format!("{name}/{file_name}"),
                        unit_folder: name.clone(),
                    });
                }
            } else if path.is_file() {
                out.push(Arrival {
                    path,
                    relative: name,
                    unit_folder: String::new(),
                });
            }
        }
        out
    }

    /// One pass over the inbox. Files are looked at twice, `quiet` apart;
    /// one whose size or times moved, or that is locked, waits for the next
    /// pass.
    pub fn pass(&mut self, today: Date) -> Result<PassReport> {
        let mut report = PassReport::default();
        self.reload_config()?;
        // Documents whose template or configuration changed first.
        report.regenerated = self.regenerate(None, today, &|_, _| {})?;
        let arrivals: Vec<Arrival> = self
            .arrivals()
            .into_iter()
            .filter(|a| {
                let name = a.relative.rsplit('/').next().unwrap_or_default();
                classify(name) != Kind::Ignored
            })
            .collect();
        if arrivals.is_empty() {
            return Ok(report);
        }
        let first: Vec<_> = arrivals.iter().map(|a| signature(&a.path)).collect();
        std::thread::sleep(self.quiet);
        let now = SystemTime::now();
        let mut ready = Vec::new();
        for (arrival, before) in arrivals.iter().zip(first) {
            let after = signature(&arrival.path);
            let Some((size, modified, changed)) = after else {
                continue; // gone (renamed or deleted) meanwhile
            };
            // A copy that keeps the source's modification time still moves
            // the change time while it is written.
            let now_secs = now
                .duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            let recent = now
                .duration_since(modified)
                .map(|age| age < self.quiet)
                .unwrap_or(true)
                || (changed > 0 && now_secs - changed < self.quiet.as_secs() as i64);
            if before != after || recent || locked(&arrival.path) || size == 0 {
                self.ledger
                    .receive(&arrival.relative, &arrival.unit_folder)?;
                report.waiting.push(arrival.relative.clone());
                continue;
            }
            ready.push(arrival.clone());
        }
        // Rendering runs in parallel over the cores, a few files at a time;
        // the ledger and the file system are touched in order, one file
        // after another. A stop request ends the pass after the current
        // batch.
        let batch = std::thread::available_parallelism().map_or(2, |n| n.get() * 2);
        for chunk in ready.chunks(batch) {
            if self.stop.load(Ordering::SeqCst) {
                break;
            }
            let mut jobs = Vec::new();
            for arrival in chunk {
                if let Some(job) = self.prepare(arrival, &mut report)? {
                    jobs.push(job);
                }
            }
            // One waiting thread per file; the work itself runs on the
            // thread `pipeline::process` starts, under the time limit. (Not
            // rayon: blocked pool threads would starve Typst, which uses
            // the pool itself.)
            let config = &self.config;
            let rendered: Vec<Rendered> = std::thread::scope(|scope| {
                let handles: Vec<_> = jobs
                    .iter()
                    .map(|job| scope.spawn(move || render(job, config, today)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join().unwrap_or_else(|_| {
                            Rendered::Failed(anyhow::anyhow!("lỗi nội bộ khi xử lý tệp"))
                        })
                    })
                    .collect()
            });
            for (job, rendered) in jobs.into_iter().zip(rendered) {
                self.finish(job, rendered, &mut report)?;
            }
        }
        self.refresh_summaries(today)?;
        Ok(report)
    }

    /// Rewrites the yearly summaries when what they are made of (the
    /// accepted lists, the template, the configuration) changed since they
    /// were last written; the record of that is written after them, so an
    /// interrupted write is redone.
    fn refresh_summaries(&self, today: Date) -> Result<()> {
        let summaries = self.ledger.summaries()?;
        let key = sha256(
            format!(
                "{}\n{}\n{}",
                summaries.join("\n"),
                self.template_version(pipeline::BAO_CAO_TONG_HOP),
                self.config_version
            )
            .as_bytes(),
        );
        let record = self.folders.state.join("summary.version");
        if std::fs::read_to_string(&record).ok().as_deref() == Some(key.as_str()) {
            return Ok(());
        }
        self.write_summaries(today)?;
        write_atomic(&record, key.as_bytes())?;
        Ok(())
    }

    /// The Báo cáo tổng hợp of each year, from every accepted list, into
    /// the outbox.
    pub fn write_summaries(&self, today: Date) -> Result<Vec<String>> {
        let mut by_year: std::collections::BTreeMap<i32, Vec<serde_json::Value>> =
            Default::default();
        for text in self.ledger.summaries()? {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
                let year = value["nam"].as_i64().unwrap_or(0) as i32;
                by_year.entry(year).or_default().push(value);
            }
        }
        let mut written = Vec::new();
        for (year, summaries) in by_year {
            let doc = pipeline::summary_document(year, &summaries, &self.config, today)?;
            for (ext, bytes) in [("docx", &doc.docx), ("pdf", &doc.pdf)] {
                let name = format!("{}.{ext}", doc.stem);
                write_atomic(&self.folders.outbox.join(&name), bytes)?;
                written.push(name);
            }
            tracing::info!(
                year,
                units = summaries.len(),
                "đã cập nhật báo cáo tổng hợp"
            );
        }
        sync_dir(&self.folders.outbox);
        Ok(written)
    }

    /// Reads a ready file and settles what the ledger already knows of it;
    /// returns the work left, if any.
    fn prepare(&mut self, arrival: &Arrival, report: &mut PassReport) -> Result<Option<Job>> {
        let bytes = std::fs::read(&arrival.path)
            .with_context(|| format!("không đọc được {}", arrival.path.display()))?;
        let hash = sha256(&bytes);
        let file_name = arrival
            .relative
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let report_path = arrival
            .path
            .with_file_name(crate::commands::report_name(Path::new(&file_name)));

        // Known content: a copy of something done is archived and leaves
        // the inbox; an unchanged rejected file waits for its fix.
        if let Some(known) = self.ledger.finished_with_hash(&hash)? {
            match known.state {
                ledger::State::Done => {
                    let archived = self.archive(arrival, &hash, &bytes)?;
                    tracing::info!(input = %arrival.relative, same_as = %known.path, archived = %archived, "trùng nội dung với tệp đã xử lý; không xử lý lại");
                    remove_quietly(&arrival.path);
                    remove_quietly(&report_path);
                    self.ledger.forget_received(&arrival.relative)?;
                    report.duplicates.push(arrival.relative.clone());
                    return Ok(None);
                }
                ledger::State::Rejected if known.path == arrival.relative => {
                    self.ledger.forget_received(&arrival.relative)?;
                    return Ok(None);
                }
                _ => {}
            }
        }

        let id = match self.ledger.latest_at(&arrival.relative)? {
            Some(row) if row.state == ledger::State::Processing && row.hash == hash => row.id,
            _ => self
                .ledger
                .begin(&arrival.relative, &hash, &arrival.unit_folder)?,
        };
        let previous = self.previous_outputs(&arrival.relative)?;

        Ok(Some(Job {
            arrival: arrival.clone(),
            bytes,
            hash,
            id,
            file_name,
            report_path,
            previous,
        }))
    }

    /// Delivers a rendered file: its documents and archive copy, or its
    /// report; then the ledger.
    fn finish(&mut self, job: Job, rendered: Rendered, report: &mut PassReport) -> Result<()> {
        let Job {
            arrival,
            bytes,
            hash,
            id,
            file_name,
            report_path,
            previous,
        } = job;
        let arrival = &arrival;
        let outcome = match rendered {
            Rendered::Documents(examined, documents) => Ok((examined, documents)),
            Rendered::Rejected(rejection) => Err(rejection),
            Rendered::Failed(e) => return Err(e),
        };
        match outcome {
            Ok((examined, documents)) => {
                let outputs = self.deliver(
                    &arrival.relative,
                    &arrival.unit_folder,
                    &file_name,
                    &documents,
                )?;
                let archived = self.archive(arrival, &hash, &bytes)?;
                let summary = pipeline::summary_of(&examined).map(|v| v.to_string());
                self.ledger
                    .finish_done(id, &outputs, &archived, summary.as_deref())?;
                // A new version replaces the documents of the old one.
                for old in previous {
                    if !outputs.iter().any(|o| o.path == old) {
                        remove_quietly(&self.folders.outbox.join(&old));
                    }
                }
                remove_quietly(&arrival.path);
                remove_quietly(&report_path);
                let written: Vec<String> = outputs.iter().map(|o| o.path.clone()).collect();
                tracing::info!(input = %arrival.relative, documents = written.len(), "đã tạo văn bản");
                report.done.push((arrival.relative.clone(), written));
            }
            Err(rejection) => {
                let text = rejection.report();
                write_atomic(&report_path, text.as_bytes())?;
                let first = text.lines().next().unwrap_or_default().to_owned();
                self.ledger.finish_rejected(id, &first)?;
                tracing::warn!(input = %arrival.relative, problems = text.lines().count(), report = %report_path.display(), "bảng tính có lỗi; đã ghi báo cáo lỗi");
                let shown = report_path
                    .strip_prefix(&self.folders.inbox)
                    .unwrap_or(&report_path)
                    .to_string_lossy()
                    .into_owned();
                report.rejected.push((arrival.relative.clone(), shown));
            }
        }
        Ok(())
    }

    /// The version of a template: the hash of its text as found now.
    fn template_version(&self, template: &str) -> String {
        crate::template::Template::find(template, &self.config.templates_dir)
            .map(|t| sha256(t.source().as_bytes()))
            .unwrap_or_default()
    }

    /// Writes the documents of the input at `input_path` into its unit's
    /// outbox folder, each atomically; returns what was written.
    fn deliver(
        &self,
        input_path: &str,
        unit_folder: &str,
        file_name: &str,
        documents: &[pipeline::Produced],
    ) -> Result<Vec<Output>> {
        let unit_dir = if unit_folder.is_empty() {
            "chung".to_owned()
        } else {
            safe_stem(unit_folder)
        };
        let out_dir = self.folders.outbox.join(&unit_dir);
        std::fs::create_dir_all(&out_dir)
            .with_context(|| format!("không tạo được thư mục {}", out_dir.display()))?;
        let mut outputs = Vec::new();
        for doc in documents {
            let version = self.template_version(&doc.template);
            // Another input's documents keep their names: this one's carry
            // its file name too.
            let taken = self
                .ledger
                .owner_of(&format!("{unit_dir}/{}.pdf", doc.stem))?
                .is_some_and(|owner| owner != input_path);
            let stem = if taken {
                let own = Path::new(file_name)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                safe_stem(&format!("{} ({own})", doc.stem))
            } else {
                doc.stem.clone()
            };
            for (ext, bytes) in [("docx", &doc.docx), ("pdf", &doc.pdf)] {
                let name = format!("{stem}.{ext}");
                write_atomic(&out_dir.join(&name), bytes)?;
                outputs.push(Output {
                    path: format!("{unit_dir}/{name}"),
                    hash: sha256(bytes),
                    template: doc.template.clone(),
                    template_version: version.clone(),
                    config_version: self.config_version.clone(),
                });
            }
        }
        sync_dir(&out_dir);
        Ok(outputs)
    }

    /// Reloads `vanthu.toml` when its text changed; true if it did.
    pub fn reload_config(&mut self) -> Result<bool> {
        let Some(path) = self.config.path.clone() else {
            return Ok(false);
        };
        let version = sha256(&std::fs::read(&path).unwrap_or_default());
        if version == self.config_version {
            return Ok(false);
        }
        let config = Config::load(Some(&path))?;
        self.config = config;
        self.config_version = version;
        tracing::info!(config = %path.display(), "cấu hình đã thay đổi");
        Ok(true)
    }

    /// The documents to make again: for each current input, the templates
    /// whose text or the configuration changed since its documents were
    /// made, or every template of `force` (a template name, or "*").
    pub fn stale(&self, force: Option<&str>) -> Result<Vec<(ledger::Input, Vec<String>)>> {
        let mut out = Vec::new();
        let mut versions = std::collections::HashMap::new();
        for input in self.ledger.current_done()? {
            let mut templates: Vec<String> = Vec::new();
            for o in self.ledger.outputs(input.id)? {
                let current = versions
                    .entry(o.template.clone())
                    .or_insert_with(|| self.template_version(&o.template))
                    .clone();
                let forced = force.is_some_and(|f| f == "*" || f == o.template);
                if (forced
                    || current != o.template_version
                    || o.config_version != self.config_version)
                    && !templates.contains(&o.template)
                {
                    templates.push(o.template.clone());
                }
            }
            if !templates.is_empty() {
                out.push((input, templates));
            }
        }
        Ok(out)
    }

    /// Makes the stale documents again from the archived inputs, rendering
    /// in parallel over the cores and replacing each file atomically.
    /// `progress` is told after each input. Returns (input, documents).
    pub fn regenerate(
        &mut self,
        force: Option<&str>,
        today: Date,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Vec<(String, Vec<String>)>> {
        use rayon::prelude::*;
        let stale = self.stale(force)?;
        let total = stale.len();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let config = &self.config;
        let state = &self.folders.state;
        let rendered: Vec<_> = stale
            .par_iter()
            .map(|(input, templates)| {
                let result = (|| -> Result<(String, Vec<pipeline::Produced>)> {
                    let archived = state.join(input.archived.as_deref().unwrap_or_default());
                    let file_name = input.path.rsplit('/').next().unwrap_or_default().to_owned();
                    let folder =
                        (!input.unit_folder.is_empty()).then_some(input.unit_folder.as_str());
                    let mut examined = pipeline::examine(&archived, folder, config, today)
                        .map_err(|r| anyhow::anyhow!("{}", r.lines().join("; ")))?;
                    examined.file_name = file_name.clone();
                    let docs = pipeline::documents_of(&examined, config, today, &|t| {
                        templates.iter().any(|x| x == t)
                    })?;
                    Ok((file_name, docs))
                })();
                progress(done.fetch_add(1, Ordering::SeqCst) + 1, total);
                (input, templates, result)
            })
            .collect();
        let mut out = Vec::new();
        for (input, templates, result) in rendered {
            match result {
                Ok((file_name, docs)) => {
                    let outputs =
                        self.deliver(&input.path, &input.unit_folder, &file_name, &docs)?;
                    let old = self.ledger.outputs(input.id)?;
                    self.ledger.replace_outputs(input.id, templates, &outputs)?;
                    for o in old.iter().filter(|o| templates.contains(&o.template)) {
                        if !outputs.iter().any(|n| n.path == o.path) {
                            remove_quietly(&self.folders.outbox.join(&o.path));
                        }
                    }
                    let written: Vec<String> = outputs.iter().map(|o| o.path.clone()).collect();
                    tracing::info!(input = %input.path, templates = %templates.join(", "), documents = written.len(), "đã tạo lại văn bản");
                    out.push((input.path.clone(), written));
                }
                Err(e) => {
                    tracing::error!(input = %input.path, error = %format!("{e:#}"), "không tạo lại được văn bản");
                }
            }
        }
        Ok(out)
    }

    /// Outputs of the latest done input at `path`.
    fn previous_outputs(&self, path: &str) -> Result<Vec<String>> {
        Ok(match self.ledger.latest_done_at(path)? {
            Some(input) => self
                .ledger
                .outputs(input.id)?
                .into_iter()
                .map(|o| o.path)
                .collect(),
            None => Vec::new(),
        })
    }

    /// Copies the input into the archive (durably); returns its path
    /// relative to the state folder.
    fn archive(&self, arrival: &Arrival, hash: &str, bytes: &[u8]) -> Result<String> {
        let unit = if arrival.unit_folder.is_empty() {
            "chung".to_owned()
        } else {
            safe_stem(&arrival.unit_folder)
        };
        let name = arrival.relative.rsplit('/').next().unwrap_or_default();
        let dir = self.folders.state.join("archive").join(&unit);
        std::fs::create_dir_all(&dir)?;
        let file = format!("{}-{}", &hash[..12], safe_stem(name));
        let path = dir.join(&file);
        if !path.exists() {
            write_atomic(&path, bytes)?;
            sync_dir(&dir);
        }
        Ok(format!("archive/{unit}/{file}"))
    }
}

/// Removes `.*.tmp` files (interrupted atomic writes) under `dir` whose
/// names `ours` accepts.
fn remove_temporaries(dir: &Path, ours: fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            remove_temporaries(&path, ours);
        } else if name.starts_with('.') && name.ends_with(".tmp") && ours(&name) {
            remove_quietly(&path);
        }
    }
}

fn remove_quietly(path: &Path) {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => tracing::warn!(path = %path.display(), error = %e, "không xóa được tệp"),
    }
}

/// Flushes a folder's entries (the renames into it) to disk.
fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_classified_as_offices_leave_them() {
        for name in [
            "~$Bang diem.xlsx",
            ".~lock.Bang diem.xlsx#",
            ".DS_Store",
            "Thumbs.db",
            "desktop.ini",
            "a.tmp",
            "Bang diem.xlsx.crdownload",
            "x.part",
            "Bang diem.loi.txt",
        ] {
            assert_eq!(classify(name), Kind::Ignored, "{name}");
        }
        for name in ["Bảng điểm.xlsx", "DS.XLS", "a.ods", "b.xlsm", "c.xlsb"] {
            assert_eq!(classify(name), Kind::Workbook, "{name}");
        }
        for name in ["Tờ trình.pdf", "ghi chu.docx", "anh.jpg"] {
            assert_eq!(classify(name), Kind::Other, "{name}");
        }
    }
}
