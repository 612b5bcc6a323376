//! `vanthu compose`: a template filled with JSON data, written as DOCX and
//! PDF.

use std::path::PathBuf;

use anyhow::Result;

use crate::config::Config;
use crate::outbox;
use crate::render::{DocxOptions, PdfOptions};
use crate::template::{self, Template};

/// Arguments of `vanthu compose`.
#[derive(Debug, Clone)]
pub struct ComposeArgs {
    /// Template name (in the templates folder or built in) or path.
    pub template: String,
    /// JSON data file.
    pub data: PathBuf,
    /// Output folder, created if missing.
    pub out: PathBuf,
    /// Configuration file; `vanthu.toml` in the working folder by default.
    pub config: Option<PathBuf>,
}

/// Fills the template with the JSON data and writes the DOCX and the PDF
/// into the output folder. Returns the paths written.
pub fn compose(args: &ComposeArgs) -> Result<Vec<PathBuf>> {
    let config = Config::load(args.config.as_deref())?;
    let template = Template::find(&args.template, &config.templates_dir)?;
    let text = std::fs::read_to_string(&args.data).map_err(|e| {
        anyhow::anyhow!(
            "không đọc được tệp dữ liệu {}: {}",
            args.data.display(),
            crate::text::io_error(&e)
        )
    })?;
    let data: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "tệp dữ liệu {} không phải JSON hợp lệ (dòng {}, cột {}): {e}",
            args.data.display(),
            e.line(),
            e.column()
        )
    })?;
    let doc = template::compose(&template, &data, &config, super::today().year() as i32)?;
    let docx = crate::render::docx(&doc, &DocxOptions::default())?;
    let pdf = crate::render::pdf(&doc, &PdfOptions { pdfa: config.pdfa })?;
    let stem = outbox::safe_stem(&template.name);
    let (docx_name, pdf_name) = (format!("{stem}.docx"), format!("{stem}.pdf"));
    outbox::write_files(
        &args.out,
        &[(&docx_name, docx.as_slice()), (&pdf_name, pdf.as_slice())],
    )?;
    Ok(vec![args.out.join(docx_name), args.out.join(pdf_name)])
}
