//! One workbook through the whole flow: read, recognise and validate, then
//! either the documents (built-in or overriding templates filled with the
//! records, rendered as DOCX and PDF) or the rejection report.
//!
//! This is the unit of work of both `vanthu check` / `vanthu render` and
//! the hot-folder service. It writes nothing: the caller delivers the bytes.

use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{Value, json};

use crate::awards::MoneyRules;
use crate::config::Config;
use crate::ingest::{self, Limits};
use crate::recognise::SheetKind;
use crate::recognise::records::{Award, Nominee, NomineeKind};
use crate::recognise::scores::{Criterion, Subject};
use crate::recognise::validate::Problem;
use crate::recognise::workbook::{self, RecognisedSheet, Recognition, Records};
use crate::render::{DocxOptions, PdfOptions};
use crate::template::{self, Template};
use crate::text::{self, Date};

/// Template of the Tờ trình with its Danh sách.
pub const TO_TRINH: &str = "to-trinh-khen-thuong";
/// Template of the draft Quyết định.
pub const QUYET_DINH: &str = "quyet-dinh-khen-thuong";
/// Template of the score report.
pub const BAO_CAO_DIEM: &str = "bao-cao-cham-diem";
/// Template of the yearly summary across units.
pub const BAO_CAO_TONG_HOP: &str = "bao-cao-tong-hop";

/// What an accepted nominations list adds to the yearly summary: its unit,
/// year and counts per kind and award. `None` for a workbook without
/// nominations.
pub fn summary_of(examined: &Examined) -> Option<Value> {
    let nominees = examined.nominees();
    if nominees.is_empty() {
        return None;
    }
    let mut awards = serde_json::Map::new();
    for n in &nominees {
        let name = n.award.map(Award::name).unwrap_or("Khác");
        let entry = awards
            .entry(name.to_owned())
            .or_insert_with(|| json!({"tap_the": 0, "ca_nhan": 0}));
        let key = match n.kind {
            NomineeKind::TapThe => "tap_the",
            NomineeKind::CaNhan => "ca_nhan",
        };
        entry[key] = json!(entry[key].as_u64().unwrap_or(0) + 1);
    }
    let tt = nominees
        .iter()
        .filter(|n| n.kind == NomineeKind::TapThe)
        .count();
    Some(json!({
        "don_vi": examined
            .unit
            .clone()
            .unwrap_or_else(|| format!("Chưa rõ đơn vị (tệp {})", examined.file_name)),
        "nam": examined.year,
        "tap_the": tt,
        "ca_nhan": nominees.len() - tt,
        "hinh_thuc": awards,
    }))
}

/// The yearly summary across units from the summaries of the accepted
/// lists of `year`, rendered.
pub fn summary_document(
    year: i32,
    summaries: &[Value],
    config: &Config,
    today: Date,
) -> Result<Produced> {
    // One row per unit (a unit with two lists counts once, summed).
    let mut units: Vec<(String, u64, u64)> = Vec::new();
    let mut awards: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    for s in summaries {
        let unit = s["don_vi"].as_str().unwrap_or_default().to_owned();
        let (tt, cn) = (
            s["tap_the"].as_u64().unwrap_or(0),
            s["ca_nhan"].as_u64().unwrap_or(0),
        );
        match units.iter_mut().find(|u| u.0 == unit) {
            Some(u) => {
                u.1 += tt;
                u.2 += cn;
            }
            None => units.push((unit, tt, cn)),
        }
        if let Some(map) = s["hinh_thuc"].as_object() {
            for (name, c) in map {
                let e = awards.entry(name.clone()).or_default();
                e.0 += c["tap_the"].as_u64().unwrap_or(0);
                e.1 += c["ca_nhan"].as_u64().unwrap_or(0);
            }
        }
    }
    let collator = text::VietnameseCollator::new();
    units.sort_by(|a, b| collator.compare(&a.0, &b.0));
    let (tt, cn): (u64, u64) = units
        .iter()
        .fold((0, 0), |acc, u| (acc.0 + u.1, acc.1 + u.2));
    let mut awards: Vec<(String, (u64, u64))> = awards.into_iter().collect();
    awards.sort_by_key(|(name, _)| Award::parse(name).map_or(u8::MAX, Award::precedence));
    let fake = Examined {
        file_name: String::new(),
        unit: None,
        unit_source: UnitSource::None,
        year,
        recognition: Recognition::default(),
    };
    let mut map = common_data(&fake, None, config, today);
    map.insert("nam".into(), json!(year));
    map.insert("so_don_vi".into(), json!(units.len()));
    map.insert("dem".into(), json!(counts_phrase(tt as usize, cn as usize)));
    map.insert("tong_tap_the".into(), json!(tt));
    map.insert("tong_ca_nhan".into(), json!(cn));
    map.insert(
        "don_vi".into(),
        json!(
            units
                .iter()
                .map(|(name, tt, cn)| json!({"ten": name, "tap_the": tt, "ca_nhan": cn}))
                .collect::<Vec<_>>()
        ),
    );
    map.insert(
        "hinh_thuc".into(),
        json!(awards
            .iter()
            .map(|(name, (tt, cn))| json!({"ten": name, "dem": counts_phrase(*tt as usize, *cn as usize)}))
            .collect::<Vec<_>>()),
    );
    produce(
        BAO_CAO_TONG_HOP,
        &format!("Báo cáo tổng hợp khen thưởng năm {year}"),
        "",
        &Value::Object(map),
        config,
        today,
    )
}

/// A workbook read and recognised without problems.
#[derive(Debug, Clone)]
pub struct Examined {
    /// File name of the workbook.
    pub file_name: String,
    /// The submitting unit: from the sub-folder (`[units]`), else from a
    /// title row.
    pub unit: Option<String>,
    /// Where the unit came from.
    pub unit_source: UnitSource,
    /// Year of the records: from the title rows, else the configured date,
    /// else this year.
    pub year: i32,
    /// What was recognised.
    pub recognition: Recognition,
}

impl Examined {
    /// The nominees of every nominations sheet, in workbook order.
    pub fn nominees(&self) -> Vec<&Nominee> {
        self.recognition
            .sheets
            .iter()
            .filter_map(|s| match &s.records {
                Records::Nominations(n) => Some(n.iter()),
                Records::Scores { .. } => None,
            })
            .flatten()
            .collect()
    }
}

/// The year of the configured date of issue ("2026-01-05" or "2026").
fn configured_year(config: &Config) -> Option<i32> {
    config
        .document
        .date
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse().ok())
}

/// Where the unit's name came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitSource {
    /// The sub-folder, through `[units]`.
    Folder,
    /// A title row of the sheet.
    TitleRow,
    /// Nowhere.
    None,
}

/// Why a workbook yields no document.
#[derive(Debug, Clone)]
pub enum Rejection {
    /// The file itself: unreadable, protected, not a workbook, too large.
    File {
        /// File name.
        file_name: String,
        /// The reason, in Vietnamese.
        reason: String,
    },
    /// No sheet holds a recognisable table.
    NoTable {
        /// File name.
        file_name: String,
        /// The sheets looked at.
        sheets: Vec<String>,
    },
    /// Located problems of the recognised sheets.
    Problems {
        /// What was recognised, for the summary.
        examined: Box<Examined>,
        /// Every problem.
        problems: Vec<Problem>,
    },
}

impl Rejection {
    /// The lines of the report, one problem per line, the place first.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Rejection::File { file_name, reason } => vec![format!("{file_name}: {reason}")],
            Rejection::NoTable { file_name, sheets } => vec![format!(
                "{file_name}: không tìm thấy danh sách đề nghị khen thưởng hoặc bảng chấm điểm trong {} ({}); dòng tiêu đề của bảng phải có các cột như \"Họ và tên\", \"Hình thức khen thưởng\" hoặc \"Đơn vị\", \"Tiêu chí\", nằm trong 30 dòng đầu",
                if sheets.len() == 1 {
                    "trang tính".to_owned()
                } else {
                    format!("{} trang tính", sheets.len())
                },
                sheets
                    .iter()
                    .map(|s| format!("\"{s}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )],
            Rejection::Problems { problems, .. } => {
                problems.iter().map(ToString::to_string).collect()
            }
        }
    }

    /// The report written beside the input (`<name>.loi.txt`).
    pub fn report(&self) -> String {
        let mut out = self.lines().join("\n");
        out.push('\n');
        out
    }
}

/// One rendered document.
#[derive(Debug, Clone)]
pub struct Produced {
    /// The template it came from.
    pub template: String,
    /// File name without extension: the document and the unit, safe for
    /// any file system, NFC.
    pub stem: String,
    /// The DOCX bytes.
    pub docx: Vec<u8>,
    /// The PDF bytes.
    pub pdf: Vec<u8>,
}

/// Everything one workbook gives: its documents, or why it gives none.
pub type Outcome = Result<(Examined, Vec<Produced>), Rejection>;

/// Reads, checks and renders the workbook at `path` within the
/// configured time limit (`[service] file_timeout_ms`). The work runs on its
/// own thread; past the limit the file is rejected with that reason (the
/// thread, bounded by the size limits, finishes unobserved). `Err` is an
/// error of the configuration or templates.
pub fn process(path: &Path, folder: Option<&str>, config: &Config, today: Date) -> Result<Outcome> {
    let limit = config.service.file_timeout;
    let (tx, rx) = std::sync::mpsc::channel();
    let (path_owned, folder_owned, config_owned) = (
        path.to_path_buf(),
        folder.map(str::to_owned),
        config.clone(),
    );
    std::thread::Builder::new()
        .name("vanthu-workbook".into())
        // Typst recurses deeply on long tables: the main thread's 8 MiB,
        // not a spawned thread's 2 MiB.
        .stack_size(16 * 1024 * 1024)
        .spawn(move || {
            let result = match examine(&path_owned, folder_owned.as_deref(), &config_owned, today) {
                Ok(examined) => {
                    documents(&examined, &config_owned, today).map(|docs| Ok((examined, docs)))
                }
                Err(rejection) => Ok(Err(rejection)),
            };
            let _ = tx.send(result);
        })
        .context("không tạo được luồng xử lý")?;
    match rx.recv_timeout(limit) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(anyhow::anyhow!(
            "lỗi nội bộ khi xử lý {} (luồng xử lý dừng bất thường)",
            path.display()
        )),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Ok(Err(Rejection::File {
            file_name: path
                .file_name()
                .map(|n| text::fix_cell(&n.to_string_lossy(), None).into_owned())
                .unwrap_or_default(),
            reason: format!(
                "xử lý quá {} giây nên đã dừng; bảng tính quá lớn hoặc quá phức tạp, hãy tách thành nhiều tệp nhỏ hơn",
                limit.as_secs_f64().ceil() as u64
            ),
        })),
    }
}

/// Reads and recognises the workbook at `path`. `folder` is the name of the
/// sub-folder it arrived in, if any, looked up in `[units]`.
pub fn examine(
    path: &Path,
    folder: Option<&str>,
    config: &Config,
    today: Date,
) -> Result<Examined, Rejection> {
    let file_name = path
        .file_name()
        .map(|n| text::fix_cell(&n.to_string_lossy(), None).into_owned())
        .unwrap_or_default();
    let workbook = ingest::read(path, &Limits::default()).map_err(|e| Rejection::File {
        file_name: file_name.clone(),
        reason: e.to_string(),
    })?;
    let recognition = workbook::workbook(&workbook, &config.recognise);
    if recognition.sheets.is_empty() {
        return Err(Rejection::NoTable {
            file_name,
            sheets: recognition.skipped,
        });
    }
    let from_folder = folder.and_then(|f| config.unit_of_folder(f));
    let from_title = recognition
        .sheets
        .iter()
        .find_map(|s| s.metadata.unit.clone());
    let (unit, unit_source) = match (from_folder, from_title) {
        (Some(unit), _) => (Some(unit.to_owned()), UnitSource::Folder),
        (None, Some(unit)) => (Some(unit), UnitSource::TitleRow),
        (None, None) => (None, UnitSource::None),
    };
    let year = recognition
        .sheets
        .iter()
        .find_map(|s| s.metadata.year)
        .or_else(|| configured_year(config))
        .unwrap_or(today.year() as i32);
    let problems = recognition.problems.clone();
    let examined = Examined {
        file_name,
        unit,
        unit_source,
        year,
        recognition,
    };
    if problems.is_empty() {
        Ok(examined)
    } else {
        Err(Rejection::Problems {
            examined: Box::new(examined),
            problems,
        })
    }
}

/// The documents of an examined workbook, rendered.
pub fn documents(examined: &Examined, config: &Config, today: Date) -> Result<Vec<Produced>> {
    documents_of(examined, config, today, &|_| true)
}

/// The documents of an examined workbook made from the templates `only`
/// accepts (regeneration after a template change).
pub fn documents_of(
    examined: &Examined,
    config: &Config,
    today: Date,
    only: &dyn Fn(&str) -> bool,
) -> Result<Vec<Produced>> {
    let mut out = Vec::new();
    let unit_suffix = match &examined.unit {
        Some(unit) => unit.clone(),
        None => Path::new(&examined.file_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let nominations = examined.nominees();
    if !nominations.is_empty() {
        let first = examined
            .recognition
            .sheets
            .iter()
            .find(|s| s.kind() == SheetKind::Nominations);
        let data = nominations_data(examined, first, &nominations, config, today);
        if only(TO_TRINH) {
            out.push(produce(
                TO_TRINH,
                "Tờ trình đề nghị khen thưởng",
                &unit_suffix,
                &data,
                config,
                today,
            )?);
        }
        if only(QUYET_DINH) {
            out.push(produce(
                QUYET_DINH,
                "Dự thảo Quyết định khen thưởng",
                &unit_suffix,
                &data,
                config,
                today,
            )?);
        }
    }
    let score_sheets: Vec<&RecognisedSheet> = examined
        .recognition
        .sheets
        .iter()
        .filter(|s| s.kind() == SheetKind::Scores)
        .collect();
    for sheet in &score_sheets {
        let Records::Scores { criteria, subjects } = &sheet.records else {
            continue;
        };
        let data = scores_data(examined, sheet, criteria, subjects, config, today);
        let suffix = if score_sheets.len() > 1 {
            format!("{unit_suffix} - {}", sheet.name)
        } else {
            unit_suffix.clone()
        };
        if only(BAO_CAO_DIEM) {
            out.push(produce(
                BAO_CAO_DIEM,
                "Báo cáo kết quả chấm điểm thi đua",
                &suffix,
                &data,
                config,
                today,
            )?);
        }
    }
    Ok(out)
}

fn produce(
    template_name: &str,
    title: &str,
    suffix: &str,
    data: &Value,
    config: &Config,
    today: Date,
) -> Result<Produced> {
    let template = Template::find(template_name, &config.templates_dir)?;
    let doc = template::compose(&template, data, config, today.year() as i32)?;
    let docx = crate::render::docx(&doc, &DocxOptions::default())
        .with_context(|| format!("không tạo được DOCX từ mẫu {template_name}"))?;
    let pdf = crate::render::pdf(&doc, &PdfOptions { pdfa: config.pdfa })
        .with_context(|| format!("không tạo được PDF từ mẫu {template_name}"))?;
    let stem = if suffix.trim().is_empty() {
        title.to_owned()
    } else {
        format!("{title} - {suffix}")
    };
    Ok(Produced {
        template: template_name.to_owned(),
        stem: crate::commands::safe_stem(&stem),
        docx,
        pdf,
    })
}

/// Values every template gets.
fn common_data(
    examined: &Examined,
    campaign: Option<&str>,
    config: &Config,
    today: Date,
) -> serde_json::Map<String, Value> {
    let office = &config.document.office;
    let co_quan = office
        .name_in_text
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| examined.unit.clone())
        .unwrap_or_else(|| "Cơ quan".to_owned());
    let parent = office.parent.clone().unwrap_or_default();
    let (body_lines, locality) = deciding_body(&parent);
    let decider = config
        .commendation
        .decider
        .clone()
        .unwrap_or_else(|| match &locality {
            Some(place) => format!("Chủ tịch Ủy ban nhân dân {place}"),
            None => "Chủ tịch Ủy ban nhân dân tỉnh".to_owned(),
        });
    let mut map = serde_json::Map::new();
    map.insert("co_quan".into(), json!(co_quan));
    map.insert("don_vi".into(), json!(examined.unit));
    map.insert("nam".into(), json!(examined.year));
    map.insert("phong_trao".into(), json!(campaign));
    map.insert("tep".into(), json!(examined.file_name));
    map.insert("don_vi_soan_thao".into(), json!(office.drafting_unit));
    map.insert(
        "ky_hieu".into(),
        json!(office.abbreviation.clone().unwrap_or_default()),
    );
    map.insert("cap_quyet_dinh".into(), json!(decider));
    map.insert("quyen_han".into(), json!(decider.to_uppercase()));
    map.insert("co_quan_quyet_dinh".into(), json!(body_lines));
    map.insert("quy".into(), json!(config.commendation.fund));
    let doc_year = configured_year(config).unwrap_or(today.year() as i32);
    map.insert("nam_van_ban".into(), json!(doc_year));
    map
}

/// The deciding People's Committee from the parent line: "UBND TỈNH QUẢNG
/// TRỊ" → (["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ"], "tỉnh Quảng Trị").
fn deciding_body(parent: &str) -> (Vec<String>, Option<String>) {
    let upper = parent.trim().to_uppercase();
    let rest = upper
        .strip_prefix("UBND")
        .or_else(|| upper.strip_prefix("ỦY BAN NHÂN DÂN"))
        .or_else(|| upper.strip_prefix("UỶ BAN NHÂN DÂN"))
        .map(str::trim);
    match rest {
        Some(place) if !place.is_empty() => {
            let mut words = place.split_whitespace();
            let level = words.next().unwrap_or_default().to_lowercase();
            let (level, name_words): (String, Vec<&str>) = if level == "thành" {
                let _ = words.next();
                ("thành phố".to_owned(), words.collect())
            } else {
                (level, words.collect())
            };
            let name = name_words
                .iter()
                .map(|w| {
                    let lower = w.to_lowercase();
                    let mut chars = lower.chars();
                    match chars.next() {
                        Some(c) => c.to_uppercase().chain(chars).collect::<String>(),
                        None => String::new(),
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            (
                vec!["ỦY BAN NHÂN DÂN".to_owned(), place.to_owned()],
                Some(format!("{level} {name}")),
            )
        }
        _ => (vec!["ỦY BAN NHÂN DÂN".to_owned(), String::new()], None),
    }
}

/// "02 tập thể, 07 cá nhân", leaving out a kind with none.
pub fn counts_phrase(collectives: usize, individuals: usize) -> String {
    let mut parts = Vec::new();
    if collectives > 0 {
        parts.push(format!(
            "{} tập thể",
            text::count_padded(collectives as u64)
        ));
    }
    if individuals > 0 || collectives == 0 {
        parts.push(format!(
            "{} cá nhân",
            text::count_padded(individuals as u64)
        ));
    }
    parts.join(", ")
}

/// The date whose base salary prices the awards: the configured date of
/// issue when it is a full date, else today.
fn decision_date(config: &Config, today: Date) -> Date {
    config
        .documents
        .get(QUYET_DINH)
        .and_then(|d| d.date.as_deref())
        .or(config.document.date.as_deref())
        .and_then(crate::config::parse_iso_date)
        .unwrap_or(today)
}

fn money_of(rules: &MoneyRules, nominee: &Nominee, on: Date) -> Option<u64> {
    rules
        .money(nominee.award?, nominee.kind, on)
        .map(|m| m.amount)
}

/// Data of the Tờ trình and the Quyết định.
fn nominations_data(
    examined: &Examined,
    first: Option<&RecognisedSheet>,
    nominees: &[&Nominee],
    config: &Config,
    today: Date,
) -> Value {
    let campaign = first.and_then(|s| s.metadata.campaign.as_deref());
    let mut map = common_data(examined, campaign, config, today);
    let on = decision_date(config, today);
    let collator = text::VietnameseCollator::new();
    let kinds = [
        (NomineeKind::TapThe, "TẬP THỂ"),
        (NomineeKind::CaNhan, "CÁ NHÂN"),
    ];
    let mut awards: Vec<Award> = nominees.iter().filter_map(|n| n.award).collect();
    awards.sort_by_key(|a| a.precedence());
    awards.dedup();
    let mut groups = Vec::new();
    let mut total_money: u64 = 0;
    for (numeral, (kind, title)) in kinds
        .iter()
        .filter(|(k, _)| nominees.iter().any(|n| n.kind == *k))
        .enumerate()
    {
        let mut sub = Vec::new();
        let mut index = 0;
        for award in &awards {
            let mut rows: Vec<&Nominee> = nominees
                .iter()
                .copied()
                .filter(|n| n.kind == *kind && n.award == Some(*award))
                .collect();
            if rows.is_empty() {
                continue;
            }
            match kind {
                NomineeKind::CaNhan => text::sort_names_by_key(&mut rows, |n| n.name.as_str()),
                NomineeKind::TapThe => rows.sort_by(|a, b| collator.compare(&a.name, &b.name)),
            }
            let list: Vec<Value> = rows
                .iter()
                .map(|n| {
                    index += 1;
                    let money = money_of(&config.money, n, on);
                    total_money += money.unwrap_or(0);
                    let place = [n.position.as_deref(), n.unit.as_deref()]
                        .into_iter()
                        .flatten()
                        .filter(|s| !s.trim().is_empty())
                        .collect::<Vec<_>>()
                        .join(", ");
                    json!({
                        "stt": index,
                        "ten": n.name,
                        "chuc_vu": n.position,
                        "don_vi": n.unit,
                        "chuc_vu_don_vi": place,
                        "hinh_thuc": award.name(),
                        "thanh_tich": n.achievement,
                        "tien": money,
                    })
                })
                .collect();
            sub.push(json!({
                "ten": award.name(),
                "so": list.len(),
                "danh_sach": list,
            }));
        }
        groups.push(json!({
            "so_la_ma": crate::document::roman(numeral as u32 + 1),
            "ten": title,
            "so": nominees.iter().filter(|n| n.kind == *kind).count(),
            "hinh_thuc": sub,
        }));
    }
    let count = |kind: NomineeKind, award: Option<Award>| {
        nominees
            .iter()
            .filter(|n| n.kind == kind && award.is_none_or(|a| n.award == Some(a)))
            .count()
    };
    let per_award: Vec<Value> = awards
        .iter()
        .map(|award| {
            let (tt, cn) = (
                count(NomineeKind::TapThe, Some(*award)),
                count(NomineeKind::CaNhan, Some(*award)),
            );
            let each = |kind: NomineeKind| config.money.money(*award, kind, on);
            let person = each(NomineeKind::CaNhan).filter(|_| cn > 0);
            let group = each(NomineeKind::TapThe).filter(|_| tt > 0);
            let total = person.map_or(0, |m| m.amount * cn as u64)
                + group.map_or(0, |m| m.amount * tt as u64);
            json!({
                "ten": award.name(),
                "de_nghi": award.granting(),
                "la_danh_hieu": award.is_title(),
                "so_tap_the": tt,
                "so_ca_nhan": cn,
                "dem": counts_phrase(tt, cn),
                "tien_ca_nhan": person.map(|m| m.amount),
                "he_so_ca_nhan": person.map(|m| coefficient_text(m.coefficient)),
                "tien_tap_the": group.map(|m| m.amount),
                "he_so_tap_the": group.map(|m| coefficient_text(m.coefficient)),
                "tong_tien": total,
            })
        })
        .collect();
    let (tt, cn) = (
        nominees
            .iter()
            .filter(|n| n.kind == NomineeKind::TapThe)
            .count(),
        nominees
            .iter()
            .filter(|n| n.kind == NomineeKind::CaNhan)
            .count(),
    );
    let de_nghi = match awards.as_slice() {
        [only] => only.granting(),
        _ => "khen thưởng".to_owned(),
    };
    map.insert("so_tap_the".into(), json!(tt));
    map.insert("so_ca_nhan".into(), json!(cn));
    map.insert("dem".into(), json!(counts_phrase(tt, cn)));
    map.insert("de_nghi".into(), json!(de_nghi));
    map.insert("hinh_thuc".into(), json!(per_award));
    map.insert("nhom".into(), json!(groups));
    map.insert("tong_tien".into(), json!(total_money));
    map.insert("luong_co_so".into(), json!(config.money.base_salary(on)));
    map.insert("ngay_tinh_tien".into(), json!(text::ngay_thang_nam(on)));
    Value::Object(map)
}

/// 30 → "0,3"; 150 → "1,5"; 100 → "1".
fn coefficient_text(hundredths: u32) -> String {
    let whole = hundredths / 100;
    let frac = hundredths % 100;
    if frac == 0 {
        whole.to_string()
    } else if frac.is_multiple_of(10) {
        format!("{whole},{}", frac / 10)
    } else {
        format!("{whole},{frac:02}")
    }
}

/// A criterion's label without its own numbering and stated maximum:
/// "Tiêu chí 1: Thực hiện nhiệm vụ (40 điểm)" → "Thực hiện nhiệm vụ".
fn short_label(label: &str) -> String {
    let mut rest = label.trim();
    let key = text::accent_free_key(rest);
    for prefix in ["tieu chi", "tc"] {
        if key.starts_with(prefix) {
            let after: String = rest.chars().skip(prefix.chars().count()).collect();
            let after = after.trim_start();
            let digits = after.chars().take_while(char::is_ascii_digit).count();
            if digits > 0 {
                let tail = after[digits..].trim_start_matches([':', '.', ' ', '-', '–']);
                if !tail.is_empty() {
                    return short_label_tail(tail);
                }
            }
        }
    }
    rest = rest.trim();
    short_label_tail(rest)
}

/// Drops a trailing "(40 điểm)" / "(tối đa 20đ)" / "40đ".
fn short_label_tail(label: &str) -> String {
    let trimmed = match label.rfind('(') {
        Some(open) if label.trim_end().ends_with(')') => {
            let inside = text::accent_free_key(&label[open..]);
            if inside.contains("diem")
                || inside.contains("toi da")
                || inside.contains('d') && inside.chars().any(|c| c.is_ascii_digit())
            {
                label[..open].trim_end()
            } else {
                label
            }
        }
        _ => label,
    };
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    let cut = match words.last() {
        Some(last)
            if words.len() > 1 && {
                let k = text::accent_free_key(last);
                k.ends_with('d')
                    && k[..k.len() - 1]
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
                    && k.len() > 1
            } =>
        {
            &words[..words.len() - 1]
        }
        _ => &words[..],
    };
    cut.join(" ")
}

/// A score as printed: "92,5", "90".
pub fn score_text(score: f64) -> String {
    let rounded = (score * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}").replace('.', ",")
    }
}

/// Data of the score report.
fn scores_data(
    examined: &Examined,
    sheet: &RecognisedSheet,
    criteria: &[Criterion],
    subjects: &[Subject],
    config: &Config,
    today: Date,
) -> Value {
    let mut map = common_data(examined, sheet.metadata.campaign.as_deref(), config, today);
    let mut ranked: Vec<&Subject> = subjects.iter().collect();
    ranked.sort_by_key(|s| s.rank);
    let rows: Vec<Value> = ranked
        .iter()
        .map(|s| {
            json!({
                "hang": s.rank,
                "ten": s.name,
                "diem": s.scores.iter().map(|d| d.map(score_text).unwrap_or_default()).collect::<Vec<_>>(),
                "tong": score_text(s.total),
                "xep_loai": s.classification,
            })
        })
        .collect();
    let classes: Vec<Value> = config
        .recognise
        .bands
        .iter()
        .map(|band| {
            let n = subjects
                .iter()
                .filter(|s| s.classification == band.name)
                .count();
            json!({
                "ten": band.name,
                "tu": score_text(band.min),
                "so": n,
            })
        })
        .collect();
    let max_total: f64 = criteria.iter().filter_map(|c| c.max).sum();
    map.insert(
        "tieu_chi".into(),
        json!(
            criteria
                .iter()
                .enumerate()
                .map(|(i, c)| json!({
                    "so": i + 1,
                    "ten": c.label,
                    "ten_ngan": short_label(&c.label),
                    "toi_da": c.max.map(score_text),
                }))
                .collect::<Vec<_>>()
        ),
    );
    map.insert(
        "tong_toi_da".into(),
        json!((max_total > 0.0).then(|| score_text(max_total))),
    );
    map.insert("xep_hang".into(), json!(rows));
    map.insert("xep_loai".into(), json!(classes));
    map.insert("so_doi_tuong".into(), json!(subjects.len()));
    map.insert("trang".into(), json!(sheet.name));
    // The ranked table: rank, name, one column per criterion, total, class.
    let share = (48 / criteria.len().max(1)).clamp(6, 10);
    let mut widths = vec!["10".to_owned(), "40".to_owned()];
    widths.extend(criteria.iter().map(|_| share.to_string()));
    widths.extend(["11".to_owned(), "16".to_owned()]);
    let mut align = vec!["c", "l"];
    align.extend(criteria.iter().map(|_| "c"));
    align.extend(["c", "c"]);
    map.insert("chieu_rong".into(), json!(widths.join(",")));
    map.insert("can_le".into(), json!(align.join(",")));
    map.insert("tieu_de".into(), json!(sheet.metadata.title));
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deciding_body_from_the_parent_line() {
        let (lines, place) = deciding_body("UBND TỈNH QUẢNG TRỊ");
        assert_eq!(lines, ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ"]);
        assert_eq!(place.as_deref(), Some("tỉnh Quảng Trị"));
        let (_, place) = deciding_body("UBND THÀNH PHỐ HUẾ");
        assert_eq!(place.as_deref(), Some("thành phố Huế"));
        let (_, place) = deciding_body("");
        assert_eq!(place, None);
    }

    #[test]
    fn counts_and_numbers_as_offices_write_them() {
        assert_eq!(counts_phrase(2, 7), "02 tập thể, 07 cá nhân");
        assert_eq!(counts_phrase(0, 12), "12 cá nhân");
        assert_eq!(counts_phrase(3, 0), "03 tập thể");
        assert_eq!(coefficient_text(30), "0,3");
        assert_eq!(coefficient_text(150), "1,5");
        assert_eq!(coefficient_text(1200), "12");
        assert_eq!(coefficient_text(15), "0,15");
        assert_eq!(score_text(92.5), "92,5");
        assert_eq!(score_text(90.0), "90");
    }

    #[test]
    fn criterion_labels_lose_their_numbering_and_maximum() {
        assert_eq!(
            short_label("Tiêu chí 1: Thực hiện nhiệm vụ chuyên môn (40 điểm)"),
            "Thực hiện nhiệm vụ chuyên môn"
        );
        assert_eq!(
            short_label("Văn hóa công sở (tối đa 20đ)"),
            "Văn hóa công sở"
        );
        assert_eq!(short_label("Chuyên môn 40đ"), "Chuyên môn");
        assert_eq!(short_label("TC2"), "TC2");
        assert_eq!(
            short_label("Kỷ luật (Đảng, chính quyền)"),
            "Kỷ luật (Đảng, chính quyền)"
        );
    }
}
