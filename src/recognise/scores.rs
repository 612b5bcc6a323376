//! Records of a score sheet: each criterion with its maximum (from the
//! header text or a "Điểm tối đa" / "Thang điểm" row under the header),
//! each subject with its scores, the computed total, the classification by
//! bands and the rank, shared on ties (1, 1, 3).

use super::{Field, Header};
use crate::ingest::{CellValue, Sheet};
use crate::text;

/// What a score column adds to the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A criterion of the scheme, up to its maximum.
    Criterion,
    /// Bonus points ("Điểm thưởng", "Điểm cộng"), added; a blank is none.
    Bonus,
    /// Points taken off ("Điểm trừ"), written with or without the minus
    /// sign; a blank is none.
    Deduction,
}

/// A criterion column, or a bonus or deduction column.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// 0-based column.
    pub column: usize,
    /// Header text.
    pub label: String,
    /// Maximum points, when the sheet says.
    pub max: Option<f64>,
    /// What it adds to the total.
    pub part: Part,
    /// The node of the scheme it belongs to ("I. Công tác chuyên môn (60
    /// điểm)"), when the header sets criteria in a tree.
    pub group: Option<String>,
    /// The node under that one ("1. Thực hiện kế hoạch (30 điểm)" over
    /// "a)", "b)"), in a tree three levels deep.
    pub subgroup: Option<String>,
}

/// A group of a scheme's tree: a label with its own maximum, or numbered
/// as a node ("I.", "A.", "1."): not "Điểm chấm" or "Tiêu chí chấm điểm".
fn is_node(label: &str) -> bool {
    if max_in_label(label).is_some() {
        return true;
    }
    let first = label.split_whitespace().next().unwrap_or_default();
    let bare = first.trim_end_matches(['.', ')', ':']);
    first.len() > bare.len()
        && !bare.is_empty()
        && (bare.chars().all(|c| "IVXLivxl".contains(c))
            || bare.chars().all(|c| c.is_ascii_digit()))
}

/// A node's maximum and the sum of its sub-criteria's, when they differ:
/// (group, its maximum, the sum).
pub fn unbalanced_groups(criteria: &[Criterion]) -> Vec<(String, f64, f64)> {
    let mut out: Vec<(String, f64, f64)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let nodes = criteria
        .iter()
        .flat_map(|c| [c.group.as_deref(), c.subgroup.as_deref()])
        .flatten();
    for group in nodes {
        if seen.contains(&group) {
            continue;
        }
        seen.push(group);
        let Some(max) = max_in_label(group) else {
            continue;
        };
        let children: Option<f64> = criteria
            .iter()
            .filter(|k| k.group.as_deref() == Some(group) || k.subgroup.as_deref() == Some(group))
            .map(|k| k.max)
            .sum();
        if let Some(sum) = children
            && (sum - max).abs() > 1e-9
        {
            out.push((group.to_owned(), max, sum));
        }
    }
    out
}

impl Criterion {
    /// What the score adds to the total.
    pub fn signed(&self, score: f64) -> f64 {
        match self.part {
            Part::Criterion | Part::Bonus => score,
            Part::Deduction => -score.abs(),
        }
    }
}

/// One scored subject.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    /// 0-based row.
    pub row: usize,
    /// Name of the unit or person.
    pub name: String,
    /// A scored person's unit, when the sheet gives it.
    pub unit: Option<String>,
    /// Score per criterion; `None` where the cell is not a number.
    pub scores: Vec<Option<f64>>,
    /// Sum of the scores.
    pub total: f64,
    /// The total written in the sheet, if it has a total column.
    pub written_total: Option<f64>,
    /// Classification by the bands.
    pub classification: String,
    /// The classification written in the sheet, if any.
    pub written_classification: Option<String>,
    /// Rank, 1 for the highest total; ties share a rank.
    pub rank: usize,
}

/// One classification band: totals from `min` up (to the band above).
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Lowest total of the band.
    pub min: f64,
    /// Classification ("Xuất sắc").
    pub name: String,
}

/// Classification bands, highest first; a total below every band gets the
/// last band's name.
#[derive(Debug, Clone, PartialEq)]
pub struct Bands(Vec<Band>);

impl Default for Bands {
    /// Xuất sắc ≥ 90, Tốt ≥ 80, Khá ≥ 70, Trung bình ≥ 50, else Yếu.
    fn default() -> Bands {
        Bands::new(
            [
                (90.0, "Xuất sắc"),
                (80.0, "Tốt"),
                (70.0, "Khá"),
                (50.0, "Trung bình"),
                (0.0, "Yếu"),
            ]
            .into_iter()
            .map(|(min, name)| Band {
                min,
                name: name.to_owned(),
            })
            .collect(),
        )
        .expect("the default bands are valid")
    }
}

impl Bands {
    /// Bands in any order, sorted highest first. Err (in Vietnamese) when
    /// there are none, a name is empty or two bands share a minimum.
    pub fn new(mut bands: Vec<Band>) -> Result<Bands, String> {
        if bands.is_empty() {
            return Err("cần ít nhất một mức xếp loại".into());
        }
        if let Some(b) = bands
            .iter()
            .find(|b| b.name.trim().is_empty() || !b.min.is_finite())
        {
            return Err(format!("mức xếp loại từ {} điểm chưa có tên hợp lệ", b.min));
        }
        bands.sort_by(|a, b| b.min.total_cmp(&a.min));
        if let Some(w) = bands.windows(2).find(|w| w[0].min == w[1].min) {
            return Err(format!(
                "hai mức xếp loại \"{}\" và \"{}\" cùng bắt đầu từ {} điểm",
                w[0].name, w[1].name, w[0].min
            ));
        }
        Ok(Bands(bands))
    }

    /// The bands, highest first.
    pub fn iter(&self) -> impl Iterator<Item = &Band> {
        self.0.iter()
    }

    /// The classification of a total.
    pub fn classify(&self, total: f64) -> &str {
        self.0
            .iter()
            .find(|b| total + 1e-9 >= b.min)
            .or(self.0.last())
            .map(|b| b.name.as_str())
            .unwrap_or_default()
    }
}

/// A written classification is the expected one, however it is spelt
/// ("tốt", "KHÁ") or abbreviated ("HTXSNV" for "Hoàn thành xuất sắc nhiệm
/// vụ").
pub fn same_class(written: &str, expected: &str) -> bool {
    let expanded = match text::accent_free_key(written)
        .replace([' ', '.'], "")
        .as_str()
    {
        "htxsnv" => "Hoàn thành xuất sắc nhiệm vụ",
        "httnv" => "Hoàn thành tốt nhiệm vụ",
        "htnv" => "Hoàn thành nhiệm vụ",
        "khtnv" => "Không hoàn thành nhiệm vụ",
        _ => written,
    };
    text::comparison_key(expanded) == text::comparison_key(expected)
}

/// A score as written: a number, or text such as "9,5" or "26.5".
pub fn parse_score(value: &CellValue) -> Option<f64> {
    // No score is a billion points: 1e308 is a typing slip, not a score.
    let plausible = |n: f64| n.is_finite() && n.abs() < 1e9;
    match value {
        CellValue::Number(n) => Some(*n).filter(|n| plausible(*n)),
        CellValue::Text(t) => {
            // "+ 3" as bonus points are written; "(2)" and "−2" as points
            // taken off are.
            let t: String = t
                .trim()
                .replace(',', ".")
                .replace('−', "-")
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let (t, negative) = match t.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
                Some(inner) => (inner.to_owned(), true),
                None => (t, false),
            };
            let t = t.strip_prefix('+').unwrap_or(&t);
            let n = t.parse::<f64>().ok().filter(|n| plausible(*n))?;
            Some(if negative { -n.abs() } else { n })
        }
        _ => None,
    }
}

/// The maximum stated in a criterion's header: "(40 điểm)", "(tối đa
/// 20đ)", "40đ".
fn max_in_label(label: &str) -> Option<f64> {
    let words = text::accent_free_key(label);
    let cleaned: String = words
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ',' || c == '.' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let tokens: Vec<&str> = cleaned.split_whitespace().collect();
    for (i, token) in tokens.iter().enumerate() {
        let (number, unit_attached) = match token.strip_suffix('d') {
            Some(n) if !n.is_empty() => (n, true),
            _ => (*token, false),
        };
        let Ok(value) = number.replace(',', ".").parse::<f64>() else {
            continue;
        };
        let followed_by_points = tokens
            .get(i + 1)
            .is_some_and(|next| *next == "diem" || *next == "d");
        if unit_attached || followed_by_points {
            return Some(value);
        }
    }
    None
}

/// The criteria and the first data row (after a maximum row, if any).
pub fn criteria(sheet: &Sheet, header: &Header) -> (Vec<Criterion>, usize) {
    let after_header = header.row + header.height;
    let mut first_data = after_header;
    let mut out: Vec<Criterion> = header
        .criteria
        .iter()
        .zip(&header.criterion_labels)
        .map(|(&column, label)| Criterion {
            column,
            label: label.clone(),
            max: max_in_label(label),
            part: Part::Criterion,
            // Under a label that is no node ("Tiêu chí chấm điểm"), the
            // middle row's node is the group.
            group: header
                .groups
                .get(&column)
                .filter(|g| is_node(g))
                .or_else(|| header.subgroups.get(&column).filter(|g| is_node(g)))
                .cloned(),
            subgroup: header
                .subgroups
                .get(&column)
                .filter(|g| is_node(g))
                .cloned(),
        })
        .collect();
    // Bonus and deduction columns, labelled by their lowest header cell.
    let label_of = |col: usize| {
        (header.row..header.row + header.height)
            .rev()
            .map(|r| sheet.cell(r, col).display())
            .find(|t| !t.trim().is_empty())
            .unwrap_or_default()
    };
    for (columns, part) in [
        (&header.bonus, Part::Bonus),
        (&header.deduction, Part::Deduction),
    ] {
        for &column in columns {
            let label = label_of(column);
            out.push(Criterion {
                column,
                max: max_in_label(&label),
                label,
                part,
                group: None,
                subgroup: None,
            });
        }
    }
    // Skip a numbering row, then read a maximum row if there is one.
    for row in after_header..(after_header + 2).min(sheet.rows) {
        let labelled_max = (0..sheet.cols).any(|c| {
            let w = text::accent_free_key(&sheet.cell(row, c).display());
            w.starts_with("diem toi da") || w.starts_with("thang diem") || w == "toi da"
        });
        if labelled_max {
            for criterion in &mut out {
                if let Some(max) = parse_score(sheet.cell(row, criterion.column)) {
                    criterion.max = Some(max);
                }
            }
            first_data = row + 1;
            break;
        }
        // A numbering row "(1) (2)", "1 2 3 4", "A B 1 2": other bare
        // numbers may be scores without a subject.
        if super::numbering(sheet, row) == Some(true) {
            first_data = row + 1;
        } else {
            break;
        }
    }
    (out, first_data)
}

/// A subject's name as the report prints it: a person's typed in capitals
/// ("NGUYỄN THỊ LAN", "Đại tá LÊ QUANG VINH") as names are, a unit's as
/// written; an honorific alone ("Ông") names nobody.
fn subject_name(name: &str) -> String {
    use super::records::{names_a_body, only_honorific, split_honorific};
    if only_honorific(name) {
        return String::new();
    }
    let (honorific, proper) = split_honorific(name);
    let shouting =
        proper.chars().any(char::is_alphabetic) && !proper.chars().any(char::is_lowercase);
    if !shouting || names_a_body(name) {
        return name.to_owned();
    }
    match honorific {
        Some(h) => format!("{h} {}", text::capitalise_name(proper)),
        None => text::capitalise_name(proper),
    }
}

/// The subjects of a score sheet, ranked.
pub fn subjects(
    sheet: &Sheet,
    header: &Header,
    criteria: &[Criterion],
    first_data: usize,
    bands: &Bands,
) -> Vec<Subject> {
    let subject_col = header.columns.get(&Field::Subject).copied();
    let total_col = header.columns.get(&Field::Total).copied();
    let class_col = header.columns.get(&Field::Classification).copied();
    let unit_col = header.columns.get(&Field::Unit).copied();
    let mut out = Vec::new();
    for row in first_data..sheet.rows {
        let name = subject_col
            .map(|c| sheet.cell(row, c).display())
            .unwrap_or_default();
        let name = name.trim();
        let key = text::accent_free_key(name);
        if super::records::is_end_row(sheet, row) || key.starts_with("trung binh") {
            break;
        }
        let scores: Vec<Option<f64>> = criteria
            .iter()
            .map(|c| parse_score(sheet.cell(row, c.column)))
            .collect();
        if name.is_empty() && scores.iter().all(Option::is_none) {
            continue;
        }
        let total: f64 = criteria
            .iter()
            .zip(&scores)
            .filter_map(|(c, s)| s.map(|s| c.signed(s)))
            .sum();
        let total = (total * 100.0).round() / 100.0;
        let name = subject_name(name);
        out.push(Subject {
            row,
            name,
            unit: unit_col
                .map(|c| sheet.cell(row, c).display().trim().to_owned())
                .filter(|u| !u.is_empty()),
            scores,
            total,
            written_total: total_col.and_then(|c| parse_score(sheet.cell(row, c))),
            classification: bands.classify(total).to_owned(),
            written_classification: class_col
                .map(|c| sheet.cell(row, c).display())
                .filter(|t| !t.trim().is_empty()),
            rank: 0,
        });
    }
    // Rows under the table with a name and not one score: the signature
    // block ("NGƯỜI TỔNG HỢP", the signer's name) or a note ("Ghi chú: …"),
    // not subjects.
    while out.last().is_some_and(|s| {
        criteria
            .iter()
            .all(|c| sheet.cell(s.row, c.column).display().trim().is_empty())
            && total_col.is_none_or(|c| parse_score(sheet.cell(s.row, c)).is_none())
    }) {
        out.pop();
    }
    for i in 0..out.len() {
        let better = out.iter().filter(|s| s.total > out[i].total).count();
        out[i].rank = better + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_as_offices_write_them() {
        let text = |s: &str| parse_score(&CellValue::Text(s.to_owned()));
        assert_eq!(text("9,5"), Some(9.5));
        assert_eq!(text("26.5"), Some(26.5));
        assert_eq!(text("+ 3"), Some(3.0));
        assert_eq!(text("+5"), Some(5.0));
        assert_eq!(text("(2)"), Some(-2.0));
        assert_eq!(text("(1,5)"), Some(-1.5));
        assert_eq!(text("−2"), Some(-2.0));
        assert_eq!(text("ba"), None);
        assert_eq!(text("()"), None);
        assert_eq!(parse_score(&CellValue::Number(1e308)), None);
        assert_eq!(text("1e308"), None);
    }

    #[test]
    fn subjects_in_capitals_are_printed_as_names() {
        assert_eq!(subject_name("NGUYỄN THỊ LAN"), "Nguyễn Thị Lan");
        assert_eq!(subject_name("Đại tá LÊ QUANG VINH"), "Đại tá Lê Quang Vinh");
        assert_eq!(subject_name("PHÒNG KINH TẾ"), "PHÒNG KINH TẾ");
        assert_eq!(subject_name("Ông"), "");
        assert!(same_class("HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"));
        assert!(same_class("KHÁ", "Khá"));
        assert!(!same_class("HTTNV", "Hoàn thành xuất sắc nhiệm vụ"));
    }
}
