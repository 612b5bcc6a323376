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

/// How long a finding of nothing stale stands while the versions stay.
const STALE_RECHECK: std::time::Duration = std::time::Duration::from_secs(60);

/// A regeneration's job, with the input and the templates it remakes.
type Regeneration = (Job, (Input, Vec<String>));

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
        // Every current input's outputs are looked at (a query or two
        // each): not again while nothing could have changed.
        let key = self.versions.key.clone();
        if force.is_none()
            && self
                .stale_checked
                .as_ref()
                .is_some_and(|(checked, at)| *checked == key && at.elapsed() < STALE_RECHECK)
        {
            return self.run_regenerations(VecDeque::new(), today, progress);
        }
        let stale = self.stale(force)?;
        if force.is_none() && stale.is_empty() {
            self.stale_checked = Some((key, std::time::Instant::now()));
        }
        let mut pending = VecDeque::new();
        for (input, templates) in stale {
            match self.ledger.shared() {
                // Shared: queued for every worker, this one included.
                Some(shared) => shared.enqueue_regeneration(&input.path, input.id, &templates)?,
                None => {
                    if let Some(job) = self.regeneration_job(&input, &templates)? {
                        pending.push_back((job, (input, templates)));
                    }
                }
            }
        }
        self.run_regenerations(pending, today, progress)
    }

    /// The job that makes the documents of `templates` of `input` again
    /// from its archived bytes; `None` when those cannot be read (the
    /// failure is recorded).
    fn regeneration_job(&self, input: &Input, templates: &[String]) -> Result<Option<Job>> {
        let archived = self
            .folders
            .state
            .join(input.archived.as_deref().unwrap_or_default());
        match outbox::read(&archived) {
            Ok(bytes) => Ok(Some(Job {
                bytes,
                file_name: input.path.rsplit('/').next().unwrap_or_default().to_owned(),
                unit_folder: (!input.unit_folder.is_empty()).then(|| input.unit_folder.clone()),
                only: Some(templates.to_vec()),
            })),
            Err(e) => {
                let reason = format!("không tạo lại được văn bản: {e}");
                tracing::error!(input = %input.path, error = %e, "không đọc được bản lưu của tệp");
                self.ledger
                    .regeneration_failed(input.id, &self.versions.key, &reason)?;
                Ok(None)
            }
        }
    }

    /// Runs the regeneration jobs `pending`, and on the shared ledger the
    /// ones claimed from its queue until it is empty, side by side.
    pub(crate) fn run_regenerations(
        &mut self,
        pending: VecDeque<Regeneration>,
        today: Date,
        progress: &dyn Fn(usize, usize),
    ) -> Result<Vec<(String, Vec<String>)>> {
        let claiming = self.ledger.is_shared();
        if pending.is_empty() && !claiming {
            return Ok(Vec::new());
        }
        let total = pending.len();
        let config = std::sync::Arc::clone(&self.config);
        let stop = std::sync::Arc::clone(&self.stop);
        let width = std::thread::available_parallelism().map_or(2, |n| n.get() * 2);
        let mut feeder = Regenerations {
            service: self,
            pending,
            claiming,
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

    /// Claims the next queued regeneration of the shared ledger, with its
    /// job; skips (and ends) the ones with nothing left to do.
    fn claim_regeneration(&mut self) -> Result<Option<Regeneration>> {
        let Some(shared) = self.ledger.shared() else {
            return Ok(None);
        };
        while let Some(claimed) = shared.claim_next("regenerate")? {
            tracing::debug!(input = %claimed.path, id = ?claimed.input_id, "nhận việc tạo lại văn bản");
            let input = match claimed.input_id {
                Some(id) => self.ledger.input(id)?,
                None => None,
            };
            // Still the current input of its path (no newer version was
            // delivered meanwhile).
            let current = match &input {
                Some(input) => self
                    .ledger
                    .latest_at(&input.path)?
                    .is_some_and(|latest| latest.id == input.id),
                None => false,
            };
            if let Some(input) = input.filter(|_| current)
                && let Some(job) = self.regeneration_job(&input, &claimed.templates)?
            {
                return Ok(Some((job, (input, claimed.templates))));
            }
            shared.release(&claimed.path)?;
        }
        Ok(None)
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
        self.still_holds(&input.path)?;
        let _unit_lock = self.lock_unit(&input.unit_folder)?;
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
    pending: VecDeque<Regeneration>,
    /// Jobs are claimed from the shared ledger's queue once `pending`
    /// runs out.
    claiming: bool,
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
        if let Some((job, item)) = self.pending.pop_front() {
            return Some((item, job));
        }
        if !self.claiming || self.service.stopping() {
            return None;
        }
        match self.service.claim_regeneration() {
            Ok(Some((job, item))) => {
                self.total += 1;
                Some((item, job))
            }
            Ok(None) => None,
            Err(e) => {
                self.failure = Some(e);
                None
            }
        }
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
            // Another worker holds the input now: nothing was written.
            Err(e) if super::fenced(&e) => tracing::warn!(input = %input.path, "{e:#}"),
            Err(e) => self.failure = Some(e),
        }
        if self.claiming
            && let Err(e) = self.service.release(&input.path)
            && self.failure.is_none()
        {
            self.failure = Some(e);
        }
    }
}
