//! Office-wide configuration (`vanthu.toml`): who issues the documents, who
//! signs them, the page margins and the PDF standard.
//!
//! Two stages, as the file is written and as the program uses it: [`File`]
//! is what the admin wrote (every field optional, unknown keys rejected with
//! their name), [`Config`] the validated settings. Every setting has a
//! default, so an empty file works. The same override shape
//! ([`DocumentSettings`]) is used by template front matter and by the data's
//! `van_ban` object, each layer replacing only what it names.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::document::Margins;
use crate::law::{Authority, Award, BaseSalary, MoneyRules, OfficeLevel, Rounding, Superior};
use crate::recognise::scores::{Band, Bands};
use crate::recognise::workbook::Settings as RecogniseSettings;

/// What the admin wrote in `vanthu.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// Document settings shared by every template.
    #[serde(flatten)]
    pub document: DocumentSettings,
    /// Folder of templates overriding the built-in ones, relative to the
    /// config file; `templates` by default.
    pub templates: Option<PathBuf>,
    /// PDF output settings.
    #[serde(default)]
    pub pdf: PdfSettings,
    /// Sub-folder name → the unit's official name
    /// (`"phong-tong-hop" = "Phòng Tổng hợp"`).
    #[serde(default)]
    pub units: BTreeMap<String, String>,
    /// Codes of the province's software and their labels, for workbooks
    /// without their own code table: `"1700000123" = "Bằng khen của Chủ
    /// tịch UBND tỉnh"`.
    #[serde(default)]
    pub codes: BTreeMap<String, String>,
    /// Award money.
    #[serde(default)]
    pub awards: AwardsFile,
    /// Score sheets.
    #[serde(default)]
    pub scores: ScoresFile,
    /// The commendation process: who decides, the legal bases.
    #[serde(default)]
    pub commendation: CommendationFile,
    /// Settings per template name, over the template's own
    /// (`[documents.quyet-dinh-khen-thuong.signer]`).
    #[serde(default)]
    pub documents: BTreeMap<String, DocumentSettings>,
    /// The hot-folder service.
    #[serde(default)]
    pub service: ServiceFile,
    /// Where the ledger is kept: the state folder's SQLite file, or one
    /// PostgreSQL database shared by several machines.
    #[serde(default)]
    pub ledger: LedgerFile,
}

/// `[ledger]`: a shared PostgreSQL ledger for several workers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerFile {
    /// `postgresql://USER@HOST:PORT/DATABASE`; absent, the embedded SQLite
    /// ledger of the state folder.
    pub url: Option<String>,
    /// How long a worker's claim on a file holds without its heartbeat, in
    /// milliseconds (30000): a worker dead or stalled that long loses its
    /// files to the others.
    pub lease_ms: Option<u64>,
    /// This worker's name in the ledger (the machine's name and the
    /// process number by default; the environment's `VANTHU_WORKER` over
    /// this).
    pub worker: Option<String>,
}

/// `[service]`: folders and timing of `vanthu run` / `vanthu watch`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    /// Inbox, relative to this file (`inbox`).
    pub inbox: Option<PathBuf>,
    /// Outbox (`outbox`).
    pub outbox: Option<PathBuf>,
    /// Ledger and archive (`.vanthu`).
    pub state: Option<PathBuf>,
    /// How long a file's size and times must stay still before it is
    /// taken, in milliseconds (2000).
    pub quiet_ms: Option<u64>,
    /// Longest time one workbook may take to read, check and render, in
    /// milliseconds (120000); beyond it the file is rejected with that
    /// reason.
    pub file_timeout_ms: Option<u64>,
    /// "auto" (poll network and FUSE file systems), "always", "never".
    pub polling: Option<String>,
    /// Polling interval in milliseconds (2000).
    pub poll_ms: Option<u64>,
    /// Age in hours after which an Office lock file (`~$name.xlsx`) left
    /// by a program that crashed no longer holds its workbook (12).
    pub stale_lock_hours: Option<f64>,
    /// Delay before a file that failed for a passing cause (the time
    /// limit, a read error, a broken template) is tried again, in
    /// milliseconds (30000); it doubles with each failure, up to an hour.
    pub retry_ms: Option<u64>,
}

/// How the watcher notices changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polling {
    /// Native events, polling on NFS, SMB/CIFS and FUSE mounts.
    Auto,
    /// Always poll.
    Always,
    /// Never poll.
    Never,
}

/// The validated service settings.
#[derive(Debug, Clone)]
pub struct ServiceSettings {
    /// Inbox folder.
    pub inbox: PathBuf,
    /// Outbox folder.
    pub outbox: PathBuf,
    /// State folder (ledger, archive).
    pub state: PathBuf,
    /// Quiet period.
    pub quiet: std::time::Duration,
    /// Time limit per workbook.
    pub file_timeout: std::time::Duration,
    /// Polling mode.
    pub polling: Polling,
    /// Polling interval.
    pub poll: std::time::Duration,
    /// Age after which an Office lock file no longer holds a workbook.
    pub stale_lock: std::time::Duration,
    /// First delay before a retry.
    pub retry: std::time::Duration,
    /// The shared PostgreSQL ledger, if configured.
    pub ledger: Option<SharedLedger>,
}

/// A PostgreSQL ledger shared by several workers.
#[derive(Clone)]
pub struct SharedLedger {
    /// Connection address (`postgresql://…`), password included if given.
    pub url: String,
    /// How long a claim holds without a heartbeat.
    pub lease: std::time::Duration,
    /// This worker's name.
    pub worker: String,
}

impl std::fmt::Debug for SharedLedger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never a password in a log.
        f.debug_struct("SharedLedger")
            .field("url", &redact_url(&self.url))
            .field("lease", &self.lease)
            .field("worker", &self.worker)
            .finish()
    }
}

/// `url` without its password (`user:password@` or `password=`), to be
/// shown.
pub fn redact_url(url: &str) -> String {
    let url = match url.find("password=") {
        Some(at) => {
            let value = at + "password=".len();
            let end = url[value..].find('&').map_or(url.len(), |e| value + e);
            format!("{}***{}", &url[..value], &url[end..])
        }
        None => url.to_owned(),
    };
    let url = url.as_str();
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user = &url[scheme + 3..at];
            match user.split_once(':') {
                Some((name, _)) => format!("{}{name}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// `[awards]`: the money rules; absent values keep the law's.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardsFile {
    /// Base salaries by effective date; replaces the built-in table.
    pub base_salary: Option<Vec<BaseSalaryFile>>,
    /// "up" (the decree's "làm tròn số lên"), "nearest" or "none".
    pub rounding: Option<String>,
    /// Rounding unit in đồng (10000).
    pub rounding_unit: Option<u64>,
    /// Coefficients per award, by the award's name as written anywhere.
    #[serde(default)]
    pub coefficients: BTreeMap<String, CoefficientFile>,
}

/// One row of the base-salary table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaseSalaryFile {
    /// First day in force, "2024-07-01".
    pub from: String,
    /// Đồng per month.
    pub amount: u64,
}

/// Coefficients of one award.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoefficientFile {
    /// For an individual (0.3).
    pub ca_nhan: Option<f64>,
    /// For a collective (0.6).
    pub tap_the: Option<f64>,
    /// For a household (the law sets none; a person's by default).
    pub ho_gia_dinh: Option<f64>,
}

/// `[scores]`: classification and criteria.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoresFile {
    /// Classification bands, replacing the default ones.
    pub bands: Option<Vec<BandFile>>,
    /// Maxima of criteria whose headers do not state them, by label.
    #[serde(default)]
    pub criteria_max: BTreeMap<String, f64>,
}

/// One classification band.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandFile {
    /// Classification ("Xuất sắc").
    pub name: String,
    /// Lowest total (90).
    pub min: f64,
}

/// `[commendation]`: the parties of the process.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommendationFile {
    /// The office's superior, who decides what the office's head does not,
    /// as written in sentences ("Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị").
    pub decider: Option<String>,
    /// The superior's fund ("Quỹ thi đua, khen thưởng của tỉnh").
    pub fund: Option<String>,
    /// What the office is: "so" (a cơ quan chuyên môn of the provincial
    /// People's Committee, the default), "xa", "don-vi-thuoc-bo",
    /// "doanh-nghiep".
    pub level: Option<String>,
    /// The office's head as written in sentences ("Giám đốc Sở Nội vụ");
    /// by default from the level and `[office] name_in_text`.
    pub head: Option<String>,
    /// The head's fund ("Quỹ thi đua, khen thưởng của Sở Nội vụ").
    pub own_fund: Option<String>,
    /// One Quyết định of the head per award (true, as offices issue them)
    /// or one for all the awards the head decides (false).
    pub decision_per_award: Option<bool>,
    /// The higher authorities whose draft Quyết định the office prepares
    /// beside its Tờ trình (["cap-tren"]).
    pub draft_for: Option<Vec<String>>,
    /// Who decides an award, by its name spelt any way (or "*" for every
    /// award not named): "thu-truong", "cap-tren", "thu-tuong",
    /// "chu-tich-nuoc". Unnamed awards follow the law's matrix.
    #[serde(default)]
    pub authority: BTreeMap<String, String>,
}

/// The validated commendation settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Commendation {
    /// The superior, in sentences; `None` derives it from the parent body
    /// ("UBND TỈNH QUẢNG TRỊ" → "Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị").
    pub decider: Option<String>,
    /// The superior's fund, when configured (else the province's, the
    /// city's or the ministry's).
    pub fund: Option<String>,
    /// What the office is.
    pub level: OfficeLevel,
    /// The office's head, in sentences, when configured.
    pub head: Option<String>,
    /// The head's fund, when configured.
    pub own_fund: Option<String>,
    /// One Quyết định of the head per award.
    pub decision_per_award: bool,
    /// The higher authorities the office drafts a Quyết định for.
    pub draft_for: Vec<Authority>,
    /// Who decides each award named in `[commendation.authority]`.
    pub authority: Vec<(Award, Authority)>,
    /// Who decides every other award, when "*" is set.
    pub authority_default: Option<Authority>,
}

impl Default for Commendation {
    fn default() -> Commendation {
        Commendation {
            decider: None,
            fund: None,
            level: OfficeLevel::Department,
            head: None,
            own_fund: None,
            decision_per_award: true,
            draft_for: vec![Authority::Superior],
            authority: Vec::new(),
            authority_default: None,
        }
    }
}

impl Commendation {
    /// Who decides `award`: the configuration, else the law's matrix;
    /// `None` when this office cannot propose it (see
    /// [`crate::law::authority::decided_by`]).
    pub fn authority_of(&self, award: Award) -> Option<Authority> {
        if let Some((_, authority)) = self.authority.iter().find(|(a, _)| *a == award) {
            return Some(*authority);
        }
        let law = crate::law::authority::decided_by(award, self.level)?;
        // "*" moves the awards an office may move up to its level, never a
        // higher one's down.
        Some(match self.authority_default {
            Some(all) if crate::law::authority::movable(award) => all.max(law),
            _ => law,
        })
    }
}

/// PDF settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfSettings {
    /// Write PDF/A-2b (the default, for archiving); `false` writes plain PDF.
    pub pdfa: Option<bool>,
}

/// Settings of a document that a layer (config file, template, data) may
/// set; `None` leaves the value of the layer below.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentSettings {
    /// The issuing body.
    #[serde(default)]
    pub office: OfficeSettings,
    /// The signatory.
    #[serde(default)]
    pub signer: SignerSettings,
    /// Page margins.
    #[serde(default)]
    pub page: PageSettings,
    /// Registered number; absent leaves it blank for the văn thư.
    pub number: Option<u32>,
    /// Date of issue: "2022-04-28", or a year alone ("2026") to leave the
    /// day and month blank.
    pub date: Option<String>,
    /// Kính gửi, replacing the template's.
    pub recipients: Option<Vec<String>>,
    /// Nơi nhận, replacing the template's.
    pub copies_to: Option<Vec<String>>,
    /// Căn cứ lines of a Quyết định, replacing the template's.
    pub bases: Option<Vec<String>>,
}

/// The issuing body.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeSettings {
    /// Parent body, upper case ("UBND TỈNH QUẢNG TRỊ").
    pub parent: Option<String>,
    /// Name lines of the issuing body, upper case (["VĂN PHÒNG"]).
    pub name: Option<Vec<String>>,
    /// Abbreviation in document codes ("VPUBND").
    pub abbreviation: Option<String>,
    /// Name as written inside sentences ("Văn phòng UBND tỉnh Quảng Trị").
    pub name_in_text: Option<String>,
    /// Place of issue ("Quảng Trị").
    pub place: Option<String>,
    /// Drafting unit abbreviation, used in "Lưu: VT, ..." and công văn codes.
    pub drafting_unit: Option<String>,
}

/// The signatory.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignerSettings {
    /// Authority lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHÁNH VĂN PHÒNG").
    pub authority: Option<Vec<String>>,
    /// Position ("CHÁNH VĂN PHÒNG").
    pub position: Option<String>,
    /// Full name.
    pub name: Option<String>,
}

/// Page margins in millimetres.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageSettings {
    /// Top margin, 20–25.
    pub margin_top_mm: Option<f32>,
    /// Bottom margin, 20–25.
    pub margin_bottom_mm: Option<f32>,
    /// Left margin, 30–35.
    pub margin_left_mm: Option<f32>,
    /// Right margin, 15–20.
    pub margin_right_mm: Option<f32>,
}

macro_rules! overlay {
    ($base:expr, $top:expr, [$($field:ident),*]) => {
        $( if $top.$field.is_some() { $base.$field = $top.$field.clone(); } )*
    };
}

impl DocumentSettings {
    /// Replaces every value that `top` sets.
    pub fn overlay(&mut self, top: &DocumentSettings) {
        overlay!(
            self.office,
            top.office,
            [
                parent,
                name,
                abbreviation,
                name_in_text,
                place,
                drafting_unit
            ]
        );
        overlay!(self.signer, top.signer, [authority, position, name]);
        overlay!(
            self.page,
            top.page,
            [
                margin_top_mm,
                margin_bottom_mm,
                margin_left_mm,
                margin_right_mm
            ]
        );
        overlay!(self, top, [number, date, recipients, copies_to, bases]);
    }

    /// The margins, defaults where unset.
    pub fn margins(&self) -> Margins {
        let default = Margins::default();
        Margins {
            top: self.page.margin_top_mm.unwrap_or(default.top),
            bottom: self.page.margin_bottom_mm.unwrap_or(default.bottom),
            left: self.page.margin_left_mm.unwrap_or(default.left),
            right: self.page.margin_right_mm.unwrap_or(default.right),
        }
    }
}

/// A TOML or key error said in Vietnamese, at its line and key:
/// "dòng 2, khóa `plce`: không có khóa này ở đây; có phải `place`?".
fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let message = e.message();
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let mut line = e.span().map(|s| line_of(s.start));
    let quoted =
        |m: &str| -> Vec<String> { m.split('`').skip(1).step_by(2).map(str::to_owned).collect() };
    let said = if let Some(rest) = message.strip_prefix("unknown field ") {
        let names = quoted(rest);
        let key = names.first().cloned().unwrap_or_default();
        // The key's own line, not its table's.
        if let Some(at) = text.lines().position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key.as_str())
                .is_some_and(|after| after.trim_start().starts_with('='))
        }) {
            line = Some(at + 1);
        }
        let closest = names[1..]
            .iter()
            .min_by_key(|n| edit_distance(n, &key))
            .filter(|n| edit_distance(n, &key) <= 3);
        match closest {
            Some(near) => format!("khóa `{key}`: không có khóa này ở đây; có phải `{near}`?"),
            None => format!(
                "khóa `{key}`: không có khóa này ở đây; các khóa được dùng: {}",
                names[1..]
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (got, wanted) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let got = got
            .replace("string ", "chuỗi ")
            .replace("integer ", "số ")
            .replace("floating point ", "số ")
            .replace("boolean ", "");
        let wanted = match wanted.trim() {
            w if w.starts_with('u') || w.starts_with('i') || w == "usize" => "một số nguyên",
            "f32" | "f64" => "một số",
            w if w.contains("bool") => "true hoặc false",
            w if w.contains("sequence") => "một danh sách [ … ]",
            w if w.contains("string") || w.contains("path") => "một chuỗi trong ngoặc kép",
            w if w.contains("map") || w.contains("struct") => "một mục { … }",
            _ => "giá trị khác",
        };
        let key = line
            .and_then(|l| text.lines().nth(l - 1))
            .and_then(|l| l.split_once('='))
            .map(|(k, _)| k.trim().trim_matches('"').to_owned())
            .filter(|k| !k.is_empty() && !k.starts_with('['));
        match key {
            Some(key) => format!("khóa `{key}`: giá trị {got} không đúng kiểu: cần {wanted}"),
            None => format!("giá trị {got} không đúng kiểu: cần {wanted}"),
        }
    } else if let Some(rest) = message.strip_prefix("missing field ") {
        format!("thiếu khóa {rest}")
    } else if message.contains("duplicate key") {
        let key = quoted(message).first().cloned().unwrap_or_default();
        format!("khóa `{key}` được ghi hai lần")
    } else if message.contains("table header") || message.contains("expected `.`, `]`") {
        "tiêu đề mục viết sai: cần dạng [tên_mục], đóng bằng dấu ]".to_owned()
    } else if message.contains("string") {
        "chuỗi viết sai: thiếu dấu ngoặc kép \" đóng, hoặc có ký tự không được phép".to_owned()
    } else if message.contains("expected") || message.contains("invalid") {
        "cú pháp sai: mỗi dòng cần dạng khóa = giá trị (chuỗi trong ngoặc kép, số, true/false)"
            .to_owned()
    } else {
        "tệp không đúng cú pháp TOML".to_owned()
    };
    match line {
        Some(line) => format!("dòng {line}, {said}"),
        None => said,
    }
}

/// The edit distance of two short keys (Levenshtein).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (current + 1)
                .min(row[j] + 1)
                .min(previous + usize::from(ca != *cb));
            previous = current;
        }
    }
    row[b.len()]
}

/// Validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    /// Document settings of the office (the lowest layer).
    pub document: DocumentSettings,
    /// Folder of override templates.
    pub templates_dir: PathBuf,
    /// Write PDF/A-2b.
    pub pdfa: bool,
    /// Sub-folder name (NFC) → unit name.
    pub units: BTreeMap<String, String>,
    /// Award money.
    pub money: MoneyRules,
    /// Recognition settings (bands, criteria maxima).
    pub recognise: RecogniseSettings,
    /// The commendation process.
    pub commendation: Commendation,
    /// Settings per template name.
    pub documents: BTreeMap<String, DocumentSettings>,
    /// The hot-folder service.
    pub service: ServiceSettings,
}

/// A configuration problem, in Vietnamese.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("không đọc được tệp cấu hình {path}: {}", crate::text::io_error(.error))]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        error: std::io::Error,
    },
    /// The file is not valid TOML or has unknown keys.
    #[error("tệp cấu hình {path} có lỗi: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        message: String,
    },
    /// A value is outside what the law allows.
    #[error("tệp cấu hình {path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl Config {
    /// Loads `path`; when `path` is `None`, loads `vanthu.toml` from the
    /// working folder if it exists, else uses the defaults.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let (path, required) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from("vanthu.toml"), false),
        };
        let text = match std::fs::read(&path) {
            Ok(bytes) => Some(decode(&bytes).ok_or_else(|| ConfigError::Parse {
                path: path.clone(),
                message: "tệp không ở mã UTF-8; hãy mở bằng Notepad, chọn Lưu thành (Save As) với mã hóa (Encoding) UTF-8 rồi lưu lại".to_owned(),
            })?),
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => return Err(ConfigError::Read { path, error }),
        };
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        match text {
            Some(text) => Config::from_toml(&text, Some(path), &base),
            None => Config::from_toml("", None, &base),
        }
    }

    /// Parses configuration text; relative folders resolve against `base`.
    pub fn from_toml(
        text: &str,
        path: Option<PathBuf>,
        base: &Path,
    ) -> Result<Config, ConfigError> {
        let shown = path.clone().unwrap_or_else(|| PathBuf::from("vanthu.toml"));
        // Notepad may save a byte-order mark, and a Mac or an input method
        // may compose letters and marks apart ("ê" + "́"): every name and
        // wording of the office is compared and printed in NFC.
        let text: String = text.trim_start_matches('\u{feff}').nfc().collect();
        let file: File = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: shown.clone(),
            message: toml_error(&text, &e),
        })?;
        file.document
            .margins()
            .validate()
            .map_err(|message| ConfigError::Invalid {
                path: shown.clone(),
                message,
            })?;
        let invalid = |message: String| ConfigError::Invalid {
            path: shown.clone(),
            message,
        };
        for (name, settings) in &file.documents {
            settings
                .margins()
                .validate()
                .map_err(|m| invalid(format!("[documents.{name}]: {m}")))?;
        }
        let money = money_rules(&file.awards).map_err(|m| invalid(format!("[awards]: {m}")))?;
        let bands = match &file.scores.bands {
            None => Bands::default(),
            Some(bands) => Bands::new(
                bands
                    .iter()
                    .map(|b| Band {
                        min: b.min,
                        name: b.name.nfc().collect(),
                    })
                    .collect(),
            )
            .map_err(|m| invalid(format!("[scores] bands: {m}")))?,
        };
        for (label, max) in &file.scores.criteria_max {
            if !(max.is_finite() && *max > 0.0) {
                return Err(invalid(format!(
                    "[scores.criteria_max] \"{label}\" = {max}: điểm tối đa phải là số dương"
                )));
            }
        }
        let commendation =
            commendation(file.commendation).map_err(|m| invalid(format!("[commendation] {m}")))?;
        let templates_dir = base.join(file.templates.unwrap_or_else(|| PathBuf::from("templates")));
        let sv = &file.service;
        let mut service = ServiceSettings {
            inbox: base.join(sv.inbox.clone().unwrap_or_else(|| PathBuf::from("inbox"))),
            outbox: base.join(sv.outbox.clone().unwrap_or_else(|| PathBuf::from("outbox"))),
            state: base.join(sv.state.clone().unwrap_or_else(|| PathBuf::from(".vanthu"))),
            quiet: std::time::Duration::from_millis(sv.quiet_ms.unwrap_or(2000)),
            file_timeout: std::time::Duration::from_millis(sv.file_timeout_ms.unwrap_or(120_000)),
            polling: match sv.polling.as_deref() {
                None | Some("auto") => Polling::Auto,
                Some("always") => Polling::Always,
                Some("never") => Polling::Never,
                Some(other) => {
                    return Err(invalid(format!(
                        "[service] polling = \"{other}\" không hợp lệ (dùng \"auto\", \"always\" hoặc \"never\")"
                    )));
                }
            },
            poll: std::time::Duration::from_millis(sv.poll_ms.unwrap_or(2000).max(100)),
            retry: std::time::Duration::from_millis(sv.retry_ms.unwrap_or(30_000)),
            ledger: None,
            stale_lock: match sv.stale_lock_hours {
                None => std::time::Duration::from_secs(12 * 3600),
                Some(h) if h.is_finite() && h > 0.0 && h < 24.0 * 365.0 => {
                    std::time::Duration::from_secs_f64(h * 3600.0)
                }
                Some(h) => {
                    return Err(invalid(format!(
                        "[service] stale_lock_hours = {h} không hợp lệ (số giờ lớn hơn 0, ví dụ 12)"
                    )));
                }
            },
        };
        let ledger = match &file.ledger.url {
            None => None,
            Some(url) => {
                let url = url.trim();
                if url.parse::<tokio_postgres::Config>().is_err()
                    || !(url.starts_with("postgresql://") || url.starts_with("postgres://"))
                {
                    return Err(invalid(format!(
                        "[ledger] url = \"{}\" không hợp lệ (viết dạng \"postgresql://NGƯỜI_DÙNG@MÁY:CỔNG/CƠ_SỞ_DỮ_LIỆU\")",
                        redact_url(url)
                    )));
                }
                let lease_ms = file.ledger.lease_ms.unwrap_or(30_000);
                if !(1000..=3_600_000).contains(&lease_ms) {
                    return Err(invalid(format!(
                        "[ledger] lease_ms = {lease_ms} không hợp lệ (từ 1000 đến 3600000 mili giây)"
                    )));
                }
                Some(SharedLedger {
                    url: url.to_owned(),
                    lease: std::time::Duration::from_millis(lease_ms),
                    // One machine may run several workers: each names
                    // itself through VANTHU_WORKER, over the shared file.
                    worker: std::env::var("VANTHU_WORKER")
                        .ok()
                        .or_else(|| file.ledger.worker.clone())
                        .map(|w| w.nfc().collect::<String>().trim().to_owned())
                        .filter(|w| !w.is_empty())
                        .unwrap_or_else(default_worker),
                })
            }
        };
        service.ledger = ledger;
        Ok(Config {
            path,
            document: file.document,
            templates_dir,
            pdfa: file.pdf.pdfa.unwrap_or(true),
            units: file
                .units
                .into_iter()
                .map(|(k, v)| (k.nfc().collect(), v.nfc().collect()))
                .collect(),
            money,
            recognise: RecogniseSettings {
                bands,
                criteria_max: file.scores.criteria_max.into_iter().collect(),
                printable: None,
                codes: file
                    .codes
                    .into_iter()
                    .map(|(k, v)| {
                        (
                            k.nfc().collect::<String>().trim().to_owned(),
                            v.nfc().collect(),
                        )
                    })
                    .collect(),
            },
            commendation,
            documents: file.documents,
            service,
        })
    }

    /// The year of the configured date of issue ("2026-01-05" or "2026").
    pub fn configured_year(&self) -> Option<i32> {
        self.document
            .date
            .as_deref()
            .and_then(|d| d.trim().get(..4))
            .and_then(|y| y.parse().ok())
    }

    /// The earliest year of the dates the office set for its documents
    /// (`[documents.<template>] date`): no list is for a later year than
    /// the decisions about it.
    pub fn earliest_dated_year(&self) -> Option<i32> {
        self.documents
            .values()
            .filter_map(|d| d.date.as_deref())
            .filter_map(crate::text::Date::parse_iso)
            .map(|d| d.year() as i32)
            .min()
    }

    /// The settings of the documents of `template`: the office's, then the
    /// template's own (`front`), then `[documents.<template>]`, each layer
    /// replacing what it names. The one place these layers meet.
    pub fn document_settings(&self, template: &str, front: &DocumentSettings) -> DocumentSettings {
        let mut settings = self.document.clone();
        settings.overlay(front);
        if let Some(over) = self.documents.get(template) {
            settings.overlay(over);
        }
        settings
    }

    /// The office's head as written in sentences ("Giám đốc Sở Nội vụ"):
    /// `[commendation] head`, else from the office's level and name.
    pub fn head(&self) -> String {
        head(self)
    }

    /// Whose awards the office's superior gives, for their wording.
    pub fn superior(&self) -> Superior {
        superior(self)
    }

    /// What the office should know of its configuration, in Vietnamese:
    /// a superior left unnamed (no `[office] parent`, no `decider`) makes
    /// documents addressed to "Chủ tịch Ủy ban nhân dân tỉnh" with no
    /// province.
    pub fn advisories(&self) -> Vec<String> {
        let mut out = Vec::new();
        let unnamed = match self.superior() {
            Superior::Province(place) | Superior::City(place) => place.trim().is_empty(),
            Superior::Ministry(_) => false,
        };
        if unnamed && self.commendation.decider.is_none() {
            out.push(
                "vanthu.toml chưa cho biết cấp trên: [office] parent để trống và chưa có [commendation] decider, nên Tờ trình gửi “Chủ tịch Ủy ban nhân dân tỉnh” không có tên tỉnh; hãy ghi decider = \"Chủ tịch Ủy ban nhân dân tỉnh …\" (hoặc parent = \"UBND TỈNH …\")".to_owned(),
            );
        }
        out
    }

    /// The unit of a sub-folder, compared after NFC (a Finder-made NFD
    /// folder name finds its NFC key).
    pub fn unit_of_folder(&self, folder: &str) -> Option<&str> {
        let folder: String = folder.nfc().collect();
        self.units.get(&folder).map(String::as_str)
    }
}

/// The commendation settings of `[commendation]` over the law's defaults.
fn commendation(c: CommendationFile) -> Result<Commendation, String> {
    let default = Commendation::default();
    let codes = Authority::ALL
        .iter()
        .map(|a| format!("\"{}\"", a.code()))
        .collect::<Vec<_>>()
        .join(", ");
    let authority = |code: &str| {
        Authority::parse(code)
            .ok_or_else(|| format!("cấp quyết định \"{code}\" không có (dùng {codes})"))
    };
    let level = match c.level.as_deref() {
        None => default.level,
        Some(code) => OfficeLevel::parse(code).ok_or_else(|| {
            format!(
                "level = \"{code}\" không hợp lệ (dùng {})",
                OfficeLevel::CODES
                    .iter()
                    .map(|(c, _)| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?,
    };
    let mut named = Vec::new();
    let mut everything = None;
    for (name, code) in &c.authority {
        let decides = authority(code).map_err(|m| format!("authority \"{name}\": {m}"))?;
        if name.trim() == "*" {
            if !matches!(decides, Authority::Head | Authority::Superior) {
                return Err(format!(
                    "authority \"*\" = \"{code}\": \"*\" chỉ chuyển các danh hiệu cơ sở (Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể lao động tiên tiến) cho thủ trưởng (\"thu-truong\") hoặc cấp trên (\"cap-tren\")"
                ));
            }
            everything = Some(decides);
        } else {
            let award = Award::parse(name).ok_or_else(|| {
                format!("authority: không nhận ra hình thức khen thưởng \"{name}\"")
            })?;
            if let Some(why) = crate::law::authority::refuse(award, level, decides) {
                return Err(format!("authority \"{name}\" = \"{code}\": {why}"));
            }
            // "CSTĐCS" and "Chiến sĩ thi đua cơ sở" are one award: two
            // different answers are a contradiction, not a choice.
            if let Some((other, _, _)) = named
                .iter()
                .find(|(_, a, d): &&(String, Award, Authority)| *a == award && *d != decides)
            {
                return Err(format!(
                    "authority \"{name}\" và \"{other}\" là cùng một hình thức ({}) nhưng ghi hai cấp quyết định khác nhau; hãy giữ một dòng",
                    award.name()
                ));
            }
            named.push((name.clone(), award, decides));
        }
    }
    let draft_for = match &c.draft_for {
        None => default.draft_for,
        Some(codes) => codes
            .iter()
            .map(|code| match authority(code) {
                Ok(Authority::Superior) => Ok(Authority::Superior),
                Ok(_) => Err(format!(
                    "draft_for = \"{code}\": cơ quan chỉ soạn dự thảo Quyết định của cấp trên trực tiếp (\"cap-tren\"); Quyết định của thủ trưởng luôn được soạn, Quyết định của Thủ tướng Chính phủ, Chủ tịch nước do cấp trình lên soạn"
                )),
                Err(m) => Err(format!("draft_for: {m}")),
            })
            .collect::<Result<_, _>>()?,
    };
    if c.decider.as_deref().is_some_and(|d| d.trim().is_empty()) {
        return Err(
            "decider để trống: hãy ghi cấp trên quyết định khen thưởng (ví dụ \"Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị\") hoặc xóa dòng này để vanthu lấy theo [office] parent".to_owned(),
        );
    }
    Ok(Commendation {
        decider: c.decider.or(default.decider),
        fund: c.fund.filter(|f| !f.trim().is_empty()),
        level,
        head: c.head.filter(|h| !h.trim().is_empty()),
        own_fund: c.own_fund.filter(|f| !f.trim().is_empty()),
        decision_per_award: c.decision_per_award.unwrap_or(default.decision_per_award),
        draft_for,
        authority: named.into_iter().map(|(_, a, d)| (a, d)).collect(),
        authority_default: everything,
    })
}

/// The text of a configuration file: UTF-8 (with or without a byte-order
/// mark), or UTF-16 with its mark, as Notepad saves "Unicode"; `None` for
/// anything else (a legacy code page).
fn decode(bytes: &[u8]) -> Option<String> {
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|pair| unit([pair[0], *pair.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16(&units).ok()
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => String::from_utf8(bytes.to_vec()).ok(),
    }
}

/// "UBND" written out, as the authority line and sentences of a Quyết
/// định want it.
pub fn expand(text: &str) -> String {
    text.split(' ')
        .map(|w| match w {
            "UBND" => "Ủy ban nhân dân",
            "HĐND" => "Hội đồng nhân dân",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The office's head, in sentences: `[commendation] head`, else from the
/// office's level and its name in sentences ("Sở Nội vụ" → "Giám đốc Sở Nội
/// vụ", "Văn phòng …" → "Chánh Văn phòng …", "Viện …" → "Viện trưởng Viện
/// …", a commune's People's Committee → its Chủ tịch).
fn head(config: &Config) -> String {
    if let Some(head) = &config.commendation.head {
        return head.trim().to_owned();
    }
    let Some(name) = config
        .document
        .office
        .name_in_text
        .as_deref()
        .map(expand)
        .filter(|n| !n.trim().is_empty())
    else {
        return "Thủ trưởng cơ quan".to_owned();
    };
    let starts = |prefix: &str| name.starts_with(prefix);
    if config.commendation.level == OfficeLevel::Commune {
        let title = if starts("Ủy ban nhân dân") {
            "Chủ tịch"
        } else {
            "Chủ tịch Ủy ban nhân dân"
        };
        return format!("{title} {name}");
    }
    // The head's title as the kind of body names it.
    const TITLES: &[(&str, &str)] = &[
        ("Sở ", "Giám đốc"),
        ("Văn phòng", "Chánh"),
        ("Thanh tra", "Chánh"),
        ("Ban ", "Trưởng"),
        ("Viện ", "Viện trưởng"),
        ("Trường ", "Hiệu trưởng"),
        ("Tổng cục ", "Tổng Cục trưởng"),
        ("Chi cục ", "Chi cục trưởng"),
        ("Cục ", "Cục trưởng"),
        ("Vụ ", "Vụ trưởng"),
        ("Báo ", "Tổng Biên tập"),
        ("Học viện ", "Giám đốc"),
        ("Đại học ", "Giám đốc"),
        ("Bệnh viện ", "Giám đốc"),
        ("Trung tâm ", "Giám đốc"),
        ("Đài ", "Giám đốc"),
        ("Nhà xuất bản ", "Giám đốc"),
        ("Công ty ", "Giám đốc"),
        ("Tổng công ty ", "Tổng Giám đốc"),
    ];
    let title = TITLES
        .iter()
        .find(|(prefix, _)| starts(prefix))
        .map(|(_, title)| *title)
        .unwrap_or(match config.commendation.level {
            OfficeLevel::Enterprise => "Giám đốc",
            _ => "Thủ trưởng",
        });
    format!("{title} {name}")
}

/// Whose awards the office's superior gives: a ministry for a unit under
/// one (named by `decider`, else by the parent line "BỘ Y TẾ"), a city of
/// provincial level when the parent line names one, else a province.
fn superior(config: &Config) -> Superior {
    let parent = config
        .document
        .office
        .parent
        .as_deref()
        .unwrap_or_default()
        .trim()
        .to_owned();
    if config.commendation.level == OfficeLevel::UnitUnderMinistry {
        let from_decider = config
            .commendation
            .decider
            .as_deref()
            .and_then(|d| d.trim().strip_prefix("Bộ trưởng "))
            .map(str::to_owned);
        let from_parent = parent.strip_prefix("BỘ ").map(|rest| {
            let lower = rest.to_lowercase();
            let mut chars = lower.chars();
            let name: String = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            format!("Bộ {name}")
        });
        if let Some(ministry) = from_decider.or(from_parent) {
            return Superior::Ministry(ministry);
        }
    }
    // The province's or city's name: from the parent line ("UBND TỈNH
    // QUẢNG TRỊ"), else from the decider ("Chủ tịch Ủy ban nhân dân tỉnh
    // Quảng Trị").
    let decider = config.commendation.decider.as_deref().unwrap_or_default();
    let named = if parent.is_empty() {
        decider
    } else {
        parent.as_str()
    };
    let upper = named.to_uppercase();
    let after = |marker: &str| {
        upper
            .find(marker)
            .map(|at| upper[at + marker.len()..].trim().to_owned())
            .filter(|p| !p.is_empty())
    };
    if upper.contains("THÀNH PHỐ") {
        Superior::City(after("THÀNH PHỐ ").unwrap_or_default())
    } else {
        Superior::Province(after("TỈNH ").unwrap_or_default())
    }
}

/// The money rules of `[awards]` over the law's defaults.
fn money_rules(file: &AwardsFile) -> Result<MoneyRules, String> {
    let mut rules = MoneyRules::default();
    if let Some(table) = &file.base_salary {
        if table.is_empty() {
            return Err("bảng base_salary trống".into());
        }
        rules.base_salaries = table
            .iter()
            .map(|row| {
                let from = parse_iso_date(&row.from).ok_or_else(|| {
                    format!(
                        "ngày \"{}\" phải viết dạng năm-tháng-ngày, ví dụ 2024-07-01",
                        row.from
                    )
                })?;
                Ok(BaseSalary {
                    from,
                    amount: row.amount,
                })
            })
            .collect::<Result<_, String>>()?;
        rules.base_salaries.sort_by_key(|b| b.from);
    }
    if let Some(rounding) = &file.rounding {
        rules.rounding = match rounding.as_str() {
            "up" => Rounding::Up,
            "nearest" => Rounding::Nearest,
            "none" => Rounding::None,
            other => {
                return Err(format!(
                    "rounding = \"{other}\" không hợp lệ (dùng \"up\", \"nearest\" hoặc \"none\")"
                ));
            }
        };
    }
    if let Some(unit) = file.rounding_unit {
        if unit == 0 {
            return Err("rounding_unit phải lớn hơn 0".into());
        }
        rules.rounding_unit = unit;
    }
    for (name, c) in &file.coefficients {
        let award = Award::parse(name)
            .ok_or_else(|| format!("không nhận ra hình thức khen thưởng \"{name}\""))?;
        let hundredths = |v: Option<f64>| -> Result<Option<u32>, String> {
            match v {
                None => Ok(None),
                Some(v) if v.is_finite() && (0.0..=1000.0).contains(&v) => {
                    Ok(Some((v * 100.0).round() as u32))
                }
                Some(v) => Err(format!("hệ số {v} của \"{name}\" không hợp lệ")),
            }
        };
        let entry = rules.coefficients.entry(award).or_insert((None, None));
        if c.ca_nhan.is_some() {
            entry.0 = hundredths(c.ca_nhan)?;
        }
        if c.tap_the.is_some() {
            entry.1 = hundredths(c.tap_the)?;
        }
        if let Some(set) = hundredths(c.ho_gia_dinh)? {
            rules.households.insert(award, set);
        }
    }
    Ok(rules)
}

/// "2024-07-01" → the date.
pub fn parse_iso_date(text: &str) -> Option<crate::text::Date> {
    crate::text::Date::parse_iso(text)
}

/// A worker's name by default: the machine's name and the process number.
fn default_worker() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "vanthu".to_owned());
    format!("{host}:{}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::law::NomineeKind;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::from_toml(text, None, Path::new("."))
    }

    #[test]
    fn a_file_with_only_units_keeps_every_default() {
        let config = parse("[units]\n\"phong-tong-hop\" = \"Phòng Tổng hợp\"\n").unwrap();
        assert_eq!(config.money, MoneyRules::default());
        assert_eq!(config.recognise.bands, Bands::default());
        assert_eq!(config.commendation, Commendation::default());
        assert_eq!(
            config.unit_of_folder("phong-tong-hop"),
            Some("Phòng Tổng hợp")
        );
        assert!(config.pdfa);
    }

    #[test]
    fn unit_keys_match_after_nfc() {
        let nfd: String = "phòng-tổng-hợp".nfd().collect();
        let config = parse(&format!("[units]\n\"{nfd}\" = \"Phòng Tổng hợp\"\n")).unwrap();
        assert_eq!(
            config.unit_of_folder("phòng-tổng-hợp"),
            Some("Phòng Tổng hợp")
        );
        assert_eq!(config.unit_of_folder(&nfd), Some("Phòng Tổng hợp"));
    }

    #[test]
    fn money_and_bands_are_configurable() {
        let config = parse(
            r#"
[awards]
rounding = "none"
base_salary = [{ from = "2026-07-01", amount = 2530000 }]
[awards.coefficients]
"Giấy khen" = { ca_nhan = 0.15 }
[scores]
bands = [{ name = "Đạt", min = 50 }, { name = "Không đạt", min = 0 }]
criteria_max = { "Văn hóa công sở" = 20 }
"#,
        )
        .unwrap();
        let on = crate::text::Date::new(2026, 8, 1).unwrap();
        let money = config
            .money
            .money(Award::GiayKhen, NomineeKind::CaNhan, on)
            .unwrap();
        assert_eq!(money.amount, 379_500, "0,15 × 2.530.000 without rounding");
        let collective = config.money.money(Award::GiayKhen, NomineeKind::TapThe, on);
        // A household is paid as a person unless the office sets its own.
        assert_eq!(
            config
                .money
                .money(Award::GiayKhen, NomineeKind::HoGiaDinh, on),
            config.money.money(Award::GiayKhen, NomineeKind::CaNhan, on)
        );
        assert_eq!(collective.map(|m| m.coefficient), Some(60), "kept");
        assert_eq!(config.recognise.bands.classify(55.0), "Đạt");
        assert_eq!(config.recognise.bands.classify(10.0), "Không đạt");
        assert_eq!(
            config.recognise.criteria_max,
            [("Văn hóa công sở".to_owned(), 20.0)]
        );
    }

    #[test]
    fn households_and_codes_are_configurable() {
        let config = parse(
            r#"
[codes]
" 1700000123 " = "Bằng khen của Chủ tịch UBND tỉnh"
[awards.coefficients]
"Bằng khen của Chủ tịch UBND tỉnh" = { ho_gia_dinh = 1 }
"#,
        )
        .unwrap();
        let on = crate::text::Date::new(2025, 8, 1).unwrap();
        let money = |kind| {
            config
                .money
                .money(Award::BangKhenTinh, kind, on)
                .map(|m| m.coefficient)
        };
        assert_eq!(money(NomineeKind::HoGiaDinh), Some(100));
        assert_eq!(money(NomineeKind::CaNhan), Some(150), "a person's kept");
        assert_eq!(
            config.recognise.codes.get("1700000123").map(String::as_str),
            Some("Bằng khen của Chủ tịch UBND tỉnh")
        );
    }

    #[test]
    fn toml_mistakes_are_said_in_vietnamese_at_their_line_and_key() {
        let said = |text: &str| parse(text).unwrap_err().to_string();
        let e = said("[office]\nplce = \"Quảng Trị\"\n");
        assert!(
            e.contains("dòng 2, khóa `plce`: không có khóa này ở đây; có phải `place`?"),
            "{e}"
        );
        let e = said("[awards]\nrounding_unit = \"mười\"\n");
        assert!(
            e.contains("dòng 2, khóa `rounding_unit`: giá trị chuỗi \"mười\" không đúng kiểu: cần một số nguyên"),
            "{e}"
        );
        let e = said("[office\nname = 1\n");
        assert!(e.contains("dòng 1, tiêu đề mục viết sai"), "{e}");
        for text in [
            "[office]\nplce = 1\n",
            "[awards]\nrounding_unit = \"x\"\n",
            "[office\n",
        ] {
            let e = said(text);
            for english in [
                "TOML parse error",
                "unknown field",
                "invalid type",
                "expected",
            ] {
                assert!(!e.contains(english), "{english} in {e}");
            }
        }
    }

    #[test]
    fn bad_values_are_named() {
        let e = parse("[awards]\nrounding = \"sometimes\"\n").unwrap_err();
        assert!(e.to_string().contains("rounding"), "{e}");
        let e = parse("[awards.coefficients]\n\"Huy hiệu lạ\" = { ca_nhan = 1 }\n").unwrap_err();
        assert!(e.to_string().contains("Huy hiệu lạ"), "{e}");
        let e = parse("[scores]\nbands = [{ name = \"A\", min = 5 }, { name = \"B\", min = 5 }]\n")
            .unwrap_err();
        assert!(e.to_string().contains("cùng bắt đầu"), "{e}");
        let e = parse("[unknown]\nx = 1\n").unwrap_err();
        assert!(e.to_string().contains("unknown"), "{e}");
    }

    /// A password never shows, in the user part or as a parameter.
    #[test]
    fn a_ledger_address_is_shown_without_its_password() {
        assert_eq!(
            redact_url("postgresql://vanthu:bi-mat@db:5432/vanthu"),
            "postgresql://vanthu:***@db:5432/vanthu"
        );
        assert_eq!(
            redact_url(
                "postgresql://vanthu@db/vanthu?application_name=x&password=bi-mat&sslmode=disable"
            ),
            "postgresql://vanthu@db/vanthu?application_name=x&password=***&sslmode=disable"
        );
        assert_eq!(
            redact_url("postgresql://vanthu@db/vanthu?password=bi-mat"),
            "postgresql://vanthu@db/vanthu?password=***"
        );
        assert_eq!(
            redact_url("postgresql://vanthu@db/vanthu"),
            "postgresql://vanthu@db/vanthu"
        );
    }
}
