//! Recognition: what a sheet holds, found by content. This part finds the
//! header: the row (among the first 30) with the most recognised labels,
//! over one row or two (merged group labels such as "Điểm chấm" over the
//! criteria, "Năm sinh" over Nam/Nữ), and maps each column to a field.
//!
//! Labels are matched on the accent-free comparison key, so case, accents,
//! spacing and punctuation do not matter ("HỌ   TÊN:", "Ho va ten").
//!
//! Invariant: recognition reads cells from `ingest` and text keys from
//! `text`; it knows nothing of documents.

pub mod records;
pub mod scheme;
pub mod scores;
pub mod sheets;
pub mod validate;
pub mod workbook;

use std::collections::BTreeMap;

use crate::ingest::{CellValue, Sheet};
use crate::text;

/// How far down the header is looked for.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// What a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    /// Danh sách đề nghị khen thưởng.
    Nominations,
    /// Bảng chấm điểm thi đua.
    Scores,
}

/// A column's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Row number (STT).
    Stt,
    /// Nominee's name.
    Name,
    /// Position (chức vụ).
    Position,
    /// Unit (đơn vị công tác).
    Unit,
    /// Award or title proposed.
    Award,
    /// Achievement summary.
    Achievement,
    /// Cá nhân / tập thể.
    Kind,
    /// Date of birth.
    BirthDate,
    /// Year of birth (one column).
    BirthYear,
    /// Sex.
    Sex,
    /// Birth year, male column under "Năm sinh".
    MaleBirthYear,
    /// Birth year, female column under "Năm sinh".
    FemaleBirthYear,
    /// Note.
    Note,
    /// The scored subject (unit or person).
    Subject,
    /// Total score.
    Total,
    /// Classification.
    Classification,
    /// Honorific or rank before the name ("Tên gọi (Ông/Bà/Chức danh)").
    Honorific,
    /// Category of the commendation ("Phân loại khen thưởng": thường
    /// xuyên, chuyên đề…), not the award.
    Category,
    /// Field of activity ("Lĩnh vực hoạt động").
    Sector,
    /// The award's code in the province's software ("Mã hình thức"),
    /// read where the award's own cell is empty.
    AwardCode,
    /// The kind's code ("Mã đối tượng"), read where the kind's cell is
    /// empty.
    KindCode,
}

impl Field {
    /// The name used in `expected.json` and in messages.
    pub fn key(self) -> &'static str {
        match self {
            Field::Stt => "stt",
            Field::Name => "name",
            Field::Position => "position",
            Field::Unit => "unit",
            Field::Award => "award",
            Field::Achievement => "achievement",
            Field::Kind => "kind",
            Field::BirthDate => "birth_date",
            Field::BirthYear => "birth_year",
            Field::Sex => "sex",
            Field::MaleBirthYear => "male_birth_year",
            Field::FemaleBirthYear => "female_birth_year",
            Field::Note => "note",
            Field::Subject => "subject",
            Field::Total => "total",
            Field::Classification => "classification",
            Field::Honorific => "honorific",
            Field::Category => "category",
            Field::Sector => "sector",
            Field::AwardCode => "award_code",
            Field::KindCode => "kind_code",
        }
    }
}

/// The recognised header of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// What the sheet holds.
    pub kind: SheetKind,
    /// Top row of the header, 0-based.
    pub row: usize,
    /// Rows the header spans (1 or 2).
    pub height: usize,
    /// Column of each field, 0-based.
    pub columns: BTreeMap<Field, usize>,
    /// Criterion columns of a score sheet, left to right.
    pub criteria: Vec<usize>,
    /// The header text of each criterion column.
    pub criterion_labels: Vec<String>,
    /// Bonus columns of a score sheet ("Điểm thưởng", "Điểm cộng"), added
    /// to the criteria.
    pub bonus: Vec<usize>,
    /// Deduction columns of a score sheet ("Điểm trừ"), taken off.
    pub deduction: Vec<usize>,
    /// The upper label over a column of a two-row header ("I. Công tác
    /// chuyên môn (60 điểm)" over its sub-criteria), by column.
    pub groups: BTreeMap<usize, String>,
    /// The middle label of a three-row header ("1. Thực hiện kế hoạch (30
    /// điểm)" over "a)", "b)"), by column.
    pub subgroups: BTreeMap<usize, String>,
}

/// What one label says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Field(Field),
    /// "Tên đơn vị": the name in a list of collectives, the subject of a
    /// score sheet.
    NameOrSubject,
    /// "Đơn vị": the unit in a list, the subject of a score sheet.
    UnitOrSubject,
    /// A score criterion.
    Criterion,
    /// A group label over a second header row ("Điểm chấm", "Năm sinh").
    Group,
    /// Bonus points ("Điểm thưởng", "Điểm cộng").
    Bonus,
    /// Points taken off ("Điểm trừ").
    Deduction,
    /// A column known and not read: the software's codes ("Mã đối
    /// tượng"), filled by lookups from the labelled columns.
    Known,
}

/// The label's normalised words: accent-free, lower case, punctuation as
/// spaces.
pub(crate) fn words(label: &str) -> String {
    let key = text::accent_free_key(label);
    key.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn classify(label: &str) -> Option<Label> {
    let w = words(label);
    if w.is_empty() {
        return None;
    }
    let starts = |p: &str| w == p || w.starts_with(&format!("{p} "));
    let has = |p: &str| w == p || w.contains(p);
    use Field::*;
    let label = match w.as_str() {
        "stt" | "tt" | "so tt" | "so thu tu" => Label::Field(Stt),
        "ho va ten"
        | "ho ten"
        | "ten tap the"
        | "ten tap the ca nhan"
        | "tap the ca nhan"
        | "ho va ten tap the ca nhan"
        | "ten ca nhan tap the" => Label::Field(Name),
        "ten don vi" | "ten co quan" | "ten co quan don vi" | "ten don vi co quan"
        | "co quan don vi" => Label::NameOrSubject,
        "ten ho gia dinh" | "ho gia dinh" | "chu ho" | "ten chu ho" | "ho ten chu ho" => {
            Label::Field(Name)
        }
        "don vi" => Label::UnitOrSubject,
        "phong ban" | "ten phong ban" | "phong ban don vi" => Label::Field(Subject),
        "don vi cong tac" | "noi cong tac" | "dia chi" | "noi cu tru" | "dia chi cu tru"
        | "thon xom" | "thon to dan pho" => Label::Field(Unit),
        "loai" | "doi tuong" | "ca nhan tap the" | "loai doi tuong" | "phan loai doi tuong" => {
            Label::Field(Kind)
        }
        "phan loai khen thuong" | "loai khen thuong" | "phan loai" => Label::Field(Category),
        _ if starts("linh vuc") => Label::Field(Sector),
        _ if starts("ten goi") || w == "danh xung" || w == "ong ba" => Label::Field(Honorific),
        _ if starts("ma hinh thuc") || starts("ma danh hieu") || w == "ma khen thuong" => {
            Label::Field(AwardCode)
        }
        _ if starts("ma doi tuong")
            || starts("ma loai doi tuong")
            || starts("ma phan loai doi tuong") =>
        {
            Label::Field(KindCode)
        }
        _ if starts("ma") && w != "ma" => Label::Known,
        _ if starts("diem thuong")
            || starts("diem cong")
            || starts("diem khuyen khich")
            || starts("cong diem")
            || starts("thuong") =>
        {
            Label::Bonus
        }
        _ if starts("diem tru") || starts("tru diem") => Label::Deduction,
        "nam sinh" => Label::Group,
        "ngay sinh" | "ngay thang nam sinh" => Label::Field(BirthDate),
        "gioi tinh" | "nam nu" => Label::Field(Sex),
        "ghi chu" => Label::Field(Note),
        "tong diem" | "tong cong" | "cong" | "tong so diem" | "tong" => Label::Field(Total),
        "diem cham" | "diem" | "noi dung cham diem" | "cac tieu chi" => Label::Group,
        // "Họ và tên / Tên tập thể", "Họ và tên cá nhân", "Họ và tên
        // (cá nhân) / Tên tập thể", "Họ và tên cán bộ": the name.
        _ if (starts("ho va ten") || starts("ho ten") || starts("ten tap the"))
            && !has("chuc vu")
            && !has("don vi") =>
        {
            Label::Field(Name)
        }
        _ if starts("chuc vu") || starts("chuc danh") => {
            if has("don vi") || has("noi cong tac") {
                Label::Field(Unit)
            } else {
                Label::Field(Position)
            }
        }
        _ if starts("hinh thuc") || starts("danh hieu") => Label::Field(Award),
        _ if has("thanh tich") || starts("ly do khen thuong") => Label::Field(Achievement),
        _ if has("xep loai") => Label::Field(Classification),
        _ if starts("tieu chi")
            || is_tc_code(&w)
            || has("diem")
            || has("toi da")
            || ends_with_points(&w) =>
        {
            Label::Criterion
        }
        _ => return None,
    };
    Some(label)
}

/// "tc1", "tc 2".
fn is_tc_code(w: &str) -> bool {
    let rest = match w.strip_prefix("tc") {
        Some(rest) => rest.trim_start(),
        None => return false,
    };
    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
}

/// "chuyen mon 40d": a label ending in a number of points.
fn ends_with_points(w: &str) -> bool {
    w.split(' ').any(|word| {
        word.strip_suffix('d')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    })
}

fn label_text(sheet: &Sheet, row: usize, col: usize) -> String {
    match sheet.cell(row, col) {
        CellValue::Text(t) => t.clone(),
        _ => String::new(),
    }
}

/// A numbering row: "(1) (2) (3)" or 1 2 3 under the header.
pub(crate) fn is_numbering_row(sheet: &Sheet, row: usize) -> bool {
    numbering(sheet, row).is_some()
}

/// A column-numbering row ("(1) (2) (3)", "1 2 3", "A B 1 2", "(6)=(3)+(4)+(5)"):
/// `Some(true)` when it cannot be data (brackets, letters, formulas of column
/// numbers, or numbers running 1, 2, 3…), `Some(false)` for other bare numbers
/// (which may be a score row without its subject).
pub(crate) fn numbering(sheet: &Sheet, row: usize) -> Option<bool> {
    let mut numbers = Vec::new();
    let mut marked = false;
    let mut cells = 0;
    for col in 0..sheet.cols {
        let text = sheet.cell(row, col).display();
        let t = text.trim();
        if t.is_empty() {
            continue;
        }
        cells += 1;
        let bare = t.trim_start_matches('(').trim_end_matches(')');
        let letter = t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase());
        let formula = t.contains('(')
            && t.chars()
                .all(|c| c.is_ascii_digit() || "()+-=*/x ".contains(c));
        if !bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit()) {
            marked |= bare.len() < t.len();
            numbers.push(bare.parse::<u64>().unwrap_or(u64::MAX));
        } else if letter || formula {
            marked = true;
        } else {
            return None;
        }
    }
    if cells < 2 {
        return None;
    }
    let running = numbers.len() >= 3 && numbers.windows(2).all(|w| w[1] == w[0].wrapping_add(1));
    Some(marked || running)
}

/// The cell at (row, col) opens a merged region over several columns (an
/// upper header cell over the lower ones: "Chức vụ, đơn vị công tác" over
/// "Chức vụ" | "Đơn vị công tác").
fn spans_columns(sheet: &Sheet, row: usize, col: usize) -> bool {
    sheet
        .merges
        .iter()
        .any(|m| m.start == (row, col) && m.end.1 > m.start.1 && m.end.0 == row)
}

/// The row of a nominations header without a name column ("STT | Đơn vị
/// công tác | Chức vụ | Hình thức khen thưởng"): the table of a list whose
/// nominees cannot be told.
pub fn nameless_header(sheet: &Sheet) -> Option<usize> {
    (0..sheet.rows.min(HEADER_SEARCH_ROWS)).find(|&row| {
        let labels: Vec<Label> = (0..sheet.cols)
            .filter_map(|c| classify(&label_text(sheet, row, c)))
            .collect();
        labels.len() >= 2
            && labels.contains(&Label::Field(Field::Award))
            && !labels.contains(&Label::Field(Field::Name))
            && !labels.contains(&Label::NameOrSubject)
            && !labels.contains(&Label::UnitOrSubject)
    })
}

struct Candidate {
    header: Header,
    score: usize,
}

/// A nominations header at `row` (a second table's, or the header printed
/// again further down the sheet).
pub(crate) fn nominations_header_at(sheet: &Sheet, row: usize) -> Option<Header> {
    // Cheaply first: a header row names its number or name column ("STT",
    // "TT", "Họ và tên", "Tên tập thể") within its first columns.
    let looks = (0..sheet.cols.min(4)).any(|c| match sheet.cell(row, c) {
        CellValue::Text(t) => {
            let t = t.trim_start().to_lowercase();
            ["stt", "tt", "số", "so ", "họ", "ho ", "tên", "ten "]
                .iter()
                .any(|p| t.starts_with(p))
        }
        _ => false,
    });
    if !looks {
        return None;
    }
    candidate_at(sheet, row)
        .map(|c| c.header)
        .filter(|h| h.kind == SheetKind::Nominations && h.columns.contains_key(&Field::Name))
}

/// Finds the header of `sheet`, if any row of the first 30 reads as one.
pub fn find_header(sheet: &Sheet) -> Option<Header> {
    let mut best: Option<Candidate> = None;
    for row in 0..sheet.rows.min(HEADER_SEARCH_ROWS) {
        if let Some(candidate) = candidate_at(sheet, row)
            && best.as_ref().is_none_or(|b| candidate.score > b.score)
        {
            best = Some(candidate);
        }
    }
    best.map(|b| b.header)
}

fn candidate_at(sheet: &Sheet, row: usize) -> Option<Candidate> {
    let top: Vec<String> = (0..sheet.cols).map(|c| label_text(sheet, row, c)).collect();
    let top_labels: Vec<Option<Label>> = top.iter().map(|t| classify(t)).collect();
    if top_labels.iter().flatten().count() < 2 {
        return None;
    }
    // A second header row: its labels stand only under empty (merged) or
    // group cells of the first.
    let two_rows = row + 1 < sheet.rows && !is_numbering_row(sheet, row + 1) && {
        let bottom: Vec<String> = (0..sheet.cols)
            .map(|c| label_text(sheet, row + 1, c))
            .collect();
        let filled: Vec<usize> = (0..sheet.cols)
            .filter(|&c| !sheet.cell(row + 1, c).display().trim().is_empty())
            .collect();
        !filled.is_empty()
            && filled.iter().all(|&c| {
                !bottom[c].is_empty()
                    && (top[c].is_empty()
                        || top_labels[c] == Some(Label::Group)
                        || spans_columns(sheet, row, c))
            })
    };
    let mut labels: Vec<Option<Label>> = top_labels.clone();
    let mut texts = top.clone();
    let mut groups = BTreeMap::new();
    if two_rows {
        // The group over each column: the nearest group label at or left
        // of it in the top row, while the top row stays empty.
        let mut group: Option<String> = None;
        let mut group_text: Option<String> = None;
        for col in 0..sheet.cols {
            if top_labels[col] == Some(Label::Group) || spans_columns(sheet, row, col) {
                group = Some(words(&top[col]));
                group_text = Some(top[col].clone());
            } else if !top[col].is_empty() {
                group = None;
                group_text = None;
            }
            if let Some(text) = &group_text {
                groups.insert(col, text.clone());
            }
            let bottom = label_text(sheet, row + 1, col);
            if bottom.is_empty() {
                continue;
            }
            let bottom_words = words(&bottom);
            labels[col] = match (group.as_deref(), bottom_words.as_str()) {
                (Some("nam sinh"), "nam") => Some(Label::Field(Field::MaleBirthYear)),
                (Some("nam sinh"), "nu") => Some(Label::Field(Field::FemaleBirthYear)),
                (Some(g), _) if g != "nam sinh" => {
                    Some(classify(&bottom).unwrap_or(Label::Criterion))
                }
                _ => classify(&bottom),
            };
            texts[col] = bottom;
        }
    }
    // A third row: a scheme's tree of three levels ("I." over "1." over
    // "a)", "b)"), its labels under the second row's merged cells.
    let three_rows = two_rows
        && row + 2 < sheet.rows
        && !is_numbering_row(sheet, row + 2)
        && (0..sheet.cols).any(|c| spans_columns(sheet, row + 1, c))
        && {
            let filled: Vec<usize> = (0..sheet.cols)
                .filter(|&c| !sheet.cell(row + 2, c).display().trim().is_empty())
                .collect();
            !filled.is_empty()
                && filled.iter().all(|&c| {
                    !label_text(sheet, row + 2, c).is_empty()
                        && (label_text(sheet, row + 1, c).is_empty()
                            || spans_columns(sheet, row + 1, c))
                })
        };
    let mut subgroups = BTreeMap::new();
    if three_rows {
        let mut middle: Option<String> = None;
        for col in 0..sheet.cols {
            let mid = label_text(sheet, row + 1, col);
            if spans_columns(sheet, row + 1, col) {
                middle = Some(mid.clone());
            } else if !mid.is_empty() {
                middle = None;
            }
            let bottom = label_text(sheet, row + 2, col);
            if !bottom.is_empty()
                && let Some(m) = &middle
            {
                subgroups.insert(col, m.clone());
            }
            if bottom.is_empty() {
                continue;
            }
            labels[col] = Some(classify(&bottom).unwrap_or(Label::Criterion));
            texts[col] = bottom;
        }
    }
    let has = |f: Field| labels.contains(&Some(Label::Field(f)));
    let criteria: Vec<usize> = (0..sheet.cols)
        .filter(|&c| labels[c] == Some(Label::Criterion))
        .collect();
    let height = 1 + usize::from(two_rows) + usize::from(three_rows);
    let names = has(Field::Name) || labels.contains(&Some(Label::NameOrSubject));
    let kind = if has(Field::Award) || has(Field::AwardCode) {
        SheetKind::Nominations
    } else if !criteria.is_empty() {
        SheetKind::Scores
    } else if names && records::award_sections_below(sheet, row + height) {
        // No award column: the rows stand under sections naming awards.
        SheetKind::Nominations
    } else {
        return None;
    };
    let of = |wanted: Label| -> Vec<usize> {
        (0..sheet.cols)
            .filter(|&c| labels[c] == Some(wanted))
            .collect()
    };
    let (bonus, deduction) = (of(Label::Bonus), of(Label::Deduction));
    let mut columns = BTreeMap::new();
    let mut unit_alone = None;
    for (col, label) in labels.iter().enumerate() {
        if *label == Some(Label::UnitOrSubject) && unit_alone.is_none() {
            unit_alone = Some(col);
        }
        // A score sheet of people ("Họ và tên") beside their unit
        // ("Đơn vị"): the person is scored, the unit tells namesakes apart.
        let people = kind == SheetKind::Scores && has(Field::Name);
        let field = match (label, kind) {
            (Some(Label::Field(Field::Unit)), SheetKind::Scores) if people => Field::Unit,
            (Some(Label::UnitOrSubject), SheetKind::Scores) if people => Field::Unit,
            (Some(Label::Field(f)), _) => *f,
            (Some(Label::NameOrSubject), SheetKind::Nominations) => Field::Name,
            (Some(Label::NameOrSubject | Label::UnitOrSubject), SheetKind::Scores) => {
                Field::Subject
            }
            (Some(Label::UnitOrSubject), SheetKind::Nominations) => Field::Unit,
            _ => continue,
        };
        let field = match (field, kind) {
            (Field::Name, SheetKind::Scores) => Field::Subject,
            (Field::Subject, SheetKind::Nominations) => Field::Unit,
            (f, _) => f,
        };
        columns.entry(field).or_insert(col);
    }
    // A template whose label columns were left empty for their codes:
    // the code columns are read in their place.
    for (label, code) in [
        (Field::Award, Field::AwardCode),
        (Field::Kind, Field::KindCode),
    ] {
        if !columns.contains_key(&label)
            && let Some(col) = columns.remove(&code)
        {
            columns.insert(label, col);
        }
    }
    // A list of collectives may name them under "Đơn vị" alone; never
    // under "Đơn vị công tác" or "Chức vụ", the place of a person.
    if kind == SheetKind::Nominations
        && !columns.contains_key(&Field::Name)
        && let Some(unit) = unit_alone
        && columns.get(&Field::Unit) == Some(&unit)
    {
        columns.remove(&Field::Unit);
        columns.insert(Field::Name, unit);
    }
    let required = match kind {
        SheetKind::Nominations => columns.contains_key(&Field::Name),
        SheetKind::Scores => columns.contains_key(&Field::Subject),
    };
    if !required {
        return None;
    }
    let score = columns.len() + usize::from(!criteria.is_empty()) + bonus.len() + deduction.len();
    let criterion_labels = criteria.iter().map(|&c| texts[c].clone()).collect();
    Some(Candidate {
        header: Header {
            kind,
            row,
            height: if three_rows {
                3
            } else if two_rows {
                2
            } else {
                1
            },
            columns,
            criteria: if kind == SheetKind::Scores {
                criteria
            } else {
                Vec::new()
            },
            criterion_labels: if kind == SheetKind::Scores {
                criterion_labels
            } else {
                Vec::new()
            },
            bonus: if kind == SheetKind::Scores {
                bonus
            } else {
                Vec::new()
            },
            deduction: if kind == SheetKind::Scores {
                deduction
            } else {
                Vec::new()
            },
            groups,
            subgroups,
        },
        score,
    })
}
