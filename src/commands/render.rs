//! `vanthu render`: every document of one workbook as DOCX and PDF into a
//! folder, or its report (`<name>.loi.txt`) there. The workbook goes
//! through the same [`crate::job`] as in the service: own thread, time
//! limit, panics caught.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;

use crate::config::Config;
use crate::job::{self, Job, Outcome, RetryCause};
use crate::outbox;
use crate::workbook::{Rejection, ReportHeading, display_name, report_file};

/// What `vanthu render` wrote.
#[derive(Debug)]
pub struct RenderOutcome {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// The rejection report, when the workbook gives no document.
    pub rejection: Option<String>,
    /// What the submitter should know though documents were made.
    pub warnings: Vec<String>,
}

/// Renders the workbook at `path` into `out`.
pub fn render(path: &Path, out: &Path, config: Option<&Path>) -> Result<RenderOutcome> {
    let config = Arc::new(Config::load(config)?);
    let file_name = super::file_name_of(path);
    let job = Job {
        bytes: super::read_input(path)?,
        file_name: file_name.clone(),
        unit_folder: super::folder_of(path),
        only: None,
    };
    outbox::create_dir_all(out)?;
    let report_path = out.join(outbox::report_name(&file_name));
    let rejection = match job::run(job, &config, super::today()) {
        Outcome::Documents {
            documents,
            examined,
        } => {
            let mut files: Vec<(String, &[u8])> = Vec::new();
            for doc in &documents {
                files.push((format!("{}.docx", doc.stem), &doc.docx));
                files.push((format!("{}.pdf", doc.stem), &doc.pdf));
            }
            let names: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
            outbox::write_files(out, &names)?;
            // A report of an earlier, faulty version goes away.
            if outbox::remove_file(&report_path)? {
                outbox::sync_dir(out)?;
            }
            return Ok(RenderOutcome {
                written: files.iter().map(|(n, _)| out.join(n)).collect(),
                rejection: None,
                warnings: examined
                    .warnings
                    .iter()
                    .cloned()
                    .chain(config.advisories())
                    .chain(crate::template::advisories(&config.templates_dir))
                    .collect(),
            });
        }
        Outcome::Rejected(rejection) => rejection,
        Outcome::Retry {
            cause: RetryCause::TimeLimit,
            reason,
        } => Rejection::file(&display_name(&file_name), reason),
        Outcome::Retry {
            cause: RetryCause::Configuration,
            reason,
        } => anyhow::bail!("{reason}"),
    };
    let folder = super::folder_of(path);
    let checked_at = crate::service::status::clock(crate::service::ledger::now());
    let report = rejection.report(&ReportHeading {
        file_name: &file_name,
        unit: folder.as_deref().and_then(|f| config.unit_of_folder(f)),
        checked_at: &checked_at,
    });
    outbox::write_atomic(&report_path, &report_file(&report))?;
    Ok(RenderOutcome {
        written: vec![report_path],
        rejection: Some(report),
        warnings: Vec::new(),
    })
}
