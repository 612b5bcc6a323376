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
    /// Rewrites the yearly summaries when their inputs changed.
    pub(crate) fn refresh_summaries(&mut self, today: Date) -> Result<()> {
        let summaries = self.ledger.summaries()?;
        let key = sha256(
            format!(
                "{}\n{}\n{}",
                summaries.join("\n"),
                self.versions.template(BAO_CAO_TONG_HOP),
                self.versions.config
            )
            .as_bytes(),
        );
        let record = self.folders.state.join("summary.version");
        if std::fs::read_to_string(&record).ok().as_deref() == Some(key.as_str()) {
            return Ok(());
        }
        // A failure (a broken summary template, a full disk) is logged once
        // and tried again when something changes, or after ten minutes.
        if let Some((failed, at)) = &self.summary_failed
            && *failed == key
            && at.elapsed() < std::time::Duration::from_secs(600)
        {
            return Ok(());
        }
        match self.write_summaries(&summaries, today) {
            Ok(()) => {
                self.summary_failed = None;
                if let Err(e) = outbox::write_atomic(&record, key.as_bytes()) {
                    tracing::warn!(error = %e, "không ghi được dấu của báo cáo tổng hợp; sẽ viết lại ở lượt sau");
                }
            }
            // The lists' documents are delivered all the same.
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "không tạo được báo cáo tổng hợp; sẽ thử lại khi có thay đổi hoặc sau 10 phút");
                self.summary_failed = Some((key, std::time::Instant::now()));
            }
        }
        Ok(())
    }

    /// The Báo cáo tổng hợp of each year, from every accepted list, into
    /// the outbox.
    fn write_summaries(&self, stored: &[String], today: Date) -> Result<()> {
        let mut by_year: BTreeMap<i32, Vec<ListSummary>> = BTreeMap::new();
        for text in stored {
            match serde_json::from_str::<ListSummary>(text) {
                Ok(s) => by_year.entry(s.nam).or_default().push(s),
                Err(e) => {
                    tracing::warn!(error = %e, "bỏ qua một bản tóm tắt hỏng trong sổ theo dõi")
                }
            }
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
        Ok(())
    }
}
