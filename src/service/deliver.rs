//! Settling one file's outcome, each step durable before the next so that
//! a crash at any point leaves a state the next pass completes:
//!
//! - **documents**: every document written into `outbox/<unit>/` (each to a
//!   temporary file, flushed, renamed, then the folder flushed) → the
//!   documents of an earlier version of the same file that this one does
//!   not replace removed → the input's bytes archived → ledger `done` with
//!   the outputs, their hashes and versions → the input taken out of the
//!   inbox only if it still holds those bytes (a version saved meanwhile
//!   stays, as a new arrival) → its old report removed;
//! - **rejection**: the report written beside the input (atomically) →
//!   ledger `rejected` with the versions it was judged under; the input
//!   stays where its submitter looks;
//! - **retry** (the time limit, a broken template, a failed write): ledger
//!   `retry` with its reason and the time it is due, backing off; after
//!   [`MAX_TIME_LIMIT_RETRIES`] time limits the file is rejected.
//!
//! Until the ledger says `done` or `rejected` the row stays `processing`,
//! and the next pass runs the job again from the same bytes, which gives
//! the same documents.

use std::path::Path;

use anyhow::Result;

use super::ledger::Output;
use super::{
    MAX_TIME_LIMIT_RETRIES, PassReport, Prepared, Service, backoff, ledger, outbox_folder, sha256,
};
use crate::documents::Produced;
use crate::documents::summary::ListSummary;
use crate::job::{Outcome, RetryCause};
use crate::outbox::{self, FileError};
use crate::workbook::{Examined, Rejection, display_name};

impl Service {
    /// Settles the outcome of a prepared file. `Err` only when the ledger
    /// fails; every trouble of the file itself becomes its outcome.
    pub(crate) fn settle(
        &mut self,
        prepared: Prepared,
        outcome: Outcome,
        report: &mut PassReport,
    ) -> Result<()> {
        self.in_flight
            .remove(&(prepared.hash.clone(), prepared.arrival.unit_folder.clone()));
        let (input, started) = (prepared.arrival.relative.clone(), prepared.started);
        let settled = self.settle_outcome(prepared, outcome, report);
        if settled.is_ok() {
            // Where the file ended up: the report's newest entry is its.
            let ended = if report.done.last().is_some_and(|(i, _)| *i == input) {
                "đã tạo văn bản"
            } else if report.rejected.last().is_some_and(|(i, _)| *i == input) {
                "có lỗi, đã ghi báo cáo lỗi"
            } else {
                "chưa xong, sẽ thử lại"
            };
            tracing::info!(input = %input, duration_ms = started.elapsed().as_millis() as u64, "xử lý xong: {ended}");
        }
        settled
    }

    fn settle_outcome(
        &mut self,
        prepared: Prepared,
        outcome: Outcome,
        report: &mut PassReport,
    ) -> Result<()> {
        match outcome {
            Outcome::Documents {
                examined,
                documents,
            } => match self.accept(&prepared, &examined, &documents, report) {
                Ok(()) => Ok(()),
                Err(Failure::File(e)) => {
                    let reason = format!("không giao được văn bản: {e}");
                    self.retry(&prepared, &reason, report)
                }
                Err(Failure::Ledger(e)) => Err(e),
            },
            Outcome::Rejected(rejection) => self.reject(&prepared, &rejection, report),
            Outcome::Retry {
                cause: RetryCause::TimeLimit,
                reason,
            } if prepared.row.retries + 1 >= MAX_TIME_LIMIT_RETRIES => {
                let rejection = Rejection::file(
                    &display_name(prepared.arrival.file_name()),
                    format!("{reason} (đã thử {} lần)", prepared.row.retries + 1),
                );
                self.reject(&prepared, &rejection, report)
            }
            Outcome::Retry { cause, reason } => {
                if cause == RetryCause::Configuration {
                    tracing::error!(input = %prepared.arrival.relative, error = %reason, "không tạo được văn bản vì mẫu hoặc cấu hình có lỗi; tệp sẽ được xử lý lại khi sửa xong");
                }
                self.retry(&prepared, &reason, report)
            }
        }
    }

    /// Delivers the documents of a file (see the module's order).
    fn accept(
        &mut self,
        p: &Prepared,
        examined: &Examined,
        documents: &[Produced],
        report: &mut PassReport,
    ) -> Result<(), Failure> {
        self.still_holds(&p.arrival.relative)
            .map_err(|e| Failure::Ledger(e.into()))?;
        // Named, written and recorded under the unit's lock (workers side
        // by side); released once the ledger says done.
        let unit_lock = self
            .lock_unit(&p.arrival.unit_folder)
            .map_err(|e| Failure::Ledger(e.into()))?;
        let outputs =
            self.write_documents(&p.arrival.relative, &p.arrival.unit_folder, documents)?;
        crate::failpoint!("deliver.documents_written", &p.arrival.relative);
        self.remove_superseded(&p.arrival.relative, p.row.id, &outputs)?;
        let archived = self.archive(&p.arrival, &p.hash, &p.bytes)?;
        crate::failpoint!("deliver.archived", &p.arrival.relative);
        let summary = ListSummary::of(examined, &self.config)
            .map(|s| serde_json::to_string(&s).expect("a summary serialises"));
        self.ledger
            .finish_done(p.row.id, &outputs, &archived, summary.as_deref())
            .map_err(|e| Failure::Ledger(e.into()))?;
        drop(unit_lock);
        crate::failpoint!("deliver.recorded", &p.arrival.relative);
        self.leave_inbox(&p.arrival, &p.hash, p.row.id)
            .map_err(Failure::Ledger)?;
        let written: Vec<String> = outputs.iter().map(|o| o.path.clone()).collect();
        for skipped in &examined.recognition.skipped {
            tracing::info!(
                input = %p.arrival.relative,
                sheet = %skipped.name,
                reason = skipped.reason.tag(),
                "bỏ qua trang: {}",
                skipped.reason.says()
            );
        }
        for warning in &examined.warnings {
            tracing::warn!(input = %p.arrival.relative, "lưu ý: {warning}");
        }
        tracing::info!(input = %p.arrival.relative, documents = written.len(), "đã tạo văn bản");
        report.done.push((p.arrival.relative.clone(), written));
        Ok(())
    }

    /// Writes the documents of the input at `input_path` into its unit's
    /// outbox folder, all atomically and durably; returns what was written.
    /// Another input's current documents keep their names: this one's then
    /// carry its file name too.
    pub(crate) fn write_documents(
        &self,
        input_path: &str,
        unit_folder: &str,
        documents: &[Produced],
    ) -> Result<Vec<Output>, Failure> {
        let unit_dir = outbox_folder(unit_folder);
        let file_name = input_path.rsplit('/').next().unwrap_or_default();
        let file_stem = Path::new(file_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut outputs: Vec<Output> = Vec::new();
        let mut files: Vec<(String, &[u8])> = Vec::new();
        for doc in documents {
            // The document's own name, else with the input's name, else
            // numbered: never a name another current input owns (compared
            // without case, as Windows shares do).
            // Made one at a time, as they are needed: most documents take
            // the first.
            // The numbers go on until a name is free (the ledger owns
            // finitely many), so a name is always found and never one
            // another input owns.
            let candidates = std::iter::once(doc.stem.clone())
                .chain(std::iter::once_with(|| {
                    suffixed(&doc.stem, &file_stem, None)
                }))
                .chain(std::iter::once_with(|| {
                    suffixed(&doc.stem, file_name, None)
                }))
                .chain((2u64..).map(|n| suffixed(&doc.stem, file_name, Some(n))));
            let mut chosen = None;
            for candidate in candidates {
                let pdf = format!("{unit_dir}/{candidate}.pdf");
                let mine = outputs
                    .iter()
                    .any(|o| o.path.to_lowercase() == pdf.to_lowercase());
                let owner = self
                    .ledger
                    .owner_of(&pdf)
                    .map_err(|e| Failure::Ledger(e.into()))?;
                if !mine && owner.is_none_or(|owner| owner == input_path) {
                    chosen = Some(candidate);
                    break;
                }
            }
            let Some(stem) = chosen else {
                // Unreachable: the candidates never end.
                return Err(Failure::Ledger(anyhow::anyhow!(
                    "không đặt được tên cho văn bản \"{}\"",
                    doc.stem
                )));
            };
            for (ext, bytes) in [("docx", &doc.docx), ("pdf", &doc.pdf)] {
                let name = format!("{stem}.{ext}");
                outputs.push(Output {
                    path: format!("{unit_dir}/{name}"),
                    hash: sha256(bytes),
                    template: doc.template.clone(),
                    template_version: self.versions.template(&doc.template),
                    config_version: self.versions.config.clone(),
                });
                files.push((name, bytes.as_slice()));
            }
        }
        let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
        outbox::write_files(&self.folders.outbox.join(&unit_dir), &files)?;
        Ok(outputs)
    }

    /// Removes the documents of earlier versions of the file at
    /// `input_path` that `outputs` does not replace and no other current
    /// input owns.
    fn remove_superseded(
        &self,
        input_path: &str,
        id: i64,
        outputs: &[Output],
    ) -> Result<(), Failure> {
        let earlier = self
            .ledger
            .earlier_outputs(input_path, id)
            .map_err(|e| Failure::Ledger(e.into()))?;
        let mut folders = Vec::new();
        for old in earlier {
            if outputs.iter().any(|o| o.path == old.path) {
                continue;
            }
            let owner = self
                .ledger
                .owner_of(&old.path)
                .map_err(|e| Failure::Ledger(e.into()))?;
            if owner.is_some_and(|o| o != input_path) {
                continue;
            }
            let path = self.folders.outbox.join(&old.path);
            if outbox::remove_file(&path)? {
                folders.push(path.parent().map(Path::to_path_buf).unwrap_or_default());
            }
        }
        folders.sort();
        folders.dedup();
        for folder in folders {
            outbox::sync_dir(&folder)?;
        }
        Ok(())
    }

    /// Writes a rejected file's report beside it, then the ledger.
    pub(crate) fn reject(
        &mut self,
        p: &Prepared,
        rejection: &Rejection,
        report: &mut PassReport,
    ) -> Result<()> {
        let checked_at = super::status::clock(ledger::now());
        let text = rejection.report(&crate::workbook::ReportHeading {
            file_name: p.arrival.file_name(),
            unit: self.config.unit_of_folder(&p.arrival.unit_folder),
            checked_at: &checked_at,
        });
        let report_path = self.report_path(&p.arrival);
        self.still_holds(&p.arrival.relative)?;
        if let Err(e) = outbox::write_atomic(&report_path, &crate::workbook::report_file(&text)) {
            // Without its report the submitter would never learn what to
            // fix: the rejection waits until the report can be written.
            let reason = format!("không ghi được báo cáo lỗi: {e}");
            return self.retry(p, &reason, report);
        }
        crate::failpoint!("reject.report_written", &p.arrival.relative);
        // Its report under a name it had before a namesake came: gone.
        for stale in p.arrival.report_paths() {
            if stale != report_path {
                outbox::remove_file(&stale).ok();
            }
        }
        let lines: Vec<String> = rejection
            .lines()
            .iter()
            .map(|l| crate::workbook::one_line(l))
            .collect();
        let first = lines.first().cloned().unwrap_or_default();
        self.ledger
            .finish_rejected(p.row.id, &first, &self.versions.key)?;
        tracing::warn!(input = %p.arrival.relative, problems = lines.len(), report = %report_path.display(), "bảng tính có lỗi; đã ghi báo cáo lỗi");
        // The report's lines in the log too, as the submitter reads them;
        // a very long list is cut, the report has it whole.
        for (n, line) in lines.iter().enumerate().take(LOGGED_PROBLEMS) {
            tracing::warn!(input = %p.arrival.relative, "{}. {line}", n + 1);
        }
        if lines.len() > LOGGED_PROBLEMS {
            tracing::warn!(input = %p.arrival.relative, "… và {} lỗi khác, xem {}", lines.len() - LOGGED_PROBLEMS, report_path.display());
        }
        for warning in rejection.warnings().iter().take(LOGGED_PROBLEMS) {
            tracing::info!(input = %p.arrival.relative, "Lưu ý: {}", crate::workbook::one_line(warning));
        }
        let shown = report_path
            .strip_prefix(&self.folders.inbox)
            .unwrap_or(&report_path)
            .to_string_lossy()
            .into_owned();
        report.rejected.push((p.arrival.relative.clone(), shown));
        Ok(())
    }

    /// Schedules a file to be tried again, backing off.
    fn retry(&mut self, p: &Prepared, reason: &str, report: &mut PassReport) -> Result<()> {
        let delay = backoff(self.config.service.retry, p.row.retries + 1);
        let at = ledger::now() + delay.as_secs() as i64;
        self.ledger
            .finish_retry(p.row.id, reason, at, &self.versions.key)?;
        tracing::warn!(input = %p.arrival.relative, reason, retry_in_s = delay.as_secs(), "sẽ thử lại tệp sau");
        report.again(delay);
        report
            .retrying
            .push((p.arrival.relative.clone(), reason.to_owned()));
        Ok(())
    }
}

/// How many of a rejected file's problems the log repeats.
const LOGGED_PROBLEMS: usize = 50;

/// Bytes of the input's name in a document's name: `stem (name)`.
const SUFFIX_BYTES: usize = 60;

/// `stem (suffix)` or `stem (suffix, bản n)`, a safe name: a long suffix
/// keeps its beginning and its end (`Danh sách đề nghị… bổ sung lần 2`,
/// where names of one office's files differ) and its number whole, and the
/// stem is cut at a word to make room. Distinct suffixes or numbers give
/// distinct names; "bản n" (copy n) cannot be read as another file's name
/// (`ab.xlsx 3` could be the file `ab.xlsx 3.xlsx`).
fn suffixed(stem: &str, suffix: &str, number: Option<u64>) -> String {
    let number = number.map(|n| format!(", bản {n}")).unwrap_or_default();
    let suffix = format!(
        "{}{number}",
        shorten(suffix, SUFFIX_BYTES.saturating_sub(number.len()))
    );
    let room = outbox::MAX_STEM_BYTES.saturating_sub(suffix.len() + 3);
    let stem = if stem.len() <= room {
        stem.to_owned()
    } else {
        // At a word, unless that loses more than a few characters.
        let cut = head(stem, room);
        match cut.rfind(' ') {
            Some(space) if cut.len() - space <= 24 => cut[..space].trim_end().to_owned(),
            _ => cut.to_owned(),
        }
    };
    outbox::safe_stem(&format!("{stem} ({suffix})"))
}

/// The first `bytes` bytes of `text`, cut at a character boundary.
fn head(text: &str, bytes: usize) -> &str {
    let mut end = text.len().min(bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// `text` in at most `bytes` bytes: whole when it fits, else its beginning
/// and its end around an ellipsis.
fn shorten(text: &str, bytes: usize) -> String {
    if text.len() <= bytes {
        return text.to_owned();
    }
    const ELLIPSIS: &str = "…";
    let room = bytes.saturating_sub(ELLIPSIS.len());
    let front = head(text, room / 2).trim_end();
    let mut start = text.len() - (room - front.len()).min(text.len());
    while !text.is_char_boundary(start) {
        start += 1;
    }
    format!("{front}{ELLIPSIS}{}", text[start..].trim_start())
}

/// Why settling failed: the file (its outcome becomes a retry) or the
/// ledger (the pass stops).
#[derive(Debug)]
pub(crate) enum Failure {
    /// A file operation.
    File(FileError),
    /// The ledger or another failure of the whole service.
    Ledger(anyhow::Error),
}

impl From<FileError> for Failure {
    fn from(e: FileError) -> Failure {
        Failure::File(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "Danh sách đề nghị khen thưởng năm 2025 của Phòng Tổng hợp";
    const DOC: &str = "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến - Trung tâm Phục vụ hành chính công tỉnh Quảng Trị";

    #[test]
    fn long_names_that_differ_at_the_end_give_different_names() {
        let one = suffixed(DOC, &format!("{BASE} - bổ sung lần 1"), None);
        let two = suffixed(DOC, &format!("{BASE} - bổ sung lần 2"), None);
        assert_ne!(one, two);
        assert!(one.ends_with("bổ sung lần 1)"), "{one}");
        assert!(one.contains('…'), "{one}");
        for name in [&one, &two] {
            assert!(name.len() <= outbox::MAX_STEM_BYTES, "{}", name.len());
        }
    }

    #[test]
    fn numbers_stay_whole_however_long_the_file_name() {
        let long = format!("{BASE} {BASE}.xlsx");
        let names: Vec<String> = (2..6).map(|n| suffixed(DOC, &long, Some(n))).collect();
        for (name, n) in names.iter().zip(2..) {
            assert!(name.ends_with(&format!(", bản {n})")), "{name}");
            assert!(name.len() <= outbox::MAX_STEM_BYTES, "{}", name.len());
        }
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
    }

    #[test]
    fn a_long_stem_is_cut_at_a_word() {
        let stem = format!("{DOC} {DOC}");
        let name = suffixed(&stem, "ds.xlsx", None);
        let kept = name.strip_suffix(" (ds.xlsx)").unwrap();
        assert!(stem.starts_with(kept), "{name}");
        assert_eq!(stem[kept.len()..].chars().next(), Some(' '), "{name}");
    }

    #[test]
    fn shorten_keeps_short_text_and_both_ends_of_long_text() {
        assert_eq!(shorten("ds.xlsx", 60), "ds.xlsx");
        let short = shorten(
            "Nguyễn Văn An Nguyễn Văn Bình Nguyễn Văn Cường Đỗ Thị Hằng",
            30,
        );
        assert!(short.len() <= 30, "{short}");
        assert!(
            short.starts_with("Nguyễn") && short.ends_with("Hằng"),
            "{short}"
        );
    }
}
