//! Records of a score sheet: each criterion with its maximum (from the
//! header text or a "Điểm tối đa" / "Thang điểm" row under the header),
//! each subject with its scores, the computed total, the classification by
//! bands and the rank, shared on ties (1, 1, 3).

use super::{Field, Header};
use crate::ingest::{CellValue, Sheet};
use crate::text;

/// A criterion column.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// 0-based column.
    pub column: usize,
    /// Header text.
    pub label: String,
    /// Maximum points, when the sheet says.
    pub max: Option<f64>,
}

/// One scored subject.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    /// 0-based row.
    pub row: usize,
    /// Name of the unit or person.
    pub name: String,
    /// Score per criterion; `None` where the cell is not a number.
    pub scores: Vec<Option<f64>>,
    /// Sum of the scores.
    pub total: f64,
    /// The total written in the sheet, if it has a total column.
    pub written_total: Option<f64>,
    /// Classification by the bands.
    pub classification: &'static str,
    /// The classification written in the sheet, if any.
    pub written_classification: Option<String>,
    /// Rank, 1 for the highest total; ties share a rank.
    pub rank: usize,
}

/// Default bands: (lowest total, classification), highest first.
pub const DEFAULT_BANDS: [(f64, &str); 5] = [
    (90.0, "Xuất sắc"),
    (80.0, "Tốt"),
    (70.0, "Khá"),
    (50.0, "Trung bình"),
    (0.0, "Yếu"),
];

/// A score as written: a number, or text such as "9,5" or "26.5".
pub fn parse_score(value: &CellValue) -> Option<f64> {
    match value {
        CellValue::Number(n) => Some(*n),
        CellValue::Text(t) => {
            let t = t.trim().replace(',', ".");
            t.parse::<f64>().ok().filter(|n| n.is_finite())
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
        })
        .collect();
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
        // Only a parenthesised numbering row "(1) (2)": a row of bare
        // numbers may be scores without a subject.
        let numbering = super::is_numbering_row(sheet, row)
            && (0..sheet.cols).any(|c| sheet.cell(row, c).display().starts_with('('));
        if numbering {
            first_data = row + 1;
        } else {
            break;
        }
    }
    (out, first_data)
}

/// The subjects of a score sheet, ranked.
pub fn subjects(
    sheet: &Sheet,
    header: &Header,
    criteria: &[Criterion],
    first_data: usize,
) -> Vec<Subject> {
    let subject_col = header.columns.get(&Field::Subject).copied();
    let total_col = header.columns.get(&Field::Total).copied();
    let class_col = header.columns.get(&Field::Classification).copied();
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
        let total: f64 = scores.iter().flatten().sum();
        let total = (total * 100.0).round() / 100.0;
        out.push(Subject {
            row,
            name: name.to_owned(),
            scores,
            total,
            written_total: total_col.and_then(|c| parse_score(sheet.cell(row, c))),
            classification: classify(total, &DEFAULT_BANDS),
            written_classification: class_col
                .map(|c| sheet.cell(row, c).display())
                .filter(|t| !t.trim().is_empty()),
            rank: 0,
        });
    }
    for i in 0..out.len() {
        let better = out.iter().filter(|s| s.total > out[i].total).count();
        out[i].rank = better + 1;
    }
    out
}

/// The classification of a total by bands (highest first).
pub fn classify(total: f64, bands: &[(f64, &'static str)]) -> &'static str {
    bands
        .iter()
        .find(|(low, _)| total + 1e-9 >= *low)
        .map(|(_, name)| *name)
        .unwrap_or("Yếu")
}
