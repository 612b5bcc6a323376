//! One submitted workbook, from its bytes to what it holds: read within the
//! limits, recognised and validated, with the submitting unit and the year
//! settled; or the reason it gives no document ([`Rejection`]), with the
//! report its submitter reads.
//!
//! Pure: the bytes come in (read once by the caller, who also hashes and
//! archives exactly those bytes), nothing is written, and the clock is the
//! `today` passed in.
//!
//! Invariant: this module knows nothing of documents, templates, the
//! ledger or the file system.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;

use crate::config::Config;
use crate::ingest::{self, Limits};
use crate::law::{Award, NomineeKind, Superior};
use crate::recognise::records::Nominee;
use crate::recognise::sheets::{SkipReason, Skipped};
use crate::recognise::validate::{Problem, ProblemKind};
use crate::recognise::workbook::{self, Recognition, Records};
use crate::text::{self, Date};

/// Extensions of the workbooks vanthu reads.
pub const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// True when `file_name` has a workbook's extension.
pub fn has_workbook_extension(file_name: &str) -> bool {
    Path::new(&file_name.to_lowercase())
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|ext| EXTENSIONS.contains(&ext))
}

/// A workbook read and recognised without problems.
#[derive(Debug, Clone)]
pub struct Examined {
    /// File name of the workbook (NFC, repaired).
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
    /// What its submitter should know though nothing stops its documents,
    /// each with its place ("'Danh sách'!E7: …").
    pub warnings: Vec<String>,
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
    /// The file itself: unreadable, protected, not a workbook, too large,
    /// over the time limit, or it could not be rendered.
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
        /// The sheets looked at, with why each gives nothing.
        sheets: Vec<Skipped>,
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
    /// A rejection of the whole file for `reason`.
    pub fn file(file_name: &str, reason: impl Into<String>) -> Rejection {
        Rejection::File {
            file_name: file_name.to_owned(),
            reason: reason.into(),
        }
    }

    /// The lines of the report, one problem per line, the place first.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Rejection::File { file_name, reason } => vec![format!("{file_name}: {reason}")],
            Rejection::NoTable { file_name, sheets } => {
                let looked: Vec<String> = sheets
                    .iter()
                    .map(|s| format!("trang \"{}\": {}", s.name, s.reason.says()))
                    .collect();
                let only_aside =
                    !sheets.is_empty() && sheets.iter().all(|s| s.reason != SkipReason::NoTable);
                let looked = looked.join("; ");
                vec![if only_aside {
                    format!(
                        "{file_name}: không có danh sách đề nghị khen thưởng hay bảng chấm điểm nào để đọc ({looked}); hãy điền danh sách vào trang dữ liệu của biểu mẫu"
                    )
                } else {
                    format!(
                        "{file_name}: không có danh sách: không tìm thấy danh sách đề nghị khen thưởng hoặc bảng chấm điểm trong {} ({looked}); dòng tiêu đề của bảng phải có các cột như \"Họ và tên\", \"Hình thức khen thưởng\" hoặc \"Đơn vị\", \"Tiêu chí\", nằm trong 30 dòng đầu",
                        if sheets.len() == 1 {
                            "trang tính".to_owned()
                        } else {
                            format!("{} trang tính", sheets.len())
                        }
                    )
                }]
            }
            Rejection::Problems { problems, .. } => {
                problems.iter().map(ToString::to_string).collect()
            }
        }
    }

    /// The submitting unit, when the workbook was read far enough to know.
    pub fn unit(&self) -> Option<&str> {
        match self {
            Rejection::Problems { examined, .. } => examined.unit.as_deref(),
            _ => None,
        }
    }

    /// The report written beside the input (`<name>.loi.txt`), a small
    /// document a clerk reads: the heading, one numbered line per problem,
    /// the warnings, and what to do. Lines end in `\n`; [`report_file`]
    /// makes the bytes Notepad reads.
    pub fn report(&self, heading: &ReportHeading<'_>) -> String {
        let lines: Vec<String> = self.lines().iter().map(|l| one_line(l)).collect();
        let mut out = String::from("BÁO CÁO LỖI BẢNG TÍNH\n\n");
        out.push_str(&format!(
            "Tệp: {}\n",
            one_line(&display_name(heading.file_name))
        ));
        out.push_str(&format!(
            "Đơn vị: {}\n",
            self.unit().or(heading.unit).unwrap_or(
                "chưa xác định (không có thư mục đơn vị hay dòng “Đơn vị: …” trên bảng)"
            )
        ));
        out.push_str(&format!("Kiểm tra lúc: {}\n\n", heading.checked_at));
        out.push_str(&match lines.len() {
            1 => "Chưa lập được văn bản từ bảng tính này vì lỗi sau:\n\n".to_owned(),
            n => format!("Chưa lập được văn bản từ bảng tính này vì {n} lỗi sau:\n\n"),
        });
        for (n, line) in lines.iter().enumerate() {
            out.push_str(&format!("{}. {line}\n", n + 1));
        }
        // What the submitter should also know, so one round fixes all.
        let warnings = self.warnings();
        if !warnings.is_empty() {
            out.push_str("\nLưu ý (không phải lỗi, nhưng nên xem lại khi sửa):\n\n");
            for (n, warning) in warnings.iter().enumerate() {
                out.push_str(&format!("{}. {}\n", n + 1, one_line(warning)));
            }
        }
        out.push_str(match self {
            Rejection::Problems { .. } => "\nCách làm: sửa từng ô nêu trên trong bảng tính, lưu lại đè lên tệp này (giữ nguyên tên tệp). vanthu tự kiểm tra lại tệp đã lưu; khi không còn lỗi, văn bản được lập và báo cáo này tự xóa. Nếu lưu thành tệp mới, hãy xóa tệp cũ.\n",
            _ => "\nCách làm: xử lý theo hướng dẫn trên rồi gửi lại bảng tính vào đúng chỗ này, lưu đè lên tệp cũ nếu cùng tên; nếu tệp này gửi nhầm (không phải bảng tính), hãy xóa nó, báo cáo này sẽ tự xóa theo. vanthu tự kiểm tra lại; khi đọc được, văn bản được lập và báo cáo này tự xóa.\n",
        });
        out
    }

    /// The warnings of a workbook rejected for its problems (a row written
    /// twice, an error value left blank): said beside the errors.
    pub fn warnings(&self) -> &[String] {
        match self {
            Rejection::Problems { examined, .. } => &examined.warnings,
            _ => &[],
        }
    }
}

/// What the heading of a rejected workbook's report says besides its
/// problems.
#[derive(Debug, Clone, Copy)]
pub struct ReportHeading<'a> {
    /// The file name as it arrived.
    pub file_name: &'a str,
    /// The unit of the folder it arrived in, said when the workbook itself
    /// does not name one.
    pub unit: Option<&'a str>,
    /// When it was checked: "14:05 ngày 04/12/2026".
    pub checked_at: &'a str,
}

#[cfg(test)]
mod one_line_tests {
    #[test]
    fn breaks_and_control_characters_become_one_space() {
        assert_eq!(
            super::one_line("Tiêu chí 1:\nThực hiện\r\nnhiệm vụ"),
            "Tiêu chí 1: Thực hiện nhiệm vụ"
        );
        assert_eq!(super::one_line("a\u{1b}[31mb"), "a [31mb");
        assert_eq!(super::one_line("đã có dấu"), "đã có dấu");
    }
}

/// `text` on one line: a line break inside a cell (Alt+Enter in a header
/// quoted by a message) or a control character in a file name becomes a
/// space, so each problem stays one numbered line and nothing steers the
/// terminal showing the log.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_control() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = c == ' ';
        }
    }
    out
}

/// The bytes of a report file: UTF-8 with a byte-order mark and Windows
/// line ends, so every Notepad on the office's PCs shows the Vietnamese and
/// the lines.
pub fn report_file(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.lines().count() + 3);
    out.extend_from_slice("\u{feff}".as_bytes());
    for line in text.lines() {
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// A place ("Trang 'DS', ô B4") inside a sentence: "trang 'DS', ô B4".
fn mid_sentence(place: &str) -> String {
    match place.strip_prefix("Trang ") {
        Some(rest) => format!("trang {rest}"),
        None => place.to_owned(),
    }
}

/// The file name as people read it: NFC, legacy encodings repaired.
pub fn display_name(file_name: &str) -> String {
    text::fix_cell(file_name, None).into_owned()
}

/// Reads and recognises the workbook `bytes` named `file_name`. `folder`
/// is the name of the sub-folder it arrived in, if any, looked up in
/// `[units]`.
pub fn examine(
    bytes: Vec<u8>,
    file_name: &str,
    folder: Option<&str>,
    config: &Config,
    today: Date,
) -> Result<Examined, Rejection> {
    let file_name = display_name(file_name);
    if !has_workbook_extension(&file_name) {
        return Err(Rejection::file(
            &file_name,
            "tệp không phải bảng tính (cần .xlsx, .xls, .xlsm, .xlsb hoặc .ods); hãy gửi đúng tệp bảng tính",
        ));
    }
    let workbook = ingest::read_bytes(bytes, &Limits::default())
        .map_err(|e| Rejection::file(&file_name, e.to_string()))?;
    let mut settings = config.recognise.clone();
    settings.printable = Some(crate::render::fonts::covers);
    let mut recognition = workbook::workbook(&workbook, &settings);
    if recognition.sheets.is_empty() && recognition.problems.is_empty() {
        return Err(Rejection::NoTable {
            file_name,
            sheets: recognition.skipped,
        });
    }
    let from_folder = folder.and_then(|f| config.unit_of_folder(f));
    // A title row naming a configured unit in other capitals or spacing
    // ("Đơn vị: PHÒNG TỔNG HỢP") names it as the configuration does.
    let from_title = recognition
        .sheets
        .iter()
        .find_map(|s| s.metadata.unit.clone())
        .map(|written| {
            let key = text::comparison_key(&written);
            config
                .units
                .values()
                .find(|u| text::comparison_key(u) == key)
                .cloned()
                .unwrap_or(written)
        });
    let (unit, unit_source) = match (from_folder, from_title) {
        (Some(unit), _) => (Some(unit.to_owned()), UnitSource::Folder),
        (None, Some(unit)) => (Some(unit), UnitSource::TitleRow),
        (None, None) => (None, UnitSource::None),
    };
    // The folder and the title row naming two units: the folder's stands.
    let mut units_differ = None;
    if unit_source == UnitSource::Folder
        && let (Some(unit), Some(titled)) = (
            &unit,
            recognition
                .sheets
                .iter()
                .find_map(|s| s.metadata.unit.clone()),
        )
        && text::comparison_key(unit) != text::comparison_key(&titled)
    {
        units_differ = Some((unit.clone(), titled));
    }
    // A scheme scored down the sheet scores the unit that sent it.
    let mut unscored_unit = false;
    for sheet in &mut recognition.sheets {
        let scheme = !sheet
            .header
            .columns
            .contains_key(&crate::recognise::Field::Subject);
        if let Records::Scores { subjects, .. } = &mut sheet.records
            && scheme
        {
            for subject in subjects.iter_mut().filter(|s| s.name.trim().is_empty()) {
                match &unit {
                    Some(unit) => subject.name = unit.clone(),
                    None => {
                        subject.name = format!("Đơn vị gửi tệp {file_name}");
                        unscored_unit = true;
                    }
                }
            }
        }
    }
    let listed_year = recognition.sheets.iter().find_map(|s| s.metadata.year);
    // Without a title row (the software's template has none), the year
    // the achievements name ("Hoàn thành xuất sắc nhiệm vụ năm 2025"), never
    // past the year of the decisions the office dated.
    let decided = config.earliest_dated_year();
    let achieved = year_of_achievements(&recognition);
    let (year, year_from) = match (listed_year, config.configured_year()) {
        (Some(year), _) => (year, YearFrom::Title),
        (None, Some(year)) => (year, YearFrom::Configured),
        (None, None) => match achieved {
            Some(year) => (year, YearFrom::Achievements),
            None => (today.year() as i32, YearFrom::Today),
        },
    };
    let (year, year_from) = match decided {
        Some(cap) if year > cap && year_from != YearFrom::Title => (cap, YearFrom::Decision),
        _ => (year, year_from),
    };
    // A year not written in the title is said: a list of last year made in
    // January would otherwise be worded for this one.
    let year_guessed = !matches!(year_from, YearFrom::Title | YearFrom::Configured);
    let mut problems = recognition.problems.clone();
    problems.extend(beyond_the_office(&recognition, config));
    problems.extend(mixed_years(&recognition));
    // In reading order: sheet by sheet, row by row.
    let sheet_index = |name: &str| recognition.sheets.iter().position(|s| s.name == name);
    problems.sort_by_key(|p| (sheet_index(&p.sheet), p.row, p.col));
    // A row of several awards has one problem of its name once.
    problems.dedup();
    // Warnings in reading order too.
    let mut warnings = listed_twice(&mut recognition, config);
    warnings.extend(unaccented(&recognition));
    warnings.extend(notes_of(&recognition));
    warnings.extend(warnings_of(&recognition, config));
    if year_guessed
        && recognition
            .sheets
            .iter()
            .any(|s| matches!(s.records, Records::Nominations(_)))
    {
        warnings.push((
            0,
            0,
            0,
            format!(
                "không thấy năm của danh sách trong dòng tiêu đề (ví dụ “DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {year}”); văn bản ghi năm {year} theo {}, hãy kiểm tra lại",
                match year_from {
                    YearFrom::Achievements => "năm ghi trong cột thành tích",
                    YearFrom::Decision => "năm của ngày quyết định trong vanthu.toml",
                    _ => "ngày hôm nay",
                }
            ),
        ));
    }
    if let Some((unit, titled)) = units_differ {
        warnings.push((
            0,
            0,
            0,
            format!(
                "dòng tiêu đề ghi đơn vị “{titled}” nhưng tệp nằm trong thư mục của “{unit}”; văn bản ghi “{unit}”, hãy kiểm tra lại"
            ),
        ));
    }
    if unscored_unit {
        warnings.push((
            0,
            0,
            0,
            "bảng chấm điểm của một đơn vị nhưng không rõ đơn vị nào: hãy ghi dòng “Đơn vị: …” trên bảng, hoặc gửi tệp vào thư mục của đơn vị".to_owned(),
        ));
    }
    warnings.sort_by_key(|(sheet, row, col, _)| (*sheet, *row, *col));
    // A cell that is an error is said once, as the error.
    let wrong: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: ", p.place()))
        .collect();
    let warnings = warnings
        .into_iter()
        .map(|(.., text)| text)
        .filter(|text| !wrong.iter().any(|place| text.starts_with(place.as_str())))
        .collect();
    let examined = Examined {
        file_name,
        unit,
        unit_source,
        year,
        recognition,
        warnings,
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

/// An issuer who gives Bằng khen, never Giấy khen: a province's or city's
/// chair or People's Committee, a minister, the Prime Minister, the
/// Government.
fn gives_no_giay_khen(issuer: &str, superior: &Superior) -> bool {
    let words = crate::law::normalise(issuer);
    let words = words.strip_prefix("chu tich ").unwrap_or(&words);
    // A province's committee; a city's only where the city is the
    // superior (a city inside a province gave Giấy khen as a district).
    let committee = match superior {
        Superior::City(_) => "uy ban nhan dan thanh pho",
        _ => "uy ban nhan dan tinh",
    };
    ["thu tuong", "chinh phu", "bo truong", "nuoc"]
        .iter()
        .any(|w| words == *w || words.starts_with(&format!("{w} ")))
        || (words == committee || words.starts_with(&format!("{committee} ")))
            // Not a commune's or a ward's committee.
            && !words.contains(" xa ")
            && !words.contains(" phuong ")
}

/// Where a list's year came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearFrom {
    /// "… NĂM 2025" in a title row.
    Title,
    /// `date` in vanthu.toml.
    Configured,
    /// The year most achievements name.
    Achievements,
    /// The year of the decisions' configured date, as no later year may be.
    Decision,
    /// Today's.
    Today,
}

/// The year most of a list's achievements name ("… năm 2025"), if any.
fn year_of_achievements(recognition: &Recognition) -> Option<i32> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for sheet in &recognition.sheets {
        let Records::Nominations(nominees) = &sheet.records else {
            continue;
        };
        for year in nominees
            .iter()
            .filter_map(|n| n.achievement.as_deref())
            .filter_map(workbook::year_in)
        {
            *counts.entry(year).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(year, n)| (*n, *year))
        .map(|(year, _)| year)
}

/// A warning at a cell: (sheet index, row, column, text).
type Located = (usize, usize, usize, String);

/// People's names typed without their marks ("Nguyen Van Hung"): printed
/// as typed, said once with the first place and how many.
fn unaccented(recognition: &Recognition) -> Option<Located> {
    use crate::recognise::Field;
    use crate::recognise::validate::place as location;
    // Syllables of names that are always written with marks.
    const MARKED: &[&str] = &[
        "nguyen", "tran", "le", "pham", "hoang", "huynh", "vo", "vu", "dang", "bui", "do", "ngo",
        "duong", "ly", "van", "thi", "duc", "quoc", "thu", "hai", "ngoc", "thanh", "huong",
    ];
    let mut first = None;
    let mut count = 0;
    for (index, sheet) in recognition.sheets.iter().enumerate() {
        let Records::Nominations(nominees) = &sheet.records else {
            continue;
        };
        let col = sheet.header.columns.get(&Field::Name).copied().unwrap_or(0);
        for n in nominees.iter().filter(|n| n.kind != NomineeKind::TapThe) {
            let bare = n.name.is_ascii()
                && n.name
                    .split_whitespace()
                    .any(|w| MARKED.contains(&w.to_lowercase().as_str()));
            if bare {
                count += 1;
                first.get_or_insert((
                    index,
                    n.row,
                    col,
                    location(&sheet.name, n.row, col),
                    n.name.clone(),
                ));
            }
        }
    }
    let (index, row, col, place, name) = first?;
    Some((
        index,
        row,
        col,
        format!(
            "{place}: {} họ tên viết không dấu (như “{name}”); văn bản in đúng như đã ghi, hãy gõ lại có dấu nếu cần",
            text::count_padded(count as u64)
        ),
    ))
}

/// What recognition noted of single cells, as warnings: an error value
/// printed blank, an example row left out.
fn notes_of(recognition: &Recognition) -> Vec<Located> {
    use crate::recognise::records::NoteKind;
    use crate::recognise::validate::place as location;
    recognition
        .notes
        .iter()
        .filter_map(|(sheet, note)| {
            let index = recognition.sheets.iter().position(|s| s.name == *sheet)?;
            let place = location(sheet, note.row, note.col);
            let text = match &note.what {
                NoteKind::ErrorValue { value, .. } => {
                    let why = match value.trim() {
                        "#N/A" => " (công thức tra cứu không tìm thấy giá trị)",
                        "#REF!" => " (công thức trỏ tới ô hoặc trang đã bị xóa)",
                        "#VALUE!" => " (công thức tính trên dữ liệu không đúng kiểu)",
                        "#DIV/0!" => " (công thức chia cho 0)",
                        "#NAME?" => " (công thức dùng tên hàm hoặc tên vùng không có)",
                        _ => "",
                    };
                    format!(
                        "{place}: ô có giá trị lỗi {value}{why}; văn bản để trống ô này, hãy kiểm tra lại"
                    )
                }
                NoteKind::Uncalculated { formula } => format!(
                    "{place}: ô là công thức ={formula} nhưng tệp không lưu giá trị đã tính (tệp do chương trình khác tạo); văn bản để trống ô này, hãy mở tệp bằng Excel, lưu lại rồi gửi lại nếu ô cần có nội dung"
                ),
                NoteKind::KindDiffers { name, kind } => format!(
                    "{place}: “{name}” là tên của hộ gia đình nhưng dòng này được ghi là {}; văn bản tính theo {}, hãy kiểm tra lại đối tượng",
                    kind.label(),
                    kind.label()
                ),
                NoteKind::NameRemark { remark } => format!(
                    "{place}: ghi chú “{remark}” sau họ tên không in vào văn bản; nếu cần, hãy ghi vào cột Ghi chú"
                ),
                NoteKind::BrokenRow => format!(
                    "{place}: dòng có số thứ tự nhưng họ tên (và các ô khác) là giá trị lỗi của công thức tra cứu; dòng này không đưa vào danh sách, nếu là người được đề nghị hãy ghi họ tên"
                ),
                NoteKind::MaybeExample { name } => format!(
                    "{place}: tên \"{name}\" giống tên giả định của dòng ví dụ trong biểu mẫu; vẫn đưa vào danh sách, hãy kiểm tra lại và xóa dòng này nếu là dòng ví dụ"
                ),
                NoteKind::Example { name, .. } => format!(
                    "{place}: dòng \"{name}\" là dòng ví dụ của biểu mẫu (tên giả định), không đưa vào danh sách; nếu đây là người thật, hãy ghi đầy đủ họ tên"
                ),
                NoteKind::UnbalancedGroup { group, max, sum } => format!(
                    "{place}: điểm tối đa của nhóm \"{group}\" là {} nhưng tổng điểm tối đa các tiêu chí con là {}; hãy kiểm tra lại thang điểm",
                    crate::recognise::validate::number(*max),
                    crate::recognise::validate::number(*sum)
                ),
                NoteKind::UnknownCode { .. } | NoteKind::AmbiguousCode { .. } => return None,
            };
            Some((index, note.row, note.col, text))
        })
        .collect()
}

/// Nominees listed twice for the same award (same kind, name, unit,
/// position and award, on any sheet): the later rows are dropped, so the
/// person is counted and paid once, and each is a warning naming both
/// cells.
fn listed_twice(recognition: &mut Recognition, config: &Config) -> Vec<Located> {
    use crate::recognise::Field;
    use crate::recognise::validate::place as location;
    type Who = (NomineeKind, String, String, String);
    let (head, superior) = (config.head(), config.superior());
    let mut seen: HashMap<(Who, Award, String), String> = HashMap::new();
    // The same name and unit for the same award with another position:
    // two people, or one written twice?
    let mut namesakes: HashMap<(NomineeKind, String, String, Award, String), String> =
        HashMap::new();
    let mut out = Vec::new();
    for (index, sheet) in recognition.sheets.iter_mut().enumerate() {
        let Records::Nominations(nominees) = &mut sheet.records else {
            continue;
        };
        let col = sheet.header.columns.get(&Field::Name).copied().unwrap_or(0);
        let name = &sheet.name;
        nominees.retain(|n| {
            let Some(award) = n.award else {
                return true;
            };
            let who = n.identity();
            let wording = award.wording(&n.award_written, &head, &superior).text;
            let place = location(name, n.row, col);
            let namesake = (who.0, who.1.clone(), who.2.clone(), award, wording.clone());
            match seen.entry((who, award, wording.clone())) {
                Entry::Vacant(v) => {
                    v.insert(place.clone());
                }
                Entry::Occupied(first) => {
                    let text = if *first.get() == place {
                        // One cell naming the award twice ("LĐTT, LĐTT").
                        format!(
                            "{place}: “{}” được ghi “{wording}” hai lần trong cùng một ô; vanthu chỉ ghi một lần, hãy kiểm tra lại",
                            n.name
                        )
                    } else {
                        format!(
                            "{place}: “{}” được đề nghị “{wording}” hai lần (như ở {}); vanthu chỉ ghi một lần, hãy kiểm tra lại",
                            n.name,
                            mid_sentence(first.get())
                        )
                    };
                    out.push((index, n.row, col, text));
                    return false;
                }
            }
            match namesakes.entry(namesake) {
                Entry::Vacant(v) => {
                    v.insert(place);
                }
                Entry::Occupied(first) => out.push((index, n.row, col, format!(
                    "{place}: “{}” cùng tên, cùng đơn vị, cùng hình thức “{wording}” với {} nhưng khác chức vụ; vanthu xem là hai người, nếu là một người hãy xóa một dòng",
                    n.name,
                    mid_sentence(first.get())
                ))),
            }
            true
        });
    }
    out
}

/// Lists of two years in one workbook: each sheet of another year than the
/// first list's is a problem (its documents would be worded for the
/// first year, and a person proposed in both years taken for a duplicate).
fn mixed_years(recognition: &Recognition) -> Vec<Problem> {
    let lists = || {
        recognition
            .sheets
            .iter()
            .filter(|s| matches!(s.records, Records::Nominations(_)))
    };
    let Some((first_sheet, first_year)) =
        lists().find_map(|s| s.metadata.year.map(|y| (s.name.clone(), y)))
    else {
        return Vec::new();
    };
    lists()
        .filter_map(|s| {
            let year = s.metadata.year.filter(|y| *y != first_year)?;
            Some(Problem {
                sheet: s.name.clone(),
                row: s.header.row.saturating_sub(1),
                col: 0,
                kind: ProblemKind::MixedYears {
                    year,
                    first_sheet: first_sheet.clone(),
                    first_year,
                },
            })
        })
        .collect()
}

/// Awards no authority the office reaches can give (Gia đình văn hóa on
/// the list of an office that is not a commune): located problems.
fn beyond_the_office(recognition: &Recognition, config: &Config) -> Vec<Problem> {
    use crate::recognise::Field;
    let (head, superior) = (config.head(), config.superior());
    let mut out = Vec::new();
    for sheet in &recognition.sheets {
        let Records::Nominations(nominees) = &sheet.records else {
            continue;
        };
        let Some(col) = sheet.header.columns.get(&Field::Award).copied() else {
            continue;
        };
        for nominee in nominees {
            let Some(award) = nominee.award else {
                continue;
            };
            let wording = award.wording(&nominee.award_written, &head, &superior);
            if award == Award::GiayKhen
                && let Some(issuer) = &wording.issuer
                && gives_no_giay_khen(issuer, &superior)
            {
                out.push(Problem {
                    sheet: sheet.name.clone(),
                    row: nominee.row,
                    col,
                    kind: ProblemKind::NoGiayKhen {
                        written: nominee.award_written.trim().to_owned(),
                    },
                });
                continue;
            }
            let named = wording.issuer.is_some();
            if !named && config.commendation.authority_of(award).is_none() {
                out.push(Problem {
                    sheet: sheet.name.clone(),
                    row: nominee.row,
                    col,
                    kind: ProblemKind::CommuneOnly {
                        written: nominee.award_written.trim().to_owned(),
                    },
                });
            }
        }
    }
    out
}

/// Awards written with an issuer the law's wording of that award does not
/// name (nor, for a Giấy khen, the office's head): the documents keep the
/// list's wording and ask that issuer in a Tờ trình of its own, and say so
/// here.
fn warnings_of(recognition: &Recognition, config: &Config) -> Vec<Located> {
    let (head, superior) = (config.head(), config.superior());
    use crate::recognise::Field;
    let mut out = Vec::new();
    for (index, sheet) in recognition.sheets.iter().enumerate() {
        let Records::Nominations(nominees) = &sheet.records else {
            continue;
        };
        let col = sheet
            .header
            .columns
            .get(&Field::Award)
            .copied()
            .unwrap_or(0);
        // The nominees of one row (several for a cell of several awards)
        // stand together.
        for row in nominees.chunk_by(|a, b| a.row == b.row) {
            let first = &row[0];
            // A cell of several awards, said once.
            if row.len() > 1 {
                let place = crate::recognise::validate::place(&sheet.name, first.row, col);
                let awards: Vec<String> = row
                    .iter()
                    .map(|n| format!("“{}”", n.award_written))
                    .collect();
                out.push((index, first.row, col, format!(
                    "{place}: một ô ghi {} hình thức ({}); vanthu đề nghị từng hình thức cho “{}”, mỗi hình thức một dòng, hãy kiểm tra lại",
                    row.len(),
                    awards.join(", "),
                    first.name,
                )));
            }
            if first.kind_from_name {
                let name_col = sheet.header.columns.get(&Field::Name).copied().unwrap_or(0);
                let place = crate::recognise::validate::place(&sheet.name, first.row, name_col);
                out.push((index, first.row, name_col, format!(
                    "{place}: “{}” được tính là tập thể theo tên; nếu là cá nhân, hãy thêm cột Đối tượng (Cá nhân/Tập thể) hoặc dòng mục “II. CÁ NHÂN”",
                    first.name,
                )));
            }
            for nominee in row {
                let Some(award) = nominee.award else {
                    continue;
                };
                if let Some(issuer) = award
                    .wording(&nominee.award_written, &head, &superior)
                    .issuer
                {
                    let place = crate::recognise::validate::place(&sheet.name, nominee.row, col);
                    out.push((index, nominee.row, col, format!(
                        "{place}: hình thức “{}” do {issuer} quyết định, không phải {head} hay cấp trên trực tiếp; vanthu soạn Tờ trình riêng gửi {issuer}, hãy kiểm tra lại",
                        nominee.award_written.trim(),
                    )));
                }
            }
        }
    }
    out
}
