//! Sheets that are not data: the hidden lookup tables of a template, the
//! instructions and sample sheets beside the list ("Hướng dẫn", "Mẫu", "Ví
//! dụ", a copy of the header with invented rows), the code tables
//! ("DANHMUC"). They are skipped with their reason and never reject a
//! workbook whose list is good; the code tables are read for the codes the
//! list is written in.

use std::collections::BTreeMap;

use super::words;
use crate::ingest::{CellValue, Sheet};

/// Why a sheet gives no records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// No recognisable table.
    NoTable,
    /// Hidden in the workbook (a template's lookup tables).
    Hidden,
    /// Named as instructions or a sample ("Hướng dẫn", "Mẫu", "Ví dụ").
    Instructions,
    /// Every row an invented example ("Nguyễn Văn A", rows marked "Ví dụ").
    Examples,
    /// A table of codes and their labels ("DANHMUC").
    Lookup,
}

impl SkipReason {
    /// What the reason says to people, in Vietnamese.
    pub fn says(self) -> &'static str {
        match self {
            SkipReason::NoTable => "không có danh sách hay bảng điểm",
            SkipReason::Hidden => {
                "trang ẩn (thường là bảng tra cứu của biểu mẫu), không đọc; nếu danh sách nằm ở trang này, hãy bỏ ẩn trang (Unhide) rồi gửi lại"
            }
            SkipReason::Instructions => {
                "trang hướng dẫn, trang mẫu (theo tên trang), không đọc; nếu danh sách nằm ở trang này, hãy đổi tên trang rồi gửi lại"
            }
            SkipReason::Examples => {
                "trang ví dụ hướng dẫn cách ghi (mọi dòng là dòng ví dụ hoặc tên giả định như \"Nguyễn Văn A\"), không phải danh sách"
            }
            SkipReason::Lookup => "bảng danh mục mã, dùng để tra mã trong danh sách",
        }
    }

    /// A short stable name, for logs.
    pub fn tag(self) -> &'static str {
        match self {
            SkipReason::NoTable => "no_table",
            SkipReason::Hidden => "hidden",
            SkipReason::Instructions => "instructions",
            SkipReason::Examples => "examples",
            SkipReason::Lookup => "lookup",
        }
    }
}

/// A sheet skipped, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The sheet's name.
    pub name: String,
    /// Why it gives no records.
    pub reason: SkipReason,
}

/// A sheet named as instructions or a sample: "Hướng dẫn", "HD", "Mẫu",
/// "Ví dụ" (not "Mẫu số 01", the form a list is often named after).
pub fn named_as_instructions(name: &str) -> bool {
    let w = words(name);
    const EXACT: &[&str] = &[
        "hd",
        "hdsd",
        "mau",
        "mau nhap",
        "mau nhap lieu",
        "vi du",
        "vd",
        "example",
        "examples",
        "sample",
        "instructions",
        "readme",
        "doc truoc",
        "luu y",
    ];
    EXACT.contains(&w.as_str())
        || w.starts_with("huong dan")
        || w.starts_with("vi du ")
        || w.starts_with("hd nhap")
        || w.starts_with("cach nhap")
}

/// A sheet named as a code table: "DANHMUC", "Danh mục", "DM_HinhThuc".
pub fn named_as_lookup(name: &str) -> bool {
    let w = words(name);
    let squashed: String = w.chars().filter(|c| *c != ' ').collect();
    squashed.starts_with("danhmuc")
        || w == "dm"
        || w.starts_with("dm ")
        || squashed.starts_with("dm") && name.contains('_')
        || w == "lookup"
        || w == "ma"
        || w.starts_with("bang ma")
}

/// A placeholder name of an example row: "Nguyễn Văn A", "Trần Thị B",
/// "Tập thể X", "Đơn vị A".
pub fn is_placeholder_name(name: &str) -> bool {
    let mut parts = name.split_whitespace();
    let Some(last) = parts.next_back() else {
        return false;
    };
    parts.next().is_some()
        && last.chars().count() == 1
        && last.chars().all(|c| c.is_ascii_uppercase())
}

/// A cell saying its row is an example: "Ví dụ", "VD:", "(ví dụ)".
pub fn says_example(text: &str) -> bool {
    let w = words(text);
    w == "vi du" || w.starts_with("vi du ") || w == "vd" || w.starts_with("vd ")
}

/// Code → label, as the configuration sets them (`[codes]`).
pub type Codes = BTreeMap<String, String>;

/// Every label each code has in a workbook's code tables (one code may
/// stand in two tables: "1" a kind in one, an award in another), then in
/// the configuration.
#[derive(Debug, Clone, Default)]
pub struct CodeBook(BTreeMap<String, Vec<String>>);

/// A code as it is compared: trimmed, in capitals, a number's inner spaces
/// and leading zeros dropped ("1700000 123", "01" is 1), so a key typed in
/// `[codes]` as "ma db" or with a stray space still matches.
fn code_key(code: &str) -> String {
    let code = code.trim();
    if !code.is_empty() && code.chars().all(|c| c.is_ascii_digit() || c == ' ') {
        let digits = code.replace(' ', "");
        match digits.trim_start_matches('0') {
            "" => "0".to_owned(),
            bare => bare.to_owned(),
        }
    } else {
        code.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase()
    }
}

impl CodeBook {
    /// Adds a label of `code`.
    pub fn add(&mut self, code: String, label: String) {
        let labels = self.0.entry(code_key(&code)).or_default();
        if !labels.contains(&label) {
            labels.push(label);
        }
    }

    /// `code` is a key of some table.
    pub fn has(&self, code: &str) -> bool {
        self.0.contains_key(&code_key(code))
    }

    /// The label of `code` that `fits` the column it is written in (an
    /// award for the award column), else its only one. A code of digits
    /// matches however many zeros lead it ("01" and 1). Two labels that
    /// both fit, or none fitting of several, make it ambiguous.
    pub fn resolve(&self, code: &str, fits: impl Fn(&str) -> bool) -> Resolved<'_> {
        let labels: Vec<&str> = match self.0.get(&code_key(code)) {
            Some(labels) => labels.iter().map(String::as_str).collect(),
            None => Vec::new(),
        };
        let fitting: Vec<&str> = labels.iter().copied().filter(|l| fits(l)).collect();
        match (fitting.as_slice(), labels.as_slice()) {
            ([one], _) => Resolved::Label(one),
            ([], []) => Resolved::Unknown,
            ([], [one]) => Resolved::Label(one),
            ([], several) | (several, _) => Resolved::Ambiguous(several.to_vec()),
        }
    }
}

/// What a code is, by the code tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved<'a> {
    /// Its label.
    Label(&'a str),
    /// In no table.
    Unknown,
    /// Several labels could be meant.
    Ambiguous(Vec<&'a str>),
}

/// A cell that holds a code: digits (stored as text or a number), or one
/// word of capitals, digits and underscores ("TAPTHE", "HT_01").
pub fn code_of(value: &CellValue) -> Option<String> {
    let text = match value {
        CellValue::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e15 => {
            format!("{}", *n as i64)
        }
        CellValue::Text(t) => t.trim().to_owned(),
        _ => return None,
    };
    let looks = !text.is_empty()
        && text.len() <= 32
        && text.chars().all(|c| {
            c.is_ascii_digit() || c.is_ascii_uppercase() || c == '_' || c == '-' || c == '.'
        })
        && (text.chars().all(|c| c.is_ascii_digit())
            || text.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2);
    looks.then_some(text)
}

/// Every code → label pair of `sheet`: two adjacent columns, codes left and
/// labels right, at least two pairs (several tables may stand side by side).
pub fn code_tables(sheet: &Sheet) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for col in 0..sheet.cols.saturating_sub(1) {
        let mut pairs = Vec::new();
        for row in 0..sheet.rows {
            let Some(code) = code_of(sheet.cell(row, col)) else {
                continue;
            };
            let label = match sheet.cell(row, col + 1) {
                CellValue::Text(t) if !t.trim().is_empty() => t.trim().to_owned(),
                _ => continue,
            };
            // A label is words, not another code.
            if code_of(sheet.cell(row, col + 1)).is_some() {
                continue;
            }
            pairs.push((code, label));
        }
        if pairs.len() >= 2 {
            out.extend(pairs);
        }
    }
    out
}

/// The built-in codes of the kind column (the province software's).
pub fn kind_code(code: &str) -> Option<&'static str> {
    match code {
        "TAPTHE" | "TAP_THE" | "TT" => Some("Tập thể"),
        "CANHAN" | "CA_NHAN" | "CN" => Some("Cá nhân"),
        "HOGIADINH" | "HO_GIA_DINH" | "HGD" | "HO" => Some("Hộ gia đình"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instruction_and_lookup_sheets_are_told_by_name() {
        for name in [
            "Hướng dẫn",
            "HUONG DAN NHAP",
            "HD",
            "Mẫu",
            "Ví dụ",
            "vi du 1",
        ] {
            assert!(named_as_instructions(name), "{name}");
        }
        for name in ["Mẫu số 01", "Danh sách", "Sheet1", "Tập thể", "HĐ thi đua"] {
            assert!(!named_as_instructions(name), "{name}");
        }
        for name in ["DANHMUC", "Danh mục", "DM_HinhThuc", "DM"] {
            assert!(named_as_lookup(name), "{name}");
        }
        assert!(!named_as_lookup("Danh sách"));
    }

    #[test]
    fn placeholders_are_single_capital_letters() {
        assert!(is_placeholder_name("Nguyễn Văn A"));
        assert!(is_placeholder_name("Tập thể X"));
        assert!(!is_placeholder_name("Nguyễn Văn An"));
        assert!(!is_placeholder_name("A"));
        assert!(!is_placeholder_name("Tổ 1"));
    }

    #[test]
    fn a_code_of_two_tables_takes_the_label_that_fits_its_column() {
        let mut book = CodeBook::default();
        book.add("1".into(), "Cá nhân".into());
        book.add("1".into(), "Lao động tiên tiến".into());
        let award = |l: &str| l.starts_with("Lao");
        assert_eq!(
            book.resolve("1", award),
            Resolved::Label("Lao động tiên tiến")
        );
        assert_eq!(
            book.resolve("1", |l| l == "Cá nhân"),
            Resolved::Label("Cá nhân")
        );
        // "01" is 1; two awards under one code say nothing for sure.
        assert_eq!(
            book.resolve("01", award),
            Resolved::Label("Lao động tiên tiến")
        );
        book.add("01".into(), "Lập công".into());
        assert_eq!(
            book.resolve("1", |l| l.starts_with('L')),
            Resolved::Ambiguous(vec!["Lao động tiên tiến", "Lập công"])
        );
        assert_eq!(
            book.resolve("1", |_| false),
            Resolved::Ambiguous(vec!["Cá nhân", "Lao động tiên tiến", "Lập công"])
        );
        assert_eq!(book.resolve("2", |_| true), Resolved::Unknown);
        // Keys as offices type them in vanthu.toml.
        book.add("ma db".into(), "Chiến sĩ thi đua cơ sở".into());
        book.add("1700000 123".into(), "Lao động tiên tiến".into());
        assert!(book.has("MA DB") && book.has(" ma  db "));
        assert_eq!(
            book.resolve("1700000123", |_| true),
            Resolved::Label("Lao động tiên tiến")
        );
    }

    #[test]
    fn codes_are_digits_or_capital_words() {
        let text = |s: &str| CellValue::Text(s.to_owned());
        assert_eq!(code_of(&text("1700000123")), Some("1700000123".into()));
        assert_eq!(code_of(&text("TAPTHE")), Some("TAPTHE".into()));
        assert_eq!(code_of(&CellValue::Number(12.0)), Some("12".into()));
        assert_eq!(code_of(&text("Lao động tiên tiến")), None);
        assert_eq!(code_of(&text("LĐTT")), None);
        assert_eq!(code_of(&text("A")), None);
    }
}
