//! Regeneration: when a template or the configuration changes, every
//! current input's documents made from it are made again from the archived
//! bytes, through the same [`crate::job`] as a new file (own thread, time
//! limit, panic caught), and replace the old ones atomically. A document
//! that cannot be made again keeps its old version; the failure is logged
//! and recorded, and not tried again until the versions change.

use anyhow::Result;

use super::ledger::{Input, Output};
use super::{Service, outbox_folder};
use std::collections::VecDeque;

use crate::documents::summary::ListSummary;
use crate::job::{self, Feed, Job, Outcome};
use crate::outbox;
use crate::text::Date;

impl Service {
    /// The documents to make again: for each current input, the templates
    /// whose text changed since its documents were made, or every template
    /// of `force` (a template name, or "*"). When the configuration or the
    /// program's way of composing documents changed, every document of the
    /// input is made again, since which documents a list gives may have
    /// changed too (who decides an award, one decision per award…).
    pub fn stale(&self, force: Option<&str>) -> Result<Vec<(Input, Vec<String>)>> {
        let mut out = Vec::new();
        let every: Vec<String> = crate::template::built_in_names()
            .map(str::to_owned)
            .collect();
        for input in self.ledger.current_done()? {
            if force.is_none()
                && self.ledger.regeneration_failed_under(input.id)?.as_deref()
                    == Some(self.versions.key.as_str())
            {
                continue;
            }
            let outputs = self.ledger.outputs(input.id)?;
            let whole = force == Some("*")
                || outputs.iter().any(|o| {
                    o.config_version != self.versions.config
                        || !super::same_composition(&o.template_version)
                });
            if whole {
                if !outputs.is_empty() {
                    out.push((input, every.clone()));
                }
                continue;
            }
            let mut templates: Vec<String> = Vec::new();
            for o in outputs {
                let forced = force.is_some_and(|f| f == o.template);
                if (forced || self.versions.template(&o.template) != o.template_version)
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

    /// Makes the stale documents again from the archived inputs, side by
    /// side, replacing each file atomically. `progress` is told after each
    /// input (done, total). Returns (input, documents written).
    pub fn regenerate(
        &mut self,
        force: Option<&str>,
        today: Date,
        progress: &dyn Fn(usize, usize),
    ) -> Result<Vec<(String, Vec<String>)>> {
        let stale = self.stale(force)?;
        if stale.is_empty() {
            return Ok(Vec::new());
        }
        let total = stale.len();
        let mut jobs = Vec::new();
        let mut inputs = Vec::new();
        for (input, templates) in stale {
            let archived = self
                .folders
                .state
                .join(input.archived.as_deref().unwrap_or_default());
            match outbox::read(&archived) {
                Ok(bytes) => {
                    jobs.push(Job {
                        bytes,
                        file_name: input.path.rsplit('/').next().unwrap_or_default().to_owned(),
                        unit_folder: (!input.unit_folder.is_empty())
                            .then(|| input.unit_folder.clone()),
                        only: Some(templates.clone()),
                    });
                    inputs.push((input, templates));
                }
                Err(e) => {
                    let reason = format!("không tạo lại được văn bản: {e}");
                    tracing::error!(input = %input.path, error = %e, "không đọc được bản lưu của tệp");
                    self.ledger
                        .regeneration_failed(input.id, &self.versions.key, &reason)?;
                }
            }
        }
        let config = std::sync::Arc::clone(&self.config);
        let stop = std::sync::Arc::clone(&self.stop);
        let width = std::thread::available_parallelism().map_or(2, |n| n.get() * 2);
        let mut feeder = Regenerations {
            service: self,
            pending: jobs.into_iter().zip(inputs).collect(),
            progress,
            total,
            finished: 0,
            written: Vec::new(),
            failure: None,
        };
        job::run_each(&mut feeder, &config, today, width, &stop);
        match feeder.failure {
            Some(e) => Err(e),
            None => Ok(feeder.written),
        }
    }

    /// Puts the regenerated documents of one input in place of the old
    /// ones; `None` when it could not be made again.
    fn replace(
        &mut self,
        input: &Input,
        templates: &[String],
        outcome: Outcome,
    ) -> Result<Option<Vec<String>>> {
        let failed = |service: &mut Service, reason: String| -> Result<Option<Vec<String>>> {
            tracing::error!(input = %input.path, templates = %templates.join(", "), error = %reason, "không tạo lại được văn bản; giữ văn bản cũ");
            service
                .ledger
                .regeneration_failed(input.id, &service.versions.key, &reason)?;
            Ok(None)
        };
        let (examined, documents) = match outcome {
            Outcome::Documents {
                examined,
                documents,
            } => (examined, documents),
            Outcome::Rejected(rejection) => {
                return failed(self, rejection.lines().join("; "));
            }
            Outcome::Retry { reason, .. } => return failed(self, reason),
        };
        let outputs: Vec<Output> =
            match self.write_documents(&input.path, &input.unit_folder, &documents) {
                Ok(outputs) => outputs,
                Err(super::deliver::Failure::File(e)) => return failed(self, e.to_string()),
                Err(super::deliver::Failure::Ledger(e)) => return Err(e),
            };
        let old = self.ledger.outputs(input.id)?;
        let summary = ListSummary::of(&examined, &self.config)
            .map(|s| serde_json::to_string(&s).expect("a summary serialises"));
        self.ledger
            .replace_outputs(input.id, templates, &outputs, summary.as_deref())?;
        let unit_dir = self.folders.outbox.join(outbox_folder(&input.unit_folder));
        let mut removed = false;
        for o in old.iter().filter(|o| templates.contains(&o.template)) {
            if !outputs.iter().any(|n| n.path == o.path) {
                removed |= outbox::remove_file(&self.folders.outbox.join(&o.path))?;
            }
        }
        if removed {
            outbox::sync_dir(&unit_dir)?;
        }
        let written: Vec<String> = outputs.iter().map(|o| o.path.clone()).collect();
        tracing::info!(input = %input.path, templates = %templates.join(", "), documents = written.len(), "đã tạo lại văn bản");
        Ok(Some(written))
    }
}

/// Hands the regeneration jobs to [`job::run_each`] and puts each result
/// in place.
struct Regenerations<'a> {
    service: &'a mut Service,
    pending: VecDeque<(Job, (Input, Vec<String>))>,
    progress: &'a dyn Fn(usize, usize),
    total: usize,
    finished: usize,
    written: Vec<(String, Vec<String>)>,
    failure: Option<anyhow::Error>,
}

impl Feed for Regenerations<'_> {
    type Item = (Input, Vec<String>);

    fn next(&mut self) -> Option<(Self::Item, Job)> {
        if self.failure.is_some() {
            return None;
        }
        let (job, item) = self.pending.pop_front()?;
        Some((item, job))
    }

    fn done(&mut self, (input, templates): Self::Item, outcome: Outcome) {
        self.finished += 1;
        (self.progress)(self.finished, self.total);
        if self.failure.is_some() {
            return;
        }
        match self.service.replace(&input, &templates, outcome) {
            Ok(Some(written)) => self.written.push((input.path.clone(), written)),
            Ok(None) => {}
            Err(e) => self.failure = Some(e),
        }
    }
}
