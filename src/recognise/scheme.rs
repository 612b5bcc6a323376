//! Score sheets written as the scheme is: the criteria down the sheet, in a
//! tree numbered I, II… / 1, 2… / 1.1… / a, b…, each with its maximum
//! ("Điểm chuẩn"), and one column of points per scoring ("Điểm tự chấm",
//! "Điểm thẩm định") or per unit scored (a cluster's table). Bonus
//! ("Điểm thưởng", "Điểm cộng") and deduction ("Điểm trừ") items add to
//! and take off the total, which may then pass the base (118,4).
//!
//! One unit's own sheet scores that unit: its subject is the unit that
//! sent it (named by the workbook's caller), scored by the last scoring
//! with points (the appraisal over the self-assessment). The report shows
//! the scheme's top-level groups, each the sum of its leaves.

use super::scores::{Bands, Criterion, Part, Subject, parse_score};
use super::validate::{Problem, ProblemKind};
use super::{Field, HEADER_SEARCH_ROWS, Header, SheetKind, words};
use crate::ingest::{CellValue, Sheet};

/// What a column of a scheme's header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Number,
    Content,
    Max,
    /// Points of one scoring: 1 the unit's own, 2 an appraisal.
    Scoring(u8),
    Note,
}

fn role(label: &str) -> Option<Role> {
    let w = words(label);
    let starts = |p: &str| w == p || w.starts_with(&format!("{p} "));
    Some(match w.as_str() {
        "" => return None,
        "stt" | "tt" | "so tt" | "so thu tu" => Role::Number,
        "ghi chu" => Role::Note,
        _ if starts("noi dung")
            || starts("tieu chi")
            || starts("cac tieu chi")
            || starts("chi tieu")
            || w == "noi dung tieu chi" =>
        {
            Role::Content
        }
        _ if starts("diem chuan")
            || starts("diem toi da")
            || starts("thang diem")
            || starts("diem quy dinh")
            || starts("khung diem")
            || starts("muc diem")
            || w == "toi da"
            || w == "chuan" =>
        {
            Role::Max
        }
        _ if w.contains("tu cham") || w.contains("tu danh gia") => Role::Scoring(1),
        _ if w.contains("tham dinh")
            || w.contains("khoi cham")
            || w.contains("cum cham")
            || w.contains("hoi dong")
            || starts("diem dat")
            || starts("diem duoc cham")
            || starts("diem cham")
            || starts("ket qua")
            || starts("diem thuc te")
            || w == "diem" =>
        {
            Role::Scoring(2)
        }
        _ => return None,
    })
}

/// The header of a scheme written down the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheme {
    /// Top row of the header, 0-based.
    pub row: usize,
    /// Rows the header spans (1 or 2).
    pub height: usize,
    /// The numbering column ("TT"), if any.
    pub number: Option<usize>,
    /// The criteria's text.
    pub content: usize,
    /// The maxima.
    pub max: usize,
    /// The points: one column per scoring, or per unit scored.
    pub scores: Vec<(usize, String)>,
    /// The columns are units (a cluster's table), not scorings of one unit.
    pub per_unit: bool,
}

impl Scheme {
    /// As a [`Header`] for what reads any score sheet's header.
    pub fn header(&self) -> Header {
        let mut columns = std::collections::BTreeMap::new();
        if let Some(col) = self.number {
            columns.insert(Field::Stt, col);
        }
        Header {
            kind: SheetKind::Scores,
            row: self.row,
            height: self.height,
            columns,
            criteria: self.scores.iter().map(|(c, _)| *c).collect(),
            criterion_labels: self.scores.iter().map(|(_, l)| l.clone()).collect(),
            bonus: Vec::new(),
            deduction: Vec::new(),
            groups: Default::default(),
            subgroups: Default::default(),
        }
    }
}

fn label(sheet: &Sheet, row: usize, col: usize) -> String {
    match sheet.cell(row, col) {
        CellValue::Text(t) => t.trim().to_owned(),
        _ => String::new(),
    }
}

/// The header of a scheme written down the sheet, if a row of the first 30
/// has the criteria's text, their maxima and at least one column of points.
pub fn find(sheet: &Sheet) -> Option<Scheme> {
    (0..sheet.rows.min(HEADER_SEARCH_ROWS)).find_map(|row| at(sheet, row))
}

fn at(sheet: &Sheet, row: usize) -> Option<Scheme> {
    at_height(sheet, row, false).or_else(|| at_height(sheet, row, true))
}

fn at_height(sheet: &Sheet, row: usize, two: bool) -> Option<Scheme> {
    // A second row under a group ("Điểm" over "Chuẩn | Tự chấm | Thẩm
    // định") completes the labels of the first, which names some columns.
    let lower = |col: usize| label(sheet, row + 1, col);
    let top_roles = (0..sheet.cols)
        .filter(|&c| {
            role(&label(sheet, row, c)).is_some() || words(&label(sheet, row, c)) == "diem"
        })
        .count();
    let two_rows = two
        && top_roles >= 1
        && (0..sheet.cols).any(|c| {
            let top = label(sheet, row, c);
            !lower(c).is_empty()
                && (top.is_empty() || role(&top).is_none() || words(&top) == "diem")
        })
        && (0..sheet.cols).all(|c| {
            lower(c).is_empty() || role(&lower(c)).is_some() || {
                let top = label(sheet, row, c);
                top.is_empty() || words(&top) == "diem"
            }
        });
    let mut roles: Vec<(usize, Role, String)> = Vec::new();
    let mut group = String::new();
    for col in 0..sheet.cols {
        let top = label(sheet, row, col);
        if !top.is_empty() {
            group = top.clone();
        }
        let (text, found) = if two_rows && !lower(col).is_empty() {
            let bottom = lower(col);
            let joined = format!("{group} {bottom}");
            (bottom.clone(), role(&bottom).or_else(|| role(&joined)))
        } else {
            (top.clone(), role(&top))
        };
        match found {
            Some(r) => roles.push((col, r, text)),
            None if !text.is_empty() => roles.push((col, Role::Scoring(0), text)),
            None => {}
        }
    }
    let find = |wanted: Role| {
        roles
            .iter()
            .find(|(_, r, _)| *r == wanted)
            .map(|(c, ..)| *c)
    };
    let content = find(Role::Content)?;
    let max = find(Role::Max)?;
    let number = find(Role::Number).filter(|c| *c < content);
    let scorings: Vec<(usize, String)> = roles
        .iter()
        .filter(|(c, r, _)| matches!(r, Role::Scoring(1 | 2)) && *c > content)
        .map(|(c, _, t)| (*c, t.clone()))
        .collect();
    // Without a column named as a scoring, the columns right of the
    // maxima named otherwise are the units scored.
    let (scores, per_unit) = if scorings.is_empty() {
        let units: Vec<(usize, String)> = roles
            .iter()
            .filter(|(c, r, _)| *r == Role::Scoring(0) && *c > max)
            .map(|(c, _, t)| (*c, t.clone()))
            .collect();
        (units, true)
    } else {
        (scorings, false)
    };
    if scores.is_empty() || max == content {
        return None;
    }
    Some(Scheme {
        row,
        height: if two_rows { 2 } else { 1 },
        number,
        content,
        max,
        scores,
        per_unit,
    })
}

/// One line of the scheme.
#[derive(Debug, Clone)]
struct Item {
    row: usize,
    level: u8,
    label: String,
    max: Option<f64>,
    part: Part,
    /// The part its own words name ("Điểm thưởng"), not inherited.
    own_part: Option<Part>,
    /// Index of the top-level item it belongs to.
    top: usize,
    leaf: bool,
}

/// The depth of a numbering: "A" 0, "I" 1, "1" 2, "1.1" 3, "a" 5, "-" 6;
/// no numbering 7.
fn level_of(number: &str) -> u8 {
    let n = number.trim().trim_end_matches(['.', ')', ':']);
    if n.is_empty() {
        return 7;
    }
    if n.chars().all(|c| "-+•*–".contains(c)) {
        return 6;
    }
    if n.chars().all(|c| "IVXL".contains(c)) {
        return 1;
    }
    if n.chars().all(|c| c.is_ascii_digit() || c == '.')
        && n.starts_with(|c: char| c.is_ascii_digit())
    {
        return 2 + n.matches('.').count() as u8;
    }
    if n.len() == 1 && n.chars().all(|c| c.is_ascii_lowercase()) {
        return 5;
    }
    if n.len() == 1 && n.chars().all(|c| c.is_ascii_uppercase()) {
        return 0;
    }
    7
}

/// The numbering written at the start of the text, when the sheet has no
/// numbering column: "1. Kết quả …" → ("1.", "Kết quả …").
fn leading_number(text: &str) -> (&str, &str) {
    match text.split_once(' ') {
        Some((first, rest)) if level_of(first) < 7 && first.len() <= 6 => (first, rest.trim()),
        _ => ("", text),
    }
}

fn part_of(text: &str) -> Option<Part> {
    let w = words(text);
    if w.starts_with("diem thuong")
        || w.starts_with("diem cong")
        || w.starts_with("cong diem")
        || w.starts_with("diem khuyen khich")
        || w.starts_with("thuong")
    {
        Some(Part::Bonus)
    } else if w.starts_with("diem tru") || w.starts_with("tru diem") {
        Some(Part::Deduction)
    } else {
        None
    }
}

/// The totals and classification rows of the scheme.
fn closing(text: &str) -> Option<&'static str> {
    let w = words(text);
    if w.starts_with("tong cong")
        || w.starts_with("tong diem")
        || w.starts_with("tong so diem")
        || w == "tong"
        || w == "cong"
    {
        Some("total")
    } else if w.starts_with("xep loai") {
        Some("class")
    } else if w.starts_with("xep hang") || w.starts_with("xep thu") || w.starts_with("thu hang") {
        Some("rank")
    } else {
        None
    }
}

/// A maximum as schemes write it: 30, "30", "30đ", "30 điểm", "Tối đa 30".
fn max_of(value: &CellValue) -> Option<f64> {
    if let Some(n) = parse_score(value) {
        return Some(n);
    }
    let text = value.display();
    let w = words(&text);
    let rest = w.strip_prefix("toi da").unwrap_or(&w).trim();
    let number = rest
        .strip_suffix(" diem")
        .or_else(|| rest.strip_suffix('d'))
        .or_else(|| rest.strip_suffix(" d"))
        .unwrap_or(rest)
        .trim();
    // The words key keeps digits and drops the comma: read the cell's own
    // number instead when it has one.
    let digits: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect();
    if number.chars().all(|c| c.is_ascii_digit() || c == ' ') && !digits.is_empty() {
        return digits.replace(',', ".").parse().ok();
    }
    None
}

/// What a scheme gives: the criteria the report shows (its top-level
/// items), the subjects with their points, and every located problem.
pub struct Read {
    /// The top-level items of the scheme.
    pub criteria: Vec<Criterion>,
    /// The units scored.
    pub subjects: Vec<Subject>,
    /// Located problems.
    pub problems: Vec<Problem>,
    /// Groups whose maximum is not the sum of their items': (row, column,
    /// group, maximum, sum).
    pub unbalanced: Vec<(usize, usize, String, f64, f64)>,
}

/// Reads the scheme under `scheme`. A unit's own sheet's subject is left
/// unnamed: the unit that sent it names it (its folder, else its title).
pub fn read(sheet: &Sheet, scheme: &Scheme, bands: &Bands) -> Read {
    let at = |row, col, kind| Problem::at(sheet, row, col, kind);
    let mut problems = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut total_row = None;
    let mut class_row = None;
    let mut row = scheme.row + scheme.height;
    while row < sheet.rows {
        let number_text = scheme
            .number
            .map(|c| sheet.cell(row, c).display())
            .unwrap_or_default();
        let content = sheet.cell(row, scheme.content).display();
        let content = content.trim();
        if let Some(which) = closing(content).or_else(|| closing(&number_text)) {
            match which {
                "total" => total_row = total_row.or(Some(row)),
                "class" => class_row = class_row.or(Some(row)),
                // A cluster's ranks under its totals: not points.
                _ => {}
            }
            row += 1;
            continue;
        }
        // Nothing of the scheme follows its totals.
        if super::records::is_end_row(sheet, row) || total_row.is_some() {
            break;
        }
        if content.is_empty() || super::is_numbering_row(sheet, row) {
            row += 1;
            continue;
        }
        let (number, text) = if scheme.number.is_some() {
            (number_text.trim().to_owned(), content)
        } else {
            let (n, t) = leading_number(content);
            (n.to_owned(), t)
        };
        let level = level_of(&number);
        // "I. Thực hiện nhiệm vụ": the number as outlines write it.
        let label = match number.trim() {
            "" => text.to_owned(),
            n if n.ends_with(['.', ')', ':']) => format!("{n} {text}"),
            n => format!("{n}. {text}"),
        };
        items.push(Item {
            row,
            level,
            label,
            max: max_of(sheet.cell(row, scheme.max)),
            part: Part::Criterion,
            own_part: part_of(text),
            top: 0,
            leaf: true,
        });
        row += 1;
    }
    // The tree: an item is a group when the next is deeper; its part
    // (bonus, deduction) is handed down.
    let mut stack: Vec<usize> = Vec::new();
    for i in 0..items.len() {
        while stack
            .last()
            .is_some_and(|&p| items[p].level >= items[i].level)
        {
            stack.pop();
        }
        let inherited = stack.last().map(|&p| items[p].part);
        let own = items[i].own_part;
        items[i].part = own.or(inherited).unwrap_or(Part::Criterion);
        items[i].top = stack.first().copied().unwrap_or(i);
        if let Some(&p) = stack.last() {
            items[p].leaf = false;
        }
        stack.push(i);
    }
    let tops: Vec<usize> = (0..items.len()).filter(|&i| items[i].top == i).collect();
    // Maxima per node that sum to their parent's.
    let mut unbalanced = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if item.leaf || item.part != Part::Criterion {
            continue;
        }
        let Some(max) = item.max else { continue };
        let children: Vec<&Item> = direct_children(&items, i);
        let sum: Option<f64> = children.iter().map(|c| c.max).sum();
        if let Some(sum) = sum
            && (sum - max).abs() > 1e-9
        {
            unbalanced.push((item.row, scheme.max, item.label.clone(), max, sum));
        }
    }
    let criteria: Vec<Criterion> = tops
        .iter()
        .map(|&t| {
            let item = &items[t];
            let leaves_max: Option<f64> = items
                .iter()
                .filter(|l| l.top == t && l.leaf)
                .map(|l| l.max)
                .sum();
            Criterion {
                column: scheme.max,
                label: item.label.clone(),
                max: if item.part == Part::Criterion {
                    item.max.or(leaves_max)
                } else {
                    None
                },
                part: item.part,
                group: None,
                subgroup: None,
            }
        })
        .collect();
    // The totals row's maximum is the sum of the groups'.
    if let Some(r) = total_row
        && let Some(written) = max_of(sheet.cell(r, scheme.max))
        && let Some(sum) = criteria
            .iter()
            .filter(|c| c.part == Part::Criterion)
            .map(|c| c.max)
            .sum::<Option<f64>>()
        && (written - sum).abs() > 1e-9
    {
        unbalanced.push((r, scheme.max, "Tổng cộng".to_owned(), written, sum));
    }
    // The columns that score: per unit, each; else the last scoring with
    // points (an appraisal over the unit's own).
    let has_points = |col: usize| {
        items
            .iter()
            .any(|i| parse_score(sheet.cell(i.row, col)).is_some())
    };
    // Every scoring is checked (the unit's own too); the last with points
    // scores a unit's own sheet.
    let scoring = if scheme.per_unit {
        None
    } else {
        scheme
            .scores
            .iter()
            .rev()
            .find(|(c, _)| has_points(*c))
            .or(scheme.scores.last())
            .map(|(c, _)| *c)
    };
    let mut subjects = Vec::new();
    for (col, header) in &scheme.scores {
        let col = *col;
        // An empty scoring (an appraisal not made yet) is nobody's.
        if !scheme.per_unit && Some(col) != scoring && !has_points(col) {
            continue;
        }
        let mut scores = vec![Some(0.0); criteria.len()];
        let mut valid = true;
        for (i, item) in items.iter().enumerate() {
            let cell = sheet.cell(item.row, col);
            let top = tops.iter().position(|&t| t == item.top).unwrap_or(0);
            if let Some(kind) = super::validate::broken(sheet, item.row, col) {
                problems.push(at(item.row, col, kind));
                valid = false;
                continue;
            }
            let value = parse_score(cell);
            if !item.leaf {
                // A group's written points are the sum of its direct items'
                // (a sub-group by its own written points, else its items'),
                // points taken off subtracted: one wrong sum is said once.
                if let Some(written) = value {
                    let sum = group_points(sheet, &items, i, col);
                    let sum = (sum * 100.0).round() / 100.0;
                    let (written_cmp, sum_cmp) = if item.part == Part::Deduction {
                        (written.abs(), sum.abs())
                    } else {
                        (written, sum)
                    };
                    if (written_cmp - sum_cmp).abs() > 0.01 {
                        problems.push(at(
                            item.row,
                            col,
                            ProblemKind::TotalMismatch {
                                written,
                                computed: sum,
                            },
                        ));
                    }
                }
                continue;
            }
            match value {
                None if *cell == CellValue::Empty => {
                    if item.part == Part::Criterion {
                        problems.push(at(item.row, col, ProblemKind::MissingScore));
                        valid = false;
                    }
                }
                None => {
                    problems.push(at(
                        item.row,
                        col,
                        ProblemKind::NotANumber {
                            written: cell.display(),
                        },
                    ));
                    valid = false;
                }
                Some(v) => {
                    if v < 0.0 && item.part != Part::Deduction {
                        problems.push(at(item.row, col, ProblemKind::NegativeScore { value: v }));
                    } else if item.part != Part::Deduction
                        && let Some(max) = item.max.filter(|m| v > *m + 1e-9)
                    {
                        problems.push(at(
                            item.row,
                            col,
                            ProblemKind::ScoreAboveMax {
                                value: v,
                                max,
                                criterion: item.label.clone(),
                            },
                        ));
                    }
                    // Points taken off count against their group, even
                    // one of bonus and deduction ("Điểm cộng, điểm trừ").
                    let signed = if item.part == Part::Deduction
                        && items[item.top].part != Part::Deduction
                    {
                        -v.abs()
                    } else {
                        v.abs()
                    };
                    if let Some(s) = scores[top].as_mut() {
                        *s += signed;
                    }
                }
            }
        }
        let total: f64 = criteria
            .iter()
            .zip(&scores)
            .filter_map(|(c, s)| s.map(|s| c.signed(s)))
            .sum();
        let total = (total * 100.0).round() / 100.0;
        let scores: Vec<Option<f64>> = scores
            .into_iter()
            .map(|s| s.map(|s| (s * 100.0).round() / 100.0))
            .collect();
        let written_total = total_row.and_then(|r| parse_score(sheet.cell(r, col)));
        let written_classification = class_row
            .map(|r| sheet.cell(r, col).display())
            .filter(|t| !t.trim().is_empty());
        if valid {
            // The total against the top-level groups as written: a wrong
            // group is said at the group, not again at the total.
            let as_written: f64 = tops
                .iter()
                .map(|&t| {
                    let item = &items[t];
                    let points = if item.leaf {
                        parse_score(sheet.cell(item.row, col)).unwrap_or(0.0)
                    } else {
                        parse_score(sheet.cell(item.row, col))
                            .unwrap_or_else(|| group_points(sheet, &items, t, col))
                    };
                    match item.part {
                        Part::Deduction => -points.abs(),
                        _ => points,
                    }
                })
                .sum();
            let as_written = (as_written * 100.0).round() / 100.0;
            if let (Some(r), Some(written)) = (total_row, written_total)
                && (written - total).abs() > 0.01
                && (written - as_written).abs() > 0.01
            {
                problems.push(at(
                    r,
                    col,
                    ProblemKind::TotalMismatch {
                        written,
                        computed: total,
                    },
                ));
            }
            let bonus = criteria.iter().any(|c| c.part == Part::Bonus);
            let base = criteria
                .iter()
                .filter(|c| c.part == Part::Criterion)
                .map(|c| c.max)
                .sum::<Option<f64>>()
                .unwrap_or(100.0);
            let above_max = problems
                .iter()
                .any(|p| p.col == col && matches!(p.kind, ProblemKind::ScoreAboveMax { .. }));
            if !bonus && !above_max && total > base + 1e-9 {
                problems.push(at(
                    total_row.unwrap_or(scheme.row),
                    col,
                    ProblemKind::TotalAboveBase { total, base },
                ));
            }
            let classification = bands.classify(total);
            if let (Some(r), Some(written)) = (class_row, written_classification.as_deref())
                && !super::scores::same_class(written, classification)
            {
                problems.push(at(
                    r,
                    col,
                    ProblemKind::ClassificationMismatch {
                        written: written.to_owned(),
                        expected: classification.to_owned(),
                    },
                ));
            }
        }
        if !scheme.per_unit && Some(col) != scoring {
            continue;
        }
        // One unit's own sheet: named by whoever reads it (the unit that
        // sent it, by its folder or its title row).
        let name = if scheme.per_unit {
            header.clone()
        } else {
            String::new()
        };
        subjects.push(Subject {
            row: scheme.row,
            name,
            unit: None,
            scores,
            total,
            written_total,
            classification: bands.classify(total).to_owned(),
            written_classification,
            rank: 0,
        });
    }
    for i in 0..subjects.len() {
        let better = subjects
            .iter()
            .filter(|s| s.total > subjects[i].total)
            .count();
        subjects[i].rank = better + 1;
    }
    Read {
        criteria,
        subjects,
        problems,
        unbalanced,
    }
}

fn direct_children(items: &[Item], i: usize) -> Vec<&Item> {
    let level = items[i].level;
    let mut out = Vec::new();
    let mut child_level = None;
    for item in &items[i + 1..] {
        if item.level <= level {
            break;
        }
        let wanted = *child_level.get_or_insert(item.level);
        if item.level <= wanted {
            out.push(item);
        }
    }
    out
}

/// The points of group `i` in column `col`: each direct item's (a leaf's
/// value, a sub-group's written points or else its own sum), points taken
/// off subtracted.
fn group_points(sheet: &Sheet, items: &[Item], i: usize, col: usize) -> f64 {
    let level = items[i].level;
    let mut child_level = None;
    let mut sum = 0.0;
    for (j, item) in items.iter().enumerate().skip(i + 1) {
        if item.level <= level {
            break;
        }
        let wanted = *child_level.get_or_insert(item.level);
        if item.level > wanted {
            continue;
        }
        let value = if item.leaf {
            parse_score(sheet.cell(item.row, col)).unwrap_or(0.0)
        } else {
            parse_score(sheet.cell(item.row, col))
                .unwrap_or_else(|| group_points(sheet, items, j, col))
        };
        sum += if item.part == Part::Deduction && items[i].part != Part::Deduction {
            -value.abs()
        } else if items[i].part == Part::Deduction {
            value.abs()
        } else {
            value
        };
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_gives_the_depth() {
        assert_eq!(level_of("I"), 1);
        assert_eq!(level_of("II."), 1);
        assert_eq!(level_of("1"), 2);
        assert_eq!(level_of("2.1"), 3);
        assert_eq!(level_of("a)"), 5);
        assert_eq!(level_of("-"), 6);
        assert_eq!(level_of(""), 7);
        assert_eq!(leading_number("1. Kết quả"), ("1.", "Kết quả"));
        assert_eq!(leading_number("Kết quả"), ("", "Kết quả"));
    }

    #[test]
    fn header_roles() {
        assert_eq!(role("Nội dung tiêu chí"), Some(Role::Content));
        assert_eq!(role("Điểm chuẩn"), Some(Role::Max));
        assert_eq!(role("Điểm tự chấm"), Some(Role::Scoring(1)));
        assert_eq!(role("Điểm thẩm định"), Some(Role::Scoring(2)));
        assert_eq!(role("Sở Tư pháp"), None);
    }
}
