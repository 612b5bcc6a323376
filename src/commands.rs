//! One function per subcommand of the `vanthu` binary: the orchestration
//! layer that reads files, calls the pure stages and writes the results.
//! Errors here are `anyhow` errors whose messages are Vietnamese; the binary
//! prints them and maps them to exit codes.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::config::Config;
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

/// `vanthu compose`: fills a template with JSON data and writes the DOCX and
/// the PDF into the output folder. Returns the paths written.
pub fn compose(args: &ComposeArgs) -> Result<Vec<PathBuf>> {
    let config = Config::load(args.config.as_deref())?;
    let template = Template::find(&args.template, &config.templates_dir)?;
    let text = std::fs::read_to_string(&args.data)
        .with_context(|| format!("không đọc được tệp dữ liệu {}", args.data.display()))?;
    let data: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "tệp dữ liệu {} không phải JSON hợp lệ (dòng {}, cột {}): {e}",
            args.data.display(),
            e.line(),
            e.column()
        )
    })?;
    let doc = template::compose(&template, &data, &config, current_year())?;
    let docx = crate::render::docx(&doc, &DocxOptions::default())?;
    let pdf = crate::render::pdf(&doc, &PdfOptions { pdfa: config.pdfa })?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("không tạo được thư mục {}", args.out.display()))?;
    let stem = safe_stem(&template.name);
    let docx_path = args.out.join(format!("{stem}.docx"));
    let pdf_path = args.out.join(format!("{stem}.pdf"));
    write_atomic(&docx_path, &docx)?;
    write_atomic(&pdf_path, &pdf)?;
    Ok(vec![docx_path, pdf_path])
}

/// The current year from the system clock (the only clock read of a
/// compose run: it fills "năm ..." when the data gives no date).
fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // Days since 1970 to a civil year (UTC+7 is close enough for a year).
    let days = (secs + 7 * 3600) / 86_400;
    let mut year = 1970;
    let mut left = days as i64;
    loop {
        let len = if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
            366
        } else {
            365
        };
        if left < len {
            return year;
        }
        left -= len;
        year += 1;
    }
}

/// A file-name stem without path separators, `..` or control characters.
pub fn safe_stem(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.replace("..", "-");
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        "van-ban".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk and
/// renames it into place, so a reader never sees a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("không ghi được {}", path.display()))
}
