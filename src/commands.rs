//! One function per subcommand of the `vanthu` binary: the orchestration
//! layer that reads files, calls the pure stages and writes the results.
//! Errors here are `anyhow` errors whose messages are Vietnamese; the binary
//! prints them and maps them to exit codes.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::config::Config;
use crate::pipeline::{self, Rejection, UnitSource};
use crate::recognise::workbook::{Recognition, Records};
use crate::recognise::{Field, SheetKind};
use crate::render::{DocxOptions, PdfOptions};
use crate::template::{self, Template};
use crate::text::Date;

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
    let doc = template::compose(&template, &data, &config, today().year() as i32)?;
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

/// Today in Vietnam (UTC+7) from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs + 7 * 3600) / 86_400;
    // Day 25569 of the Excel 1900 system is 1970-01-01.
    crate::text::excel_serial_to_date(days as f64 + 25_569.0, crate::text::Epoch::E1900)
        .unwrap_or_else(|_| Date::new(2026, 1, 1).expect("a valid date"))
}

/// What `vanthu check` and `vanthu render` found.
#[derive(Debug)]
pub struct CheckOutcome {
    /// The report for people, in Vietnamese.
    pub report: String,
    /// True when the workbook has no problem.
    pub ok: bool,
}

/// The name of the folder holding `path`, used to look up the unit.
fn folder_of(path: &Path) -> Option<String> {
    path.parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
}

/// `vanthu check`: what the workbook holds, or its located problems.
pub fn check(workbook: &Path, config: Option<&Path>) -> Result<CheckOutcome> {
    let config = Config::load(config)?;
    let folder = folder_of(workbook);
    Ok(
        match pipeline::examine(workbook, folder.as_deref(), &config, today()) {
            Ok(examined) => {
                let mut report = describe_examined(&examined);
                report.push_str("Kết quả: không có lỗi; có thể tạo văn bản.\n");
                CheckOutcome { report, ok: true }
            }
            Err(rejection) => {
                let mut report = match &rejection {
                    Rejection::Problems { examined, .. } => describe_examined(examined),
                    _ => String::new(),
                };
                let lines = rejection.lines();
                report.push_str(&format!("Có {} lỗi cần sửa:\n", lines.len()));
                for line in lines {
                    report.push_str(&format!("  {line}\n"));
                }
                CheckOutcome { report, ok: false }
            }
        },
    )
}

/// The Vietnamese name of a field, as the check report shows it.
fn field_label(field: Field) -> &'static str {
    match field {
        Field::Stt => "STT",
        Field::Name => "Họ và tên / Tên tập thể",
        Field::Position => "Chức vụ",
        Field::Unit => "Đơn vị công tác",
        Field::Award => "Hình thức khen thưởng",
        Field::Achievement => "Thành tích",
        Field::Kind => "Đối tượng (cá nhân / tập thể)",
        Field::BirthDate => "Ngày sinh",
        Field::BirthYear => "Năm sinh",
        Field::Sex => "Giới tính",
        Field::MaleBirthYear => "Năm sinh (Nam)",
        Field::FemaleBirthYear => "Năm sinh (Nữ)",
        Field::Note => "Ghi chú",
        Field::Subject => "Đơn vị / cá nhân được chấm",
        Field::Total => "Tổng điểm",
        Field::Classification => "Xếp loại",
    }
}

fn column_letter(col: usize) -> String {
    crate::ingest::cell_ref(0, col)
        .trim_end_matches('1')
        .to_owned()
}

fn describe_examined(examined: &pipeline::Examined) -> String {
    let mut out = format!("Tệp: {}\n", examined.file_name);
    out.push_str(&match (&examined.unit, examined.unit_source) {
        (Some(unit), UnitSource::Folder) => format!("Đơn vị: {unit} (theo thư mục)\n"),
        (Some(unit), _) => format!("Đơn vị: {unit} (theo dòng tiêu đề)\n"),
        (None, _) => "Đơn vị: chưa xác định (không có trong thư mục hay dòng tiêu đề)\n".to_owned(),
    });
    out.push_str(&format!("Năm: {}\n", examined.year));
    out.push_str(&describe_recognition(&examined.recognition));
    out
}

fn describe_recognition(recognition: &Recognition) -> String {
    let mut out = String::new();
    for sheet in &recognition.sheets {
        let kind = match sheet.kind() {
            SheetKind::Nominations => "danh sách đề nghị khen thưởng",
            SheetKind::Scores => "bảng chấm điểm thi đua",
        };
        out.push_str(&format!("Trang \"{}\": {kind}\n", sheet.name));
        let header = &sheet.header;
        out.push_str(&format!(
            "  Dòng tiêu đề: {}{}\n",
            header.row + 1,
            if header.height > 1 {
                format!("–{} (hai dòng)", header.row + header.height)
            } else {
                String::new()
            }
        ));
        let mut columns: Vec<(usize, String)> = header
            .columns
            .iter()
            .map(|(field, col)| (*col, field_label(*field).to_owned()))
            .collect();
        columns.extend(
            header
                .criteria
                .iter()
                .zip(&header.criterion_labels)
                .map(|(col, label)| (*col, format!("Tiêu chí \"{label}\""))),
        );
        columns.sort();
        out.push_str("  Cột:\n");
        for (col, label) in columns {
            out.push_str(&format!("    {} = {label}\n", column_letter(col)));
        }
        if let Some(title) = &sheet.metadata.title {
            out.push_str(&format!("  Tiêu đề: {title}\n"));
        }
        if let Some(campaign) = &sheet.metadata.campaign {
            out.push_str(&format!("  Phong trào, khối thi đua: {campaign}\n"));
        }
        match &sheet.records {
            Records::Nominations(nominees) => {
                let tt = nominees
                    .iter()
                    .filter(|n| n.kind == crate::recognise::records::NomineeKind::TapThe)
                    .count();
                out.push_str(&format!(
                    "  Số người, tập thể được đề nghị: {} ({})\n",
                    nominees.len(),
                    pipeline::counts_phrase(tt, nominees.len() - tt)
                ));
            }
            Records::Scores { criteria, subjects } => {
                out.push_str(&format!(
                    "  Số tiêu chí: {}; số đối tượng được chấm: {}\n",
                    criteria.len(),
                    subjects.len()
                ));
            }
        }
    }
    for skipped in &recognition.skipped {
        out.push_str(&format!(
            "Bỏ qua trang \"{skipped}\": không có danh sách hay bảng điểm\n"
        ));
    }
    out
}

/// What `vanthu render` wrote.
#[derive(Debug)]
pub struct RenderOutcome {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// The rejection report, when the workbook has problems.
    pub rejection: Option<String>,
}

/// The report file of a rejected workbook: `<workbook stem>.loi.txt`.
pub fn report_name(workbook: &Path) -> String {
    let stem = workbook
        .file_stem()
        .map(|s| crate::text::fix_cell(&s.to_string_lossy(), None).into_owned())
        .unwrap_or_default();
    format!("{}.loi.txt", safe_stem(&stem))
}

/// `vanthu render`: every document of the workbook as DOCX and PDF into
/// `out`, or the problems into `out/<name>.loi.txt`.
pub fn render(workbook: &Path, out: &Path, config: Option<&Path>) -> Result<RenderOutcome> {
    let config = Config::load(config)?;
    let folder = folder_of(workbook);
    let today = today();
    std::fs::create_dir_all(out)
        .with_context(|| format!("không tạo được thư mục {}", out.display()))?;
    let report_path = out.join(report_name(workbook));
    match pipeline::process(workbook, folder.as_deref(), &config, today)? {
        Ok((_, documents)) => {
            let mut written = Vec::new();
            for doc in documents {
                for (ext, bytes) in [("docx", &doc.docx), ("pdf", &doc.pdf)] {
                    let path = out.join(format!("{}.{ext}", doc.stem));
                    write_atomic(&path, bytes)?;
                    written.push(path);
                }
            }
            // A report of an earlier, faulty version goes away.
            if report_path.exists() {
                std::fs::remove_file(&report_path).with_context(|| {
                    format!("không xóa được báo cáo lỗi cũ {}", report_path.display())
                })?;
            }
            Ok(RenderOutcome {
                written,
                rejection: None,
            })
        }
        Err(rejection) => {
            let report = rejection.report();
            write_atomic(&report_path, report.as_bytes())?;
            Ok(RenderOutcome {
                written: vec![report_path],
                rejection: Some(report),
            })
        }
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

/// Arguments shared by the service commands.
#[derive(Debug, Clone, Default)]
pub struct ServiceArgs {
    /// Configuration file; `vanthu.toml` in the working folder by default.
    pub config: Option<PathBuf>,
    /// Inbox for this run instead of the configured one.
    pub inbox: Option<PathBuf>,
    /// Outbox for this run instead of the configured one.
    pub outbox: Option<PathBuf>,
}

/// Opens the service over the configured (or overridden) folders.
pub fn open_service(args: &ServiceArgs) -> Result<crate::service::Service> {
    let config = Config::load(args.config.as_deref())?;
    let mut settings = config.service.clone();
    if let Some(inbox) = &args.inbox {
        settings.inbox = inbox.clone();
    }
    if let Some(outbox) = &args.outbox {
        settings.outbox = outbox.clone();
    }
    let folders = crate::service::Folders {
        inbox: settings.inbox.clone(),
        outbox: settings.outbox.clone(),
        state: settings.state.clone(),
    };
    crate::service::Service::open(config, folders, settings.quiet)
}

/// `vanthu run`: one pass over the inbox; returns what it did, in
/// Vietnamese, one line per file.
pub fn run(args: &ServiceArgs) -> Result<String> {
    let mut service = open_service(args)?;
    let report = service.pass(today())?;
    Ok(describe_pass(&report))
}

/// `vanthu watch`: passes over the inbox as files arrive, until SIGINT or
/// SIGTERM.
pub fn watch(args: &ServiceArgs) -> Result<()> {
    let service = open_service(args)?;
    let settings = &service.config().service;
    let (polling, poll) = (settings.polling, settings.poll);
    crate::service::watch::watch(service, polling, poll)
}

/// The lines of a pass, for people.
pub fn describe_pass(report: &crate::service::PassReport) -> String {
    let mut out = String::new();
    for (input, docs) in &report.done {
        out.push_str(&format!("Đã tạo {} văn bản từ {input}\n", docs.len()));
        for doc in docs {
            out.push_str(&format!("  {doc}\n"));
        }
    }
    for (input, report) in &report.rejected {
        out.push_str(&format!(
            "Có lỗi, chưa tạo văn bản: {input} (xem {report})\n"
        ));
    }
    for input in &report.duplicates {
        out.push_str(&format!(
            "Trùng nội dung với tệp đã xử lý, không xử lý lại: {input}\n"
        ));
    }
    for input in &report.waiting {
        out.push_str(&format!(
            "Chờ lần sau (tệp đang được ghi hoặc đang mở): {input}\n"
        ));
    }
    for (input, docs) in &report.regenerated {
        out.push_str(&format!(
            "Đã tạo lại {} văn bản của {input} (mẫu hoặc cấu hình đã thay đổi)\n",
            docs.len()
        ));
    }
    if out.is_empty() {
        out.push_str("Hộp thư đến không có tệp mới.\n");
    }
    out
}

/// `vanthu regenerate [--template NAME]`: makes again, from the archived
/// inputs, every document (or those of one template), with a progress bar,
/// in parallel over the cores.
pub fn regenerate(args: &ServiceArgs, template: Option<&str>) -> Result<String> {
    let mut service = open_service(args)?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} tệp đầu vào ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let done = service.regenerate(Some(template.unwrap_or("*")), today(), &|n, total| {
        bar.set_length(total as u64);
        bar.set_position(n as u64);
    })?;
    bar.finish_and_clear();
    let documents: usize = done.iter().map(|(_, d)| d.len()).sum();
    Ok(format!(
        "Đã tạo lại {documents} văn bản từ {} tệp đầu vào.\n",
        done.len()
    ))
}

/// `vanthu status`: what was processed, rejected and is waiting.
pub fn status(args: &ServiceArgs) -> Result<String> {
    let service = open_service(args)?;
    let ledger = service.ledger();
    let (done, rejected, processing, _received) = ledger.counts()?;
    let mut out = format!(
        "Đã xử lý: {done} tệp; bị trả lại vì lỗi: {rejected} tệp; đang xử lý dở: {processing} tệp.\n"
    );
    let waiting = service.waiting()?;
    if !waiting.is_empty() {
        out.push_str(&format!("Đang chờ xử lý: {} tệp.\n", waiting.len()));
        for path in &waiting {
            out.push_str(&format!("  {path}\n"));
        }
    }
    let recent = ledger.recent(20)?;
    if !recent.is_empty() {
        out.push_str("Gần đây:\n");
        for input in recent {
            let state = match input.state {
                crate::service::ledger::State::Done => "đã tạo văn bản",
                crate::service::ledger::State::Rejected => "có lỗi",
                crate::service::ledger::State::Processing => "đang xử lý dở",
                crate::service::ledger::State::Received => "đã nhận, chờ ghi xong",
            };
            out.push_str(&format!("  {}: {state}", input.path));
            if let Some(reason) = &input.reason {
                out.push_str(&format!(" ({reason})"));
            }
            out.push('\n');
        }
    }
    Ok(out)
}

/// `vanthu init [DIR]`: `vanthu.toml` with every setting documented, the
/// folders and the templates. Existing files are kept. Returns what was
/// created.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut created = Vec::new();
    std::fs::create_dir_all(dir)
        .with_context(|| format!("không tạo được thư mục {}", dir.display()))?;
    let config = dir.join("vanthu.toml");
    if !config.exists() {
        write_atomic(&config, include_str!("../vanthu.toml").as_bytes())?;
        created.push(config);
    }
    for folder in ["inbox", "outbox", "templates"] {
        let path = dir.join(folder);
        if !path.exists() {
            std::fs::create_dir_all(&path)
                .with_context(|| format!("không tạo được thư mục {}", path.display()))?;
            created.push(path);
        }
    }
    // One inbox folder per unit of the configuration.
    let config = Config::load(Some(&dir.join("vanthu.toml")))?;
    for folder in config.units.keys() {
        let path = config.service.inbox.join(safe_stem(folder));
        if !path.exists() {
            std::fs::create_dir_all(&path)
                .with_context(|| format!("không tạo được thư mục {}", path.display()))?;
            created.push(path);
        }
    }
    for (name, text) in crate::template::built_in() {
        let path = dir.join("templates").join(format!("{name}.md"));
        if !path.exists() {
            write_atomic(&path, text.as_bytes())?;
            created.push(path);
        }
    }
    Ok(created)
}
