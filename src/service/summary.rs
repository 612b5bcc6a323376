//! The yearly Báo cáo tổng hợp in the outbox, kept current: rewritten when
//! what it is made of (the accepted lists' summaries, its template, the
//! configuration) changed since it was last written. The record of what it
//! was made from is written after it, so an interrupted write is redone.

use std::collections::BTreeMap;

use anyhow::Result;

use super::{Service, sha256};
use crate::documents::summary::{self, ListSummary};
use crate::documents::{BAO_CAO_TONG_HOP, DocumentError};
use crate::outbox;
use crate::text::Date;

impl Service {
    /// Rewrites the yearly summaries when their inputs changed, or always
    /// when `force`; returns the years written. A failure is logged and
    /// tried again later, or returned when `force`.
    pub(crate) fn refresh_summaries(&mut self, today: Date, force: bool) -> Result<Vec<i32>> {
        let summaries = current_lists(self.ledger.summaries()?);
        let key = sha256(
            format!(
                "{}\n{}\n{}",
                summaries
                    .iter()
                    .map(|c| c.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
                self.versions.template(BAO_CAO_TONG_HOP),
                self.versions.config
            )
            .as_bytes(),
        );
        // The record: the key, then the files written under it; a file
        // deleted from the outbox is written again.
        let record = self.folders.state.join("summary.version");
        let recorded = std::fs::read_to_string(&record).unwrap_or_default();
        let mut lines = recorded.lines();
        let current = lines.next() == Some(key.as_str())
            && lines.all(|name| self.folders.outbox.join(name).exists());
        if !force && current {
            return Ok(Vec::new());
        }
        // A failure (a broken summary template, a full disk) is logged once
        // and tried again when something changes, or after ten minutes.
        if let Some((failed, at)) = &self.summary_failed
            && !force
            && *failed == key
            && at.elapsed() < std::time::Duration::from_secs(600)
        {
            return Ok(Vec::new());
        }
        for current in &summaries {
            for old in &current.replaced {
                tracing::info!(unit = %current.list.don_vi, year = current.list.nam, current = %current.path, replaced = %old, "báo cáo tổng hợp tính danh sách mới nhất của đơn vị thay cho danh sách cũ");
            }
        }
        let lists: Vec<ListSummary> = summaries.into_iter().map(|c| c.list).collect();
        match self.write_summaries(&lists, today) {
            Ok((years, names)) => {
                self.summary_failed = None;
                let text = std::iter::once(key.as_str())
                    .chain(names.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join("\n");
                if let Err(e) = outbox::write_atomic(&record, text.as_bytes()) {
                    tracing::warn!(error = %e, "không ghi được dấu của báo cáo tổng hợp; sẽ viết lại ở lượt sau");
                }
                Ok(years)
            }
            // Asked for by name, the failure is the answer.
            Err(e) if force => Err(e),
            // The lists' documents are delivered all the same.
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "không tạo được báo cáo tổng hợp; sẽ thử lại khi có thay đổi hoặc sau 10 phút");
                self.summary_failed = Some((key, std::time::Instant::now()));
                Ok(Vec::new())
            }
        }
    }

    /// The Báo cáo tổng hợp of each year, from the current list of each
    /// unit, into the outbox; returns the years and the files written.
    fn write_summaries(
        &self,
        lists: &[ListSummary],
        today: Date,
    ) -> Result<(Vec<i32>, Vec<String>)> {
        let mut by_year: BTreeMap<i32, Vec<ListSummary>> = BTreeMap::new();
        for list in lists {
            by_year.entry(list.nam).or_default().push(list.clone());
        }
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for (year, summaries) in &by_year {
            let doc = summary::document(*year, summaries, &self.config, today)
                .map_err(|e: DocumentError| anyhow::anyhow!("báo cáo tổng hợp năm {year}: {e}"))?;
            files.push((format!("{}.docx", doc.stem), doc.docx));
            files.push((format!("{}.pdf", doc.stem), doc.pdf));
            tracing::info!(
                year,
                lists = summaries.len(),
                "đã cập nhật báo cáo tổng hợp"
            );
        }
        let files: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        outbox::write_files(&self.folders.outbox, &files)?;
        let names = files.iter().map(|(n, _)| (*n).to_owned()).collect();
        Ok((by_year.into_keys().collect(), names))
    }
}

/// A unit's current list of a year.
struct CurrentList {
    /// Its input's path.
    path: String,
    /// Its summary as stored.
    text: String,
    /// Its summary.
    list: ListSummary,
    /// The paths of the unit's earlier lists of the year it replaces.
    replaced: Vec<String>,
}

/// The current list of each unit, year and list title from the stored
/// summaries (in the order their lists came): the latest replaces the
/// earlier ones, whatever their file names, so a corrected copy saved under
/// a new name, or the same list sent from two places, counts once; a list
/// of another title (the danh hiệu list beside the hình thức list, "đợt
/// 2") counts beside it. Lists of no known unit ("Chưa rõ đơn vị (tệp …)")
/// are each their own.
fn current_lists(stored: Vec<(String, String)>) -> Vec<CurrentList> {
    let mut out: Vec<CurrentList> = Vec::new();
    for (path, text) in stored {
        let list = match serde_json::from_str::<ListSummary>(&text) {
            Ok(list) => list,
            Err(e) => {
                tracing::warn!(input = %path, error = %e, "bỏ qua một bản tóm tắt hỏng trong sổ theo dõi");
                continue;
            }
        };
        let mut replaced = Vec::new();
        if let Some(at) = out.iter().position(|c| {
            summary::same_unit(&c.list.don_vi, &list.don_vi)
                && c.list.nam == list.nam
                && c.list.danh_sach == list.danh_sach
        }) {
            let earlier = out.remove(at);
            replaced = earlier.replaced;
            replaced.push(earlier.path);
        }
        out.push(CurrentList {
            path,
            text,
            list,
            replaced,
        });
    }
    out
}
