//! Records of a nominations sheet: one nominee per data row, with section
//! rows, blank rows, the "Tổng cộng" row and footers told apart from data,
//! merged cells read through, the award matched to the forms of the law and
//! the kind (cá nhân / tập thể) decided by the contract's order: kind
//! column, then section row, then a collective-only award, else cá nhân.

use super::sheets::{self, CodeBook, Resolved};
use super::{Field, Header};
use crate::ingest::{CellValue, Sheet};
use crate::law::{Award, NomineeKind, normalise, several_awards};
use crate::text;

/// One nominee.
#[derive(Debug, Clone, PartialEq)]
pub struct Nominee {
    /// 0-based sheet row.
    pub row: usize,
    /// Cá nhân or tập thể.
    pub kind: NomineeKind,
    /// The name proper (personal names capitalised), without an
    /// honorific: what lists are ordered and matched by.
    pub name: String,
    /// An honorific or rank printed before the name ("Ông", "Đại tá",
    /// "Hộ ông", "Gia đình bà").
    pub honorific: Option<String>,
    /// Position.
    pub position: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// The award as written.
    pub award_written: String,
    /// The award matched, if it could be.
    pub award: Option<Award>,
    /// Achievement.
    pub achievement: Option<String>,
    /// The kind was read from the name alone ("Văn phòng Sở" is a
    /// collective): no kind cell, section or award told it.
    pub kind_from_name: bool,
    /// A row of invented examples ("Nguyễn Văn A"): left out of the list.
    pub example: bool,
}

impl Nominee {
    /// The name as documents print it: "Ông Trương Quang Sáng", "Hộ ông Lê
    /// Văn Tám", "Phòng Tư pháp".
    pub fn printed_name(&self) -> String {
        match &self.honorific {
            Some(h) => format!("{h} {}", self.name),
            None => self.name.clone(),
        }
    }

    /// Who the nominee is, however the list spells it: kind, name, unit and
    /// position compared without regard to case and spacing (two people of
    /// one name in one unit differ by their position).
    pub fn identity(&self) -> (NomineeKind, String, String, String) {
        let key = |s: &Option<String>| same_dashes(s.as_deref().unwrap_or_default());
        (
            self.kind,
            same_dashes(&self.name),
            key(&self.unit),
            key(&self.position),
        )
    }
}

/// The comparison key of a text copied from anywhere: every dash a
/// hyphen ("Văn hóa – Thông tin", "Văn hóa-Thông tin"), tone placement,
/// case, NFD and spacing aside.
fn same_dashes(text: &str) -> String {
    let hyphens: String = text
        .chars()
        .map(|c| match c {
            '–' | '—' | '‒' | '‐' | '‑' | '−' => '-',
            c => c,
        })
        .collect();
    let spaced = hyphens.replace('-', " - ");
    text::comparison_key(&spaced)
}

/// How many collectives or individuals `nominees` holds, each once however
/// many awards it is proposed for.
pub fn distinct<'a>(nominees: impl IntoIterator<Item = &'a Nominee>, kind: NomineeKind) -> usize {
    nominees
        .into_iter()
        .filter(|n| n.kind == kind)
        .map(Nominee::identity)
        .collect::<std::collections::HashSet<_>>()
        .len()
}

/// A row that closes the table: totals and footers.
pub(super) fn is_end_row(sheet: &Sheet, row: usize) -> bool {
    (0..sheet.cols).any(|c| {
        let w = normalise(&sheet.cell(row, c).display());
        // "Tổng cộng", not "Tổng công ty …" (a nominee).
        (w.starts_with("tong cong") && !w.starts_with("tong cong ty"))
            || w == "cong"
            || w.strip_prefix("cong ")
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            || w.starts_with("tong so")
            || w.starts_with("nguoi lap")
            || w.starts_with("thu truong")
            || w.starts_with("tm ")
            || w.starts_with("kt ")
            || (w.contains("ngay") && w.contains("thang") && w.contains("nam") && w.len() < 60)
    })
}

/// The value of a cell, read through a merged region to its anchor.
fn value(sheet: &Sheet, row: usize, col: usize) -> &CellValue {
    for merge in &sheet.merges {
        if (merge.start.0..=merge.end.0).contains(&row)
            && (merge.start.1..=merge.end.1).contains(&col)
        {
            return sheet.cell(merge.start.0, merge.start.1);
        }
    }
    sheet.cell(row, col)
}

fn text_at(sheet: &Sheet, row: usize, col: Option<usize>) -> Option<String> {
    let text = value(sheet, row, col?).display();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The text of a heading row: it holds only its label, perhaps split over
/// two cells ("I" | "TẬP THỂ"), joined.
fn heading_text(sheet: &Sheet, row: usize) -> Option<String> {
    let filled: Vec<String> = (0..sheet.cols)
        .map(|c| sheet.cell(row, c).display())
        .filter(|t| !t.trim().is_empty())
        .collect();
    (1..=2).contains(&filled.len()).then(|| filled.join(" "))
}

/// A section row ("I. TẬP THỂ", "A. Cá nhân", "Tập thể:"): the kind it
/// opens. Such a row holds only its label, perhaps split over two cells
/// ("I" | "TẬP THỂ").
fn section_kind(sheet: &Sheet, row: usize) -> Option<NomineeKind> {
    let words = normalise(&heading_text(sheet, row)?);
    let mut rest = words.as_str();
    // Drop a leading numbering label: "i", "ii", "a", "1" (not "ca" of
    // "cá nhân": a letter numbers alone).
    if let Some((head, tail)) = rest.split_once(' ')
        && (head.len() <= 4 && head.chars().all(|c| "ivx".contains(c))
            || head.len() == 1 && head.chars().all(|c| c.is_ascii_lowercase())
            || head.len() <= 3 && head.chars().all(|c| c.is_ascii_digit()))
    {
        rest = tail;
    }
    // "B. DANH SÁCH TẬP THỂ": a table's title naming its kind.
    let rest = rest.strip_prefix("danh sach ").unwrap_or(rest);
    if rest == "ho gia dinh" || rest.starts_with("ho gia dinh ") && rest.len() < 24 {
        Some(NomineeKind::HoGiaDinh)
    } else if rest == "tap the" || rest.starts_with("tap the ") && rest.len() < 20 {
        Some(NomineeKind::TapThe)
    } else if rest == "ca nhan" || rest.starts_with("ca nhan ") && rest.len() < 20 {
        Some(NomineeKind::CaNhan)
    } else {
        None
    }
}

/// A section row naming an award ("I | DANH HIỆU “CHIẾN SĨ THI ĐUA CƠ
/// SỞ” (02 cá nhân)", "2. Lao động tiên tiến:"): the award of the rows
/// under it, as the list writes it (without its numbering and count).
pub(crate) fn section_award(sheet: &Sheet, row: usize) -> Option<String> {
    let joined = heading_text(sheet, row)?;
    let mut text = joined.trim();
    // Its numbering: "I", "II.", "1.", "A)", a cell of its own or not.
    if let Some((head, tail)) = text.split_once(char::is_whitespace) {
        let bare = head.trim_end_matches(['.', ')', ':']);
        if !bare.is_empty()
            && bare.len() <= 4
            && bare.chars().all(|c| "IVXivxABCDabcd0123456789".contains(c))
        {
            text = tail.trim();
        }
    }
    let text = text
        .trim_end_matches(':')
        .replace(['“', '”', '"'], "")
        .trim()
        .to_owned();
    // A person's or a body's name never parses as an award; a sentence
    // that only mentions one is too long for a heading.
    (Award::parse(&text).is_some() && text.chars().count() <= 120).then_some(text)
}

/// A heading of the kinds of commendation ("I. DANH HIỆU THI ĐUA", "II.
/// HÌNH THỨC KHEN THƯỞNG"): it closes the award sections above it.
fn category_heading(sheet: &Sheet, row: usize) -> bool {
    let Some(text) = heading_text(sheet, row) else {
        return false;
    };
    let words = normalise(&text);
    let rest = words
        .split_once(' ')
        .filter(|(head, _)| head.len() <= 4 && head.chars().all(|c| "ivx0123456789".contains(c)))
        .map_or(words.as_str(), |(_, tail)| tail);
    [
        "danh hieu thi dua",
        "hinh thuc khen thuong",
        "danh hieu",
        "khen thuong",
        "de nghi cong nhan danh hieu thi dua",
        "de nghi tang hinh thuc khen thuong",
        "de nghi khen thuong",
    ]
    .contains(&rest)
}

/// How high a heading stands by its numbering: "I", "A" 1; "1" 2; "1.1"
/// 3; "a" 4; "-", "+", "*" 5; none 6.
fn heading_rank(sheet: &Sheet, row: usize) -> u8 {
    let first = (0..sheet.cols)
        .map(|c| sheet.cell(row, c).display())
        .find(|t| !t.trim().is_empty())
        .unwrap_or_default();
    let token = first.split_whitespace().next().unwrap_or_default();
    let bare = token.trim_end_matches(['.', ')', ':']);
    if bare.is_empty() || "-+*•–".contains(bare) {
        return if token.is_empty() { 6 } else { 5 };
    }
    if bare.chars().all(|c| "IVXL".contains(c))
        || bare.len() == 1 && bare.chars().all(|c| c.is_ascii_uppercase())
    {
        1
    } else if bare.chars().all(|c| c.is_ascii_digit()) {
        2
    } else if bare.chars().all(|c| c.is_ascii_digit() || c == '.') {
        3
    } else if bare.len() == 1 && bare.chars().all(|c| c.is_ascii_lowercase()) {
        4
    } else {
        6
    }
}

/// Award sections under a header without an award column: the list gives
/// each row the award of its section.
pub(crate) fn award_sections_below(sheet: &Sheet, first: usize) -> bool {
    (first..sheet.rows.min(first + 200)).any(|row| section_award(sheet, row).is_some())
}

/// A name that is a body's, not a person's ("Phòng Tổ chức", "Văn phòng
/// Sở", "Trung tâm Y tế", "Ban Thi đua - Khen thưởng"): it starts with a
/// word or two no Vietnamese full name starts with.
pub(crate) fn names_a_body(name: &str) -> bool {
    // None of these is a Vietnamese family name.
    const ONE: &[&str] = &[
        "phòng",
        "sở",
        "cục",
        "viện",
        "trạm",
        "tổ",
        "đội",
        "trường",
        "khoa",
        "thôn",
        "xóm",
        "ấp",
        "xã",
        "phường",
        "huyện",
        "tỉnh",
        "ubnd",
        "hđnd",
        "ubmttq",
        "mttq",
        "htx",
        "ttyt",
        "ủy",
        "uỷ",
        "hội",
        "đảng",
        "khu",
        "khối",
        "cụm",
        "lớp",
        "đài",
        "báo",
        "hạt",
        "đồn",
        "trại",
        "cảng",
        "bưu",
        "quỹ",
        "ngân",
        "mặt",
        "tổng",
        "xí",
        "phân",
        "bộ",
        "kho",
        "tòa",
        "toà",
        "buôn",
        "làng",
        "khóm",
        "bản",
    ];
    // Words that also begin people's names (or, unaccented, a family
    // name: "Ban" for "Bàn"), counted only with the next.
    const TWO: &[&str] = &[
        "văn phòng",
        "trung tâm",
        "chi cục",
        "chi nhánh",
        "chi bộ",
        "chi đoàn",
        "chi hội",
        "công ty",
        "công đoàn",
        "công an",
        "tập thể",
        "bệnh viện",
        "liên đoàn",
        "liên hiệp",
        "hợp tác",
        "thanh tra",
        "thị trấn",
        "thị xã",
        "thư viện",
        "bảo tàng",
        "điện lực",
        "nhà máy",
        "nhà xuất",
        "nhà thiếu",
        "tiểu đoàn",
        "đại đội",
        "trung đoàn",
        "sư đoàn",
        "ban quản",
        "ban thi",
        "ban chỉ",
        "ban tuyên",
        "ban tổ",
        "ban dân",
        "ban kinh",
        "ban pháp",
        "ban bảo",
        "ban nội",
        "ban giám",
        "ban chấp",
        "ban tiếp",
        "ban quân",
        "ban an",
        "ban đại",
        "đoàn thanh",
        "đoàn tncs",
    ];
    // "Hội viên …", "Tổ trưởng …", "Đội phó …": a person by his role.
    // (Only these: "Phòng Giáo dục", "Sở Văn hóa", "Viện Nghiên cứu" are
    // bodies.)
    const ROLES: &[&str] = &["viên", "trưởng", "phó"];
    let lower = name.trim().to_lowercase();
    let mut words = lower.split_whitespace();
    let first = words.next().unwrap_or_default();
    let second = words.next().unwrap_or_default();
    let two = format!("{first} {second}");
    if TWO.contains(&two.as_str()) {
        // "Đoàn Thanh Hà" is a person; "Đoàn Thanh niên …" a body.
        return !two.starts_with("đoàn thanh") || words.next() == Some("niên");
    }
    ONE.contains(&first) && !ROLES.contains(&second)
}

/// Honorifics and ranks written before a name, in the case documents print
/// them; matched on accent-free words, longest first.
const HONORIFICS: &[&str] = &[
    "Hộ gia đình ông",
    "Hộ gia đình bà",
    "Gia đình ông",
    "Gia đình bà",
    "Hộ ông",
    "Hộ bà",
    "Đồng chí",
    "Đ/c",
    "Ông",
    "Bà",
    "Đại tướng",
    "Thượng tướng",
    "Trung tướng",
    "Thiếu tướng",
    "Đại tá",
    "Thượng tá",
    "Trung tá",
    "Thiếu tá",
    "Đại úy",
    "Thượng úy",
    "Trung úy",
    "Thiếu úy",
    "Đại uý",
    "Thượng uý",
    "Trung uý",
    "Thiếu uý",
];

/// The honorific opening `name` (in its printed case) and the name proper:
/// "ông  TRƯƠNG QUANG SÁNG" → ("Ông", "TRƯƠNG QUANG SÁNG").
pub fn split_honorific(name: &str) -> (Option<&'static str>, &str) {
    let trimmed = name.trim();
    let words: Vec<(usize, &str)> = trimmed
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - trimmed.as_ptr() as usize, w))
        .collect();
    let mut best: Option<(&'static str, usize)> = None;
    for honorific in HONORIFICS {
        let count = honorific.split_whitespace().count();
        // A name follows: at least two words ("Ông Ba" is a name too).
        if words.len() < count + 2 {
            continue;
        }
        let written: Vec<&str> = words[..count].iter().map(|(_, w)| *w).collect();
        let written = written.join(" ");
        let same = normalise(&written) == normalise(honorific)
            && written.chars().next().is_some_and(char::is_alphabetic);
        if same && best.is_none_or(|(_, n)| count > n) {
            best = Some((honorific, count));
        }
    }
    match best {
        Some((honorific, count)) => {
            let rest = &trimmed[words[count].0..];
            // "Đ/c" keeps its slash; "Đ/c." its dot, dropped.
            (Some(honorific), rest.trim_start_matches(['.', ':', ' ']))
        }
        None => (None, trimmed),
    }
}

/// A person's name and the remark typed after it: "Nguyễn Văn An (tái đề
/// nghị)" → ("Nguyễn Văn An", "(tái đề nghị)"); "Lê Văn Cường*" → ("Lê Văn
/// Cường", "*").
pub fn name_remark(name: &str) -> (&str, Option<&str>) {
    let trimmed = name.trim();
    if let Some(open) = trimmed.find('(')
        && trimmed.ends_with(')')
        && open > 0
    {
        return (trimmed[..open].trim_end(), Some(&trimmed[open..]));
    }
    let bare = trimmed.trim_end_matches(['*', '¹', '²', '³']);
    if bare.len() < trimmed.len() && !bare.is_empty() {
        return (bare.trim_end(), Some(&trimmed[bare.len()..]));
    }
    (trimmed, None)
}

/// A name cell holding an honorific or rank and no name ("Ông", "Đại tá").
pub fn only_honorific(name: &str) -> bool {
    let key = normalise(name.trim().trim_end_matches(['.', ':']));
    !key.is_empty() && HONORIFICS.iter().any(|h| normalise(h) == key)
}

/// The canonical case of an honorific written in its own column ("ÔNG",
/// "đại tá"); another title ("PGS.TS") as written.
fn honorific_cell(written: &str) -> String {
    HONORIFICS
        .iter()
        .find(|h| normalise(h) == normalise(written))
        .map_or_else(|| written.trim().to_owned(), |h| (*h).to_owned())
}

/// A cell that holds a value: not empty, not an error value, not a formula
/// saved without its value.
fn holds_value(value: &CellValue) -> bool {
    match value {
        CellValue::Empty | CellValue::Error(_) | CellValue::Uncalculated(_) => false,
        CellValue::Text(t) => !t.trim().is_empty(),
        _ => true,
    }
}

/// One row's cells as the nominee takes them: codes resolved, error values
/// in optional cells noted and left blank.
struct RowReader<'a> {
    sheet: &'a Sheet,
    header: &'a Header,
    codes: &'a CodeBook,
    row: usize,
    notes: Vec<RowNote>,
}

impl RowReader<'_> {
    fn col(&self, field: Field) -> Option<usize> {
        self.header.columns.get(&field).copied()
    }

    /// A required cell (name, award): its text as shown; an error value is
    /// the validator's to report.
    fn required(&self, field: Field) -> Option<String> {
        text_at(self.sheet, self.row, self.col(field))
    }

    /// An optional cell: blank, with a note, when it holds an error value.
    fn optional(&mut self, field: Field) -> Option<String> {
        let col = self.col(field)?;
        match value(self.sheet, self.row, col) {
            CellValue::Error(e) => {
                self.notes.push(RowNote {
                    row: self.row,
                    col,
                    what: NoteKind::ErrorValue {
                        value: e.clone(),
                        field,
                    },
                });
                None
            }
            // A formula whose value was not saved: blank. One that can give
            // an empty text ("=IFERROR(…;\"\")", the templates' way of
            // leaving a row blank) most likely did; another is said.
            CellValue::Uncalculated(f) => {
                if !f.contains("\"\"") {
                    self.notes.push(RowNote {
                        row: self.row,
                        col,
                        what: NoteKind::Uncalculated { formula: f.clone() },
                    });
                }
                None
            }
            _ => text_at(self.sheet, self.row, Some(col)),
        }
    }

    /// A cell that may hold a code of the province's software: its label
    /// through the code tables; an unknown code of digits is noted.
    fn decoded(&mut self, field: Field, written: Option<String>) -> Option<String> {
        let col = self.col(field)?;
        self.decoded_at(field, col, written)
    }

    /// [`RowReader::decoded`] for a code read from column `col` (the
    /// software's code column for `field`).
    fn decoded_at(&mut self, field: Field, col: usize, written: Option<String>) -> Option<String> {
        let written = written?;
        // A code as the software writes it, or any text the office made a
        // key of in `[codes]` ("MÃ-ĐC", "TT 01").
        let code = match sheets::code_of(&CellValue::Text(written.clone())) {
            Some(code) => code,
            None if self.codes.has(written.trim()) => written.trim().to_owned(),
            None => return Some(written),
        };
        let fits = |label: &str| match field {
            Field::Award => Award::parse(label).is_some(),
            // "Tập thể lao động tiên tiến" names a title, not a kind.
            Field::Kind => {
                NomineeKind::from_label(label).is_some() && Award::parse(label).is_none()
            }
            _ => Award::parse(label).is_none() && NomineeKind::from_label(label).is_none(),
        };
        match self.codes.resolve(&code, fits) {
            Resolved::Label(label) => return Some(label.to_owned()),
            Resolved::Ambiguous(labels) => {
                self.notes.push(RowNote {
                    row: self.row,
                    col,
                    what: NoteKind::AmbiguousCode {
                        code,
                        labels: labels.into_iter().map(str::to_owned).collect(),
                    },
                });
                return Some(written);
            }
            Resolved::Unknown => {}
        }
        if field == Field::Kind
            && let Some(label) = sheets::kind_code(&code)
        {
            return Some(label.to_owned());
        }
        if code.chars().all(|c| c.is_ascii_digit()) && code.len() >= 2 {
            self.notes.push(RowNote {
                row: self.row,
                col,
                what: NoteKind::UnknownCode { code },
            });
        }
        Some(written)
    }
}

/// What recognition notes about one cell of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct RowNote {
    /// 0-based row.
    pub row: usize,
    /// 0-based column.
    pub col: usize,
    /// What it is.
    pub what: NoteKind,
}

/// The notes of a list's rows.
#[derive(Debug, Clone, PartialEq)]
pub enum NoteKind {
    /// An error value (#N/A, #REF!) in a cell that may be blank: printed
    /// blank.
    ErrorValue {
        /// The value.
        value: String,
        /// The column's field.
        field: Field,
    },
    /// A formula saved without its value in a cell that may be blank:
    /// printed blank.
    Uncalculated {
        /// The formula.
        formula: String,
    },
    /// A household's name ("Hộ ông …") on a row the list gives another
    /// kind.
    KindDiffers {
        /// The name.
        name: String,
        /// The kind the row is read as.
        kind: NomineeKind,
    },
    /// A numbered row whose name and award are error values, between real
    /// rows: left out.
    BrokenRow,
    /// A remark typed after a person's name, left out of it.
    NameRemark {
        /// The remark ("(tái đề nghị)", "*").
        remark: String,
    },
    /// A code the code tables give several meanings: an error.
    AmbiguousCode {
        /// The code.
        code: String,
        /// What it may mean.
        labels: Vec<String>,
    },
    /// A code of digits no code table resolves: an error.
    UnknownCode {
        /// The code.
        code: String,
    },
    /// A row of invented examples ("Nguyễn Văn A", "Ví dụ"), left out.
    Example {
        /// The name it gives.
        name: String,
        /// Marked as an example ("Ví dụ", "VD"), not only named like one.
        marked: bool,
    },
    /// The one row of a list whose name reads like an example's ("Nguyễn
    /// Văn A"), kept: one such name may be a person's.
    MaybeExample {
        /// The name.
        name: String,
    },
    /// A group of a score scheme whose maximum is not the sum of its
    /// sub-criteria's.
    UnbalancedGroup {
        /// The group's label.
        group: String,
        /// Its maximum.
        max: f64,
        /// The sum of its sub-criteria's maxima.
        sum: f64,
    },
}

/// The nominees of a nominations sheet, and what was noted on the way.
/// `codes` resolves the codes of the province's software.
pub fn nominees(sheet: &Sheet, header: &Header, codes: &CodeBook) -> (Vec<Nominee>, Vec<RowNote>) {
    // The header in force: the sheet's, or a second table's further down
    // (the header printed again after a page break, a table of collectives
    // under one of individuals).
    let mut current = header.clone();
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut examples = Vec::new();
    let mut dropped: Vec<usize> = Vec::new();
    let mut section: Option<NomineeKind> = None;
    let mut section_award_text: Option<String> = None;
    let mut award_rank = u8::MAX;
    // "Tập thể", "Cá nhân", "Hộ gia đình": the sheet's name gives its rows
    // their kind, as a section row would.
    let by_sheet = NomineeKind::from_label(&sheet.name);
    let mut row = header.row + header.height;
    while row < sheet.rows {
        if is_end_row(sheet, row) {
            break;
        }
        if let Some(again) = super::nominations_header_at(sheet, row) {
            // A new table opens its own sections.
            if again.columns != current.columns {
                section = None;
                section_award_text = None;
                award_rank = u8::MAX;
            }
            row += again.height;
            current = again;
            continue;
        }
        let header = &current;
        let col = |f: Field| header.columns.get(&f).copied();
        if category_heading(sheet, row) {
            section_award_text = None;
            award_rank = u8::MAX;
            row += 1;
            continue;
        }
        if let Some(kind) = section_kind(sheet, row) {
            // A kind's heading at the award's level or above opens a new
            // part ("II. CÁ NHÂN"); one below it ("a) Tập thể" under "1.
            // Bằng khen") sorts the award's rows by kind.
            let rank = heading_rank(sheet, row);
            let award_fits = section_award_text
                .as_deref()
                .and_then(Award::parse)
                .is_some_and(|a| match kind {
                    NomineeKind::CaNhan => !a.collective_only() && !a.household_only(),
                    NomineeKind::TapThe => !a.individual_only() && !a.household_only(),
                    NomineeKind::HoGiaDinh => a.for_household(),
                });
            if rank <= award_rank || !award_fits {
                section_award_text = None;
                award_rank = u8::MAX;
            }
            section = Some(kind);
            row += 1;
            continue;
        }
        if let Some(award) = section_award(sheet, row) {
            section_award_text = Some(award);
            award_rank = heading_rank(sheet, row);
            row += 1;
            continue;
        }
        // A row without a value in any column it is read for (the formula
        // rows a template keeps below the list, their values #N/A or
        // blank; a blank row) is not data.
        let read_cols = header
            .columns
            .iter()
            .filter(|(f, _)| **f != Field::Stt)
            .map(|(_, c)| *c);
        let has_value = read_cols.clone().any(|c| holds_value(value(sheet, row, c)));
        let name_or_award_written = [Field::Name, Field::Award, Field::AwardCode]
            .iter()
            .any(|f| col(*f).is_some_and(|c| !value(sheet, row, c).display().trim().is_empty()));
        if super::is_numbering_row(sheet, row) || !has_value || !name_or_award_written {
            // A numbered row whose name is an error value (a lookup that
            // found nobody) is said if real rows follow it: a person may
            // be missing.
            let numbered = col(Field::Stt)
                .is_some_and(|c| matches!(value(sheet, row, c), CellValue::Number(_)));
            let name_broken = col(Field::Name).is_some_and(|c| {
                matches!(
                    value(sheet, row, c),
                    CellValue::Error(_) | CellValue::Uncalculated(_)
                )
            });
            if numbered && name_broken {
                dropped.push(row);
            }
            row += 1;
            continue;
        }
        // Rows dropped before this real one: said.
        for at in dropped.drain(..) {
            notes.push(RowNote {
                row: at,
                col: col(Field::Name).unwrap_or(0),
                what: NoteKind::BrokenRow,
            });
        }
        let mut reader = RowReader {
            sheet,
            header,
            codes,
            row,
            notes: Vec::new(),
        };
        let name = reader.required(Field::Name);
        let award_written = reader.required(Field::Award);
        let mut award_written = reader.decoded(Field::Award, award_written);
        let kind_cell = reader.optional(Field::Kind);
        let mut kind_cell = reader.decoded(Field::Kind, kind_cell);
        // The label left empty, its code filled: the code says it.
        for (field, code, value) in [
            (Field::Award, Field::AwardCode, &mut award_written),
            (Field::Kind, Field::KindCode, &mut kind_cell),
        ] {
            if value.is_none()
                && let Some(code_col) = col(code)
            {
                let written = text_at(sheet, row, Some(code_col));
                *value = reader.decoded_at(field, code_col, written);
            }
        }
        let category = reader.optional(Field::Category);
        reader.decoded(Field::Category, category);
        let sector = reader.optional(Field::Sector);
        reader.decoded(Field::Sector, sector);
        let position = reader.optional(Field::Position);
        let unit = reader.optional(Field::Unit);
        let achievement = reader.optional(Field::Achievement);
        reader.optional(Field::Note);
        let honorific_written = reader.optional(Field::Honorific);
        let marked = [col(Field::Stt), col(Field::Name)]
            .into_iter()
            .flatten()
            .any(|c| sheets::says_example(&value(sheet, row, c).display()));
        let example = marked || name.as_deref().is_some_and(sheets::is_placeholder_name);
        // Under an award's section, a row without its own award has the
        // section's.
        let award_written = award_written
            .filter(|a| !a.trim().is_empty())
            .or_else(|| section_award_text.clone())
            .unwrap_or_default();
        // A cell naming several awards gives one nominee per award.
        let awards = several_awards(&award_written).unwrap_or_else(|| vec![award_written]);
        let name = name.unwrap_or_default();
        // The row's kind, whichever of its awards tells it.
        let parsed: Vec<Option<Award>> = awards.iter().map(|a| Award::parse(a)).collect();
        let from_cell = kind_cell.as_deref().and_then(NomineeKind::from_label);
        let by_award = if parsed.iter().flatten().any(|a| a.collective_only()) {
            Some(NomineeKind::TapThe)
        } else if parsed.iter().flatten().any(|a| a.household_only()) {
            Some(NomineeKind::HoGiaDinh)
        } else if parsed.iter().flatten().any(|a| a.individual_only()) {
            Some(NomineeKind::CaNhan)
        } else {
            None
        };
        // "Ông" alone names nobody: the row has no name.
        let name = if only_honorific(&name) {
            String::new()
        } else {
            name
        };
        let (honorific, proper) = split_honorific(&name);
        let household_by_name =
            honorific.is_some_and(|h| h.starts_with("Hộ") || h.starts_with("Gia"));
        let by_name = if household_by_name {
            Some(NomineeKind::HoGiaDinh)
        } else {
            names_a_body(&name).then_some(NomineeKind::TapThe)
        };
        let kind = from_cell
            .or(section)
            .or(by_sheet)
            .or(by_award)
            .or(by_name)
            .unwrap_or(NomineeKind::CaNhan);
        // "Hộ ông …" under a kind cell, section or sheet saying otherwise:
        // what the list says stands, and its submitter hears of it.
        if household_by_name && kind != NomineeKind::HoGiaDinh {
            reader.notes.push(RowNote {
                row,
                col: col(Field::Name).unwrap_or(0),
                what: NoteKind::KindDiffers {
                    name: name.clone(),
                    kind,
                },
            });
        }
        let kind_from_name = from_cell.is_none()
            && section.is_none()
            && by_sheet.is_none()
            && by_award.is_none()
            && by_name == Some(NomineeKind::TapThe);
        let (honorific, name) = match kind {
            NomineeKind::TapThe => (None, name.clone()),
            NomineeKind::CaNhan | NomineeKind::HoGiaDinh => {
                let from_column = honorific_written
                    .as_deref()
                    .filter(|h| !h.trim().is_empty())
                    .map(honorific_cell);
                // A remark after the name ("(tái đề nghị)", "(đã có QĐ)",
                // a footnote's "*") is no part of it: said, not printed.
                let (bare, remark) = name_remark(proper);
                if let Some(remark) = remark {
                    reader.notes.push(RowNote {
                        row,
                        col: col(Field::Name).unwrap_or(0),
                        what: NoteKind::NameRemark {
                            remark: remark.to_owned(),
                        },
                    });
                }
                (
                    honorific.map(str::to_owned).or(from_column),
                    text::capitalise_name(bare),
                )
            }
        };
        if example {
            examples.push(RowNote {
                row,
                col: col(Field::Name).unwrap_or(0),
                what: NoteKind::Example {
                    name: name.clone(),
                    marked,
                },
            });
        }
        notes.append(&mut reader.notes);
        for (award_written, award) in awards.into_iter().zip(parsed) {
            out.push(Nominee {
                row,
                kind,
                name: name.clone(),
                honorific: honorific.clone(),
                position: position.clone(),
                unit: unit.clone(),
                award_written,
                award,
                achievement: achievement.clone(),
                kind_from_name,
                example,
            });
        }
        row += 1;
    }
    notes.extend(examples);
    notes.sort_by_key(|n| (n.row, n.col));
    (out, notes)
}

#[cfg(test)]
mod tests {
    use super::{names_a_body, split_honorific};

    #[test]
    fn honorifics_and_ranks_are_split_from_the_name() {
        assert_eq!(
            split_honorific("ông  TRƯƠNG QUANG SÁNG"),
            (Some("Ông"), "TRƯƠNG QUANG SÁNG")
        );
        assert_eq!(
            split_honorific("THƯỢNG TÁ Lê Văn Hải"),
            (Some("Thượng tá"), "Lê Văn Hải")
        );
        assert_eq!(
            split_honorific("Đ/c Nguyễn Thị Mai"),
            (Some("Đ/c"), "Nguyễn Thị Mai")
        );
        assert_eq!(
            split_honorific("hộ ông lê văn tám"),
            (Some("Hộ ông"), "lê văn tám")
        );
        assert_eq!(
            split_honorific("Gia đình bà Phạm Thị Lan"),
            (Some("Gia đình bà"), "Phạm Thị Lan")
        );
        assert_eq!(
            split_honorific("Đại úy Trần Văn Bình"),
            (Some("Đại úy"), "Trần Văn Bình")
        );
        // Too short to hold an honorific and a name.
        assert_eq!(split_honorific("Bà Triệu"), (None, "Bà Triệu"));
        assert_eq!(split_honorific("Nguyễn Văn An"), (None, "Nguyễn Văn An"));
        use super::name_remark;
        assert_eq!(
            name_remark("Nguyễn Văn An (tái đề nghị)"),
            ("Nguyễn Văn An", Some("(tái đề nghị)"))
        );
        assert_eq!(name_remark("Lê Văn Cường*"), ("Lê Văn Cường", Some("*")));
        assert_eq!(name_remark("Lê Văn Cường"), ("Lê Văn Cường", None));
    }

    #[test]
    fn a_body_is_told_from_a_person_by_its_name() {
        for body in [
            "Phòng Tổ chức",
            "Phòng Giáo dục và Đào tạo",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Viện Nghiên cứu Hải sản",
            "Phòng Khoa học",
            "Tổ Văn",
            "Văn phòng Sở",
            "Trung tâm Y tế",
            "Đoàn Thanh niên Sở",
            "Ban Quản lý dự án",
        ] {
            assert!(names_a_body(body), "{body}");
        }
        for person in [
            "Nguyễn Văn An",
            "Đoàn Thanh Hà",
            "Nhà giáo Nguyễn Văn Bình",
            "BAN VAN TUAN",
            "Hội viên Lê Văn Cường",
            "Tổ trưởng Trần Văn Dũng",
            "Phó Đức Phương",
        ] {
            assert!(!names_a_body(person), "{person}");
        }
    }
}
