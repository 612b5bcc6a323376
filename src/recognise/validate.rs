//! Validation: every problem of a recognised sheet, not the first, each
//! located by sheet and cell and said in Vietnamese with what to change.

use std::fmt;

use super::records::Nominee;
use super::scores::{Criterion, Part, Subject, parse_score};
use super::{Field, Header};
use crate::ingest::{CellValue, Sheet, cell_ref};
use crate::law::{Award, NomineeKind};
use crate::text;

/// What is wrong with one cell.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// A score above its criterion's maximum.
    ScoreAboveMax {
        /// The score.
        value: f64,
        /// The maximum.
        max: f64,
        /// The criterion's header.
        criterion: String,
    },
    /// A score below zero.
    NegativeScore {
        /// The score.
        value: f64,
    },
    /// A score that is not a number.
    NotANumber {
        /// What the cell holds.
        written: String,
    },
    /// A score cell left empty.
    MissingScore,
    /// A nominee without a name.
    MissingName,
    /// A nominee without an award.
    MissingAward,
    /// An award that matches no title or form of the law.
    UnknownAward {
        /// What the cell holds.
        written: String,
    },
    /// An award the law gives only to collectives written for an
    /// individual, or the other way round.
    AwardNotForKind {
        /// What the award cell holds.
        written: String,
        /// The kind the row was read as (its Cá nhân/Tập thể cell or its
        /// section).
        kind: NomineeKind,
    },
    /// An award only a commune's chair gives (Gia đình văn hóa) on the list
    /// of another office.
    CommuneOnly {
        /// What the award cell holds.
        written: String,
    },
    /// A Giấy khen named after an issuer who gives none (the provincial
    /// chair, a minister, the Prime Minister give Bằng khen; Điều 75).
    NoGiayKhen {
        /// What the award cell holds.
        written: String,
    },
    /// A sheet of another year than the workbook's first list.
    MixedYears {
        /// This sheet's year.
        year: i32,
        /// The first list's sheet.
        first_sheet: String,
        /// Its year.
        first_year: i32,
    },
    /// The written total differs from the sum of the scores.
    TotalMismatch {
        /// Written total.
        written: f64,
        /// Sum of the scores.
        computed: f64,
    },
    /// The written classification differs from the bands.
    ClassificationMismatch {
        /// Written classification.
        written: String,
        /// The classification of the total.
        expected: String,
    },
    /// A formula saved without its value.
    FormulaWithoutValue {
        /// The formula.
        formula: String,
    },
    /// An error value such as #REF!.
    ErrorCell {
        /// The error.
        value: String,
    },
    /// A recognised table without a single data row.
    NoRecords,
    /// A code of the province's software that no code table resolves.
    UnknownCode {
        /// The code.
        code: String,
    },
    /// A code the workbook's code tables give several meanings.
    AmbiguousCode {
        /// The code.
        code: String,
        /// Its meanings.
        labels: Vec<String>,
    },
    /// A list's header without a column of names ("Họ và tên", "Tên tập
    /// thể"): "Đơn vị công tác" and "Chức vụ" are a person's place, not
    /// his name.
    NoNameColumn,
    /// A score row with scores and no name.
    SubjectWithoutName,
    /// A total above the scheme's base on a sheet without bonus points.
    TotalAboveBase {
        /// The total.
        total: f64,
        /// The base (the sum of the maxima, else 100).
        base: f64,
    },
    /// Text that would reach a document holds a character no bundled font
    /// can print (an emoji, a private-use symbol).
    Unprintable {
        /// The characters, each once, in the order they stand (at most
        /// [`MAX_UNPRINTABLE_SAID`]).
        characters: Vec<char>,
    },
    /// A run of characters without a space too long to break over lines.
    Unbreakable {
        /// Its length in characters.
        length: usize,
    },
}

/// One located problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Sheet name.
    pub sheet: String,
    /// 0-based row.
    pub row: usize,
    /// 0-based column.
    pub col: usize,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl Problem {
    /// A problem of the cell at (row, col) of `sheet`.
    pub fn at(sheet: &Sheet, row: usize, col: usize, kind: ProblemKind) -> Problem {
        Problem {
            sheet: sheet.name.clone(),
            row,
            col,
            kind,
        }
    }

    /// `Sheet1!E12`, quoting sheet names that need it: the reference a
    /// formula would use, for scripts and fixtures.
    pub fn location(&self) -> String {
        location(&self.sheet, self.row, self.col)
    }

    /// "Trang 'Danh sách', ô E12": the place as a clerk reads it.
    pub fn place(&self) -> String {
        place(&self.sheet, self.row, self.col)
    }

    /// A short, stable name of the kind of problem.
    pub fn tag(&self) -> &'static str {
        match self.kind {
            ProblemKind::ScoreAboveMax { .. } => "score_above_max",
            ProblemKind::NegativeScore { .. } => "negative_score",
            ProblemKind::NotANumber { .. } => "not_a_number",
            ProblemKind::MissingScore => "missing_score",
            ProblemKind::MissingName => "missing_name",
            ProblemKind::MissingAward => "missing_award",
            ProblemKind::UnknownAward { .. } => "unknown_award",
            ProblemKind::AwardNotForKind { .. } => "award_not_for_kind",
            ProblemKind::CommuneOnly { .. } => "commune_only",
            ProblemKind::NoGiayKhen { .. } => "no_giay_khen",
            ProblemKind::MixedYears { .. } => "mixed_years",
            ProblemKind::TotalMismatch { .. } => "total_mismatch",
            ProblemKind::ClassificationMismatch { .. } => "classification_mismatch",
            ProblemKind::FormulaWithoutValue { .. } => "formula_without_value",
            ProblemKind::ErrorCell { .. } => "error_cell",
            ProblemKind::NoRecords => "no_records",
            ProblemKind::UnknownCode { .. } => "unknown_code",
            ProblemKind::AmbiguousCode { .. } => "ambiguous_code",
            ProblemKind::NoNameColumn => "no_name_column",
            ProblemKind::SubjectWithoutName => "subject_without_name",
            ProblemKind::TotalAboveBase { .. } => "total_above_base",
            ProblemKind::Unprintable { .. } => "unprintable",
            ProblemKind::Unbreakable { .. } => "unbreakable",
        }
    }
}

/// "Trang 'Danh sách', ô E12": a cell's place as a clerk reads it, in
/// every message a person reads.
pub fn place(sheet: &str, row: usize, col: usize) -> String {
    format!("Trang '{sheet}', ô {}", cell_ref(row, col))
}

/// A cell's reference as a formula writes it: `Sheet1!E12`,
/// `'Danh sách'!E12` (quoted when the sheet's name needs it).
pub fn location(sheet: &str, row: usize, col: usize) -> String {
    let plain = sheet.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        format!("{sheet}!{}", cell_ref(row, col))
    } else {
        // An apostrophe in the name is doubled, as Excel writes it.
        format!("'{}'!{}", sheet.replace('\'', "''"), cell_ref(row, col))
    }
}

/// Points as offices write them: 60 → "60", 19.5 → "19,5".
pub fn number(n: f64) -> String {
    if n.abs() >= 1e15 {
        format!("{n:e}").replace('.', ",")
    } else if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}").replace('.', ",")
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&shorten_quotes(&Full(self).to_string()))
    }
}

/// A quoted cell longer than this many characters is shortened in messages.
const MAX_QUOTED: usize = 120;

/// The message with every quoted text over [`MAX_QUOTED`] characters cut
/// to its start and "…": a 20.000-character cell is not read back whole.
fn shorten_quotes(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4096));
    let mut quoted: Option<(char, String)> = None;
    for c in message.chars() {
        match &mut quoted {
            None => {
                out.push(c);
                if c == '"' || c == '“' {
                    quoted = Some((if c == '"' { '"' } else { '”' }, String::new()));
                }
            }
            Some((close, inside)) if c == *close => {
                if inside.chars().count() > MAX_QUOTED {
                    out.extend(inside.chars().take(MAX_QUOTED - 20));
                    out.push('…');
                } else {
                    out.push_str(inside);
                }
                out.push(c);
                quoted = None;
            }
            Some((_, inside)) => inside.push(c),
        }
    }
    if let Some((_, inside)) = quoted {
        out.push_str(&inside);
    }
    out
}

/// A problem's whole message, quotes as long as the cells.
struct Full<'a>(&'a Problem);

impl fmt::Display for Full<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let this = self.0;
        write!(f, "{}: ", this.place())?;
        match &this.kind {
            ProblemKind::ScoreAboveMax {
                value,
                max,
                criterion,
            } => write!(
                f,
                "điểm {} vượt mức tối đa {} của \"{criterion}\"; hãy sửa lại điểm",
                number(*value),
                number(*max)
            ),
            ProblemKind::NegativeScore { value } => {
                write!(
                    f,
                    "điểm {} là số âm; hãy sửa thành điểm từ 0 trở lên",
                    number(*value)
                )
            }
            ProblemKind::NotANumber { written } => {
                write!(
                    f,
                    "\"{written}\" không phải là điểm; hãy ghi một số, ví dụ 9,5"
                )
            }
            ProblemKind::MissingScore => write!(
                f,
                "ô điểm bị bỏ trống; hãy ghi điểm (ghi 0 nếu không có điểm)"
            ),
            ProblemKind::MissingName => write!(f, "thiếu họ tên hoặc tên tập thể; hãy ghi tên"),
            ProblemKind::MissingAward => write!(
                f,
                "thiếu hình thức khen thưởng; hãy ghi danh hiệu hoặc hình thức đề nghị"
            ),
            ProblemKind::UnknownAward { written } => {
                // A title or an order whose level or class is left out:
                // say which part is missing.
                let words = crate::law::normalise(written);
                if words.contains(" hoac ") {
                    write!(
                        f,
                        "\"{written}\" ghi các hình thức nối bằng “hoặc”; hãy chọn một hình thức đề nghị (đề nghị nhiều hình thức thì ghi cách nhau bằng dấu phẩy)"
                    )
                } else if words.contains("chien si thi dua") {
                    write!(
                        f,
                        "\"{written}\" chưa ghi rõ cấp của danh hiệu; hãy ghi \"Chiến sĩ thi đua cơ sở\", \"Chiến sĩ thi đua cấp tỉnh\" (cấp Bộ, cấp thành phố) hoặc \"Chiến sĩ thi đua toàn quốc\""
                    )
                } else if words.contains("huan chuong lao dong") {
                    write!(
                        f,
                        "\"{written}\" chưa ghi rõ hạng của Huân chương; hãy ghi \"Huân chương Lao động hạng Nhất\", \"hạng Nhì\" hoặc \"hạng Ba\""
                    )
                } else {
                    write!(
                        f,
                        "không nhận ra hình thức khen thưởng \"{written}\"; hãy ghi đúng tên theo Luật Thi đua, khen thưởng (ví dụ \"Lao động tiên tiến\", \"Giấy khen của Giám đốc Sở\", \"Bằng khen của Chủ tịch UBND tỉnh\", \"Bằng khen của Bộ trưởng Bộ Y tế\")"
                    )
                }
            }
            ProblemKind::AwardNotForKind { written, kind } => {
                let given = kind.label();
                let only = match Award::parse(written) {
                    Some(a) if a.collective_only() => "tập thể",
                    Some(a) if a.household_only() => "hộ gia đình",
                    Some(a) if a.individual_only() => "cá nhân",
                    _ => "cá nhân, tập thể",
                };
                if *kind == NomineeKind::HoGiaDinh && only != "hộ gia đình" {
                    return write!(
                        f,
                        "\"{written}\" không xét tặng cho hộ gia đình (hộ gia đình được tặng Bằng khen, Giấy khen hoặc công nhận “Gia đình văn hóa”); hãy sửa hình thức khen thưởng, hoặc sửa lại đối tượng nếu ghi nhầm là hộ gia đình"
                    );
                }
                write!(
                    f,
                    "\"{written}\" chỉ xét tặng cho {only}, nhưng dòng này được ghi cho {given}; hãy sửa hình thức khen thưởng, hoặc sửa lại đối tượng nếu ghi nhầm là {given}"
                )
            }
            ProblemKind::CommuneOnly { written } => write!(
                f,
                "“{written}” do Chủ tịch Ủy ban nhân dân cấp xã công nhận, không thuộc danh sách của cơ quan này; hãy bỏ dòng này và gửi đề nghị cho Ủy ban nhân dân xã nơi gia đình cư trú"
            ),
            ProblemKind::NoGiayKhen { written } => write!(
                f,
                "“{written}”: người này không tặng Giấy khen (Điều 75 Luật Thi đua, khen thưởng: Giấy khen do thủ trưởng cơ quan, đơn vị, Chủ tịch Ủy ban nhân dân cấp xã, giám đốc doanh nghiệp tặng); hãy ghi Bằng khen của người đó, hoặc Giấy khen của thủ trưởng cơ quan"
            ),
            ProblemKind::MixedYears {
                year,
                first_sheet,
                first_year,
            } => write!(
                f,
                "danh sách năm {year}, trong khi trang \"{first_sheet}\" là danh sách năm {first_year}; mỗi tệp chỉ gồm danh sách của một năm, hãy tách thành hai tệp"
            ),
            ProblemKind::TotalMismatch { written, computed } => write!(
                f,
                "tổng điểm ghi {} nhưng cộng các tiêu chí được {}; hãy sửa tổng hoặc điểm",
                number(*written),
                number(*computed)
            ),
            ProblemKind::ClassificationMismatch { written, expected } => write!(
                f,
                "xếp loại ghi \"{written}\" nhưng với tổng điểm này phải là \"{expected}\"; hãy sửa xếp loại (nếu đơn vị dùng thang xếp loại khác, hãy khai báo các mức trong mục [scores] bands của vanthu.toml)"
            ),
            ProblemKind::FormulaWithoutValue { formula } => write!(
                f,
                "ô có công thức ={formula} nhưng chưa được tính giá trị; hãy mở tệp bằng Excel, lưu lại rồi gửi lại"
            ),
            ProblemKind::ErrorCell { value } => {
                write!(f, "ô có lỗi {value}; hãy sửa công thức hoặc ghi giá trị")
            }
            ProblemKind::UnknownCode { code } => write!(
                f,
                "mã \"{code}\" không có trong bảng danh mục mã của tệp hay trong mục [codes] của vanthu.toml; hãy chọn lại giá trị từ danh sách thả xuống, hoặc ghi rõ bằng chữ"
            ),
            ProblemKind::AmbiguousCode { code, labels } => write!(
                f,
                "mã \"{code}\" có nhiều nghĩa trong bảng danh mục của tệp ({}); hãy ghi rõ bằng chữ, hoặc sửa bảng danh mục để mỗi mã chỉ có một nghĩa",
                labels
                    .iter()
                    .map(|l| format!("\"{l}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ProblemKind::NoNameColumn => write!(
                f,
                "dòng tiêu đề của danh sách không có cột họ tên hay tên tập thể (cột đơn vị công tác, chức vụ là nơi công tác, không phải tên người được đề nghị); hãy thêm cột \"Họ và tên\" hoặc \"Tên tập thể, cá nhân\""
            ),
            ProblemKind::TotalAboveBase { total, base } => write!(
                f,
                "tổng điểm {} vượt thang điểm {} mà bảng không có cột điểm thưởng, điểm cộng; hãy kiểm tra lại điểm các tiêu chí",
                number(*total),
                number(*base)
            ),
            ProblemKind::SubjectWithoutName => write!(
                f,
                "dòng có điểm nhưng không có tên đơn vị, cá nhân được chấm; hãy ghi tên, hoặc xóa dòng này"
            ),
            ProblemKind::NoRecords => write!(
                f,
                "bảng có dòng tiêu đề nhưng không có dòng dữ liệu nào bên dưới; hãy điền danh sách"
            ),
            ProblemKind::Unprintable { characters } => {
                let said: Vec<String> = characters
                    .iter()
                    .map(|c| format!("\"{c}\" (U+{:04X})", u32::from(*c)))
                    .collect();
                let (these, them) = if said.len() > 1 {
                    ("các ký tự", "các ký tự này")
                } else {
                    ("ký tự", "ký tự này")
                };
                write!(
                    f,
                    "{these} {} không in được trong văn bản (phông chữ của văn bản không có {them}); hãy xóa hoặc thay bằng chữ, số hay dấu thông thường",
                    said.join(", ")
                )
            }
            ProblemKind::Unbreakable { length } => write!(
                f,
                "ô có một chuỗi {} ký tự liền nhau không có dấu cách nên không xuống dòng được khi in; hãy kiểm tra lại nội dung ô",
                text::group_thousands(*length as u64)
            ),
        }
    }
}

/// The problem of a required cell that holds an error or an uncalculated
/// formula, if any.
pub(crate) fn broken(sheet: &Sheet, row: usize, col: usize) -> Option<ProblemKind> {
    match sheet.cell(row, col) {
        CellValue::Error(value) => Some(ProblemKind::ErrorCell {
            value: value.clone(),
        }),
        CellValue::Uncalculated(formula) => Some(ProblemKind::FormulaWithoutValue {
            formula: formula.clone(),
        }),
        _ => None,
    }
}

/// The longest run of characters without a space that a document prints
/// (a web address is far shorter; a longer run cannot be broken over
/// lines and is pasted by mistake).
const MAX_UNBROKEN: usize = 1000;

/// Unprintable characters one problem names, at most.
pub const MAX_UNPRINTABLE_SAID: usize = 8;

/// Cells whose text reaches a document (the title rows, the header, and
/// the recognised columns of every record row) but holds characters
/// `printable` refuses: one problem per cell, naming each such character
/// once (so the submitter mends them all at once).
pub fn unprintable(
    sheet: &Sheet,
    header: &Header,
    record_rows: &[usize],
    printable: fn(char) -> bool,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut check = |row: usize, col: usize| {
        let CellValue::Text(text) = sheet.cell(row, col) else {
            return;
        };
        let mut characters: Vec<char> = Vec::new();
        for c in text.chars().filter(|&c| !printable(c)) {
            if !characters.contains(&c) && characters.len() < MAX_UNPRINTABLE_SAID {
                characters.push(c);
            }
        }
        let kind = if !characters.is_empty() {
            ProblemKind::Unprintable { characters }
        } else {
            let longest = text
                .split(char::is_whitespace)
                .map(|word| word.chars().count())
                .max()
                .unwrap_or(0);
            if longest <= MAX_UNBROKEN {
                return;
            }
            ProblemKind::Unbreakable { length: longest }
        };
        out.push(Problem::at(sheet, row, col, kind));
    };
    for row in 0..header.row + header.height {
        for col in 0..sheet.cols {
            check(row, col);
        }
    }
    let mut columns: Vec<usize> = header.columns.values().copied().collect();
    columns.extend(&header.criteria);
    columns.sort_unstable();
    columns.dedup();
    for &row in record_rows {
        for &col in &columns {
            check(row, col);
        }
    }
    out
}

/// Every problem of a nominations sheet.
pub fn nominations(sheet: &Sheet, header: &Header, nominees: &[Nominee]) -> Vec<Problem> {
    let mut out = Vec::new();
    let at = |row, col, kind| Problem::at(sheet, row, col, kind);
    for nominee in nominees {
        if let Some(col) = header.columns.get(&Field::Name).copied() {
            if let Some(kind) = broken(sheet, nominee.row, col) {
                out.push(at(nominee.row, col, kind));
            } else if nominee.name.trim().is_empty() {
                out.push(at(nominee.row, col, ProblemKind::MissingName));
            }
        }
        // Without an award column (awards given by section headings), a
        // row's award problems are said at its name.
        let award_col = header.columns.get(&Field::Award).copied();
        if let Some(col) = award_col.or_else(|| header.columns.get(&Field::Name).copied()) {
            if let Some(kind) = award_col.and_then(|_| broken(sheet, nominee.row, col)) {
                out.push(at(nominee.row, col, kind));
            } else if nominee.award_written.trim().is_empty() {
                out.push(at(nominee.row, col, ProblemKind::MissingAward));
            } else {
                match Award::parse(&nominee.award_written) {
                    None => out.push(at(
                        nominee.row,
                        col,
                        ProblemKind::UnknownAward {
                            written: nominee.award_written.clone(),
                        },
                    )),
                    Some(award)
                        if match nominee.kind {
                            NomineeKind::CaNhan => {
                                award.collective_only() || award.household_only()
                            }
                            NomineeKind::TapThe => {
                                award.individual_only() || award.household_only()
                            }
                            NomineeKind::HoGiaDinh => !award.for_household(),
                        } =>
                    {
                        out.push(at(
                            nominee.row,
                            col,
                            ProblemKind::AwardNotForKind {
                                written: nominee.award_written.clone(),
                                kind: nominee.kind,
                            },
                        ))
                    }
                    Some(_) => {}
                }
            }
        }
    }
    out
}

/// Every problem of a score sheet.
pub fn scores(
    sheet: &Sheet,
    header: &Header,
    criteria: &[Criterion],
    subjects: &[Subject],
) -> Vec<Problem> {
    let mut out = Vec::new();
    let at = |row, col, kind| Problem::at(sheet, row, col, kind);
    let bonus = criteria.iter().any(|c| c.part == Part::Bonus);
    for subject in subjects {
        if subject.name.trim().is_empty()
            && let Some(col) = header.columns.get(&Field::Subject).copied()
        {
            out.push(at(subject.row, col, ProblemKind::SubjectWithoutName));
        }
        let mut scores_valid = true;
        let mut above_max = false;
        for criterion in criteria {
            let (row, col) = (subject.row, criterion.column);
            if let Some(kind) = broken(sheet, row, col) {
                out.push(at(row, col, kind));
                scores_valid = false;
                continue;
            }
            let cell = sheet.cell(row, col);
            match parse_score(cell) {
                // No bonus, nothing taken off.
                None if *cell == CellValue::Empty && criterion.part != Part::Criterion => {}
                Some(_) if criterion.part == Part::Deduction => {}
                None if *cell == CellValue::Empty => {
                    out.push(at(row, col, ProblemKind::MissingScore));
                    scores_valid = false;
                }
                None => {
                    out.push(at(
                        row,
                        col,
                        ProblemKind::NotANumber {
                            written: cell.display(),
                        },
                    ));
                    scores_valid = false;
                }
                Some(value) if value < 0.0 => {
                    out.push(at(row, col, ProblemKind::NegativeScore { value }))
                }
                Some(value) => {
                    if let Some(max) = criterion.max.filter(|max| value > *max + 1e-9) {
                        above_max = true;
                        out.push(at(
                            row,
                            col,
                            ProblemKind::ScoreAboveMax {
                                value,
                                max,
                                criterion: criterion.label.clone(),
                            },
                        ));
                    }
                }
            }
        }
        if !scores_valid {
            continue;
        }
        // Without bonus points a total cannot pass the scheme's base (the
        // sum of the maxima, else 100); with them it may (118,4).
        let base = criteria
            .iter()
            .filter(|c| c.part == Part::Criterion)
            .map(|c| c.max)
            .sum::<Option<f64>>()
            .unwrap_or(100.0);
        if !bonus && !above_max && subject.total > base + 1e-9 {
            let col = header
                .columns
                .get(&Field::Total)
                .copied()
                .or(criteria.last().map(|c| c.column))
                .unwrap_or(0);
            out.push(at(
                subject.row,
                col,
                ProblemKind::TotalAboveBase {
                    total: subject.total,
                    base,
                },
            ));
            continue;
        }
        if let (Some(col), Some(written)) = (
            header.columns.get(&Field::Total).copied(),
            subject.written_total,
        ) && (written - subject.total).abs() > 0.01
        {
            out.push(at(
                subject.row,
                col,
                ProblemKind::TotalMismatch {
                    written,
                    computed: subject.total,
                },
            ));
        }
        if let (Some(col), Some(written)) = (
            header.columns.get(&Field::Classification).copied(),
            subject.written_classification.as_deref(),
        ) && !super::scores::same_class(written, &subject.classification)
        {
            out.push(at(
                subject.row,
                col,
                ProblemKind::ClassificationMismatch {
                    written: written.to_owned(),
                    expected: subject.classification.clone(),
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod quoting_tests {
    use super::*;

    #[test]
    fn a_long_cell_is_quoted_by_its_start() {
        let long = "Lao động tiên tiến ".repeat(1000);
        let problem = Problem {
            sheet: "DS".into(),
            row: 4,
            col: 4,
            kind: ProblemKind::UnknownAward {
                written: long.clone(),
            },
        };
        let said = problem.to_string();
        assert!(said.starts_with("Trang 'DS', ô E5: "), "{said}");
        assert!(said.chars().count() < 600, "{said}");
        assert!(said.contains("…\""), "{said}");
        assert!(said.contains("Lao động tiên tiến"), "{said}");
        let short = Problem {
            kind: ProblemKind::UnknownAward {
                written: "LĐTT hoặc".into(),
            },
            ..problem
        };
        assert!(short.to_string().contains("\"LĐTT hoặc\""), "{short}");
    }
}
