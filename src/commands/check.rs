//! `vanthu check`: what a workbook holds (sheets, header, columns, counts),
//! or its located problems. Nothing is written.

use std::path::Path;

use anyhow::Result;

use crate::config::Config;
use crate::documents::wording::counts_phrase;
use crate::law::NomineeKind;
use crate::recognise::records;
use crate::recognise::workbook::{Recognition, Records};
use crate::recognise::{Field, SheetKind};
use crate::workbook::{self, Examined, Rejection, UnitSource};

/// What `vanthu check` found.
#[derive(Debug)]
pub struct CheckOutcome {
    /// The report for people, in Vietnamese.
    pub report: String,
    /// True when the workbook has no problem.
    pub ok: bool,
}

/// What the workbook holds, or its located problems.
pub fn check(path: &Path, config: Option<&Path>) -> Result<CheckOutcome> {
    let config = Config::load(config)?;
    let bytes = super::read_input(path)?;
    let folder = super::folder_of(path);
    Ok(
        match workbook::examine(
            bytes,
            &super::file_name_of(path),
            folder.as_deref(),
            &config,
            super::today(),
        ) {
            Ok(examined) => {
                let mut report = describe_examined(&examined);
                report.push_str(&describe_deciders(&examined, &config));
                for warning in examined
                    .warnings
                    .iter()
                    .chain(&config.advisories())
                    .chain(&crate::template::advisories(&config.templates_dir))
                {
                    report.push_str(&format!("Lưu ý: {warning}\n"));
                }
                report.push_str("Kết quả: không có lỗi; có thể tạo văn bản.\n");
                CheckOutcome { report, ok: true }
            }
            Err(rejection) => {
                let mut report = match &rejection {
                    Rejection::Problems { examined, .. } => describe_examined(examined),
                    Rejection::NoTable { sheets, .. } => sheets
                        .iter()
                        .map(|s| format!("Bỏ qua trang \"{}\": {}\n", s.name, s.reason.says()))
                        .collect(),
                    Rejection::File { .. } => String::new(),
                };
                let lines = rejection.lines();
                report.push_str(&format!("Có {} lỗi cần sửa:\n", lines.len()));
                for line in lines {
                    report.push_str(&format!("  {line}\n"));
                }
                for warning in rejection.warnings() {
                    report.push_str(&format!("Lưu ý: {warning}\n"));
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
        Field::Kind => "Đối tượng (cá nhân / tập thể / hộ gia đình)",
        Field::BirthDate => "Ngày sinh",
        Field::BirthYear => "Năm sinh",
        Field::Sex => "Giới tính",
        Field::MaleBirthYear => "Năm sinh (Nam)",
        Field::FemaleBirthYear => "Năm sinh (Nữ)",
        Field::Note => "Ghi chú",
        Field::Subject => "Đơn vị / cá nhân được chấm",
        Field::Total => "Tổng điểm",
        Field::Classification => "Xếp loại",
        Field::Honorific => "Tên gọi (Ông/Bà/Chức danh)",
        Field::Category => "Phân loại khen thưởng",
        Field::Sector => "Lĩnh vực hoạt động",
        Field::AwardCode => "Mã hình thức khen thưởng (khi ô hình thức để trống)",
        Field::KindCode => "Mã đối tượng (khi ô đối tượng để trống)",
    }
}

fn column_letter(col: usize) -> String {
    crate::ingest::cell_ref(0, col)
        .trim_end_matches('1')
        .to_owned()
}

fn describe_examined(examined: &Examined) -> String {
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

/// Who decides the list's awards, as the documents will say: the counts
/// each authority is asked for.
fn describe_deciders(examined: &Examined, config: &Config) -> String {
    let nominees = examined.nominees();
    if nominees.is_empty() {
        return String::new();
    }
    let mut out = String::from("Cấp quyết định:\n");
    for (who, [tt, cn, hgd]) in crate::documents::deciders(&nominees, config, super::today()) {
        out.push_str(&format!("  {who}: {}\n", counts_phrase(tt, cn, hgd)));
    }
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
                let rows = if header.height == 2 { "hai" } else { "ba" };
                format!("–{} ({rows} dòng)", header.row + header.height)
            } else {
                String::new()
            }
        ));
        let mut columns: Vec<(usize, String)> = header
            .columns
            .iter()
            .map(|(field, col)| (*col, field_label(*field).to_owned()))
            .collect();
        // A scheme written down the sheet: its columns of points.
        let scheme =
            sheet.kind() == SheetKind::Scores && !header.columns.contains_key(&Field::Subject);
        if scheme {
            out.push_str("  Tiêu chí ghi theo dòng (thang điểm, điểm từng tiêu chí theo cột)\n");
        }
        columns.extend(
            header
                .criteria
                .iter()
                .zip(&header.criterion_labels)
                .map(|(col, label)| match header.groups.get(col) {
                    _ if scheme => (*col, format!("Cột điểm \"{label}\"")),
                    Some(group) => (*col, format!("Tiêu chí \"{label}\" (thuộc \"{group}\")")),
                    None => (*col, format!("Tiêu chí \"{label}\"")),
                }),
        );
        columns.extend(
            header
                .bonus
                .iter()
                .map(|c| (*c, "Điểm thưởng, điểm cộng (cộng vào tổng)".to_owned())),
        );
        columns.extend(
            header
                .deduction
                .iter()
                .map(|c| (*c, "Điểm trừ (trừ vào tổng)".to_owned())),
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
                // Each once, however many awards it is proposed for.
                let tt = records::distinct(nominees, NomineeKind::TapThe);
                let cn = records::distinct(nominees, NomineeKind::CaNhan);
                let hgd = records::distinct(nominees, NomineeKind::HoGiaDinh);
                out.push_str(&format!(
                    "  Số người, tập thể được đề nghị: {} ({})\n",
                    tt + cn + hgd,
                    counts_phrase(tt, cn, hgd)
                ));
                if nominees.len() > tt + cn + hgd {
                    out.push_str(&format!(
                        "  Số lượt đề nghị (một người có thể được đề nghị nhiều hình thức): {}\n",
                        nominees.len()
                    ));
                }
            }
            Records::Scores { criteria, subjects } => {
                out.push_str(&format!(
                    "  Số tiêu chí: {}; số đối tượng được chấm: {}\n",
                    criteria
                        .iter()
                        .filter(|c| c.part == crate::recognise::scores::Part::Criterion)
                        .count(),
                    subjects.len()
                ));
            }
        }
    }
    let lists: Vec<&Vec<records::Nominee>> = recognition
        .sheets
        .iter()
        .filter_map(|s| match &s.records {
            Records::Nominations(n) => Some(n),
            Records::Scores { .. } => None,
        })
        .collect();
    if lists.len() > 1 {
        let all: Vec<&records::Nominee> = lists.iter().flat_map(|l| l.iter()).collect();
        let count = |k| records::distinct(all.iter().copied(), k);
        out.push_str(&format!(
            "Các trang trên là một danh sách: {}\n",
            counts_phrase(
                count(NomineeKind::TapThe),
                count(NomineeKind::CaNhan),
                count(NomineeKind::HoGiaDinh)
            )
        ));
    }
    for skipped in &recognition.skipped {
        out.push_str(&format!(
            "Bỏ qua trang \"{}\": {}\n",
            skipped.name,
            skipped.reason.says()
        ));
    }
    out
}
